"""The word-class tagger: the same tags as pyvi's ViPosTagger, without importing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.corpus.loader import load_corpus
from retrieval.text.pos import _fast_tagger, is_lone_verb, word_classes
from retrieval.text.tokenize import segment

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_the_fast_tagger_tags_as_pyvi_does_on_the_seeds() -> None:
    from pyvi import ViPosTagger

    fast = _fast_tagger()
    assert fast is not None
    sentences = [s for d in load_corpus(SEEDS).documents for p in d.passages for s in p.sentences]
    assert len(sentences) > 100
    for sentence in sentences:
        words = segment(sentence)
        assert fast(words) == [str(t) for t in ViPosTagger.postagging_tokens(words)[1]], sentence


@pytest.mark.parametrize(
    "text, lone",
    [("ban hành", True), ("triển khai", True), ("thu hút đầu tư", False), ("phát triển kinh tế", False),
     ("Năm hành động vì cảnh quan", False), ("dịch vụ", False), ("", False)],
)
def test_a_lone_verb(text: str, lone: bool) -> None:
    assert is_lone_verb(text) is lone


def test_word_classes_pair_words_with_tags() -> None:
    assert word_classes("ban hành") == (("ban_hành", "V"),)
