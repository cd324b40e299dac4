"""The index file: named numpy arrays and a JSON header in one file, written atomically, read memory-mapped.

Layout: a magic number, the arrays (each aligned to 64 bytes), the header (JSON: format, whatever the
caller stores, and for each array its dtype, shape, offset and CRC-32), then a fixed trailer giving the
header's place, length and CRC-32. Writing streams the arrays (chunk lists need no concatenation) and puts
the header last, when every checksum is known.

Nothing is trusted: a short or foreign file, a bad trailer, a header that fails its checksum or does not
parse, an array outside the file or of an unexpected dtype raises IndexFileError, and each array's CRC-32 is
checked the first time it is read (zlib's CRC runs at gigabytes per second, a fraction of a second for a
million paragraphs). Only plain numeric dtypes are accepted, so nothing in the file can create objects:
no pickle anywhere.

Writes go to a temporary file in the same folder, are fsynced, then renamed over the old file: a crash
mid-write leaves the old index whole, and a process still reading the old file keeps its mapping.
"""

from __future__ import annotations

import json
import mmap
import os
import secrets
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = 1
MAGIC = b"TRACUUIX"
TRAILER = struct.Struct("<QQII8s")  # header offset, header length, header CRC-32, format, magic
ALIGNMENT = 64
ALLOWED_DTYPES = frozenset({"|b1", "|u1", "<u2", "<u4", "<i4", "<i8", "<f4", "<f8"})

ArrayParts = np.ndarray | Sequence[np.ndarray]  # one array, or pieces written one after another


class IndexFileError(Exception):
    """An index file that cannot be used: missing, truncated, corrupt, or of another format."""


@dataclass
class IndexFile:
    """An index file opened read-only; arrays are memory-mapped views, checked on first access."""

    path: Path
    header: dict[str, Any]
    _buffer: mmap.mmap | None
    _directory: dict[str, dict[str, Any]]
    verify: bool = True  # False only for a file this process has just written (and checksummed) itself
    _checked: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._directory)

    def array(self, name: str) -> np.ndarray:
        """The named array, after its checksum has been verified; IndexFileError if it fails."""
        found = self._checked.get(name)
        if found is not None:
            return found
        entry = self._directory.get(name)
        if entry is None:
            raise IndexFileError(f"{self.path}: thiếu mảng {name}")
        dtype = np.dtype(entry["dtype"])
        shape = tuple(entry["shape"])
        count = int(np.prod(shape, dtype=np.int64))
        if count == 0 or self._buffer is None:
            array = np.zeros(shape, dtype=dtype)
            crc = zlib.crc32(b"")
        else:
            array = np.frombuffer(self._buffer, dtype=dtype, count=count, offset=entry["offset"]).reshape(shape)
            crc = zlib.crc32(memoryview(array.reshape(-1).view(np.uint8))) if self.verify else entry["crc32"]
        if crc != entry["crc32"]:
            raise IndexFileError(f"{self.path}: mảng {name} sai checksum")
        self._checked[name] = array
        return array


def read_index_file(path: Path, *, verify: bool = True) -> IndexFile:
    """Open and check an index file's structure; IndexFileError when it cannot be used.

    With verify=False the arrays' checksums are not recomputed: for a file written a moment ago by this
    very process, where reading a gigabyte back would only double the peak memory of indexing.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size < len(MAGIC) + TRAILER.size:
                raise IndexFileError(f"{path}: tệp chỉ mục quá ngắn ({size} byte)")
            buffer = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError as error:
        raise IndexFileError(f"{path}: không đọc được ({error.strerror or error})") from error
    try:
        found = _parse(path, buffer, size)
        found.verify = verify
        return found
    except IndexFileError:
        buffer.close()
        raise


def _parse(path: Path, buffer: mmap.mmap, size: int) -> IndexFile:
    if buffer[: len(MAGIC)] != MAGIC:
        raise IndexFileError(f"{path}: không phải tệp chỉ mục tracuu")
    offset, length, crc, version, magic = TRAILER.unpack(buffer[size - TRAILER.size :])
    if magic != MAGIC:
        raise IndexFileError(f"{path}: tệp chỉ mục bị cắt cụt")
    if version != FORMAT:
        raise IndexFileError(f"{path}: định dạng chỉ mục {version}, cần {FORMAT}")
    if offset < len(MAGIC) or offset + length != size - TRAILER.size:
        raise IndexFileError(f"{path}: phần đầu chỉ mục nằm sai chỗ")
    raw = buffer[offset : offset + length]
    if zlib.crc32(raw) != crc:
        raise IndexFileError(f"{path}: phần đầu chỉ mục sai checksum")
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IndexFileError(f"{path}: phần đầu chỉ mục không đọc được ({error})") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT or not isinstance(header.get("arrays"), dict):
        raise IndexFileError(f"{path}: phần đầu chỉ mục không hợp lệ")
    directory = header.pop("arrays")
    for name, entry in directory.items():
        _check_entry(path, name, entry, offset)
    return IndexFile(path, header, buffer, directory)


def _check_entry(path: Path, name: str, entry: Any, data_end: int) -> None:
    try:
        dtype = np.dtype(entry["dtype"]) if entry["dtype"] in ALLOWED_DTYPES else None
        shape = [int(n) for n in entry["shape"]]
        start, crc = int(entry["offset"]), int(entry["crc32"])
    except (KeyError, TypeError, ValueError):
        raise IndexFileError(f"{path}: mô tả mảng {name} không hợp lệ") from None
    if dtype is None or any(n < 0 for n in shape) or crc < 0:
        raise IndexFileError(f"{path}: mảng {name} có kiểu không được phép")
    end = start + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if start < len(MAGIC) or end > data_end:
        raise IndexFileError(f"{path}: mảng {name} nằm ngoài tệp")


def write_index_file(path: Path, header: Mapping[str, Any], arrays: Mapping[str, ArrayParts]) -> None:
    """Write the arrays and header to `path` atomically (OSError when the folder is not writable)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(MAGIC)
            directory = {name: _write_array(handle, parts) for name, parts in arrays.items()}
            encoded = json.dumps({**header, "format": FORMAT, "arrays": directory}, ensure_ascii=False).encode("utf-8")
            header_offset = handle.tell()
            handle.write(encoded)
            handle.write(TRAILER.pack(header_offset, len(encoded), zlib.crc32(encoded), FORMAT, MAGIC))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(path.parent)


def _write_array(handle: Any, parts: ArrayParts) -> dict[str, Any]:
    pieces = [parts] if isinstance(parts, np.ndarray) else list(parts)
    if not pieces:
        raise ValueError("an array needs at least one piece (an empty array is fine)")
    dtype = np.dtype(pieces[0].dtype).newbyteorder("<")
    if dtype.str not in ALLOWED_DTYPES:
        raise ValueError(f"dtype {dtype} cannot be stored")
    tail = pieces[0].shape[1:]
    handle.write(b"\0" * (-handle.tell() % ALIGNMENT))
    offset = handle.tell()
    crc = zlib.crc32(b"")
    rows = 0
    for piece in pieces:
        if piece.shape[1:] != tail:
            raise ValueError("pieces of one array must agree on every dimension but the first")
        data = np.ascontiguousarray(piece, dtype=dtype)
        view = memoryview(data.reshape(-1).view(np.uint8))
        crc = zlib.crc32(view, crc)
        handle.write(view)
        rows += piece.shape[0]
    return {"dtype": dtype.str, "shape": [rows, *tail], "offset": offset, "crc32": crc}


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every system can fsync a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
