"""The only module that reads corpus files: a folder of articles (.txt, .html, .docx, .pdf) → Corpus."""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import hashlib
import logging
import os
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from retrieval.corpus.listing import Listing, list_articles
from retrieval.gazetteer import load_gazetteer
from retrieval.corpus.formats import (
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    FileMetadata,
    UnreadableDocument,
    suffix_of,
    with_file_metadata,
)
from retrieval.corpus.reading import read_document
from retrieval.corpus.limits import ReadLimits
from retrieval.corpus.metadata import extract_metadata
from retrieval.models import Corpus, Document, LoadWarning, Passage, PassageKind
from retrieval.text.normalize import nfc
from retrieval.corpus.paragraphs import DropReason, Layout, layout_article
from retrieval.corpus.sentences import split_sentences
from retrieval.corpus.worker import read_bounded

logger = logging.getLogger(__name__)

OVERRIDE_FIELDS: frozenset[str] = frozenset(
    {"title", "date", "url", "author", "outlet", "district", "district_kind", "city"}
)


class CorpusError(Exception):
    """A corpus that cannot be loaded at all; the message is shown to users as is."""


NO_PARAGRAPHS = "không có đoạn văn nào sau khi bỏ phần thừa"
# Far beyond any news article (the seeds are 4–11 KB): a file this big is a dump or a mistake, and
# segmenting it would hold up every start (pyvi reads about 250 KB a second).
# Bump when parsing gives other paragraphs, sentences or metadata for the same file: saved indexes are rebuilt.
# 4: datelines read element by element, a date after the headline, years of horizons and cited documents left out
# 5: a header typed as a form ("Tiêu đề: …", "Tác giả: …") read without its labels
PARSER_VERSION = 12  # 2: .html, .docx and .pdf articles, metadata stated in the file; 3: UTF-16/32 with a BOM; 6: labelled bylines, outlet lines; 7: the year a review of the year before took place; 8: a district named bare in a headline; 9: a page's printed date line and byline; 10: "quận 6 tháng" is no Quận 6; 12: an outlet beside the date is no byline, a byline in capitals is one
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
EMPTY_DIGEST = hashlib.sha256(b"").hexdigest()
ARTICLE_SUFFIXES: frozenset[str] = frozenset(SUPPORTED_SUFFIXES)
# Byte order marks, longest first (UTF-32's little-endian mark starts like UTF-16's). Windows Notepad's
# "Unicode" is UTF-16 with a BOM; without a BOM, NUL bytes mean a binary file.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def load_corpus(
    directory: Path,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    outlets: Mapping[str, str] | None = None,
    limits: ReadLimits = ReadLimits(),
) -> Corpus:
    """Every article file in `directory` (sorted, not recursive); unusable files become warnings, not failures.

    Each file's bytes become text in the reading worker, within `limits` (retrieval/corpus/worker.py).
    """
    directory = Path(directory)
    listing = corpus_listing(directory)
    paths = list(listing.paths)
    documents: list[Document] = []
    warnings: list[LoadWarning] = list(listing.warnings)
    read = [read_article_bytes(path) for path in paths]
    copies = duplicate_of([hashlib.sha256(raw).hexdigest() if raw is not None else None for raw, _ in read])
    for path, (raw, problem), original in zip(paths, read, copies):
        source = article_source(directory, path)
        if original is not None:
            warnings.append(duplicate_warning(source, paths[original]))
            continue
        text, stated, problem = (None, None, problem) if raw is None else read_bounded(path.name, raw, limits)
        if problem is None:
            document = parse_article(path.stem, source, text or "", overrides, outlets, stated)
            if document.passages:
                documents.append(document)
                continue
            problem = NO_PARAGRAPHS
        warnings.append(skipped_warning(source, problem))
    if not paths and not listing.warnings:
        warnings.append(empty_folder_warning(directory))
    return Corpus(tuple(documents), tuple(warnings))


def corpus_files(directory: Path) -> list[Path]:
    """Every article file in `directory`, sorted, not recursive; CorpusError when the folder cannot be used."""
    return list(corpus_listing(directory).paths)


def corpus_listing(directory: Path) -> Listing:
    """The article files and a warning (logged) for each unusable entry; CorpusError when the folder cannot be used."""
    if not directory.exists():
        raise CorpusError(f"Không tìm thấy thư mục corpus: {directory}")
    if not directory.is_dir():
        raise CorpusError(f"Đường dẫn corpus không phải là thư mục: {directory}")
    try:
        listing = list_articles(directory, ARTICLE_SUFFIXES)
    except OSError as error:
        raise CorpusError(f"Không đọc được thư mục corpus: {directory} ({error.strerror})") from error
    for warning in listing.warnings:
        skipped_warning(warning.source, warning.message)
    paths, duplicates = _unique_ids(directory, listing.paths)
    return Listing(paths, listing.warnings + duplicates)


