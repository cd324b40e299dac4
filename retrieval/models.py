"""Frozen value types shared by the whole core."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum


class PassageKind(str, Enum):
    BODY = "body"  # article text: searched and quoted
    TITLE = "title"  # the headline: searched, quoted only as a last resort
    META = "meta"  # dateline, byline, outlet line: quoted for questions about the article itself


@dataclass(frozen=True)
class Passage:
    """One paragraph of an article; `number` counts from 1 within its document."""

    doc_id: str
    number: int
    line: int  # 1-based line of the source file where the paragraph starts
    text: str
    sentences: tuple[str, ...]
    kind: PassageKind = PassageKind.BODY


@dataclass(frozen=True)
class Document:
    doc_id: str  # the file stem
    source: str  # the file name as users refer to it, e.g. "seeds/000_x.txt"
    passages: Sequence[Passage]  # a tuple, or a lazy view of a stored index (retrieval/passage_table.py)
    title: str | None = None
    district: str | None = None  # "Đống Đa"
    district_kind: str | None = None  # "quận", "huyện", "thị xã", "thành phố"
    city: str | None = None  # "Hà Nội"
    date: str | None = None  # ISO date, only when the article states day, month and year
    date_text: str | None = None  # the date as the article prints it ("08/01/2025 11:53", "ngày 9/5")
    year: int | None = None
    year_inferred: bool = False  # True when `year` was read off the text rather than a stated date
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    # The source lines `date_text` and `title` were read from (None: not read from a line, e.g. a page's
    # meta tags or config/documents.toml), shown by `tracuu sources` so that a wrong reading can be corrected.
    date_line: int | None = None
    title_line: int | None = None
    title_from_body: bool = False  # the article prints no headline (`title` is None): it is named by its first sentence
    first_sentence: str | None = None  # that sentence, shortened; only when `title_from_body`

    def lead(self, paragraphs: int = 4) -> str:
        """The title and the first paragraphs (the dateline among them): where an article says what it reports."""
        return " ".join([self.title or "", *(p.text for p in self.passages[:paragraphs])])

    def passage(self, number: int) -> Passage | None:
        """The paragraph with this 1-based number, or None."""
        if 1 <= number <= len(self.passages):
            return self.passages[number - 1]
        return None


@dataclass(frozen=True)
class LoadWarning:
    """A corpus file that could not be used (or only partly), said once by name."""

    source: str
    message: str


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    warnings: tuple[LoadWarning, ...] = ()

    def document(self, doc_id: str) -> Document | None:
        for document in self.documents:
            if document.doc_id == doc_id:
                return document
        return None


@dataclass(frozen=True)
class Hit:
    """A paragraph ranked for a question, with its document: nobody looks the passage up again."""

    passage: Passage
    document: Document
    score: float


@dataclass(frozen=True)
class Citation:
    """A quoted span of one paragraph; metadata and links are read off the document where rendered."""

    n: int
    document: Document
    passage: Passage
    quote: str
    score: float

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def paragraph(self) -> int:
        return self.passage.number


class DeclineReason(str, Enum):
    EMPTY = "empty"
    EMPTY_CORPUS = "empty_corpus"
    UNKNOWN_PLACE = "unknown_place"
    SMALL_TALK = "small_talk"
    NO_MATCH = "no_match"
    SLOT_MISSING = "slot_missing"  # the article of the place asked does not state what was asked


@dataclass(frozen=True)
class Coverage:
    """What the corpus covers, as a decline says it: "quận Đống Đa (Hà Nội)", or titles of articles."""

    articles: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class DirectAnswer:
    """The short answer stated first: verbatim from a citation's quote for extractive kinds."""

    text: str
    kind: str  # "figure", "count", "person", "role", "date", "place", "yesno", "comparison", …
    citation: int  # 1-based number of the citation it comes from
    start: int | None = None  # citations[citation - 1].quote[start:end] == text, when extractive
    end: int | None = None
    # A yes/no's verdict is "Có"/"Không"; `basis` is what settles it: the quote's figure ("bằng 92,3% dự toán")
    # or the article's metadata ("quận Sơn Trà, Đà Nẵng").
    basis: str | None = None
    # An answer read from the fact table: the period and place the figure is stated for, its status
    # ("result", "estimate", "target", "budget"), the fact's id, and the answer said as a clause of the
    # question's own words ("thu ngân sách 2.375 tỷ đồng") for the first line.
    period: str | None = None
    place: str | None = None
    status: str | None = None
    fact: str | None = None
    statement: str | None = None


