"""From a question to an answer: choose the sentence(s) to quote, cite them, or decline."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from retrieval.config import AnswerSettings
from retrieval.models import Answer, Citation, Document, Hit, Passage, PassageKind
from retrieval.text.normalize import fold_accents, has_diacritics, normalize_text
from retrieval.text.tokenize import matching_form, prepare, segment, terms_from_words
from retrieval.question import AnswerKind, QuestionFacts, is_small_talk, is_stop_word, read_question
from retrieval.templates import DeclineReason, citation_link, render_answer, render_decline
from retrieval.search.library import Library, period_weights, place_mask, search

_SYLLABLE = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_DATE_LIKE = re.compile(r"\d{1,2}[/-]\d{1,2}|\b(19|20)\d{2}\b|\bngày\b|\btháng\b", re.IGNORECASE)
_NAME_LIKE = re.compile(r"(?<!^)\b[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+")

# How the pieces of evidence are weighed against each other (tuned on held-in questions, see README).
PARAGRAPH_WEIGHT = 0.3  # share of the question's weight given to the paragraph's BM25 rank
BIGRAM_WEIGHT = 1.0  # two question syllables in a row, found in a row
KIND_BONUS = 0.1  # a figure for "bao nhiêu", a date for "khi nào", a name for "ai"
COUNT_BONUS = 0.5  # "bao nhiêu đảng viên" and the sentence says "54 đảng viên"
SEE_ALSO_RATIO = 0.9  # further citations must score this close to the best one
PARTIAL_WORD_CREDIT = 0.5  # a question word whose syllables are found, but not together


@dataclass(frozen=True)
class QuestionTerms:
    """The question's evidence terms: folded for lookup, and as typed when typed with diacritics."""

    bm25: tuple[str, ...]  # index terms, question words removed
    syllables: tuple[str, ...]  # content syllables in the form sentences are compared in
    weights: tuple[float, ...]  # idf of each syllable (the largest idf for words the corpus lacks)
    bigrams: frozenset[tuple[str, str]]
    accented: bool
    # The question's content words (pyvi words as syllable runs) with their weight; places left out.
    evidence: tuple[tuple[tuple[str, ...], float], ...] = ()

    @property
    def total(self) -> float:
        return sum(self.weights)

    def unseen_as_unknown(self, seen: set[str], weight: float) -> QuestionTerms:
        """Weigh a word typed with diacritics that no retrieved paragraph holds as a word the corpus lacks.

        Weights are idf of folded syllables, so "phở" would weigh as little as the common "phó"/"phố";
        when not one candidate paragraph has "phở" itself, it is a word the corpus does not know.
        """
        if not self.accented:
            return self
        evidence = tuple(
            (word, max(w, weight) if any(s not in seen for s in word) else w) for word, w in self.evidence
        )
        return dataclasses.replace(self, evidence=evidence)

    def found_evidence(self, syllables: Sequence[str]) -> tuple[float, float]:
        """(weight found, weight asked) of the question's words in a run of text syllables.

        A word counts whole when its syllables stand together ("hôm nay"), half for the syllables found
        apart ("nay" in "sáng nay"): loose syllables are how an off-topic question seems to match.
        """
        joined = f" {' '.join(syllables)} "
        present = set(syllables)
        found = asked = 0.0
        for word, weight in self.evidence:
            asked += weight
            if f" {' '.join(word)} " in joined:
                found += weight
            else:
                found += PARTIAL_WORD_CREDIT * weight * sum(s in present for s in word) / len(word)
        return found, asked


@dataclass(frozen=True)
class Quote:
    passage: Passage
    first: int  # index of the first quoted sentence
    last: int
    text: str
    score: float
    coverage: float  # share of the question's evidence found in the quote's paragraph (1 if it has none)
    evidence: float  # the evidence weight found there
    paragraph_score: float


# Markup pasted with a question ("<b>Đống Đa</b>") is not part of what is asked; it is never interpreted.
_MARKUP_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


def prepare_question(question: str, limit: int) -> tuple[str, bool]:
    """Trim the question, drop pasted markup tags and cut it to `limit` characters; True when it was cut."""
    cleaned = " ".join(_MARKUP_TAG.sub(" ", normalize_text(question)).split())
    if len(cleaned) > limit:
        return cleaned[:limit], True
    return cleaned, False


def _syllables(text: str, library: Library, accented: bool) -> list[str]:
    """Lower-case syllables of the matching form; without diacritics unless the question has them."""
    _ABBREVIATION_TABLES.setdefault(id(library.abbreviations), library.abbreviations)
    return list(_cached_syllables(text, accented, id(library.abbreviations)))


