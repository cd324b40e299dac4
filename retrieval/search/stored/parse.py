"""Parse and tokenise articles for the index, in worker processes when there are many.

Segmenting is the slow part of indexing (pyvi's CRF over every syllable), and each article is independent,
so a large batch is split into chunks of articles handed to a process pool; the chunks come back in order.
A worker returns its chunk in columns (ArticleColumns): paragraphs as one UTF-8 buffer with offsets, and the
token counts of the searched paragraphs as numpy arrays over a vocabulary local to the chunk. Term strings
per paragraph would cost more to pickle than to compute; this way the parent maps one small vocabulary per
chunk to global term ids with one array lookup, and appends whole chunks without a Python loop per article.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.corpus.limits import ReadLimits
from retrieval.corpus.loader import NO_PARAGRAPHS, parse_article, read_article_bytes
from retrieval.corpus.worker import read_bounded
from retrieval.models import Document, Passage
from retrieval.search.stored.passage_table import KIND_CODES
from retrieval.search.library import SEARCHED_KINDS
from retrieval.text.tokenize import tokenize

if TYPE_CHECKING:
    from retrieval.search.stored.partial import PartialStore

logger = logging.getLogger(__name__)

CHUNK_BYTES = 256 * 1024  # about a second of segmenting: small enough for a smooth progress bar
CHUNK_FILES = 64
PARALLEL_MIN_BYTES = 2 * 1024 * 1024  # below this, starting workers costs more than it saves
# Document fields kept as metadata; doc_id and source come from the file name, passages from the table.
METADATA_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Document) if f.name not in {"doc_id", "source", "passages"}
)

Progress = Callable[[int], None]


@dataclass(frozen=True)
class ParsedArticle:
    """One corpus file, parsed: its metadata and paragraphs, or why it was skipped."""

    name: str  # the file name
    digest: str | None  # SHA-256 of the bytes read; None when the file could not be read
    problem: str | None
    metadata: dict[str, Any] | None  # Document fields (METADATA_FIELDS), without per-document overrides
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True)
class ArticleColumns:
    """Consecutive articles in columns: entries, paragraphs, and the term counts of their searched paragraphs.

    Both a freshly parsed chunk and the previous index take this form, so an update copies runs of
    articles from either without caring where they came from.
    """

    entries: list[dict[str, Any]]  # per article: name, digest, problem, metadata (None when skipped)
    article_passages: np.ndarray  # int64, articles + 1: each article's first paragraph
    article_rows: np.ndarray  # int64, articles + 1: each article's first searched paragraph
    text: np.ndarray  # uint8, the paragraphs' UTF-8 texts one after another
    text_offsets: np.ndarray  # int64, paragraphs + 1
    lines: np.ndarray  # int32
    kinds: np.ndarray  # uint8, code in passage_table.KINDS
    sentence_offsets: np.ndarray  # int64, paragraphs + 1
    sentence_spans: np.ndarray  # int32 (sentences, 2), characters within the paragraph
    row_passages: np.ndarray  # int64, the paragraph (counted in these columns) of each searched one
    row_lengths: np.ndarray  # int32, tokens per searched paragraph
    row_indptr: np.ndarray  # int64, rows + 1: each searched paragraph's first term
    term_ids: np.ndarray  # int32, into `terms`
    counts: np.ndarray  # unsigned, occurrences
    terms: Sequence[str]


def sentence_spans(passage: Passage) -> tuple[tuple[int, int], ...]:
    """Where each sentence sits in the paragraph text (sentences are cut from it, in order)."""
    spans: list[tuple[int, int]] = []
    position = 0
    for sentence in passage.sentences:
        start = passage.text.find(sentence, position)
        if start < 0:
            raise ValueError(f"{passage.doc_id}:{passage.number}: a sentence is not a substring of its paragraph")
        position = start + len(sentence)
        spans.append((start, position))
    return tuple(spans)


def parse_file(path: Path, outlets: Mapping[str, str] | None, limits: ReadLimits = ReadLimits()) -> ParsedArticle:
    """One file parsed (without per-document overrides: they are applied when the index is opened).

    Its bytes become text in the reading worker, within `limits` (retrieval/corpus/worker.py).
    """
    raw, problem = read_article_bytes(path)
    digest = hashlib.sha256(raw).hexdigest() if raw is not None else None
    text = stated = None
    if raw is not None:
        text, stated, problem = read_bounded(path.name, raw, limits)
    if text is None:
        return ParsedArticle(path.name, digest, problem, None)
    document = parse_article(path.stem, path.name, text, None, outlets, stated)
    if not document.passages:
        return ParsedArticle(path.name, digest, NO_PARAGRAPHS, None)
    metadata = {name: getattr(document, name) for name in METADATA_FIELDS}
    return ParsedArticle(path.name, digest, None, metadata, tuple(document.passages))


def parse_chunk(
    paths: Sequence[str],
    abbreviations: Mapping[str, str],
    outlets: Mapping[str, str] | None,
    limits: ReadLimits = ReadLimits(),
) -> ArticleColumns:
    """Parse and tokenise a few articles into columns (runs in a worker process)."""
    entries: list[dict[str, Any]] = []
    article_passages, article_rows = [0], [0]
    encoded: list[bytes] = []
    lines: list[int] = []
    kinds: list[int] = []
    sentence_counts: list[int] = []
    spans: list[tuple[int, int]] = []
    row_passages: list[int] = []
    lengths: list[int] = []
    sizes: list[int] = []
    vocabulary: dict[str, int] = {}
    term_ids: list[int] = []
    counts: list[int] = []
    for path in paths:
        article = parse_file(Path(path), outlets, limits)
        entries.append({"name": article.name, "digest": article.digest, "problem": article.problem, "metadata": article.metadata})
        for passage in article.passages:
            if passage.kind in SEARCHED_KINDS:
                tokens = tokenize(passage.text, abbreviations)
                counted = Counter(tokens)
                row_passages.append(len(lines))
                lengths.append(len(tokens))
                sizes.append(len(counted))
                term_ids.extend([vocabulary.setdefault(term, len(vocabulary)) for term in counted])
                counts.extend(counted.values())
            passage_spans = sentence_spans(passage)
            encoded.append(passage.text.encode("utf-8"))
            lines.append(passage.line)
            kinds.append(KIND_CODES[passage.kind])
            sentence_counts.append(len(passage_spans))
            spans.extend(passage_spans)
        article_passages.append(len(lines))
        article_rows.append(len(lengths))
    return ArticleColumns(
        entries=entries,
        article_passages=np.array(article_passages, dtype=np.int64),
        article_rows=np.array(article_rows, dtype=np.int64),
        text=np.frombuffer(b"".join(encoded), dtype=np.uint8),
        text_offsets=_offsets([len(e) for e in encoded]),
        lines=np.array(lines, dtype=np.int32),
        kinds=np.array(kinds, dtype=np.uint8),
        sentence_offsets=_offsets(sentence_counts),
        sentence_spans=np.array(spans, dtype=np.int32).reshape(-1, 2),
        row_passages=np.array(row_passages, dtype=np.int64),
        row_lengths=np.array(lengths, dtype=np.int32),
        row_indptr=_offsets(sizes),
        term_ids=np.array(term_ids, dtype=np.int32),
        counts=_narrow(np.array(counts, dtype=np.int64)),
        terms=list(vocabulary),
    )


def _narrow(counts: np.ndarray) -> np.ndarray:
    """Counts as uint16 (a word repeated 65,535 times in one paragraph is not news), else uint32."""
    fits = not counts.size or int(counts.max()) <= np.iinfo(np.uint16).max
    return counts.astype(np.uint16 if fits else np.uint32)


def _offsets(lengths: Sequence[int]) -> np.ndarray:
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return offsets


def chunk_paths(paths: Sequence[Path]) -> tuple[list[list[str]], int]:
    """Consecutive groups of files of about CHUNK_BYTES each (at most CHUNK_FILES), and the bytes in all."""
    chunks: list[list[str]] = []
    current: list[str] = []
    size = total = 0
    for path in paths:
        current.append(str(path))
        file_size = _file_size(path)
        size, total = size + file_size, total + file_size
        if size >= CHUNK_BYTES or len(current) >= CHUNK_FILES:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks, total


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def worker_count(total_bytes: int, workers: int | None = None) -> int:
    """Processes to use: one for small batches, else the available cores (or `workers`)."""
    if workers is not None:
        return max(1, workers)
    if total_bytes < PARALLEL_MIN_BYTES:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores)


_worker_settings: tuple[Mapping[str, str], Mapping[str, str] | None, ReadLimits] = ({}, None, ReadLimits())


def _init_worker(abbreviations: Mapping[str, str], outlets: Mapping[str, str] | None, limits: ReadLimits) -> None:
    global _worker_settings
    _worker_settings = (abbreviations, outlets, limits)


def _parse_chunk_in_worker(paths: Sequence[str]) -> ArticleColumns:
    return parse_chunk(paths, *_worker_settings)


def parse_articles(
    paths: Sequence[Path],
    abbreviations: Mapping[str, str],
    outlets: Mapping[str, str] | None,
    workers: int | None = None,
    progress: Progress | None = None,
    store: PartialStore | None = None,
    limits: ReadLimits = ReadLimits(),
) -> Iterator[ArticleColumns]:
    """Parsed chunks of `paths`, in order; `progress` is told how many articles each chunk held.

    With a `store`, chunks an interrupted build already parsed are loaded from it, and each chunk parsed
    now is saved to it as soon as it is done.
    """
    chunks, total_bytes = chunk_paths(paths)
    saved = [store is not None and store.has(chunk) for chunk in chunks]
    todo = [chunk for chunk, found in zip(chunks, saved) if not found]
    if store is not None and len(todo) < len(chunks):
        logger.info("Tiếp tục lần lập chỉ mục bị ngắt: %d/%d phần đã tách từ", len(chunks) - len(todo), len(chunks))
    processes = min(worker_count(sum(_file_size(Path(p)) for c in todo for p in c), workers), max(1, len(todo)))
    with _parsed_in_order(todo, abbreviations, outlets, processes, limits) as parsed:
        for chunk, found in zip(chunks, saved):
            columns = store.load(chunk) if found and store is not None else None
            if columns is None:
                columns = next(parsed) if not found else parse_chunk(chunk, abbreviations, outlets, limits)
                if store is not None:
                    store.save(chunk, columns)
            if progress:
                progress(len(chunk))
            yield columns


@contextmanager
def _parsed_in_order(
    chunks: list[list[str]],
    abbreviations: Mapping[str, str],
    outlets: Mapping[str, str] | None,
    processes: int,
    limits: ReadLimits = ReadLimits(),
) -> Iterator[Iterator[ArticleColumns]]:
    """The chunks parsed one after another here, or by a pool of `processes` workers, in order."""
    if processes <= 1:
        yield (parse_chunk(chunk, abbreviations, outlets, limits) for chunk in chunks)
        return
    import multiprocessing

    logger.info("Tách từ %d phần trên %d tiến trình", len(chunks), processes)
    # fork shares the parent's loaded modules (and pyvi's model) instead of importing them again.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    settings = (dict(abbreviations), dict(outlets) if outlets is not None else None, limits)
    with context.Pool(processes, initializer=_init_worker, initargs=settings) as pool:
        yield pool.imap(_parse_chunk_in_worker, chunks)


def terminal_progress(total: int, description: str = "Lập chỉ mục") -> tuple[Progress | None, Callable[[], None]]:
    """A progress bar on stderr when it is a terminal (else nothing), and a function that closes it."""
    if total <= 0 or not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, desc=description, unit=" bài", file=sys.stderr, leave=False)
    return bar.update, bar.close
