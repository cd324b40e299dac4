"""End-to-end: the real `tracuu telegram` process against a fake Bot API server on 127.0.0.1.

Every bot here is `python -m bot telegram` in a subprocess (the same code path as the installed
command), talking real HTTP to tests/fakebotapi.py; it is stopped with SIGTERM or SIGINT and must
exit 0. No test reaches the internet.
"""

from __future__ import annotations

import io
import itertools
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.telegram_bot.transport import RedactToken
from tests.fakebotapi import (
    entity_texts,
    plain_text,
    BOT_TOKEN,
    BOT_USERNAME,
    Call,
    FakeBotApi,
    callback_update,
    inline_update,
    photo_update,
    sticker_update,
    text_update,
    voice_update,
)

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
os.environ["NO_PROXY"] = "127.0.0.1,localhost"  # the test's own HTTP (webhook posts) stays local too

BASE_CONFIG = f"""
abbreviations_file = "{ROOT}/config/abbreviations.toml"
templates_file = "{ROOT}/config/templates.toml"
documents_file = "{ROOT}/config/documents.toml"
outlets_file = "{ROOT}/config/outlets.toml"

[corpus]
dir = "{ROOT}/seeds"
"""


# ----------------------------------------------------------------------------- running the bot


@dataclass
class BotProcess:
    process: subprocess.Popen[bytes]
    stderr_path: Path

    def stop(self, sig: signal.Signals = signal.SIGTERM, timeout: float = 15) -> int:
        """Send a stop signal and return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the bot did not stop on {sig.name}:\n{self.stderr}") from None

    @property
    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


def bot_env(base_url: str | None, config: Path | None = None, token: str | None = BOT_TOKEN) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL")}
    env.update(NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost", PYTHONUNBUFFERED="1")
    if token is not None:
        env["TELEGRAM_BOT_TOKEN"] = token
    if base_url is not None:
        env["TELEGRAM_API_BASE_URL"] = base_url
    if config is not None:
        env["TRACUU_CONFIG"] = str(config)
        # A module's bot starts before the test's own isolation fixture: without this it would share the
        # user's state folder, and recorded update ids, with every earlier run.
        env["TRACUU_STATE_DIR"] = str(config.parent / "state")
    return env


def write_config(directory: Path, name: str, extra: str = "", telegram: str = "") -> Path:
    path = directory / f"{name}.toml"
    path.write_text(f"{BASE_CONFIG}\n{extra}\n[telegram]\npoll_timeout = 1\n{telegram}\n", encoding="utf-8")
    return path


def start_bot(
    api: FakeBotApi, directory: Path, config: Path, *args: str, ready_method: str = "getUpdates"
) -> BotProcess:
    """Start `python -m bot telegram -v …` and wait until it polls (or has set its webhook)."""
    stderr_path = directory / f"{config.stem}.stderr"
    since = api.mark()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram", "-v", *args],
        cwd=ROOT,
        env=bot_env(api.base_url, config),
        stdout=subprocess.DEVNULL,
        stderr=stderr_path.open("wb"),
    )
    bot = BotProcess(process, stderr_path)
    try:
        api.wait_for(ready_method, since=since, timeout=30)
    except AssertionError:
        bot.stop()
        raise AssertionError(f"the bot did not start:\n{bot.stderr}") from None
    return bot


def run_to_exit(env: dict[str, str], *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "telegram", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def in_chat(chat_id: int, contains: str | None = None) -> Callable[[Call], bool]:
    return lambda c: c.params.get("chat_id") == chat_id and (contains is None or contains in c.params.get("text", ""))


def sent_since(api: FakeBotApi, since: int, method: str, chat_id: int) -> list[Call]:
    return [c for c in api.calls()[since:] if c.method == method and c.params.get("chat_id") == chat_id]


plain = plain_text  # tests/test_telegram_faults.py imports it under this name

_chat_ids = itertools.count(5001)


@pytest.fixture
def chat() -> int:
    """A private chat of its own for each test, so tests sharing one bot never see each other's replies."""
    return next(_chat_ids)


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi(max_poll_seconds=1.0) as server:
        yield server


