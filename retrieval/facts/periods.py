"""Periods as news reports write them, with offsets: "quý I/2021", "3 tháng đầu năm" (= quý I), "6 tháng đầu
năm 2020", "9 tháng", "cả năm 2022", "tính đến ngày 16/3", "nhiệm kỳ 2020-2025".

Read on folded text of the same length (fold_aligned), so offsets are offsets in the text as written. A period
right after "so với" is what a figure is compared with, not the period it covers ("tăng P% so với năm trước").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

from retrieval.facts.model import FactPeriod, PeriodKind
from retrieval.text.folding import fold_aligned

_Y = r"(?:19|20)\d\d"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "mot": 1, "hai": 2, "ba": 3, "bon": 4}
_MONTH_WORDS = {"ba": 3, "sau": 6, "chin": 9, "muoi": 10}
_PERIOD = re.compile(
    # The lookahead names every letter a period can start with: the engine skips other positions at once
    # instead of trying each alternative there.
    r"(?=[qbscmntdgh0-9(])(?<![^\W_])(?:"
    rf"(?:quy|q)\s*(?P<quarter>iv|iii|ii|i|[1-4]|mot|hai|ba|bon)(?![^\W_])(?:\s*[/-]\s*(?P<qyear>{_Y})|\s+(?:nam\s+)?(?P<qyear2>{_Y}))?"
    rf"|quy\s+dau\s+(?:nam|tien)(?:\s+(?P<q1year>{_Y}))?"
    # ("6 tháng cuối năm" is the rest of a year, no report's months from January)
    rf"|(?P<months>\d{{1,2}}|ba|sau|chin|muoi)\s+thang(?!\s+cuoi)(?:\s+dau)?(?:\s+nam)?(?:\s+(?P<myear>{_Y}))?"
    rf"|(?:nua\s+dau|giua)\s+nam(?:\s+(?P<hyear>{_Y}))?"  # "giữa năm 2021": the half-year review's time
    # "đến hết 6/2023": a month and its year, before "đến 30/6" (a day and its month)
    rf"|(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?(?P<cmonth4>\d{{1,2}})\s*/\s*(?P<cyear4>{_Y})"
    rf"|(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?(?P<cday>\d{{1,2}})\s*[/-]\s*(?P<cmonth>\d{{1,2}})(?:\s*[/-]\s*(?P<cyear>{_Y}))?"
    rf"|(?:tinh\s+)?(?:den|toi)\s+(?:het\s+)?(?:cuoi\s+)?thang\s+(?P<cmonth2>\d{{1,2}})(?:\s*[/-]\s*(?P<cyear2>{_Y})|\s+nam\s+(?P<cyear3>{_Y}))?"
    rf"|(?:nhiem\s+ky|giai\s+doan)\s+(?P<tstart>{_Y})\s*[-–]\s*(?P<tend>{_Y})"
    # "5 năm 2018-2022", "các năm 2016 - 2020", "từ năm 2016 đến năm 2020": several years, not the first of them
    rf"|(?:\d{{1,2}}\s+)?nam\s+(?P<rstart>{_Y})\s*[-–]\s*(?P<rend>{_Y})"
    rf"|tu\s+(?:nam\s+)?(?P<fstart>{_Y})\s+(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?(?P<fend>{_Y})"
    # "05 năm liền (2017 - 2021)": the span in brackets after what it qualifies
    rf"|\(\s*(?P<bstart>{_Y})\s*[-–]\s*(?P<bend>{_Y})\s*\)"
    rf"|(?:ca\s+|trong\s+|het\s+|cuoi\s+|dau\s+)?nam\s+(?P<year>{_Y})"
    # "… dự toán thu ngân sách năm là 3.950 tỷ đồng": "năm" alone between a measure and its value is the year
    r"|(?P<bareyear>ca\s+nam|trong\s+nam|nam\s+nay|(?<![\d]\s)(?<=[^\W\d_]\s)nam(?=\s+(?:la|dat)\s+\d))"
    r"|(?P<barequarter>trong\s+quy(?!\s*(?:iv|iii|ii|i|[1-4])(?![^\W_]))(?!\s+dau)|quy\s+nay)"
    r")(?![^\W_])"
)
# "so với năm 2021", "so với cùng kỳ năm 2020", "cao hơn … dự toán năm 2020": what the figure is compared with.
# Also with the base's own amount between ("so với mức 9.105 tỷ đồng của 9 tháng năm 2022").
_BASE_BEFORE = re.compile(
    r"(?:(?:so\s+voi|so\s+cung\s+ky|hon)(?:\s+[^\W\d_]+){0,3}(?:\s+\d[\d.,]*(?:\s+[^\W\d_]+){0,3})?"
    r"|(?:gap|bang)(?:\s+(?:gan|hon|khoang|tren))?\s+\d[\d.,]*\s+lan)\s*\(?\s*$"  # "gấp gần 3 lần năm 2021"
)  # and in a bracket right after the base: "so với cùng kỳ (quý I/2023 đạt N)"
# "kế hoạch năm 2023", "nhiệm vụ năm 2023": a plan horizon named beside a result is not the result's period.


# "từ năm 2020 đến hết tháng 6/2023": the word before a period that starts a span of time (its end is read next).
SPAN_FROM = re.compile(r"(?<![^\W_])tu\s+$")
_CLAUSE_COMMA = re.compile(r",(?!\d)")  # a decimal comma ("9.105,7") ends no clause


@dataclass(frozen=True)
class FoundPeriod:
    period: FactPeriod
    start: int
    end: int
    compared: bool  # stands after "so với": a base, not the period covered


# Every period holds one of these, at most _WORDS_BEFORE_ANCHOR words after its start ("nhiệm kỳ 2020-2025",
# "5 năm 2018-2022", "từ năm 2016 …", "tính đến ngày 16/3", "sáu tháng"). Each alternative opens on a letter or
# a digit, so the engine finds them skipping other characters in C; the full pattern, which must check what
# precedes a word, is tried only from a few words before each. No word boundaries: more anchors cost time only.
_ANCHOR = re.compile(
    r"19\d\d|20\d\d|thang|nua\s+dau|giua\s+nam|ca\s+nam|trong\s+(?:nam|quy)|nam\s+nay|nam\s+(?:la|dat)\s+\d"
    r"|quy\s*(?:iv|iii|ii|i|[1-4]|mot|hai|ba|bon|dau|nay)|q\s*(?:iv|iii|ii|i|[1-4]|mot|hai|ba|bon)"
    # "quy" and "đến" alone begin too many other words and phrases ("quyết", "quy định", "đến nay")
    r"|den\s+(?:het\s+)?(?:ngay\s+|cuoi\s+)?(?:\d|thang)|toi\s+(?:het\s+)?(?:ngay\s+|cuoi\s+)?(?:\d|thang)"
)
_WORDS_BEFORE_ANCHOR = 2


def find_periods(text: str, folded: str | None = None) -> tuple[FoundPeriod, ...]:
    """Every period named in `text`, in order."""
    folded = fold_aligned(text) if folded is None else folded
    found: list[FoundPeriod] = []
    for match in _period_matches(folded):
        period = _period_of(match, text[match.start() : match.end()])
        if period is None:
            continue
        before = folded[max(0, match.start() - 40) : match.start()]
        base = _BASE_BEFORE.search(before)
        compared = base is not None and not _CLAUSE_COMMA.search(before[base.start() :])
        found.append(FoundPeriod(period, match.start(), match.end(), compared))
    return tuple(found)


def _period_matches(folded: str) -> list[re.Match[str]]:
    """What _PERIOD.finditer(folded) finds, tried only at the starts of words a few words before an anchor.

    The matches are those of a scan from the start: every match holds an anchor, and it starts at most a few
    words before the first anchor at or after its start; the words from there to that anchor are tried in
    order, each no earlier than the end of the match before."""
    matches: list[re.Match[str]] = []
    anchor = _ANCHOR.search(folded)
    position = 0  # where the last match found ends
    while anchor is not None:
        at = anchor.start()
        if at >= position:
            for start in _START.finditer(folded, max(position, _words_before(folded, at)), at + 1):
                if start.start() < position:
                    continue
                match = _PERIOD.match(folded, start.start())
                if match is not None:
                    matches.append(match)
                    position = match.end()
        anchor = _ANCHOR.search(folded, max(at + 1, position))
    return matches


# Where _PERIOD may start: one of its first letters, with no letter or digit before it.
_START = re.compile(r"[qbscmntdgh0-9(](?<![^\W_][qbscmntdgh0-9(])")


def _words_before(folded: str, at: int) -> int:
    """Where the word _WORDS_BEFORE_ANCHOR words before the one holding `at` starts (runs of spaces count as
    one; any other white space is read as part of a word, which only moves the start earlier)."""
    start = at
    for _ in range(_WORDS_BEFORE_ANCHOR):
        space = folded.rfind(" ", 0, start)
        if space < 0:
            return 0
        start = len(folded[:space].rstrip(" "))  # the end of the word before
    space = folded.rfind(" ", 0, start)
    return space + 1 if space >= 0 else 0


def _period_of(match: re.Match[str], written: str) -> FactPeriod | None:
    group = match.group
    if group("quarter"):
        year = group("qyear") or group("qyear2")
        return FactPeriod(PeriodKind.QUARTER, int(year) if year else None, _ROMAN[group("quarter")], text=written)
    if match.group(0).startswith("quy") and "dau" in match.group(0):
        year = group("q1year")
        return FactPeriod(PeriodKind.QUARTER, int(year) if year else None, 1, text=written)
    if group("months"):
        raw = group("months")
        months = int(raw) if raw.isdigit() else _MONTH_WORDS[raw]
        year = int(group("myear")) if group("myear") else None
        if months == 3:
            return FactPeriod(PeriodKind.QUARTER, year, 1, text=written)
        if months == 12:
            return FactPeriod(PeriodKind.YEAR, year, text=written)
        if not 1 <= months <= 11:
            return None
        return FactPeriod(PeriodKind.MONTHS, year, months, text=written)
    if match.group(0).startswith(("nua", "giua")):
        year = group("hyear")
        return FactPeriod(PeriodKind.MONTHS, int(year) if year else None, 6, text=written)
    if group("cday"):
        day, month = int(group("cday")), int(group("cmonth"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return None
        year = group("cyear")
        return FactPeriod(PeriodKind.CUTOFF, int(year) if year else None, month, day, text=written)
    if group("cmonth2") or group("cmonth4"):
        month = int(group("cmonth2") or group("cmonth4"))
        year = group("cyear2") or group("cyear3") or group("cyear4")
        if not 1 <= month <= 12:
            return None
        if month == 12:
            return FactPeriod(PeriodKind.YEAR, int(year) if year else None, text=written)
        return FactPeriod(PeriodKind.CUTOFF, int(year) if year else None, month, text=written)
    for start, end in (("tstart", "tend"), ("rstart", "rend"), ("fstart", "fend"), ("bstart", "bend")):
        if group(start):
            first, last = int(group(start)), int(group(end))
            if last <= first:
                return None  # "năm 2021-2020" is no span of years
            return FactPeriod(PeriodKind.TERM, first, end_year=last, text=written)
    if group("year"):
        return FactPeriod(PeriodKind.YEAR, int(group("year")), text=written)
    if group("bareyear"):
        return FactPeriod(PeriodKind.YEAR, None, text=written)
    if group("barequarter"):
        return FactPeriod(PeriodKind.QUARTER, None, None, text=written)
    return None


def with_year(period: FactPeriod, year: int | None, part: int | None = None) -> FactPeriod:
    """A period missing its year (or its quarter: "trong quý") completed from the article; marked inferred."""
    if period.year is not None and (period.part is not None or period.kind is not PeriodKind.QUARTER):
        return period
    filled = period
    if filled.part is None and filled.kind is PeriodKind.QUARTER and part is not None:
        filled = replace(filled, part=part)
    if filled.year is None and year is not None:
        filled = replace(filled, year=year, year_inferred=True)
    return filled


def _ended_by(cutoff: FactPeriod) -> tuple[PeriodKind, int] | None:
    """The period from January a cut-off on a month's last day closes: "tính đến 30/9" is 9 tháng, "đến 31/3"
    quý I, "đến 31/12" the year (part 0). A cut-off inside a month closes none."""
    month, day, year = cutoff.part, cutoff.day, cutoff.year
    if month is None or day is None or not 1 <= month <= 12:
        return None
    if day != calendar.monthrange(year or 2001, month)[1]:
        return None
    if month == 12:
        return PeriodKind.YEAR, 0
    if month == 3:
        return PeriodKind.QUARTER, 1
    return PeriodKind.MONTHS, month


def _covered(period: FactPeriod) -> tuple[PeriodKind, int] | None:
    if period.kind is PeriodKind.CUTOFF:
        return _ended_by(period)
    if period.kind is PeriodKind.YEAR:
        return PeriodKind.YEAR, 0
    if period.kind is PeriodKind.QUARTER and period.part == 1:
        return PeriodKind.QUARTER, 1
    if period.kind is PeriodKind.MONTHS and period.part is not None:
        return (PeriodKind.QUARTER, 1) if period.part == 3 else (PeriodKind.MONTHS, period.part)
    return None


def same_period(asked: FactPeriod, stated: FactPeriod) -> bool:
    """The stated period is the one asked: same kind, part and year (a cut-off on the same day, or on the last
    day of the months asked: "tính đến 30/9/2023" states "9 tháng năm 2023")."""
    if (asked.kind is PeriodKind.CUTOFF) is not (stated.kind is PeriodKind.CUTOFF):
        span = _covered(asked)
        return span is not None and span == _covered(stated) and asked.year in (None, stated.year)
    if asked.kind is PeriodKind.TERM or stated.kind is PeriodKind.TERM:
        return asked.kind is stated.kind and asked.year == stated.year and asked.end_year == stated.end_year
    if asked.kind is PeriodKind.CUTOFF and stated.kind is PeriodKind.CUTOFF:
        return (asked.year in (None, stated.year) and asked.part == stated.part
                and (asked.day is None or stated.day is None or asked.day == stated.day))
    if asked.kind is not stated.kind:
        return False
    return asked.part == stated.part and (asked.year is None or asked.year == stated.year)
