"""The one answering core both front ends use: settings, corpus and index loaded once, then questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from retrieval.answer import answer
from retrieval.config import Settings, load_settings
from retrieval.models import Answer
from retrieval.search.stored.cache import open_library
from retrieval.search.library import Library
from retrieval.templates import merged_templates


@dataclass(frozen=True)
class Service:
    settings: Settings
    library: Library
    templates: dict[str, str]

    def ask(self, question: str) -> Answer:
        return answer(question, self.library, self.settings.answer, self.templates)


def load_service(config: str | Path | None = None, corpus: str | Path | None = None) -> Service:
    """Read settings and open the corpus's index (updating it if articles changed); ConfigError or CorpusError."""
    settings = load_settings(config, corpus)
    library, _ = open_library(settings)
    return Service(settings, library, merged_templates(settings.templates))
