"""The short answer to "which …" and "what …" questions: the words of the sentence that stand where the
question has its question word.

Questions repeat the words of the sentence that answers them ("Đội chủ nhà đã đánh bại đội nào trong trận đấu
vòng bảng?" / "Đội chủ nhà đánh bại Sông Lam Nghệ An trong trận đấu vòng bảng"). The answer is a run of the
sentence's words that the question does not repeat, framed by words the question puts on either side of its
question word; a name (a capitalised run) is one unit, and for "đội nào", "sân bay nào" a name is expected and
may keep the noun asked before it ("Sân bay Cát Bi").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from retrieval.answering.kinds.folding import Token, fold_aligned, joined_in_name, tokens
from retrieval.text.normalize import has_diacritics
from retrieval.text.spelling import is_syllable
from retrieval.text.tokenize import segment

# Words too common to anchor an answer or to open or close one. Not the question reader's list: its particles
# ("hả", "sao", "thế") fold to syllables of names ("Hà", "Sao") that an answer may well start with.
FUNCTION_WORDS = frozenset(
    """
    cua va cac mot nhung la co khong duoc cho voi ve tu den vao ra trong o tai da dang se bi boi hay hoac ma
    nay kia ay do de thi nhu khi theo cung rat nhieu it nguoi cai con viec su nhat hon nao gi ai dau
    """.split()
)
# The same words as typed: with diacritics "Đảng" is no "đang", "bố" no "bỏ".
ACCENTED_FUNCTION_WORDS = frozenset(
    """
    của và các một những nhưng là có không được cho với về từ đến vào ra trong ở tại đã đang sẽ bị bởi hay hoặc
    mà này kia ấy đó do để thì như khi theo cũng cùng rất nhiều ít người cái con còn việc sự nhất hơn nào gì ai
    đâu
    """.split()
)
_QUESTION_WORDS = (("bao", "nhieu"), ("nao",), ("gi",), ("ai",), ("dau",), ("may",))
# A spaced dash before a small letter joins a compound's halves ("giáo dục - đào tạo"): no break there.
_BREAK = re.compile(r"[.;:()\[\]“”\"!?]|\s[-–]\s(?![a-zà-ỹđ])")
MAX_WORDS = 8
MAX_OPENING = 3  # words of the noun before "nào" a name may open with: "Rừng nhiệt đới (Amazon)"
ANCHOR_WINDOW = 10  # words either side whose match with the question frames a run, weighed 1/distance
NAME_BONUS = 1.5  # "đội nào", "ai": a capitalised answer
OTHER_NAME = 1 / 3  # share of it for a name answering "tên gì", "là gì"
LENGTH_PENALTY = 0.1  # per word beyond three
COPULA_BONUS = 1.0  # "… là gì?": what stands right after "là", "gọi là", "tên" in the sentence
HEAD_BEFORE_BONUS = 1.0  # "tỉnh Hà Giang" for "tỉnh nào": the noun asked, then its name
HEAD_REACH = 2  # lower-case words that may stand between the noun asked and the name that follows it
OPENED_NAME_BONUS = 0.05  # "Đại học Cần Thơ" over "Cần Thơ": breaks the tie with the name alone
PERSON_REACH = 6  # words before "nào" where a person noun may stand: "nhà thơ và nhà báo người Pháp nào"
PERSON_NAME_BONUS = 0.6  # a name of two words or more, when a person is asked
_PLURAL = frozenset(("hai", "ba", "bon", "nhung"))  # before "… nào": more than one is asked for
_QUOTED = re.compile(r"[“\"]([^“”\"]{2,240})[”\"]")  # a resolution's or campaign's title may run long


@dataclass(frozen=True)
class AlignedSpan:
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class _Frame:
    """The question around its question word: what stands before and after it, and the noun it asks for."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    head: tuple[str, ...]  # "doi" of "doi nao", "bay" of "san bay nao"
    content: frozenset[str]
    wants_name: bool
    copula: bool  # the question word follows "là": "… được gọi là gì?", "Tên của … là gì?"
    typed: frozenset[str] | None = None  # the question's words as typed, lower case, when typed with diacritics
    opening: tuple[str, ...] = ()  # "bao tang" of "Bảo tàng nào": words a name answering it may open with
    head_at: int = -1  # where the head stands in the question's words
    noun_phrase: tuple[str, ...] = ()  # up to PERSON_REACH words before "nào": "nha tho nguoi duc"
    wants_person: bool = False
    plural: bool = False  # "Hai nghị quyết nào": two or more are asked for
    typed_head: str | None = None  # the head as typed, lower case, when typed with diacritics: "bố", never "bỏ"


