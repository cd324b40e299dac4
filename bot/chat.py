"""`tracuu chat`: an interactive loop with line editing and a persistent history."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TextIO

from bot.cli_state import CliState, os_user
from bot.render.text import answer_text, document_heading, terminal_bold
from bot.service import Service
from retrieval.answering.followup import TurnContext

logger = logging.getLogger(__name__)

HISTORY_ENV = "TRACUU_HISTORY"
HISTORY_LENGTH = 1000
QUIT_WORDS = {"/quit", "/exit", "/thoat", "/thoát", ":q"}
NEW_CONVERSATION = {"/moi", "/mới", "/new"}
VOTES = {"/tot": 1, "/tốt": 1, "👍": 1, "/sai": -1, "👎": -1}
# The commands as /help names them, one of each group of spellings.
COMMANDS = ("/moi", "/tot", "/sai", "/sources", "/help", "/quit")
HELP = (
    "Gõ câu hỏi rồi nhấn Enter; câu hỏi tiếp nối (\"Còn quận Ba Đình thì sao?\") được hiểu theo câu trước.\n"
    "Lệnh: /moi (bắt đầu cuộc trò chuyện mới), /tot hoặc /sai (đánh giá câu trả lời vừa rồi), /sources (danh sách bài),\n"
    "/help (các lệnh này), /quit (hoặc Ctrl-D).\n"
    "Ví dụ: Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
)
# One word opening with "/" is meant as a command, never as a question ("/xyz" would only find nothing).
_COMMAND_LIKE = re.compile(r"/\w+")


def unknown_command(command: str) -> str:
    """The one line an unknown /command gets: its name and the commands there are."""
    return f"Không có lệnh {command}. Các lệnh: {', '.join(COMMANDS)}."


def history_path() -> Path:
    """Where chat history lives: $TRACUU_HISTORY, else the user's state folder."""
    configured = os.environ.get(HISTORY_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    state = Path(os.environ.get("XDG_STATE_HOME", "~/.local/state")).expanduser()
    return state / "tracuu" / "history"


def _enable_line_editing() -> Path | None:
    try:
        import readline
    except ImportError:  # not every Python build has it; chat still works without editing
        return None
    path = history_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            readline.read_history_file(path)
    except OSError as error:
        logger.warning("Không đọc được lịch sử %s: %s", path, error)
    readline.set_history_length(HISTORY_LENGTH)
    return path


def _save_history(path: Path | None) -> None:
    if path is None:
        return
    try:
        import readline

        readline.write_history_file(path)
    except (ImportError, OSError) as error:
        logger.warning("Không lưu được lịch sử %s: %s", path, error)


def context_key(user: str) -> str:
    """The state store key of a user's chat conversation (the store hashes it)."""
    return f"cli-chat:{user}"


class _Conversation:
    """Chat's context: kept in memory, mirrored to the store so a restarted chat picks up where it left off."""

    def __init__(self, state: CliState, key: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._state = state
        self._key = key
        self._clock = clock
        self._context = _restore(state.load_context(key))
        self._last = clock()

    def current(self) -> TurnContext | None:
        if self._clock() - self._last > self._state.idle_seconds:
            self._context = None  # idle too long: the next question starts afresh, as after a restart
        return self._context

    def remember(self, context: TurnContext | None) -> None:
        self._context = context
        self._last = self._clock()
        self._state.save_context(self._key, context.to_dict() if context else None)

    def clear(self) -> None:
        self.remember(None)


def _restore(data: dict[str, Any] | None) -> TurnContext | None:
    if data is None:
        return None
    try:
        return TurnContext.from_dict(data)
    except ValueError as error:  # written by another version: start afresh
        logger.info("Bỏ ngữ cảnh đã lưu: %s", error)
        return None


def _vote_message(state: CliState, logged: Future[int] | None, user: str, vote: int) -> str:
    if not state.logging:
        return "Không ghi đánh giá: việc ghi nhật ký câu hỏi đang tắt."
    if state.vote(logged, user, vote):
        return f"Đã ghi {'👍' if vote > 0 else '👎'} cho câu trả lời vừa rồi. Cảm ơn bạn!"
    return "Không ghi được đánh giá lúc này (kho trạng thái không dùng được)."


def run_chat(service: Service, out: TextIO, state: CliState | None = None, user: str | None = None) -> int:
    """The chat loop; `state` logs questions and keeps the conversation across restarts (none: memory only)."""
    state = state or CliState(service.settings, "chat", no_log=True)
    user = user or os_user()
    history = _enable_line_editing()
    out.write(f"tracuu — {HELP}\n")
    conversation = _Conversation(state, context_key(user))
    logged: Future[int] | None = None  # the log entry of the last answer, what /tot and /sai vote on
    answered = False
    try:
        while True:
            try:
                line = input("hỏi> ")
            except EOFError:
                out.write("\n")
                break
            command = line.strip().lower()
            if command in QUIT_WORDS:
                break
            if not command:
                continue
            if command == "/help":
                out.write(HELP + "\n")
            elif command in NEW_CONVERSATION:
                conversation.clear()
                out.write("Đã bắt đầu cuộc trò chuyện mới.\n")
            elif command == "/sources":
                for document in service.library.corpus.documents:
                    out.write(f"- {document_heading(document)}\n")
            elif command in VOTES:
                vote = VOTES[command]
                if not answered:
                    out.write("Chưa có câu trả lời nào để đánh giá.\n")
                else:
                    out.write(_vote_message(state, logged, user, vote) + "\n")
            elif _COMMAND_LIKE.fullmatch(command):
                out.write(unknown_command(line.strip()) + "\n")
            else:
                started = time.perf_counter()
                turn = service.converse(line, conversation.current())
                latency_ms = (time.perf_counter() - started) * 1000
                out.write(answer_text(turn.answer, service.templates, terminal_bold if out.isatty() else None) + "\n\n")
                out.flush()
                conversation.remember(turn.context)
                logged = state.log(turn.answer, latency_ms, chat_id=user)
                answered = True
            out.flush()
    except KeyboardInterrupt:
        out.write("\n")
    finally:
        _save_history(history)
    return 0
