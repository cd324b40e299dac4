"""How requests reach Telegram: flood control, retries until a delivery deadline, token redaction.

Every request but getUpdates (which the updater's own loop retries) is sent again when it was lost in
transit: a 5xx whatever its body (Telegram's JSON, a proxy's HTML page, nothing, JSON cut short), a
connection refused or broken, a connect or pool timeout. A 429 is waited out for as long as Telegram's
`retry_after` says, every time. All of this within one deadline per request ([telegram]
delivery_deadline); only then does the request fail, with DeliveryFailed.
"""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import httpx
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import AIORateLimiter
from telegram.request import HTTPXRequest

logger = logging.getLogger("tracuu.telegram")

DEFAULT_DEADLINE = 120.0  # seconds a request may take, retries and flood waits included
NETWORK_BACKOFF = 0.5  # seconds before the first retry of a request lost in transit, doubled each time…
MAX_BACKOFF = 15.0  # …up to this
# PTB's AIORateLimiter gives up after this many 429s in a row; the deadline decides long before.
FLOOD_RETRY_CAP = 1_000_000
# Shorter deadlines: a typing hint is tried once (it is useless once the answer is there), and the
# command menu, a convenience, must not hold up start-up.
DEADLINES = {"sendChatAction": 0.0, "setMyCommands": 10.0}
TOKEN_PLACEHOLDER = "<TELEGRAM_BOT_TOKEN>"
_SHOWN_CHARS = 200


class MalformedResponse(NetworkError):
    """The Bot API (or a proxy in front of it) answered with something that is not JSON."""

    def __init__(self) -> None:
        super().__init__("trả lời không phải JSON")


class DeliveryFailed(TelegramError):
    """A request Telegram did not accept before the delivery deadline (the last error is its cause)."""

    def __init__(self, endpoint: str, seconds: float, last: TelegramError) -> None:
        super().__init__(f"{endpoint}: không gửi được sau {seconds:.0f} giây ({describe(last)})")
        self.endpoint = endpoint
        self.seconds = seconds
        self.last = last


class TelegramRequest(HTTPXRequest):
    """PTB's HTTP client, but a body that is not JSON is a MalformedResponse (a NetworkError, so it is
    retried like any request lost in transit), not an error logged with a traceback."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> Any:
        try:
            return json.loads(payload.decode("utf-8", "replace"))  # as PTB's own, minus the logging
        except ValueError as error:
            raise MalformedResponse() from error


class PollingRequest(TelegramRequest):
    """The client for getUpdates. A 401 or 404 there means the token is wrong or revoked: it is reported
    once to `on_token_rejected` (which stops the bot), and from then on getUpdates returns nothing
    without asking. Raising it instead would end PTB's polling task with a traceback and leave the
    process alive without polling. Every other failure is left to the updater, which asks again with a
    growing pause; updates are confirmed only once received, so none is lost.

    Every batch received goes to `on_fetched` before PTB sees it (bot/telegram_bot/delivery.py records it
    in the state store): PTB confirms a batch on its next getUpdates, before the batch is answered.
    """

    def __init__(
        self,
        on_token_rejected: Callable[[InvalidToken], None] | None = None,
        on_fetched: Callable[[list[Any]], Awaitable[None]] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.on_token_rejected = on_token_rejected
        self.on_fetched = on_fetched
        self.token_rejected: InvalidToken | None = None

    async def post(self, *args: Any, **kwargs: Any) -> Any:
        if self.token_rejected is not None:
            return []
        try:
            result = await super().post(*args, **kwargs)
        except InvalidToken as error:
            self.token_rejected = error
            if self.on_token_rejected is not None:
                self.on_token_rejected(error)
            return []
        if self.on_fetched is not None and isinstance(result, list) and result:
            await self.on_fetched([update for update in result if isinstance(update, dict)])
        return result


def describe(error: BaseException) -> str:
    """A short, one-line account of an error (PTB quotes a non-JSON body whole: an HTML page)."""
    text = " ".join(str(error).split(". Parsing the server response", 1)[0].split()) or type(error).__name__
    if isinstance(error.__cause__, MalformedResponse):  # a 5xx with an HTML page, nothing, or JSON cut short
        text = f"{text}, {error.__cause__}"
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def worth_retrying(error: NetworkError) -> bool:
    """True for a request that failed in transit: a 5xx whatever its body, a reply that is not JSON, or
    a connection that broke or never opened.

    Not for a read timeout (the request reached Telegram, which most likely did the work) nor for
    Telegram refusing the request (400). A connection dropped after Telegram did the work looks like
    one dropped before, so a retried message may rarely arrive twice: at least once, never lost.
    """
    if isinstance(error, BadRequest):
        return False
    if isinstance(error, MalformedResponse):
        return True
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return not isinstance(cause, httpx.ReadTimeout)
    # No cause: Telegram answered 5xx; a MalformedResponse cause: a 5xx with an HTML, empty or cut body.
    return cause is None or isinstance(cause, (httpx.TransportError, MalformedResponse))


def retry_after_seconds(error: RetryAfter) -> float:
    """Telegram's retry_after, in seconds (PTB 22 gives an int or a timedelta, with a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


class RetryingRateLimiter(AIORateLimiter):
    """PTB's flood control (its throttle, and a 429 pauses every request for retry_after) plus retries
    of requests lost in transit, all within a deadline per request. PTB never sends getUpdates through
    a rate limiter: PollingRequest looks after it.
    """

    def __init__(self, deadline: float = DEFAULT_DEADLINE, **options: Any) -> None:
        options.setdefault("max_retries", FLOOD_RETRY_CAP)
        super().__init__(**options)
        self.deadline = deadline

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        return await self._deliver(callback, args, kwargs, endpoint, data)

    async def _deliver(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
    ) -> Any:
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + DEADLINES.get(endpoint, self.deadline)

        async def attempt(*call_args: Any, **call_kwargs: Any) -> Any:
            try:
                return await callback(*call_args, **call_kwargs)
            except RetryAfter as error:
                # Raised as RetryAfter, PTB's limiter pauses every request for retry_after and sends again;
                # past the deadline it must not, so the error leaves as DeliveryFailed.
                if loop.time() + retry_after_seconds(error) > deadline:
                    raise DeliveryFailed(endpoint, loop.time() - started, error) from error
                logger.info("%s: Telegram yêu cầu chờ %s giây (429)", endpoint, retry_after_seconds(error))
                raise

        retries = 0
        while True:
            try:
                return await super().process_request(attempt, args, kwargs, endpoint, data, None)
            except NetworkError as error:
                if not worth_retrying(error):
                    raise
                delay = min(NETWORK_BACKOFF * 2**retries, MAX_BACKOFF)
                if loop.time() + delay > deadline:
                    raise DeliveryFailed(endpoint, loop.time() - started, error) from error
                retries += 1
                logger.warning("%s lỗi (%s); thử lại lần %d sau %.1f giây", endpoint, describe(error), retries, delay)
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
