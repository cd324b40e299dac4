"""Network faults and hostile input against the real `tracuu telegram` process and the fake Bot API.

After every fault (flood control, 5xx, dropped connections, slow and timed-out responses, on sending
and on polling) the questions waiting at that moment are still answered, each exactly once, each in
its own chat. The bot process is the one tests/test_telegram_e2e.py starts (`python -m bot telegram -v`);
its log is checked for the token after every test.

A connection dropped *after* Telegram has done the work is ambiguous to any client: the bot cannot tell
it from a drop before. It retries, so the user may see the answer twice (at least once, never lost);
a response that arrives only after the read timeout is taken as delivered and not repeated.
"""

from __future__ import annotations

import asyncio
import itertools
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.service import Service
from bot.telegram_bot.app import build_application
from bot.telegram_bot.settings import TelegramSettings
from bot.telegram_bot.transport import DeliveryFailed, MalformedResponse, worth_retrying
from tests.fakebotapi import (
    BOT_TOKEN,
    Call,
    FakeBotApi,
    callback_update,
    inline_update,
    text_update,
)
from tests.test_telegram_e2e import ROOT, BotProcess, bot_env, plain, start_bot, write_config

QUESTIONS = (
    "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
    "Quận Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ năm 2021?",
    "Quận Long Biên chi ngân sách bao nhiêu?",
    "Ai là Bí thư Quận ủy Ba Đình?",
    "Quận Hoàn Kiếm tổ chức hội nghị khi nào?",
)
SORRY = "Xin lỗi, đã có lỗi"
SETTLE = 0.4  # seconds to wait after the last expected answer, so a late duplicate would be seen
READ_TIMEOUT = 5.0  # python-telegram-bot's default read timeout, which the bot keeps

_chats = itertools.count(7001)


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(max_poll_seconds=1.0) as server:
        yield server


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    directory = tmp_path_factory.mktemp("faults")
    process = start_bot(api, directory, write_config(directory, "faults", telegram="questions_per_minute = 0"))
    yield process
    assert process.stop(signal.SIGTERM) == 0, process.stderr


@pytest.fixture(autouse=True)
def token_never_logged(request: pytest.FixtureRequest) -> Iterator[None]:
    """Whatever went wrong in a test, the bot's log (at -v) never shows the token."""
    yield
    if "bot" in request.fixturenames:
        process: BotProcess = request.getfixturevalue("bot")
        assert BOT_TOKEN.lower() not in process.stderr.lower()


# ----------------------------------------------------------------------------- helpers


def ask(api: FakeBotApi, chats: int = 3, per_chat: int = 2) -> dict[int, list[str]]:
    """Enqueue `per_chat` questions in each of `chats` new private chats; return them by chat.

    Each question names its chat, so an answer delivered to the wrong chat would be noticed.
    """
    asked: dict[int, list[str]] = {}
    for _ in range(chats):
        chat = next(_chats)
        asked[chat] = [f"{QUESTIONS[i % len(QUESTIONS)]} (chat {chat})" for i in range(per_chat)]
    for i in range(per_chat):  # interleaved, as real traffic is
        for chat, questions in asked.items():
            api.enqueue(text_update(questions[i], chat_id=chat))
    return asked


def replies(api: FakeBotApi, since: int, chat: int, outcome: str | None = "ok") -> list[str]:
    """Plain text of the messages sent to `chat` since `since` (by outcome; None: every attempt)."""
    return [
        plain(c.params["text"])
        for c in api.calls()[since:]
        if c.method == "sendMessage" and c.params.get("chat_id") == chat and (outcome is None or c.outcome == outcome)
    ]


def assert_answered_once(api: FakeBotApi, since: int, asked: dict[int, list[str]], timeout: float = 30) -> None:
    """Every question answered exactly once, in its own chat, and nothing else said there."""
    total = sum(len(q) for q in asked.values())
    api.wait_for_count(
        "sendMessage", total, timeout, predicate=lambda c: c.params.get("chat_id") in asked, since=since, outcome="ok"
    )
    time.sleep(SETTLE)
    for chat, questions in asked.items():
        sent = replies(api, since, chat)
        assert sorted(text.split("\n", 1)[0] for text in sent) == sorted(f"❓ {q}" for q in questions), sent
        assert not [text for text in sent if SORRY in text]
        delivered = [m for m in api.messages(chat) if m["from"]["is_bot"]]
        assert len(delivered) == len(questions), "a message Telegram accepted was sent again"


