"""The bot's handlers: small coroutines that adapt a Telegram update to the answering core and the renderer.

Answers come from bot.service, every word a user reads from bot.render.telegram_html; shared state lives in
`application.bot_data["state"]` (a BotState).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from datetime import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram import BotCommand, InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters, Update, User
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.add import Incoming, Status, add_files
from bot.ratelimit import SharedLimiter, SlidingWindowLimiter
from bot.render.telegram_html import (
    ADMIN_ONLY_HTML,
    EXAMPLE_DATA_PREFIX,
    NEW_CONVERSATION_HTML,
    NON_TEXT_HTML,
    PAGE_DATA,
    UPLOAD_REFUSED_HTML,
    VOTE_DATA,
    VOTE_NOT_RECORDED,
    VOTE_THANKS,
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
    parse_vote,
    sources_html,
    split_html,
    stats_html,
    upload_failed_html,
    upload_html,
    upload_too_large_html,
    upload_unsupported_html,
    vote_keyboard,
)
from bot.render.chart import comparison_png
from bot.service import Service
from bot.state import QuestionRecord, ReportData, StateStore
from bot.telegram_bot.settings import TelegramSettings
from bot.telegram_bot.transport import DeliveryFailed, describe, worth_retrying
from retrieval.config import ConfigError
from retrieval.answering.conversation import Turn
from retrieval.corpus.formats import SUPPORTED_SUFFIXES, is_supported
from retrieval.corpus.loader import CorpusError
from retrieval.corpus.names import clean_file_name
from retrieval.corpus.worker import WorkerError
from retrieval.answering.followup import TurnContext
from retrieval.models import Answer, Document

logger = logging.getLogger("tracuu.telegram")

INLINE_CACHE_SECONDS = 300
COMMANDS = (
    BotCommand("start", "Lời chào, phạm vi kho bài viết và câu hỏi mẫu"),
    BotCommand("help", "Cách hỏi và các lệnh"),
    BotCommand("sources", "Danh sách bài viết (quận, ngày đăng)"),
    BotCommand("ask", "Hỏi một câu (dùng trong nhóm): /ask <câu hỏi>"),
    BotCommand("about", "Giới thiệu về bot"),
    BotCommand("moi", "Bắt đầu cuộc trò chuyện mới (quên các câu trước)"),
)
NEW_COMMANDS = ("moi", "new")  # /new for those who think in English

SORRY = "Xin lỗi, đã có lỗi khi xử lý yêu cầu của bạn. Bạn thử lại sau ít phút nhé."
REFUSAL = "Xin lỗi, bot này chỉ phục vụ một số cuộc trò chuyện được cho phép."
ASK_USAGE = "Hãy gõ câu hỏi sau lệnh, ví dụ: /ask Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
UNKNOWN_COMMAND = "Tôi không biết lệnh này. Gõ /help để xem các lệnh, hoặc gõ thẳng câu hỏi."
STALE_BUTTON = "Nút này đã cũ. Gõ /start để xem lại."
CHART_CAPTION = "Biểu đồ so sánh các số liệu trên; số [n] ở mỗi cột là nguồn [n] trong câu trả lời."
T = TypeVar("T")


# ----------------------------------------------------------------------------- shared state


# Called with the update whose answer could not be delivered before the deadline (e.g. to log the
# question as failed); it must not block, and whatever it raises is logged and ignored.
UndeliveredHook = Callable[[Update, DeliveryFailed], None]


@dataclass
class BotState:
    """What every handler needs, kept in application.bot_data["state"]."""

    service: Service
    settings: TelegramSettings
    limiter: SharedLimiter  # questions per chat, counted in the store across replicas
    inline_limiter: SlidingWindowLimiter
    refusals: SlidingWindowLimiter
    on_undelivered: UndeliveredHook | None = None  # told of every answer given up at the delivery deadline
    # Conversation context, question log and votes (bot.state); opened in app.post_init. None: the bot
    # still answers, every question on its own, and logs nothing.
    store: StateStore | None = None
    # The answering core is not known to be thread-safe (pyvi's tagger), so answers run one at a time,
    # in a worker thread so that the event loop keeps serving other chats meanwhile.
    answer_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def ask(self, question: str) -> Answer:
        async with self.answer_lock:
            return await asyncio.to_thread(self.service.ask, question)

    async def converse(self, question: str, previous: TurnContext | None) -> Turn:
        async with self.answer_lock:
            return await asyncio.to_thread(self.service.converse, question, previous)

    async def stored(self, default: T, call: Callable[..., T], *args: Any) -> T:
        """A store call in a worker thread (they block while they retry); `default` without a store."""
        if self.store is None:
            return default
        return await asyncio.to_thread(call, *args)

    async def load_turn(self, key: str | None) -> TurnContext | None:
        """The context a conversation left under `key`, or None (absent, expired, unreadable)."""
        if key is None or self.store is None:
            return None
        data = await self.stored(None, self.store.load_context, key)
        if data is None:
            return None
        try:
            return TurnContext.from_dict(data)
        except ValueError as error:  # e.g. written by another version of the bot: start afresh
            logger.info("Bỏ ngữ cảnh không đọc được (%s): %s", key, error)
            return None

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
) -> list[Message]:
    """Send message parts in order; the first replies to `reply_to`, the last carries the keyboard."""
    sent: list[Message] = []
    for number, part in enumerate(parts):
        reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to and number == 0 else None
        markup = keyboard if number == len(parts) - 1 else None
        sent.append(await context.bot.send_message(chat_id, part, reply_parameters=reply, reply_markup=markup))
    return sent


async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as error:  # a missing typing hint is no reason to withhold the answer
        logger.debug("sendChatAction lỗi: %s", error)


def chat_key(chat_id: int) -> str:
    """Where a private chat's conversation context is kept."""
    return f"chat:{chat_id}"


