"""`tracuu telegram`: build the bot (python-telegram-bot v22), check the Bot API, run it by long polling or
behind a webhook until SIGINT/SIGTERM.

Handlers live in bot.telegram_bot.handlers, the [telegram] settings in bot.telegram_bot.settings, flood
control, retries and token redaction in bot.telegram_bot.transport, the webhook server of a replica
(/healthz, the secret, a body cap) in bot.telegram_bot.webhook, delivery (fetched updates recorded until
answered, claimed once across replicas) in bot.telegram_bot.delivery. The state store (bot.state: context,
quotas, update claims, question log) is opened once the bot starts and closed when it stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from telegram import Bot, LinkPreviewOptions, Update, User
from telegram.constants import ParseMode
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults

from bot.errors import EXIT_OK, EXIT_USAGE, UserError
from bot.ratelimit import SharedLimiter, SlidingWindowLimiter
from bot.service import Service
from bot.state import StateError, open_store
from bot.telegram_bot.delivery import INBOX_KEY, DeliveryApplication, Inbox
from bot.telegram_bot.handlers import COMMANDS, BotState, UndeliveredHook, add_handlers
from bot.telegram_bot.settings import TelegramSettings, read_telegram_settings
from bot.telegram_bot.transport import (
    MalformedResponse,
    PollingRequest,
    RetryingRateLimiter,
    TelegramRequest,
    describe,
    install_redaction,
    redacted,
)
from bot.telegram_bot.webhook import serve_webhook
from retrieval.corpus.worker import WorkerError, start_worker
from retrieval.config import ConfigError

logger = logging.getLogger("tracuu.telegram")

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
BASE_URL_ENV = "TELEGRAM_API_BASE_URL"
SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
CONCURRENT_UPDATES = 8  # answers are computed one at a time anyway; this overlaps the network waits
PRUNE_SECONDS = 3600  # a long-running bot deletes spent quotas, old update claims and idle contexts hourly
PRUNE_KEY = "prune_task"
POLLING_KEY = "polling_request"  # in bot_data: the getUpdates client, which knows whether the token was rejected
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
REJECTED_TOKEN = f"Telegram không nhận token trong {TOKEN_ENV} (sai hoặc đã bị thu hồi). Lấy token mới từ @BotFather."


async def post_init(application: Application) -> None:
    """Start-up work once the bot is known: open the state store, register the command menu."""
    state: BotState = application.bot_data["state"]
    # StateError / ConfigError (a newer schema, a bad [state] table) stop the start; run_telegram says why.
    state.store = await asyncio.to_thread(open_store, state.service.settings)
    state.limiter.store = state.store
    try:  # the reading worker, started now so that the first upload does not wait for it
        await asyncio.to_thread(start_worker, state.service.settings.reading)
    except WorkerError as error:  # an upload will try again and say why
        logger.warning("Chưa chạy được tiến trình đọc tệp: %s", error)
    inbox: Inbox = application.bot_data[INBOX_KEY]
    inbox.store = state.store
    # Queued now, answered as soon as the application starts: what a killed process had fetched.
    await inbox.replay(application)
    # Not application.create_task: the application waits for those when it stops, and this one never ends.
    application.bot_data[PRUNE_KEY] = asyncio.create_task(_prune_hourly(state))
    logger.info("Kho trạng thái: %s", state.store.backend)
    try:
        await application.bot.set_my_commands(list(COMMANDS))
    except TelegramError as error:  # the menu is a convenience; the bot works without it
        logger.warning("Không đăng ký được menu lệnh: %s", error)
    logger.info(
        "Bot @%s sẵn sàng: %d bài viết, tối đa %d câu hỏi/phút mỗi chat",
        application.bot.username,
        len(state.documents),
        state.settings.questions_per_minute,
    )


async def _prune_hourly(state: BotState) -> None:
    while state.store is not None:
        await asyncio.sleep(PRUNE_SECONDS)
        if state.store is not None:
            await asyncio.to_thread(state.store.prune)


async def post_shutdown(application: Application) -> None:
    """Close the state store (its writes are done: the application has stopped handling updates)."""
    state: BotState = application.bot_data["state"]
    prune = application.bot_data.pop(PRUNE_KEY, None)
    if prune is not None:
        prune.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await prune
    store, state.store, state.limiter.store = state.store, None, None
    application.bot_data[INBOX_KEY].store = None
    if store is not None:
        await asyncio.to_thread(store.close)


async def healthy(application: Application) -> bool:
    """For /healthz: the index is loaded and the state store answers now."""
    state: BotState = application.bot_data["state"]
    if state.store is None or not state.documents:
        return False
    return await asyncio.to_thread(state.store.healthy)


def file_url(base_url: str) -> str:
    """PTB's base_file_url for a Bot API base URL: ".../bot" → ".../file/bot"."""
    head, slash, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if slash else base_url