def _unique_ids(directory: Path, paths: Sequence[Path]) -> tuple[tuple[Path, ...], tuple[LoadWarning, ...]]:
    """The first file of each document id (the file stem); "bai.html" beside "bai.docx" is left out, with a warning."""
    seen: dict[str, Path] = {}
    kept: list[Path] = []
    warnings: list[LoadWarning] = []
    for path in paths:
        first = seen.setdefault(path.stem, path)
        if first is path:
            kept.append(path)
        else:
            problem = f"trùng tên bài với {first.name}; hãy đổi tên một trong hai tệp"
            warnings.append(skipped_warning(article_source(directory, path), problem))
    return tuple(kept), tuple(warnings)


def article_source(directory: Path, path: Path) -> str:
    """The name users know a file by: "seeds/000_x.txt"."""
    return f"{directory.name}/{path.name}"


def skipped_warning(source: str, problem: str) -> LoadWarning:
    logger.warning("Bỏ qua %s: %s", source, problem)
    return LoadWarning(source, problem)


def empty_folder_warning(directory: Path) -> LoadWarning:
    logger.warning("Thư mục corpus không có bài viết nào (.txt, .html, .docx, .pdf): %s", directory)
    return LoadWarning(str(directory), "thư mục không có bài viết nào (.txt, .html, .docx, .pdf)")


def duplicate_of(digests: Sequence[str | None]) -> list[int | None]:
    """For each file, the position of an earlier file with the same bytes (None: the first of its kind).

    Empty files are left alone, to be reported as empty.
    """
    first: dict[str, int] = {}
    found: list[int | None] = []
    for position, digest in enumerate(digests):
        if digest is None or digest == EMPTY_DIGEST:
            found.append(None)
            continue
        original = first.setdefault(digest, position)
        found.append(None if original == position else original)
    return found


def duplicate_warning(source: str, original: Path) -> LoadWarning:
    return skipped_warning(source, f"trùng nội dung với {original.name}, chỉ dùng bài đó")


def read_article_bytes(path: Path) -> tuple[bytes | None, str | None]:
    """(bytes, None), or (None, why the file could not be read)."""
    try:
        return read_regular_file(path), None
    except OSError as error:
        return None, f"không đọc được tệp ({error.strerror or error})"


