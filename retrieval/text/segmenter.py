"""pyvi's word segmentation, computed faster: same model, same features, same output as ViTokenizer.tokenize.

`from pyvi import ViTokenizer` costs about a second because unpickling its CRF model imports scikit-learn
(and SciPy), though tagging only needs python-crfsuite. Its feature extraction also builds a dict per
syllable with every string lowered three times. Here the model bytes are read from pyvi's pickle with an
unpickler that knows only the five names that file holds, the CRF runs through pycrfsuite directly, and
each syllable's features are computed once. Features whose value is False are left out: crfsuite multiplies
an attribute's weight by its value, so a 0.0 attribute adds exactly nothing. tests/test_segmenter.py
checks the output against pyvi's own on the seeds, the XQuAD corpus and odd inputs.

The fast path is used only for the pyvi model files it was checked against (by SHA-256); any other pyvi,
or any surprise while loading, falls back to ViTokenizer itself.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import logging
import pickle
import re
import string
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# pyvi 0.1.1's models/pyvi3.pkl and models/words.txt: the files whose features this module reproduces.
KNOWN_MODELS: frozenset[tuple[str, str]] = frozenset(
    {
        (
            "6cdd73aee04b6a4ad7320ca85d27d931a7ef870cfdd41beb148e86bdb8aca134",
            "517743d27e71d43343e4b8e9e89015cdc68d84ebe1d48106449e501d918ece4a",
        ),
    }
)

# pyvi's sylabelize() pattern, compiled once (pyvi rebuilds the string on every call).
_ABBREVIATIONS = [r"[A-ZĐ]+\.", r"Tp\.", r"Mr\.", r"Mrs\.", r"Ms\.", r"Dr\.", r"ThS\."]
_SPECIALS = ["==>", "->", r"\.\.\.", ">>", "\n"]
_WEB = r"\w+://[^\s]+"
_EMAIL = r"([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)"
_DIGIT = r"\d+([\.,_]\d+)+"
_SYLLABLE = re.compile(
    "(" + "|".join([*_ABBREVIATIONS, *_SPECIALS, _WEB, _EMAIL, _DIGIT, r"[^\w\s]", r"\w+"]) + ")", re.UNICODE
)
_PUNCTUATION = string.punctuation

# The only globals pyvi3.pkl refers to. The estimator and its file holder become plain attribute bags;
# numpy scalars and the training log are training-time details tagging never reads.
_PICKLE_GLOBALS = {
    ("sklearn_crfsuite.estimator", "CRF"): "bag",
    ("sklearn_crfsuite._fileresource", "FileResource"): "bag",
    ("numpy.core.multiarray", "scalar"): "ignored",
    ("numpy", "dtype"): "ignored",
    ("pycrfsuite._logparser", "TrainLogParser"): "ignored",
}


class _Bag:
    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class _Ignored:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __setstate__(self, state: object) -> None:
        pass


class ModelUnpickler(pickle.Unpickler):
    """Reads pyvi's model pickle without importing scikit-learn, and refuses any name it does not expect."""

    def find_class(self, module: str, name: str) -> Any:
        kind = _PICKLE_GLOBALS.get((module, name))
        if kind == "bag":
            return _Bag
        if kind == "ignored":
            return _Ignored
        if (module, name) == ("_codecs", "encode"):
            import codecs

            return codecs.encode  # how protocol-2 pickles spell bytes
        raise pickle.UnpicklingError(f"unexpected global in pyvi model: {module}.{name}")


def pyvi_model_dir() -> Path | None:
    """pyvi's models folder, found without importing pyvi."""
    spec = importlib.util.find_spec("pyvi")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "models"


