"""Regular expressions built from word lists, shaped so that Python's engine can run them fast."""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_start_alternatives(phrases: Iterable[str], word: str = r"[^\W_]", after: str = "") -> str:
    """An alternation of `phrases` (in their order), each at the start of a word (after no `word` character),
    spaces matching any run of spaces.

    The phrases are grouped by their first character, which opens each group before the check of what
    precedes it: a pattern that opens on characters lets the engine skip, in C, every position where none of
    them stands, and a group is entered only where its own character stands (a lookbehind in front of the
    whole list would be tried at every position of the text). The fact reader runs these over every
    sentence. Phrases sharing a first character keep their order, and two groups never match at one place.
    `after` follows each group (so that the alternation stays the pattern's first item when joined to others)."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        parts = phrase.split()
        if parts:
            groups.setdefault(parts[0][0], []).append(r"\s+".join(re.escape(part) for part in parts)[len(re.escape(parts[0][0])) :])
    if not groups:
        return "(?!)"
    return "|".join(
        f"{re.escape(first)}(?<!{word}{re.escape(first)})(?:{'|'.join(rests)}){after}" for first, rests in groups.items()
    )
