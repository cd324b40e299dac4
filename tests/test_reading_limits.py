"""Bounded reading: archive limits before parsing, the reading worker's memory and time budget, upload names."""

from __future__ import annotations

import io
import json
import os
import signal
import zipfile
from pathlib import Path

import docx
import pytest

from bot.cli import main
from retrieval.config import ConfigError, load_settings
from retrieval.corpus.limits import ReadLimits
from retrieval.corpus.names import clean_file_name, shown_name
from retrieval.corpus.worker import BoundedReader

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (ROOT / "seeds").glob("*.txt").__next__()


def small_docx(text: str = "Quận Ba Đình tổ chức hội nghị tổng kết công tác năm.") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bomb_docx(path: Path, megabytes: int = 300) -> Path:
    """A valid .docx whose word/document.xml is `megabytes` of highly compressible XML (about 1 MB zipped)."""
    source = zipfile.ZipFile(io.BytesIO(small_docx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info, source.read(info.filename))
                continue
            head, tail = source.read(info.filename).decode("utf-8").split("<w:body>")
            chunk = ("<w:p><w:r><w:t>" + "a" * 1000 + "</w:t></w:r></w:p>").encode() * 1000
            with out.open("word/document.xml", "w", force_zip64=True) as entry:
                entry.write((head + "<w:body>").encode())
                for _ in range(megabytes * 2**20 // len(chunk)):
                    entry.write(chunk)
                entry.write(tail.encode())
    return path


def config(tmp_path: Path, reading: str = "") -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(
        f'abbreviations_file = "{ROOT}/config/abbreviations.toml"\n[corpus]\ndir = "{tmp_path}/corpus"\n'
        f"[reading]\n{reading}\n",
        encoding="utf-8",
    )
    (tmp_path / "corpus").mkdir(exist_ok=True)
    return path


def add(tmp_path: Path, capsys: pytest.CaptureFixture[str], *paths: str, reading: str = "") -> tuple[int, str]:
    code = main(["add", "--config", str(config(tmp_path, reading)), *paths])
    return code, capsys.readouterr().out


def test_a_zip_bomb_docx_is_refused_by_tracuu_add_naming_the_limit(tmp_path: Path, capsys) -> None:
    bomb = bomb_docx(tmp_path / "bom.docx")
    assert bomb.stat().st_size < 2 * 2**20
    code, out = add(tmp_path, capsys, str(bomb))
    assert code == 1
    assert out.splitlines()[0] == (
        f"Bỏ qua: {bomb}: tệp nén giải nén ra 300,3 MB, quá giới hạn "
        "[reading] max_unpacked_bytes = 67108864 (64,0 MB)"
    )
    assert list((tmp_path / "corpus").iterdir()) == []


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("entries", "reading", "expected"),
    [
        ({f"x{i}.xml": b"<a/>" for i in range(30)}, "max_archive_entries = 20",
         "tệp nén có 30 thành phần, quá giới hạn [reading] max_archive_entries = 20"),
        ({"word/document.xml": b"a" * (4 * 2**20)}, "",
         "thành phần 'word/document.xml' nén 1028 lần, quá giới hạn [reading] max_compression_ratio = 100"),
        ({"word/document.xml": os.urandom(2**20) * 2}, "max_unpacked_bytes = 1048576",
         "tệp nén giải nén ra 2,0 MB, quá giới hạn [reading] max_unpacked_bytes = 1048576 (1,0 MB)"),
    ],
    ids=["entries", "ratio", "total"],
)
def test_archive_limits_are_checked_before_parsing(tmp_path: Path, capsys, entries, reading: str, expected: str) -> None:
    path = tmp_path / "bai.docx"
    path.write_bytes(zip_of(entries))
    code, out = add(tmp_path, capsys, str(path), reading=reading)
    assert (code, out.splitlines()[0]) == (1, f"Bỏ qua: {path}: {expected}")


def test_a_docx_within_the_limits_is_added(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bai.docx"
    path.write_bytes(small_docx())
    code, out = add(tmp_path, capsys, str(path))
    assert code == 0 and out.splitlines()[0] == f"Đã thêm: {path} → corpus/bai.docx"


def test_the_memory_budget_refuses_what_slipped_past_the_archive_check(tmp_path: Path) -> None:
    raw = bomb_docx(tmp_path / "bom.docx", megabytes=200).read_bytes()
    limits = ReadLimits(max_unpacked_bytes=2**40, max_compression_ratio=1e9, memory_mb=300)
    reader = BoundedReader(limits)
    try:
        assert reader.read("bom.docx", raw) == (
            None, None, "đọc tệp cần hơn 300 MB bộ nhớ, quá giới hạn [reading] memory_mb = 300"
        )
        assert reader.read("bai.docx", small_docx())[2] is None  # a fresh worker reads the next file
    finally:
        reader.close()


def test_a_worker_that_does_not_answer_in_time_is_killed_and_the_file_refused() -> None:
    reader = BoundedReader(ReadLimits(seconds=1))
    try:
        reader.start()
        stuck = reader.pid
        assert stuck is not None and stuck != os.getpid()
        os.kill(stuck, signal.SIGSTOP)  # a reader that never finishes, without a file that takes forever
        assert reader.read("bai.txt", ARTICLE.read_bytes()) == (
            None, None, "đọc tệp mất hơn 1 giây, quá giới hạn [reading] seconds = 1"
        )
        text, _, problem = reader.read("bai.txt", ARTICLE.read_bytes())
        assert problem is None and text and reader.pid != stuck
    finally:
        reader.close()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("memory_mb = 0", "[reading] memory_mb phải là số nguyên dương"),
        ("seconds = -1", "[reading] seconds phải là số dương"),
        ("max_archive_entries = 1.5", "[reading] max_archive_entries phải là số nguyên dương"),
        ("spam = 1", "[reading] không có tùy chọn spam"),
    ],
)
def test_reading_limits_are_validated(tmp_path: Path, table: str, message: str) -> None:
    with pytest.raises(ConfigError, match=f"^{tmp_path / 'settings.toml'}: " + message.replace("[", r"\[").replace("]", r"\]") + "$"):
        load_settings(config(tmp_path, table))


