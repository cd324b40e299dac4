"""At-least-once delivery in polling mode, once as users see it: the real `tracuu telegram` process, killed with
SIGKILL after it fetched 30 questions and before it answered them, then started again (tests/fakebotapi.py
plays the Bot API, and holds responses back to stop the bot at a known point)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bot.telegram_bot.app import CONCURRENT_UPDATES
from tests.fakebotapi import FakeBotApi, text_update
from tests.test_telegram_e2e import QUESTION, ROOT, BotProcess, bot_env, write_config

ANSWER = "11.085,046"  # Đống Đa's 2020 budget revenue, in the answer to QUESTION
CHATS = list(range(8101, 8131))  # 30 private chats, one question each
HELD = 60.0  # seconds the fake API holds a response back: far longer than the test waits


def _start(api: FakeBotApi, directory: Path, name: str, config: Path) -> BotProcess:
    env = bot_env(api.base_url, config)
    env["TRACUU_STATE_DIR"] = str(directory / "state")  # both runs share the store, as on one host
    stderr_path = directory / f"{name}.stderr"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram", "-v"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr_path.open("wb"),
    )
    return BotProcess(process, stderr_path)


def _answers(api: FakeBotApi) -> Counter[int]:
    return Counter(call.params["chat_id"] for call in api.calls("sendMessage") if ANSWER in call.params.get("text", ""))


def test_kill_9_after_fetching_loses_no_question_and_repeats_at_most_the_one_in_flight(tmp_path: Path) -> None:
    config = write_config(tmp_path, "crash", telegram="questions_per_minute = 100")
    with FakeBotApi(max_poll_seconds=1.0) as api:
        for chat in CHATS:
            api.enqueue(text_update(QUESTION, chat_id=chat))
        # One handler gets its typing hint at once and is then caught sending its answer (Telegram has it,
        # the bot has no response yet); the other handlers the bot runs at once wait on their typing hints.
        api.delay_next("sendChatAction", 0.0)
        api.delay_next("sendChatAction", HELD, times=CONCURRENT_UPDATES - 1)
        api.delay_next("sendMessage", HELD)
        first = _start(api, tmp_path, "first", config)
        try:
            api.wait_for_count("sendChatAction", CONCURRENT_UPDATES, timeout=60)
            in_flight = api.wait_for("sendMessage", timeout=30)
            # PTB's next getUpdates has confirmed the batch: Telegram would never send these 30 again.
            api.wait_for("getUpdates", lambda call: int(call.params.get("offset") or 0) > 0, timeout=10)
            assert api.pending_updates() == []
        except AssertionError:
            first.stop(signal.SIGKILL)
            raise AssertionError(first.stderr) from None
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL
        assert len(api.calls("sendMessage")) == 1  # killed with 29 questions unanswered, one being sent

        second = _start(api, tmp_path, "second", config)
        try:
            deadline = time.monotonic() + 60
            while set(_answers(api)) != set(CHATS) and time.monotonic() < deadline:
                time.sleep(0.1)
            time.sleep(1.0)  # room for an answer that would come twice
        finally:
            assert second.stop(signal.SIGTERM) == 0, second.stderr
        assert "Traceback" not in second.stderr, second.stderr
    answers = _answers(api)
    assert set(answers) == set(CHATS), sorted(set(CHATS) - set(answers))
    twice = {chat: n for chat, n in answers.items() if n > 1}
    assert twice == {in_flight.params["chat_id"]: 2}, twice  # only the answer being sent at the kill
    assert len(api.calls("sendMessage")) == len(CHATS) + 1  # no apology, nothing else


def test_a_clean_stop_and_start_answers_nothing_again(tmp_path: Path) -> None:
    config = write_config(tmp_path, "clean", telegram="questions_per_minute = 100")
    with FakeBotApi(max_poll_seconds=1.0) as api:
        for chat in CHATS[:5]:
            api.enqueue(text_update(QUESTION, chat_id=chat))
        first = _start(api, tmp_path, "first", config)
        try:
            api.wait_for_count("sendMessage", 5, timeout=60)
        finally:
            assert first.stop(signal.SIGTERM) == 0, first.stderr
        second = _start(api, tmp_path, "second", config)
        try:
            since = api.mark()
            api.wait_for("getUpdates", since=since, timeout=30)
            api.enqueue(text_update(QUESTION, chat_id=CHATS[5]))
            api.wait_for_count("sendMessage", 6, timeout=60)
            time.sleep(1.0)
        finally:
            assert second.stop(signal.SIGTERM) == 0, second.stderr
    assert _answers(api) == Counter({chat: 1 for chat in CHATS[:6]})
