"""`tracuu index` and a tiny `tracuu bench` through the real entry point (figures are not checked, only their shape)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main

PROJECT = Path(__file__).resolve().parent.parent


def test_index_builds_then_reuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "tin"
    shutil.copytree(PROJECT / "seeds", corpus, ignore=shutil.ignore_patterns(".tracuu-cache"))
    assert main(["index", "--corpus", str(corpus), "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["index", "--corpus", str(corpus), "--json"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (first["rebuilt"], first["parsed"], first["documents"], first["facts_read"]) == (True, 5, 5, 5)
    assert (second["rebuilt"], second["parsed"], second["index"], second["facts_read"]) == (False, 0, first["index"], 0)
    assert main(["index", "--corpus", str(corpus)]) == 0
    assert capsys.readouterr().out.startswith("Chỉ mục đã cập nhật: 61 đoạn văn của 5 bài: ")


def test_index_reports_a_missing_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "--corpus", str(tmp_path / "none")]) == 1
    assert "Không tìm thấy thư mục corpus" in capsys.readouterr().err


def test_bench_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "--paragraphs", "300", "--questions", "5", "--startup-runs", "1", "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(result) >= {
        "machine", "corpus", "build", "segmentation", "load", "ask_ms", "retrieval_ms", "rank_bm25", "index_size_mb",
        "startup",
    }  # fmt: skip
    assert result["corpus"]["rows"] == 300 and result["ask_ms"]["questions"] == 5
    assert set(result["ask_ms"]) == {"questions", "p50", "p95", "p99", "mean"}
    assert {"seconds", "paragraphs_per_second", "peak_rss_mb"} <= set(result["build"])
    # The fact table's cost, read from two builds of the same run.
    assert {"facts_seconds", "without_facts_seconds", "ratio_to_without_facts"} <= set(result["build"])
    assert result["build"]["figures"] > 0
    assert {"seconds", "peak_rss_mb"} <= set(result["load"])
    assert {"speedup_p50", "get_scores_ms"} <= set(result["rank_bm25"])
    assert {"ask_seconds", "bare_pyvi_seconds", "ratio"} <= set(result["startup"])
