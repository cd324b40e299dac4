"""The only module that reads corpus files: a folder of .txt articles → Corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path

from retrieval.gazetteer import load_gazetteer
from retrieval.metadata import extract_metadata
from retrieval.models import Corpus, Document, LoadWarning, Passage
from retrieval.normalize import nfc
from retrieval.paragraphs import layout_article
from retrieval.sentences import split_sentences

logger = logging.getLogger(__name__)

OVERRIDE_FIELDS: frozenset[str] = frozenset(
    {"title", "date", "url", "author", "outlet", "district", "district_kind", "city"}
)


class CorpusError(Exception):
    """A corpus that cannot be loaded at all; the message is shown to users as is."""


def load_corpus(
    directory: Path,
    overrides: Mapping[str, Mapping[str, object]] | None = None,
    outlets: Mapping[str, str] | None = None,
) -> Corpus:
    """Every *.txt in `directory` (sorted, not recursive); unusable files become warnings, not failures."""
    directory = Path(directory)
    if not directory.exists():
        raise CorpusError(f"Không tìm thấy thư mục corpus: {directory}")
    if not directory.is_dir():
        raise CorpusError(f"Đường dẫn corpus không phải là thư mục: {directory}")
    try:
        paths = sorted(p for p in directory.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
    except OSError as error:
        raise CorpusError(f"Không đọc được thư mục corpus: {directory} ({error.strerror})") from error
    documents: list[Document] = []
    warnings: list[LoadWarning] = []
    for path in paths:
        source = f"{directory.name}/{path.name}"
        text, problem = _read_article(path)
        if problem is None:
            document = parse_article(path.stem, source, text or "", overrides, outlets)
            if document.passages:
                documents.append(document)
                continue
            problem = "không có đoạn văn nào sau khi bỏ phần thừa"
        logger.warning("Bỏ qua %s: %s", source, problem)
        warnings.append(LoadWarning(source, problem))
    if not paths:
        warnings.append(LoadWarning(str(directory), "thư mục không có tệp .txt nào"))
        logger.warning("Thư mục corpus không có tệp .txt nào: %s", directory)
    return Corpus(tuple(documents), tuple(warnings))


def _read_article(path: Path) -> tuple[str | None, str | None]:
    """(text, None) for a usable article, else (None, why it was skipped)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, f"không đọc được tệp ({error.strerror or error})"
    if b"\x00" in raw:
        return None, "tệp nhị phân (có byte NUL), không phải văn bản"
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
) -> Document:
    """One article's text → Document with metadata and numbered passages (pure)."""
    layout = layout_article(nfc(text))
    passages = tuple(
        Passage(doc_id, number, paragraph.line, paragraph.text, split_sentences(paragraph.text), paragraph.kind)
        for number, paragraph in enumerate(layout.paragraphs, start=1)
    )
    meta = extract_metadata(layout, outlets)
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
    )
    override = (overrides or {}).get(doc_id)
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
