"""Figures across districts: recognise a comparison question, rank like with like.

Figures are read by retrieval/facts/amounts.py. A percentage is only compared with a percentage of the same base
(of the budget, "dự toán", versus growth on last year, "cùng kỳ"), and a count only with a count of the same
thing. Figures of different periods (năm 2020 versus quý I/2021) are shown side by side, never ranked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from retrieval.facts.amounts import BASES, Figure, find_figures, nouns_agree
from retrieval.facts.model import FactPeriod, PeriodKind
from retrieval.facts.periods import find_periods as find_fact_periods
from retrieval.text.folding import fold_aligned, phrase_pattern
from retrieval.text.normalize import expand_abbreviations, normalize_text

MAX = "max"
MIN = "min"

# --------------------------------------------------------------------------------------------------------------
# Periods

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD = re.compile(
    r"(?<![^\W_])(?:"
    r"quy\s+(?P<quarter>iv|iii|ii|i|[1-4])(?:\s*[/-]\s*(?P<qyear>(?:19|20)\d\d)|\s+(?:nam\s+)?(?P<qyear2>(?:19|20)\d\d))?"
    # "6 tháng đầu năm 2023", "9 tháng năm 2023", and as typed in haste "9 tháng 2023"
    r"|(?P<months>\d{1,2}|ba|sau|chin)\s+thang\s+(?:dau\s+)?(?:nam(?:\s+(?P<myear>(?:19|20)\d\d))?|(?P<myear2>(?:19|20)\d\d))"
    r"|(?:nua\s+dau|giua)\s+nam(?:\s+(?P<hyear>(?:19|20)\d\d))?"  # "giữa năm 2021": its first half
    r"|(?:(?:ca|cuoi|het|dau|trong)\s+)?nam\s+(?P<year>(?:19|20)\d\d)"  # "cuối năm 2022": the year, all its words
    r")(?![^\W_])"
)
_MONTH_WORDS = {"ba": 3, "sau": 6, "chin": 9}


@dataclass(frozen=True)
class Period:
    """The time a figure covers: a year, a quarter, or the first months of a year."""

    span: str  # "year", "quarter" or "months"
    year: int | None
    part: int | None  # the quarter, or how many months from January
    text: str  # as written: "quý I/2021"
    start: int = 0
    end: int = 0

    def conflicts(self, other: Period) -> bool:
        """Both periods are known and not the same: a quarter is not its year, 2020 is not 2021."""
        if (self.span, self.part) != (other.span, other.part):
            return True
        return self.year is not None and other.year is not None and self.year != other.year

    def with_year(self, year: int | None) -> Period:
        """The period with the year an article implies ("Trong quý I" in an article of 2024)."""
        return self if self.year is not None or year is None else replace(self, year=year)


def find_periods(text: str) -> tuple[Period, ...]:
    """Every period a text names, in order: "năm 2020", "quý I/2021", "quý II-2024", "3 tháng đầu năm 2021"."""
    folded = fold_aligned(text)
    periods: list[Period] = []
    for match in _PERIOD.finditer(folded):
        written = text[match.start() : match.end()]
        if match.group("quarter"):
            year = match.group("qyear") or match.group("qyear2")
            periods.append(Period("quarter", int(year) if year else None, _ROMAN[match.group("quarter")],
                                  written, match.start(), match.end()))
        elif match.group("months"):
            months = match.group("months")
            count = int(months) if months.isdigit() else _MONTH_WORDS[months]
            year = match.group("myear") or match.group("myear2")
            span, part = ("quarter", 1) if count == 3 else ("months", count)
            periods.append(Period(span, int(year) if year else None, part, written, match.start(), match.end()))
        elif match.group("year"):
            periods.append(Period("year", int(match.group("year")), None, written, match.start(), match.end()))
        else:
            year = match.group("hyear")
            periods.append(Period("months", int(year) if year else None, 6, written, match.start(), match.end()))
    return tuple(periods)


def period_near(sentence: str, figure: Figure) -> Period | None:
    """The period a figure is stated for: the last one named before it, else the first one after."""
    # "… tăng 9,3% so với năm 2020. Trong đó, … chiếm 38,2%": the period set against is no figure's period.
    folded = fold_aligned(sentence).lower()
    periods = [p for p in find_periods(sentence) if not BASIS_BEFORE.search(folded[max(0, p.start - 12) : p.start])]
    before = [p for p in periods if p.end <= figure.start]
    if before:
        return before[-1]
    after = [p for p in periods if p.start >= figure.end]
    return after[0] if after else None


# What stands right before a period that is a basis, not the period a figure covers: "so với năm 2021".
BASIS_BEFORE = re.compile(r"(?<![^\W_])(?:so\s+voi|so|hon)\s*$")


# --------------------------------------------------------------------------------------------------------------
# Comparison questions

_WHICH = phrase_pattern(
    ["quận nào", "huyện nào", "địa phương nào", "nơi nào", "đơn vị nào", "đảng bộ nào", "quận ủy nào",
     "quận uỷ nào", "địa bàn nào", "bên nào", "thành phố nào", "ở đâu", "bài nào"]
)
# "… năm 2022 và năm 2023, năm nào cao hơn?": one place's periods ranked against each other.
_WHICH_PERIOD = phrase_pattern(["năm nào", "quý nào", "kỳ nào", "giai đoạn nào", "thời kỳ nào"])
# "So sánh thu ngân sách năm 2022 và 9 tháng năm 2024": two periods of one place set side by side.
_SET_PERIODS = phrase_pattern(["so sánh", "đối chiếu", "khác nhau", "chênh lệch"])
_SUPERLATIVES = {
    MAX: ["cao nhất", "nhiều nhất", "lớn nhất", "đứng đầu", "dẫn đầu", "vượt trội nhất"],
    MIN: ["thấp nhất", "ít nhất", "nhỏ nhất", "đứng cuối", "kém nhất"],
}
# "A và B, bên nào hơn?": "hơn" right after the question word says more, as people say it.
# "… giải ngân tốt hơn?": a report's measures (revenue, disbursement, members admitted) are better higher.
_COMPARATIVES = {
    MAX: ["cao hơn", "nhiều hơn", "lớn hơn", "nào hơn", "tốt hơn"],
    MIN: ["thấp hơn", "ít hơn", "nhỏ hơn", "nào kém hơn"],
}
_SUPERLATIVE_PATTERNS = {d: phrase_pattern(p) for d, p in _SUPERLATIVES.items()}
_COMPARATIVE_PATTERNS = {d: phrase_pattern(p) for d, p in _COMPARATIVES.items()}
# "Quận nào có nhiều chi bộ … nhất?": the measure sits between the two cue words.
# … and "Quận nào kết nạp nhiều đảng viên mới hơn?": a comparative split the same way.
_SPLIT_SUPERLATIVE = re.compile(r"(?<![^\W_])(?P<cue>nhieu|it)\s+(?P<measure>(?:[^\W_]+\s+){1,16}?)(?:nhat|hon)(?![^\W_])")
_COMPARE = phrase_pattern(["so sánh", "đối chiếu"])
# "chi ngân sách 2022 Hải Châu so với Quận 5": two districts named, one set against the other.
_SET_AGAINST = phrase_pattern(["so với"])
# "trong ba địa phương A, B và C", "giữa 2 quận": how many places are compared, not what is measured.
_HOW_MANY_PLACES = re.compile(
    r"(?<![^\W_])(?:hai|ba|bon|nam|sau|bay|tam|chin|muoi|\d{1,2})\s+(?:quan|huyen|dia\s+phuong|noi|don\s+vi|dang\s+bo"
    r"|thi\s+xa|quan\s+uy|huyen\s+uy)(?![^\W_])"
)
# The change words of a ranked measure; not the lexicon's whole growth list, whose "vượt" and "cao hơn" ask
# for a share or are the comparison's own words.
_CHANGE_ASKED = phrase_pattern(["tăng", "giảm", "tăng trưởng"])
_PERCENT_CUES = phrase_pattern(["tỷ lệ", "tỉ lệ", "tỷ trọng", "tỉ trọng", "phần trăm", "bao nhiêu phần trăm", "%"])
_MONEY_CUES = phrase_pattern(["số tiền", "bao nhiêu tiền", "tỷ đồng", "triệu đồng", "giá trị"])
_ASKEDBASES = phrase_pattern(["so với dự toán", "dự toán", "so với cùng kỳ", "cùng kỳ", "so với kế hoạch", "kế hoạch"])
# Words that carry the question's form, not what is measured.
_FORM_WORDS = phrase_pattern(
    "theo xét về trong của và với giữa hay hoặc là có thì được đạt bằng nào bao nhiêu nhất hơn quận huyện"
    " nơi bên ai đâu ở cả các những".split()
    + ["so sánh", "đối chiếu", "khác nhau", "chênh lệch", "thế nào", "như thế nào", "ra sao", "thị xã", "địa phương", "đơn vị", "đảng bộ", "thành phố", "số tiền", "giá trị",
       "bao nhiêu tiền", "tỷ lệ", "tỉ lệ", "phần trăm", "so với", *BASES.values()]
)


def ranking_cues(text: str) -> tuple[tuple[int, int, str], ...]:
    """Spans of "cao nhất", "ít hơn" and the like in `text`, each with its direction, in order."""
    folded = fold_aligned(text)
    found = [
        (m.start(), m.end(), direction)
        for patterns in (_SUPERLATIVE_PATTERNS, _COMPARATIVE_PATTERNS)
        for direction, pattern in patterns.items()
        for m in pattern.finditer(folded)
    ]
    return tuple(sorted(found))


@dataclass(frozen=True)
class ComparisonRequest:
    """What a comparison question asks: which way to rank, what measure, for which districts and period."""

    direction: str  # MAX or MIN
    measure: str  # the question without its cue words, places and period: "thu ngân sách"
    percent: bool  # a share is asked ("tỷ lệ", "phần trăm", "so với dự toán"), not an amount
    basis: str | None  # the base of that share, when named: "dự toán", "cùng kỳ"
    money: bool  # an amount of money is asked ("số tiền")
    districts: tuple[str, ...]  # the districts to compare: those named, else every district of the corpus
    named: bool  # True when the question named its districts
    period: Period | None
    # "năm 2022 và năm 2023, năm nào cao hơn?": the periods of one place to rank, in the order asked; then
    # `districts` holds that place alone (none when the question names no place and the corpus has several).
    periods: tuple[FactPeriod, ...] = ()

    @property
    def ranks_change(self) -> bool:
        """ "Quận nào có thu ngân sách tăng cao nhất?": the change is ranked, not the amount."""
        return _CHANGE_ASKED.search(fold_aligned(self.measure)) is not None

    def figure_asked(self) -> str:
        """The measure ranked, worded as the fact table is asked it: "thu ngân sách bao nhiêu phần trăm"."""
        words = [self.measure]
        if self.ranks_change:
            words.append("bao nhiêu phần trăm")
        elif self.percent:
            words.append("phần trăm")
        if self.basis and not self.periods:
            words.append(f"so với {self.basis}")
        return " ".join(words)


def read_comparison(
    question: str, corpus_districts: Sequence[str], named_districts: Sequence[str] = (),
    unknown_places: Sequence[str] = (),
) -> ComparisonRequest | None:
    """A comparison or superlative question, read; None for any other question.

    `named_districts` are the corpus districts the question names (retrieval.answering.analysis finds them); with fewer
    than two, every corpus district is compared.
    """
    text = normalize_text(question)
    folded = fold_aligned(text)
    asks_which = _WHICH.search(folded) is not None
    several = len(named_districts) >= 2
    asks_periods = _WHICH_PERIOD.search(folded) is not None or _SET_PERIODS.search(folded) is not None
    periods = _ranked_periods(text) if not several and not asks_which and asks_periods else ()
    direction = _direction(folded, asks_which or bool(periods), several)
    if direction is None and periods and _SET_PERIODS.search(folded):
        direction = MAX  # set side by side: like periods ranked highest first, unlike ones listed
    if direction is None:
        return None
    if periods:
        named = tuple(named_districts)
        own = named or (tuple(corpus_districts) if len(corpus_districts) == 1 else ())
        return ComparisonRequest(
            direction=direction, measure=_measure(text, folded, (*named, *unknown_places)), percent=_PERCENT_CUES.search(folded) is not None,
            basis=None, money=_MONEY_CUES.search(folded) is not None, districts=own, named=bool(named),
            period=None, periods=periods,
        )
    percent = _PERCENT_CUES.search(folded) is not None
    base = _ASKEDBASES.search(folded)
    basis = BASES[" ".join(base.group().split()[-2:])] if base else None
    named = tuple(named_districts)
    return ComparisonRequest(
        direction=direction,
        measure=_measure(text, folded, (*named, *unknown_places)),
        percent=percent or basis is not None,
        basis=basis,
        money=_MONEY_CUES.search(folded) is not None,
        districts=named if several else tuple(corpus_districts),
        named=several,
        period=next(iter(find_periods(text)), None),
    )


def _ranked_periods(text: str) -> tuple[FactPeriod, ...]:
    """The distinct dated periods a question names, when two or more: a term ("nhiệm kỳ 2020-2025") is no
    period a figure is ranked over."""
    periods = {
        found.period.key: found.period for found in find_fact_periods(text)
        if found.period.year is not None and found.period.kind is not PeriodKind.TERM
    }
    return tuple(periods.values()) if len(periods) >= 2 else ()


def _direction(folded: str, asks_which: bool, several: bool) -> str | None:
    split = _SPLIT_SUPERLATIVE.search(folded)
    if (asks_which or several) and split:
        return MAX if split.group("cue") == "nhieu" else MIN
    for direction, pattern in _SUPERLATIVE_PATTERNS.items():
        if (asks_which or several) and pattern.search(folded):
            return direction
    for direction, pattern in _COMPARATIVE_PATTERNS.items():
        if (asks_which or several) and pattern.search(folded):
            return direction
    if several and (_COMPARE.search(folded) or _SET_AGAINST.search(folded)):
        return MAX
    return None


def _measure(text: str, folded: str, districts: Sequence[str]) -> str:
    keep = [True] * len(text)

    def drop(start: int, end: int) -> None:
        keep[start:end] = [False] * (end - start)

    for period in find_periods(text):
        drop(period.start, period.end)
    for district in districts:
        for match in phrase_pattern(district).finditer(folded):
            drop(*match.span())
    for pattern in (*_SUPERLATIVE_PATTERNS.values(), *_COMPARATIVE_PATTERNS.values(), _WHICH, _WHICH_PERIOD, _FORM_WORDS):
        for match in pattern.finditer(folded):
            drop(*match.span())
    for match in _HOW_MANY_PLACES.finditer(folded):
        drop(*match.span())
    split = _SPLIT_SUPERLATIVE.search(folded)
    if split:
        drop(split.start("cue"), split.end("cue"))
        drop(split.end("measure"), split.end())
    kept = "".join(c if k else " " for c, k in zip(text, keep))
    words = []
    for match in re.finditer(r"[^\W_]+(?:[-/][^\W_]+)*", kept):
        word = match.group()
        # A capital that only marks a sentence start ("Năm 2020, Tổng thu …") is not part of the measure.
        starts_sentence = not text[: match.start()].strip() or text[: match.start()].rstrip()[-1] in ",.:;"
        words.append(word[:1].lower() + word[1:] if starts_sentence and word[1:].islower() else word)
    return " ".join(words)


def pick_figure(
    sentence: str, request: ComparisonRequest, abbreviations: Mapping[str, str] | None = None
) -> Figure | None:
    """The figure in `sentence` that answers the request: the right kind of number, stated after the measure.

    `abbreviations` are the typed variants of the corpus abbreviations, so "Tổng thu NSNN" counts as "thu ngân sách".
    """
    figures = find_figures(sentence)
    if request.percent:
        pool = [f for f in figures if f.dimension == "percent"]
        if request.basis:
            pool = [f for f in pool if f.basis == request.basis] or pool
    elif request.money:
        pool = [f for f in figures if f.dimension == "money"]
    else:
        pool = [f for f in figures if f.dimension != "percent"] or list(figures)
    if not pool:
        return None
    measure = {fold_aligned(w) for w in request.measure.split()}
    variants = abbreviations or {}

    def support(index: int) -> int:
        figure = pool[index]
        since = pool[index - 1].end if index else 0
        window = expand_abbreviations(sentence[since : figure.start], variants) if variants else sentence[since : figure.start]
        found = set(fold_aligned(window).split()) & measure
        if figure.dimension == "count":
            found |= set(fold_aligned(figure.base_unit).split()) & measure
        return len(found)

    def plain_share(index: int) -> bool:
        # A rate asked of no base ("tỷ trọng … trong tổng thu"): of two rates as well supported, the one of no
        # base ("chiếm 41,5% tổng thu") before one of the plan or the past ("bằng 104,2% dự toán").
        return request.percent and not request.basis and pool[index].basis is None

    best = max(range(len(pool)), key=lambda i: (support(i), plain_share(i), -i))
    return pool[best]


# --------------------------------------------------------------------------------------------------------------
# Ranking


@dataclass(frozen=True)
class ComparedFigure:
    """One district's figure for the measure, with the period it covers and the citation that states it."""

    district: str
    figure: Figure
    period: Period | None
    citation: int  # the citation's number in the answer


