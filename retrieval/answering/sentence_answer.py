"""From a question to an answer: choose the sentence(s) to quote, cite them, or decline."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from retrieval.answering.kinds import AskedFor, extract_span
from retrieval.answering.kinds.styles import style
from retrieval.answering.kinds.yesno import settle
from retrieval.answering.scorer import DEFAULT_SPAN_WEIGHTS, SentenceWeights, SpanWeights
from retrieval.config import AnswerSettings
from retrieval.facts.lexicon import Lexicon
from retrieval.answering.kinds.periods import Period
from retrieval.answering.comparison import find_periods
from retrieval.answering.clauses import clause_holding
from retrieval.answering.place_answer import answers_place, place_answer
from retrieval.models import (
    Answer, Citation, Coverage, DeclineReason, DirectAnswer, Document, Hit, OfferedAnswer, Passage, PassageKind,
)
from retrieval.answering.analysis import AnswerKind, Question
from retrieval.search.engine import SearchEngine, SearchFilters
from retrieval.text.folding import fold_aligned
from retrieval.facts.model import PeriodKind
from retrieval.text.normalize import fold_accents, in_running_text
from retrieval.text.tokenize import Tokenizer

_SYLLABLE = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_DATE_LIKE = re.compile(r"\d{1,2}[/-]\d{1,2}|\b(19|20)\d{2}\b|\bngày\b|\btháng\b", re.IGNORECASE)
_NAME_LIKE = re.compile(r"(?<!^)\b[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+")

# The sentence scorer's weights are fitted (config/answer_weights.toml, retrieval/answering/scorer.py); these
# remain set by hand.
SEE_ALSO_RATIO = 0.9  # further citations must score this close to the best one
PARTIAL_WORD_CREDIT = 0.5  # a question word whose syllables are found, but not together
SLOT_QUOTE_BUDGET = 250  # characters of a quote whose sentence holds the short answer
# How each kind of short answer is treated (clause cut, strict, weighed): answer_kinds/styles.py.
# A sentence that holds the slot wins only over sentences it nearly matches: at least this share of the best
# sentence's score, so a stray figure in a sentence about something else does not take the quote.
SLOT_GATE = 0.5


@dataclass(frozen=True)
class Slot:
    """What a sentence states of the slot asked: a verbatim span, or a yes/no verdict."""

    text: str
    start: int | None = None  # in the sentence
    end: int | None = None
    fit: float = 0.0  # how well the span's surroundings match the question's measure words (spans.py)
    basis: tuple[int, int] | None = None  # a yes/no verdict: the words of the sentence that settle it


@lru_cache(maxsize=4096)  # the main quote and the see-also search read the same sentences
def find_slot(asked: AskedFor, sentence: str, weights: SpanWeights = DEFAULT_SPAN_WEIGHTS) -> Slot | None:
    """The short answer this sentence gives, if it gives one."""
    if asked.span == "yesno":
        verdict = settle(asked, sentence)
        if verdict is None:
            return None
        basis = (verdict.start, verdict.end) if verdict.start is not None and verdict.end is not None else None
        return Slot(verdict.text, basis=basis)
    if not asked.short or not style(asked.span).extracts:
        return None
    span = extract_span(asked, sentence, weights=weights)
    return Slot(span.text, span.start, span.end, span.score) if span else None


def strict_slot(asked: AskedFor) -> bool:
    """No short answer here means the article does not state what was asked."""
    return style(asked.span).strict or asked.span in ("person", "date") or (asked.span == "role" and bool(asked.roles))


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

    def typed_pairs_as_words(self, question: Question, runs: Sequence[str]) -> QuestionTerms:
        """Typed without diacritics, two content syllables side by side ("thoi tiet", "ngay mai") that no
        retrieved paragraph writes together, and that pair with no other neighbour there, are one word the
        corpus lacks, not two syllables each found in some other word ("thời gian", "tiết kiệm"): the pyvi
        segmenter cannot join syllables typed without their accents."""
        content = {fold_accents(c) for c in question.content}
        typed = [fold_accents(s) for s in question.syllables]
        pairs = [(a, b) for a, b in zip(typed, typed[1:]) if a in content and b in content and a != b]
        found = {pair: any(f" {pair[0]} {pair[1]} " in run for run in runs) for pair in pairs}
        paired = {s for pair, ok in found.items() if ok for s in pair}
        singles = {word[0]: weight for word, weight in self.evidence if len(word) == 1}
        merged: dict[str, tuple[tuple[str, str], float]] = {}
        used: set[str] = set()
        for a, b in pairs:
            if found[(a, b)] or {a, b} & (paired | used) or a not in singles or b not in singles:
                continue
            merged[a] = ((a, b), singles[a] + singles[b])
            used |= {a, b}
        if not merged:
            return self
        evidence = tuple(
            merged[word[0]] if len(word) == 1 and word[0] in merged else (word, weight)
            for word, weight in self.evidence
            if not (len(word) == 1 and word[0] in used and word[0] not in merged)
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
    document: Document
    passage: Passage
    first: int  # index of the first quoted sentence
    last: int
    text: str
    score: float
    coverage: float  # share of the question's evidence found in the quote's paragraph (1 if it has none)
    evidence: float  # the evidence weight found there
    paragraph_score: float
    slot: Slot | None = None  # what the best sentence states of the slot asked
    sentence: str = ""  # the best sentence


def unknown_weight(engine: SearchEngine) -> float:
    """The idf of a term found in no paragraph (as if found in one)."""
    return math.log(engine.size + 1) if engine.size else 1.0


def question_terms(question: Question, engine: SearchEngine) -> QuestionTerms:
    """The question's evidence, weighed by the engine's idf (the largest weight for words it lacks)."""
    unknown = unknown_weight(engine)
    weights = tuple(engine.idf(fold_accents(s)) or unknown for s in question.content)
    evidence = tuple(
        (word, sum(engine.idf(fold_accents(s)) or unknown for s in word)) for word in question.words
    )
    return QuestionTerms(question.terms, question.content, weights, question.bigrams, question.accented, evidence)


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


class ScoredSentence(NamedTuple):
    """One candidate sentence scored for a question, before its slot is read (a tuple: made by the hundred)."""

    score: float  # without the slot's bonus
    factor: float  # the title factor
    hit: Hit
    index: int  # of the sentence in its paragraph
    sentence_sets: list[set[str]]  # syllables of each sentence of the paragraph
    coverage: float  # share of the question's evidence found in the paragraph (1 if it has none)
    evidence: float
    # The scorer's features before the slot's (scorer.SENTENCE_FEATURES): overlap, paragraph rank, bigram,
    # kind, count, each as a share of the question's weight where the score scales with it.
    features: tuple[float, float, float, float, float]


def score_sentences(
    hits: Sequence[Hit],
    engine: SearchEngine,
    tokenizer: Tokenizer,
    terms: QuestionTerms,
    question: Question,
    weights: SentenceWeights,
    top_score: float | None = None,
) -> list[ScoredSentence]:
    """Every sentence of the hits' paragraphs scored against the question's words, in hit then sentence order.

    Scored once per question and group: the main quote, the quote for another period and the see-also
    quote all choose among these same sentences (only the slot, read last, depends on what is asked).
    """
    if not hits:
        return []
    top_score = top_score or hits[0].score or 1.0
    total = terms.total or 1.0
    # Each bigram's weight once per question, not once per sentence sharing it.
    bigram_weights = {pair: _bigram_weight(engine, pair) for pair in terms.bigrams}
    scored: list[ScoredSentence] = []
    for hit in hits:
        passage = hit.passage
        if not passage.sentences:
            continue
        sentence_syllables = [tokenizer.syllables(s, terms.accented) for s in passage.sentences]
        sentence_sets = [set(s) for s in sentence_syllables]
        found, asked_weight = terms.found_evidence(tokenizer.syllables(passage.text, terms.accented))
        coverage = found / asked_weight if asked_weight else 1.0
        evidence = found if asked_weight else math.inf
        rank_part = weights.paragraph_rank * hit.score / top_score * total
        factor = 0.5 if passage.kind is PassageKind.TITLE else 1.0  # a headline rarely holds the figure asked for
        rank_share = hit.score / top_score
        for i, sentence in enumerate(passage.sentences):
            overlap = _overlap(terms, sentence_sets[i])
            score = weights.overlap * overlap + rank_part
            syllables = sentence_syllables[i]
            shared = terms.bigrams.intersection(zip(syllables, syllables[1:]))
            bigram = sum(bigram_weights[pair] for pair in shared)
            score += weights.bigram * bigram
            kind = 1.0 if _kind_matches(question.kind, sentence) else 0.0
            if kind:
                score += weights.kind * total
            count = 0.0
            if question.counted:
                # Folding the accented syllables gives the unaccented ones, which the tokenizer caches.
                folded = syllables if not terms.accented else tokenizer.syllables(sentence, False)
                count = _counts_unit(question.counted, folded)
                score += weights.count * total * count
            features = (overlap / total, rank_share, bigram / total, kind, count)
            if (question.asked.span == "reason" and i > 0 and scored and scored[-1].hit is hit
                    and _OPENS_ON_REASON.match(fold_accents(sentence).lower()) and scored[-1].score > score):
                # "… giảm 6,3% so với cùng kỳ. Nguyên nhân chủ yếu là …": the reason weighs as the figure it
                # explains, whose words the question repeats.
                score, features = scored[-1].score, scored[-1].features
            scored.append(ScoredSentence(score, factor, hit, i, sentence_sets, coverage, evidence, features))
    return scored


PERSON_AFTER_EVENT = 3  # sentences after a meeting's that may say who chaired, attended or reported at it
_OPENS_ON_REASON = re.compile(r"\W*(?:nguyen nhan|ly do|sở dĩ|so di)(?![^\W_])")
_TOLD_AFTER = frozenset(("person", "reason"))  # slots news tells in the sentences after the event or figure


def best_quote(
    scored: Sequence[ScoredSentence],
    tokenizer: Tokenizer,
    terms: QuestionTerms,
    question: Question,
    settings: AnswerSettings,
) -> Quote | None:
    """The best of the scored sentences, its slot read, grown with neighbours up to the quote budget."""
    total = terms.total or 1.0
    asked = question.asked
    weighed = asked.short and style(asked.span).weighed
    weights = settings.weights
    most_slot = weights.most_slot() * total if weighed else 0.0
    # The most each sentence could score, its slot's bonus included.
    bounds = [(entry.score + most_slot) * entry.factor for entry in scored]
    best: tuple[float, Hit, int, list[set[str]], float, float, float, Slot | None] | None = None
    # Reading a sentence's slot costs more than scoring it: only sentences that could still win are read,
    # best bound first (the same choice as reading every sentence). Ties keep the earlier sentence.
    order = sorted(range(len(scored)), key=lambda k: (-bounds[k], k))
    best_base = max((entry.score * entry.factor for entry in scored), default=0.0)
    for k in order:
        entry = scored[k]
        if best is not None and bounds[k] < best[0]:
            break
        score, factor, hit, i = entry.score, entry.factor, entry.hit, entry.index
        sentence_sets, coverage, evidence = entry.sentence_sets, entry.coverage, entry.evidence
        slot = find_slot(asked, hit.passage.sentences[i], weights.span) if weighed else None
        if slot is not None and score * factor >= SLOT_GATE * best_base:
            # The sentence that states what was asked beats one that only repeats the question's words.
            score += weights.slot_part(slot.fit) * total
        final = score * factor
        if best is None or final > best[0] or (final == best[0] and k < best_position):
            best = (final, hit, i, sentence_sets, coverage, evidence, hit.score, slot)
            best_position = k
    if best is None:
        return None
    after_best = best[2] + 1
    if best[7] is None and asked.span == "yesno" and not (
            after_best < len(best[1].passage.sentences)
            and find_slot(asked, best[1].passage.sentences[after_best], weights.span) is not None):
        # No sentence that settles it won, nor the one after it: the most relevant that does, of those near the
        # best ("… đạt 41,2%, trong khi bình quân toàn thành phố đạt 33,7%" over the meeting's opening sentence).
        for k in order:
            entry = scored[k]
            if entry.score * entry.factor < SLOT_GATE * best_base:
                continue
            settled = find_slot(asked, entry.hit.passage.sentences[entry.index], weights.span)
            if settled is not None:
                best = (entry.score * entry.factor, entry.hit, entry.index, entry.sentence_sets, entry.coverage,
                        entry.evidence, entry.hit.score, settled)
                break
    score, hit, index, sentence_sets, coverage, evidence, paragraph_score, slot = best
    passage = hit.passage
    if not weighed:
        slot = find_slot(asked, passage.sentences[index], weights.span)
    named_before = False
    if slot is None and asked.span == "yesno" and index + 1 < len(passage.sentences):
        # "Đối với Chương trình X, … Kết quả, quý I có …": the sentence naming what is asked about, then the
        # one that settles it. The settling sentence answers; the quote keeps the other before it.
        following = find_slot(asked, passage.sentences[index + 1], weights.span)
        if following is not None:
            index, slot, named_before = index + 1, following, True
    elif slot is None and asked.span in _TOLD_AFTER:
        # "Ngày 21/12, Quận ủy X tổ chức hội nghị … Đồng chí Y dự. Đồng chí Z, Bí thư Quận ủy chủ trì.": the
        # meeting, then who attended and who chaired it; a figure, then "Nguyên nhân chủ yếu do …". A
        # sentence after it answers when it adds a word of the question ("chủ trì", "giảm") and holds the slot.
        asked_words = set(question.content)
        for later in range(index + 1, min(index + 1 + PERSON_AFTER_EVENT, len(passage.sentences))):
            added = (sentence_sets[later] - sentence_sets[index]) & asked_words
            # "… giảm 6,3% so với cùng kỳ. Nguyên nhân chủ yếu là …": a reason opening its sentence is the
            # figure's, whatever words it shares.
            opens_on_reason = asked.span == "reason" and _OPENS_ON_REASON.match(fold_accents(passage.sentences[later]).lower())
            following = find_slot(asked, passage.sentences[later], weights.span) if added or opens_on_reason else None
            if following is not None:
                index, slot, named_before = later, following, True
                break
    # The sentence that holds the answer says it; a neighbour is added only while the quote stays short.
    # No short answer found, or an aligned span (a guess at the words answering "which …"): the neighbours
    # stay, in case the answer is there.
    if slot is not None and asked.span != "aligned":
        budget = SLOT_QUOTE_BUDGET
    elif asked.short:
        budget = max(settings.unsure_quote_budget, settings.quote_budget)
    else:
        budget = settings.quote_budget
    first, last = _grow(passage, index, sentence_sets, terms, settings, budget)
    if named_before:
        first = min(first, index - 1)
    text = _span_text(passage, first, last, settings.max_quote_chars, terms, tokenizer)
    if slot is not None and slot.start is not None and style(asked.span).clause:
        offset = text.find(passage.sentences[index])
        at = offset + slot.start if offset >= 0 else text.find(slot.text)
        if at >= 0 and text[at : at + len(slot.text)] == slot.text:
            text = clause_holding(text, at, at + len(slot.text), SLOT_QUOTE_BUDGET)
    return Quote(hit.document, passage, first, last, text, score, coverage, evidence, paragraph_score, slot, passage.sentences[index])


def _enough_evidence(quote: Quote, settings: AnswerSettings) -> bool:
    """Enough of the question found, and not only words found almost everywhere ("quận")."""
    return quote.coverage >= settings.min_coverage and quote.evidence >= settings.min_evidence


def _bigram_weight(engine: SearchEngine, pair: tuple[str, str]) -> float:
    return (engine.idf(fold_accents(pair[0])) + engine.idf(fold_accents(pair[1]))) / 2


def _grow(
    passage: Passage,
    index: int,
    sentence_sets: list[set[str]],
    terms: QuestionTerms,
    settings: AnswerSettings,
    budget: int | None = None,
) -> tuple[int, int]:
    """Add the more relevant neighbouring sentence while the quote stays within its budget."""
    first = last = index
    length = len(passage.sentences[index])
    while last - first + 1 < settings.quote_max_sentences:
        options = []
        for neighbour in (last + 1, first - 1):
            if 0 <= neighbour < len(passage.sentences):
                grown = length + 1 + len(passage.sentences[neighbour])
                if grown <= (settings.quote_budget if budget is None else budget):
                    # Ties go to the next sentence: it usually finishes what the best one started.
                    preference = _overlap(terms, sentence_sets[neighbour]) + (0.001 if neighbour > last else 0.0)
                    options.append((preference, neighbour, grown))
        if not options:
            break
        _, neighbour, length = max(options)
        first, last = min(first, neighbour), max(last, neighbour)
    return first, last


def _span_text(
    passage: Passage, first: int, last: int, max_chars: int, terms: QuestionTerms, tokenizer: Tokenizer
) -> str:
    """The exact source text from sentence `first` to `last`; an over-long single sentence keeps its best clause."""
    start = passage.text.find(passage.sentences[first])
    end_sentence = passage.sentences[last]
    end = passage.text.find(end_sentence, max(start, 0)) + len(end_sentence)
    text = passage.text[start:end] if start >= 0 and end > start else " ".join(passage.sentences[first : last + 1])
    if len(text) <= max_chars:
        return text
    clauses = [c.strip() for c in re.split(r"(?<=[;:])\s+", text) if c.strip()]
    scored = [(_overlap(terms, set(tokenizer.syllables(c, terms.accented))), -i, c) for i, c in enumerate(clauses)]
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


def _metadata_quote(kind: AnswerKind, documents: Sequence[Document]) -> tuple[Document, Passage, str, str] | None:
    """For "who wrote it" / "when was it published" / "which paper": the line or sentence that says so."""
    for document in documents:
        markers = _metadata_markers(kind, document)
        ordered = sorted(document.passages, key=lambda p: p.kind is PassageKind.BODY)  # datelines first
        if kind is AnswerKind.PUBLISHED:
            # A date in the body is when something happened, not when the article appeared.
            ordered = [p for p in ordered if p.kind is not PassageKind.BODY]
        for marker in markers:
            for passage in ordered:
                for sentence in passage.sentences or (passage.text,):
                    if marker in sentence:
                        return document, passage, sentence, marker
    return None


_STATED_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_OUTLET_WORD = "Báo "


def _metadata_direct(
    kind: AnswerKind, sentence: str, marker: str, n: int, outlet: str | None = None
) -> DirectAnswer | None:
    """The author's name, or the date of the dateline without its time: a span of the quoted line; the
    outlet's name for the code that stands for it ("(LĐTĐ)" → "Lao động Thủ đô", the code as its basis)."""
    start = sentence.find(marker)
    if start < 0:
        return None
    if kind is AnswerKind.OUTLET and outlet and marker != outlet:
        # The name, and the code the article prints for it: a reader may know the paper by either.
        return DirectAnswer(f"{outlet} {marker}", "outlet", n, basis=marker)
    end = start + len(marker)
    if kind is AnswerKind.OUTLET and sentence[:start].endswith(_OUTLET_WORD):
        start -= len(_OUTLET_WORD)  # "Báo Tin Mới": the paper as the article names it
    if kind is AnswerKind.PUBLISHED:
        date = _STATED_DATE.search(marker)
        if date is not None:
            return DirectAnswer(date.group(), "published", n, start + date.start(), start + date.end())
    return DirectAnswer(sentence[start:end], kind.value, n, start, end)