def _function_flags(text: str, words: Sequence[Token]) -> list[bool]:
    """Which words carry no content; judged as typed when the text has diacritics."""
    accented = has_diacritics(text)
    return [_is_function(text, t, accented) for t in words]


def _is_function(text: str, token: Token, accented: bool) -> bool:
    return text[token.start : token.end].lower() in ACCENTED_FUNCTION_WORDS if accented else token.text in FUNCTION_WORDS


def _frame(question_words: Sequence[str], function: Sequence[bool] | None = None) -> _Frame | None:
    function = function if function is not None else [w in FUNCTION_WORDS for w in question_words]
    for cue in _QUESTION_WORDS:
        for index in range(len(question_words) - len(cue) + 1):
            if tuple(question_words[index : index + len(cue)]) != cue:
                continue
            head: tuple[str, ...] = ()
            opening: tuple[str, ...] = ()
            if cue == ("nao",):
                head = tuple(w for i, w in enumerate(question_words[:index]) if i == index - 1 and not function[i])
                # "Bảo tàng nào", "Bệnh viện nào": the noun asked, which may open the name that answers
                while len(opening) < MAX_OPENING and index - len(opening) > 0:
                    at = index - len(opening) - 1
                    word = question_words[at]
                    if function[at]:
                        break
                    opening = (word, *opening)
            if cue == ("gi",) and index >= 2 and not function[index - 1] and not function[index - 2]:
                opening = tuple(question_words[index - 2 : index])  # "mô hình gì": the kind of thing asked
            before = tuple(w for i, w in enumerate(question_words) if i < index - len(head) and not function[i])
            after = tuple(w for i, w in enumerate(question_words) if i >= index + len(cue) and not function[i])
            content = frozenset(w for i, w in enumerate(question_words) if not function[i])
            copula = index > 0 and question_words[index - 1] == "la"
            # "Tên của … là gì?", "Họ của cầu thủ … là gì?": a name is asked as surely as by "ai".
            named = "ten" in question_words[:index] or tuple(question_words[:2]) == ("ho", "cua")
            wants_name = bool(head) or cue == ("ai",) or named
            head_at = index - 1 if head else -1
            noun_phrase = tuple(question_words[max(0, index - PERSON_REACH) : index]) if cue == ("nao",) else ()
            return _Frame(
                before, after, head, content, wants_name=wants_name, copula=copula, opening=opening, head_at=head_at,
                noun_phrase=noun_phrase, wants_person=cue == ("ai",),
                plural=any(w in _PLURAL for w in noun_phrase),
            )
    return None


def _capitalised(sentence: str, token: Token) -> bool:
    first = sentence[token.start : token.start + 1]
    return first.isupper() or (first.isdigit() and any(c.isupper() for c in sentence[token.start : token.end]))


@lru_cache(maxsize=4096)  # candidate sentences come back question after question
def word_bounds(sentence: str) -> tuple[frozenset[int], frozenset[int]]:
    """Offsets where the sentence's pyvi words start and end ("Bảo_tàng" is one word): where an answer may."""
    starts: set[int] = set()
    ends: set[int] = set()
    position = 0
    for word in segment(sentence):
        for index, syllable in enumerate(word.split("_")):
            found = sentence.find(syllable, position)
            if found < 0:
                break
            if index == 0:
                starts.add(found)
            position = found + len(syllable)
        ends.add(position)
    return frozenset(starts), frozenset(ends)


def _follows_link(sentence: str, words: Sequence[Token], index: int) -> bool:
    """True when the word stands right after "là" or "tên": where a name is given."""
    return index > 0 and sentence[words[index - 1].start : words[index - 1].end].lower() in ("là", "tên")


def _repeats(sentence: str, token: Token, frame: _Frame) -> bool:
    """True when the sentence's word is one of the question's (as typed, when typed with diacritics)."""
    return token.text in frame.content and (frame.typed is None or sentence[token.start : token.end].lower() in frame.typed)


def _asks_person(frame: _Frame, person_nouns: frozenset[str]) -> bool:
    """True when a person noun stands in the words before "nào": "Nhà văn người Pháp nào", "Cầu thủ nào"."""
    joined = f" {' '.join(frame.noun_phrase)} "
    return any(f" {noun} " in joined for noun in person_nouns)