@dataclass(frozen=True)
class Comparison:
    ranked: tuple[ComparedFigure, ...]  # best first when comparable; else in the order given
    winner: str | None  # the district named in the answer, only when the figures compare like with like
    comparable: bool
    reason: str | None = None  # why there is no winner: "units", "bases", "periods", "too_few", "tie"
    left_out: tuple[ComparedFigure, ...] = ()  # figures of another period than the one asked

    def rows(self) -> list[dict[str, object]]:
        """The JSON `comparison` list: district, value as written, period as written, citation number."""
        return [
            {
                "district": item.district,
                "value": item.figure.text,
                "period": item.period.text if item.period else None,
                "citation": item.citation,
            }
            for item in self.ranked
        ]


def rank(figures: Sequence[ComparedFigure], direction: str, period: Period | None = None) -> Comparison:
    """Rank the figures when they measure the same thing over the same period; otherwise name no winner.

    With `period` (the one the question asks), figures known to cover another period are left out first.
    """
    if direction not in (MAX, MIN):
        raise ValueError(f"direction must be {MAX!r} or {MIN!r}, not {direction!r}")
    kept, left_out = list(figures), []
    if period is not None:
        kept = [f for f in figures if f.period is None or not f.period.conflicts(period)]
        left_out = [f for f in figures if f not in kept]
    if len({f.district for f in kept}) < 2:
        return Comparison(tuple(kept), None, False, "too_few", tuple(left_out))
    reason = _incomparable(kept)
    if reason:
        return Comparison(tuple(kept), None, False, reason, tuple(left_out))
    ordered = sorted(kept, key=lambda f: f.figure.base, reverse=direction == MAX)
    if ordered[0].figure.base == ordered[1].figure.base:
        return Comparison(tuple(ordered), None, True, "tie", tuple(left_out))
    return Comparison(tuple(ordered), ordered[0].district, True, None, tuple(left_out))


def _incomparable(figures: Sequence[ComparedFigure]) -> str | None:
    first = figures[0].figure
    for other in (f.figure for f in figures[1:]):
        same_unit = first.dimension == other.dimension and (
            nouns_agree(first.base_unit, other.base_unit) if first.dimension == "count" else first.base_unit == other.base_unit
        )
        if not same_unit:
            return "units"
        if not first.comparable_with(other):
            return "bases"
    periods = [f.period for f in figures if f.period is not None]
    if any(a.conflicts(b) for a in periods for b in periods):
        return "periods"
    return None
