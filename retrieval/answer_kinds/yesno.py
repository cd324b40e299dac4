"""Settle a yes/no question from one sentence, or say nothing.

"Có"/"Không" only when the sentence settles it: a stated figure against the threshold asked ("vượt dự toán"
and "bằng 105,1% dự toán"), a stated completion or failure ("tổ chức thành công", "chưa đến thời gian thực
hiện" when all were asked), or the asked event stated with a negation ("không để phát sinh ca bệnh mới").
"""

from __future__ import annotations

import re

from retrieval.answer_kinds.folding import fold_aligned, tokens
from retrieval.answer_kinds.kinds import AskedFor

YES = "Có"
NO = "Không"

_NEGATION = re.compile(r"(?<!\w)(?:khong|chua|chang)\s(?:\w+\s)?$")  # "không (được) để phát sinh"
_ALL = re.compile(r"(?<!\w)(?:moi|tat ca|toan bo|het|du|day du|100 phan tram)(?!\w)")
_NOT_ALL = re.compile(r"(?<!\w)(?:chua|khong)\s(?:\w+\s){0,3}?(?:hoan thanh|den|dat|thuc hien|xong)(?!\w)")
_PERCENT = re.compile(r"(\d+(?:,\d+)?)\s?%")
_MIN_FOUND = 0.4  # share of the question's words the sentence must repeat to speak of the same thing


def _found_share(asked: AskedFor, sentence_words: set[str]) -> float:
    words = [w for w in asked.measure if not re.fullmatch(r"\d+", w)]
    if not words:
        return 0.0
    return sum(w in sentence_words for w in words) / len(words)


def _predicate(asked: AskedFor) -> list[str]:
    """The question's words between its "có" and "không": what is asked to be so."""
    match = re.search(r"(?<!\w)(?:co|da)\s(.+?)\s(?:khong|chua|hay khong)$", asked.folded)
    return match.group(1).split() if match else list(asked.measure)


def _percent_near(folded: str, anchor: str) -> float | None:
    """The percentage stated before `anchor` ("105,1% dự toán"), as a number."""
    for match in _PERCENT.finditer(folded):
        if folded[match.end() : match.end() + 30].lstrip().startswith(anchor):
            return float(match.group(1).replace(",", "."))
    return None


def settle_yesno(asked: AskedFor, sentence: str) -> str | None:
    """ "Có" or "Không" when the sentence settles the question, else None."""
    folded = " ".join(fold_aligned(sentence).replace("%", " % ").split()).replace(" % ", "% ")
    folded = re.sub(r"\s+%", "%", folded)
    words = {t.text for t in tokens(folded)}
    predicate = _predicate(asked)
    if _found_share(asked, words) < _MIN_FOUND and not _predicate_found(predicate, folded):
        return None
    # A threshold: "vượt dự toán" against "bằng 105,1% dự toán".
    threshold = re.search(r"(?<!\w)(vuot|dat)\s(du toan|ke hoach|chi tieu|muc tieu)(?!\w)", asked.folded)
    if threshold is not None:
        value = _percent_near(folded, threshold.group(2))
        if value is not None:
            limit_passed = value > 100 if threshold.group(1) == "vuot" else value >= 100
            return YES if limit_passed else NO
    # All asked, some not done: "mọi chỉ tiêu … ?" and "… khác chưa đến thời gian thực hiện".
    if _ALL.search(asked.folded) and _NOT_ALL.search(folded):
        return NO
    # The asked event, stated with or without a negation.
    position = _predicate_position(predicate, folded)
    if position is not None:
        return NO if _NEGATION.search(folded[:position]) else YES
    return None


def _core(predicate: list[str]) -> list[str]:
    return [w for w in predicate if w not in {"co", "da", "duoc", "bi", "se"}]


def _predicate_found(predicate: list[str], folded: str) -> bool:
    return _predicate_position(predicate, folded) is not None


def _predicate_position(predicate: list[str], folded: str) -> int | None:
    """Where the sentence states the asked event: the longest run of the predicate's opening words (≥ 2)."""
    core = _core(predicate)
    for length in range(len(core), 1, -1):
        phrase = " ".join(core[:length])
        match = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", folded)
        if match is not None and (length >= 3 or length == len(core)):
            return match.start()
    return None
