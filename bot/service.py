"""The one answering core both front ends use: settings, corpus and index loaded once, then questions."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from bot.live import LiveLibrary, watch_seconds
from retrieval.answer import answer
from retrieval.config import Settings, load_settings
from retrieval.models import Answer
from retrieval.search.library import Library
from retrieval.templates import merged_templates
from retrieval.text.clean import clean_text

logger = logging.getLogger(__name__)

# Answers in a row that may find a cited file changed (each time the index is refreshed first): a file
# rewritten faster than it can be indexed is quoted as last indexed rather than never answered.
_STALE_RETRIES = 3


class Service:
    """Settings, templates and the live Library; `library` is always the current one."""

    def __init__(self, settings: Settings, library: Library | LiveLibrary, templates: dict[str, str]) -> None:
        self.settings = settings
        self.live = library if isinstance(library, LiveLibrary) else LiveLibrary(settings, library)
        self.templates = templates

    @property
    def library(self) -> Library:
        return self.live.current()

    def ask(self, question: str) -> Answer:
        """The answer from the corpus as it is now; a question with unusable characters is cleaned, and says so."""
        text, cleaned = clean_text(question)
        for attempt in range(1, _STALE_RETRIES + 1):
            snapshot = self.live.snapshot()
            result = answer(text, snapshot.library, self.settings.answer, self.templates)
            if attempt == _STALE_RETRIES or snapshot.unchanged(c.doc_id for c in result.citations):
                break
            logger.info("Bài được trích vừa đổi; cập nhật chỉ mục rồi trả lời lại")
            self.live.refresh_if_changed()
        if cleaned:
            notice = self.templates["cleaned_notice"]
            result = dataclasses.replace(result, notice=f"{notice}\n{result.notice}" if result.notice else notice)
        return result

    def close(self) -> None:
        self.live.stop()


def load_service(
    config: str | Path | None = None, corpus: str | Path | None = None, *, watch: bool = False
) -> Service:
    """Read settings and open the corpus's index (updating it if articles changed); ConfigError or CorpusError.

    watch: follow the corpus folder while the process runs (`[corpus] watch_seconds`), for chat and the bot.
    """
    settings = load_settings(config, corpus)
    seconds = watch_seconds(settings)
    live = LiveLibrary(settings, watch_seconds=seconds if watch else 0.0)
    live.start()
    return Service(settings, live, merged_templates(settings.templates))
