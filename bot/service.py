"""The one answering core both front ends use: settings, corpus and index loaded once, then questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.render.text import merged_templates
from retrieval.config import Settings, load_settings
from retrieval.conversation import Turn, respond
from retrieval.followup import TurnContext
from retrieval.models import Answer
from retrieval.question import Question, read_question
from retrieval.search.library import Library
from retrieval.search.stored.cache import open_library


@dataclass(frozen=True)
class Service:
    settings: Settings
    library: Library
    templates: dict[str, str]

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
        """A turn of a conversation: the answer, and the context the next turn may lean on."""
        return respond(text, previous, self.library, self.settings.answer)


def load_service(config: str | Path | None = None, corpus: str | Path | None = None) -> Service:
    """Read settings and open the corpus's index (updating it if articles changed); ConfigError or CorpusError."""
    settings = load_settings(config, corpus)
    library, _ = open_library(settings)
    return Service(settings, library, merged_templates(settings.templates))
