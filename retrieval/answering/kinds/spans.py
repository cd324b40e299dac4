"""The short answer cut verbatim from a sentence: a figure with its unit, a count with its noun, a name, a
role, a date, a place, a body, a quoted title.

Candidates are found in the folded sentence and cut from the original at the same offsets, so
`sentence[span.start:span.end] == span.text` always holds. A candidate must fill the slot exactly (the noun
counted, the role, the unit, the period); among those, the one whose neighbouring words best repeat the
question's wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from retrieval.facts.amounts import EXACT_IN_BRACKETS, ROUNDED_BEFORE
from retrieval.gazetteer import load_gazetteer
from retrieval.answering.kinds.aligned import aligned_span, noun_asked, opened_by_noun_asked, word_bounds
from retrieval.answering.kinds.folding import Token, fold_aligned, fold_phrase, joined_in_name, tokens
from retrieval.answering.kinds.kinds import AnswerKinds, AskedFor, default_answer_kinds
from retrieval.answering.kinds.periods import conflicts, read_period
from retrieval.answering.kinds.styles import style
from retrieval.answering.scorer import DEFAULT_SPAN_WEIGHTS, SpanEvidence, SpanWeights
from retrieval.text.pos import is_lone_verb
from retrieval.text.normalize import SMALL_COUNT, has_diacritics
from retrieval.text.spelling import is_syllable


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    score: float = 0.0
    # What the score is made of (scorer.SPAN_FEATURES); None for a span scored on a scale of its own (aligned.py).
    evidence: SpanEvidence | None = None


def _span(start: int, end: int, text: str, evidence: SpanEvidence) -> Span:
    return Span(start, end, text, evidence.score(DEFAULT_SPAN_WEIGHTS), evidence)


# A spaced hyphen before a capital sets a phrase apart ("… - Vùng Thủ đô"); before a small letter it joins the
# halves of a compound ("kinh tế - xã hội", "giáo dục - đào tạo").
_CLAUSE_BREAK = re.compile(r"[,;:.()\[\]“”\"!?–|]|\s-\s(?=[^\W\d_])(?![a-zà-ỹđ])")
_SEGMENT_BREAK = re.compile(r"[;()\[\]|]|\.(?:\s|$)")
_TIME_ASKED = re.compile(r"(?<!\w)(?:bao lau|thoi gian|dong ho|may gio|luc may)(?!\w)")
# A quantity: "12.345,678", "42", or a clock time ("2:45" left on the clock).
_NUMBER = re.compile(
    r"(?<![\w.,/:-])(\d{1,2}:\d{2}(?::\d{2})?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/:]|-\w|[.,]\d)"
)
_GLUED_UNIT = re.compile(r"(?:m2|m²|m3|km2|km|ha|kg|mw|kw|usd|%)(?!\w)")
_FRACTION = re.compile(r"(?<![\w.,/-])(\d+)/(\d+)(?![\w/-]|[.,]\d)")
_NUMBER_WORD = r"(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|muoi mot|hai muoi|ba muoi)"
# Shares written in words: "hai phần ba", "gần một nửa".
_WRITTEN_SHARE = re.compile(r"(?<!\w)(?:(?:hon|gan|khoang) )?(?:(?:mot|hai|ba|bon) phan (?:hai|ba|bon|nam|muoi)|mot nua)(?!\w)")
_SCORE_ASKED = re.compile(r"(?<!\w)(?:diem so|ty so|ti so)(?!\w)")
_SCORE = re.compile(r"(?<![\w.,/-])\d{1,3}\s?[-–]\s?\d{1,3}(?![\w/-]|[.,]\d)")  # a match's score: "20-18"
_FIGURE_UNITS = (
    "nghin ty dong", "ngan ty dong", "ty dong", "trieu dong", "nghin dong", "ngan dong", "dong", "ty usd",
    "trieu usd", "usd", "nghin ty", "ty", "trieu", "nghin", "ngan", "phan tram", "m2", "m²", "km2", "km",
    "ha", "hecta", "tan", "lit", "nguoi", "luot", "ho", "doanh nghiep",
)
_TIME_UNITS = ("nam", "thang", "ngay", "tuan", "gio", "phut", "quy")
_DURATION = re.compile(
    rf"(?<![\w.,/-])(?:\d+(?:,\d+)?|{_NUMBER_WORD}) (?:nam|thang|ngay|tuan|gio|phut|giay|the ky|thap ky|quy)(?!\w)"
)
_DAY_DATE = re.compile(r"(?<![\w/-])(?:ngay\s)?\d{1,2}[/-]\d{1,2}(?:[/-](?:19|20)?\d{2})?(?![\w/-])")
# "từ ngày 10 đến 12/7/2020", "10-12/7/2020": an event of several days, answering "khi nào" whole.
_DAY_RANGE = re.compile(
    r"(?<![\w/-])(?:tu\s(?:ngay\s)?\d{1,2}(?:[/-]\d{1,2})?\s(?:den|toi)\s(?:ngay\s)?|\d{1,2}\s?[-–]\s?|\d{1,2}(?:\sva|,)\s)"
    r"\d{1,2}[/-]\d{1,2}(?:[/-](?:19|20)?\d{2})?(?![\w/-])"
)
_WRITTEN_DATE = re.compile(r"(?<!\w)(?:ngay\s)?\d{1,2}\sthang\s\d{1,2}(?:\snam\s(?:19|20)\d{2})?(?!\w)")
_RANGE = re.compile(r"(?<!\w)(?:(?:giai doan|nhiem ky|tu nam|nam)\s)?(?:19|20)\d{2}\s?[-–]\s?(?:19|20)\d{2}(?!\d)")
# "từ năm 1945 đến 1954": a period written out, answering "khi nào" whole.
_SPELLED_RANGE = re.compile(r"(?<!\w)tu (?:nam )?(?:1\d|20)\d{2} (?:den|toi) (?:nam )?(?:1\d|20)\d{2}(?!\d)")
# A year after "năm" may be any year ("năm 938"); a bare number is read as a year only from 1000 to 2099.
_YEAR = re.compile(r"(?<![\w/.,-])(?:nam\s\d{3,4}|(?:1\d|20)\d{2})(?![\w/-]|[.,]\d)")
_MONTH = re.compile(r"(?<!\w)thang\s\d{1,2}(?:[/-](?:19|20)\d{2}|\snam\s\d{3,4})?(?![\w/])")
_QUARTER = re.compile(r"(?<!\w)quy\s(?:iv|iii|ii|i|[1-4])(?:[/-](?:19|20)\d{2})?(?![\w/])")
_ORDINAL = re.compile(r"(?<!\w)(?:lan\s)?thu\s(?:\d+|[ivxlc]+|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)(?!\w)")
_TERM = re.compile(r"(?<!\w)khoa\s(?:\d+|[ivxlc]+)(?!\w)")
_QUOTED = re.compile(r"[“\"]([^“”\"]{3,200})[”\"]")
_CAPITALISED = re.compile(r"[A-ZĐÀ-Ỹ0-9][\w]*|[A-ZĐ]{2,}")
_COUNT_RANGE = re.compile(
    r"(?<![\w.,/-])(?:tu )?\d{1,3}(?:\.\d{3})*\s?(?:[-–]|den)\s?\d{1,3}(?:\.\d{3})*(?![\w/-]|[.,]\d)"
)
_MULTIPLIER = re.compile(r"\s(?:tram|nghin|ngan|van|trieu|ty)(?!\w)")
_TOTAL_ASKED = re.compile(r"(?<!\w)(?:tong cong|tong so|tat ca|toan bo)(?!\w)")  # the whole, not a share of it
_CLASSIFIER = re.compile(r"\s(?:cai|chiec)(?!\w)")  # "320 cái ghế": a classifier may stand before the noun
FULL_NAME_BONUS = 0.6  # a person asked: a name of two words or more over one
HEAD_ONLY_PENALTY = 1.0  # a count whose sentence names only the head of the noun asked ("25 loài")
_WORD = re.compile(r"\w+(?:[-/.]\w+)*")


def _is_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or (word[0].isdigit() and any(c.isupper() for c in word)))


@dataclass(frozen=True)
class _Sentence:
    text: str
    folded: str
    tokens: tuple[Token, ...]


def _prepare(sentence: str) -> _Sentence:
    folded = fold_aligned(sentence)
    return _Sentence(sentence, folded, tokens(folded))


# -- scoring: how well a candidate's neighbourhood repeats the question -----------------------------------


def _bounds(pattern: re.Pattern[str], text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in pattern.finditer(text, 0, start)]
    after = pattern.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _window_words(sentence: _Sentence, lo: int, hi: int, start: int, end: int) -> list[str]:
    return [t.text for t in sentence.tokens if lo <= t.start and t.end <= hi and not (start <= t.start < end)]


def _score(
    asked: AskedFor, sentence: _Sentence, start: int, end: int, cut: tuple[int, int] | None = None, ignore: frozenset[str] = frozenset()
) -> SpanEvidence:
    """How the words around [start, end) repeat the question's measure, feature by feature."""
    # "(34,2%)" alone in brackets annotates the words before the bracket: they are its clause.
    bracketed = sentence.text[start - 1 : start] == "(" and sentence.text[end : end + 1] == ")"
    around = (start - 1, end + 1) if bracketed else (start, end)
    clause_lo, clause_hi = _bounds(_CLAUSE_BREAK, sentence.text, *around)
    if cut is not None:
        clause_lo, clause_hi = max(clause_lo, cut[0]), min(clause_hi, cut[1])
    segment_lo, segment_hi = _bounds(_SEGMENT_BREAK, sentence.text, *around)
    clause = _window_words(sentence, clause_lo, clause_hi, start, end)
    index = next((i for i, t in enumerate(sentence.tokens) if t.start >= start), len(sentence.tokens))
    near_tokens = sentence.tokens[max(0, index - 10) : index + 8]
    near = {t.text for t in near_tokens if segment_lo <= t.start < segment_hi and not (start <= t.start < end)}
    segment = set(_window_words(sentence, segment_lo, segment_hi, start, end))
    clause_set = set(clause)
    found: dict[str, float] = {}
    for prefix, words in (("measure", asked.measure), ("extra", asked.measure_extra)):
        for word in words:
            if word in ignore:
                continue
            where = "clause" if word in clause_set else "near" if word in near else "segment" if word in segment else None
            if where is not None:
                found[f"{prefix}_{where}"] = found.get(f"{prefix}_{where}", 0.0) + 1.0
    joined = f" {' '.join(clause)} "
    pairs = sum(1.0 for first, second in zip(asked.measure, asked.measure[1:]) if f" {first} {second} " in joined)
    # Of two spans the clause frames alike ("Nghị quyết số 15 năm 2019 và Nghị quyết số 22 năm 2023"), the
    # one the question's words stand closest to.
    measure = set(asked.measure) - ignore
    span_at = index - max(0, index - 10)  # where the span starts among the near tokens
    closest: dict[str, int] = {}
    for position, token in enumerate(near_tokens):
        if token.text in measure and segment_lo <= token.start < segment_hi and not (start <= token.start < end):
            distance = abs(position - span_at)
            closest[token.text] = min(closest.get(token.text, distance), distance)
    proximity = sum(1 / (1 + d) for d in closest.values())
    return SpanEvidence.of(measure_pairs=pairs, proximity=proximity, **found)


