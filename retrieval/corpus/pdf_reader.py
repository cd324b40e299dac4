"""A PDF → the article's paragraphs, rebuilt from the lines pypdf lays out, and the document's properties.

pypdf's layout mode keeps each line's indentation and turns vertical gaps into blank lines; paragraphs are
rebuilt from that: a blank line, a first-line indent, or a sentence that ends before the line is full ends
a paragraph; any other line break is a wrap and is joined with a space. What a browser prints on every page
(time and title above, the page's address and "1/2" below) is page furniture: left out of the text, and the
address, when there is one, is the article's URL.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.corpus.formats import (
    FileMetadata,
    ReadDocument,
    UnreadableDocument,
    clean_author,
    clean_title,
    clean_url,
    iso_date,
)

logger = logging.getLogger(__name__)

FULL_LINE = 0.9  # a line this share of the widest line's length runs to the right margin
SHORT_LINE = 0.6  # a line shorter than this share ends its paragraph when a capital follows
INDENT_CHARS = 2  # spaces beyond the left margin that make a first-line indent

_URL = re.compile(r"https?://\S+")
_PAGE_NUMBER = re.compile(r"^(?:(?:trang|page)\s+)?[-–(]?\s*\d{1,4}\s*(?:/\s*\d{1,4}|(?:of|trên)\s+\d{1,4})?\s*[-–)]?$", re.I)
# A browser's header: "16/03/2024, 09:05   <page title>" (the time the page was printed).
_PRINT_STAMP = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?(?:\s{2,}.*)?$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;]['\"”’»)\]]*$")
_STARTS_NEW = re.compile(r"^[\"“‘'(\[«]?[\d\w]")


@dataclass(frozen=True)
class _Line:
    page: int
    indent: int
    text: str  # without edge spaces; inner runs of spaces kept (layout mode spaces words by position)
    blank_before: bool


def read_pdf(raw: bytes) -> ReadDocument:
    """Paragraphs and metadata of a PDF; UnreadableDocument for a damaged, locked or image-only file."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("PDF có mật khẩu")
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata or {}
    except PdfReadError as error:
        raise UnreadableDocument(f"tệp PDF hỏng ({error})") from None
    if not any(page.strip() for page in pages):
        raise UnreadableDocument("PDF không có lớp chữ (bản quét ảnh?)")
    paragraphs, url = rebuild_paragraphs(pages)
    metadata = FileMetadata(
        title=clean_title(_info(info, "/Title")),
        created=_pdf_date(_info(info, "/CreationDate")),
        author=clean_author(_info(info, "/Author")),
        url=clean_url(url),
    )
    return ReadDocument(tuple(paragraphs), metadata)


def _page_text(page: object) -> str:
    try:
        return page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - layout mode fails on some odd pages where plain mode still works
        logger.debug("pypdf layout mode failed; using plain text", exc_info=True)
        return page.extract_text()  # type: ignore[attr-defined]


def _info(info: object, key: str) -> str | None:
    value = info.get(key) if hasattr(info, "get") else None  # type: ignore[union-attr]
    return str(value) if value is not None else None


def _pdf_date(value: str | None) -> str | None:
    """ "D:20240316090500+07'00'" → "2024-03-16"."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})(\d{2})", value or "")
    return iso_date(f"{match[1]}-{match[2]}-{match[3]}") if match else None


def rebuild_paragraphs(pages: Sequence[str]) -> tuple[list[str], str | None]:
    """The paragraphs of laid-out page texts, and the address printed in the page furniture (or None)."""
    furniture = _furniture(pages)
    url = next((m.group().rstrip(".,;)") for line in furniture.values() for m in [_URL.search(line)] if m), None)
    lines = _content_lines(pages, set(furniture))
    if not lines:
        return [], url
    margin = Counter(line.indent for line in lines).most_common(1)[0][0]
    widest = max(len(line.text) + line.indent - margin for line in lines)
    paragraphs: list[list[str]] = []
    for previous, line in zip([None, *lines], lines):
        if previous is None or _breaks(previous, line, margin, widest):
            paragraphs.append([])
        paragraphs[-1].append(line.text)
    return [" ".join(" ".join(parts).split()) for parts in paragraphs], url


def _breaks(previous: _Line, line: _Line, margin: int, widest: int) -> bool:
    """Whether `line` starts a new paragraph after `previous`."""
    if line.blank_before and line.page == previous.page:
        return True
    if line.indent - margin >= INDENT_CHARS and previous.indent - margin < INDENT_CHARS:
        return True  # a first-line indent (a whole indented block is a quote, kept together)
    if not _STARTS_NEW.match(line.text) or line.text[:1].islower():
        return False  # a lower-case start continues the sentence
    length = len(previous.text) + previous.indent - margin
    if _SENTENCE_END.search(previous.text) and length < FULL_LINE * widest:
        return True
    return length < SHORT_LINE * widest  # a heading, byline or dateline, then a new line


def _content_lines(pages: Sequence[str], furniture: set[str]) -> list[_Line]:
    lines: list[_Line] = []
    for number, page in enumerate(pages):
        blank = True
        for raw in page.splitlines():
            text = raw.strip()
            if not text:
                blank = True
                continue
            if _key(text) in furniture or _PAGE_NUMBER.match(text):
                blank = True
                continue
            indent = len(raw) - len(raw.lstrip())
            lines.append(_Line(number, indent, " ".join(text.split()), blank))
            blank = False
    return lines


def _furniture(pages: Sequence[str]) -> dict[str, str]:
    """Header and footer lines (compared as _key, with one as printed): the first and last lines of a page
    that every page repeats (digits aside), or a browser's print header or address-and-page footer."""
    edges: list[list[str]] = []
    for page in pages:
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        edges.append(lines[:2] + lines[-2:])
    keys = [{_key(line) for line in lines} for lines in edges]
    found: dict[str, str] = {}
    for lines in edges:
        for line in lines:
            key = _key(line)
            repeated = len(pages) > 1 and all(key in page_keys for page_keys in keys)
            printed = _PRINT_STAMP.match(line) or (_URL.match(line) and len(line.split()) <= 2)
            if repeated or printed:
                found.setdefault(key, line)
    return found


def _key(line: str) -> str:
    """A line compared across pages: page numbers and spacing aside."""
    return re.sub(r"\d+", "#", " ".join(line.split()))