def build_application(
    service: Service,
    settings: TelegramSettings,
    token: str,
    base_url: str = DEFAULT_BASE_URL,
    on_undelivered: UndeliveredHook | None = None,
    *,
    webhook: bool = False,
) -> Application:
    """The bot: HTML and no link previews by default, flood control and retries within the delivery
    deadline, every handler registered. A rejected token stops the application (see token_rejected).

    `on_undelivered(update, error)` is told of every answer that could not be delivered in time.
    `webhook`: updates are claimed in the shared store (replicas) instead of recorded as fetched
    (long polling); see bot/telegram_bot/delivery.py.
    """
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every request URL, token included
    defaults = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
    inbox = Inbox(polling=not webhook)
    polling = PollingRequest(connection_pool_size=1, on_fetched=inbox.fetched)
    application = (
        ApplicationBuilder()
        .application_class(DeliveryApplication)
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url(base_url))
        .request(TelegramRequest(connection_pool_size=256))
        .get_updates_request(polling)
        .defaults(defaults)
        .rate_limiter(RetryingRateLimiter(deadline=settings.delivery_deadline))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    # A 401/404 means the token is wrong or revoked: nothing will work again, so stop (and exit non-zero)
    # rather than stay alive without polling.
    polling.on_token_rejected = lambda error: application.stop_running()
    application.bot_data[POLLING_KEY] = polling
    application.bot_data[INBOX_KEY] = inbox
    limit = settings.questions_per_minute
    application.bot_data["state"] = BotState(
        service=service,
        settings=settings,
        limiter=SharedLimiter(limit),
        # Inline queries arrive as the user types, so they get more room than questions in a chat.
        inline_limiter=SlidingWindowLimiter(limit * 3),
        refusals=SlidingWindowLimiter(1),
        on_undelivered=on_undelivered,
    )
    add_handlers(application)
    return application


def token_rejected(application: Application) -> InvalidToken | None:
    """The 401/404 on getUpdates that stopped a running application, if that is why it stopped."""
    polling = application.bot_data.get(POLLING_KEY)
    return polling.token_rejected if isinstance(polling, PollingRequest) else None


async def _get_me(token: str, base_url: str) -> User:
    bot = Bot(token, base_url=base_url, base_file_url=file_url(base_url), request=TelegramRequest())
    async with bot:
        return bot.bot


def check_api(token: str, base_url: str) -> User:
    """Ask the Bot API who we are, so a bad token or an unreachable server is one clear line."""
    try:
        return asyncio.run(_get_me(token, base_url))
    except InvalidToken:
        raise UserError(REJECTED_TOKEN) from None
    except NetworkError as error:
        where = redacted(base_url, token)
        if isinstance(error, MalformedResponse) or isinstance(error.__cause__, MalformedResponse):
            # A 5xx names its status ("Bad Gateway (502)"); a 200 that is not JSON has nothing more to say.
            status = "" if isinstance(error, MalformedResponse) else f" ({str(error).split('.', 1)[0]})"
            raise UserError(
                f"Telegram Bot API tại {where} trả lời không phải JSON{redacted(status, token)}:"
                f" có thể một proxy chen giữa, hoặc {BASE_URL_ENV} sai"
            ) from None
        raise UserError(f"Không kết nối được Telegram Bot API tại {where}: {redacted(describe(error), token)}") from None
    except TelegramError as error:
        raise UserError(f"Telegram Bot API báo lỗi khi khởi động: {redacted(describe(error), token)}") from None


