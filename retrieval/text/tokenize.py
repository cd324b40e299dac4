"""One tokenizer for passages and questions: normalise, expand abbreviations, segment with pyvi, fold.

A term is lower case and accent-free, so a question typed without diacritics meets the same terms as the
accented one. pyvi joins the syllables of a word with "_"; we keep such a compound and also its syllables,
because pyvi segments unaccented or oddly cased text differently from the article it should match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from retrieval.text.normalize import (
    expand_abbreviations,
    fold_accents,
    is_mostly_uppercase,
    normalize_text,
    unify_numbers,
)
from retrieval.text.segmenter import word_segmenter

# Bump when tokens change for the same text (normalisation, abbreviations handling, segmentation, folding):
# every saved index is then rebuilt. Editing a comment here does not.
TOKENIZER_VERSION = 1

_WORD_CHAR = re.compile(r"\w", re.UNICODE)


def segment(text: str) -> list[str]:
    """pyvi word segmentation of one text: words with syllables joined by "_"."""
    if not text.strip():
        return []
    # Same output as pyvi's ViTokenizer.tokenize, without its second of imports (see retrieval/segmenter.py).
    return word_segmenter()(text).split()


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
        terms.extend(_word_terms(word))
    return terms


@lru_cache(maxsize=1 << 18)
def _word_terms(word: str) -> tuple[str, ...]:
    # Words repeat (Zipf's law): each distinct word is folded once per process, not once per occurrence.
    if not _WORD_CHAR.search(word):
        return ()
    folded = fold_accents(word).lower()
    if "_" not in folded:
        return (folded,)
    return (folded, *(part for part in folded.split("_") if part))


def tokenize(text: str, abbreviation_variants: Mapping[str, str] | None = None) -> list[str]:
    """Terms of a passage or a question."""
    return terms_from_words(segment(prepare(text, abbreviation_variants or {})))


_SYLLABLE = re.compile(r"\w+")
SYLLABLE_CACHE_SIZE = 1 << 16  # the same sentences come back question after question


class Tokenizer:
    """The one way text becomes terms and syllables, with the corpus's abbreviation table bound in.

    Passages and questions both go through here. Syllables of sentences are cached per tokenizer: the
    answer step compares the same candidate sentences question after question.
    """

    def __init__(self, abbreviation_variants: Mapping[str, str]) -> None:
        self.abbreviations = abbreviation_variants
        self._syllables = lru_cache(maxsize=SYLLABLE_CACHE_SIZE)(self._compute_syllables)

    def terms(self, text: str) -> list[str]:
        """Index terms of a passage or a question."""
        return tokenize(text, self.abbreviations)

    def words(self, text: str) -> list[str]:
        """pyvi words of the text as pyvi should see it (see `prepare`)."""
        return segment(prepare(text, self.abbreviations))

    def syllables(self, text: str, accented: bool) -> tuple[str, ...]:
        """Lower-case syllables of the matching form; accent-free unless `accented`."""
        return self._syllables(text, accented)

    def _compute_syllables(self, text: str, accented: bool) -> tuple[str, ...]:
        found = _SYLLABLE.findall(matching_form(text, self.abbreviations).lower())
        return tuple(found if accented else (fold_accents(s) for s in found))