# The same sentences come back question after question; their syllables are worth keeping.
_ABBREVIATION_TABLES: dict[int, Mapping[str, str]] = {}


@lru_cache(maxsize=1 << 16)
def _cached_syllables(text: str, accented: bool, table_id: int) -> tuple[str, ...]:
    found = _SYLLABLE.findall(matching_form(text, _ABBREVIATION_TABLES[table_id]).lower())
    return tuple(found if accented else (fold_accents(s) for s in found))


def _unknown_weight(library: Library) -> float:
    """The idf of a term found in no paragraph (as if found in one)."""
    return math.log(library.index.size + 1) if library.index.size else 1.0


def question_terms(question: str, library: Library, places: Sequence[str] = ()) -> QuestionTerms:
    """Terms of the question; `places` (districts, cities it names) filter the search, so they are no evidence."""
    # Abbreviations ("HĐND") say nothing about whether the user typed the rest with diacritics.
    typed = [w for w in _SYLLABLE.findall(question) if w not in library.abbreviations]
    accented = has_diacritics(" ".join(typed))
    words = [w for w in segment(prepare(question, library.abbreviations)) if not is_stop_word(w.lower(), accented)]
    bm25 = tuple(terms_from_words(words))
    # The place filter already keeps only that district's paragraphs; its name would just favour the ones
    # that repeat it. A question that is nothing but a place name keeps it.
    place_terms = {t for place in places for t in library.tokenize(place)}
    bm25 = tuple(t for t in bm25 if t not in place_terms) or bm25
    all_syllables = _syllables(question, library, accented)
    place_syllables = {s for place in places for s in _syllables(place, library, accented)}
    content = list(dict.fromkeys(s for s in all_syllables if not is_stop_word(s, accented)))
    unknown_weight = _unknown_weight(library)
    weights = tuple(library.index.term_idf(fold_accents(s)) or unknown_weight for s in content)
    bigrams = frozenset(zip(all_syllables, all_syllables[1:]))
    evidence = []
    for word in words:
        syllables = tuple(
            s for s in _syllables(word.replace("_", " "), library, accented)
            if s not in place_syllables and not is_stop_word(s, accented)
        )
        if syllables:
            weight = sum(library.index.term_idf(fold_accents(s)) or unknown_weight for s in syllables)
            evidence.append((syllables, weight))
    return QuestionTerms(bm25, tuple(content), weights, bigrams, accented, tuple(evidence))


def _kind_matches(kind: AnswerKind, sentence: str) -> bool:
    if kind is AnswerKind.NUMBER:
        return bool(_DIGIT.search(sentence))
    if kind is AnswerKind.TIME:
        return bool(_DATE_LIKE.search(sentence))
    if kind is AnswerKind.PERSON:
        return bool(_NAME_LIKE.search(sentence))
    return False


def _counts_unit(counted: tuple[str, ...], folded_syllables: list[str]) -> float:
    """1 when a figure is followed by the counted noun, 0.5 when only by its first syllable."""
    if not counted:
        return 0.0
    found = 0.0
    for i in range(len(folded_syllables) - 1):
        if folded_syllables[i][0].isdigit() and folded_syllables[i + 1] == counted[0]:
            if tuple(folded_syllables[i + 1 : i + 1 + len(counted)]) == counted:
                return 1.0
            found = 0.5
    return found


def _overlap(terms: QuestionTerms, found: set[str]) -> float:
    return sum(w for s, w in zip(terms.syllables, terms.weights) if s in found)


