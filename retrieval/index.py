"""BM25 over paragraphs, scored through an inverted index so a query touches only the paragraphs sharing a term.

The variant is rank-bm25's BM25Plus: its IDF, log((N + 1) / n), stays positive for terms found in half the
paragraphs or more, where BM25Okapi's IDF drops to zero or to a floor (this corpus is small and its words
repeat). BM25Plus adds idf * delta for every query term to *every* paragraph, matching or not; that constant
does not change the ranking, so we leave it out: a paragraph that matches nothing scores 0 and is never
returned. `baseline()` gives the constant back for comparisons with rank-bm25.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

K1 = 1.2
B = 0.75
DELTA = 1.0


@dataclass(frozen=True)
class Bm25Params:
    k1: float = K1
    b: float = B
    delta: float = DELTA


@dataclass(frozen=True)
class Bm25Index:
    """Per-term weights in compressed sparse column form: rows are paragraphs, columns are terms."""

    vocabulary: dict[str, int]
    idf: np.ndarray  # float64, per term
    weights: sparse.csc_matrix  # idf * tf * (k1 + 1) / (k1 * norm + tf), float32
    doc_lengths: np.ndarray  # int32, per paragraph
    params: Bm25Params

    @property
    def size(self) -> int:
        return int(self.doc_lengths.shape[0])

    def term_idf(self, term: str) -> float:
        column = self.vocabulary.get(term)
        return 0.0 if column is None else float(self.idf[column])

    def baseline(self, query: Sequence[str]) -> float:
        """What rank-bm25's BM25Plus gives a paragraph that matches none of the query terms."""
        return self.params.delta * sum(self.term_idf(term) for term in query)

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """Scores of all paragraphs (0 for those sharing no term), as rank-bm25 minus baseline()."""
        totals = np.zeros(self.size, dtype=np.float64)
        for term, count in Counter(query).items():
            column = self.vocabulary.get(term)
            if column is None:
                continue
            start, end = self.weights.indptr[column], self.weights.indptr[column + 1]
            rows = self.weights.indices[start:end]
            totals[rows] += count * self.weights.data[start:end].astype(np.float64)
        return totals

    def search(self, query: Sequence[str], k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k best paragraphs with a positive score, best first; `allowed` is a boolean mask over paragraphs."""
        if self.size == 0 or k <= 0:
            return []
        totals = self.scores(query)
        if allowed is not None:
            totals = np.where(allowed, totals, 0.0)
        candidates = np.flatnonzero(totals > 0)
        if candidates.size == 0:
            return []
        if candidates.size > k:
            top = np.argpartition(-totals[candidates], k - 1)[:k]
            candidates = candidates[top]
        order = sorted(candidates.tolist(), key=lambda row: (-totals[row], row))
        return [(row, float(totals[row])) for row in order]


def build_index(documents: Sequence[Sequence[str]], params: Bm25Params = Bm25Params()) -> Bm25Index:
    """Index tokenised paragraphs; an empty corpus gives an empty index that finds nothing."""
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    counts: list[int] = []
    doc_lengths = np.zeros(len(documents), dtype=np.int32)
    for row, tokens in enumerate(documents):
        doc_lengths[row] = len(tokens)
        for term, count in Counter(tokens).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
            counts.append(count)
    return index_from_counts(vocabulary, np.array(rows), np.array(columns), np.array(counts), doc_lengths, params)


def index_from_counts(
    vocabulary: dict[str, int],
    rows: np.ndarray,
    columns: np.ndarray,
    counts: np.ndarray,
    doc_lengths: np.ndarray,
    params: Bm25Params,
) -> Bm25Index:
    """Compute BM25 weights from (paragraph, term, count) triples."""
    size = int(doc_lengths.shape[0])
    n_terms = len(vocabulary)
    average_length = float(doc_lengths.mean()) if size and doc_lengths.sum() else 1.0
    document_frequency = np.bincount(columns.astype(np.int64), minlength=n_terms) if n_terms else np.zeros(0)
    idf = np.log((size + 1) / np.maximum(document_frequency, 1)) if n_terms else np.zeros(0)
    tf = counts.astype(np.float64)
    norm = params.k1 * (1 - params.b + params.b * doc_lengths[rows] / average_length) if rows.size else tf
    data = idf[columns] * tf * (params.k1 + 1) / (norm + tf) if rows.size else tf
    weights = sparse.csc_matrix(
        (data.astype(np.float32), (rows.astype(np.int64), columns.astype(np.int64))), shape=(size, n_terms)
    )
    weights.sort_indices()
    return Bm25Index(vocabulary, idf, weights, doc_lengths, params)


def idf_of(document_frequency: int, size: int) -> float:
    """BM25Plus IDF of a term found in `document_frequency` of `size` paragraphs."""
    return math.log((size + 1) / max(document_frequency, 1))