def place_groups(question: Question) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """One search per district when several are named (each gets its own quote), else one search."""
    if len(question.districts) > 1:
        return [((district,), ()) for district in question.districts]
    return [(question.districts, question.cities)]


_METADATA_KINDS = (AnswerKind.AUTHOR, AnswerKind.PUBLISHED, AnswerKind.OUTLET)


def answer(
    question: Question,
    engine: SearchEngine,
    tokenizer: Tokenizer,
    settings: AnswerSettings,
    coverage: Coverage,
    lexicon: Lexicon | None = None,
) -> Answer:
    """Answer one question from the engine's paragraphs, or decline saying what the corpus covers; `lexicon`
    (the fact table's) tells a plan's horizon from the period an article reports on."""
    unknown = tuple(place.label for place in question.unknown_places)

    def decline(reason: DeclineReason, places: tuple[str, ...] = ()) -> Answer:
        return Answer(question.raw, True, (), reason, places, question.cut_at, coverage)

    if question.is_empty:
        return decline(DeclineReason.EMPTY)
    if not engine.size:
        return decline(DeclineReason.EMPTY_CORPUS)
    if question.small_talk:
        return decline(DeclineReason.SMALL_TALK)
    if unknown and not question.districts:
        return decline(DeclineReason.UNKNOWN_PLACE, unknown)
    if answers_place(question):  # the city or district of an article: its metadata says
        placed = place_answer(question, engine, tokenizer, settings.top_paragraphs, coverage)
        if placed is not None:
            return placed
    if question.kind in _METADATA_KINDS and question.documents:
        # "bài đó ai viết?": the article is known; its byline or dateline says it, whatever words are asked.
        named = [engine.documents[d] for d in question.documents if d in engine.documents]
        found = _metadata_quote(question.kind, named)
        if found is not None:
            document, passage, sentence, marker = found
            cited = Citation(1, document, passage, sentence, 1.0)
            return Answer(
                question.raw, False, (cited,), None, unknown, question.cut_at, coverage,
                direct=_metadata_direct(question.kind, sentence, marker, 1, document.outlet), asked_kind=question.asked.kind,
            )
    terms = question_terms(question, engine)
    if not terms.bm25:
        return decline(DeclineReason.NO_MATCH)

    citations: list[Citation] = []
    direct: DirectAnswer | None = None
    offered: OfferedAnswer | None = None
    missing: list[str] = []  # places whose article does not state the slot asked
    for districts, cities in place_groups(question):
        filters = SearchFilters(districts, cities, question.years, settings.period_boost, question.documents)
        hits = engine.search(terms.bm25, settings.top_paragraphs, filters)
        if question.asked.span in ("person", "yesno") and question.facts.period is not None and hits:
            # "Ai chủ trì hội nghị quý I/2024?": the article reporting that quarter says who, not the year-end
            # report before it that also held a meeting; "6 tháng đầu năm 2024 … có cao hơn …?" is settled by the
            # half-year's report, not by the year before's.
            reporting = tuple(d.doc_id for d in _reporting_period_first(question, list(dict.fromkeys(h.document for h in hits)), lexicon))
            if reporting and not question.documents:
                # Its paragraphs, searched again: the one that answers may rank below other articles' paragraphs.
                # Within one or two articles, twice the paragraphs compete: the period's words, which the article
                # repeats everywhere, weigh no paragraph down.
                hits = engine.search(terms.bm25, 2 * settings.top_paragraphs, dataclasses.replace(filters, doc_ids=reporting)) or hits
            else:
                hits = [h for h in hits if h.document.doc_id in reporting] or hits
        if question.kind in _METADATA_KINDS and hits:
            documents = _reporting_period_first(question, list(dict.fromkeys(h.document for h in hits)), lexicon)
            found = _metadata_quote(question.kind, documents)
            if found is not None:
                document, passage, sentence, marker = found
                citations.append(Citation(len(citations) + 1, document, passage, sentence, round(hits[0].score, 4)))
                direct = direct or _metadata_direct(question.kind, sentence, marker, len(citations), document.outlet)
                continue
            if question.districts or question.documents:
                # The article asked about does not print its author or date: nothing else could say it.
                missing.extend(_place_of(d) for d in documents[:1])
                continue
        terms_here = terms
        if terms.accented:  # only words typed with diacritics can be words no paragraph holds
            seen = set().union(*(tokenizer.syllables(h.passage.text, True) for h in hits))
            terms_here = terms.unseen_as_unknown(seen, unknown_weight(engine))
        else:
            runs = [f" {' '.join(tokenizer.syllables(h.passage.text, False))} " for h in hits]
            terms_here = terms.typed_pairs_as_words(question, runs)
        scored = score_sentences(hits, engine, tokenizer, terms_here, question, settings.weights)
        quote = best_quote(scored, tokenizer, terms_here, question, settings)
        if quote is None or not _enough_evidence(quote, settings):
            if hits and districts and strict_slot(question.asked):
                # "Quận Hoàn Kiếm có bao nhiêu phường?": the district's article was searched and never says it.
                missing.extend(_place_of(h.document) for h in hits[:1])
            continue
        if quote.slot is None and offered is None and not citations:
            other = _other_period_quote(scored, tokenizer, terms_here, question, settings)
            if other is not None:  # the first citation: its short answer already points at [1]
                quote, offered = other
                citations.append(_citation(1, quote))
                continue
        # Only about an asked district (or article) is "no sentence states it" evidence that its article does
        # not say: across a whole corpus the slot may be worded in ways the extractor does not know.
        if quote.slot is None and strict_slot(question.asked) and (question.districts or question.documents):
            missing.append(_place_of(quote.document))
            continue
        if quote.slot is None and _counted_noun_unknown(question.asked, hits, tokenizer):
            continue
        citations.append(_citation(len(citations) + 1, quote))
        if direct is None:
            direct = _with_listed_counts(_direct(question.asked, quote, len(citations), settings.weights.span),
                                         citations[-1].quote, question)
            if question.asked.span == "district":
                direct = _district_direct(citations[-1], len(citations))
        if len(question.districts) <= 1:
            citations.extend(
                _see_also(hits, scored, quote, engine, tokenizer, terms_here, question, settings, len(citations))
            )
    if not citations:
        if missing:
            return dataclasses.replace(
                decline(DeclineReason.SLOT_MISSING), missing_slot=_slot_label(question), missing_in=tuple(dict.fromkeys(missing))
            )
        return decline(DeclineReason.NO_MATCH)
    if direct is None and offered is not None:
        # Another period's figure does not answer the period asked: a decline of the slot that still shows
        # what the article does state, with its citation.
        return Answer(
            question.raw, True, tuple(citations), DeclineReason.SLOT_MISSING, unknown, question.cut_at, coverage,
            missing_slot=f"số liệu {offered.asked_period}", missing_in=(offered.place,),
            asked_kind=question.asked.kind, offered=offered,
        )
    return Answer(
        question.raw, False, tuple(citations), None, unknown, question.cut_at, coverage, direct=direct,
        asked_kind=question.asked.kind,
    )


