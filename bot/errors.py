"""Errors a user can cause and the exit codes they end with; shared by the CLI and the Telegram bot."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


class UserError(Exception):
    """Something the user can fix; shown as one line, with an exit code."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code