# -- candidates for each kind of short answer ---------------------------------------------------------------


_QUARTER_BEFORE = re.compile(r"(?<![^\W_])(?:quy|q)\s*$")


def _numbers(sentence: _Sentence) -> list[tuple[int, int]]:
    """Numbers that are quantities: not a code ("30-CT/TU"), a date ("3-5-2025") or a range's year."""
    found = [(m.start(), m.end()) for m in _NUMBER.finditer(sentence.folded)]
    found += [(m.start(), m.end()) for m in _FRACTION.finditer(sentence.folded)]
    dates = [(m.start(), m.end()) for p in (_DAY_DATE, _RANGE) for m in p.finditer(sentence.folded)]
    result = []
    for start, end in sorted(found):
        if end < len(sentence.folded) and sentence.folded[end].isalpha() and not _GLUED_UNIT.match(sentence.folded, end):
            continue  # "30CT", "Covid19": part of a word
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in found):
            continue  # a part of a fraction
        if any(s <= start < e for s, e in dates) and not _FRACTION.fullmatch(sentence.folded[start:end]):
            continue
        if _QUARTER_BEFORE.search(sentence.folded, max(0, start - 5), start):
            continue  # "quý 1": which quarter, never a quantity
        result.append((start, end))
    return result


def _after(folded: str, end: int, phrase: str) -> int | None:
    """The end of `phrase` when it follows `end` (after spaces or directly, as in "12.350m2")."""
    match = re.match(rf"\s?{re.escape(phrase)}(?!\w)", folded[end:])
    return end + match.end() if match else None


def _unit_after(folded: str, end: int, units: tuple[str, ...]) -> int | None:
    for unit in sorted(units, key=len, reverse=True):
        if unit == "%":
            match = re.match(r"\s?%", folded[end:])
            if match:
                return end + match.end()
            continue
        stop = _after(folded, end, fold_phrase(unit) if unit not in ("m²",) else unit)
        if stop is not None:
            return stop
    return None


def _is_year(text: str) -> bool:
    return re.fullmatch(r"(?:19|20)\d{2}", text) is not None


def _duration_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    """ "bao lâu": a number of years, months … ("5 năm", "hai mươi tháng"), or a period written out."""
    for match in _DURATION.finditer(sentence.folded):
        start, stop = match.span()
        if not _is_year(sentence.folded[start:stop].split()[0]):
            yield _span(start, stop, sentence.text[start:stop], _score(asked, sentence, start, stop) + 1.0)
    for match in _SPELLED_RANGE.finditer(sentence.folded):
        start, stop = match.span()
        yield _span(start, stop, sentence.text[start:stop], _score(asked, sentence, start, stop) + 0.5)




def _figure_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    folded = sentence.folded
    if "bao lau" in asked.cue:
        yield from _duration_candidates(asked, sentence)
    numbers = _numbers(sentence)
    for index, (start, end) in enumerate(numbers):
        number = folded[start:end]
        if "/" in number or (":" in number and not _TIME_ASKED.search(asked.folded)):
            continue  # a clock time answers only a question about time
        before = folded[max(0, start - 12) : start]
        if re.search(r"(?:thu|khoa|lan|(?<!dan )(?<!tong )(?<!con )(?<!trong )so)\s$", before):
            # "lần thứ 5", "số 07": an ordinal or a code, not a quantity ("dân số 8.053.663" and "trong số
            # 120.000 người" are quantities)
            continue
        percent_end = _unit_after(folded, end, ("%", "phan tram"))
        unit_end = _unit_after(folded, end, asked.units) if asked.units else None
        if asked.percent and percent_end is None:
            continue
        if asked.units and unit_end is None:
            continue
        stop = percent_end or unit_end or _unit_after(folded, end, _FIGURE_UNITS)
        if stop is None:
            if _is_year(number) or any(_after(folded, end, u) for u in _TIME_UNITS):
                continue
            stop = end
        if (index + 1 < len(numbers) and ROUNDED_BEFORE.search(folded[max(0, start - 12) : start])
                and EXACT_IN_BRACKETS.fullmatch(folded[stop : numbers[index + 1][0]])):
            continue  # "gần 4.500 tỷ đồng (4.486,2 tỷ đồng)": the exact amount in brackets is the answer
        cut = (numbers[index - 1][1] if index else 0, numbers[index + 1][0] if index + 1 < len(numbers) else len(folded))
        score = _score(asked, sentence, start, stop, cut)
        if not asked.percent and percent_end is not None and not asked.units:
            score -= 0.5  # "bao nhiêu" alone: the amount itself before its share of a plan
        yield _span(start, stop, sentence.text[start:stop], score)
    if asked.units or asked.percent:
        return
    for match in _WRITTEN_SHARE.finditer(folded):
        start, stop = match.span()
        yield _span(start, stop, sentence.text[start:stop], _score(asked, sentence, start, stop))
    if _SCORE_ASKED.search(asked.folded):
        for match in _SCORE.finditer(folded):
            start, stop = match.span()
            yield _span(start, stop, sentence.text[start:stop], _score(asked, sentence, start, stop) + 1.0)


def _unasked_duration(asked: AskedFor, sentence: _Sentence, start: int, end: int) -> float:
    """A count "5 năm liền" (a run of years) when no run of years was asked: a weaker answer."""
    if asked.period.duration is not None:
        return 0.0
    lo, hi = _bounds(_SEGMENT_BREAK, sentence.text, start, end)
    return 1.0 if read_period(sentence.folded[lo:hi]).duration is not None else 0.0


def _noun_after(folded: str, end: int, asked: AskedFor) -> int | None:
    best: int | None = None
    for noun in asked.counted_any:
        required = " ".join(noun[: min(len(noun), 3)])
        stop = _after(folded, end, required)
        if stop is not None and (best is None or stop > best):
            rest = noun[3:]
            for word in rest:
                more = _after(folded, stop, word)
                if more is None:
                    break
                stop = more
            best = stop if best is None else max(best, stop)
    return best


def _noun_before(folded: str, start: int, asked: AskedFor) -> bool:
    """ "Chi bộ hoàn thành xuất sắc nhiệm vụ: 41/305": the noun opens the clause the number closes."""
    lo = max([m.end() for m in re.finditer(r"[,;.()]", folded[:start])], default=0)
    clause = folded[lo:start]
    if not re.search(r"(?::|\bla|\bgom|\bdat)\s*$", clause):
        return False
    words = " ".join(_WORD.findall(clause))
    return any(re.match(rf"\s*{re.escape(' '.join(noun[:3]))}(?!\w)", words) for noun in asked.counted_any)


def _noun_right_before(folded: str, start: int, asked: AskedFor) -> int | None:
    """Where the counted noun starts when it stands right before the number ("ở tuổi 39", "hạng 2")."""
    for noun in asked.counted_any:
        match = re.search(rf"(?<!\w){re.escape(' '.join(noun))}\s$", folded[:start])
        if match:
            return match.start()
    return None


def _penalised(span: Span, amount: float) -> Span:
    evidence = span.evidence - amount if span.evidence is not None else None
    return replace(span, score=span.score - amount, evidence=evidence)


def _count_candidates(asked: AskedFor, sentence: _Sentence) -> list[Span]:
    found = list(_counts_of(asked, sentence))
    if not found and asked.counted_head:
        # "bao nhiêu loài chim di cư" / "40 loài khác": the sentence names only the noun's head, written as typed
        # after a number in figures; trusted less.
        head = replace(asked, counted_any=(tuple(fold_phrase(w) for w in asked.counted_head),))
        head_noun = re.escape(" ".join(asked.counted_head))
        written = re.compile(rf"\d[\d.,]*\s(?:(?:trăm|nghìn|ngàn|triệu|tỷ|tỉ)\s)?{head_noun}$", re.IGNORECASE)
        found = [
            _penalised(span, HEAD_ONLY_PENALTY)
            for span in _counts_of(head, sentence)
            if written.search(span.text)
        ]
    return found