def _reporting_period_first(question: Question, documents: list[Document], lexicon: Lexicon | None) -> list[Document]:
    """ "Bài sơ kết 6 tháng đầu năm 2022 … đăng ngày nào?": only the articles reporting on the period named."""
    from retrieval.facts.figures import document_frame
    from retrieval.facts.periods import same_period

    asked = question.facts.period
    if asked is None:
        return documents

    def reports(document: Document) -> bool:
        if asked.period.kind is PeriodKind.TERM and _CONGRESS.search(question.folded):
            # "… tại Đại hội Đảng bộ quận nhiệm kỳ 2020-2025?": the article reporting that congress, by its title
            # and lead.
            lead = fold_aligned(document.lead()).lower()
            return any(str(asked.period.year) in lead[m.end() : m.end() + 80] for m in _CONGRESS.finditer(lead))
        frame = document_frame(document, lexicon).period  # "triển khai nhiệm vụ quý II" is no period reported
        return frame is not None and same_period(asked.period, frame)

    # Another article's date never answers for the one asked about, even when that one prints none; nor for an
    # article of a period none reports on ("Năm 2023, bài về Hải Châu đăng ngày nào?" with no such article).
    return [d for d in documents if reports(d)]


_CONGRESS = re.compile(r"(?<![^\W_])dai\s+hoi(?![^\W_])")


