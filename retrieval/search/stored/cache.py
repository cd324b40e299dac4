"""The persistent index: find it, check it against the corpus, update what changed, and open it as a Library.

Every start hashes each article file (SHA-256, about a second per gigabyte) and compares with the hashes
stored in the index. Unchanged articles keep their parsed paragraphs and token counts; only new or changed
files are parsed and segmented; removed ones are dropped; then BM25 weights are recomputed from the counts
(numpy, seconds even at a million paragraphs) and the file is written anew, atomically. The index also
records a stamp of everything tokens and metadata depend on: the tokenizer's and the parser's versions
(bumped by hand when their output changes), the abbreviation and outlet tables, BM25 parameters, pyvi's model files. Another stamp means
nothing can be reused. A file that is corrupt in any way is reported and rebuilt, never trusted. The fact
table beside it (facts.tracuu, see facts_store.py) is brought up to date the same way, article by article.

Where: `[corpus] cache_dir` when configured, else `<corpus>/.tracuu-cache/`; when that folder cannot be
written, the user cache ($XDG_CACHE_HOME/tracuu/…), with a warning. When nothing can be written, the
freshly built index is used from memory: a question never fails because of the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.corpus.limits import ReadLimits
from retrieval.corpus.loader import PARSER_VERSION
from retrieval.search.stored import file as index_file
from retrieval.text import segmenter
from retrieval.text.tokenize import TOKENIZER_VERSION
from retrieval.search.stored.assemble import UNREADABLE, article_key, build_arrays, concatenated
from retrieval.config import Settings
from retrieval.corpus.loader import article_source, corpus_listing, duplicate_of, duplicate_warning, read_regular_file
from retrieval.search.bm25 import Bm25Params
from retrieval.models import LoadWarning
from retrieval.text.normalize import abbreviation_variants
from retrieval.search.library import Library
from retrieval.search.stored.file import IndexFile, IndexFileError, read_index_file, write_index_file
from retrieval.search.stored.columns import valid_articles
from retrieval.search.stored.load import library_from_arrays
from retrieval.search.stored.facts_store import with_stored_facts
from retrieval.search.stored.partial import PartialStore

logger = logging.getLogger(__name__)

LOCAL_FOLDER = ".tracuu-cache"
INDEX_NAME = "index.tracuu"


@dataclass(frozen=True)
class RefreshReport:
    """What opening the index did."""

    location: Path | None  # the index file used; None when it lives only in memory
    articles: int  # .txt files in the corpus
    parsed: int  # files parsed and segmented this time
    removed: int  # articles dropped since the previous index
    paragraphs: int  # searched paragraphs (index rows)
    seconds: float
    rebuilt: bool  # False when the stored index was up to date
    resumed: int = 0  # articles an interrupted build had segmented, taken from its saved chunks
    facts_read: int = 0  # articles whose facts were read this time (the others' were kept from facts.tracuu)
    facts_seconds: float = 0.0  # of `seconds`, the time spent on the fact table


@dataclass(frozen=True)
class _FileKey:
    path: Path
    key: str  # "sha256:<hex>", or UNREADABLE (kept as skipped until it can be read)


def cache_locations(settings: Settings) -> list[Path]:
    """Index files to try, best first: the configured or corpus-local one, then the user cache."""
    corpus_dir = Path(settings.corpus_dir)
    label = f"{corpus_dir.name or 'corpus'}-{hashlib.sha256(str(corpus_dir.resolve()).encode()).hexdigest()[:12]}"
    primary = settings.cache_dir / label if settings.cache_dir else corpus_dir / LOCAL_FOLDER
    user_root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tracuu"
    return [primary / INDEX_NAME, user_root / label / INDEX_NAME]


def index_stamp(
    abbreviations: Mapping[str, str],
    outlets: Mapping[str, str] | None,
    params: Bm25Params,
    limits: ReadLimits = ReadLimits(),
) -> str:
    """A digest of the code, tables and parameters that decide what the index holds.

    The reading limits are in it: a file refused under one limit is read again when the limit is raised.
    """
    digest = hashlib.sha256()
    config = {
        "tokenizer": TOKENIZER_VERSION,
        "parser": PARSER_VERSION,
        "abbreviations": sorted(abbreviations.items()),
        "outlets": sorted((outlets or {}).items()),
        "params": [params.k1, params.b, params.delta],
        "unicode": unicodedata.unidata_version,
        "format": index_file.FORMAT,
        "reading": dataclasses.asdict(limits),
    }
    digest.update(json.dumps(config, ensure_ascii=False).encode("utf-8"))
    digest.update(_dependency_fingerprint().encode("utf-8"))
    return digest.hexdigest()


def _dependency_fingerprint() -> str:
    """Sizes and times of pyvi's model files and the gazetteer's data, found without importing them."""
    import importlib.util

    files: list[Path] = []
    models_dir = segmenter.pyvi_model_dir()
    if models_dir is not None:
        files += [models_dir / "pyvi3.pkl", models_dir / "words.txt"]
    spec = importlib.util.find_spec("vietnam_provinces")
    if spec is not None and spec.origin is not None:
        files.append(Path(spec.origin).parent / "data" / "nested-divisions.json")
    parts = []
    for path in files:
        try:
            status = path.stat()
            parts.append(f"{path.name}:{status.st_size}:{status.st_mtime_ns}")
        except OSError:
            parts.append(f"{path.name}:missing")
    return "|".join(parts)


def scan_corpus(paths: Sequence[Path]) -> list[_FileKey]:
    """A content key for every file: its SHA-256, or UNREADABLE."""
    # One plain loop: about 20 µs a file (50,000 articles in a second). Threads only added overhead here:
    # a small file's hashing does not release the GIL for long enough.
    keys = []
    for path in paths:
        try:
            keys.append(_FileKey(path, "sha256:" + hashlib.sha256(read_regular_file(path)).hexdigest()))
        except OSError:
            keys.append(_FileKey(path, UNREADABLE))
    return keys


def open_library(
    settings: Settings,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    params: Bm25Params = Bm25Params(),
    facts: bool = True,
) -> tuple[Library, RefreshReport]:
    """The corpus's library from its index, updated first if articles changed; CorpusError if no corpus.

    facts: keep the fact table beside the index up to date too (False only to time the index alone).
    """
    started = time.perf_counter()
    corpus_dir = Path(settings.corpus_dir)
    listing = corpus_listing(corpus_dir)
    variants = abbreviation_variants(settings.abbreviations)
    stamp = index_stamp(variants, settings.outlets, params, settings.reading)
    keys, duplicates = _without_duplicates(corpus_dir, scan_corpus(listing.paths))
    warnings = listing.warnings + duplicates  # named at every start, like the skipped articles
    paths = [key.path for key in keys]
    locations = cache_locations(settings)
    reusable: IndexFile | None = None
    for location in locations:
        if rebuild or not location.exists():
            continue
        found = _open_stored(location, stamp)
        if found is None:
            continue
        stored_keys = [(a["name"], article_key(a)) for a in found.header["articles"]]
        if stored_keys == [(k.path.name, k.key) for k in keys]:
            try:
                library = library_from_arrays(found.array, found.header, settings, variants, params)
            except IndexFileError as error:
                logger.warning("Chỉ mục hỏng, lập lại: %s", error)
                continue
            library, read, facts_seconds = _with_facts(facts, library, found.header, location, stamp, settings, workers, rebuild)
            report = RefreshReport(
                location, len(paths), 0, 0, len(library.passages), time.perf_counter() - started, False,
                facts_read=read, facts_seconds=facts_seconds,
            )
            return _with_warnings(library, warnings), report
        reusable = reusable or found
    files = [(key.path, key.key) for key in keys]
    store = PartialStore.beside(locations, stamp, {str(path): key for path, key in files})
    arrays, header, parsed, removed = build_arrays(
        files, reusable, stamp, variants, settings.outlets, params, workers, store, settings.reading
    )
    resumed = store.resumed if store is not None else 0
    written = _write(locations, header, arrays)
    if written is None:
        library = library_from_arrays(concatenated(arrays), header, settings, variants, params, checked=True)
    else:
        del arrays  # serve from the memory-mapped file: half the peak memory, and shared between processes
        try:
            stored = read_index_file(written, verify=False)
            library = library_from_arrays(stored.array, stored.header, settings, variants, params, checked=True)
        except IndexFileError as error:  # the disk returned something else than was written: very rare
            logger.warning("Chỉ mục vừa ghi không đọc lại được (%s); lập lại trong bộ nhớ", error)
            written = None
            arrays, header, parsed, removed = build_arrays(
                files, None, stamp, variants, settings.outlets, params, workers, limits=settings.reading
            )
            library = library_from_arrays(concatenated(arrays), header, settings, variants, params, checked=True)
    if store is not None:
        store.clear()  # after the index is read back: its text may still be read from the chunk files
    library, read, facts_seconds = _with_facts(facts, library, header, written, stamp, settings, workers, rebuild)
    report = RefreshReport(
        written, len(paths), parsed, removed, len(library.passages), time.perf_counter() - started, True, resumed,
        read, facts_seconds,
    )
    return _with_warnings(library, warnings), report


def _with_facts(
    wanted: bool,
    library: Library,
    header: Mapping[str, Any],
    location: Path | None,
    stamp: str,
    settings: Settings,
    workers: int | None,
    rebuild: bool,
) -> tuple[Library, int, float]:
    """The library with its stored fact table brought up to date: (library, articles read, seconds)."""
    if not wanted:
        return library, 0, 0.0
    library, report = with_stored_facts(library, header["articles"], location, stamp, settings, workers, rebuild)
    return library, report.read, report.seconds


def _without_duplicates(corpus_dir: Path, keys: list[_FileKey]) -> tuple[list[_FileKey], tuple[LoadWarning, ...]]:
    """Files whose bytes an earlier file already has stay out of the index, each named in a warning."""
    copies = duplicate_of([key.key.removeprefix("sha256:") if key.key != UNREADABLE else None for key in keys])
    warnings = tuple(
        duplicate_warning(article_source(corpus_dir, key.path), keys[original].path)
        for key, original in zip(keys, copies)
        if original is not None
    )
    return [key for key, original in zip(keys, copies) if original is None], warnings


def _with_warnings(library: Library, warnings: tuple[LoadWarning, ...]) -> Library:
    if not warnings:
        return library
    corpus = dataclasses.replace(library.corpus, warnings=library.corpus.warnings + warnings)
    return dataclasses.replace(library, corpus=corpus)


def _open_stored(location: Path, stamp: str) -> IndexFile | None:
    """The stored index if it is sound and was built by this code and configuration, else None."""
    try:
        found = read_index_file(location)
    except IndexFileError as error:
        logger.warning("Chỉ mục hỏng, sẽ lập lại: %s", error)
        return None
    if found.header.get("stamp") != stamp:
        logger.info("Mã nguồn hoặc cấu hình đã đổi, lập lại chỉ mục: %s", location)
        return None
    if not valid_articles(found.header.get("articles")):
        logger.warning("Chỉ mục hỏng, sẽ lập lại: %s: danh sách bài không hợp lệ", location)
        return None
    return found


def _write(locations: Sequence[Path], header: Mapping[str, Any], arrays: Mapping[str, Any]) -> Path | None:
    """Write to the first location that accepts it; None (with a warning) when none does."""
    for number, location in enumerate(locations):
        try:
            location.parent.mkdir(parents=True, exist_ok=True)
            write_index_file(location, header, arrays)
        except OSError as error:
            following = "thử nơi khác" if number + 1 < len(locations) else "dùng chỉ mục trong bộ nhớ"
            logger.warning("Không ghi được chỉ mục vào %s (%s); %s", location, error.strerror or error, following)
            continue
        logger.info("Đã ghi chỉ mục: %s", location)
        return location
    return None
