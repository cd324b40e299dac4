"""The searchable library: a corpus, its tokenised paragraphs and their BM25 index, with place filters."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from retrieval.gazetteer import Gazetteer, load_gazetteer, name_key
from retrieval.models import Corpus, Coverage, Document, Hit, Passage, PassageKind
from retrieval.answering.analysis import QuestionReader
from retrieval.answering.readings import Readings
from retrieval.search.bm25 import Bm25Index, Bm25Params, build_index
from retrieval.search.engine import NO_FILTERS, SearchFilters
from retrieval.tables import Tables, default_tables
from retrieval.text.normalize import abbreviation_variants
from retrieval.text.tokenize import Tokenizer

if TYPE_CHECKING:
    from retrieval.facts.table import FactTable, ReaderTables

SEARCHED_KINDS = (PassageKind.BODY, PassageKind.TITLE)
FILTER_CACHE_SIZE = 32  # place masks and year weights kept per library (a megabyte each at 10^6 paragraphs)


@dataclass(frozen=True)
class Library:
    corpus: Corpus
    passages: Sequence[Passage]  # the searched paragraphs, in index row order (lazy when loaded from the cache)
    index: Bm25Index
    abbreviations: Mapping[str, str]  # every typed variant → expansion (see normalize.abbreviation_variants)
    gazetteer: Gazetteer = field(default_factory=load_gazetteer)
    # Position in corpus.documents of each row's document, when the builder knows it (the cache does).
    row_document_positions: np.ndarray | None = None
    # The stored fact table's decoder (search/stored/facts_store.py); None: facts are read from the corpus.
    fact_loader: Callable[[], FactTable] | None = field(default=None, compare=False, repr=False)
    # The word tables questions and facts are read with (the settings' answer_kinds_file, paraphrases_file, facts_file).
    tables: Tables = field(default_factory=default_tables, compare=False, repr=False)
    # The analyses of the questions lately answered (answering/readings.py): what a follow-up derives from.
    readings: Readings = field(default_factory=lambda: Readings(), compare=False, repr=False)

    @cached_property
    def facts(self) -> FactTable:
        """Every figure and person-with-role of the corpus, read once (stored beside the index when cached)."""
        if self.fact_loader is not None:
            return self.fact_loader()
        from retrieval.facts.table import read_fact_table

        return read_fact_table(self.corpus.documents, self.reader_tables)

    @cached_property
    def reader_tables(self) -> ReaderTables:
        """What the fact reader reads this library's articles with."""
        from retrieval.facts.table import ReaderTables

        kinds = self.tables.kinds
        return ReaderTables(self.tables.lexicon, self.abbreviations, kinds.surnames, kinds.not_names)

    @cached_property
    def documents(self) -> dict[str, Document]:
        return {document.doc_id: document for document in self.corpus.documents}

    @cached_property
    def documents_by_district(self) -> dict[str, tuple[Document, ...]]:
        """Each district's articles, by the district's name key."""
        grouped: dict[str, list[Document]] = {}
        for document in self.corpus.documents:
            if document.district:
                grouped.setdefault(name_key(document.district), []).append(document)
        return {key: tuple(documents) for key, documents in grouped.items()}

    @cached_property
    def row_documents(self) -> np.ndarray:
        """Position in corpus.documents of each index row's document."""
        if self.row_document_positions is not None:
            return self.row_document_positions
        position = {document.doc_id: i for i, document in enumerate(self.corpus.documents)}
        return np.array([position[p.doc_id] for p in self.passages], dtype=np.int32)

    @cached_property
    def document_places(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """Per document, a code for its district's and its city's name key (-1: none), and the codes."""
        codes: dict[str, int] = {}

        def code(name: str | None) -> int:
            return codes.setdefault(name_key(name), len(codes)) if name else -1

        districts = np.array([code(d.district) for d in self.corpus.documents], dtype=np.int32)
        cities = np.array([code(d.city) for d in self.corpus.documents], dtype=np.int32)
        return districts, cities, codes

    @cached_property
    def document_years(self) -> np.ndarray:
        return np.array([d.year if d.year is not None else -1 for d in self.corpus.documents], dtype=np.int32)

    @cached_property
    def filter_cache(self) -> dict[Hashable, np.ndarray | None]:
        """Row masks and weights already computed for a place or a period: questions repeat them."""
        return {}

    def cached_filter(self, key: Hashable, compute: Callable[[], np.ndarray | None]) -> np.ndarray | None:
        cache = self.filter_cache
        if key not in cache:
            if len(cache) >= FILTER_CACHE_SIZE:
                del cache[next(iter(cache))]
            value = compute()
            if value is not None:
                value.flags.writeable = False  # shared between questions
            cache[key] = value
        return cache[key]

    @cached_property
    def districts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.district for d in self.corpus.documents if d.district))

    @cached_property
    def cities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(d.city for d in self.corpus.documents if d.city))

    @cached_property
    def tokenizer(self) -> Tokenizer:
        return Tokenizer(self.abbreviations)

    def question_reader(self, max_chars: int) -> QuestionReader:
        return QuestionReader(
            self.tokenizer, self.gazetteer, self.districts, self.cities, max_chars, self.index.document_frequency,
            self.tables.kinds, self.tables.paraphrases, self.tables.lexicon, self.facts.bare_syllables,
        )

    @property
    def size(self) -> int:
        return self.index.size

    def idf(self, term: str) -> float:
        return self.index.term_idf(term)

    def search(self, terms: Sequence[str], k: int, filters: SearchFilters = NO_FILTERS) -> list[Hit]:
        """The k best paragraphs for the terms, best first; only paragraphs sharing a term are returned."""
        allowed = place_mask(self, filters.districts, filters.cities)
        if filters.doc_ids:
            chosen = document_mask(self, filters.doc_ids)
            allowed = chosen if allowed is None else allowed & chosen
        weights = period_weights(self, filters.years, filters.period_boost)
        hits = []
        for row, score in self.index.search(terms, k, allowed, weights):
            passage = self.passages[row]
            hits.append(Hit(passage, self.documents[passage.doc_id], score))
        return hits

    @cached_property
    def coverage(self) -> Coverage:
        return Coverage(len(self.corpus.documents), self.topics)

    @cached_property
    def topics(self) -> tuple[str, ...]:
        """What the corpus covers, as declines say it: "quận Đống Đa (Hà Nội)", or titles without a district."""
        topics: dict[str, None] = {}
        for document in self.corpus.documents:
            if document.district:
                place = f"{document.district_kind} {document.district}".strip()
                topics[f"{place} ({document.city})" if document.city else place] = None
            elif document.title:
                topics[document.title] = None
        return tuple(topics)

    def document_of(self, passage: Passage) -> Document:
        return self.documents[passage.doc_id]

    def passage_at(self, doc_id: str, number: int) -> Passage | None:
        document = self.documents.get(doc_id)
        return document.passage(number) if document else None

    def tokenize(self, text: str) -> list[str]:
        return self.tokenizer.terms(text)


