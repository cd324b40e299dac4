"""Settle a yes/no question from one sentence, or say nothing.

"Có"/"Không" only when the sentence settles it: a stated figure against the threshold asked ("vượt dự toán"
and "bằng 103,7% dự toán"; of several, the one stated of what was asked: "thuế ngoài quốc doanh … bằng 88,6%
dự toán"), a stated amount against the one asked ("hơn 10 nghìn tỷ đồng" and "10.530,819 tỷ đồng"), a stated
count against the one asked ("có 14 phường" and "14/14 phường"), a stated completion or failure ("tổ chức
thành công", "chưa đến thời gian thực hiện" when all were asked), or the asked event stated with a negation
("không để phát sinh điểm nóng mới"). A verdict keeps the words that settle it (`basis`), for the answer's
first line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from retrieval.answering.kinds.folding import fold_aligned, tokens
from retrieval.answering.kinds.kinds import AskedFor
from retrieval.facts.amounts import find_figures  # the one parser of Vietnamese amounts and their units

YES = "Có"
NO = "Không"

_NEGATION = re.compile(r"(?<!\w)(?:khong|chua|chang)\s(?:\w+\s)?$")  # "không (được) để phát sinh"
_ALL = re.compile(r"(?<!\w)(?:moi|tat ca|toan bo|het|du|day du|100 phan tram)(?!\w)")
_NOT_ALL = re.compile(r"(?<!\w)(?:chua|khong)\s(?:\w+\s){0,3}?(?:hoan thanh|den|dat|thuc hien|xong)(?!\w)")
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


@dataclass(frozen=True)
class Verdict:
    """ "Có" or "Không", and the words of the sentence that settle it (offsets in the sentence)."""

    text: str
    start: int | None = None
    end: int | None = None


def settle_yesno(asked: AskedFor, sentence: str) -> str | None:
    """ "Có" or "Không" when the sentence settles the question, else None."""
    verdict = settle(asked, sentence)
    return verdict.text if verdict else None


def settle(asked: AskedFor, sentence: str) -> Verdict | None:
    """The verdict with what settles it, when the sentence settles the question."""
    folded = " ".join(fold_aligned(sentence).replace("%", " % ").split()).replace(" % ", "% ")
    folded = re.sub(r"\s+%", "%", folded)
    offices = _two_offices(asked, sentence) or _holds_the_title(asked, sentence)
    if offices is not None:
        return offices
    words = {t.text for t in tokens(folded)}
    predicate = _predicate(asked)
    if _found_share(asked, words) < _MIN_FOUND and not _predicate_found(predicate, folded):
        return None
    aligned = fold_aligned(sentence)  # same offsets as the sentence: the basis is cut from it
    # A threshold: "vượt dự toán" against "bằng 103,7% dự toán".
    threshold = _THRESHOLD.search(asked.folded)
    if threshold is not None:
        found = _percent_of(asked, aligned, threshold)
        if found is not None:
            value, start, end = found
            limit_passed = value > 100 if threshold.group(1) == "vuot" else value >= 100
            return Verdict(YES if limit_passed else NO, start, end)
    changed = _against_the_past(asked, aligned) or _against_the_average(asked, aligned)
    if changed is not None:
        return changed
    compared = _compared_amount(asked, sentence, aligned)
    if compared is not None:
        return compared
    counted = _stated_count(asked, aligned)
    if counted is not None:
        return counted
    # All asked, and the share stated: "tất cả các phường … ?" and "12/12 phường ban hành …".
    all_asked = _ALL.search(asked.folded) is not None
    every = _all_of_them(asked, aligned.lower()) if all_asked else None
    if every is not None:
        return every
    # All asked, some not done: "mọi chỉ tiêu … ?" and "… khác chưa đến thời gian thực hiện".
    if all_asked and _NOT_ALL.search(folded):
        return Verdict(NO)
    allowed = _let_happen(predicate, aligned.lower())
    if allowed is not None:
        return allowed
    met = _met_or_missed(predicate, aligned.lower())
    if met is not None:
        return met
    # The asked event, stated with or without a negation.
    position = _predicate_position(predicate, folded)
    if position is not None:
        return Verdict(NO if _NEGATION.search(folded[:position]) else YES)
    return None


_FRACTION_OF = re.compile(r"(?<![\d/.,])(\d+)\s*/\s*(\d+)\s+([a-z]+)")


def _all_of_them(asked: AskedFor, aligned: str) -> Verdict | None:
    """ "12/12 phường" settles "tất cả các phường …?" as "Có", "10/12 phường" as "Không"."""
    asked_words = set(asked.folded.split())
    for match in _FRACTION_OF.finditer(aligned):
        done, of = int(match.group(1)), int(match.group(2))
        if match.group(3) in asked_words and 0 < done <= of:
            return Verdict(YES if done == of else NO, match.start(), match.end())
    return None


# "Bí thư Quận ủy có kiêm Chủ tịch HĐND quận không?", "… đồng thời là Chủ tịch UBND …": two offices of one person.
_ALSO_HOLDS = re.compile(r"(?<!\w)(?:kiem(?:\s+luon)?|dong\s+thoi\s+(?:la|giu(?:\s+chuc)?))(?!\w)")
_TITLES_GAP = 4  # words of a body and a place between two titles of one person: "Bí thư Quận ủy Tân Phú, Chủ tịch …"


def _role_pattern(role: str) -> str:
    """The role asked, its bodies matched written short or in full ("HĐND", "Hội đồng nhân dân")."""
    for short, full in _SHORT_BODIES.items():
        role = re.sub(rf"(?<!\w){full}(?!\w)", short, role)
    spaced = r"\s+"
    words = ("(?:" + w + "|" + _SHORT_BODIES[w].replace(" ", spaced) + ")" if w in _SHORT_BODIES else re.escape(w)
             for w in role.split())
    return spaced.join(words)


def _two_offices(asked: AskedFor, sentence: str) -> Verdict | None:
    """Both offices asked named in one run of titles, one after the other ("Bí thư Quận ủy, Chủ tịch HĐND quận
    Tân Phú Trần Văn Bình"): "Có". That they are held apart is never read from a sentence that does not
    say so: no verdict then."""
    if len(asked.roles) < 2 or _ALSO_HOLDS.search(asked.folded) is None:
        return None
    aligned = fold_aligned(sentence).lower()  # offsets as in the sentence: a name between is read from it
    surnames = asked.kinds.surnames if asked.kinds is not None else frozenset()
    first, second = (_role_pattern(role) for role in asked.roles[:2])
    for one in re.finditer(rf"(?<!\w)(?<!pho ){first}(?!\w)", aligned):
        gap = re.compile(rf"((?:\s+[^\W_]+){{0,{_TITLES_GAP}}}?)\s*,\s*(?:dong\s+thoi\s+(?:la\s+)?)?{second}(?!\w)")
        joined = gap.match(aligned, one.end())
        if joined is not None and not set(sentence[joined.start(1) : joined.end(1)].split()) & surnames:
            return Verdict(YES, one.start(), joined.end())
    return None


_PLAN_WORDS = ("du toan", "ke hoach", "chi tieu", "muc tieu")
# "Bà X có phải là Ủy viên TW Đảng không?": the title asked of the person named.
_IS_TITLE = re.compile(r"(?<!\w)co\s+phai\s+(?:la\s+)?(?P<title>.+?)\s+(?:khong|hay khong)$")
_SHORT_BODIES = {"tw": "trung uong", "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "btv": "ban thuong vu",
                 "bch": "ban chap hanh", "tu": "thanh uy", "qu": "quan uy", "hu": "huyen uy"}
_TITLE_REACH = 80  # characters after the name its titles stand in ("X, Ủy viên Trung ương Đảng, Phó Bí thư …")


def _holds_the_title(asked: AskedFor, sentence: str) -> Verdict | None:
    """The person named with that title in the sentence, their titles running on after the name: "Có"."""
    matched = _IS_TITLE.search(asked.folded)
    if matched is None or not asked.names:
        return None
    title = " ".join(_SHORT_BODIES.get(w, w) for w in matched.group("title").split())
    if any(title.startswith(name) for name in asked.names):
        return None
    aligned = " ".join(fold_aligned(sentence).lower().split())
    for name in asked.names:
        at = aligned.find(name)
        if at < 0:
            continue
        after = aligned[at + len(name) : at + len(name) + _TITLE_REACH]
        expanded = " ".join(_SHORT_BODIES.get(w, w) for w in re.findall(r"[^\W_]+", after))
        words = expanded.split()
        for start in range(min(len(words), 13)):
            if " ".join(words[start:]).startswith(f"{title} ") or " ".join(words[start:]) == title:
                if start == 0 or words[start - 1] != "pho":  # "Phó Bí thư …" holds no "Bí thư …"
                    return Verdict(YES)
    return None


_THRESHOLD = re.compile(r"(?<!\w)(vuot|dat|hoan thanh)\s(" + "|".join(_PLAN_WORDS) + r")(?!\w)")
# "… có cao hơn cùng kỳ năm trước không?", "… có tăng so với năm 2022 không?": the way a figure moved.
_ASKED_RISE = re.compile(r"(?<!\w)(cao hon|tang|lon hon|nhieu hon|thap hon|giam|it hon)(?!\w)(?=.*\b(?:cung ky|nam truoc|nam ngoai|so voi)\b)")
_STATED_CHANGE = re.compile(r"(?<!\w)(tang|giam)\s(\d+(?:,\d+)?)\s?(?:%|phan tram)|(\d+(?:,\d+)?)\s?%\s(?:so voi|so)\s(?:cung ky|nam truoc)")
_DOWNWARD = frozenset(("thap hon", "giam", "it hon"))
# "… có cao hơn mức bình quân (chung) của thành phố không?" and "đạt 41,2% …, trong khi bình quân toàn thành
# phố đạt 33,7%": the figure against the average the sentence states beside it.
_ASKED_AGAINST_AVERAGE = re.compile(
    r"(?<!\w)(cao hon|lon hon|nhieu hon|thap hon|it hon)\s(?:so voi\s)?(?:muc\s)?(?:binh quan|trung binh|chung)(?!\w)"
)
_AVERAGE = re.compile(r"(?<!\w)(?:muc\s)?(?:binh quan|trung binh)(?:\s+chung)?(?!\w)|(?<!\w)muc chung(?!\w)")
_PERCENT_VALUE = re.compile(r"(?<![\d,.])(\d+(?:,\d+)?)\s?%")


def _against_the_average(asked: AskedFor, aligned: str) -> Verdict | None:
    """The percentage stated against the average stated after it, the way the question asks."""
    wanted = _ASKED_AGAINST_AVERAGE.search(asked.folded)
    if wanted is None:
        return None
    lowered = aligned.lower()
    average = _AVERAGE.search(lowered)
    if average is None:
        return None
    own = [m for m in _PERCENT_VALUE.finditer(lowered, 0, average.start())]
    theirs = _PERCENT_VALUE.search(lowered, average.end(), average.end() + 60)
    if not own or theirs is None:
        return None
    mine = float(own[0].group(1).replace(",", "."))
    other = float(theirs.group(1).replace(",", "."))
    if mine == other:
        return None
    up = wanted.group(1) not in _DOWNWARD
    return Verdict(YES if (mine > other) == up else NO, own[0].start(), theirs.end())


def _against_the_past(asked: AskedFor, aligned: str) -> Verdict | None:
    """ "tăng 12,5% so với cùng kỳ", "112% so với cùng kỳ": which way the figure moved, against the way asked."""
    wanted = _ASKED_RISE.search(asked.folded)
    if wanted is None:
        return None
    lowered = aligned.lower()
    found = list(_STATED_CHANGE.finditer(lowered))
    if not found:
        return None
    # The change of the measure asked: the one whose own clause names most of it, and names some.
    subject = _subject_words(asked, wanted.start())
    best = _best_of([m.span() for m in found], aligned, subject)
    stated = found[best or 0]
    clause_start = max(lowered.rfind(";", 0, stated.start()), found[best - 1].end() if best else 0)
    if subject and not subject & {t.text for t in tokens(lowered[clause_start : stated.start()])}:
        return None  # "giá trị sản xuất … tăng 2,1%; thu ngân sách … đạt 980 tỷ đồng": not the change asked
    if stated.group(1):
        rose = stated.group(1) == "tang"
    else:
        value = float(stated.group(3).replace(",", "."))
        if value == 100:
            return None
        rose = value > 100
    up = wanted.group(1) not in _DOWNWARD
    return Verdict(YES if rose == up else NO, stated.start(), stated.end())
_PERCENT_AT = re.compile(r"(\d+(?:,\d+)?)\s?(?:%|phan tram)")
_STATING_VERB = re.compile(r"(?:bang|dat|vuot|hoan thanh)\s$")


def _subject_words(asked: AskedFor, cut_from: int) -> set[str]:
    """The question's measure words before `cut_from` (its threshold or comparison): what the figure is of."""
    before = set(asked.folded[:cut_from].split())
    return {w for w in asked.measure if w in before and not w.isdigit()}


def _best_of(candidates: list[tuple[int, int]], aligned: str, subject: set[str]) -> int | None:
    """Of figures at (start, end) in the sentence, the one whose own clause (the text since the figure before
    it) names most of what was asked; the first on a tie."""
    best, best_score, previous_end = None, -1, 0
    for index, (start, end) in enumerate(candidates):
        window = {t.text for t in tokens(aligned[previous_end:start])}
        score = len(subject & window)
        if score > best_score:
            best, best_score = index, score
        previous_end = end
    return best


def _percent_of(asked: AskedFor, aligned: str, threshold: re.Match[str]) -> tuple[float, int, int] | None:
    """The percentage stated of the asked base ("92,3% dự toán"), of the measure asked when several are."""
    found = []
    for match in _PERCENT_AT.finditer(aligned):
        rest = aligned[match.end() : match.end() + 30].lstrip()
        # "hoàn thành chỉ tiêu thu ngân sách" of "đạt 100,52% dự toán": the plan, whichever word names it.
        anchor = next((a for a in _PLAN_WORDS if rest.startswith(a)), None)
        if anchor is not None:
            verb = _STATING_VERB.search(aligned[max(0, match.start() - 12) : match.start()])
            start = match.start() - (len(verb.group()) if verb else 0)
            end = aligned.index(anchor, match.end()) + len(anchor)
            found.append((float(match.group(1).replace(",", ".")), start, end))
    if not found:
        return None
    best = _best_of([(start, end) for _, start, end in found], aligned, _subject_words(asked, threshold.start()))
    return found[best or 0]


# "hơn 10 nghìn tỷ đồng", "dưới 50%", "ít nhất 20 chi bộ": the amount asked and which side of it is "Có".
_COMPARATOR = re.compile(
    r"(?<!\w)(nhieu hon|lon hon|cao hon|hon|tren|vuot|qua|it nhat|toi thieu|it hon|thap hon|duoi|chua den|chua toi"
    r"|khong den|khong toi|toi da)\s(?=\d)"
)
_MORE = frozenset("nhieu hon|lon hon|cao hon|hon|tren|vuot|qua|it nhat|toi thieu".split("|"))
_AT_LEAST = frozenset(("it nhat", "toi thieu"))
_AT_MOST = frozenset(("toi da",))


def _compared_amount(asked: AskedFor, sentence: str, aligned: str) -> Verdict | None:
    """A stated amount against the amount the question compares it with."""
    comparator = _COMPARATOR.search(asked.folded)
    if comparator is None or not asked.question:
        return None
    question_figures = find_figures(asked.question)
    # The question's folded form and its text differ in spacing only: the asked figure is the one whose
    # number is the first after the comparator's words.
    number = re.match(r"[\d.,]+", asked.folded[comparator.end() :])
    target = next((f for f in question_figures if number and asked.question[f.start :].startswith(number.group())), None)
    if target is None or target.dimension == "number":
        return None
    stated = [f for f in find_figures(sentence) if f.comparable_with(target)]
    if not stated:
        return None
    best = _best_of([(f.start, f.end) for f in stated], aligned, _subject_words(asked, comparator.start()))
    figure = stated[best or 0]
    word = comparator.group(1)
    if word in _AT_LEAST:
        yes = figure.base >= target.base
    elif word in _AT_MOST:
        yes = figure.base <= target.base
    elif word in _MORE:
        yes = figure.base > target.base
    else:
        yes = figure.base < target.base
    return Verdict(YES if yes else NO, figure.start, figure.end)


_ASKED_COUNT = re.compile(r"(?<!\w)(?:co|gom|la)\s(\d+)\s([a-z]+)(?:\s([a-z]+))?")
_NOT_NOUN = frozenset("phai khong dung chua khong a ha nhi".split())


def _stated_count(asked: AskedFor, aligned: str) -> Verdict | None:
    """ "có 14 phường" against a count of the same noun: "14/14 phường" (the whole is after the slash)."""
    match = _ASKED_COUNT.search(asked.folded)
    if match is None or _COMPARATOR.search(asked.folded):
        return None
    number, noun = Decimal(match.group(1)), [match.group(2)]
    if match.group(3) and match.group(3) not in _NOT_NOUN:
        noun.append(match.group(3))
    differing = None
    for length in (len(noun), 1):
        pattern = rf"(?<![\w/.,])(\d+)(?:/(\d+))?\s{re.escape(' '.join(noun[:length]))}(?!\w)"
        for stated in re.finditer(pattern, aligned):
            part, whole = Decimal(stated.group(1)), Decimal(stated.group(2) or stated.group(1))
            if whole == number:
                return Verdict(YES, stated.start(), stated.end())
            # A different count is a "no" only when it is the whole ("15/15 phường", "có 15 phường"),
            # not some of them ("12 phường đã …").
            whole_stated = stated.group(2) is not None and part == whole
            if differing is None and (whole_stated or re.search(r"(?:co|gom)\s$", aligned[: stated.start()])):
                differing = Verdict(NO, stated.start(), stated.end())
        if differing is not None:
            return differing
    return None


_NOT_LET = re.compile(r"(?<!\w)(?:khong|chua)\s+(?:(?:duoc|de\s+cho|cho)\s+)?de\s+([a-z]+)\s+([a-z]+)")


def _let_happen(predicate: list[str], aligned: str) -> Verdict | None:
    """ "có để dịch bùng phát, lây lan … không?" and "không để bùng phát, lây lan": what was not let happen is
    named by the question too, whatever stands between ("để dịch bùng phát"), so the answer is no."""
    if not predicate:
        return None
    # "có bùng phát … không?" is settled so too: what was not let happen did not happen.
    asked = set(predicate[1:] if predicate[0] == "de" else predicate)
    for match in _NOT_LET.finditer(aligned):
        if {match.group(1), match.group(2)} <= asked:
            return Verdict(NO, match.start(), match.end())
    return None


_REACHED = frozenset({"dat", "hoan thanh", "vuot"})
# What a sentence says of a level asked to be reached: "thấp hơn yêu cầu của thành phố", "chưa đạt kế hoạch".
_MISSED = re.compile(r"(?<!\w)(?:thap hon|chua dat|khong dat|chua hoan thanh|khong hoan thanh|duoi)\s+(?:muc\s+)?")
_MET = re.compile(r"(?<!\w)(?:vuot|cao hon|da dat|dat|hoan thanh)\s+(?:muc\s+)?")


def _met_or_missed(predicate: list[str], aligned: str) -> Verdict | None:
    """ "… có đạt yêu cầu của thành phố không?" and "đạt 58,4% kế hoạch, thấp hơn yêu cầu của thành phố": the
    level asked (the two words after "đạt"), said missed or met."""
    core = _core(predicate)
    verb = next((v for v in sorted(_REACHED, key=len, reverse=True) if " ".join(core[: len(v.split())]) == v), None)
    if verb is None:
        return None
    level = core[len(verb.split()) : len(verb.split()) + 2]
    if len(level) < 2:
        return None
    target = r"\s+".join(re.escape(w) for w in level) + r"(?!\w)"
    missed = re.compile(_MISSED.pattern + target).search(aligned)
    if missed is not None:
        return Verdict(NO, missed.start(), missed.end())
    met = re.compile(_MET.pattern + target).search(aligned)
    return Verdict(YES, met.start(), met.end()) if met is not None else None


# "hoàn thành (tốt | 100%) (công tác) giải phóng mặt bằng": a word of degree, or the light noun of a task.
_DEGREE_BETWEEN = r"\s(?:(?:tot|xuat sac|rat tot|day du|kip thoi|co ban|100%)\s)?(?:(?:cong tac|viec)\s)?"


def _core(predicate: list[str]) -> list[str]:
    return [w for w in predicate if w not in {"co", "da", "duoc", "bi", "se"}]


def _predicate_found(predicate: list[str], folded: str) -> bool:
    return _predicate_position(predicate, folded) is not None


def _predicate_position(predicate: list[str], folded: str) -> int | None:
    """Where the sentence states the asked event: the longest run of the predicate's opening words (≥ 2)."""
    core = _core(predicate)
    for length in range(len(core), 1, -1):
        # "hoàn thành (tốt) chỉ tiêu …": a word of degree the question leaves out does not change the event.
        phrase = _DEGREE_BETWEEN.join(re.escape(word) for word in core[:length])
        match = re.search(rf"(?<!\w){phrase}(?!\w)", folded)
        if match is not None and (length >= 3 or length == len(core)):
            return match.start()
    # "có thực hiện thí điểm mô hình chính quyền đô thị …?" of "thí điểm tổ chức mô hình chính quyền đô thị": the
    # event less its light verb, a word (of one or two syllables) of the sentence's own between two of its words.
    light = next((v for v in _LIGHT_VERBS if " ".join(core[: len(v.split())]) == v), None)
    rest = core[len(light.split()) :] if light else core
    if len(rest) >= _LOOSE_MIN_WORDS:
        phrase = r"\s(?:[^\W_]+\s){0,2}".join(re.escape(word) for word in rest[:_LOOSE_MIN_WORDS + 2])
        match = re.search(rf"(?<!\w){phrase}(?!\w)", folded)
        if match is not None:
            return match.start()
    return None


_LIGHT_VERBS = ("thuc hien", "tien hanh", "trien khai")
_LOOSE_MIN_WORDS = 4  # an event matched loosely is a long one: fewer words would match other events too
