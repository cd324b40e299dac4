"""One tokenizer for passages and questions: normalise, expand abbreviations, segment with pyvi, fold.

A term is lower case and accent-free, so a question typed without diacritics meets the same terms as the
accented one. pyvi joins the syllables of a word with "_"; we keep such a compound and also its syllables,
because pyvi segments unaccented or oddly cased text differently from the article it should match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from retrieval.normalize import (
    expand_abbreviations,
    fold_accents,
    is_mostly_uppercase,
    normalize_text,
    unify_numbers,
)

_WORD_CHAR = re.compile(r"\w", re.UNICODE)


@lru_cache(maxsize=1)
def _segmenter():  # noqa: ANN202 - pyvi has no type hints
    from pyvi import ViTokenizer  # imported lazily: it costs about a second

    return ViTokenizer


def segment(text: str) -> list[str]:
    """pyvi word segmentation of one text: words with syllables joined by "_"."""
    if not text.strip():
        return []
    return _segmenter().tokenize(text).split()


def matching_form(text: str, abbreviation_variants: Mapping[str, str]) -> str:
    """Normalised text with numbers written one way and abbreviations expanded: what is compared."""
    return expand_abbreviations(unify_numbers(normalize_text(text)), abbreviation_variants)


def prepare(text: str, abbreviation_variants: Mapping[str, str]) -> str:
    """The text pyvi should see: the matching form, with capitals lowered when typed all in capitals."""
    text = matching_form(text, abbreviation_variants)
    if is_mostly_uppercase(text):
        text = text.lower()
    return text


def terms_from_words(words: list[str]) -> list[str]:
    """Index terms from pyvi words: folded, lower case; compounds plus their syllables; no punctuation."""
    terms: list[str] = []
    for word in words:
        if not _WORD_CHAR.search(word):
            continue
        folded = fold_accents(word).lower()
        terms.append(folded)
        if "_" in folded:
            terms.extend(part for part in folded.split("_") if part)
    return terms


def tokenize(text: str, abbreviation_variants: Mapping[str, str] | None = None) -> list[str]:
    """Terms of a passage or a question."""
    return terms_from_words(segment(prepare(text, abbreviation_variants or {})))
