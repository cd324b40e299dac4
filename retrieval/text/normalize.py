"""Vietnamese text normalisation: a pipeline of small named steps, shared by passages and questions.

Quotes are always cut from the original text; these steps only shape what is matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

# Characters that look like Vietnamese letters but are not (Icelandic eth) or that only disturb matching.
_CHAR_MAP = str.maketrans(
    {
        "\u00d0": "Đ",  # Ð LATIN CAPITAL LETTER ETH, often typed for Đ
        "\u00f0": "đ",
        "\u0110": "Đ",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
        "\u00ad": "",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)

_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SYLLABLE = re.compile(r"[^\W\d_]+")
# Only a syllable ending in o/u + a toned a, e or y can be written two ways; the rest are left alone unseen.
_TWO_WAY_SYLLABLE = re.compile(r"(?<!\w)[^\W\d_]*[oOuU][àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\w)")
# Open syllables where the old ("hoà", "thuỷ") and new ("hòa", "thủy") conventions differ.
_OPEN_GLIDE = re.compile(r"^(?P<head>.*?)(?P<glide>[oOuU])(?P<nucleus>[aAeEyY])$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def nfc(text: str) -> str:
    """Compose decomposed input (e.g. "a" + combining grave) into single code points."""
    return unicodedata.normalize("NFC", text)


def map_characters(text: str) -> str:
    """Replace look-alike letters, odd spaces and dashes; drop zero-width and control characters."""
    text = _SURROGATE.sub("", text)
    return _CONTROL.sub(" ", text.translate(_CHAR_MAP))


@lru_cache(maxsize=1 << 16)
def _place_tone(syllable: str) -> str:
    # Cached: a corpus has a few thousand distinct syllables, and indexing calls this for every one it reads.
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        return syllable
    bare = "".join(c for c in decomposed if c not in _TONE_MARKS)
    match = _OPEN_GLIDE.match(bare)
    if match is None or match["head"][-1:].lower() == "q":
        return syllable
    if match["head"] and match["head"][-1].lower() in "aeiouy\u0302\u0306\u031b":
        return syllable  # a triphthong or a longer vowel cluster: no ambiguity to settle
    placed = match["head"] + match["glide"] + tones[0] + match["nucleus"]
    return unicodedata.normalize("NFC", placed)


def place_tones(text: str) -> str:
    """Put tone marks on the glide in open "oa", "oe", "uy" syllables: hoà → hòa, thuỷ → thủy, khoẻ → khỏe."""
    return _TWO_WAY_SYLLABLE.sub(lambda m: _place_tone(m.group()), text)


def normalize_text(text: str) -> str:
    """NFC, character map and one tone convention: the form both passages and questions are matched in."""
    return place_tones(nfc(map_characters(nfc(text))))


_LEADING_ZEROS = re.compile(r"(?<![\d.,])0+(?=\d)")
_NUMBER_THEN_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])")


def unify_numbers(text: str) -> str:
    """Write numbers one way for matching: "05 năm" → "5 năm", "12.350m2" → "12.350 m2", "%" → "phần trăm"."""
    text = _NUMBER_THEN_LETTER.sub(" ", _LEADING_ZEROS.sub("", text))
    return text.replace("%", " phần trăm ")


# A small count typed as a digit before what it counts ("2 chỉ tiêu", "3 dự án"), in folded lower-case text:
# not a district's number ("quận 7 thu …", "q 4") nor a span of time or a number of times ("6 tháng", "2 lần").
SMALL_COUNT = re.compile(
    r"(?<![\w.,/])(?<!quan )(?<!q )(?<!phuong )([2-9])\s+(?!(?:nam|thang|quy|ngay|lan)(?![^\W_]))(?=[a-z])"
)


def fold_accents(text: str) -> str:
    """Remove every diacritic; đ/Đ are mapped explicitly because Unicode does not decompose them."""
    if text.isascii():
        return text
    if len(text) <= 24:  # syllables and words: the same few thousand again and again
        return _fold_word(text)
    return _fold(text)


@lru_cache(maxsize=65536)
def _fold_word(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_diacritics(text: str) -> bool:
    """True when any letter carries a Vietnamese diacritic (including đ)."""
    return fold_accents(text) != text


def is_mostly_uppercase(text: str) -> bool:
    """True for text typed in capitals (pyvi would read every word as part of a name)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.8


def in_running_text(phrase: str) -> str:
    """A phrase as it reads inside a sentence: "Năm 2021" → "năm 2021", "NĂM 2021" (typed in capitals) →
    "năm 2021"; a phrase that starts with an abbreviation or a name keeps it ("HĐND", "Quận 5")."""
    if phrase.isupper():
        return phrase.lower()
    first = phrase.split(" ", 1)[0]
    if first[1:2].isupper() or not first[:1].isupper():
        return phrase
    return phrase[:1].lower() + phrase[1:]


def abbreviation_variants(abbreviations: Mapping[str, str]) -> dict[str, str]:
    """Every spelling users type for each abbreviation: as written, lower case, and without diacritics."""
    variants: dict[str, str] = {}
    for short, expansion in abbreviations.items():
        for form in (short, short.lower(), fold_accents(short), fold_accents(short).lower()):
            variants.setdefault(form, expansion)
    return variants


def expand_abbreviations(text: str, variants: Mapping[str, str]) -> str:
    """Replace whole-word abbreviations (HĐND, ubnd, TP.) by their expansions, so both spellings match.

    `variants` comes from abbreviation_variants().
    """
    if not variants:
        return text
    known = _PATTERN_OF_TABLE.get(id(variants))
    if known is not None and known[0] is variants and known[1] == len(variants):
        pattern = known[2]
    else:
        pattern = _abbreviation_pattern(tuple(sorted(variants, key=len, reverse=True)))
        # The same table is passed for every measure of the corpus: sorting its keys once, not each time. The
        # table itself is kept, so its id cannot be reused by another one.
        _PATTERN_OF_TABLE[id(variants)] = (variants, len(variants), pattern)
    return pattern.sub(lambda m: f" {variants[m.group(1)]} ", text)


_PATTERN_OF_TABLE: dict[int, tuple[Mapping[str, str], int, re.Pattern[str]]] = {}


_PATTERN_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _abbreviation_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    pattern = _PATTERN_CACHE.get(keys)
    if pattern is None:
        alternatives = "|".join(re.escape(k) for k in keys)
        # A key ending in "." may run straight into the next word ("TP.Hà Nội"); others must end a word.
        pattern = re.compile(rf"(?<!\w)({alternatives})(?:(?<=\.)|(?!\w))")
        _PATTERN_CACHE[keys] = pattern
    return pattern
