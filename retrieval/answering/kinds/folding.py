"""Folding that keeps offsets: the folded text has one character per character of the original.

Spans are found in the folded sentence (so "Quận uỷ" and "quan uy" meet) and cut from the original at the
same offsets, which is what makes a short answer verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from retrieval.text.folding import fold_aligned  # re-exported: the one offset-keeping fold
from retrieval.text.normalize import fold_accents

# Letters and digits joined by "-", "/" or "." stay one token: "30-ct/tu", "12.345,678", "3-5-2025". Letters
# folding leaves alone stay inside their word: "boguslawski" is not "bogus" + "awski".
_TOKEN = re.compile(r"[^\W_]+(?:[-/.,][^\W_]+)*")
_DIGIT = re.compile(r"\d")


def fold_phrase(text: str) -> str:
    """A phrase folded and with single spaces: the form cue words and table entries are compared in."""
    return " ".join(re.findall(r"\w+", fold_accents(unicodedata.normalize("NFC", text)).lower()))


@dataclass(frozen=True)
class Token:
    text: str  # folded
    start: int
    end: int


def tokens(folded: str) -> tuple[Token, ...]:
    """Word tokens of a folded text with their offsets; numbers and codes stay whole."""
    return tuple(Token(m.group().strip(".,"), m.start(), m.start() + len(m.group().rstrip(".,"))) for m in _TOKEN.finditer(folded))


def words(text: str) -> tuple[str, ...]:
    """The folded word tokens of any text (questions, table phrases)."""
    return tuple(t.text for t in tokens(fold_aligned(text)))


def joined_in_name(text: str, previous: Token, token: Token) -> bool:
    """True when two words stand as a name's do: one space apart, or after an initial ("John F. Kennedy")."""
    gap = text[previous.end : token.start]
    return gap == " " or (gap == ". " and previous.end - previous.start == 1 and text[previous.start].isupper())


def has_digit(word: str) -> bool:
    return _DIGIT.search(word) is not None
