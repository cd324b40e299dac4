"""The fact table's value types: a figure or a person-with-role, typed and cited by verbatim offsets."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from retrieval.text.folding import fold_aligned


class Status(str, Enum):
    RESULT = "result"  # what was achieved
    ESTIMATE = "estimate"  # "ước đạt", "ước tính"
    TARGET = "target"  # "phấn đấu", "kế hoạch", "chỉ tiêu", "mục tiêu"
    BUDGET = "budget"  # "dự toán … giao"


class Relation(str, Enum):
    AMOUNT = "amount"  # a figure on its own
    SHARE = "share"  # "đạt 101,37% dự toán": a share of the amount before it
    GROWTH = "growth"  # "tăng 8,3% so với cùng kỳ": the amount's change


class PeriodKind(str, Enum):
    YEAR = "year"  # "năm 2020", "cả năm"
    QUARTER = "quarter"  # "quý I/2021", "3 tháng đầu năm"
    MONTHS = "months"  # "6 tháng đầu năm", "9 tháng"
    CUTOFF = "cutoff"  # "tính đến ngày 16/3"
    TERM = "term"  # "nhiệm kỳ 2020-2025", "giai đoạn 2021-2025"


@dataclass(frozen=True, order=True)
class FactPeriod:
    """The time a figure covers. `part`: the quarter, the months from January, or the cut-off month."""

    kind: PeriodKind
    year: int | None
    part: int | None = None
    day: int | None = None  # a cut-off's day
    end_year: int | None = None  # a term's last year
    text: str = ""  # as written: "quý I/2021", or as inferred: "cả năm 2022"
    year_inferred: bool = False  # the year came from the article, not the words

    @property
    def text_folded(self) -> str:
        return fold_aligned(self.text).lower()

    @property
    def key(self) -> tuple[str, int | None, int | None, int | None]:
        """What two periods must share to be the same period."""
        return (self.kind.value, self.year, self.part, self.day if self.kind is PeriodKind.CUTOFF else None)

    @property
    def order(self) -> tuple[int, int, int]:
        """Sorts periods by when they end: quý I/2021 before 6 tháng 2021 before năm 2021."""
        year = self.end_year or self.year or 0
        if self.kind is PeriodKind.YEAR or self.kind is PeriodKind.TERM:
            return (year, 12, 31)
        if self.kind is PeriodKind.QUARTER:
            return (year, 3 * (self.part or 4), 28)
        return (year, self.part or 12, self.day or 28)

    def label(self) -> str:
        """How an answer names it: "Quý I/2021", "6 tháng đầu năm 2020", "Năm 2022"."""
        year = f"{self.year}" if self.year else ""
        if self.kind is PeriodKind.QUARTER:
            roman = {1: "I", 2: "II", 3: "III", 4: "IV"}.get(self.part or 0, str(self.part))
            return f"Quý {roman}/{year}" if year else f"Quý {roman}"
        if self.kind is PeriodKind.MONTHS:
            head = f"{self.part} tháng đầu năm" if self.part == 6 else f"{self.part} tháng năm"
            return f"{head} {year}".strip() if year else head.removesuffix(" năm")
        if self.kind is PeriodKind.CUTOFF:
            date = f"{self.day}/{self.part}" if self.day else f"tháng {self.part}"
            return f"Tính đến {date}/{year}" if year else f"Tính đến {date}"
        if self.kind is PeriodKind.TERM:
            head = "Nhiệm kỳ" if self.text_folded.startswith("nhiem ky") else "Giai đoạn"
            return f"{head} {self.year}-{self.end_year}"
        return f"Năm {year}" if year else "Cả năm"


@dataclass(frozen=True)
class Source:
    """Where a fact is stated: the article, its paragraph (1-based) and the sentence (0-based in it)."""

    doc_id: str
    paragraph: int
    sentence_index: int
    sentence: str


@dataclass(frozen=True)
class FigureFact:
    id: str  # "<doc>:<paragraph>:<sentence>:<start>", stable while the article is unchanged
    source: Source
    value: str  # as written: "12.345,678 tỷ đồng"
    start: int  # sentence[start:end] == value
    end: int
    number: float  # 12345.678
    unit: str  # as written, lower case: "tỷ đồng", "%", "đảng viên"
    base: float  # in the compared unit: đồng for money
    dimension: str  # "money", "percent", "area", "count", "number"
    measure: str  # the words that say what is measured, verbatim: "thu ngân sách trên địa bàn quận"
    measure_words: tuple[str, ...]  # its content syllables, folded, abbreviations expanded
    status: Status
    relation: Relation
    of: str | None  # for a share or growth: the id of the amount it belongs to
    basis: str | None  # what a share is of or a growth compared with: "dự toán", "cùng kỳ"
    period: FactPeriod | None
    place: str  # "quận Ba Đình", "thành phố Hà Nội"
    place_is_city: bool  # the figure is the city's, not the article's district's
    district: str | None  # the district it belongs to (None for a city-wide figure)

    @property
    def quoted(self) -> str:
        return self.source.sentence


@dataclass(frozen=True)
class RoleFact:
    """A person named with one role: "đồng chí Lê Anh Tú, Phó Bí thư Thường trực Huyện ủy"."""

    id: str
    source: Source
    name: str  # "Lê Anh Tú"
    start: int  # sentence[start:end] == name
    end: int
    role: str  # as written: "Phó Bí thư Thường trực Huyện ủy"
    role_start: int
    role_end: int
    head: str  # folded: "pho bi thu thuong truc"
    body: str  # folded, normalised: "cap uy", "uy ban nhan dan", "hoi dong nhan dan", "" when none
    place: str  # "huyện Gia Lâm"
    district: str | None
    year: int | None  # the article's year: a later article's holder of a role is the newer one
    date: str | None  # the article's publication date (ISO), when stated
    period_year: int | None = None  # the year the article reports on (a January report of the year before)
    # The year the sentence says the person took up the role ("được bầu giữ chức … từ tháng 9/2020").
    since_year: int | None = None
    since_month: int | None = None  # … and the month, when it says one ("tháng 5/2022")
