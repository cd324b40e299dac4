"""How requests reach Telegram: flood control, retries of requests lost in transit, token redaction."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Coroutine
from typing import Any

import httpx
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

logger = logging.getLogger("tracuu.telegram")

NETWORK_RETRIES = 3  # a request lost in transit (5xx, broken connection) is sent again up to this often
NETWORK_BACKOFF = 0.5  # seconds before the first such retry, doubled for each next one
TOKEN_PLACEHOLDER = "<TELEGRAM_BOT_TOKEN>"


def worth_retrying(error: NetworkError) -> bool:
    """True for a request that failed in transit: a 5xx, or a connection that broke or never opened.

    Not for a read timeout (the request reached Telegram, which most likely did the work) nor for
    Telegram refusing the request (400). A connection dropped after Telegram did the work looks like
    one dropped before, so a retried message may rarely arrive twice: at least once, never lost.
    """
    if isinstance(error, BadRequest):
        return False
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return not isinstance(cause, httpx.ReadTimeout)
    return cause is None or isinstance(cause, httpx.TransportError)  # no cause: Telegram answered 5xx


class RetryingRateLimiter(AIORateLimiter):
    """PTB's flood control (wait out a 429's retry_after) plus retries of requests lost in transit."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        attempt = 0
        while True:
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except NetworkError as error:
                # getUpdates has the updater's own retry loop, and updates are confirmed only once received.
                if endpoint == "getUpdates" or attempt >= NETWORK_RETRIES or not worth_retrying(error):
                    raise
                delay = NETWORK_BACKOFF * 2**attempt
                attempt += 1
                logger.warning("%s lỗi (%s); thử lại lần %d sau %.1f giây", endpoint, error, attempt, delay)
                await asyncio.sleep(delay)


class RedactToken(logging.Filter):
    """Replace the bot token in every log record (URLs logged by HTTP libraries contain it)."""

    def __init__(self, token: str, replacement: str = TOKEN_PLACEHOLDER) -> None:
        super().__init__()
        self.token = token
        self.replacement = replacement
        self._pattern = token_pattern(token)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        redacted = self._pattern.sub(self.replacement, message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._pattern.sub(self.replacement, record.exc_text)
        if record.stack_info:
            record.stack_info = self._pattern.sub(self.replacement, record.stack_info)
        return True


def token_pattern(token: str) -> re.Pattern[str]:
    """The token in any case (PTB capitalises error messages: "Bad Request: …/bot1:AbC" → "…/bot1:abc")
    and with its colon percent-encoded, as URLs may show it."""
    return re.compile(re.escape(token).replace(":", "(?::|%3[Aa])"), re.IGNORECASE)


def install_redaction(token: str) -> RedactToken:
    """Attach the token filter to every root handler, so records from any library pass through it."""
    redact = RedactToken(token)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig()
    for handler in root.handlers:
        handler.addFilter(redact)
    return redact


def redacted(text: str, token: str) -> str:
    """`text` with the token masked."""
    return token_pattern(token).sub(TOKEN_PLACEHOLDER, text) if token else text
