"""The fake Bot API, exercised through python-telegram-bot's real HTTP client."""

from __future__ import annotations

import asyncio
import datetime as dtm
import io
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter, \
    TelegramError, TimedOut
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest

from tests.fakebotapi import (
    BOT_ID,
    BOT_TOKEN,
    DEFAULT_SUPERGROUP_ID,
    DEFAULT_USER_ID,
    FakeBotApi,
    callback_update,
    inline_update,
    photo_update,
    sticker_update,
    text_update,
    voice_update,
)

T = TypeVar("T")
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                   "all_proxy")


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """httpx honours proxy variables; a proxy would swallow requests to 127.0.0.1."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    # Opt in to PTB 22's future timedelta return types instead of deprecation warnings.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """A running fake server with a short long-poll cap."""
    with FakeBotApi(max_poll_seconds=0.5) as server:
        yield server


def make_bot(api: FakeBotApi, **request_options: Any) -> Bot:
    """A PTB Bot pointed at the fake server."""
    request = HTTPXRequest(**request_options) if request_options else None
    return Bot(BOT_TOKEN, base_url=api.base_url, base_file_url=api.base_file_url,
               request=request)


def run(factory: Callable[[Bot], Awaitable[T]], api: FakeBotApi, **request_options: Any) -> T:
    """Run factory(bot) inside an initialised bot on a fresh event loop."""
    async def main() -> T:
        async with make_bot(api, **request_options) as bot:
            return await factory(bot)

    return asyncio.run(main())


def keyboard() -> InlineKeyboardMarkup:
    """A one-row inline keyboard."""
    return InlineKeyboardMarkup([[InlineKeyboardButton("Nguồn", callback_data="src:1"),
                                  InlineKeyboardButton("Mở", url="https://example.vn/a")]])


# ----------------------------------------------------------------------------- basics


def test_get_me_returns_the_test_bot(api: FakeBotApi) -> None:
    me = run(lambda bot: bot.get_me(), api)

    assert me.username == "tracuu_test_bot" and me.id == BOT_ID and me.is_bot
    assert me.first_name == "Tra cứu" and me.supports_inline_queries
    assert me.can_read_all_group_messages is False
    call = api.wait_for("getMe")
    assert call.token == BOT_TOKEN and call.outcome == "ok" and call.params == {}


def test_send_message_records_decoded_markup_and_echoes_a_message(api: FakeBotApi) -> None:
    text = "<b>Kết quả</b>: 1 &lt; 2 — «trích dẫn»"
    message = run(lambda bot: bot.send_message(DEFAULT_USER_ID, text, parse_mode="HTML",
                                               reply_markup=keyboard()), api)

    call = api.wait_for("sendMessage")
    assert call.params["chat_id"] == DEFAULT_USER_ID
    assert call.params["text"] == text and call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == {"inline_keyboard": [[
        {"text": "Nguồn", "callback_data": "src:1"},
        {"text": "Mở", "url": "https://example.vn/a"}]]}
    assert message.text == "Kết quả: 1 < 2 — «trích dẫn»"
    assert message.text_html == "<b>Kết quả</b>: 1 &lt; 2 — «trích dẫn»"
    assert message.from_user.id == BOT_ID and message.chat.type == "private"
    assert message.reply_markup == keyboard()
    assert call.result["message_id"] == message.message_id


def test_numeric_looking_text_stays_a_string(api: FakeBotApi) -> None:
    run(lambda bot: bot.send_message(DEFAULT_USER_ID, "42", disable_notification=True), api)

    params = api.wait_for("sendMessage").params
    assert params["text"] == "42" and params["disable_notification"] is True


def test_message_ids_increase_per_chat_and_keep_chat_type(api: FakeBotApi) -> None:
    api.enqueue(text_update("hỏi nhóm", chat_type="supergroup"))

    async def send(bot: Bot) -> list[Any]:
        return [await bot.send_message(chat, "x") for chat in
                (DEFAULT_USER_ID, DEFAULT_SUPERGROUP_ID, DEFAULT_USER_ID)]

    first, group, second = run(send, api)
    assert second.message_id == first.message_id + 1
    assert group.chat.type == "supergroup" and group.chat.title


def test_json_bodies_and_query_strings_are_accepted(api: FakeBotApi) -> None:
    body = json.dumps({"chat_id": 7, "text": "xin chào",
                       "reply_markup": {"inline_keyboard": [[{"text": "a",
                                                              "callback_data": "b"}]]}})
    request = urllib.request.Request(f"{api.base_url}ANY:token/sendMessage", body.encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        answer = json.load(response)
    with urllib.request.urlopen(f"{api.base_url}ANY:token/getUpdates?timeout=0&limit=5",
                                timeout=5) as response:
        assert json.load(response) == {"ok": True, "result": []}

    assert answer["ok"] and answer["result"]["chat"] == {"id": 7, "type": "private",
                                                        "first_name": "An",
                                                        "last_name": "Nguyễn",
                                                        "username": "user7"}
    call = api.wait_for("sendMessage")
    assert call.token == "ANY:token" and call.params["reply_markup"]["inline_keyboard"]
    assert api.wait_for("getUpdates").params == {"timeout": 0, "limit": 5}


def test_multipart_uploads_are_recorded_with_their_fields(api: FakeBotApi) -> None:
    message = run(lambda bot: bot.send_document(DEFAULT_USER_ID, io.BytesIO(b"%PDF-1.4"),
                                                filename="kq.pdf", caption="Tệp"), api)

    call = api.wait_for("sendDocument")
    assert call.params == {"chat_id": DEFAULT_USER_ID, "caption": "Tệp"}
    assert call.files["document"].data == b"%PDF-1.4"
    assert call.files["document"].filename == "kq.pdf"
    assert message.document.file_name == "kq.pdf" and message.caption == "Tệp"


def test_unknown_methods_answer_true_and_are_recorded(api: FakeBotApi) -> None:
    result = run(lambda bot: bot.do_api_request("setSomethingNew", api_kwargs={"x": 1}), api)

    assert result is True
    assert api.wait_for("setsomethingnew").params == {"x": 1}


def test_files_can_be_downloaded(api: FakeBotApi) -> None:
    api.add_file("voice-1", b"OggS...")

    async def download(bot: Bot) -> bytes:
        return bytes(await (await bot.get_file("voice-1")).download_as_bytearray())

    assert run(download, api) == b"OggS..."


# ----------------------------------------------------------------------------- updates


def test_get_updates_returns_queued_updates_that_parse(api: FakeBotApi) -> None:
    for update in (text_update("/tracuu@tracuu_test_bot bí thư huyện"),
                   callback_update("src:1"), inline_update("bí thư"),
                   sticker_update(), photo_update(caption="ảnh"), voice_update()):
        api.enqueue(update)

    updates = run(lambda bot: bot.get_updates(timeout=0), api)

    command, callback, inline, sticker, photo, voice = updates
    assert [u.update_id for u in updates] == sorted(u.update_id for u in updates)
    assert command.message.text.startswith("/tracuu")
    assert command.message.entities[0].type == "bot_command"
    assert command.message.parse_entities(["bot_command"]).popitem()[1] == \
        "/tracuu@tracuu_test_bot"
    assert command.effective_chat.id == DEFAULT_USER_ID and command.effective_user.id == \
        DEFAULT_USER_ID
    assert callback.callback_query.data == "src:1"
    assert callback.callback_query.message.from_user.id == BOT_ID
    assert inline.inline_query.query == "bí thư"
    assert sticker.message.sticker.emoji == "👍"
    assert photo.message.photo[-1].width == 1280 and photo.message.caption == "ảnh"
    assert voice.message.voice.mime_type == "audio/ogg"


def test_offset_confirms_updates_and_limit_caps_the_batch(api: FakeBotApi) -> None:
    ids = [api.enqueue(text_update(f"câu {n}"))["update_id"] for n in range(4)]

    async def poll(bot: Bot) -> tuple[list[Update], ...]:
        first = await bot.get_updates(timeout=0, limit=2)
        again = await bot.get_updates(timeout=0)
        rest = await bot.get_updates(offset=ids[2], timeout=0)
        done = await bot.get_updates(offset=ids[3] + 1, timeout=0)
        return first, again, rest, done

    first, again, rest, done = run(poll, api)
    assert [u.update_id for u in first] == ids[:2]
    assert [u.update_id for u in again] == ids  # nothing confirmed yet
    assert [u.update_id for u in rest] == ids[2:]
    assert done == () and api.pending_updates() == []


def test_long_poll_returns_as_soon_as_an_update_arrives(api: FakeBotApi) -> None:
    api.max_poll_seconds = 5.0
    threading.Timer(0.2, lambda: api.enqueue(text_update("muộn"))).start()

    started = time.monotonic()
    updates = run(lambda bot: bot.get_updates(timeout=30), api)

    assert [u.message.text for u in updates] == ["muộn"]
    assert time.monotonic() - started < 2.0


def test_empty_long_poll_is_capped_by_max_poll_seconds(api: FakeBotApi) -> None:
    started = time.monotonic()
    updates = run(lambda bot: bot.get_updates(timeout=30), api)

    assert updates == () and 0.4 <= time.monotonic() - started < 2.0
    assert api.wait_for("getUpdates").outcome == "ok"


def test_mentions_replies_and_group_chats(api: FakeBotApi) -> None:
    api.enqueue(text_update("@tracuu_test_bot ai là bí thư?", chat_type="supergroup",
                            reply_to_bot=True))

    (update,) = run(lambda bot: bot.get_updates(timeout=0), api)

    message = update.message
    assert message.chat.type == "supergroup"
    assert message.parse_entities(["mention"]).popitem()[1] == "@tracuu_test_bot"
    assert message.reply_to_message.from_user.id == BOT_ID
    assert message.reply_to_message.message_id < message.message_id


def test_a_second_poller_ends_the_first_with_conflict(api: FakeBotApi) -> None:
    api.max_poll_seconds = 5.0

    async def two_pollers() -> list[Any]:
        # PTB's default getUpdates pool has one connection, which would serialise the polls.
        polling = HTTPXRequest(connection_pool_size=2)
        async with Bot(BOT_TOKEN, base_url=api.base_url, get_updates_request=polling) as bot:
            first = asyncio.create_task(bot.get_updates(timeout=5))
            await asyncio.to_thread(api.wait_for, "getUpdates")
            second = asyncio.create_task(bot.get_updates(timeout=0))
            return await asyncio.gather(first, second, return_exceptions=True)

    started = time.monotonic()
    first, second = asyncio.run(two_pollers())
    assert isinstance(first, Conflict) and second == ()
    assert time.monotonic() - started < 2.0


def test_webhook_blocks_polling_until_deleted(api: FakeBotApi) -> None:
    api.enqueue(text_update("cũ"))

    async def scenario(bot: Bot) -> tuple[Any, ...]:
        await bot.set_webhook("https://example.vn/hook")
        info = await bot.get_webhook_info()
        with pytest.raises(Conflict):
            await bot.get_updates(timeout=0)
        await bot.delete_webhook(drop_pending_updates=True)
        return info, await bot.get_updates(timeout=0)

    info, updates = run(scenario, api)
    assert info.url == "https://example.vn/hook" and info.pending_update_count == 1
    assert updates == ()


# ----------------------------------------------------------------------------- other methods


def test_edits_and_not_modified(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> tuple[Any, Any]:
        sent = await bot.send_message(DEFAULT_USER_ID, "Đang tìm…", reply_markup=keyboard())
        edited = await bot.edit_message_text("Xong", DEFAULT_USER_ID, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)message is not modified"):
            await bot.edit_message_text("Xong", DEFAULT_USER_ID, sent.message_id)
        bare = await bot.edit_message_reply_markup(DEFAULT_USER_ID, sent.message_id,
                                                   reply_markup=keyboard())
        return edited, bare

    edited, with_keyboard = run(scenario, api)
    assert edited.text == "Xong" and edited.edit_date is not None
    assert edited.reply_markup is None  # editMessageText without markup drops the keyboard
    assert with_keyboard.reply_markup == keyboard()


def test_callback_and_inline_answers(api: FakeBotApi) -> None:
    query_id = api.enqueue(callback_update("src:1"))["callback_query"]["id"]
    inline_id = api.enqueue(inline_update("huyện"))["inline_query"]["id"]
    article = InlineQueryResultArticle("1", "Kết quả", InputTextMessageContent("Nội dung"))

    async def scenario(bot: Bot) -> None:
        assert await bot.answer_callback_query(query_id, text="Đã mở nguồn")
        assert await bot.answer_inline_query(inline_id, [article], cache_time=0)
        with pytest.raises(BadRequest, match="(?i)query is too old"):
            await bot.answer_callback_query("999")

    run(scenario, api)
    assert api.wait_for("answerCallbackQuery").params == {"callback_query_id": query_id,
                                                          "text": "Đã mở nguồn"}
    results = api.wait_for("answerInlineQuery").params["results"]
    assert results[0]["input_message_content"] == {"message_text": "Nội dung"}


def test_commands_round_trip(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> tuple[Any, Any]:
        await bot.set_my_commands([BotCommand("tracuu", "Tra cứu thông tin")])
        listed = await bot.get_my_commands()
        await bot.delete_my_commands()
        return listed, await bot.get_my_commands()

    listed, after = run(scenario, api)
    assert listed == (BotCommand("tracuu", "Tra cứu thông tin"),) and after == ()
    assert api.wait_for("setMyCommands").params["commands"] == [
        {"command": "tracuu", "description": "Tra cứu thông tin"}]


@pytest.mark.parametrize(("text", "parse_mode", "reason"), [
    ("dòng 1<br>dòng 2", "HTML", 'Unsupported start tag "br"'),
    ("1 < 2", "HTML", 'Unsupported start tag ""'),
    ("<b>đậm", "HTML", "Can't find end tag"),
    ("Giá 1.000 đồng", "MarkdownV2", "Character '.' is reserved"),
    ("x" * 4097, None, "message is too long"),
    ("   ", None, "message text is empty"),
])
def test_telegram_formatting_rules_are_enforced(api: FakeBotApi, text: str,
                                                parse_mode: str | None, reason: str) -> None:
    with pytest.raises(BadRequest, match="(?i)" + re.escape(reason)):
        run(lambda bot: bot.send_message(DEFAULT_USER_ID, text, parse_mode=parse_mode), api)
    assert api.wait_for("sendMessage").outcome == "error"


def test_oversized_callback_data_is_rejected(api: FakeBotApi) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="đ" * 33)]])

    with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
        run(lambda bot: bot.send_message(DEFAULT_USER_ID, "x", reply_markup=markup), api)


# ----------------------------------------------------------------------------- faults


def test_429_raises_retry_after_then_recovers(api: FakeBotApi) -> None:
    api.fail_next("sendMessage", status=429, retry_after=7)

    async def scenario(bot: Bot) -> Any:
        with pytest.raises(RetryAfter) as caught:
            await bot.send_message(DEFAULT_USER_ID, "lần 1")
        assert caught.value.retry_after == dtm.timedelta(seconds=7)
        return await bot.send_message(DEFAULT_USER_ID, "lần 2")

    assert run(scenario, api).text == "lần 2"
    assert [c.outcome for c in api.calls("sendMessage")] == ["error", "ok"]
    assert api.calls("sendMessage")[0].status == 429


def test_429_body_has_telegrams_shape(api: FakeBotApi) -> None:
    api.fail_next("getMe", retry_after=3)
    request = urllib.request.Request(f"{api.base_url}{BOT_TOKEN}/getMe", method="POST")

    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)

    assert caught.value.code == 429
    assert json.load(caught.value) == {"ok": False, "error_code": 429,
                                       "description": "Too Many Requests: retry after 3",
                                       "parameters": {"retry_after": 3}}


@pytest.mark.parametrize(("status", "error"), [(500, NetworkError), (502, NetworkError),
                                               (403, Forbidden), (400, BadRequest)])
def test_http_errors_map_to_ptb_exceptions(api: FakeBotApi, status: int,
                                           error: type[TelegramError]) -> None:
    api.fail_next("sendMessage", status=status)

    with pytest.raises(error) as caught:
        run(lambda bot: bot.send_message(DEFAULT_USER_ID, "x"), api)

    assert isinstance(caught.value, TelegramError)
    assert api.wait_for("sendMessage").status == status


@pytest.mark.parametrize(
    ("status", "body", "content_type", "starts"),
    [
        (502, "html", "text/html", b"<html>"),
        (503, "empty", "", b""),
        (500, "malformed", "application/json", b'{"ok": false, "error_code": 50'),
        (200, "malformed", "application/json", b'{"ok": false, "error_code": 20'),
    ],
)
def test_broken_bodies_are_what_a_proxy_would_send(api: FakeBotApi, status: int, body: str,
                                                   content_type: str, starts: bytes) -> None:
    api.fail_next("sendMessage", status=status, body=body)
    request = urllib.request.Request(f"{api.base_url}{BOT_TOKEN}/sendMessage", method="POST")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as response:
            got_status, headers, data = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        got_status, headers, data = error.code, error.headers, error.read()
    assert got_status == status
    assert headers.get("Content-Type", "").split(";")[0] == content_type
    assert data.startswith(starts) and (data == b"" if body == "empty" else data)
    if body != "html":
        with pytest.raises(ValueError):
            json.loads(data)
    assert api.wait_for("sendMessage").outcome == "error"
    assert api.messages(DEFAULT_USER_ID) == []  # the call was not processed


@pytest.mark.parametrize("body", ["html", "empty", "malformed"])
def test_a_5xx_without_telegrams_json_is_a_network_error_in_ptb(api: FakeBotApi, body: str) -> None:
    api.fail_next("sendMessage", status=502, body=body)

    with pytest.raises(NetworkError, match=r"Bad Gateway \(502\)"):
        run(lambda bot: bot.send_message(DEFAULT_USER_ID, "x"), api)


def test_an_unknown_body_kind_is_refused(api: FakeBotApi) -> None:
    with pytest.raises(ValueError):
        api.fail_next("sendMessage", status=502, body="xml")


def test_dropped_connection_raises_network_error(api: FakeBotApi) -> None:
    api.drop_next("sendMessage")

    async def scenario(bot: Bot) -> Any:
        with pytest.raises(NetworkError):
            await bot.send_message(DEFAULT_USER_ID, "mất")
        return await bot.send_message(DEFAULT_USER_ID, "lại")

    assert run(scenario, api).text == "lại"
    assert [c.outcome for c in api.calls("sendMessage")] == ["dropped", "ok"]


def test_drop_after_processing_delivers_but_loses_the_answer(api: FakeBotApi) -> None:
    api.drop_next("sendMessage", after_processing=True)

    async def scenario(bot: Bot) -> Any:
        with pytest.raises(NetworkError):
            await bot.send_message(DEFAULT_USER_ID, "gửi rồi")
        return await bot.send_message(DEFAULT_USER_ID, "gửi lại")

    second = run(scenario, api)
    texts = [m["text"] for m in api.messages(DEFAULT_USER_ID)[-2:]]
    assert texts == ["gửi rồi", "gửi lại"]  # the duplicate a blind retry produces
    assert api.calls("sendMessage")[0].result["message_id"] == second.message_id - 1


def test_slow_response_with_short_read_timeout_times_out(api: FakeBotApi) -> None:
    api.delay_next("sendMessage", 0.6)

    with pytest.raises(TimedOut):
        run(lambda bot: bot.send_message(DEFAULT_USER_ID, "chậm"), api, read_timeout=0.1)

    assert api.wait_for("sendMessage").outcome == "ok"  # delivered, like a real timeout


def test_wildcard_fault_and_wait_for_count(api: FakeBotApi) -> None:
    async def retry(bot: Bot) -> Any:
        # Queued only now: entering `async with bot` already calls getMe.
        api.fail_next("*", status=500, times=2)
        for _ in range(3):
            try:
                return await bot.send_message(DEFAULT_USER_ID, "thử lại")
            except NetworkError:
                continue
        raise AssertionError("no success")

    assert run(retry, api).text == "thử lại"
    assert [c.outcome for c in api.wait_for_count("sendMessage", 3, timeout=1)] == \
        ["error", "error", "ok"]


def test_wait_for_timeout_lists_recorded_calls(api: FakeBotApi) -> None:
    run(lambda bot: bot.get_me(), api)

    with pytest.raises(AssertionError, match=r"(?s)sendMessage.*getMe \[ok 200\]"):
        api.wait_for("sendMessage", timeout=0.1)


# ----------------------------------------------------------------------------- lifecycle


def test_stop_releases_a_pending_long_poll() -> None:
    api = FakeBotApi(max_poll_seconds=30).start()
    outcome: list[Any] = []

    def poll() -> None:
        try:
            outcome.append(run(lambda bot: bot.get_updates(timeout=30), api))
        except TelegramError as exc:
            outcome.append(exc)

    poller = threading.Thread(target=poll)
    poller.start()
    api.wait_for("getUpdates")
    started = time.monotonic()
    api.stop()
    poller.join(5)

    assert time.monotonic() - started < 3 and not poller.is_alive()
    assert outcome == [()]  # answered empty, not cut off


def test_application_polls_and_replies_end_to_end(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_html("<b>Xin chào</b>")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(f"Bạn hỏi: {update.message.text}")

    async def scenario() -> None:
        app = Application.builder().token(BOT_TOKEN).base_url(api.base_url).build()
        app.add_handler(CommandHandler("start", start))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
        async with app:
            await app.start()
            await app.updater.start_polling(timeout=5, drop_pending_updates=True)
            api.enqueue(text_update("/start"))
            hello = await api.wait_for_async("sendMessage")
            api.enqueue(text_update("bí thư huyện là ai?"))
            answer = await api.wait_for_async("sendMessage", since=api.mark())
            await app.updater.stop()
            await app.stop()
        assert hello.params["parse_mode"] == "HTML" and hello.result["text"] == "Xin chào"
        assert hello.params["chat_id"] == DEFAULT_USER_ID
        assert answer.params["text"] == "Bạn hỏi: bí thư huyện là ai?"

    asyncio.run(scenario())
    assert api.calls("deleteWebhook")[0].params["drop_pending_updates"] is True


def test_a_subprocess_bot_can_use_the_server(api: FakeBotApi) -> None:
    api.enqueue(text_update("từ tiến trình khác"))
    script = textwrap.dedent("""
        import asyncio, os
        from telegram import Bot

        async def main():
            async with Bot("1:SUB", base_url=os.environ["TELEGRAM_API_BASE_URL"]) as bot:
                (update,) = await bot.get_updates(timeout=1)
                await update.message.reply_text("đã nhận: " + update.message.text)

        asyncio.run(main())
    """)
    env = {**os.environ, "TELEGRAM_API_BASE_URL": api.base_url}

    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=30)

    call = api.wait_for("sendMessage", timeout=1)
    assert call.token == "1:SUB" and call.params["text"] == "đã nhận: từ tiến trình khác"


def test_close_and_log_out_answer_true(api: FakeBotApi) -> None:
    async def scenario(bot: Bot) -> tuple[bool, bool, bool]:
        return (await bot.send_chat_action(DEFAULT_USER_ID, "typing"), await bot.close(),
                await bot.log_out())

    assert run(scenario, api) == (True, True, True)
    assert [c.method for c in api.calls()][-3:] == ["sendChatAction", "close", "logOut"]
