"""Shared fixtures: no test reads a user's settings or writes a user's history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli_state import LOG_NOTICE_MARKER
from bot.service import Service, load_service

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point every per-user location at a temporary folder.

    Its state folder is that of a user who has asked before: the once-only notice of where the question log is
    was given (bot/cli_state.py); tests of that notice start from a fresh state folder of their own.
    """
    home = tmp_path_factory.mktemp("home")
    (home / "state" / "tracuu").mkdir(parents=True)
    (home / "state" / "tracuu" / LOG_NOTICE_MARKER).touch()
    monkeypatch.delenv("TRACUU_CONFIG", raising=False)
    monkeypatch.delenv("TRACUU_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRACUU_STATE_DIR", raising=False)
    monkeypatch.setenv("TRACUU_HISTORY", str(home / "history"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    yield


@pytest.fixture(scope="session")
def seed_service() -> Service:
    """The answering core over the five seed articles, built once per test session."""
    return load_service(None, SEEDS)
