"""An interrupted build keeps what it segmented: the next build parses only the rest, and gives the same index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from retrieval.config import load_settings
from retrieval.search.stored import parse
from retrieval.search.stored.cache import cache_locations, open_library
from retrieval.search.stored.partial import FOLDER

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
COPIES = 3  # each seed three times (told apart by a last line): 15 articles
PARSE_CHUNK = parse.parse_chunk


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for copy in range(COPIES):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8") + f"\n\nBản sao số {copy}.\n"
            (folder / f"{copy}_{seed.name}").write_text(text, encoding="utf-8")
    monkeypatch.setattr(parse, "CHUNK_FILES", 2)  # 8 chunks: room to stop in the middle
    return folder


class Interrupted(Exception):
    pass


def count_chunks(monkeypatch: pytest.MonkeyPatch, fail_after: int | None = None) -> list[int]:
    """Count (and optionally stop after a few of) the chunks parse_chunk segments."""
    parsed: list[int] = []

    def counted(paths, abbreviations, outlets, limits):  # noqa: ANN001, ANN202
        if fail_after is not None and len(parsed) == fail_after:
            raise Interrupted("killed while segmenting")
        parsed.append(len(paths))
        return PARSE_CHUNK(paths, abbreviations, outlets, limits)

    monkeypatch.setattr(parse, "parse_chunk", counted)
    return parsed


def signature(library) -> list[tuple[str, int, str]]:  # noqa: ANN001 - a Library
    return [(p.doc_id, p.number, p.text) for p in library.passages]


def test_an_interrupted_build_resumes_where_it_stopped(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(None, corpus)
    before = count_chunks(monkeypatch, fail_after=3)
    with pytest.raises(Interrupted):
        open_library(settings, workers=1)
    assert before == [2, 2, 2]
    partial = cache_locations(settings)[0].parent / FOLDER
    assert len(list(partial.iterdir())) == 3  # one checksummed file per finished chunk
    assert not cache_locations(settings)[0].exists()

    after = count_chunks(monkeypatch)
    library, report = open_library(settings, workers=1)
    assert sum(after) == 15 - 6  # only the rest is segmented
    assert (report.resumed, report.parsed, report.articles) == (6, 9, 15)
    assert not partial.exists()  # the index holds them now

    again = count_chunks(monkeypatch)
    fresh, fresh_report = open_library(settings, rebuild=True, workers=1)
    assert sum(again) == 15 and fresh_report.resumed == 0
    assert signature(library) == signature(fresh)
    assert library.index.vocabulary == fresh.index.vocabulary
    assert (library.index.weights == fresh.index.weights).all()


def test_a_damaged_saved_chunk_is_parsed_again(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(None, corpus)
    count_chunks(monkeypatch, fail_after=2)
    with pytest.raises(Interrupted):
        open_library(settings, workers=1)
    partial = cache_locations(settings)[0].parent / FOLDER
    damaged = sorted(partial.iterdir())[0]
    data = bytearray(damaged.read_bytes())
    data[72] ^= 0xFF  # a flipped byte in the first array (it starts at byte 64): the CRC catches it
    damaged.write_bytes(bytes(data))

    after = count_chunks(monkeypatch)
    library, report = open_library(settings, workers=1)
    assert report.resumed == 2 and sum(after) == 13
    fresh, _ = open_library(settings, rebuild=True, workers=1)
    assert signature(library) == signature(fresh)


def test_a_chunk_saved_for_other_content_is_not_used(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(None, corpus)
    count_chunks(monkeypatch, fail_after=7)
    with pytest.raises(Interrupted):
        open_library(settings, workers=1)
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nMột dòng thêm sau khi bị ngắt.\n", encoding="utf-8")
    after = count_chunks(monkeypatch)
    library, report = open_library(settings, workers=1)
    assert sum(after) == 3 and report.resumed == 12  # the edited article's chunk, and the one never reached
    assert "Một dòng thêm sau khi bị ngắt." in [p.text for p in library.documents[first.stem].passages]


def test_a_build_that_cannot_save_chunks_still_builds(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(None, corpus)
    shutil.rmtree(cache_locations(settings)[0].parent, ignore_errors=True)
    cache_locations(settings)[0].parent.mkdir(parents=True)
    (cache_locations(settings)[0].parent / FOLDER).write_text("a file where the folder should be", encoding="utf-8")
    library, report = open_library(settings, workers=1)
    assert report.parsed == 15 and len(library.corpus.documents) == 15



def test_a_chunk_is_saved_after_another_build_removed_the_folder(tmp_path: Path) -> None:
    """Two builds share the folder beside the index: the one that finishes first removes it; the other still
    saves its chunks there."""
    from retrieval.search.stored.partial import PartialStore

    seed = str(next(iter(sorted(SEEDS.glob("*.txt")))))
    columns = parse.parse_chunk([seed], {}, {})
    store = PartialStore.beside([tmp_path / "index" / "x.tracuu"], "stamp", {seed: "sha256:x"})
    other = PartialStore.beside([tmp_path / "index" / "x.tracuu"], "stamp", {})
    assert store is not None and other is not None
    other.clear()
    assert not store.folder.exists()
    store.save([seed], columns)
    assert store.has([seed]) and store.load([seed]) is not None