def read_article(
    name: str, raw: bytes, limits: ReadLimits = ReadLimits()
) -> tuple[str | None, FileMetadata | None, str | None]:
    """(text, what the file states about itself, None), or (None, None, why it was skipped); by the name's suffix.

    A .txt is the article's text; a page, Word file or PDF is read into paragraphs laid out as text, so that
    every format is parsed alike. This runs in the calling process with no budget: files from outside go
    through retrieval.corpus.worker.read_bounded, which runs it in a worker process that has one.
    """
    if suffix_of(name) in TEXT_SUFFIXES:
        text, problem = decode_article(raw)
        return text, None, problem
    try:
        document = read_document(name, raw, limits)
    except UnreadableDocument as error:
        return None, None, str(error)
    text = nfc(document.text())
    if len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
        return None, None, f"văn bản quá dài cho một bài báo (tối đa {MAX_ARTICLE_BYTES / 2**20:g} MB)"
    return text, document.metadata, None


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; OSError for anything else, which is never read from.

    The listing already left out FIFOs and devices, but an entry can be replaced after it was listed: opening
    without blocking and checking what was opened means a FIFO can never hold up indexing.
    """
    with open(path, "rb", opener=_open_nonblocking) as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"không phải tệp thường: {path.name}")
        return handle.read()


def _open_nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def decode_article(raw: bytes) -> tuple[str | None, str | None]:
    """(text, None) for a usable article, else (None, why it was skipped)."""
    if len(raw) > MAX_ARTICLE_BYTES:
        return None, f"tệp quá lớn cho một bài báo ({len(raw) / 2**20:.1f} MB; tối đa {MAX_ARTICLE_BYTES / 2**20:g} MB)"
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), None)
    if encoding is not None:
        try:
            text = raw.decode(encoding)  # the codec reads the BOM for the byte order and drops it
        except UnicodeDecodeError as error:
            return None, f"không phải {encoding.upper()} hợp lệ dù có BOM (byte lỗi ở vị trí {error.start})"
        if "\x00" in text:
            return None, "tệp nhị phân (có ký tự NUL), không phải văn bản"
    elif b"\x00" in raw:
        return None, "tệp nhị phân (có byte NUL), không phải văn bản"
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return None, f"không phải UTF-8 (byte lỗi ở vị trí {error.start})"
    if not text.strip():
        return None, "tệp rỗng"
    return nfc(text), None


def parse_article(
    doc_id: str,
    source: str,
    text: str,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    outlets: Mapping[str, str] | None = None,
    stated: FileMetadata | None = None,
) -> Document:
    """One article's text → Document with metadata and numbered passages (pure).

    `stated`: what the file itself says (a page's meta tags, a Word file's properties); it beats the text.
    """
    layout = layout_article(nfc(text))
    passages = tuple(
        Passage(doc_id, number, paragraph.line, paragraph.text, split_sentences(paragraph.text), paragraph.kind)
        for number, paragraph in enumerate(layout.paragraphs, start=1)
    )
    meta = extract_metadata(layout, outlets)
    if stated is not None:
        meta = with_file_metadata(meta, stated)
    passages = passages + _outlet_footer(doc_id, layout, meta.outlet, passages)
    document = Document(
        doc_id=doc_id,
        source=source,
        passages=passages,
        title=meta.title,
        district=meta.district,
        district_kind=meta.district_kind,
        city=meta.city,
        date=meta.date,
        date_text=meta.date_text,
        year=meta.year,
        year_inferred=meta.year_inferred,
        author=meta.author,
        outlet=meta.outlet,
        url=stated.url if stated is not None else None,
        date_line=meta.date_line,
        title_line=meta.title_line,
        title_from_body=meta.title_from_body,
        first_sentence=meta.first_sentence,
    )
    return apply_overrides(document, overrides)


def _outlet_footer(
    doc_id: str, layout: Layout, outlet: str | None, passages: tuple[Passage, ...]
) -> tuple[Passage, ...]:
    """The dropped source or copyright footer that names the outlet, kept as a META passage to quote.

    "Báo nào đăng bài này?" must be answered from the article's own words; when only the footer names the
    outlet ("… của Báo Hànộimới."), that footer is the quote. It is never searched, only quoted for that.
    """
    if not outlet or any(outlet in p.text for p in passages):
        return ()
    last_line = passages[-1].line if passages else 0
    for dropped in layout.dropped:
        named = dropped.reason in (DropReason.SOURCE, DropReason.COPYRIGHT) and outlet in dropped.text
        if named and dropped.line > last_line:
            text = dropped.text
            return (Passage(doc_id, len(passages) + 1, dropped.line, text, split_sentences(text), PassageKind.META),)
    return ()


def apply_overrides(document: Document, overrides: Mapping[str, Mapping[str, object]] | None) -> Document:
    """The document with its configured values (config/documents.toml), if it has any."""
    override = (overrides or {}).get(document.doc_id)
    return _apply_override(document, override) if override else document


def _apply_override(document: Document, override: Mapping[str, object]) -> Document:
    """Configured values replace extracted ones; a date override also fixes the year."""
    unknown = set(override) - OVERRIDE_FIELDS
    if unknown:
        logger.warning(
            "Bỏ qua khóa không hỗ trợ trong overrides của %s: %s", document.doc_id, ", ".join(sorted(unknown))
        )
    changes: dict[str, object] = {
        key: (None if value is None else str(value)) for key, value in override.items() if key in OVERRIDE_FIELDS
    }
    if changes.get("date") is not None:
        date = _parse_iso_date(document.doc_id, str(changes["date"]))
        changes["date"] = date.isoformat()
        changes["year"] = date.year
        changes["year_inferred"] = False
        if document.date != changes["date"]:
            changes["date_text"] = None  # the printed date says something else
            changes["date_line"] = None
    if "title" in changes and changes["title"] != document.title:
        changes.update(title_line=None, title_from_body=False, first_sentence=None)
    if changes.get("district") is not None and "district_kind" not in changes:
        changes.update(_district_details(str(changes["district"]), changes.get("city")))
    return dataclasses.replace(document, **changes)


def _parse_iso_date(doc_id: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CorpusError(f"Ngày không hợp lệ trong overrides của {doc_id}: {value!r} (cần dạng YYYY-MM-DD)") from error


def _district_details(name: str, city: object) -> dict[str, object]:
    """Kind (and city, when unambiguous) of an overridden district, from the gazetteer."""
    candidates = load_gazetteer().districts_named(name)
    if city is not None:
        candidates = tuple(d for d in candidates if d.province == city)
    if len(candidates) != 1:
        return {"district_kind": None}
    details: dict[str, object] = {"district": candidates[0].name, "district_kind": candidates[0].kind}
    if city is None:
        details["city"] = candidates[0].province
    return details
