"""The fast segmenter gives exactly pyvi's output, and falls back to pyvi for a model it does not know."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.text import segmenter

PROJECT = Path(__file__).resolve().parent.parent
XQUAD = PROJECT / "tests" / "data" / "xquad-vi"
ODD = [
    "",
    "   ",
    "a",
    "TP.HCM và Q.1, ThS. Nguyễn Văn A ==> kết quả -> 11.085,046 tỷ đồng...",
    "Liên hệ ban.tuyen.giao@hanoi.gov.vn hoặc https://hanoimoi.vn/bai-viet?id=1 >> ngay",
    "QUẬN ĐỐNG ĐA THU NGÂN SÁCH ĐẠT 100,52% DỰ TOÁN",
    "quan dong da thu ngan sach bao nhieu",
    "hoà thuỷ khoẻ Hòa Bình 01-CTr/QU quý I/2021 (25,3%)",
    "dòng một\ndòng hai",
    "Mr. Smith, Dr. Lee, Mrs. Jones và Ms. Wu",
    "🙂 ½ ² ③ ｱｲｳ Ω",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = list(ODD)
    for folder in (PROJECT / "seeds", XQUAD / "corpus"):
        for path in sorted(folder.glob("*.txt")):
            found += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    qa = XQUAD / "qa.jsonl"
    found += [json.loads(line)["question"] for line in qa.read_text(encoding="utf-8").splitlines()[:200]]
    return found


def test_fast_segmentation_is_pyvis(texts: list[str]) -> None:
    from pyvi import ViTokenizer

    fast = segmenter.load_fast_segmenter()
    assert fast is not None, "the installed pyvi model is not the one the fast path was checked against"
    for text in texts:
        assert fast.tokenize(text) == ViTokenizer.tokenize(text), text


def test_an_unknown_model_falls_back_to_pyvi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segmenter, "KNOWN_MODELS", frozenset())
    assert segmenter.load_fast_segmenter() is None


def test_the_model_unpickler_refuses_other_names() -> None:
    import io
    import pickle

    with pytest.raises(pickle.UnpicklingError):
        segmenter.ModelUnpickler(io.BytesIO(pickle.dumps(print))).load()
