"""Figures across districts: read Vietnamese numbers and units, recognise a comparison question, rank like with like.

Vietnamese writes "12.345,678 tỷ đồng": dots group thousands, the comma marks decimals. Money in tỷ, triệu or
nghìn tỷ is brought to đồng before two figures are compared; a percentage is only compared with a percentage of
the same base (of the budget, "dự toán", versus growth on last year, "cùng kỳ"), and a count only with a count of
the same thing. Figures of different periods (năm 2020 versus quý I/2021) are shown side by side, never ranked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from retrieval.text.folding import fold_aligned, phrase_pattern
from retrieval.text.normalize import expand_abbreviations, has_diacritics, normalize_text

MAX = "max"
MIN = "min"

# --------------------------------------------------------------------------------------------------------------
# Numbers

# A number standing on its own: not part of a date (15/01/2021, 9-1-2024), a range (2020-2025), a document
# number (24-CT/TU, 119/2020/QH14) or a name (Covid-19, QH14).
_NUMBER = re.compile(
    r"(?<![\w.,/-])"
    r"(\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 12.345,678 · 2.375
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3},\d{3}\.\d+"  # 1,234,567 · 1,234.5 (English style)
    r"|\d+(?:[.,]\d+)?)"  # 25,3 · 4127 · 1.5
    r"(?![.,]?\d|\s*/\s*\d|/|\s*[-–]\s*\d|-[^\W\d_])"
)


def parse_number(token: str) -> Decimal:
    """ "12.345,678" → 12345.678, "2.375" → 2375, "25,3" → 25.3, "1,234.5" → 1234.5."""
    dots, commas = token.count("."), token.count(",")
    if dots and commas:
        decimal_mark = "," if token.rfind(",") > token.rfind(".") else "."
    elif dots > 1 or commas > 1:
        decimal_mark = None
    elif dots:
        whole, _, fraction = token.partition(".")
        # One dot before exactly three digits groups thousands ("2.375"), unless the number starts with 0.
        decimal_mark = "." if len(fraction) != 3 or whole == "0" else None
    else:
        decimal_mark = "," if commas else None
    grouping = {".", ","} - {decimal_mark} if decimal_mark else {".", ","}
    digits = "".join(c for c in token if c not in grouping)
    if decimal_mark:
        digits = digits.replace(decimal_mark, ".")
    try:
        return Decimal(digits)
    except InvalidOperation as error:  # the pattern only lets digits and marks through
        raise ValueError(f"not a number: {token!r}") from error


# --------------------------------------------------------------------------------------------------------------
# Units

_SCALES: dict[str, Decimal] = {
    "nghìn tỷ": Decimal(10) ** 12,
    "ngàn tỷ": Decimal(10) ** 12,
    "nghìn tỉ": Decimal(10) ** 12,
    "ngàn tỉ": Decimal(10) ** 12,
    "tỷ": Decimal(10) ** 9,
    "tỉ": Decimal(10) ** 9,
    "triệu": Decimal(10) ** 6,
    "nghìn": Decimal(10) ** 3,
    "ngàn": Decimal(10) ** 3,
}
_CURRENCIES = {"đồng": "đồng", "đ": "đồng", "vnđ": "đồng", "vnd": "đồng", "usd": "USD", "đô la": "USD"}
# "đồng" is also the first syllable of ordinary words: "905 đồng chí".
_NOT_CURRENCY_AFTER_DONG = phrase_pattern(
    "chi bao thoi y bo nghiep huong doi tam long loat thuan deu nhat dang khoi".split()
)
_AREAS = {"m2": Decimal(1), "m²": Decimal(1), "mét vuông": Decimal(1), "ha": Decimal(10_000),
          "héc ta": Decimal(10_000), "hecta": Decimal(10_000), "km2": Decimal(10) ** 6, "km²": Decimal(10) ** 6}
_PERCENT_WORDS = ("phần trăm",)
# Words that may follow a figure without being what it counts.
_CONNECTORS = frozenset(
    """
    và với so tăng giảm đạt bằng trong của là thì từ đến hoặc hay cho để nhưng mà trên dưới vượt chiếm ước
    năm tháng ngày này do khi sau trước gồm bao tại ở về theo được đã sẽ đang còn cùng
    """.split()
)
_FOLDED_CONNECTORS = frozenset(fold_aligned(word) for word in _CONNECTORS)


@lru_cache(maxsize=1 << 13)  # the words around numbers are few and come back in every article
def _normal_word(word: str) -> str:
    return normalize_text(word).lower()


def _is_connector(word: str) -> bool:
    # Typed with diacritics the word is unambiguous ("đảng" is no "đang"); without, its folded form decides.
    if has_diacritics(word):
        return _normal_word(word) in _CONNECTORS
    return word.lower() in _FOLDED_CONNECTORS


_BASES = {"du toan": "dự toán", "cung ky": "cùng kỳ", "ke hoach": "kế hoạch"}
_BASE_PATTERN = phrase_pattern(list(_BASES))
_CHANGES = {"tang": "tăng", "giam": "giảm"}
# Words before a number that make it an ordinal, an identifier or a date rather than an amount.
_NOT_AMOUNT_BEFORE = frozenset({"thứ", "số", "khóa", "khoá", "quận", "phường", "ngày", "tháng", "kỳ", "kì"})
_NOT_AMOUNT_BEFORE_FOLDED = frozenset({"khoa", "quan", "phuong", "ngay", "thang"})
_CLAUSE_END = re.compile(r"[,;:()\[\]\d]")


@dataclass(frozen=True)
class Figure:
    """A number as a sentence states it, with its unit, and its value in the unit figures are compared in."""

    value: Decimal  # as written: 12345.678
    unit: str  # as written, lower case: "tỷ đồng", "%", "chi bộ", "m2"; "" for a bare number
    base: Decimal  # in `base_unit`: 11085046000000 (đồng)
    base_unit: str  # "đồng", "USD", "%", "m2", or the counted noun ("chi bộ")
    dimension: str  # "money", "percent", "area", "count" or "number"
    start: int  # span of the figure in the sentence (NFC text, as the corpus stores it)
    end: int
    text: str  # the span itself: "12.345,678 tỷ đồng"
    basis: str | None = None  # what a percentage is of: "dự toán", "cùng kỳ", "tăng cùng kỳ"

    def comparable_with(self, other: Figure) -> bool:
        """Same dimension and unit (money in any scale), and for percentages the same base."""
        if self.dimension != other.dimension:
            return False
        if self.dimension == "count":
            return _nouns_agree(self.base_unit, other.base_unit)
        if self.base_unit != other.base_unit:
            return False
        return self.basis is None or other.basis is None or self.basis == other.basis


def _nouns_agree(first: str, second: str) -> bool:
    # "phường" and "phường ban" (the noun ran into a verb) count the same thing; "chi bộ" and "chi đoàn" do not.
    a, b = fold_aligned(first).split(), fold_aligned(second).split()
    return bool(a) and bool(b) and a[0] == b[0] and (len(a) == 1 or len(b) == 1 or a[1] == b[1])


@lru_cache(maxsize=16)
def _unit_forms(forms: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each unit form with its folded key, longest first (the longest form that fits wins)."""
    return tuple((form, fold_aligned(form)) for form in sorted(forms, key=len, reverse=True))


