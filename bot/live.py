"""The corpus as it is now: a Library that follows added, edited and removed articles while a process runs.

`tracuu chat` and `tracuu telegram` run for days while articles are edited. A watcher thread compares a stat
of every article file (size, modification time, inode: no reading, about 2 µs a file) with the one taken
when the current Library was opened, at most every `[corpus] watch_seconds`. When they differ the stored
index is updated incrementally (only new or changed files are segmented, see retrieval/search/stored/cache.py)
and the new Library replaces the old in one assignment: a question is answered entirely from one Library.

The watcher can be a few seconds late, so an answer is also checked before it is given: when a file it cites
changed since its Library was opened, the index is refreshed there and then and the question answered
again. An answer never quotes a line whose content has changed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from retrieval.config import ConfigError, Settings
from retrieval.corpus.listing import FileStamp, file_stamp, folder_signature
from retrieval.corpus.loader import ARTICLE_SUFFIXES, CorpusError
from retrieval.search.library import Library
from retrieval.search.stored.cache import open_library

logger = logging.getLogger(__name__)

DEFAULT_WATCH_SECONDS = 2.0


def watch_seconds(settings: Settings) -> float:
    """`[corpus] watch_seconds`: how often the corpus folder is checked; 0 turns watching off."""
    value = settings.section("corpus").get("watch_seconds", DEFAULT_WATCH_SECONDS)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ConfigError(f"{settings.config_file}: [corpus] watch_seconds phải là số không âm")
    return float(value)


@dataclass(frozen=True)
class Snapshot:
    """A Library and the stat of the article files taken just before it was opened."""

    library: Library
    signature: dict[str, FileStamp]
    corpus_dir: Path

    def unchanged(self, doc_ids: Iterable[str]) -> bool:
        """True when none of these documents' files changed (or went away) since the Library was opened."""
        for doc_id in doc_ids:
            document = self.library.documents.get(doc_id)
            if document is None:
                continue
            name = Path(document.source).name
            if self.signature.get(name) != file_stamp(self.corpus_dir / name):
                return False
        return True


class LiveLibrary:
    """Holds the current Library; `current()` never waits, refreshing happens beside it."""

    def __init__(self, settings: Settings, library: Library | None = None, *, watch_seconds: float = 0.0) -> None:
        self.settings = settings
        self.watch_seconds = watch_seconds
        self._corpus_dir = Path(settings.corpus_dir)
        self._refreshing = threading.Lock()  # one refresh at a time; current() never takes it
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_error: str | None = None
        signature = self._signature()
        if library is None:
            library, _ = open_library(settings)
        self._snapshot = Snapshot(library, signature, self._corpus_dir)

    def current(self) -> Library:
        return self._snapshot.library

    def snapshot(self) -> Snapshot:
        return self._snapshot

    def refresh_if_changed(self) -> bool:
        """Update the index when an article file was added, changed or removed; True when a new Library is in."""
        with self._refreshing:
            signature = self._signature()
            if signature == self._snapshot.signature:
                return False
            return self._open(signature)

    def refresh(self) -> bool:
        """Update the index now, whatever the stat says (after `tracuu add`, say); True when it worked."""
        with self._refreshing:
            return self._open(self._signature())

    def start(self) -> None:
        """Watch the corpus folder in a background thread (no-op when watch_seconds is 0 or already watching)."""
        if self.watch_seconds <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._watch, name="tracuu-corpus-watch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop watching, letting a refresh under way finish (so its index file is complete)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _signature(self) -> dict[str, FileStamp]:
        return folder_signature(self._corpus_dir, ARTICLE_SUFFIXES)

    def _open(self, signature: dict[str, FileStamp]) -> bool:
        try:
            # One process: forking from a program with threads (the bot's event loop, this watcher) can
            # deadlock, and what changes while running is a few articles, not a corpus.
            library, report = open_library(self.settings, workers=1)
        except CorpusError as error:
            if str(error) != self._last_error:  # said once, not every few seconds
                logger.warning("Không cập nhật được chỉ mục, vẫn dùng bản cũ: %s", error)
            self._last_error = str(error)
            return False
        self._last_error = None
        self._snapshot = Snapshot(library, signature, self._corpus_dir)
        if report.rebuilt:
            logger.info(
                "Corpus đã đổi: %d bài tách từ mới, %d bài bỏ; %d đoạn văn", report.parsed, report.removed, report.paragraphs
            )
        return True

    def _watch(self) -> None:
        while not self._stop.wait(self.watch_seconds):
            try:
                self.refresh_if_changed()
            except Exception:  # the watcher must outlive any one bad refresh; the old Library stays in use
                logger.exception("Lỗi khi cập nhật chỉ mục; vẫn dùng bản cũ")