def _counted_noun_unknown(asked: AskedFor, hits: Sequence[Hit], tokenizer: Tokenizer) -> bool:
    """A count of a noun no candidate paragraph names as a word: "Đội tuyển thắng mấy trận?" is not about these
    articles, however many syllables they share ("trận" only inside "Mặt trận")."""
    if asked.span != "count" or not asked.counted_any:
        return False
    # The noun's first syllable opening a word is enough: the rest of a counted noun is often worded otherwise.
    nouns = [re.compile(rf"(?:^|\| ){re.escape(noun[0])}(?= )") for noun in asked.counted_any if noun]
    return not any(noun.search(_folded_words(tokenizer, hit.passage.text)) for hit in hits for noun in nouns)


@lru_cache(maxsize=1024)  # the same candidate paragraphs come back question after question
def _folded_words(tokenizer: Tokenizer, text: str) -> str:
    """The paragraph's pyvi words, folded, lower case, each closed by " |"."""
    return " | ".join(fold_accents(w.replace("_", " ")).lower() for w in tokenizer.words(text)) + " |"


_OFFERED_SPANS = ("figure", "count")


def _other_period_quote(
    scored: Sequence[ScoredSentence],
    tokenizer: Tokenizer,
    terms: QuestionTerms,
    question: Question,
    settings: AnswerSettings,
) -> tuple[Quote, OfferedAnswer] | None:
    """The same measure stated for another period, when no sentence states it for the period asked.

    "Năm 2020 Ba Đình thu ngân sách bao nhiêu?": the article gives only quý I/2021; say so and give that.
    """
    asked = question.asked
    if asked.span not in _OFFERED_SPANS or asked.period.empty:
        return None
    asked_periods = question.periods
    if not asked_periods:
        return None
    relaxed = dataclasses.replace(question, asked=dataclasses.replace(asked, period=Period()))
    quote = best_quote(scored, tokenizer, terms, relaxed, settings)  # the period does not weigh sentences
    if quote is None or quote.slot is None or quote.slot.start is None or not _enough_evidence(quote, settings):
        return None
    stated = find_periods(quote.sentence)  # the period the figure is stated for: the last named before it
    before = [p for p in stated if p.end <= quote.slot.start]
    after = [p for p in stated if p.start >= (quote.slot.end or 0)]
    period = before[-1] if before else after[0] if after else None
    direct = _direct(asked, quote, 1, settings.weights.span)
    if period is None or direct is None:
        return None
    asked_text = asked_periods[0].text
    return quote, OfferedAnswer(direct, period.text, in_running_text(asked_text), _place_label(quote.document))


