"""What a question asks for: its answer kind and the slot an answer must fill (config/answer_kinds.toml).

The slot is more than the kind: "bao nhiêu chi bộ hoàn thành xuất sắc năm 2021" asks for a count of chi bộ
(not of tổ chức cơ sở đảng), of the year 2021 (not of 5 years), qualified by "hoàn thành xuất sắc".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from retrieval.answering.kinds.folding import fold_aligned, fold_phrase, has_digit, tokens
from retrieval.answering.kinds.paraphrases import Paraphrases, default_paraphrases
from retrieval.answering.kinds.periods import Period, read_period
from retrieval.text.normalize import has_diacritics
from retrieval.project import PROJECT_ROOT, ConfigError
from retrieval.answering.kinds.styles import STYLES
from retrieval.text.normalize import fold_accents, has_diacritics, is_mostly_uppercase, normalize_text
from retrieval.text.tokenize import segment

DEFAULT_ANSWER_KINDS = PROJECT_ROOT / "config" / "answer_kinds.toml"
SPAN_STYLES = frozenset(STYLES)  # answer_kinds/styles.py: one row per style
MAX_COUNTED = 6  # syllables of a counted noun: "chi bộ trực thuộc đảng uỷ cơ sở" is cut after 6

# Words that carry no evidence of which figure or name is meant (folded).
_FUNCTION_WORDS = frozenset(
    """
    a ai bao nhieu may nao gi la co khong duoc cua va cac mot nhung nhu the thi vay nhi ha chua roi
    o tai trong voi cho ve tu den vao ra len da dang se bi boi hay hoac ma nay kia ay do de sao
    """.split()
)
_PERIOD_WORDS = frozenset("nam quy thang ngay i ii iii iv dau cuoi ca nua giua sau ba".split())
_PERIOD_NAMES = frozenset(("nhiem ky", "giai doan"))


@dataclass(frozen=True)
class KindSpec:
    name: str
    span: str  # the extractor: one of SPAN_STYLES
    cues: tuple[re.Pattern[str], ...]
    cue_words: frozenset[str] = frozenset()  # the cues' own words ("co", "khong"), not what "*" stands for


@dataclass(frozen=True, eq=False)  # by identity: read once, shared, a cache key
class AnswerKinds:
    """The parsed config/answer_kinds.toml."""

    kinds: tuple[KindSpec, ...]
    stop_words: frozenset[str] = frozenset()  # lower case, with diacritics
    stop_phrases: tuple[tuple[str, ...], ...] = ()
    accented_nouns: frozenset[str] = frozenset()  # lower case, with diacritics
    # Cue syllables as a question typed with diacritics writes them: folded "may" is "mấy" there, never "máy".
    accented_cues: Mapping[str, str] = field(default_factory=dict)  # folded → lower case, with diacritics
    units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # folded noun → units as printed
    role_heads: tuple[str, ...] = ()  # folded, longest first
    role_bodies: tuple[str, ...] = ()
    surnames: frozenset[str] = frozenset()  # as written: "Nguyễn"
    titles: tuple[str, ...] = ()  # folded: "dong chi", "ong"
    not_names: frozenset[str] = frozenset()  # folded
    person_nouns: frozenset[str] = frozenset()  # folded: "cau thu", "nha tho"
    opposites: tuple[tuple[str, str], ...] = ()  # lower case, with diacritics: ("thu", "chi")
    organisation_heads: tuple[str, ...] = ()  # folded, longest first
    # Names the news writes for a city besides its own ("TP.HCM", "Sài Gòn"): the city's name key → folded aliases.
    city_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Question words as people slip typing fast ("bao nhiu", "ko"), lower case → the word: replaced before reading.
    typed_slips: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def typed_slip_pattern(self) -> re.Pattern[str] | None:
        if not self.typed_slips:
            return None
        slips = "|".join(re.escape(s) for s in sorted(self.typed_slips, key=len, reverse=True))
        return re.compile(rf"(?<![^\W_])(?:{slips})(?![^\W_])", re.IGNORECASE)

    def without_slips(self, text: str) -> str:
        """ "có bao nhiu chi bộ … ko" → "có bao nhiêu chi bộ … không"; "kết nạp bn đảng viên" → "bao nhiêu"."""
        pattern = self.typed_slip_pattern
        text = text if pattern is None else pattern.sub(lambda m: self.typed_slips[m.group().lower()], text)
        return _HOW_MANY_SHORT.sub("bao nhiêu" if has_diacritics(text) else "bao nhieu", text)

    def spec(self, name: str) -> KindSpec | None:
        return next((k for k in self.kinds if k.name == name), None)

    @cached_property
    def folded_surnames(self) -> frozenset[str]:
        """Family names as typed without diacritics: "Nguyen", "Duong"."""
        return frozenset(fold_accents(s) for s in self.surnames)

    @cached_property  # read for every candidate sentence
    def two_word_bodies(self) -> frozenset[str]:
        """Names of bodies whose second syllable is written lower-case: "thanh uy", "quan uy"."""
        return frozenset(h for h in (*self.organisation_heads, *self.role_bodies) if len(h.split()) == 2)

    @cached_property  # read for every capitalised word of every candidate sentence
    def title_heads(self) -> Mapping[str, tuple[tuple[str, ...], ...]]:
        """Role and organisation heads as syllables, under their first syllable: a word is tried only against
        the heads it could start."""
        grouped: dict[str, list[tuple[str, ...]]] = {}
        for head in (*self.role_heads, *self.organisation_heads):
            syllables = tuple(head.split())
            grouped.setdefault(syllables[0], []).append(syllables)
        return {first: tuple(heads) for first, heads in grouped.items()}


@dataclass(frozen=True)
class AskedFor:
    """The slot a question asks to fill."""

    kind: str  # a kind's name from the config, or "count" (an amount of a named noun), or "none"
    span: str = "none"  # how the short answer is cut: one of SPAN_STYLES
    counted: tuple[str, ...] = ()  # the noun counted, folded syllables: ("chi", "bo")
    counted_any: tuple[tuple[str, ...], ...] = ()  # `counted` and its paraphrases
    counted_head: tuple[str, ...] = ()  # the first word of a longer counted noun, as typed: ("loài",) of "loài sứa lược"
    units: tuple[str, ...] = ()  # units the figure must carry, as printed: ("%",) or ("tỷ đồng", …)
    percent: bool = False
    roles: tuple[str, ...] = ()  # role phrases asked, folded: ("pho bi thu thuong truc",)
    role_choices: tuple[str, ...] = ()  # "là Bí thư hay Phó Bí thư": ("bi thu", "pho bi thu")
    names: tuple[str, ...] = ()  # people named in the question, folded: ("bui hoang phan",)
    measure: tuple[str, ...] = ()  # the question's content words minus cues, places and periods
    measure_extra: tuple[str, ...] = ()  # words of the paraphrases of the question's phrases
    period: Period = Period()
    folded: str = ""  # the whole question, folded, single spaces
    question: str = ""  # the whole question as typed (normalised): where its question word stands
    cue: str = ""  # the cue words found: "ngay nao", "giai doan nao", "bao nhieu"
    # The tables the question was read with, for the spans cut to answer it (None: the project's own).
    kinds: AnswerKinds | None = None

    @property
    def short(self) -> bool:
        """True when the kind has a short answer to cut from a sentence."""
        return self.span != "none"


# "bn" is "bao nhiêu" after a word of the question ("kết nạp bn đảng viên", "thu ngân sách bn?") and "bạn"
# where a person is spoken to: first ("bn ơi"), after "cho", "hỏi", "giúp", "với", "của", "cảm ơn", or before
# "ơi", "à", "có", "cho", "hỏi", "biết", "là", "nhé".
_HOW_MANY_SHORT = re.compile(
    r"(?<=[^\W\d_]\s)(?<!cho\s)(?<!hỏi\s)(?<!hoi\s)(?<!giúp\s)(?<!giup\s)(?<!với\s)(?<!voi\s)(?<!của\s)(?<!cua\s)(?<!ơn\s)(?<!on\s)"
    r"\b[bB][nN]\b(?!\s+(?:ơi|oi|à|ạ|có|co|cho|hỏi|hoi|biết|biet|là|la|nhé|nhe|ạ)(?![^\W_]))",
)


def _cue_pattern(cue: str) -> re.Pattern[str]:
    """ "co * khong$" → words in order with anything between, at the end of the question."""
    start = cue.startswith("^")
    end = cue.endswith("$")
    words = cue.strip("^$").split()
    # "-sanh" after a word: that word, but not followed by "sanh" ("^so -sanh": "số đảng viên", not "so sánh").
    parts: list[tuple[str, list[str]]] = []
    for word in words:
        if word.startswith("-") and parts:
            parts[-1][1].append(word[1:])
        else:
            parts.append((word, []))
    pattern = ""
    for index, (part, excluded) in enumerate(parts):
        if part == "*":
            pattern += r"(?:\S+\s)*?" if index else r"(?:\S.*\s)?"
        else:
            pattern += re.escape(part)
            if excluded:
                pattern += r"(?!\s(?:" + "|".join(re.escape(w) for w in excluded) + r")(?!\w))"
            pattern += r"\s" if index < len(parts) - 1 else ""
    prefix = "^" if start else r"(?<!\w)"
    return re.compile(prefix + pattern + (r"$" if end else r"(?!\w)"))


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} phải là danh sách chuỗi")
    return tuple(value)


def _pairs(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not all(isinstance(p, list) and len(p) == 2 for p in value):
        raise ConfigError(f"{where} phải là danh sách các cặp từ")
    return tuple((normalize_text(str(a)).lower(), normalize_text(str(b)).lower()) for a, b in value)


def answer_kinds_from_toml(data: Mapping[str, Any], source: str = "answer_kinds.toml") -> AnswerKinds:
    """The kinds, cue words and word lists from parsed TOML (see config/answer_kinds.toml)."""
    raw_kinds = data.get("kind", [])
    if not isinstance(raw_kinds, list) or not raw_kinds:
        raise ConfigError(f"{source}: cần ít nhất một bảng [[kind]]")
    kinds = []
    for number, raw in enumerate(raw_kinds, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ConfigError(f"{source}: [[kind]] thứ {number} cần 'name'")
        span = raw.get("span", "none")
        if span not in SPAN_STYLES:
            raise ConfigError(f"{source}: kind {raw['name']}: span phải là một trong {', '.join(sorted(SPAN_STYLES))}")
        cues = _strings(raw.get("cues", []), f"{source}: kind {raw['name']}: cues")
        if "template" in raw:
            # The first line is written from the answer (bot/render), the same for every kind.
            raise ConfigError(f"{source}: kind {raw['name']}: 'template' không còn được dùng, hãy bỏ khóa này")
        patterns = tuple(_cue_pattern(" ".join(c.lower().split())) for c in cues)
        literal = frozenset(w for c in cues for w in c.lower().strip("^$").split() if w != "*" and not w.startswith("-"))
        kinds.append(KindSpec(raw["name"], span, patterns, literal))
    counting = data.get("counting", {})
    roles = data.get("roles", {})
    names = data.get("names", {})
    stops = [" ".join(normalize_text(s).lower().split()) for s in _strings(counting.get("stop_words", []), f"{source}: [counting] stop_words")]
    units_raw = counting.get("units", {})
    if not isinstance(units_raw, dict):
        raise ConfigError(f"{source}: [counting.units] phải là một bảng")
    units = {fold_phrase(k): _strings(v, f"{source}: [counting.units] {k}") for k, v in units_raw.items()}
    heads = {fold_phrase(r) for r in _strings(roles.get("heads", []), f"{source}: [roles] heads")}
    bodies = {fold_phrase(r) for r in _strings(roles.get("bodies", []), f"{source}: [roles] bodies")}
    return AnswerKinds(
        kinds=tuple(kinds),
        stop_words=frozenset(s for s in stops if " " not in s),
        stop_phrases=tuple(tuple(s.split()) for s in stops if " " in s),
        accented_nouns=frozenset(
            w.lower() for w in _strings(counting.get("accented_nouns", []), f"{source}: [counting] accented_nouns")
        ),
        accented_cues={
            fold_phrase(w): normalize_text(w).lower()
            for w in _strings(data.get("cues", {}).get("accented", []), f"{source}: [cues] accented")
        },
        units=units,
        role_heads=tuple(sorted(heads, key=len, reverse=True)),
        role_bodies=tuple(sorted(bodies, key=len, reverse=True)),
        surnames=frozenset(_strings(names.get("surnames", []), f"{source}: [names] surnames")),
        titles=tuple(fold_phrase(t) for t in _strings(names.get("titles", []), f"{source}: [names] titles")),
        not_names=frozenset(fold_phrase(n) for n in _strings(names.get("not_names", []), f"{source}: [names] not_names")),
        person_nouns=frozenset(
            fold_phrase(n) for n in _strings(names.get("person_nouns", []), f"{source}: [names] person_nouns")
        ),
        opposites=_pairs(data.get("opposites", {}).get("pairs", []), f"{source}: [opposites] pairs"),
        city_aliases=_city_aliases(data.get("places", {}).get("city_aliases", {}), f"{source}: [places] city_aliases"),
        typed_slips=_typed_slips(data.get("typed", {}), f"{source}: [typed]"),
        organisation_heads=tuple(
            sorted(
                {fold_phrase(o) for o in _strings(data.get("organisations", {}).get("heads", []), f"{source}: [organisations] heads")},
                key=len,
                reverse=True,
            )
        ),
    )


@lru_cache(maxsize=1)
def default_answer_kinds() -> AnswerKinds:
    """The project's own config/answer_kinds.toml."""
    with DEFAULT_ANSWER_KINDS.open("rb") as handle:
        return answer_kinds_from_toml(tomllib.load(handle), str(DEFAULT_ANSWER_KINDS))


