"""Answers, documents and paragraphs as the JSON objects of the public CLI interface."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.render.links import citation_link
from bot.render.text import DEFAULT_TEMPLATES, answer_text, notice_text
from retrieval.models import Answer, Citation, Document, Passage


def citation_json(citation: Citation) -> dict[str, Any]:
    """The `ask --json` citation object: the documented fields first, then extras."""
    document = citation.document
    start = citation.passage.text.find(citation.quote)
    return {
        "n": citation.n,
        "doc_id": document.doc_id,
        "paragraph": citation.paragraph,
        "quote": citation.quote,
        "district": document.district,
        "city": document.city,
        "date": document.date,
        "title": document.title,
        "link": citation_link(citation),
        "score": citation.score,
        "line": citation.passage.line,
        "district_kind": document.district_kind,
        "date_text": document.date_text,
        "year": document.year,
        "year_inferred": document.year_inferred,
        "url": document.url,
        # Where the quote stands in its paragraph (`tracuu show LINK --mark START:END` marks it there).
        "quote_start": start if start >= 0 else None,
        "quote_end": start + len(citation.quote) if start >= 0 else None,
    }


def answer_json(answer: Answer, templates: Mapping[str, str] = DEFAULT_TEMPLATES) -> dict[str, Any]:
    """The `ask --json` object; `abstained` is true exactly when the answer declines."""
    return {
        "question": answer.question,
        "abstained": answer.abstained,
        "answer": answer_text(answer, templates),
        "citations": [citation_json(c) for c in answer.citations],
        "notice": notice_text(answer, templates),
        "reason": answer.reason.value if answer.reason else None,
        "unknown_places": list(answer.unknown_places),
        "direct": direct_json(answer),
        "comparison": [
            {"district": v.district, "value": v.value, "period": v.period, "citation": v.citation, "status": v.status}
            for v in answer.comparison
        ],
        # The same measure for other periods (a question without one), and what a decline says the articles
        # state: additions of the fact table.
        "other_periods": [
            {"place": v.district, "value": v.value, "period": v.period, "citation": v.citation, "status": v.status}
            for v in answer.other_periods
        ],
        "stated": list(answer.stated),
        # A publication date asked that no article has, and the nearest the articles have (YYYY-MM-DD).
        "undated": answer.undated,
        "nearest_dates": list(answer.nearest_dates),
        "resolved_question": answer.resolved_question,
        "offered": offered_json(answer),
        "corrected_names": [{"typed": c.typed, "read": c.read} for c in answer.corrected_names],
    }


def offered_json(answer: Answer) -> dict[str, Any] | None:
    """The figure stated for another period than the one asked; `direct` stays null."""
    offered = answer.offered
    if offered is None:
        return None
    direct = offered.direct
    return {
        "text": direct.text, "kind": direct.kind, "citation": direct.citation, "start": direct.start, "end": direct.end,
        "fact": direct.fact, "period": offered.period, "asked_period": offered.asked_period, "place": offered.place,
    }


def direct_json(answer: Answer) -> dict[str, Any] | None:
    direct = answer.direct
    if direct is None:
        return None
    return {
        "text": direct.text, "kind": direct.kind, "citation": direct.citation, "start": direct.start, "end": direct.end,
        "basis": direct.basis, "period": direct.period, "place": direct.place, "status": direct.status,
        "fact": direct.fact,
    }


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
        "date_line": document.date_line,
        "title_line": document.title_line,
        "title_from_body": document.title_from_body,
        "first_sentence": document.first_sentence,
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
