"""The candidate sentences the answer path weighs for a question, each with the scorer's named features.

What benchmarks/fit.py fits the weights on: the same search, the same terms and the same features as
answer.py's choice of the quote, for the question's first group of places.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.answering.sentence_answer import find_slot, place_groups, question_terms, score_sentences, unknown_weight
from retrieval.answering.kinds.spans import candidates as span_choices
from retrieval.answering.kinds.styles import style
from retrieval.answering.scorer import MAX_SLOT_FIT
from retrieval.config import AnswerSettings
from retrieval.answering.analysis import Question
from retrieval.search.engine import SearchEngine, SearchFilters
from retrieval.text.tokenize import Tokenizer


@dataclass(frozen=True)
class SpanCandidate:
    doc_id: str
    sentence: str
    text: str
    features: tuple[float, ...]  # in scorer.SPAN_FEATURES order


@dataclass(frozen=True)
class SentenceCandidate:
    doc_id: str
    sentence: str
    features: tuple[float, ...]  # in scorer.SENTENCE_FEATURES order
    factor: float  # the title factor the whole score is multiplied by


def _searched(question: Question, engine: SearchEngine, tokenizer: Tokenizer, settings: AnswerSettings):
    """The terms and the paragraphs the answer path weighs for the question's first group of places."""
    terms = question_terms(question, engine)
    if not terms.bm25:
        return terms, []
    districts, cities = place_groups(question)[0]
    filters = SearchFilters(districts, cities, question.years, settings.period_boost, question.documents)
    hits = engine.search(terms.bm25, settings.top_paragraphs, filters)
    if terms.accented:
        seen = set().union(*(tokenizer.syllables(h.passage.text, True) for h in hits))
        terms = terms.unseen_as_unknown(seen, unknown_weight(engine))
    return terms, hits


def span_candidates(
    question: Question, engine: SearchEngine, tokenizer: Tokenizer, settings: AnswerSettings
) -> list[SpanCandidate]:
    """Every short-answer candidate of every sentence weighed, with the span scorer's named features; spans
    scored on a scale of their own (aligned.py) are left out."""
    asked = question.asked
    if not asked.short or not style(asked.span).extracts:
        return []
    _, hits = _searched(question, engine, tokenizer, settings)
    found = []
    for hit in hits:
        for sentence in hit.passage.sentences:
            for span in span_choices(asked, sentence, weights=settings.weights.span):
                if span.evidence is not None:
                    found.append(SpanCandidate(hit.document.doc_id, sentence, span.text, span.evidence.as_vector()))
    return found


def sentence_candidates(
    question: Question, engine: SearchEngine, tokenizer: Tokenizer, settings: AnswerSettings
) -> list[SentenceCandidate]:
    terms, hits = _searched(question, engine, tokenizer, settings)
    if not hits:
        return []
    asked = question.asked
    weighed = asked.short and style(asked.span).weighed
    candidates = []
    for entry in score_sentences(hits, engine, tokenizer, terms, question, settings.weights):
        sentence = entry.hit.passage.sentences[entry.index]
        slot = find_slot(asked, sentence, settings.weights.span) if weighed else None
        slot_features = (1.0, min(slot.fit, MAX_SLOT_FIT)) if slot is not None else (0.0, 0.0)
        candidates.append(SentenceCandidate(entry.hit.document.doc_id, sentence, entry.features + slot_features, entry.factor))
    return candidates