_COUNT_CUE = re.compile(r"(?<!\w)(?:bao nhieu|may)\s")
_NUMBER_OF = re.compile(r"(?:^|\s)so (?:luong )?(?=\w)")
# "số" as the second syllable of a word that is not "the number of": "điểm số", "dân số", "đa số", "tỷ số".
_NOT_NUMBER_OF = frozenset("diem dan da ty ti he tan chi ky ma bien".split())
_PUNCTUATION = re.compile(r"[^\w\s]")
_PLURAL_MARKERS = frozenset(("cac", "nhung"))  # "số lượng các loài cá": the noun counted is "loài cá"


def _without_false_cues(text: str, kinds: AnswerKinds) -> str:
    """The question with words that only fold to a cue ("máy" to "may" of "mấy") changed so they match none.

    Only for a question typed with diacritics: typed without them, "may" may well mean "mấy".
    """
    if not kinds.accented_cues or not has_diacritics(text):
        return text

    def mask(match: re.Match[str]) -> str:
        word = match.group()
        required = kinds.accented_cues.get(fold_phrase(word))
        return word if required is None or word.lower() == required else f"x{word}"

    return re.sub(r"\w+", mask, text)


# "… còn kiêm chức vụ gì nữa không?", "… những ai khác không?": which else, asked with a yes/no ending.
_WHICH_ELSE = re.compile(r"(?<!\w)(?:gi|nao|ai)\s+(?:nua|khac|them)\s+(?:hay\s+)?khong$")


