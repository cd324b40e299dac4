"""Two `python -m bot.cli telegram --webhook` replicas sharing one real PostgreSQL, behind no balancer at all:
the test posts each update, as Telegram would, to whichever replica it likes (tests/pgserver.py starts the
database, tests/fakebotapi.py plays the Bot API)."""

from __future__ import annotations

import asyncio
import itertools
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.ratelimit import SharedLimiter, Verdict
from bot.state import StateConfig, open_state
from tests.fakebotapi import FakeBotApi, text_update
from tests.pgserver import PostgresServer, postgres_server  # noqa: F401  (the session fixture)
from tests.test_telegram_e2e import QUESTION, ROOT, BotProcess, bot_env, post_update, sent_since, write_config

SECRET = "replica_secret"
PER_MINUTE = 3
WRITE_RETRY = 2  # seconds a write retries while PostgreSQL is away…
OUTAGE = 20  # …far shorter than the outage, so a claim must outlast the retry window
ANSWER = "11.085,046"  # Đống Đa's 2020 budget revenue, in the answer to QUESTION
_chats = itertools.count(7001)
_update_ids = itertools.count(500_001)


@dataclass
class Replica:
    process: BotProcess
    url: str  # the webhook URL
    health_url: str

    def post(self, update: dict) -> int:
        return post_update(self.url, update, SECRET)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(api: FakeBotApi, directory: Path, name: str, database_url: str) -> tuple[BotProcess, str, str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/hook"
    config = write_config(
        directory,
        name,
        extra=f"[state]\nwrite_retry_seconds = {WRITE_RETRY}",
        telegram=f'webhook_port = {port}\nwebhook_url = "{url}"\nwebhook_secret_token = "{SECRET}"\n'
        f"questions_per_minute = {PER_MINUTE}",
    )
    env = bot_env(api.base_url, config)
    env["TRACUU_DATABASE_URL"] = database_url
    stderr_path = directory / f"{name}.stderr"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "telegram", "-v", "--webhook"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr_path.open("wb"),
    )
    return BotProcess(process, stderr_path), url, f"http://127.0.0.1:{port}/healthz"


@pytest.fixture(scope="module")
def database(postgres_server: PostgresServer) -> str:  # noqa: F811
    return postgres_server.create_database()


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    with FakeBotApi() as server:
        yield server


@pytest.fixture(scope="module")
def replicas(
    api: FakeBotApi, database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Replica, Replica]]:
    directory = tmp_path_factory.mktemp("replicas")
    since = api.mark()
    # Started together, as a deployment would; each registers the same webhook.
    started = [_start(api, directory, name, database) for name in ("a", "b")]
    try:
        api.wait_for_count("setWebhook", 2, timeout=60, since=since)
    except AssertionError:
        for process, _, _ in started:
            process.stop()
        raise AssertionError("\n".join(p.stderr for p, _, _ in started)) from None
    pair = tuple(Replica(process, url, health) for process, url, health in started)
    yield pair  # type: ignore[misc]
    for replica in pair:
        assert replica.process.stop(signal.SIGTERM) == 0, replica.process.stderr
        assert "Traceback" not in replica.process.stderr, replica.process.stderr


def question(chat: int, text: str = QUESTION) -> dict:
    return {"update_id": next(_update_ids), **text_update(text, chat_id=chat)}


def health(url: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def wait_answers(api: FakeBotApi, since: int, chat: int, count: int, timeout: float = 30) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(sent := sent_since(api, since, "sendMessage", chat)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return [call.params["text"] for call in sent]


def settle(seconds: float = 1.0) -> None:
    """Give a replica that would answer twice the time to do it."""
    time.sleep(seconds)


def same_minute(needed: float) -> None:
    """Quotas count per calendar minute: start a quota test early enough in one to finish inside it."""
    left = 60 - time.time() % 60
    if left < needed:
        time.sleep(left + 0.1)


def test_both_replicas_report_healthy(replicas: tuple[Replica, Replica]) -> None:
    for replica in replicas:
        assert health(replica.health_url) == (200, "ok")


def test_a_wrong_secret_is_refused(api: FakeBotApi, replicas: tuple[Replica, Replica]) -> None:
    chat = next(_chats)
    since = api.mark()
    assert post_update(replicas[0].url, question(chat), "wrong") == 403
    settle()
    assert sent_since(api, since, "sendMessage", chat) == []


def post_raw(url: str, body: bytes, headers: dict[str, str]) -> int | str:
    """POST `body` as is; the status, or the name of the error when the server cut the connection."""
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **headers})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError) as error:
        return type(getattr(error, "reason", error)).__name__


def test_a_post_without_the_secret_header_is_refused(api: FakeBotApi, replicas: tuple[Replica, Replica]) -> None:
    chat = next(_chats)
    since = api.mark()
    assert post_raw(replicas[1].url, json.dumps(question(chat)).encode(), {}) == 403
    settle()
    assert sent_since(api, since, "sendMessage", chat) == []


