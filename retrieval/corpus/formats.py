"""Article files other than plain text (.html, .docx, .pdf): what a reader found, and the helpers readers share.

Each reader turns a file's bytes into the article's paragraphs plus the metadata the file itself states
(FileMetadata). The loader lays those paragraphs out as text and parses them like a .txt article, so every
format goes through the same paragraph, sentence and metadata rules, and the index treats all alike.
What a file states (a page's <meta> tags, a Word file's properties) beats what the text heuristics guess;
per-document overrides in config/documents.toml still beat both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from retrieval.corpus.metadata import ArticleMetadata

TEXT_SUFFIXES: frozenset[str] = frozenset({".txt"})
ARCHIVE_SUFFIXES: frozenset[str] = frozenset({".docx"})  # zips: checked (retrieval/corpus/archive.py) before parsing
DOCUMENT_SUFFIXES: frozenset[str] = frozenset({".html", ".htm", ".docx", ".pdf"})
SUPPORTED_SUFFIXES: frozenset[str] = TEXT_SUFFIXES | DOCUMENT_SUFFIXES
# A saved page carries its scripts and styles, a PDF its fonts and images: the file may be far bigger than
# its text. The text itself is held to the loader's article limit afterwards.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
HEADER_PARAGRAPHS = 4  # a stated title is looked for among this many first paragraphs
_SENTENCE_END = re.compile(r"[.!?…]['\"”’»)\]]*$")

# Names that tools write into a file's author field when nobody filled it in.
_PLACEHOLDER_AUTHORS = frozenset(
    {"python-docx", "admin", "administrator", "user", "windows user", "microsoft office user", "unknown", "author"}
)
_PLACEHOLDER_TITLE = re.compile(r"^(?:microsoft word\s*-|untitled\b|document\d*$|doc\d*$)|\.(?:docx?|pdf|html?|txt)$", re.I)


class UnreadableDocument(Exception):
    """A file of a supported kind that its reader cannot read; the message names why, in Vietnamese."""


@dataclass(frozen=True)
class FileMetadata:
    """What a file states about its article; None where it says nothing."""

    title: str | None = None
    date: str | None = None  # ISO publication date, stated as such (a page's article:published_time)
    created: str | None = None  # ISO date the file was made: used only when the text states no date
    author: str | None = None
    outlet: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ReadDocument:
    """An article as a reader found it: paragraphs in reading order and the file's own metadata."""

    paragraphs: tuple[str, ...]
    metadata: FileMetadata = FileMetadata()

    def text(self) -> str:
        """The article as the loader parses it: the title first (when the body lacks it), one paragraph a block."""
        paragraphs = [" ".join(p.split()) for p in self.paragraphs]
        paragraphs = [p for p in paragraphs if p]
        title = self.metadata.title
        at = next((i for i, p in enumerate(paragraphs[:HEADER_PARAGRAPHS]) if _same_text(title or "", p)), None)
        if title and at is None:
            paragraphs.insert(0, title)
        elif at is not None and not any(_SENTENCE_END.search(p) for p in paragraphs[:at]):
            # Above the stated title of a printed page: the site's name, its menu path, the section.
            del paragraphs[:at]
        return "\n\n".join(paragraphs)


def is_supported(name: str) -> bool:
    return suffix_of(name) in SUPPORTED_SUFFIXES


def suffix_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def with_file_metadata(found: ArticleMetadata, stated: FileMetadata) -> ArticleMetadata:
    """The text's metadata with what the file states put over it.

    A stated publication date replaces the text's date; the date a file was created only fills in for an
    article whose text states none (Word and PDF tools stamp the day the file was made, not published).
    """
    changes: dict[str, object] = {}
    if stated.title:
        changes["title"] = stated.title
        if not _same_text(stated.title, found.title or ""):
            changes["title_line"] = None  # the file's own title, read from no line of the text
        changes.update(title_from_body=False, first_sentence=None)
    if stated.author:
        changes["author"] = stated.author
    if stated.outlet:
        changes["outlet"] = stated.outlet
    date = stated.date or (stated.created if found.date is None else None)
    if date:
        changes.update(date=date, year=int(date[:4]), year_inferred=False)
        if found.date != date:
            changes["date_text"] = None  # the printed date says something else
            changes["date_line"] = None
    return dataclasses.replace(found, **changes) if changes else found


def clean_title(title: str | None) -> str | None:
    """A file's title, or None for the names tools fill in ("Microsoft Word - bai.docx", "Untitled")."""
    title = " ".join((title or "").split())
    if not title or _PLACEHOLDER_TITLE.search(title):
        return None
    return title


def clean_author(author: str | None) -> str | None:
    """A file's author, or None for placeholders such as "python-docx" or "Windows User"."""
    author = " ".join((author or "").split())
    if not author or author.lower() in _PLACEHOLDER_AUTHORS:
        return None
    return author


def clean_url(url: str | None) -> str | None:
    """An http(s) address without its tracking parameters (utm_*, fbclid), or None."""
    url = (url or "").strip()
    if not re.match(r"^https?://[^\s/]+\.[^\s/]+", url, re.I):
        return None
    from courlan import normalize_url  # trafilatura's own URL library

    try:
        return normalize_url(url, strict=True)
    except ValueError:
        return url


def iso_date(value: object) -> str | None:
    """An ISO date from a datetime, date or "YYYY-MM-DD…" string, or None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                return None
    return None


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())