def _counts_of(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    folded = sentence.folded
    numbers = _numbers(sentence)
    spans = list(numbers)
    spans += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){_NUMBER_WORD}(?=\s)", folded)]
    # "20-30 hộ", "từ 5 đến 7 tầng": a count given as a range (of numbers that are not years)
    spans += [m.span() for m in _COUNT_RANGE.finditer(folded) if not any(_is_year(n) for n in re.findall(r"\d+", m.group()))]
    counted_words = frozenset(word for noun in asked.counted_any for word in noun)
    total = _TOTAL_ASKED.search(asked.folded) is not None
    for start, end in spans:
        if _is_year(folded[start:end]) and (folded[max(0, start - 4) : start] == "nam " or _noun_after(folded, end, asked) is None):
            continue  # "năm 2000", not "2000 khách"
        segment_lo, _ = _bounds(_SEGMENT_BREAK, sentence.text, start, end)
        # What opens a list of counts ("đã đánh giá 5 …, 22 …") is said of every count, not of the first.
        cut_lo = max([e for s, e in numbers if e <= start], default=start if any(segment_lo <= s for s, _ in numbers if s > start) else 0)
        cut_hi = min([s for s, e in numbers if s >= end], default=len(folded))
        stop = _noun_after(folded, end, asked)
        multiplier = _MULTIPLIER.match(folded, end) or _CLASSIFIER.match(folded, end) if stop is None else None
        if multiplier:
            stop = _noun_after(folded, multiplier.end(), asked)  # "12 triệu lượt khách"
        noun_start = _noun_right_before(folded, start, asked) if stop is None and (start, end) in numbers else None
        if noun_start is not None:
            start, stop = noun_start, end
        elif stop is None and (start, end) in numbers and _noun_before(folded, start, asked):
            stop = next((e for e in (_after(folded, end, w) for w in ("dong chi", "nguoi")) if e), end)
            # "Đảng viên hoàn thành xuất sắc nhiệm vụ là 878": the words before say what this number counts.
            cut_lo = max([e for s, e in numbers if e <= start], default=0)
        if stop is not None:
            # The counted noun is what is counted, not a measure: it stands inside some spans and beside others.
            score = _score(asked, sentence, start, stop, (cut_lo, cut_hi), counted_words) - _unasked_duration(asked, sentence, start, stop)
            if len(asked.counted) > 3 and " ".join(asked.counted) in folded[end:stop]:
                # "mấy đề án phát triển đô thị": "4 đề án phát triển đô thị …" counts the noun asked in
                # full, "6 đề án" only its first words.
                score += 1.0
            slash = folded.find("/", start, end)
            if total and slash >= 0:
                start = slash + 1  # "tổng cộng bao nhiêu chi bộ" / "41/305": of 305 in all
            yield _span(start, stop, sentence.text[start:stop], score)


def _ordinal_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    pattern = _TERM if "khoa" in asked.cue else _ORDINAL
    for match in pattern.finditer(sentence.folded):
        start, end = match.span()
        text = sentence.text[start:end]
        if fold_phrase(text) in asked.folded:
            continue
        yield _span(start, end, text, _score(asked, sentence, start, end))


# "những ngày nào", "từ ngày nào đến ngày nào": a span of days asked.
_SEVERAL_DAYS = re.compile(r"(?<!\w)(?:(?:nhung|cac|may)\s+ngay|tu\s+ngay\s+nao\s+den)(?!\w)")


def _date_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    cue = asked.cue
    generic = False  # "khi nào", "bao giờ": no word says which kind of time is asked
    if "ngay" in cue or "hom" in cue:  # "hôm nào": which day
        # "diễn ra trong những ngày nào?": several days, the range the sentence states, not one day of it
        several = _SEVERAL_DAYS.search(asked.folded) is not None and _DAY_RANGE.search(sentence.folded) is not None
        patterns = [(_DAY_RANGE, 1.0)] if several else [(_DAY_RANGE, 1.0), (_DAY_DATE, 1.0), (_WRITTEN_DATE, 1.0)]
    elif "giai doan" in cue or "nhiem ky" in cue:
        patterns = [(_SPELLED_RANGE, 1.0), (_RANGE, 1.0)]
    elif "thang" in cue:
        patterns = [(_MONTH, 1.0), (_DAY_DATE, 0.5)]
    elif "quy" in cue:
        patterns = [(_QUARTER, 1.0)]
    elif "nam" in cue:
        patterns = [(_YEAR, 1.0), (_DAY_DATE, 0.5), (_RANGE, 0.5)]
    else:
        generic = True
        patterns = [
            (_DAY_RANGE, 1.0), (_DAY_DATE, 1.0), (_WRITTEN_DATE, 1.0), (_SPELLED_RANGE, 0.8), (_RANGE, 0.8),
            (_QUARTER, 0.6), (_MONTH, 0.6), (_YEAR, 0.5),
        ]
    occasions = _occasions(asked, sentence)
    if occasions is not None:
        yield occasions
        return
    codes = _codes(asked)
    documents = [m for m in _ANY_DOCUMENT_CODE.finditer(sentence.folded)] if codes else []
    taken: list[tuple[int, int]] = []
    for pattern, weight in patterns:
        for match in pattern.finditer(sentence.folded):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            if documents:
                # "Kết luận số 89-KL/TU ban hành ngày nào?": the date written with that document, not another's
                # ("Nghị quyết số 12-NQ/HU, ngày 3/3/2025 …").
                named = [m for m in documents if m.end() <= start and start - m.end() <= 24]
                if not named or named[-1].group().lower() not in codes:
                    continue
            text = sentence.text[start:end]
            if fold_phrase(text) in asked.folded or fold_phrase(text) in asked.folded.replace(" ", ""):
                continue  # the question's own date is not its answer
            if generic and match.group().startswith("nhiem ky"):
                continue  # "khóa XII, nhiệm kỳ 2020-2025" names which body met, not when it did
            yield _span(start, end, text, _score(asked, sentence, start, end) + weight)


def _occasions(asked: AskedFor, sentence: _Sentence) -> Span | None:
    """ "vào những thời điểm (dịp) nào?": the occasions the sentence names ("nhất là trong thời gian diễn ra Đại
    hội … và dịp Tết …"), of which a year is no more than a part."""
    if not _OCCASIONS_ASKED.search(asked.folded):
        return None
    occasion = _OCCASION.search(sentence.folded)
    if occasion is None:
        return None
    stop = _SEGMENT_BREAK.search(sentence.text, occasion.end())
    text = sentence.text[occasion.end() : stop.start() if stop else len(sentence.text)].rstrip(" ,")
    if not text or len(text) > 120:
        return None
    return _span(occasion.end(), occasion.end() + len(text), text,
                 _score(asked, sentence, occasion.end(), occasion.end() + len(text)) + 2.0)


_OCCASIONS_ASKED = re.compile(r"(?<!\w)(?:(?:nhung|cac)\s+(?:thoi diem|dip|luc|thoi gian)|dip)\s+nao(?!\w)")
_OCCASION = re.compile(r"(?<!\w)(?:(?:trong|vao)\s+)?(?:(?:thoi gian|thoi diem)\s+dien\s+ra|dip)\s+")


# Runs of capitalised words; a Vietnamese title capitalises a word's first syllable only ("Ban Thường vụ
# Thành ủy"), so one lower-case syllable may follow a capitalised one inside a run.
def _runs(sentence: _Sentence, names: frozenset[str] = frozenset(), word_starts: frozenset[int] | None = None) -> list[list[Token]]:
    """Runs of capitalised words, one lower-case syllable allowed inside; `word_starts` (pyvi's): a lower-case
    last syllable that opens no word of its own ends none ("Tiểu ban Kinh tế": "Kinh_tế")."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    previous_end = -1
    lower_in_row = 0
    for token in sentence.tokens:
        original = sentence.text[token.start : token.end]
        gap = sentence.text[previous_end : token.start] if previous_end >= 0 else " "
        joined = current and gap.strip() == ""
        if _is_capitalised(original):
            if not joined and current:
                runs.append(current)
                current = []
            current.append(token)
            lower_in_row = 0
        elif joined and lower_in_row == 0 and not original[:1].isdigit():
            current.append(token)
            lower_in_row = 1
        else:
            if current:
                runs.append(current)
            current = []
            lower_in_row = 0
        previous_end = token.end
    if current:
        runs.append(current)
    trimmed = []
    for run in runs:
        # A lower-case last syllable ends the run only when it is not part of a body's name ("Thành ủy").
        while run and not _is_capitalised(sentence.text[run[-1].start : run[-1].end]):
            if len(run) >= 2 and f"{run[-2].text} {run[-1].text}" in names:
                break
            if word_starts is not None and len(run) >= 2 and run[-1].start not in word_starts:
                break
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed


def _capital_runs(sentence: _Sentence, kinds: AnswerKinds) -> list[list[Token]]:
    """Runs of capitalised words only, split where a title starts ("Lê Minh Hải | Phó Bí thư")."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for index, token in enumerate(sentence.tokens):
        original = sentence.text[token.start : token.end]
        if _is_capitalised(original) and not original.isdigit():
            # Whether a title starts here matters only inside a run: it is looked up only there.
            joined = joined_in_name(sentence.text, current[-1], token) if current else False
            if current and (not joined or _starts_title(sentence, index, kinds)):
                runs.append(current)
                current = []
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _starts_title(sentence: _Sentence, index: int, kinds: AnswerKinds) -> bool:
    """True when a role's or an organisation's head starts at token `index` ("Phó Bí thư", "Ủy ban")."""
    heads = kinds.title_heads.get(sentence.tokens[index].text)
    if not heads:
        return False
    words = tuple(t.text for t in sentence.tokens[index : index + 4])
    return any(words[: len(h)] == h for h in heads)