def _first_kind(forms: Iterable[str], kinds: AnswerKinds) -> tuple[KindSpec | None, re.Match[str] | None]:
    for form in forms:
        which_else = _WHICH_ELSE.search(form) is not None
        for spec in kinds.kinds:
            if which_else and spec.span == "yesno":
                continue
            for cue in spec.cues:
                match = cue.search(form)
                if match is not None:
                    return spec, match
    return None, None


_SECOND_ASK = re.compile(r"(?:,\s*)?(?<![^\W_])va(?![^\W_])")
_INTERROGATIVE = re.compile(r"(?<![^\W_])(?:ai|gi|nao|bao nhieu|may|dau|sao)(?![^\W_])|(?<![^\W_])khong$")


def _first_of_two_asks(text: str, kinds: AnswerKinds) -> str:
    """ "Ai báo cáo … và người đó giữ chức vụ gì?", "Ai báo cáo …, người đó giữ chức gì?": two asks joined by
    "và" or a comma, each with its own cue; the first is answered (its sentence, quoted, states the second), as
    for two figures asked. `text` as typed; the asks are returned folded (fold_phrase)."""
    plain = fold_phrase(text)
    words = plain.split()
    # A comma is lost in the folded phrase: it stands between as many words as the typed text has before it.
    commas = [len(re.findall(r"\w+", text[: m.start()])) for m in re.finditer(r",", text)]
    joints = [(j.start(), j.end()) for j in _SECOND_ASK.finditer(plain)]
    for n in commas:
        if 0 < n < len(words) and _INTERROGATIVE.search(" ".join(words[:n])) and _INTERROGATIVE.search(" ".join(words[n:])):
            # Each side of the comma asks something ("Ai …, người đó giữ chức gì?"); a comma after a topic or a
            # place ("Theo chủ đề năm của quận, … bao nhiêu mô hình?") joins no two asks.
            joints.append((len(" ".join(words[:n])), len(" ".join(words[:n])) + 1))
    for start, end in sorted(joints):
        first, second = plain[:start], plain[end:]
        spec, cue = _first_kind((first,), kinds)
        # "Làm thế nào và khi nào …?" joins two question words, not two asks: one is asked of the rest.
        if spec is None or cue is None or len(first[cue.end() :].split()) < 2:
            continue
        if _first_kind((second,), kinds)[0] not in (None, spec):
            return first
    return plain


