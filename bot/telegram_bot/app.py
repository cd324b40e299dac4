"""`tracuu telegram`: the Telegram bot (python-telegram-bot v22), by long polling or behind a webhook.

Handlers only adapt Telegram updates to the answering core (bot.service) and the HTML renderer
(bot.render.telegram_html); shared state lives in `application.bot_data["state"]`.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import re
from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.cli import EXIT_OK, EXIT_USAGE, UserError
from bot.ratelimit import SlidingWindowLimiter
from bot.service import Service
from bot.render.telegram_html import (
    EXAMPLE_DATA_PREFIX,
    NON_TEXT_HTML,
    PAGE_DATA,
    about_html,
    answer_parts,
    decode_payload,
    examples_keyboard,
    greeting_html,
    help_html,
    inline_results,
    not_found_html,
    paragraph_html,
    paragraph_keyboard,
    sources_html,
    split_html,
)
from retrieval.models import Answer, Document

logger = logging.getLogger("tracuu.telegram")

TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
BASE_URL_ENV = "TELEGRAM_API_BASE_URL"
SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
DEFAULT_BASE_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
CONCURRENT_UPDATES = 8  # answers are computed one at a time anyway; this overlaps the network waits
INLINE_CACHE_SECONDS = 300
NETWORK_RETRIES = 3  # a request lost in transit (5xx, broken connection) is sent again up to this often
NETWORK_BACKOFF = 0.5  # seconds before the first such retry, doubled for each next one

DEFAULT_EXAMPLES = (
    "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
    "Quận Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ năm 2021?",
    "Quận Long Biên chi ngân sách bao nhiêu?",
)
COMMANDS = (
    BotCommand("start", "Lời chào, phạm vi kho bài viết và câu hỏi mẫu"),
    BotCommand("help", "Cách hỏi và các lệnh"),
    BotCommand("sources", "Danh sách bài viết (quận, ngày đăng)"),
    BotCommand("ask", "Hỏi một câu (dùng trong nhóm): /ask <câu hỏi>"),
    BotCommand("about", "Giới thiệu về bot"),
)

SORRY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Bạn thử lại sau ít phút nhé."
REFUSAL = "Xin lỗi, bot này chỉ phục vụ một số cuộc trò chuyện được cho phép."
ASK_USAGE = "Hãy gõ câu hỏi sau lệnh, ví dụ: /ask Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
UNKNOWN_COMMAND = "Tôi không biết lệnh này. Gõ /help để xem các lệnh, hoặc gõ thẳng câu hỏi."
STALE_BUTTON = "Nút này đã cũ. Gõ /start để xem lại."
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


# ----------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class TelegramSettings:
    """The [telegram] table of the settings file."""

    allowed_chat_ids: frozenset[int] | None = None  # None: every chat may use the bot
    questions_per_minute: int = 10  # per chat; 0 turns the limit off
    poll_timeout: float = 30.0  # seconds a getUpdates long poll is held open
    drop_pending_updates: bool = False
    flood_retries: int = 3  # how often a request refused with 429 (flood control) is retried
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_url: str | None = None
    webhook_secret_token: str | None = None
    example_questions: tuple[str, ...] = DEFAULT_EXAMPLES


def _check_int(value: Any, name: str, where: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bound = f"từ {low} đến {high}" if high is not None else f"≥ {low}"
        raise UserError(f"{where}: [telegram] {name} phải là số nguyên {bound}")
    return value


def _check_str(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"{where}: [telegram] {name} phải là chuỗi khác rỗng")
    return value.strip()


def telegram_settings(table: Mapping[str, Any], source: Path | str | None = None) -> TelegramSettings:
    """Validate the [telegram] table; a wrong or unknown key is a one-line UserError (a typo in
    `allowed_chat_ids` must not silently open the bot to everyone)."""
    where = str(source or "cấu hình")
    known = set(TelegramSettings.__dataclass_fields__)
    unknown = sorted(set(table) - known)
    if unknown:
        raise UserError(f"{where}: [telegram] không có tùy chọn {', '.join(unknown)}")
    values: dict[str, Any] = {}
    if "allowed_chat_ids" in table:
        ids = table["allowed_chat_ids"]
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise UserError(f"{where}: [telegram] allowed_chat_ids phải là danh sách số nguyên")
        values["allowed_chat_ids"] = frozenset(ids)
    if "questions_per_minute" in table:
        values["questions_per_minute"] = _check_int(table["questions_per_minute"], "questions_per_minute", where, 0)
    if "flood_retries" in table:
        values["flood_retries"] = _check_int(table["flood_retries"], "flood_retries", where, 0, 10)
    if "webhook_port" in table:
        values["webhook_port"] = _check_int(table["webhook_port"], "webhook_port", where, 1, 65535)
    if "poll_timeout" in table:
        timeout = table["poll_timeout"]
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= 600:
            raise UserError(f"{where}: [telegram] poll_timeout phải là số giây từ 0 đến 600")
        values["poll_timeout"] = float(timeout)
    if "drop_pending_updates" in table:
        if not isinstance(table["drop_pending_updates"], bool):
            raise UserError(f"{where}: [telegram] drop_pending_updates phải là true hoặc false")
        values["drop_pending_updates"] = table["drop_pending_updates"]
    for name in ("webhook_listen", "webhook_url", "webhook_secret_token"):
        if name in table:
            values[name] = _check_str(table[name], name, where)
    if "example_questions" in table:
        examples = table["example_questions"]
        if not isinstance(examples, list) or not all(isinstance(q, str) and q.strip() for q in examples):
            raise UserError(f"{where}: [telegram] example_questions phải là danh sách câu hỏi")
        values["example_questions"] = tuple(q.strip() for q in examples)
    return TelegramSettings(**values)


# ----------------------------------------------------------------------------- shared state


@dataclass
class BotState:
    """What every handler needs, kept in application.bot_data["state"]."""

    service: Service
    settings: TelegramSettings
    limiter: SlidingWindowLimiter
    inline_limiter: SlidingWindowLimiter
    refusals: SlidingWindowLimiter
    # The answering core is not known to be thread-safe (pyvi's tagger), so answers run one at a time,
    # in a worker thread so that the event loop keeps serving other chats meanwhile.
    answer_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def ask(self, question: str) -> Answer:
        async with self.answer_lock:
            return await asyncio.to_thread(self.service.ask, question)

    @property
    def templates(self) -> Mapping[str, str]:
        return self.service.templates

    @property
    def documents(self) -> Sequence[Document]:
        return self.service.library.corpus.documents


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data["state"]


# ----------------------------------------------------------------------------- small helpers


def _addressed_text(message: Message, bot: User) -> str | None:
    """In a group, the question a message puts to the bot (mention stripped), or None if not addressed."""
    text = message.text or ""
    replied = message.reply_to_message
    addressed = bool(replied and replied.from_user and replied.from_user.id == bot.id)
    mentions = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, shown in sorted(mentions.items(), key=lambda item: -item[0].offset):
        is_bot = (
            entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot.id
        ) or (entity.type == MessageEntity.MENTION and bot.username and shown.lower() == f"@{bot.username.lower()}")
        if is_bot:
            addressed = True
            text = text.replace(shown, " ")
    return " ".join(text.split()) if addressed else None


async def _send_html(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    parts: Sequence[str],
    reply_to: int | None = None,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """Send message parts in order; the first replies to `reply_to`, the last carries the keyboard."""
    for number, part in enumerate(parts):
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and number == 0 else None
        markup = keyboard if number == len(parts) - 1 else None
        await context.bot.send_message(chat_id, part, reply_parameters=reply, reply_markup=markup)


async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as error:  # a missing typing hint is no reason to withhold the answer
        logger.debug("sendChatAction lỗi: %s", error)


async def _answer_question(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, question: str, reply_to: int | None
) -> None:
    """Answer one question in a chat, within the chat's question limit."""
    state = _state(context)
    verdict = state.limiter.hit(chat_id)
    if not verdict.allowed:
        if verdict.first_refusal:
            wait = max(1, round(verdict.retry_after))
            await _send_html(
                context,
                chat_id,
                [f"Bạn hỏi hơi nhanh: mỗi phút tôi trả lời tối đa {state.settings.questions_per_minute} câu. "
                 f"Bạn chờ khoảng {wait} giây rồi hỏi tiếp nhé."],
                reply_to,
            )
        return
    await _typing(context, chat_id)
    result = await state.ask(question)
    logger.debug("chat %s: đã trả lời (từ chối: %s)", chat_id, result.abstained)
    await _send_html(context, chat_id, answer_parts(result, state.templates, context.bot.username), reply_to)


