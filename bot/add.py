"""`tracuu add PATH…`: copy article files into the corpus folder and index what is new.

A file is read and parsed before it is copied, so a file that cannot be used is never added; its bytes are
compared with the corpus's, so the same article is never added twice; its name never replaces another
file's: a taken name (or a taken document id, the name without its suffix) gets a "-2", "-3" suffix.
The copy is written with exclusive creation, so even a file that appears meanwhile is never overwritten.
`add_files` is the reusable part (a Telegram upload hands it the downloaded bytes); `cmd_add` is the CLI.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TextIO

from bot.render.json import document_json
from retrieval.config import Settings, load_settings
from retrieval.corpus.formats import SUPPORTED_SUFFIXES, is_supported
from retrieval.corpus.loader import NO_PARAGRAPHS, CorpusError, article_source, corpus_files, parse_article
from retrieval.corpus.names import clean_file_name, shown_name
from retrieval.corpus.worker import read_bounded
from retrieval.models import Document
from retrieval.search.stored.cache import RefreshReport, open_library
from bot.render.text import DEFAULT_TEMPLATES, document_title, format_date, place_label

logger = logging.getLogger(__name__)

SUPPORTED_TEXT = ", ".join(sorted(SUPPORTED_SUFFIXES))


EXIT_OK = 0
EXIT_NOTHING_ADDED = 1


class AddError(Exception):
    """A mistake in what the user asked for (no such path); the CLI prints it as one line."""


class Status(str, Enum):
    ADDED = "added"  # copied into the corpus and indexed
    WOULD_ADD = "would_add"  # --dry-run: would be copied
    EXISTS = "exists"  # the corpus already has a file with these bytes
    SKIPPED = "skipped"  # not usable: unsupported, unreadable, no article text
    MISSING = "missing"  # the path does not exist


@dataclass(frozen=True)
class Incoming:
    """One file offered to the corpus: as the user named it, the name it would take, and its bytes."""

    given: str
    name: str
    raw: bytes | None = None
    problem: str | None = None  # why it cannot be used, when that is known before parsing
    missing: bool = False


@dataclass(frozen=True)
class Outcome:
    given: str
    status: Status
    name: str | None = None  # the file's name in the corpus (new, or the existing copy's)
    renamed: bool = False  # the file got another name than its own, which was taken
    reason: str | None = None
    document: Document | None = None


@dataclass(frozen=True)
class AddReport:
    corpus: Path
    dry_run: bool
    outcomes: tuple[Outcome, ...]
    refresh: RefreshReport | None = None  # None when nothing was indexed

    @property
    def added(self) -> int:
        return sum(o.status in (Status.ADDED, Status.WOULD_ADD) for o in self.outcomes)


def collect(paths: Sequence[str]) -> list[Incoming]:
    """The files named, and the article files directly inside the folders named (not their subfolders:
    a browser saves a page's scripts and frames in a "<page>_files" folder beside it)."""
    found: list[Incoming] = []
    for given in paths:
        if "\x00" in given:  # no file system can hold it; Path would raise
            found.append(Incoming(shown_name(given), "", problem="tên tệp có ký tự NUL, không dùng được"))
            continue
        path = Path(given).expanduser()
        if path.is_dir():
            try:
                names = sorted(entry.name for entry in os.scandir(path) if entry.is_file())
            except OSError as error:
                found.append(Incoming(given, path.name, problem=f"không đọc được thư mục ({error.strerror})"))
                continue
            for name in names:
                if name.startswith((".", "~$")):
                    continue  # hidden files and Word's lock files
                found.append(_incoming(str(path / name), path / name))
        elif path.exists():
            found.append(_incoming(given, path))
        else:
            found.append(Incoming(given, path.name, missing=True))
    return found


def _incoming(given: str, path: Path) -> Incoming:
    """The file, to be stored under its name cleaned of control and bidirectional characters."""
    given, name = shown_name(given), clean_file_name(path.name)
    if not name:
        return Incoming(given, name, problem="tên tệp không còn ký tự dùng được")
    if not is_supported(name):
        return Incoming(given, name, problem=f"định dạng không hỗ trợ (chỉ nhận {SUPPORTED_TEXT})")
    try:
        return Incoming(given, name, raw=path.read_bytes())
    except OSError as error:
        return Incoming(given, name, problem=f"không đọc được tệp ({error.strerror or error})")


def add_files(settings: Settings, incoming: Sequence[Incoming], dry_run: bool = False) -> AddReport:
    """Copy the usable new files into the corpus folder and index them; with dry_run, only say what would be."""
    corpus_dir = Path(settings.corpus_dir)
    if corpus_dir.exists() and not corpus_dir.is_dir():
        raise CorpusError(f"Đường dẫn corpus không phải là thư mục: {corpus_dir}")
    existing = corpus_files(corpus_dir) if corpus_dir.is_dir() else []
    by_digest = {_digest(path): path.name for path in existing}
    # Every name in the folder counts, not only articles': "bai.txt" and "bai.pdf" would share an id.
    taken = {os.path.splitext(name)[0] for name in os.listdir(corpus_dir)} if corpus_dir.is_dir() else set()
    outcomes: list[Outcome] = []
    for item in incoming:
        outcome = _plan(item, settings, corpus_dir, by_digest, taken)
        if outcome.status is Status.WOULD_ADD and item.raw is not None and outcome.name:
            by_digest[hashlib.sha256(item.raw).hexdigest()] = outcome.name
            taken.add(os.path.splitext(outcome.name)[0])
            if not dry_run:
                outcome = _copy(item.raw, corpus_dir, outcome)
        outcomes.append(outcome)
    if dry_run or not any(o.status is Status.ADDED for o in outcomes):
        return AddReport(corpus_dir, dry_run, tuple(outcomes))
    library, refresh = open_library(settings)  # incremental: only the new files are parsed
    documents = {d.doc_id: d for d in library.corpus.documents}
    indexed = tuple(
        Outcome(o.given, o.status, o.name, o.renamed, o.reason, documents.get(Path(o.name).stem, o.document))
        if o.status is Status.ADDED and o.name
        else o
        for o in outcomes
    )
    return AddReport(corpus_dir, dry_run, indexed, refresh)


def _plan(
    item: Incoming, settings: Settings, corpus_dir: Path, by_digest: Mapping[str, str], taken: set[str]
) -> Outcome:
    """What adding one file would do (nothing is written here)."""
    if item.missing:
        return Outcome(item.given, Status.MISSING, reason="không tìm thấy tệp hoặc thư mục")
    if item.raw is None:
        return Outcome(item.given, Status.SKIPPED, reason=item.problem)
    copy = by_digest.get(hashlib.sha256(item.raw).hexdigest())
    if copy is not None:
        return Outcome(item.given, Status.EXISTS, name=copy, reason=f"đã có trong corpus ({copy})")
    name = free_name(item.name, taken)
    text, stated, problem = read_bounded(name, item.raw, settings.reading)
    if text is None:
        return Outcome(item.given, Status.SKIPPED, reason=problem)
    document = parse_article(
        Path(name).stem, article_source(corpus_dir, corpus_dir / name), text, settings.overrides, settings.outlets, stated
    )
    if not document.passages:
        return Outcome(item.given, Status.SKIPPED, reason=NO_PARAGRAPHS)
    return Outcome(item.given, Status.WOULD_ADD, name=name, renamed=name != item.name, document=document)


def free_name(name: str, taken: set[str]) -> str:
    """`name`, or "<stem>-2<suffix>", "-3"… when its stem (the document id) is taken."""
    stem, suffix = os.path.splitext(name)
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}"
    return candidate + suffix