def _names_a_person(plain: str, kinds: AnswerKinds) -> bool:
    """True for "Tên của <person noun> …": the name asked is a person's."""
    if not plain.startswith("ten cua "):
        return False
    rest = f"{plain[len('ten cua '):]} "
    return any(rest.startswith(f"{noun} ") for noun in kinds.person_nouns)


def _role_choice(plain: str, kinds: AnswerKinds) -> tuple[str, ...]:
    if not kinds.role_heads:
        return ()
    match = _role_patterns(kinds.role_heads, kinds.role_bodies)[0].search(plain)
    return (match.group(1), match.group(2)) if match else ()


def _roles(plain: str, kinds: AnswerKinds) -> tuple[str, ...]:
    """Role heads with the qualifiers that follow them: "pho bi thu thuong truc quan uy"."""
    if not kinds.role_heads:
        return ()
    return tuple(m.group() for m in _role_patterns(kinds.role_heads, kinds.role_bodies)[1].finditer(plain))


_TITLES_AS_WRITTEN = frozenset({"Ông", "Bà", "Ong", "Ba"})


def _names(question: str, kinds: AnswerKinds) -> tuple[str, ...]:
    names = []
    for match in re.finditer(r"(?<!\w)([A-ZĐÀ-Ỹ][\wà-ỹđ]*(?:\s+[A-ZĐÀ-Ỹ][\wà-ỹđ]*){1,3})", question):
        parts = match.group(1).split()
        # The class À-Ỹ holds lower-case letters too ("được"): a name ends at its first word not capitalised.
        cut = next((i for i, part in enumerate(parts) if not part[:1].isupper()), len(parts))
        parts = parts[:cut]
        # Typed without diacritics, a name starts with a family name typed so too ("Duong Hoai Nam").
        surnames = kinds.surnames if has_diacritics(question) else kinds.folded_surnames
        while parts and parts[0] not in surnames:
            parts = parts[1:]
        if len(parts) > 2 and parts[0] in _TITLES_AS_WRITTEN and parts[1] in surnames:
            parts = parts[1:]  # "Ông Đàm Văn Huân": Ông is a family name too, but before another the title "Mr"
        if len(parts) >= 2 and not is_mostly_uppercase(question):
            names.append(fold_phrase(" ".join(parts)))
    return tuple(names)


