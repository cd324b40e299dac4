"""A new index from the previous one and freshly parsed articles: copy what did not change, weigh the counts.

Both sources come as article columns (indexing.ArticleColumns), so runs of consecutive articles are
copied as array slices, whichever source they come from; the columns are joined once at the end, then the
term counts are turned into BM25 postings (retrieval/index.py). Memory is the concern at a million
paragraphs: each column is freed as soon as it is joined.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.corpus.limits import ReadLimits
from retrieval.search.bm25 import Bm25Params, postings_from_rows, weigh
from retrieval.search.stored.parse import ArticleColumns, parse_articles, terminal_progress
from retrieval.search.stored.file import IndexFile, IndexFileError
from retrieval.search.stored.columns import split_vocabulary, vocabulary_blob
from retrieval.search.stored.partial import PartialStore

logger = logging.getLogger(__name__)

UNREADABLE = "unreadable"


def article_key(entry: Mapping[str, Any]) -> str:
    """What identifies an article's content: "sha256:<hex>", or UNREADABLE (skipped until it can be read)."""
    return f"sha256:{entry['digest']}" if entry.get("digest") else UNREADABLE


@dataclass
class _Pieces:
    """Columns of the new index, gathered run by run in article order."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    passage_counts: list[np.ndarray] = field(default_factory=list)  # per document (articles with paragraphs)
    text: list[np.ndarray] = field(default_factory=list)
    text_lengths: list[np.ndarray] = field(default_factory=list)  # bytes per paragraph
    lines: list[np.ndarray] = field(default_factory=list)
    kinds: list[np.ndarray] = field(default_factory=list)
    sentence_counts: list[np.ndarray] = field(default_factory=list)
    sentence_spans: list[np.ndarray] = field(default_factory=list)
    row_passages: list[np.ndarray] = field(default_factory=list)  # paragraph index in the new index
    row_lengths: list[np.ndarray] = field(default_factory=list)
    row_sizes: list[np.ndarray] = field(default_factory=list)
    term_ids: list[np.ndarray] = field(default_factory=list)  # global
    counts: list[np.ndarray] = field(default_factory=list)
    passages: int = 0  # paragraphs so far

    def append(self, columns: ArticleColumns, first: int, last: int) -> None:
        """Append articles first..last-1 of `columns` (whose term ids are global)."""
        self.entries.extend(columns.entries[first:last])
        p0, p1 = int(columns.article_passages[first]), int(columns.article_passages[last])
        r0, r1 = int(columns.article_rows[first]), int(columns.article_rows[last])
        documents = np.array([e.get("metadata") is not None for e in columns.entries[first:last]], dtype=bool)
        self.passage_counts.append(np.diff(columns.article_passages[first : last + 1])[documents])
        self.text.append(columns.text[columns.text_offsets[p0] : columns.text_offsets[p1]])
        self.text_lengths.append(np.diff(columns.text_offsets[p0 : p1 + 1]))
        self.lines.append(columns.lines[p0:p1])
        self.kinds.append(columns.kinds[p0:p1])
        self.sentence_counts.append(np.diff(columns.sentence_offsets[p0 : p1 + 1]))
        self.sentence_spans.append(columns.sentence_spans[columns.sentence_offsets[p0] : columns.sentence_offsets[p1]])
        self.row_passages.append(columns.row_passages[r0:r1] - p0 + self.passages)
        self.row_lengths.append(columns.row_lengths[r0:r1])
        self.row_sizes.append(np.diff(columns.row_indptr[r0 : r1 + 1]))
        t0, t1 = int(columns.row_indptr[r0]), int(columns.row_indptr[r1])
        self.term_ids.append(columns.term_ids[t0:t1])
        self.counts.append(columns.counts[t0:t1])
        self.passages += p1 - p0


def build_arrays(
    files: Sequence[tuple[Path, str]],
    old: IndexFile | None,
    stamp: str,
    variants: Mapping[str, str],
    outlets: Mapping[str, str] | None,
    params: Bm25Params,
    workers: int | None,
    store: PartialStore | None = None,
    limits: ReadLimits = ReadLimits(),
) -> tuple[dict[str, Any], dict[str, Any], int, int]:
    """(arrays, header, articles parsed, articles removed) of the new index for `files` (path, article key).

    Runs of unchanged articles are copied from `old`; the rest are parsed and segmented, or taken from the
    chunks an interrupted build saved in `store` (those are not counted as parsed).
    """
    previous = None
    if old is not None:
        try:
            previous = _previous_columns(old)
        except IndexFileError as error:
            logger.warning("Chỉ mục cũ hỏng, lập lại từ đầu: %s", error)
    known = {(e["name"], article_key(e)): i for i, e in enumerate(previous.entries)} if previous else {}
    plan = [known.get((path.name, key)) for path, key in files]
    to_parse = [path for (path, _), position in zip(files, plan) if position is None]
    terms: list[str] = list(previous.terms) if previous else []
    vocabulary = {term: column for column, term in enumerate(terms)}
    if to_parse:
        logger.info("Tách từ %d bài mới hoặc đã sửa (%d bài giữ nguyên)", len(to_parse), len(files) - len(to_parse))
    pieces = _Pieces()
    progress, close_progress = terminal_progress(len(to_parse))
    try:
        chunks = parse_articles(to_parse, variants, outlets, workers, progress, store, limits)
        chunk: ArticleColumns | None = None
        taken = 0  # articles of `chunk` already appended
        i = 0
        while i < len(plan):
            start = plan[i]
            if start is None:  # new articles: as many as the current chunk still holds
                if chunk is None or taken == len(chunk.entries):
                    chunk, taken = _with_global_ids(next(chunks), vocabulary, terms), 0
                run = 1
                while i + run < len(plan) and plan[i + run] is None and taken + run < len(chunk.entries):
                    run += 1
                pieces.append(chunk, taken, taken + run)
                taken += run
            else:  # unchanged articles, consecutive in the old index too
                assert previous is not None
                run = 1
                while i + run < len(plan) and plan[i + run] == start + run:
                    run += 1
                pieces.append(previous, start, start + run)
            i += run
    finally:
        close_progress()
    removed = len({e["name"] for e in previous.entries} - {path.name for path, _ in files}) if previous else 0
    header = {"stamp": stamp, "params": [params.k1, params.b, params.delta], "articles": pieces.entries}
    parsed = len(to_parse) - (store.resumed if store is not None else 0)
    return _finish(pieces, terms, params), header, parsed, removed


def _with_global_ids(chunk: ArticleColumns, vocabulary: dict[str, int], terms: list[str]) -> ArticleColumns:
    """The chunk with its own term ids replaced by global ones (new terms are added to the vocabulary)."""
    mapping = np.empty(len(chunk.terms), dtype=np.int32)
    for local, term in enumerate(chunk.terms):
        column = vocabulary.get(term)
        if column is None:
            column = vocabulary[term] = len(terms)
            terms.append(term)
        mapping[local] = column
    return dataclasses.replace(chunk, term_ids=mapping[chunk.term_ids], terms=())


def _previous_columns(stored: IndexFile) -> ArticleColumns:
    """The previous index as article columns, for copying unchanged articles; IndexFileError when unsound."""
    get = stored.array
    entries: list[dict[str, Any]] = stored.header["articles"]
    terms = split_vocabulary(get("vocabulary"))
    doc_starts, row_passages, doc_lengths = get("doc_starts"), get("row_passages"), get("doc_lengths")
    per_article = np.zeros(len(entries), dtype=np.int64)
    documents = np.array([e.get("metadata") is not None for e in entries], dtype=bool)
    per_article[documents] = np.diff(doc_starts)
    article_passages = np.zeros(len(entries) + 1, dtype=np.int64)
    np.cumsum(per_article, out=article_passages[1:])
    from scipy import sparse  # only an update needs the old counts row by row

    by_row = sparse.csc_matrix(
        (get("counts"), get("rows"), get("indptr")), shape=(doc_lengths.shape[0], len(terms))
    ).tocsr()
    return ArticleColumns(
        entries=entries,
        article_passages=article_passages,
        article_rows=np.searchsorted(row_passages, article_passages).astype(np.int64),
        text=get("text"),
        text_offsets=get("text_offsets"),
        lines=get("lines"),
        kinds=get("kinds"),
        sentence_offsets=get("sentence_offsets"),
        sentence_spans=get("sentence_spans"),
        row_passages=row_passages,
        row_lengths=doc_lengths,
        row_indptr=by_row.indptr.astype(np.int64, copy=False),
        term_ids=by_row.indices.astype(np.int32, copy=False),
        counts=by_row.data,
        terms=terms,
    )


def _offsets(lengths: list[np.ndarray]) -> np.ndarray:
    """Cumulative offsets (starting at 0) of concatenated lengths."""
    joined = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    offsets = np.zeros(joined.shape[0] + 1, dtype=np.int64)
    np.cumsum(joined, out=offsets[1:])
    return offsets


def _joined(pieces: list[np.ndarray], dtype: Any, tail: tuple[int, ...] = ()) -> np.ndarray:
    return np.concatenate(pieces).astype(dtype, copy=False) if pieces else np.zeros((0, *tail), dtype=dtype)


def _finish(pieces: _Pieces, terms: list[str], params: Bm25Params) -> dict[str, Any]:
    """Arrays to store: postings weighed from the gathered counts, terms no paragraph uses dropped."""
    term_ids = _joined(pieces.term_ids, np.int32)
    pieces.term_ids.clear()  # each column is freed as soon as it is joined: a million paragraphs weigh gigabytes
    wide = any(piece.dtype != np.uint16 for piece in pieces.counts)
    counts = _joined(pieces.counts, np.uint32 if wide else np.uint16)
    pieces.counts.clear()
    used = np.bincount(term_ids, minlength=len(terms)) > 0
    if not used.all():  # articles removed or changed since the terms were collected
        renumber = (np.cumsum(used) - 1).astype(np.int32)
        term_ids = renumber[term_ids]
        terms = [term for term, keep in zip(terms, used) if keep]
    row_indptr = _offsets(pieces.row_sizes)
    doc_lengths = _joined(pieces.row_lengths, np.int32)
    postings = postings_from_rows(terms, row_indptr, term_ids, counts, doc_lengths)
    del term_ids, counts
    idf, weights = weigh(postings, params)
    vocabulary = vocabulary_blob(terms)
    return {
        "doc_starts": _offsets(pieces.passage_counts),
        "text": pieces.text or [np.zeros(0, dtype=np.uint8)],
        "text_offsets": _offsets(pieces.text_lengths),
        "lines": pieces.lines or [np.zeros(0, dtype=np.int32)],
        "kinds": pieces.kinds or [np.zeros(0, dtype=np.uint8)],
        "sentence_offsets": _offsets(pieces.sentence_counts),
        "sentence_spans": pieces.sentence_spans or [np.zeros((0, 2), dtype=np.int32)],
        "row_passages": _joined(pieces.row_passages, np.int64),
        "doc_lengths": postings.doc_lengths,
        "vocabulary": np.frombuffer(vocabulary, dtype=np.uint8),
        "idf": idf,
        "indptr": postings.indptr,
        "rows": postings.rows,
        "counts": postings.counts,
        "weights": weights,
    }


def concatenated(arrays: Mapping[str, Any]) -> Callable[[str], np.ndarray]:
    """Array lookup for an index kept in memory (pieces joined)."""
    joined = {
        name: value if isinstance(value, np.ndarray) else np.concatenate(value) for name, value in arrays.items()
    }
    return joined.__getitem__