def _unit_at(text: str, folded: str, position: int, forms: Iterable[str]) -> tuple[str, int] | None:
    """The unit word (one of `forms`, matched however accented) starting after spaces at `position`."""
    start = _skip_spaces(folded, position)
    if start >= len(folded):
        return None
    first = folded[start]
    for form, key in _unit_forms(tuple(forms)):
        if key[0] != first:
            continue
        end = start + len(key)
        if folded[start:end] != key or (end < len(folded) and (folded[end].isalnum() or folded[end] == "_")):
            continue
        written = text[start:end]
        # "ngân" folds like "ngàn": a word typed with diacritics must be this very word.
        if has_diacritics(written) and _normal_word(written) != form:
            continue
        return form, end
    return None


_NON_SPACE = re.compile(r"\S+")


def _next_words(text: str, position: int, count: int) -> list[tuple[str, int]]:
    words: list[tuple[str, int]] = []
    for match in _NON_SPACE.finditer(text, position):
        word = match.group()
        bare = word.rstrip(".,;:!?…)”\"'")
        if not bare or not bare.isalpha():
            break
        words.append((bare, match.start() + len(bare)))
        if bare != word or len(words) == count:
            break
    return words


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _previous_word(text: str, position: int) -> str:
    """The run of letters that ends before `position` with only non-word characters after it (else "")."""
    # A scan back from `position`: a regular expression anchored at the end would try every start of the text.
    end = position
    while end > 0 and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    start = end
    while start > 0 and text[start - 1].isalnum() and not text[start - 1].isdecimal():
        start -= 1
    return text[start:end]


