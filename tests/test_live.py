"""A long-running Service follows the corpus folder: edits, additions and removals are answered within seconds."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.live import LiveLibrary
from bot.service import Service, load_service
from retrieval.config import load_settings
from bot.render.text import merged_templates

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DONG_DA = "000_0b6753d6958e9fca"
DONG_DA_QUESTION = "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?"
THANH_XUAN = (
    "Quận Thanh Xuân tổng kết công tác xây dựng Đảng năm 2022.\n\n"
    "Năm 2022, Đảng bộ quận Thanh Xuân kết nạp được 412 đảng viên mới, vượt chỉ tiêu đề ra.\n"
)
THANH_XUAN_QUESTION = "Năm 2022 Đảng bộ quận Thanh Xuân kết nạp bao nhiêu đảng viên mới?"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for source in sorted(SEEDS.glob("*.txt")):
        shutil.copy(source, folder / source.name)
    return folder


@pytest.fixture
def service(corpus: Path) -> Iterator[Service]:
    settings = load_settings(None, corpus)
    live = LiveLibrary(settings, watch_seconds=0.1)
    live.start()
    yield Service(settings, live, merged_templates(settings.templates))
    live.stop()


def eventually(check: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the corpus change was not picked up in time"
        time.sleep(0.05)


def rewrite(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))  # coarse file system clocks


def test_an_edited_article_is_never_quoted_in_its_old_form(service: Service, corpus: Path) -> None:
    assert "11.085,046" in service.ask(DONG_DA_QUESTION).citations[0].quote
    article = corpus / f"{DONG_DA}.txt"
    rewrite(article, article.read_text(encoding="utf-8").replace("11.085,046", "22.222,222"))
    # At once, before the watcher could have run: the answer finds its source changed and is made again.
    quote = service.ask(DONG_DA_QUESTION).citations[0].quote
    assert "22.222,222" in quote and "11.085,046" not in quote
    assert service.library.documents[DONG_DA].passages  # the Service's library is the new one


def test_an_edit_is_picked_up_in_the_background(service: Service, corpus: Path) -> None:
    before = service.library
    article = corpus / f"{DONG_DA}.txt"
    rewrite(article, article.read_text(encoding="utf-8").replace("11.085,046", "33.333,333"))
    eventually(lambda: service.library is not before)
    assert "33.333,333" in service.ask(DONG_DA_QUESTION).citations[0].quote


def test_an_added_then_removed_article(service: Service, corpus: Path) -> None:
    assert service.ask(THANH_XUAN_QUESTION).abstained or all(
        c.doc_id != "thanh_xuan" for c in service.ask(THANH_XUAN_QUESTION).citations
    )
    (corpus / "thanh_xuan.txt").write_text(THANH_XUAN, encoding="utf-8")
    eventually(lambda: "thanh_xuan" in service.library.documents)
    answer = service.ask(THANH_XUAN_QUESTION)
    assert answer.citations[0].doc_id == "thanh_xuan" and "412 đảng viên" in answer.citations[0].quote
    (corpus / "thanh_xuan.txt").unlink()
    eventually(lambda: "thanh_xuan" not in service.library.documents)
    assert all(c.doc_id != "thanh_xuan" for c in service.ask(THANH_XUAN_QUESTION).citations)
    assert "11.085,046" in service.ask(DONG_DA_QUESTION).citations[0].quote


def test_a_vanished_corpus_folder_keeps_the_last_library(service: Service, corpus: Path) -> None:
    shutil.rmtree(corpus)
    time.sleep(0.3)
    assert not service.live.refresh_if_changed()
    assert "11.085,046" in service.ask(DONG_DA_QUESTION).citations[0].quote


def test_watching_is_configured_and_off_for_one_shot_commands(corpus: Path, tmp_path: Path) -> None:
    assert load_service(None, corpus).live._thread is None
    config = tmp_path / "settings.toml"
    config.write_text(f'[corpus]\ndir = "{corpus.as_posix()}"\nwatch_seconds = 0.5\n', encoding="utf-8")
    watched = load_service(config, watch=True)
    try:
        assert watched.live.watch_seconds == 0.5 and watched.live._thread is not None
    finally:
        watched.close()
    config.write_text('[corpus]\nwatch_seconds = -1\n', encoding="utf-8")
    from retrieval.config import ConfigError

    with pytest.raises(ConfigError, match="watch_seconds"):
        load_service(config, corpus)