@pytest.fixture
def own_api() -> Iterator[FakeBotApi]:
    """A fake server for a bot of a test's own: two bots polling one server would cut each other off (409)."""
    with FakeBotApi(max_poll_seconds=1.0) as server:
        yield server


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    directory = tmp_path_factory.mktemp("bot")
    process = start_bot(api, directory, write_config(directory, "default", telegram="questions_per_minute = 100"))
    yield process
    assert process.stop(signal.SIGTERM) == 0, process.stderr
    assert BOT_TOKEN not in process.stderr


# ----------------------------------------------------------------------------- answering


def test_question_answered_with_quote_and_citation(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.enqueue(text_update(QUESTION, chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since)
    typing = api.wait_for("sendChatAction", in_chat(chat), since=since)
    assert typing.params["action"] == "typing" and typing.time <= reply.time
    assert reply.outcome == "ok"
    assert reply.params["parse_mode"] == "HTML"
    assert reply.params["link_preview_options"] == {"is_disabled": True}
    text = reply.params["text"]
    quotes = entity_texts(text, "blockquote")
    assert len(quotes) == 1 and "11.085,046" in quotes[0]
    assert "[1] quận Đống Đa, Hà Nội · 15/01/2021 · Đảng bộ quận Đống Đa" in plain(text)
    assert f'<a href="https://t.me/{BOT_USERNAME}?start=p_000_0b6753d6958e9fca_6">[1]</a>' in text


def test_deep_link_opens_the_paragraph_and_pages(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.enqueue(text_update(QUESTION, chat_id=chat))
    answer = api.wait_for("sendMessage", in_chat(chat), since=since)
    payload = re.search(rf"https://t\.me/{BOT_USERNAME}\?start=([A-Za-z0-9_-]{{1,64}})", answer.params["text"])[1]

    since = api.mark()
    api.enqueue(text_update(f"/start {payload}", chat_id=chat))
    opened = api.wait_for("sendMessage", in_chat(chat), since=since)
    shown = plain(opened.params["text"])
    assert "11.085,046" in "".join(entity_texts(opened.params["text"], "blockquote"))
    assert "quận Đống Đa, Hà Nội · 15/01/2021" in shown
    assert "Đoạn 6/" in shown
    buttons = opened.params["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["« Đoạn trước", "Đoạn sau »"]

    since = api.mark()
    api.enqueue(callback_update(buttons[1]["callback_data"], message=opened.result))
    edited = api.wait_for("editMessageText", since=since)
    assert edited.outcome == "ok"
    assert edited.params["message_id"] == opened.result["message_id"]
    assert "Đoạn 7/" in plain(edited.params["text"])
    api.wait_for("answerCallbackQuery", since=since)

    since = api.mark()
    back = edited.result["reply_markup"]["inline_keyboard"][0][0]
    api.enqueue(callback_update(back["callback_data"], message=edited.result))
    again = api.wait_for("editMessageText", since=since)
    assert "Đoạn 6/" in plain(again.params["text"])


@pytest.mark.parametrize("payload", ["p_000_0b6753d6958e9fca_999", "p_khong_co_1", "h_0123456789abcdef_2", "<b>"])
def test_forged_deep_link_is_politely_not_found(api: FakeBotApi, bot: BotProcess, chat: int, payload: str) -> None:
    since = api.mark()
    api.enqueue(text_update(f"/start {payload}", chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since)
    assert reply.outcome == "ok"
    assert "không tìm thấy" in reply.params["text"]


def test_html_in_the_question_is_escaped(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    question = "<b>Đống Đa</b> & <script>alert(1)</script> năm 2020 thu ngân sách bao nhiêu?"
    since = api.mark()
    api.enqueue(text_update(question, chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since)
    assert reply.outcome == "ok", reply  # the fake parses HTML as strictly as Telegram
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reply.params["text"]
    assert question in reply.result["text"]
    assert "11.085,046" in reply.result["text"]


def test_group_message_without_mention_is_ignored(api: FakeBotApi, bot: BotProcess) -> None:
    group = -5003
    since = api.mark()
    api.enqueue(text_update(QUESTION, chat_id=group, chat_type="group"))
    api.enqueue(sticker_update(chat_id=group, chat_type="group"))
    mention = api.enqueue(text_update(f"@{BOT_USERNAME} {QUESTION}", chat_id=group, chat_type="group"))
    reply = api.wait_for("sendMessage", in_chat(group), since=since)
    assert reply.params["reply_parameters"]["message_id"] == mention["message"]["message_id"]
    assert "11.085,046" in reply.params["text"]
    assert f"@{BOT_USERNAME}" not in plain(reply.params["text"])  # the mention is not part of the question
    time.sleep(0.5)
    assert len(sent_since(api, since, "sendMessage", group)) == 1


def test_group_reply_to_the_bot_and_ask_command_are_answered(api: FakeBotApi, bot: BotProcess) -> None:
    group = -5004
    since = api.mark()
    replied = api.enqueue(text_update(QUESTION, chat_id=group, chat_type="group", reply_to_bot=True))
    first = api.wait_for("sendMessage", in_chat(group), since=since)
    assert first.params["reply_parameters"]["message_id"] == replied["message"]["message_id"]
    since = api.mark()
    api.enqueue(text_update(f"/ask@{BOT_USERNAME} {QUESTION}", chat_id=group, chat_type="group"))
    second = api.wait_for("sendMessage", in_chat(group), since=since)
    assert "11.085,046" in second.params["text"]


def test_flood_control_429_is_retried_after_retry_after(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.fail_next("sendMessage", status=429, retry_after=1)
    api.enqueue(text_update(QUESTION, chat_id=chat))
    delivered = api.wait_for("sendMessage", in_chat(chat), since=since, outcome="ok")
    refused = [c for c in sent_since(api, since, "sendMessage", chat) if c.outcome == "error"]
    assert [c.status for c in refused] == [429]
    assert delivered.time - refused[0].time >= 1.0
    assert "11.085,046" in delivered.params["text"]


def test_a_failing_update_is_reported_and_the_bot_keeps_answering(
    api: FakeBotApi, bot: BotProcess, chat: int
) -> None:
    since = api.mark()
    api.fail_next("sendMessage", status=400, description="Bad Request: injected failure")
    api.enqueue(text_update(QUESTION, chat_id=chat))
    sorry = api.wait_for("sendMessage", in_chat(chat), since=since, outcome="ok")
    assert "Xin lỗi, đã có lỗi" in sorry.params["text"]
    since = api.mark()
    api.enqueue(text_update(QUESTION, chat_id=chat))
    assert "11.085,046" in api.wait_for("sendMessage", in_chat(chat), since=since).params["text"]
    assert "Traceback" in bot.stderr and "injected failure" in bot.stderr.lower()  # logged with its traceback


@pytest.mark.parametrize("build", [sticker_update, photo_update, voice_update])
def test_non_text_messages_get_a_short_vietnamese_reply(
    api: FakeBotApi, bot: BotProcess, chat: int, build: Callable[..., dict]
) -> None:
    since = api.mark()
    api.enqueue(build(chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since)
    assert "Tôi chỉ đọc được tin nhắn chữ" in reply.params["text"]


# ----------------------------------------------------------------------------- commands and inline mode


def test_commands_are_registered(api: FakeBotApi, bot: BotProcess) -> None:
    assert [c["command"] for c in api.commands()] == ["start", "help", "sources", "ask", "about", "moi"]


def test_sources_lists_documents_with_district_and_date(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.enqueue(text_update("/sources", chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since)
    shown = plain(reply.params["text"])
    assert "5 bài viết trong kho" in shown
    for expected in (
        "quận Đống Đa, Hà Nội · 15/01/2021",
        "quận Long Biên, Hà Nội · 15/04/2024",
        "quận Sơn Trà, Đà Nẵng · 26/01/2022",
        "quận Hoàn Kiếm, Hà Nội",
        "quận Ba Đình, Hà Nội",
    ):
        assert expected in shown
    assert reply.params["text"].count(f"https://t.me/{BOT_USERNAME}?start=") == 5


def test_start_greets_with_coverage_and_example_buttons(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.enqueue(text_update("/start", chat_id=chat))
    greeting = api.wait_for("sendMessage", in_chat(chat), since=since)
    shown = plain(greeting.params["text"])
    assert "quận Đống Đa" in shown and "(Hà Nội)" in shown and "quận Sơn Trà (Đà Nẵng)" in shown
    assert "đến 15/04/2024" in shown
    buttons = [row[0] for row in greeting.params["reply_markup"]["inline_keyboard"]]
    assert len(buttons) == 3 and buttons[0]["text"] == QUESTION

    since = api.mark()
    api.enqueue(callback_update(buttons[0]["callback_data"], message=greeting.result))
    answer = api.wait_for("sendMessage", in_chat(chat), since=since)
    assert "11.085,046" in answer.params["text"]
    api.wait_for("answerCallbackQuery", since=since)


@pytest.mark.parametrize(("command", "expected"), [("/help", "Cách dùng"), ("/about", "Tra cứu"), ("/nope", "không biết lệnh")])
def test_help_about_and_unknown_commands(
    api: FakeBotApi, bot: BotProcess, chat: int, command: str, expected: str
) -> None:
    since = api.mark()
    api.enqueue(text_update(command, chat_id=chat))
    assert expected in plain(api.wait_for("sendMessage", in_chat(chat), since=since).params["text"])


def test_inline_query_returns_answers_as_articles(api: FakeBotApi, bot: BotProcess) -> None:
    since = api.mark()
    query = api.enqueue(inline_update(QUESTION, user_id=5099))
    answered = api.wait_for("answerInlineQuery", since=since)
    assert answered.outcome == "ok"
    assert answered.params["inline_query_id"] == query["inline_query"]["id"]
    results = answered.params["results"]
    assert results and results[0]["type"] == "article"
    assert results[0]["title"] == "quận Đống Đa, Hà Nội · 15/01/2021"
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML" and "11.085,046" in content["message_text"]


# ----------------------------------------------------------------------------- configured limits


_LIMIT_WINDOW_S = 60  # questions_per_minute counts a chat's questions in each calendar minute
_MINUTE_MARGIN_S = 25  # seconds of the minute the first three questions are given to be answered in


def test_allow_list_and_per_chat_question_limit(own_api: FakeBotApi, tmp_path: Path) -> None:
    allowed, stranger, stranger_group = 6001, 6002, -6004
    config = write_config(tmp_path, "limited", telegram=f"questions_per_minute = 2\nallowed_chat_ids = [{allowed}]")
    bot = start_bot(own_api, tmp_path, config)
    try:
        # The quota is counted per calendar minute: the questions start early in one, so none crosses into the next.
        into_minute = time.time() % _LIMIT_WINDOW_S
        if into_minute > _LIMIT_WINDOW_S - _MINUTE_MARGIN_S:
            time.sleep(_LIMIT_WINDOW_S - into_minute + 0.5)
        minute = int(time.time() // _LIMIT_WINDOW_S)
        since = own_api.mark()
        for _ in range(3):
            own_api.enqueue(text_update(QUESTION, chat_id=allowed))
        own_api.wait_for_count("sendMessage", 3, predicate=in_chat(allowed), since=since)
        texts = [c.params["text"] for c in sent_since(own_api, since, "sendMessage", allowed)]
        assert sum("11.085,046" in t for t in texts) == 2
        assert sum("Bạn hỏi hơi nhanh" in t for t in texts) == 1

        own_api.enqueue(text_update(QUESTION, chat_id=allowed))  # still limited: no second warning
        own_api.enqueue(text_update(QUESTION, chat_id=stranger_group, chat_type="group"))  # not addressed: quiet
        own_api.enqueue(text_update(QUESTION, chat_id=stranger))
        refusal = own_api.wait_for("sendMessage", in_chat(stranger), since=since)
        assert "chỉ phục vụ" in refusal.params["text"]
        time.sleep(0.5)
        if int(time.time() // _LIMIT_WINDOW_S) == minute:
            # On a machine so loaded that the next minute has begun, the fourth question is rightly answered.
            assert len(sent_since(own_api, since, "sendMessage", allowed)) == 3
        assert not sent_since(own_api, since, "sendMessage", stranger_group)
    finally:
        assert bot.stop(signal.SIGTERM) == 0, bot.stderr
    assert BOT_TOKEN not in bot.stderr


def test_a_5000_character_answer_is_split(own_api: FakeBotApi, tmp_path: Path) -> None:
    long_corpus = ROOT / "tests" / "data" / "long_corpus"
    config = write_config(
        tmp_path,
        "long",
        extra=f'[answer]\nquote_budget = 20000\nquote_max_sentences = 200\nmax_quote_chars = 20000',
    )
    text = config.read_text(encoding="utf-8").replace(f'dir = "{ROOT}/seeds"', f'dir = "{long_corpus}"')
    config.write_text(text, encoding="utf-8")
    bot = start_bot(own_api, tmp_path, config)
    chat = 6101
    try:
        since = own_api.mark()
        # a theme, not a figure: a figure question that no sentence answers with a figure is declined, not quoted
        own_api.enqueue(text_update("Năm 2023 quận Hoàng Mai đẩy mạnh những việc gì?", chat_id=chat))
        parts = own_api.wait_for_count("sendMessage", 2, predicate=in_chat(chat), since=since)
        assert all(p.outcome == "ok" for p in parts)  # each part is valid HTML within the limit
        assert all(len(p.params["text"].encode("utf-16-le")) // 2 <= 4096 for p in parts)
        quoted = "".join(q for p in parts for q in entity_texts(p.params["text"], "expandable_blockquote"))
        assert len(quoted) > 5000 and quoted.count("Trong năm 2023, quận Hoàng Mai") == 29
        assert "quận Hoàng Mai, Hà Nội · 20/01/2024" in plain(parts[-1].params["text"])
        time.sleep(0.3)
        assert len(sent_since(own_api, since, "sendMessage", chat)) == 2
    finally:
        assert bot.stop(signal.SIGINT) == 0, bot.stderr


def test_webhook_mode(own_api: FakeBotApi, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/tracuu-hook"
    config = write_config(
        tmp_path,
        "webhook",
        telegram=f'webhook_listen = "127.0.0.1"\nwebhook_port = {port}\nwebhook_url = "{url}"\nwebhook_secret_token = "s3cret_token"',
    )
    bot = start_bot(own_api, tmp_path, config, "--webhook", ready_method="setWebhook")
    chat = 6201
    try:
        registered = own_api.calls("setWebhook")[-1]
        assert registered.params["url"] == url and registered.params["secret_token"] == "s3cret_token"
        update = {"update_id": 900001, **text_update(QUESTION, chat_id=chat)}
        assert post_update(url, update, "wrong") == 403
        since = own_api.mark()
        assert post_update(url, update, "s3cret_token") == 200
        assert "11.085,046" in own_api.wait_for("sendMessage", in_chat(chat), since=since).params["text"]
    finally:
        assert bot.stop(signal.SIGTERM) == 0, bot.stderr


def post_update(url: str, update: dict, secret: str) -> int:
    """POST an update the way Telegram does; retried while the bot's web server is still starting."""
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 10
    while True:
        try:
            with opener.open(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


# ----------------------------------------------------------------------------- start-up failures


def _one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_missing_token_is_one_line_and_exit_2() -> None:
    result = run_to_exit(bot_env("http://127.0.0.1:9/bot", token=None))
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in _one_line(result.stderr)


def test_unreachable_api_is_one_line_and_non_zero() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]  # nothing listens here once the probe is closed
    result = run_to_exit(bot_env(f"http://127.0.0.1:{closed}/bot"))
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "Không kết nối được Telegram Bot API" in line and BOT_TOKEN not in line


def test_rejected_token_is_one_line_and_non_zero(own_api: FakeBotApi) -> None:
    own_api.fail_next("getMe", status=401, description="Unauthorized")
    result = run_to_exit(bot_env(own_api.base_url))
    assert result.returncode == 1
    assert "không nhận token" in _one_line(result.stderr)


@pytest.mark.parametrize(
    ("status", "body", "shown"),
    [
        (502, "html", "(Bad Gateway (502))"),  # a reverse proxy's error page
        (200, "html", "không phải JSON:"),  # a captive portal, or a base URL that is a web site
        (200, "malformed", "không phải JSON:"),
        (503, "empty", "(Service Unavailable (503))"),
    ],
)
def test_a_reply_that_is_not_json_at_start_up_is_one_line(own_api: FakeBotApi, status: int, body: str, shown: str) -> None:
    own_api.fail_next("getMe", status=status, body=body)
    result = run_to_exit(bot_env(own_api.base_url))
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "trả lời không phải JSON" in line and shown in line and "<html" not in line and BOT_TOKEN not in line


def test_webhook_without_url_is_a_usage_error(own_api: FakeBotApi, tmp_path: Path) -> None:
    result = run_to_exit(bot_env(own_api.base_url, write_config(tmp_path, "nourl")), "--webhook")
    assert result.returncode == 2
    assert "webhook_url" in _one_line(result.stderr)


def test_webhook_without_a_secret_does_not_start(own_api: FakeBotApi, tmp_path: Path) -> None:
    config = write_config(tmp_path, "nosecret", telegram='webhook_url = "https://bot.example.org/hook"')
    env = bot_env(own_api.base_url, config)
    env.pop("TELEGRAM_WEBHOOK_SECRET", None)
    result = run_to_exit(env, "--webhook")
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "TELEGRAM_WEBHOOK_SECRET" in line and "webhook_secret_token" in line
    assert own_api.calls("setWebhook") == [] and own_api.calls("getMe") == []  # refused before anything


def test_the_token_is_redacted_from_every_log_record() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactToken(BOT_TOKEN))
    log = logging.getLogger("tests.redaction")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("POST %s", f"https://api.telegram.org/bot{BOT_TOKEN}/getMe")
        try:
            raise RuntimeError(f"failed: https://api.telegram.org/bot{BOT_TOKEN}/sendMessage")
        except RuntimeError:
            log.exception("request failed")
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert BOT_TOKEN not in output
    assert output.count("<TELEGRAM_BOT_TOKEN>") == 2  # in the message and in the exception's text


def test_the_short_answer_comes_first_and_bold_and_a_missing_slot_is_said(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.enqueue(text_update("Quận Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ năm 2021?", chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since)
    assert reply.outcome == "ok", reply
    text = reply.params["text"]
    # after the question echoed, the answer first: period and place, then the figure
    assert plain(text).split("\n\n")[1] == "Năm 2021, quận Sơn Trà có 53/282 chi bộ hoàn thành xuất sắc nhiệm vụ [1]."
    assert "53/282" in entity_texts(text, "bold")  # the span, bold in the quote
    assert "53/282" in "".join(entity_texts(text, "blockquote"))

    since = api.mark()
    api.enqueue(text_update("Quận Ba Đình có bao nhiêu đảng viên?", chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since)
    assert reply.outcome == "ok", reply
    assert "Bài về quận Ba Đình (2021) không nêu số đảng viên" in plain(reply.params["text"])
    assert not entity_texts(reply.params["text"], "blockquote")


COMPARISON = "Năm 2020, quận nào thu ngân sách nhiều nhất?"


def test_a_comparison_comes_with_its_chart_as_a_photo(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.enqueue(text_update(COMPARISON, chat_id=chat))
    photo = api.wait_for("sendPhoto", in_chat(chat), since=since, timeout=30)
    reply = next(c for c in sent_since(api, since, "sendMessage", chat) if c.outcome == "ok")
    assert reply.time <= photo.time  # the cited text is the message; the chart follows it
    assert "11.085,046" in plain(reply.params["text"]) and entity_texts(reply.params["text"], "blockquote")
    assert photo.outcome == "ok"
    [upload] = photo.files.values()
    assert upload.data.startswith(b"\x89PNG\r\n\x1a\n") and len(upload.data) > 5000
    assert "nguồn [n]" in photo.params["caption"]


def test_a_chart_that_cannot_be_sent_leaves_the_text_alone(api: FakeBotApi, bot: BotProcess, chat: int) -> None:
    since = api.mark()
    api.fail_next("sendPhoto", status=400, description="Bad Request: injected photo failure")
    api.enqueue(text_update(COMPARISON, chat_id=chat))
    reply = api.wait_for("sendMessage", in_chat(chat), since=since, outcome="ok")
    assert "11.085,046" in plain(reply.params["text"])
    api.wait_for("sendPhoto", in_chat(chat), since=since, outcome="error")
    time.sleep(0.5)
    assert not any("Xin lỗi, đã có lỗi" in c.params.get("text", "") for c in sent_since(api, since, "sendMessage", chat))
    assert "Không gửi được biểu đồ so sánh" in bot.stderr and "injected photo failure" in bot.stderr.lower()
    since = api.mark()
    api.enqueue(text_update(QUESTION, chat_id=chat))  # and the bot keeps answering, without a photo for a figure
    assert "11.085,046" in api.wait_for("sendMessage", in_chat(chat), since=since).params["text"]
    assert not sent_since(api, since, "sendPhoto", chat)