def find_figures(sentence: str, folded: str | None = None) -> tuple[Figure, ...]:
    """Every amount a sentence states: money, percentages, areas and counts, in order."""
    folded = fold_aligned(sentence) if folded is None else folded
    figures: list[Figure] = []
    for match in _NUMBER.finditer(sentence):
        figure = _figure_at(sentence, folded, match)
        if figure is not None:
            figures.append(figure)
    return tuple(figures)


def _figure_at(sentence: str, folded: str, match: re.Match[str]) -> Figure | None:
    token, start, end = match.group(1), match.start(1), match.end(1)
    value = _parsed_number(token)
    before = _previous_word(sentence, start)
    if _normal_word(before) in _NOT_AMOUNT_BEFORE or (
        not has_diacritics(before) and before.lower() in _NOT_AMOUNT_BEFORE_FOLDED
    ):
        return None
    is_year = len(token) == 4 and token[:2] in ("19", "20") and token.isdigit()
    make = _FigureMaker(sentence, folded, value, start, is_year=is_year)
    after = _skip_spaces(folded, end)
    if folded.startswith("%", after):
        return make.percent(after + 1, "%")
    if folded[after : after + 1] not in _UNIT_FIRST_LETTERS:
        return _plain_figure(sentence, make, end)  # no unit word can start here
    found = _unit_at(sentence, folded, end, _PERCENT_WORDS)
    if found:
        return make.percent(found[1], "%")
    found = _unit_at(sentence, folded, end, _SCALES)
    if found:
        scale_word, scale_end = found
        currency = _unit_at(sentence, folded, scale_end, _CURRENCIES)
        if currency:
            return make.money(currency[1], f"{scale_word} {currency[0]}", _SCALES[scale_word], _CURRENCIES[currency[0]])
        nouns = _next_words(sentence, scale_end, 2)
        if nouns and not _is_connector(nouns[0][0]):
            return make.count(nouns[-1][1], nouns, _SCALES[scale_word], scale_word)
        # "đạt 2.375 tỷ, tăng …": a bare tỷ or triệu in these articles is money in đồng.
        return make.money(scale_end, scale_word, _SCALES[scale_word], "đồng")
    currency = _unit_at(sentence, folded, end, _CURRENCIES)
    if currency and not (currency[0] == "đồng" and _NOT_CURRENCY_AFTER_DONG.match(folded, _skip_spaces(folded, currency[1]))):
        return make.money(currency[1], currency[0], Decimal(1), _CURRENCIES[currency[0]])
    area = _unit_at(sentence, folded, end, _AREAS)
    if area:
        return make.simple(area[1], area[0], value * _AREAS[area[0]], "m2", "area")
    return _plain_figure(sentence, make, end)


def _plain_figure(sentence: str, make: _FigureMaker, end: int) -> Figure | None:
    """A number with no unit word after it: a count of the noun that follows, a bare number, or a year."""
    if make.is_year:
        return None  # "năm 2020", "(2017 - 2021)": a year, not an amount
    nouns = _next_words(sentence, end, 2)
    if nouns and not _is_connector(nouns[0][0]):
        return make.count(nouns[-1][1], nouns, Decimal(1), "")
    return make.simple(end, "", make.value, "", "number")


@lru_cache(maxsize=1 << 13)  # years, percentages and small counts recur in every article
def _parsed_number(token: str) -> Decimal:
    return parse_number(token)