def _is_stop(words: list[str], originals: list[str], index: int, kinds: AnswerKinds, first: bool) -> bool:
    """A word (or phrase) that ends a counted noun; typed with diacritics it is judged as typed."""
    accented = any(has_diacritics(o) for o in originals)
    forms = [o.lower() for o in originals] if accented else words
    for phrase in kinds.stop_phrases:
        candidate = tuple(forms[index : index + len(phrase)])
        if candidate == (phrase if accented else tuple(fold_phrase(w) for w in phrase)):
            return True
    word = forms[index]
    stops = kinds.stop_words if accented else {fold_phrase(w) for w in kinds.stop_words}
    if word not in stops:
        return False
    if first and not accented and word in {fold_phrase(n) for n in kinds.accented_nouns}:
        return False  # "bao nhieu dang vien": read as "đảng viên"
    return True


_PERIOD_NOUNS = frozenset({"nam", "quy", "thang"})


def _counted_after(
    words: list[str],
    originals: list[str],
    start: int,
    kinds: AnswerKinds,
    places: frozenset[str],
    capitals: bool,
) -> tuple[str, ...]:
    counted: list[str] = []
    index = start
    while index < len(words) and len(counted) < MAX_COUNTED:
        if has_digit(words[index]) or _is_stop(words, originals, index, kinds, not counted):
            break
        if words[index] in _PERIOD_NOUNS and index + 1 < len(words) and has_digit(words[index + 1]):
            break  # "thu bao nhiêu năm 2024": the year asked, not years counted
        if counted and capitals and originals[index][:1].isupper():
            break  # a name follows the noun: "bao nhiêu đảng viên Sơn Trà"
        if any(" ".join(words[index : index + len(p.split())]) == p for p in places):
            break
        counted.append(words[index])
        index += 1
    return tuple(counted)


