"""The state store: one suite, run against SQLite and against a real PostgreSQL server started for the session."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import stat
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.report import build_report, percentile, question_key, report_text
from bot.state import QuestionRecord, SqlStore, StateConfig, StateError, StateSchemaError, open_state, open_store, state_config
from bot.state.key import KEY_FILE, STATE_KEY_ENV, file_key
from retrieval.config import ConfigError, load_settings
from tests.pgserver import PostgresServer, postgres_server  # noqa: F401  (the session fixture)

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
START = 1_767_225_600.0  # 2026-01-01 00:00 UTC, a minute boundary
CHAT = 987654321
USER = 123456789


class Clock:
    """Time the test moves by hand."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Backing:
    """One database for one test: opens stores on it (as replicas would) and reads its tables directly."""

    def __init__(self, kind: str, state_dir: Path, url: str | None, server: PostgresServer | None) -> None:
        self.kind = kind
        self.config = StateConfig(state_dir=state_dir, database_url=url, write_retry_seconds=3.0, connect_seconds=5.0)
        self.server = server
        self._opened: list[SqlStore] = []

    def open(self, clock: Clock | None = None, **changes: Any) -> SqlStore:
        store = open_state(dataclasses.replace(self.config, **changes), clock or Clock())
        self._opened.append(store)
        return store

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.config.database_url:
            import psycopg

            with psycopg.connect(self.config.database_url) as connection:
                return [tuple(r) for r in connection.execute(sql).fetchall()]
        with sqlite3.connect(self.config.sqlite_path) as connection:
            return [tuple(r) for r in connection.execute(sql).fetchall()]

    def execute(self, sql: str) -> None:
        if self.config.database_url:
            import psycopg

            with psycopg.connect(self.config.database_url, autocommit=True) as connection:
                connection.execute(sql)
            return
        connection = sqlite3.connect(self.config.sqlite_path, isolation_level=None)
        connection.execute(sql)
        connection.close()

    def close(self) -> None:
        for store in self._opened:
            store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def backing(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backing]:
    if request.param == "postgres":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        made = Backing("postgres", tmp_path, server.create_database(), server)
    else:
        made = Backing("sqlite", tmp_path, None, None)
    yield made
    made.close()


