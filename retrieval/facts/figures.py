"""Every figure of an article read into a FigureFact: its value, what it measures, result or target, the
amount it belongs to, the period it covers and whose it is.

A district report is read as an editor reads it: "Tổng thu ngân sách … năm X đạt N tỷ đồng, bằng P%
dự toán và tăng Q% so với năm X-1" is one amount (thu ngân sách, năm X, the district's), a share of its
budget and its growth on the year before — not three numbers near the words "thu ngân sách".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from retrieval.facts.amounts import EXACT_IN_BRACKETS, ROUNDED_BEFORE, find_figures
from retrieval.facts.lexicon import Lexicon
from retrieval.facts.model import FactPeriod, FigureFact, PeriodKind, Relation, Source, Status
from retrieval.facts.people import COUNCIL_OF_DIVISION
from retrieval.facts.periods import SPAN_FROM, FoundPeriod, find_periods, with_year
from retrieval.gazetteer import name_key
from retrieval.models import Document, Passage, PassageKind
from retrieval.text.folding import fold_aligned
from retrieval.text.normalize import expand_abbreviations, fold_accents
from retrieval.text.patterns import word_start_alternatives

_SYLLABLE = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
# "31/64 tổ chức cơ sở đảng", "17/18 chỉ tiêu": a part of a whole, counted.
# The first digit before the check on what precedes it: the engine skips to digits in C.
_FRACTION = re.compile(r"(\d(?<![\w/.,-]\d)(?:\d{0,2}(?:\.\d{3})+|\d*))/(\d{1,3}(?:\.\d{3})+|\d+)(?![\w/.,-]*\d)")
_NOT_FRACTION_BEFORE = frozenset("ngay thang dot so nghi quyet chi thi quyet dinh ke hoach luc khoa".split())
# Where a count's noun phrase ends: punctuation, a digit, or a word that starts another statement.
# (Each alternative opens on a character, none on a lookbehind: the engine then skips, in C, every position
# where none of those characters stands. The patterns below that end on "$" are searched over whole stretches.)
_TAIL_STOP = re.compile(
    "|".join(re.escape(c) for c in ",;:.()[]%0123456789") + "|" + word_start_alternatives(
        "va|so voi|tang|giam|bang|dat|chiem|trong do|gom|voi|nhung|con|cung|cao hon|thap hon|vuot|len|xuong|nang|dua"
        .split("|"), after=r"(?![^\W_])")
)
_MAX_ELIDED_WORDS = 4  # "cơ sở đảng", "trực thuộc": the noun's words a list leaves out after its first item
_WORDS = re.compile(r"[^\W_]+")
# "trong đó thu tiền sử dụng đất đạt …", "riêng chi thường xuyên …": the link to the total before, not the
# measure (nor the answer's words, fact_answer.py).
# "từ 9% trở lên và thu ngân sách … đạt": what is left of the figure before, and the "và" joining them.
PART_OPENING = re.compile(
    r"^(?:(?:(?:trở\s+)?lên|trở\s+xuống)\s+và\s+|và\s+)?(?:(?:trong\s+đó|riêng|bao\s+gồm|gồm|cụ\s+thể)\s*[,:]?\s+)?",
    re.IGNORECASE,
)
# "Quận 6" is a place; "quận 6 tháng đầu năm" is the district and a period. Matched at every division word
# (a lookahead), so "của quận cao hơn quận Thanh Khê" still finds the second one.
# The division word is matched, its name looked ahead at; each word opens on its letter, so that the engine
# skips to those letters in C (a pattern opening on a lookbehind is tried at every position).
_DISTRICT_MENTION = re.compile(
    r"(?P<kind>q(?<!\wq)uận|h(?<!\wh)uyện|t(?<!\wt)hị xã|Q(?<!\wQ)uận|H(?<!\wH)uyện|T(?<!\wT)hị xã)(?=\s+"
    r"(?P<name>(?:[^\W\d_]+|\d{1,2}(?!\d|[.,]\d)(?!\s*(?:tháng|năm|quý|ngày|tuần)(?![^\W_])))(?:\s+[^\W\d_]+){0,3}))"
)
# A number that counts time ("6 tháng", "70 năm") or orders things ("lần thứ 27", "khóa XV", "số 12") is no figure.
_CLAUSE_MARK = re.compile(r"[,;:.]")
_CLAUSE_STOP = re.compile(r"[,;.]")
_COMMA = re.compile(",")
_NON_SPACE = re.compile(r"\S+")
_PERIOD_NUMBER_AFTER = re.compile(r"\s*\d")
_PERIOD_HEADS = frozenset(("nam", "quy", "thang"))
_PERIOD_INTRODUCERS = frozenset(("trong", "vao", "tu", "den", "dau", "cuoi", "het", "ca", "suot"))
_SPACES = re.compile(r"\s*")
_LETTER = re.compile(r"[^\W\d_]")
# A word after the space, or a quoted one: "đạt \"Hoàn thành xuất sắc nhiệm vụ\"" names the grade counted.
_SPACED_LETTER = re.compile(r"\s+[\"“‘'«]?[^\W\d_]")
_NUMBER_PART = re.compile(r"[\d.,]+")
_FRACTION_NOUN = re.compile(r"\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)")
# A period written without a digit ("trong năm", "quý này", "sáu tháng đầu năm") names one of these words.
_PERIOD_WORD = re.compile("|".join(("năm", "Năm", "NĂM", "quý", "Quý", "QUÝ", "tháng", "Tháng", "THÁNG", "nam", "quy", "thang")))


def _may_state(sentence: str) -> bool:
    """A figure needs a digit, a period one of a few words."""
    return _DIGIT.search(sentence) is not None or _PERIOD_WORD.search(sentence) is not None
_OPENING_PLACE = re.compile(r"\W*((?:[^\W\d_]+\s*){1,4}),")
_PART_END = re.compile(r"[;:]|\.(?!\d)")
_COPULA_END = re.compile(rf"(?:{word_start_alternatives(['la', 'gom', ':'])})\s*$")
_MAX_DANGLING_WORDS = 3  # "tiêu biểu 5 năm liền": what may close the count before "và" without a new noun
_COORDINATED = re.compile(rf"(?:{word_start_alternatives(['va', 'cung voi', 'cung'])})\s*$")
_DONE = re.compile(rf"(?:{word_start_alternatives(['da', 'ket qua', 'thuc hien duoc'])})(?![^\W_])")
# A sentence opening with its years and nothing else: "Giai đoạn 2016-2020, …", "Trong nhiệm kỳ 2015-2020, …"
_SPAN_OPENING = re.compile(r"\W*(?:(?:trong|qua|sau|suot)\s+)?")
_CLAUSE_GAP = re.compile(r"\W*")
_TIME_AFTER = re.compile(r"\s*(?:thang|nam|ngay|tuan|gio|phut|quy)(?![^\W_])")
_ORDINAL_BEFORE = re.compile(
    rf"(?:{word_start_alternatives('thu khoa so lan ky dot muc'.split() + ['nghi quyet', 'chi thi', 'quyet dinh', 'ke hoach'])})\s*$"
)
_COUNT_CHANGED = re.compile(r"(?<![^\W_])(?:giam|tang)(?:\s+(?:duoc|them))?\s+$")
_GROWTH_LAST = re.compile(rf"(?:{word_start_alternatives(['tang truong', 'tang', 'giam'])})\s*$")
_NAMED_BY_NUMBER_BEFORE = re.compile(
    r"(?<![^\W_])(?:vanh\s+dai|quoc\s+lo|tinh\s+lo|giai\s+doan|phuong|khu\s+pho|to\s+dan\s+pho|tuyen\s+so|duong\s+so)\s+$",
    re.IGNORECASE,
)
_BASIS_TAIL = re.compile(
    r"(?:\s+(?:(?:dau\s+)?nam(?:\s+nay)?|von|duoc\s+giao|thanh\s+pho\s+giao|giao|de\s+ra|cua\s+thanh\s+pho|phap\s+lenh"
    # "dự toán HĐND thành phố giao": the council that set the budget
    r"|(?:hdnd|ubnd|hoi\s+dong\s+nhan\s+dan|uy\s+ban\s+nhan\s+dan)(?:\s+(?:thanh\s+pho|tp|quan|huyen))?\s+giao))+(?![^\W_])"
)
# "… với số tiền N", "với tổng kinh phí N": the amount of what the clause before it did.
_WITH_AMOUNT = re.compile(r"(?<![^\W_])voi\s+(?:tong\s+)?(?:so\s+tien|kinh\s+phi|gia\s+tri)(?:\s+la)?\s*$")
# "đạt 27% so với dự toán", "bằng 105% so với cùng kỳ": the basis may follow a comparing word.
_COMPARING = re.compile(r"(?:so\s+voi|so)\s+")
_MAX_TAIL_WORDS = 16  # a counted noun with what it achieved: "chi bộ … đạt trong sạch vững mạnh tiêu biểu"


class _Figure(NamedTuple):  # a tuple: made for every number of every sentence, and never changed
    start: int
    end: int  # of the whole value, unit included ("N tỷ đồng")
    number_end: int  # of the number itself
    number: float
    unit: str
    base: float
    base_unit: str
    dimension: str
    basis: str | None


def sentence_figures(sentence: str, folded: str | None = None) -> list[_Figure]:
    """The amounts, percentages, areas, counts and fractions a sentence states, in order."""
    found: list[_Figure] = []
    if _DIGIT.search(sentence) is None:
        return found
    folded = fold_aligned(sentence) if folded is None else folded
    for figure in find_figures(sentence, folded):
        number = _NUMBER_PART.match(figure.text)
        number_end = figure.start + (number.end() if number else len(figure.text))
        found.append(_Figure(figure.start, figure.end, number_end, float(figure.value), figure.unit,
                             float(figure.base), figure.base_unit, figure.dimension, figure.basis))
    for match in _FRACTION.finditer(sentence):
        before = folded[: match.start()].split()
        if before and before[-1] in _NOT_FRACTION_BEFORE:
            continue
        rest = folded[match.end() :]
        noun = _FRACTION_NOUN.match(rest)
        if noun is None or _TAIL_STOP.match(noun.group(1)):
            # "Chi bộ hoàn thành xuất sắc nhiệm vụ: 41/305": the noun is named before the colon.
            if folded[: match.start()].rstrip().endswith(":"):
                numerator = float(match.group(1).replace(".", ""))
                found.append(_Figure(match.start(), match.end(), match.end(), numerator, "", numerator, "", "count", None))
            continue
        numerator = float(match.group(1).replace(".", ""))
        end = match.end() + noun.end()
        unit = sentence[match.end() : end].strip().lower()
        found.append(_Figure(match.start(), end, match.end(), numerator, unit, numerator, unit, "count", None))
    return sorted(found, key=lambda f: f.start)


# The verbs that reach a plan: "chưa đạt chỉ tiêu", "vượt kế hoạch", "hoàn thành chỉ tiêu".
_REACHING = re.compile(r"(?<![^\W_])(?:chua\s+|khong\s+)?(?:dat|vuot|hoan\s+thanh|bang)(?![^\W_])")


@dataclass(frozen=True)
class DocumentFrame:
    """What an article says of itself that its figures inherit: its period, year, district and city."""

    period: FactPeriod | None
    year: int | None  # the year a period without one takes
    district: str | None
    place: str  # "quận Ba Đình", or the city, or the title
    city: str | None


def document_frame(document: Document, lexicon: Lexicon | None = None) -> DocumentFrame:
    """The period the article reports on: the one its headline names, else the first its lead names; a plan's
    horizon ("triển khai nhiệm vụ năm 2025", with `lexicon`'s horizon words) only when nothing else is named."""
    texts = [document.title or ""] + [p.text for p in document.passages if p.kind is PassageKind.BODY][:3]

    def reported(text: str) -> list[FoundPeriod]:
        aligned = fold_aligned(text)
        lowered = aligned.lower()
        return [f for f in find_periods(text, aligned) if not f.compared and f.period.kind is not PeriodKind.TERM
                and not SPAN_FROM.search(lowered[max(0, f.start - 4) : f.start])]

    named = [reported(text) for text in texts[:1]]

    def found_in(index: int) -> list[FoundPeriod]:
        while len(named) <= index:  # read lazily: most articles settle it in the headline or the lead
            named.append(reported(texts[len(named)]))
        return named[index]

    def settle(plans: bool) -> tuple[FactPeriod | None, int | None]:
        period: FactPeriod | None = None
        year = None
        for index, text in enumerate(texts):
            found = [f for f in found_in(index) if plans or lexicon is None or not _is_horizon(text, f, lexicon)]
            if not found:
                continue
            if period is None:
                period = found[0].period
            years = [f.period.year for f in found if f.period.year]
            if years and year is None:
                year = years[0]
            if period is not None and year is not None:
                break
        return period, year

    period, year = settle(plans=False)
    if period is None and year is None:
        period, year = settle(plans=True)  # only a plan's horizon is named: it is all there is
    if period is not None and period.kind is PeriodKind.YEAR and found_in(0):
        # "Tăng tốc về đích các chỉ tiêu năm 2024" over a lead on "nhiệm vụ 9 tháng": the headline names the
        # year aimed at, the lead the part of it the article reports on.
        part = _lead_part(texts, found_in, period, lexicon)
        if part is not None:
            period = part
    if year is None and document.year is not None:
        year = document.year
        # A January report of the whole year, or a quarter's report after it ends, covers the year before.
        month = _month(document.date)
        if period is not None and month is not None and month <= _end_month(period) - 1 and month <= 3:
            year -= 1
    if period is not None:
        period = with_year(period, year)
    place = f"{document.district_kind or ''} {document.district}".strip() if document.district else (document.city or document.title or document.doc_id)
    return DocumentFrame(period, year, document.district, place, document.city)


_PARTS_OF_A_YEAR = (PeriodKind.QUARTER, PeriodKind.MONTHS, PeriodKind.CUTOFF)


def _lead_part(
    texts: list[str], found_in: Callable[[int], list[FoundPeriod]], year: FactPeriod, lexicon: Lexicon | None
) -> FactPeriod | None:
    """The first period the lead names, when it is a part of the headline's year (or names no year)."""
    for index in range(1, len(texts)):
        found = [f for f in found_in(index) if lexicon is None or not _is_horizon(texts[index], f, lexicon)]
        if found:
            first = found[0].period
            if first.kind in _PARTS_OF_A_YEAR and first.year in (None, year.year):
                return first
            return None
    return None


def _is_horizon(text: str, found: FoundPeriod, lexicon: Lexicon) -> bool:
    return lexicon.horizon_pattern.search(fold_aligned(text[max(0, found.start - 40) : found.start])) is not None


def _month(date: str | None) -> int | None:
    if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return int(date[5:7])
    return None


def _end_month(period: FactPeriod) -> int:
    if period.kind is PeriodKind.QUARTER:
        return 3 * (period.part or 4)
    if period.kind in (PeriodKind.MONTHS, PeriodKind.CUTOFF):
        return period.part or 12
    return 12


def document_figures(
    document: Document, lexicon: Lexicon, abbreviations: Mapping[str, str], frame: DocumentFrame | None = None
) -> tuple[FigureFact, ...]:
    """Every figure the article's body states, as facts."""
    frame = document_frame(document, lexicon) if frame is None else frame
    facts: list[FigureFact] = []
    for passage in document.passages:
        if passage.kind is not PassageKind.BODY:
            continue
        facts.extend(_passage_figures(document, passage, frame, lexicon, abbreviations))
    return tuple(facts)


def _passage_figures(
    document: Document, passage: Passage, frame: DocumentFrame, lexicon: Lexicon, abbreviations: Mapping[str, str]
) -> list[FigureFact]:
    facts: list[FigureFact] = []
    context = frame.period  # the period the paragraph has named so far
    plan_context: FactPeriod | None = None  # the plan's year a sentence of the paragraph named ("dự toán năm 2023")
    for index, sentence in enumerate(passage.sentences):
        if not _may_state(sentence):
            continue  # no figure, and no period for the sentences after it: most sentences of a report
        folded = fold_aligned(sentence)
        if _AT_THE_EVENT.match(folded):
            context = frame.period  # "Dịp này, …", "Tại hội nghị, …": back at the meeting the article reports
        named: list[FoundPeriod] = []
        periods: list[FoundPeriod] = []
        spans: list[FoundPeriod] = []
        for found in find_periods(sentence, folded):
            if found.compared:
                continue
            named.append(found)
            if found.period.kind is not PeriodKind.TERM:
                periods.append(found)
            elif not found.period.text_folded.startswith("nhiem ky"):
                # "nhiệm kỳ 2020-2025" labels a congress or a programme ("Đại hội … nhiệm kỳ 2020-2025"); "giai
                # đoạn", "5 năm 2016-2020", "từ 2016 đến 2020" say how long a figure ran.
                spans.append(found)
        figures = [f for f in sentence_figures(sentence, folded) if not _names_time_or_order(f, folded, named)]
        if figures:
            read_folded = _without_only(sentence, folded)
            asides = _shares_aside(figures, read_folded)
            read_sentence = sentence
            for start, end, _ in asides:
                read_sentence = read_sentence[:start] + " " * (end - start) + read_sentence[end:]
                read_folded = read_folded[:start] + " " * (end - start) + read_folded[end:]
            reader = _SentenceReader(
                document, passage, index, read_sentence, read_folded, periods, context, frame, lexicon,
                abbreviations, spans, plan_context=plan_context, quoted=sentence,
            )
            read = reader.read([f for f in figures if not any(a <= f.start < b for a, b, _ in asides)])
            facts.extend(_exact_for_rounded(_with_shares_aside(read, asides, sentence), folded, lexicon, abbreviations))
        # "giãn cách từ ngày 12/8 đến 15/10/2021": the days an event lasted date no figure of the sentences after.
        covered = [p for p in periods if not _names_a_plans_year(folded, p, lexicon)
                   and not (p.period.kind is PeriodKind.CUTOFF and _DAYS_FROM.search(folded, max(0, p.start - 20), p.start))]
        if covered:
            context = with_year(covered[-1].period, frame.year, frame.period.part if frame.period else None)
        planned = [p for p in periods if _names_a_plans_year(folded, p, lexicon)]
        if planned:
            plan_context = with_year(planned[-1].period, frame.year)
        elif covered:
            plan_context = None
    return facts


# "dự toán năm", "chỉ tiêu cả năm", "kế hoạch năm là": the plan of the whole year, which a part-year report
# measures itself against.
_PART_WORD = re.compile(r"(?<![^\W_])(?:quy|thang)(?![^\W_])")
_YEARS_PLAN = re.compile(r"(?<![^\W_])(?:du\s+toan|chi\s+tieu|ke\s+hoach)(?:\s+[^\W\d_]+){0,3}?\s+(?:ca\s+)?nam(?![^\W_])(?!\s*\d)")


def _plans_period(period: FactPeriod | None, plan_words: str, status: Status) -> FactPeriod | None:
    """The period of a plan named beside an amount: the amount's, or its whole year when the plan says so. A
    budget (dự toán) is set for a year: "quý I … bằng 18,9% dự toán Thành phố giao (3.770 tỷ đồng)" is the
    year's, unless its words name a part ("dự toán quý")."""
    if period is None or period.kind not in _PARTS_OF_A_YEAR or period.year is None:
        return period
    # … and so is the target of an amount of a part of the year ("9 tháng … kết nạp 94 đảng viên, đạt 78,3% chỉ
    # tiêu (chỉ tiêu kết nạp 120 đảng viên)").
    yearly = status in (Status.BUDGET, Status.TARGET) and not _PART_WORD.search(plan_words)
    if not (yearly or _YEARS_PLAN.search(plan_words)):
        return period
    return FactPeriod(PeriodKind.YEAR, period.year, text=f"năm {period.year}", year_inferred=period.year_inferred)


# "bằng 80,3% dự toán, chỉ giảm 3,6%": "chỉ" (only) before a change says how much, not what is measured. As
# written: folded, it would be "chi" (spending).
_ONLY = re.compile(r"(?<![^\W_])[Cc]hỉ(?=\s+(?:tăng|giảm|đạt|bằng|chiếm|vượt|hụt)(?![^\W_]))")


_OWN_DIVISION = re.compile(r"(?<![^\W_])(?:toan\s+)?(?:quan|huyen|thi xa)\s+(?!uy(?![^\W_]))(?=[^\W\d_])")
_DAYS_FROM = re.compile(r"(?<![^\W_])tu\s+(?:ngay\s+)?\d{1,2}(?:\s*[/-]\s*\d{1,2})?\s+$")
_MADE_KNOWN_AT = re.compile(r"(?<![^\W_])(?:cong bo|cong khai|thong bao)\s+(?:vao\s+|tu\s+)?(?:(?:dau|cuoi|giua)\s+)?$")
# "23 tổ chức (31,5%) hoàn thành xuất sắc nhiệm vụ": a count's share of the whole, said aside in brackets.
_SHARE_ASIDE = re.compile(r"\s*(\(\s*(\d[\d.,]*\s*%)\s*\))")


def _shares_aside(figures: Sequence[_Figure], folded: str) -> list[tuple[int, int, _Figure]]:
    """The brackets holding only a percentage right after a count (where, and the count)."""
    found = []
    for figure in figures:
        if figure.dimension != "count":
            continue
        aside = _SHARE_ASIDE.match(folded, figure.end)
        if aside is not None:
            found.append((aside.start(1), aside.end(1), figure))
    return found




def _exact_for_rounded(facts: list[FigureFact], folded: str, lexicon: Lexicon,
                       abbreviations: Mapping[str, str]) -> list[FigureFact]:
    """The exact amount in brackets stands for the rounded one before it: the same measure, and the rounded one
    is no figure of its own."""
    out: list[FigureFact] = []
    skip: set[int] = set()
    for i, fact in enumerate(facts):
        after = facts[i + 1] if i + 1 < len(facts) else None
        if (after is not None and fact.relation is Relation.AMOUNT and after.relation is Relation.AMOUNT
                and fact.unit == after.unit and fact.dimension == after.dimension
                and ROUNDED_BEFORE.search(folded[max(0, fact.start - 12) : fact.start])
                and EXACT_IN_BRACKETS.fullmatch(folded[fact.end : after.start])):
            measure = _ROUNDED_TAIL.sub("", fact.measure)
            words = measure_syllables(measure, lexicon, abbreviations)
            facts[i + 1] = dataclasses.replace(
                after, measure=measure, measure_words=words, status=fact.status, period=fact.period, place=fact.place,
                place_is_city=fact.place_is_city, district=fact.district)
            for k in range(i + 2, len(facts)):  # its share and change ("…, bằng 81,6% dự toán") are of it too
                if facts[k].of == after.id:
                    facts[k] = dataclasses.replace(facts[k], measure=measure, measure_words=words, period=fact.period)
            skip.add(i)
    for i, fact in enumerate(facts):
        if i not in skip:
            out.append(fact)
    return out


_ROUNDED_TAIL = re.compile(r"\s+(?:gần|hơn|khoảng|trên|xấp xỉ|gan|hon|khoang|tren)\s*$", re.IGNORECASE)


def _with_shares_aside(facts: list[FigureFact], asides: list[tuple[int, int, _Figure]], sentence: str) -> list[FigureFact]:
    """Each count read with its bracketed share beside it: the share of the whole, of the same measure (the count's
    words were read across the bracket, so what the counted achieved is its measure)."""
    if not asides:
        return facts
    out: list[FigureFact] = []
    for fact in facts:
        out.append(fact)
        aside = next((a for a in asides if a[2].start == fact.start), None)
        if aside is None or fact.relation is not Relation.AMOUNT:
            continue
        opened = sentence.index("(", aside[0]) + 1
        value = sentence[opened : sentence.index(")", opened)].strip()
        start = sentence.index(value, opened)
        percent = float(value.rstrip("% ").replace(".", "").replace(",", "."))
        out.append(dataclasses.replace(
            fact, id=fact.id.rsplit(":", 1)[0] + f":{start}", value=value, start=start, end=start + len(value),
            number=percent, unit="%", base=percent, dimension="percent", relation=Relation.SHARE, of=fact.id,
            basis=None,
        ))
    return out


def _without_only(sentence: str, folded: str) -> str:
    for match in _ONLY.finditer(sentence):
        folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end() :]
    return folded


