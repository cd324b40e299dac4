"""What a figure or role question asks of the fact table, read once from the question's analysis.

A figure question asks for a measure ("thu ngân sách", "chi bộ hoàn thành tốt nhiệm vụ"), with a status
(a result unless a target or a budget is asked), a relation (the amount, its share of a basis, or its growth),
a period when one is named, and a place. A fact fits only when it states all of it: every content syllable of
the asked measure is among the fact's, every qualifier the fact states is asked ("tốt" is not "xuất sắc"), and
the status, relation, dimension and period agree. Near misses are not answers; they are what a decline names.
"""

from __future__ import annotations

import dataclasses

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from retrieval.facts.figures import content_syllables
from retrieval.facts.lexicon import Lexicon
from retrieval.facts.model import FactPeriod, FigureFact, PeriodKind, Relation, RoleFact, Status
from retrieval.facts.periods import SPAN_FROM, FoundPeriod, find_periods, same_period
from retrieval.text.folding import fold_aligned
from retrieval.text.normalize import expand_abbreviations, fold_accents, has_diacritics

# "Q.1", "TP.", "H.": a division's abbreviation before a name says where, not what.
_DIVISION_ABBREVIATION = re.compile(r"(?<![^\W_])(?:q|h|tp|tx)\.\s*", re.IGNORECASE)
_DIVISION_BEFORE = re.compile(r"(?<![^\W_])(?:(?:dang\s+bo\s+)?(?:quan|huyen|thi\s+xa|thanh\s+pho|tp|q|h)\.?\s*)$")
# "số 01-CTr/QU", "30-CT/TU": a document's number names which document, not what is measured.
DOCUMENT_NUMBER = re.compile(
    r"(?<![^\W_])(?:(?:chuong\s+trinh|ke\s+hoach|nghi\s+quyet|chi\s+thi|quyet\s+dinh|ket\s+luan|thong\s+tri|de\s+an"
    r"|cong\s+van|ctr|kh|nq|ct|qd|tb|tt|kl)\s+)?(?:so\s+)?\d+[-/][^\W\d_]+(?:[-/][^\W\d_]+)*(?![^\W_])"
)
_PERCENT = re.compile(r"(?<![^\W_])(?:phan\s+tram|ty\s+le|ti\s+le)(?![^\W_])|%")
# The question words a figure's value stands in for ("thu bao nhiêu", "kết nạp mấy đảng viên").
_FIGURE_CUE = re.compile(r"(?<![^\W_])(?:la\s+)?(?:bao\s+nhieu|may)(?:\s+(?:phan\s+tram|%))?(?![^\W_])|(?<=\s)%")
# Bases a share is of ("đạt P% dự toán") and bases a change is measured against ("tăng P% so với cùng kỳ").
# "thu tiền sử dụng đất chiếm bao nhiêu phần trăm tổng thu ngân sách": "chiếm" asks a part's share of the whole
# named after the question word.
_PART_OF_WHOLE = re.compile(r"\bchiem\s+(?:khoang\s+)?(?:bao\s+nhieu|may)\b(?:\s+phan\s+tram)?(?P<whole>.*)$")
_HOLDS_ASKED = re.compile(r"\b(?:bao gom|gom)\b(?=\s+(?:bao nhieu|may)\b)")
_SHARE_BASES = ("du toan", "ke hoach", "chi tieu", "muc tieu")
_GROWTH_BASES = ("cung ky", "nam truoc", "nam ngoai", "so voi")
_WORD = re.compile(r"[^\W\d_]+")
_COMPARED_TO_BASIS = re.compile(
    r"\bso (?:voi )?(?:cung ky|nam truoc|nam ngoai|ky truoc|du toan|ke hoach|chi tieu|muc tieu)\b"
)


@dataclass(frozen=True)
class FigureQuery:
    measure: tuple[str, ...]  # folded content syllables the fact's measure (with its unit) must all hold
    qualifiers: frozenset[str]  # qualifier phrases asked, folded ("ket nap", "tieu bieu")
    grades: frozenset[str]  # the grade asked, folded: {"hoan thanh tot"}, or none
    status: Status  # RESULT (an estimate answers it too), TARGET or BUDGET
    relation: Relation
    percent: bool  # a percentage is asked ("bao nhiêu phần trăm", "tỷ lệ")
    counted: tuple[str, ...]  # the noun counted, folded syllables
    period: FactPeriod | None  # None: not asked, the latest period answers
    period_text: str | None  # as typed
    phrase: str  # the measure as the question words it, with "{value}" where its question word stood
    basis: str | None = None  # what a share or change asked is of: "plan" (dự toán, kế hoạch) or "past" (cùng kỳ)
    # "thu ngân sách so với cùng kỳ" says neither "bằng" nor "tăng": a share or a change of that basis answers it.
    either_comparison: bool = False
    # Parts of a total asked ("thuế", "tiền sử dụng đất"), as typed: with diacritics, or folded when the
    # question has none (`components_folded`). The fact's measure or unit must name each.
    components: frozenset[str] = frozenset()
    components_folded: bool = False
    # "năm 2023 so với năm 2022 thế nào": the period the one asked is set beside; its figure is shown too.
    compared: FactPeriod | None = None
    # A question typed with its diacritics spells its measure: "chi" (spend) is no "chỉ" (chỉ tiêu). Each
    # measure syllable with the spellings typed for it; empty when the question is typed without them.
    spellings: tuple[tuple[str, frozenset[str]], ...] = ()
    # "bao nhiêu chỉ tiêu và nhiệm vụ": a plan's items counted beside the first, folded ("nhiem vu"); the
    # answer runs over the counts the sentence lists together ("26 chỉ tiêu và 65 nhiệm vụ").
    listed: tuple[str, ...] = ()
    # "nhiệm kỳ 2015-2020" asked: no period narrows the figure (the reader dates figures by the year they are
    # reported in), but one of a year outside the term is of another time ("6 tháng đầu năm 2024").
    within: FactPeriod | None = None


@dataclass(frozen=True)
class RoleQuery:
    head: str  # folded: "chu tich"
    body: str  # folded, normalised as the reader does: "ubnd", "cap uy"
    role: str  # as typed: "Chủ tịch UBND"
    year: int | None  # the year asked, when one is
    words: frozenset[str] = frozenset()  # the role's own words after its head, folded: ("ban", "to", "chuc")
    period: FactPeriod | None = None  # the period asked, when one is: "9 tháng năm 2023"


def _blank(folded: str, start: int, end: int) -> str:
    return folded[:start] + " " * (end - start) + folded[end:]