@pytest.fixture()
def postgres(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[Backing]:  # noqa: F811
    made = Backing("postgres", tmp_path, postgres_server.create_database(), postgres_server)
    yield made
    made.close()


def record(question: str, answered: bool, latency: int = 10, **fields: Any) -> QuestionRecord:
    return QuestionRecord(front_end=fields.pop("front_end", "telegram"), question=question, answered=answered,
                          latency_ms=latency, **fields)


# ------------------------------------------------------------------------------------------------------- context


def test_context_round_trip_and_idle_expiry(backing: Backing) -> None:
    clock = Clock()
    store = backing.open(clock)
    context = {"district": "Ba Đình", "year": 2021, "turns": [{"q": "Quận Ba Đình có bao nhiêu đảng viên?"}]}
    store.save_context("chat:1", context)
    assert store.load_context("chat:1") == context
    assert store.load_context("chat:2") is None
    clock.now += 29 * 60
    assert store.load_context("chat:1") == context
    clock.now += 2 * 60  # 31 minutes idle: the default expiry is 30
    assert store.load_context("chat:1") is None
    store.save_context("chat:1", {"district": "Đống Đa"})
    assert store.load_context("chat:1") == {"district": "Đống Đa"}
    store.clear_context("chat:1")
    assert store.load_context("chat:1") is None


def test_context_survives_a_restart_and_is_seen_by_another_replica(backing: Backing) -> None:
    first = backing.open()
    first.save_context("chat:7", {"district": "Sơn Trà"})
    first.close()
    assert backing.open().load_context("chat:7") == {"district": "Sơn Trà"}


def test_context_keeps_the_last_turns_within_the_byte_cap(backing: Backing) -> None:
    store = backing.open(context_max_turns=3, context_max_bytes=200)
    store.save_context("c", {"turns": [f"câu {n}" for n in range(10)]})
    assert store.load_context("c") == {"turns": ["câu 7", "câu 8", "câu 9"]}
    store.save_context("c", {"turns": ["x" * 80, "y" * 80, "z" * 80]})
    assert store.load_context("c") == {"turns": ["y" * 80, "z" * 80]}
    store.save_context("c", {"note": "n" * 500})  # cannot fit: the stale context must not be used either
    assert store.load_context("c") is None


# -------------------------------------------------------------------------------------------- quotas and dedupe


def test_quota_is_per_chat_and_per_minute(backing: Backing) -> None:
    clock = Clock()
    store = backing.open(clock)
    assert [store.take_quota("a", 3) for _ in range(5)] == [True, True, True, False, False]
    assert store.take_quota("b", 3)
    clock.now += 60
    assert store.take_quota("a", 3)
    assert all(store.take_quota("a", 0) for _ in range(100))  # 0 turns the limit off


def test_concurrent_replicas_never_exceed_a_chat_limit(backing: Backing) -> None:
    clock = Clock()
    replicas = [backing.open(clock), backing.open(clock)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        taken = list(pool.map(lambda n: replicas[n % 2].take_quota("chat", 50), range(160)))
    assert taken.count(True) == 50


def test_concurrent_takes_lose_no_count(backing: Backing) -> None:
    clock = Clock()
    replicas = [backing.open(clock), backing.open(clock)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        taken = list(pool.map(lambda n: replicas[n % 2].take_quota("chat", 1000), range(200)))
    assert all(taken)
    assert not replicas[0].take_quota("chat", 200)  # exactly 200 were counted
    assert replicas[0].take_quota("chat", 201)


def test_an_update_is_claimed_exactly_once_across_replicas(backing: Backing) -> None:
    replicas = [backing.open(), backing.open()]
    attempts = [(replica, update_id) for update_id in range(1000, 1040) for replica in replicas for _ in range(3)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        claimed = list(pool.map(lambda pair: (pair[1], pair[0].claim_update(pair[1])), attempts))
    winners = sorted(update_id for update_id, won in claimed if won)
    assert winners == list(range(1000, 1040))


# ----------------------------------------------------------------------------------------- question log and votes


def test_a_vote_is_one_per_user_and_can_be_changed(backing: Backing) -> None:
    store = backing.open()
    log_id = store.log_question(record("Quận Đống Đa thu ngân sách bao nhiêu?", True, citation="000_abc:6"))
    assert log_id > 0
    assert store.record_vote(log_id, USER, -1)
    assert store.record_vote(log_id, USER, -1)
    assert [d.down for d in store.report_data(0, START + 1).disliked] == [1]
    assert store.record_vote(log_id, USER, +1)  # changed its mind
    assert store.report_data(0, START + 1).disliked == ()
    assert store.record_vote(log_id, USER + 1, -1)
    disliked = store.report_data(0, START + 1).disliked
    assert [(d.log_id, d.citation, d.down, d.up) for d in disliked] == [(log_id, "000_abc:6", 1, 1)]
    assert backing.rows("SELECT COUNT(*) FROM votes") == [(2,)]
    assert not store.record_vote(log_id + 100, USER, -1)  # no such answer
    with pytest.raises(ValueError):
        store.record_vote(log_id, USER, 0)


def test_the_log_holds_no_raw_chat_or_user_id(backing: Backing) -> None:
    store = backing.open()
    log_id = store.log_question(record("Ai viết bài về quận Long Biên?", True, chat_id=CHAT))
    store.record_vote(log_id, USER, -1)
    store.save_context(str(CHAT), {"district": "Long Biên"})
    store.take_quota(str(CHAT), 10)
    dump = json.dumps([backing.rows(f"SELECT * FROM {table}") for table in ("questions", "votes", "context", "quota")],
                      ensure_ascii=False)
    assert str(CHAT) not in dump and str(USER) not in dump
    assert backing.rows("SELECT chat_hash FROM questions") == [(store.hash_id(CHAT),)]
    assert backing.rows("SELECT user_hash FROM votes") == [(store.hash_id(USER),)]
    assert store.hash_id(CHAT) == backing.open().hash_id(CHAT)  # the salt is the store's, shared by replicas


def _hmac(key: str, raw: object) -> str:
    return hmac.new(key.encode(), str(raw).encode(), hashlib.sha256).hexdigest()[:32]


def test_the_key_lives_in_a_0600_file_beside_the_store_never_in_the_database(backing: Backing) -> None:
    store = backing.open()
    store.log_question(record("Ai viết bài về quận Long Biên?", True, chat_id=CHAT))
    key_file = backing.config.state_dir / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text(encoding="ascii").strip()
    assert store.hash_id(CHAT) == _hmac(key, CHAT)
    dump = json.dumps(backing.rows("SELECT * FROM meta"))
    assert key not in dump and "salt" not in dump
    assert backing.open().hash_id(CHAT) == store.hash_id(CHAT)  # the next process reads the same file


def test_processes_starting_together_end_with_one_key(tmp_path: Path) -> None:
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: file_key(tmp_path / KEY_FILE, None), range(16)))
    assert len(keys) == 1 and [p.name for p in tmp_path.iterdir()] == [KEY_FILE]


def test_a_copied_database_identifies_no_one(backing: Backing, tmp_path: Path) -> None:
    backing.open().log_question(record("Ai viết bài về quận Long Biên?", True, chat_id=5555))
    [(stored,)] = backing.rows("SELECT chat_hash FROM questions")
    # Whoever copied the database has no key file: their own store's key matches no id they try.
    elsewhere = backing.open(state_dir=tmp_path / "elsewhere")
    assert stored not in {elsewhere.hash_id(chat) for chat in range(10_000)}


def test_the_key_may_come_from_the_environment(backing: Backing, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "k" * 40
    monkeypatch.setenv(STATE_KEY_ENV, key)
    assert backing.open().hash_id(CHAT) == _hmac(key, CHAT)
    assert not (backing.config.state_dir / KEY_FILE).exists()


def test_a_short_key_in_the_environment_is_refused_in_one_line(backing: Backing, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STATE_KEY_ENV, "short")
    with pytest.raises(StateError) as refused:
        backing.open()
    assert "\n" not in str(refused.value) and STATE_KEY_ENV in str(refused.value)


@pytest.mark.parametrize("from_env", [False, True])
def test_a_salt_an_older_tracuu_kept_in_the_database_is_moved_out(
    backing: Backing, monkeypatch: pytest.MonkeyPatch, from_env: bool
) -> None:
    backing.open().close()
    legacy = "ab" * 32
    (backing.config.state_dir / KEY_FILE).unlink()  # as an older tracuu left it: no file, the salt in meta
    backing.execute("DELETE FROM meta WHERE name = 'key_check'")
    backing.execute(f"INSERT INTO meta (name, value) VALUES ('salt', '{legacy}')")
    if from_env:
        monkeypatch.setenv(STATE_KEY_ENV, "e" * 40)
    store = backing.open()
    assert backing.rows("SELECT value FROM meta WHERE name = 'salt'") == []
    if from_env:  # a new key: the old one is only deleted
        assert store.hash_id(CHAT) == _hmac("e" * 40, CHAT)
        assert not (backing.config.state_dir / KEY_FILE).exists()
    else:  # moved into the key file: every stored hash still matches
        assert (backing.config.state_dir / KEY_FILE).read_text(encoding="ascii").strip() == legacy
        assert store.hash_id(CHAT) == _hmac(legacy, CHAT)


def test_fetched_updates_are_kept_sealed_until_answered(backing: Backing) -> None:
    def update(update_id: int) -> dict[str, Any]:
        return {"update_id": update_id, "message": {"chat": {"id": CHAT}, "from": {"id": USER}, "text": "Câu hỏi"}}

    store = backing.open()
    assert store.record_fetched([(11, update(11)), (12, update(12))]) == {11, 12}
    assert store.record_fetched([(12, update(12)), (13, update(13))]) == {13}  # 12 again: already recorded
    dump = json.dumps(backing.rows("SELECT * FROM updates"), ensure_ascii=False)
    assert str(CHAT) not in dump and str(USER) not in dump and "Câu hỏi" not in dump
    store.mark_answered(12)
    assert backing.rows("SELECT payload FROM updates WHERE update_id = 12") == [(None,)]
    # The next process (the first died) finds what was fetched and never answered, in order.
    assert backing.open().unanswered_updates() == [(11, update(11)), (13, update(13))]
    assert store.claim_update(14) and store.try_claim_update(15) and store.try_claim_update(15) is False
    assert not store.claim_update(11)  # a recorded update is claimed


def test_with_logging_off_nothing_is_written(backing: Backing) -> None:
    store = backing.open(log_questions=False)
    assert store.log_question(record("Quận Sơn Trà có bao nhiêu đảng viên?", False, reason="no_match")) == 0
    assert not store.record_vote(1, USER, -1)
    assert backing.rows("SELECT COUNT(*) FROM questions") == [(0,)]
    assert backing.rows("SELECT COUNT(*) FROM votes") == [(0,)]


def test_prune_removes_questions_and_votes_past_retention(backing: Backing) -> None:
    clock = Clock()
    store = backing.open(clock, retention_days=30)
    old = store.log_question(record("câu cũ", True, asked_at=START - 31 * 86_400))
    store.record_vote(old, USER, -1)
    store.log_question(record("câu mới", True))
    assert store.prune() >= 2
    assert backing.rows("SELECT question FROM questions") == [("câu mới",)]
    assert backing.rows("SELECT COUNT(*) FROM votes") == [(0,)]


# ------------------------------------------------------------------------------------------------------- schema


def test_migrations_run_once_and_a_newer_schema_is_refused(backing: Backing) -> None:
    backing.open().close()
    backing.open().close()
    assert backing.rows("SELECT version FROM schema_version ORDER BY version") == [(1,), (2,)]
    backing.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, 0)")
    with pytest.raises(StateSchemaError) as refused:
        backing.open()
    message = str(refused.value)
    assert "\n" not in message and "999" in message and "nâng cấp tracuu" in message


# ------------------------------------------------------------------------------------------------------ report


def test_report_groups_declined_questions_that_differ_in_case_accents_or_spacing(backing: Backing) -> None:
    store = backing.open()
    for question in ("Ba Đình có bao nhiêu đảng viên?", "ba dinh co bao nhieu  dang vien", "Ba Đình có bao nhiêu đảng viên?"):
        store.log_question(record(question, False, reason="no_match", front_end="chat"))
    store.log_question(record("Quận Hải Châu có bao nhiêu chi bộ?", False, reason="no_match", front_end="cli"))
    for latency in (5, 7, 9, 100):
        store.log_question(record("Quận Đống Đa thu ngân sách bao nhiêu?", True, latency, front_end="cli"))
    report = build_report(store.report_data(0, START + 1))
    assert [(d["question"], d["count"]) for d in report["declined"]] == [
        ("Ba Đình có bao nhiêu đảng viên?", 3),
        ("Quận Hải Châu có bao nhiêu chi bộ?", 1),
    ]
    assert report["declined"][0]["variants"] == ["Ba Đình có bao nhiêu đảng viên?", "ba dinh co bao nhieu  dang vien"]
    assert (report["questions"], report["answered"], report["answered_share"]) == (8, 4, 0.5)
    cli = next(f for f in report["front_ends"] if f["front_end"] == "cli")
    assert (cli["questions"], cli["answered"], cli["latency_ms"]) == (5, 4, {"p50": 9, "p95": 100})
    text = report_text(report)
    assert "1. (3 lần) Ba Đình có bao nhiêu đảng viên? — không tìm thấy câu trả lời" in text
    assert "cách viết khác: ba dinh co bao nhieu  dang vien" in text


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Ba Đình có bao nhiêu đảng viên?", "ba dinh co bao nhieu  dang vien"),
        ("QUẬN ĐỐNG ĐA", "quận đống đa"),
        ("  Sơn   Trà ", "son tra"),
    ],
)
def test_question_key_ignores_case_accents_spacing(first: str, second: str) -> None:
    assert question_key(first) == question_key(second)