def _names(sentence: _Sentence, kinds: AnswerKinds, foreign: bool) -> list[tuple[int, int]]:
    """Full names: 2-4 capitalised syllables from a family name; other capitalised runs when `foreign`."""
    names: list[tuple[int, int]] = []
    heads = {h.split()[0] for h in (*kinds.role_heads, *kinds.organisation_heads)}
    for run in _capital_runs(sentence, kinds):
        words = [sentence.text[t.start : t.end] for t in run]
        for index, word in enumerate(words):
            if word in kinds.surnames and 2 <= len(words) - index <= 4:
                if _closes_a_district(words, index) and len(words) - index - 1 >= 2 and words[index + 1] in kinds.surnames:
                    continue  # "Chủ tịch UBND quận Tây Hồ Đỗ Anh Tuấn": "Hồ" ends the district, the name follows
                start, end = run[index].start, run[-1].end
                if _CITY_BEFORE.search(sentence.folded[max(0, start - 12) : start]):
                    break  # "Đảng bộ Thành phố Hồ Chí Minh": the city named for a person, not a person
                if fold_phrase(sentence.text[start:end]) not in kinds.not_names:
                    names.append((start, end))
                break
        else:
            # A sentence's first word is capitalised by convention: a Vietnamese word there ("Khi Guglielmo
            # Marconi") is no part of a name, and a single word there is no name.
            if run[0].start == 0 and len(run) >= 2 and is_syllable(run[0].text):
                run, words = run[1:], words[1:]
            text = sentence.text[run[0].start : run[-1].end]
            # Other names carry no Vietnamese diacritics ("Peter Brandt"); a Vietnamese run is a title.
            named = (run[0].start > 0 or len(run) >= 2) and run[0].text not in heads and not words[0].isupper()
            # One capitalised Vietnamese syllable is a title's first word ("… của Quận ủy; Quy chế làm việc"):
            # no Vietnamese name is one syllable, and a foreign one is seldom spelt like one.
            named = named and not (len(run) == 1 and is_syllable(run[0].text))
            if foreign and named and not has_diacritics(text):
                names.append((run[0].start, run[-1].end))
    return names


_CITY_BEFORE = re.compile(r"(?<![^\W_])(?:thanh\s+pho|tp\.?)\s+$", re.IGNORECASE)


def _closes_a_district(words: list[str], index: int) -> bool:
    """words[j..index] is a district's name of two syllables or more ("Tây Hồ", "Hai Bà Trưng")."""
    gazetteer = load_gazetteer()
    return any(gazetteer.districts_named(" ".join(words[j : index + 1])) for j in range(max(0, index - 3), index))


def _role_mentions(sentence: _Sentence, kinds: AnswerKinds) -> list[tuple[int, int, str]]:
    """Where a role is named: (start, end of the title, its head, folded); "Phó Bí thư" is never "Bí thư"."""
    heads = "|".join(re.escape(h) for h in kinds.role_heads)
    found = []
    for match in re.finditer(rf"(?<!\w)(?:{heads})(?!\w)", sentence.folded):
        start, end = match.span()
        words = [t for t in sentence.tokens if t.start >= end]
        stop = end
        body_end = -1
        for index, token in enumerate(words[:8]):
            original = sentence.text[token.start : token.end]
            gap = sentence.text[stop : token.start]
            if gap.strip():
                break
            rest = sentence.folded[token.start :]
            body = next((b for b in kinds.role_bodies if re.match(rf"{re.escape(b)}(?!\w)", rest)), None)
            if body is not None:
                stop = body_end = token.start + len(body)
                continue
            if token.start < stop:
                continue
            if stop == body_end and sentence.folded[token.start : token.end] in _LEVEL_WORDS:
                stop = token.end  # "Chủ tịch Hội đồng nhân dân quận": the level is part of the title
                continue
            if original in kinds.surnames and index + 1 < len(words) and _is_capitalised(
                sentence.text[words[index + 1].start : words[index + 1].end]
            ):
                break  # a name starts: "… Thành ủy Hà Nội Phạm Thu Hà"
            capitalised = _is_capitalised(original)
            previous = sentence.text[stop - 1 : stop]
            if capitalised or (previous.isalpha() and _is_capitalised(_word_before(sentence.text, token.start))):
                stop = token.end
                continue
            break
        found.append((start, stop, match.group()))
    return found


_LEVEL_WORDS = frozenset({"quan", "huyen", "phuong", "xa"})


def _word_before(text: str, position: int) -> str:
    words = _WORD.findall(text[:position])
    return words[-1] if words else ""


def _role_matches(asked_role: str, head: str, mention: str) -> bool:
    """The asked role "pho bi thu thuong truc quan uy" against a mention's head and folded text."""
    if not asked_role.startswith(head + " ") and asked_role != head:
        return False
    qualifier = asked_role[len(head) :].strip()
    if qualifier.startswith("thuong truc") and "thuong truc" not in mention:
        return False
    # "Chủ tịch HĐND" is not "Chủ tịch UBND", "Phó Bí thư Thành ủy" not "Phó Bí thư Quận ủy": a body asked and
    # another one named.
    asked_body, named_body = _body_of(qualifier), _body_of(mention[len(head) :])
    return asked_body is None or named_body is None or asked_body == named_body


def _body_of(words: str) -> str | None:
    """The body a role's words name, in one spelling ("hđnd", "hội đồng nhân dân" → "hdnd"), or None."""
    found = _ROLE_BODY.search(f" {words} ")
    return _BODY_SPELLINGS.get(found.group(1), found.group(1)) if found else None


_ROLE_BODY = re.compile(
    r"\s(hdnd|ubnd|hoi dong nhan dan|uy ban nhan dan|thanh uy|quan uy|huyen uy|thi uy|tinh uy|dang uy|mttq|mat tran)\s"
)
_BODY_SPELLINGS = {"hoi dong nhan dan": "hdnd", "uy ban nhan dan": "ubnd", "huyen uy": "cap uy", "quan uy": "cap uy",
                   "thi uy": "cap uy", "mat tran": "mttq"}


def _person_candidates(asked: AskedFor, sentence: _Sentence, kinds: AnswerKinds) -> Iterator[Span]:
    names = _names(sentence, kinds, foreign=False) or _names(sentence, kinds, foreign=True)
    names = [(s, e) for s, e in names if fold_phrase(sentence.text[s:e]) not in asked.names]
    if not _ASKS_PREDECESSOR.search(asked.folded):
        # "…, thay đồng chí X nhận nhiệm vụ mới": X held the office before; only "thay ai?" or what is said of X
        # ("ai nhận nhiệm vụ mới?") asks for X.
        asked_words = set(asked.folded.split())
        names = [(s, e) for s, e in names
                 if not _REPLACED_BEFORE.search(sentence.folded[max(0, s - 24) : s].lower())
                 or asked_words & set(sentence.folded[e:].lower().split()[:3])]
    if not names:
        return
    if asked.roles:
        # The name nearest to a mention of the role asked, and only such a name.
        for start, stop, head in _role_mentions(sentence, kinds):
            mention = sentence.folded[start:stop]
            if not any(_role_matches(role, head, " ".join(mention.split())) for role in asked.roles):
                continue
            nearest = min(names, key=lambda n: min(abs(n[0] - stop), abs(start - n[1])))
            distance = min(abs(nearest[0] - stop), abs(start - nearest[1]))
            if distance <= 80:
                s, e = nearest
                yield _span(s, e, sentence.text[s:e], _score(asked, sentence, s, e) + 2.0 - distance / 100)
        return
    # No role asked ("Ai đã phát biểu khai mạc?"): what the one asked did must be said here ("phát biểu"), then
    # the name standing where the question has "ai", when one does.
    did = _WHO_DID.search(asked.folded)
    # A sentence that does not say the act is less surely about the one who did it ("đề nghị của đồng chí X" may
    # still report X's speech).
    unsaid = -ACT_UNSAID_PENALTY if did is not None and not re.search(
        rf"(?<![^\W_]){re.escape(did.group(1))}(?![^\W_])", sentence.folded.lower()) else 0.0
    aligned = aligned_span(asked.question, sentence.text, kinds.person_nouns)
    if aligned is not None and any(s <= aligned.start and aligned.end <= e for s, e in names):
        yield _span(aligned.start, aligned.end, sentence.text[aligned.start : aligned.end],
                    _score(asked, sentence, aligned.start, aligned.end) + unsaid)
        return
    for start, end in names:
        # A full name ("Anna Keller") is more surely a person than one capitalised word ("Falcons").
        full = FULL_NAME_BONUS if len(sentence.text[start:end].split()) >= 2 else 0.0
        yield _span(start, end, sentence.text[start:end], _score(asked, sentence, start, end) + full + unsaid)


