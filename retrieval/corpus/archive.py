"""An archive format (.docx is a zip) checked against ReadLimits before any reader inflates it.

Only the central directory is read: the entry count and each entry's declared sizes. The declared size is
enough, because zipfile stops inflating an entry there (and then fails its CRC check), so a zip bomb that
understates its sizes cannot grow past them. A 1 MB file that inflates to 300 MB of XML is refused here in
milliseconds, instead of costing gigabytes of memory in the XML parser.
"""

from __future__ import annotations

import io
import zipfile

from retrieval.corpus.formats import UnreadableDocument
from retrieval.corpus.limits import ReadLimits

# An entry that inflates to less than this is not checked for its ratio: a small run of repeated
# characters compresses a thousandfold and costs nothing to read.
RATIO_MIN_BYTES = 1024 * 1024


def check_archive(raw: bytes, limits: ReadLimits) -> None:
    """Nothing for an archive within the limits; UnreadableDocument naming the limit otherwise (or a broken zip)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise UnreadableDocument(f"tệp Word hỏng hoặc không phải .docx ({type(error).__name__})") from None
    if len(entries) > limits.max_archive_entries:
        raise UnreadableDocument(
            f"tệp nén có {len(entries)} thành phần, quá giới hạn {limits.key('max_archive_entries')}"
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise UnreadableDocument(
            f"tệp nén giải nén ra {_megabytes(unpacked)}, quá giới hạn "
            f"{limits.key('max_unpacked_bytes')} ({_megabytes(limits.max_unpacked_bytes)})"
        )
    for entry in entries:
        if entry.file_size < RATIO_MIN_BYTES:
            continue
        ratio = entry.file_size / max(entry.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise UnreadableDocument(
                f"thành phần {entry.filename!r} nén {ratio:.0f} lần, quá giới hạn {limits.key('max_compression_ratio')}"
            )


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB".replace(".", ",")