def test_question_key_keeps_different_words_apart() -> None:
    assert question_key("Ba Đình có bao nhiêu đảng viên?") != question_key("Ba Đình có bao nhiêu chi bộ?")


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([], 0.5, None), ([7], 0.95, 7), ([5, 7, 9, 100], 0.5, 7), ([5, 7, 9, 100], 0.95, 100), (list(range(1, 101)), 0.95, 95)],
)
def test_percentile_is_nearest_rank(values: list[int], share: float, expected: int | None) -> None:
    assert percentile(values, share) == expected


def test_report_command_reads_the_shared_store(backing: Backing, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    if backing.config.database_url:
        monkeypatch.setenv("TRACUU_DATABASE_URL", backing.config.database_url)
    else:
        monkeypatch.setenv("TRACUU_STATE_DIR", str(backing.config.state_dir))
    store = backing.open(Clock(time.time()))
    log_id = store.log_question(record("Quận Đống Đa thu ngân sách bao nhiêu?", True, 12, citation="000_abc:6", chat_id=CHAT))
    store.record_vote(log_id, USER, -1)
    store.log_question(record("ba dinh co bao nhieu dang vien", False, 3, reason="no_match"))
    assert main(["report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] == 2 and report["answered_share"] == 0.5
    assert [(d["question"], d["citation"], d["down"]) for d in report["disliked"]] == [
        ("Quận Đống Đa thu ngân sách bao nhiêu?", "000_abc:6", 1)
    ]
    assert main(["report", "--since", "2020-01-01"]) == 0
    text = capsys.readouterr().out
    assert "2 câu hỏi; trả lời được 1 (50%), từ chối 1." in text
    assert "→ 000_abc:6 (👎 1, 👍 0)" in text
    assert main(["report", "--since", "tuần trước"]) == 2
    assert capsys.readouterr().err.startswith("tracuu: --since: ngày không hợp lệ")


# ------------------------------------------------------------------------------------------------------- faults


def test_postgres_restart_degrades_reads_and_lands_writes(postgres: Backing, caplog: pytest.LogCaptureFixture) -> None:
    assert postgres.server is not None
    store = postgres.open(Clock(time.time()), write_retry_seconds=30.0)
    store.save_context("chat:1", {"district": "Ba Đình"})
    caplog.set_level(logging.WARNING, logger="bot.state")
    postgres.server.stop()
    restart = threading.Timer(5.0, postgres.server.start)
    restart.start()
    try:
        started = time.monotonic()
        assert store.load_context("chat:1") is None  # degraded, not raised
        assert store.load_context("chat:1") is None
        assert not store.healthy()
        assert time.monotonic() - started < 4.5
        log_id = store.log_question(record("Quận Ba Đình có bao nhiêu đảng viên?", True))  # retried until it lands
        assert log_id > 0
        assert store.take_quota("chat:1", 5)
        store.save_context("chat:1", {"district": "Đống Đa"})
    finally:
        restart.join()
    assert store.healthy()
    assert store.load_context("chat:1") == {"district": "Đống Đa"}
    assert postgres.rows("SELECT id, question FROM questions") == [(log_id, "Quận Ba Đình có bao nhiêu đảng viên?")]
    outages = [r for r in caplog.records if r.name == "bot.state.sql" and "unavailable" in r.getMessage()]
    assert len(outages) == 1


def test_unwritable_state_folder_falls_back_to_memory(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    store = open_state(StateConfig(state_dir=blocker))
    try:
        assert store.backend == "sqlite"
        store.save_context("c", {"a": 1})
        assert store.load_context("c") == {"a": 1}
    finally:
        store.close()
    assert "keeping state in memory" in caplog.text


# ------------------------------------------------------------------------------------------------------- config


def test_state_config_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(None, SEEDS)
    assert state_config(settings).database_url is None
    configured = dataclasses.replace(settings, sections={**settings.sections, "state": {
        "dir": str(tmp_path / "s"), "log_questions": False, "context_idle_minutes": 10}})
    config = state_config(configured)
    assert (config.state_dir, config.log_questions, config.context_idle_minutes) == (tmp_path / "s", False, 10.0)
    assert state_config(configured, log_questions=True).log_questions
    monkeypatch.setenv("TRACUU_STATE_DIR", str(tmp_path / "env"))
    monkeypatch.setenv("TRACUU_DATABASE_URL", "postgresql://tracuu@db.example.org/tracuu")
    config = state_config(configured)
    assert (config.state_dir, config.database_url) == (tmp_path / "env", "postgresql://tracuu@db.example.org/tracuu")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"retention_days": 0}, "[state] retention_days phải là số dương"),
        ({"log_questions": "no"}, "[state] log_questions phải là true hoặc false"),
        ({"retention": 5}, "[state] không có tùy chọn retention"),
    ],
)
def test_bad_state_settings_are_one_line_errors(table: dict[str, Any], message: str) -> None:
    settings = load_settings(None, SEEDS)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        state_config(dataclasses.replace(settings, sections={"state": table}))


def test_open_store_defaults_to_sqlite_in_the_user_state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    store = open_store(load_settings(None, SEEDS))
    try:
        assert store.backend == "sqlite"
        assert (tmp_path / "tracuu" / "state.sqlite3").is_file()
    finally:
        store.close()
