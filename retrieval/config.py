"""Settings read from TOML: where the corpus is, abbreviations, outlets, per-document overrides, templates.

The settings file is found through `--config`, then the TRACUU_CONFIG environment variable, then the
project's own `config/settings.toml`. Relative paths in a settings file are read from that file's folder.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from retrieval.answering.scorer import SentenceWeights, WeightsError, read_weights
from retrieval.corpus.limits import ReadLimits
from retrieval.project import PROJECT_ROOT, ConfigError, read_toml
from retrieval.tables import Tables, default_tables, read_tables

DEFAULT_CONFIG = PROJECT_ROOT / "config" / "settings.toml"
CONFIG_ENV = "TRACUU_CONFIG"


@dataclass(frozen=True)
class AnswerSettings:
    top_paragraphs: int = 5  # paragraphs whose sentences compete for the quote
    quote_budget: int = 400  # characters a quote may grow to by taking neighbouring sentences
    # … when a short answer was sought and no sentence surely states it (none found, or a "which …" answer
    # guessed from where the question's words stand): the reader needs the context to judge.
    unsure_quote_budget: int = 600
    quote_max_sentences: int = 3
    max_quote_chars: int = 800  # a single sentence longer than this is cut to its best clause
    min_coverage: float = 0.25  # share of the question's weight the evidence must hold, else decline
    min_evidence: float = 1.0  # idf mass that must be found: a question of only ubiquitous words is declined
    max_question_chars: int = 1000
    period_boost: float = 0.3  # how much an article of the asked year is preferred
    # The sentence scorer's weights: config/answer_weights.toml (answer_weights_file), fitted by benchmarks/fit.py.
    weights: SentenceWeights = SentenceWeights()


@dataclass(frozen=True)
class Settings:
    config_file: Path | None
    corpus_dir: Path
    cache_dir: Path | None
    abbreviations: Mapping[str, str]
    outlets: Mapping[str, str]
    overrides: Mapping[str, Mapping[str, Any]]
    templates: Mapping[str, str]
    answer: AnswerSettings = AnswerSettings()
    reading: ReadLimits = ReadLimits()  # [reading]: what one article file may cost to read
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # e.g. "telegram", for the front ends
    # Answer kinds, paraphrases, the fact reader's words: answer_kinds_file, paraphrases_file, facts_file.
    tables: Tables = field(default_factory=default_tables)

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, MappingProxyType({}))


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The settings file to read: the argument, else $TRACUU_CONFIG, else the project's default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(CONFIG_ENV, "").strip()
    return Path(from_env).expanduser() if from_env else DEFAULT_CONFIG


def _table(data: Mapping[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: '{key}' phải là một bảng TOML ([{key}])")
    return value


def _strings(table: Mapping[str, Any], key: str, path: Path) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in table.items():
        if not isinstance(value, str):
            raise ConfigError(f"{path}: [{key}] {name} phải là chuỗi")
        result[str(name)] = value
    return result


def _included(data: Mapping[str, Any], key: str, base: Path) -> dict[str, Any]:
    """A table given inline, or read from a TOML file named by `<key>_file`."""
    table = dict(_table(data, key, base))
    file_name = data.get(f"{key}_file")
    if file_name:
        included = base.parent / str(file_name)
        table = {**_table(read_toml(included), key, included), **table}
    return table


def _answer_settings(table: Mapping[str, Any], path: Path, data: Mapping[str, Any]) -> AnswerSettings:
    defaults = AnswerSettings()
    values: dict[str, Any] = {}
    numbers = {name: default for name, default in vars(defaults).items() if isinstance(default, (int, float))}
    for name, default in numbers.items():
        if name not in table:
            continue
        value = table[name]
        if isinstance(default, bool) or not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{path}: [answer] {name} phải là số")
        values[name] = type(default)(value)
    unknown = set(table) - set(numbers)
    if unknown:
        raise ConfigError(f"{path}: [answer] không có tùy chọn {', '.join(sorted(unknown))}")
    weights_file = data.get("answer_weights_file")
    if weights_file:
        try:
            values["weights"] = read_weights(path.resolve().parent / str(weights_file))
        except WeightsError as error:
            raise ConfigError(str(error)) from None
    return AnswerSettings(**values)


def _read_limits(table: Mapping[str, Any], path: Path) -> ReadLimits:
    """[reading]: every limit a positive number (an integer where the default is one)."""
    defaults = ReadLimits()
    unknown = set(table) - set(vars(defaults))
    if unknown:
        raise ConfigError(f"{path}: [reading] không có tùy chọn {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for name, default in vars(defaults).items():
        if name not in table:
            continue
        value = table[name]
        whole = isinstance(default, int)
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value <= 0:
            kind = "số nguyên dương" if whole else "số dương"
            raise ConfigError(f"{path}: [reading] {name} phải là {kind}")
        values[name] = type(default)(value)
    return ReadLimits(**values)


def load_settings(
    config: str | os.PathLike[str] | None = None,
    corpus: str | os.PathLike[str] | None = None,
) -> Settings:
    """Read the settings; `corpus` (from --corpus) wins over the file's corpus folder."""
    path = config_path(config)
    data = read_toml(path)
    base = path.resolve()
    corpus_table = _table(data, "corpus", path)
    corpus_dir = Path(corpus) if corpus else (base.parent / str(corpus_table.get("dir", "../seeds"))).resolve()
    cache_value = corpus_table.get("cache_dir")
    cache_dir = base.parent / str(cache_value) if cache_value else None
    sections = {k: v for k, v in data.items() if isinstance(v, dict)}
    return Settings(
        config_file=path,
        corpus_dir=corpus_dir.expanduser(),
        cache_dir=cache_dir,
        abbreviations=_strings(_included(data, "abbreviations", base), "abbreviations", path),
        outlets=_strings(_included(data, "outlets", base), "outlets", path),
        overrides={str(k): dict(v) for k, v in _included(data, "documents", base).items() if isinstance(v, dict)},
        templates=_strings(_included(data, "templates", base), "templates", path),
        answer=_answer_settings(_table(data, "answer", path), path, data),
        reading=_read_limits(_table(data, "reading", path), path),
        sections=sections,
        tables=_tables(data, base),
    )


_TABLE_FILES = ("answer_kinds_file", "paraphrases_file", "facts_file")


def _tables(data: Mapping[str, Any], base: Path) -> Tables:
    """The word tables the settings name, read relative to the settings file; the project's own otherwise."""
    paths: dict[str, Path | None] = {}
    for key in _TABLE_FILES:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{base}: {key} phải là chuỗi (đường dẫn tệp)")
        paths[key] = base.parent / value if value else None
    return read_tables(paths["answer_kinds_file"], paths["paraphrases_file"], paths["facts_file"])