def _opens_name(words: Sequence[Token], frame: _Frame, capital: Sequence[bool], first: int, repeated: Sequence[int]) -> bool:
    """True when the question's words in a run are the noun asked opening a name: "Bảo tàng Hải Phòng"."""
    if repeated == [first] and words[first].text in frame.head and capital[first]:
        return True
    opening = set(frame.opening)
    return capital[first] and repeated == list(range(first, first + len(repeated))) and all(words[i].text in opening for i in repeated)


@dataclass(frozen=True)
class _Scene:
    """One sentence read against the question's frame."""

    sentence: str
    words: tuple[Token, ...]
    frame: _Frame
    capital: tuple[bool, ...]  # capitalised as a name is: not a Vietnamese word opening the sentence
    repeats: tuple[bool, ...]  # the question's own words, as typed
    word_starts: frozenset[int]
    function: tuple[bool, ...]  # words that carry no content, judged as typed


def _after_head(scene: _Scene, index: int) -> bool:
    """True when the noun the question asks for ("địa" of "thuộc địa nào") stands before `index`, at most
    two lower-case words apart ("Sân bay quốc tế San Francisco")."""
    sentence, words, frame = scene.sentence, scene.words, scene.frame
    for back in range(1, HEAD_REACH + 2):
        at = index - back
        if at < 0 or at >= len(words):
            return False
        word = words[at]
        if word.text in frame.head:
            return frame.typed_head is None or sentence[word.start : word.end].lower() == frame.typed_head
        if scene.function[at] or sentence[word.start : word.end][:1].isupper():
            return False  # "đội từ NFL": a name after a preposition is not the noun's own name
        if sentence[word.end : words[at + 1].start] != " ":
            return False
    return False


def _candidates(scene: _Scene) -> Iterator[tuple[int, int]]:
    """(first, last + 1) word indexes of runs the question does not repeat, within one clause."""
    sentence, words, frame, capital, in_question = scene.sentence, scene.words, scene.frame, scene.capital, scene.repeats
    function = scene.function
    word_starts, word_ends = word_bounds(sentence)
    breaks = [m.start() for m in _BREAK.finditer(sentence)]
    clause = [sum(1 for b in breaks if b < t.start) for t in words]
    joined = [i > 0 and joined_in_name(sentence, words[i - 1], words[i]) for i in range(len(words))]
    # "… được gọi là gì?" / "được gọi là Bảo tàng Lịch sử": a name given after "là" may repeat the question.
    named_after_link = [frame.copula and capital[i] and _follows_link(sentence, words, i) for i in range(len(words))]
    count = len(words)
    for first in range(count):
        if function[first]:
            continue
        if capital[first] and first > 0 and capital[first - 1] and joined[first]:
            continue  # never start inside a name
        if words[first].start not in word_starts:
            continue  # nor inside a word ("Sản" of "Sản_xuất")
        for last in range(first, min(count, first + MAX_WORDS)):
            if clause[last] != clause[first]:
                break
            # The noun asked may open a name ("Hội Nông dân"); no other word of the question may stand in it.
            repeated = [i for i in range(first, last + 1) if in_question[i]]
            if repeated and not named_after_link[first] and not _opens_name(words, frame, capital, first, repeated):
                break
            if last > first and sentence[words[last].start : words[last].end].lower() == "là":
                break  # "là" joins a subject to what is said of it: an answer is one side
            if function[last]:
                continue
            if last + 1 < count and capital[last + 1] and capital[last] and joined[last + 1]:
                continue  # never end inside a name
            if words[last].end not in word_ends:
                continue
            if all(in_question[first : last + 1]):
                continue
            yield first, last + 1


def _anchor(words: Sequence[Token], frame: _Frame, first: int, stop: int, repeats: Sequence[bool]) -> float:
    """How closely the question's words frame the run: its own side counts whole, the other side a third.

    `repeats` says which sentence words are the question's as typed ("có" does not frame "động cơ").
    """
    score = 0.0
    for distance in range(1, ANCHOR_WINDOW + 1):
        if first - distance >= 0 and repeats[first - distance]:
            word = words[first - distance].text
            score += (1.0 if word in frame.before else 0.3 if word in frame.after else 0.0) / distance
        if stop + distance - 1 < len(words) and repeats[stop + distance - 1]:
            word = words[stop + distance - 1].text
            score += (1.0 if word in frame.after else 0.3 if word in frame.before else 0.0) / distance
    return score