def _paraphrased_nouns(words: list[str], start: int, counted: tuple[str, ...], paraphrases: Paraphrases) -> list[tuple[str, ...]]:
    """A counted noun said in other words ("người trong Đảng"): the phrase whole, then its equivalents."""
    following = " ".join(words[start : start + 8])
    for group in paraphrases.groups:
        for phrase in sorted(group, key=len, reverse=True):
            if f"{following} ".startswith(f"{phrase} ") and len(phrase.split()) >= len(counted):
                return [tuple(phrase.split()), *(tuple(p.split()) for p in group if p != phrase)]
    return []


def _head_noun(originals: list[str], noun: tuple[str, ...]) -> tuple[str, ...]:
    """The counted noun's first pyvi word as typed, lower case, when the noun is longer than that word.

    Only for a noun typed with diacritics: pyvi cannot tell the words of "can bo dang" apart.
    """
    if not any(has_diacritics(o) for o in originals):
        return ()
    first_word = segment(" ".join(originals))[:1]
    length = len(first_word[0].split("_")) if first_word else len(noun)
    return tuple(o.lower() for o in originals[:length]) if length < len(noun) else ()


def _unit_of(counted: tuple[str, ...], kinds: AnswerKinds) -> str | None:
    for length in range(len(counted), 0, -1):
        key = " ".join(counted[:length])
        if key in kinds.units:
            return key
    return None


def _uninformative(word: str, cue_words: set[str]) -> bool:
    return word in _FUNCTION_WORDS or word in cue_words or word in _PERIOD_WORDS or word.isdigit()


def _dated_period_words(words: list[str]) -> set[int]:
    """Positions of period words that name a period ("năm 2020", "quý I"), not a span of one ("từ đầu năm").

    "Đầu năm" without a number qualifies the measure (the savings made from the start of the year), so it
    stays among the words the answer's neighbourhood should repeat.
    """
    dated: set[int] = set()
    for index, word in enumerate(words):
        # "nhiệm kỳ 2020-2025", "giai đoạn 2021-2025": the period itself, read by read_period; "quý I/2024",
        # "tháng 6/2023": a quarter's or a month's number written onto its year.
        if re.fullmatch(r"(?:(?:iv|iii|ii|i|\d{1,2})/)?(?:19|20)\d{2}(?:[-–/](?:19|20)?\d{2})?", word):
            dated.add(index)
            if index >= 2 and " ".join(words[index - 2 : index]) in _PERIOD_NAMES:
                dated.update((index - 2, index - 1))
    index = 0
    while index < len(words):
        if words[index] not in _PERIOD_WORDS:
            index += 1
            continue
        end = index
        while end < len(words) and words[end] in _PERIOD_WORDS:
            end += 1
        before = words[index - 1] if index else ""
        after = words[end] if end < len(words) else ""
        numbered = any(w[:1].isdigit() for w in (before, after)) or re.fullmatch(r"[ivx]+", words[end - 1]) is not None
        if numbered or end - index == 1:
            dated.update(range(index, end))
        index = end
    return dated


