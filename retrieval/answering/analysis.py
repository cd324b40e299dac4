"""Reading a question once: its text forms, terms, the places and periods it names, and what it asks for.

`read_question` builds one frozen `Question`; everything downstream (search, sentence choice, rendering)
uses its fields and never normalises the typed text again.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from retrieval.answering.comparison import ComparisonRequest, Period, find_periods, read_comparison
from retrieval.answering.kinds.folding import fold_phrase
from retrieval.answering.kinds.periods import read_period
from retrieval.answering.kinds import AnswerKinds, AskedFor, Paraphrases, default_answer_kinds, default_paraphrases, read_asked
from retrieval.facts.amounts import find_figures
from retrieval.facts.lexicon import Lexicon
from retrieval.facts.model import FactPeriod, PeriodKind
from retrieval.facts.periods import FoundPeriod, find_periods as find_fact_periods
from retrieval.facts.query import (
    ASKING_WORD, FigureQuery, RoleQuery, asked_period, figure_in_periods_of, read_figure_query, read_role_query,
    role_in_periods_of,
)
from retrieval.gazetteer import Gazetteer, name_key
from retrieval.models import NameCorrection
from retrieval.text.folding import fold_aligned
from retrieval.text.normalize import SMALL_COUNT, fold_accents, has_diacritics, normalize_text, unify_numbers
from retrieval.text.spelling import correct_names, correct_places, correct_syllables, read_committees, read_initials
from retrieval.text.tokenize import Tokenizer, terms_from_words


class AnswerKind(str, Enum):
    NUMBER = "number"
    PERSON = "person"
    TIME = "time"
    AUTHOR = "author"  # who wrote the article
    PUBLISHED = "published"  # when the article appeared
    OUTLET = "outlet"  # which newspaper
    CITY = "city"  # which city (or province) an article's district is in
    DISTRICT = "district"  # which district an article covers
    OTHER = "other"


@dataclass(frozen=True)
class Place:
    name: str  # as the gazetteer spells it: "Thanh Xuân"
    kind: str  # "quận", "huyện", "tỉnh", "thành phố"…
    city: str | None = None

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}".strip()


# Question and function words carry no evidence of where the answer is. Typed with diacritics they are
# unambiguous; without, only those whose folded form is no content word too ("dang" is đang but also đảng).
STOP_WORDS = frozenset(
    """
    bao_nhiêu bao nhiêu gì nào ai đâu khi_nào mấy sao thế_nào như_thế_nào là_gì vì_sao tại_sao bao_giờ
    là có không được của và những các một như nào_đó đó ở tại trong với cho hay chưa rồi thế thì mà này
    kia ấy vậy nhé à ư nhỉ đã đang sẽ bị bởi về từ đến lên xuống ra vào theo hồi
    """.split()
)
# The words that open or close a follow-up ("còn … thì sao?", "thế … vậy?"): written so as often as any,
# whatever the articles write next to them ("còn số" is no slip for "cơ sở").
_TURN_WORDS = frozenset("con thi the vay nua sao".split())
FOLDED_STOP_WORDS = frozenset(
    """
    bao_nhieu bao nhieu gi nao ai khi_nao the_nao nhu_the_nao la_gi vi_sao tai_sao bao_gio khong duoc cua
    va cac mot nhung
    """.split()
)


def is_stop_word(word: str, accented: bool) -> bool:
    """`word` is lower case; accented questions are judged by the accented form."""
    return word in STOP_WORDS if accented else fold_accents(word) in FOLDED_STOP_WORDS


_NUMBER_CUES = re.compile(r"\b(bao nhieu|may|so luong|ty le|phan tram|bao lau|muc)\b")
_TIME_CUES = re.compile(r"\b(khi nao|bao gio|ngay nao|nam nao|thang nao|tu thang may|vao thang may|ngay may|luc nao|thoi gian nao|thoi diem nao|dien ra ngay)\b")
# "Lãnh đạo TP nào dự …?": a leader of the body named, a person ("tp nào" alone asks which city).
_PERSON_CUES = re.compile(r"\b(ai|nguoi nao|dong chi nao|lanh dao(?: \w+){0,4} nao)\b")
_AUTHOR_CUES = re.compile(r"\b(ai viet|tac gia|phong vien|nguoi viet|but danh|ai dua tin)\b")
# "Bài … được công bố ngày nào?": an article announced is an article published.
_PUBLISHED_CUES = re.compile(
    r"\b(dang ngay|ngay dang|duoc dang|xuat ban|dang tai|dang luc|dang vao|dang hom nao|dang khi nao|dang bao gio)\b"
    r"|^bai\b.*\b(?:cong bo|cap nhat)\b"
)
_NAMED_AUTHOR = re.compile(r"tac gia\s+(?!(?:la|nao|ten|cua|bai|bai viet|tin)\b)[a-z]")  # "tác giả Minh Khôi", a name
_GIVEN_DATE = re.compile(r"\s*(?:ngay\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?(?!\d)")
_OUTLET_CUES = re.compile(r"\b(bao nao|to bao|nguon bao|co quan bao|trang nao|nguon tin|toa soan nao|toa soan)\b")
_ARTICLE_CUES = re.compile(r"\b(bai viet|bai bao|bai nay|tin nay)\b")
_CITY_CUES = re.compile(r"\b(thanh pho nao|tp nao|tinh nao|tinh thanh nao|tinh thanh pho nao)\b")
_DISTRICT_CUES = re.compile(r"\b(quan nao|huyen nao|dia ban nao|dia phuong nao)\b")

_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2})(?!\d)")
_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b")
_SPELLED_QUARTER = re.compile(r"(?<![^\W_])quy\s*(?:iv|iii|ii|i|[1-4]|mot|hai|ba|bon|dau)(?![^\W_])")
_DIVISION_WORDS = ("quan", "huyen", "thi xa", "q.", "thanh pho", "tp", "tp.", "tinh")


_COUNTED = re.compile(r"\b(?:bao nhieu|may)\s+([a-z]+)(?:\s+([a-z]+))?")
_NOT_COUNTED = frozenset("la thi vay nhi the a ha chua roi lan nua".split())


def counted_unit(folded: str) -> tuple[str, ...]:
    """The noun a "bao nhiêu"/"mấy" question counts: "bao nhiêu đảng viên" → ("dang", "vien")."""
    match = _COUNTED.search(folded)
    if match is None or match.group(1) in _NOT_COUNTED:
        return ()
    second = match.group(2)
    return (match.group(1),) if second is None or second in _NOT_COUNTED else (match.group(1), second)


_SMALL_TALK = re.compile(
    r"^(?:xin chao|chao|hello|hi|hey|alo|a lo|cam on|thank you|thanks|tam biet|bye|ban la ai|ban ten gi"
    r"|ban lam duoc gi|giup toi|help|ok|oke|okay|vang|da|u|uh|test)"
    r"(?: (?:ban|bot|nhe|nha|a|ad|admin|em|anh|chi|moi nguoi|tracuu|nhieu|you|there))*$"
)


def is_small_talk(folded: str) -> bool:
    """A greeting or thanks rather than a question: it gets a word about what tracuu can do."""
    words = re.sub(r"[^\w\s]", " ", folded).split()
    return bool(words) and _SMALL_TALK.match(" ".join(words)) is not None


def folded_question(question: str) -> str:
    """Lower-case, accent-free question with single spaces: the form cue patterns are written in."""
    return re.sub(r"\s+", " ", fold_accents(normalize_text(question)).lower()).strip()


def answer_kind(folded: str) -> AnswerKind:
    author = _AUTHOR_CUES.search(folded)
    if author and not (_NAMED_AUTHOR.match(folded, author.start()) and _PUBLISHED_CUES.search(folded, author.end())
                       and _TIME_CUES.search(folded, author.end())):
        return AnswerKind.AUTHOR  # "Bài … của tác giả X được đăng ngày nào?" names the author and asks the date
    published = _PUBLISHED_CUES.search(folded)
    if published and _GIVEN_DATE.match(folded, published.end()) and not _TIME_CUES.search(folded):
        # "Bài đăng ngày 26/01/2022 viết về quận nào?": the date is given, so it is not what is asked.
        if _DISTRICT_CUES.search(folded):
            return AnswerKind.DISTRICT
        if _CITY_CUES.search(folded):
            return AnswerKind.CITY
        published = None
    outlet, when = _OUTLET_CUES.search(folded), _TIME_CUES.search(folded)
    if outlet and (not when or outlet.start() < when.start()):
        return AnswerKind.OUTLET  # "được đăng trên báo nào(, lúc nào)?": where it was published, asked first
    if published or (_ARTICLE_CUES.search(folded) and _TIME_CUES.search(folded)):
        return AnswerKind.PUBLISHED
    if _OUTLET_CUES.search(folded):
        return AnswerKind.OUTLET
    if _TIME_CUES.search(folded):
        return AnswerKind.TIME
    if _NUMBER_CUES.search(folded):
        return AnswerKind.NUMBER
    if _PERSON_CUES.search(folded):
        return AnswerKind.PERSON
    if _CITY_CUES.search(folded):
        return AnswerKind.CITY
    if _DISTRICT_CUES.search(folded) and _ARTICLE_CUES.search(folded):
        return AnswerKind.DISTRICT  # "quận nào" alone asks which district did something, not the article's
    return AnswerKind.OTHER


def _mentions(folded: str, key: str) -> list[int]:
    if key not in folded:
        return []
    return [m.start() for m in re.finditer(rf"(?<![\w]){re.escape(key)}(?![\w])", folded)]


def _division_before(folded: str, position: int) -> bool:
    before = folded[:position].rstrip()
    return any(before.endswith(word) for word in _DIVISION_WORDS)


def _typed_as_another_word(question: str, key: str, name: str) -> bool:
    """Every mention of the place's folded name is typed with other diacritics: "là gì" is no "La Gi", whatever
    capitalised common noun ("Thành phố") stands before it."""
    text = normalize_text(question)
    mentions = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", fold_aligned(text))]
    typed = [text[start:end] for start, end in mentions]
    return bool(typed) and all(has_diacritics(t) and t.lower() != name.lower() for t in typed)


def _exactly_written(question: str, name: str) -> bool:
    """The name appears with its capitals and diacritics, as a place name is written in running text."""
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", normalize_text(question)) is not None


_WHICH_PLACE = re.compile(r"(?<!\w)(?:quan|huyen|ben|noi|dia phuong)\s+nao(?!\w)")


def _find_places(
    text: str, folded: str, gazetteer: Gazetteer, corpus_districts: Iterable[str], corpus_cities: Iterable[str],
    surnames: frozenset[str] = frozenset(),
    city_aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[Place, ...]]:
    """Corpus districts and cities the question names, in order of mention, and places no article covers."""
    known_districts = {name_key(d): d for d in corpus_districts}
    known_cities = {name_key(c): c for c in corpus_cities}
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for key, name in sorted(known_districts.items(), key=lambda item: -len(item[0])):
        if key.isdigit() and (int(key) > 4 or _SPELLED_QUARTER.search(folded) or _WHICH_PLACE.search(folded)):
            # "Q5", "q10": no quarter goes past IV, so this is the district; Q1 to Q4 stay quarters unless the
            # question spells its quarter out ("thu ngân sách Q3 quý 1": Quận 3 in quý I) or asks which place
            # ("còn q1 thì sao? bên nào nhiều hơn?").
            for match in re.finditer(rf"(?<!\w)q{key}(?!\w)", folded):
                if not _overlaps(taken, match.start(), match.end() - match.start()):
                    found.append((match.start(), name))
                    taken.append(match.span())
        for occurrence, position in enumerate(_mentions(folded, key)):
            if key.isdigit() and (not _division_before(folded, position) or months_after(folded, position + len(key))):
                continue  # "3 tháng đầu năm" is no Quận 3: a numbered district needs its division word
            if _in_person_name(text, key, occurrence, surnames):
                taken.append((position, position + len(key)))
                continue
            if not _overlaps(taken, position, len(key)):
                found.append((position, name))
                taken.append((position, position + len(key)))
    districts = tuple(dict.fromkeys(name for _, name in sorted(found)))
    cities = tuple(
        name for key, name in known_cities.items()
        if _mentions(folded, key) or any(_mentions(folded, alias) for alias in (city_aliases or {}).get(key, ()))
    )
    unknown = _unknown_places(text, folded, gazetteer, known_districts, known_cities, taken, surnames)
    return districts, cities, unknown


_MIDDLE_NAMES = frozenset({"Văn", "Thị"})


def _in_person_name(text: str, key: str, occurrence: int, surnames: frozenset[str]) -> bool:
    """The `occurrence`-th mention of `key` follows a capitalised family name ("Nguyễn Đức Hòa", "Lê Thanh
    Xuân"): it is part of a person's name, not a place."""
    if not surnames:
        return False
    aligned = fold_aligned(text).lower()
    mentions = list(re.finditer(rf"(?<![\w]){re.escape(key)}(?![\w])", aligned))
    if occurrence >= len(mentions):
        return False
    before = text[: mentions[occurrence].start()].split()
    word = before[-1] if before else ""
    return word[:1].isupper() and not word.isupper() and (word in surnames or word in _MIDDLE_NAMES)


_MONTHS_AFTER = re.compile(r"\s+thang(?![^\W_])")
_CITY_WIDE = re.compile(r"(?<![^\W_])(?:toan|ca)\s+(?:thanh\s+pho|tp)(?![^\W_])")


def months_after(folded: str, end: int) -> bool:
    """ "quận 6 tháng đầu năm": the number counts months; a district's number is not followed by "tháng"."""
    return _MONTHS_AFTER.match(folded, end) is not None


def _overlaps(spans: list[tuple[int, int]], start: int, length: int) -> bool:
    return any(start < end and begin < start + length for begin, end in spans)


def _unknown_places(
    question: str,
    folded: str,
    gazetteer: Gazetteer,
    known_districts: dict[str, str],
    known_cities: dict[str, str],
    taken: list[tuple[int, int]],
    surnames: frozenset[str] = frozenset(),
) -> tuple[Place, ...]:
    # A bare "Thanh Xuân" or "hoa binh" may be an ordinary phrase, so an unknown place must be either
    # introduced by its division word ("quận Thanh Xuân") or written exactly as the place is.
    places: dict[str, Place] = {}
    seen: dict[str, int] = {}
    for match in gazetteer.mention_pattern.finditer(folded):
        key, position = match.group(1), match.start()
        occurrence = seen[key] = seen.get(key, -1) + 1
        if key in known_districts or key in known_cities or _overlaps(taken, position, len(key)):
            continue
        if key.isdigit() and months_after(folded, match.end(1)):
            continue  # "chi ngân sách huyện 6 tháng đầu năm": the division spoken of, then a period
        if _in_person_name(question, key, occurrence, surnames):
            continue
        introduced = _division_before(folded, position)
        for district in gazetteer.district_keys.get(key, ()):
            if _typed_as_another_word(question, key, district.name):
                continue
            # "Quận 1" is only a place after its division word; a multi-word name may also stand alone.
            if introduced or (" " in district.name and _exactly_written(question, district.name)):
                places.setdefault(key, Place(district.name, district.kind, district.province))
                break
        province = gazetteer.province_keys.get(key)
        if key not in places and province is not None and not _typed_as_another_word(question, key, province.name):
            if introduced or (province.kind == "thành phố" and _exactly_written(question, province.name)):
                places.setdefault(key, Place(province.name, province.kind))
    return tuple(places.values())


# Markup pasted with a question ("<b>Đống Đa</b>") is not part of what is asked; it is never interpreted.
_MARKUP_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")


@dataclass(frozen=True)
class Question:
    """One question, read once."""

    raw: str  # as typed
    text: str  # trimmed, pasted markup dropped, cut to the length limit
    cut_at: int | None  # the limit it was cut to, when it was
    folded: str  # lower case, accent-free, single spaces: the form cue patterns are written in
    accented: bool  # typed with diacritics (abbreviations aside): then syllables keep them
    terms: tuple[str, ...]  # BM25 terms: question words and the places that filter the search removed
    syllables: tuple[str, ...]  # every syllable in matching form (abbreviations expanded)
    content: tuple[str, ...]  # distinct syllables that are not question words
    words: tuple[tuple[str, ...], ...]  # content words (pyvi) as syllable runs, named places left out
    districts: tuple[str, ...] = ()  # corpus districts named, in order of mention
    cities: tuple[str, ...] = ()
    unknown_places: tuple[Place, ...] = ()  # places named that no article covers
    years: tuple[int, ...] = ()
    quarter: int | None = None
    kind: AnswerKind = AnswerKind.OTHER
    counted: tuple[str, ...] = ()  # what "bao nhiêu …" counts, folded: ("dang", "vien")
    small_talk: bool = False
    documents: tuple[str, ...] = ()  # answer only from these articles: a follow-up's "bài đó"
    asked: AskedFor = AskedFor("none")  # the slot a short answer must fill (config/answer_kinds.toml)
    corrected_names: tuple[NameCorrection, ...] = ()  # names typed one letter off, read as the corpus spells them
    published_on: str | None = None  # "bài đăng ngày 20/05/2024 …": the article meant, by its date (YYYY-MM-DD)
    facts: FactReading = field(default_factory=lambda: FactReading())  # what the fact table is asked
    periods: tuple[Period, ...] = ()  # every period named, in order (a basis "so với năm 2020" too)
    # A comparison or superlative: what it ranks, over the districts it names or the corpus's (the pool of a
    # city named is the caller's to narrow); None for any other question.
    comparison: ComparisonRequest | None = None
    # A follow-up's "trước đó là ai?": the role asked is the one this person held, and who held it before them.
    before_holder: str | None = None
    city_wide: bool = False  # "toàn thành phố", "cả TP": the whole city's figure is asked, never a district's
    # "Theo đồng chí X, …": the syllables of the one whose words are asked, no evidence of the answer's sentence.
    attributed_to: frozenset[str] = frozenset()
    # "toàn thành phố … theo bài về Tây Hồ": districts named only as the articles to read, not as the place asked.
    source_districts: tuple[str, ...] = ()
    # "quận A (quý I/2025) hay huyện B (quý I/2026)": each district compared has its own period.
    own_periods: tuple[tuple[str, FactPeriod], ...] = ()

    @property
    def bigrams(self) -> frozenset[tuple[str, str]]:
        pairs = zip(self.syllables, self.syllables[1:])
        return frozenset(p for p in pairs if not (p[0] in self.attributed_to and p[1] in self.attributed_to))

    @property
    def places(self) -> tuple[str, ...]:
        return self.districts + self.cities

    @property
    def is_empty(self) -> bool:
        return not self.syllables


@dataclass(frozen=True)
class QuestionReader:
    """What reading a question needs to know of the corpus: its tokenizer and the places it covers."""

    tokenizer: Tokenizer
    gazetteer: Gazetteer
    districts: tuple[str, ...]
    cities: tuple[str, ...]
    max_chars: int = 1000
    # How many paragraphs hold a folded index term: names no paragraph holds are read as a known name one
    # letter away. None: names are read as typed.
    term_frequency: Callable[[str], int] | None = None
    kinds: AnswerKinds = field(default_factory=default_answer_kinds)  # config/answer_kinds.toml or the settings'
    paraphrases: Paraphrases = field(default_factory=default_paraphrases)
    lexicon: Lexicon | None = None  # config/facts.toml or the settings': what the fact table is asked; None: the project's
    # Syllables the corpus's facts write without a mark (FactTable.bare_syllables); None: unknown, a syllable
    # typed bare is compared as typed.
    bare_syllables: frozenset[str] | None = None


def _default_lexicon() -> Lexicon:
    from retrieval.tables import default_tables  # the project's tables are read only by a reader given none

    return default_tables().lexicon


@dataclass(frozen=True)
class FactReading:
    """What the question asks of the fact table, read with the question (facts/query.py)."""

    figure: FigureQuery | None = None  # the measure asked, its status, relation, basis and period
    role: RoleQuery | None = None  # the office whose holder is asked
    period: FoundPeriod | None = None  # the period asked: the first named that is not a basis
    states_figure: bool = False  # "… đạt 12.345 tỷ đồng?" writes a figure of its own: it asks whether it holds
    ranked: FigureQuery | None = None  # a comparison's measure, of no period: what each district or period states


def read_facts_asked(text: str, places: tuple[str, ...], counted: tuple[str, ...], lexicon: Lexicon,
                     abbreviations: Mapping[str, str], comparison: ComparisonRequest | None = None,
                     bare_syllables: frozenset[str] | None = None) -> FactReading:
    ranked = None
    period = asked_period(text)
    if comparison is not None:
        ranked = read_figure_query(comparison.figure_asked(), (), counted, lexicon, abbreviations, bare_syllables)
        if period is None and not comparison.periods:
            # "Quận nào thu ngân sách cao hơn năm 2022, A hay B?": districts are ranked, so "hơn năm 2022" is
            # the year they are ranked in, not a year set against.
            folded = fold_aligned(text).lower()
            period = next((f for f in find_fact_periods(text) if f.period.year is not None
                           and f.period.kind is not PeriodKind.TERM
                           and not _SET_AGAINST_BEFORE.search(folded[max(0, f.start - 10) : f.start])), None)
    return FactReading(
        figure=read_figure_query(first_ask(text), places, counted, lexicon, abbreviations, bare_syllables),
        role=read_role_query(text, places, lexicon, abbreviations),
        period=period,
        states_figure=_states_a_figure(text),
        ranked=ranked,
    )


_SET_AGAINST_BEFORE = re.compile(r"(?<![^\W_])(?:so\s+voi|so|voi)\s*$")  # "tăng so với năm 2022": a basis still


def first_ask(text: str) -> str:
    """ "Năm 2023 quận X thu ngân sách bao nhiêu, đạt bao nhiêu phần trăm dự toán?": two figures asked, the
    first is answered (its sentence, quoted, states the second); read as one, the share would stand for the
    amount."""
    folded = fold_aligned(text).lower()
    cues = list(ASKING_WORD.finditer(folded))
    if len(cues) < 2:
        return text
    joints = list(_JOINT.finditer(folded, cues[0].end(), cues[1].start()))
    return text[: joints[-1].start()] if joints else text


_JOINT = re.compile(r",|\s(?:và|va)(?=\s)")  # what joins two asks: "…bao nhiêu, đạt …", "…bao nhiêu và đạt …"


def _states_a_figure(text: str) -> bool:
    """The question writes a figure of its own, not a period's number ("9 tháng 2024" is a period)."""
    spans = [(p.start, p.end) for p in find_fact_periods(text)]
    return any(not any(a <= f.start < b for a, b in spans) for f in find_figures(text))


def clean_question(raw: str, limit: int) -> tuple[str, int | None]:
    """Trim the question, drop pasted markup tags and cut it to `limit` characters (returned when cut)."""
    cleaned = " ".join(_MARKUP_TAG.sub(" ", normalize_text(raw)).split())
    if len(cleaned) > limit:
        return cleaned[:limit], limit
    return cleaned, None


def read_question(raw: str, reader: QuestionReader) -> Question:
    """Read the typed question once into every form the later steps use."""
    text, cut_at = clean_question(raw, reader.max_chars)
    text = reader.kinds.without_slips(text)
    corrected: tuple[NameCorrection, ...] = ()
    if reader.term_frequency is not None:
        keep = frozenset(reader.tokenizer.abbreviations)
        text, corrected = correct_names(text, reader.term_frequency, keep)
        text, misspelt = correct_syllables(text, reader.term_frequency, keep, FOLDED_STOP_WORDS | _TURN_WORDS)
        corrected += misspelt
    text, misspelt_places = correct_places(text, reader.districts, lambda name: bool(reader.gazetteer.districts_named(name)))
    corrected += misspelt_places
    text = read_committees(text)
    text, initials = read_initials(text, reader.districts, frozenset(reader.tokenizer.abbreviations))
    corrected += initials
    folded = folded_question(text)
    tokenizer = reader.tokenizer
    # Abbreviations ("HĐND") say nothing about whether the user typed the rest with diacritics.
    typed = [w for w in re.findall(r"\w+", text) if w not in tokenizer.abbreviations]
    accented = has_diacritics(" ".join(typed))
    districts, cities, unknown = _find_places(
        text, folded, reader.gazetteer, reader.districts, reader.cities, reader.kinds.surnames, reader.kinds.city_aliases
    )
    words = [w for w in tokenizer.words(text) if not is_stop_word(w.lower(), accented)]
    terms = tuple(terms_from_words(words))
    # The place filter already keeps only that district's paragraphs; its name would just favour the ones
    # that repeat it. A question that is nothing but a place name keeps it.
    places = districts + cities
    place_terms = {t for place in places for t in tokenizer.terms(place)}
    terms = tuple(t for t in terms if t not in place_terms) or terms
    attributed = _ATTRIBUTED_TO.match(text)
    evidence_text = text
    if attributed is not None and all(w[:1].isupper() for w in attributed.group("name").split()):
        # "Theo đồng chí X, sau bầu cử cần làm gì?": what X said is asked, and the sentences of X's remarks
        # after the one naming X do not repeat the name: it is no evidence of the sentence that answers.
        source_terms = set(tokenizer.terms(attributed.group("source")))
        terms = tuple(t for t in terms if t not in source_terms) or terms
        start, end = attributed.span("source")
        evidence_text = text[:start] + " " * (end - start) + text[end:]
        words = [w for w in tokenizer.words(evidence_text) if not is_stop_word(w.lower(), accented)]
    terms += spelled_counts(folded)
    syllables = tokenizer.syllables(text, accented)
    place_syllables = {s for place in places for s in tokenizer.syllables(place, accented)}
    evidence_syllables = syllables if evidence_text is text else tokenizer.syllables(evidence_text, accented)
    content = tuple(dict.fromkeys(s for s in evidence_syllables if not is_stop_word(s, accented)))
    evidence_words = _evidence_runs(words, tokenizer, accented, place_syllables)
    city_wide = _CITY_WIDE.search(folded) is not None
    facts_text, sources = text, ()
    if city_wide and districts:
        facts_text, sources = _without_sources(text, districts)
        districts = tuple(d for d in districts if d not in sources)
    quarter_match = _QUARTER.search(folded)
    asked = read_asked(text, reader.kinds, reader.paraphrases, places=reader.districts + reader.cities)
    if evidence_text is not text:
        # The one whose words are asked is no word of what is asked: "… X, <office>, …" is no answer's lead.
        said = set(fold_phrase(evidence_text).split())
        asked = dataclasses.replace(asked, measure=tuple(w for w in asked.measure if w in said))
    lexicon = reader.lexicon or _default_lexicon()
    comparison = read_comparison(text, reader.districts, districts, tuple(p.name for p in unknown))
    return Question(
        raw=raw,
        text=text,
        cut_at=cut_at,
        folded=folded,
        accented=accented,
        terms=terms,
        syllables=syllables,
        content=content,
        words=tuple(evidence_words),
        districts=districts,
        cities=cities,
        unknown_places=unknown,
        years=tuple(dict.fromkeys(int(y) for y in _YEAR.findall(folded))),
        quarter=_ROMAN_QUARTERS[quarter_match.group(1)] if quarter_match else None,
        kind=answer_kind(folded),
        counted=counted_unit(folded_question(unify_numbers(text))),
        small_talk=is_small_talk(folded),
        asked=asked,
        corrected_names=corrected,
        published_on=published_on(folded),
        facts=read_facts_asked(facts_text, districts + cities + _aliases(cities, reader.kinds.city_aliases), asked.counted,
                               lexicon, tokenizer.abbreviations, comparison, reader.bare_syllables),
        periods=find_periods(text),
        comparison=comparison,
        city_wide=city_wide,
        attributed_to=frozenset(syllables) - frozenset(evidence_syllables),
        source_districts=sources,
        own_periods=own_periods(text, districts) if comparison is not None else (),
    )


# "Theo đồng chí Nguyễn Văn A, …", "Theo ông A, …": the person whose words the question asks about.
_ATTRIBUTED_TO = re.compile(
    r"^\W*[Tt]heo\s+(?P<source>(?:(?:đồng chí|dong chi|đ/c|ông|ong|bà)\s+)?"
    r"(?P<name>[^\W\d_]+(?:\s+[^\W\d_]+){1,4}))\s*,"  # each word capitalised: a name
)


_OWN_PERIOD_GAP = re.compile(r"[\s(,:]{0,3}")


def own_periods(text: str, districts: tuple[str, ...]) -> tuple[tuple[str, FactPeriod], ...]:
    """Each district compared with the period written right after it ("quận A năm 2025 và huyện B năm
    2026"); a part of the year said once for both ("Chi ngân sách 9 tháng: …") is each one's. Empty unless
    every district has a period of its own and they differ."""
    # "A năm 2021 so với B năm 2023": B's period stands after "so với", yet it is B's own, not a basis.
    found = list(find_fact_periods(text))
    if len(districts) < 2 or not found and not _YEAR.search(text):
        return ()
    aligned = fold_aligned(text).lower()
    shared = next((f.period for f in found if f.period.year is None and f.period.part is not None), None)
    pairs: list[tuple[str, FactPeriod]] = []
    for district in districts:
        key = re.escape(fold_accents(district).lower())
        mention = re.search(rf"(?<![^\W_]){key}(?![^\W_])", aligned)
        if mention is None:
            return ()
        own = next((f.period for f in found if f.period.year is not None and f.start >= mention.end()
                    and _OWN_PERIOD_GAP.fullmatch(aligned[mention.end() : f.start])), None)
        bare = _YEAR.match(aligned, _OWN_PERIOD_GAP.match(aligned, mention.end()).end())  # type: ignore[union-attr]
        if own is None and bare is not None:
            own = FactPeriod(PeriodKind.YEAR, int(bare.group(1)), text=bare.group(1))  # "huyện B 2026"
        if own is None:
            return ()
        if own.kind is PeriodKind.YEAR and shared is not None:
            own = FactPeriod(shared.kind, own.year, shared.part, text=f"{shared.text} {own.text}")
        pairs.append((district, own))
    return tuple(pairs) if len({period.key for _, period in pairs}) == len(pairs) else ()


# News spells a small count that opens a sentence ("Hai công trình chưa xong …"); users type the digit.
_SPELLED_COUNTS = {2: "hai", 3: "ba", 4: "bon", 6: "sau", 7: "bay", 8: "tam", 9: "chin"}


def spelled_counts(folded: str) -> tuple[str, ...]:
    """The spelled forms of the small counts a question types as digits ("2 chỉ tiêu"): more terms to match."""
    counts = (int(m.group(1)) for m in SMALL_COUNT.finditer(folded))
    return tuple(dict.fromkeys(_SPELLED_COUNTS[n] for n in counts if n in _SPELLED_COUNTS))  # "năm" is also a year


def _aliases(cities: tuple[str, ...], aliases: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """How news also writes the cities named ("TP.HCM"): places too, no words of the measure."""
    return tuple(alias for city in cities for alias in aliases.get(name_key(city), ()))


# "theo bài (tổng kết) của Gò Vấp", "(bài về Cẩm Lệ)": the article a figure is read in, before its district.
_SOURCE_BEFORE = re.compile(
    r"(?:(?:(?:theo|trong|tai)\s+)?(?:cac\s+)?(?:bai viet|bai bao|bai|tin)"
    r"|(?:theo|trong|tai)\s+(?:bao cao|hoi nghi))"  # "theo hội nghị tổng kết của Huyện ủy Đông Anh"
    r"(?:\s+(?:tong ket|so ket|dua tin))?(?:\s+nam\s+\d{4})?\s+(?:cua|ve|tai|o)\s+"  # "theo báo cáo tại X, …"
    r"(?:(?:dang bo|quan uy|huyen uy|thi uy)\s+)?(?:(?:quan|huyen|thi xa|q\.?)\s*)?$"
)


def _without_sources(text: str, districts: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The question with its "theo bài về X" phrases blanked (offsets kept), and the districts named only there."""
    aligned = fold_aligned(text).lower()
    blanked = text
    sources: list[str] = []
    for district in districts:
        key = fold_accents(district).lower()
        mentions = list(re.finditer(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", aligned))
        spans = [(m, _SOURCE_BEFORE.search(aligned[: m.start()])) for m in mentions]
        if mentions and all(source is not None for _, source in spans):
            sources.append(district)
            for mention, source in spans:
                start, end = source.start(), mention.end()  # type: ignore[union-attr]
                opened = aligned.rfind("(", 0, start)
                if opened >= 0 and not aligned[opened + 1 : start].strip() and aligned[end:].lstrip().startswith(")"):
                    start, end = opened, aligned.index(")", end) + 1  # "(bài về Cẩm Lệ)": the bracket too
                blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    return blanked, tuple(sources)


def of_one_district(question: Question, district: str) -> Question:
    """A comparison asked of one district it ranks: the same reading, that place, and the measure ranked as
    the figure asked, of the period asked; nothing is ranked any more."""
    ranked = question.facts.ranked
    asked = question.facts.period
    if ranked is not None and asked is not None:
        ranked = dataclasses.replace(ranked, period=asked.period, period_text=question.text[asked.start : asked.end])
    facts = dataclasses.replace(question.facts, figure=ranked or question.facts.figure, ranked=None)
    # The evidence sought is the measure's, of the period asked: "quận nào ở TP.HCM … cao nhất" says nothing a
    # district's sentence must repeat.
    measure = question.comparison.measure if question.comparison is not None else ""
    period = question.text[asked.start : asked.end] if asked is not None else ""
    kept = set(fold_accents(f"{measure} {period}").lower().split())

    def sought(syllables: Iterable[str]) -> bool:
        return all(fold_accents(s).lower() in kept for s in syllables)

    return dataclasses.replace(
        question, districts=(district,), cities=(), unknown_places=(), comparison=None, facts=facts,
        terms=tuple(t for t in question.terms if sought(t.split("_"))) or question.terms,
        content=tuple(s for s in question.content if sought((s,))) or question.content,
        words=tuple(w for w in question.words if sought(w)) or question.words,
    )


def in_places(prior: Question, named: Question, tokenizer: Tokenizer, rendered: str) -> Question:
    """The question before asked of the places a follow-up names ("Còn quận Long Biên thì sao?"): the same
    reading with its places swapped, never read again. `rendered` is how it reads now: the "(hiểu là: …)" the
    answer shows, and the folded form the answer's cue patterns see."""
    old = prior.districts + prior.cities + tuple(p.name for p in prior.unknown_places)
    new = named.districts + named.cities + tuple(p.name for p in named.unknown_places)
    dropped = {s for place in old for s in tokenizer.syllables(place, prior.accented)}
    added = tuple(s for place in new for s in tokenizer.syllables(place, prior.accented))
    # The place filter keeps only the new place's paragraphs: its name is no search term, as the old one's was not.
    dropped_terms = {t for place in prior.districts + prior.cities for t in tokenizer.terms(place)}
    kept_terms = tuple(t for t in prior.terms if t not in dropped_terms)
    # Syllables in order of mention: the new place where the old one stood, else first ("Theo bài về X, …").
    syllables = [s for s in prior.syllables if s not in dropped]
    at = next((i for i, s in enumerate(prior.syllables) if s in dropped), 0)
    at = min(at, len(syllables))
    syllables[at:at] = [s for s in added if s not in syllables]
    content = [s for s in prior.content if s not in dropped]
    # A place name's syllable that is a stop word ("từ" inside a name) is no content, as a reading would have it.
    content[min(at, len(content)):min(at, len(content))] = [
        s for s in dict.fromkeys(added) if s not in content and not is_stop_word(s, prior.accented)]
    facts = prior.facts
    if facts.period is not None:
        facts = dataclasses.replace(facts, period=_moved(facts.period, prior.text, rendered))
    return dataclasses.replace(
        prior, text=rendered, folded=folded_question(rendered), facts=facts,
        periods=tuple(_moved(p, prior.text, rendered) for p in prior.periods),
        asked=dataclasses.replace(prior.asked, question=rendered, folded=fold_phrase(normalize_text(rendered))),
        districts=named.districts, cities=named.cities, unknown_places=named.unknown_places,
        city_wide=named.city_wide, source_districts=named.source_districts,
        terms=kept_terms or prior.terms, syllables=tuple(syllables), content=tuple(content),
        corrected_names=named.corrected_names,
    )


def in_period(prior: Question, tokenizer: Tokenizer, rendered: str) -> Question | None:
    """The question before asked of the period a follow-up names ("Thế năm 2021?", "còn 6 tháng đầu năm?"):
    the same reading of its measure, slot, office and places, its periods read from `rendered` (the question
    before with the period replaced, as the answer shows it). None when the change is not one of periods only,
    or the question's reading hangs on more than its words' periods (a comparison, an article named as a source)."""
    if prior.comparison is not None or prior.source_districts or prior.cut_at is not None:
        return None
    span = _periods_changed(prior.text, rendered)
    if span is None:
        return None
    start, old_end, new_end = span
    old_phrase, new_phrase = prior.text[start:old_end], rendered[start:new_end]
    accented = prior.accented
    folded = folded_question(rendered)
    places = prior.districts + prior.cities
    place_terms = {t for place in places for t in tokenizer.terms(place)}

    def content_words(phrase: str) -> list[str]:
        return [w for w in tokenizer.words(phrase) if not is_stop_word(w.lower(), accented)] if phrase.strip() else []

    def phrase_terms(phrase: str) -> list[str]:
        return [t for t in terms_from_words(content_words(phrase)) if t not in place_terms]

    def phrase_runs(phrase: str) -> list[tuple[str, ...]]:
        return _evidence_runs(content_words(phrase), tokenizer, accented, frozenset())

    syllables = tokenizer.syllables(rendered, accented)
    facts = prior.facts
    figure = figure_in_periods_of(facts.figure, first_ask(rendered)) if facts.figure is not None else None
    role = role_in_periods_of(facts.role, rendered) if facts.role is not None else None
    facts = dataclasses.replace(facts, figure=figure, role=role, period=asked_period(rendered),
                                states_figure=_states_a_figure(rendered))
    quarter_match = _QUARTER.search(folded)
    asked_folded = fold_phrase(normalize_text(rendered))
    # The measure's words are the question's but its periods' (a word of the period replaced no longer is one).
    gone = set(fold_phrase(old_phrase).split()) - set(fold_phrase(new_phrase).split())
    asked = dataclasses.replace(prior.asked, question=normalize_text(rendered), folded=asked_folded,
                                measure=tuple(w for w in prior.asked.measure if w not in gone),
                                period=read_period(" ".join(fold_aligned(normalize_text(rendered)).split())))
    return dataclasses.replace(
        prior, text=rendered, folded=folded, facts=facts, asked=asked, periods=find_periods(rendered),
        years=tuple(dict.fromkeys(int(y) for y in _YEAR.findall(folded))),
        quarter=_ROMAN_QUARTERS[quarter_match.group(1)] if quarter_match else None,
        terms=tuple(_swapped(prior.terms, phrase_terms(old_phrase), phrase_terms(new_phrase))),
        syllables=syllables,
        content=tuple(dict.fromkeys(s for s in syllables if not is_stop_word(s, accented))),
        words=tuple(_swapped(prior.words, phrase_runs(old_phrase), phrase_runs(new_phrase))),
    )


def _evidence_runs(words: Iterable[str], tokenizer: Tokenizer, accented: bool,
                   excluded: Iterable[str]) -> list[tuple[str, ...]]:
    """Each pyvi word's syllables that are evidence (no stop word, none of `excluded`), as a run."""
    left_out = set(excluded)
    runs = (tuple(s for s in tokenizer.syllables(w.replace("_", " "), accented)
                  if s not in left_out and not is_stop_word(s, accented)) for w in words)
    return [run for run in runs if run]


def _periods_changed(before: str, after: str) -> tuple[int, int, int] | None:
    """Where `after` names other periods than `before` (the start, and the end in each), the periods' whole
    words included; None when something else changed too."""
    start, old_end, new_end = _changed_span(before, after)
    olds = [f for f in find_fact_periods(before) if f.start <= old_end and f.end >= start]
    news = [f for f in find_fact_periods(after) if f.start <= new_end and f.end >= start]
    if not news:
        return None

    def covered(text: str, a: int, b: int, found: list[FoundPeriod]) -> bool:
        # Only periods changed, and what joins one to the question ("Năm 2021, …").
        return all(any(f.start <= i < f.end for f in found) or not text[i].isalnum() for i in range(a, b))

    if not covered(before, start, old_end, olds) or not covered(after, start, new_end, news):
        return None
    head = min([start] + [f.start for f in olds + news])
    tail = max([0] + [f.end - old_end for f in olds] + [f.end - new_end for f in news])
    return head, old_end + tail, new_end + tail


def _changed_span(before: str, after: str) -> tuple[int, int, int]:
    """Where `after` differs from `before`: the start, and the end in each (common head and tail kept)."""
    # Letter case aside: "Ai là …" becomes "Năm 2021, ai là …" with a period put first.
    head = 0
    while head < min(len(before), len(after)) and before[head].lower() == after[head].lower():
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail].lower() == after[-1 - tail].lower():
        tail += 1
    # Whole words: "năm 2021" → "năm 2022" changes the year "2021", not its last digit.
    def inside(text: str, at: int) -> bool:
        return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()

    while head > 0 and (inside(before, head) or inside(after, head)):
        head -= 1
    while tail > 0 and (inside(before, len(before) - tail) or inside(after, len(after) - tail)):
        tail -= 1
    return head, len(before) - tail, len(after) - tail


_Item = TypeVar("_Item")


def _swapped(items: Sequence[_Item], removed: Sequence[_Item], added: Sequence[_Item]) -> list[_Item]:
    """`items` with one occurrence of each removed item taken out, and the added ones where the first stood."""
    kept = list(items)
    at = len(kept)
    for item in removed:
        if item in kept:
            index = kept.index(item)
            at = min(at, index)
            del kept[index]
    at = min(at, len(kept)) if removed else len(kept)
    kept[at:at] = list(added)
    return kept


_Located = TypeVar("_Located", Period, FoundPeriod)


def _moved(found: _Located, before: str, after: str) -> _Located:
    """A period found in `before`, where the same words stand in `after` (only places were swapped)."""
    written = before[found.start : found.end]
    shift = len(after) - len(before)
    near = [m.start() for m in re.finditer(re.escape(written), after)] if written else []
    if not near:
        return found
    start = min(near, key=lambda at: min(abs(at - found.start), abs(at - found.start - shift)))
    return dataclasses.replace(found, start=start, end=start + len(written))


_PUBLISHED_ON = re.compile(
    r"(?<![^\W_])(?:dang|duoc dang|xuat ban|dang tai)\s+(?:vao\s+)?(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)"
)


def published_on(folded: str) -> str | None:
    """The publication date a question names for the article it asks about, as YYYY-MM-DD."""
    match = _PUBLISHED_ON.search(folded)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
