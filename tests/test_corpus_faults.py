"""Bad corpus files: each is reported once by name, and every other article is still served.

The faults go through the production path (load_service → the cached index of retrieval/cache.py) and,
where it differs, through load_corpus. The corpus is a temporary copy of the seed articles (same names,
so config/documents.toml still applies) plus the bad file.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import retrieval.search.stored.parse
from bot.cli import main as cli_main
from bot.service import Service, load_service
from retrieval.corpus import loader as corpus_module
from retrieval.search.stored.cache import open_library
from retrieval.config import load_settings
from retrieval.corpus.loader import load_corpus
from retrieval.models import LoadWarning
from bot.render.text import merged_templates

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# A question per seed article, and a figure its quote must hold.
EXPECTED = {
    "000_0b6753d6958e9fca": ("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?", "11.085,046"),
    "001_4cc13ceeb386153d": ("Tổng thu NSNN của quận Hoàn Kiếm đạt bao nhiêu?", "10.530,819"),
    "002_e74d3da79069b4c0": ("Trong quý I/2021 quận Ba Đình thu ngân sách bao nhiêu?", "1.460"),
    "003_fa7518c58d4f2875": ("Quận Long Biên chi ngân sách bao nhiêu?", "ngân sách"),
    "004_77a7225e1f65a39f": ("Quận Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ năm 2021?", "53/282"),
}
VIETNAMESE = "Quận Đống Đa tổ chức hội nghị tổng kết công tác năm 2020.\n\nThu ngân sách đạt 12.345 tỷ đồng.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for source in sorted(SEEDS.glob("*.txt")):
        shutil.copy(source, folder / source.name)
    return folder


def served(service: Service) -> None:
    """Every seed article still answers its question, quoting itself."""
    for doc_id, (question, figure) in EXPECTED.items():
        answer = service.ask(question)
        assert not answer.abstained, question
        assert answer.citations[0].doc_id == doc_id, question
        assert figure in answer.citations[0].quote


def warned(warnings: tuple[LoadWarning, ...], name: str, *words: str) -> LoadWarning:
    """The one warning about file `name`; it says why in words the user understands."""
    about = [w for w in warnings if w.source.endswith(f"/{name}")]
    assert len(about) == 1, warnings
    for word in words:
        assert word in about[0].message, about[0]
    return about[0]


def both_paths(corpus: Path, name: str, *words: str) -> None:
    """The production path and load_corpus agree: the file is named in one warning, the seeds are served."""
    service = load_service(None, corpus)
    warned(service.library.corpus.warnings, name, *words)
    assert sorted(d.doc_id for d in service.library.corpus.documents) == sorted(EXPECTED)
    served(service)
    served(load_service(None, corpus))  # the second start reads the stored index: same result
    warned(load_service(None, corpus).library.corpus.warnings, name, *words)
    warned(load_corpus(corpus).warnings, name, *words)


# ----------------------------------------------------------------------------- one bad file among good ones


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("windows_1258.txt", VIETNAMESE.encode("cp1258", errors="replace"), ("UTF-8",)),
        ("latin1.txt", "Quận Đống Đa".encode("utf-8")[:-1] + b"\xe9t\xe9 2020\n", ("UTF-8",)),
        ("empty.txt", b"", ("rỗng",)),
        ("blank.txt", b" \n\t\r\n\n   \n", ("rỗng",)),
        ("bom_only.txt", b"\xef\xbb\xbf\n", ("rỗng",)),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, ("nhị phân",)),
        ("utf16_without_bom.txt", VIETNAMESE.encode("utf-16-le"), ("NUL",)),
        ("utf16_broken.txt", VIETNAMESE.encode("utf-16") + b"\x00\xd8", ("UTF-16",)),
        ("boilerplate_only.txt", "(0) Bình luận\n\nNổi bật\n".encode(), ("đoạn văn",)),
    ],
)
def test_a_bad_file_is_named_and_the_rest_served(corpus: Path, name: str, content: bytes, words: tuple[str, ...]) -> None:
    (corpus / name).write_bytes(content)
    both_paths(corpus, name, *words)


def test_an_unreadable_file_is_named_and_the_rest_served(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, where chmod 000 does not stop reading: every way the code opens a file refuses it."""
    locked = corpus / "locked.txt"
    locked.write_text(VIETNAMESE, encoding="utf-8")
    os.chmod(locked, 0)
    refuse_to_open(monkeypatch, locked)
    both_paths(corpus, "locked.txt", "không đọc được", "Permission denied")


