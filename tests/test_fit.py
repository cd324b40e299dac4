"""benchmarks/fit.py and the weights it writes: fitted on a training split, read back, honoured by --config."""

from __future__ import annotations

import contextlib
import io
import json
import tomllib
from pathlib import Path

import pytest

from benchmarks import fit
from bot.service import load_service
from retrieval.answering.sentence_answer import question_terms, score_sentences
from retrieval.answering.kinds import read_asked
from retrieval.answering.kinds.spans import candidates
from retrieval.answering.scorer import (
    SENTENCE_FEATURES, SPAN_FEATURES, SentenceWeights, SpanWeights, span_weights_from_data, weights_from_data, weights_toml,
)
from retrieval.config import ConfigError, load_settings

DATA = Path(__file__).parent / "data"
SPLITS = """
[[set]]
name = "xquad-sample"
qa = ["xquad-vi/qa.jsonl"]
corpus = "xquad-vi/corpus"
train = ["x00", "x01"]
validation = ["x02"]
"""


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("fit")
    splits = folder / "splits.toml"
    splits.write_text(SPLITS, encoding="utf-8")
    out = folder / "weights.toml"
    printed = folder / "out.json"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert fit.main(["--eval-dir", str(DATA), "--splits", str(splits), "--write", str(out), "--json"]) == 0
    printed.write_text(buffer.getvalue().split("\nwrote ")[0], encoding="utf-8")
    return out, json.loads(printed.read_text(encoding="utf-8"))


def test_the_fit_writes_weights_the_settings_read(fitted: tuple[Path, dict]) -> None:
    out, result = fitted
    weights = weights_from_data(tomllib.loads(out.read_text(encoding="utf-8")), str(out))
    assert weights.overlap == 1.0 and weights.slot >= 0 and weights.slot_fit >= 0
    assert {k: round(v, 4) for k, v in result["weights"].items()} == {n: getattr(weights, n) for n in SENTENCE_FEATURES}
    spans = span_weights_from_data(tomllib.loads(out.read_text(encoding="utf-8")), str(out))
    assert {k: round(v, 4) for k, v in result["span_weights"].items()} == {n: getattr(spans, n) for n in SPAN_FEATURES}
    assert result["span_regularisation"] in fit.SPAN_REGULARISATIONS
    sample = result["sets"]["xquad-sample"]["fitted"]
    assert sample["train"]["lines"] > 0 and sample["validation"]["lines"] > 0
    interval = sample["validation"]["quote@1"]
    assert interval["low"] <= interval["mean"] <= interval["high"]


def test_the_fit_is_reproducible(fitted: tuple[Path, dict], tmp_path: Path) -> None:
    out, _ = fitted
    splits = tmp_path / "splits.toml"
    splits.write_text(SPLITS, encoding="utf-8")
    again = tmp_path / "again.toml"
    with contextlib.redirect_stdout(io.StringIO()):
        fit.main(["--eval-dir", str(DATA), "--splits", str(splits), "--write", str(again)])
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_the_split_is_by_article() -> None:
    split = fit.SplitSet("s", (), DATA, frozenset({"x00"}), frozenset({"x02"}))
    items = fit.items_of(fit.SplitSet("s", (DATA / "xquad-vi" / "qa.jsonl",), DATA, frozenset(), frozenset()))
    assert {fit.split_of(i, split) for i in items if i.doc == "x00"} == {"train"}
    assert {fit.split_of(i, split) for i in items if i.doc == "x02"} == {"validation"}
    # An article in neither list: by the line's id, the same every time.
    assert [fit.split_of(i, split) for i in items if i.doc == "x01"] == [fit.split_of(i, split) for i in items if i.doc == "x01"]


def test_a_config_names_its_own_weights_file(tmp_path: Path) -> None:
    (tmp_path / "answer_weights.toml").write_text(weights_toml(SentenceWeights(kind=0.25, slot=0.0), "test"), encoding="utf-8")
    (tmp_path / "settings.toml").write_text('answer_weights_file = "answer_weights.toml"\n', encoding="utf-8")
    settings = load_settings(tmp_path / "settings.toml")
    assert settings.answer.weights == SentenceWeights(kind=0.25, slot=0.0)
    assert load_settings(DATA.parent.parent / "config" / "settings.toml").answer.weights.overlap == 1.0


@pytest.mark.parametrize(
    "text",
    ["[sentence]\nslot = -1\n", "[sentence]\nnonsense = 1\n", '[sentence]\nkind = "x"\n', "[sentence\n"],
)
def test_a_bad_weights_file_is_one_clear_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "w.toml").write_text(text, encoding="utf-8")
    (tmp_path / "settings.toml").write_text('answer_weights_file = "w.toml"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="w.toml"):
        load_settings(tmp_path / "settings.toml")


def test_a_sentences_score_is_its_weighed_features() -> None:
    service = load_service(None, DATA.parent.parent / "seeds")
    library = service.library
    weights = SentenceWeights(overlap=1.0, paragraph_rank=0.7, bigram=0.2, kind=0.4, count=0.9)
    for text in ("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?", "Sơn Trà có bao nhiêu chi bộ hoàn thành tốt nhiệm vụ?"):
        question = service.read(text)
        terms = question_terms(question, library)
        hits = library.search(terms.bm25, 5)
        scored = score_sentences(hits, library, library.tokenizer, terms, question, weights)
        assert scored
        for entry in scored:
            expected = terms.total * sum(w * f for w, f in zip(weights.as_vector(), entry.features))
            assert entry.score == pytest.approx(expected)


def test_a_spans_score_is_its_weighed_evidence() -> None:
    asked = read_asked("Năm 2020 quận Đống Đa thu ngân sách bao nhiêu?")
    sentence = "Năm 2020, thu ngân sách trên địa bàn quận đạt 11.085 tỷ đồng, chi ngân sách đạt 2.150 tỷ đồng."
    weights = SpanWeights(measure_clause=1.0, measure_near=2.0, proximity=3.0, prior=0.5)
    assert [span.text for span in candidates(asked, sentence)][:1] == ["11.085 tỷ đồng"]
    found = candidates(asked, sentence, weights=weights)
    for span in found:
        assert span.evidence is not None and span.score == pytest.approx(span.evidence.score(weights))


def test_a_weights_file_names_its_span_weights(tmp_path: Path) -> None:
    weights = SentenceWeights(span=SpanWeights(proximity=0.7, prior=2.0))
    (tmp_path / "answer_weights.toml").write_text(weights_toml(weights, "test"), encoding="utf-8")
    (tmp_path / "settings.toml").write_text('answer_weights_file = "answer_weights.toml"\n', encoding="utf-8")
    assert load_settings(tmp_path / "settings.toml").answer.weights.span == SpanWeights(proximity=0.7, prior=2.0)
    (tmp_path / "answer_weights.toml").write_text('[span]\nnonsense = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="answer_weights.toml"):
        load_settings(tmp_path / "settings.toml")
