"""A Library over the arrays of an index file: documents with lazy paragraphs, the BM25 index memory-mapped."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.config import Settings
from retrieval.corpus.loader import apply_overrides, article_source, empty_folder_warning, skipped_warning
from retrieval.search.bm25 import Bm25Index, Bm25Params
from retrieval.models import Corpus, Document, LoadWarning
from retrieval.search.stored.passage_table import PassageTable, PassageView
from retrieval.search.library import Library
from retrieval.search.stored.columns import split_vocabulary
from retrieval.search.stored.file import IndexFileError


def stem(name: str) -> str:
    """Path(name).stem, five times faster (it runs for every article at every start)."""
    return os.path.splitext(name)[0]


def _check_consistency(array: Callable[[str], np.ndarray], documents: int) -> None:
    """Offsets that agree with the arrays they index, so no question can read outside them; else IndexFileError."""
    doc_starts, lines, text_offsets = array("doc_starts"), array("lines"), array("text_offsets")
    sentence_offsets, row_passages, doc_lengths = array("sentence_offsets"), array("row_passages"), array("doc_lengths")
    indptr, rows, terms = array("indptr"), array("rows"), len(split_vocabulary(array("vocabulary")))
    passages = lines.shape[0]
    problems = [
        doc_starts.shape[0] != documents + 1 or (documents and doc_starts[-1] != passages),
        text_offsets.shape[0] != passages + 1 or text_offsets[-1] != array("text").shape[0],
        sentence_offsets.shape[0] != passages + 1 or sentence_offsets[-1] != array("sentence_spans").shape[0],
        array("kinds").shape[0] != passages or row_passages.shape[0] != doc_lengths.shape[0],
        bool(row_passages.size) and (row_passages.min() < 0 or row_passages.max() >= passages),
        indptr.shape[0] != terms + 1 or array("idf").shape[0] != terms,
        bool(terms) and (indptr[-1] != rows.shape[0] or array("weights").shape[0] != rows.shape[0]),
        bool(rows.size) and (rows.min() < 0 or rows.max() >= doc_lengths.shape[0]),
        any(bool(np.any(np.diff(offsets) < 0)) for offsets in (doc_starts, indptr, text_offsets, sentence_offsets)),
    ]
    if any(problems):
        raise IndexFileError("các mảng của chỉ mục không khớp nhau")


def library_from_arrays(
    array: Callable[[str], np.ndarray],
    header: Mapping[str, Any],
    settings: Settings,
    variants: Mapping[str, str],
    params: Bm25Params,
    checked: bool = False,
) -> Library:
    """A Library over stored arrays: documents with lazy passages, the BM25 index as memory-mapped arrays.

    `checked`: the arrays were built by this process just now, so their consistency need not be proved.
    """
    corpus_dir = Path(settings.corpus_dir)
    entries = header["articles"]
    named = [entry for entry in entries if entry.get("metadata") is not None]
    if not checked:
        _check_consistency(array, len(named))
    table = PassageTable(
        doc_ids=[stem(entry["name"]) for entry in named],
        doc_starts=array("doc_starts"),
        text=array("text"),
        text_offsets=array("text_offsets"),
        lines=array("lines"),
        kinds=array("kinds"),
        sentence_offsets=array("sentence_offsets"),
        sentence_spans=array("sentence_spans"),
    )
    documents: list[Document] = []
    warnings: list[LoadWarning] = []
    for entry in entries:
        source = article_source(corpus_dir, corpus_dir / entry["name"])
        if entry.get("metadata") is None:
            warnings.append(skipped_warning(source, str(entry.get("problem"))))
            continue
        position = len(documents)
        document = Document(stem(entry["name"]), source, table.document_passages(position), **entry["metadata"])
        documents.append(apply_overrides(document, settings.overrides))
    if not entries:
        warnings.append(empty_folder_warning(corpus_dir))
    row_passages = array("row_passages")
    index = Bm25Index(
        vocabulary={term: column for column, term in enumerate(split_vocabulary(array("vocabulary")))},
        idf=array("idf"),
        indptr=array("indptr"),
        rows=array("rows"),
        weights=array("weights"),
        doc_lengths=array("doc_lengths"),
        params=params,
    )
    row_documents = (np.searchsorted(table.doc_starts, row_passages, side="right") - 1).astype(np.int32)
    return Library(
        Corpus(tuple(documents), tuple(warnings)),
        PassageView(table, row_passages),
        index,
        variants,
        row_document_positions=row_documents,
        tables=settings.tables,
    )