def _place_spans(folded: str, places: Sequence[str]) -> list[tuple[int, int]]:
    """Where the question names its places, with the division word before them ("Đảng bộ quận Ba Đình")."""
    spans = []
    for place in places:
        key = " ".join(fold_accents(place).lower().split())
        for match in re.finditer(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", folded):
            division = _DIVISION_BEFORE.search(folded[: match.start()])
            start = division.start() if division else match.start()
            spans.append((start, match.end()))
        if key.isdigit():  # "Q3 quý 1": the district written with its division's letter
            spans.extend(m.span() for m in re.finditer(rf"(?<![^\W_])q{key}(?![^\W_])", folded))
    return spans


def asked_period(text: str) -> FoundPeriod | None:
    """The period a question asks about: the first it names that is not a basis ("so với năm 2020")."""
    named = find_periods(text)
    spelled = any(f.period.kind is PeriodKind.QUARTER and f.period.text_folded.startswith("quy") for f in named)
    lowered = fold_aligned(text).lower()
    for index, found in enumerate(named):
        period = found.period
        if found.compared or (period.kind is PeriodKind.YEAR and period.year is None):
            continue
        if (index + 1 < len(named) and named[index + 1].period.kind is PeriodKind.CUTOFF
                and SPAN_FROM.search(lowered[max(0, found.start - 4) : found.start])):
            continue  # "từ năm 2020 đến hết tháng 6/2023": the span asked ends at the cut-off, which is read next
        if spelled and period.kind is PeriodKind.QUARTER and not period.text_folded.startswith("quy"):
            continue  # "Q3 quý 1": the quarter spelt out is the one asked, "Q3" is Quận 3
        if period.kind is PeriodKind.QUARTER and period.part is None:
            continue  # "trong quý": which quarter is not said
        if period.kind is PeriodKind.YEAR:
            # "Cùng kỳ năm 2025, quận X thu ngân sách 6 tháng …": the part of the year said apart from it.
            part = next((f for f in named[index + 1 :] if not f.compared and f.period.year is None
                         and f.period.part is not None and f.period.kind is not PeriodKind.CUTOFF), None)
            if part is not None:
                return dataclasses.replace(part, period=dataclasses.replace(
                    part.period, year=period.year, text=f"{part.period.text} {period.text}"))
        elif period.year is not None:
            # "Sơ kết 6 tháng 2022, huyện phấn đấu cả năm thu …": the report's period, then the whole year asked
            # ("… bằng bao nhiêu % kế hoạch cả năm" names the plan a share is of: no period asked).
            whole = next((f for f in named[index + 1 :] if f.period.kind is PeriodKind.YEAR and f.period.year is None
                          and not _PLAN_BEFORE.search(lowered[max(0, f.start - 24) : f.start])), None)
            if whole is not None:
                return FoundPeriod(FactPeriod(PeriodKind.YEAR, period.year, text=f"cả năm {period.year}"),
                                   whole.start, whole.end, False)
        return found
    # People type a year on its own ("thu ngân sách 2020", "dự toán 2022 của quận …"); the first one that is
    # no basis ("so với 2019") and no part of a date or a range is the year asked.
    folded = fold_aligned(text)
    for match in _BARE_YEAR.finditer(folded):
        if _COMPARED_BEFORE.search(folded[max(0, match.start() - 12) : match.start()]):
            continue
        year = int(match.group())
        return FoundPeriod(FactPeriod(PeriodKind.YEAR, year, text=text[match.start() : match.end()]), match.start(), match.end(), False)
    return None


_PLAN_BEFORE = re.compile(r"(?<![^\W_])(?:du\s+toan|ke\s+hoach|chi\s+tieu|so\s+voi|muc\s+tieu|nhiem\s+vu)(?:\s+\S+){0,2}\s*$")


# "… hiện nay (tháng 10/2024)": when the question is asked, not a word of the measure.
# "Quận ủy … khóa VI", "Thành ủy khóa XV": which term of the body, not what is measured.
_TERM_OF_A_BODY = re.compile(r"(?<![^\W_])khoa\s+[ivxlc]+(?![^\W_])", re.IGNORECASE)
_AS_OF_MONTH = re.compile(r"(?<![^\W_])(?:\(\s*)?thang\s+\d{1,2}\s*[/-]\s*(?:19|20)\d\d(?:\s*\))?")
# "Đại hội 2020, …": a comma with a space after it ends the year; "2020,5" is a number.
_BARE_YEAR = re.compile(r"(?<![\w/.,:-])(?:19|20)\d\d(?![\w/.%-]|,(?=\S)|\s*[-–]\s*\d|\s*(?:ty|trieu|nghin|ngan|dong|nguoi|ha|m2|km2|luot|%))")
_COMPARED_BEFORE = re.compile(r"(?:so\s+voi|so|hon|voi|tu)\s*$")


# "Tính cả phần chi từ nguồn dự phòng thì …": a part the total asked includes, no word of its measure.
# "tổng tiền bồi thường của 64 phương án được phê duyệt là bao nhiêu": the items the figure is of, counted and
# described; the measure is what comes before them.
_OF_COUNTED_ITEMS = re.compile(
    r"(?<![^\W_])(?:cua|cho)\s+\d[\d.,]*\s+[^\W\d_]+.*?(?=\s+(?:(?:la|dat|bang|duoc)\s+)?(?:bao nhieu|may)(?![^\W_])|\s*[?]|$)"
)
_INCLUDED = re.compile(r"\b(?:tinh ca|ke ca|bao gom ca|gom ca)\b[^,?]*?(?=\s+thi\b|,|\?|$)")


def read_figure_query(
    text: str, places: Sequence[str], counted: tuple[str, ...], lexicon: Lexicon, abbreviations: Mapping[str, str],
    bare_syllables: frozenset[str] | None = None,
) -> FigureQuery | None:
    """The figure `text` asks for; None when it names no measure ("Quận X đạt bao nhiêu?")."""
    folded = fold_aligned(text).lower()
    period = asked_period(text)
    within = None
    masked = folded
    compared = _compared_period(text, period)
    if compared is not None:
        masked = _blank(masked, compared.start, compared.end)
    if period is not None:
        masked = _blank(masked, period.start, period.end)
        if period.period.kind is PeriodKind.TERM:
            # "nhiệm kỳ 2020-2025" names the plan a figure belongs to; the reader gives figures the year they
            # are reported in, so a term asked narrows them to its years only.
            within = period.period
            period = None
    for start, end in _place_spans(folded, places):
        masked = _blank(masked, start, end)
    masked = _DIVISION_ABBREVIATION.sub(lambda m: " " * len(m.group()), masked)
    masked = DOCUMENT_NUMBER.sub(lambda m: " " * len(m.group()), masked)
    masked = _TERM_OF_A_BODY.sub(lambda m: " " * len(m.group()), masked)
    masked = _AS_OF_MONTH.sub(lambda m: " " * len(m.group()), masked)
    masked = _part_asked(masked)
    masked = _INCLUDED.sub(lambda m: " " * len(m.group()), masked)
    masked = _OF_COUNTED_ITEMS.sub(lambda m: " " * len(m.group()), masked)
    percent = _PERCENT.search(masked) is not None
    plain = " ".join(_WORD.findall(masked))
    counted, listed = _listed_items(masked, counted, lexicon)
    if listed:
        plain = re.sub(rf"\b(?:{'|'.join(map(re.escape, listed))})\b", " ", plain)
    relation = _asked_relation(plain, percent, lexicon)
    whole = _PART_OF_WHOLE.search(plain) if relation is Relation.SHARE else None
    if whole is not None:
        plain = plain[: whole.start("whole")]  # the whole named is what the share is of, not the measure
    either_comparison = relation is not Relation.AMOUNT and not (
        lexicon.growth_pattern.search(plain) or lexicon.share_pattern.search(plain)
    )
    status = Status.RESULT
    # "bám sát bao nhiêu chỉ tiêu" counts targets; it does not ask for one.
    cued = re.sub(rf"\b{re.escape(' '.join(counted))}\b", " ", plain) if counted else plain
    if relation is Relation.AMOUNT:
        if lexicon.budget_pattern.search(cued):
            status = Status.BUDGET
        elif lexicon.target_pattern.search(cued):
            status = Status.TARGET
    # "dự toán giao đầu năm": when the budget was set, not a word of the measure ("tiết kiệm từ đầu năm" is one).
    plain = _BASIS_SET_AT_START.sub(r"\1", plain)
    # Cue words say which figure, not what it measures: they leave the measure.
    for pattern in (lexicon.target_pattern, lexicon.budget_pattern, lexicon.estimate_pattern, lexicon.base_pattern):
        plain = pattern.sub(" ", plain)
    if relation is not Relation.AMOUNT:
        plain = lexicon.growth_pattern.sub(" ", plain)
        plain = lexicon.share_pattern.sub(" ", plain)
        counted = ()  # "bằng bao nhiêu % dự toán" counts no "dự toán"
        plain = re.sub(r"\b(?:so voi|so)\b", " ", plain)
    plain = _PERCENT.sub(" ", plain)
    # "… gồm bao nhiêu chỉ tiêu": the verb that asks what a plan holds, no word of its measure (in a fact,
    # "bao gồm 10% …" opens a part, so the words are not ignored there).
    plain = _HOLDS_ASKED.sub(" ", plain)
    expanded = expand_abbreviations(plain, abbreviations) if abbreviations else plain
    measure = tuple(dict.fromkeys(content_syllables(fold_accents(expanded).lower(), lexicon)))
    if not measure and listed:
        measure = counted  # "có bao nhiêu chỉ tiêu và nhiệm vụ?": the items counted are all it names
    if not measure:
        return None
    components, components_folded = _asked_components(text, masked, lexicon)
    # Read on the expanded words: "HTXSNV" asks the grade "hoàn thành xuất sắc nhiệm vụ" as much as its words.
    folded_expanded = " ".join(fold_accents(expanded).lower().split())
    qualifiers = _phrases(lexicon.qualifier_pattern, folded_expanded)
    grades = _phrases(lexicon.grade_pattern, folded_expanded)
    # The counted noun as facts' measures keep it: generic syllables ("số", "có") are dropped there too, but
    # never its first syllable, which a fact's unit keeps as written: folded, "phương án" holds the ignored
    # "phường", and "bao nhieu phuong an" must not be answered by "9 dự án".
    if abbreviations and counted:
        # "bao nhiêu TCCSĐ": the counted noun abbreviated, as the measure's words are expanded.
        counted = tuple(fold_accents(expand_abbreviations(" ".join(counted), abbreviations)).lower().split())
    head = next((s for s in counted if s not in _COUNT_OPENERS), None)
    counted = tuple(content_syllables(" ".join(counted), lexicon))
    if head is not None and head not in counted and relation is Relation.AMOUNT:
        counted = (head, *counted)
    return FigureQuery(
        measure=measure, qualifiers=qualifiers, grades=grades, status=status, relation=relation, percent=percent, counted=counted,
        period=period.period if period else None, period_text=text[period.start : period.end] if period else None,
        phrase=_phrase(text, folded, period, places, compared), basis=None if relation is Relation.AMOUNT else basis_group(" ".join(_WORD.findall(masked)), lexicon),
        either_comparison=either_comparison, components=components, components_folded=components_folded,
        compared=compared.period if compared is not None else None,
        spellings=_typed_spellings(text, measure + counted, bare_syllables),
        listed=listed,
        within=within,
    )


# "…, trong đó thu tiền sử dụng đất là bao nhiêu?", "…, riêng thu tiền SDĐ …", "Trong tổng thu NSNN năm 2023 của X,
# thu tiền sử dụng đất …": a whole named, then the part asked. The part is the measure.
_PART_MARKER = re.compile(r"(?<![^\W_])(?:trong\s+(?:so\s+)?do|rieng)(?![^\W_])")
_WHOLE_OPENING = re.compile(r"^\W*trong\s+(?:tong|tong\s+so|so)\s+[^,?]+,")
_ONLY_ASKING = re.compile(r"^[\s,:]*(?:(?:la|bang|dat|duoc|co)\s+)*(?:bao\s+nhieu|may)?[\s?.!]*$")


def _part_asked(masked: str) -> str:
    """`masked` with the whole blanked when a part of it is asked after it."""
    cut = 0
    opening = _WHOLE_OPENING.match(masked)
    if opening is not None:
        cut = opening.end()
    marker = _PART_MARKER.search(masked, cut)
    if marker is not None and not _ONLY_ASKING.match(masked[marker.end() :]):
        cut = marker.end()
    return " " * cut + masked[cut:] if cut and not _ONLY_ASKING.match(masked[cut:]) else masked


def _listed_items(plain: str, counted: tuple[str, ...], lexicon: Lexicon) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """ "bao nhiêu chỉ tiêu và nhiệm vụ", "bao nhiêu chỉ tiêu, nhiệm vụ": the first plan item counted, and the
    items listed after it; none when a plan's items are not what is counted."""
    joined = " ".join(counted)
    first = next((item for item in lexicon.plan_items if joined == item or joined.startswith(item + " ")), None)
    if first is None:
        return counted, ()
    items = "|".join(re.escape(item) for item in lexicon.plan_items if item != first)
    listed = [m.group(1) for m in re.finditer(rf"(?:,|\bva)\s+(?:bao\s+nhieu\s+)?({items})\b", plain)
              if re.search(rf"\b{re.escape(first)}\b", plain[: m.start()])]
    rest = joined[len(first) :].strip()
    if rest and re.fullmatch(items, rest):
        listed.insert(0, rest)  # "bao nhiêu chỉ tiêu, nhiệm vụ" read as one noun: two items
    if not listed:
        return counted, ()
    return tuple(first.split()), tuple(dict.fromkeys(listed))


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_LETTER_WORD = re.compile(r"[^\W\d_]+")
ACCENTED_SHARE = 0.5  # of a question's words written with a mark, for its spelling to be read as deliberate


def spelling_key(word: str) -> str:
    """A syllable's spelling whatever vowel its tone mark sits on ("ủy" and "uỷ", "hòa" and "hoà")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS)) + tone


def _typed_spellings(
    text: str, measure: tuple[str, ...], bare_syllables: frozenset[str] | None = None
) -> tuple[tuple[str, frozenset[str]], ...]:
    """The spellings a question typed with its diacritics gives its measure syllables. Abbreviations and
    questions typed mostly without marks ("thu ngan sách") spell nothing; nor does a syllable typed bare that no
    article writes bare (`bare_syllables`, from the fact table: "sach" is haste, "chi" may be "chi")."""
    words = [w for w in _LETTER_WORD.findall(unicodedata.normalize("NFC", text)) if not w.isupper()]
    if not words or sum(has_diacritics(w) for w in words) < ACCENTED_SHARE * len(words):
        return ()
    typed: dict[str, set[str]] = {}
    for word in words:
        typed.setdefault(fold_accents(word).lower(), set()).add(spelling_key(word))
    spelled = tuple((m, frozenset(typed[m])) for m in dict.fromkeys(measure) if m in typed)
    if bare_syllables is not None:
        spelled = tuple((m, forms) for m, forms in spelled
                        if m in bare_syllables or any(has_diacritics(f) for f in forms))
    if _hasty(words):
        # "bao nhieu", "dự toan": a word no one writes bare typed bare says the question was typed in haste;
        # a bare syllable of its measure is then no spelling either.
        spelled = tuple((m, forms) for m, forms in spelled if any(has_diacritics(f) for f in forms))
    return spelled


def typed_in_haste(text: str) -> bool:
    """A question typed with its marks but some word no one writes bare typed bare ("bao nhieu")."""
    return _hasty([w for w in _LETTER_WORD.findall(unicodedata.normalize("NFC", text)) if not w.isupper()])


def _hasty(words: Sequence[str]) -> bool:
    return any(word.lower() in _ALWAYS_MARKED for word in words)


# Syllables of the words questions are made of that Vietnamese always writes with a mark: typed bare, they
# are haste, never another word.
_ALWAYS_MARKED = frozenset("nhieu duoc cua phan tram dat quan huyen thang nhat hon nao bang toan".split())


@lru_cache(maxsize=1 << 14)
def _written_spellings(measure: str, unit: str) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for word in _LETTER_WORD.findall(unicodedata.normalize("NFC", f"{measure} {unit}")):
        found.setdefault(fold_accents(word).lower(), set()).add(spelling_key(word))
    return {k: frozenset(v) for k, v in found.items()}


def spelled_as_asked(fact: FigureFact, query: FigureQuery) -> bool:
    """The fact writes the measure's syllables as the question spells them ("chỉ tiêu" answers no "chi").

    A syllable typed with a mark is read as typed. Of those typed without one, a single syllable the fact
    writes otherwise is another word; several are a question typed in haste ("chi ngan sach năm 2022")."""
    if not query.spellings:
        return True
    written = _written_spellings(fact.measure, fact.unit)
    plain_mismatches = 0
    for syllable, typed in query.spellings:
        if syllable not in written or written[syllable] & typed:
            continue
        if any(has_diacritics(form) for form in typed):
            return False
        plain_mismatches += 1
    return plain_mismatches != 1


def _compared_period(text: str, asked: FoundPeriod | None) -> FoundPeriod | None:
    """The period after "so với" when another is asked: "năm 2023 so với năm 2022" (not "so với cùng kỳ")."""
    if asked is None or asked.period.kind is PeriodKind.TERM:
        return None
    for found in find_periods(text):
        if found.compared and found.period.year is not None and found.period.kind is not PeriodKind.TERM:
            return found
    return None


def _asked_components(text: str, masked: str, lexicon: Lexicon) -> tuple[frozenset[str], bool]:
    """The parts of a total the question names, outside its places and period (`masked`, folded and aligned
    with `text`), read with their diacritics when it has them."""
    if has_diacritics(text):
        written = unicodedata.normalize("NFC", text).lower()
        if len(written) == len(masked):
            kept = "".join(c if m != " " or c == " " else " " for c, m in zip(written, masked))
            return frozenset(" ".join(m.group().split()) for m in lexicon.component_pattern.finditer(kept)), False
    return frozenset(" ".join(m.group().split()) for m in lexicon.folded_component_pattern.finditer(masked)), True


def components_fit(fact: FigureFact, query: FigureQuery, lexicon: Lexicon) -> bool:
    """Each part of a total asked is named by the fact ("thu ngân sách từ thuế" is not the total)."""
    if not query.components or fact.dimension == "count":
        return True  # parts of a budget; a count of "thủ tục … của UBND 14 phường" is no part of one
    stated = f"{fact.measure} {fact.unit}".lower()
    pattern = lexicon.component_pattern
    if query.components_folded:
        stated, pattern = fold_aligned(stated), lexicon.folded_component_pattern
    named = {" ".join(m.group().split()) for m in pattern.finditer(stated)}
    return query.components <= named


_OPENS_ON_GROWTH = re.compile(r"(?:toc do tang|muc tang|tang truong)(?![^\W_])")  # folded "tang" is also "tặng"
_CHANGE_CHOICE = re.compile(
    r"(?<![^\W_])(?:(?:tang|giam)\s+(?:hay|hoac)\s+(?:tang|giam)"
    r"|(?:thay\s+doi|bien\s+dong)\s+(?:nhu\s+)?(?:the\s+nao|ra\s+sao))(?![^\W_])"  # "thay đổi thế nào": the change
    # "(còn) so với năm 2025 thì sao?", asked after the figure: the period set against is blanked; how the
    # figure went against it. ("… năm 2023 so với năm 2022 thế nào?" asks the two figures, side by side.)
    r"|(?<![^\W_])so(?:\s+voi)?\s+(?:cung\s+ky\s+)?thi\s+sao\s*$"
)
# "bao nhiêu", "mấy" in folded text: the words that ask for a figure (without what _FIGURE_CUE takes along).
ASKING_WORD = re.compile(r"(?<![^\W_])(?:bao nhieu|may)(?![^\W_])")


def _asked_relation(plain: str, percent: bool, lexicon: Lexicon) -> Relation:
    """A percentage asked is a share ("bằng bao nhiêu % dự toán / so với cùng kỳ") or a change ("tăng bao nhiêu
    % so với cùng kỳ"), read from the verb before the question word, else from the basis named."""
    # Without a percentage, only a basis named after "so (với)" makes it a comparison ("thu ngân sách quý I so
    # với cùng kỳ", "tăng bao nhiêu so cùng kỳ"); "dự toán thu bao nhiêu" alone asks for the budget itself.
    if percent and _PART_OF_WHOLE.search(plain):
        return Relation.SHARE  # "chiếm bao nhiêu phần trăm tổng thu": a part's share of a whole
    if _CHANGE_CHOICE.search(plain) or _OPENS_ON_GROWTH.match(plain):
        # "… tăng hay giảm so với cùng kỳ?": which way it changed, and by how much; "Tăng trưởng giá trị sản
        # xuất …": the change named first.
        return Relation.GROWTH
    if not percent and not _COMPARED_TO_BASIS.search(plain):
        # "Giá trị sản xuất … tăng bao nhiêu?": the change verb right before the question word asks the change.
        cue = ASKING_WORD.search(plain)
        before = plain[: cue.start()].split() if cue is not None else []
        if before[-1:] in (["duoc"], ["them"]):
            before = before[:-1]  # "giảm được bao nhiêu hộ nghèo", "tăng thêm bao nhiêu"
        for width in (2, 1):
            if len(before) >= width and lexicon.growth_pattern.fullmatch(" ".join(before[-width:])):
                return Relation.GROWTH
        return Relation.AMOUNT
    share_basis = any(re.search(rf"\b{b}\b", plain) for b in _SHARE_BASES)
    growth_basis = any(re.search(rf"\b{b}\b", plain) for b in _GROWTH_BASES)
    cue = ASKING_WORD.search(plain)
    if cue is not None:
        before = " ".join(plain[: cue.start()].split()[-2:])
        last = before.split()[-1:] or [""]
        for words in (last[0], before):  # "đạt" / "hoàn thành", nearest first
            if lexicon.growth_pattern.fullmatch(words) or (words == before and lexicon.growth_pattern.search(words)):
                return Relation.GROWTH
            # "Tỷ lệ giải ngân đạt bao nhiêu %?" is a rate itself; "đạt bao nhiêu % dự toán" a share of one.
            shares = lexicon.share_pattern.fullmatch(words) or (words == before and lexicon.share_pattern.search(words))
            if shares and (share_basis or growth_basis):
                return Relation.SHARE
    if lexicon.growth_pattern.search(plain):
        return Relation.GROWTH
    if share_basis:
        return Relation.SHARE
    if growth_basis:
        return Relation.GROWTH
    return Relation.AMOUNT


def _phrase(
    text: str, folded: str, period: FoundPeriod | None, places: Sequence[str], compared: FoundPeriod | None = None
) -> str:
    """The question without its period, places and punctuation, "{value}" where "bao nhiêu" stood."""
    cut = [(period.start, period.end)] if period else []
    if period is not None:
        # "Cùng kỳ năm 2025, … 6 tháng …": the year said apart from the part of it asked goes too.
        for other in find_periods(text):
            if not other.compared and other.period.kind is PeriodKind.YEAR and other.period.year == period.period.year \
                    and (other.start, other.end) != (period.start, period.end):
                same = re.search(r"(?:cung\s+ky\s+)$", folded[: other.start])
                cut.append((same.start() if same else other.start, other.end))
    if compared is not None:
        # "… so với năm 2022 thế nào": the compared period is listed beside the answer, not worded in it.
        opening = _COMPARED_OPENING.search(folded, 0, compared.start)
        tail = _HOW_TAIL.match(folded, compared.end)
        cut.append((opening.start() if opening else compared.start, tail.end() if tail else compared.end))
    cut += _place_spans(folded, places)
    whole = len(_part_asked(folded)) - len(_part_asked(folded).lstrip(" "))
    if whole and folded[:whole].strip():
        cut.append((0, whole))  # "Trong tổng thu …, riêng thu tiền SDĐ …": the part asked is what is worded
    # "… qua các năm": the periods are the answer's rows, not words of its measure.
    cut += [m.span() for m in _OVER_PERIODS.finditer(folded)]
    keep = list(text)
    for start, end in cut:
        keep[start:end] = ["\x01"] * (end - start)
    # "… thay đổi thế nào so với cùng kỳ?": the change stands where the question asks how it went.
    cue = _FIGURE_CUE.search(folded) or _CHANGE_HOW.search(folded)
    if cue is not None and all(c == " " or True for c in keep[cue.start() : cue.end()]):
        keep[cue.start() : cue.end()] = ["\x00"] + [" "] * (cue.end() - cue.start() - 1)
    elif cue is None and (how := _HOW_AT_END.search(folded)) is not None:
        # "Thu ngân sách quận X thế nào?": the value stands where the question asks how it went.
        keep[how.start() : how.end()] = ["\x00"] + [" "] * (how.end() - how.start() - 1)
    elif cue is None and (number_of := _NUMBER_OF_OPENING.match(text)) is not None:
        # "Số đảng viên kết nạp …?": the count asked opens the question; the value stands for "số".
        keep[number_of.start(1) : number_of.end(1)] = ["\x00"] + [" "] * (number_of.end(1) - number_of.start(1) - 1)
    phrase = "".join(keep)
    # The word that introduced a cut place or period goes with it: "ở Sơn Trà", "trong quý đầu năm 2021".
    phrase = _CUT_INTRODUCER.sub("\x01", phrase)
    phrase = re.sub(r"\x01+(?:\s*,)?", " ", phrase)
    phrase = " ".join(phrase.split())
    phrase = re.sub(r"\s*[?!.]+$", "", phrase).strip(" ,:;")
    # Words left dangling by a cut place: "của", "ở", "tại" at the end or before the value.
    phrase = re.sub(r"(?<![^\W_])(?:của|ở|tại|thuộc)(?=\s*(?:(?:có|là|đạt|được)\s+)?(?:\x00|$))", "", phrase).strip()
    phrase = " ".join(phrase.split())
    if "\x00" not in phrase:
        phrase = f"{phrase} \x00".strip()
    return phrase.replace("\x00", "{value}")


_COMPARED_OPENING = re.compile(r"(?<![^\W_])so(?:\s+voi)?\s*$")
_CHANGE_HOW = re.compile(r"(?<![^\W_])(?:thay\s+doi|bien\s+dong)\s+(?:(?:nhu\s+)?the\s+nao|ra\s+sao)(?![^\W_])")
_HOW_AT_END = re.compile(r"(?<![^\W_])(?:(?:nhu\s+)?the\s+nao|ra\s+sao)(?=\W*$)")
_OVER_PERIODS = re.compile(
    r"(?:\s*,)?\s*(?<![^\W_])(?:(?:qua|trong)\s+)?(?:cac|tung|moi|hang|hang|nhung|may)\s+(?:nam|ky|thoi\s+ky)"
    r"(?:\s+(?:qua|gan\s+day|vua\s+qua))?(?![^\W_])"
)
_HOW_TAIL = re.compile(r"(?:\s*,)?\s*(?:(?:nhu\s+)?the\s+nao|ra\s+sao|thi\s+sao)(?![^\W_])")
_BASIS_SET_AT_START = re.compile(r"(?<![^\W_])((?:du toan|ke hoach|chi tieu)(?:\s+(?:duoc\s+)?giao)?)\s+dau\s+nam(?![^\W_])")
_COUNT_OPENERS = frozenset({"so", "cac", "nhung", "tong", "luong", "nguoi"})
_NUMBER_OF_OPENING = re.compile(r"\s*(số lượng|tổng số|số)\s+(?=[^\W\d_])", re.IGNORECASE)
_CUT_INTRODUCER = re.compile(r"(?<![^\W_])(?:của|ở|tại|thuộc|trong|vào|cho|do|toàn|cả|tính đến|đến|tới)\s+(?=\x01)", re.IGNORECASE)


_PAST_BASES = ("cung ky", "nam truoc", "nam ngoai", "so voi", "ky truoc")


def basis_group(text: str, lexicon: Lexicon) -> str | None:
    """ "past" when a figure is set against an earlier period, "plan" against a budget or plan, else None."""
    folded = " ".join(_WORD.findall(fold_accents(text).lower()))
    found = lexicon.base_pattern.search(folded)
    if found is None:
        return "past" if any(re.search(rf"\b{b}\b", folded) for b in _PAST_BASES) else None
    return "past" if found.group().strip() in _PAST_BASES else "plan"


def _basis_fits(fact: FigureFact, query: FigureQuery, lexicon: Lexicon) -> bool:
    if query.relation is Relation.AMOUNT or query.basis is None or fact.basis is None:
        return True
    # "giảm 18,4% so với năm 2019": only the change word was read, no basis word; a change stated without
    # one is against the past, as news write it, and it fits whatever basis the question names.
    stated = basis_group(fact.basis, lexicon)
    return stated is None or stated == query.basis


_LAST_WORDS = re.compile(r"(?<![^\W_])((?:[^\W\d_]+\s+)?([^\W\d_]+))\s+$")
_CHANGE_REACH = 40  # characters before a value searched for its change word: two words at most


def change_word_start(text: str, start: int, lexicon: Lexicon) -> int | None:
    """Where the change word right before the value at `start` begins: "nhưng giảm 5,9%" at "giảm"."""
    offset = max(0, start - _CHANGE_REACH)
    found = _LAST_WORDS.search(fold_aligned(text[offset:start]).lower())
    if found is None:
        return None
    if lexicon.growth_pattern.fullmatch(" ".join(found.group(1).split())):
        return offset + found.start(1)
    if lexicon.growth_pattern.fullmatch(found.group(2)):
        return offset + found.start(2)
    return None


def falls(fact: FigureFact, lexicon: Lexicon) -> bool:
    """A change stated as a fall ("giảm 3,2% so với cùng kỳ"): ranked below any rise, and said so."""
    if fact.relation is not Relation.GROWTH:
        return False
    sentence = fact.source.sentence
    at = change_word_start(sentence, fact.start, lexicon)
    if at is None:
        return False
    word = " ".join(fold_aligned(sentence[at : fact.start]).lower().split())
    return lexicon.fall_pattern.fullmatch(word) is not None


def signed_base(fact: FigureFact, lexicon: Lexicon) -> float:
    """The figure in its compared unit, a fall below zero."""
    return -fact.base if falls(fact, lexicon) else fact.base


def fact_words(fact: FigureFact) -> frozenset[str]:
    """The fact's measure syllables and its unit's: "kết nạp … 52 đảng viên" measures đảng viên kết nạp."""
    return _measure_and_unit(fact.measure_words, fact.unit)


@lru_cache(maxsize=1 << 14)  # every question of a district weighs all its facts: the same measures again
def _measure_and_unit(measure_words: tuple[str, ...], unit: str) -> frozenset[str]:
    return frozenset(measure_words) | frozenset(_WORD.findall(fold_accents(unit).lower()))


def _phrases(pattern: re.Pattern[str], text: str) -> frozenset[str]:
    folded = " ".join(_WORD.findall(fold_accents(text).lower()))
    return frozenset(" ".join(m.group().split()) for m in pattern.finditer(folded))


def fact_qualifiers(fact: FigureFact, lexicon: Lexicon) -> frozenset[str]:
    return _phrases(lexicon.qualifier_pattern, fact.measure)


def fact_grades(fact: FigureFact, lexicon: Lexicon) -> frozenset[str]:
    return _phrases(lexicon.grade_pattern, fact.measure)


def _relation_fits(fact: FigureFact, query: FigureQuery, lexicon: Lexicon | None = None) -> bool:
    if query.either_comparison:
        # "được bao nhiêu phần trăm kế hoạch": a share or a change, or the rate stated alone of that plan.
        return fact.relation is not Relation.AMOUNT or (
            lexicon is not None and fact.dimension == "percent" and fact.basis is not None and query.basis == "plan"
            and basis_group(fact.basis, lexicon) == "plan")
    if (lexicon is not None and query.relation is Relation.AMOUNT and query.percent and fact.relation is Relation.SHARE
            and fact.basis is not None and basis_group(fact.basis, lexicon) == "plan"):
        return True  # "tỷ lệ giải ngân vốn đầu tư công": news state it as a share of the plan ("đạt 91,2% kế hoạch")
    if query.relation is Relation.AMOUNT and query.percent and fact.relation is Relation.SHARE and fact.basis is None:
        return True  # "tỷ lệ hộ nghèo": "còn 57 hộ nghèo, chiếm 0,12% tổng số hộ", a share of the whole
    if (lexicon is not None and query.relation is Relation.SHARE and fact.relation is Relation.AMOUNT
            and fact.dimension == "percent" and fact.basis is not None and query.basis is not None
            and basis_group(fact.basis, lexicon) == query.basis):
        return True  # "giải ngân đạt bao nhiêu % kế hoạch": the rate stated alone, of that plan ("đạt 64,9% kế hoạch")
    return fact.relation is query.relation


def measure_fits(fact: FigureFact, query: FigureQuery, lexicon: Lexicon) -> bool:
    """The fact states what is asked: the measure, the counted noun, the qualifiers both ways, the dimension."""
    words = fact_words(fact)
    if _counts_people(fact, query):
        words = words | set(query.counted)  # "gồm mấy người?" of "gồm 15 đồng chí": people, however called
    if not set(query.measure) <= words or not set(query.counted) <= words:
        return False
    if not counts_the_noun_asked(fact, query):
        return False
    if not spelled_as_asked(fact, query):
        return False
    if not _grades_fit(fact, query, lexicon) or not _qualifiers_fit(fact, query, lexicon):
        return False
    if not _relation_fits(fact, query, lexicon):
        return False
    if not components_fit(fact, query, lexicon):
        return False
    if query.relation is Relation.AMOUNT and query.percent and fact.dimension != "percent":
        return False  # a rate asked; unasked, a rate may still be what the measure is ("tiết kiệm chi … 22,8%")
    return _basis_fits(fact, query, lexicon)


# Units that count people whatever they are called in the question ("bao nhiêu đảng viên" of "120 đồng chí").
_PERSON_UNITS = frozenset({"dong chi", "nguoi", "luot nguoi", "luot", "nguoi dan", "quan chung", "quan chung uu tu"})


def _counts_people(fact: FigureFact, query: FigureQuery) -> bool:
    """ "Bao nhiêu người" asked of a count in a unit of people ("13 đồng chí")."""
    if fact.dimension != "count" or query.counted != ("nguoi",) or not fact.unit:
        return False
    unit = " ".join(_WORD.findall(fold_accents(fact.unit).lower()))
    # "kết nạp bao nhiêu người vào Đảng?": the people admitted are Party members
    return unit in _PERSON_UNITS or ({"ket", "nap"} <= set(query.measure) and unit.startswith("dang vien"))


def counts_the_noun_asked(fact: FigureFact, query: FigureQuery) -> bool:
    """A count answers "bao nhiêu tổ chức cơ sở đảng" only when it counts that noun: in "triển khai 3 cuộc thi
    đến các tổ chức cơ sở Đảng" the noun asked stands in the sentence, but the figure counts contests."""
    if fact.dimension != "count" or not query.counted or query.relation is not Relation.AMOUNT or query.percent:
        return True
    if not fact.unit or fact.unit.isupper():
        return True  # an abbreviated unit ("TCCS") is not compared syllable by syllable
    if _counts_people(fact, query):
        return True
    unit = _WORD.findall(fold_accents(fact.unit).lower())
    return not unit or " ".join(unit) in _PERSON_UNITS or unit[0] == query.counted[0]


def count_fits_in_sentence(fact: FigureFact, query: FigureQuery, lexicon: Lexicon) -> bool:
    """A count whose noun is the one asked, whose sentence (not its measure) holds the rest of the question's
    words: "Ban Thường vụ … ban hành bao nhiêu kế hoạch cụ thể hóa 8 chương trình …" asked of "… có kế hoạch
    …, và 7 kế hoạch cụ thể hóa 8 chương trình …". A fallback when no fact fits as asked (see measure_fits)."""
    if fact.dimension != "count" or not query.counted or query.relation is not Relation.AMOUNT or query.percent:
        return False
    unit = _WORD.findall(fold_accents(fact.unit).lower())
    shared = min(len(unit), len(query.counted))
    if not shared or unit[:shared] != list(query.counted[:shared]):
        return False  # "9 kế hoạch" counts what "bao nhiêu kế hoạch cụ thể hóa …" asks
    said = fact_words(fact) | frozenset(_WORD.findall(fold_accents(fact.source.sentence).lower()))
    if not set(query.measure) <= said:
        return False
    return _grades_fit(fact, query, lexicon) and _qualifiers_fit(fact, query, lexicon) and components_fit(fact, query, lexicon)


def status_fits(fact: FigureFact, query: FigureQuery, lexicon: Lexicon | None = None) -> bool:
    """A result is answered by a result or an estimate of it; a target and a budget by either: "phấn đấu hoàn
    thành dự toán … là N" states the budget, "kế hoạch thu … Thành phố giao" the plan. A count of a plan's own
    items ("40 nhiệm vụ cụ thể") answers whatever the status."""
    if lexicon is not None and fact.dimension == "count" and is_plan_item(fact.unit, lexicon):
        return True
    if query.status is Status.RESULT:
        return fact.status in (Status.RESULT, Status.ESTIMATE)
    if query.status is Status.BUDGET and fact.status is Status.TARGET and _aimed(fact):
        return False  # "phấn đấu cả năm thu N": what the district aims at, not the budget it was given
    return fact.status in (Status.TARGET, Status.BUDGET)


_AIM = re.compile(r"(?<![^\W_])phan\s+dau(?![^\W_])")


def _aimed(fact: FigureFact) -> bool:
    """The clause of the figure says "phấn đấu" (strive for) and names no budget (dự toán) itself."""
    before = fold_accents(fact.source.sentence[: fact.start]).lower()
    clause = re.split(r"[;:]", before)[-1]
    return _AIM.search(clause) is not None and "du toan" not in clause


def is_plan_item(unit: str, lexicon: Lexicon) -> bool:
    folded = " ".join(_WORD.findall(fold_accents(unit).lower()))
    return any(folded == item or folded.startswith(item + " ") for item in lexicon.plan_items)


def _bare(query: FigureQuery) -> bool:
    """The question names nothing but the counted noun: "Có bao nhiêu đảng viên?" asks for all of them."""
    return bool(query.counted) and set(query.measure) <= set(query.counted)


def _grades_fit(fact: FigureFact, query: FigureQuery, lexicon: Lexicon) -> bool:
    """A graded figure answers its own grade only, and a grade asked only a figure of that grade."""
    return fact_grades(fact, lexicon) == query.grades


def _qualifiers_fit(fact: FigureFact, query: FigureQuery, lexicon: Lexicon) -> bool:
    """A bare count is not answered by a part ("kết nạp 52 đảng viên", "trao Huy hiệu cho 112 đảng viên")."""
    return not (_bare(query) or _only_the_unit(fact, query)) or fact_qualifiers(fact, lexicon) <= query.qualifiers


def unasked_qualifiers(fact: FigureFact, query: FigureQuery, lexicon: Lexicon) -> int:
    """Qualifiers the fact states and the question does not ask: "tặng giấy khen cho 9 tổ chức … hoàn thành
    xuất sắc nhiệm vụ tiêu biểu" narrows the count of units graded "xuất sắc" to those commended."""
    # A grade asked holds its qualifiers: "hoàn thành xuất sắc nhiệm vụ" asks "xuất sắc".
    asked = query.qualifiers | {q for q in lexicon.qualifiers if any(q in grade for grade in query.grades)}
    return len({_GIVING.get(q, q) for q in fact_qualifiers(fact, lexicon)} - {_GIVING.get(q, q) for q in asked})


_GIVING = {"tang": "trao"}  # "tặng" and "trao" Huy hiệu Đảng: one act


def _only_the_unit(fact: FigureFact, query: FigureQuery) -> bool:
    """ "số chi bộ của quận" with no question word: the measure asked is nothing but what the fact counts."""
    if fact.dimension != "count" or not fact.unit:
        return False
    return set(query.measure) <= set(fold_accents(fact.unit).lower().split())


def period_fits(fact: FigureFact, query: FigureQuery) -> bool:
    if query.period is None:
        return query.within is None or within_term(fact, query.within)
    return fact.period is not None and same_period(query.period, fact.period)


def within_term(fact: FigureFact, term: FactPeriod) -> bool:
    """A figure of the term asked: its sentence names that term, or it states a figure of several years ("trong
    nhiệm kỳ", "5 năm", "giai đoạn") in the term's years. A year's figure inside the term is no term's figure,
    and one of a sentence naming another term ("nhiệm kỳ 2015-2020") is that term's."""
    period = fact.period
    if period is None or period.year is None or term.year is None:
        return False
    named = [f.period for f in find_periods(fact.source.sentence) if f.period.kind is PeriodKind.TERM]
    if named:
        return any(t.year == term.year and t.end_year == term.end_year for t in named)
    if period.kind is PeriodKind.TERM:
        return period.year == term.year and period.end_year == term.end_year
    last = term.end_year if term.end_year is not None else term.year
    # A term's first year is the one the term before ended in: a congress of 2020 reviews 2015-2020.
    first = term.year + 1 if term.end_year is not None and term.end_year > term.year else term.year
    return first <= period.year <= last and _SEVERAL_YEARS.search(fold_accents(fact.source.sentence).lower()) is not None


_SEVERAL_YEARS = re.compile(r"(?<![^\W_])(?:nhiem\s+ky|giai\s+doan|\d+\s+nam(?!\s+(?:19|20)\d\d)|ca\s+nhiem\s+ky)(?![^\W_])")


# Where a role named in a question ends: its question words, its period, its place or punctuation.
# "Bí thư Quận ủy kiêm Chủ tịch HĐND quận …": the first office names the person; the one joined to it is theirs too.
_ROLE_END = re.compile(r"\s\s|\s(?:la|hien\s+nay|hien|nam|quy|thang|luc|khi|vao|trong|ai|ten|ho\s+ten|cua|o|tai|thoi\s+diem|giai\s+doan|nhiem\s+ky|kiem|dong\s+thoi|tu\s+(?:khi|bao|thang|nam|ngay|luc|dau))(?![^\W_])|[?,.;:!]|\d|$")
_PLACE_WORDS = frozenset("quan huyen thi xa thanh pho dang bo".split())


def read_role_query(
    text: str, places: Sequence[str], lexicon: Lexicon, abbreviations: Mapping[str, str]
) -> RoleQuery | None:
    """The role a "who is …" question names, with its body as the reader normalises it."""
    if abbreviations:
        # "Phó Bí thư TT" names the head "Phó Bí thư Thường trực": the question is read expanded when that
        # makes its head longer (otherwise as typed, which the answer quotes).
        expanded = " ".join(expand_abbreviations(text, abbreviations).split())
        longer = lexicon.role_head_pattern.search(fold_aligned(expanded).lower())
        typed = lexicon.role_head_pattern.search(fold_aligned(text).lower())
        if longer is not None and typed is not None and len(longer.group().split()) > len(typed.group().split()):
            text = expanded
    folded = fold_aligned(text).lower()
    for start, end in _place_spans(folded, places):
        folded = _blank(folded, start, end)
    head = lexicon.role_head_pattern.search(folded)
    if head is None:
        return None
    stop = _ROLE_END.search(folded, head.end())
    end = stop.start() if stop else len(folded)
    role = text[head.start() : end].strip()
    rest = " ".join(folded[head.end() : end].split())
    rest = " ".join(fold_accents(expand_abbreviations(rest, abbreviations)).lower().split()) if abbreviations else rest
    found = [(rest.find(key), -len(key), name) for key, name in lexicon.role_bodies.items()
             if re.search(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", rest)]
    head_text = " ".join(head.group().split())
    if not found:
        # "HĐND quận Tây Hồ do ai làm chủ tịch?": the body may be named before its head.
        whole = " ".join(folded[: head.start()].split())
        whole = " ".join(fold_accents(expand_abbreviations(whole, abbreviations)).lower().split()) if abbreviations else whole
        found = [(whole.find(key), -len(key), name) for key, name in lexicon.role_bodies.items()
                 if re.search(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])", whole)]
        if found:
            key = min(found)
            rest = f"{rest} {whole[key[0] : key[0] - key[1]]}"  # the body's own words, as named
    body = min(found)[2] if found else lexicon.implied_bodies.get(head_text, "")
    words = frozenset(w for w in _WORD.findall(rest) if w not in _PLACE_WORDS)
    year, period = _role_time(text)
    return RoleQuery(head_text, body, role, year, words, period)


def _role_time(text: str) -> tuple[int | None, FactPeriod | None]:
    """The year and the period a role's holder is asked of."""
    period = asked_period(text)
    year = period.period.year if period is not None else _MONTH_OF_YEAR.search(text)
    if isinstance(year, re.Match):
        year = int(year.group(1))  # "Tháng 10/2023, Chủ tịch UBND …": a month is no period of a report, its year is
    return year, period.period if period is not None else None


def role_in_periods_of(query: RoleQuery, text: str) -> RoleQuery:
    """The same office asked of the time `text` names: a follow-up that swaps only the period ("Thế năm 2021?")
    keeps the office read before."""
    year, period = _role_time(text)
    return dataclasses.replace(query, year=year, period=period)


def figure_in_periods_of(query: FigureQuery, text: str) -> FigureQuery:
    """The same figure asked of the periods `text` names (the one asked, the one set against, a term): a
    follow-up that swaps only the period keeps the measure, status and relation read before."""
    found = asked_period(text)
    compared = _compared_period(text, found)
    term = found is not None and found.period.kind is PeriodKind.TERM
    asked = None if found is None or term else found
    return dataclasses.replace(
        query, period=asked.period if asked else None, period_text=text[asked.start : asked.end] if asked else None,
        within=found.period if term and found is not None else None,
        compared=compared.period if compared is not None else None,
    )


# "Tháng 10/2023, …": in that month (not "từ tháng 12/2023", from then on, which no year bounds).
_MONTH_OF_YEAR = re.compile(
    r"(?<![^\W_])(?<!từ )(?<!tu )(?<!sau )(?<!trước )[Tt]h[áa]ng\s+\d{1,2}\s*(?:[/-]|\s+n[ăa]m\s+)\s*((?:19|20)\d\d)(?!\d)"
)


def role_words(fact: RoleFact, abbreviations: Mapping[str, str]) -> frozenset[str]:
    """The syllables of the role as the article writes it, abbreviations expanded."""
    written = expand_abbreviations(fact.role, abbreviations) if abbreviations else fact.role
    return frozenset(_WORD.findall(fold_accents(written).lower()))


def role_fits(fact: RoleFact, query: RoleQuery, abbreviations: Mapping[str, str]) -> bool:
    """The same head ("Phó Bí thư" is not "Bí thư"), the same body, and every word of the role asked
    ("Trưởng ban Tổ chức" is not "Trưởng ban Tuyên giáo")."""
    return fact.head == query.head and fact.body == query.body and query.words <= role_words(fact, abbreviations)


def role_year_fits(fact: RoleFact, query: RoleQuery) -> bool:
    if query.year is None or query.year in (fact.year, fact.period_year):
        return True
    # Held since the year the article says the person took the office up, to the year it reports on.
    # Not in the year itself: the office changed hands then.
    return fact.since_year is not None and fact.since_year < query.year <= (fact.period_year or fact.year or 0)


MIN_SHARED_MEASURE = 0.5  # of the asked measure's syllables a sentence answer's figure must state


def conflicts(fact: FigureFact, query: FigureQuery, lexicon: Lexicon, district: str | None, city_wide: bool = False) -> bool:
    """The figure a sentence answer gives, read as this fact, is surely not what was asked: another status,
    relation, dimension, period or place, a qualifier not asked, the opposite measure, or little of the measure.

    Looser than `measure_fits` on wording (a question may say more than the article: "5 năm liền"), as strict
    on everything the fact table can tell for certain."""
    if not status_fits(fact, query, lexicon):
        return True
    if not _relation_fits(fact, query, lexicon):
        return True
    if query.relation is Relation.AMOUNT and query.percent and fact.dimension != "percent":
        return True
    if not _basis_fits(fact, query, lexicon):
        return True
    if query.period is not None and fact.period is not None and not same_period(query.period, fact.period):
        return True
    if query.period is not None and fact.period is None:
        return True  # "5 năm … trong đó …": a figure the reader could date to no period is none asked
    if city_wide:
        if not fact.place_is_city:
            return True  # a district's figure, asked as the city's
    elif fact.place_is_city or (district is not None and fact.district is not None
                                and fold_accents(fact.district).lower() != fold_accents(district).lower()):
        return True
    if query.grades and fact_grades(fact, lexicon) and not _grades_fit(fact, query, lexicon):
        return True  # a grade asked ("hoàn thành tốt") and another stated; unasked, the wording may differ
    if not _qualifiers_fit(fact, query, lexicon):
        return True
    if not components_fit(fact, query, lexicon):
        return True  # "thu ngân sách từ thuế" asked, and the figure is the whole revenue
    if not query.qualifiers <= fact_qualifiers(fact, lexicon) | _phrases(lexicon.qualifier_pattern, " ".join(fact_words(fact))):
        return True  # "kết nạp" asked, and the figure counts members graded, not admitted
    words = fact_words(fact)
    # The counted noun is the unit, found in many figures: the measure is what the question says of it.
    asked = set(query.measure) - set(query.counted) or set(query.measure)
    for one, other in lexicon.opposites:
        for a, b in ((one, other), (other, one)):
            if a in asked and b in words and a not in words:
                return True
    # Two syllables are one word ("dân số"): half of it ("dân" of "tổ dân phố") is none of it.
    needed = len(asked) if len(asked) <= 2 else MIN_SHARED_MEASURE * len(asked)
    return bool(asked) and len(asked & words) < needed