def best_quote(
    hits: Sequence[Hit],
    library: Library,
    terms: QuestionTerms,
    facts: QuestionFacts,
    settings: AnswerSettings,
    top_score: float | None = None,
) -> Quote | None:
    """The best sentence among the hits' paragraphs, grown with neighbours up to the quote budget."""
    if not hits:
        return None
    top_score = top_score or hits[0].score or 1.0
    total = terms.total or 1.0
    best: tuple[float, Passage, int, list[set[str]], float, float, float] | None = None
    for hit in hits:
        passage = library.passage_at(hit.doc_id, hit.number)
        if passage is None or not passage.sentences:
            continue
        sentence_syllables = [_syllables(s, library, terms.accented) for s in passage.sentences]
        sentence_sets = [set(s) for s in sentence_syllables]
        found, asked = terms.found_evidence(_syllables(passage.text, library, terms.accented))
        coverage = found / asked if asked else 1.0
        rank_part = PARAGRAPH_WEIGHT * hit.score / top_score * total
        for i, sentence in enumerate(passage.sentences):
            score = _overlap(terms, sentence_sets[i]) + rank_part
            syllables = sentence_syllables[i]
            shared = terms.bigrams.intersection(zip(syllables, syllables[1:]))
            score += BIGRAM_WEIGHT * sum(_bigram_weight(library, pair) for pair in shared)
            if _kind_matches(facts.kind, sentence):
                score += KIND_BONUS * total
            if facts.counted:
                folded = syllables if not terms.accented else [fold_accents(x) for x in syllables]
                score += COUNT_BONUS * total * _counts_unit(facts.counted, folded)
            if passage.kind is PassageKind.TITLE:
                score *= 0.5  # a headline rarely holds the figure asked for
            if best is None or score > best[0]:
                best = (score, passage, i, sentence_sets, coverage, found if asked else math.inf, hit.score)
    if best is None:
        return None
    score, passage, index, sentence_sets, coverage, evidence, paragraph_score = best
    first, last = _grow(passage, index, sentence_sets, terms, settings)
    text = _span_text(passage, first, last, settings.max_quote_chars, terms, library)
    return Quote(passage, first, last, text, score, coverage, evidence, paragraph_score)


def _enough_evidence(quote: Quote, settings: AnswerSettings) -> bool:
    """Enough of the question found, and not only words found almost everywhere ("quận")."""
    return quote.coverage >= settings.min_coverage and quote.evidence >= settings.min_evidence


def _bigram_weight(library: Library, pair: tuple[str, str]) -> float:
    return (library.index.term_idf(fold_accents(pair[0])) + library.index.term_idf(fold_accents(pair[1]))) / 2


def _grow(
    passage: Passage, index: int, sentence_sets: list[set[str]], terms: QuestionTerms, settings: AnswerSettings
) -> tuple[int, int]:
    """Add the more relevant neighbouring sentence while the quote stays within its budget."""
    first = last = index
    length = len(passage.sentences[index])
    while last - first + 1 < settings.quote_max_sentences:
        options = []
        for neighbour in (last + 1, first - 1):
            if 0 <= neighbour < len(passage.sentences):
                grown = length + 1 + len(passage.sentences[neighbour])
                if grown <= settings.quote_budget:
                    # Ties go to the next sentence: it usually finishes what the best one started.
                    preference = _overlap(terms, sentence_sets[neighbour]) + (0.001 if neighbour > last else 0.0)
                    options.append((preference, neighbour, grown))
        if not options:
            break
        _, neighbour, length = max(options)
        first, last = min(first, neighbour), max(last, neighbour)
    return first, last


def _span_text(
    passage: Passage, first: int, last: int, max_chars: int, terms: QuestionTerms, library: Library
) -> str:
    """The exact source text from sentence `first` to `last`; an over-long single sentence keeps its best clause."""
    start = passage.text.find(passage.sentences[first])
    end_sentence = passage.sentences[last]
    end = passage.text.find(end_sentence, max(start, 0)) + len(end_sentence)
    text = passage.text[start:end] if start >= 0 and end > start else " ".join(passage.sentences[first : last + 1])
    if len(text) <= max_chars:
        return text
    clauses = [c.strip() for c in re.split(r"(?<=[;:])\s+", text) if c.strip()]
    scored = [(_overlap(terms, set(_syllables(c, library, terms.accented))), -i, c) for i, c in enumerate(clauses)]
    best_clause = max(scored)[2] if scored else text
    return best_clause[:max_chars].rstrip()


_OUTLET_CODE = re.compile(r"^\((?P<code>[A-ZĐ][A-ZĐ&.\- ]{1,11})\)")


def _metadata_markers(kind: AnswerKind, document: Document) -> list[str]:
    """Text that states the author, the date or the outlet in the article itself."""
    if kind is AnswerKind.AUTHOR:
        return [document.author] if document.author else []
    if kind is AnswerKind.PUBLISHED:
        return [document.date_text] if document.date_text else []
    markers = [document.outlet] if document.outlet else []
    if document.outlet:
        # The outlet is often named only by the code that opens the lede: "(LĐTĐ) Sáng nay…".
        for passage in document.passages[:6]:
            code = _OUTLET_CODE.match(passage.text)
            if code:
                markers.append(code.group(0))
    return markers


def _metadata_quote(kind: AnswerKind, documents: Sequence[Document]) -> tuple[Document, Passage, str] | None:
    """For "who wrote it" / "when was it published" / "which paper": the line or sentence that says so."""
    for document in documents:
        markers = _metadata_markers(kind, document)
        ordered = sorted(document.passages, key=lambda p: p.kind is PassageKind.BODY)  # datelines first
        for marker in markers:
            for passage in ordered:
                for sentence in passage.sentences or (passage.text,):
                    if marker in sentence:
                        return document, passage, sentence
    return None


