"""The `[state]` settings: where the store lives, how long it keeps what, and whether questions are logged."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.config import ConfigError, Settings

STATE_DIR_ENV = "TRACUU_STATE_DIR"
DATABASE_URL_ENV = "TRACUU_DATABASE_URL"
STATE_FILE = "state.sqlite3"


@dataclass(frozen=True)
class StateConfig:
    """What the store needs from the settings; every field has a default, so `[state]` may be left out."""

    state_dir: Path
    database_url: str | None = None  # PostgreSQL when set, else SQLite in state_dir
    context_idle_minutes: float = 30.0  # a conversation idle this long starts afresh
    context_max_bytes: int = 4096  # JSON size kept per chat or reply chain
    context_max_turns: int = 5  # a context's "turns" list is cut to its last N entries
    log_questions: bool = True
    retention_days: int = 90  # questions and votes older than this are deleted
    write_retry_seconds: float = 10.0  # how long a write keeps retrying while the database is away
    pool_size: int = 4  # PostgreSQL connections per process
    connect_seconds: float = 10.0  # how long opening the store waits for PostgreSQL

    @property
    def sqlite_path(self) -> Path:
        return self.state_dir / STATE_FILE


_NUMBERS = {
    "context_idle_minutes": float,
    "context_max_bytes": int,
    "context_max_turns": int,
    "retention_days": int,
    "write_retry_seconds": float,
    "pool_size": int,
    "connect_seconds": float,
}


def default_state_dir() -> Path:
    """The user's state folder ($XDG_STATE_HOME/tracuu, else ~/.local/state/tracuu), beside chat's history."""
    root = os.environ.get("XDG_STATE_HOME", "").strip() or "~/.local/state"
    return Path(root).expanduser() / "tracuu"


def state_config(settings: Settings, log_questions: bool | None = None) -> StateConfig:
    """Read `[state]`; TRACUU_STATE_DIR and TRACUU_DATABASE_URL win over the file; ConfigError on a bad value.

    `log_questions` (e.g. from `--no-log`) wins over both.
    """
    table: Mapping[str, Any] = settings.section("state")
    where = settings.config_file or "settings"
    known = {"dir", "database_url", "log_questions", *_NUMBERS}
    unknown = sorted(set(table) - known)
    if unknown:
        raise ConfigError(f"{where}: [state] không có tùy chọn {', '.join(unknown)}")
    values: dict[str, Any] = {}
    for name, kind in _NUMBERS.items():
        if name not in table:
            continue
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise ConfigError(f"{where}: [state] {name} phải là số dương")
        values[name] = kind(value)
    if "log_questions" in table:
        if not isinstance(table["log_questions"], bool):
            raise ConfigError(f"{where}: [state] log_questions phải là true hoặc false")
        values["log_questions"] = table["log_questions"]
    if log_questions is not None:
        values["log_questions"] = log_questions
    base = Path(settings.config_file).resolve().parent if settings.config_file else Path.cwd()
    from_env = os.environ.get(STATE_DIR_ENV, "").strip()
    if from_env:
        state_dir = Path(from_env).expanduser()
    elif table.get("dir"):
        state_dir = (base / str(table["dir"])).expanduser()
    else:
        state_dir = default_state_dir()
    url = os.environ.get(DATABASE_URL_ENV, "").strip() or str(table.get("database_url") or "").strip() or None
    return StateConfig(state_dir=state_dir, database_url=url, **values)
