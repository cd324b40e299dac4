"""Answers and sources as terminal text and as the JSON objects of the public CLI interface."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from retrieval.models import Answer, Citation, Document, Passage
from retrieval.templates import DEFAULT_TEMPLATES, format_date, place_label


def citation_json(citation: Citation) -> dict[str, Any]:
    """The `ask --json` citation object: the documented fields first, then extras."""
    data = asdict(citation)
    ordered = {
        key: data.pop(key)
        for key in ("n", "doc_id", "paragraph", "quote", "district", "city", "date", "title", "link", "score")
    }
    return {**ordered, **data}


def answer_json(answer: Answer) -> dict[str, Any]:
    """The `ask --json` object; `abstained` is true exactly when the answer declines."""
    return {
        "question": answer.question,
        "abstained": answer.abstained,
        "answer": answer_text(answer),
        "citations": [citation_json(c) for c in answer.citations],
        "notice": answer.notice,
        "reason": answer.reason,
        "unknown_places": list(answer.unknown_places),
    }


def answer_text(answer: Answer) -> str:
    """The answer for a person: any notice (question cut, place not covered) first."""
    return f"{answer.notice}\n\n{answer.text}" if answer.notice else answer.text


def document_json(document: Document) -> dict[str, Any]:
    return {
        "doc_id": document.doc_id,
        "source": document.source,
        "title": document.title,
        "district": document.district,
        "district_kind": document.district_kind,
        "city": document.city,
        "date": document.date,
        "date_text": document.date_text,
        "year": document.year,
        "year_inferred": document.year_inferred,
        "author": document.author,
        "outlet": document.outlet,
        "url": document.url,
        "paragraphs": len(document.passages),
    }


def passage_json(passage: Passage) -> dict[str, Any]:
    return {
        "doc_id": passage.doc_id,
        "paragraph": passage.number,
        "line": passage.line,
        "kind": passage.kind.value,
        "text": passage.text,
    }


def document_heading(document: Document) -> str:
    """One line naming the article: district, city, date, title."""
    place = place_label(document.district_kind, document.district)
    date = format_date(document.date, document.date_text, document.year, document.year_inferred, DEFAULT_TEMPLATES)
    parts = [document.doc_id, ", ".join(p for p in (place, document.city) if p), date, document.title]
    return " · ".join(p for p in parts if p)


def document_details(document: Document) -> list[str]:
    """Metadata lines for `tracuu show`."""
    fields = [
        ("Tệp", document.source),
        ("Tiêu đề", document.title),
        ("Địa bàn", ", ".join(p for p in (place_label(document.district_kind, document.district), document.city) if p)),
        ("Ngày", format_date(document.date, document.date_text, document.year, document.year_inferred, DEFAULT_TEMPLATES)),
        ("Tác giả", document.author),
        ("Nguồn", document.outlet),
        ("URL", document.url),
    ]
    return [f"{label}: {value}" for label, value in fields if value]
