"""The fact table stored beside the index (facts.tracuu), kept up to date article by article like the index.

Each article's facts are one JSON document (retrieval/facts/serial.py), keyed by the article's file name and
content hash; the file is the index file format (file.py: checksummed, written atomically, memory-mapped), so
the same checks guard it. Opening the index compares the stored keys with the index's articles: unchanged
articles keep their facts, new or changed ones are read (in worker processes when there are many), removed
ones are dropped. The file's stamp covers the reader's version and word lists, the index's own stamp (what a
document's paragraphs are depends on it), the per-document overrides (an article's district is a fact's
place) and the reader's source: another stamp means every article is read again.

Facts are decoded when first asked for (Library.facts), not at start-up; an article whose stored facts fail
any check is read again from its paragraphs, with a warning. When nothing can be written the facts are
read and kept in memory: a question never fails because of the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.config import Settings
from retrieval.facts.defaults import tables_fingerprint
from retrieval.facts.serial import document_facts_from_data, document_facts_to_data
from retrieval.facts.table import DocumentFacts, FactTable, ReaderTables, read_document_facts
from retrieval.models import Document
from retrieval.search.library import Library
from retrieval.search.stored.assemble import article_key
from retrieval.search.stored.file import IndexFileError, read_index_file, write_index_file
from retrieval.search.stored.load import stem

logger = logging.getLogger(__name__)

FACTS_NAME = "facts.tracuu"
PARALLEL_MIN_DOCUMENTS = 200  # below this, starting workers costs more than it saves
_CHUNK_DOCUMENTS = 32
_SOURCE_DIRS = ("facts",)  # the reader's modules: an edit there changes what is read


@dataclass(frozen=True)
class FactsReport:
    read: int  # articles whose facts were read this time
    kept: int  # articles whose stored facts were reused
    seconds: float
    location: Path | None  # the facts file, None when kept in memory only


def facts_stamp(index_stamp: str, tables: ReaderTables, overrides: Mapping[str, Any]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps([index_stamp, tables_fingerprint(tables), _overrides(overrides)], ensure_ascii=False).encode())
    digest.update(_source_fingerprint().encode())
    return digest.hexdigest()


def _overrides(overrides: Mapping[str, Any]) -> list[Any]:
    return sorted((str(k), sorted((str(f), repr(v)) for f, v in dict(v).items())) for k, v in overrides.items())


def _source_fingerprint() -> str:
    """The reader's own code, hashed: a change to it that forgot FACTS_VERSION still re-reads the facts."""
    root = Path(__file__).resolve().parents[2]  # retrieval/
    files = sorted(p for d in _SOURCE_DIRS for p in (root / d).glob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        try:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(path.name.encode() + b":missing")
    return digest.hexdigest()


def with_stored_facts(
    library: Library,
    articles: Sequence[Mapping[str, Any]],
    index_location: Path | None,
    index_stamp: str,
    settings: Settings,
    workers: int | None = None,
    rebuild: bool = False,
) -> tuple[Library, FactsReport]:
    """The library with its fact table: reused from facts.tracuu beside the index where unchanged, the rest read."""
    started = time.perf_counter()
    tables = library.reader_tables
    stamp = facts_stamp(index_stamp, tables, settings.overrides)
    documents = library.documents
    keyed = [
        ((entry["name"], article_key(entry)), documents[stem(entry["name"])])
        for entry in articles
        if entry.get("metadata") is not None and stem(entry["name"]) in documents
    ]
    path = index_location.parent / FACTS_NAME if index_location is not None else None
    stored = _read_stored(path, stamp) if path is not None and not rebuild else {}
    blobs: list[Blob | None] = [stored.get(key) for key, _ in keyed]
    missing = [i for i, blob in enumerate(blobs) if blob is None]
    if missing:
        logger.info("Đọc dữ kiện của %d bài (%d bài giữ nguyên)", len(missing), len(keyed) - len(missing))
        fresh = _read_facts([keyed[i][1] for i in missing], tables, workers)
        for i, blob in zip(missing, fresh):
            blobs[i] = blob
    written = path
    if path is not None and (missing or len(stored) != len(keyed) or rebuild):
        written = _write(path, stamp, [key for key, _ in keyed], blobs)  # type: ignore[arg-type]
    loader = _loader([document for _, document in keyed], blobs, tables)  # type: ignore[arg-type]
    report = FactsReport(len(missing), len(keyed) - len(missing), time.perf_counter() - started, written)
    return dataclasses.replace(library, fact_loader=loader), report


def _encoded(facts: DocumentFacts) -> bytes:
    # Plain data made here, with no cycles: the encoder need not track what it has seen.
    data = document_facts_to_data(facts)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")


Blob = bytes | np.ndarray  # an article's facts as JSON: freshly encoded, or a uint8 view of the stored file


def _read_stored(path: Path, stamp: str) -> dict[tuple[str, str], Blob]:
    """(name, key) → the article's stored JSON, from a sound facts file of this stamp; else nothing."""
    if not path.exists():
        return {}
    try:
        found = read_index_file(path)
    except IndexFileError as error:
        logger.warning("Bảng dữ kiện hỏng, đọc lại: %s", error)
        return {}
    header = found.header
    if header.get("facts") != stamp:
        logger.info("Bộ đọc dữ kiện hoặc cấu hình đã đổi, đọc lại dữ kiện: %s", path)
        return {}
    try:
        keys = header["articles"]
        blob, offsets = found.array("blob"), found.array("offsets")
        sound = (
            isinstance(keys, list)
            and all(isinstance(k, list) and len(k) == 2 and all(isinstance(p, str) for p in k) for k in keys)
            and offsets.shape == (len(keys) + 1,)
            and (not len(keys) or (int(offsets[0]) == 0 and int(offsets[-1]) == blob.shape[0]))
            and not bool(np.any(np.diff(offsets) < 0))
        )
    except (IndexFileError, KeyError) as error:
        logger.warning("Bảng dữ kiện hỏng, đọc lại: %s: %s", path, error)
        return {}
    if not sound:
        logger.warning("Bảng dữ kiện hỏng, đọc lại: %s: các mảng không khớp nhau", path)
        return {}
    # Views into the memory-mapped file: nothing is copied until an article's facts are decoded.
    return {(name, key): blob[int(a) : int(b)] for (name, key), a, b in zip(keys, offsets[:-1], offsets[1:])}


def _write(path: Path, stamp: str, keys: list[tuple[str, str]], blobs: list[Blob]) -> Path | None:
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in blobs], out=offsets[1:])
    pieces = [np.frombuffer(b, dtype=np.uint8) if isinstance(b, bytes) else b for b in blobs]
    arrays = {"blob": pieces or [np.zeros(0, dtype=np.uint8)], "offsets": offsets}
    try:
        write_index_file(path, {"facts": stamp, "articles": [list(k) for k in keys]}, arrays)
    except OSError as error:
        logger.warning("Không ghi được bảng dữ kiện vào %s (%s); giữ trong bộ nhớ", path, error.strerror or error)
        return None
    return path


