"""Names typed with one letter wrong ("Maastrich", "Bedigo") read as the name the articles spell.

Only capitalised words without diacritics that no paragraph holds are corrected: names are what people look
up and misspell, and one wrong letter in a name finds nothing at all. Vietnamese words are left alone: a
syllable one letter away from another is usually another word ("nhảy" and "nhạy"), not a typo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from retrieval.models import NameCorrection
from retrieval.text.folding import fold_aligned
from retrieval.text.normalize import fold_accents, has_diacritics

MIN_LETTERS = 4  # shorter names have too many neighbours one letter away
# A slip with no neighbour word to confirm a reading is read as the syllable one letter away only when that one
# is in this many paragraphs at least, and this many times as many as the next reading.
MIN_ALONE = 5
ALONE_MARGIN = 5
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NAME = re.compile(r"(?<![\w-])[A-Z][A-Za-z]*(?![\w-])")
# One Vietnamese syllable written without its marks ("Ninh", "Nguyen"): a word, never corrected.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def is_syllable(folded: str) -> bool:
    """True when a folded lower-case word could be one Vietnamese syllable ("nguyen", "khi", "nam")."""
    return _SYLLABLE.fullmatch(folded) is not None


def _one_edit_away(word: str, kept: int = 0) -> set[str]:
    """Every string one deletion, swap, replacement or insertion away from `word` (Norvig's edits1); `kept`:
    the letters at its start that stay as they are."""
    splits = [(word[:i], word[i:]) for i in range(kept, len(word) + 1)]
    deletes = {left + right[1:] for left, right in splits if right}
    swaps = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaces = {left + c + right[1:] for left, right in splits if right for c in _LETTERS}
    inserts = {left + c + right for left, right in splits for c in _LETTERS}
    return (deletes | swaps | replaces | inserts) - {word}


def _recased(typed: str, known: str) -> str:
    if typed.isupper():
        return known.upper()
    return known[:1].upper() + known[1:]


def correct_names(
    text: str, frequency: Callable[[str], int], keep: frozenset[str] = frozenset()
) -> tuple[str, tuple[NameCorrection, ...]]:
    """`text` with each unknown name replaced by the most frequent known term one letter away.

    `frequency(term)` is how many paragraphs hold a folded index term (0 for none); words in `keep`
    (abbreviations) stay as typed.
    """
    corrections: list[NameCorrection] = []

    def replace(match: re.Match[str]) -> str:
        typed = match.group()
        term = fold_accents(typed).lower()
        if len(term) < MIN_LETTERS or has_diacritics(typed) or typed in keep or is_syllable(term):
            return typed
        if frequency(term) > 0:
            return typed
        scored = [(frequency(candidate), candidate) for candidate in _one_edit_away(term)]
        known = [(count, candidate) for count, candidate in scored if count > 0]
        if not known:
            return typed
        best = max(count for count, _ in known)
        choices = sorted(candidate for count, candidate in known if count == best)
        if len(choices) > 1:
            return typed  # "Hoang" or "Hoanh"? Guessing between equals is worse than not guessing
        read = _recased(typed, choices[0])
        corrections.append(NameCorrection(typed, read))
        return read

    corrected = _NAME.sub(replace, text)
    return corrected, tuple(corrections)


_WORD = re.compile(r"[^\W_]+")
_DIVISION_WORDS = frozenset({"quan", "huyen", "q"})


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differing = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(differing) == 1 or (
            len(differing) == 2 and differing[1] == differing[0] + 1 and a[differing[0]] == b[differing[1]]
            and a[differing[1]] == b[differing[0]]
        )
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def correct_places(
    text: str, places: Iterable[str], is_place: Callable[[str], bool] = lambda name: False
) -> tuple[str, tuple[NameCorrection, ...]]:
    """`text` with a place of `places` typed one letter off ("Tân Bìnhh", "Ha Dongg") written as the place.

    Only a run of as many words as the place's name, one of which is no Vietnamese syllable at all ("binhh"),
    or a run of syllables right after "quận"/"huyện" that `is_place` knows as no place ("quận Hoàng Kiếm"):
    a run of real syllables one letter away from a district is another place, not a typo."""
    folded = fold_aligned(text).lower()
    words = list(_WORD.finditer(folded))
    corrections: list[NameCorrection] = []
    replaced: list[tuple[int, int, str]] = []
    for place in places:
        key = fold_accents(place).lower().split()
        if len(key) < 2 and len("".join(key)) < MIN_LETTERS + 2:
            continue  # "Q1", "Mê": too short to tell a typo from another word
        width = len(key)
        for i in range(len(words) - width + 1):
            run = [w.group() for w in words[i : i + width]]
            if run == key:
                continue
            if all(is_syllable(w) for w in run):
                # "quận Hoàng Kiếm", "Quận ủy Hoàng Kiếm": a place is named right after these
                division = i > 0 and (words[i - 1].group() in _DIVISION_WORDS or (
                    i > 1 and words[i - 1].group() == "uy" and words[i - 2].group() in _DIVISION_WORDS))
                if not division or is_place(text[words[i].start() : words[i + width - 1].end()]):
                    continue
            if not _edit_distance_at_most_one(" ".join(run), " ".join(key)):
                continue
            start, end = words[i].start(), words[i + width - 1].end()
            if any(start < b and a < end for a, b, _ in replaced):
                continue
            replaced.append((start, end, place))
    accented = has_diacritics(text)
    for start, end, place in sorted(replaced, reverse=True):
        # Written as the rest of the question is: an accented name would make an unaccented question read as accented.
        written = place if accented else fold_accents(place)
        corrections.append(NameCorrection(text[start:end], written))
        text = text[:start] + written + text[end:]
    return text, tuple(reversed(corrections))


_AFTER_NUMBER = re.compile(r"(?<![\w.,])\d{1,2}\s+$")
_TIME_UNITS = frozenset(("thang", "nam", "ngay", "quy", "tuan"))
_LOWER_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")
_VOWELS = frozenset("aeiouy")


def correct_syllables(
    text: str, frequency: Callable[[str], int], keep: frozenset[str] = frozenset(),
    function_words: frozenset[str] = frozenset(),
) -> tuple[str, tuple[NameCorrection, ...]]:
    """`text` with each lower-case word that no Vietnamese syllable can be ("sáh", "nganf") read as the known
    syllable one letter away that makes a word the articles hold with its neighbour ("ngân sách").

    A word that could be a syllable is never touched: one letter away from another, it is usually another
    word. Without a neighbour to confirm it, the typo stays as typed."""
    words = list(_LOWER_WORD.finditer(text))
    folded = [fold_accents(m.group()).lower() for m in words]
    hasty = not has_diacritics(text)  # typed without a single mark: in haste
    edits: list[tuple[int, int, str]] = []
    corrections: list[NameCorrection] = []
    for i, match in enumerate(words):
        typed, term = match.group(), folded[i]
        if not typed[0].islower() or len(term) < 2 or typed in keep:
            continue
        before = folded[i - 1] if i > 0 and _adjacent(text, words[i - 1], match) else None
        after = folded[i + 1] if i + 1 < len(words) and _adjacent(text, match, words[i + 1]) else None
        syllable = is_syllable(term)
        if frequency(term) > 0 or (syllable and not hasty):
            # A real syllable is read as another only in a word the articles never write with its neighbour
            # ("ngân sánh", "ngân sác") when one letter away they write it often ("ngân sách").
            read = None if term in function_words or hasty else _in_context(term, before, after, frequency)
            if read is not None:
                read = _with_marks_of(typed, read)
                edits.append((match.start(), match.end(), read))
                corrections.append(NameCorrection(typed, read))
            continue
        # A real syllable no article holds, in a question typed without any mark ("dang vin"), is read as another
        # only when that one makes a word the articles use often with its neighbour ("dang vien").
        if syllable and term in function_words:
            continue  # "nào", "sao" are the question's own words, whatever the articles write
        scored = []
        alone = []
        for candidate in _one_edit_away(term):
            if not is_syllable(candidate) or (syllable and len(candidate) != len(term) + 1):
                continue  # a real syllable is read as another only with the letter a hasty hand dropped
            together = sum(frequency(f"{b}_{a}") for b, a in ((before, candidate), (candidate, after)) if b and a)
            if together >= (MIN_ALONE if syllable else 1):
                scored.append((together, frequency(candidate), candidate))
            elif frequency(candidate) > 0:
                alone.append((0, frequency(candidate), candidate))
        if syllable and not scored:
            continue
        if not scored and _AFTER_NUMBER.search(text[: match.start()]):
            # "6 thág năm 2025": after a number, the time unit one letter away is what was typed.
            units = [c for c in alone if c[2] in _TIME_UNITS]
            if len(units) == 1:
                scored = units
        if not scored:
            # No neighbour to confirm it ("9 thág 2024"): only a syllable far commoner than any other reading.
            alone.sort(reverse=True)
            if not alone or alone[0][1] < MIN_ALONE or (len(alone) > 1 and alone[0][1] < ALONE_MARGIN * alone[1][1]):
                continue
            scored = alone[:1]
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
            continue  # two readings as likely: guessing between them is worse than not guessing
        read = _with_marks_of(typed, scored[0][2])
        edits.append((match.start(), match.end(), read))
        corrections.append(NameCorrection(typed, read))
    for start, end, read in reversed(edits):
        text = text[:start] + read + text[end:]
    return text, tuple(corrections)


def _in_context(term: str, before: str | None, after: str | None, frequency: Callable[[str], int]) -> str | None:
    """The syllable one letter from `term` in its ending (where hands slip: "sánh", "sác" for "sách") that makes,
    with a neighbour, a word the articles write often, when `term` makes none with either; None when that is not
    clearly so. Only for a question typed with marks: without them, "tong chi" (tổng chi) is one letter from
    "đồng chí" too, and pyvi writes no word of two that are simply side by side."""
    pairs = [(b, a) for b, a in ((before, term), (term, after)) if b and a]
    if not pairs or any(frequency(f"{b}_{a}") > 0 for b, a in pairs):
        return None
    scored = []
    for candidate in _one_edit_away(term, kept=max(1, len(term) - 2)):
        if not is_syllable(candidate):
            continue
        together = sum(frequency(f"{b}_{a}") for b, a in ((before, candidate), (candidate, after)) if b and a)
        # Two words side by side make no pyvi word either ("đất đạt"): only a syllable far rarer than the one
        # it is read as is taken for a slip.
        if together >= MIN_ALONE and frequency(term) * ALONE_MARGIN <= frequency(candidate):
            scored.append((together, candidate))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] < ALONE_MARGIN * scored[1][0]):
        return None
    return scored[0][1]


def _adjacent(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return not text[left.end() : right.start()].strip()


def _with_marks_of(typed: str, folded: str) -> str:
    """`folded` with the marks `typed` carries on the same letters: "sáh" read as "sach" is "sách"."""
    letters: list[tuple[str, str]] = []  # each base letter of `typed` with the marks that follow it
    for char in unicodedata.normalize("NFD", typed):
        if unicodedata.combining(char) and letters:
            letters[-1] = (letters[-1][0], letters[-1][1] + char)
        else:
            letters.append((char, ""))
    out = []
    for i, letter in enumerate(folded):
        if i < len(letters) and fold_accents(letters[i][0]).lower() == letter:
            base = "đ" if letters[i][0] in "đĐ" else letter
            out.append(base + (letters[i][1] if letter in _VOWELS else ""))
        elif i > 0 and i - 1 < len(letters) and fold_accents(letters[i - 1][0]).lower() == letter and letter in _VOWELS:
            out.append(letter + letters[i - 1][1])  # a letter left out before it: the marks moved on by one
        else:
            out.append(letter)
    return unicodedata.normalize("NFC", "".join(out))


MIN_INITIALS = 2  # "HBT", "NTL", "LB"
_INITIALS = re.compile(r"(?<![\w.])[A-ZĐ]{2,5}(?![\w.])")
# Two capitals that are shorthand of their own in Vietnamese news and chat, whatever district they might spell:
# "TP" thành phố, "TX" thị xã, "BT" bí thư, "CT" chủ tịch, "ĐV" đảng viên, "HN" Hà Nội …
_TWO_LETTER_WORDS = frozenset(
    "TP TX TT BT CT ĐV DV QU HU TU UB MT CB KT XH GD YT VH ND HN SG ĐN VN QĐ NQ KH CV TB BC HĐ ĐH ĐB BV CA QS TW ĐU"
    " PB PX SX NS TS HS GV SV CN LĐ TN PN CĐ ĐT TH CC CL TK HT QT LT".split()  # TH thực hiện, CL chất lượng …
)


def read_initials(
    text: str, places: Iterable[str], keep: frozenset[str] = frozenset()
) -> tuple[str, tuple[NameCorrection, ...]]:
    """ "HBT năm 2020 thu ngân sách bao nhiêu?": initials of exactly one district of the corpus read as its
    name ("Hai Bà Trưng"); abbreviations of `keep` ("NSNN", "UBND") stay."""
    by_initials: dict[str, list[str]] = {}
    for place in places:
        words = place.split()
        if len(words) >= MIN_INITIALS:
            by_initials.setdefault("".join(w[0] for w in words).upper(), []).append(place)
    if not by_initials:
        return text, ()
    corrections: list[NameCorrection] = []

    def replace(match: re.Match[str]) -> str:
        typed = match.group()
        named = by_initials.get(typed)
        if typed in keep or named is None or len(named) != 1 or typed in _TWO_LETTER_WORDS:
            return typed
        written = named[0] if has_diacritics(text) else fold_accents(named[0])
        corrections.append(NameCorrection(typed, written))
        return written

    return _INITIALS.sub(replace, text), tuple(corrections)


# "QU Tân Phú", "HU Đông Anh": the district's Party committee before its name ("05-KH/QU" stays a code).
_COMMITTEE_BEFORE_NAME = re.compile(r"(?<![\w/.-])(QU|HU|TU)(?=\s+[A-ZĐ0-9])")
_COMMITTEES = {"QU": "Quận ủy", "HU": "Huyện ủy", "TU": "Thành ủy"}


def read_committees(text: str) -> str:
    """ "Theo chủ đề năm của QU Tân Phú": "Quận ủy Tân Phú" (written folded in a question typed without marks)."""
    accented = has_diacritics(text)
    return _COMMITTEE_BEFORE_NAME.sub(
        lambda m: _COMMITTEES[m.group(1)] if accented else fold_accents(_COMMITTEES[m.group(1)]), text)
