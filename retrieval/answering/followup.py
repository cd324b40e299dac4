"""Follow-up questions: read a turn against the one before it and write it out as a question that stands alone.

"Còn Đống Đa thì sao?" after "Tổng thu NSNN năm 2020 của Hoàn Kiếm bằng bao nhiêu phần trăm dự toán?" becomes
"Tổng thu NSNN năm 2020 của Đống Đa bằng bao nhiêu phần trăm dự toán?": the previous question is edited rather
than rebuilt from slots, so everything it said that the follow-up does not change is kept word for word, and the
user can read in "(hiểu là: …)" exactly what was answered. A question that names its own place and topic starts
afresh. The result is text, so the ordinary answer path needs nothing new; only a restriction to the previous
turn's article travels beside it ("Bài đó đăng ngày nào?").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from retrieval.answering.kinds import AnswerKinds, Paraphrases, default_answer_kinds, default_paraphrases
from retrieval.facts.lexicon import Lexicon
from retrieval.answering.comparison import BASIS_BEFORE, Period, find_periods, ranking_cues
from retrieval.facts.model import PeriodKind
from retrieval.facts.periods import find_periods as find_fact_periods
from retrieval.facts.query import DOCUMENT_NUMBER
from retrieval.gazetteer import Gazetteer
from retrieval.answering.analysis import AnswerKind, Question, QuestionReader, is_stop_word, months_after, read_question
from retrieval.text.tokenize import Tokenizer
from retrieval.text.folding import fold_aligned, phrase_pattern
from retrieval.text.normalize import fold_accents, has_diacritics, normalize_text

CONTEXT_VERSION = 1
_MAX_TEXT = 1000  # a stored question or topic is cut to this many characters
_MAX_ANSWER = 300
_MAX_ITEMS = 10


@dataclass(frozen=True)
class TurnContext:
    """What one answered turn established, kept for the next turn (and stored between turns, so small)."""

    question: str  # the question as answered: the resolved text for a follow-up
    districts: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    quarter: int | None = None
    topic: str = ""  # the question without its asking words: "Tổng thu NSNN năm 2020 của Hoàn Kiếm"
    kind: str = "other"  # the AnswerKind value asked for
    counted: tuple[str, ...] = ()  # what "bao nhiêu …" counted, folded
    doc_ids: tuple[str, ...] = ()  # the articles the answer cited
    answer: str | None = None  # the short direct answer, when there was one: who "ông ấy" is
    # The district talked about before this turn's, when the conversation moved on from it: "Hóc Môn", then
    # "còn Thủ Đức?", then "… nơi nào cao hơn?" sets the two side by side.
    earlier_districts: tuple[str, ...] = ()
    # The person the conversation is about: the last one answered, kept while later turns ask of them ("bà ấy
    # làm bí thư từ khi nào?" answers a date; "thay ai?" next still asks of her).
    person: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of plain strings, numbers and lists."""
        return {
            "v": CONTEXT_VERSION,
            "question": self.question,
            "districts": list(self.districts),
            "cities": list(self.cities),
            "years": list(self.years),
            "quarter": self.quarter,
            "topic": self.topic,
            "kind": self.kind,
            "counted": list(self.counted),
            "doc_ids": list(self.doc_ids),
            "answer": self.answer,
            "earlier_districts": list(self.earlier_districts),
            "person": self.person,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TurnContext:
        """Read a stored context back; ValueError when it is not one (the store then drops it)."""
        if not isinstance(data, Mapping) or data.get("v") != CONTEXT_VERSION:
            raise ValueError("not a stored conversation context of this version")
        try:
            quarter = data.get("quarter")
            answer = data.get("answer")
            return cls(
                question=_text(data["question"], _MAX_TEXT),
                districts=_strings(data.get("districts", ())),
                cities=_strings(data.get("cities", ())),
                years=tuple(_integer(y) for y in _items(data.get("years", ()))),
                quarter=None if quarter is None else _integer(quarter),
                topic=_text(data.get("topic", ""), _MAX_TEXT),
                kind=_text(data.get("kind", "other"), 40),
                counted=_strings(data.get("counted", ())),
                doc_ids=_strings(data.get("doc_ids", ())),
                answer=None if answer is None else _text(answer, _MAX_ANSWER),
                earlier_districts=_strings(data.get("earlier_districts", ())),
                person=None if data.get("person") is None else _text(data["person"], _MAX_ANSWER),
            )
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed conversation context: {error}") from error


def _items(value: Any) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return list(value)[:_MAX_ITEMS]


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(_text(item, _MAX_TEXT) for item in _items(value))


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value[:limit]


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    return value


@dataclass(frozen=True)
class Places:
    """The corpus and the gazetteer a question's places are read against."""

    gazetteer: Gazetteer
    districts: tuple[str, ...]
    cities: tuple[str, ...] = ()
    tokenizer: Tokenizer = field(default_factory=lambda: Tokenizer({}))
    kinds: AnswerKinds = field(default_factory=default_answer_kinds)
    paraphrases: Paraphrases = field(default_factory=default_paraphrases)
    lexicon: Lexicon | None = None

    @classmethod
    def of(cls, reader: QuestionReader) -> Places:
        return cls(reader.gazetteer, reader.districts, reader.cities, reader.tokenizer, reader.kinds, reader.paraphrases,
                   reader.lexicon)

    def read(self, text: str) -> Question:
        reader = QuestionReader(
            self.tokenizer, self.gazetteer, self.districts, self.cities, kinds=self.kinds, paraphrases=self.paraphrases,
            lexicon=self.lexicon,
        )
        return read_question(text, reader)


def remember(
    question: str | Question, places: Places, doc_ids: Iterable[str] = (), answer: str | None = None
) -> TurnContext:
    """The context a turn leaves: `question` is what was answered (the resolved one for a follow-up); a
    Question already read is not read again."""
    if isinstance(question, Question):
        text, facts = question.text[:_MAX_TEXT], question
    else:
        text = normalize_text(question).strip()[:_MAX_TEXT]
        facts = places.read(text)
    ranked = facts.comparison
    if ranked is not None and ranked.periods and ranked.measure.strip():
        # "thu ngân sách Tây Hồ năm 2023 và năm 2024, năm nào cao hơn?": what the next turn leans on is the
        # measure of the place, not the years ranked ("kế hoạch năm 2025 thì sao?").
        place = facts.districts[0] if len(facts.districts) == 1 else None
        text = f"{ranked.measure} của {_as_place(place)}" if place else ranked.measure
    return TurnContext(
        question=text,
        districts=facts.districts,
        cities=facts.cities,
        years=facts.years,
        quarter=facts.quarter,
        topic=topic_of(text),
        kind=_kind_asked(facts, answer),
        counted=facts.counted,
        doc_ids=tuple(dict.fromkeys(doc_ids))[:_MAX_ITEMS],
        answer=answer[:_MAX_ANSWER] if answer else None,
    )


def _kind_asked(facts: Question, answer: str | None) -> str:
    if facts.asked.span in (AnswerKind.DISTRICT.value, AnswerKind.CITY.value):
        return facts.asked.span  # "Đồng chí X là Chủ tịch UBND quận nào?" answered with a place, not a name
    if answer and facts.facts.role is not None and facts.kind is not AnswerKind.TIME:
        return AnswerKind.PERSON.value  # "Chủ tịch UBND quận X cuối năm 2023?" answered with a name
    if facts.comparison is not None and facts.comparison.periods:
        return AnswerKind.NUMBER.value  # "năm 2022 và năm 2023, năm nào cao hơn?" ranks a figure, not a year
    return facts.kind.value


@dataclass(frozen=True)
class Resolution:
    """How a turn was read: the question to answer, and whether it leaned on the turn before."""

    question: str  # the standalone question to answer (the text itself when it stands alone)
    followup: bool
    doc_ids: tuple[str, ...] = ()  # answer only from these articles ("Bài đó …"); empty: any
    inherited: tuple[str, ...] = field(default=())  # what came from before: "place", "period", "topic", …
    before_holder: str | None = None  # "trước đó là ai?" after a role's holder: whose predecessor is asked
    # "ai cho biết con số đó?": the figure the answer's quote must state; the conversation stays on that figure.
    stated_figure: str | None = None
    # "Còn quận Long Biên thì sao?": the question before with only its places swapped, which the answer derives
    # from that question's analysis (analysis.in_places) rather than reading `question` again.
    places_swapped: bool = False
    # "Thế năm 2021?": the question before of another period, derived likewise (analysis.in_period).
    period_swapped: bool = False

    @property
    def resolved_question(self) -> str | None:
        """The JSON `resolved_question`: the rewritten question, None for a question that stood alone."""
        if self.before_holder is not None:
            return f"{self.question.rstrip(' ?')}, trước {self.before_holder}?"
        return self.question if self.followup else None


# --------------------------------------------------------------------------------------------------------------
# Cue words, in folded form so they match typed with or without diacritics.

_DEMONSTRATIVES = frozenset({"đó", "này", "ấy", "đấy", "đây", "trên"})
_ARTICLE_ANAPHOR = re.compile(
    r"(?<![^\W_])(?:bai viet|bai bao|tin bai|bai|tin)\s+(?P<dem>do|nay|ay|day|tren)(?![^\W_])"
)
_NAMED_THINGS = (
    "chỉ thị", "nghị quyết", "kế hoạch", "chương trình", "quyết định", "kết luận", "thông tri", "đề án", "hội nghị",
    "đại hội", "cuộc thi", "chuyên đề", "dự án", "văn bản", "công văn", "thông báo", "báo cáo", "chủ đề", "phong trào",
)
_THING_ANAPHOR = re.compile(
    r"(?<![^\W_])(?P<noun>" + "|".join(fold_aligned(n).replace(" ", r"\s+") for n in _NAMED_THINGS) + r")\s+"
    r"(?P<dem>do|nay|ay|day|tren)(?![^\W_])"
)
_FIGURE_ANAPHOR = re.compile(r"(?<![^\W_])(?:con\s+so|so\s+lieu|so\s+tien|muc)\s+(?P<dem>do|nay|ay|tren)(?![^\W_])")
NO_ARTICLE = ("",)
_WHO_SAID = re.compile(r"^\W*ai\s+(?:da\s+)?(?:cho\s+biet|noi|neu|bao\s+cao|phat\s+bieu)\W*$")  # no article has this id: a turn pointing at an answer there was not is answered from none
_PLACE_ANAPHOR = re.compile(
    r"(?<![^\W_])(?:(?P<division>quan|huyen|thi xa|dia phuong|dia ban|dang bo quan|quan uy)\s+(?P<dem>do|nay|ay|day)"
    r"|(?P<prep>o|tai)\s+(?P<dem2>do|day))(?![^\W_])"
)
_PERSON_ANAPHOR = re.compile(
    r"(?<![^\W_])(?:ong|ba|nguoi|dong chi|vi)\s+(?:ay|do|nay)(?![^\W_])"
)
# "Chủ tịch UBND quận khi đó là ai?", "Bí thư Huyện ủy là ai?": a division word, or the district's committee,
# with no name after it is the district spoken of.
_BARE_DIVISION = re.compile(r"(?<![^\W_])(?:quan|huyen)(?:\s+uy)?(?![^\W_])(?!\s+(?:nao|do|nay|ay|day)(?![^\W_]))")
# "trước đó là ai?", "người tiền nhiệm?" after the holder of a role: who held it before them.
_PREDECESSOR = re.compile(
    r"(?<![^\W_])(?:truoc\s+(?:do|ong\s+ay|ba\s+ay|nguoi\s+nay|nguoi\s+do)|nguoi\s+tien\s+nhiem|tien\s+nhiem"
    r"|nguoi\s+truoc|nguoi\s+giu\s+chuc\s+truoc|thay\s+(?:cho\s+)?ai"  # "(bà ấy) thay ai?"
    r"|thay\s+(?:cho\s+)?(?:dong\s+chi|ong|ba|nguoi|vi)\s+nao)(?![^\W_])"  # "… thay đồng chí nào?"
)
# Why is asked of a figure that moved or missed: "… giảm bao nhiêu?", "… không đạt dự toán phải không?". A bare
# amount has no cause the articles state; its sentence's purpose ("để …") is no answer.
_CHANGE_OR_SHORTFALL = re.compile(
    r"(?<![^\W_])(?:tang|giam|vuot|khong\s+dat|chua\s+dat|kho\s+dat|thap|cao|sut|cham"
    r"|(?:chua|khong)\s+hoan\s+thanh)(?![^\W_])"
)
_NOT_A_FIGURE = frozenset((AnswerKind.PERSON.value, AnswerKind.TIME.value, AnswerKind.PUBLISHED.value, AnswerKind.AUTHOR.value,
                           AnswerKind.OUTLET.value, AnswerKind.DISTRICT.value, AnswerKind.CITY.value))
_ASKED_IF = re.compile(r"(?<![^\W_])co\s+(?=(?:dat|vuot|hoan thanh|thuc hien)(?![^\W_]))")  # "có đạt …": its "có"
_YES_NO_END = re.compile(r"[\s,]*(?<![^\W_])(?:co\s+)?(?:phai|dung|hay|co)?\s*(?:khong|ko|chua)$")
_ASKS_RELATED = re.compile(r"(?<![^\W_])(?:phan tram|so voi|ty le)(?![^\W_])|%")
_OPENING_PARTICLE = re.compile(r"^\W*(?:thế|vậy|còn|the|vay|con)\s+(?=người|nguoi)", re.IGNORECASE)
# "… chuyển công tác đi đâu?", "… làm gì?", "… giữ chức gì?": what became of someone, not who they are.
_ASKS_OF_THEM = re.compile(r"(?<![^\W_])(?:(?:di|o|tai|den|ve|sang)\s+dau|lam\s+gi|chuc\s+(?:vu\s+)?gi|nhiem\s+vu\s+gi)(?![^\W_])")
# "khi đó", "lúc ấy", "năm đó": the period spoken of.
_TIME_ANAPHOR = re.compile(r"(?<![^\W_])(?:khi|luc|thoi diem|thoi gian|nam|ky|cung thoi diem|(?P<quarter>quy))\s+(?P<dem>do|ay|nay)(?![^\W_])")
_YEAR_BEFORE_OR_AFTER = re.compile(
    r"(?<![^\W_])(?P<same>cung\s+ky\s+)?nam\s+(?:(?P<way>truoc|sau|toi|tiep\s+theo|ke\s+tiep)(?P<pointed>\s+(?:do|nua))?"
    r"|(?P<last>ngoai|lien\s+truoc))"
    r"(?![^\W_])"
)
# "cùng kỳ", "cùng thời điểm" with no year after it: the time the turn before asked of.
_SAME_TIME = re.compile(r"(?<![^\W_])cung\s+(?:ky|thoi\s+diem|thoi\s+gian)(?![^\W_])(?!\s+(?:nam|do|ay|nay)(?![^\W_]))")
_THEY = re.compile(r"(?<![^\W_])họ\s+(?=[^\W\d_])")  # "năm sau họ phấn đấu …": the place spoken of ("ho" unmarked is also "hộ")
_THEN = re.compile(r"(?<![^\W_])thi(?![^\W_])")  # "Năm 2023 thì được bao nhiêu?": the topic is the one before
_OFFICE_ANAPHOR = re.compile(r"(?<![^\W_])(?:chuc\s+vu|chuc\s+danh|chuc|cuong\s+vi|vi\s+tri)\s+(?:nay|do|ay|tren)(?![^\W_])")
_NOW = re.compile(r"(?<![^\W_])(?:hien|bay\s+gio)(?![^\W_])")  # "hiện", "hiện nay", "hiện tại", "bây giờ"
# A turn opening on what someone did, with no one named: "nhận nhiệm vụ …", "được bầu …", "giữ chức …".
_OPENS_ON_AN_ACT = re.compile(r"^\W*(?:nhan|duoc|giu|dam|bat\s+dau|len|ve|chuyen|thoi)(?![^\W_])")
_WITHIN = re.compile(r"^\W*(?:va\s+|the\s+|vay\s+)?trong\s+(?:do|so\s+do)(?![^\W_])[\s,:]*")
_LEADING_MARKER = re.compile(
    r"^\W*(?:(?:the|vay)\s+con|con\s+ve|con|the|vay|the\s+thi|vay\s+thi|con\s+voi|the\s+voi|voi|va)(?![^\W_])"
)
_TRAILING_MARKER = phrase_pattern(["thì sao", "thì thế nào", "thế nào", "ra sao", "thì sao nhỉ", "thì sao ạ"])
# Words that shape an elliptical follow-up without saying what it asks: "Còn bài về Sơn Trà?"
_FILLERS = phrase_pattern(
    ["bài về", "bài viết về", "bài báo về", "tin về", "của", "ở", "tại", "về", "trong", "thì", "sao", "nhỉ", "nữa",
     "ạ", "à", "nhé", "với", "quận", "huyện", "thị xã", "thành phố", "tp", "q", "năm", "quý", "còn", "thế", "vậy", "cả"]
)
_DIVISION_BEFORE = re.compile(r"(?:quan|huyen|thi xa|thanh pho|tp\.?|q\.)\s*$")
# The asking end of a question: "… là bao nhiêu?", "… bằng bao nhiêu phần trăm dự toán?", "… là gì?"
_TAIL = re.compile(
    r"[\s,]*(?<![^\W_])(?:(?:la|bang|duoc|dat|co|nhu|vao)\s+)*"
    r"(?:bao nhieu|may|gi|ai|nao|dau|the nao|ra sao|khi nao|bao gio|nhung gi)(?:\s+[^\W_]+){0,4}\s*[?.!]*\s*$"
)
_ASK_LEFT_IN_TOPIC = re.compile(r"[\s,]*(?<![^\W_])(?:(?:la|bang|duoc|dat)\s+)*(?:bao nhieu|may)(?![^\W_]).*$")
_TAILS_BY_KIND = {"number": "là bao nhiêu", "person": "là ai", "time": "là khi nào", "published": "là ngày nào"}


def topic_of(question: str) -> str:
    """A question without its asking end: "Tỷ lệ … của Hoàn Kiếm là bao nhiêu?" → "Tỷ lệ … của Hoàn Kiếm"."""
    text = question.strip()
    tail = _TAIL.search(fold_aligned(text))
    topic = text[: tail.start()] if tail and tail.start() > 0 else text
    return topic.rstrip(" ?.!,")


def _tail_of(question: str) -> str:
    text = question.strip()
    tail = _TAIL.search(fold_aligned(text))
    return text[tail.start() :].strip(" ?.!,") if tail and tail.start() > 0 else ""


# --------------------------------------------------------------------------------------------------------------
# Resolution


def resolve(text: str, previous: TurnContext | None, places: Places, typed: Question | None = None) -> Resolution:
    """Read `text` as a follow-up of `previous` when it leans on it; otherwise it stands alone.

    `typed`: the turn's own reading of `text`, when the caller has it (the places and periods it names): then
    the text is not read again here."""
    question = normalize_text(text).strip()
    alone = Resolution(question, False)
    if previous is None or not question:
        return alone
    read = typed if typed is not None else places.read(question)
    edited = _resolve_references(question, previous, places, read)
    if edited is not None:
        if set(edited.inherited) <= {"period", "place"} and not edited.doc_ids and (
            (ranking_cues(question) and read.districts) or read.city_wide
            or (_LEADING_MARKER.match(fold_aligned(question)) and read.districts and not read.facts.figure)
        ):
            # "còn Gia Lâm năm đó?": the time pointed at, and the rest an ellipsis of the question before.
            # "quận 7 cùng năm đó? cao hơn hay thấp hơn": the time pointed at, then the ellipsis read as such.
            again = _resolve_ellipsis(edited.question, previous, places, read)
            if again is not None:
                return dataclasses.replace(again, inherited=tuple(dict.fromkeys(again.inherited + edited.inherited)))
        return edited
    return _resolve_ellipsis(question, previous, places, read) or alone


def _resolve_references(question: str, previous: TurnContext, places: Places, typed: Question) -> Resolution | None:
    """Words that point back ("bài đó", "chỉ thị đó", "quận đó", "ông ấy", "trong đó") replaced by what they mean."""
    folded = fold_aligned(question)
    # "người tiền nhiệm là ai?" asks who; "người tiền nhiệm chuyển đi đâu?" asks of them, not for them.
    asks_who = (typed.kind is AnswerKind.PERSON or typed.asked.span in ("person", "none")) and not _ASKS_OF_THEM.search(folded)
    if not typed.asked.roles and asks_who and _PREDECESSOR.search(folded):
        if previous.answer and previous.kind == "person":
            # The role and place asked before, of the one who held it before the person answered; a question that
            # named no place ("ai chủ trì hội nghị đó?") is of the article that answered it.
            named = any(_mention(previous.question, d) is not None for d in previous.districts)
            articles = () if named or previous.cities else previous.doc_ids
            return Resolution(previous.question, True, articles, ("topic", "place", "answer"), before_holder=previous.answer)
        if previous.person and previous.kind == AnswerKind.TIME.value:
            # "bà ấy nhận chức từ khi nào?" answered with a date: who held that office before her, asked as who.
            role = places.read(previous.question).facts.role
            district = previous.districts[0] if len(previous.districts) == 1 else None
            if role is None or district is None:
                return Resolution(question, True, NO_ARTICLE, ("answer",))
            asked = f"{role.role} {_place_as_written(previous.question, district)} là ai?"
            return Resolution(" ".join(asked.split()), True, (), ("topic", "place", "answer"), before_holder=previous.person)
        if previous.kind == "person":
            return Resolution(question, True, NO_ARTICLE, ("answer",))  # no holder was named: no one came before
    predecessor = _PREDECESSOR.search(folded)
    if predecessor is not None and _ASKS_OF_THEM.search(folded) and not typed.asked.names:
        # "người tiền nhiệm được điều đi làm gì?": of the one the person talked about replaced; said so, the
        # sentence "… X …, thay đồng chí Y được điều động làm …" is the one to quote.
        person = previous.person or (previous.answer if previous.kind == "person" else None)
        if person is None:
            return Resolution(question, True, NO_ARTICLE, ("answer",))
        end = predecessor.end()
        pointer = re.match(r"\s+(?:do|ay|nay)(?![^\W_])", folded[end:])
        end += pointer.end() if pointer else 0  # "người trước đó"
        said = _apply(question, [(predecessor.start(), end, f"người {person} thay")])
        return Resolution(" ".join(_OPENING_PARTICLE.sub("", said).split()), True, (), ("answer",))
    within = _WITHIN.match(folded)
    if within and previous.topic:
        rest = question[within.end() :].strip()
        if not _TAIL.search(fold_aligned(rest)) and previous.kind in _TAILS_BY_KIND:
            # "trong đó tiền sdđ?": a part of the figure asked before, asked the way it was.
            rest = f"{rest.rstrip(' ?.!')} {_TAILS_BY_KIND[previous.kind]}?"
        topic = previous.topic
        asked_before = _ASK_LEFT_IN_TOPIC.search(fold_aligned(topic))
        if asked_before is not None and asked_before.start() > 0 and _TAIL.search(fold_aligned(rest)):
            # "… đạt bao nhiêu % dự toán?" then "trong đó thuế … bao nhiêu?": the part is asked, not the share.
            topic = topic[: asked_before.start()]
        return Resolution(f"{topic}, trong đó {rest}", True, previous.doc_ids, ("topic", "document"))
    edits: list[tuple[int, int, str]] = []
    inherited: list[str] = []
    restrict = False
    district = previous.districts[0] if len(previous.districts) == 1 else None
    for match in _ARTICLE_ANAPHOR.finditer(folded):
        if not _points_back(question, *match.span("dem")):
            continue
        if not previous.doc_ids and not district:
            return Resolution(question, True, NO_ARTICLE, ("document",))  # no article was quoted: none is meant
        restrict = True
        inherited.append("document")
        if district:
            noun_end = match.start() + len(match.group().rsplit(None, 1)[0])
            about = f" về {_place_as_written(previous.question, district)}"
            if not previous.doc_ids and len(previous.years) == 1 and not find_periods(question):
                about += f" năm {previous.years[0]}"  # no article quoted: the one about the year asked
            edits.append((noun_end, match.end(), about))
    if (not restrict and previous.doc_ids and typed.kind in (AnswerKind.AUTHOR, AnswerKind.PUBLISHED)
            and not (typed.districts or typed.cities or typed.years or typed.published_on)):
        # "tác giả bài viết là ai?" in a conversation: the article just quoted, not any article.
        restrict = True
        inherited.append("document")
    for match in _FIGURE_ANAPHOR.finditer(folded):
        if _points_back(question, *match.span("dem")) and typed.kind is not AnswerKind.PERSON:
            # "Mức đó đạt bao nhiêu phần trăm dự toán?": that figure's share, read as the relation it asks.
            rest = " ".join(_apply(question, [(match.start(), match.end(), "")]).split())
            again = _resolve_ellipsis(rest, previous, places, places.read(rest)) if rest else None
            if again is not None:
                return again
        elif _points_back(question, *match.span("dem")):
            # "ai cho biết con số đó?": the figure just answered, in the article that stated it; none answered,
            # no article can say who stated it.
            if not previous.answer or not previous.doc_ids:
                return Resolution(question, True, NO_ARTICLE, ("document",))
            said = _apply(question, [(match.start(), match.end(), f"con số {previous.answer}")])
            return Resolution(said, True, previous.doc_ids, ("document", "answer"), stated_figure=previous.answer)
    if _WHO_SAID.match(folded) and (previous.kind == AnswerKind.NUMBER.value or re.search(r"\d", previous.answer or "")):
        # "ai cho biết?" alone after a figure: who stated that figure.
        if not previous.answer or not previous.doc_ids:
            return Resolution(question, True, NO_ARTICLE, ("document",))
        said = f"{question.rstrip(' ?')} con số {previous.answer}?"
        return Resolution(said, True, previous.doc_ids, ("document", "answer"), stated_figure=previous.answer)
    office = _OFFICE_ANAPHOR.search(folded)
    if office is not None and previous.kind == "person" and district and not typed.asked.roles:
        role = places.read(previous.question).facts.role
        if role is not None and typed.kind is not AnswerKind.PERSON:
            # "bà ấy nhận chức đó từ bao giờ?": that office of that place, said; the person is replaced below.
            place = _place_as_written(previous.question, district)
            edits.append((office.start(), office.end(), f"chức {role.role} {place}"))
            inherited += ["topic", "place"]
        elif role is not None:
            # "Người hiện giữ chức vụ này là ai?": the office asked before, of the same place, now or then.
            place = _place_as_written(previous.question, district)
            asked_then = next(iter(find_periods(question)), None) or next(iter(find_periods(previous.question)), None)
            when = "hiện nay" if _NOW.search(folded) else _lower_first(asked_then.text) if asked_then else ""
            if not find_periods(question) and typed.years:
                when = f"năm {typed.years[-1]}"  # "Đến cuối năm 2026 thì ai giữ chức này?": then
            return Resolution(" ".join(f"{role.role} {place} {when} là ai?".split()), True, (), ("topic", "place"))
    for match in _THING_ANAPHOR.finditer(folded):
        if not _points_back(question, *match.span("dem")):
            continue
        if not previous.doc_ids and district and not (typed.districts or typed.cities):
            # "Đại hội đó" after a turn that quoted no article: the meeting of the district asked about.
            end = len(question.rstrip(" ?.!"))
            edits.append((end, end, f" của {_place_as_written(previous.question, district)}"))
            inherited.append("place")
            continue
        restrict = True
        inherited.append("document")
        named = _named_thing(previous.question, match.group("noun"))
        if named:
            edits.append((match.start(), match.end(), _capitalised_like(question[match.start() : match.end()], named)))
            inherited.append("subject")
    for match in _PLACE_ANAPHOR.finditer(folded):
        dem = "dem" if match.group("division") else "dem2"
        if district is None or not _points_back(question, *match.span(dem)):
            continue
        inherited.append("place")
        period = _period_carried(question, folded, previous, typed)
        if period:
            inherited.append("period")  # "chi ngân sách huyện đó bao nhiêu?": that place, in the period asked
        if match.group("division"):
            edits.append((match.start("dem"), match.end("dem"), district + period))
        else:
            edits.append((match.start("dem2"), match.end("dem2"), _as_place(district) + period))
    if district and not typed.districts and not typed.cities and "place" not in inherited:
        for match in _BARE_DIVISION.finditer(folded):
            after = question[match.end() :].lstrip()
            number = re.match(r"\d{1,2}", after)
            if after[:1].isupper() or (number and not months_after(fold_aligned(after), number.end())):
                continue  # "quận Ba Đình", "Quận 5": a place is named ("huyện 6 tháng đầu năm" names none)
            inherited.append("place")
            period = _period_carried(question, folded, previous, typed)
            if period:
                inherited.append("period")
            edits.append((match.end(), match.end(), f" {_as_place(district)}{period}"))
            break
    if len(previous.years) == 1 and not find_periods(question):
        for match in _TIME_ANAPHOR.finditer(folded):
            if not _points_back(question, *match.span("dem")):
                continue
            if match.group("quarter") and previous.quarter not in _ROMAN:
                continue  # "quý đó" with no quarter asked before: which one is not known
            inherited.append("period")
            year = previous.years[0]
            period = f"quý {_ROMAN[previous.quarter]}/{year}" if previous.quarter in _ROMAN else f"năm {year}"
            edits.append((match.start(), match.end(), period))
            if (district and "place" not in inherited and not typed.city_wide
                    and not (typed.districts or typed.cities or typed.unknown_places)):
                # "ai làm bí thư lúc đó?": then, and there.
                end = len(question.rstrip(" ?.!"))
                edits.append((end, end, f" của {_place_as_written(previous.question, district)}"))
                inherited.append("place")
            break
    same_time = (_SAME_TIME.search(folded) if "period" not in inherited and not find_periods(question)
                 and not typed.city_wide and not _LEADING_MARKER.match(folded) else None)  # "còn toàn TP cùng kỳ?"
    before = next(iter(find_periods(previous.question)), None)
    if same_time is not None and before is not None and not BASIS_BEFORE.search(folded[: same_time.start()]):
        # "thu ngân sách cùng kỳ đạt bao nhiêu % dự toán?" after a figure of 6 tháng đầu 2023: of that time,
        # there ("so với cùng kỳ" is a basis, said before it).
        inherited.append("period")
        edits.append((same_time.start(), same_time.end(), before.text[:1].lower() + before.text[1:]))
        if district and "place" not in inherited and not (typed.districts or typed.cities or typed.unknown_places):
            end = len(question.rstrip(" ?.!"))
            edits.append((end, end, f" của {_place_as_written(previous.question, district)}"))
            inherited.append("place")
    if (previous.answer and previous.kind == "person" and typed.kind is AnswerKind.TIME and not typed.asked.names
            and not (typed.districts or typed.cities) and not _PERSON_ANAPHOR.search(folded)
            and _OPENS_ON_AN_ACT.match(folded)):
        # "nhận nhiệm vụ (chức bí thư) từ tháng mấy?" after a holder was named: when that person did it.
        return Resolution(f"{_as_typed(previous.answer, question)} {_lower_first(question)}", True, (), ("answer",))
    person = previous.answer if previous.kind not in _PLACE_KINDS else _person_named(previous.question)
    if person and (previous.kind == "person" or _looks_like_a_name(person)):
        for match in _PERSON_ANAPHOR.finditer(folded):
            if not _points_back(question, match.end() - len(match.group().split()[-1]), match.end()):
                continue
            if not _may_be_called(person, match.group().split()[0]):
                # "bà ấy" after a man's name (no "Thị"), "ông ấy" after a woman's: someone else is meant.
                return Resolution(question, True, NO_ARTICLE, ("answer",))
            inherited.append("answer")
            edits.append((match.start(), match.end(), _as_typed(person, question)))
    if not inherited:
        return None

    return Resolution(
        _apply(question, edits), True, previous.doc_ids if restrict else (), tuple(dict.fromkeys(inherited))
    )


# Answers that name a place or an article's outlet: "ông ấy" after one means a person the question named.
_PLACE_KINDS = frozenset((AnswerKind.DISTRICT.value, AnswerKind.CITY.value, AnswerKind.OUTLET.value))
_NAMED_PERSON = re.compile(r"(?i:đồng chí|ông|bà|đ/c)\s+((?:[^\W\d_]+\s+){1,3}[^\W\d_]+)")


def _person_named(question: str) -> str | None:
    """ "Đồng chí Trần Văn An là Chủ tịch UBND quận nào?": the person the question is about."""
    for match in _NAMED_PERSON.finditer(question):
        words = []
        for word in match.group(1).split():
            if not word[:1].isupper():
                break
            words.append(word)
        if len(words) >= 2:
            return " ".join(words)
    return None


def _as_typed(name: str, question: str) -> str:
    """`name` written as the rest of the question is: with its marks, a name would make a question typed
    without them read as accented, and its unaccented cue words ("khi nao") then be missed."""
    return name if has_diacritics(question) else fold_accents(name)


def _city_of(district: str, places: Places) -> str | None:
    """The city of the corpus a district is in, when the gazetteer says which one."""
    cities = {d.province for d in places.gazetteer.districts_named(district) if d.province in places.cities}
    return next(iter(cities)) if len(cities) == 1 else None


def _period_carried(question: str, folded: str, previous: TurnContext, typed: Question) -> str:
    """ " năm 2024" when a turn pointing at the place before keeps its period too: "Còn Chủ tịch HĐND quận?"
    after a role asked of 2024 (the same question of another role), "chi ngân sách quận đạt bao nhiêu?" (a
    figure of that period); "" when the turn names its own period, "cả năm", or points at one ("lúc đó")."""
    period = next(iter(find_periods(previous.question)), None)
    if period is None or not (_LEADING_MARKER.match(folded) or typed.facts.figure is not None):
        return ""
    if find_periods(question) or find_fact_periods(question) or _whole_year(question) or typed.years:
        return ""
    if _TIME_ANAPHOR.search(folded):
        return ""
    return f" {_lower_first(period.text)}"


def _resolve_ellipsis(question: str, previous: TurnContext, places: Places, facts: Question) -> Resolution | None:
    """A turn that only names a new place or period ("Còn Đống Đa thì sao?", "Thế năm 2021?"), or a new topic
    after "Còn …" ("Còn số đảng viên?"), read against the previous question."""
    folded = fold_aligned(question)
    marker = _LEADING_MARKER.match(folded)
    trailing = _TRAILING_MARKER.search(folded)
    shifted = _year_shifted(question, folded, previous)
    found = find_periods(question) or _part_of_a_year(question)
    if shifted and found and shifted[0].start <= found[0].start:
        found = ()  # "6 tháng đầu năm sau": the part found is the year after's, which the shift says
    periods = found or _whole_year(question) or shifted
    residual = _residual(question, facts, periods, places)
    plan = _plan_of_the_figure_before(question, residual, previous, facts, periods, shifted)
    if plan is not None:
        return plan
    if shifted and residual and _asks_relation_only(residual):
        residual = ""  # "cùng kỳ năm trước là bao nhiêu tỷ?": the figure before, of the same period a year back
    new_places = facts.districts or facts.cities or facts.unknown_places
    cues = ranking_cues(question)
    old_cues = ranking_cues(previous.question)
    if cues and old_cues and not _residual(_apply(question, [(a, b, "") for a, b, _ in cues]), facts, (), places):
        # "Còn thấp nhất?" after "… quận nào thu ngân sách nhiều nhất?": the same comparison, the other way.
        start, end, _ = old_cues[0]
        written = question[cues[0][0] : cues[0][1]]
        return Resolution(_apply(previous.question, [(start, end, written.lower())]), True, (), ("topic", "place", "period"))
    figure_before = previous.kind == AnswerKind.NUMBER.value or (
        previous.kind == AnswerKind.OTHER.value and bool(previous.districts or previous.cities or previous.years)
    )  # "Thu ngân sách quận X năm 2023?" asks a figure without a question word
    compared = _compared_with_the_place_before(question, folded, previous, facts, cues, residual, figure_before)
    if compared is not None:
        return compared
    talked_about = _ranked_over_the_places_talked_about(question, folded, previous, facts, cues)
    if talked_about is not None:
        return talked_about
    request = facts.comparison
    if (request is not None and request.periods and not request.measure.strip() and not new_places and figure_before
            and len(previous.districts) <= 1):
        # "năm 2023 và năm 2024, năm nào cao hơn?" after a figure: that measure of that place, over those years.
        topic = _without_periods(" ".join(_ASKING_WORDS.sub("", topic_of(previous.question)).split()))
        return Resolution(f"{topic}, {_lower_first(question)}", True, (), ("topic", "place"))
    only_a_city = bool(facts.cities) and not facts.districts and not facts.unknown_places
    before_words = set(fold_aligned(previous.question).lower().split())
    city_rest = [w for w in _without_city_wide(residual).split() if fold_aligned(w).lower() not in before_words]
    if facts.city_wide and previous.districts and (not new_places or only_a_city) and not city_rest:
        # "toàn thành phố (cùng kỳ) thì sao?": the same question of the whole city the district is in.
        mention = _mention(previous.question, previous.districts[0])
        if mention is None:
            return None
        named_city = facts.cities[0] if facts.cities else _city_of(previous.districts[0], places)
        city = f"toàn thành phố {named_city}" if named_city else "toàn thành phố"
        return Resolution(_apply(previous.question, [(mention[0], mention[1], city)]), True, (), ("topic", "period"))
    if residual and not new_places and figure_before and not shifted and _asks_relation_only(residual) and not _RANKS_PERIODS.search(
        fold_aligned(previous.question).lower()
    ):
        # "So với năm trước tăng bao nhiêu?" after "… thu ngân sách đạt bao nhiêu?": the change or the share of
        # the figure just asked, of the same place and period; "dự toán năm 2024 bao nhiêu?" of another period.
        topic = _ASKING_WORDS.sub("", _without_relation(topic_of(previous.question)))
        topic = " ".join(topic.split())
        asked = question.rstrip(" ?.!")
        own = [found for found in find_fact_periods(question) if not found.compared]
        if own:
            # "dự toán năm 2024 …": its own period; "so với năm 2022 tăng hay giảm": a basis, the period stays.
            topic = _without_periods(topic)
            if len(previous.years) == 1 and all(found.period.year is None for found in own):
                # "dự toán cả năm bao nhiêu?" after a half-year: the whole of that year.
                last = own[-1]
                asked = f"{asked[: last.end]} {previous.years[0]}{asked[last.end :]}"
            return Resolution(f"{topic} {_lower_first(asked)}?", True, (), ("topic", "place"))
        return Resolution(f"{topic} {_lower_first(asked)}?", True, (), ("topic", "place", "period"))
    # "ai chủ trì hội nghị?" asks of someone; "năm 2022 thì ai?" only swaps the period of the question before.
    # A document named by its number ("Chỉ thị số 30-CT/TU do ai ban hành?") is its own subject.
    asks_of_someone = facts.facts.role is not None or (
        (facts.kind in (AnswerKind.PERSON, AnswerKind.TIME) or facts.asked.span == "reason") and bool(residual)
        and not DOCUMENT_NUMBER.search(facts.folded))
    if (asks_of_someone and not new_places and len(previous.districts) == 1 and not previous.cities
            and not facts.documents and not _ASKS_WHICH_PLACE.search(facts.folded) and not cues):
        # "… có đạt dự toán không?" answered "Không": it missed, and why it did is asked.
        missed = previous.answer == "Không" and _YES_NO_END.search(fold_aligned(previous.question.rstrip(" ?.!")).lower())
        if (facts.asked.span == "reason" and previous.kind not in _NOT_A_FIGURE and not (periods or facts.years)
                and (missed or _CHANGE_OR_SHORTFALL.search(fold_aligned(previous.question).lower()))):
            # "vì sao thế?" after a figure: why that figure, of that place and period, is as it is.
            topic = " ".join(_ASKING_WORDS.sub("", topic_of(previous.question)).split())
            counted_after = _ASKING_WORDS.split(_tail_of(previous.question), maxsplit=1)
            if len(counted_after) == 2 and _CHANGE_OR_SHORTFALL.search(fold_aligned(counted_after[1]).lower()):
                # "… có bao nhiêu chỉ tiêu khó đạt?": what was counted is what the cause is asked of.
                topic = " ".join(_ASKING_WORDS.sub("", previous.question).split())
            topic = topic.rstrip(" ?.!")
            yes_no = _YES_NO_END.search(fold_aligned(topic).lower())
            topic = topic[: yes_no.start()] if yes_no else topic  # "… không đạt dự toán phải không?": why it did not
            if missed:
                opening = _ASKED_IF.search(fold_aligned(topic).lower())
                if opening is not None:
                    topic = f"{topic[: opening.start()]}không {topic[opening.end() :]}"  # "có đạt" → "không đạt"
            return Resolution(f"{question.rstrip(' ?.!')}: {_lower_first(topic)}?", True, (), ("topic", "place", "period"))
        # "PBT thường trực là ai?", "ai chủ trì hội nghị?" in a conversation about one district: that
        # district's, then.
        place = _place_as_written(previous.question, previous.districts[0])
        before = next(iter(find_periods(previous.question)), None)
        when = f" {_lower_first(before.text)}" if before is not None else (
            f" năm {previous.years[0]}" if len(previous.years) == 1 else "")  # "… Sơn Tây 2020 …": a bare year
        when = "" if (periods or facts.years) else when
        return Resolution(f"{question.rstrip(' ?.!')} của {place}{when}?", True, (), ("place", "period") if when else ("place",))
    if residual and not marker and not new_places and not cues and _of_the_place_before(facts, previous):
        # "dự toán năm 2024 được giao bao nhiêu?" in a conversation about one district: a figure asked with no
        # place is that district's (naming another place, or "quận nào", would have said otherwise); with no
        # period either ("chi ngân sách?"), of the period asked before too.
        place = _place_as_written(previous.question, previous.districts[0])
        if not (periods or facts.years or facts.quarter):
            period = next(iter(find_periods(previous.question)), None)
            if period is not None and _ASKING_WORDS.search(question):
                # "bao nhiêu TCCS đảng hoàn thành xuất sắc nhiệm vụ?": asked in full but for the place and the
                # period, which the question keeps as it was typed.
                return Resolution(f"{question.rstrip(' ?.!')} {_lower_first(period.text)} của {place}?", True, (),
                                  ("place", "period"))
            return _switch_topic(residual, previous, facts)
        asked = question
        whole = periods[0] if periods and periods[0].year is None and len(previous.years) == 1 else None
        if whole is not None and not shifted:
            # "Chỉ tiêu kết nạp cả năm là bao nhiêu?" after nine months of 2023: the whole of that year.
            asked = _apply(question, [(whole.start, whole.end, f"{question[whole.start : whole.end]} {previous.years[0]}")])
        if shifted:
            # "Năm sau họ phấn đấu thu bao nhiêu?": that year, and "họ" is the place.
            asked = _apply(question, [(shifted[0].start, shifted[0].end, shifted[0].text)])
            asked = _THEY.sub("", asked)
            asked = " ".join(asked.split())
            asked = asked[:1].upper() + asked[1:]
        return Resolution(f"{asked.rstrip(' ?.!')} của {place}?", True, (), ("place", "period") if shifted else ("place",))
    if residual:
        if not (marker or trailing) or new_places:
            return None  # a question of its own
        related = _ASKS_RELATED.search(folded) if _ASKING_WORDS.search(question) and previous.districts else None
        if related is not None and len(previous.districts) == 1 and not (periods or facts.years):
            # "thế còn giá trị sản xuất thì tăng bao nhiêu % so với cùng kỳ?": asked in full, the share or the
            # change kept as typed, of the place and the period before.
            before = next(iter(find_periods(previous.question)), None)
            asked = question[marker.end() :].strip(" ,") if marker else question.strip()
            place = _place_as_written(previous.question, previous.districts[0])
            when = f"{before.text[:1].upper()}{before.text[1:]}, " if before is not None else ""
            return Resolution(f"{when}{_lower_first(asked.rstrip(' ?.!'))} của {place}?", True, (), ("place", "period"))
        return _switch_topic(residual, previous, facts)
    if not (new_places or periods or facts.years or facts.quarter):
        return None
    if not (marker or trailing or len(folded.split()) <= 4 or _THEN.search(folded) or shifted):
        return None
    resolved, inherited = previous.question, ["topic"]
    if new_places:
        resolved = _replace_places(resolved, previous, facts, question, places)
    else:
        inherited.append("place")
    if periods or facts.years or facts.quarter:
        resolved = _replace_period(resolved, question, periods, facts)
    else:
        inherited.append("period")
    return Resolution(resolved, True, (), tuple(inherited), places_swapped=inherited == ["topic", "period"],
                      period_swapped=inherited == ["topic", "place"])


# "Mục tiêu năm tới là bao nhiêu?", "chỉ tiêu đề ra?": nothing but the plan of a figure.
_PLAN_ONLY = re.compile(r"(?:muc tieu|chi tieu|ke hoach|phan dau)(?:\s+(?:dat ra|de ra|dat|duoc giao|giao))?")


def _plan_of_the_figure_before(
    question: str, residual: str, previous: TurnContext, facts: Question, periods: Sequence[Period],
    shifted: Sequence[Period],
) -> Resolution | None:
    """ "Mục tiêu năm tới là bao nhiêu?" after "Thạch Thất 2022 kết nạp bao nhiêu đảng viên?": the target of that
    measure and place, of the period the turn names (the year after, here), else of the one asked before."""
    if (not residual or not _PLAN_ONLY.fullmatch(" ".join(fold_aligned(residual).lower().split()))
            or previous.kind != AnswerKind.NUMBER.value or len(previous.districts) > 1
            or facts.districts or facts.cities or facts.unknown_places):
        return None
    topic = " ".join(_ASKING_WORDS.sub("", _without_relation(topic_of(previous.question))).split())
    counted = _counted_as_written(previous)
    if counted and fold_aligned(counted).lower() not in fold_aligned(topic).lower():
        topic = f"{topic} {counted}"  # "… kết nạp bao nhiêu đảng viên?": the noun counted went with its tail
    own = shifted[0].text if shifted else periods[0].text if periods and periods[0].year is not None else ""
    if not own and periods and periods[0].span == "year" and len(previous.years) == 1:
        own = f"cả năm {previous.years[0]}"  # "kế hoạch cả năm?" after a part of the year: that whole year
    if own:
        topic = " ".join(_BARE_YEAR_IN_TOPIC.sub(" ", _without_periods(topic)).split())
    asked = f"{residual[:1].upper()}{residual[1:]} {_lower_first(topic)} {own}".strip()
    return Resolution(f"{asked} là bao nhiêu?", True, (), ("topic", "place") if own else ("topic", "place", "period"))


def _year_shifted(question: str, folded: str, previous: TurnContext) -> tuple[Period, ...]:
    """ "Năm trước đó thì được bao nhiêu?": the year before the one asked ("so với năm trước", a basis, is none)."""
    shifted = _YEAR_BEFORE_OR_AFTER.search(folded)
    if shifted is None or len(previous.years) != 1 or BASIS_BEFORE.search(folded[: shifted.start()]):
        return ()
    later = shifted.group("way") is not None and shifted.group("way") != "truoc"
    if not (shifted.group("same") or shifted.group("pointed") or shifted.group("last") or later):
        return ()  # "năm trước" alone is the basis of a change more often than a period; "năm sau" never is
    year = previous.years[0] + (1 if later else -1)
    before = next(iter(find_periods(previous.question)), None)
    if shifted.group("same") and before is not None and before.span != "year":
        # "cùng kỳ năm trước": the same part of the year before ("quý I/2024" after "quý I/2025")
        same = Period(before.span, year, before.part, "", *shifted.span())
        return (dataclasses.replace(same, text=_spelled(same)),)
    part = _PART_BEFORE.search(folded[: shifted.start()])
    after = _PART_AFTER.match(folded, shifted.end())
    if part is None and after is not None:
        # "năm sau 9 tháng thì sao?": the part named after the year it is of
        span, number = ("quarter", _QUARTERS[after.group("quarter")]) if after.group("quarter") else ("months", _MONTHS[after.group("months") or "6"])
        within = Period(span, year, number, "", shifted.start(), after.end())
        return (dataclasses.replace(within, text=_spelled(within)),)
    if part is not None:
        # "sáu tháng đầu năm sau", "quý II năm sau": that part of the year after
        span, number = ("quarter", _QUARTERS[part.group("quarter")]) if part.group("quarter") else ("months", _MONTHS[part.group("months") or "6"])
        within = Period(span, year, number, "", part.start(), shifted.end())
        return (dataclasses.replace(within, text=_spelled(within)),)
    return (Period("year", year, None, f"năm {year}", *shifted.span()),)


_PART_BEFORE = re.compile(
    r"(?<![^\W_])(?:nua\s+dau|(?P<months>3|6|9|ba|sau|chin)\s+thang(?:\s+dau)?|quy\s+(?P<quarter>iv|iii|ii|i|[1-4]))\s+$"
)
_PART_AFTER = re.compile(
    r"\s+(?:nua\s+dau|(?P<months>3|6|9|ba|sau|chin)\s+thang(?:\s+dau)?|quy\s+(?P<quarter>iv|iii|ii|i|[1-4]))(?![^\W_])"
)
_MONTHS = {"3": 3, "6": 6, "9": 9, "ba": 3, "sau": 6, "chin": 9}
_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _part_of_a_year(question: str) -> tuple[Period, ...]:
    """ "còn 9 tháng?", "quý III thì sao?": a part of a year named without its year (of the year asked before)."""
    for found in find_fact_periods(question):
        period = found.period
        if found.compared or period.year is not None or period.part is None:
            continue
        if period.kind is PeriodKind.MONTHS:
            span, part = ("quarter", 1) if period.part == 3 else ("months", period.part)
        elif period.kind is PeriodKind.QUARTER:
            span, part = "quarter", period.part
        else:
            continue
        return (Period(span, None, part, question[found.start : found.end], found.start, found.end),)
    return ()


# "cả năm thì sao?" after a quarter: the whole of the year asked before.
_WHOLE_YEAR = re.compile(r"(?<![^\W_])ca\s+nam(?![^\W_])(?!\s+(?:19|20)\d\d)")


def _whole_year(question: str) -> tuple[Period, ...]:
    match = _WHOLE_YEAR.search(fold_aligned(question))
    return (Period("year", None, None, question[match.start() : match.end()], *match.span()),) if match else ()


# "… năm nào cao hơn?" with no measure of its own: nothing a relation could be asked of.
_RANKS_PERIODS = re.compile(r"(?<![^\W_])(?:nam|quy|ky|giai doan)\s+nao(?![^\W_])")
_SET_AGAINST_OPENING = re.compile(r"^\W*(?:(?:con|the|vay)\s+)?(?:so\s+voi|so\s+sanh\s+voi)(?![^\W_])")
_WHICH_PLACE_ONLY = re.compile(r"^\W*(?:(?:con|the|vay)\s+)?(?:quan|huyen|noi|ben|dia phuong)\s+nao(?![^\W_])")


def _compared_with_the_place_before(
    question: str, folded: str, previous: TurnContext, facts: Question, cues: Sequence[tuple[int, int, str]],
    residual: str, figure_before: bool,
) -> Resolution | None:
    """After a figure of one district: "so với Thanh Khê thì sao?" sets it against the district named, and
    "quận nào cao hơn?" ranks it over the districts talked about (the corpus's, when only one was)."""
    if not figure_before or len(previous.districts) != 1 or facts.cities:
        return None
    old = previous.districts[0]
    bare = _topic_without_place(previous, old)
    if bare is None:
        return None
    against = _SET_AGAINST_OPENING.match(folded)
    others = [d for d in facts.districts if d != old]
    if len(others) == 1 and len(facts.districts) == 1 and (against or (cues and _only_place_and_cue(question, folded, others[0], cues, previous.question))):
        # "so với Thanh Khê thì sao?", "còn Quận 1 thì sao? quận nào cao hơn?": the two districts set side by side.
        place = _place_as_written(previous.question, old)
        return Resolution(f"So sánh {_lower_first(bare)} của {place} và {_as_place(others[0])}", True, (), ("topic", "period"))
    which = _WHICH_PLACE_ONLY.match(folded)
    if cues and not facts.districts and which:
        written = question[cues[0][0] : cues[0][1]].lower()
        rest = _apply(folded, [(a, b, "") for a, b, _ in cues] + [(0, which.end(), "")])
        if not set(re.findall(r"[^\W_]+", rest)) - _RANKING_FILLERS:
            before = [d for d in previous.earlier_districts if d != old]
            if len(before) == 1 and all(_COMPARATIVE.search(folded[a:b]) for a, b, _ in cues):
                # "bên nào nhiều hơn?" after two districts in turn: those two, not every district.
                pair = f"{_as_place(before[0])} hay {_as_place(old)}"
                return Resolution(f"{bare[:1].upper()}{bare[1:]}, {pair}, quận nào {written}?", True, (),
                                  ("topic", "period", "place"))
            return Resolution(f"{bare[:1].upper()}{bare[1:]}, quận nào {written}?", True, (), ("topic", "period"))
    return None


def _ranked_over_the_places_talked_about(
    question: str, folded: str, previous: TurnContext, facts: Question, cues: Sequence[tuple[int, int, str]],
) -> Resolution | None:
    """ "… nơi nào cao hơn?" naming no place, after turns about two districts: a comparative ranks two things,
    and the two are the districts just talked about, in the period they were asked of (a superlative, "cao
    nhất", still ranks them all)."""
    request = facts.comparison
    if (request is None or request.periods or facts.districts or facts.cities
            or facts.unknown_places or not cues or not all(_COMPARATIVE.search(folded[a:b]) for a, b, _ in cues)):
        return None
    talked_about = tuple(dict.fromkeys(previous.earlier_districts + previous.districts))
    if len(previous.districts) != 1 or len(talked_about) != 2:
        return None
    carried = ""
    period = next(iter(find_periods(previous.question)), None)
    if period is not None and not (find_periods(question) or find_fact_periods(question) or facts.years):
        carried = f" {_lower_first(period.text)}"
    first, second = (_as_place(d) for d in talked_about)
    if not set(fold_aligned(request.measure).lower().split()) - _RELATION_WORDS - _RANKED_ALONE:
        # "quận nào vượt dự toán nhiều hơn?": the figure asked before, of the two, ranked by the cue.
        bare = _topic_without_place(previous, previous.districts[0])
        if bare is None:
            return None
        written = question[cues[0][0] : cues[0][1]].lower()
        return Resolution(f"{bare[:1].upper()}{bare[1:]}, {first} hay {second}, quận nào {written}?", True, (),
                          ("topic", "place", "period"))
    return Resolution(f"{question.rstrip(' ?.!')}{carried}, {first} hay {second}?", True, (), ("place", "period"))


# Words a comparative may carry beside the relation and still rank the figure asked before: "(vậy) bên nào vượt
# (dự toán) nhiều hơn?".
_RANKED_ALONE = frozenset({"vuot", "vay", "con", "ben"})
_COMPARATIVE = re.compile(r"(?<![^\W_])hon(?![^\W_])")
def _topic_without_place(previous: TurnContext, district: str) -> str | None:
    """The question before less its asking words and its district: "Thu ngân sách 6 tháng đầu năm 2023"."""
    topic = _ASKING_WORDS.sub("", topic_of(previous.question))
    mention = _mention(topic, district)
    if mention is None:
        return None
    bare = " ".join(_apply(topic, [(mention[0], mention[1], "")]).split()).strip(" ,")
    return re.sub(r"\s+(?:của|cua|ở|o|tại|tai)$", "", bare)


_RANKING_FILLERS = frozenset("thi sao nhi a vay the con day".split())
# Words of a turn that only names a district and asks which is higher: "còn Quận 1 thì sao? quận nào cao hơn?",
# "Sóc Sơn thì sao, bên nào nhiều hơn?", "quận 7 cùng năm đó? cao hơn hay thấp hơn".
_SET_AGAINST_FILLERS = _RANKING_FILLERS | frozenset(
    "quan huyen noi ben dia phuong nao hay hon cung ky so voi ty ti le phan tram muc".split()
)


def _only_place_and_cue(
    question: str, folded: str, district: str, cues: Sequence[tuple[int, int, str]], before: str = ""
) -> bool:
    """The turn names a district and asks which is higher, and says nothing new: its other words are fillers
    or the previous question's own ("Tân Phú cùng kỳ? quận nào chi nhiều hơn?" after a spending question)."""
    mention = _mention(question, district)
    if mention is None:
        return False
    cut = [(a, b, "") for a, b, _ in cues] + [(mention[0], mention[1], "")]
    cut += [(p.start, p.end, "") for p in find_periods(question)]
    rest = _apply(folded, sorted(set(cut)))
    asked_before = set(fold_aligned(before).lower().split())
    return not set(re.findall(r"[^\W\d_]+", rest.lower())) - _SET_AGAINST_FILLERS - asked_before


def _without_periods(text: str) -> str:
    """ "Thu ngân sách năm 2023 của Thanh Khê" less its periods: the turn names its own."""
    edits = [(p.start, p.end, "") for p in find_periods(text)]
    return " ".join(_apply(text, edits).split())


def _of_the_place_before(facts: Question, previous: TurnContext) -> bool:
    """A figure asked of no place, no city and no article, after a turn about exactly one district."""
    # With no question word, only a short fragment naming a measure ("chi ngân sách?"), never small talk.
    bare = facts.asked.kind == "measure" or (facts.asked.kind == "none" and facts.asked.span == "none")
    fragment = (bare and not facts.small_talk
                and facts.facts.figure is not None and len(facts.facts.figure.measure) <= _FRAGMENT_SYLLABLES)
    asks_a_figure = facts.kind is AnswerKind.NUMBER or fragment
    return (
        len(previous.districts) == 1 and not previous.cities and asks_a_figure
        and facts.facts.figure is not None
        and not facts.documents and not facts.unknown_places and not _ASKS_WHICH_PLACE.search(facts.folded)
        and not facts.city_wide
    )


_FRAGMENT_SYLLABLES = 6


def _without_city_wide(residual: str) -> str:
    # "toàn TP Hà Nội cùng kỳ thì sao?": the city named, in the period asked before.
    return " ".join(w for w in residual.split() if fold_aligned(w).lower() not in _CITY_WIDE_FILLERS)


# "toàn TP cùng kỳ đạt bao nhiêu?": nothing asked but the city, in the period and measure before.
_CITY_WIDE_FILLERS = frozenset("toan ca tp cung ky dat duoc la bao nhieu thi sao the nao".split())


_ASKS_WHICH_PLACE = re.compile(r"(?<![^\W_])(?:quan|huyen|dia phuong|noi|don vi|dia ban|thanh pho)\s+nao(?![^\W_])")


# "còn Tân Phú cùng kỳ?": the period asked before, no word of what is asked ("so với cùng kỳ" is a basis, and
# "cùng kỳ năm trước" another period).
_SAME_PERIOD = re.compile(
    r"(?<![^\W_])(?<!so voi )(?<!so )cung\s+(?:(?:ky|thoi\s+diem|thoi\s+gian)(?!\s+nam)"
    r"|nam(?!\s+(?:do|ay|nay|truoc|sau|ngoai|\d)))(?![^\W_])"  # "cùng năm thì sao?": that year, as "cùng năm đó"
    r"|(?<![^\W_])(?<!dai )hoi(?=\s+(?:quy|nam|thang|nua|ca\s+nam|\d))",  # "hồi 9 tháng 2021": at that time ("đại hội 2020" is no "hồi")
    re.IGNORECASE,
)


def _residual(question: str, facts: Question, periods: Sequence[Any], places: Places) -> str:
    """What is left of a question once follow-up cues, places, periods and function words are taken out."""
    folded = fold_aligned(question)
    keep = [True] * len(question)

    def drop(start: int, end: int) -> None:
        keep[start:end] = [False] * (end - start)

    marker = _LEADING_MARKER.match(folded)
    if marker:
        drop(0, marker.end())
    for pattern in (_TRAILING_MARKER, _FILLERS, _SAME_PERIOD):
        for match in pattern.finditer(folded):
            drop(*match.span())
    for period in periods:
        drop(period.start, period.end)
    # A name typed one letter off ("Ba Dinhh") is the place it was read as.
    names = [*facts.districts, *facts.cities, *(p.name for p in facts.unknown_places),
             *(c.typed for c in facts.corrected_names)]
    for name in names:
        for match in phrase_pattern(name).finditer(folded):
            drop(*match.span())
        if name.isdigit():
            for match in re.finditer(rf"(?<![^\W_])[qQ]\.?\s?{name}(?!\d)", folded):
                drop(*match.span())  # "còn Q7?"
    for match in re.finditer(r"(?<!\d)(?:19|20)\d\d(?!\d)", question):
        drop(*match.span())
    # "5 năm liền": how long a record lasted, a word of what is counted, not the period asked.
    lasting = [m.span() for m in _LASTING.finditer(folded)]
    for start, end in lasting:
        keep[start:end] = [True] * (end - start)
    kept = "".join(c if k else " " for c, k in zip(question, keep))
    accented = has_diacritics(question)
    inside = {i for start, end in lasting for i in range(start, end)}
    words = [m.group() for m in re.finditer(r"[^\W_]+(?:[-/][^\W_]+)*", kept)
             if m.start() in inside or not is_stop_word(m.group().lower(), accented)]
    return " ".join(words)


_LASTING = re.compile(r"(?<![^\W_])\d{1,2}\s+nam\s+(?:lien\s+tuc|lien\s+tiep|lien)(?![^\W_])", re.IGNORECASE)


# The words of a question that asks how a figure compares, and nothing else: "so với năm trước tăng bao nhiêu",
# "bằng bao nhiêu phần trăm dự toán". The cues must be there; the others may be.
# "đạt bao nhiêu tỷ?" after a change: the amount of the same measure, asked by its unit.
# "có cao hơn mức chung (bình quân) của thành phố không?": the figure against the city's average.
_RELATION_CUES = frozenset({"tang", "giam", "so", "cung ky", "du toan", "ke hoach", "chi tieu", "phan tram", "ty le", "%", "ty", "tien",
                            "muc chung", "binh quan"})
_RELATION_WORDS = _RELATION_CUES | frozenset(
    {"voi", "truoc", "ngoai", "cung", "ky", "nam", "bang", "dat", "duoc", "hon", "bao", "nhieu", "la", "muc",
     "chi", "tieu", "phan", "tram", "ty", "le", "du", "toan", "ke", "hoach", "thi", "the", "nao", "khoang", "giao",
     "hay", "dau", "cao", "thap", "chung", "binh", "quan", "thanh", "pho", "toan"}  # "dự toán (giao) đầu năm"
)


# "… kết nạp bao nhiêu đảng viên mới năm 2023": the asking words left inside a topic, which the relation asks now.
# ("may" typed without diacritics stays: "dệt may" is a measure's word.)
_ASKING_WORDS = re.compile(r"(?<![^\W_])(?:bao nhiêu|bao nhieu|mấy)(?![^\W_])", re.IGNORECASE)


def _asks_relation_only(residual: str) -> bool:
    folded = " ".join(w for w in fold_aligned(residual).lower().split() if not _YEAR_WORD.fullmatch(w.strip(",?")))
    words = folded.split()
    if not words or not all(w in _RELATION_WORDS for w in words):
        return False
    return any(cue in _RELATION_CUES for cue in words) or any(f" {cue} " in f" {folded} " for cue in _RELATION_CUES)


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def _without_relation(topic: str) -> str:
    """The topic less a relation asked at its end: "Tổng thu NSNN so với cùng kỳ thì" → "Tổng thu NSNN"."""
    words = topic.split()
    cut = len(words)
    while cut and (fold_aligned(words[cut - 1]).lower().strip(",") in _RELATION_WORDS or _YEAR_WORD.fullmatch(words[cut - 1].strip(",?"))):
        cut -= 1  # "… so với năm 2022 tăng hay giảm": the year set against goes with the relation
    if cut and _asks_relation_only(" ".join(words[cut:])):
        return " ".join(words[:cut]).rstrip(" ,")
    return topic


# A follow-up opening with a verb of what was counted, not with a noun: "hoàn thành tốt …", "không hoàn thành …".
# "Còn số hoàn thành tốt …": "số" (the count) before it.
_OPENS_ON_PREDICATE = re.compile(
    r"(?P<count>so\s+(?:luong\s+)?)?(?:khong\s+)?(?:hoan\s+thanh|xep\s+loai|dat\s+loai|duoc\s+xep\s+loai)(?![^\W_])"
)


def _counted_as_written(previous: TurnContext) -> str | None:
    """The noun the previous question counted, as it was written there: "chi bộ"."""
    if not previous.counted:
        return None
    key = " ".join(previous.counted)
    folded = fold_aligned(previous.question).lower()
    at = re.search(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", folded)
    return previous.question[at.start() : at.end()] if at else None


def _switch_topic(residual: str, previous: TurnContext, facts: Question | None = None) -> Resolution:
    """ "Còn số đảng viên?" after a question about Sơn Trà: the new topic, asked of the same place and period;
    of its own period when it names one ("kế hoạch năm 2025 thì sao?"), with its own question word's tail."""
    counted = _counted_as_written(previous)
    residual = " ".join(residual.split())
    predicate = _OPENS_ON_PREDICATE.match(fold_aligned(residual).lower()) if counted else None
    if counted and predicate:
        # "Còn hoàn thành tốt nhiệm vụ thì sao?" after "bao nhiêu chi bộ hoàn thành xuất sắc …": a predicate
        # alone keeps the noun the turn before counted ("số hoàn thành tốt …": after "số").
        if not has_diacritics(residual):
            counted = fold_aligned(counted).lower()  # typed without diacritics: the question stays so
        at = predicate.end("count") if predicate.group("count") else 0
        head, rest = residual[:at], residual[at:]
        residual = f"{head}{counted} {rest[:1].lower()}{rest[1:]}" if at else f"{counted} {rest[:1].lower()}{rest[1:]}"
        # "… thì bao nhiêu người?": the people counted are the noun counted before
        residual = re.sub(r"\s+(?:người|nguoi)$", "", residual, flags=re.IGNORECASE)
    parts = [residual[:1].upper() + residual[1:]]
    own = next(iter(facts.periods), None) if facts is not None else None
    period = own or next(iter(find_periods(previous.question)), None)
    if period is not None:
        parts.append(_lower_first(period.text))
    if previous.districts:
        parts.append("của " + " và ".join(_as_place(d) for d in previous.districts))
    elif previous.cities:
        parts.append("của " + " và ".join(previous.cities))
    if facts is not None and facts.kind.value in _TAILS_BY_KIND:
        parts.append(_TAILS_BY_KIND[facts.kind.value])  # "… cùng kỳ thu bao nhiêu": its own question
    elif facts is not None and previous.kind == AnswerKind.PERSON.value and facts.facts.figure is not None and facts.facts.role is None:
        parts.append(_TAILS_BY_KIND[AnswerKind.NUMBER.value])  # "còn chi ngân sách?" after "ai cho biết …": a figure
    elif facts is not None and facts.asked.cue and _tail_of(facts.text):
        # "… được điều đi làm gì?": its own question word, not the kind asked before ("là khi nào").
        parts.append(_tail_of(facts.text))
    elif previous.kind != "other":
        # A question asked without a question word ("Thu ngân sách quận X năm 2023?") is followed in kind:
        # "là gì" would make a figure asked a definition.
        parts.append(_TAILS_BY_KIND.get(previous.kind, "là gì"))
    return Resolution(" ".join(parts) + "?", True, (), ("place", "period"))


def _as_place(district: str) -> str:
    """A district as a question names it on its own: "Quận 5", not "5" (a number alone is no place)."""
    return f"Quận {district}" if district.isdigit() else district


def _replace_places(resolved: str, previous: TurnContext, facts: Question, question: str, places: Places) -> str:
    new_labels = [_new_label(question, name) for name in facts.districts]
    new_labels += [place.label for place in facts.unknown_places]
    old = [name for name in previous.districts]
    if not new_labels:  # a city for a city
        new_labels, old = list(facts.cities), list(previous.cities)
    mentions = [_mention(resolved, name) for name in old]
    found = [m for m in mentions if m is not None]
    if not found and not old:
        # The place before was one no article covers ("quan 10"): it is the one named with its division word.
        named = _NAMED_DIVISION.search(resolved)
        if named is not None:
            return re.sub(r"\s+", " ", _apply(resolved, [(named.start(), named.end(), " và ".join(new_labels))])).strip()
    if not found:
        return f"Theo bài về {' và '.join(new_labels)}, {_lower_first(resolved)}"
    edits: list[tuple[int, int, str]] = []
    if len(found) == len(new_labels):
        pairs = zip(found, new_labels)
    else:
        pairs = zip(found[:1], [" và ".join(new_labels)])
        edits += [(start, end, "") for start, end, _ in found[1:]]
    for (start, end, division), label in pairs:
        has_division = label.split()[0].lower() in ("quận", "huyện", "thị", "thành", "tỉnh")
        if not has_division and division:
            # The new district's own division word, not the old one's: Tân Bình is a quận, Gia Lâm a huyện.
            kinds = {d.kind for d in places.gazetteer.districts_named(label)}
            division = next(iter(kinds)) if len(kinds) == 1 else division
        edits.append((start, end, label if has_division or not division else f"{division} {label}"))
    return re.sub(r"\s+", " ", _apply(resolved, edits)).replace(" ,", ",").strip()


_NAMED_DIVISION = re.compile(
    r"(?<![^\W_])(?:[Qq]uận|[Hh]uyện|[Qq]uan|[Hh]uyen|Q\.?)\s*(?:\d{1,2}(?!\d)|(?=[^\W\d_])(?-i:[A-ZĐ]|[ÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ])[^\W\d_]*)"
)


def _new_label(question: str, name: str) -> str:
    """The district as the follow-up names it: with its division word when one was typed ("quận Ba Đình")."""
    mention = _mention(question, name)
    if not mention or not mention[2]:
        return _as_place(name)  # "còn Q10?": "Quận 10", never a bare number
    division = mention[2].lower()
    return f"{'quận' if division in ('q.', 'q') else division} {name}"


def _mention(text: str, name: str) -> tuple[int, int, str] | None:
    """Where `name` appears in `text`, widened to a division word before it, and that word as written."""
    folded = fold_aligned(text)
    if name.isdigit():
        short = re.search(rf"(?<![^\W_])[qQ]\.?\s?{name}(?!\d)", folded)  # "Q7", "Q.7"
        if short is not None:
            return short.start(), short.end(), ""
    match = phrase_pattern(name).search(folded)
    if match is None:
        return None
    division = _DIVISION_BEFORE.search(folded[: match.start()])
    if division:
        return division.start(), match.end(), text[division.start() : match.start()].strip()
    return match.start(), match.end(), ""


def _place_as_written(question: str, district: str) -> str:
    mention = _mention(question, district)
    if mention and mention[2]:
        return f"{mention[2].lower()} {district}"
    return _as_place(district)  # "Q7" written: "Quận 7", never a bare number


def _replace_period(resolved: str, question: str, periods: Sequence[Any], facts: Question) -> str:
    old = next(iter(find_periods(resolved)), None)
    if periods:
        new = _lower_first(periods[0].text) if has_diacritics(periods[0].text) else _spelled(periods[0])
        if periods[0].year is None and old is not None and old.year is not None:
            # "còn 6 tháng đầu năm?", "quý 2 thì sao?", "cả năm?": of the year asked before.
            new = f"{new} năm {old.year}" if periods[0].span == "quarter" else f"{new} {old.year}"
    elif facts.years:
        new = f"năm {facts.years[0]}"
    else:
        return resolved
    if not has_diacritics(resolved):
        new = fold_accents(new)  # "binh xuyen 6 thang dau nam 2023 thu ngan sach …": as the question before is typed
    if old is None:
        bare = _BARE_YEAR_IN_TOPIC.search(resolved)
        if bare is not None:
            return _apply(resolved, [(bare.start(), bare.end(), new)])  # "Tây Hồ 2024 bí thư …": that year, replaced
        return f"{new[:1].upper() + new[1:]}, {_lower_first(resolved)}"
    if old.text[:1].isupper():
        new = new[:1].upper() + new[1:]
    return _apply(resolved, [(old.start, old.end, new)])


_BARE_YEAR_IN_TOPIC = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/.-])")
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _spelled(period: Period) -> str:
    """A period typed without diacritics ("nam 2021"), written out properly for the resolved question."""
    if period.span == "quarter":
        return f"quý {_ROMAN[period.part or 1]}" + (f"/{period.year}" if period.year else "")
    if period.span == "months":
        return f"{period.part} tháng đầu năm" + (f" {period.year}" if period.year else "")
    return f"năm {period.year}" if period.year else "cả năm"


