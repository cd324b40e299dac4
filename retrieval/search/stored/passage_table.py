"""Every paragraph of a stored corpus in flat arrays; Passage objects are made only when asked for.

A million paragraphs as Passage objects (text, sentences, a dict each) take over two gigabytes and seconds
to create; as one UTF-8 buffer plus offsets (memory-mapped from the index file) they take their text's size
and no time. An answer reads a handful of paragraphs, so decoding on access costs microseconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from retrieval.models import Passage, PassageKind

KINDS: tuple[PassageKind, ...] = tuple(PassageKind)  # stored as the index into this tuple
KIND_CODES: dict[PassageKind, int] = {kind: code for code, kind in enumerate(KINDS)}


@dataclass(frozen=True, eq=False)
class PassageTable:
    """Paragraph texts, lines, kinds and sentence spans of all documents, in document order."""

    doc_ids: Sequence[str]  # per document
    doc_starts: np.ndarray  # int64, documents + 1: index of each document's first passage
    text: np.ndarray  # uint8: the passages' UTF-8 texts one after another
    text_offsets: np.ndarray  # int64, passages + 1
    lines: np.ndarray  # int32, 1-based source line of each passage
    kinds: np.ndarray  # uint8, code in KINDS
    sentence_offsets: np.ndarray  # int64, passages + 1: each passage's rows in sentence_spans
    sentence_spans: np.ndarray  # int32 (sentences, 2): start and end character of a sentence in its passage

    @property
    def size(self) -> int:
        return int(self.lines.shape[0])

    def document_of(self, index: int) -> int:
        """Position of the document holding passage `index`."""
        return int(np.searchsorted(self.doc_starts, index, side="right")) - 1

    def passage(self, index: int, document: int | None = None) -> Passage:
        """The passage at `index` (counting over all documents), decoded; `document`: its document's position,
        when the caller knows it."""
        if document is None:
            document = self.document_of(index)
        start, end = int(self.text_offsets[index]), int(self.text_offsets[index + 1])
        text = self.text[start:end].tobytes().decode("utf-8")
        first, last = int(self.sentence_offsets[index]), int(self.sentence_offsets[index + 1])
        # As Python ints at once: a row of the array at a time makes two array scalars per sentence.
        sentences = tuple(text[a:b] for a, b in self.sentence_spans[first:last].tolist())
        return Passage(
            doc_id=self.doc_ids[document],
            number=index - int(self.doc_starts[document]) + 1,
            line=int(self.lines[index]),
            text=text,
            sentences=sentences,
            kind=KINDS[int(self.kinds[index])],
        )

    def document_passages(self, position: int) -> PassageView:
        """The passages of the document at `position`, as a lazy sequence."""
        return PassageView(self, range(int(self.doc_starts[position]), int(self.doc_starts[position + 1])), position)


class PassageView(Sequence[Passage]):
    """A read-only sequence of a table's passages (one document's, or the searched ones), decoded on access."""

    __slots__ = ("_table", "_indices", "_document")

    def __init__(self, table: PassageTable, indices: range | np.ndarray, document: int | None = None) -> None:
        self._table = table
        self._indices = indices
        self._document = document  # the position of the one document all the passages belong to, if known

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, item: int) -> Passage: ...

    @overload
    def __getitem__(self, item: slice) -> PassageView: ...

    def __getitem__(self, item: int | slice) -> Passage | PassageView:
        if isinstance(item, slice):
            return PassageView(self._table, self._indices[item], self._document)
        return self._table.passage(int(self._indices[item]), self._document)

    def __iter__(self) -> Iterator[Passage]:
        for index in self._indices:
            yield self._table.passage(int(index), self._document)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PassageView) and other._table is self._table:
            if isinstance(self._indices, range) and isinstance(other._indices, range):
                return self._indices == other._indices
            return bool(np.array_equal(np.asarray(self._indices), np.asarray(other._indices)))
        return NotImplemented  # not equal to tuples: equal objects must hash alike

    def __hash__(self) -> int:
        # Documents are frozen dataclasses hashed by their fields, passages included (answers dedupe them).
        if isinstance(self._indices, range):
            return hash((id(self._table), self._indices.start, self._indices.stop))
        return id(self)

    def __repr__(self) -> str:
        return f"PassageView({len(self)} passages)"