def _adjacent(first: int, stop: int, repeats: Sequence[bool]) -> bool:
    """True when a word of the question (as typed) stands right before or right after the run."""
    return (first > 0 and repeats[first - 1]) or (stop < len(repeats) and repeats[stop])


def _question_frame(question: str, person_nouns: frozenset[str]) -> _Frame | None:
    question_tokens = tokens(fold_aligned(question))
    frame = _frame([t.text for t in question_tokens], _function_flags(question, question_tokens))
    if frame is None:
        return None
    if not frame.wants_person and _asks_person(frame, person_nouns):
        frame = replace(frame, wants_person=True)
    if has_diacritics(question):
        # Typed with diacritics, "Sân bay" does not repeat "San" of "San Diego": words are compared as typed.
        head = question_tokens[frame.head_at] if frame.head_at >= 0 else None
        frame = replace(
            frame,
            typed=frozenset(question[t.start : t.end].lower() for t in question_tokens),
            typed_head=question[head.start : head.end].lower() if head else None,
        )
    return frame


def _scene(sentence: str, frame: _Frame) -> _Scene:
    words = tokens(fold_aligned(sentence))
    capital = [_capitalised(sentence, t) for t in words]
    if words and is_syllable(words[0].text) and words[0].text not in frame.opening and words[0].text not in frame.head:
        capital[0] = False  # "Khi Charles Lindbergh …": a Vietnamese word capitalised as the sentence's first
    repeats = tuple(_repeats(sentence, t, frame) for t in words)
    function = tuple(_function_flags(sentence, words))
    return _Scene(sentence, words, frame, tuple(capital), repeats, word_bounds(sentence)[0], function)


def _is_name(scene: _Scene, first: int, stop: int) -> bool:
    """True when the run is written as a name: each word capitalised, in one piece."""
    sentence, words, frame = scene.sentence, scene.words, scene.frame
    # A Vietnamese name capitalises each word's first syllable ("Đảng Quốc_gia"); the noun asked may open it.
    named = [
        scene.capital[i]
        for i in range(first, stop)
        if words[i].start in scene.word_starts
        and not (scene.repeats[i] and (words[i].text in frame.head or words[i].text in frame.opening))
    ]
    # A sentence's first word is capitalised by convention: alone, a Vietnamese word there is no name.
    if not named or not all(named) or (first == 0 and stop == 1 and is_syllable(words[0].text)):
        return False
    # A name is written in one piece: "Đức, Lothar" is two things.
    return all(joined_in_name(sentence, words[i - 1], words[i]) for i in range(first + 1, stop))


def _run_score(scene: _Scene, first: int, stop: int) -> float | None:
    """How well the run answers where the question word stands; None when it cannot answer."""
    sentence, words, frame, capital = scene.sentence, scene.words, scene.frame, scene.capital
    score = _anchor(words, frame, first, stop, scene.repeats)
    is_name = _is_name(scene, first, stop)
    linked = frame.copula and _follows_link(sentence, words, first)
    if frame.copula and _before_link(scene, first, stop):
        # "Hai công trình chưa xong hạn là …" for "… chưa xong là gì?": the question's "là" stands where the
        # sentence's does, so what is asked follows it; the words between are the subject's.
        return None
    if score <= 0 or (not is_name and not linked and not _adjacent(first, stop, scene.repeats)):
        return None  # a common phrase must stand right beside the question's words
    if is_name:
        score += NAME_BONUS if frame.wants_name else NAME_BONUS * OTHER_NAME
    if linked:
        score += COPULA_BONUS
    # A person's name capitalises every syllable ("Pierre Dupont", "Nguyễn Văn Hùng"); "Thế giới Thứ" does not.
    if frame.wants_person and is_name and stop - first >= 2 and all(capital[first:stop]):
        score += PERSON_NAME_BONUS  # "Victor Hugo", not "Paris", for "Nhà văn người Pháp nào"
    opened = 0  # words of the noun asked that open the run ("Giải thưởng" of "Giải thưởng Bông Sen")
    while first + opened < stop and words[first + opened].text in frame.opening and scene.repeats[first + opened]:
        opened += 1
    if _after_head(scene, first) or (is_name and opened and _after_head(scene, first + opened)):
        score += HEAD_BEFORE_BONUS
    if is_name and opened and capital[first] and first + opened < stop:
        # "Đại học Cần Thơ": the noun capitalised is part of the name, framed as the name alone is
        alone = _anchor(words, frame, first + opened, stop, scene.repeats)
        score += OPENED_NAME_BONUS + max(0.0, alone - _anchor(words, frame, first, stop, scene.repeats))
    return score - LENGTH_PENALTY * max(0, stop - first - opened - 3)