# The first letter (folded) of every unit word a number may carry.
_UNIT_FIRST_LETTERS = frozenset(
    fold_aligned(form)[0] for table in (_PERCENT_WORDS, _SCALES, _CURRENCIES, _AREAS) for form in table
)


@dataclass(frozen=True)
class _FigureMaker:
    sentence: str
    folded: str
    value: Decimal
    start: int
    is_year: bool

    def simple(self, end: int, unit: str, base: Decimal, base_unit: str, dimension: str, basis: str | None = None) -> Figure:
        text = self.sentence[self.start : end]
        return Figure(self.value, unit, base, base_unit, dimension, self.start, end, text, basis)

    def money(self, end: int, unit: str, scale: Decimal, currency: str) -> Figure:
        return self.simple(end, unit, self.value * scale, currency, "money")

    def percent(self, end: int, unit: str) -> Figure:
        return self.simple(end, unit, self.value, "%", "percent", _percent_basis(self.sentence, self.folded, self.start, end))

    def count(self, end: int, nouns: list[tuple[str, int]], scale: Decimal, scale_word: str) -> Figure:
        noun = _normal_word(" ".join(word for word, _ in nouns))
        unit = f"{scale_word} {noun}".strip()
        return self.simple(end, unit, self.value * scale, noun, "count")


def _percent_basis(sentence: str, folded: str, start: int, end: int) -> str | None:
    change = _CHANGES.get(fold_aligned(_previous_word(sentence, start)))
    clause_end = _CLAUSE_END.search(folded, end)
    following = folded[end : clause_end.start() if clause_end else len(folded)]
    reference = _BASE_PATTERN.search(" ".join(following.split()[:8]))
    base = _BASES[reference.group()] if reference else None
    return " ".join(part for part in (change, base) if part) or None


