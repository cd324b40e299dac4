"""Which entries of a corpus folder are articles to read, and which are named as unusable.

A corpus folder is whatever a user (or a sync tool) left there: symlinks that loop or point nowhere, a
folder called `x.txt`, a FIFO or a device with an article's name, a file name in another encoding. None of
these may stop the others from being served, and none may be skipped silently: each becomes a warning that
names it. Nothing here opens a file (opening a FIFO would block until someone writes to it).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from retrieval.models import LoadWarning

NOT_UTF8_NAME = "tên tệp không phải UTF-8; hãy đổi tên tệp"
SYMLINK_LOOP = "liên kết tượng trưng tạo vòng lặp (symlink loop), không đọc được"
DANGLING_SYMLINK = "liên kết tượng trưng trỏ tới tệp không tồn tại (dangling symlink)"
FOLDER = "là thư mục, không phải tệp bài viết"
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISCHR, "thiết bị ký tự"),
    (stat.S_ISBLK, "thiết bị khối"),
    (stat.S_ISSOCK, "socket"),
)

# (size, mtime_ns, inode) of an entry; a fixed marker when it cannot be stat'ed.
FileStamp = tuple[int, int, int]
_NO_STAMP: FileStamp = (-1, -1, -1)


@dataclass(frozen=True)
class Listing:
    """The article files of a folder, sorted by name, and a warning for each entry that cannot be one."""

    paths: tuple[Path, ...]
    warnings: tuple[LoadWarning, ...]


def shown_name(name: str) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (surrogate-escaped by os) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def list_articles(directory: Path, suffixes: Collection[str]) -> Listing:
    """Entries of `directory` whose name ends in one of `suffixes` (lower case, with the dot); OSError if unlistable."""
    # scandir knows each entry's type without a stat, and names sort faster than Paths: 50,000 files in 0.1 s.
    with os.scandir(directory) as scanned:
        entries = sorted(
            (e for e in scanned if os.path.splitext(e.name)[1].lower() in suffixes), key=lambda e: e.name
        )
    paths: list[Path] = []
    warnings: list[LoadWarning] = []
    for entry in entries:
        problem = entry_problem(entry)
        if problem is None:
            paths.append(directory / entry.name)
        else:
            warnings.append(LoadWarning(f"{directory.name}/{shown_name(entry.name)}", problem))
    return Listing(tuple(paths), tuple(warnings))


def entry_problem(entry: os.DirEntry[str]) -> str | None:
    """Why the entry cannot be read as an article, or None for a regular file (or a symlink to one)."""
    try:
        entry.name.encode("utf-8")
    except UnicodeEncodeError:
        return NOT_UTF8_NAME  # it could be neither stored in the index nor linked to
    try:
        if entry.is_file():
            return None
        mode = entry.stat().st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return SYMLINK_LOOP
        if error.errno == errno.ENOENT and entry.is_symlink():
            return DANGLING_SYMLINK
        return f"không đọc được ({error.strerror or error})"
    if stat.S_ISDIR(mode):
        return FOLDER
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "loại tệp lạ")
    return f"không phải tệp thường ({kind}), không đọc"


def folder_signature(directory: Path, suffixes: Collection[str]) -> dict[str, FileStamp]:
    """Every article-named entry with its size, modification time and inode: a cheap way to see a change.

    A stat per entry and no reading: about 2 µs a file. An edit changes the time (and usually the size), a
    replacement by rename changes the inode, an addition or removal changes the names.
    """
    found: dict[str, FileStamp] = {}
    try:
        with os.scandir(directory) as scanned:
            for entry in scanned:
                if os.path.splitext(entry.name)[1].lower() not in suffixes:
                    continue
                try:
                    status = entry.stat()
                    found[entry.name] = (status.st_size, status.st_mtime_ns, status.st_ino)
                except OSError:
                    found[entry.name] = _NO_STAMP
    except OSError:
        return {}
    return found


def file_stamp(path: Path) -> FileStamp:
    """The same stamp as folder_signature gives, for one file."""
    try:
        status = path.stat()
    except OSError:
        return _NO_STAMP
    return (status.st_size, status.st_mtime_ns, status.st_ino)
