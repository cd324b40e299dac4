"""Word classes from pyvi's tagger (ViPosTagger's model), for the few checks where a word's class says what a
span is: a lone verb ("ban hành") is never what something is.

As with the segmenter (segmenter.py), `from pyvi import ViPosTagger` costs most of a second (its pickle imports
scikit-learn), so the model bytes are read with the segmenter's restricted unpickler and run through pycrfsuite
with the features pyvi's word2features computes. Only the model file this was checked against (SHA-256) takes
the fast path; tests/test_pos.py compares the tags with pyvi's own.
"""

from __future__ import annotations

import hashlib
import io
import logging
import string
from collections.abc import Callable, Sequence
from functools import lru_cache

from retrieval.text.segmenter import ModelUnpickler, pyvi_model_dir
from retrieval.text.tokenize import segment

logger = logging.getLogger(__name__)

# pyvi 0.1.1's models/pyvipos3.pkl.
KNOWN_POS_MODELS = frozenset({"273e0b10a2c91cbdfffe62ffd699486bb6de74004f49b4d169a6975830395b7b"})
_FILTERED = frozenset(string.punctuation) | {"\u2026", "\u201d", "\u201c", "\u2019", "..."}


def _features(words: Sequence[str]) -> list[list[str]]:
    """pyvi's ViPosTagger.word2features for every word, as crfsuite attribute names (False ones left out)."""
    n = len(words)
    lowered = [w.lower() for w in words]
    items: list[list[str]] = []
    for i, word in enumerate(words):
        item = ["bias", "word.lower():" + lowered[i]]
        if word.istitle():
            item.append("word.istitle()")
        if word.isdigit():
            item.append("word.isdigit()")
        if word[:1].isdigit():
            item.append("word[:1].isdigit()")
        if word[:3].isupper():
            item.append("word[:3].isupper()")
        if word in _FILTERED:
            item.append("word.isfiltered")
        if i > 0:
            before = words[i - 1]
            item.append("-1:word.lower():" + lowered[i - 1])
            if before.istitle():
                item.append("-1:word.istitle()")
            if before[:1].isdigit():
                item.append("-1:word[:1].isdigit()")
            if before[:3].isupper():
                item.append("-1:word[:3].isupper()")
            if i > 1:
                second = words[i - 2]
                item.append("-2:word.lower():" + lowered[i - 2])
                if second.istitle():
                    item.append("-2:word.istitle()")
                if second.isupper():
                    item.append("-2:word.isupper()")
        else:
            item.append("BOS")
        if i < n - 1:
            after = words[i + 1]
            item.append("+1:word.lower():" + lowered[i + 1])
            if after.istitle():
                item.append("+1:word.istitle()")
            if after[:1].isdigit():
                item.append("+1:word[:1].isdigit()")
            if after.isupper():
                item.append("+1:word.isupper()")
            if i < n - 2:
                second = words[i + 2]
                item.append("+2:word.lower():" + lowered[i + 2])
                if second.istitle():
                    item.append("+2:word.istitle()")
                if second.isupper():
                    item.append("+2:word.isupper()")
        else:
            item.append("EOS")
        items.append(item)
    return items


def _fast_tagger() -> Callable[[Sequence[str]], list[str]] | None:
    models = pyvi_model_dir()
    if models is None:
        return None
    try:
        model_file = (models / "pyvipos3.pkl").read_bytes()
    except OSError:
        return None
    if hashlib.sha256(model_file).hexdigest() not in KNOWN_POS_MODELS:
        logger.info("pyvi's tagger model differs from the checked one; tagging with pyvi itself")
        return None
    try:
        import pycrfsuite

        model_bytes = ModelUnpickler(io.BytesIO(model_file)).load().modelfile.__dict__["__FILE_RESOURCE_DATA__"]
        tagger = pycrfsuite.Tagger()
        tagger.open_inmemory(model_bytes)
    except Exception as error:  # noqa: BLE001 - any surprise means: use pyvi itself
        logger.warning("Không dùng được bộ gán nhãn từ loại nhanh (%s); dùng pyvi", error)
        return None

    def tag(words: Sequence[str]) -> list[str]:
        return list(tagger.tag(_features(words))) if words else []

    tag.model_bytes = model_bytes  # type: ignore[attr-defined]  # crfsuite reads from it: keep it alive
    return tag


@lru_cache(maxsize=1)
def word_tagger() -> Callable[[Sequence[str]], list[str]]:
    """Tags for pyvi words (syllables joined by "_"), as ViPosTagger.postagging_tokens gives them."""
    fast = _fast_tagger()
    if fast is not None:
        return fast
    from pyvi import ViPosTagger  # costs most of a second: it imports scikit-learn

    return lambda words: [str(t) for t in ViPosTagger.postagging_tokens(list(words))[1]] if words else []


@lru_cache(maxsize=4096)
def word_classes(text: str) -> tuple[tuple[str, str], ...]:
    """(word, class) pairs of pyvi's segmentation and tags: "ban hành" → (("ban_hành", "V"),)."""
    words = segment(text)
    return tuple(zip(words, word_tagger()(words)))


def is_lone_verb(text: str) -> bool:
    """One word, and a verb: "ban hành", "triển khai". What something is, is never that alone."""
    classes = word_classes(text.strip())
    return len(classes) == 1 and classes[0][1] == "V"