def _before_link(scene: _Scene, first: int, stop: int) -> bool:
    """The run stands between the question's own words and the sentence's "là"."""
    words = scene.words
    return (0 < first and scene.repeats[first - 1] and stop < len(words)
            and scene.sentence[words[stop].start : words[stop].end].lower() == "là")


def _quoted_score(scene: _Scene, first: int, stop: int) -> float:
    """A title in quotes is one unit, however long: "Le Chant des Partisans", “Sông và Núi”."""
    score = _anchor(scene.words, scene.frame, first, stop, scene.repeats)
    score += NAME_BONUS if scene.frame.wants_name else NAME_BONUS * OTHER_NAME
    if _after_head(scene, first):
        score += HEAD_BEFORE_BONUS
    return score


def aligned_span(question: str, sentence: str, person_nouns: frozenset[str] = frozenset()) -> AlignedSpan | None:
    """The run of `sentence` that answers `question` where its question word stands, or None.

    `person_nouns` ("cầu thủ", "nhà thơ", folded): before "nào" they ask for a person's full name.
    """
    frame = _question_frame(question, person_nouns)
    if frame is None:
        return None
    scene = _scene(sentence, frame)
    words = scene.words
    best: AlignedSpan | None = None
    for first, stop in _candidates(scene):
        score = _run_score(scene, first, stop)
        if score is None:
            continue
        # Of runs that score alike from one start, the one that reaches the end of the clause: "dân vận khéo",
        # not "dân vận".
        closes = best is not None and score == best.score and words[first].start == best.start and _ends_clause(
            sentence, words[stop - 1].end)
        if best is None or score > best.score or closes:
            best = AlignedSpan(words[first].start, words[stop - 1].end, score)
    if best is not None and frame.plural:
        best = (_listed_after_head(scene, best) or _listed_by_semicolons(scene, best) or _listed_names(scene, best)
                or _with_second_name(sentence, words, scene.capital, best))
    if best is not None:
        best = _with_name_opening(scene, _with_kind_noun(scene, best))
    quoted = list(_quoted(sentence, words, scene.repeats))
    if frame.wants_name and frame.head:
        # "Mô hình nào …?" / "… mô hình “Khu phố 3T”": a title named right after the noun asked is
        # the one meant, before titles that only hold the noun inside them.
        quoted = [q for q in quoted if _after_head(scene, q[0])] or quoted
    for first, stop in quoted:
        score = _quoted_score(scene, first, stop)
        start, end = words[first].start, words[stop - 1].end
        lead = fold_aligned(sentence[max(0, start - 24) : start]).lower().rstrip(" “\"")
        named_by_head = bool(frame.head) and lead.endswith(frame.head[-1])
        # "chủ đề năm 2026 “Học tập và làm theo … Hồ Chí Minh …”" for "Chủ đề năm 2026 … có tên là gì?":
        # a title the question's own words introduce is one unit, the name inside it a part.
        named_by_question = frame.wants_name and not frame.wants_person and bool(lead.split()) and lead.split()[-1] in frame.content
        named_by_head = named_by_head or named_by_question
        if (best is not None and named_by_head and start <= best.start and best.end <= end
                and (start, end) != (best.start, best.end)):
            # Part of a title in quotes right after the noun asked ("mô hình “Khu phố 3T”" for "3T"):
            # the title is one unit.
            best = AlignedSpan(start, end, max(score, best.score))
        elif score > NAME_BONUS and (best is None or score > best.score):
            best = AlignedSpan(start, end, score)
    return best


def _with_name_opening(scene: _Scene, span: AlignedSpan) -> AlignedSpan:
    """A name begun by a word of two syllables, capitalised on its first only ("Mặt trận Tổ quốc"), with that
    word: "Tổ quốc" alone is half of it."""
    words, sentence = scene.words, scene.sentence
    first = next((i for i, t in enumerate(words) if t.start == span.start), None)
    if first is None or first < 2 or not scene.capital[first]:
        return span
    starts = scene.word_starts
    before, head = words[first - 1], words[first - 2]
    joined = sentence[head.end : before.start] == " " and sentence[before.end : words[first].start] == " "
    if (joined and scene.capital[first - 2] and not scene.capital[first - 1] and before.start not in starts
            and head.start in starts):
        return AlignedSpan(head.start, span.end, span.score)
    return span


