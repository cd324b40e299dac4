"""An article's facts as plain JSON data and back, every field checked on the way in.

Stored facts are read from a file that may be stale, truncated or written by another version: nothing in it is
trusted. Each field is converted by the type the model declares (model.py), so a value of the wrong type, an
unknown status or offsets that do not cut the value out of its sentence raise ValueError and the article is
read anew. Sentences are stored once per article; facts name them by position. A fact is the list of its
fields' values in the order the article's "fields" names them (names once per article, not once per fact: the
table of a large corpus is half the size, and is encoded and decoded in half the time).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import cache
from typing import Any

from retrieval.facts.model import FactPeriod, FigureFact, RoleFact, Source
from retrieval.facts.table import DocumentFacts


def document_facts_to_data(facts: DocumentFacts) -> dict[str, Any]:
    """{"doc", "fields": {…}, "sentences": [[paragraph, index, text]…], "figures": [[…]…], "roles": [[…]…]}:
    JSON-ready."""
    sentences: dict[tuple[int, int], int] = {}
    rows: list[list[Any]] = []

    def sentence_of(source: Source) -> int:
        key = (source.paragraph, source.sentence_index)
        if key not in sentences:
            sentences[key] = len(rows)
            rows.append([source.paragraph, source.sentence_index, source.sentence])
        return sentences[key]

    def encoded(fact: FigureFact | RoleFact) -> list[Any]:
        # The instance's own fields, in declaration order; only a sentence, a period and an enum need
        # converting (strings, numbers, None and tuples of strings are JSON as they are), at the places the
        # class declares them. Every figure of the corpus passes here while the index is built.
        values = list(vars(fact).values())
        sources, periods, enums = _CONVERTED[type(fact)]
        for i in sources:
            values[i] = sentence_of(values[i])
        for i in periods:
            period = values[i]
            if period is not None:
                values[i] = [v.value if isinstance(v, Enum) else v for v in vars(period).values()]
        for i in enums:
            values[i] = values[i].value
        return values

    figures = [encoded(f) for f in facts.figures]
    roles = [encoded(r) for r in facts.roles]
    fields = {kind: list(names) for kind, names in _FIELDS.items()}  # a copy: the caller may change what it gets
    return {"doc": facts.doc_id, "fields": fields, "sentences": rows, "figures": figures, "roles": roles}


def _field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


_FIELDS = {"figure": _field_names(FigureFact), "role": _field_names(RoleFact), "period": _field_names(FactPeriod)}


def _converted_fields(cls: type) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Where `cls` declares a sentence, a period (or None) and an enum: the fields an encoding converts."""
    hints = typing.get_type_hints(cls)
    kinds = [hints[f.name] for f in dataclasses.fields(cls)]
    sources = tuple(i for i, kind in enumerate(kinds) if kind is Source)
    periods = tuple(i for i, kind in enumerate(kinds) if FactPeriod in (kind, *typing.get_args(kind)))
    enums = tuple(i for i, kind in enumerate(kinds) if isinstance(kind, type) and issubclass(kind, Enum))
    return sources, periods, enums


_CONVERTED = {cls: _converted_fields(cls) for cls in (FigureFact, RoleFact)}


def document_facts_from_data(data: Any, doc_id: str) -> DocumentFacts:
    """The facts stored for `doc_id`; ValueError when anything in `data` is not what this code writes."""
    if not isinstance(data, dict) or data.get("doc") != doc_id:
        raise ValueError(f"facts of {data.get('doc') if isinstance(data, dict) else '?'!r}, not {doc_id!r}")
    if data.get("fields") != _FIELDS:
        raise ValueError("facts written with other fields")
    rows = data.get("sentences")
    if not isinstance(rows, list):
        raise ValueError("sentences is not a list")
    sources = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 3 and _is_int(row[0]) and _is_int(row[1]) and isinstance(row[2], str)):
            raise ValueError("a sentence is not [paragraph, index, text]")
        sources.append(Source(doc_id, row[0], row[1], row[2]))
    figures = tuple(_decoded(FigureFact, item, sources) for item in _list(data, "figures"))
    roles = tuple(_decoded(RoleFact, item, sources) for item in _list(data, "roles"))
    for figure in figures:
        if figure.source.sentence[figure.start : figure.end] != figure.value:
            raise ValueError(f"{figure.id}: offsets do not cut the value out of its sentence")
    for role in roles:
        if role.source.sentence[role.start : role.end] != role.name:
            raise ValueError(f"{role.id}: offsets do not cut the name out of its sentence")
    return DocumentFacts(doc_id, figures, roles)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ValueError(f"{key} is not a list")
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decoded(cls: type, item: Any, sources: list[Source]) -> Any:
    """An instance of the dataclass `cls` from its fields' plain values, each converted by its declared type."""
    fields = dataclasses.fields(cls)
    if not isinstance(item, list):
        raise ValueError(f"a {cls.__name__} is not a list")
    if len(item) != len(fields):
        raise ValueError(f"a {cls.__name__} has {len(item)} fields, not {len(fields)}: some are missing or unknown")
    hints = _hints(cls)
    values: list[Any] = []
    for field, value in zip(fields, item):
        if hints[field.name] is Source:
            if not _is_int(value) or not 0 <= value < len(sources):
                raise ValueError(f"{cls.__name__}.{field.name}: no sentence {value!r}")
            values.append(sources[value])
        else:
            values.append(_converted(hints[field.name], value, f"{cls.__name__}.{field.name}"))
    return cls(*values)


def _converted(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        present = [o for o in options if o is not type(None)]
        if len(present) == 1:  # X | None: X's own complaint says more
            return _converted(present[0], value, where)
        for option in options:
            if option is type(None):
                continue
            try:
                return _converted(option, value, where)
            except ValueError:
                continue
        raise ValueError(f"{where}: {value!r} fits none of {hint}")
    if origin is tuple:
        item_type = typing.get_args(hint)[0]
        if not isinstance(value, list):
            raise ValueError(f"{where}: not a list")
        return tuple(_converted(item_type, v, where) for v in value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            raise ValueError(f"{where}: unknown {hint.__name__} {value!r}") from None
    if hint is FactPeriod:
        return _decoded(FactPeriod, value, [])
    if hint is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{where}: not a boolean")
        return value
    if hint is int:
        if not _is_int(value):
            raise ValueError(f"{where}: not an integer")
        return value
    if hint is float:
        if not (_is_int(value) or isinstance(value, float)):
            raise ValueError(f"{where}: not a number")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ValueError(f"{where}: not a string")
        return value
    raise ValueError(f"{where}: cannot read a {hint}")