def _place_label(document: Document) -> str:
    """ "quận Ba Đình", else the article's title, else its id."""
    if document.district:
        return f"{document.district_kind or ''} {document.district}".strip()
    return document.title or document.doc_id


def _place_of(document: Document) -> str:
    """ "quận Ba Đình (“<title>”)": the article a decline says does not state the slot."""
    if document.district and document.title:
        return f"{_place_label(document)} (“{document.title}”)"
    return _place_label(document)


def _neighbour_direct(asked: AskedFor, quote: Quote, n: int, weights: SpanWeights) -> DirectAnswer | None:
    """The short answer a quoted neighbour states when the best sentence states none ("… thuộc chín quốc gia")."""
    if not style(asked.span).strict:
        return None  # only a count of the very noun asked is sure enough to be taken from beside the best sentence
    found: list[tuple[float, int, Slot]] = []
    for index in range(quote.first, quote.last + 1):
        sentence = quote.passage.sentences[index]
        if sentence == quote.sentence:
            continue
        slot = find_slot(asked, sentence, weights)
        offset = quote.text.find(sentence)
        if slot is not None and slot.start is not None and offset >= 0:
            found.append((slot.fit, offset, slot))
    if not found:
        return None
    _, offset, slot = max(found, key=lambda f: (f[0], -f[1]))
    start, end = offset + (slot.start or 0), offset + (slot.end or 0)
    return DirectAnswer(slot.text, asked.kind, n, start, end) if quote.text[start:end] == slot.text else None