def reply_key(chat_id: int, bot_message_id: int) -> str:
    """Where the context of one of the bot's answers in a group is kept: replying to it continues it."""
    return f"reply:{chat_id}:{bot_message_id}"


def _replied_bot_message(message: Message, bot_id: int) -> int | None:
    """The id of the bot's message that `message` replies to, if it replies to one."""
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return replied.message_id
    return None


async def _answer_question(
    context: ContextTypes.DEFAULT_TYPE,
    chat_id: int,
    question: str,
    reply_to: int | None,
    *,
    private: bool,
    follows: str | None = None,
) -> None:
    """Answer one question in a chat, within the chat's question limit.

    `follows` is the key of the context the question may lean on (None: it starts afresh). The new context
    is kept under the private chat's key, or in a group under each message of the answer, so that a reply
    to it continues this answer's conversation and no other.
    """
    state = _state(context)
    verdict = await state.limiter.hit(chat_id)
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
    previous = await state.load_turn(follows)
    started = time.monotonic()
    turn = await state.converse(question, previous)
    latency_ms = (time.monotonic() - started) * 1000
    result = turn.answer
    logger.debug("chat %s: đã trả lời (từ chối: %s)", chat_id, result.abstained)
    log_id = 0
    if state.store is not None:
        record = QuestionRecord.from_answer(
            "telegram", result, latency_ms, chat_id=chat_id, resolved_question=result.resolved_question
        )
        log_id = await state.stored(0, state.store.log_question, record)
    if private and state.store is not None:
        # Kept before sending: the follow-up cannot come before the answer has been read.
        await state.stored(None, state.store.save_context, chat_key(chat_id), turn.context.to_dict())
    parts = answer_parts(result, state.templates, context.bot.username)
    sent = await _send_html(context, chat_id, parts, reply_to, vote_keyboard(log_id))
    if result.comparison:
        await _send_chart(context, chat_id, result)
    if not private and state.store is not None:
        data = turn.context.to_dict()
        for message in sent:
            await state.stored(None, state.store.save_context, reply_key(chat_id, message.message_id), data)