@dataclass(frozen=True)
class OfferedAnswer:
    """What an article states in place of the slot asked: the same measure, for another period."""

    direct: DirectAnswer  # verbatim from its citation's quote, like a short answer
    period: str  # the period it is stated for, as written: "quý I/2021"
    asked_period: str  # the period asked, as written: "năm 2020"
    place: str  # whose article: "quận Ba Đình"


@dataclass(frozen=True)
class ComparedValue:
    """One district's figure in a comparison, best first when the figures compare like with like."""

    district: str
    value: str  # as the article writes it: "12.345,678 tỷ đồng"
    period: str | None  # as written: "cả năm 2020"
    citation: int
    status: str | None = None  # the fact's status when read from the fact table: "result", "target", …


@dataclass(frozen=True)
class NameCorrection:
    """A name typed one letter off and how it was read: "Maastrich" → "Maastricht"."""

    typed: str
    read: str


@dataclass(frozen=True)
class Answer:
    """What the core found for one question: data only; bot/render/ turns it into words."""

    question: str  # as typed
    abstained: bool
    citations: tuple[Citation, ...] = ()
    reason: DeclineReason | None = None  # why it declined
    unknown_places: tuple[str, ...] = ()  # places named that no article covers ("quận Thanh Xuân")
    cut_at: int | None = None  # the question was cut to this many characters
    coverage: Coverage = field(default_factory=lambda: Coverage(0, ()))
    direct: DirectAnswer | None = None
    comparison: tuple[ComparedValue, ...] = ()  # ranked; in the order asked when not comparable
    comparable: bool = True  # False: figures of other units or periods, shown side by side
    comparison_direction: str | None = None  # "max" or "min"
    comparison_note: str | None = None  # why no winner: "units", "bases", "periods", "too_few", "tie"
    comparison_left_out: tuple[ComparedValue, ...] = ()  # figures of another period than the one asked
    # "năm 2022 và năm 2023, năm nào cao hơn?": the place whose periods are ranked; each row is then a period.
    compared_periods_of: str | None = None
    resolved_question: str | None = None  # how a follow-up was read; None for a question on its own
    cleaned: bool = False  # bytes or characters that mean nothing were replaced in the question
    missing_slot: str | None = None  # for a slot_missing decline: what the article does not state
    missing_in: tuple[str, ...] = ()  # and the articles searched for it
    # The figure the article states for another period than the one asked (asked 2020, it gives quý I/2021):
    # offered instead of a short answer, never as one.
    offered: OfferedAnswer | None = None
    corrected_names: tuple[NameCorrection, ...] = ()  # names read as the articles spell them
    asked_kind: str | None = None  # what the question asked for (config/answer_kinds.toml), "yesno", "count", …
    # The same measure for the place's other periods, latest first, when no period was asked: each cited.
    other_periods: tuple[ComparedValue, ...] = ()
    # For a slot_missing decline read from the fact table: what the articles of that place do state.
    stated: tuple[str, ...] = ()
    # "Bài đăng ngày 15/04/2025 …" when no article has that date: the date asked (YYYY-MM-DD), and the articles'
    # dates nearest to it, nearest first.
    undated: str | None = None
    nearest_dates: tuple[str, ...] = ()

    @property
    def has_quotes(self) -> bool:
        """Quotes to show: an answer, or a decline of the period asked that offers another period's figure."""
        return bool(self.citations) and (not self.abstained or self.offered is not None)
