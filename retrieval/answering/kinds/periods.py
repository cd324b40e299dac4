"""The period a question asks about or a sentence states: years, a quarter, a half year, a run of years.

Read from folded text. A figure of another period is not an answer: "năm 2020" ≠ "quý I/2021", and a prize
for "5 năm liền" is not the count of one year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "mot": 1, "hai": 2, "ba": 3, "bon": 4}
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4]|mot|hai|ba|bon)\b")
_FIRST_QUARTER = re.compile(r"\b(?:3|ba) thang dau (?:nam|tien)\b|\bquy dau (?:nam|tien)\b")
_HALF = re.compile(r"\b(?:6|sau) thang (dau|cuoi) nam\b|\bnua (dau|cuoi) nam\b|\b(giua) nam\b")
_WHOLE_YEAR = re.compile(r"\bca nam\b")
_YEAR = re.compile(r"(?<![\d.,/-])((?:19|20)\d{2})(?![\d.,]\d)")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-–]\s*((?:19|20)\d{2})(?!\d)")
_DURATION = re.compile(r"(?<![\d.,])0*(\d{1,2}) nam(?: lien| lien tuc| lien tiep)?\b(?! (?:19|20)\d{2}\b(?!\s*[-–]))")
_DURATION_WORDS = re.compile(r"\b(hai|ba|bon|nam|muoi) nam lien\b")
_WORD_NUMBERS = {"hai": 2, "ba": 3, "bon": 4, "nam": 5, "muoi": 10}
# A date's year ("ngày 14/11/2025", "3-5-2025") dates a document, not the period of a figure.
_DATE = re.compile(r"\d{1,2}[/-]\d{1,2}[/-]((?:19|20)\d{2})")


@dataclass(frozen=True)
class Period:
    years: tuple[int, ...] = ()
    quarter: int | None = None
    half: int | None = None  # 1: the first six months
    whole_year: bool = False  # "cả năm"
    ranges: tuple[tuple[int, int], ...] = ()  # "giai đoạn 2020-2025", "5 năm 2018-2022"
    duration: int | None = None  # "5 năm liền"

    @property
    def empty(self) -> bool:
        return self == Period()


def read_period(folded: str) -> Period:
    """The period named in a folded text (question or sentence)."""
    text = re.sub(r"(quy\s+(?:iv|iii|ii|i|[1-4]))[/-]", r"\1 ", _DATE.sub(" ", folded))
    ranges = tuple((int(a), int(b)) for a, b in _RANGE.findall(text))
    without_ranges = _RANGE.sub(" ", text)
    years = tuple(dict.fromkeys(int(y) for y in _YEAR.findall(without_ranges)))
    quarter_match = _QUARTER.search(text)
    quarter = _ROMAN[quarter_match.group(1)] if quarter_match else (1 if _FIRST_QUARTER.search(text) else None)
    half_match = _HALF.search(text)
    half = (1 if (half_match.group(1) or half_match.group(2) or half_match.group(3)) in ("dau", "giua") else 2) if half_match else None
    duration = None
    duration_match = _DURATION.search(without_ranges.replace("-", " "))
    if duration_match and ("lien" in duration_match.group() or ranges):
        duration = int(duration_match.group(1))
    elif (words_match := _DURATION_WORDS.search(text)) is not None:
        duration = _WORD_NUMBERS[words_match.group(1)]
    return Period(years, quarter, half, _WHOLE_YEAR.search(text) is not None, ranges, duration)


def conflicts(asked: Period, stated: Period) -> bool:
    """True when a stated period is not the one asked: another year, quarter, half, or a run of years."""
    if asked.duration is None and stated.duration is not None and asked.years and not asked.ranges:
        return True  # one year asked: a prize for "5 năm liền" does not count it
    if asked.empty or stated.empty:
        return False
    if asked.years and stated.years and not set(asked.years) & set(stated.years):
        return True
    if asked.quarter is not None:
        if stated.quarter is not None and stated.quarter != asked.quarter:
            return True
        if stated.whole_year or stated.half is not None:
            return True
    elif asked.half is not None:
        if stated.half not in (None, asked.half) or stated.quarter is not None or stated.whole_year:
            return True
    elif asked.years and (stated.quarter is not None or stated.half is not None):
        return True  # a year asked; the sentence gives a part of a year
    if asked.duration is not None and stated.duration is not None and asked.duration != stated.duration:
        return True
    return False