def _direct(asked: AskedFor, quote: Quote, n: int, weights: SpanWeights) -> DirectAnswer | None:
    """The short answer, with its offsets in the quote when it is a span of it."""
    slot = quote.slot
    if slot is None:
        return _neighbour_direct(asked, quote, n, weights)
    if slot.start is None:
        return DirectAnswer(slot.text, "yesno", n, basis=_basis_text(quote, slot))
    offset = quote.text.find(quote.sentence)
    if offset < 0:  # the sentence was cut to its best clause: find the span itself
        offset = quote.text.find(slot.text)
        if offset < 0:
            return None
        return DirectAnswer(slot.text, asked.kind, n, offset, offset + len(slot.text))
    start, end = offset + slot.start, offset + (slot.end or 0)
    if quote.text[start:end] != slot.text:
        return None
    return DirectAnswer(slot.text, asked.kind, n, start, end)


def _with_listed_counts(direct: DirectAnswer | None, quote: str, question: Question) -> DirectAnswer | None:
    """ "bao nhiêu chỉ tiêu, nhiệm vụ": the count found, run on over the counts of the other items asked that
    the quote lists right after it ("39 chỉ tiêu, 128 nhiệm vụ")."""
    figure = question.facts.figure
    if direct is None or direct.end is None or figure is None or not figure.listed:
        return direct
    folded = fold_aligned(quote).lower()
    end, wanted = direct.end, list(figure.listed)
    while wanted:
        items = "|".join(re.escape(item) for item in wanted)
        listed = re.match(rf"\s*(?:,|và|va)\s*\d[\d.,]*\s+({items})(?![^\W_])", folded[end:])
        if listed is None:
            break
        wanted.remove(listed.group(1))
        end += listed.end()
    if wanted:
        return direct
    return dataclasses.replace(direct, text=quote[direct.start : end], end=end)


