"""What `tracuu ask` and `tracuu chat` keep in the state store: the question log, votes and chat's context.

Every store call runs on one background thread, in the order made, so an answer is printed before its question
is logged and never waits for a database that is slow or away (the store retries, then gives up by itself).
Opening the store happens on that thread too. `close()` waits for what is queued, then closes the store.

`--no-log` opens no store at all: nothing is written, not even a file, and chat keeps its context in memory.
`[state] log_questions = false` writes no question and no vote; chat still keeps its context in the store.
"""

from __future__ import annotations

import dataclasses
import getpass
import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from enum import Enum
from typing import Any, TypeVar

from bot.state import QuestionRecord, StateConfig, StateError, StateStore, open_state, state_config
from retrieval.config import Settings
from retrieval.models import Answer

logger = logging.getLogger(__name__)

T = TypeVar("T")

LOG_NOTICE = (
    "tracuu: câu hỏi và đánh giá được ghi vào {path} (để xem: tracuu report); "
    "tắt: --no-log, hoặc log_questions = false trong [state] của tệp cấu hình"
)
LOG_NOTICE_MARKER = "log-notice-shown"  # in the state folder: the notice above was given for it


def os_user() -> str:
    """The name of the user running the CLI: chat's conversation and votes belong to it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (some containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _first_log_notice(config: StateConfig) -> str | None:
    """The notice of where questions are logged, the first time a command logs into this state folder.

    A user who never chose to keep a log is told once where it is and how to stop it; the marker file in the
    state folder is what "once" means, so a new state folder (another TRACUU_STATE_DIR) is told again. A
    PostgreSQL store was set up on purpose by whoever runs it and is not announced.
    """
    if config.database_url:
        return None
    marker = config.state_dir / LOG_NOTICE_MARKER
    if marker.exists():
        return None
    try:
        config.state_dir.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError as error:  # the store will say it cannot write there; the notice still tells where it tried
        logger.debug("Không ghi được %s: %s", marker, error)
    return LOG_NOTICE.format(path=config.sqlite_path)


class CliState:
    """The store as a CLI process uses it; every method is safe whether or not the store could be opened."""

    def __init__(
        self,
        settings: Settings,
        front_end: str,
        *,
        no_log: bool = False,
        keep_context: bool = False,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        """ConfigError for a bad `[state]` table (a user's mistake, raised at once); nothing else raises.

        `notify` is given the notice of where questions are logged, when the first question logged is the first
        ever logged into this state folder.
        """
        config = state_config(settings, False if no_log else None)
        self._config = config
        self._notify = notify
        self.front_end = front_end
        self.logging = config.log_questions
        self.idle_seconds = config.context_idle_minutes * 60
        self.keep_context = keep_context and not no_log
        self._store: StateStore | None = None
        self._pool: ThreadPoolExecutor | None = None
        if self.logging or self.keep_context:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracuu-state")
            self._pool.submit(self._open, lambda: open_state(config))

    def _open(self, opener: Callable[[], StateStore]) -> None:
        try:
            self._store = opener()
        except StateError as error:
            # The store is a record of questions, not a condition for answering them.
            logger.warning("Không mở được kho trạng thái, câu hỏi sẽ không được ghi: %s", error)

    def _submit(self, call: Callable[[StateStore], T], default: T) -> Future[T] | None:
        if self._pool is None:
            return None

        def run() -> T:
            if self._store is None:
                return default
            try:
                return call(self._store)
            except Exception:  # the store degrades by itself; anything else must not reach an answer either
                logger.exception("Lỗi khi ghi vào kho trạng thái")
                return default

        return self._pool.submit(run)

    def log(self, answer: Answer, latency_ms: float, chat_id: str | None = None) -> Future[int] | None:
        """Queue the question for the log; the future gives its log id (0 when it was not logged)."""
        if not self.logging:
            return None
        if self._notify is not None:
            notice = _first_log_notice(self._config)
            if notice:
                self._notify(notice)
            self._notify = None  # one look per process
        record = QuestionRecord.from_answer(
            self.front_end, answer, latency_ms, chat_id=chat_id, resolved_question=answer.resolved_question
        )
        if isinstance(record.reason, Enum):  # a database driver may write an Enum by its name, not its value
            record = dataclasses.replace(record, reason=record.reason.value)
        return self._submit(lambda store: store.log_question(record), 0)

    def vote(self, logged: Future[int] | None, user: str, vote: int) -> bool:
        """Record a vote on a logged answer and wait for it: True when it was written."""
        if logged is None or not self.logging:
            return False
        log_id = logged.result()
        future = self._submit(lambda store: store.record_vote(log_id, user, vote), False)
        return bool(future and future.result())

    def load_context(self, key: str) -> dict[str, Any] | None:
        """The stored conversation, or None when absent, idle too long, or the store is away (waits for it)."""
        if not self.keep_context:
            return None
        future = self._submit(lambda store: store.load_context(key), None)
        return future.result() if future else None

    def save_context(self, key: str, data: dict[str, Any] | None) -> None:
        if not self.keep_context:
            return
        if data is None:
            self._submit(lambda store: store.clear_context(key), None)
        else:
            self._submit(lambda store: store.save_context(key, data), None)

    def close(self) -> None:
        """Write what is queued, then close the store."""
        if self._pool is None:
            return
        self._submit(lambda store: store.close(), None)
        self._pool.shutdown(wait=True)
        self._pool = None

    def __enter__(self) -> CliState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
