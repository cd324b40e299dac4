"""The searchable library: a corpus, its tokenised paragraphs and their BM25 index, with place filters."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from retrieval.gazetteer import Gazetteer, load_gazetteer, name_key
from retrieval.index import Bm25Index, Bm25Params, build_index
from retrieval.models import Corpus, Document, Hit, Passage, PassageKind
from retrieval.normalize import abbreviation_variants
from retrieval.tokenize import tokenize

SEARCHED_KINDS = (PassageKind.BODY, PassageKind.TITLE)


@dataclass(frozen=True)
class Library:
    corpus: Corpus
    passages: tuple[Passage, ...]  # the searched paragraphs, in index row order
    index: Bm25Index
    abbreviations: Mapping[str, str]  # every typed variant → expansion (see normalize.abbreviation_variants)
    gazetteer: Gazetteer = field(default_factory=load_gazetteer)

    @cached_property
    def documents(self) -> dict[str, Document]:
        return {document.doc_id: document for document in self.corpus.documents}

    @cached_property
    def row_documents(self) -> np.ndarray:
        """Position in corpus.documents of each index row's document."""
        position = {document.doc_id: i for i, document in enumerate(self.corpus.documents)}
        return np.array([position[p.doc_id] for p in self.passages], dtype=np.int32)

    @cached_property
    def districts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.district for d in self.corpus.documents if d.district))

    @cached_property
    def cities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.city for d in self.corpus.documents if d.city))

    def document_of(self, passage: Passage) -> Document:
        return self.documents[passage.doc_id]

    def passage_at(self, doc_id: str, number: int) -> Passage | None:
        document = self.documents.get(doc_id)
        return document.passage(number) if document else None

    def tokenize(self, text: str) -> list[str]:
        return tokenize(text, self.abbreviations)


def searched_passages(corpus: Corpus) -> tuple[Passage, ...]:
    return tuple(p for d in corpus.documents for p in d.passages if p.kind in SEARCHED_KINDS)


def build_library(
    corpus: Corpus,
    abbreviations: Mapping[str, str],
    params: Bm25Params = Bm25Params(),
    tokenize_passages: Callable[[Sequence[str], Mapping[str, str]], list[list[str]]] | None = None,
) -> Library:
    """Tokenise every searched paragraph and index it."""
    variants = abbreviation_variants(abbreviations)
    passages = searched_passages(corpus)
    texts = [p.text for p in passages]
    if tokenize_passages is None:
        tokens = [tokenize(text, variants) for text in texts]
    else:
        tokens = tokenize_passages(texts, variants)
    return Library(corpus, passages, build_index(tokens, params), variants)


def place_mask(
    library: Library, districts: Sequence[str] = (), cities: Sequence[str] = ()
) -> np.ndarray | None:
    """Rows of the named districts (or, when no district is named, cities); None when nothing is named."""
    if not districts and not cities:
        return None
    wanted_districts = {name_key(d) for d in districts}
    wanted_cities = {name_key(c) for c in cities}
    keep = np.array(
        [
            (name_key(d.district) in wanted_districts if d.district else False)
            if wanted_districts
            else (name_key(d.city) in wanted_cities if d.city else False)
            for d in library.corpus.documents
        ],
        dtype=bool,
    )
    return keep[library.row_documents] if library.passages else np.zeros(0, dtype=bool)


def period_weights(library: Library, years: Sequence[int], boost: float) -> np.ndarray | None:
    """Multipliers preferring articles of an asked year (or the next one, when year-end reports appear)."""
    if not years or boost <= 0 or not library.passages:
        return None
    wanted = set(years) | {y + 1 for y in years}
    per_document = np.array(
        [1.0 + boost if d.year in wanted else 1.0 for d in library.corpus.documents], dtype=np.float64
    )
    return per_document[library.row_documents]


def search(
    library: Library,
    terms: Sequence[str],
    k: int,
    allowed: np.ndarray | None = None,
    weights: np.ndarray | None = None,
) -> list[Hit]:
    """The k best paragraphs for the terms, best first; only paragraphs sharing a term are returned."""
    if weights is None:
        ranked = library.index.search(terms, k, allowed)
    else:
        ranked = _weighted_search(library.index, terms, k, allowed, weights)
    return [Hit(library.passages[row].doc_id, library.passages[row].number, score) for row, score in ranked]


def _weighted_search(
    index: Bm25Index, terms: Sequence[str], k: int, allowed: np.ndarray | None, weights: np.ndarray
) -> list[tuple[int, float]]:
    totals = index.scores(terms) * weights
    if allowed is not None:
        totals = np.where(allowed, totals, 0.0)
    candidates = np.flatnonzero(totals > 0)
    order = sorted(candidates.tolist(), key=lambda row: (-totals[row], row))[:k]
    return [(row, float(totals[row])) for row in order]
