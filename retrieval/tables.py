"""The word tables a question and an article are read with: answer kinds, paraphrases, the fact reader's words.

Read from the files the settings name (`answer_kinds_file`, `paraphrases_file`, `facts_file`), else the
project's own, and passed down with the library: nothing reads a table file behind the settings' back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from retrieval.answering.kinds.kinds import DEFAULT_ANSWER_KINDS, AnswerKinds, answer_kinds_from_toml, default_answer_kinds
from retrieval.answering.kinds.paraphrases import DEFAULT_PARAPHRASES, Paraphrases, default_paraphrases, paraphrases_from_toml
from retrieval.facts.lexicon import DEFAULT_FACTS_FILE, Lexicon, read_lexicon
from retrieval.project import read_toml


# Compared and hashed by identity: tables are read once and shared, and caches key on them.
@dataclass(frozen=True, eq=False)
class Tables:
    kinds: AnswerKinds
    paraphrases: Paraphrases
    lexicon: Lexicon


@lru_cache(maxsize=1)
def default_tables() -> Tables:
    """The project's own tables (config/answer_kinds.toml, paraphrases.toml, facts.toml)."""
    return Tables(default_answer_kinds(), default_paraphrases(), _default_lexicon())


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return read_lexicon()


def read_tables(answer_kinds: Path | None = None, paraphrases: Path | None = None, facts: Path | None = None) -> Tables:
    """The tables from these files; a file not given, or the project's own, is the shared default."""
    defaults = default_tables()

    def given(path: Path | None, default: Path) -> Path | None:
        return None if path is None or path.resolve() == default.resolve() else path

    kinds_file = given(answer_kinds, DEFAULT_ANSWER_KINDS)
    paraphrases_file = given(paraphrases, DEFAULT_PARAPHRASES)
    facts_file = given(facts, DEFAULT_FACTS_FILE)
    if kinds_file is None and paraphrases_file is None and facts_file is None:
        return defaults
    return Tables(
        answer_kinds_from_toml(read_toml(kinds_file), str(kinds_file)) if kinds_file else defaults.kinds,
        paraphrases_from_toml(read_toml(paraphrases_file), str(paraphrases_file)) if paraphrases_file else defaults.paraphrases,
        read_lexicon(facts_file) if facts_file else defaults.lexicon,
    )