ACT_UNSAID_PENALTY = 1.5
# "Ai (đã) phát biểu chỉ đạo …?", "ai chủ trì …?": the act of the one asked, its first word of two syllables.
_WHO_DID = re.compile(r"^(?:\S+\s+){0,6}?ai\s+(?:da\s+|se\s+|duoc\s+)?((?!la\b|lam\b|giu\b|dung\b)[a-z]+\s[a-z]+)")
_REPLACED_BEFORE = re.compile(r"(?<![^\W_])thay(?:\s+the)?\s+(?:dong chi|ong|ba)\s+$")
_ASKS_PREDECESSOR = re.compile(r"(?<![^\W_])(?:thay\s+(?:the\s+)?(?:ai|nguoi nao|dong chi nao)|truoc do|tien nhiem|nguoi truoc)(?![^\W_])")


def _role_candidates(asked: AskedFor, sentence: _Sentence, kinds: AnswerKinds) -> Iterator[Span]:
    people = [
        (m.start(), m.end())
        for name in asked.names
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", " ".join([sentence.folded]))
    ]
    for start, stop, head in _role_mentions(sentence, kinds):
        if asked.role_choices and head not in asked.role_choices:
            continue
        score = _score(asked, sentence, start, stop)
        if people:
            distance = min(min(abs(s - stop), abs(start - e)) for s, e in people)
            if distance > 60:
                continue
            score += 2.0 - distance / 100
        yield _span(start, stop, sentence.text[start:stop], score)


def _codes(asked: AskedFor) -> list[str]:
    """The document codes the question names: "30-ct/tu", "05-tt/qu"."""
    return [w for w in asked.measure if re.search(r"\d", w) and re.search(r"[a-z]", w)]


def _organisation_candidates(asked: AskedFor, sentence: _Sentence, kinds: AnswerKinds) -> Iterator[Span]:
    quoted = [m.span() for m in _QUOTED.finditer(sentence.text)]
    names = _names(sentence, kinds, foreign=False)
    roles = _role_mentions(sentence, kinds)
    code_ends = [
        m.end() for code in _codes(asked) for m in re.finditer(rf"(?<![\w/-]){re.escape(code)}(?![\w/-])", sentence.folded)
    ]
    runs = _runs(sentence, kinds.two_word_bodies, word_bounds(sentence.text)[0])
    membership = _MEMBER_OF_WHICH.search(asked.folded)
    if membership is not None:
        # "… còn là thành viên của tổ chức nào?" / "X, Ủy viên Trung ương Đảng, …": only the bodies named right after
        # that membership answer it, when the sentence names one so.
        role = membership.group(1) + " "
        held = [run for run in runs if sentence.folded[: run[0].start].lower().endswith(role)
                or sentence.folded[run[0].start : run[-1].end].lower().startswith(role)]
        runs = held or runs
    if _several_asked(asked):
        # "những ban nào?": "Ban Kinh tế và Ban Pháp chế", the bodies joined by "và"
        joined: list[list[Token]] = []
        for run in runs:
            if joined and sentence.text[joined[-1][-1].end : run[0].start] in (" và ", ", "):
                joined[-1] = joined[-1] + run
            else:
                joined.append(run)
        runs = joined
    for run in runs:
        start, end = run[0].start, run[-1].end
        # A role that opens the run is not the body: "Ủy viên Ban Thường vụ Thành ủy" → "Ban Thường vụ Thành ủy".
        for r_start, r_stop, head in roles:
            if r_start == start:
                after = [t for t in run if t.start >= r_start + len(head)]
                start = after[0].start if after else end
        if start >= end or any(s <= start < e for s, e in quoted) or any(s <= start < e for s, e in names):
            continue
        text = sentence.text[start:end]
        folded = fold_phrase(text)
        if len(folded.split()) < 2 or f" {folded} " in f" {asked.folded} ":
            continue
        bonus = 1.0 if any(folded.startswith(h) for h in kinds.organisation_heads) else 0.0
        if any(0 <= start - e <= 40 and sentence.folded[e:start].endswith("cua ") for e in code_ends):
            bonus += 1.0  # "Chỉ thị số 12-CT/TU ngày 3-5-2025 của Ban Thường vụ Quận ủy": the issuer of the code asked
        yield _span(start, end, text, _score(asked, sentence, start, end) + bonus)


_ANY_DOCUMENT_CODE = re.compile(r"(?<![\w/-])\d+[-/][\w./-]*[a-z][\w./-]*(?![\w/-])", re.IGNORECASE)
_MEMBER_OF_WHICH = re.compile(
    r"(?<!\w)(uy vien|thanh vien|dai bieu)\s+(?:cua\s+)?(?:co quan|to chuc|ban|don vi|hoi dong)\s+nao(?!\w)")


_DOCUMENT_TYPES = (
    "nghi quyet", "chi thi", "quyet dinh", "ke hoach", "thong tri", "chuong trinh", "ket luan", "cong van",
    "de an", "huong dan", "thong bao", "quy dinh", "nghi dinh", "thong tu", "luat", "van ban", "to trinh",
)
# "Nghị quyết số 45/2021/QH15", "Chỉ thị 30-CT/TU", "Kế hoạch số 118-KH/QU": a document's type and its code.
_DOCUMENT_CODE = re.compile(
    r"(?<![^\W_])(?P<type>" + "|".join(t.replace(" ", r"\s") for t in _DOCUMENT_TYPES) + r")\s+(?:so\s+)?"
    r"(?P<code>\d+(?:[/-][\w.]+)+)"
)


def _document_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    """The code of each document the sentence names with its number ("45/2021/QH15"), nearest to the
    question's words first; of the type asked only, when the question names one."""
    asked_types = {t for t in _DOCUMENT_TYPES if re.search(rf"(?<![^\W_]){t}(?![^\W_])", asked.folded)}
    for match in _DOCUMENT_CODE.finditer(sentence.folded):
        kind = " ".join(match.group("type").split())
        if asked_types and kind not in asked_types:
            continue  # "Kế hoạch số mấy …?" is not answered by a programme's code
        start, end = match.span("code")
        text = sentence.text[start:end].rstrip(".,")
        yield _span(start, start + len(text), text, _score(asked, sentence, start, start + len(text)))


MIN_COLON_LEAD = 3  # question words right before a colon that make what follows it the answer
_DIVISION_SYLLABLES = frozenset({"thanh", "pho", "quan", "huyen", "thi", "xa", "tinh", "tp"})


_LIST_OPENERS = frozenset(("gom", "la", "sau"))  # "gồm:", "là:", "như sau:"


_LIST_WORD = re.compile(r"\s(?:là|gồm|gồm có|bao gồm)\s+")
_LISTED = re.compile(r"[^.;]+;|[^.;,]+,[^.;]+\svà\s")


def _after_colon_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    """ "… chủ đề công tác năm 2025 của quận: Năm dân vận khéo …": the question's own words, then a
    colon; what follows is what they name."""
    asked_words = set(asked.folded.split())
    openers = list(re.finditer(r":\s*", sentence.text))
    if _several_asked(asked):
        # "3 chương trình đột phá … là A; B; C.", "bốn chỉ tiêu chưa đạt gồm A, B, C và D.": a list opened
        # without its colon.
        openers += [m for m in _LIST_WORD.finditer(sentence.text) if _LISTED.match(sentence.text, m.end())]
    for colon in sorted(openers, key=lambda m: m.start()):
        # "2020-2025" is one word of the sentence and two of the question as read.
        before = [part for t in tokens(sentence.folded[: colon.start()]) for part in t.text.split("-")][-6:]
        # "… của Thành phố:" for a question that writes "của TP Hà Nội": the place closing the phrase may be
        # written otherwise; the words before it are what must be the question's.
        while len(before) > MIN_COLON_LEAD and before[-1] in _DIVISION_SYLLABLES and before[-1] not in asked_words:
            before.pop()
        # "… ba nhiệm vụ trọng tâm gồm: …": the word that opens a list is no word of what is named.
        while len(before) > MIN_COLON_LEAD and before[-1] in _LIST_OPENERS and before[-1] not in asked_words:
            before.pop()
        lead = 0
        while lead < len(before) and before[len(before) - 1 - lead] in asked_words:
            lead += 1
        if lead < MIN_COLON_LEAD:
            continue
        start = colon.end()
        # “…” right after the colon: the quoted name without its marks.
        start += len(sentence.text[start:]) - len(sentence.text[start:].lstrip("“\"'"))
        # Several things asked ("Ba chỉ tiêu chưa đạt là: A; B; C"): the list runs to the sentence's end.
        stop_match = re.compile(r"\.(?:\s|$)" if _several_asked(asked) else r"[;]|\.(?:\s|$)").search(sentence.text, start)
        stop = stop_match.start() if stop_match else len(sentence.text)
        text = sentence.text[start:stop].rstrip(" ,.”\"'")
        if text:
            yield _span(start, start + len(text), text, _score(asked, sentence, start, start + len(text)) + 1.0 + 0.2 * lead)