async def _send_chart(context: ContextTypes.DEFAULT_TYPE, chat_id: int, answer: Answer) -> None:
    """A comparison's figures as a bar chart, sent after its cited text; a chart that fails is only logged."""
    try:
        png = await asyncio.to_thread(comparison_png, answer.comparison, answer.question[:80])
        if png is not None:
            await context.bot.send_photo(chat_id, photo=png, caption=CHART_CAPTION)
    except Exception as error:  # noqa: BLE001 — the text is already sent: a missing chart must not look like a failed answer
        logger.warning("Không gửi được biểu đồ so sánh (chat %s): %s", chat_id, describe(error))


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
    private = chat.type == ChatType.PRIVATE
    # In a group a fresh /ask starts afresh; a private chat is one conversation.
    await _answer_question(
        context, chat.id, question, _reply_target(update), private=private, follows=chat_key(chat.id) if private else None
    )


async def private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message in a private chat is a question."""
    chat, message = update.effective_chat, update.effective_message
    if chat and message and message.text:
        await _answer_question(context, chat.id, message.text, None, private=True, follows=chat_key(chat.id))


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
    # Replying to one of the bot's answers continues that answer's conversation; a mention starts afresh.
    replied = _replied_bot_message(message, context.bot.id)
    follows = reply_key(chat.id, replied) if replied is not None else None
    await _answer_question(context, chat.id, question, message.message_id, private=False, follows=follows)


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
    private = chat.type == ChatType.PRIVATE
    await _answer_question(
        context, chat.id, examples[index], None, private=private, follows=chat_key(chat.id) if private else None
    )


async def new_conversation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi (/new): forget the conversation, so the next question is read on its own."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None or message is None:
        return
    state = _state(context)
    if chat.type == ChatType.PRIVATE:
        key: str | None = chat_key(chat.id)
    else:
        # In a group only a reply chain has a context; /moi in reply to an answer ends that chain.
        replied = _replied_bot_message(message, context.bot.id)
        key = reply_key(chat.id, replied) if replied is not None else None
    if key is not None and state.store is not None:
        await state.stored(None, state.store.clear_context, key)
    await message.reply_text(NEW_CONVERSATION_HTML)


async def vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """👍 / 👎 under an answer: one vote per user and answer; pressing the other button changes it."""
    query = update.callback_query
    if query is None:
        return
    state = _state(context)
    parsed = parse_vote(query.data or "")
    if parsed is None or state.store is None:
        await query.answer(STALE_BUTTON)
        return
    log_id, value = parsed
    recorded = await state.stored(False, state.store.record_vote, log_id, query.from_user.id, value)
    await query.answer(VOTE_THANKS[value] if recorded else VOTE_NOT_RECORDED)


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return user is not None and user.id in _state(context).settings.admin_user_ids


async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A document in a private chat: an admin's article is added to the corpus and indexed."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    if not _is_admin(update, context):
        await message.reply_text(UPLOAD_REFUSED_HTML)
        return
    state = _state(context)
    document = message.document
    # Only the last component, without control or bidirectional characters: a name is never a path into
    # or out of the corpus folder, and it shows as what it is (retrieval/corpus/names.py).
    name = clean_file_name(document.file_name or "") or f"{document.file_unique_id}.txt"
    limit = state.settings.max_upload_bytes
    if not is_supported(name):
        await message.reply_text(upload_unsupported_html(name, SUPPORTED_SUFFIXES))
        return
    if document.file_size is not None and document.file_size > limit:
        await message.reply_text(upload_too_large_html(name, document.file_size, limit))
        return
    await _typing(context, message.chat_id)
    telegram_file = await document.get_file()
    if telegram_file.file_size is not None and telegram_file.file_size > limit:
        await message.reply_text(upload_too_large_html(name, telegram_file.file_size, limit))
        return
    raw = bytes(await telegram_file.download_as_bytearray())
    if len(raw) > limit:  # the size Telegram stated was wrong: still keep the promise
        await message.reply_text(upload_too_large_html(name, len(raw), limit))
        return
    try:
        # Not under the answer lock: the file is read in the reading worker process (retrieval/corpus/
        # worker.py) and indexed in this thread, as the corpus watcher indexes; other chats are answered
        # meanwhile. The new index goes in with one assignment, and an answer uses one snapshot throughout.
        report = await asyncio.to_thread(add_files, state.service.settings, [Incoming(name, name, raw=raw)])
        if any(o.status is Status.ADDED for o in report.outcomes):
            await asyncio.to_thread(state.service.live.refresh)  # the next question sees the article
    except (CorpusError, ConfigError, OSError, WorkerError) as error:
        logger.warning("Không thêm được %s: %s", name, error)
        await message.reply_text(upload_failed_html(name, str(error)))
        return
    logger.info("Quản trị viên %s gửi %s: %s", update.effective_user.id if update.effective_user else "?", name,
                ", ".join(o.status.value for o in report.outcomes))
    await message.reply_text(upload_html(report))


async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats (admins): articles, paragraphs, today's questions, declined share, median latency."""
    message = update.effective_message
    if message is None:
        return
    if not _is_admin(update, context):
        await message.reply_text(ADMIN_ONLY_HTML)
        return
    state = _state(context)
    now = time.time()
    midnight = datetime.fromtimestamp(now).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    empty = ReportData(midnight, now, (), (), ())
    today = await state.stored(empty, state.store.report_data, midnight) if state.store is not None else empty
    await message.reply_text(stats_html(state.documents, today))


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
    """Log the failure and tell the user something short; never raise."""
    error = context.error
    if isinstance(error, InvalidToken):  # the transport has stopped the bot; run_telegram says why
        logger.debug("Telegram không nhận token: %s", describe(error))
        return
    if update is None and isinstance(error, TelegramError):
        # Fetching updates failed; the updater asks again with a growing pause, nothing is lost.
        logger.warning("Không nhận được update (%s); sẽ thử lại", describe(error))
        return
    if isinstance(error, Forbidden):  # the user blocked the bot or removed it from the group
        logger.warning("Telegram không cho gửi tin: %s", error)
        return
    if isinstance(error, TimedOut) and not worth_retrying(error):
        # Telegram most likely delivered and only its response was late: an apology would be a second message.
        logger.warning("Telegram trả lời quá chậm; coi như tin đã được gửi (%s)", error)
        return
    if isinstance(error, DeliveryFailed):
        _report_undelivered(update, error, context)
    else:
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
        logger.warning("Không báo được lỗi cho người dùng: %s", describe(second))


