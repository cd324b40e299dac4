"""The search interface the answering code uses: ranked paragraphs for a question's terms, and term weights.

Today's BM25 index (retrieval/search/library.py) is its one implementation; another engine (an OpenSearch
cluster fed with tracuu's segmented tokens, say) would implement the same three members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from retrieval.models import Hit


@dataclass(frozen=True)
class SearchFilters:
    """Where to look: named districts (else cities) restrict; asked years only favour their articles."""

    districts: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    period_boost: float = 0.0  # how much more an article of an asked year (or the next) weighs
    doc_ids: tuple[str, ...] = ()  # only these articles ("bài đó …"), when given


NO_FILTERS = SearchFilters()


class SearchEngine(Protocol):
    @property
    def size(self) -> int:
        """Searched paragraphs."""
        ...

    def idf(self, term: str) -> float:
        """The weight of a folded term; 0 for a term no paragraph holds."""
        ...

    def search(self, terms: Sequence[str], k: int, filters: SearchFilters = NO_FILTERS) -> list[Hit]:
        """The k best paragraphs sharing a term with `terms`, best first."""
        ...
