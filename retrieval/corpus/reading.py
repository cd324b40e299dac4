"""Which reader takes an .html/.htm, .docx or .pdf file, and the checks every such file passes first.

Kept apart from formats.py, whose types and helpers the readers import: the readers import formats,
this module imports the readers, and nothing imports back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from retrieval.corpus.archive import check_archive
from retrieval.corpus.formats import (
    ARCHIVE_SUFFIXES,
    MAX_DOCUMENT_BYTES,
    ReadDocument,
    UnreadableDocument,
    suffix_of,
)
from retrieval.corpus.limits import ReadLimits

logger = logging.getLogger(__name__)


def read_document(name: str, raw: bytes, limits: ReadLimits = ReadLimits()) -> ReadDocument:
    """The article in a .html/.htm, .docx or .pdf file; UnreadableDocument when it cannot be had.

    An archive over `limits` is refused before its reader sees it. The memory and time budget is not kept
    here but by the process this runs in (retrieval/corpus/worker.py).
    """
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(
            f"tệp quá lớn ({len(raw) / 2**20:.1f} MB; tối đa {MAX_DOCUMENT_BYTES / 2**20:g} MB)"
        )
    if not raw.strip():
        raise UnreadableDocument("tệp rỗng")
    suffix = suffix_of(name)
    if suffix in ARCHIVE_SUFFIXES:
        check_archive(raw, limits)
    reader = _reader(suffix)
    try:
        document = reader(raw)
    except (UnreadableDocument, MemoryError):  # a memory budget's refusal is the worker's to word
        raise
    except Exception as error:  # noqa: BLE001 - a damaged file breaks a parser in ways no list can name
        logger.debug("Lỗi khi đọc %s", name, exc_info=True)
        raise UnreadableDocument(f"tệp hỏng, không đọc được ({type(error).__name__})") from None
    if not any(p.strip() for p in document.paragraphs):
        raise UnreadableDocument("không tìm thấy nội dung bài viết trong tệp")
    return document


def _reader(suffix: str) -> Callable[[bytes], ReadDocument]:
    # Imported when needed: a corpus of .txt files never pays for lxml, python-docx or pypdf.
    if suffix in (".html", ".htm"):
        from retrieval.corpus.html_reader import read_html

        return read_html
    if suffix == ".docx":
        from retrieval.corpus.docx_reader import read_docx

        return read_docx
    if suffix == ".pdf":
        from retrieval.corpus.pdf_reader import read_pdf

        return read_pdf
    raise UnreadableDocument(f"định dạng {suffix or '(không có đuôi)'} không được hỗ trợ")
