"""Filling the answer templates of config/templates.toml: quotes, citation lines, links and declines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING
from urllib.parse import quote as url_quote

from retrieval.models import Citation, Document, Passage

if TYPE_CHECKING:
    from retrieval.search.library import Library

DEFAULT_TEMPLATES: dict[str, str] = {
    "answer": "{quotes}\n\nNguồn:\n{citations}",
    "quote": "[{n}] Theo bài về {place}: “{quote}”",
    "citation": "[{n}] {place_city} · {date} · {title} · {link}",
    "date_partial": "{date_text}/{year} (năm suy ra từ bài)",
    "year_inferred": "năm {year} (suy ra từ bài)",
    "no_date": "không rõ ngày",
    "unknown_place_notice": "Lưu ý: kho bài viết chưa có bài nào về {places}.",
    "decline_empty": "Bạn chưa nhập câu hỏi.\n{coverage}",
    "decline_unknown_place": "Xin lỗi, kho bài viết chưa có bài nào về {places}.\n{coverage}",
    "decline_no_match": "Xin lỗi, tôi không tìm thấy nội dung trả lời câu hỏi này trong các bài viết hiện có.\n{coverage}",
    "decline_empty_corpus": "Kho bài viết đang trống: chưa có bài nào để tra cứu.",
    "decline_small_talk": "Xin chào! Tôi trả lời câu hỏi về các bài viết và trích nguyên văn câu trong bài, ví dụ: “Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?”\n{coverage}",
    "coverage": "Kho hiện có {count} bài viết về: {topics}.",
    "truncated_notice": "Câu hỏi dài quá {limit} ký tự nên chỉ phần đầu được dùng.",
    "cleaned_notice": "Câu hỏi có byte hoặc ký tự không hợp lệ; chúng đã được thay bằng � hoặc dấu cách.",
}

# Words of a quote a text fragment names at each end when the quote is too long to name whole.
_FRAGMENT_EDGE_WORDS = 5


class DeclineReason(str, Enum):
    EMPTY = "empty"
    EMPTY_CORPUS = "empty_corpus"
    UNKNOWN_PLACE = "unknown_place"
    SMALL_TALK = "small_talk"
    NO_MATCH = "no_match"


def merged_templates(configured: Mapping[str, str]) -> dict[str, str]:
    """The configured templates over the defaults, so a partial templates file still works."""
    return {**DEFAULT_TEMPLATES, **configured}


def _fragment_part(text: str) -> str:
    # Text fragments reserve "-", "," and "&"; quote() leaves "-" alone, so it is escaped by hand.
    return url_quote(text, safe="").replace("-", "%2D")


def text_fragment(quote: str) -> str:
    """A `#:~:text=` fragment that highlights the quote in a browser."""
    words = quote.split()
    if len(words) <= 2 * _FRAGMENT_EDGE_WORDS:
        return "#:~:text=" + _fragment_part(" ".join(words))
    start = " ".join(words[:_FRAGMENT_EDGE_WORDS])
    end = " ".join(words[-_FRAGMENT_EDGE_WORDS:])
    return f"#:~:text={_fragment_part(start)},{_fragment_part(end)}"


def citation_link(document: Document, passage: Passage, quote: str) -> str:
    """The article's URL with the quote highlighted when known, else `seeds/<file>.txt#L<line>`."""
    if document.url:
        return document.url.split("#", 1)[0] + text_fragment(quote)
    return f"{document.source}#L{passage.line}"


def format_date(
    date: str | None, date_text: str | None, year: int | None, year_inferred: bool, templates: Mapping[str, str]
) -> str:
    """dd/mm/yyyy for a stated date; an inferred year is said to be inferred."""
    if date:
        year_part, month, day = date.split("-")
        return f"{day}/{month}/{year_part}"
    if date_text and year:
        if str(year) in date_text:  # the body stated the whole date ("12/3/2022"): nothing to add
            return date_text
        return templates["date_partial"].format(date_text=date_text, year=year)
    if year:
        return templates["year_inferred"].format(year=year) if year_inferred else str(year)
    return templates["no_date"]


def place_label(district_kind: str | None, district: str | None) -> str | None:
    if not district:
        return None
    return f"{district_kind} {district}" if district_kind else district


def citation_line(citation: Citation, templates: Mapping[str, str]) -> str:
    place = place_label(citation.district_kind, citation.district)
    place_city = ", ".join(part for part in (place, citation.city) if part)
    values = {
        "n": citation.n,
        "place_city": place_city,
        "date": format_date(citation.date, citation.date_text, citation.year, citation.year_inferred, templates),
        "title": citation.title or "",
        "link": citation.link,
        "doc_id": citation.doc_id,
        "paragraph": citation.paragraph,
    }
    line = templates["citation"].format(**values)
    # Drop the separators around parts that are empty ("· ·") so a citation never shows holes.
    parts = [part.strip() for part in line.split("·")]
    head = parts[0]
    kept = [p for p in parts[1:] if p]
    if head.endswith("]"):
        head = f"{head} {citation.doc_id}"
    return " · ".join([head, *kept])


def quote_line(citation: Citation, templates: Mapping[str, str]) -> str:
    place = place_label(citation.district_kind, citation.district) or citation.title or citation.doc_id
    return templates["quote"].format(n=citation.n, place=place, quote=citation.quote)


def render_answer(citations: Sequence[Citation], library: Library, templates: Mapping[str, str]) -> str:
    quotes = "\n".join(quote_line(c, templates) for c in citations)
    lines = "\n".join(citation_line(c, templates) for c in citations)
    return templates["answer"].format(quotes=quotes, citations=lines)


def coverage_sentence(library: Library, templates: Mapping[str, str]) -> str:
    """What the corpus covers: its districts with their cities, or its titles when it has no districts."""
    topics = list(library.topics)
    if len(topics) > 8:
        topics = topics[:8] + [f"… ({len(library.topics)} chủ đề)"]
    return templates["coverage"].format(count=len(library.corpus.documents), topics=", ".join(topics) or "—")


def render_decline(
    reason: DeclineReason, library: Library, templates: Mapping[str, str], places: Sequence[str] = ()
) -> str:
    template = templates[f"decline_{reason.value}"]
    return template.format(coverage=coverage_sentence(library, templates), places=", ".join(places)).strip()


def quote_place(citation: Citation) -> str:
    """What a quote is introduced as being about: its district, else its title, else its document id."""
    return place_label(citation.district_kind, citation.district) or citation.title or citation.doc_id
