"""A Word file (.docx) → its paragraphs (tables row by row, in document order) and its core properties."""

from __future__ import annotations

import io
import zipfile

from retrieval.corpus.formats import (
    FileMetadata,
    ReadDocument,
    UnreadableDocument,
    clean_author,
    clean_title,
    clean_url,
    iso_date,
)


def read_docx(raw: bytes) -> ReadDocument:
    """Paragraphs and metadata of a .docx; UnreadableDocument for a file python-docx cannot open."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile) as error:
        raise UnreadableDocument(f"tệp Word hỏng hoặc không phải .docx ({type(error).__name__})") from None
    properties = document.core_properties
    metadata = FileMetadata(
        title=clean_title(properties.title),
        created=iso_date(properties.created),
        author=clean_author(properties.author),
        # dc:identifier names the resource; a newsroom's copy of a published article puts its address there.
        url=clean_url(properties.identifier),
    )
    return ReadDocument(tuple(_blocks(document)), metadata)


def _blocks(document: object) -> list[str]:
    """Paragraph texts and table rows (cells joined by " | "), in the order they stand in the body."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            blocks.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = _unique_cells(row)
                blocks.append(" | ".join(cells))
    return [" ".join(text.split()) for text in blocks if text.strip()]


def _unique_cells(row: object) -> list[str]:
    """A row's cell texts; a merged cell is reported once per grid column it spans, so repeats are dropped."""
    texts: list[str] = []
    seen: set[int] = set()
    for cell in row.cells:  # type: ignore[attr-defined]
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        text = " ".join(cell.text.split())
        if text:
            texts.append(text)
    return texts
