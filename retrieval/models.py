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
    date_text: str | None = None  # the date as the article prints it ("15/01/2021 11:53", "ngày 12/4")
    year: int | None = None
    year_inferred: bool = False  # True when `year` was read off the text rather than a stated date
    author: str | None = None
    outlet: str | None = None
    url: str | None = None

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
    """A paragraph ranked for a question."""

    doc_id: str
    number: int
    score: float


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    paragraph: int
    quote: str
    district: str | None
    city: str | None
    date: str | None
    title: str | None
    link: str
    score: float
    line: int = 0
    district_kind: str | None = None
    date_text: str | None = None
    year: int | None = None
    year_inferred: bool = False
    url: str | None = None


@dataclass(frozen=True)
class DirectAnswer:
    """The short answer stated first: a span of a citation's quote, or "Có"/"Không" for a yes/no question."""

    text: str
    kind: str  # the answer kind: "amount", "count", "person", "date", "yesno", "comparison", …
    citation: int  # 1-based number of the citation whose quote holds it
    start: int | None = None  # citations[citation - 1].quote[start:end] == text; None for yes/no
    end: int | None = None


@dataclass(frozen=True)
class Answer:
    question: str
    abstained: bool
    text: str
    citations: tuple[Citation, ...] = ()
    notice: str | None = None  # e.g. the question was cut to the maximum length
    reason: str | None = None  # why it declined: "empty", "unknown_district", "no_match", ...
    unknown_places: tuple[str, ...] = field(default=())
    direct: DirectAnswer | None = None
    comparison: tuple[object, ...] = ()  # ranked figures across districts, when the question compares
    resolved_question: str | None = None  # how a follow-up was read; None for a standalone question