def _copy(raw: bytes, corpus_dir: Path, planned: Outcome) -> Outcome:
    """Write the file with exclusive creation: an existing file is never replaced."""
    target = corpus_dir / (planned.name or "")
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as handle:
            handle.write(raw)
    except FileExistsError:
        return Outcome(planned.given, Status.SKIPPED, reason=f"{target.name} vừa được tạo bởi việc khác; không ghi đè")
    except OSError as error:
        return Outcome(planned.given, Status.SKIPPED, reason=f"không ghi được vào corpus ({error.strerror or error})")
    logger.info("Đã chép %s vào %s", planned.given, target)
    return Outcome(planned.given, Status.ADDED, planned.name, planned.renamed, planned.reason, planned.document)


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


# --- the command ------------------------------------------------------------------------------------------


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """`tracuu add` in the CLI's subcommands."""
    add = commands.add_parser(
        "add", parents=[common], help=f"chép bài viết ({SUPPORTED_TEXT}) vào corpus và lập chỉ mục phần mới"
    )
    add.add_argument("paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục chứa bài viết")
    add.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ làm gì, không ghi gì")
    add.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    """Exit 0 when something was (or would be) added or everything was already there; 1 otherwise.

    AddError, ConfigError and CorpusError are for the caller to print as one line.
    """
    incoming = collect(args.paths)
    if incoming and all(item.missing for item in incoming):
        raise AddError("Không tìm thấy: " + ", ".join(item.given for item in incoming))
    if not incoming:
        raise AddError("Thư mục không có tệp nào: " + ", ".join(args.paths))
    settings = load_settings(args.config, args.corpus)
    report = add_files(settings, incoming, dry_run=args.dry_run)
    if args.json:
        out.write(json.dumps(report_json(report), ensure_ascii=False) + "\n")
    else:
        out.write(report_text(report))
    failed = any(o.status in (Status.MISSING, Status.SKIPPED) for o in report.outcomes)
    return EXIT_NOTHING_ADDED if failed and report.added == 0 else EXIT_OK


