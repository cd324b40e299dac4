"""The embedded back end: one SQLite file (WAL mode), one connection per thread.

Processes on one machine may share the file: SQLite's own locks make each statement atomic, and a writer
that finds the file busy waits up to BUSY_SECONDS before the store's retry takes over.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.state.migrations import StateError, StateSchemaError, apply_migrations, one_line

logger = logging.getLogger(__name__)

BUSY_SECONDS = 5.0
MEMORY_URI = "file:tracuu-state-{}?mode=memory&cache=shared"


class SqliteBackend:
    name = "sqlite"
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, path: Path | None) -> None:
        """A file at `path`, or (None) a database in this process's memory, gone when it ends."""
        self.path = path
        self.persistent = path is not None
        self.where = str(path) if path else "SQLite (trong bộ nhớ)"
        self._target = str(path) if path else MEMORY_URI.format(id(self))
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # A shared in-memory database lives while one connection to it is open.
        self._keep = self._connect()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._target, uri=self.path is None, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
        with self._lock:
            self._all.append(connection)
        return connection

    @staticmethod
    def is_transient(error: BaseException) -> bool:
        # OperationalError also covers "no such table": only a busy or failing file is worth waiting for.
        text = str(error).lower()
        return isinstance(error, sqlite3.OperationalError) and any(
            word in text for word in ("locked", "busy", "disk i/o", "unable to open")
        )

    @contextmanager
    def session(self, timeout: float) -> Iterator[sqlite3.Connection]:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._connect()
        yield connection

    def migrate(self) -> int:
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")  # the write lock: one process migrates, the others wait

            def execute(sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
                return connection.execute(sql, params)

            found = apply_migrations(execute, "sqlite", self.where, time.time())
            connection.execute("COMMIT")
            return found
        except sqlite3.Error as error:
            # Not the schema: an unreadable or unwritable file, which open_sqlite answers with memory.
            raise StateError(f"{self.where}: không mở được kho trạng thái SQLite — {one_line(error)}") from None
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for connection in connections:
            connection.close()


def open_sqlite(path: Path) -> SqliteBackend:
    """The file at `path` (its folder made if needed); in memory, with a warning, when it cannot be written."""
    backend: SqliteBackend | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        backend = SqliteBackend(path)
        backend.migrate()
        return backend
    except StateSchemaError:
        if backend is not None:
            backend.close()
        raise
    except (OSError, sqlite3.Error, StateError) as error:
        if backend is not None:
            backend.close()
        logger.warning("state store: cannot write %s (%s); keeping state in memory until the process ends", path, error)
    backend = SqliteBackend(None)
    backend.migrate()
    return backend