def _report_undelivered(update: object, error: DeliveryFailed, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One log line for an answer given up at the deadline, and the hook (e.g. the question log)."""
    chat = update.effective_chat.id if isinstance(update, Update) and update.effective_chat else None
    logger.error("Không gửi được câu trả lời (answer not delivered) tới chat %s: %s", chat, error)
    hook = _state(context).on_undelivered
    if hook is None or not isinstance(update, Update):
        return
    try:
        hook(update, error)
    except Exception:  # a broken hook must not stop the apology
        logger.exception("on_undelivered lỗi")


# ----------------------------------------------------------------------------- registration


def add_handlers(application: Application) -> None:
    """Register every handler: the allow-list guard first, then commands, buttons, inline mode, text."""
    application.add_handler(TypeHandler(Update, guard), group=-1)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("sources", sources))
    application.add_handler(CommandHandler("about", about))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CommandHandler(list(NEW_COMMANDS), new_conversation))
    application.add_handler(CommandHandler("stats", stats))
    application.add_handler(CallbackQueryHandler(vote, pattern=VOTE_DATA))
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
        MessageHandler(filters.UpdateType.MESSAGE & filters.Document.ALL & filters.ChatType.PRIVATE, upload)
    )
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, non_text)
    )
    application.add_error_handler(on_error)
