"""Answering "Quận nào … cao nhất?" and "So sánh … của A và B": one figure per district, ranked like with like."""

from __future__ import annotations

import dataclasses

from retrieval.answering.sentence_answer import answer
from retrieval.answering.comparison import ComparedFigure, ComparisonRequest, Period, find_periods, period_near, pick_figure, rank
from retrieval.config import AnswerSettings
from retrieval.gazetteer import name_key
from retrieval.models import Answer, Citation, ComparedValue, DeclineReason, DirectAnswer
from retrieval.answering.analysis import Question, of_one_district
from retrieval.search.library import Library


def _paragraph_period(citation: Citation) -> Period | None:
    """The last period the paragraph names before the quote."""
    text = citation.passage.text
    before = text[: max(text.find(citation.quote), 0)]
    found = find_periods(before)
    return found[-1] if found else None


def _read_as_elsewhere(library: Library, citation: Citation, start: int, end: int, district: str) -> bool:
    """The fact reader read this figure of the quote as the city's or another district's: it is not this one's
    ("Toàn Thành phố … thu ngân sách ước đạt N", quoted in a district's article)."""
    for document in library.facts.documents:
        if document.doc_id != citation.doc_id:
            continue
        for fact in document.figures:
            if fact.source.paragraph != citation.paragraph or fact.source.sentence not in citation.quote:
                continue
            at = citation.quote.find(fact.source.sentence)
            if fact.start + at < end and start < fact.end + at:
                return fact.place_is_city or (fact.district is not None and name_key(fact.district) != name_key(district))
    return False


def answer_comparison(
    question: Question,
    request: ComparisonRequest,
    library: Library,
    settings: AnswerSettings,
) -> Answer:
    """Ask the measure of each district on the ordinary path, take the figure its quote states, then rank."""
    citations: list[Citation] = []
    figures: list[ComparedFigure] = []
    for district in request.districts:
        result = answer(of_one_district(question, district), library, library.tokenizer, settings, library.coverage,
                        library.tables.lexicon)
        for citation in result.citations:
            if citation.document.district != district:
                continue
            figure = pick_figure(citation.quote, request, library.abbreviations)
            if figure is None or _read_as_elsewhere(library, citation, figure.start, figure.end, district):
                continue
            number = len(citations) + 1
            citations.append(dataclasses.replace(citation, n=number))
            # The sentence may name no period ("Chi ngân sách … đạt 21%"): its paragraph often does ("Trong quý I, …").
            period = period_near(citation.quote, figure) or _paragraph_period(citation)
            figures.append(ComparedFigure(district, figure, period.with_year(citation.document.year) if period else None, number))
            break
    if not figures:
        return Answer(question.raw, True, (), DeclineReason.NO_MATCH, (), question.cut_at, library.coverage)
    comparison = rank(figures, request.direction, request.period)
    if request.named and {f.district for f in figures} != set(request.districts):
        # A district named whose sentences state no such figure may be the highest: no winner without it.
        comparison = dataclasses.replace(comparison, winner=None, comparable=False, reason="too_few")
    shown = comparison.ranked
    kept = {item.citation for item in shown}
    # Citations follow the ranking, numbered anew, so [1] is the winner's source.
    order = [item.citation for item in shown] + [c.n for c in citations if c.n not in kept]  # left out last
    renumber = {old: new for new, old in enumerate(order, start=1)}
    citations = sorted((dataclasses.replace(c, n=renumber[c.n]) for c in citations), key=lambda c: c.n)
    values = tuple(
        ComparedValue(item.district, item.figure.text, item.period.text if item.period else None, renumber[item.citation])
        for item in shown
    )
    direct = None
    if comparison.winner is not None:
        winner = next(v for v in values if v.district == comparison.winner)
        direct = DirectAnswer(comparison.winner, "comparison", winner.citation)
    return Answer(
        question.raw,
        False,
        tuple(citations),
        None,
        tuple(place.label for place in question.unknown_places),
        question.cut_at,
        library.coverage,
        direct=direct,
        comparison=values,
        comparable=comparison.winner is not None,
        comparison_direction=request.direction,
        comparison_note=None if comparison.winner else comparison.reason,
        comparison_left_out=tuple(
            ComparedValue(item.district, item.figure.text, item.period.text if item.period else None, renumber[item.citation])
            for item in comparison.left_out
        ),
    )