# ----------------------------------------------------------------------------- sending answers


def _caused(error: NetworkError, cause: BaseException | None) -> NetworkError:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (_caused(NetworkError("Internal Server Error"), None), True),  # Telegram said 5xx: nothing was done
        (_caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused")), True),
        (_caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("disconnected")), True),
        (_caused(TimedOut(), httpx.ConnectTimeout("connect")), True),  # never reached Telegram
        (_caused(TimedOut("Pool timeout"), httpx.PoolTimeout("pool")), True),
        (_caused(TimedOut(), httpx.ReadTimeout("read")), False),  # reached Telegram, answer late: not again
        (_caused(NetworkError("Bad Gateway (502)"), MalformedResponse()), True),  # a proxy's HTML page, or nothing
        (MalformedResponse(), True),  # a 200 that is not JSON: sent again rather than lost
        (_caused(BadRequest("message is too long"), None), False),
        (_caused(NetworkError("Unknown error in HTTP implementation"), UnicodeEncodeError("utf-8", "", 0, 1, "x")), False),
    ],
)
def test_which_failures_are_retried(error: NetworkError, retried: bool) -> None:
    assert worth_retrying(error) is retried



def test_flood_control_on_several_pending_answers(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    api.fail_next("sendMessage", status=429, retry_after=1, times=2)
    asked = ask(api)
    assert_answered_once(api, since, asked)
    refused = [c for c in api.calls()[since:] if c.method == "sendMessage" and c.status == 429]
    assert len(refused) == 2


def attempts(api: FakeBotApi, since: int, chat: int) -> list[Call]:
    """Every sendMessage to `chat` since `since`, failed or not."""
    return [c for c in api.calls()[since:] if c.method == "sendMessage" and c.params.get("chat_id") == chat]


def test_two_html_502s_then_the_answer_arrives(api: FakeBotApi, bot: BotProcess) -> None:
    """A 502 whose body is a proxy's HTML page is a request lost in transit, like any other 5xx."""
    since, logged = api.mark(), log_mark(bot)
    api.fail_next("sendMessage", status=502, body="html", times=2)
    asked = ask(api, chats=1, per_chat=1)
    assert_answered_once(api, since, asked)
    (chat,) = asked
    assert [(c.outcome, c.status) for c in attempts(api, since, chat)] == [("error", 502)] * 2 + [("ok", 200)]
    log = bot.stderr[logged:]
    assert "thử lại lần 2" in log and "Traceback" not in log and "<html" not in log  # one short line per retry


@pytest.mark.parametrize(("status", "body"), [(500, "empty"), (503, "malformed"), (504, "html"), (502, "empty")])
def test_a_5xx_without_telegrams_json_is_retried(api: FakeBotApi, bot: BotProcess, status: int, body: str) -> None:
    since = api.mark()
    api.fail_next("sendMessage", status=status, body=body)
    asked = ask(api, chats=1, per_chat=1)
    assert_answered_once(api, since, asked)
    (chat,) = asked
    assert [c.status for c in attempts(api, since, chat)] == [status, 200]


def test_five_429s_then_the_answer_arrives(api: FakeBotApi, bot: BotProcess) -> None:
    """retry_after is a promise, not a failure: it is honoured however often it comes, within the deadline."""
    since = api.mark()
    api.fail_next("sendMessage", status=429, retry_after=1, times=5)
    asked = ask(api, chats=1, per_chat=1)
    assert_answered_once(api, since, asked, timeout=30)
    (chat,) = asked
    sent = attempts(api, since, chat)
    assert [c.status for c in sent] == [429] * 5 + [200]
    assert all(later.time - earlier.time >= 1.0 for earlier, later in zip(sent, sent[1:]))  # each wait honoured


def test_server_errors_on_send_are_retried(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    for status in (500, 502, 503, 504):
        api.fail_next("sendMessage", status=status)
    asked = ask(api, chats=3, per_chat=2)
    assert_answered_once(api, since, asked)
    assert sorted(c.status for c in api.calls()[since:] if c.outcome == "error") == [500, 502, 503, 504]


def test_dropped_connections_on_send_are_retried(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    api.drop_next("sendMessage", times=2)
    asked = ask(api)
    assert_answered_once(api, since, asked)
    assert len([c for c in api.calls()[since:] if c.outcome == "dropped"]) == 2


def test_a_drop_after_delivery_repeats_the_answer_rather_than_lose_it(api: FakeBotApi, bot: BotProcess) -> None:
    """Telegram delivered, the response was lost: the bot cannot know, so it sends again (at least once)."""
    since = api.mark()
    api.drop_next("sendMessage", after_processing=True)
    asked = ask(api, chats=1, per_chat=1)
    (chat, (question,)), = asked.items()
    api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == chat, since=since, outcome="ok")
    time.sleep(SETTLE)
    attempts = [c.outcome for c in api.calls()[since:] if c.method == "sendMessage" and c.params.get("chat_id") == chat]
    assert attempts == ["dropped", "ok"]
    delivered = [plain(m["text"]) for m in api.messages(chat) if m["from"]["is_bot"]]
    assert [t.split("\n", 1)[0] for t in delivered] == [f"❓ {question}"] * 2


def test_a_slow_send_within_the_timeout_holds_nobody_else_up(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    api.delay_next("sendMessage", 2.0)
    asked = ask(api)
    assert_answered_once(api, since, asked)
    sends = [c for c in api.calls()[since:] if c.method == "sendMessage"]
    assert sends[-1].time - sends[0].time < 2.0  # the others went out while the first waited


def test_a_send_answered_after_the_read_timeout_is_not_repeated(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    api.delay_next("sendMessage", READ_TIMEOUT + 0.5)
    asked = ask(api, chats=2, per_chat=1)
    assert_answered_once(api, since, asked, timeout=READ_TIMEOUT + 10)
    time.sleep(READ_TIMEOUT + 0.8 - SETTLE)  # past the bot's timeout, when a retry or an apology would be sent
    for chat, questions in asked.items():
        assert len(replies(api, since, chat, outcome=None)) == 1


def test_typing_indicator_failures_do_not_withhold_answers(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    api.fail_next("sendChatAction", status=500, times=3)
    api.drop_next("sendChatAction", times=2)
    asked = ask(api)
    assert_answered_once(api, since, asked)


def test_every_method_failing_once(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    api.fail_next("*", status=500)
    api.fail_next("sendMessage", status=502)
    api.drop_next("sendChatAction")
    asked = ask(api, chats=4, per_chat=2)
    assert_answered_once(api, since, asked)


def test_an_error_that_quotes_the_token_is_logged_without_it(api: FakeBotApi, bot: BotProcess) -> None:
    since, logged = api.mark(), log_mark(bot)
    api.fail_next("sendMessage", status=400, description=f"Bad Request: wrong url /bot{BOT_TOKEN}/sendMessage")
    asked = ask(api, chats=1, per_chat=1)
    (chat,) = asked
    api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == chat, since=since, outcome="ok")
    time.sleep(SETTLE)
    log = bot.stderr[logged:]
    assert "rong url" in log and "<TELEGRAM_BOT_TOKEN>" in log  # logged, redacted
    assert BOT_TOKEN.lower() not in log.lower()  # PTB capitalises error messages: the token in lower case


# ----------------------------------------------------------------------------- receiving questions


@pytest.mark.parametrize(
    ("fault", "failed"),
    [
        ("500", 2), ("502", 1), ("429", 1), ("drop", 1), ("drop after processing", 1), ("slow", 0),
        ("502 html", 2), ("500 empty", 1), ("503 malformed", 1), ("200 malformed", 2), ("200 html", 1),
    ],
)
def test_polling_faults_lose_no_question(api: FakeBotApi, bot: BotProcess, fault: str, failed: int) -> None:
    """The questions arrive while getUpdates is failing; they are fetched again and answered once."""
    since = api.mark()
    if fault == "drop":
        api.drop_next("getUpdates")
    elif fault == "drop after processing":
        api.drop_next("getUpdates", after_processing=True)  # the update is read, its response lost
    elif fault == "slow":
        api.delay_next("getUpdates", 2.0)
    else:
        status, _, body = fault.partition(" ")
        api.fail_next(
            "getUpdates", status=int(status), retry_after=1 if status == "429" else None, times=failed, body=body or "json"
        )
    api.wait_for("getUpdates", since=since, timeout=5)  # the poll that meets the fault has begun
    asked = ask(api)
    assert_answered_once(api, since, asked)
    polls = [c for c in api.calls()[since:] if c.method == "getUpdates"]
    assert len([c for c in polls if c.outcome in ("error", "dropped")]) == failed
    if fault == "drop after processing":
        assert [c.result for c in polls if c.outcome == "dropped"][0], "the lost response carried the questions"


def test_twenty_questions_through_mixed_broken_replies_are_all_answered(api: FakeBotApi, bot: BotProcess) -> None:
    """Malformed JSON, HTML 502s, empty 5xx and 429s on both polling and sending: no question is lost."""
    since = api.mark()
    api.fail_next("getUpdates", status=200, body="malformed")
    api.fail_next("getUpdates", status=502, body="html")
    for status, body in ((502, "html"), (500, "malformed"), (503, "empty"), (429, "json"), (429, "json")):
        api.fail_next("sendMessage", status=status, body=body)
    api.wait_for("getUpdates", since=since, timeout=5)
    asked = ask(api, chats=10, per_chat=2)
    assert_answered_once(api, since, asked, timeout=60)
    assert len([c for c in api.calls()[since:] if c.outcome == "error"]) == 7


# ----------------------------------------------------------------------------- hostile input


def log_mark(process: BotProcess) -> int:
    return len(process.stderr)


FORGED_CALLBACK_DATA = [
    "p_000_0b6753d6958e9fca_0", "p_000_0b6753d6958e9fca_-1", "p_../../etc/passwd_1", "h_zzzz_1", "p__1", "p_x_",
    "h_0123456789abcdef_2", "p_000_0b6753d6958e9fca_99999999999999", "q:99", "q:-1", "q:", "q:1e3", "💥", "x" * 64,
    "<b>x</b>", "",
]


def test_forged_callback_data_gets_a_polite_answer(api: FakeBotApi, bot: BotProcess) -> None:
    since, logged = api.mark(), log_mark(bot)
    chats = {}
    for data in FORGED_CALLBACK_DATA:
        chat = next(_chats)
        chats[api.enqueue(callback_update(data, chat_id=chat))["callback_query"]["id"]] = chat
    answered = api.wait_for_count(
        "answerCallbackQuery", len(chats), predicate=lambda c: c.params.get("callback_query_id") in chats, since=since
    )
    for call in answered:
        assert call.outcome == "ok"
        assert "Không tìm thấy" in call.params["text"] or "Nút này đã cũ" in call.params["text"], call
    time.sleep(SETTLE)
    assert not [c for c in api.calls()[since:] if c.params.get("chat_id") in chats.values()]  # no apology: no error
    assert "Traceback" not in bot.stderr[logged:]


@pytest.mark.parametrize(
    "payload",
    ["p_000_0b6753d6958e9fca_0", "p_000_0b6753d6958e9fca_1000000", "%3Cb%3E", "p_x_1 extra words", "h_" + "f" * 16 + "_1",
     "p_000_0b6753d6958e9fca_6" + "\u0301", "'; DROP TABLE", "p_" + "a" * 70 + "_1"],
)
def test_forged_deep_links_are_politely_not_found(api: FakeBotApi, bot: BotProcess, payload: str) -> None:
    chat = next(_chats)
    since, logged = api.mark(), log_mark(bot)
    api.enqueue(text_update(f"/start {payload}", chat_id=chat))
    reply = api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == chat, since=since)
    assert reply.outcome == "ok"
    assert "không tìm thấy đoạn văn" in plain(reply.params["text"])
    assert "Traceback" not in bot.stderr[logged:]


@pytest.mark.parametrize(
    "question",
    [
        "<b>Đống Đa</b> thu ngân sách?",
        "</blockquote><a href='javascript:alert(1)'>x</a>",
        "&lt;b&gt; &amp;amp; &#60;i&#62; & < >",
        "<tg-spoiler>bí mật</tg-spoiler> quận Sơn Trà",
        "\u202eQuận Sơn Trà\u202c có bao nhiêu đảng viên? 👨\u200d👩\u200d👧",
        "x" * 5000,
        "a\u0301" * 3000,
        "\x01\x02\x1b[31m quận Long Biên",
    ],
)
def test_user_text_is_shown_as_typed_never_as_markup(api: FakeBotApi, bot: BotProcess, question: str) -> None:
    chat = next(_chats)
    since = api.mark()
    api.enqueue(text_update(question, chat_id=chat))
    reply = api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == chat, since=since)
    assert reply.outcome == "ok", reply  # the fake parses HTML as strictly as Telegram
    shown = " ".join(question.split())
    if len(shown) <= 300:
        assert f"❓ {shown}" in reply.result["text"]
    assert "javascript:" not in str(reply.result.get("entities", []))


def test_inline_query_with_markup_and_odd_characters(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    query = api.enqueue(inline_update("<b>Đống Đa</b> & \u202e thu ngân sách năm 2020 \x00", user_id=7999))
    answered = api.wait_for("answerInlineQuery", since=since)
    assert answered.outcome == "ok"
    assert answered.params["inline_query_id"] == query["inline_query"]["id"]


# ----------------------------------------------------------------------------- allow-list


def test_allow_list_covers_messages_callbacks_and_inline_queries(own_api: FakeBotApi, tmp_path: Path) -> None:
    allowed, stranger = 7501, 7502
    config = write_config(tmp_path, "allow", telegram=f"allowed_chat_ids = [{allowed}]\nquestions_per_minute = 0")
    process = start_bot(own_api, tmp_path, config)
    try:
        since = own_api.mark()
        own_api.enqueue(text_update(QUESTIONS[0], chat_id=stranger))
        own_api.enqueue(text_update("/start p_000_0b6753d6958e9fca_6", chat_id=stranger))
        own_api.enqueue(text_update("/sources", chat_id=stranger))
        callback = own_api.enqueue(callback_update("p_000_0b6753d6958e9fca_7", chat_id=stranger, user_id=stranger))
        example = own_api.enqueue(callback_update("q:0", chat_id=stranger, user_id=stranger))
        inline = own_api.enqueue(inline_update(QUESTIONS[0], user_id=stranger))
        own_api.enqueue(text_update(QUESTIONS[0], chat_id=allowed, user_id=allowed))
        answer = own_api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == allowed, since=since)
        assert "11.085,046" in answer.params["text"]
        refusals = own_api.wait_for_count("answerCallbackQuery", 2, since=since)
        assert {c.params["callback_query_id"] for c in refusals} == {
            callback["callback_query"]["id"], example["callback_query"]["id"]
        }
        assert all("chỉ phục vụ" in c.params["text"] for c in refusals)
        empty = own_api.wait_for("answerInlineQuery", since=since)
        assert empty.params["inline_query_id"] == inline["inline_query"]["id"] and empty.params["results"] == []
        time.sleep(SETTLE)
        to_stranger = replies(own_api, since, stranger, outcome=None)
        assert len(to_stranger) == 1 and "chỉ phục vụ" in to_stranger[0]  # one polite refusal, nothing served
        assert not [c for c in own_api.calls()[since:] if c.method == "editMessageText"]
    finally:
        assert process.stop(signal.SIGTERM) == 0, process.stderr
    assert BOT_TOKEN not in process.stderr


@pytest.fixture
def own_api() -> Iterator[FakeBotApi]:
    with FakeBotApi(max_poll_seconds=1.0) as server:
        yield server


# ----------------------------------------------------------------------------- the delivery deadline


def test_past_the_deadline_the_user_gets_the_apology_and_the_log_says_so(own_api: FakeBotApi, tmp_path: Path) -> None:
    config = write_config(tmp_path, "deadline", telegram="questions_per_minute = 0\ndelivery_deadline = 1")
    process = start_bot(own_api, tmp_path, config)
    try:
        # Telegram asks for a wait longer than the deadline: given up at once, not after the wait.
        chat, since = next(_chats), own_api.mark()
        own_api.fail_next("sendMessage", status=429, retry_after=30)
        own_api.enqueue(text_update(QUESTIONS[0], chat_id=chat))
        apology = own_api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == chat, since=since, outcome="ok")
        assert SORRY in plain(apology.params["text"]) and apology.time - own_api.calls()[since].time < 5
        assert [c.status for c in attempts(own_api, since, chat)] == [429, 200]

        # 5xx until the deadline: retried after 0.5 s, then the next pause (1 s) would pass it.
        chat, since = next(_chats), own_api.mark()
        own_api.fail_next("sendMessage", status=502, body="html", times=3)
        own_api.enqueue(text_update(QUESTIONS[1], chat_id=chat))
        apology = own_api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == chat, since=since, outcome="ok")
        assert SORRY in plain(apology.params["text"])
        assert [c.status for c in attempts(own_api, since, chat)] == [502, 502, 502, 200]  # the apology retried too
        time.sleep(SETTLE)
    finally:
        assert process.stop(signal.SIGTERM) == 0, process.stderr
    undelivered = [line for line in process.stderr.splitlines() if "answer not delivered" in line]
    assert len(undelivered) == 2 and all(" ERROR: " in line for line in undelivered), process.stderr
    assert "Traceback" not in process.stderr


def test_an_undelivered_answer_is_handed_to_the_hook(seed_service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    """build_application's on_undelivered hook gets the update (the question) and the failure."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # PTB 22 warns on every RetryAfter otherwise
    told: list[tuple[Update, DeliveryFailed]] = []
    settings = TelegramSettings(questions_per_minute=0, delivery_deadline=1)

    async def scenario(api: FakeBotApi) -> None:
        application = build_application(
            seed_service, settings, BOT_TOKEN, api.base_url, on_undelivered=lambda u, e: told.append((u, e))
        )
        async with application:
            await application.start()
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0.0, timeout=1)
            try:
                api.fail_next("sendMessage", status=429, retry_after=30)
                api.enqueue(text_update(QUESTIONS[2], chat_id=7900))
                await api.wait_for_async("sendMessage", lambda c: SORRY in c.params.get("text", ""), outcome="ok")
            finally:
                await application.updater.stop()
                await application.stop()

    with FakeBotApi(max_poll_seconds=1.0) as api:
        asyncio.run(scenario(api))
    [(update, error)] = told
    assert update.effective_message is not None and update.effective_message.text == QUESTIONS[2]
    assert error.endpoint == "sendMessage" and isinstance(error.last, RetryAfter)


# ----------------------------------------------------------------------------- a rejected token


@pytest.mark.parametrize("status", [401, 404])
def test_a_token_rejected_on_getupdates_ends_the_process_with_one_line(
    own_api: FakeBotApi, tmp_path: Path, status: int
) -> None:
    """Never alive and silent: a supervisor sees the exit and restarts or alerts."""
    env = bot_env(own_api.base_url, write_config(tmp_path, "revoked", telegram="questions_per_minute = 0"))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "telegram"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        own_api.wait_for("getUpdates", timeout=30)
        chat = next(_chats)
        own_api.enqueue(text_update(QUESTIONS[0], chat_id=chat))
        own_api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == chat, outcome="ok")  # it was serving
        own_api.fail_next("getUpdates", status=status, times=1000)  # the token is revoked
        revoked = time.monotonic()
        _, stderr = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert time.monotonic() - revoked < 10
    assert process.returncode == 1
    assert "Traceback" not in stderr and "Task was destroyed" not in stderr
    [line] = [line for line in stderr.splitlines() if line.strip()]
    assert line.startswith("tracuu: ") and "không nhận token" in line and "TELEGRAM_BOT_TOKEN" in line
    assert BOT_TOKEN not in line