def searched_passages(corpus: Corpus) -> tuple[Passage, ...]:
    return tuple(p for d in corpus.documents for p in d.passages if p.kind in SEARCHED_KINDS)


def build_library(
    corpus: Corpus,
    abbreviations: Mapping[str, str],
    params: Bm25Params = Bm25Params(),
    tokenize_passages: Callable[[Sequence[str], Mapping[str, str]], list[list[str]]] | None = None,
    tables: Tables | None = None,
) -> Library:
    """Tokenise every searched paragraph and index it."""
    variants = abbreviation_variants(abbreviations)
    passages = searched_passages(corpus)
    texts = [p.text for p in passages]
    if tokenize_passages is None:
        tokenizer = Tokenizer(variants)
        tokens = [tokenizer.terms(text) for text in texts]
    else:
        tokens = tokenize_passages(texts, variants)
    return Library(corpus, passages, build_index(tokens, params), variants, tables=tables or default_tables())


def place_mask(
    library: Library, districts: Sequence[str] = (), cities: Sequence[str] = ()
) -> np.ndarray | None:
    """Rows of the named districts (or, when no district is named, cities); None when nothing is named."""
    if not districts and not cities:
        return None
    by_district = bool(districts)
    names = frozenset(name_key(name) for name in (districts if by_district else cities))
    return library.cached_filter(("place", by_district, names), lambda: _place_rows(library, names, by_district))


def _place_rows(library: Library, keys: frozenset[str], by_district: bool) -> np.ndarray:
    district_codes, city_codes, codes = library.document_places
    wanted = [codes[k] for k in keys if k in codes]
    keep = np.isin(district_codes if by_district else city_codes, wanted)
    return keep[library.row_documents] if len(library.passages) else np.zeros(0, dtype=bool)


def period_weights(library: Library, years: Sequence[int], boost: float) -> np.ndarray | None:
    """Multipliers preferring articles of an asked year (or the next one, when year-end reports appear)."""
    if not years or boost <= 0 or not len(library.passages):
        return None
    wanted = frozenset(years) | {y + 1 for y in years}

    def compute() -> np.ndarray:
        per_document = np.where(np.isin(library.document_years, list(wanted)), 1.0 + boost, 1.0)
        return per_document[library.row_documents]

    return library.cached_filter(("years", wanted, boost), compute)


def document_mask(library: Library, doc_ids: Sequence[str]) -> np.ndarray:
    """Rows of the named articles."""
    wanted = [i for i, d in enumerate(library.corpus.documents) if d.doc_id in set(doc_ids)]
    return np.isin(library.row_documents, wanted)