def _citation(n: int, document: Document, passage: Passage, quote: str, score: float) -> Citation:
    return Citation(
        n=n,
        doc_id=document.doc_id,
        paragraph=passage.number,
        quote=quote,
        district=document.district,
        city=document.city,
        date=document.date,
        title=document.title,
        link=citation_link(document, passage, quote),
        score=round(score, 4),
        line=passage.line,
        district_kind=document.district_kind,
        date_text=document.date_text,
        year=document.year,
        year_inferred=document.year_inferred,
        url=document.url,
    )


def _groups(facts: QuestionFacts) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """One search per district when several are named (each gets its own quote), else one search."""
    if len(facts.districts) > 1:
        return [((district,), ()) for district in facts.districts]
    return [(facts.districts, facts.cities)]


def answer(question: str, library: Library, settings: AnswerSettings, templates: dict[str, str]) -> Answer:
    """Answer one question from the library, or decline saying what the corpus covers."""
    text, truncated = prepare_question(question, settings.max_question_chars)
    notice = templates["truncated_notice"].format(limit=settings.max_question_chars) if truncated else None

    def decline(reason: DeclineReason, places: tuple[str, ...] = ()) -> Answer:
        body = render_decline(reason, library, templates, places)
        return Answer(question, True, body, (), notice, reason.value, places)

    if not _SYLLABLE.search(text):
        return decline(DeclineReason.EMPTY)
    if not library.passages:
        return decline(DeclineReason.EMPTY_CORPUS)
    if is_small_talk(text):
        return decline(DeclineReason.SMALL_TALK)
    facts = read_question(text, library.gazetteer, library.districts, library.cities)
    unknown = tuple(place.label for place in facts.unknown_places)
    if unknown and not facts.districts:
        return decline(DeclineReason.UNKNOWN_PLACE, unknown)
    terms = question_terms(text, library, facts.districts + facts.cities)
    if not terms.bm25:
        return decline(DeclineReason.NO_MATCH)

    citations: list[Citation] = []
    weights = period_weights(library, facts.years, settings.period_boost)
    for districts, cities in _groups(facts):
        allowed = place_mask(library, districts, cities)
        hits = search(library, terms.bm25, settings.top_paragraphs, allowed, weights)
        if facts.kind in (AnswerKind.AUTHOR, AnswerKind.PUBLISHED, AnswerKind.OUTLET) and hits:
            documents = [library.documents[h.doc_id] for h in hits]
            found = _metadata_quote(facts.kind, list(dict.fromkeys(documents)))
            if found is not None:
                document, passage, sentence = found
                citations.append(_citation(len(citations) + 1, document, passage, sentence, hits[0].score))
                continue
        seen = {s for h in hits for s in _syllables(library.passage_at(h.doc_id, h.number).text, library, terms.accented)}
        terms_here = terms.unseen_as_unknown(seen, _unknown_weight(library))
        quote = best_quote(hits, library, terms_here, facts, settings)
        if quote is None or not _enough_evidence(quote, settings):
            continue
        document = library.document_of(quote.passage)
        citations.append(_citation(len(citations) + 1, document, quote.passage, quote.text, quote.paragraph_score))
        if len(facts.districts) <= 1:
            citations.extend(_see_also(hits, quote, library, terms_here, facts, settings, len(citations)))
    if not citations:
        return decline(DeclineReason.NO_MATCH)
    answer_notice = notice
    if unknown:
        place_notice = templates["unknown_place_notice"].format(places=", ".join(unknown))
        answer_notice = f"{notice}\n{place_notice}" if notice else place_notice
    body = render_answer(citations, library, templates)
    return Answer(question, False, body, tuple(citations), answer_notice, None, unknown)


def _see_also(
    hits: Sequence[Hit],
    main: Quote,
    library: Library,
    terms: QuestionTerms,
    facts: QuestionFacts,
    settings: AnswerSettings,
    numbered: int,
) -> list[Citation]:
    """A second quote from another paragraph when it is nearly as good as the first."""
    others = [h for h in hits if (h.doc_id, h.number) != (main.passage.doc_id, main.passage.number)]
    quote = best_quote(others, library, terms, facts, settings, top_score=hits[0].score)
    if quote is None or quote.score < SEE_ALSO_RATIO * main.score or not _enough_evidence(quote, settings):
        return []
    document = library.document_of(quote.passage)
    return [_citation(numbered + 1, document, quote.passage, quote.text, quote.paragraph_score)]
