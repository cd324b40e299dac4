"""The persistent index: reused when sound, updated article by article, rebuilt when corrupt, written atomically."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from retrieval.search.stored import cache, file as store, parse as indexing
from retrieval.search.stored.cache import cache_locations, open_library
from retrieval.config import load_settings
from retrieval.corpus.loader import load_corpus
from retrieval.search.library import build_library
from retrieval.search.stored.file import IndexFileError, read_index_file, write_index_file

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "seeds"
QUERIES = (["quan", "dong_da", "ngan_sach"], ["dai_hoi", "dang_bo"], ["covid", "phong_chong"], ["son_tra"])


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "tin"
    shutil.copytree(SEEDS, folder, ignore=shutil.ignore_patterns(".tracuu-cache"))
    return folder


def settings_for(corpus: Path, **changes: object):
    settings = load_settings(None, corpus)
    return settings if not changes else type(settings)(**{**settings.__dict__, **changes})


class Counting:
    """Counts the articles parsed (and so segmented) by the indexer."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        original = indexing.parse_file

        def parse_file(path: Path, outlets, limits):  # noqa: ANN001, ANN202
            self.names.append(path.name)
            return original(path, outlets, limits)

        monkeypatch.setattr(indexing, "parse_file", parse_file)


def snapshot(library) -> list[object]:
    """What a library answers with: documents, their metadata and paragraphs, and ranked hits."""
    documents = [
        (d.doc_id, d.source, d.title, d.district, d.city, d.date, d.year, d.author, d.outlet,
         [(p.number, p.line, p.kind, p.text, p.sentences) for p in d.passages])
        for d in library.corpus.documents
    ]  # fmt: skip
    hits = [[(h.document.doc_id, h.passage.number, round(h.score, 4)) for h in library.search(q, 5)] for q in QUERIES]
    return [documents, [(p.doc_id, p.number) for p in library.passages], hits, library.corpus.warnings]


def test_the_cached_library_equals_the_one_built_in_memory(corpus: Path) -> None:
    settings = settings_for(corpus)
    library, report = open_library(settings)
    fresh = build_library(load_corpus(corpus, settings.overrides, settings.outlets), settings.abbreviations)
    assert report.rebuilt and report.location == corpus / ".tracuu-cache" / "index.tracuu"
    assert snapshot(library) == snapshot(fresh)
    reopened, again = open_library(settings)
    assert not again.rebuilt and snapshot(reopened) == snapshot(fresh)


