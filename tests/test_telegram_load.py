"""Load: 200 chats ask 5 questions each at once; every question gets exactly one answer, in its chat.

The bot is built by the real build_application (concurrent update processing on) and polls the fake Bot
API in this process, so latencies are measured on one clock: from enqueuing an update to the arrival of
its sendMessage. Telegram's own cap (30 messages a second, enforced by the bot's flood limiter) is lifted
here: with it, 1000 answers would take over a minute by design, and this test measures the bot, not the
cap. Throughput and p95 latency are printed (see README's reliability section).
"""

from __future__ import annotations

import asyncio
import functools
import statistics
import time

import pytest

import bot.telegram_bot.app as telegram_app
from bot.service import Service
from bot.telegram_bot.app import ALLOWED_UPDATES, CONCURRENT_UPDATES, build_application
from bot.telegram_bot.settings import TelegramSettings
from tests.fakebotapi import BOT_TOKEN, FakeBotApi, parse_html, text_update

CHATS = 200
PER_CHAT = 5
FIRST_CHAT = 800001
QUESTIONS = (
    "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?",
    "Quận Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ năm 2021?",
    "Quận Long Biên chi ngân sách bao nhiêu?",
    "Ai là Bí thư Quận ủy Ba Đình?",
    "Quận Hoàn Kiếm tổ chức hội nghị khi nào?",
)


def question(chat: int, n: int) -> str:
    return f"{QUESTIONS[n]} (chat {chat})"


async def serve_load(api: FakeBotApi, service: Service) -> tuple[dict[tuple[int, str], float], float, float]:
    """Run the bot, enqueue every question at once, wait for all answers; (enqueue times, start, end)."""
    application = build_application(service, TelegramSettings(questions_per_minute=0), BOT_TOKEN, api.base_url)
    assert application.update_processor.max_concurrent_updates == CONCURRENT_UPDATES > 1
    asked: dict[tuple[int, str], float] = {}
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
        try:
            await api.wait_for_async("getUpdates")
            since = api.mark()
            start = time.monotonic()
            for n in range(PER_CHAT):  # interleaved: chat 1 asks, chat 2 asks, …, then everyone's second question
                for chat in range(FIRST_CHAT, FIRST_CHAT + CHATS):
                    asked[(chat, question(chat, n))] = time.monotonic()
                    api.enqueue(text_update(question(chat, n), chat_id=chat))
            await api.wait_for_count_async(
                "sendMessage", CHATS * PER_CHAT, 60, outcome="ok", since=since,
                predicate=lambda c: FIRST_CHAT <= c.params.get("chat_id", 0) < FIRST_CHAT + CHATS,
            )
            end = time.monotonic()
            await asyncio.sleep(0.5)  # a duplicate would arrive now
        finally:
            await application.updater.stop()
            await application.stop()
    return asked, start, end


def test_200_chats_5_questions_each(
    seed_service: Service, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        telegram_app, "RetryingRateLimiter", functools.partial(telegram_app.RetryingRateLimiter, overall_max_rate=0)
    )
    with FakeBotApi(max_poll_seconds=1.0) as api:
        asked, start, end = asyncio.run(serve_load(api, seed_service))
        sends = [c for c in api.calls("sendMessage") if FIRST_CHAT <= c.params.get("chat_id", 0) < FIRST_CHAT + CHATS]

    assert all(c.outcome == "ok" for c in sends)
    latencies = []
    answered: dict[tuple[int, str], int] = {}
    for call in sends:
        shown, _ = parse_html(call.params["text"])
        echoed = shown.split("\n", 1)[0].removeprefix("❓ ")
        key = (call.params["chat_id"], echoed)
        assert key in asked, f"an answer to {echoed!r} went to chat {key[0]}"
        answered[key] = answered.get(key, 0) + 1
        latencies.append(call.time - asked[key])
    assert answered == {key: 1 for key in asked}  # every question, exactly once, in its own chat

    elapsed = end - start
    p95 = statistics.quantiles(latencies, n=20)[-1]
    with capsys.disabled():
        print(
            f"\nload: {CHATS} chats × {PER_CHAT} questions = {len(asked)} answered once each in {elapsed:.1f} s "
            f"({len(asked) / elapsed:.0f} questions/s, {1000 * elapsed / len(asked):.1f} ms each), "
            f"enqueue→answer latency p50 {statistics.median(latencies):.2f} s, "
            f"p95 {p95:.2f} s, max {max(latencies):.2f} s (concurrent_updates={CONCURRENT_UPDATES})"
        )
