"""`tracuu chat`: an interactive loop with line editing and a persistent history."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TextIO

from bot.render.text import answer_text, document_heading, terminal_bold
from bot.service import Service

logger = logging.getLogger(__name__)

HISTORY_ENV = "TRACUU_HISTORY"
HISTORY_LENGTH = 1000
QUIT_WORDS = {"/quit", "/exit", "/thoat", "/thoát", ":q"}
NEW_CONVERSATION = {"/moi", "/mới", "/new"}
HELP = (
    "Gõ câu hỏi rồi nhấn Enter; câu hỏi tiếp nối (\"Còn quận Ba Đình thì sao?\") được hiểu theo câu trước.\n"
    "Lệnh: /moi (bắt đầu cuộc trò chuyện mới), /sources (danh sách bài), /help, /quit (hoặc Ctrl-D).\n"
    "Ví dụ: Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
)


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


def run_chat(service: Service, out: TextIO) -> int:
    history = _enable_line_editing()
    out.write(f"tracuu — {HELP}\n")
    context = None
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
                context = None
                out.write("Đã bắt đầu cuộc trò chuyện mới.\n")
            elif command == "/sources":
                for document in service.library.corpus.documents:
                    out.write(f"- {document_heading(document)}\n")
            else:
                turn = service.converse(line, context)
                context = turn.context
                out.write(answer_text(turn.answer, service.templates, terminal_bold if out.isatty() else None) + "\n\n")
            out.flush()
    except KeyboardInterrupt:
        out.write("\n")
    finally:
        _save_history(history)
    return 0