# A sentence opening on the meeting itself speaks of what the article reports, whatever year the sentence
# before planned for.
_AT_THE_EVENT = re.compile(
    r"\W*(?:nhan\s+)?dip\s+nay|\W*(?:cung\s+)?tai\s+(?:hoi\s+nghi|buoi\s+le|le\s+tong\s+ket)(?![^\W_])", re.IGNORECASE
)


def _names_a_plans_year(folded: str, found: FoundPeriod, lexicon: Lexicon) -> bool:
    """ "bằng 28,6% dự toán pháp lệnh năm 2023", "nhiệm vụ năm 2024": the year of a budget or a plan, not the
    period the paragraph goes on to report (a quarter's report measures itself against the year's budget)."""
    before = folded[max(0, found.start - 40) : found.start]
    return lexicon.plan_year_pattern.search(before) is not None


_JOINED_BY_AND = re.compile(r"\s+và\s+", re.IGNORECASE)
# A clause saying why or what for, as written (folded, "nhờ" would be "nhỏ", "vì" "vi" of "vi phạm").
_REASON_OPENER = re.compile(r"(?<![^\W_])(?:nhờ|vì|nhằm|góp phần)(?![^\W_])", re.IGNORECASE)
# Right before a figure: "so với (mức) N", the amount of the period compared with ...
_AGAINST_AMOUNT = re.compile(r"(?<![^\W_])so\s+voi(?:\s+(?:muc|con\s+so|so\s+thu|so))?\s*$")
# ... and after it, up to that period: its unit and "của" ("N tỷ đồng của 9 tháng năm 2022").
_OF_PERIOD = re.compile(r"\s*(?:[^\W\d_]+\s+){0,3}?(?:cua|trong|nam)?\s*")
# "so với năm 2021 (N": the bracket right after the period compared with.
_AGAINST_PERIOD_BRACKET = re.compile(r"(?<![^\W_])so\s+voi\s+(?:cung\s+ky\s+)?[^()]*?(?P<period_end>)\s*\(\s*$")
def _window(end: int) -> int:
    """Where a search for the words before a figure starts: a clause's worth back."""
    return max(0, end - 120)


