"""Chunks segmented during a build, kept on disk until the index is written: an interrupted build resumes.

Segmenting is the slow part of a build (86 s at 20,000 paragraphs), and a build can be killed (Ctrl-C, a
deploy, the OOM killer) before its index file is written. Each parsed chunk is therefore saved as soon as
it is parsed, in the index file format (file.py: checksummed arrays and header, written atomically), under
a name derived from the index stamp and the chunk's files and content hashes. The next build finds the
chunks it would parse already there and segments only the rest. A chunk file that fails any check is
ignored and parsed again. Once an index is written the chunk files are deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from retrieval.search.stored.file import IndexFileError, read_index_file, write_index_file
from retrieval.search.stored.columns import split_vocabulary, valid_articles, vocabulary_blob
from retrieval.search.stored.parse import ArticleColumns

logger = logging.getLogger(__name__)

FOLDER = "partial"
SUFFIX = ".chunk"
_ARRAYS = (
    "article_passages", "article_rows", "text", "text_offsets", "lines", "kinds", "sentence_offsets",
    "sentence_spans", "row_passages", "row_lengths", "row_indptr", "term_ids", "counts",
)  # fmt: skip


class PartialStore:
    """Saved chunks of one build: `load` what an earlier, interrupted build parsed; `save` what this one parses."""

    def __init__(self, folder: Path, stamp: str, keys: Mapping[str, str]) -> None:
        self.folder = folder
        self.stamp = stamp
        self.keys = keys  # str(path) → "sha256:<hex>" (or "unreadable") as scanned before parsing
        self.resumed = 0  # articles taken from saved chunks
        self._writable = True

    @classmethod
    def beside(cls, index_files: Sequence[Path], stamp: str, keys: Mapping[str, str]) -> PartialStore | None:
        """A store next to the first index location whose folder can be created; None when none can."""
        for index_file in index_files:
            folder = index_file.parent / FOLDER
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                continue
            return cls(folder, stamp, keys)
        return None

    def _path(self, chunk: Sequence[str]) -> Path:
        named = [[Path(path).name, self.keys.get(path, "")] for path in chunk]
        digest = hashlib.sha256(json.dumps([self.stamp, named], ensure_ascii=False).encode("utf-8")).hexdigest()
        return self.folder / f"{digest[:32]}{SUFFIX}"

    def has(self, chunk: Sequence[str]) -> bool:
        return self._path(chunk).is_file()

    def load(self, chunk: Sequence[str]) -> ArticleColumns | None:
        """The saved columns of this chunk, or None when missing or unsound (then it is parsed again)."""
        path = self._path(chunk)
        try:
            stored = read_index_file(path)
            columns = _columns(stored.header, stored.array, len(chunk))
        except (IndexFileError, KeyError, TypeError, ValueError) as error:
            if path.exists():
                logger.warning("Bỏ qua phần chỉ mục đã lưu %s: %s", path.name, error)
            return None
        self.resumed += len(chunk)
        return columns

    def save(self, chunk: Sequence[str], columns: ArticleColumns) -> None:
        """Keep the chunk for a build that may follow an interruption (best effort: never fails a build)."""
        if not self._writable:
            return
        header = {"partial": self.stamp, "articles": columns.entries}
        arrays = {name: getattr(columns, name) for name in _ARRAYS}
        arrays["vocabulary"] = vocabulary_blob(list(columns.terms))
        try:
            # Another build of the same folder may have finished and removed it since this one began.
            self.folder.mkdir(parents=True, exist_ok=True)
            write_index_file(self._path(chunk), header, arrays)
        except OSError as error:
            self._writable = False
            logger.warning("Không lưu được phần chỉ mục vào %s (%s)", self.folder, error.strerror or error)

    def clear(self) -> None:
        """Delete every saved chunk (of this build or older ones): the index now holds them."""
        try:
            for path in self.folder.glob(f"*{SUFFIX}"):
                path.unlink(missing_ok=True)
            self.folder.rmdir()
        except OSError:
            pass  # another build may be saving its chunks here right now


def _columns(header: Mapping[str, object], array: object, articles: int) -> ArticleColumns:
    """The chunk's columns, after the checks that keep a stored chunk from reading outside its arrays."""
    entries = header.get("articles")
    if not valid_articles(entries) or len(entries) != articles:  # type: ignore[arg-type]
        raise IndexFileError("danh sách bài không hợp lệ")
    get = {name: array(name) for name in (*_ARRAYS, "vocabulary")}  # type: ignore[operator]
    terms = split_vocabulary(get.pop("vocabulary"))
    passages, rows = get["lines"].shape[0], get["row_lengths"].shape[0]
    problems = [
        get["article_passages"].shape != (articles + 1,) or int(get["article_passages"][-1]) != passages,
        get["article_rows"].shape != (articles + 1,) or int(get["article_rows"][-1]) != rows,
        get["text_offsets"].shape != (passages + 1,) or int(get["text_offsets"][-1]) != get["text"].shape[0],
        get["sentence_offsets"].shape != (passages + 1,)
        or int(get["sentence_offsets"][-1]) != get["sentence_spans"].shape[0],
        get["kinds"].shape[0] != passages or get["row_passages"].shape[0] != rows,
        get["row_indptr"].shape != (rows + 1,) or int(get["row_indptr"][-1]) != get["term_ids"].shape[0],
        get["counts"].shape[0] != get["term_ids"].shape[0],
        bool(get["term_ids"].size) and (int(get["term_ids"].min()) < 0 or int(get["term_ids"].max()) >= len(terms)),
        bool(get["row_passages"].size) and int(get["row_passages"].max()) >= passages,
        any(bool(np.any(np.diff(get[name]) < 0)) for name in ("article_passages", "article_rows", "text_offsets")),
    ]
    if any(problems):
        raise IndexFileError("các mảng không khớp nhau")
    return ArticleColumns(entries=list(entries), terms=terms, **get)  # type: ignore[arg-type]