def _webhook_options(settings: TelegramSettings) -> dict[str, Any]:
    if not settings.webhook_url:
        raise UserError(
            "Chế độ webhook cần [telegram] webhook_url (URL công khai https://… mà Telegram gửi update tới)", EXIT_USAGE
        )
    url = urlparse(settings.webhook_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise UserError(f"[telegram] webhook_url không hợp lệ: {settings.webhook_url}")
    secret = os.environ.get(SECRET_ENV, "").strip() or settings.webhook_secret_token
    if not secret:
        # Without it anyone who finds the URL can post updates: answers into chats of their choosing,
        # admin commands, spent quotas (docs/deploy.md).
        raise UserError(
            f"Chế độ webhook cần mã bí mật: đặt biến môi trường {SECRET_ENV}=<chuỗi ngẫu nhiên A-Z a-z 0-9 _ ->"
            " hoặc [telegram] webhook_secret_token",
            EXIT_USAGE,
        )
    if not _SECRET.fullmatch(secret):
        raise UserError("Mã bí mật webhook chỉ gồm A-Z, a-z, 0-9, _ và -, tối đa 256 ký tự")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        # Telegram posts to the public URL; the proxy in front forwards that same path to us.
        "url_path": url.path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": secret,
        "max_body_bytes": settings.webhook_max_body_bytes,
    }


def run_telegram(
    load: Callable[[], Service],
    *,
    webhook: bool = False,
    verbose: bool = False,
    on_undelivered: UndeliveredHook | None = None,
) -> int:
    """Run the bot until SIGINT/SIGTERM; start-up problems are a UserError (one line, non-zero exit).

    `load` opens the answering core; it is called only once the token is known to be there.
    `on_undelivered` is passed to build_application.
    """
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UserError(
            f"Thiếu biến môi trường {TOKEN_ENV}: tạo bot với @BotFather rồi chạy {TOKEN_ENV}=<token> tracuu telegram",
            EXIT_USAGE,
        )
    install_redaction(token)
    # Without -v only warnings and errors, as for every other command: a failed start is one line.
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    # PTB appends the token to the base URL, so a trailing slash would give ".../bot/<token>".
    base_url = os.environ.get(BASE_URL_ENV, "").strip().rstrip("/") or DEFAULT_BASE_URL
    service = load()
    try:
        settings = read_telegram_settings(service.settings)
    except ConfigError as error:
        raise UserError(str(error)) from None
    options = _webhook_options(settings) if webhook else None
    me = check_api(token, base_url)
    application = build_application(service, settings, token, base_url, on_undelivered, webhook=webhook)
    common: dict[str, Any] = {
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": settings.drop_pending_updates,
    }
    try:
        if options is None:
            logger.info("@%s: long polling (Ctrl-C để dừng)", me.username)
            application.run_polling(poll_interval=0.0, timeout=settings.poll_timeout, **common)
        else:
            where = f"{options['listen']}:{options['port']}"
            logger.info("@%s: webhook %s, nghe tại %s", me.username, options["webhook_url"], where)
            asyncio.run(
                serve_webhook(application, **options, **common, check=lambda: healthy(application))
            )
    except (StateError, ConfigError) as error:
        raise UserError(str(error)) from None
    except InvalidToken:
        raise UserError(REJECTED_TOKEN) from None
    except TelegramError as error:
        raise UserError(f"Telegram Bot API báo lỗi: {redacted(describe(error), token)}") from None
    except OSError as error:  # e.g. the webhook port is taken
        raise UserError(f"Không mở được cổng webhook {settings.webhook_port}: {error.strerror or error}") from None
    if token_rejected(application) is not None:
        raise UserError(f"Bot dừng: {REJECTED_TOKEN}")
    logger.info("Bot đã dừng.")
    return EXIT_OK


__all__ = [
    "ALLOWED_UPDATES",
    "TelegramSettings",
    "build_application",
    "check_api",
    "token_rejected",
    "install_redaction",
    "run_telegram",
]