# Between a bracketed base period and its amount: "(năm 2021 đạt N", "(quý I/2023: N".
_PERIOD_VALUE_LINK = re.compile(r"\s*(?:(?:uoc\s+)?dat|la|:)?\s*")
# Words that open a clause about the noun before them ("tổ chức cơ sở đảng được đánh giá"), ending that noun.
# As written: folded, "đang" would be "đảng".
_CLAUSE_OPENERS = frozenset({"được", "đã", "bị", "đang", "tham", "trong", "trên", "thuộc", "trực"})


def _names_time_or_order(figure: _Figure, folded: str, periods: Sequence[FoundPeriod]) -> bool:
    """The number is part of a period, a span of time or an ordinal, not a figure of the report."""
    if any(p.start <= figure.start < p.end for p in periods):
        return True
    if figure.dimension != "percent" and _NAMED_BY_NUMBER_BEFORE.search(folded, max(0, figure.start - 24), figure.start):
        return True  # "Vành đai 2,5", "giai đoạn 1", "phường 12": the number names a road, a phase, a ward
    if figure.unit or figure.dimension == "percent":
        return False
    return bool(_TIME_AFTER.match(folded, figure.number_end) or _ORDINAL_BEFORE.search(folded[: figure.start]))


@dataclass
class _SentenceReader:
    document: Document
    passage: Passage
    index: int
    sentence: str
    folded: str
    periods: list[FoundPeriod]
    context: FactPeriod | None
    frame: DocumentFrame
    lexicon: Lexicon
    abbreviations: Mapping[str, str]
    spans: list[FoundPeriod] = field(default_factory=list)  # several years: "nhiệm kỳ 2020-2025", "5 năm 2016-2020"
    # "Dự toán … năm 2023 … là N. Tuy nhiên, quận phấn đấu thu M": the plan's year the sentence before named is
    # the year of a target or budget that names none.
    plan_context: FactPeriod | None = None
    quoted: str = ""  # the sentence as written, when `sentence` has asides blanked: what the facts quote
    figure_starts: tuple[int, ...] = ()  # where the sentence's figures start
    # The same stretches before figures are weighed again for the head, the colon and the relation.
    _contents: dict[str, list[str]] = field(default_factory=dict)

    def read(self, figures: Sequence[_Figure]) -> list[FigureFact]:
        self.figure_starts = tuple(f.start for f in figures)
        facts: list[FigureFact] = []
        masked = self.folded  # the sentence less the bases of figures already read ("% dự toán")
        previous_end = 0
        amount: FigureFact | None = None
        amount_head = ""
        counts: list[tuple[str, list[str]]] = []  # the counts read so far: their unit, the words after their number
        for figure in figures:
            if figure.start < previous_end:
                continue  # a fraction's numerator read again as a number
            tail_end = self._tail_end(figure)
            clause_start = max(self.folded.rfind(";", 0, figure.start), self.folded.rfind(":", 0, figure.start)) + 1
            if clause_start > previous_end:
                amount = None  # a new clause: a percentage there belongs to no amount before it
            bracket = self.folded.rfind("(", 0, figure.start)
            if bracket >= 0 and ")" in self.folded[bracket : figure.start]:
                bracket = -1  # "… trên địa bàn 3 năm (2020-2022) đạt N": a bracket closed before the figure opens no measure
            head_start = max(previous_end, clause_start, bracket + 1 if bracket >= 0 else 0)
            head = self._head(head_start, figure.start)
            if not self._content(self.folded[head[0] : head[1]]) and self.folded[:head_start].rstrip().endswith(":"):
                # "Chi bộ hoàn thành tốt nhiệm vụ: 120": the measure is named before the colon.
                colon = self.folded[:head_start].rstrip()
                before = max((m.end() for m in re.finditer(r"[;,.]", colon[:-1])), default=0)
                head = (max(before, previous_end), len(colon) - 1)
            relation = self._relation(head, figure, amount)
            fact = self._fact(figure, head, tail_end, relation, amount, masked, clause_start)
            earlier = self._compared_amount(fact, figure, amount, previous_end) if amount is not None else None
            if earlier is not None:
                # The amount of the period compared with: the same measure then, never this figure's base or rise.
                facts.append(earlier)
                masked = masked[: figure.end] + " " * (tail_end - figure.end) + masked[tail_end:]
                previous_end = tail_end
                continue
            if amount is not None and relation is Relation.GROWTH and figure.dimension == amount.dimension != "percent":
                fact = self._plan_exceeded(fact, head)
            if amount is not None and relation is not Relation.AMOUNT and previous_end <= bracket == head_start - 1:
                fact = self._compared(fact, amount, previous_end, bracket)
            elif amount is not None and relation is Relation.AMOUNT and previous_end <= bracket == head_start - 1:
                fact = self._bracketed_plan(fact, amount, head, facts[-1] if facts else None, bracket)
            elif amount is not None and relation is Relation.AMOUNT and head_start == previous_end:
                fact = self._plan_beside(fact, amount, head)
            if fact.status is Status.RESULT and relation is Relation.AMOUNT and facts and clause_start > 0:
                fact = self._listed_after_target(fact, facts[-1], clause_start, figure.start)
            if relation is Relation.AMOUNT and amount is not None and amount_head and figure.dimension == "count":
                fact = self._coordinated(fact, figure, head, tail_end, amount_head, previous_end)
            if relation is Relation.AMOUNT and figure.dimension == "count" and fact.unit:
                fact, counted_words = self._elided_noun(fact, figure, head, tail_end, counts)
                counts.append((fact.unit.lower(), counted_words))
            facts.append(fact)
            closed = bracket > previous_end and self.folded.find(")", figure.end, figure.end + 40) >= 0
            if relation is Relation.AMOUNT and not (closed and amount is not None and fact.status is not amount.status):
                # "… bằng 108,7% dự toán (dự toán 5.900 tỷ đồng), tăng 7,6%": a plan in brackets is aside; the
                # change after them is the amount's before them.
                amount = fact
                # The words before this amount's number that a coordinated one after it shares ("tặng giấy
                # khen" in "tặng giấy khen 12 chi bộ … và 85 đảng viên …").
                amount_head = self.sentence[head[0] : head[1]].strip(" ,;:-–(") if head[0] < head[1] else ""
            masked = masked[: figure.end] + " " * (tail_end - figure.end) + masked[tail_end:]
            previous_end = tail_end
        return self._shared_predicates(facts)

    def _shared_predicates(self, facts: list[FigureFact]) -> list[FigureFact]:
        """ "12 chỉ tiêu và 48 nhiệm vụ thực hiện bảo đảm tiến độ": a count joined by "và" to the next, with no
        words of its own after it, shares what the next one's are said to do."""
        for i in range(len(facts) - 1):
            first, second = facts[i], facts[i + 1]
            if not (first.dimension == second.dimension == "count" and first.relation is Relation.AMOUNT
                    and second.relation is Relation.AMOUNT and first.unit and second.unit
                    and _JOINED_BY_AND.fullmatch(self.sentence[first.end : second.start])):
                continue
            at = second.measure.find(second.unit)
            shared = second.measure[at + len(second.unit) :].strip() if at >= 0 else ""
            if not shared or not first.measure.endswith(first.unit):
                continue
            own = fold_aligned(first.measure[: -len(first.unit)]).lower().strip()
            if _COPULA_END.search(own) or self.lexicon.grade_pattern.search(own):
                continue  # "Đảng viên hoàn thành xuất sắc nhiệm vụ là N … và M … hoàn thành tốt": its own measure
            measure = f"{first.measure} {shared}"
            facts[i] = dataclasses.replace(first, measure=measure,
                                           measure_words=measure_syllables(measure, self.lexicon, self.abbreviations))
        return facts

    def _tail_end(self, figure: _Figure) -> int:
        """Where what follows the figure (a count's noun phrase, a share's basis) ends."""
        rest = self.folded[figure.end :]
        if figure.dimension == "percent":
            # A percentage is followed by its basis at most ("đạt 25,3% dự toán"): what comes after belongs to
            # the next figure ("… 100% dự toán thu ngân sách năm là N tỷ đồng").
            at = _SPACES.match(self.folded, figure.end).end()  # type: ignore[union-attr]
            comparing = _COMPARING.match(self.folded, at)
            found = self.lexicon.base_pattern.match(self.folded, comparing.end() if comparing else at)
            if found:
                # "25,8% dự toán năm", "54,6% kế hoạch vốn giao": the basis with the words that say whose
                more = _BASIS_TAIL.match(self.folded, found.end())
                return more.end() if more else found.end()
            # "(… gồm 12% tiết kiệm chi thường xuyên cả năm)": with no basis, what follows is its measure.
            if self.folded[figure.end : at].strip() or not _LETTER.match(self.folded, at):
                return figure.end
        stop = _TAIL_STOP.search(rest)
        while stop is not None and stop.group() == "dat" and self.sentence[
                figure.end + stop.start() : figure.end + stop.end()].lower() == "đất":
            stop = _TAIL_STOP.search(rest, stop.end())  # "thu 500 tỷ đồng tiền sử dụng đất": land, not "đạt"
        if figure.dimension == "count":
            # "16 chi bộ đạt trong sạch vững mạnh": what the counted achieved narrows the count; "đạt" before a
            # number starts another figure.
            # "xã đạt chuẩn nông thôn mới nâng cao": "nâng cao" after the noun it grades is no verb raising a total.
            while stop is not None and (stop.group() == "dat" and _SPACED_LETTER.match(rest, stop.end())
                                        or stop.group() == "nang" and rest.startswith(" cao", stop.end())):
                stop = _TAIL_STOP.search(rest, stop.end())
        end = figure.end + (stop.start() if stop else len(rest))
        reason = _REASON_OPENER.search(self.sentence, figure.end, end)
        if reason is not None:
            end = reason.start()  # "đạt 3.910 tỷ đồng nhờ hoàn thành đấu giá …": why, not what is measured
        words = list(_NON_SPACE.finditer(self.folded, figure.end, end))
        if len(words) > _MAX_TAIL_WORDS:
            end = words[_MAX_TAIL_WORDS - 1].end()
        elif words and _PERIOD_NUMBER_AFTER.match(self.folded, end) and words[-1].group().lower() in _PERIOD_HEADS:
            # "… tiêu biểu năm 2020": the tail stops at the year's number; its "năm" is the period's, not the measure's.
            end = words[-1].start()
            # … and so is the word that introduces it: "trong năm 2023", "vào năm 1915", "từ đầu năm 2021".
            while len(words) >= 2 and words[-2].group().lower() in _PERIOD_INTRODUCERS:
                words.pop()
                end = words[-1].start()
        return max(figure.end, figure.end + len(self.folded[figure.end : end].rstrip()))

    def _head(self, start: int, end: int) -> tuple[int, int]:
        """The words before the figure that name what it measures: from the last comma whose clause has content."""
        paired = self._paired_spans
        commas = [m.start() for m in _COMMA.finditer(self.folded, start, end)
                  if not paired or not any(a <= m.start() < b for a, b in paired)]
        for at, comma in reversed(list(enumerate(commas))):
            if self._content(self.folded[comma + 1 : end]):
                earlier = commas[at - 1] + 1 if at else start
                listed = self.folded[earlier:comma]
                if not _DIGIT.search(listed) and self.lexicon.list_head_pattern.match(listed.lstrip()):
                    return earlier, end  # "tổng số tiền bồi thường, hỗ trợ là": one measure, two nouns
                if _WITH_AMOUNT.search(self.folded, comma + 1, end):
                    # "cắt giảm chi … đối với các nhiệm vụ A, nhiệm vụ B với số tiền N": the money is that of
                    # the whole clause, back over the commas of its list (to the last figure before it).
                    first, k = comma + 1, at
                    while True:
                        segment_start = commas[k - 1] + 1 if k else start
                        if _DIGIT.search(self.folded[segment_start : commas[k]]):
                            break
                        first = segment_start
                        if not k:
                            break
                        k -= 1
                    return first, end
                return comma + 1, end
        return start, end

    @cached_property
    def _paired_spans(self) -> tuple[tuple[int, int], ...]:
        """Where the sentence writes a comma pair that is one act ("lãnh đạo, chỉ đạo")."""
        folded = self.folded
        if "," not in folded or not any(a in folded and b in folded for a, b in self.lexicon.paired_halves):
            return ()
        return tuple(m.span() for m in self.lexicon.paired_pattern.finditer(self.folded))

    @cached_property
    def _opens_on_city(self) -> bool:
        """The sentence opens on the city: "Toàn Thành phố, …"."""
        opening = _OPENING_PLACE.match(self.folded)
        return opening is not None and self.lexicon.city_pattern.fullmatch(" ".join(opening.group(1).split())) is not None

    def _content(self, folded: str) -> list[str]:
        """Syllables of a stretch that say what is measured: not generic, not a cue, not a period."""
        known = self._contents.get(folded)
        if known is None:
            known = self._contents[folded] = self._read_content(folded)
        return known

    def _read_content(self, folded: str) -> list[str]:
        for found in find_periods(folded, folded):
            folded = folded[: found.start] + " " * (found.end - found.start) + folded[found.end :]
        for pattern in (self.lexicon.share_pattern, self.lexicon.growth_pattern, self.lexicon.estimate_pattern,
                        self.lexicon.base_pattern):
            folded = pattern.sub(" ", folded)
        return content_syllables(folded, self.lexicon)

    def _relation(self, head: tuple[int, int], figure: _Figure, amount: FigureFact | None) -> Relation:
        if amount is None and figure.dimension == "count" and _COUNT_CHANGED.search(self.folded, max(0, figure.start - 20), figure.start):
            # "huyện giảm được 205 hộ nghèo": by how many the count fell, not how many there are ("… còn 1.087 hộ
            # nghèo", "giảm còn 418 hộ", "tăng lên 1.200 đảng viên" are).
            return Relation.GROWTH
        if amount is None:
            if figure.dimension == "percent" and _GROWTH_LAST.search(self.folded, head[0], head[1]) and \
                    self.lexicon.growth_pattern.search(self.folded, max(head[0], head[1] - 16), head[1]):
                # "giá trị sản xuất … ước tăng 7,1% so với cùng kỳ": a change stated without its amount.
                return Relation.GROWTH
            return Relation.AMOUNT
        words = self.folded[head[0] : head[1]]
        if self._content(words):
            return Relation.AMOUNT
        if self.lexicon.growth_pattern.search(words):
            return Relation.GROWTH
        if figure.dimension == "percent":
            return Relation.SHARE
        return Relation.AMOUNT

    def _fact(
        self, figure: _Figure, head: tuple[int, int], tail_end: int, relation: Relation, amount: FigureFact | None,
        masked: str, clause_start: int,
    ) -> FigureFact:
        sentence = self.sentence
        source = Source(self.document.doc_id, self.passage.number, self.index, self.quoted or sentence)
        fact_id = f"{self.document.doc_id}:{self.passage.number}:{self.index}:{figure.start}"
        value = sentence[figure.start : figure.end]
        basis = self._basis(figure, tail_end)
        head_text = PART_OPENING.sub("", sentence[head[0] : head[1]].strip(" ,;:-–("))
        if figure.dimension == "count":
            measure = " ".join(f"{head_text} {sentence[figure.number_end : tail_end]}".split())
        elif figure.dimension in ("money", "percent") and tail_end > figure.end and not self._is_basis(figure):
            # "giải ngân 236 tỷ đồng vốn đầu tư công": what the money is names the measure too.
            measure = f"{head_text} {sentence[figure.end : tail_end].strip()}".strip()
        else:
            measure = head_text
        if amount is not None and relation is not Relation.AMOUNT:
            return FigureFact(
                fact_id, source, value, figure.start, figure.end, figure.number, figure.unit, figure.base,
                figure.dimension, amount.measure, amount.measure_words, amount.status, relation, amount.id, basis,
                amount.period, amount.place, amount.place_is_city, amount.district,
            )
        words = measure_syllables(measure, self.lexicon, self.abbreviations)
        implied = self.lexicon.money_verbs.get(" ".join(words)) if figure.dimension == "money" else None
        if implied is not None:
            # A district report's "huyện thu 1.930 tỷ đồng" with nothing after the amount: its budget revenue.
            words = tuple(implied.split())
        if figure.dimension == "count" and self.lexicon.implied:
            said = set(_WORDS.findall(fold_aligned(f"{measure} {figure.unit}").lower()))
            for phrase, meant in self.lexicon.implied.items():
                if set(phrase.split()) <= said:
                    # "52 quần chúng ưu tú được kết nạp vào Đảng": 52 new Party members
                    words += tuple(w for w in meant.split() if w not in words)
        status = self._status(masked[clause_start : figure.start])
        opening = self.folded.rfind(":", 0, figure.start)
        if status is Status.RESULT and opening > 0 and self.lexicon.directive_pattern.search(
                self.folded, self.folded.rfind(";", 0, opening) + 1, opening):
            status = Status.TARGET  # an item of the tasks a leader set out: "đề nghị … tập trung: …; đạt trên 98%"
        period = self._period(figure)
        if status in (Status.TARGET, Status.BUDGET) and not self.periods and self.plan_context is not None:
            period = self.plan_context
        place, is_city, district = self._place(clause_start, figure.start)
        return FigureFact(
            fact_id, source, value, figure.start, figure.end, figure.number, figure.unit, figure.base,
            figure.dimension, measure, words, status, relation, None, basis, period, place, is_city, district,
        )

    def _coordinated(
        self, fact: FigureFact, figure: _Figure, head: tuple[int, int], tail_end: int, amount_head: str, previous_end: int,
    ) -> FigureFact:
        """ "tặng giấy khen 12 chi bộ … và 85 đảng viên …": a count joined by "và" to the one before, with no
        verb of its own, is counted by that one's verb."""
        joined = _COORDINATED.search(self.folded, head[0], head[1])
        if joined is None or self._content(self.folded[joined.end() : head[1]]):
            return fact
        between = self.folded[previous_end : joined.start()]
        if "," in between or len(between.split()) > _MAX_DANGLING_WORDS:
            return fact  # "các phòng, ban, ngành và 14 phường": joined to other nouns, not to the count before
        amount_head = amount_head.rsplit(",", 1)[-1].strip()
        folded_head = fold_aligned(amount_head).lower()
        # "Đảng viên hoàn thành xuất sắc nhiệm vụ là 878 … và 3891 đảng viên hoàn thành tốt …": a head that
        # names its own measure (a copula, a grade) is no verb the next count shares.
        if not self._content(folded_head) or _COPULA_END.search(folded_head):
            return fact
        if any(re.search(rf"(?<![^\W_]){re.escape(g)}(?![^\W_])", folded_head) for g in self.lexicon.grades):
            return fact
        counted = self.sentence[figure.number_end : tail_end].strip()
        measure = f"{amount_head} {counted}".strip()
        return dataclasses.replace(fact, measure=measure, measure_words=measure_syllables(measure, self.lexicon, self.abbreviations))

    def _elided_noun(
        self, fact: FigureFact, figure: _Figure, head: tuple[int, int], tail_end: int,
        counts: Sequence[tuple[str, list[str]]],
    ) -> tuple[FigureFact, list[str]]:
        """ "34 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, 121 tổ chức hoàn thành tốt nhiệm vụ": a list
        names the counted in full once; a later item of the same unit, with no words of its own before it,
        counts the same noun ("tổ chức cơ sở đảng"). Also the item's words after its number, as read."""
        words = self.sentence[figure.number_end : tail_end].split()
        if self._content(self.folded[head[0] : head[1]]):
            return fact, words
        unit_words = len(fact.unit.split())
        rest = words[unit_words:]
        earlier = next((w for unit, w in reversed(counts) if unit == fact.unit.lower()), None)
        if not rest or earlier is None:
            return fact, words
        noun = earlier[unit_words:]
        # The earlier item's words up to where this one's go on ("hoàn thành …"): the noun it left out.
        at = next((i for i, w in enumerate(noun) if w.lower() == rest[0].lower()), None)
        if at is None and self._opens_on_grade(rest):
            # "… và 2 tổ chức không hoàn thành nhiệm vụ": another grade; the noun is what stands before the first's.
            at = next((i for i in range(len(noun)) if self._opens_on_grade(noun[i:])), None)
            if at is None:
                # "Trong 59 tổ chức cơ sở đảng được đánh giá, có 15 tổ chức hoàn thành xuất sắc …": the whole
                # set graded was named before, up to the clause saying it was graded.
                at = next((i for i, w in enumerate(noun) if w.lower() in _CLAUSE_OPENERS), len(noun))
        if at is None or not 0 < at <= _MAX_ELIDED_WORDS:
            return fact, words
        words = [*words[:unit_words], *noun[:at], *rest]
        measure = " ".join(words)
        return dataclasses.replace(fact, measure=measure, measure_words=measure_syllables(measure, self.lexicon, self.abbreviations)), words

    def _opens_on_grade(self, words: Sequence[str]) -> bool:
        return self.lexicon.grade_pattern.match(fold_aligned(" ".join(words)).lower()) is not None

    def _plan_exceeded(self, fact: FigureFact, head: tuple[int, int]) -> FigureFact:
        """ "kết nạp 486 đảng viên, vượt chỉ tiêu 450 đảng viên": a figure in the amount's own unit after "vượt"
        and a plan word is the plan the amount exceeded, not by how much it grew."""
        status = self._status(self.folded[head[0] : head[1]])
        if status not in (Status.TARGET, Status.BUDGET):
            return fact
        return dataclasses.replace(fact, status=status, relation=Relation.AMOUNT, of=None)

    def _bracketed_plan(
        self, fact: FigureFact, amount: FigureFact, head: tuple[int, int], last: FigureFact | None, bracket: int
    ) -> FigureFact:
        """ "kết nạp 412 đảng viên, đạt 103% chỉ tiêu (chỉ tiêu kế hoạch năm là 400 đảng viên)": a bracket that
        names only a plan word gives the plan of the amount before it, of the same measure; so does a bracket
        right after the plan a share of that amount is of ("đạt 47,1% chỉ tiêu năm (420 đảng viên)")."""
        words = self.folded[head[0] : head[1]]
        if not self._content(words) and last is not None and last.relation is Relation.SHARE and last.of == amount.id:
            words = f"{self.folded[last.end : bracket]} {words}"
        status = self._status(words)
        if status not in (Status.TARGET, Status.BUDGET) or fact.dimension != amount.dimension:
            return fact
        plan_words = words
        for pattern in (self.lexicon.target_pattern, self.lexicon.budget_pattern):
            words = pattern.sub(" ", words)
        own = set(self._content(words)) - set(amount.measure_words) - set(_SYLLABLE.findall(fold_accents(amount.unit).lower()))
        if own:
            return fact  # "(kế hoạch thu 500 tỷ đồng)": a measure of its own; "(chỉ tiêu kết nạp 120 …)" repeats the amount's
        return dataclasses.replace(
            fact, measure=amount.measure, measure_words=amount.measure_words, status=status,
            period=_plans_period(amount.period, plan_words, status), place=amount.place, place_is_city=amount.place_is_city,
            district=amount.district,
        )

    def _plan_beside(self, fact: FigureFact, amount: FigureFact, head: tuple[int, int]) -> FigureFact:
        """ "kết nạp 156 đảng viên mới, chưa đạt chỉ tiêu 180 đảng viên đề ra": a plan named right after an
        amount with nothing of its own but the plan word and a verb of reaching it is that amount's plan."""
        words = _REACHING.sub(" ", self.folded[head[0] : head[1]])
        status = self._status(words)
        if status not in (Status.TARGET, Status.BUDGET) or fact.dimension != amount.dimension or fact.unit != amount.unit:
            return fact
        plan_words = words
        for pattern in (self.lexicon.target_pattern, self.lexicon.budget_pattern):
            words = pattern.sub(" ", words)
        if self._content(words.strip(" ,")):
            return fact
        return dataclasses.replace(
            fact, measure=amount.measure, measure_words=amount.measure_words, status=status,
            period=_plans_period(amount.period, plan_words, status), place=amount.place, place_is_city=amount.place_is_city,
            district=amount.district,
        )

    def _listed_after_target(self, fact: FigureFact, last: FigureFact, clause_start: int, start: int) -> FigureFact:
        """ "phấn đấu thu ngân sách đạt 8.200 tỷ đồng; kết nạp ít nhất 420 đảng viên": the clauses a target cue
        heads, listed after a semicolon, are targets too unless one says it is done ("đã")."""
        if last.status is not Status.TARGET:
            return fact
        unit = fold_aligned(last.unit).lower()
        if last.dimension == "count" and any(unit == w or unit.startswith(w + " ") for w in self.lexicon.plan_items):
            return fact  # "bám sát 31 chỉ tiêu, 90 nhiệm vụ; thực hiện 20 mô hình": a count of the plan's items
        if not self.folded[:clause_start].rstrip().endswith((";", ":")):
            return fact
        if _DONE.search(self.folded, clause_start, start):
            return fact
        return dataclasses.replace(fact, status=Status.TARGET)

    def _compared_amount(
        self, fact: FigureFact, figure: _Figure, amount: FigureFact, previous_end: int
    ) -> FigureFact | None:
        """ "tăng 10,5% so với năm 2021 (11.300 tỷ đồng)", "cao hơn so với mức 9.105 tỷ đồng của 9 tháng năm
        2022": an amount in the measure's own unit standing for the period compared with is that period's
        amount of the measure; None for any other figure."""
        if figure.dimension not in ("money", "count") or figure.dimension != amount.dimension:
            return None
        if amount.unit and figure.unit and amount.unit.lower() != figure.unit.lower():
            return None
        before = self.folded[previous_end : figure.start]
        compared = [f for f in find_periods(self.sentence, self.folded) if f.compared and f.period.year is not None]
        period: FoundPeriod | None = None
        if _AGAINST_AMOUNT.search(before):
            # "… so với mức N của 9 tháng năm 2022": the period named right after the amount
            period = next((f for f in compared if figure.end <= f.start
                           and _OF_PERIOD.fullmatch(self.folded[figure.end : f.start])), None)
        elif (bracketed := _AGAINST_PERIOD_BRACKET.search(self.folded, _window(figure.start), figure.start)) is not None:
            # "… so với năm 2021 (N)": the period named right before the bracket (which a basis "so với cùng kỳ
            # năm 2023" may have closed the figure before over)
            period = next((f for f in compared if f.end == bracketed.start("period_end")), None)
            if period is not None and bracketed.group().startswith(("so voi cung ky", "so voi cung ki")) and amount.period:
                # "cùng kỳ năm 2023" of a half-year's amount: that half of 2023
                same = dataclasses.replace(amount.period, year=period.period.year, year_inferred=False)
                same = dataclasses.replace(same, text=same.label())
                period = dataclasses.replace(period, period=same)
        else:
            # "… so với cùng kỳ (quý I/2023 đạt N)": the period the bracket opens with
            period = next((f for f in compared if previous_end <= f.start and f.end <= figure.start
                           and self.folded[max(0, f.start - 2) : f.start].rstrip().endswith("(")
                           and _PERIOD_VALUE_LINK.fullmatch(self.folded[f.end : figure.start])), None)
        if period is None or period.period == amount.period:
            return None
        return dataclasses.replace(
            fact, measure=amount.measure, measure_words=amount.measure_words, relation=Relation.AMOUNT, of=None,
            basis=None, status=Status.RESULT, period=with_year(period.period, self._year_near(period)),
            place=amount.place, place_is_city=amount.place_is_city, district=amount.district,
        )

    def _compared(self, fact: FigureFact, amount: FigureFact, start: int, bracket: int) -> FigureFact:
        """ "đạt 61,5% kế hoạch, cao hơn quận Hải Châu (55,2%) và bình quân của thành phố (48,7%)": a figure in
        brackets after another place is that place's figure of the same measure, not a share of the amount."""
        place, is_city, district = self._place(start, bracket)
        if (place, is_city, district) == (amount.place, amount.place_is_city, amount.district):
            return fact
        return dataclasses.replace(fact, of=None, place=place, place_is_city=is_city, district=district)

    def _is_basis(self, figure: _Figure) -> bool:
        """A percentage followed by its basis ("25,3% dự toán"): the words after it are no measure."""
        at = figure.end + (len(self.folded[figure.end :]) - len(self.folded[figure.end :].lstrip()))
        comparing = _COMPARING.match(self.folded, at)
        return self.lexicon.base_pattern.match(self.folded, comparing.end() if comparing else at) is not None

    def _basis(self, figure: _Figure, tail_end: int) -> str | None:
        following = self.folded[figure.end : max(tail_end, figure.end + 40)]
        found = self.lexicon.base_pattern.search(" ".join(following.split()[:6]))
        if found:
            return found.group()
        return figure.basis

    def _status(self, before: str) -> Status:
        cues = []
        for status, pattern in ((Status.TARGET, self.lexicon.target_pattern), (Status.BUDGET, self.lexicon.budget_pattern),
                                (Status.ESTIMATE, self.lexicon.estimate_pattern)):
            for match in pattern.finditer(before):  # a loop, not a generator: this runs for every figure
                cues.append((match.start(), status))
        return max(cues)[1] if cues else Status.RESULT

    def _period(self, figure: _Figure) -> FactPeriod | None:
        part = self.frame.period.part if self.frame.period else None
        before = [f for f in self.periods if f.end <= figure.start]
        # "Kết quả xếp loại năm 2025 được công bố đầu năm 2026: …": when results were made known is not the
        # time they are of.
        covered = [f for f in before if not _MADE_KNOWN_AT.search(self.folded, max(0, f.start - 24), f.start)]
        before = covered if covered or not before else before
        span = self._span(figure)
        if span is not None and (not before or before[-1].end <= span[1]):
            return span[0]
        if before:
            return with_year(before[-1].period, self._year_near(before[-1]), part)
        clause_end = _CLAUSE_STOP.search(self.folded, figure.end)
        limit = clause_end.start() if clause_end else len(self.folded)
        after = [f for f in self.periods if figure.end <= f.start < limit]
        if after:
            return with_year(after[0].period, self._year_near(after[0]), part)
        return self.context

    def _span(self, figure: _Figure) -> tuple[FactPeriod, int] | None:
        """Years named in the figure's own clause ("6 chi bộ tiêu biểu 5 năm 2018-2022"), or heading the sentence
        on their own ("Giai đoạn 2016-2020, quận kết nạp …"), with where the figure's clause starts: they are its
        period unless a year or quarter stands nearer before it."""
        if not self.spans:
            return None
        before = self.folded[: figure.start]
        clause_start = max((m.end() for m in _CLAUSE_MARK.finditer(before)), default=0)
        clause_end = _CLAUSE_MARK.search(self.folded, figure.end)
        limit = clause_end.start() if clause_end else len(self.folded)
        for found in self.spans:
            if clause_start <= found.start and found.end <= limit:
                return found.period, clause_start
            # "9 tổ chức … trong sạch, vững mạnh tiêu biểu 5 năm liền (2019 - 2023)": after the figure, past its
            # commas but before the next figure or the end of the sentence's part, the span still qualifies it.
            if limit <= found.start and not _PART_END.search(self.folded, figure.end, found.start) and \
                    not any(figure.end <= start < found.start for start in self.figure_starts):
                return found.period, clause_start
            if found.end <= clause_start and _SPAN_OPENING.fullmatch(self.folded[: found.start]) and \
                    _CLAUSE_GAP.fullmatch(self.folded[found.end : clause_start]):
                return found.period, found.start
        return None

    def _year_near(self, found: FoundPeriod) -> int | None:
        """A period without a year takes the next year the sentence names ("3 tháng đầu năm và quý II năm
        2021"), else the article's."""
        if found.period.year is not None:
            return found.period.year
        later = [f.period.year for f in self.periods if f.start > found.start and f.period.year]
        return later[0] if later else self.frame.year

    def _place(self, clause_start: int, start: int) -> tuple[str, bool, str | None]:
        """Whose figure it is: the last place named before it in its clause, else the article's district."""
        region = self.folded[clause_start:start]
        mentions: list[tuple[int, str, bool, str | None]] = []
        own = fold_accents(self.document.district or "").lower().split()
        for match in self.lexicon.city_pattern.finditer(region):
            after = _WORDS.findall(region[match.end() :])  # "thành phố giao, …": the word, not its comma
            if after and any(" ".join(after[: len(w.split())]) == w for w in self.lexicon.not_city_after):
                continue
            if own and [w.lower() for w in after[: len(own)]] == own:
                continue  # "TP Thủ Đức", "thành phố Thủ Đức": the article's own district, a city of the city
            if "chuan" in _WORDS.findall(region[: match.start()])[-4:]:
                continue  # "hộ nghèo theo chuẩn (nghèo mới) (của) thành phố": the city's standard, the district's figure
            city = self.frame.city or "thành phố"
            mentions.append((match.start(), f"thành phố {city}" if self.frame.city else city, True, None))
        for match in self.lexicon.country_pattern.finditer(region):
            mentions.append((match.start(), "cả nước", True, None))
        if self.frame.city:
            for match in _city_name_pattern(self.frame.city).finditer(region):
                mentions.append((match.start(), f"thành phố {self.frame.city}", True, None))
        for match in _DISTRICT_MENTION.finditer(self.sentence[:start], clause_start):
            name = _capitalised_name(match.group("name"))
            if not name:
                continue  # "quận ủy", "quận đạt": the division word, not a place name
            if len(name.split()) >= 3 and COUNCIL_OF_DIVISION.search(self.folded, max(0, match.start() - 24), match.start("name")) and not (
                self.frame.district and name_key(name).startswith(name_key(self.frame.district))
            ):
                continue  # "Chủ tịch UBND quận Trần Đức Thắng cho biết, …": the council's member, not a place
            if ")" in self.sentence[match.end() : start]:
                continue  # "cao hơn quận X (6.245 tỷ đồng) gần 2.700 tỷ đồng": X's figure was the bracket's
            if self.frame.district and _opens_with(name, self.frame.district):
                # "Chủ tịch UBND quận Tây Hồ Đỗ Anh Tuấn cho biết": the article's district, then a person.
                mentions.append((match.start() - clause_start, self.frame.place, False, self.frame.district))
            else:
                mentions.append((match.start() - clause_start, f"{match.group('kind').lower()} {name}", False, name))
        if mentions and any(is_city for _, _, is_city, _ in mentions):
            # "… của thành phố giai đoạn 2026-2030, quận có 276 hộ nghèo": the division word alone, after the
            # city, is the article's own district speaking again.
            for match in _OWN_DIVISION.finditer(region):
                if not self.sentence[clause_start + match.end() : clause_start + match.end() + 1].isupper():
                    mentions.append((match.start(), self.frame.place, False, self.frame.district))
        if not mentions and clause_start > 0:
            # "Toàn Thành phố, tổng thu … đạt N; vốn FDI đạt M": a sentence that opens on the city speaks of it
            # in every clause that names no place of its own.
            if self._opens_on_city:
                city = self.frame.city
                return (f"thành phố {city}" if city else "thành phố"), True, None
        if not mentions:
            return self.frame.place, False, self.frame.district
        _, place, is_city, district = max(mentions, key=lambda m: m[0])
        return place, is_city, district


