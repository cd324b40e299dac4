"""A file name offered to the corpus (a Telegram upload, `tracuu add`) made safe to store and to show.

Control characters (NUL and newline included) would break a log line or the file system call; bidirectional
marks and overrides (U+202A–U+202E, U+2066–U+2069, U+200E/F) make "bai\u202etxt.exe" show as another
name; a path separator would point outside the corpus folder. They are removed; what is left is the name.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_BYTES = 200  # below the file systems' 255, leaving room for a "-2" when the name is taken
_BREAKS = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")
_SEPARATORS = re.compile(r"[/\\]")


def _unsafe(char: str) -> bool:
    # Cc: controls (NUL, newline, DEL, C1); Cf: format characters, the bidirectional marks among them;
    # Zl/Zp: line and paragraph separators.
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def clean_file_name(name: str) -> str:
    """The last path component of `name` without unsafe characters, NFC; "" when nothing usable is left."""
    name = _SEPARATORS.split(unicodedata.normalize("NFC", name))[-1]
    # A line break or tab stood between words: it becomes a space; any other unsafe character goes.
    name = "".join(" " if c in _BREAKS else "" if _unsafe(c) else c for c in name)
    name = " ".join(name.split())
    name = name.lstrip(". ")  # a leading dot would hide the file; ".." is no name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if not stem.strip():
        return ""
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
        name = f"{stem}.{suffix}" if dot else stem
    return name


def shown_name(name: str) -> str:
    """A name as given, printable on one line: unsafe characters written as escapes (\\n, \\u202e)."""
    return "".join(c.encode("unicode_escape").decode("ascii") if _unsafe(c) else c for c in name)