# --------------------------------------------------------------------------------------------------------------
# Periods

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD = re.compile(
    r"(?<![^\W_])(?:"
    r"quy\s+(?P<quarter>iv|iii|ii|i|[1-4])(?:\s*[/-]\s*(?P<qyear>(?:19|20)\d\d)|\s+(?:nam\s+)?(?P<qyear2>(?:19|20)\d\d))?"
    r"|(?P<months>\d{1,2}|ba|sau|chin)\s+thang\s+(?:dau\s+)?nam(?:\s+(?P<myear>(?:19|20)\d\d))?"
    r"|(?:ca\s+)?nam\s+(?P<year>(?:19|20)\d\d)"
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
            year = match.group("myear")
            span, part = ("quarter", 1) if count == 3 else ("months", count)
            periods.append(Period(span, int(year) if year else None, part, written, match.start(), match.end()))
        else:
            periods.append(Period("year", int(match.group("year")), None, written, match.start(), match.end()))
    return tuple(periods)


def period_near(sentence: str, figure: Figure) -> Period | None:
    """The period a figure is stated for: the last one named before it, else the first one after."""
    periods = find_periods(sentence)
    before = [p for p in periods if p.end <= figure.start]
    if before:
        return before[-1]
    after = [p for p in periods if p.start >= figure.end]
    return after[0] if after else None


# --------------------------------------------------------------------------------------------------------------
# Comparison questions

_WHICH = phrase_pattern(
    ["quận nào", "huyện nào", "địa phương nào", "nơi nào", "đơn vị nào", "đảng bộ nào", "quận ủy nào",
     "quận uỷ nào", "địa bàn nào", "bên nào", "thành phố nào", "ở đâu", "bài nào"]
)
_SUPERLATIVES = {
    MAX: ["cao nhất", "nhiều nhất", "lớn nhất", "đứng đầu", "dẫn đầu", "vượt trội nhất"],
    MIN: ["thấp nhất", "ít nhất", "nhỏ nhất", "đứng cuối", "kém nhất"],
}
# "A và B, bên nào hơn?": "hơn" right after the question word says more, as people say it.
_COMPARATIVES = {MAX: ["cao hơn", "nhiều hơn", "lớn hơn", "nào hơn"], MIN: ["thấp hơn", "ít hơn", "nhỏ hơn", "nào kém hơn"]}
_SUPERLATIVE_PATTERNS = {d: phrase_pattern(p) for d, p in _SUPERLATIVES.items()}
_COMPARATIVE_PATTERNS = {d: phrase_pattern(p) for d, p in _COMPARATIVES.items()}
# "Quận nào có nhiều chi bộ … nhất?": the measure sits between the two cue words.
# … and "Quận nào kết nạp nhiều đảng viên mới hơn?": a comparative split the same way.
_SPLIT_SUPERLATIVE = re.compile(r"(?<![^\W_])(?P<cue>nhieu|it)\s+(?P<measure>(?:[^\W_]+\s+){1,10}?)(?:nhat|hon)(?![^\W_])")
_COMPARE = phrase_pattern(["so sánh", "đối chiếu"])
_PERCENT_CUES = phrase_pattern(["tỷ lệ", "tỉ lệ", "phần trăm", "bao nhiêu phần trăm", "%"])
_MONEY_CUES = phrase_pattern(["số tiền", "bao nhiêu tiền", "tỷ đồng", "triệu đồng", "giá trị"])
_ASKED_BASES = phrase_pattern(["so với dự toán", "dự toán", "so với cùng kỳ", "cùng kỳ", "so với kế hoạch", "kế hoạch"])
# Words that carry the question's form, not what is measured.
_FORM_WORDS = phrase_pattern(
    "theo xét về trong của và với giữa hay hoặc là có thì được đạt bằng nào bao nhiêu nhất hơn quận huyện"
    " nơi bên ai đâu ở cả các những".split()
    + ["so sánh", "đối chiếu", "thị xã", "địa phương", "đơn vị", "đảng bộ", "thành phố", "số tiền", "giá trị",
       "bao nhiêu tiền", "tỷ lệ", "tỉ lệ", "phần trăm", "so với", *_BASES.values()]
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

    def question_for(self, district: str) -> str:
        """A plain question for one district, for the ordinary answer path: "Thu ngân sách năm 2020 của Đống Đa …"."""
        parts = [self.measure[:1].upper() + self.measure[1:]] if self.measure else ["Số liệu"]
        if self.period is not None:
            parts.append(self.period.text[:1].lower() + self.period.text[1:])
        parts.append(f"của {district}")
        if self.percent:
            parts.append(f"bằng bao nhiêu phần trăm {self.basis}" if self.basis else "là bao nhiêu phần trăm")
        else:
            parts.append("là bao nhiêu")
        return " ".join(parts) + "?"


def read_comparison(
    question: str, corpus_districts: Sequence[str], named_districts: Sequence[str] = ()
) -> ComparisonRequest | None:
    """A comparison or superlative question, read; None for any other question.

    `named_districts` are the corpus districts the question names (retrieval.question finds them); with fewer
    than two, every corpus district is compared.
    """
    text = normalize_text(question)
    folded = fold_aligned(text)
    asks_which = _WHICH.search(folded) is not None
    several = len(named_districts) >= 2
    direction = _direction(folded, asks_which, several)
    if direction is None:
        return None
    percent = _PERCENT_CUES.search(folded) is not None
    base = _ASKED_BASES.search(folded)
    basis = _BASES[" ".join(base.group().split()[-2:])] if base else None
    named = tuple(named_districts)
    return ComparisonRequest(
        direction=direction,
        measure=_measure(text, folded, named),
        percent=percent or basis is not None,
        basis=basis,
        money=_MONEY_CUES.search(folded) is not None,
        districts=named if several else tuple(corpus_districts),
        named=several,
        period=next(iter(find_periods(text)), None),
    )


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
    if several and _COMPARE.search(folded):
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
    for pattern in (*_SUPERLATIVE_PATTERNS.values(), *_COMPARATIVE_PATTERNS.values(), _WHICH, _FORM_WORDS):
        for match in pattern.finditer(folded):
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

    best = max(range(len(pool)), key=lambda i: (support(i), -i))
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
            _nouns_agree(first.base_unit, other.base_unit) if first.dimension == "count" else first.base_unit == other.base_unit
        )
        if not same_unit:
            return "units"
        if not first.comparable_with(other):
            return "bases"
    periods = [f.period for f in figures if f.period is not None]
    if any(a.conflicts(b) for a in periods for b in periods):
        return "periods"
    return None
