"""The corpus's fact table: every article's figures and roles, read once, found by district."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from retrieval.facts.figures import document_figures, document_frame
from retrieval.facts.lexicon import Lexicon
from retrieval.facts.model import FigureFact, RoleFact
from retrieval.facts.people import document_roles
from retrieval.facts.query import fact_words
from retrieval.gazetteer import name_key
from retrieval.models import Document
from retrieval.text.normalize import has_diacritics

_LETTER_WORD = re.compile(r"[^\W\d_]+")

# Bumped by hand whenever what the reader finds changes: stored fact tables of another version are read anew.
FACTS_VERSION = 28


@dataclass(frozen=True)
class ReaderTables:
    """Everything reading facts depends on besides the article."""

    lexicon: Lexicon
    abbreviations: Mapping[str, str]
    surnames: frozenset[str]
    not_names: frozenset[str]


@dataclass(frozen=True)
class DocumentFacts:
    doc_id: str
    figures: tuple[FigureFact, ...]
    roles: tuple[RoleFact, ...]


def read_document_facts(document: Document, tables: ReaderTables) -> DocumentFacts:
    if not isinstance(document.passages, tuple):
        # A stored corpus decodes a passage on each access: once here, not once per reading of the article.
        document = dataclasses.replace(document, passages=tuple(document.passages))
    frame = document_frame(document, tables.lexicon)
    return DocumentFacts(
        document.doc_id,
        document_figures(document, tables.lexicon, tables.abbreviations, frame),
        document_roles(document, tables.lexicon, tables.abbreviations, tables.surnames, tables.not_names,
                       frame.period.year if frame.period else frame.year),
    )


@dataclass(frozen=True)
class FactTable:
    documents: tuple[DocumentFacts, ...] = ()
    _by_id: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def figures(self) -> tuple[FigureFact, ...]:
        return tuple(f for d in self.documents for f in d.figures)

    @cached_property
    def roles(self) -> tuple[RoleFact, ...]:
        return tuple(r for d in self.documents for r in d.roles)

    @cached_property
    def _figures_by_place(self) -> dict[str, tuple[FigureFact, ...]]:
        grouped: dict[str, list[FigureFact]] = {}
        for fact in self.figures:
            key = name_key(fact.district) if fact.district and not fact.place_is_city else f"city:{fact.place}"
            grouped.setdefault(key, []).append(fact)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def _roles_by_place(self) -> dict[str, tuple[RoleFact, ...]]:
        grouped: dict[str, list[RoleFact]] = {}
        for fact in self.roles:
            if fact.district:
                grouped.setdefault(name_key(fact.district), []).append(fact)
        return {k: tuple(v) for k, v in grouped.items()}

    @cached_property
    def bare_syllables(self) -> frozenset[str]:
        """Syllables some fact's measure writes without a mark ("chi" of "chi ngân sách"): typed bare, such a
        syllable may be that word; one no article writes bare ("sach") is a question typed in haste."""
        bare: set[str] = set()
        for fact in self.figures:
            for word in _LETTER_WORD.findall(f"{fact.measure} {fact.unit}"):
                if not has_diacritics(word):
                    bare.add(word.lower())
        return frozenset(bare)

    def figures_of(self, district: str) -> tuple[FigureFact, ...]:
        return self._figures_by_place.get(name_key(district), ())

    def roles_of(self, district: str) -> tuple[RoleFact, ...]:
        return self._roles_by_place.get(name_key(district), ())

    @cached_property
    def _figures_by_word(self) -> dict[str, tuple[FigureFact, ...]]:
        grouped: dict[str, list[FigureFact]] = {}
        for fact in self.figures:
            for word in fact_words(fact):
                grouped.setdefault(word, []).append(fact)
        return {k: tuple(v) for k, v in grouped.items()}

    def figures_with_words(self, words: Iterable[str]) -> tuple[FigureFact, ...]:
        """The figures whose measure (with its unit) holds every one of `words`, corpus-wide."""
        lists = sorted((self._figures_by_word.get(w, ()) for w in set(words)), key=len)
        if not lists:
            return self.figures
        first, *rest = lists
        others = [set(map(id, found)) for found in rest]
        return tuple(f for f in first if all(id(f) in other for other in others))

    @cached_property
    def _by_document(self) -> dict[str, DocumentFacts]:
        return {d.doc_id: d for d in self.documents}

    def of_document(self, doc_id: str) -> DocumentFacts | None:
        return self._by_document.get(doc_id)

    def fact(self, fact_id: str) -> FigureFact | RoleFact | None:
        if not self._by_id:
            self._by_id.update({f.id: f for f in self.figures})
            self._by_id.update({r.id: r for r in self.roles})
        found = self._by_id.get(fact_id)
        return found if isinstance(found, (FigureFact, RoleFact)) else None


def read_fact_table(documents: Iterable[Document], tables: ReaderTables) -> FactTable:
    return FactTable(tuple(read_document_facts(d, tables) for d in documents))
