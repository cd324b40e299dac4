"""`tracuu telegram`: build the bot (python-telegram-bot v22), check the Bot API, run it by long polling or
behind a webhook until SIGINT/SIGTERM.

Handlers live in bot.telegram_bot.handlers, the [telegram] settings in bot.telegram_bot.settings, flood
control, retries and token redaction in bot.telegram_bot.transport.
"""

from __future__ import annotations

import asyncio
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
from bot.ratelimit import SlidingWindowLimiter
from bot.service import Service
from bot.telegram_bot.handlers import COMMANDS, BotState, add_handlers
from bot.telegram_bot.settings import TelegramSettings, read_telegram_settings
from bot.telegram_bot.transport import RetryingRateLimiter, install_redaction, redacted
from retrieval.config import ConfigError

logger = logging.getLogger("tracuu.telegram")

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
BASE_URL_ENV = "TELEGRAM_API_BASE_URL"
SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
CONCURRENT_UPDATES = 8  # answers are computed one at a time anyway; this overlaps the network waits
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


async def post_init(application: Application) -> None:
    """Start-up work once the bot is known: register the command menu."""
    try:
        await application.bot.set_my_commands(list(COMMANDS))
    except TelegramError as error:  # the menu is a convenience; the bot works without it
        logger.warning("Không đăng ký được menu lệnh: %s", error)
    state: BotState = application.bot_data["state"]
    logger.info(
        "Bot @%s sẵn sàng: %d bài viết, tối đa %d câu hỏi/phút mỗi chat",
        application.bot.username,
        len(state.documents),
        state.settings.questions_per_minute,
    )


def file_url(base_url: str) -> str:
    """PTB's base_file_url for a Bot API base URL: ".../bot" → ".../file/bot"."""
    head, slash, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if slash else base_url


def build_application(
    service: Service,
    settings: TelegramSettings,
    token: str,
    base_url: str = DEFAULT_BASE_URL,
) -> Application:
    """The bot: HTML and no link previews by default, flood control with retries, every handler registered."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every request URL, token included
    defaults = Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url(base_url))
        .defaults(defaults)
        .rate_limiter(RetryingRateLimiter(max_retries=settings.flood_retries))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .build()
    )
    limit = settings.questions_per_minute
    application.bot_data["state"] = BotState(
        service=service,
        settings=settings,
        limiter=SlidingWindowLimiter(limit),
        # Inline queries arrive as the user types, so they get more room than questions in a chat.
        inline_limiter=SlidingWindowLimiter(limit * 3),
        refusals=SlidingWindowLimiter(1),
    )
    add_handlers(application)
    return application


async def _get_me(token: str, base_url: str) -> User:
    async with Bot(token, base_url=base_url, base_file_url=file_url(base_url)) as bot:
        return bot.bot


def check_api(token: str, base_url: str) -> User:
    """Ask the Bot API who we are, so a bad token or an unreachable server is one clear line."""
    try:
        return asyncio.run(_get_me(token, base_url))
    except InvalidToken:
        raise UserError(
            f"Telegram không nhận token trong {TOKEN_ENV} (sai hoặc đã bị thu hồi). Lấy token mới từ @BotFather."
        ) from None
    except NetworkError as error:
        raise UserError(
            f"Không kết nối được Telegram Bot API tại {redacted(base_url, token)}: {redacted(str(error), token)}"
        ) from None
    except TelegramError as error:
        raise UserError(f"Telegram Bot API báo lỗi khi khởi động: {redacted(str(error), token)}") from None


def _webhook_options(settings: TelegramSettings) -> dict[str, Any]:
    if not settings.webhook_url:
        raise UserError(
            "Chế độ webhook cần [telegram] webhook_url (URL công khai https://… mà Telegram gửi update tới)", EXIT_USAGE
        )
    url = urlparse(settings.webhook_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise UserError(f"[telegram] webhook_url không hợp lệ: {settings.webhook_url}")
    secret = os.environ.get(SECRET_ENV, "").strip() or settings.webhook_secret_token
    if secret is not None and not _SECRET.fullmatch(secret):
        raise UserError("Mã bí mật webhook chỉ gồm A-Z, a-z, 0-9, _ và -, tối đa 256 ký tự")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        # Telegram posts to the public URL; the proxy in front forwards that same path to us.
        "url_path": url.path.lstrip("/"),
        "webhook_url": settings.webhook_url,
        "secret_token": secret,
    }


def run_telegram(load: Callable[[], Service], *, webhook: bool = False, verbose: bool = False) -> int:
    """Run the bot until SIGINT/SIGTERM; start-up problems are a UserError (one line, non-zero exit).

    `load` opens the answering core; it is called only once the token is known to be there.
    """
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UserError(
            f"Thiếu biến môi trường {TOKEN_ENV}: tạo bot với @BotFather rồi chạy {TOKEN_ENV}=<token> tracuu telegram",
            EXIT_USAGE,
        )
    install_redaction(token)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    # PTB appends the token to the base URL, so a trailing slash would give ".../bot/<token>".
    base_url = os.environ.get(BASE_URL_ENV, "").strip().rstrip("/") or DEFAULT_BASE_URL
    service = load()
    try:
        settings = read_telegram_settings(service.settings)
    except ConfigError as error:
        raise UserError(str(error)) from None
    options = _webhook_options(settings) if webhook else None
    me = check_api(token, base_url)
    application = build_application(service, settings, token, base_url)
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
            application.run_webhook(**options, **common)
    except InvalidToken:
        raise UserError(f"Telegram không nhận token trong {TOKEN_ENV}.") from None
    except TelegramError as error:
        raise UserError(f"Telegram Bot API báo lỗi: {redacted(str(error), token)}") from None
    except OSError as error:  # e.g. the webhook port is taken
        raise UserError(f"Không mở được cổng webhook {settings.webhook_port}: {error.strerror or error}") from None
    logger.info("Bot đã dừng.")
    return EXIT_OK


__all__ = [
    "ALLOWED_UPDATES",
    "TelegramSettings",
    "build_application",
    "check_api",
    "install_redaction",
    "run_telegram",
]