def test_a_body_past_the_cap_is_refused_unread(api: FakeBotApi, replicas: tuple[Replica, Replica]) -> None:
    chat = next(_chats)
    update = question(chat)
    update["message"]["text"] = QUESTION + " " * (2 * 1024 * 1024)  # 2 MB, over the 1 MB default
    since = api.mark()
    status = post_raw(replicas[0].url, json.dumps(update).encode(), {"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert status in (400, "ConnectionResetError", "BrokenPipeError"), status
    settle()
    assert sent_since(api, since, "sendMessage", chat) == []
    assert health(replicas[0].health_url) == (200, "ok")


def test_a_redelivered_update_is_answered_once(api: FakeBotApi, replicas: tuple[Replica, Replica]) -> None:
    chat = next(_chats)
    update = question(chat)
    since = api.mark()
    for replica in (*replicas, *replicas):
        assert replica.post(update) == 200
    assert ANSWER in wait_answers(api, since, chat, 1)[0]
    settle()
    assert len(sent_since(api, since, "sendMessage", chat)) == 1


def test_the_per_minute_limit_holds_across_replicas(api: FakeBotApi, replicas: tuple[Replica, Replica]) -> None:
    chat = next(_chats)
    same_minute(20)
    since = api.mark()
    for n in range(2 * PER_MINUTE):
        assert replicas[n % 2].post(question(chat)) == 200
        time.sleep(0.2)  # in order, so that the refused ones are the last
    texts = wait_answers(api, since, chat, PER_MINUTE + 1)
    settle()
    texts = [call.params["text"] for call in sent_since(api, since, "sendMessage", chat)]
    # Three answers and one refusal between both replicas; the other refused questions get no reply.
    assert sum(ANSWER in text for text in texts) == PER_MINUTE
    refusals = [text for text in texts if text.startswith("Bạn hỏi hơi nhanh")]
    assert len(refusals) == 1 and f"tối đa {PER_MINUTE} câu" in refusals[0]
    assert len(texts) == PER_MINUTE + 1


def test_a_follow_up_on_the_other_replica_is_understood(api: FakeBotApi, replicas: tuple[Replica, Replica]) -> None:
    chat = next(_chats)
    since = api.mark()
    first = "Tổng thu NSNN năm 2020 của Hoàn Kiếm bằng bao nhiêu phần trăm dự toán?"
    assert replicas[0].post(question(chat, first)) == 200
    assert "105,1%" in wait_answers(api, since, chat, 1)[0]
    since = api.mark()
    assert replicas[1].post(question(chat, "Còn Đống Đa thì sao?")) == 200
    assert ANSWER in wait_answers(api, since, chat, 1)[0]


def claimed(database: str, ids: list[int]) -> set[int]:
    import psycopg

    with psycopg.connect(database, autocommit=True) as connection:
        rows = connection.execute("SELECT update_id FROM updates WHERE update_id = ANY(%s)", (ids,)).fetchall()
    return {int(row[0]) for row in rows}


def test_postgres_away_longer_than_the_retry_window_answers_each_question_once(
    api: FakeBotApi, replicas: tuple[Replica, Replica], postgres_server: PostgresServer, database: str  # noqa: F811
) -> None:
    chats = [next(_chats) for _ in range(50)]  # two questions each: within every chat's limit
    updates = [question(chat) for chat in chats * 2]
    since = api.mark()

    def post_all(batch: list[dict]) -> None:
        for update in batch:  # as a redelivering Telegram behind a balancer might: to both replicas
            for replica in replicas:
                assert replica.post(update) == 200
            time.sleep(0.05)

    post_all(updates[:30])
    postgres_server.stop()
    stopped_at = time.monotonic()
    try:
        assert health(replicas[0].health_url)[0] == 503
        post_all(updates[30:70])
        time.sleep(max(0.0, OUTAGE - (time.monotonic() - stopped_at)))
    finally:
        postgres_server.start()
    after = updates[70:]
    post_all(after)
    for chat in chats:
        texts = wait_answers(api, since, chat, 2, timeout=90)
        assert sum(ANSWER in text for text in texts) == 2, (chat, texts)
    settle(2.0)
    twice = {chat: n for chat in chats if (n := len(sent_since(api, since, "sendMessage", chat))) != 2}
    assert twice == {}  # every question answered exactly once, none twice
    ids = [update["update_id"] for update in updates]
    assert claimed(database, ids) == set(ids)  # every claim landed once the store was back
    deadline = time.monotonic() + 10
    while health(replicas[1].health_url)[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert health(replicas[1].health_url) == (200, "ok")
    for replica in replicas:
        assert "Traceback" not in replica.process.stderr, replica.process.stderr


def test_sigterm_while_the_store_is_away_stops_the_replicas(
    api: FakeBotApi, replicas: tuple[Replica, Replica], postgres_server: PostgresServer  # noqa: F811
) -> None:
    """Last of the replica tests: it stops them. A claim waiting for the store must not hold the stop up."""
    chat = next(_chats)
    since = api.mark()
    postgres_server.stop()
    try:
        for replica in replicas:
            assert replica.post(question(chat)) == 200
        time.sleep(1.5)  # both claims are waiting now
        for replica in replicas:
            assert replica.process.stop(signal.SIGTERM, timeout=15) == 0, replica.process.stderr
    finally:
        postgres_server.start()
    assert sent_since(api, since, "sendMessage", chat) == []  # claimed by nobody: not answered, not twice
    for replica in replicas:
        assert "Traceback" not in replica.process.stderr, replica.process.stderr


def test_shared_limiter_counts_in_the_store_and_refuses_once(tmp_path: Path) -> None:
    now = 6_000_125.0  # 55 seconds before the next minute
    store = open_state(StateConfig(state_dir=tmp_path), clock=lambda: now)
    try:
        first, second = SharedLimiter(2, store, clock=lambda: now), SharedLimiter(2, store, clock=lambda: now)

        async def run() -> list[Verdict]:
            return [await limiter.hit(42) for limiter in (first, second, first, second)]

        assert asyncio.run(run()) == [
            Verdict(True),
            Verdict(True),
            Verdict(False, retry_after=55.0, first_refusal=True),
            Verdict(False, retry_after=55.0, first_refusal=False),
        ]
    finally:
        store.close()


def test_shared_limiter_without_a_store_counts_here() -> None:
    limiter = SharedLimiter(1)

    async def run() -> list[bool]:
        return [(await limiter.hit("chat")).allowed for _ in range(2)]

    assert asyncio.run(run()) == [True, False]
