"""Vietnamese-aware sentence splitting that only cuts, never rewrites: each sentence is a substring of its paragraph."""

from __future__ import annotations

import re

# Tokens that end in "." without ending a sentence ("TP. Hà Nội", "PGS.TS. Nguyễn Văn A", "Mr. Smith").
ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "TP", "Tp", "tp", "Q", "P", "H", "TX", "Tx", "TT", "Tt",
        "TS", "ThS", "Ths", "PGS", "GS", "BS", "KS", "CN", "NSND", "NSƯT", "Th.S",
        "St", "Mr", "Mrs", "Ms", "Dr", "Prof", "Jr", "Sr", "Co", "Inc", "Ltd", "No", "Vol",
        "tr", "Tr", "v.v", "vv", "etc", "vs", "ca", "tel", "Tel", "ĐT", "Đ/c", "đ/c",
    }
)
# A single upper-case letter before ". " is an initial ("N. H. Anh") unless it is a Roman numeral after these words.
_ROMAN_NUMERAL_LEADS: frozenset[str] = frozenset({"thứ", "khóa", "khoá", "kỳ", "kì", "lần"})

# Letter classes built from str.islower/isupper: ranges like "à-ỹ" would also take in upper-case "Ạ".
_LOWER = "".join(re.escape(c) for c in map(chr, range(0x20, 0x2000)) if c.isalpha() and c.islower())
_UPPER = "".join(re.escape(c) for c in map(chr, range(0x20, 0x2000)) if c.isalpha() and c.isupper())
_OPENERS = "\"“‘«'([{"
_CLOSERS = "\"”’»')]}"

# Terminal marks, closing quotes/brackets, then whitespace and a sentence start.
_SPACED_BOUNDARY = re.compile(
    rf"(?P<mark>[.!?…]+)[{re.escape(_CLOSERS)}]*(?P<space>\s+)(?=\S)"
)
# "phát sinh.Hệ thống": a lower-case word, a terminal mark, and an Upper+lower word with no space between.
_GLUED_MARK = re.compile(
    rf"(?<![^\W\d_])[{_LOWER}]{{2,}}(?P<mark>[.!?]+|…|\.\.\.)[{re.escape(_CLOSERS)}]*(?=[{_UPPER}][{_LOWER}])"
)
# "năm 2021…Trước mắt": an ellipsis after a number also ends a sentence.
_GLUED_ELLIPSIS = re.compile(rf"\d(?P<mark>…|\.{{3,}})(?=[{_UPPER}][{_LOWER}])")
# "đề raTại Hội nghị": a lower-case word of two or more letters running into an Upper+lower word.
_GLUE = re.compile(rf"(?<![^\W\d_])[{_LOWER}]{{2,}}(?=(?P<upper>[{_UPPER}])[{_LOWER}])")


def glue_points(text: str) -> tuple[int, ...]:
    """Offsets where two sentences were glued without punctuation or space ("đề raTại Hội nghị" → at "T").

    "TikTok", "iPhone", "eBay" are left alone: the left part must be a whole lower-case word of two letters or more.
    """
    return tuple(match.start("upper") for match in _GLUE.finditer(text))


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, each an exact (whitespace-stripped) substring of `paragraph`."""
    cuts = sorted(set(_boundaries(paragraph)))
    pieces: list[str] = []
    start = 0
    for cut in [*cuts, len(paragraph)]:
        piece = paragraph[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return tuple(pieces)


def _boundaries(text: str) -> list[int]:
    cuts: list[int] = []
    for match in _SPACED_BOUNDARY.finditer(text):
        next_start = match.end()
        if next_start >= len(text) or not _starts_sentence(text[next_start:]):
            continue
        if _is_abbreviation_or_initial(text, match.start("mark"), match.group("mark")):
            continue
        cuts.append(next_start)
    cuts.extend(match.end() for match in _GLUED_MARK.finditer(text))
    cuts.extend(match.end() for match in _GLUED_ELLIPSIS.finditer(text))
    cuts.extend(glue_points(text))
    return cuts


def _starts_sentence(rest: str) -> bool:
    first = rest[0]
    if first in _OPENERS or first.isdigit():
        return True
    return first.isalpha() and first.isupper()


def _is_abbreviation_or_initial(text: str, mark_start: int, mark: str) -> bool:
    if mark != ".":
        return False
    token_start = mark_start
    while token_start > 0 and not text[token_start - 1].isspace() and text[token_start - 1] not in _OPENERS:
        token_start -= 1
    token = text[token_start:mark_start]
    if not token:
        return False
    if token in ABBREVIATIONS:
        return True
    last_part = token.rsplit(".", 1)[-1]
    if last_part in ABBREVIATIONS:
        return True
    if len(last_part) == 1 and last_part.isupper():
        return not _is_roman_numeral_after_lead(text, token_start, last_part)
    return False


def _is_roman_numeral_after_lead(text: str, token_start: int, letter: str) -> bool:
    if letter not in "IVXLCDM":
        return False
    previous_words = text[:token_start].split()
    return bool(previous_words) and previous_words[-1].lower() in _ROMAN_NUMERAL_LEADS
