"""BM25 over paragraphs, scored through an inverted index so a query touches only the paragraphs sharing a term.

The variant is rank-bm25's BM25Plus: its IDF, log((N + 1) / n), stays positive for terms found in half the
paragraphs or more, where BM25Okapi's IDF drops to zero or to a floor (this corpus is small and its words
repeat). BM25Plus adds idf * delta for every query term to *every* paragraph, matching or not; that constant
does not change the ranking, so we leave it out: a paragraph that matches nothing scores 0 and is never
returned. `baseline()` gives the constant back for comparisons with rank-bm25.

Layout: for each term (a column), the paragraphs holding it (rows, ascending) with their precomputed
weight idf * tf * (k1 + 1) / (k1 * norm + tf). Plain numpy arrays, so an index saved on disk is used
memory-mapped as is (retrieval/store.py). Weights are float32 (half the memory at a million paragraphs;
sums are taken in float64): scores differ from rank-bm25's by 2e-8 relative, under 2e-6 absolute.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

K1 = 1.2
B = 0.75
DELTA = 1.0
# Postings (as a share of the paragraphs) below which merging them by sorting beats adding them into a
# dense array over all paragraphs, which costs a pass over every paragraph. Measured on the bench corpus
# at 10^5 paragraphs: 1/8 for a full merge (bincount); 1/32 for search, whose dense path prunes and
# reuses its array (the same at 10^6).
SPARSE_MERGE_SHARE = 1 / 8
SPARSE_SEARCH_SHARE = 1 / 32
PRUNING = True  # MaxScore (see Bm25Index._accumulate); switched off only to compare the two in tests
PROBE_ROWS = 16384  # rows read to bound the k-th best score before each term
# A binary search per candidate costs as much as scanning this many postings against a mask (measured
# 8 to 50, from 10^5 down to 10^4 candidates, against a list of 780,000 postings).
LOOKUP_COST = 32
WEIGHT_CHUNK = 1 << 22  # postings weighed per step, to bound temporary float64 arrays


@dataclass(frozen=True)
class Bm25Params:
    k1: float = K1
    b: float = B
    delta: float = DELTA


@dataclass(frozen=True)
class Postings:
    """Term counts in compressed sparse column form: for each term, the paragraphs holding it and how often."""

    terms: Sequence[str]  # column → term
    indptr: np.ndarray  # int64, len(terms) + 1: where each term's postings start
    rows: np.ndarray  # int32, ascending within a term
    counts: np.ndarray  # unsigned, occurrences of the term in the paragraph
    doc_lengths: np.ndarray  # int32, tokens per paragraph

    @property
    def size(self) -> int:
        return int(self.doc_lengths.shape[0])


@dataclass(frozen=True)
class Bm25Index:
    """Per-term BM25 weights of the paragraphs holding the term; rows are paragraphs, columns are terms."""

    vocabulary: Mapping[str, int]
    idf: np.ndarray  # float64, per term
    indptr: np.ndarray  # int64, per term + 1
    rows: np.ndarray  # int32, per posting
    weights: np.ndarray  # float32, per posting
    doc_lengths: np.ndarray  # int32, per paragraph
    params: Bm25Params

    @property
    def size(self) -> int:
        return int(self.doc_lengths.shape[0])

    def term_idf(self, term: str) -> float:
        column = self.vocabulary.get(term)
        return 0.0 if column is None else float(self.idf[column])

    def document_frequency(self, term: str) -> int:
        """How many paragraphs hold the term."""
        column = self.vocabulary.get(term)
        return 0 if column is None else int(self.indptr[column + 1] - self.indptr[column])

    def baseline(self, query: Sequence[str]) -> float:
        """What rank-bm25's BM25Plus gives a paragraph that matches none of the query terms."""
        return self.params.delta * sum(self.term_idf(term) for term in query)

    @cached_property
    def column_max(self) -> np.ndarray:
        """The largest weight of each term: what a term can add to any paragraph's score at most."""
        maxima = np.zeros(len(self.idf), dtype=np.float64)
        present = np.flatnonzero(np.diff(self.indptr) > 0)
        if present.size:
            maxima[present] = np.maximum.reduceat(self.weights, self.indptr[present])
        return maxima

    def postings(self, query: Sequence[str]) -> list[TermPostings]:
        """The query's known terms with their postings, rarest first.

        One fixed order for every way of scoring, so a paragraph's score is the same float sum whichever
        way it was computed (and ties break the same way).
        """
        found = []
        for term, count in Counter(query).items():
            column = self.vocabulary.get(term)
            if column is not None:
                start, end = int(self.indptr[column]), int(self.indptr[column + 1])
                found.append(TermPostings(column, start, end, count))
        return sorted(found, key=lambda p: (p.end - p.start, p.column))

    def matches(self, query: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Rows sharing a term with the query (ascending) and their scores, as rank-bm25 minus baseline()."""
        return self._merge(self.postings(query))

    def _values(self, term: TermPostings) -> np.ndarray:
        return self.weights[term.start : term.end].astype(np.float64) * term.count

    def _merge(self, terms: Sequence[TermPostings]) -> tuple[np.ndarray, np.ndarray]:
        if not terms:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        if len(terms) == 1:
            return np.asarray(self.rows[terms[0].start : terms[0].end]), self._values(terms[0])
        rows = np.concatenate([self.rows[t.start : t.end] for t in terms])
        values = np.concatenate([self._values(t) for t in terms])
        if rows.size < SPARSE_MERGE_SHARE * self.size:
            unique, inverse = np.unique(rows, return_inverse=True)
            return unique, np.bincount(inverse, weights=values, minlength=unique.size)
        dense = np.bincount(rows, weights=values, minlength=self.size)
        # Every weight is positive (idf > 0, tf ≥ 1), so a row has a non-zero total exactly when it matched.
        matched = np.flatnonzero(dense)
        return matched, dense[matched]

    def scores(self, query: Sequence[str]) -> np.ndarray:
        """Scores of all paragraphs (0 for those sharing no term), as rank-bm25 minus baseline()."""
        totals = np.zeros(self.size, dtype=np.float64)
        rows, values = self.matches(query)
        totals[rows] = values
        return totals

    def search(
        self,
        query: Sequence[str],
        k: int,
        allowed: np.ndarray | None = None,
        multipliers: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The k best paragraphs with a positive score, best first (ties: lower row first).

        `allowed` is a boolean mask over paragraphs; `multipliers` (≥ 0) scale each paragraph's score.
        """
        if self.size == 0 or k <= 0:
            return []
        terms = self.postings(query)
        if sum(t.end - t.start for t in terms) < SPARSE_SEARCH_SHARE * self.size or not PRUNING:
            rows, values = self._merge(terms)
            if allowed is not None:
                keep = allowed[rows]
                rows, values = rows[keep], values[keep]
            if multipliers is not None:
                values = values * multipliers[rows]
        else:
            rows, values = self._accumulate(terms, k, allowed, multipliers)
        return top_k(rows, values, k)

    def _accumulate(
        self, terms: Sequence[TermPostings], k: int, allowed: np.ndarray | None, multipliers: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Candidates for the top k and their final scores, adding postings into a dense array (MaxScore).

        Terms are added rarest first. Before each, a lower bound of the k-th best score is read off the
        rarest term's paragraphs; once it beats the most the remaining (common, long) terms could add to
        any paragraph, only paragraphs already close enough can still win. Those few get the remaining
        terms' weights (see _complete), and the long posting lists are never added in full.
        Exact: the result equals adding everything (same float sums in the same order, see postings()).
        """
        top = float(multipliers.max()) if multipliers is not None and multipliers.size else 1.0
        bounds = [float(self.column_max[t.column]) * t.count for t in terms]
        probe = np.asarray(self.rows[terms[0].start : terms[0].end])
        probe = probe[:: max(1, probe.size // PROBE_ROWS)]  # a subset's k-th best is still a lower bound
        if allowed is not None:  # a paragraph filtered out scores nothing: it cannot raise the bound
            probe = probe[allowed[probe]]
        probe_scale = None if multipliers is None else multipliers[probe]
        totals, marks = _scratch(self.size)
        try:
            settled = None
            added = 0.0  # the most any paragraph has got so far: the same float sum, of maxima, in the same order
            for j, term in enumerate(terms):
                rest = sum(bounds[j:])
                # No probed score exceeds added * top, so while added <= rest the test below cannot pass:
                # the partition it needs is skipped.
                if j and probe.size >= k and added > rest:
                    lower = totals[probe] if probe_scale is None else totals[probe] * probe_scale
                    kth = float(np.partition(lower, lower.size - k)[lower.size - k])
                    if _beaten(rest * top, kth):
                        settled = (j, kth)
                        break
                rows = self.rows[term.start : term.end]
                totals[rows] += self._values(term) if term.count > 1 else self.weights[term.start : term.end]
                added += bounds[j]
            if settled is None:
                candidates = np.flatnonzero(totals)
                if allowed is not None:
                    candidates = candidates[allowed[candidates]]
            else:
                j, kth = settled
                candidates = np.flatnonzero(totals >= kth / top - sum(bounds[j:]))
                if allowed is not None:
                    candidates = candidates[allowed[candidates]]
                candidates = self._complete(terms[j:], bounds[j:], k, kth, candidates, multipliers, totals, marks)
            values = totals[candidates]
        finally:
            totals.fill(0.0)
        if multipliers is not None:
            values = values * multipliers[candidates]
        return candidates, values

    def _complete(
        self,
        terms: Sequence[TermPostings],
        bounds: Sequence[float],
        k: int,
        kth: float,
        candidates: np.ndarray,
        multipliers: np.ndarray | None,
        totals: np.ndarray,
        marks: np.ndarray,
    ) -> np.ndarray:
        """Add the remaining terms' weights to the candidates (in the same order as a full pass would).

        Before each term, the candidates' partial scores raise the bound of the k-th best score (a partial
        score never exceeds the final one), and candidates that cannot reach it even with every remaining
        term's maximum are dropped: they would rank below k others. The rest, fewer and fewer, get the term.
        Returns the candidates that are left, ascending.
        """
        scale = None if multipliers is None else multipliers[candidates]
        for i, term in enumerate(terms):
            if candidates.size > k:
                partial = totals[candidates]
                scores = partial if scale is None else partial * scale
                above = scores[scores >= kth]  # only these can raise the bound: partition them alone
                if above.size >= k:
                    kth = float(np.partition(above, above.size - k)[above.size - k])
                reach = partial + sum(bounds[i:])
                if scale is not None:
                    reach *= scale
                keep = ~_beaten(reach, kth)
                if not keep.all():
                    candidates = candidates[keep]
                    scale = None if scale is None else scale[keep]
            length = term.end - term.start
            if candidates.size * LOOKUP_COST < length:  # few candidates: binary search each
                rows, weights = self._lookup(term, candidates)
                totals[rows] += weights
            else:  # many: one pass over the postings against the candidate mask
                rows = self.rows[term.start : term.end]
                marks[candidates] = True
                try:
                    chosen = marks[rows]
                finally:
                    marks[candidates] = False
                weights = self.weights[term.start : term.end][chosen]
                totals[rows[chosen]] += weights.astype(np.float64) * term.count if term.count > 1 else weights
        return candidates

    def _lookup(self, term: TermPostings, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Those of `rows` that hold the term, and the term's weights there, by binary search in its postings."""
        postings = self.rows[term.start : term.end]
        # Keys of the postings' own type: searchsorted would otherwise copy the whole list to a common type.
        found = np.searchsorted(postings, rows.astype(postings.dtype, copy=False))
        np.minimum(found, postings.size - 1, out=found)  # past the end: compared with the last, not found
        present = postings[found] == rows
        weights = self.weights[term.start + found[present]]
        return rows[present], weights.astype(np.float64) * term.count if term.count > 1 else weights


@dataclass(frozen=True)
class TermPostings:
    """Where one query term's postings are, and how often the query repeats the term."""

    column: int
    start: int
    end: int
    count: int


_local = threading.local()


def _scratch(size: int) -> tuple[np.ndarray, np.ndarray]:
    """A zeroed float64 array and a cleared bool array over all paragraphs, kept per thread and reused.

    Allocating 8 MB per question at a million paragraphs costs as much as scoring; callers leave both
    arrays cleared again.
    """
    buffers = getattr(_local, "buffers", None)
    if buffers is None or buffers[0].shape[0] != size:
        buffers = (np.zeros(size, dtype=np.float64), np.zeros(size, dtype=bool))
        _local.buffers = buffers
    return buffers


def _beaten(most: float | np.ndarray, kth: float) -> bool | np.ndarray:
    """Whether a score of at most `most` (one bound, or an array of them) surely ranks below `kth`.

    A margin for float rounding: sums of maxima and sums of weights round differently.
    """
    return kth > most * (1 + 1e-9) + 1e-12


def top_k(rows: np.ndarray, values: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k (row, value) pairs with the highest positive values, best first, ties broken by row."""
    positive = values > 0
    if not positive.all():
        rows, values = rows[positive], values[positive]
    if rows.size > k:
        # Keep everything tied with the k-th best, so the final order does not depend on partition order.
        threshold = np.partition(values, rows.size - k)[rows.size - k]
        keep = values >= threshold
        rows, values = rows[keep], values[keep]
    order = np.lexsort((rows, -values))[:k]
    return [(int(row), float(value)) for row, value in zip(rows[order], values[order])]


def count_terms(documents: Sequence[Sequence[str]]) -> Postings:
    """Term counts of tokenised paragraphs."""
    vocabulary: dict[str, int] = {}
    term_ids: list[int] = []
    counts: list[int] = []
    row_sizes = np.zeros(len(documents), dtype=np.int64)
    doc_lengths = np.zeros(len(documents), dtype=np.int32)
    for row, tokens in enumerate(documents):
        doc_lengths[row] = len(tokens)
        counted = Counter(tokens)
        row_sizes[row] = len(counted)
        for term, count in counted.items():
            term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
            counts.append(count)
    row_indptr = np.zeros(len(documents) + 1, dtype=np.int64)
    np.cumsum(row_sizes, out=row_indptr[1:])
    return postings_from_rows(
        list(vocabulary), row_indptr, np.array(term_ids, dtype=np.int32), np.array(counts, dtype=np.int64), doc_lengths
    )


def postings_from_rows(
    terms: Sequence[str],
    row_indptr: np.ndarray,
    term_ids: np.ndarray,
    counts: np.ndarray,
    doc_lengths: np.ndarray,
) -> Postings:
    """Column form of per-paragraph term counts (row_indptr delimits each paragraph's term_ids and counts)."""
    size, n_terms = int(doc_lengths.shape[0]), len(terms)
    if term_ids.size == 0:
        return Postings(terms, np.zeros(n_terms + 1, dtype=np.int64), np.zeros(0, np.int32), np.zeros(0, np.uint16), doc_lengths)
    from scipy import sparse  # build time only: SciPy's transpose is a linear-time counting sort in C++

    counts = counts.astype(np.uint16 if int(counts.max()) <= np.iinfo(np.uint16).max else np.uint32, copy=False)
    by_row = sparse.csr_matrix((counts, term_ids, row_indptr), shape=(size, n_terms))
    by_term = by_row.tocsc()
    del by_row
    # Rows are visited in order, so each term's rows come out ascending (sorted indices).
    return Postings(
        terms,
        by_term.indptr.astype(np.int64, copy=False),
        by_term.indices.astype(np.int32, copy=False),
        by_term.data,
        doc_lengths.astype(np.int32, copy=False),
    )


def weigh(postings: Postings, params: Bm25Params = Bm25Params()) -> tuple[np.ndarray, np.ndarray]:
    """(idf per term, float32 weight per posting) for BM25Plus with `params`."""
    size = postings.size
    document_frequency = np.diff(postings.indptr)
    idf = np.log((size + 1) / np.maximum(document_frequency, 1)) if document_frequency.size else np.zeros(0)
    total_length = float(postings.doc_lengths.sum(dtype=np.int64))
    average_length = total_length / size if size and total_length else 1.0
    weights = np.empty(postings.rows.shape[0], dtype=np.float32)
    for start in range(0, weights.shape[0], WEIGHT_CHUNK):
        end = min(start + WEIGHT_CHUNK, weights.shape[0])
        columns = np.searchsorted(postings.indptr, np.arange(start, end), side="right") - 1
        tf = postings.counts[start:end].astype(np.float64)
        lengths = postings.doc_lengths[postings.rows[start:end]]
        norm = params.k1 * (1 - params.b + params.b * lengths / average_length)
        weights[start:end] = idf[columns] * tf * (params.k1 + 1) / (norm + tf)
    return idf, weights


def index_from_postings(postings: Postings, params: Bm25Params = Bm25Params()) -> Bm25Index:
    """Weigh term counts into a searchable index."""
    idf, weights = weigh(postings, params)
    vocabulary = {term: column for column, term in enumerate(postings.terms)}
    return Bm25Index(vocabulary, idf, postings.indptr, postings.rows, weights, postings.doc_lengths, params)


def build_index(documents: Sequence[Sequence[str]], params: Bm25Params = Bm25Params()) -> Bm25Index:
    """Index tokenised paragraphs; an empty corpus gives an empty index that finds nothing."""
    return index_from_postings(count_terms(documents), params)


def idf_of(document_frequency: int, size: int) -> float:
    """BM25Plus IDF of a term found in `document_frequency` of `size` paragraphs."""
    return math.log((size + 1) / max(document_frequency, 1))