def _topic_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    yield from _after_colon_candidates(asked, sentence)
    asks_issue = _ASKS_ISSUE.search(asked.folded) is not None
    for match in _QUOTED.finditer(sentence.text):
        start, end = match.span(1)
        if fold_phrase(match.group(1)) in asked.folded:
            continue
        yield _span(start, end, match.group(1), _score(asked, sentence, start, end) + 0.5)
        leadership = _LEADERSHIP_OVER.match(sentence.folded, start, end) if asks_issue else None
        if leadership is not None:
            # "“Tăng cường sự lãnh đạo của cấp ủy đảng đối với công tác bảo vệ môi trường”" asked "về vấn đề gì": the
            # issue the directive's formula leads to.
            lo = leadership.end()
            yield _span(lo, end, sentence.text[lo:end], _score(asked, sentence, start, end) + 0.6)
    # "Thông tri số 09-TT/QU về tăng cường …": what follows "về" after a code the question names.
    for code in _codes(asked):
        for match in re.finditer(rf"(?<![\w/-]){re.escape(code)}(?![\w/-])[^.;“\"]*?\sve\s", sentence.folded):
            start = match.end()
            stop_match = re.compile(r"[.;“\"]").search(sentence.text, start)
            stop = stop_match.start() if stop_match else len(sentence.text)
            if stop_match is not None and stop_match.group() in "“\"":
                continue  # "… về việc thực hiện Chủ đề năm 2024 “…”": what it leads to is named by the quote
            text = sentence.text[start:stop].rstrip(" ,")
            if text:
                yield _span(start, start + len(text), text, _score(asked, sentence, start, start + len(text)))


# The formula Party directives are titled with: "(Về) tăng cường (sự) lãnh đạo (, chỉ đạo) của … về/đối với X".
_LEADERSHIP_OVER = re.compile(
    r"(?:ve\s+)?(?:tang\s+cuong|nang\s+cao|day\s+manh)\s+(?:su\s+)?lanh\s+dao(?:,?\s+chi\s+dao)?\s+cua\s+"
    r"(?:[^\W\d_]+\s+){1,5}?(?:ve|doi\s+voi)\s+",
    re.IGNORECASE,
)
_ASKS_ISSUE = re.compile(r"(?<!\w)(?:ve\s+(?:van\s+de|noi\s+dung|linh\s+vuc|viec)|noi\s+ve|de\s+cap)(?!\w)")
_NAMING = re.compile(r"(?:(?:duoc |con )?goi la|co ten(?: la)?|ten la|la)\s")
_ASKS_NAME = re.compile(r"(?:^|\s)(?:ten|goi la gi)(?:\s|$)")
_LEADING_PREPOSITION = re.compile(r"(?:tai|o|cho|voi)\s")
_OBJECT_END = re.compile(r"(?<!\w)(?:de|nham|theo|va|voi|cua|tai|o|trong|khi|thi|ma|nhu)(?!\w)")
# The same words as written with their marks: folded, "thị" (of "đô thị") would be "thì", "má" "mà".
_OBJECT_END_WRITTEN = frozenset("để nhằm theo và với của tại ở trong khi thì mà như".split())


def _object_end(sentence: _Sentence, lo: int, hi: int, several: bool = False) -> int | None:
    """Where a word that ends an object stands in [lo, hi): judged as written when the sentence has marks.
    `several`: more than one thing is asked ("2 chỉ tiêu … là gì?"), so "và" joins them rather than ends one."""
    marked = has_diacritics(sentence.text)
    for match in _OBJECT_END.finditer(sentence.folded, lo, hi):
        if several and sentence.folded[match.start() : match.end()].lower() == "va":
            continue
        if not marked or sentence.text[match.start() : match.end()].lower() in _OBJECT_END_WRITTEN:
            return match.start()
    return None


# "2 chỉ tiêu …", "hai nhiệm vụ …", "những công trình …": the question asks for more than one thing. Read as
# typed: "Hải Châu", "Ba Đình" are places, and unmarked "hai", "ba" may be any of several words.
_SEVERAL_WORDS = re.compile(r"(?<![^\W_])(?:hai|ba|bốn|những|các)\s+[a-zà-ỹđ]")
_SEVERAL_FOLDED = re.compile(
    r"(?<![^\W_])(?:nhung|cac|(?:hai|ba|bon)(?=\s+(?:nhiem vu|chi tieu|du an|cong trinh|chuong trinh|giai phap|linh vuc)))"
    r"\s+[a-z]"
)  # unmarked, "ba" may be "bà": a spelled count only before the items a plan lists


def _several_asked(asked: AskedFor) -> bool:
    typed = asked.question
    typed = typed[:1].lower() + typed[1:]  # "Ba chỉ tiêu …" opening the question is a count
    words = _SEVERAL_WORDS if has_diacritics(typed) else _SEVERAL_FOLDED
    return SMALL_COUNT.search(asked.folded) is not None or words.search(typed) is not None


MAX_LEAD = 3  # words of the question right before its question word that the answer is looked for after


def _after_lead(asked: AskedFor, words: Sequence[str]) -> tuple[int, int] | None:
    """(length, index after) of the question's words right before its question word, found in the sentence.

    "… dẫn đến điều gì?" / "… và dẫn đến di dân định cư": the answer follows the words that precede the
    question word, even when a longer run of the question's words stands elsewhere in the sentence.
    """
    cue = asked.cue.split()
    question = [t.text for t in tokens(fold_aligned(asked.question))]
    at = next((i for i in range(len(question) - len(cue), -1, -1) if question[i : i + len(cue)] == cue), None)
    if not cue or at is None:
        return None
    measure = set(asked.measure)
    for length in range(min(MAX_LEAD, at), 0, -1):
        lead = question[at - length : at]
        if length == 1 and lead[0] not in measure:
            break  # one function word ("của") is no anchor
        for index in range(len(words) - length + 1):
            if list(words[index : index + length]) == lead:
                return length, index + length
    return None


def _name_after_noun(asked: AskedFor, sentence: _Sentence, lo: int, hi: int) -> int:
    """Where the name starts when the question's own noun comes first: "sân vận động Mỹ Đình"."""
    measure = set(asked.measure)
    inside = [t for t in sentence.tokens if lo <= t.start < hi]
    count = 0
    while count < len(inside) and inside[count].text in measure and not _is_capitalised(sentence.text[inside[count].start : inside[count].end]):
        count += 1
    if 0 < count < len(inside) and _is_capitalised(sentence.text[inside[count].start : inside[count].end]):
        return inside[count].start
    return lo


def _object_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    """What follows the question's own words ("cần tổ chức" → "hội nghị sơ kết các chi bộ")."""
    words = [t.text for t in sentence.tokens]
    measure = set(asked.measure)
    best: tuple[int, int] | None = None  # (length, index after the run)
    index = 0
    while index < len(words):
        length = 0
        while index + length < len(words) and words[index + length] in measure:
            length += 1
        if length >= 2 and (best is None or length >= best[0]):
            best = (length, index + length)
        index += max(length, 1)
    lead = _after_lead(asked, words)
    if lead is not None:
        best = lead
    if best is None or best[1] >= len(words):
        return
    # "chưa đạt tiến độ là …": a word of the question the measure leaves out as a function word when folded
    # ("độ" is "do") still belongs to the run before the answer.
    typed = set(asked.folded.split()) - {"la"}
    after = best[1]
    while after < len(words) - 1 and after - best[1] < 2 and words[after] in typed:
        after += 1
    best = (best[0], after)
    first = sentence.tokens[best[1]]
    end_match = _CLAUSE_BREAK.search(sentence.text, first.start)
    hi = end_match.start() if end_match else len(sentence.text)
    if end_match is not None and end_match.group() == ",":
        # "bảo đảm đủ về số lượng, chất lượng; …": a short last item after the comma ends the same clause.
        tail = _LAST_ITEM.match(sentence.text, end_match.end())
        if tail is not None:
            hi = tail.end(1)
    # "thầy tâm linh được gọi là guru": the name given, not the words that give it; asked for a name, the
    # name may be given further on ("vùng được chia thành một nửa phía bắc có tên Northland").
    wants_name = _ASKS_NAME.search(asked.folded) is not None
    link = (_NAMING.search if wants_name else _NAMING.match)(sentence.folded, first.start, hi)
    lo = link.end() if link else first.start
    preposition = _LEADING_PREPOSITION.match(sentence.folded, lo, hi)
    lo = preposition.end() if preposition else lo  # "tại sân vận động Mỹ Đình": where, not what
    if wants_name:
        lo = _name_after_noun(asked, sentence, lo, hi)
    lo = opened_by_noun_asked(noun_asked(asked.question), sentence.text, lo)  # "mô hình gì": "mô hình …"
    stop = _object_end(sentence, lo + 1, hi, several=_several_asked(asked))
    hi = stop if stop is not None else hi
    text = sentence.text[lo:hi].rstrip()
    if text and len(text) <= 120:
        yield Span(lo, lo + len(text), text, float(best[0]))


_LAST_ITEM = re.compile(r"\s*((?:[^\W\d_]+\s){0,2}[^\W\d_]+)(?=\s*(?:[;.]|$))")
_DEFINITION_ASKED = re.compile(r"^(?P<subject>.+?) (?:duoc goi la|goi la|la) gi$")
MAX_DEFINITION = 160  # characters: a definition longer than this is a paragraph, not an answer


def _definition_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    """ "DECnet là gì?" / "DECnet là bộ giao thức mạng …, ban đầu …": what the sentence says the subject is."""
    match = _DEFINITION_ASKED.match(asked.folded)
    if match is None:
        return
    subject = match.group("subject").split()
    tail = " ".join(subject[-min(2, len(subject)) :])
    for link in re.finditer(rf"(?<!\w){re.escape(tail)} (?:(?:duoc |con )?goi la|la) ", sentence.folded):
        lo = link.end()
        end_match = _CLAUSE_BREAK.search(sentence.text, lo)
        hi = end_match.start() if end_match else len(sentence.text)
        text = sentence.text[lo:hi].rstrip()
        if text and len(text) <= MAX_DEFINITION:
            yield _span(lo, lo + len(text), text, _score(asked, sentence, lo, lo + len(text)) + 1.0)
    yield from _apposition_candidates(asked, sentence, subject)


