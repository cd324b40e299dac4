"""Amounts as Vietnamese news writes them: "12.345,678 tỷ đồng", "25,3%", "1.200 đảng viên", "53/282".

Dots group thousands and the comma marks decimals; money in tỷ, triệu or nghìn tỷ is brought to đồng so that two
figures can be compared; a percentage keeps its base (of the budget, "dự toán", or growth on last year, "cùng
kỳ"). The one parser of figures: the fact reader, comparisons and yes/no answers all read amounts here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from retrieval.text.folding import fold_aligned, phrase_pattern
from retrieval.text.normalize import has_diacritics, normalize_text

# --------------------------------------------------------------------------------------------------------------
# Numbers

# A number standing on its own: not part of a date (15/01/2021, 9-1-2024), a range (2020-2025), a document
# number (24-CT/TU, 45/2021/QH15) or a name (Covid-19, QH14).
# The first digit comes before the check on what precedes it, so that the engine skips to digits in C.
# "đạt gần 4.500 tỷ đồng (4.486,2 tỷ đồng)", "hơn 1.200 tỷ đồng (cụ thể là 1.203,9 tỷ đồng)": a rounded amount
# (the word before it, folded) and the bracket that opens on the exact one after it.
ROUNDED_BEFORE = re.compile(r"(?<![^\W_])(?:gan|hon|khoang|tren|xap xi|gan bang|sap xi)\s*$", re.IGNORECASE)
EXACT_IN_BRACKETS = re.compile(r"\s*\(\s*(?:(?:cu the|chinh xac|tuc)(?:\s+la)?\s+)?", re.IGNORECASE)

_NUMBER = re.compile(
    r"(\d(?<![\w.,/-]\d)"
    r"(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?"  # 12.345,678 · 2.375
    r"|\d{0,2}(?:,\d{3}){2,}(?:\.\d+)?|\d{0,2},\d{3}\.\d+"  # 1,234,567 · 1,234.5 (English style)
    r"|\d*(?:[.,]\d+)?))"  # 25,3 · 4127 · 1.5
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


BASES = {"du toan": "dự toán", "cung ky": "cùng kỳ", "ke hoach": "kế hoạch"}
BASE_PATTERN = phrase_pattern(list(BASES))
_CHANGES = {"tang": "tăng", "giam": "giảm"}
# Words before a number that make it an ordinal, an identifier or a date rather than an amount.
_NOT_AMOUNT_BEFORE = frozenset({"thứ", "số", "khóa", "khoá", "quận", "phường", "ngày", "tháng", "kỳ", "kì"})
_NOT_AMOUNT_BEFORE_FOLDED = frozenset({"khoa", "quan", "phuong", "ngay", "thang"})
_NUMBERED_PLACES = frozenset({"quận", "phường", "quan", "phuong"})
_PLACE_NUMBER = re.compile(r"\d{1,2}")  # a district's or ward's number: no thousands, no decimals
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
            return nouns_agree(self.base_unit, other.base_unit)
        if self.base_unit != other.base_unit:
            return False
        return self.basis is None or other.basis is None or self.basis == other.basis


def nouns_agree(first: str, second: str) -> bool:
    # "phường" and "phường ban" (the noun ran into a verb) count the same thing; "chi bộ" and "chi đoàn" do not.
    a, b = fold_aligned(first).split(), fold_aligned(second).split()
    return bool(a) and bool(b) and a[0] == b[0] and (len(a) == 1 or len(b) == 1 or a[1] == b[1])


def _unit_forms(forms: Iterable[str]) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each unit form with its folded key, by the key's first letter, longest first (the longest that fits wins)."""
    by_first: dict[str, list[tuple[str, str]]] = {}
    for form in sorted(forms, key=len, reverse=True):
        key = fold_aligned(form)
        by_first.setdefault(key[0], []).append((form, key))
    return {first: tuple(keyed) for first, keyed in by_first.items()}


def _unit_at(text: str, folded: str, position: int, forms: Mapping[str, tuple[tuple[str, str], ...]]) -> tuple[str, int] | None:
    """The unit word (one of `forms`, from _unit_forms, matched however accented) starting after spaces at
    `position`."""
    start = _skip_spaces(folded, position)
    if start >= len(folded):
        return None
    for form, key in forms.get(folded[start], ()):
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
    if sentence[end : end + 1].isupper():
        return None  # "Khu phố 3T", "mạng 5G": a name's code, not an amount
    value = _parsed_number(token)
    before = _previous_word(sentence, start)
    if _normal_word(before) in _NOT_AMOUNT_BEFORE or (
        not has_diacritics(before) and before.lower() in _NOT_AMOUNT_BEFORE_FOLDED
    ):
        if not (_normal_word(before) in _NUMBERED_PLACES and not _PLACE_NUMBER.fullmatch(token)):
            return None  # "Quận 7", "phường 12"; but "chi ngân sách quận 1.046,8 tỷ đồng" is an amount
    is_year = len(token) == 4 and token[:2] in ("19", "20") and token.isdigit()
    make = _FigureMaker(sentence, folded, value, start, is_year=is_year)
    after = _skip_spaces(folded, end)
    if folded.startswith("%", after):
        return make.percent(after + 1, "%")
    if folded[after : after + 1] not in _UNIT_FIRST_LETTERS:
        return _plain_figure(sentence, make, end)  # no unit word can start here
    found = _unit_at(sentence, folded, end, _PERCENT_FORMS)
    if found:
        return make.percent(found[1], "%")
    found = _unit_at(sentence, folded, end, _SCALE_FORMS)
    if found:
        scale_word, scale_end = found
        currency = _unit_at(sentence, folded, scale_end, _CURRENCY_FORMS)
        if currency:
            return make.money(currency[1], f"{scale_word} {currency[0]}", _SCALES[scale_word], _CURRENCIES[currency[0]])
        nouns = _next_words(sentence, scale_end, 2)
        if nouns and not _is_connector(nouns[0][0]):
            return make.count(nouns[-1][1], nouns, _SCALES[scale_word], scale_word)
        # "đạt 2.375 tỷ, tăng …": a bare tỷ or triệu in these articles is money in đồng.
        return make.money(scale_end, scale_word, _SCALES[scale_word], "đồng")
    currency = _unit_at(sentence, folded, end, _CURRENCY_FORMS)
    if currency and not (currency[0] == "đồng" and _NOT_CURRENCY_AFTER_DONG.match(folded, _skip_spaces(folded, currency[1]))):
        return make.money(currency[1], currency[0], Decimal(1), _CURRENCIES[currency[0]])
    area = _unit_at(sentence, folded, end, _AREA_FORMS)
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


_PERCENT_FORMS, _SCALE_FORMS, _CURRENCY_FORMS, _AREA_FORMS = map(_unit_forms, (_PERCENT_WORDS, _SCALES, _CURRENCIES, _AREAS))
# The first letter (folded) of every unit word a number may carry.
_UNIT_FIRST_LETTERS = frozenset(
    fold_aligned(form)[0] for table in (_PERCENT_WORDS, _SCALES, _CURRENCIES, _AREAS) for form in table
)


@dataclass(slots=True)  # not frozen: one is made for every number read, and a frozen init costs more
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
    reference = BASE_PATTERN.search(" ".join(following.split()[:8]))
    base = BASES[reference.group()] if reference else None
    return " ".join(part for part in (change, base) if part) or None