def _ends_clause(sentence: str, end: int) -> bool:
    rest = sentence[end:].lstrip()
    return not rest or _BREAK.match(rest) is not None or rest[0] == ","


def _with_kind_noun(scene: _Scene, span: AlignedSpan) -> AlignedSpan:
    opening = scene.frame.opening
    if len(opening) < 2:
        return span
    start = opened_by_noun_asked(" ".join(opening), scene.sentence, span.start)
    return span if start == span.start else AlignedSpan(start, span.end, span.score)


@lru_cache(maxsize=4096)
def noun_asked(question: str) -> str:
    """The noun before the question word, folded, when it is two words or more: "mo hinh" of "mô hình gì?"."""
    frame = _question_frame(question, frozenset())
    return " ".join(frame.opening) if frame is not None and len(frame.opening) >= 2 else ""


def opened_by_noun_asked(noun: str, sentence: str, start: int) -> int:
    """Where a common noun phrase answering "… mô hình gì?" starts: back over the noun asked when the sentence
    writes it right before `start` ("mô hình dân vận khéo"); a name is answered without it ("Sông Lam Nghệ
    An" for "đội nào")."""
    if not noun or sentence[start : start + 1].isupper():
        return start
    for written in (noun + " ", noun + " so "):  # "nghị quyết nào?": "Nghị quyết số 27-NQ/TW", with its number
        begin = start - len(written)
        if begin >= 0 and fold_aligned(sentence[begin:start]).lower() == written:
            return begin if begin == 0 or not sentence[begin - 1].isalnum() else start
    return start


MAX_LISTED_WORDS = 20


def _listed_after_head(scene: _Scene, span: AlignedSpan) -> AlignedSpan | None:
    """ "những cuộc thi nào?" / "… tổ chức cuộc thi tìm hiểu Hiến pháp và tìm hiểu Luật Đất đai nhiệm kỳ
    2026 – 2031": the things listed after the noun asked, joined by "và", with that noun and without the term
    they belong to, when the best run is one of them."""
    frame, words, sentence = scene.frame, scene.words, scene.sentence
    if not frame.head:
        return None
    for at, token in enumerate(words):
        # The head before the run, or opening it ("Ban Kinh" for "những ban nào?").
        if token.text != frame.head[-1] or not (token.end <= span.start or span.start <= token.start < span.end):
            continue
        first = at
        for noun in reversed(frame.opening[:-1]):  # "bầu" of "bầu cử": the noun asked opens the answer
            if first == 0 or words[first - 1].text != noun:
                break
            first -= 1
        last = at
        while last + 1 < len(words) and last + 1 - at <= MAX_LISTED_WORDS:
            gap = sentence[words[last].end : words[last + 1].start]
            if _BREAK.search(gap) or "," in gap or (words[last + 1].text, words[last + 2].text if last + 2 < len(words) else "") == ("nhiem", "ky"):
                break
            last += 1
        if last == at or span.end > words[last].end:
            continue
        if not any(words[i].text == "va" for i in range(at + 1, last)):
            return None
        return AlignedSpan(words[first].start, words[last].end, span.score)
    return None


def _listed_by_semicolons(scene: _Scene, span: AlignedSpan) -> AlignedSpan | None:
    """ "những hội nghị nào?" / "… trọng tâm là Nghị quyết Đại hội A; Nghị quyết Đại hội B; Nghị quyết Đại
    hội C; triển khai …": the items around the best run, split by ";", that each name the noun asked."""
    frame, sentence = scene.frame, scene.sentence
    noun = " ".join(frame.opening[-2:] or frame.head)
    if not noun or ";" not in sentence:
        return None
    bounds = [0] + [m.end() for m in re.finditer(";", sentence)]
    segments = [(start, (bounds[i + 1] - 1) if i + 1 < len(bounds) else len(sentence)) for i, start in enumerate(bounds)]
    holds = [re.search(rf"(?<![^\W_]){re.escape(noun)}(?![^\W_])", fold_aligned(sentence[a:b]).lower()) is not None
             for a, b in segments]
    at = next((i for i, (a, b) in enumerate(segments) if a <= span.start < b), None)
    if at is None or not holds[at]:
        return None
    first, last = at, at
    while first > 0 and holds[first - 1]:
        first -= 1
    while last + 1 < len(segments) and holds[last + 1]:
        last += 1
    if first == last:
        return None
    start = segments[first][0]
    opener = None
    for opener in _LIST_OPENER.finditer(sentence, start, segments[first][1]):
        pass
    if opener is not None:
        start = opener.end()  # "… trọng tâm là Nghị quyết …": the items begin after the list's "là"
    start += len(sentence[start:]) - len(sentence[start:].lstrip())
    end = len(sentence[: segments[last][1]].rstrip(" .;"))
    return AlignedSpan(start, end, span.score) if start < span.start + 1 and end >= span.end else None


