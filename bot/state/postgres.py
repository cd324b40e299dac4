"""The shared back end for replicas: PostgreSQL through psycopg 3 and a psycopg_pool connection pool.

Connections are in autocommit mode: each of the store's statements is its own transaction. The pool checks
a connection before lending it, so after a server restart the dead ones are replaced, not handed out; while
the server is away the pool keeps trying to reconnect in the background, and the store is back to normal
as soon as it answers, without a restart.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from bot.state.migrations import StateError, StateSchemaError, apply_migrations, one_line

CONNECT_TIMEOUT = 3  # seconds one connection attempt may take (libpq's connect_timeout)
MIGRATION_LOCK = 7_418_002  # pg_advisory_xact_lock key: one replica migrates, the others wait


def describe(url: str) -> str:
    """host:port/dbname of a connection string, without user or password (for messages and logs)."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL"
    host = parts.get("host") or "localhost"
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{host}{port}/{parts.get('dbname') or ''}"


class _Session:
    """The store writes `?` placeholders (SQLite's); psycopg wants `%s`."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> psycopg.Cursor[Any]:
        return self._connection.execute(sql.replace("?", "%s"), params)


class PostgresBackend:
    name = "postgres"
    persistent = True
    errors: tuple[type[BaseException], ...] = (psycopg.Error,)

    def __init__(self, url: str, pool_size: int, connect_seconds: float) -> None:
        self.where = describe(url)
        try:
            self._pool = ConnectionPool(
                url,
                min_size=1,
                max_size=max(pool_size, 1),
                kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT, "application_name": "tracuu"},
                check=ConnectionPool.check_connection,
                name="tracuu-state",
                open=False,
                reconnect_timeout=86_400,  # keep trying in the background; the store copes meanwhile
            )
        except psycopg.ProgrammingError as error:
            raise StateError(f"TRACUU_DATABASE_URL không hợp lệ: {one_line(error)}") from None
        try:
            self._pool.open(wait=True, timeout=connect_seconds)
        except psycopg.Error as error:
            self._pool.close()
            raise StateError(
                f"{self.where}: không kết nối được PostgreSQL sau {connect_seconds:.0f} s — {one_line(error)}"
            ) from None

    @staticmethod
    def is_transient(error: BaseException) -> bool:
        # OperationalError: refused, reset, admin shutdown, pool timeout; InterfaceError: a closed connection.
        return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError))

    @contextmanager
    def session(self, timeout: float) -> Iterator[_Session]:
        with self._pool.connection(timeout=timeout) as connection:
            yield _Session(connection)

    def migrate(self) -> int:
        try:
            with self._pool.connection() as connection, connection.transaction():
                connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                session = _Session(connection)
                return apply_migrations(session.execute, "postgres", self.where, time.time())
        except StateSchemaError:
            raise
        except psycopg.Error as error:
            raise StateError(f"{self.where}: không tạo được lược đồ trạng thái — {one_line(error)}") from None

    def close(self) -> None:
        self._pool.close()


def open_postgres(url: str, pool_size: int, connect_seconds: float) -> PostgresBackend:
    backend = PostgresBackend(url, pool_size, connect_seconds)
    try:
        backend.migrate()
    except StateError:
        backend.close()
        raise
    return backend
