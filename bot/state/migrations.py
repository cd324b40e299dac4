"""The store's schema, as numbered migrations written once for each dialect.

A migration is never edited once released: a change is a new entry at the end. Both back ends apply the
entries above the version recorded in `schema_version`, in one transaction, under a lock so replicas that
start together do not race. A database whose version is above `LATEST` was written by a newer tracuu;
`check_version` refuses it, so an old replica left running during an upgrade stops instead of writing rows
the new schema does not expect.

Times are Unix seconds (floating point), the same in both dialects; booleans are 0/1 integers, so every
query of the store is one text for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class StateError(Exception):
    """The state store cannot be used; the message is one line."""


class StateSchemaError(StateError):
    """The database holds a schema newer than this tracuu knows."""


def one_line(error: BaseException) -> str:
    """A driver's error (often several lines) as one line."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "context, per-chat quotas, claimed updates, question log, votes",
        sqlite=(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE context (key TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at REAL NOT NULL)",
            "CREATE INDEX context_updated_at ON context (updated_at)",
            "CREATE TABLE quota (chat TEXT NOT NULL, minute INTEGER NOT NULL, used INTEGER NOT NULL,"
            " PRIMARY KEY (chat, minute))",
            "CREATE TABLE updates (update_id INTEGER PRIMARY KEY, claimed_at REAL NOT NULL)",
            "CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, asked_at REAL NOT NULL,"
            " front_end TEXT NOT NULL, question TEXT NOT NULL, resolved_question TEXT,"
            " answered INTEGER NOT NULL, reason TEXT, citation TEXT, latency_ms INTEGER NOT NULL, chat_hash TEXT)",
            "CREATE INDEX questions_asked_at ON questions (asked_at)",
            "CREATE TABLE votes (question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,"
            " user_hash TEXT NOT NULL, vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), voted_at REAL NOT NULL,"
            " PRIMARY KEY (question_id, user_hash))",
        ),
        postgres=(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE context (key TEXT PRIMARY KEY, data TEXT NOT NULL, updated_at DOUBLE PRECISION NOT NULL)",
            "CREATE INDEX context_updated_at ON context (updated_at)",
            "CREATE TABLE quota (chat TEXT NOT NULL, minute BIGINT NOT NULL, used INTEGER NOT NULL,"
            " PRIMARY KEY (chat, minute))",
            "CREATE TABLE updates (update_id BIGINT PRIMARY KEY, claimed_at DOUBLE PRECISION NOT NULL)",
            "CREATE TABLE questions (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " asked_at DOUBLE PRECISION NOT NULL, front_end TEXT NOT NULL, question TEXT NOT NULL,"
            " resolved_question TEXT, answered SMALLINT NOT NULL, reason TEXT, citation TEXT,"
            " latency_ms INTEGER NOT NULL, chat_hash TEXT)",
            "CREATE INDEX questions_asked_at ON questions (asked_at)",
            "CREATE TABLE votes (question_id BIGINT NOT NULL REFERENCES questions (id) ON DELETE CASCADE,"
            " user_hash TEXT NOT NULL, vote SMALLINT NOT NULL CHECK (vote IN (-1, 1)),"
            " voted_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (question_id, user_hash))",
        ),
    ),
    Migration(
        2,
        "updates fetched by long polling are kept (sealed) until answered",
        sqlite=(
            "ALTER TABLE updates ADD COLUMN payload TEXT",
            "ALTER TABLE updates ADD COLUMN answered_at REAL",
        ),
        postgres=(
            "ALTER TABLE updates ADD COLUMN payload TEXT",
            "ALTER TABLE updates ADD COLUMN answered_at DOUBLE PRECISION",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version

VERSION_TABLE = {
    "sqlite": "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at REAL NOT NULL)",
    "postgres": "CREATE TABLE IF NOT EXISTS schema_version"
    " (version INTEGER NOT NULL, applied_at DOUBLE PRECISION NOT NULL)",
}


def check_version(found: int, where: str) -> None:
    """Refuse a schema newer than this code knows, in one line."""
    if found > LATEST:
        raise StateSchemaError(
            f"{where}: lược đồ trạng thái ở phiên bản {found}, bản tracuu này chỉ biết đến phiên bản {LATEST}"
            " — hãy nâng cấp tracuu (state schema is newer than this tracuu)"
        )


def pending(found: int) -> tuple[Migration, ...]:
    return tuple(m for m in MIGRATIONS if m.version > found)


def apply_migrations(execute: Callable[..., Any], dialect: str, where: str, now: float) -> int:
    """Bring the schema up to LATEST inside the caller's transaction (which holds the migration lock).

    `execute(sql, params)` runs one statement with `?` placeholders and returns a cursor. Returns the
    version found before migrating.
    """
    execute(VERSION_TABLE[dialect])
    found = int(execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0])
    check_version(found, where)
    for migration in pending(found):
        for statement in getattr(migration, dialect):
            execute(statement)
        execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (migration.version, now))
    return found
