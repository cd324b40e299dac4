"""Where the project's own files are, and the error a configuration file that cannot be used raises.

Apart from config.py so that the modules that parse a table of their own (answer kinds, paraphrases, the
fact reader's words) can raise it while config.py reads those tables into the settings.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(Exception):
    """A settings file that cannot be used; the message is one line naming the file (and line)."""