def _reply_target(update: Update) -> int | None:
    """Replies quote the question in groups, where several conversations interleave; not in private."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None or chat.type == ChatType.PRIVATE:
        return None
    return message.message_id


# ----------------------------------------------------------------------------- handlers


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop updates from chats outside the allow-list, refusing politely where the bot was addressed."""
    allowed = _state(context).settings.allowed_chat_ids
    if allowed is None:
        return
    chat, user = update.effective_chat, update.effective_user
    chat_id = chat.id if chat else user.id if user else None
    if chat_id in allowed:
        return
    logger.info("Từ chối update từ chat %s (không có trong allowed_chat_ids)", chat_id)
    refusals = _state(context).refusals
    if update.callback_query:
        await update.callback_query.answer(REFUSAL, show_alert=True)
    elif update.inline_query:
        await update.inline_query.answer([], cache_time=0, is_personal=True)
    elif update.message and chat_id is not None:
        private = chat is not None and chat.type == ChatType.PRIVATE
        addressed = private or (update.message.text or "").startswith("/") or (
            _addressed_text(update.message, context.bot.bot) is not None
        )
        if addressed and refusals.hit(chat_id).allowed:
            await update.message.reply_text(REFUSAL)
    raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: the greeting with example questions, or /start <payload> from a citation's deep link."""
    state = _state(context)
    message = update.effective_message
    if message is None:
        return
    if context.args:
        found = decode_payload(context.args[0], state.service.library.documents)
        if found is None:
            await message.reply_text(not_found_html())
            return
        document, passage = found
        await message.reply_text(
            paragraph_html(document, passage, state.templates), reply_markup=paragraph_keyboard(document, passage)
        )
        return
    await message.reply_text(
        greeting_html(state.documents, state.templates, bool(state.settings.example_questions)),
        reply_markup=examples_keyboard(state.settings.example_questions),
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help: how to ask, the commands, groups and inline mode."""
    if update.effective_message:
        await update.effective_message.reply_text(
            help_html(_state(context).settings.example_questions, context.bot.username)
        )


async def sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources: the articles with district and date, each opening in the bot."""
    state = _state(context)
    if update.effective_chat:
        parts = split_html(sources_html(state.documents, state.templates, context.bot.username))
        await _send_html(context, update.effective_chat.id, parts)


async def about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/about: what the bot is and how it answers."""
    state = _state(context)
    if update.effective_message:
        await update.effective_message.reply_text(about_html(state.documents, state.templates))


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask <question>: the way to ask in a group without mentioning the bot."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    question = " ".join(context.args or [])
    if not question.strip():
        await message.reply_text(ASK_USAGE)
        return
    await _answer_question(context, chat.id, question, _reply_target(update))


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message in a private chat is a question."""
    chat, message = update.effective_chat, update.effective_message
    if chat and message and message.text:
        await _answer_question(context, chat.id, message.text, None)


async def group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group, answer only when mentioned or replied to; stay quiet otherwise."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    question = _addressed_text(message, context.bot.bot)
    if question is None:
        return
    if not question:
        await message.reply_text(ASK_USAGE)
        return
    await _answer_question(context, chat.id, question, message.message_id)


async def non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice…: say what the bot can do (in groups only when replying to the bot)."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    if chat.type != ChatType.PRIVATE:
        replied = message.reply_to_message
        if not (replied and replied.from_user and replied.from_user.id == context.bot.id):
            return
    await message.reply_text(NON_TEXT_HTML)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have (private chats only: in groups it may be another bot's)."""
    if update.effective_message:
        await update.effective_message.reply_text(UNKNOWN_COMMAND)


async def page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Previous / next paragraph buttons: edit the paragraph message in place."""
    query = update.callback_query
    if query is None:
        return
    state = _state(context)
    found = decode_payload(query.data or "", state.service.library.documents)
    if found is None:
        await query.answer("Không tìm thấy đoạn văn này.")
        return
    await query.answer()
    document, passage = found
    try:
        await query.edit_message_text(
            paragraph_html(document, passage, state.templates), reply_markup=paragraph_keyboard(document, passage)
        )
    except BadRequest as error:
        # A double tap asks for the paragraph already shown; Telegram refuses that no-op edit.
        if "not modified" not in str(error).lower():
            raise


async def example(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An example-question button under the greeting: ask that question in the chat."""
    query = update.callback_query
    if query is None:
        return
    examples = _state(context).settings.example_questions
    index = int((query.data or "").removeprefix(EXAMPLE_DATA_PREFIX) or -1)
    chat = update.effective_chat
    if not 0 <= index < len(examples) or chat is None:
        await query.answer(STALE_BUTTON)
        return
    await query.answer()
    await _answer_question(context, chat.id, examples[index], None)


async def stale_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other button (from an older version of the bot): stop its spinner, say so."""
    if update.callback_query:
        await update.callback_query.answer(STALE_BUTTON)


async def inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline mode (@bot question in any chat): the answer's quotes as articles to pick from."""
    query = update.inline_query
    if query is None:
        return
    text = query.query.strip()
    state = _state(context)
    if not text or not state.inline_limiter.hit(query.from_user.id).allowed:
        await query.answer([], cache_time=0, is_personal=True)
        return
    result = await state.ask(text)
    await query.answer(
        inline_results(result, state.templates, context.bot.username), cache_time=INLINE_CACHE_SECONDS
    )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its traceback and tell the user something short; never raise."""
    error = context.error
    if isinstance(error, Forbidden):  # the user blocked the bot or removed it from the group
        logger.warning("Telegram không cho gửi tin: %s", error)
        return
    if isinstance(error, TimedOut) and not _worth_retrying(error):
        # Telegram most likely delivered and only its response was late: an apology would be a second message.
        logger.warning("Telegram trả lời quá chậm; coi như tin đã được gửi (%s)", error)
        return
    logger.error("Lỗi khi xử lý một update", exc_info=error)
    if not isinstance(update, Update):
        return
    try:
        # A message rather than a callback answer: the handler may already have answered the button.
        if update.effective_chat:
            await context.bot.send_message(update.effective_chat.id, SORRY)
        elif update.callback_query:
            await update.callback_query.answer(SORRY[:200])
    except TelegramError as second:
        logger.warning("Không báo được lỗi cho người dùng: %s", second)


# ----------------------------------------------------------------------------- application


def _worth_retrying(error: NetworkError) -> bool:
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
                if endpoint == "getUpdates" or attempt >= NETWORK_RETRIES or not _worth_retrying(error):
                    raise
                delay = NETWORK_BACKOFF * 2**attempt
                attempt += 1
                logger.warning("%s lỗi (%s); thử lại lần %d sau %.1f giây", endpoint, error, attempt, delay)
                await asyncio.sleep(delay)


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
    application.add_handler(TypeHandler(Update, guard), group=-1)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("sources", sources))
    application.add_handler(CommandHandler("about", about))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CallbackQueryHandler(page, pattern=PAGE_DATA))
    application.add_handler(CallbackQueryHandler(example, pattern=rf"^{re.escape(EXAMPLE_DATA_PREFIX)}\d{{1,2}}$"))
    application.add_handler(CallbackQueryHandler(stale_callback))
    application.add_handler(InlineQueryHandler(inline_query))
    new_text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(new_text & filters.ChatType.PRIVATE, private_text))
    application.add_handler(MessageHandler(new_text & filters.ChatType.GROUPS, group_text))
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND & filters.ChatType.PRIVATE, unknown_command)
    )
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text)
    )
    application.add_error_handler(on_error)
    return application


# ----------------------------------------------------------------------------- running


class RedactToken(logging.Filter):
    """Replace the bot token in every log record (URLs logged by HTTP libraries contain it)."""

    def __init__(self, token: str, replacement: str = "<TELEGRAM_BOT_TOKEN>") -> None:
        super().__init__()
        self.token = token
        self.replacement = replacement
        self._pattern = _token_pattern(token)

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


def _token_pattern(token: str) -> re.Pattern[str]:
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


def _redacted(text: str, token: str) -> str:
    return _token_pattern(token).sub("<TELEGRAM_BOT_TOKEN>", text) if token else text


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
            f"Không kết nối được Telegram Bot API tại {_redacted(base_url, token)}: {_redacted(str(error), token)}"
        ) from None
    except TelegramError as error:
        raise UserError(f"Telegram Bot API báo lỗi khi khởi động: {_redacted(str(error), token)}") from None


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


def run_telegram(args: argparse.Namespace, load: Callable[[argparse.Namespace], Service]) -> int:
    """Run the bot until SIGINT/SIGTERM; start-up problems are a UserError (one line, non-zero exit)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UserError(
            f"Thiếu biến môi trường {TOKEN_ENV}: tạo bot với @BotFather rồi chạy {TOKEN_ENV}=<token> tracuu telegram",
            EXIT_USAGE,
        )
    install_redaction(token)
    logger.setLevel(logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    # PTB appends the token to the base URL, so a trailing slash would give ".../bot/<token>".
    base_url = os.environ.get(BASE_URL_ENV, "").strip().rstrip("/") or DEFAULT_BASE_URL
    service = load(args)
    settings = telegram_settings(service.settings.section("telegram"), service.settings.config_file)
    webhook = _webhook_options(settings) if getattr(args, "webhook", False) else None
    me = check_api(token, base_url)
    application = build_application(service, settings, token, base_url)
    common: dict[str, Any] = {
        "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": settings.drop_pending_updates,
    }
    try:
        if webhook is None:
            logger.info("@%s: long polling (Ctrl-C để dừng)", me.username)
            application.run_polling(poll_interval=0.0, timeout=settings.poll_timeout, **common)
        else:
            where = f"{webhook['listen']}:{webhook['port']}"
            logger.info("@%s: webhook %s, nghe tại %s", me.username, webhook["webhook_url"], where)
            application.run_webhook(**webhook, **common)
    except InvalidToken:
        raise UserError(f"Telegram không nhận token trong {TOKEN_ENV}.") from None
    except TelegramError as error:
        raise UserError(f"Telegram Bot API báo lỗi: {_redacted(str(error), token)}") from None
    except OSError as error:  # e.g. the webhook port is taken
        raise UserError(f"Không mở được cổng webhook {settings.webhook_port}: {error.strerror or error}") from None
    logger.info("Bot đã dừng.")
    return EXIT_OK


__all__ = [
    "ALLOWED_UPDATES",
    "BotState",
    "RedactToken",
    "TelegramSettings",
    "build_application",
    "check_api",
    "install_redaction",
    "run_telegram",
    "telegram_settings",
]