@lru_cache(maxsize=64)
def _city_name_pattern(city: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{word_start_alternatives([fold_aligned(city)])})(?![^\W_])")


def _opens_with(name: str, district: str) -> bool:
    """`name` is `district`, or `district` and more capitalised words after it (a person's name)."""
    words, own = name.split(), district.split()
    return [name_key(w) for w in words[: len(own)]] == [name_key(w) for w in own]


def _capitalised_name(words: str) -> str:
    """The leading capitalised words (or a district number): "Thanh Khê (tăng" → "Thanh Khê"."""
    kept = []
    for word in words.split():
        if not (word[:1].isupper() or (not kept and word.isdigit())):
            break
        kept.append(word)
        if word.isdigit():
            break
    return " ".join(kept)


def content_syllables(folded: str, lexicon: Lexicon) -> list[str]:
    """Folded syllables that are not generic words of the lexicon ([measure] ignored)."""
    syllables = _SYLLABLE.findall(folded)
    by_first = lexicon.ignored_phrases_by_first
    ignored = lexicon.ignored
    starts = [i for i, syllable in enumerate(syllables) if syllable in by_first]
    if starts:
        keep = [True] * len(syllables)
        for i in starts:
            for phrase in by_first[syllables[i]]:
                width = len(phrase)
                if tuple(syllables[i : i + width]) == phrase:
                    keep[i : i + width] = [False] * width
    else:
        keep = None  # no ignored phrase starts here: the common case, decided per syllable below
    return [
        s for i, s in enumerate(syllables)
        if (keep is None or keep[i])
        and (s not in ignored or (s == "so" and i > 0 and syllables[i - 1] in _SO_COMPOUND_FIRSTS))
    ]


# "số" as the second syllable of a word, not "the number of": "dân số", "tỷ số", "chỉ số", "hệ số", "mã số".
_SO_COMPOUND_FIRSTS = frozenset("dan ty ti chi he diem tan ky ma bien".split())  # not "da": "đã số hóa"


def measure_syllables(text: str, lexicon: Lexicon, abbreviations: Mapping[str, str]) -> tuple[str, ...]:
    """The measure's content syllables, folded, abbreviations expanded, periods left out."""
    expanded = expand_abbreviations(text, abbreviations) if abbreviations else text
    folded = fold_aligned(expanded)
    for found in find_periods(expanded, folded):
        folded = folded[: found.start] + " " * (found.end - found.start) + folded[found.end :]
    return tuple(dict.fromkeys(content_syllables(fold_accents(folded), lexicon)))