def _district_direct(citation: Citation, n: int) -> DirectAnswer | None:
    """ "Quận nào đã số hóa 324 bộ thủ tục?": the district of the article whose sentence states it, marked in
    the quote when the quote names it."""
    document = citation.document
    if not document.district:
        return None
    value = _place_label(document)
    if document.district.isdigit():
        value = value[:1].upper() + value[1:]  # "Quận 3": a numbered district is written with its capital
    at = fold_aligned(citation.quote).lower().find(fold_aligned(value).lower())
    if at < 0:
        return DirectAnswer(value, "district", n)
    return DirectAnswer(citation.quote[at : at + len(value)], "district", n, at, at + len(value))


def _basis_text(quote: Quote, slot: Slot) -> str | None:
    """The words that settle a yes/no, as quoted ("bằng 92,3% dự toán"), when the quote keeps them."""
    if slot.basis is None:
        return None
    text = quote.sentence[slot.basis[0] : slot.basis[1]]
    return text if text and text in quote.text else None


def _slot_label(question: Question) -> str:
    """What the question asked for, as the decline names it: "số đảng viên", "Bí thư Quận ủy"."""
    if question.kind in _METADATA_KINDS:
        return {AnswerKind.AUTHOR: "tác giả", AnswerKind.PUBLISHED: "ngày đăng"}.get(question.kind, "tên báo")
    asked = question.asked
    words = question.text.split()
    folded = [fold_accents(w.strip("?,.!:;")).lower() for w in words]
    phrase = asked.counted or (asked.roles[0].split() if asked.roles else ())
    for i in range(len(folded) - len(phrase) + 1):
        if phrase and tuple(folded[i : i + len(phrase)]) == tuple(phrase):
            typed = " ".join(w.strip("?,.!:;") for w in words[i : i + len(phrase)])
            return f"số {typed}" if asked.counted else typed
    return "điều được hỏi"


def _citation(n: int, quote: Quote) -> Citation:
    return Citation(n, quote.document, quote.passage, quote.text, round(quote.paragraph_score, 4))


def _see_also(
    hits: Sequence[Hit],
    scored: Sequence[ScoredSentence],
    main: Quote,
    engine: SearchEngine,
    tokenizer: Tokenizer,
    terms: QuestionTerms,
    question: Question,
    settings: AnswerSettings,
    numbered: int,
) -> list[Citation]:
    """A second quote from another paragraph when it is nearly as good as the first."""
    main_key = (main.document.doc_id, main.passage.number)
    if hits[0].score:  # the main quote's top score: its scored sentences serve, less the main paragraph's
        others = [e for e in scored if (e.hit.document.doc_id, e.hit.passage.number) != main_key]
    else:
        rest = [h for h in hits if (h.document.doc_id, h.passage.number) != main_key]
        others = score_sentences(rest, engine, tokenizer, terms, question, settings.weights, top_score=hits[0].score)
    quote = best_quote(others, tokenizer, terms, question, settings)
    if quote is None or quote.score < SEE_ALSO_RATIO * main.score or not _enough_evidence(quote, settings):
        return []
    return [_citation(numbered + 1, quote)]
