"""An accent-free, lower-case shadow of a text that keeps every offset, so rules written for folded text can
cut and edit the text as written ("Đống Đa" and "dong da" match the same rule; the edit keeps the accents)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from retrieval.text.normalize import fold_accents
from retrieval.text.patterns import word_start_alternatives

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 12)
def _fold_char(char: str) -> str:
    folded = fold_accents(unicodedata.normalize("NFC", char)).lower()
    if len(folded) == 1:
        return folded
    # A stray combining mark (text not in NFC) or a letter whose lower case is two letters keeps its place.
    return char.lower() if len(char.lower()) == 1 else char


class _FoldTable(dict[int, str]):
    """str.translate's table, filled on first sight of each character: the loop over a text runs in C."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


_CACHED_CHARS = 2000  # a sentence; whole articles are folded once and not kept


def fold_aligned(text: str) -> str:
    """Lower case, no diacritics, and exactly as long as `text`: offsets in one are offsets in the other."""
    return _fold_cached(text) if len(text) <= _CACHED_CHARS else text.translate(_FOLD_TABLE)


@lru_cache(maxsize=1 << 12)
def _fold_cached(text: str) -> str:
    # The fact reader folds the same sentence and its stretches many times over.
    return text.translate(_FOLD_TABLE)


def phrase_pattern(phrases: str | list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One whole-word pattern for folded phrases ("cao nhat"), longest first, spaces matching any run of spaces."""
    if isinstance(phrases, str):
        phrases = [phrases]
    ordered = sorted({fold_aligned(p) for p in phrases if p.strip()}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!)")  # an empty list matches nothing, not the empty string everywhere
    return re.compile(rf"(?:{word_start_alternatives(ordered)})(?![^\W_])")


def word_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of every word (letters and digits) in `text`."""
    return [m.span() for m in _WORD.finditer(text)]
