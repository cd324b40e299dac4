"""Where the project's own files are, the error a configuration file that cannot be used raises, and how such a file is read.

Apart from config.py so that the modules that parse a table of their own (answer kinds, paraphrases, the
fact reader's words) can raise it while config.py reads those tables into the settings.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A settings file that cannot be used; the message is one line naming the file (and line)."""


def read_toml(path: Path) -> dict[str, Any]:
    """A configuration file's table; ConfigError in one line naming the file (and line) when it is unusable."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: không tìm thấy tệp cấu hình (file not found)") from None
    except tomllib.TOMLDecodeError as error:
        # tomllib says "… (at line 3, column 7)": that is the line the user needs.
        raise ConfigError(f"{path}: cấu hình sai cú pháp — {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: không đọc được tệp cấu hình — {error}") from None