def _place_word_positions(words: list[str], places: frozenset[str]) -> set[int]:
    positions: set[int] = set()
    for place in places:
        size = len(place.split())
        for index in range(len(words) - size + 1):
            if " ".join(words[index : index + size]) == place:
                positions.update(range(index, index + size))
                # "của huyện Mỹ Hào": the division word names the place too, no word of what is asked.
                if index and words[index - 1] in _DIVISION_WORDS:
                    positions.add(index - 1)
                elif index >= 2 and " ".join(words[index - 2 : index]) in _DIVISION_WORDS:
                    positions.update((index - 2, index - 1))
    return positions


_DIVISION_WORDS = frozenset(("quan", "huyen", "thi xa", "thanh pho", "tp", "q", "phuong", "xa", "tinh"))


@lru_cache(maxsize=64)  # the same gazetteer names for every question
def _place_keys(places: tuple[str, ...]) -> frozenset[str]:
    return frozenset(key for key in (fold_phrase(p) for p in places) if key)


@lru_cache(maxsize=64)
def _role_patterns(heads: tuple[str, ...], bodies: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "là Bí thư hay Phó Bí thư" and a role head with its qualifiers, compiled once per table."""
    alternatives = "|".join(re.escape(h) for h in heads)  # longest first: "pho bi thu" before "bi thu"
    qualifiers = "|".join(re.escape(b) for b in bodies) or "(?!)"
    choice = re.compile(rf"(?<!\w)({alternatives})(?:\s\w+){{0,4}}?\shay(?: la)?\s({alternatives})(?!\w)")
    role = re.compile(rf"(?<!\w)(?:{alternatives})(?:\s(?:{qualifiers}))*(?!\w)")
    return choice, role


_WHO_IS = re.compile(
    r"^(?:(?:đồng chí|ông|bà|dong chi|ong|ba)\s+)?(?P<name>\w+(?:\s+\w+){1,3})\s+(?:là|la)\s+ai\s*\??$", re.IGNORECASE
)


def _person_named_then_who(text: str, kinds: AnswerKinds) -> bool:
    """ "Phạm Thu Hà là ai?": a name of two to four capitalised syllables (no role: "Bí Thư Quận Ủy"),
    then "là ai"."""
    match = _WHO_IS.match(text.strip())
    if match is None or not all(w[:1].isupper() and w[1:].islower() for w in match.group("name").split()):
        return False
    name = fold_phrase(match.group("name"))
    return not any(name.startswith(head) for head in (*kinds.role_heads, *kinds.organisation_heads))


def _typed_slips(table: object, where: str) -> dict[str, str]:
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in table.items()):
        raise ConfigError(f"{where} phải là một bảng chuỗi → chuỗi")
    return {" ".join(normalize_text(k).lower().split()): normalize_text(v) for k, v in table.items() if k.strip()}


def _city_aliases(table: object, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where} phải là một bảng")
    # Aliases keep their dots ("tp.hcm"): they are matched in the question's folded form, which keeps them.
    return {
        fold_phrase(city): tuple(" ".join(fold_aligned(a).lower().split()) for a in _strings(aliases, f"{where}: {city}"))
        for city, aliases in table.items()
    }


def read_asked(
    question: str,
    kinds: AnswerKinds | None = None,
    paraphrases: Paraphrases | None = None,
    places: Iterable[str] = (),
) -> AskedFor:
    """The answer kind and slot of a question; `places` (names of districts/cities) are left out of the slot."""
    kinds = kinds or default_answer_kinds()
    paraphrases = paraphrases or default_paraphrases()
    place_keys = _place_keys(tuple(places))
    text = normalize_text(question)
    folded_text = fold_aligned(text)
    token_list = tokens(folded_text)
    words = [t.text for t in token_list]
    originals = [text[t.start : t.end] for t in token_list]
    plain = fold_phrase(text)
    rewritten = paraphrases.rewritings(plain)
    choices = _role_choice(plain, kinds)
    cue_text = _without_false_cues(text, kinds)
    # Only the words typed say what is asked: a paraphrase ("thu được bao nhiêu tiền") must not add a cue.
    asked_first = _first_of_two_asks(cue_text, kinds)
    spec, cue = (kinds.spec("role"), None) if choices and kinds.spec("role") else _first_kind((asked_first,), kinds)
    if spec is not None and spec.span == "topic" and _names_a_person(plain, kinds) and kinds.spec("person"):
        spec = kinds.spec("person")  # "Tên của thủ quân … là gì?" asks for a person's name
    if spec is not None and spec.span == "person" and _person_named_then_who(text, kinds) and kinds.spec("role"):
        spec = kinds.spec("role")  # "Phạm Thu Hà là ai?" asks what the person named is, not for a name
    capitals = not is_mostly_uppercase(text)
    period = read_period(" ".join([" ".join(folded_text.split()), *rewritten]))
    percent = bool(re.search(r"(?<!\w)(phan tram|ty le)(?!\w)", plain)) or "%" in text

    counted_any: list[tuple[str, ...]] = []
    counted_head: tuple[str, ...] = ()
    unit: str | None = None
    if spec is not None and spec.span == "figure":
        joined = " ".join(t.text for t in tokens(fold_aligned(cue_text)))  # one token a word, as `words`
        for match in [*_COUNT_CUE.finditer(joined), *_NUMBER_OF.finditer(joined)]:
            at = len(joined[: match.end()].split())
            if match.re is _NUMBER_OF and capitals and at < len(originals) and originals[at].istitle():
                continue  # "Dân số Warsaw": "số" of a word, before a name, counts nothing
            if match.re is _NUMBER_OF and at >= 2 and words[at - 2] in _NOT_NUMBER_OF:
                continue
            number_word = at - len(match.group().split())  # the "số" of "số (lượng) …"
            if (match.re is _NUMBER_OF and has_diacritics(text) and 0 <= number_word < len(originals)
                    and has_diacritics(originals[number_word]) and originals[number_word].lower() != "số"):
                continue  # "Sơ kết …" typed with its marks is no "số"
            while at < len(words) - 1 and words[at] in _PLURAL_MARKERS:
                at += 1
            if 0 < at < len(token_list) and _PUNCTUATION.search(folded_text[token_list[at - 1].end : token_list[at].start]):
                continue  # "được bao nhiêu (bài về Cẩm Lệ)?": what follows the bracket is no noun counted
            noun = _counted_after(words, originals, at, kinds, place_keys, capitals)
            if not noun:
                continue
            unit = _unit_of(noun, kinds)
            if unit is None:
                counted_any = _paraphrased_nouns(words, at, noun, paraphrases) or [noun]
                counted_head = _head_noun(originals[at : at + len(noun)], noun)
            break
    kind = spec.name if spec else "none"
    span = spec.span if spec else "none"
    if counted_any and span == "figure":
        kind, span = "count", "count"
    units = kinds.units.get(unit, ()) if unit else ()
    if unit == "phan tram":
        percent = True

    cue_words: set[str] = set(cue.group().split()) & spec.cue_words if cue is not None and spec else set()
    place_words = _place_word_positions(words, place_keys)
    dated = _dated_period_words(words)
    measure: list[str] = []
    for index, word in enumerate(words):
        undated_period = word in _PERIOD_WORDS and index not in dated and word not in cue_words
        if index in place_words or word in measure or (_uninformative(word, cue_words) and not undated_period):
            continue
        if index in dated and word not in _PERIOD_WORDS:
            continue
        measure.append(word)
    extra: list[str] = []
    for word in (w for v in paraphrases.variants(plain) for w in v.split()):
        if not _uninformative(word, cue_words) and word not in measure and word not in extra:
            extra.append(word)
    return AskedFor(
        kind=kind,
        span=span,
        counted=counted_any[0] if counted_any else (),
        counted_any=tuple(counted_any),
        counted_head=counted_head,
        units=units,
        percent=percent,
        roles=_roles(plain, kinds),
        role_choices=choices,
        names=tuple(n for n in _names(text, kinds) if n not in place_keys),
        measure=tuple(measure),
        measure_extra=tuple(extra),
        period=period,
        folded=plain,
        question=text,
        cue=cue.group() if cue is not None else "",
        kinds=kinds,
    )