def test_a_file_too_large_for_an_article_is_named_and_the_rest_served(corpus: Path) -> None:
    huge = corpus / "huge.txt"
    paragraph = ("Quận Đống Đa tổ chức hội nghị tổng kết công tác năm 2020 và triển khai nhiệm vụ. " * 40 + "\n\n").encode()
    with huge.open("wb") as handle:
        while handle.tell() < corpus_module.MAX_ARTICLE_BYTES + 1:
            handle.write(paragraph)
    both_paths(corpus, "huge.txt", "quá lớn")


def test_a_duplicate_article_is_named_and_served_once(corpus: Path) -> None:
    original = "000_0b6753d6958e9fca.txt"
    shutil.copy(corpus / original, corpus / "zz_copy_of_dong_da.txt")
    both_paths(corpus, "zz_copy_of_dong_da.txt", original)
    answer = load_service(None, corpus).ask(EXPECTED["000_0b6753d6958e9fca"][0])
    assert {c.doc_id for c in answer.citations} == {"000_0b6753d6958e9fca"}


def test_many_bad_files_at_once(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = {
        "a_empty.txt": b"",
        "b_binary.txt": b"\x00\x01\x02" * 100,
        "c_cp1258.txt": VIETNAMESE.encode("cp1258", errors="replace"),
        "d_copy.txt": (corpus / "004_77a7225e1f65a39f.txt").read_bytes(),
        "e_locked.txt": VIETNAMESE.encode(),
    }
    for name, content in bad.items():
        (corpus / name).write_bytes(content)
    refuse_to_open(monkeypatch, corpus / "e_locked.txt")
    service = load_service(None, corpus)
    assert sorted(w.source.rsplit("/", 1)[1] for w in service.library.corpus.warnings) == sorted(bad)
    served(service)


def test_a_file_name_that_is_not_utf8_is_named_and_the_rest_served(
    corpus: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Linux allows any bytes in a name; such a file can be neither stored in the index nor linked to."""
    (corpus / os.fsdecode(b"b\xe0i_c\xfc.txt")).write_text(VIETNAMESE, encoding="utf-8")
    with caplog.at_level("WARNING", logger="retrieval.corpus.loader"):
        service = load_service(None, corpus)
    assert [r.getMessage() for r in caplog.records if "b\ufffdi_c\ufffd.txt" in r.getMessage()], caplog.text
    assert "UTF-8" in caplog.text
    served(service)
    assert sorted(d.doc_id for d in load_corpus(corpus).documents) == sorted(EXPECTED)


def test_odd_but_valid_file_names_are_served(corpus: Path) -> None:
    name = "Bài viết số 2 (bản cũ) 😀 #1.txt"
    (corpus / name).write_text(VIETNAMESE, encoding="utf-8")
    service = load_service(None, corpus)
    assert not service.library.corpus.warnings
    answer = service.ask("Năm 2020 quận Đống Đa thu ngân sách đạt 12.345 tỷ đồng?")
    assert any(c.doc_id == name.removesuffix(".txt") for c in answer.citations)
    served(service)


# ----------------------------------------------------------------------------- files changing under the indexer


def test_a_file_changed_while_indexing_gives_a_consistent_index_then_an_update(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article is rewritten just after the indexer read it: this start serves what was read (quotes are
    exact substrings of the indexed paragraphs), and the next start notices the change and re-reads it."""
    target = corpus / "000_0b6753d6958e9fca.txt"
    before = target.read_text(encoding="utf-8")
    after = before.replace("11.085,046", "22.222,222")
    original_read = retrieval.search.stored.parse.read_article_bytes

    def read_then_rewrite(path: Path) -> tuple[bytes | None, str | None]:
        result = original_read(path)
        if Path(path) == target:
            target.write_text(after, encoding="utf-8")
        return result

    monkeypatch.setattr(retrieval.search.stored.parse, "read_article_bytes", read_then_rewrite)
    settings = load_settings(None, corpus)
    library, report = open_library(settings)
    assert report.rebuilt
    check_consistent(library)
    monkeypatch.undo()
    service = Service(settings, library, merged_templates(settings.templates))
    assert "11.085,046" in service.ask(EXPECTED["000_0b6753d6958e9fca"][0]).citations[0].quote  # as read

    library, report = open_library(settings)
    assert report.rebuilt and report.parsed == 1  # only the changed article is read again
    check_consistent(library)
    service = load_service(None, corpus)
    assert "22.222,222" in service.ask(EXPECTED["000_0b6753d6958e9fca"][0]).citations[0].quote
    served_except(service, "000_0b6753d6958e9fca")


def test_a_file_changed_between_listing_and_reading(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rewritten after its hash was taken but before it was parsed: the index holds what was parsed, under
    that content's hash, so the next start finds it up to date and serves the same text."""
    target = corpus / "000_0b6753d6958e9fca.txt"
    after = target.read_text(encoding="utf-8").replace("11.085,046", "33.333,333")
    original_read = retrieval.search.stored.parse.read_article_bytes

    def rewrite_then_read(path: Path) -> tuple[bytes | None, str | None]:
        if Path(path) == target:
            target.write_text(after, encoding="utf-8")
        return original_read(path)

    monkeypatch.setattr(retrieval.search.stored.parse, "read_article_bytes", rewrite_then_read)
    settings = load_settings(None, corpus)
    library, _ = open_library(settings)
    check_consistent(library)
    monkeypatch.undo()
    library, report = open_library(settings)
    check_consistent(library)
    quote = load_service(None, corpus).ask(EXPECTED["000_0b6753d6958e9fca"][0]).citations[0].quote
    assert "33.333,333" in quote


def test_a_file_deleted_while_indexing_is_named(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doomed = corpus / "zz_doomed.txt"
    doomed.write_text(VIETNAMESE, encoding="utf-8")
    original_read = retrieval.search.stored.parse.read_article_bytes

    def delete_then_read(path: Path) -> tuple[bytes | None, str | None]:
        if Path(path) == doomed:
            doomed.unlink(missing_ok=True)
        return original_read(path)

    monkeypatch.setattr(retrieval.search.stored.parse, "read_article_bytes", delete_then_read)
    service = load_service(None, corpus)
    warned(service.library.corpus.warnings, "zz_doomed.txt", "không đọc được")
    served(service)
    monkeypatch.undo()
    service = load_service(None, corpus)  # gone for good: no longer mentioned
    assert not [w for w in service.library.corpus.warnings if "zz_doomed" in w.source]
    served(service)


# ----------------------------------------------------------------------------- helpers


def check_consistent(library) -> None:  # noqa: ANN001 - a Library
    """Every searched paragraph belongs to a document of the library, and its sentences are cut from it."""
    documents = library.documents
    for passage in library.passages:
        document = documents[passage.doc_id]
        assert document.passage(passage.number) == passage
        position = 0
        for sentence in passage.sentences:
            found = passage.text.find(sentence, position)
            assert found >= 0
            position = found + len(sentence)


def served_except(service: Service, skipped: str) -> None:
    for doc_id, (question, figure) in EXPECTED.items():
        if doc_id != skipped:
            answer = service.ask(question)
            assert answer.citations and answer.citations[0].doc_id == doc_id and figure in answer.citations[0].quote


def refuse_to_open(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """Make every way of opening `locked` fail as a permission error would."""

    def refusing(opener: Callable[..., object]) -> Callable[..., object]:
        def wrapper(file: object, *args: object, **kwargs: object) -> object:
            if isinstance(file, (str, os.PathLike)) and Path(file) == locked:
                raise PermissionError(13, "Permission denied", str(locked))
            return opener(file, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", refusing(builtins.open))
    monkeypatch.setattr(io, "open", refusing(io.open))
    original_path_open = pathlib.Path.open

    def path_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return original_path_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", path_open)
    original_read_bytes = pathlib.Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(locked))
        return original_read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)


# ----------------------------------------------------------------------------- entries that are not articles


THANH_XUAN = (
    "Quận Thanh Xuân tổng kết công tác xây dựng Đảng năm 2022.\n\n"
    "Năm 2022, Đảng bộ quận Thanh Xuân kết nạp được 412 đảng viên mới, vượt chỉ tiêu đề ra.\n"
)
THANH_XUAN_QUESTION = "Năm 2022 Đảng bộ quận Thanh Xuân kết nạp bao nhiêu đảng viên mới?"


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-be-bom", "utf-8-sig", "utf-32"], ids=["utf16le", "utf16be", "utf8bom", "utf32"]
)
def test_a_file_with_a_byte_order_mark_is_read(corpus: Path, encoding: str) -> None:
    """Windows Notepad's "Unicode" is UTF-16 with a BOM: it is an article like any other."""
    content = ("\ufeff" + THANH_XUAN).encode("utf-16-be") if encoding == "utf-16-be-bom" else THANH_XUAN.encode(encoding)
    (corpus / "thanh_xuan.txt").write_bytes(content)
    service = load_service(None, corpus)
    assert not service.library.corpus.warnings
    answer = service.ask(THANH_XUAN_QUESTION)
    assert answer.citations[0].doc_id == "thanh_xuan"
    assert answer.citations[0].quote.startswith("Năm 2022, Đảng bộ quận Thanh Xuân kết nạp được 412")


BAD_ENTRIES = {
    "loop.txt": "symlink loop",
    "dangling.txt": "dangling symlink",
    "x.txt": "thư mục",
    "fifo.txt": "FIFO",
}


def bad_entries(folder: Path) -> None:
    """A symlink loop, a dangling symlink, a folder named x.txt, a FIFO; and a UTF-16 article beside them."""
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "dangling.txt").symlink_to("nowhere/gone.txt")
    (folder / "x.txt").mkdir()
    (folder / "x.txt" / "inner.txt").write_text(VIETNAMESE, encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")
    (folder / "thanh_xuan.txt").write_bytes(THANH_XUAN.encode("utf-16"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")
def test_bad_entries_are_named_by_sources_json_and_the_rest_served(corpus: Path) -> None:
    bad_entries(corpus)
    # A subprocess with a timeout: a build that opened the FIFO would block forever.
    for _ in range(2):  # the first run builds the index, the second reads it: both name every entry
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "sources", "--json", "--corpus", str(corpus)],
            capture_output=True, timeout=120, cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        report = json.loads(done.stdout.decode("utf-8"))
        named = {w["source"].rsplit("/", 1)[1]: w["message"] for w in report["warnings"]}
        assert set(named) == set(BAD_ENTRIES)
        for name, words in BAD_ENTRIES.items():
            assert words in named[name]
            assert f"corpus/{name}" in done.stderr.decode("utf-8")  # and each on stderr
        assert sorted(d["doc_id"] for d in report["documents"]) == sorted([*EXPECTED, "thanh_xuan"])
    service = load_service(None, corpus)
    served(service)
    answer = service.ask(THANH_XUAN_QUESTION)
    assert answer.citations[0].doc_id == "thanh_xuan" and "412" in answer.citations[0].quote
    assert {w.source.rsplit("/", 1)[1] for w in load_corpus(corpus).warnings} == set(BAD_ENTRIES)


def test_a_name_that_is_not_utf8_is_in_sources_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / os.fsdecode(b"b\xe0i.txt")).write_text(VIETNAMESE, encoding="utf-8")
    assert cli_main(["sources", "--json", "--corpus", str(corpus)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["warnings"] == [{"source": "corpus/b\ufffdi.txt", "message": "tên tệp không phải UTF-8; hãy đổi tên tệp"}]


def test_a_fifo_put_in_place_of_a_listed_file_is_never_opened_for_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "late.txt"
    os.mkfifo(fifo)
    raw, problem = corpus_module.read_article_bytes(fifo)
    assert raw is None and "không phải tệp thường" in str(problem)