def test_a_warm_cache_never_segments(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_library(settings_for(corpus))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("segmented although the cache was warm")

    monkeypatch.setattr(indexing, "tokenize", refuse)
    monkeypatch.setattr(indexing, "parse_file", refuse)
    library, report = open_library(settings_for(corpus))
    assert not report.rebuilt and len(library.corpus.documents) == 5


def test_editing_one_article_parses_only_it(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_for(corpus)
    open_library(settings)
    edited = corpus / "002_e74d3da79069b4c0.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nQuận ủy Ba Đình phát động phong trào trồng cây xanh.\n", encoding="utf-8")
    counting = Counting(monkeypatch)
    library, report = open_library(settings)
    assert counting.names == [edited.name] and report.parsed == 1 and report.removed == 0
    fresh = build_library(load_corpus(corpus, settings.overrides, settings.outlets), settings.abbreviations)
    assert snapshot(library) == snapshot(fresh)
    assert library.search(["trong", "cay", "xanh"], 1)[0].document.doc_id == edited.stem


def test_removing_and_adding_articles(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_for(corpus)
    open_library(settings)
    (corpus / "001_4cc13ceeb386153d.txt").unlink()
    added = corpus / "005_new.txt"
    added.write_text("12/03/2023 08:00\n\nĐảng bộ quận Hải Châu sơ kết công tác\n\nQuận ủy Hải Châu sơ kết công tác quý I.\n", encoding="utf-8")
    counting = Counting(monkeypatch)
    library, report = open_library(settings)
    assert counting.names == [added.name] and report.removed == 1
    assert [d.doc_id for d in library.corpus.documents][-1] == "005_new"
    assert "001_4cc13ceeb386153d" not in library.documents
    fresh = build_library(load_corpus(corpus, settings.overrides, settings.outlets), settings.abbreviations)
    assert snapshot(library) == snapshot(fresh)
    # Terms only the removed article had are gone from the vocabulary.
    assert set(library.index.vocabulary) == set(fresh.index.vocabulary)


def test_skipped_files_are_remembered_and_reported(corpus: Path) -> None:
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01")
    settings = settings_for(corpus)
    open_library(settings)
    library, report = open_library(settings)
    assert not report.rebuilt
    assert [w.source for w in library.corpus.warnings] == ["tin/binary.txt", "tin/empty.txt"]
    assert library.corpus.warnings == load_corpus(corpus).warnings


@pytest.mark.parametrize("damage", ["truncate", "trailer", "header", "array", "version", "garbage"])
def test_a_corrupt_index_is_rebuilt_with_a_warning(corpus: Path, damage: str, caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_for(corpus)
    open_library(settings)
    path = cache_locations(settings)[0]
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "trailer":
        data[-3] ^= 0xFF
    elif damage == "header":
        data[-store.TRAILER.size - 10] ^= 0xFF
    elif damage == "array":
        data[len(store.MAGIC) + 100] ^= 0xFF  # inside the first array
    elif damage == "version":
        offset, length, crc, _, magic = store.TRAILER.unpack(bytes(data[-store.TRAILER.size :]))
        data[-store.TRAILER.size :] = store.TRAILER.pack(offset, length, crc, store.FORMAT + 1, magic)
    else:
        data = bytearray(b"not an index at all")
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        library, report = open_library(settings)
    assert report.rebuilt and report.parsed == 5
    assert any("hỏng" in record.getMessage() for record in caplog.records)
    assert snapshot(library) == snapshot(open_library(settings)[0])
    read_index_file(path).array("weights")  # the rebuilt file is sound


@pytest.mark.parametrize("flaw", ["rows", "articles"])
def test_a_sound_file_with_inconsistent_contents_is_rebuilt(corpus: Path, flaw: str, caplog: pytest.LogCaptureFixture) -> None:
    settings = settings_for(corpus)
    open_library(settings)
    path = cache_locations(settings)[0]
    stored = read_index_file(path)
    arrays = {name: np.array(stored.array(name)) for name in stored.names}
    header = dict(stored.header)
    if flaw == "rows":
        arrays["row_passages"][-1] = 10**6  # a paragraph that does not exist
    else:
        header["articles"] = [{"nom": "x"}]
    del stored
    write_index_file(path, header, arrays)  # checksums are right: only the contents are wrong
    with caplog.at_level(logging.WARNING):
        library, report = open_library(settings)
    assert report.rebuilt and report.parsed == 5 and len(library.passages) == 61
    assert any("hỏng" in record.getMessage() for record in caplog.records)


def test_changed_settings_invalidate_the_index(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_for(corpus)
    open_library(settings)
    counting = Counting(monkeypatch)
    changed = settings_for(corpus, abbreviations={**settings.abbreviations, "ĐBS": "đại biểu sông"})
    _, report = open_library(changed)
    assert report.rebuilt and len(counting.names) == 5


def test_a_crash_while_writing_leaves_the_old_index_usable(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_for(corpus)
    open_library(settings)
    path = cache_locations(settings)[0]
    before = path.read_bytes()
    (corpus / "004_77a7225e1f65a39f.txt").write_text("26/01/2022\n\nBài đã sửa\n\nMột đoạn mới.\n", encoding="utf-8")
    written: list[str] = []
    original = store._write_array

    def crash_after_two(handle, parts):  # noqa: ANN001, ANN202
        written.append("array")
        if len(written) > 2:
            raise RuntimeError("power cut")
        return original(handle, parts)

    monkeypatch.setattr(store, "_write_array", crash_after_two)
    with pytest.raises(RuntimeError, match="power cut"):
        open_library(settings)
    assert path.read_bytes() == before
    # No temporary file left behind (the fact table beside the index was written by the first open).
    assert sorted(p.name for p in path.parent.rglob("*") if p.is_file()) == ["facts.tracuu", "index.tracuu"]
    assert read_index_file(path).header["stamp"]
    monkeypatch.setattr(store, "_write_array", original)
    library, report = open_library(settings)
    assert report.parsed == 1 and library.documents["004_77a7225e1f65a39f"].title == "Bài đã sửa"


def test_an_unwritable_corpus_folder_falls_back_to_the_user_cache(corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    (corpus / ".tracuu-cache").write_text("a file where the cache folder should be", encoding="utf-8")
    settings = settings_for(corpus)
    with caplog.at_level(logging.WARNING):
        library, report = open_library(settings)
    fallback = cache_locations(settings)[1]
    assert report.location == fallback and fallback.is_file()
    assert any("Không ghi được" in record.getMessage() for record in caplog.records)
    _, again = open_library(settings)
    assert not again.rebuilt and again.location == fallback


def test_when_nothing_can_be_written_the_index_lives_in_memory(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    (corpus / ".tracuu-cache").write_text("", encoding="utf-8")
    settings = settings_for(corpus)
    library, report = open_library(settings)
    fresh = build_library(load_corpus(corpus, settings.overrides, settings.outlets), settings.abbreviations)
    assert report.location is None and snapshot(library) == snapshot(fresh)


def test_a_configured_cache_folder_is_used(corpus: Path, tmp_path: Path) -> None:
    settings = settings_for(corpus, cache_dir=tmp_path / "shared-cache")
    _, report = open_library(settings)
    assert report.location is not None and report.location.is_relative_to(tmp_path / "shared-cache")
    assert not (corpus / ".tracuu-cache").exists()


def test_parallel_indexing_gives_the_same_index(corpus: Path) -> None:
    settings = settings_for(corpus)
    single, _ = open_library(settings, rebuild=True, workers=1)
    parallel, _ = open_library(settings, rebuild=True, workers=2)
    assert snapshot(single) == snapshot(parallel)
    assert np.array_equal(single.index.weights, parallel.index.weights)


def test_the_file_format_round_trips_and_refuses_foreign_files(tmp_path: Path) -> None:
    path = tmp_path / "x.tracuu"
    pieces = [np.arange(3, dtype=np.int32), np.arange(3, 5, dtype=np.int32)]
    write_index_file(path, {"stamp": "s"}, {"a": pieces, "b": np.zeros((2, 2), dtype=np.float32), "c": np.zeros(0, np.uint8)})
    stored = read_index_file(path)
    assert stored.header["stamp"] == "s" and stored.array("a").tolist() == [0, 1, 2, 3, 4]
    assert stored.array("b").shape == (2, 2) and stored.array("c").shape == (0,)
    with pytest.raises(ValueError):
        write_index_file(path, {}, {"objects": np.array([object()])})
    (tmp_path / "short").write_bytes(b"TRACUU")
    with pytest.raises(IndexFileError):
        read_index_file(tmp_path / "short")
    with pytest.raises(IndexFileError):
        read_index_file(tmp_path / "missing")


def test_service_uses_the_cache(corpus: Path) -> None:
    from bot.service import load_service

    service = load_service(None, corpus)
    assert (corpus / ".tracuu-cache" / "index.tracuu").is_file()
    assert not service.ask("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?").abstained
    assert cache.INDEX_NAME == "index.tracuu"