# ----------------------------------------------------------------------------- upload names


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("bai\x00moi.txt", "baimoi.txt"),
        ("bai\nmoi.txt", "bai moi.txt"),
        ("bai\u202etxt.exe.txt", "baitxt.exe.txt"),
        ("\u2066bai\u2069\u200e\u200f.txt", "bai.txt"),
        ("../x.txt", "x.txt"),
        ("..\\..\\x.txt", "x.txt"),
        ("Quận Hoàn Kiếm.docx", "Quận Hoàn Kiếm.docx"),
        ("..", ""),
        ("a/", ""),
    ],
)
def test_upload_names_are_cleaned(given: str, stored: str) -> None:
    assert clean_file_name(given) == stored


@pytest.mark.parametrize(
    ("name", "stored"),
    [("bai\nmoi.txt", "bai moi.txt"), ("bai\u202eeman.txt", "baieman.txt")],
)
def test_tracuu_add_stores_and_shows_the_cleaned_name(tmp_path: Path, capsys, name: str, stored: str) -> None:
    path = tmp_path / name
    path.write_bytes(ARTICLE.read_bytes())
    code, out = add(tmp_path, capsys, str(path))
    assert code == 0
    assert out.splitlines()[0] == f"Đã thêm: {shown_name(str(path))} → corpus/{stored}"
    assert [p.name for p in (tmp_path / "corpus").iterdir() if not p.name.startswith(".")] == [stored]


def test_tracuu_add_refuses_a_nul_in_a_name_in_one_line(tmp_path: Path, capsys) -> None:
    code, out = add(tmp_path, capsys, "bai\x00moi.txt")
    assert (code, out.splitlines()[0]) == (1, "Bỏ qua: bai\\x00moi.txt: tên tệp có ký tự NUL, không dùng được")


def test_tracuu_add_of_a_parent_path_stores_the_last_component(tmp_path: Path, capsys, monkeypatch) -> None:
    (tmp_path / "x.txt").write_bytes(ARTICLE.read_bytes())
    inner = tmp_path / "inner"
    inner.mkdir()
    monkeypatch.chdir(inner)
    code, out = add(tmp_path, capsys, "../x.txt")
    assert (code, out.splitlines()[0]) == (0, "Đã thêm: ../x.txt → corpus/x.txt")