def _named_thing(previous: str, noun_folded: str) -> str | None:
    """ "Chỉ thị số 17-CT/TU" in the previous question, for "chỉ thị đó"."""
    noun = r"\s+".join(re.escape(part) for part in noun_folded.split())
    pattern = re.compile(rf"(?<![^\W_]){noun}(?:\s+so)?\s+[\w./-]*\d[\w./-]*")
    match = pattern.search(fold_aligned(previous))
    return previous[match.start() : match.end()] if match else None


def _capitalised_like(written: str, replacement: str) -> str:
    if written[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement[:1].lower() + replacement[1:]


def _lower_first(text: str) -> str:
    # Only a capital that marks the sentence start is lowered: "Năm 2020" → "năm 2020", not "NSNN", not "Đống Đa".
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:].islower() and not _is_name_start(text):
        return text[:1].lower() + text[1:]
    return text


def _is_name_start(text: str) -> bool:
    words = text.split()
    return len(words) > 1 and words[0][:1].isupper() and words[1][:1].isupper()


def _looks_like_a_name(text: str) -> bool:
    """ "Nguyễn Tiến Cường": two to five capitalised words and nothing else."""
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words)


def _may_be_called(name: str, pronoun: str) -> bool:
    """A middle "Thị" marks a woman's name and "Văn" a man's: "ông" does not point to her, nor "bà" to him."""
    middle = fold_aligned(name).lower().split()[1:-1]
    if pronoun == "ong":
        return "thi" not in middle
    if pronoun == "ba":
        return "van" not in middle
    return True


def _points_back(question: str, start: int, end: int) -> bool:
    """ "đó" and not "do" (by): a question typed with diacritics must write the demonstrative with them."""
    written = normalize_text(question[start:end]).lower()
    return written in _DEMONSTRATIVES if has_diacritics(question) else True


def _apply(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    for start, end, replacement in sorted(edits, key=lambda edit: edit[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    return text