def _loader(documents: list[Document], blobs: list[Blob], tables: ReaderTables) -> Callable[[], FactTable]:
    """Decodes the table when first asked; an article whose stored facts fail a check is read again."""

    def load() -> FactTable:
        decoded = []
        for document, blob in zip(documents, blobs):
            try:
                raw = blob if isinstance(blob, bytes) else blob.tobytes()
                decoded.append(document_facts_from_data(json.loads(raw), document.doc_id))
            except (ValueError, UnicodeDecodeError, RecursionError) as error:
                logger.warning("Dữ kiện lưu của bài %s không dùng được (%s); đọc lại", document.doc_id, error)
                decoded.append(read_document_facts(document, tables))
        return FactTable(tuple(decoded))

    return load


# --- reading, in worker processes when there are many articles ---------------------------------------------

_worker_job: tuple[list[Document], ReaderTables] | None = None


def _read_range(bounds: tuple[int, int]) -> list[bytes]:
    assert _worker_job is not None
    documents, tables = _worker_job
    return [_encoded(read_document_facts(d, tables)) for d in documents[bounds[0] : bounds[1]]]


def _read_facts(documents: list[Document], tables: ReaderTables, workers: int | None) -> list[bytes]:
    """Each document's facts, encoded."""
    from retrieval.search.stored.parse import worker_count

    processes = 1 if len(documents) < PARALLEL_MIN_DOCUMENTS else worker_count(1 << 62, workers)
    import multiprocessing

    if processes <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_encoded(read_document_facts(d, tables)) for d in documents]
    global _worker_job
    # fork: the workers see the documents (their paragraphs memory-mapped from the index) without pickling them.
    _worker_job = (documents, tables)
    try:
        bounds = [(i, min(i + _CHUNK_DOCUMENTS, len(documents))) for i in range(0, len(documents), _CHUNK_DOCUMENTS)]
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            return [facts for chunk in pool.imap(_read_range, bounds) for facts in chunk]
    finally:
        _worker_job = None