MAX_APPOSITION_WORDS = 8


def _name_ending(sentence: _Sentence, words: Sequence[Token]) -> list[Token]:
    """The name the words end with: capitalised words, and a lower-case syllable right after one ("Chợ lớn")."""
    name: list[Token] = []
    for index in range(len(words) - 1, -1, -1):
        token = words[index]
        if name and sentence.text[token.end : name[0].start] != " ":
            break
        if _is_capitalised(sentence.text[token.start : token.end]):
            name.insert(0, token)
            continue
        after_capital = index > 0 and _is_capitalised(sentence.text[words[index - 1].start : words[index - 1].end])
        if not after_capital or (name and not _is_capitalised(sentence.text[name[0].start : name[0].end])):
            break
        name.insert(0, token)
    return name


def _apposition_candidates(asked: AskedFor, sentence: _Sentence, subject: list[str]) -> Iterator[Span]:
    """ "Nhà hát Lớn, công trình đầu tiên của phố", "Văn Miếu (nơi thờ Khổng Tử)": what the sentence names
    right before the subject asked, set off by a comma or brackets."""
    if len(subject) < 2:
        return
    key = " ".join(subject[: min(3, len(subject))])
    for link in re.finditer(rf"\s?[,(]\s?{re.escape(key)}(?!\w)", sentence.folded):
        hi = len(sentence.text[: link.start()].rstrip())
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence.text, 0, hi)]
        lo = breaks[-1] if breaks else 0
        inside = [t for t in sentence.tokens if lo <= t.start and t.end <= hi][-MAX_APPOSITION_WORDS:]
        name = _name_ending(sentence, inside)
        if not name:
            continue
        lo = name[0].start
        text = sentence.text[lo:hi]
        if fold_phrase(text) not in asked.folded:
            yield _span(lo, hi, text, _score(asked, sentence, lo, hi) + 0.5)


# What opens a reason, as typed ("do" folds from "đó" and "độ" too), and how surely it gives one: a cause
# before a means, a means before a purpose.
_REASON_OPENERS = {"bởi vì": 1.0, "vì": 1.0, "do": 1.0, "bởi": 0.8, "nhờ": 0.8, "để": 0.5, "nhằm": 0.5}
_REASON_OPENER = re.compile(r"(?<!\w)(?:boi vi|vi|do|boi|nho|de|nham)\s")
MAX_REASON = 150  # characters
# "Nguyên nhân (thu không đạt dự toán) là …", "Lý do chủ yếu là do …": a sentence that says it gives a reason.
_MORE_CAUSES = re.compile(r",\s+(?:cung voi|dong thoi|ben canh do|ngoai ra|kem theo)(?![^\W_])|;")
_REASON_NAMED_AFTER = re.compile(r"[,;]\s*(?:nguyen nhan|ly do)(?:\s+(?:chu yeu|chinh))?\s+(?:la\s+do|la|do|vi)\s+")
_REASON_NAMED = re.compile(r"\W*(?:nguyen nhan|ly do)(?:\s+[^\W\d_]+){0,6}?\s+(?:la\s+do|la|do|vi)\s+")


def _reason_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    """ "Tại sao …?" / "… vì nguồn thu từ đất giảm mạnh.": the clause "vì", "do", "để" … open; "Nguyên nhân
    chủ yếu là …": what the sentence then says, to its end."""
    # "Nguyên nhân là …" opening the sentence, or after the fact it explains: "Tiến độ chưa đạt, nguyên nhân là …".
    named = _REASON_NAMED.match(sentence.folded) or _REASON_NAMED_AFTER.search(sentence.folded)
    if named is not None:
        more = _MORE_CAUSES.search(sentence.folded, named.end())  # ", cùng với …": the causes added to the main one
        hi = len(sentence.text[: more.start() if more else None].rstrip(" .;"))
        text = sentence.text[named.end() : hi]
        if len(text.split()) >= 3 and len(text) <= MAX_REASON:
            yield _span(named.end(), hi, text, _score(asked, sentence, named.end(), hi) + 1.0)
    for match in _REASON_OPENER.finditer(sentence.folded):
        opener = sentence.text[match.start() : match.end() - 1].lower()
        weight = _REASON_OPENERS.get(opener)
        if weight is None:
            continue
        end_match = _CLAUSE_BREAK.search(sentence.text, match.end())
        hi = len(sentence.text[: end_match.start() if end_match else None].rstrip())
        # The opener stays: "Vì tình hình tài chính …" reads as the answer to "Tại sao …?".
        text = sentence.text[match.start() : hi]
        if len(text.split()) >= 3 and len(text) <= MAX_REASON:
            yield _span(match.start(), hi, text, _score(asked, sentence, match.start(), hi) + weight)


def _aligned_candidates(asked: AskedFor, sentence: _Sentence, kinds: AnswerKinds) -> list[Span]:
    singled = _singled_out(asked, sentence) or _occasions(asked, sentence)
    if singled is not None:
        return [singled]
    span = aligned_span(asked.question, sentence.text, kinds.person_nouns)
    if span is None or _is_generic(fold_phrase(sentence.text[span.start : span.end]), kinds):
        return []  # "những nhóm nào?" answered "Đảng", "những chỉ tiêu nào?" "Nghị quyết": no name of anything
    return [Span(span.start, span.end, sentence.text[span.start : span.end], span.score)]


# "… hỗ trợ trước hết những đối tượng nào?" and "…, trước hết là các hộ cận nghèo, …": the words
# that single out the first of several, then what they single out.
_SINGLING_ASKED = re.compile(
    r"(?<!\w)(truoc het|truoc tien|nhat la|dac biet la|chu yeu)\s+(?:(?:cho|la|o|voi|vao)\s+)?(?:nhung|cac)\s+\w+(?:\s+\w+)?\s+nao(?!\w)"
)


def _singled_out(asked: AskedFor, sentence: _Sentence) -> Span | None:
    wanted = _SINGLING_ASKED.search(asked.folded)
    if wanted is None:
        return None
    found = re.search(rf"(?<!\w){wanted.group(1)}\s+(?:la\s+)?", sentence.folded)
    if found is None:
        return None
    stop = _CLAUSE_BREAK.search(sentence.text, found.end())
    text = sentence.text[found.end() : stop.start() if stop else len(sentence.text)].rstrip()
    if not text or len(text.split()) > 12:
        return None
    return _span(found.end(), found.end() + len(text), text, _score(asked, sentence, found.end(), found.end() + len(text)) + 1.0)


_GENERIC_NOUNS = frozenset(("dang", "nha nuoc", "nhan dan", "trung uong", "thanh pho", "quan", "huyen"))


def _is_generic(folded: str, kinds: AnswerKinds) -> bool:
    """A kind of thing with no name after it: a document type, a body's head word, "Đảng"."""
    return folded in _GENERIC_NOUNS or folded in _DOCUMENT_TYPES or folded in kinds.organisation_heads


# The word a place follows in the sentence, by the question's cue: "đến đâu" → "đến Bảo tàng Hải dương học".
_PLACE_PREPOSITIONS = {"den dau": "den|toi|sang|ve", "tu dau": "tu"}
_PLACE_BREAKS = frozenset("den toi sang ve tu va o tai".split())


def _capitalised_from(sentence: _Sentence, start: int) -> list[list[Token]]:
    """The capitalised words from `start` on, as one run: "Hà Nội" of "từ Hải Phòng đến Hà Nội"."""
    run: list[Token] = []
    for token in sentence.tokens:
        if token.start < start:
            continue
        joined = not run or sentence.text[run[-1].end : token.start] == " "
        if not joined or not _is_capitalised(sentence.text[token.start : token.end]):
            break
        run.append(token)
    return [run] if run else []


def _place_candidates(asked: AskedFor, sentence: _Sentence) -> Iterator[Span]:
    prepositions = _PLACE_PREPOSITIONS.get(asked.cue, "tai|o")
    for match in re.finditer(rf"(?<!\w)(?:{prepositions})\s", sentence.folded):
        runs = [r for r in _runs(sentence) if r[0].start == match.end()] or _capitalised_from(sentence, match.end())
        division = re.match(r"(?:quan|huyen|phuong|xa|tinh|thanh pho|thi xa)\s", sentence.folded[match.end() :])
        start = match.end()
        if division and not runs:
            runs = [r for r in _runs(sentence) if r[0].start == start + division.end()]
        if runs:
            # "từ Hải Phòng đến Hà Nội": one place ends where a lower-case preposition starts the next
            run = runs[0]
            cut = next((i for i, t in enumerate(run) if i and t.text in _PLACE_BREAKS and sentence.text[t.start].islower()), len(run))
            end = run[cut - 1].end
            text = sentence.text[start:end]
            if fold_phrase(text) not in asked.folded:
                yield _span(start, end, text, _score(asked, sentence, start, end))


# -- the generators, one per span style (styles.py says how the answer path treats each) -----------------------

Generator = Callable[[AskedFor, _Sentence, AnswerKinds], list[Span]]


