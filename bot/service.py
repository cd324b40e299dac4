"""The one answering core both front ends use: settings, corpus and index loaded once, then questions."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from bot.live import LiveLibrary, watch_seconds
from bot.render.text import merged_templates
from retrieval.config import Settings, load_settings
from retrieval.answering.conversation import Turn, respond
from retrieval.answering.followup import TurnContext
from retrieval.models import Answer
from retrieval.answering.analysis import Question, read_question
from retrieval.search.library import Library
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

    def read(self, text: str) -> Question:
        """The question read once, against this corpus's places and abbreviations."""
        return read_question(text, self.library.question_reader(self.settings.answer.max_question_chars))

    def ask(self, text: str) -> Answer:
        """A question on its own."""
        return self.converse(text, None).answer

    def ask_turns(self, turns: list[str]) -> Answer:
        """The answer to the last of several turns asked as one conversation."""
        context = None
        result = None
        for text in turns:
            turn = self.converse(text, context)
            result, context = turn.answer, turn.context
        if result is None:
            raise ValueError("a conversation needs at least one turn")
        return result

    def converse(self, text: str, previous: TurnContext | None) -> Turn:
        """A turn of a conversation from the corpus as it is now: the answer, and the context the next turn
        may lean on. A question with unusable characters is cleaned, and the answer says so."""
        cleaned_text, cleaned = clean_text(text)
        for attempt in range(1, _STALE_RETRIES + 1):
            snapshot = self.live.snapshot()
            turn = respond(cleaned_text, previous, snapshot.library, self.settings.answer)
            if attempt == _STALE_RETRIES or snapshot.unchanged(c.doc_id for c in turn.answer.citations):
                break
            logger.info("Bài được trích vừa đổi; cập nhật chỉ mục rồi trả lời lại")
            self.live.refresh_if_changed()
        if cleaned:
            turn = Turn(dataclasses.replace(turn.answer, cleaned=True), turn.context)
        return turn

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
