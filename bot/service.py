"""The one answering core both front ends use: settings, corpus and index loaded once, then questions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from retrieval.answer import answer
from retrieval.config import Settings, load_settings
from retrieval.corpus import load_corpus
from retrieval.models import Answer
from retrieval.search import Library, build_library
from retrieval.templates import merged_templates


@dataclass(frozen=True)
class Service:
    settings: Settings
    library: Library
    templates: dict[str, str]

    def ask(self, question: str) -> Answer:
        return answer(question, self.library, self.settings.answer, self.templates)


def load_service(config: str | Path | None = None, corpus: str | Path | None = None) -> Service:
    """Read settings and corpus and build the index; raises ConfigError or CorpusError with a one-line message."""
    settings = load_settings(config, corpus)
    loaded = load_corpus(settings.corpus_dir, settings.overrides, settings.outlets)
    library = build_library(loaded, settings.abbreviations)
    return Service(settings, library, merged_templates(settings.templates))
