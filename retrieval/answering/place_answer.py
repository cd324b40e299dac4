"""Questions about the articles' own places, answered from their metadata: "Sơn Trà ở thành phố nào?",
"Bài viết này về quận nào?", "Quận Sơn Trà thuộc Hà Nội phải không?".

The article's district and city are metadata (read from its text, or config/documents.toml); the answer cites
the sentence of the article that names the place when one does, else its headline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.answering.clauses import clause_holding
from retrieval.models import Answer, Citation, Coverage, DirectAnswer, Document, Passage, PassageKind
from retrieval.answering.analysis import AnswerKind, Question
from retrieval.search.engine import SearchEngine, SearchFilters
from retrieval.text.folding import fold_aligned
from retrieval.text.normalize import fold_accents
from retrieval.text.tokenize import Tokenizer
from retrieval.answering.kinds.yesno import NO, YES

QUOTE_BUDGET = 250  # characters: the clause naming the place, not the whole sentence
_CITY_KINDS = ("thành phố", "tỉnh")
# "… thuộc Hà Nội phải không?", "… có phải ở TP Đà Nẵng không?": the city asked closes the question.
_MEMBERSHIP = r"(?:thuoc|o|cua|tai|nam o|nam tai|nam trong|la quan cua|la mot quan cua)\s(?:ve\s)?(?:thanh pho\s|tp\.?\s|tinh\s)?"
_CLOSING = r"\s(?:phai khong|dung khong|khong|phai chu|a|chu|nhi)$"
_CITY_WORDS = ("thành phố", "TP.", "TP", "tỉnh")


def asked_city(question: Question) -> str | None:
    """The city a yes/no question asks a named district to be in ("… thuộc Hà Nội phải không?"), or None."""
    if question.asked.span != "yesno" or len(question.districts) != 1:
        return None
    cities = list(question.cities) + [p.name for p in question.unknown_places if p.kind in _CITY_KINDS]
    folded = re.sub(r"[?.!]+$", "", question.folded).strip()
    for city in cities:
        key = re.escape(fold_accents(city).lower())
        if re.search(rf"(?<!\w){_MEMBERSHIP}{key}{_CLOSING}", folded):
            return city
    return None


def answers_place(question: Question) -> bool:
    """A question this module answers: the city or district of an article, or a district's city as yes/no."""
    if asked_city(question) is not None:
        return True
    if question.kind is AnswerKind.CITY:
        return bool(question.districts) or bool(question.documents)
    return question.kind is AnswerKind.DISTRICT


def _documents(question: Question, engine: SearchEngine, tokenizer: Tokenizer, k: int) -> list[Document]:
    """The articles asked about: the named district's (searched by its own name), else the best match."""
    if question.districts:
        district = question.districts[0]
        terms = tuple(tokenizer.terms(district))
        hits = engine.search(terms, k, SearchFilters((district,), (), (), 0.0, question.documents))
    else:
        hits = engine.search(question.terms, k, SearchFilters((), (), (), 0.0, question.documents))
    return list(dict.fromkeys(h.document for h in hits))


def _naming_sentence(document: Document, names: Sequence[str]) -> tuple[Passage, str, str, int] | None:
    """The shortest sentence of the article that names one of `names` (at its fullest), headlines and datelines
    before body sentences of the same length."""
    found = []
    for rank, name in enumerate(names):
        pattern = re.compile(rf"(?<!\w){re.escape(fold_aligned(name))}(?!\w)")
        for passage in document.passages:
            for sentence in passage.sentences or (passage.text,):
                match = pattern.search(fold_aligned(sentence))
                if match:
                    found.append((len(sentence), passage.kind is PassageKind.BODY, rank, passage, sentence, match.start(), match.end()))
    if not found:
        return None
    *_, passage, sentence, start, end = min(found, key=lambda f: f[:3])
    return passage, sentence, sentence[start:end], start


def _headline(document: Document) -> tuple[Passage, str] | None:
    passage = next((p for p in document.passages if p.kind is PassageKind.TITLE), None)
    passage = passage or (document.passages[0] if document.passages else None)
    return (passage, passage.text) if passage is not None else None


def _place(document: Document) -> str:
    return f"{document.district_kind or ''} {document.district}".strip() if document.district else ""


def _cited(document: Document, names: Sequence[str], score: float) -> tuple[Citation, str | None] | None:
    """The citation of the sentence naming the place (and the name as written there), else of the headline."""
    found = _naming_sentence(document, [n for n in names if n])
    if found is not None:
        passage, sentence, written, at = found
        quote = clause_holding(sentence, at, at + len(written), QUOTE_BUDGET)
        return Citation(1, document, passage, quote, score), written
    headline = _headline(document)
    if headline is None:
        return None
    return Citation(1, document, headline[0], headline[1], score), None


def place_answer(
    question: Question, engine: SearchEngine, tokenizer: Tokenizer, k: int, coverage: Coverage
) -> Answer | None:
    """The answer from the articles' metadata, or None when no article of the place asked has it."""
    documents = [d for d in _documents(question, engine, tokenizer, k) if d.district or d.city]
    if not documents:
        return None
    document = documents[0]
    city = asked_city(question)
    if city is not None:
        if not document.city:
            return None
        same = fold_accents(document.city).lower() == fold_accents(city).lower()
        cited = _cited(document, [f"{w} {document.city}" for w in _CITY_WORDS] + [document.city], 1.0)
        if cited is None:
            return None
        basis = f"{_place(document)} thuộc {document.city}"
        direct = DirectAnswer(YES if same else NO, "yesno", 1, basis=basis)
        return Answer(question.raw, False, (cited[0],), None, (), question.cut_at, coverage, direct=direct, asked_kind="yesno")
    if question.kind is AnswerKind.CITY:
        value = document.city
        names = [f"{w} {value}" for w in _CITY_WORDS] + [value] if value else []
    else:
        value = _place(document)
        names = [value, document.district or ""]
    if not value:
        return None
    cited = _cited(document, names, 1.0)
    if cited is None:
        return None
    citation, written = cited
    kind = question.kind.value
    at = citation.quote.find(value) if written else -1
    direct = DirectAnswer(value, kind, 1, at, at + len(value)) if at >= 0 else DirectAnswer(value, kind, 1)
    return Answer(question.raw, False, (citation,), None, (), question.cut_at, coverage, direct=direct, asked_kind=kind)