def _topic_spans(asked: AskedFor, prepared: _Sentence, kinds: AnswerKinds) -> list[Span]:
    """What a sentence says a thing is about, else its definition, its object, or the words standing where the
    question word stands."""
    found = list(_topic_candidates(asked, prepared)) or list(_definition_candidates(asked, prepared))
    # "… làm việc gì?" is never answered by an office: in "đồng chí X, Phó Bí thư Thành ủy, …" the office follows
    # the person a question names, not what it asks.
    found = found or [span for span in _object_candidates(asked, prepared) if not _an_office(span, kinds)]
    return found or [span for span in _aligned_candidates(asked, prepared, kinds) if not _an_office(span, kinds)]


def _an_office(span: Span, kinds: AnswerKinds) -> bool:
    return bool(kinds.role_heads) and fold_phrase(span.text).startswith(kinds.role_heads)


GENERATORS: dict[str, Generator] = {
    "figure": lambda asked, prepared, kinds: list(_figure_candidates(asked, prepared)),
    "count": lambda asked, prepared, kinds: list(_count_candidates(asked, prepared)),
    "ordinal": lambda asked, prepared, kinds: list(_ordinal_candidates(asked, prepared)),
    "date": lambda asked, prepared, kinds: list(_date_candidates(asked, prepared)),
    "person": lambda asked, prepared, kinds: list(_person_candidates(asked, prepared, kinds)),
    "role": lambda asked, prepared, kinds: list(_role_candidates(asked, prepared, kinds)),
    "organisation": lambda asked, prepared, kinds: list(_organisation_candidates(asked, prepared, kinds)),
    "topic": _topic_spans,
    "title": lambda asked, prepared, kinds: list(_topic_candidates(asked, prepared)),
    "aligned": lambda asked, prepared, kinds: _aligned_candidates(asked, prepared, kinds),
    "place": lambda asked, prepared, kinds: list(_place_candidates(asked, prepared)),
    "reason": lambda asked, prepared, kinds: list(_reason_candidates(asked, prepared)),
    "document": lambda asked, prepared, kinds: list(_document_candidates(asked, prepared)),
}


# -- the public functions ------------------------------------------------------------------------------------


def candidates(
    asked: AskedFor, sentence: str, kinds: AnswerKinds | None = None, weights: SpanWeights = DEFAULT_SPAN_WEIGHTS
) -> list[Span]:
    """Every span of the sentence that fills the slot, best first by the span scorer's `weights`."""
    kinds = kinds or asked.kinds or default_answer_kinds()
    generate = GENERATORS.get(asked.span)
    if generate is None:
        return []
    prepared = _prepare(sentence)
    found = generate(asked, prepared, kinds)
    if weights != DEFAULT_SPAN_WEIGHTS:
        found = [replace(span, score=span.evidence.score(weights)) if span.evidence is not None else span for span in found]
    rules = style(asked.span)
    if rules.period_checked:
        found = [span for span in found if not _period_conflict(asked, prepared, span)]
    if rules.opposite_checked and kinds.opposites:
        found = [span for span in found if not _states_opposite(asked, prepared, span, kinds.opposites)]
    if rules.echo_dropped:
        asked_words = set(asked.folded.split())
        found = [span for span in found if not set(fold_phrase(span.text).split()) <= asked_words]
    if asked.span in ("title", "topic") and _ASKS_A_DISTRICT.search(asked.folded) and not _ASKS_THE_CITY.search(asked.folded):
        # "chủ đề công tác năm 2021 của Thành phố: …" is the city's theme, no answer for a district's; nor is
        # another quote of that sentence ("phong trào thi đua"), which only stands beside it.
        if any(_CITY_OWNED.search(prepared.folded[max(0, span.start - 30) : span.start]) for span in found):
            found = []
    if asked.span == "ordinal" and _ASKS_A_DISTRICT.search(asked.folded) and not _ASKS_THE_CITY.search(asked.folded):
        # "Đại hội Đảng bộ quận … lần thứ mấy?": not the city's or the nation's congress named beside it.
        found = [span for span in found
                 if not _OTHER_LEVEL_BEFORE.search(prepared.folded[max(0, span.start - 36) : span.start])]
    if asked.span in _WHAT_STYLES:
        found = [_both_halves(span, prepared) for span in found if _quoted(span, prepared) or not is_lone_verb(span.text)]
    return sorted(found, key=lambda s: (-s.score, s.start))


_WHAT_STYLES = frozenset(("topic", "title", "aligned"))
_ASKS_A_DISTRICT = re.compile(r"(?<!\w)(?:quan|huyen|thi xa)(?!\w)")
_ASKS_THE_CITY = re.compile(r"(?<!\w)(?:thanh pho|thanh uy|tp)(?!\w)")
_CITY_OWNED = re.compile(
    r"(?<!\w)cua\s+(?:thanh\s+pho|thanh\s+uy|tp)(?:\s+nam\s+\d{4})?\s*:?\s*[“\"]?\s*$", re.IGNORECASE)
# "… Đảng bộ Thành phố Đà Nẵng lần thứ XXIII", "Đại hội Đảng lần thứ XIV": the ordinal of another level's body.
_OTHER_LEVEL_BEFORE = re.compile(
    r"(?<!\w)(?:thanh\s+pho|thanh\s+uy|tp|toan\s+quoc|dai\s+hoi\s+dang)(?:\s+[^\W\d_;,]+){0,3}\s*$", re.IGNORECASE)  # "… là gì?": a thing or an act, said in a phrase
# "vừa phòng chống dịch hiệu quả, vừa phát triển kinh tế - xã hội": one answer in two halves.
_SECOND_HALF = re.compile(r",?\s+vua\s+[^,;.:()“”\"]+")


def _quoted(span: Span, sentence: _Sentence) -> bool:
    """The span stands in quotes: a term the article names ("“đóng băng”"), whatever its word class."""
    before, after = sentence.text[span.start - 1 : span.start], sentence.text[span.end : span.end + 1]
    return before in ('"', "“", "'") and after in ('"', "”", "'") and span.start > 0


_FIRST_HALF = re.compile(r"(?<![^\W_])vua\s")


def _both_halves(span: Span, sentence: _Sentence) -> Span:
    """A span that holds the first half of a "vừa …, vừa …" pair: the pair, from its first "vừa" to the end of
    the second half ("… nhiệm vụ kép vừa A" → "vừa A, vừa B")."""
    first = _FIRST_HALF.search(sentence.folded, span.start, span.end)
    if first is None:
        return span
    second = _SECOND_HALF.match(sentence.folded, span.end)
    if second is None:
        return span
    start = first.start()
    end = start + len(sentence.text[start : second.end()].rstrip())
    return Span(start, end, sentence.text[start:end], span.score, span.evidence)


def _states_opposite(asked: AskedFor, sentence: _Sentence, span: Span, opposites: tuple[tuple[str, str], ...]) -> bool:
    """True when the span's passage states only the measure opposite to the one asked: "chi ngân sách" asked,
    "Thu cân đối ngân sách … 1.850 tỷ đồng" (config/answer_kinds.toml [opposites])."""
    accented = has_diacritics(asked.question)
    asked_words = f" {' '.join(w.lower() for w in _WORD.findall(asked.question))} "
    if not accented:
        asked_words = f" {fold_phrase(asked_words)} "
    lo, hi = _bounds(_SEGMENT_BREAK, sentence.text, span.start, span.end)
    stated = f" {' '.join(w.lower() for w in _WORD.findall(sentence.text[lo:hi]))} "
    for first, second in opposites:
        for wanted, other in ((first, second), (second, first)):
            asked_form = wanted if accented else fold_phrase(wanted)
            other_form = other if accented else fold_phrase(other)
            if f" {asked_form} " in asked_words and f" {other_form} " not in asked_words:
                if f" {other} " in stated and f" {wanted} " not in stated:
                    return True
    return False


def _period_conflict(asked: AskedFor, sentence: _Sentence, span: Span) -> bool:
    if asked.period.duration is not None and read_period(sentence.folded).duration is None:
        return True  # "5 năm liền" asked: a sentence about one year does not state it
    lo, hi = _bounds(_SEGMENT_BREAK, sentence.text, span.start, span.end)
    # The span's own words are what is answered: a title's "Năm 2022 …" dates the title, not the sentence.
    folded = sentence.folded[: span.start] + " " * (span.end - span.start) + sentence.folded[span.end :]
    segment = read_period(folded[lo:hi])
    if conflicts(asked.period, segment):
        return True
    return segment.empty and conflicts(asked.period, read_period(folded))


def extract_span(
    asked: AskedFor, sentence: str, kinds: AnswerKinds | None = None, weights: SpanWeights = DEFAULT_SPAN_WEIGHTS
) -> Span | None:
    """The short answer in `sentence` (verbatim: sentence[start:end] == text), or None when it holds none."""
    found = candidates(asked, sentence, kinds, weights)
    return found[0] if found else None


def slot_score(asked: AskedFor, sentence: str, kinds: AnswerKinds | None = None) -> float | None:
    """How well the sentence's best span fits the question; None when no span fills the slot."""
    span = extract_span(asked, sentence, kinds)
    return None if span is None else span.score


def holds_slot(asked: AskedFor, sentence: str, kinds: AnswerKinds | None = None) -> bool:
    """True when the sentence states what the question asks for (always, for questions with no short answer).

    Yes/no questions hold their slot when the sentence settles them (see yesno.settle_yesno).
    """
    if asked.span == "yesno":
        from retrieval.answering.kinds.yesno import settle_yesno

        return settle_yesno(asked, sentence) is not None
    if not asked.short:
        return True
    return extract_span(asked, sentence, kinds) is not None