_LIST_OPENER = re.compile(r"(?<![^\W_])(?:là|gồm|gồm có|bao gồm|như)\s*:?\s+|:\s*", re.IGNORECASE)


def _listed_names(scene: _Scene, span: AlignedSpan) -> AlignedSpan | None:
    """ "Những xã nào …?" / "còn 3 xã là An Phú, Bình Lợi và Tân Hòa chưa đạt …": a name the best run is, with
    the names listed beside it by commas and "và"; None when it stands alone."""
    sentence, words, capital = scene.sentence, scene.words, scene.capital
    inside = [i for i, t in enumerate(words) if span.start <= t.start and t.end <= span.end]
    if not inside or not all(capital[i] for i in inside):
        return None
    first, last = inside[0], inside[-1]

    def run_before(end: int) -> int | None:
        """The first word of the name ending at word `end`, if word `end` is a capitalised one."""
        if end < 0 or not capital[end]:
            return None
        start = end
        while start > 0 and capital[start - 1] and sentence[words[start - 1].end : words[start].start] == " ":
            start -= 1
        return start

    items = 1
    while True:
        gap = sentence[words[first - 1].end : words[first].start] if first else ""
        if first >= 2 and gap == " " and words[first - 1].text == "va":
            start = run_before(first - 2)
            if start is None or sentence[words[first - 2].end : words[first - 1].start] != " ":
                break
        elif first >= 1 and gap.strip() == ",":
            start = run_before(first - 1)
            if start is None:
                break
        else:
            break
        first, items = start, items + 1
    while last + 1 < len(words):
        gap = sentence[words[last].end : words[last + 1].start]
        nxt = last + 1
        if gap == " " and words[nxt].text == "va" and nxt + 1 < len(words):
            nxt += 1
        elif gap.strip() != ",":
            break
        if not capital[nxt]:
            break
        last = nxt
        while last + 1 < len(words) and capital[last + 1] and sentence[words[last].end : words[last + 1].start] == " ":
            last += 1
        items += 1
    if items < 2:
        return None
    return AlignedSpan(words[first].start, words[last].end, span.score)


def _with_second_name(sentence: str, words: Sequence[Token], capital: Sequence[bool], span: AlignedSpan) -> AlignedSpan:
    """ "Hội đồng nhân dân và Ủy ban nhân dân" for "Hai cơ quan nào": a name, "và", a name."""
    after = next((i for i, t in enumerate(words) if t.start >= span.end), None)
    if after is None or after + 1 >= len(words) or sentence[words[after].start : words[after].end] != "và":
        return span
    if sentence[span.end : words[after].start] != " " or not capital[after + 1]:
        return span
    last = after + 1
    while last + 1 < len(words) and _continues_name(sentence, words, capital, last + 1):
        last += 1
    return AlignedSpan(span.start, words[last].end, span.score)


def _continues_name(sentence: str, words: Sequence[Token], capital: Sequence[bool], index: int) -> bool:
    """True when word `index` carries on the name before it: capitalised, or the second syllable of a word."""
    if not joined_in_name(sentence, words[index - 1], words[index]):
        return False
    starts, _ = word_bounds(sentence)
    return capital[index] or words[index].start not in starts


def _quoted(sentence: str, words: Sequence[Token], in_question: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """(first, last + 1) word indexes of each quoted run the question does not quote itself."""
    for match in _QUOTED.finditer(sentence):
        inside = [i for i, t in enumerate(words) if match.start(1) <= t.start and t.end <= match.end(1)]
        if inside and not all(in_question[i] for i in inside):
            yield inside[0], inside[-1] + 1