class FastSegmenter:
    """ViTokenizer.tokenize with pyvi's CRF model run through pycrfsuite directly."""

    def __init__(self, model_bytes: bytes, words_text: str) -> None:
        import pycrfsuite

        self._model_bytes = model_bytes  # crfsuite reads the model from this buffer: keep it alive
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(model_bytes)
        self._bigrams: set[str] = set()
        self._trigrams: set[str] = set()
        for entry in words_text.split("\n"):  # read as pyvi reads it: no newline translation
            parts = len(entry.split(" "))
            if parts == 2:
                self._bigrams.add(entry)
            elif parts == 3:
                self._trigrams.add(entry)

    def tokenize(self, text: str) -> str:
        """Exactly ViTokenizer.tokenize(text): words with their syllables joined by "_", separated by spaces."""
        syllables = [match[0] for match in _SYLLABLE.findall(unicodedata.normalize("NFC", text))]
        if not syllables:
            return text
        labels = self._tagger.tag(self._features(syllables))
        parts = [syllables[0]]
        for i in range(1, len(labels)):
            current, previous = syllables[i], syllables[i - 1]
            joined = (
                labels[i] == "I_W"
                and current not in _PUNCTUATION
                and previous not in _PUNCTUATION
                and not current[0].isdigit()
                and not previous[0].isdigit()
                and not (current[0].istitle() and not previous[0].istitle())
            )
            parts.append("_" if joined else " ")
            parts.append(current)
        return "".join(parts)

    def _features(self, syllables: list[str]) -> list[list[str]]:
        """pyvi's word2features for every position, as crfsuite attribute names (value 1.0 each)."""
        n = len(syllables)
        lowered = [s.lower() for s in syllables]
        upper = [s.isupper() for s in syllables]
        title = [s.istitle() for s in syllables]
        # pyvi lowers the joined n-gram; lowering each syllable first gives the same string.
        bigram = [f"{lowered[i]} {lowered[i + 1]}" in self._bigrams for i in range(n - 1)]
        trigram = [f"{lowered[i]} {lowered[i + 1]} {lowered[i + 2]}" in self._trigrams for i in range(n - 2)]
        items: list[list[str]] = []
        for i in range(n):
            item = ["bias", "word.lower():" + lowered[i]]
            if upper[i]:
                item.append("word.isupper()")
            if title[i]:
                item.append("word.istitle()")
            if syllables[i].isdigit():
                item.append("word.isdigit()")
            if i > 0:
                item.append("-1:word.lower():" + lowered[i - 1])
                if title[i - 1]:
                    item.append("-1:word.istitle()")
                if upper[i - 1]:
                    item.append("-1:word.isupper()")
                if bigram[i - 1]:
                    item.append("-1:word.bi_gram()")
                if i > 1 and trigram[i - 2]:
                    item.append("-2:word.tri_gram()")
            if i < n - 1:
                item.append("+1:word.lower():" + lowered[i + 1])
                if title[i + 1]:
                    item.append("+1:word.istitle()")
                if upper[i + 1]:
                    item.append("+1:word.isupper()")
                if bigram[i]:
                    item.append("+1:word.bi_gram()")
                if i < n - 2 and trigram[i]:
                    item.append("+2:word.tri_gram()")
            items.append(item)
        return items


def load_fast_segmenter() -> FastSegmenter | None:
    """The fast segmenter for a pyvi model this module was checked against, else None."""
    models = pyvi_model_dir()
    if models is None:
        return None
    try:
        model_file = (models / "pyvi3.pkl").read_bytes()
        words = (models / "words.txt").read_bytes()
    except OSError:
        return None
    fingerprint = (hashlib.sha256(model_file).hexdigest(), hashlib.sha256(words).hexdigest())
    if fingerprint not in KNOWN_MODELS:
        logger.info("pyvi model files differ from the checked ones; segmenting with pyvi itself")
        return None
    try:
        estimator = ModelUnpickler(io.BytesIO(model_file)).load()
        model_bytes = estimator.modelfile.__dict__["__FILE_RESOURCE_DATA__"]
        return FastSegmenter(model_bytes, words.decode("utf-8"))
    except Exception as error:  # noqa: BLE001 - any surprise means: use pyvi itself
        logger.warning("Không dùng được bộ tách từ nhanh (%s); dùng pyvi", error)
        return None


@lru_cache(maxsize=1)
def word_segmenter() -> Callable[[str], str]:
    """A function with ViTokenizer.tokenize's behaviour: the fast one when possible."""
    fast = load_fast_segmenter()
    if fast is not None:
        return fast.tokenize
    from pyvi import ViTokenizer  # costs about a second: it imports scikit-learn

    return ViTokenizer.tokenize
