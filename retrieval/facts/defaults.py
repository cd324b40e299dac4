"""The reader's tables as the project ships them, and a fingerprint of what they hold (for stored facts)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from retrieval.facts.table import FACTS_VERSION, ReaderTables
from retrieval.tables import default_tables


def default_reader_tables(abbreviations: Mapping[str, str]) -> ReaderTables:
    """The project's own tables (config/facts.toml, the names of config/answer_kinds.toml) and these abbreviations."""
    tables = default_tables()
    return ReaderTables(tables.lexicon, abbreviations, tables.kinds.surnames, tables.kinds.not_names)


def _sorted(value: object) -> object:
    if isinstance(value, Mapping):
        return sorted((str(k), _sorted(v)) for k, v in value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    if isinstance(value, (list, tuple)):
        # The lexicon's word lists come from sets (sorted longest first, ties in hash order, which differs
        # from one process to the next): their content, not their order, is what the reader reads with.
        return sorted((_sorted(v) for v in value), key=repr)
    return value


def tables_fingerprint(tables: ReaderTables) -> str:
    """A digest of the reader's version and every word list it reads with: another one means re-reading."""
    lexicon = {field.name: _sorted(getattr(tables.lexicon, field.name)) for field in dataclasses.fields(tables.lexicon)}
    data = {
        "version": FACTS_VERSION,
        "lexicon": lexicon,
        "abbreviations": _sorted(tables.abbreviations),
        "surnames": _sorted(tables.surnames),
        "not_names": _sorted(tables.not_names),
    }
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode("utf-8")).hexdigest()
