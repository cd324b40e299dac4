"""The store's operations, written once in SQL both SQLite and PostgreSQL run, over a small back-end interface.

Every change is one statement the database makes atomic (an UPSERT with a condition, INSERT … ON CONFLICT DO
NOTHING … RETURNING), never a value read into Python, changed and written back: two replicas handling two
updates of one chat at once cannot lose either write.

Faults: a read that meets an unreachable database returns its empty value at once (the conversation simply
starts afresh) and, for a second, later reads do not wait for it either; a write is retried with backoff for
`write_retry_seconds`, then given up with a log line. The first failure and the recovery are logged once
each, not every call. Nothing a database does raises to the caller, except `report_data` (the report must
not pass an empty page off as a quiet week).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar

from cryptography.fernet import Fernet, InvalidToken

from bot.state.config import StateConfig
from bot.state.key import STATE_KEY_ENV, env_key, file_key, fingerprint, key_path, sealing_key
from bot.state.migrations import StateError, one_line
from bot.state.store import (
    MAX_LOGGED_CHARS,
    DeclinedRow,
    DislikedRow,
    FrontEndFigures,
    QuestionRecord,
    ReportData,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

READ_TIMEOUT = 1.0  # seconds a read waits for a connection before the answer goes on without it
READ_PAUSE = 1.0  # after a failed read, reads skip the database this long instead of waiting again
FIRST_DELAY = 0.1
MAX_DELAY = 1.0
UPDATE_KEEP_SECONDS = 2 * 86_400  # Telegram redelivers an update for at most a day
HASH_CHARS = 32


class Cursor(Protocol):
    rowcount: int

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Session(Protocol):
    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> Cursor: ...


class Backend(Protocol):
    name: str  # "sqlite" or "postgres"
    where: str  # names the database in messages, without secrets
    errors: tuple[type[BaseException], ...]  # every error of the driver
    persistent: bool  # False for a database that ends with the process (SQLite in memory)

    def is_transient(self, error: BaseException) -> bool:
        """Worth retrying: the connection was lost or refused, the database is locked or restarting."""
        ...

    def session(self, timeout: float) -> AbstractContextManager[Session]: ...

    def close(self) -> None: ...


class SqlStore:
    """A StateStore over one back end; thread-safe (each call takes its own connection or session)."""

    def __init__(self, backend: Backend, config: StateConfig, clock: Callable[[], float] = time.time) -> None:
        self.backend = backend.name
        self.log_questions = config.log_questions
        self._db = backend
        self._config = config
        self._clock = clock
        self._failing = False
        self._reads_paused_until = 0.0
        self._flag = threading.Lock()
        self._key = self._load_key()
        self._sealer = Fernet(sealing_key(self._key))

    # ------------------------------------------------------------------------------------------- fault handling

    def _failed(self, what: str, error: BaseException) -> None:
        with self._flag:
            first, self._failing = not self._failing, True
        if first:
            logger.warning(
                "state store %s unavailable (%s): %s; conversations start afresh and writes are retried",
                self._db.where, what, one_line(error),
            )

    def _succeeded(self) -> None:
        if self._failing:
            with self._flag:
                back, self._failing = self._failing, False
            if back:
                logger.warning("state store %s is reachable again", self._db.where)

    def _read(self, what: str, op: Callable[[Session], T], default: T) -> T:
        if time.monotonic() < self._reads_paused_until:
            return default
        try:
            with self._db.session(READ_TIMEOUT) as session:
                result = op(session)
        except self._db.errors as error:
            if not self._db.is_transient(error):
                logger.error("state store: %s failed: %s", what, one_line(error))
                return default
            self._reads_paused_until = time.monotonic() + READ_PAUSE
            self._failed(what, error)
            return default
        self._succeeded()
        return result

    def _write(self, what: str, op: Callable[[Session], T], default: T) -> T:
        deadline = time.monotonic() + self._config.write_retry_seconds
        delay = FIRST_DELAY
        while True:
            remaining = deadline - time.monotonic()
            try:
                with self._db.session(max(min(remaining, 2.0), 0.1)) as session:
                    result = op(session)
            except self._db.errors as error:
                if not self._db.is_transient(error):
                    logger.error("state store: %s failed: %s", what, one_line(error))
                    return default
                self._failed(what, error)
                if time.monotonic() + delay > deadline:
                    logger.error("state store: gave up %s after %.0f s: %s", what,
                                 self._config.write_retry_seconds, one_line(error))
                    return default
                time.sleep(delay)
                delay = min(delay * 2, MAX_DELAY)
                continue
            self._succeeded()
            return result

    # ------------------------------------------------------------------------------------------------- identity

    def _load_key(self) -> str:
        """The hashing key (bot/state/key.py): from the environment or the key file, never from the database.

        A key an older tracuu kept in `meta` is moved out; the database keeps only a fingerprint, so that a
        process holding another key is noticed instead of silently writing hashes nobody else can match.
        """
        where = self._db.where
        try:
            with self._db.session(self._config.connect_seconds) as session:
                rows = session.execute("SELECT name, value FROM meta WHERE name IN ('salt', 'key_check')").fetchall()
        except self._db.errors as error:
            raise StateError(f"{where}: không đọc được kho trạng thái — {one_line(error)}") from None
        found = {str(name): str(value) for name, value in rows}
        legacy = found.get("salt")
        key = env_key()
        from_env = key is not None
        if key is None:
            # A store in memory ends with the process; so may its key.
            key = file_key(key_path(self._config.state_dir), legacy) if self._db.persistent else (
                legacy or secrets.token_hex(32))
        check = fingerprint(key)
        mismatch = legacy is None and found.get("key_check") not in (None, check)
        if mismatch:
            # Not refused: `tracuu report` on another host needs no key. A replica that holds another key
            # keeps its quotas and conversations apart from the others', which the log line says.
            logger.warning(
                "state store %s: this process's key (%s or %s) is not the one the database was written with;"
                " its hashes match no other process's — give every process the same %s",
                where, STATE_KEY_ENV, key_path(self._config.state_dir), STATE_KEY_ENV,
            )
        # Shared by replicas, the first key's fingerprint stays; a SQLite file has one owner, who takes it over.
        keep = mismatch and self.backend == "postgres"
        try:
            with self._db.session(self._config.connect_seconds) as session:
                if not keep:
                    session.execute(
                        "INSERT INTO meta (name, value) VALUES ('key_check', ?) ON CONFLICT (name)"
                        " DO UPDATE SET value = excluded.value",
                        (check,),
                    )
                if legacy is not None:
                    session.execute("DELETE FROM meta WHERE name = 'salt'")
                    if from_env and key != legacy:
                        logger.info("state store %s: deleted the hashing key kept in the database; %s is used"
                                    " from now on (older hashes match no one)", where, STATE_KEY_ENV)
                    else:
                        logger.info("state store %s: moved the hashing key out of the database into %s", where,
                                    STATE_KEY_ENV if from_env else key_path(self._config.state_dir))
        except self._db.errors as error:
            raise StateError(f"{where}: không ghi được kho trạng thái — {one_line(error)}") from None
        return key

    def hash_id(self, raw: int | str) -> str:
        """A chat's or user's id as the store keeps it: keyed SHA-256, useless without the key (bot/state/key.py)."""
        digest = hmac.new(self._key.encode(), str(raw).encode(), hashlib.sha256)
        return digest.hexdigest()[:HASH_CHARS]

    # -------------------------------------------------------------------------------------------------- context

    def load_context(self, key: str) -> dict[str, Any] | None:
        fresh_after = self._clock() - self._config.context_idle_minutes * 60

        def op(session: Session) -> dict[str, Any] | None:
            row = session.execute(
                "SELECT data FROM context WHERE key = ? AND updated_at >= ?", (self.hash_id(key), fresh_after)
            ).fetchone()
            return _json_dict(row[0]) if row else None

        return self._read("loading a conversation", op, None)

    def save_context(self, key: str, data: dict[str, Any]) -> None:
        text = self._bounded_json(data)
        if text is None:
            self.clear_context(key)
            return
        now = self._clock()
        self._write(
            "saving a conversation",
            lambda session: session.execute(
                "INSERT INTO context (key, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (key)"
                " DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                (self.hash_id(key), text, now),
            ),
            None,
        )

    def clear_context(self, key: str) -> None:
        self._write(
            "clearing a conversation",
            lambda session: session.execute("DELETE FROM context WHERE key = ?", (self.hash_id(key),)),
            None,
        )

    def _bounded_json(self, data: dict[str, Any]) -> str | None:
        """The context as JSON within the byte cap: oldest turns go first; None when even that does not fit."""
        kept = dict(data)
        turns = kept.get("turns")
        if isinstance(turns, list):
            kept["turns"] = turns[-self._config.context_max_turns:]
        text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        while len(text.encode()) > self._config.context_max_bytes:
            turns = kept.get("turns")
            if not isinstance(turns, list) or len(turns) <= 1:
                logger.warning("state store: a conversation of %d bytes exceeds context_max_bytes; not kept",
                               len(text.encode()))
                return None
            kept["turns"] = turns[1:]
            text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        return text

    # ---------------------------------------------------------------------------------------- quotas and dedupe

    def take_quota(self, chat_key: str, per_minute: int) -> bool:
        if per_minute <= 0:
            return True
        minute = int(self._clock() // 60)

        def op(session: Session) -> bool:
            # The condition sits in the UPSERT: the count is raised only while below the limit, atomically.
            row = session.execute(
                "INSERT INTO quota (chat, minute, used) VALUES (?, ?, 1) ON CONFLICT (chat, minute)"
                " DO UPDATE SET used = quota.used + 1 WHERE quota.used < ? RETURNING used",
                (self.hash_id(chat_key), minute, per_minute),
            ).fetchone()
            return row is not None

        # Without the store a question is answered: a lost limit is better than a lost answer.
        return self._write("counting a chat's questions", op, True)

    _CLAIM = (
        "INSERT INTO updates (update_id, claimed_at) VALUES (?, ?) ON CONFLICT (update_id) DO NOTHING RETURNING update_id"
    )

    def claim_update(self, update_id: int) -> bool:
        def op(session: Session) -> bool:
            return session.execute(self._CLAIM, (int(update_id), self._clock())).fetchone() is not None

        return self._write("claiming an update", op, True)

    def try_claim_update(self, update_id: int) -> bool | None:
        """One attempt at claim_update, without waiting: None when the database cannot be reached now.

        The caller waits and asks again, however long the database is away: answering an update nobody
        could claim would answer it twice when another replica holds it too.
        """
        try:
            with self._db.session(READ_TIMEOUT) as session:
                claimed = session.execute(self._CLAIM, (int(update_id), self._clock())).fetchone() is not None
        except self._db.errors as error:
            if not self._db.is_transient(error):
                logger.error("state store: claiming an update failed: %s", one_line(error))
                return True  # a store that is broken, not away, will not come back by waiting
            self._failed("claiming an update", error)
            return None
        self._succeeded()
        return claimed

    def record_fetched(self, updates: Sequence[tuple[int, Mapping[str, Any]]]) -> set[int] | None:
        """Keep updates long polling just fetched until they are answered; the ids the store had not seen.

        One statement for the batch, so a retry after a lost connection cannot split it. Each update is
        kept sealed (Fernet, with a key derived from the store's key), and only until `mark_answered`.
        None when the store cannot be written: the caller answers them all rather than lose one.
        """
        if not updates:
            return set()
        now = self._clock()
        params: list[Any] = []
        for update_id, data in updates:
            params += [int(update_id), now, self._seal(data)]
        values = ", ".join(["(?, ?, ?)"] * len(updates))

        def op(session: Session) -> set[int]:
            rows = session.execute(
                f"INSERT INTO updates (update_id, claimed_at, payload) VALUES {values}"
                " ON CONFLICT (update_id) DO NOTHING RETURNING update_id",
                tuple(params),
            ).fetchall()
            return {int(row[0]) for row in rows}

        return self._write("recording fetched updates", op, None)

    def unanswered_updates(self) -> list[tuple[int, dict[str, Any]]]:
        """Updates recorded by `record_fetched` and never marked answered (a process died), oldest first."""

        def op(session: Session) -> list[tuple[int, str]]:
            return [
                (int(update_id), str(payload))
                for update_id, payload in session.execute(
                    "SELECT update_id, payload FROM updates WHERE answered_at IS NULL AND payload IS NOT NULL"
                    " ORDER BY update_id"
                ).fetchall()
            ]

        found: list[tuple[int, dict[str, Any]]] = []
        for update_id, sealed in self._read("reading unanswered updates", op, []):
            data = self._unseal(sealed)
            if data is None:
                logger.warning("state store: update %s was sealed with another key; it cannot be answered", update_id)
                self.mark_answered(update_id)
                continue
            found.append((update_id, data))
        return found

    def mark_answered(self, update_id: int) -> None:
        """The update's handlers are done: it is not answered again, and its content is deleted."""
        self._write(
            "marking an update answered",
            lambda session: session.execute(
                "UPDATE updates SET answered_at = ?, payload = NULL WHERE update_id = ?", (self._clock(), int(update_id))
            ),
            None,
        )

    def _seal(self, data: Mapping[str, Any]) -> str:
        return self._sealer.encrypt(json.dumps(data, ensure_ascii=False).encode()).decode("ascii")

    def _unseal(self, sealed: str) -> dict[str, Any] | None:
        try:
            return _json_dict(self._sealer.decrypt(sealed.encode("ascii")).decode())
        except (InvalidToken, ValueError):
            return None

    # ------------------------------------------------------------------------------------ question log and votes

    def log_question(self, record: QuestionRecord) -> int:
        if not self.log_questions:
            return 0
        values = (
            record.asked_at if record.asked_at is not None else self._clock(),
            record.front_end,
            record.question[:MAX_LOGGED_CHARS],
            record.resolved_question[:MAX_LOGGED_CHARS] if record.resolved_question else None,
            1 if record.answered else 0,
            record.reason,
            record.citation,
            max(int(record.latency_ms), 0),
            self.hash_id(record.chat_id) if record.chat_id is not None else None,
        )

        def op(session: Session) -> int:
            return int(session.execute(
                "INSERT INTO questions (asked_at, front_end, question, resolved_question, answered, reason,"
                " citation, latency_ms, chat_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                values,
            ).fetchone()[0])

        return self._write("logging a question", op, 0)

    def record_vote(self, log_id: int, user: int | str, vote: int) -> bool:
        if vote not in (1, -1):
            raise ValueError(f"a vote is +1 or -1, not {vote!r}")
        if not self.log_questions or log_id <= 0:
            return False

        def op(session: Session) -> bool:
            row = session.execute(
                "INSERT INTO votes (question_id, user_hash, vote, voted_at) SELECT id, ?, ?, ? FROM questions"
                " WHERE id = ? ON CONFLICT (question_id, user_hash)"
                " DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at RETURNING vote",
                (self.hash_id(user), vote, self._clock(), int(log_id)),
            ).fetchone()
            return row is not None

        return self._write("recording a vote", op, False)

    # ------------------------------------------------------------------------------------------------ retention

    def prune(self, now: float | None = None) -> int:
        """Delete what is past its time: old questions and votes, idle contexts, spent quotas and update ids."""
        now = self._clock() if now is None else now
        questions_before = now - self._config.retention_days * 86_400
        steps = (
            ("DELETE FROM votes WHERE question_id IN (SELECT id FROM questions WHERE asked_at < ?)", questions_before),
            ("DELETE FROM questions WHERE asked_at < ?", questions_before),
            ("DELETE FROM context WHERE updated_at < ?", now - self._config.context_idle_minutes * 60),
            ("DELETE FROM quota WHERE minute < ?", int(now // 60) - 1),
            ("DELETE FROM updates WHERE claimed_at < ?", now - UPDATE_KEEP_SECONDS),
        )

        def op(session: Session) -> int:
            return sum(max(session.execute(sql, (value,)).rowcount, 0) for sql, value in steps)

        return self._write("pruning old state", op, 0)

    # --------------------------------------------------------------------------------------------------- report

    def report_data(self, since: float, until: float | None = None) -> ReportData:
        until = self._clock() if until is None else until
        window = (since, until)
        try:
            with self._db.session(self._config.connect_seconds) as session:
                counts = session.execute(
                    "SELECT front_end, COUNT(*), SUM(answered) FROM questions WHERE asked_at >= ? AND asked_at < ?"
                    " GROUP BY front_end ORDER BY front_end",
                    window,
                ).fetchall()
                latencies: dict[str, list[int]] = {}
                for front_end, latency in session.execute(
                    "SELECT front_end, latency_ms FROM questions WHERE asked_at >= ? AND asked_at < ?"
                    " ORDER BY front_end, latency_ms",
                    window,
                ).fetchall():
                    latencies.setdefault(front_end, []).append(int(latency))
                declined = session.execute(
                    "SELECT question, reason, COUNT(*), MAX(asked_at) FROM questions"
                    " WHERE answered = 0 AND asked_at >= ? AND asked_at < ? GROUP BY question, reason",
                    window,
                ).fetchall()
                disliked = session.execute(
                    "SELECT q.id, q.asked_at, q.front_end, q.question, q.resolved_question, q.citation,"
                    " SUM(CASE WHEN v.vote < 0 THEN 1 ELSE 0 END), SUM(CASE WHEN v.vote > 0 THEN 1 ELSE 0 END)"
                    " FROM questions q JOIN votes v ON v.question_id = q.id"
                    " WHERE q.asked_at >= ? AND q.asked_at < ?"
                    " GROUP BY q.id, q.asked_at, q.front_end, q.question, q.resolved_question, q.citation"
                    " HAVING SUM(CASE WHEN v.vote < 0 THEN 1 ELSE 0 END) > 0"
                    " ORDER BY 7 DESC, q.asked_at DESC",
                    window,
                ).fetchall()
        except self._db.errors as error:
            raise StateError(f"{self._db.where}: không đọc được nhật ký câu hỏi — {one_line(error)}") from None
        return ReportData(
            since=since,
            until=until,
            front_ends=tuple(
                FrontEndFigures(name, int(total), int(answered or 0), tuple(latencies.get(name, ())))
                for name, total, answered in counts
            ),
            declined=tuple(DeclinedRow(q, reason, int(n), float(last)) for q, reason, n, last in declined),
            disliked=tuple(
                DislikedRow(int(i), float(at), fe, q, rq, cit, int(down), int(up))
                for i, at, fe, q, rq, cit, down, up in disliked
            ),
        )

    # --------------------------------------------------------------------------------------------------- health

    def healthy(self) -> bool:
        """True when the database answers now (for /healthz)."""
        try:
            with self._db.session(READ_TIMEOUT) as session:
                session.execute("SELECT 1").fetchone()
        except self._db.errors as error:
            self._failed("health check", error)
            return False
        self._succeeded()
        self._reads_paused_until = 0.0
        return True

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _json_dict(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