def report_json(report: AddReport) -> dict[str, Any]:
    refresh = report.refresh
    return {
        "corpus": str(report.corpus),
        "dry_run": report.dry_run,
        "added": report.added,
        "files": [
            {
                "path": o.given,
                "status": o.status.value,
                "name": o.name,
                "renamed": o.renamed,
                "reason": o.reason,
                "document": document_json(o.document) if o.document is not None else None,
            }
            for o in report.outcomes
        ],
        "index": None
        if refresh is None
        else {
            "location": str(refresh.location) if refresh.location else None,
            "parsed": refresh.parsed,
            "paragraphs": refresh.paragraphs,
            "seconds": round(refresh.seconds, 3),
        },
    }


_LABELS = {
    Status.ADDED: "Đã thêm",
    Status.WOULD_ADD: "Sẽ thêm",
    Status.EXISTS: "Đã có",
    Status.SKIPPED: "Bỏ qua",
    Status.MISSING: "Không thấy",
}


def report_text(report: AddReport) -> str:
    lines: list[str] = []
    for outcome in report.outcomes:
        head = f"{_LABELS[outcome.status]}: {outcome.given}"
        if outcome.status in (Status.ADDED, Status.WOULD_ADD):
            where = article_source(report.corpus, report.corpus / (outcome.name or ""))
            renamed = " (tên đã có, đổi tên)" if outcome.renamed else ""
            lines.append(f"{head} → {where}{renamed}")
            if outcome.document is not None:
                lines.extend(f"    {line}" for line in metadata_lines(outcome.document))
        else:
            lines.append(f"{head}: {outcome.reason}")
    refresh = report.refresh
    if report.dry_run:
        lines.append(f"Chạy thử: sẽ thêm {report.added} bài vào {report.corpus}; không ghi gì.")
    elif refresh is not None:
        lines.append(
            f"Đã thêm {report.added} bài; lập chỉ mục {refresh.parsed} bài mới,"
            f" {refresh.paragraphs} đoạn văn tất cả, trong {refresh.seconds:.1f} s."
        )
    else:
        lines.append("Không thêm bài nào.")
    return "\n".join(lines) + "\n"


def metadata_lines(document: Document) -> list[str]:
    """What was found for the article: district, date, title, URL (a dash where nothing was)."""
    place = ", ".join(p for p in (place_label(document.district_kind, document.district), document.city) if p)
    date = format_date(document.date, document.date_text, document.year, document.year_inferred, DEFAULT_TEMPLATES)
    fields = [
        ("Địa bàn", place or "—"),
        ("Ngày", date),
        ("Tiêu đề", document_title(document) or "—"),
        ("URL", document.url or "—"),
    ]
    return [f"{label}: {value}" for label, value in fields]
