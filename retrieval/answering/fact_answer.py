"""Figure, count and role questions answered from the fact table, matched strictly (retrieval/facts/query.py).

The fact's sentence is the quote and its value the short answer; the first line names the period and the
place. A question without a period is answered with the latest period and lists the others, each cited; a
period asked that only other periods have is declined, offering the nearest. When no fact of the place states
what was asked, the sentence path may still quote a figure the reader did not read as a fact, but never one it
did read as a fact of another measure, status, period or place: that is declined, naming what is stated.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from retrieval.answering.kinds.styles import style
from retrieval.answering.clauses import clause_holding
from retrieval.facts.lexicon import Lexicon
from retrieval.facts.periods import find_periods as find_fact_periods, same_period
from retrieval.facts.model import FactPeriod, FigureFact, PeriodKind, Relation, RoleFact, Status
from retrieval.facts.table import FactTable
from retrieval.facts.query import (
    FigureQuery, change_word_start, fact_words, falls, signed_base, is_plan_item, typed_in_haste, RoleQuery, conflicts, measure_fits, period_fits, role_fits, role_year_fits,
    status_fits, unasked_qualifiers, count_fits_in_sentence,
)
from retrieval.answering.comparison import MAX, ComparisonRequest
from retrieval.facts.figures import PART_OPENING
from retrieval.gazetteer import name_key
from retrieval.models import (
    Answer, Citation, ComparedValue, DeclineReason, DirectAnswer, Document, OfferedAnswer, PassageKind,
)
from retrieval.answering.analysis import AnswerKind, Question
from retrieval.search.library import Library
from retrieval.text.folding import fold_aligned
from retrieval.text.normalize import expand_abbreviations, fold_accents, has_diacritics, in_running_text, is_mostly_uppercase

QUOTE_BUDGET = 250  # characters of the fact's sentence quoted: its clause when the sentence is longer
MAX_OTHER_PERIODS = 4  # other periods listed under a bare question's latest figure
MAX_STATED = 6  # measures or roles a decline names as what the articles do state
_LINK_WORDS = re.compile(r"(?:\s+(?:đạt|là|được|có|ước đạt|đạt được|với|gồm|:))+\s*$", re.IGNORECASE)
_LEAD_WORDS = re.compile(r"^(?:riêng|trong đó|trong|đó|và|còn|theo đó|cụ thể|có|ước tính|ước)\s+", re.IGNORECASE)
_STATUS_WORDS = {Status.ESTIMATE: "ước tính", Status.TARGET: "chỉ tiêu", Status.BUDGET: "dự toán"}


@dataclass(frozen=True)
class FactScope:
    """The facts a question may be answered from: the asked district's, the articles a follow-up names."""

    figures: tuple[FigureFact, ...]
    roles: tuple[RoleFact, ...]
    place: str | None  # the district asked, as the corpus spells it
    documents: tuple[Document, ...]
    city: str | None = None  # a city asked with no district: only its own, city-wide facts answer


@dataclass(frozen=True)
class FactDecision:
    """What the fact table settles: an answer, or a decline that vetoes any sentence answer of a fact that does
    not fit (`veto`), or nothing (None answer): the sentence path answers as before."""

    answer: Answer | None
    decline: Answer | None = None  # when the sentence path finds nothing, or only what `veto` rejects
    veto: Callable[[Answer], bool] | None = None
    # The decline stands only over a sentence answer the veto rejects; the sentence path's own decline (and its
    # reason) otherwise: a question with no question word the table could not read as a figure question.
    veto_only: bool = False
    # A quote the sentence path gives without a short answer that does not even hold the measure asked is no
    # answer either: the decline stands over it ("dân số quận X" answered with a paragraph on land clearance).
    off_topic: Callable[[Answer], bool] | None = None


def _scope(question: Question, library: Library) -> FactScope | None:
    table = library.facts
    if question.documents:
        wanted = set(question.documents)
        docs = [d for d in table.documents if d.doc_id in wanted]
        figures = tuple(f for d in docs for f in d.figures if not f.place_is_city)
        roles = tuple(r for d in docs for r in d.roles)
        documents = tuple(library.documents[d.doc_id] for d in docs if d.doc_id in library.documents)
        place = question.districts[0] if len(question.districts) == 1 else None
        return FactScope(figures, roles, place, documents)
    if len(question.districts) > 1:
        return None
    if not question.districts and len(question.cities) == 1 and not question.unknown_places:
        return _city_scope(question.cities[0], library, question.source_districts)
    if question.districts:
        district = question.districts[0]
    elif len(library.districts) == 1 and not question.unknown_places and not question.cities:
        district = library.districts[0]
    else:
        return None
    key = name_key(district)
    documents = tuple(d for d in library.corpus.documents if d.district and name_key(d.district) == key)
    return FactScope(table.figures_of(district), table.roles_of(district), district, documents)


def _city_scope(city: str, library: Library, sources: tuple[str, ...] = ()) -> FactScope | None:
    """ "Thu ngân sách của TP Hà Nội …": the city's own figures and office holders, read from its articles (of
    the districts `sources` names, "theo bài về Tây Hồ", when it names any); a district's figure quoted there
    is no answer for the city."""
    key = name_key(city)
    documents = tuple(d for d in library.corpus.documents if d.city and name_key(d.city) == key)
    if sources:
        keys = {name_key(s) for s in sources}
        documents = tuple(d for d in documents if d.district and name_key(d.district) in keys)
    if not documents:
        return None
    wanted = {d.doc_id for d in documents}
    city_place = fold_accents(city).lower()
    table = library.facts
    figures = tuple(
        f for d in table.documents if d.doc_id in wanted for f in d.figures
        if f.place_is_city and city_place in fold_accents(f.place).lower()
    )
    roles = tuple(r for d in table.documents if d.doc_id in wanted for r in d.roles if r.district is None)
    return FactScope(figures, roles, None, documents, city)


def decide(question: Question, library: Library) -> FactDecision:
    """The fact table's say on `question`, before any sentence is scored."""
    asked = question.asked
    # "Ai giữ chức Chủ tịch HĐND …?" asks for the holder of a role, however its kind was read.
    holder = asked.roles and (asked.span == "person" or (asked.span == "role" and question.kind is AnswerKind.PERSON))
    named = tuple(asked.names) or (_names_typed_in_lower_case(question, library) if asked.span == "role" else ())
    held = asked.span == "role" and bool(named) and not asked.roles and not asked.role_choices
    completion = asked.span == "yesno" and _COMPLETION.search(question.folded) is not None
    # "Thanh Xuân thu ngân sách quý I/2023?", "chu tich ubnd thanh xuan": no question word, but a measure or a
    # role and a place; answered only when a fact states exactly that, else the sentence path as before.
    # A statement with its own figure ("… đạt 12.345 tỷ đồng?") asks whether it holds: that is not this path.
    unworded = asked.span == "none" and not question.facts.states_figure
    holder = holder or (unworded and bool(asked.roles))
    # "giữ chức bí thư từ tháng mấy?": when, not who; a holder is no answer to it.
    holder = holder and question.kind is not AnswerKind.TIME
    if not style(asked.span).from_facts and not holder and not held and not completion and not unworded:
        return FactDecision(None)
    scope = _scope(question, library)
    if scope is None and _names_no_place(question, library) and holder:
        role = question.facts.role
        return FactDecision(None) if role is None else _unplaced_role_decision(question, library, role)
    if scope is None and _names_no_place(question, library) and not holder and not held and not completion:
        query = question.facts.figure
        if query is None:
            # "Bằng bao nhiêu phần trăm dự toán?" with no district and no measure, and no figure asked before it
            # (the follow-up reader asks such a turn of that figure): any district's figure would be a guess.
            decline = _unplaced_decline(question, library, "số liệu được hỏi")
            return FactDecision(None, decline, _any_fact_veto(library), veto_only=True)
        return _unplaced_decision(question, library, query)
    if scope is None and held and not question.districts:
        # A person named is found wherever the articles name them.
        table = library.facts
        scope = FactScope((), table.roles, None, ())
    if scope is None:
        return FactDecision(None)
    lexicon = library.tables.lexicon
    if held:
        return _held_decision(question, library, scope, named)
    if holder:
        role = question.facts.role
        if role is not None and role.body in _CITY_BODIES and scope.city is None:
            # "Phó Bí thư Thường trực Thành ủy … phát biểu tại hội nghị của quận X": the city's office holders
            # named in the district's articles.
            wanted = {d.doc_id for d in scope.documents}
            city_roles = tuple(r for d in library.facts.documents if d.doc_id in wanted for r in d.roles if r.district is None)
            scope = dataclasses.replace(scope, roles=scope.roles + city_roles)
        decided = FactDecision(None) if role is None else _role_decision(question, library, scope, role)
        if unworded and decided.answer is None and decided.decline is not None and scope.roles:
            # "Chủ tịch UBND quận Ba Đình" typed alone asks who holds it: the articles name the place's office
            # holders, none with that role, so the decline (with those they name) is the answer.
            return FactDecision(decided.decline)
        return decided if decided.answer is not None or not unworded else FactDecision(None)
    query = question.facts.figure
    if query is None:
        return FactDecision(None)
    if completion:
        return _completion_decision(question, library, scope, query, lexicon)
    decided = _figure_decision(question, library, scope, query, lexicon)
    if unworded and (decided.answer is None or decided.answer.abstained):
        # No question word: the sentence path answers, but a figure it gives that the table reads as another
        # measure ("số chi bộ" answered with the chi bộ commended) is still vetoed.
        # Only a fragment with no cue at all ("dân số quận X"): a theme asked ("đã làm gì") is answered by quotes.
        # Nor a comparison, or a question that also names a place no article covers: their answers say so.
        fragment = asked.kind == "none" and not question.unknown_places and "so sanh" not in question.folded
        if fragment and decided.answer is not None and decided.answer.offered is not None:
            # "Chi quý I/2023 của Quận 5?": the measure is stated, for other periods only: said so, the nearest
            # offered, as for a worded question (a quote of the period's other figures would pass for it).
            return decided
        if decided.veto is None and not (fragment and decided.decline is not None):
            return FactDecision(None)
        off_topic = _lacks_measure(query, library.facts, lexicon) if fragment else None
        return FactDecision(None, decided.decline, decided.veto, veto_only=True, off_topic=off_topic)
    return decided



_CITY_BODIES = frozenset({"thanh uy"})  # bodies of the city, not of a district (config/facts.toml [roles.bodies])


def _lacks_measure(query: FigureQuery, table: FactTable, lexicon: Lexicon) -> Callable[[Answer], bool]:
    """Whether a quote answers a fragment of another measure: it lacks a word of the measure asked, or the
    figures it states are all, by the fact table, of other measures ("chi ngân sách" asked, a sentence of thu
    ngân sách quoted that holds "chi" only in "chỉ đạo")."""
    asked = set(query.measure)

    def lacks(answer: Answer) -> bool:
        if not answer.citations:
            return False
        citation = answer.citations[0]
        quoted = set(_WORD_RUN.findall(fold_accents(citation.quote).lower()))
        if not asked <= quoted:
            return True
        facts = table.of_document(citation.doc_id)
        stated = [f for f in facts.figures if f.source.paragraph == citation.paragraph and f.value in citation.quote] if facts else []
        return bool(stated) and not any(measure_fits(f, query, lexicon) for f in stated)

    return lacks


def _names_no_place(question: Question, library: Library) -> bool:
    """A question of a corpus of several districts that names none, no city and no article."""
    return (not question.districts and not question.cities and not question.unknown_places
            and not question.documents and len(library.districts) > 1)


def _district_scope(district: str, library: Library) -> FactScope:
    documents = library.documents_by_district.get(name_key(district), ())
    return FactScope(library.facts.figures_of(district), library.facts.roles_of(district), district, documents)


def _fitting(figures: Sequence[FigureFact], query: FigureQuery, lexicon: Lexicon) -> list[FigureFact]:
    """The figures of the measure asked: the relation asked before a share standing for it, an amount before a
    rate of it; when none fits, the one count of the noun asked whose sentence holds the question's words."""
    fitting = _exact_relation_first(query, lexicon, [f for f in figures if measure_fits(f, query, lexicon)])
    if not fitting and query.counted:
        loose = [f for f in figures if count_fits_in_sentence(f, query, lexicon) and period_fits(f, query)]
        if len(loose) == 1 and not _asks_a_neighbour_too(loose[0], figures, query):
            fitting = loose  # more than one: which is meant is a guess
    if not query.percent and any(f.dimension != "percent" for f in fitting):
        fitting = [f for f in fitting if f.dimension != "percent"]
    return fitting


def _asks_a_neighbour_too(fact: FigureFact, figures: Sequence[FigureFact], query: FigureQuery) -> bool:
    """ "khởi công và hoàn thành bao nhiêu dự án" of "Khởi công 7 dự án, hoàn thành 12 dự án": a word asked that
    is not this count's is another count's of the same noun in the same sentence, so both are asked."""
    asked_before = fold_accents(query.phrase.split("{value}")[0]).lower()
    if not re.search(r"(?<![^\W_])va(?![^\W_])", asked_before):
        return False  # two acts are asked joined: "khởi công và hoàn thành"
    rest = set(query.measure) - fact_words(fact)
    unit = fold_accents(fact.unit).lower()
    return any(other is not fact and other.source == fact.source and other.dimension == "count"
               and fold_accents(other.unit).lower() == unit and rest & set(other.measure_words) for other in figures)


def _answering_facts(figures: Sequence[FigureFact], query: FigureQuery, lexicon: Lexicon) -> list[FigureFact]:
    """The figures that answer the query: its measure, status and period."""
    return [f for f in _fitting(figures, query, lexicon) if status_fits(f, query, lexicon) and period_fits(f, query)]


def _unplaced_decline(question: Question, library: Library, slot: str) -> Answer:
    return Answer(
        question.raw, True, (), DeclineReason.SLOT_MISSING, (), question.cut_at, library.coverage,
        missing_slot=slot, missing_in=(UNPLACED_ARTICLES,), asked_kind=question.asked.kind,
    )


def _unplaced_decision(question: Question, library: Library, query: FigureQuery) -> FactDecision:
    """ "Chi ngân sách năm 2022 là bao nhiêu?" over many districts: one district's figure would be a guess.
    The one district whose facts answer it answers; several are listed, each with its place and period, and
    none chosen; with none, a sentence's figure the reader read as a fact of another measure, period or status
    is vetoed."""
    lexicon = library.tables.lexicon
    if question.city_wide:
        return _city_wide_decision(question, library, query)
    # Only figures whose measure holds every word asked can answer: found by word, not by reading every fact.
    by_district: dict[str, list[FigureFact]] = {}
    for fact in library.facts.figures_with_words(query.measure):
        if fact.district and not fact.place_is_city:
            by_district.setdefault(fact.district, []).append(fact)
    answering = []
    for district, candidates in by_district.items():
        facts = _answering_facts(candidates, query, lexicon)
        if facts:
            answering.append((_district_scope(district, library), facts))
    if len(answering) == 1:
        decided = _figure_decision(question, library, answering[0][0], query, lexicon)
        return decided if decided.answer is not None else FactDecision(None)
    if len(answering) > 1:
        return FactDecision(_listed_by_place(question, library, query, answering))
    veto = _figure_veto(FactScope((), (), None, ()), query, lexicon, library.facts, corpus_wide=True)
    return FactDecision(None, _unplaced_decline(question, library, _asked_label(query, library)), veto, veto_only=True)




def _city_wide_decision(question: Question, library: Library, query: FigureQuery) -> FactDecision:
    """ "Thu ngân sách toàn thành phố 9 tháng năm 2021?" naming no city: the city-wide figures the articles
    quote answer, the one city's when one states it, each city's listed when several do; a district's never."""
    lexicon = library.tables.lexicon
    by_city: dict[str, list[FigureFact]] = {}
    sources = {name_key(s) for s in question.source_districts}
    read_in = {d.doc_id for d in library.corpus.documents if d.district and name_key(d.district) in sources} if sources else set()
    for fact in library.facts.figures_with_words(query.measure):
        if fact.place_is_city and (not sources or fact.source.doc_id in read_in):
            by_city.setdefault(fact.place, []).append(fact)
    answering = [(place, facts) for place, facts in by_city.items() if _answering_facts(facts, query, lexicon)]
    if len(answering) == 1:
        place, facts = answering[0]
        wanted = {f.source.doc_id for f in facts}
        documents = tuple(d for d in library.corpus.documents if d.doc_id in wanted)
        scope = FactScope(tuple(facts), (), None, documents, place.removeprefix("thành phố ").strip() or None)
        decided = _figure_decision(question, library, scope, query, lexicon)
        if decided.answer is not None:
            return FactDecision(decided.answer)
    elif len(answering) > 1:
        documents = library.documents
        latest = [(place, max(_answering_facts(facts, query, lexicon), key=lambda f: _period_order(f, documents)))
                  for place, facts in answering]
        return FactDecision(_listed(question, library, latest))
    label = _asked_label(query, library)
    if "thanh pho" not in fold_aligned(label).lower():
        label = f"{label} của toàn thành phố"
    return FactDecision(_unplaced_decline(question, library, label))


def _unplaced_role_decision(question: Question, library: Library, query: RoleQuery) -> FactDecision:
    """ "Ai là Chủ tịch HĐND quận?" over many districts: each district's holder of that very role, listed; one
    answers alone; none: a name the sentence path gives is vetoed when the reader read it with another role."""
    answered: list[tuple[str, Answer]] = []
    names = {name_key(r.name) for r in library.facts.roles}
    holding = dict.fromkeys(r.district for r in library.facts.roles if r.district and role_fits(r, query, library.abbreviations))
    for district in holding:
        scope = _district_scope(district, library)
        decided = _role_decision(question, library, scope, query)
        if decided.answer is not None and not decided.answer.abstained and decided.answer.direct is not None:
            answered.append((district, decided.answer))
    if len(answered) == 1:
        return FactDecision(answered[0][1])
    if len(answered) > 1:
        citations: list[Citation] = []
        values: list[ComparedValue] = []
        for district, answer in answered[:MAX_LISTED_PLACES]:
            n = len(citations) + 1
            citations.append(dataclasses.replace(answer.citations[0], n=n))
            values.append(ComparedValue(_district_label(district, library), answer.direct.text, None, n, None))
        return FactDecision(Answer(
            question.raw, False, tuple(citations), None, (), question.cut_at, library.coverage,
            comparison=tuple(values), comparable=False, comparison_note="unplaced", asked_kind=question.asked.kind,
        ))
    decline = _unplaced_decline(question, library, query.role)
    return FactDecision(None, decline, lambda answer: answer.direct is not None and name_key(answer.direct.text) in names)


def _any_fact_veto(library: Library) -> Callable[[Answer], bool]:
    """Vetoes a short answer the reader read as a fact of any article: the question said neither whose nor what."""
    def vetoed(answer: Answer) -> bool:
        direct = answer.direct
        if direct is None or direct.start is None or not answer.citations:
            return False
        citation = answer.citations[direct.citation - 1]
        found = library.facts.of_document(citation.doc_id)
        for fact in found.figures if found is not None else ():
            if fact.source.paragraph != citation.paragraph:
                continue
            at = citation.quote.find(fact.source.sentence)
            if at >= 0 and fact.start + at < direct.end and direct.start < fact.end + at:
                return True
        return False

    return vetoed


UNPLACED_ARTICLES = "các quận, huyện trong kho"  # what a decline of a question naming no place speaks of


def _listed_by_place(
    question: Question, library: Library, query: FigureQuery, answering: Sequence[tuple[FactScope, list[FigureFact]]]
) -> Answer:
    """Each district's latest answering figure, cited, with no winner: the question did not say which."""
    documents = library.documents
    latest = [
        (scope.place, max(facts, key=lambda f: (_period_order(f, documents), [-x for x in _preference(f, query)])))
        for scope, facts in answering if scope.place is not None
    ]
    return _listed(question, library, latest)


def _listed(question: Question, library: Library, figures: Sequence[tuple[str, FigureFact]]) -> Answer:
    """The districts' figures side by side, each cited, no winner: the question named no place."""
    citations: list[Citation] = []
    values: list[ComparedValue] = []
    for place, fact in figures:
        cited = _fact_citation(library, fact, len(citations) + 1)
        if cited is None:
            continue
        citations.append(cited[0])
        values.append(ComparedValue(
            _district_label(place, library), fact.value, _period_label(fact.period), cited[0].n, fact.status.value,
        ))
        if len(values) >= MAX_LISTED_PLACES:
            break
    return Answer(
        question.raw, False, tuple(citations), None, (), question.cut_at, library.coverage,
        comparison=tuple(values), comparable=False, comparison_note="unplaced", asked_kind=question.asked.kind,
    )


MAX_LISTED_PLACES = 8  # districts listed for a question that names none



# "… có hoàn thành / đạt / vượt dự toán thu ngân sách không?": settled by the share of the plan achieved.
_COMPLETION = re.compile(r"(?<![^\W_])(?:hoan thanh|dat|vuot)\s+(?:\S+\s+){0,2}?(?:du toan|ke hoach|chi tieu)(?![^\W_])")
_COMPLETION_WORDS = frozenset("hoan thanh dat vuot muc".split())


def _completion_decision(
    question: Question, library: Library, scope: FactScope, query: FigureQuery, lexicon: Lexicon
) -> FactDecision:
    """Có when the share of the plan stated for the measure and period is 100% or more, Không below."""
    measure = tuple(w for w in query.measure if w not in _COMPLETION_WORDS)
    if not measure:
        return FactDecision(None)
    share = dataclasses.replace(query, measure=measure, relation=Relation.SHARE, percent=True, basis="plan", grades=frozenset(),
                                status=Status.RESULT)
    fitting = [f for f in scope.figures if measure_fits(f, share, lexicon) and status_fits(f, share)
               and f.dimension == "percent"]
    in_period = [f for f in fitting if period_fits(f, share)]
    if not in_period:
        return FactDecision(None)
    documents = library.documents
    best = max(in_period, key=lambda f: (_period_order(f, documents), [-x for x in _preference(f, share)]))
    cited = _fact_citation(library, best, 1)
    if cited is None:
        return FactDecision(None)
    citation, start, end = cited
    basis = citation.quote[start:end]
    verb = re.search(r"(?:bằng|đạt|hoàn thành|vượt)\s+$", citation.quote[:start])
    if verb:
        basis = verb.group() + basis  # "bằng 92,3% dự toán": the words that settle it, as written
    after = citation.quote[end:]
    named = re.match(r"\s+(?:dự toán|kế hoạch|chỉ tiêu)(?:\s+(?:năm|được giao|Thành phố giao|giao))?", after)
    if named:
        basis += named.group()
    verdict = "Có" if best.number >= 100 else "Không"
    direct = DirectAnswer(verdict, "yesno", 1, basis=basis, period=_period_label(best.period), place=best.place,
                          status=best.status.value, fact=best.id)
    return FactDecision(_answered(question, library, (citation,), direct))


# ---------------------------------------------------------------- figures


def _extra_words(fact: FigureFact, query: FigureQuery) -> int:
    return len(set(fact.measure_words) - set(query.measure))


def _preference(fact: FigureFact, query: FigureQuery) -> tuple[int, int, int]:
    """Among facts that fit: the status asked itself before an estimate, the closest measure, the first."""
    exact = 0 if fact.status is query.status else 1
    return (exact, _extra_words(fact, query), 0)


def _status_class(fact: FigureFact, query: FigureQuery) -> int:
    """1 for the status asked (an estimate counting as a result), 0 for its neighbour (a budget for a target)."""
    same = fact.status is query.status or (query.status is Status.RESULT and fact.status is Status.ESTIMATE)
    return 1 if same else 0


def _period_order(fact: FigureFact, documents: dict[str, Document]) -> tuple[tuple[int, int, int], str]:
    document = documents.get(fact.source.doc_id)
    dated = (document.date or str(document.year or "")) if document else ""
    if fact.period is None:
        year = document.year if document and document.year else 0
        return (year, 0, 0), dated
    return fact.period.order, dated


def _projected(fact: FigureFact, documents: dict[str, Document]) -> bool:
    document = documents.get(fact.source.doc_id)
    if fact.period is None or fact.status is not Status.ESTIMATE or document is None or not document.date:
        return False
    year, month, _ = fact.period.order
    return (year, month) > (int(document.date[:4]), int(document.date[5:7]))


def _figure_decision(
    question: Question, library: Library, scope: FactScope, query: FigureQuery, lexicon: Lexicon
) -> FactDecision:
    fitting = _fitting(scope.figures, query, lexicon)
    if not fitting:
        # What the articles state of this very measure first (its share, its change, another grade), then the rest.
        near = [f for f in scope.figures if set(query.measure) <= fact_words(f) and period_fits(f, query)]
        near_ids = {id(f) for f in near}  # the same objects: a list test would compare every field, fact by fact
        # Results and estimates (marked so in the list); targets and budgets are no statement of what happened.
        rest = [f for f in scope.figures if id(f) not in near_ids and period_fits(f, query)
                and f.status in (Status.RESULT, Status.ESTIMATE)]
        # The figures sharing most words with the measure asked first ("chi ngân sách" asked: "thu ngân sách"
        # before the count of đảng viên); the article's order among equals.
        asked = set(query.measure)
        rest.sort(key=lambda f: -len(asked & fact_words(f)))
        stated = tuple(dict.fromkeys(_stated_near(near) + _stated_figures(rest)))[:MAX_STATED]
        decline = _missing(question, library, scope, _asked_label(query, library), stated)
        return FactDecision(None, decline, _figure_veto(scope, query, lexicon, library.facts))
    with_status = [f for f in fitting if status_fits(f, query, lexicon)]
    if not with_status:
        return FactDecision(_missing(question, library, scope, _asked_label(query, library), _stated_figures(fitting)))
    in_period = [f for f in with_status if period_fits(f, query)]
    if (query.period is not None or query.within is not None) and not in_period:
        # A term asked with no figure in its years: declined as a period is, the nearest figure offered.
        offered = query if query.period is not None else dataclasses.replace(query, period=query.within, period_text=None)
        return FactDecision(_offer(question, library, scope, offered, with_status))
    documents = library.documents
    by_period: dict[object, list[FigureFact]] = {}
    for fact in in_period:
        key = fact.period.key if fact.period is not None else ("none", fact.source.doc_id)
        by_period.setdefault(key, []).append(fact)
    # Of one period's facts, the newest article's (a final result supersedes an earlier estimate), then the
    # status asked itself, then the closest measure.
    asked_syllables = _asked_syllables(question)
    chosen = [max(group, key=lambda f: (_status_class(f, query), _period_order(f, documents)[1],
                                        -unasked_qualifiers(f, query, lexicon), _sentence_coverage(f, asked_syllables),
                                        [-x for x in _preference(f, query)]))
              for group in by_period.values()]
    # A period that had not ended when its article was written ("ước thực hiện cả năm" in October) is a
    # projection: a bare question gets the latest result stated first, the projection among the others.
    # Of periods ending together, a year before a span of years ("giai đoạn 2018-2022": a commendation for
    # five years, not the year's count).
    chosen.sort(key=lambda f: (not _projected(f, documents), _period_order(f, documents),
                               f.period is None or f.period.kind is not PeriodKind.TERM), reverse=True)
    best, others = chosen[0], chosen[1 : 1 + MAX_OTHER_PERIODS] if query.period is None else []
    if query.compared is not None and query.period is not None and query.relation is Relation.AMOUNT:
        # "… năm 2023 so với năm 2022 thế nào?": the compared period's figure of the same measure beside it.
        beside = dataclasses.replace(query, period=query.compared)
        compared = [f for f in with_status if period_fits(f, beside)]
        if compared:
            others = [max(compared, key=lambda f: (_status_class(f, query), _period_order(f, documents)[1],
                                                   _sentence_coverage(f, asked_syllables), [-x for x in _preference(f, query)]))]
    citations: list[Citation] = []
    main = _fact_citation(library, best, 1, through=_listed_through(best, query, library))
    if main is None:
        return FactDecision(None)
    citation, start, end = main
    citations.append(citation)
    value, start = _with_change_word(citation.quote, start, end, best, library.tables.lexicon)
    direct = DirectAnswer(
        value, question.asked.kind, 1, start, end, period=_period_label(best.period), place=best.place,
        status=best.status.value, fact=best.id,
        statement=_statement(question, query, best, library.tables.lexicon, value, library.facts.bare_syllables,
                             library.abbreviations),
    )
    listed: list[ComparedValue] = []
    for other in others:
        cited = _fact_citation(library, other, len(citations) + 1)
        if cited is None:
            continue
        citations.append(cited[0])
        other_value, _ = _with_change_word(cited[0].quote, cited[1], cited[2], other, library.tables.lexicon)
        listed.append(ComparedValue(
            other.place, other_value, _period_label(other.period), cited[0].n, other.status.value,
        ))
    return FactDecision(_answered(question, library, tuple(citations), direct, other_periods=tuple(listed)))


# Between two counts a sentence lists together: "26 chỉ tiêu và 65 nhiệm vụ", "39 chỉ tiêu, 128 nhiệm vụ".
_LIST_JOINT = re.compile(r"\s*(?:,|và)\s*")


def _listed_through(best: FigureFact, query: FigureQuery, library: Library) -> int | None:
    """Where the counts of the items `query.listed` that the sentence lists right after `best` end; None when
    none is asked or the sentence does not list them so."""
    if not query.listed or best.dimension != "count":
        return None
    sentence = best.source.sentence
    following = sorted(
        (f for f in library.facts.figures_of(best.district or "") if f.source == best.source and f.start > best.end
         and f.dimension == "count"),
        key=lambda f: f.start,
    )
    end, wanted = best.end, list(query.listed)
    for fact in following:
        if not wanted or not _LIST_JOINT.fullmatch(sentence[end : fact.start]):
            break
        unit = fold_accents(fact.unit).lower()
        if not any(unit == item or unit.startswith(item + " ") for item in wanted):
            break
        wanted = [item for item in wanted if not (unit == item or unit.startswith(item + " "))]
        end = fact.end
    return end if end > best.end and not wanted else None


def _asked_syllables(question: Question) -> frozenset[str]:
    return frozenset(fold_accents(s).lower() for s in question.content)


def _sentence_coverage(fact: FigureFact, asked: frozenset[str]) -> int:
    """How many of the question's words the fact's sentence holds: of two facts that fit alike, the one whose
    sentence also names what else the question says ("Kế hoạch số 12 …") is the one asked about."""
    return len(asked & set(fold_accents(fact.source.sentence).lower().replace("/", " ").replace("-", " ").split()))


def _exact_relation_first(query: FigureQuery, lexicon: Lexicon, fitting: list[FigureFact]) -> list[FigureFact]:
    """A rate stated as such before a share of the plan that stands for it, when one answers the period asked."""
    exact = [f for f in fitting if f.relation is query.relation or query.either_comparison]
    if len(exact) < len(fitting) and any(status_fits(f, query, lexicon) and period_fits(f, query) for f in exact):
        return exact
    return fitting


def _answered(question: Question, library: Library, citations: tuple[Citation, ...], direct: DirectAnswer,
              **fields: object) -> Answer:
    """An answer read from facts: its citations, its short answer and whatever else it states."""
    return Answer(
        question.raw, False, citations, None, (), question.cut_at, library.coverage, direct=direct,
        asked_kind=question.asked.kind, **fields,  # type: ignore[arg-type]
    )


def _period_label(period: FactPeriod | None) -> str | None:
    return period.label() if period is not None else None


def _fact_citation(
    library: Library, fact: FigureFact | RoleFact, n: int, role: bool = False, through: int | None = None
) -> tuple[Citation, int, int] | None:
    """The fact's sentence (its clause when long) as citation `n`, with the value's offsets in the quote (the
    role's instead of the name's when `role`; up to `through` in the sentence, when given)."""
    document = library.documents.get(fact.source.doc_id)
    passage = library.passage_at(fact.source.doc_id, fact.source.paragraph)
    if document is None or passage is None:
        return None
    sentence = fact.source.sentence
    span = (fact.role_start, fact.role_end) if role and isinstance(fact, RoleFact) else (fact.start, fact.end)
    if through is not None:
        span = (fact.start, through)
    quote = clause_holding(sentence, min(span[0], fact.start), max(span[1], fact.end), QUOTE_BUDGET)
    offset = sentence.find(quote)
    if offset < 0:
        quote, offset = sentence, 0
    start, end = span[0] - offset, span[1] - offset
    written = fact.value if isinstance(fact, FigureFact) else fact.role if role else fact.name
    if through is not None:
        written = sentence[fact.start : through]
    if quote[start:end] != written:
        return None
    return Citation(n, document, passage, quote, 1.0), start, end


_ASKING_VERBS = frozenset({"có", "là", "được", "đạt"})
_VALUE_UNIT = re.compile(
    r"\{value\}\s+(?:tỷ\s+đồng|triệu\s+đồng|nghìn\s+đồng|đồng|tỷ|triệu|phần\s+trăm|%|ty\s+dong|trieu\s+dong|phan\s+tram)(?![^\W_])",
    re.IGNORECASE,
)


def _asking_verb(word: str) -> bool:
    """Typed with diacritics, compared as typed: "đất" is no "đạt"."""
    lower = word.lower()
    return lower in _ASKING_VERBS if has_diacritics(lower) else lower in _FOLDED_ASKING_VERBS


_FOLDED_ASKING_VERBS = frozenset(fold_accents(v) for v in _ASKING_VERBS)


def _ends_on_component(words: list[str], query: FigureQuery) -> bool:
    """ "thu tien su dung dat": the last word closes a part of the total asked, it is no "đạt"."""
    written = " ".join(words).lower()
    tail = fold_accents(written) if query.components_folded else written
    return any(tail == c or tail.endswith(" " + c) for c in query.components)


def _asked_label(query: FigureQuery, library: Library | None = None) -> str:
    # "bao nhiêu tỷ đồng": the unit of the value asked is no word of the measure.
    words = _VALUE_UNIT.sub(" ", query.phrase).replace("{value}", " ").split()
    while words and _asking_verb(words[0]):
        words = words[1:]  # "có {value} đảng viên": the verb of the question, not of the measure
    while words and _asking_verb(words[-1]) and not _ends_on_component(words, query):
        words = words[:-1]  # "thu ngân sách được {value}", typed with or without diacritics
    label = " ".join(words) or "số liệu được hỏi"
    if library is not None and words and not has_diacritics(label):
        label = _as_the_articles_write(label, query, library)  # "thu ngan sach" typed is said "thu ngân sách"
    if label[:1].isupper() and label[1:2].islower() and not label.split()[0][1:].isupper():
        label = label[:1].lower() + label[1:]  # "Thu ngân sách …" capitalised only as the question's first word
    status = {Status.TARGET: "chỉ tiêu ", Status.BUDGET: "dự toán "}.get(query.status, "")
    if status and fold_accents(status.strip()) in fold_accents(label.lower()):
        status = ""
    period_text = query.period_text
    if period_text and query.period is not None and not has_diacritics(period_text):
        period_text = query.period.label()  # "nam 2020" typed is said "năm 2020"
    period = f" {in_running_text(period_text)}" if period_text else ""
    head = "số" if query.counted and not status else "số liệu"  # "số đảng viên", "số liệu thu ngân sách"
    return f"{head} {status}{label}{period}".replace("  ", " ")


_ACCENTING_FACTS = 200  # facts of the measure searched for the words as written: enough, and bounded


def _as_the_articles_write(label: str, query: FigureQuery, library: Library) -> str:
    """A label typed without diacritics as the articles (or the lexicon's parts of a total) write it, when runs
    they hold cover all its words; else as typed, never half accented. Runs are of two words or more unless the
    label is one word: one word folded is too often another ("dat" is "đạt" and "đất")."""
    components = library.tables.lexicon.components
    component_keys = [fold_aligned(c).lower() for c in components]
    words = label.split()
    said: list[str] = []
    i = 0
    while i < len(words):
        shortest = i + 1 if len(words) == 1 else i + 2
        for j in range(len(words), shortest - 1, -1):
            key = fold_aligned(" ".join(words[i:j])).lower()
            # The sentences of facts whose measure holds the run's words, then the lexicon's parts of a total.
            sentences = [f.source.sentence for f in library.facts.figures_with_words(key.split())[:_ACCENTING_FACTS]]
            found = (_written_as(key, sentences, [fold_aligned(t).lower() for t in sentences])
                     or _written_as(key, components, component_keys))
            if found is not None and len(found.split()) == j - i:
                # An abbreviation typed in capitals ("GRDP") stays as typed.
                said.extend(typed if typed.isupper() else word for typed, word in zip(words[i:j], found.split()))
                i = j
                break
        else:
            return label
    return " ".join(said)


def _written_as(key: str, written: Sequence[str], folded: Sequence[str]) -> str | None:
    """`key` (folded words) as one of the texts writes it, lower case; None when none holds it as whole words."""
    for text, text_folded in zip(written, folded):
        at = text_folded.find(key)
        while at >= 0:
            end = at + len(key)
            if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                return text[at:end].lower()
            at = text_folded.find(key, at + 1)
    return None


_SHORT_MEASURE_WORDS = 12
_FUNCTION_WORDS = frozenset("là đã có cho được và với của thì mà đồng chí trong đó riêng còn bao gồm gồm".split())


def _short_measure(fact: FigureFact) -> str:
    """The last words of the fact's measure, as a decline lists it: "chi bộ hoàn thành tốt nhiệm vụ"."""
    measure = _LEAD_WORDS.sub("", _LINK_WORDS.sub("", fact.measure.strip(" ,;:"))).strip(" ,;:")
    # The period is the list's note, not the measure's words: "… trên địa bàn quận 6 tháng đầu năm 2023" left
    # the cut below only "sách nhà nước …".
    measure = _without_periods(measure).strip(" ,;:")
    words = measure.split()
    while words and words[-1].lower() in _FUNCTION_WORDS:
        words = words[:-1]
    if len(words) > _SHORT_MEASURE_WORDS:
        # Cut where a clause word leaves the end short enough ("… đã đánh giá | tổ chức cơ sở đảng …"), not
        # inside a compound ("Đảng | viên").
        # A capitalised word is a title's, not a clause word: "Trong sạch vững mạnh" is no "trong".
        cuts = [i + 1 for i, w in enumerate(words) if w in _FUNCTION_WORDS and len(words) - i - 1 <= _SHORT_MEASURE_WORDS]
        # A count is listed from its noun ("chi bộ trực thuộc … tiêu biểu: 12 chi bộ") rather than from
        # wherever the last words happen to start.
        unit = fact.unit.lower().split() if fact.dimension == "count" else []
        at = next((i for i in range(len(words)) if unit and [w.lower() for w in words[i : i + len(unit)]] == unit), None)
        if cuts:
            words = words[cuts[0]:]
        elif at is not None and len(words) - at <= _SHORT_MEASURE_WORDS + 4:
            words = words[at:]
        else:
            words = words[-_SHORT_MEASURE_WORDS:]
    while words and words[0].lower() in _FUNCTION_WORDS:
        words = words[1:]
    measure = " ".join(words)
    return measure[:1].lower() + measure[1:] if measure[1:2].islower() else measure


def _stated_figures(facts: Sequence[FigureFact]) -> tuple[str, ...]:
    """ "chi bộ hoàn thành tốt nhiệm vụ: 120": what the facts state, one item each, amounts only."""
    amounts = [f for f in facts if f.relation.value == "amount"]
    several = len({f.period.key if f.period else None for f in amounts}) > 1
    stated: dict[str, str] = {}
    for fact in amounts:
        measure = _short_measure(fact)
        measure = measure.rsplit(":", 1)[-1].strip()  # "xếp loại : đảng viên hoàn thành …": what is counted
        if len(measure.split()) < 2 or measure in stated or not fact.measure_words or not _listable(measure, fact.value):
            continue
        notes = [_STATUS_WORDS.get(fact.status), _period_label(fact.period) if several else None]
        note = ", ".join(n for n in notes if n)
        stated[measure] = f"{measure}: {fact.value}" + (f" ({note})" if note else "")
        if len(stated) >= MAX_STATED:
            break
    return tuple(stated.values())


def _listable(measure: str, value: str) -> bool:
    """A measure and value that read as words: none cut inside a word ("ca F" of "F0", "3 trạm y" of "y tế")
    or left hanging on a word that needs what follows ("gấp lần so")."""
    for text in (measure, value):
        last = text.split()[-1] if text.split() else ""
        if (len(last) == 1 and last.isalpha()) or fold_accents(last).lower() in _DANGLING:
            return False
    return True


_DANGLING = frozenset("so voi cho cua va la bang dat gap hon tai o trong".split())
_RELATION_WORDS = {Relation.SHARE: "bằng", Relation.GROWTH: "thay đổi"}


def _stated_near(facts: Sequence[FigureFact]) -> tuple[str, ...]:
    """ "tổng thu NSNN trên địa bàn quận: bằng 107% so với cùng kỳ": the measure asked, as the articles give it."""
    stated: list[str] = []
    for fact in facts:
        measure = _short_measure(fact)
        relation = _RELATION_WORDS.get(fact.relation)
        basis = ""
        if relation and fact.basis:
            sentence = fact.source.sentence
            at = fold_aligned(sentence).find(fact.basis, fact.end, fact.end + 60)
            basis = sentence[fact.end : at + len(fact.basis)].rstrip() if at >= 0 else ""
        stated.append(f"{measure}: {relation + ' ' if relation else ''}{fact.value}{basis}")
    return tuple(dict.fromkeys(stated))


def _missing(question: Question, library: Library, scope: FactScope, slot: str, stated: Sequence[str]) -> Answer:
    articles = _articles_label(scope.documents) or ((scope.place,) if scope.place else ())
    if scope.city is not None:
        slot = f"{slot} của thành phố {scope.city}"  # the districts' articles, asked for the city's own figure
    return Answer(
        question.raw, True, (), DeclineReason.SLOT_MISSING, (), question.cut_at, library.coverage,
        missing_slot=slot, missing_in=articles, asked_kind=question.asked.kind, stated=tuple(stated),
    )


def _articles_label(documents: Sequence[Document]) -> tuple[str, ...]:
    """ "quận Tây Hồ (14/01/2025, 09/05/2025)": the articles of each place, their dates together."""
    by_place: dict[str, list[str]] = {}
    for document in documents:
        label = _article_label(document)
        place, _, when = label.partition(" (")
        by_place.setdefault(place, [])
        if when:
            by_place[place].append(when.rstrip(")"))
    return tuple(f"{place} ({', '.join(dates)})" if dates else place for place, dates in by_place.items())


def _article_label(document: Document) -> str:
    """ "quận Sơn Trà (26/01/2022)": an article a decline names."""
    place = f"{document.district_kind or ''} {document.district}".strip() if document.district else document.doc_id
    if document.date:
        year, month, day = document.date.split("-")
        return f"{place} ({day}/{month}/{year})"
    if document.year:
        return f"{place} ({document.year})"
    return place


def _offer(question: Question, library: Library, scope: FactScope, query: FigureQuery, facts: Sequence[FigureFact]) -> Answer:
    """The period asked is stated by none: decline it, offering the nearest period's figure."""
    asked = query.period
    assert asked is not None
    target = asked.order

    def distance(fact: FigureFact) -> tuple[int, int, int, int, tuple[int, int, int]]:
        if fact.period is None:
            return (1, 1, 10**6, 1, (0, 0, 0))
        year, month, _ = fact.period.order
        gap = abs((year * 12 + month) - (target[0] * 12 + target[1]))
        # A part of the year asked ("quý I/2023" for "năm 2023") before a period of another year, however near.
        other_year = 0 if asked.year is not None and fact.period.year == asked.year else 1
        other_kind = 0 if fact.period.kind is asked.kind else 1
        # Of another year, a period of the kind asked first: for "năm 2022", năm 2023 before quý I/2023.
        return (other_year, other_kind * other_year, gap, other_kind, _preference(fact, query))

    nearest = min(facts, key=distance)
    cited = _fact_citation(library, nearest, 1)
    typed = query.period_text
    asked_text = in_running_text(typed if typed and has_diacritics(typed) else asked.label())
    if cited is None or nearest.period is None:
        return _missing(question, library, scope, _asked_label(query, library), _stated_figures(facts))
    citation, start, end = cited
    direct = DirectAnswer(
        nearest.value, question.asked.kind, 1, start, end, period=nearest.period.label(), place=nearest.place,
        status=nearest.status.value, fact=nearest.id,
    )
    stated = nearest.period.label()
    offered = OfferedAnswer(direct, in_running_text(stated), asked_text, nearest.place)
    return Answer(
        question.raw, True, (citation,), DeclineReason.SLOT_MISSING, (), question.cut_at, library.coverage,
        missing_slot=f"số liệu {asked_text}", missing_in=(nearest.place,), asked_kind=question.asked.kind,
        offered=offered,
    )


def _with_change_word(quote: str, start: int, end: int, fact: FigureFact, lexicon: Lexicon) -> tuple[str, int]:
    """A change with the word that says which way ("giảm 4,6%"), when the quote writes it right before."""
    if fact.relation is not Relation.GROWTH:
        return quote[start:end], start
    at = change_word_start(quote, start, lexicon)
    return (quote[start:end], start) if at is None else (quote[at:end], at)


_CHANGE_CHOICE = re.compile(
    r"\s*(?<![^\W_])(?:tăng|giảm|tang|giam)\s+(?:hay|hoặc|hoặc là|hoac)\s+(?:tăng|giảm|tang|giam)(?![^\W_])", re.IGNORECASE
)
_CHANGE_BEFORE_VALUE = re.compile(r"(?<![^\W_])(?:tăng|giảm|tang|giam)\s+(?=\{value\})", re.IGNORECASE)


def _statement(
    question: Question, query: FigureQuery, fact: FigureFact, lexicon: Lexicon, value: str | None = None,
    bare_syllables: frozenset[str] = frozenset(), abbreviations: Mapping[str, str] | None = None,
) -> str:
    """The answer as a clause: the question's words with the value where its question word stood."""
    value = fact.value if value is None else value
    signed = value != fact.value  # "giảm 4,6%": the value says which way; the question's "tăng hay giảm" goes
    # The question's own words, unless typed without diacritics (a follow-up may have put an accented place name
    # into an unaccented question: the words asked are what count).
    if question.accented and has_diacritics(query.phrase.replace("{value}", "")):
        phrase = _TREND_WORDS.sub("", query.phrase)
        if signed:
            phrase = _CHANGE_BEFORE_VALUE.sub("", _CHANGE_CHOICE.sub("", phrase))
            asked_words = fold_aligned(phrase.replace("{value}", " ")).lower()
            if not falls(fact, lexicon) and lexicon.growth_pattern.search(asked_words) and not lexicon.fall_pattern.search(asked_words):
                value = fact.value  # "tăng trưởng giá trị sản xuất 6,4%": the question's own word says it rose
        if is_mostly_uppercase(question.text):
            phrase = phrase.lower()  # typed in capitals
        phrase = _marked_as_the_sentence(phrase, fact.source.sentence, bare_syllables, typed_in_haste(question.text))
        if query.listed and "{value}" in phrase:
            # "có {26 chỉ tiêu và 65 nhiệm vụ} chỉ tiêu và nhiệm vụ": the value names the items counted.
            at = phrase.index("{value}") + len("{value}")
            items = re.match(rf"\s*(?:[^\W_]+\s*,?\s+){{0,6}}?{re.escape(query.listed[-1])}(?![^\W_])",
                             fold_aligned(phrase[at:]).lower())
            if items is not None:
                phrase = phrase[:at] + phrase[at + items.end() :]
        if abbreviations:
            # "bao nhiêu TCCS đảng HTXS nhiệm vụ" → "15/47 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ": the
            # answer says in full what the question shortened (and "16/51 tổ chức" is not followed by "TCCS").
            # As the article writes it: "HĐND quận thông qua" stays "HĐND" where the article says "HĐND".
            sentence = fact.source.sentence
            phrase = _SHORTENED.sub(
                lambda m: abbreviations[m.group()]
                if m.group() in abbreviations and m.group().isupper() and m.group() not in sentence else m.group(),
                phrase,
            )
        after = phrase.split("{value}", 1)[1].strip().lower() if "{value}" in phrase else ""
        unit = fact.unit.strip().lower()
        if unit and unit not in ("%",) and after.startswith(unit) and value.lower().endswith(unit):
            value = value[: -len(unit)].strip()  # "kết nạp {358} đảng viên mới", not "358 đảng viên đảng viên"
        elif unit and after and value.lower().endswith(unit) and (unit + " ").startswith(after.split()[0] + " "):
            # "đạt bao nhiêu tỷ?" → "đạt {1.486 tỷ đồng}", not "1.486 tỷ đồng tỷ": the value says its unit whole
            phrase = re.sub(r"\{value\}\s+" + re.escape(phrase.split("{value}", 1)[1].split()[0]) + r"(?![^\W_])", "{value}", phrase, count=1)
        elif (unit in _PERSON_CLASSIFIERS or unit.startswith("đảng viên")) and after.startswith("người") and value.lower().endswith(unit):
            # "gồm mấy người?" → "gồm {13 đồng chí}": the article's unit, not "13 người"
            phrase = re.sub(r"\{value\}\s+người(?![^\W_])", "{value}", phrase, count=1)
        elif unit in _PERSON_CLASSIFIERS and after and value.lower().endswith(unit) and query.counted:
            value = value[: -len(unit)].strip()  # "{878 đồng chí} đảng viên …": the noun asked counts them
        if fact.dimension == "money" and re.match(r"tiền(?![^\W_])", after):
            phrase = re.sub(r"\{value\}\s+tiền(?![^\W_])", "{value}", phrase, count=1)  # "bao nhiêu tiền": the value says it
        before_value = phrase.split("{value}", 1)[0].split()
        if signed and before_value and before_value[-1].lower() == value.split()[0].lower():
            phrase = phrase.replace(f"{before_value[-1]} {{value}}", "{value}", 1)  # "vượt {vượt 18%}"
        measured = fact.measure.split()[:1]
        if (fact.dimension in ("count", "number") and not fact.unit and phrase.endswith("{value}") and measured
                and fold_accents(phrase.split()[0]).lower() == fold_accents(measured[0]).lower()):
            # "Chi bộ hoàn thành tốt nhiệm vụ … là {214}": the bare number counts the noun asked → "có 214 chi bộ …"
            phrase = "{value} " + _lower_first(phrase[: -len("{value}")].strip())
        statement = " ".join(phrase.replace("{value}", value).split())
        # "Quận ủy tặng giấy khen …", "Đảng bộ quận có …": the place the answer opens with is the subject already.
        statement = _OWN_SUBJECT.sub("", statement) or statement
        first = statement.split(" ", 1)[0]
        second = statement.split(" ", 2)[1:2]
        if (question.text.startswith(first) and first[:1].isupper() and first[1:].islower()
                and not (second and second[0][:1].isupper())):  # "Ban Thường vụ": a name, capitalised
            statement = statement[:1].lower() + statement[1:]  # capitalised only as the question's first word
        if _starts_with_noun(statement) or statement.startswith(value):
            # "quận Hoàn Kiếm có tỷ lệ tiết kiệm chi … 22,8%"; "Số đảng viên …?" → "có 402 đảng viên …"
            statement = f"có {statement}"
    else:
        # Typed without diacritics, the question's words would be echoed without them: the article's clause
        # says it instead ("tổng thu ngân sách … đạt 3.210,5 tỷ đồng", "kết nạp 163 đảng viên mới").
        statement = _stated_clause(fact)
        if fact.district and not fact.place_is_city:
            # "Đảng bộ quận Hải Châu kết nạp …" less its subject: the name the answer opens with already.
            named = re.match(rf"{re.escape(fact.district)}\s+", statement, re.IGNORECASE)
            statement = statement[named.end() :] if named else statement
        if fact.place and not fact.place_is_city:
            # "trên địa bàn quận Thanh Xuân" after "quận Thanh Xuân, …": the division word says it ("Quận 1"
            # capitalised too).
            statement = re.sub(rf"(?<![^\W_]){re.escape(fact.place)}(?![^\W_])", fact.place.split()[0],
                               statement, flags=re.IGNORECASE)
        if _starts_with_noun(statement):
            statement = f"có {statement}"
    if fact.place_is_city:
        statement = _without_city_subject(statement, fact.place)
    # A count of a plan's own items ("40 nhiệm vụ") is no target of a figure: no status note.
    note = None if fact.dimension == "count" and is_plan_item(fact.unit, lexicon) else _STATUS_WORDS.get(fact.status)
    cues = {Status.TARGET: "target_pattern", Status.BUDGET: "budget_pattern", Status.ESTIMATE: "estimate_pattern"}
    said = cues.get(fact.status)
    if said and getattr(lexicon, said).search(" ".join(fold_accents(statement).lower().split())):
        note = None  # "phấn đấu thu …" already says it is a target
    if note and fold_accents(note) not in fold_accents(statement.lower()):
        statement = f"{statement} ({note})"
    return statement


def _marked_as_the_sentence(phrase: str, sentence: str, bare_syllables: frozenset[str], hasty: bool) -> str:
    """A word typed bare that no fact writes bare ("ngân sach"), or any bare word of a question typed in haste
    ("bao nhieu … dự toan"), as the quoted sentence writes it when it writes that word one way only, with a
    mark: the answer does not repeat the slip."""
    written: dict[str, set[str]] = {}
    for word in _LETTERS.findall(sentence):
        written.setdefault(fold_accents(word).lower(), set()).add(word.lower())

    def marked(match: re.Match[str]) -> str:
        word = match.group()
        if has_diacritics(word) or not word.islower() or not (hasty or word not in bare_syllables):
            return word
        forms = written.get(word, set())
        return next(iter(forms)) if len(forms) == 1 and has_diacritics(next(iter(forms))) else word

    return _LETTERS.sub(marked, phrase)


_LETTERS = re.compile(r"[^\W\d_]+")
_PERSON_CLASSIFIERS = frozenset({"đồng chí", "người", "quần chúng"})
_TREND_WORDS = re.compile(r"\s*(?<![^\W_])(?:qua\s+các\s+năm|qua\s+từng\s+năm|theo\s+năm|các\s+năm)(?![^\W_])", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[;:(]|(?<!\d),|,(?!\d)")  # "105,1%": a decimal comma ends no clause
_DIGIT = re.compile(r"\d")
_AND = re.compile(r"(?<![^\W_])(?:và|cùng)\s+", re.IGNORECASE)
_SHORTENED = re.compile(r"(?<![\w{])[A-ZĐ]{2,}(?![\w}])")  # "TNS", "HTXS", "ĐV": an abbreviation as typed
def _without_city_subject(statement: str, place: str) -> str:
    """ "thành phố Hà Nội toàn thành phố (Hà Nội) thu …": the place the answer opens with is the subject."""
    city = place.split(" ", 2)[-1] if place.lower().startswith("thành phố ") else ""
    subject = _CITY_SUBJECT.match(statement)
    if subject is None:
        return statement
    rest = statement[subject.end() :]
    if city and rest.lower().startswith(city.lower() + " "):
        rest = rest[len(city) + 1 :]
    return rest or statement


_CITY_SUBJECT = re.compile(r"^(?:toàn\s+|cả\s+)?(?:thành phố|tp\.?)(?!\w)\s*", re.IGNORECASE)
_OWN_SUBJECT = re.compile(
    r"^(?:toàn\s+)?(?:(?:Đảng bộ\s+)?(?:quận ủy|huyện ủy|quận uỷ|huyện uỷ|thị ủy|thị uỷ|quận|huyện|thị xã)"
    r"(?:\s+\d{1,2}(?!\d))?|Đảng bộ)(?!\w)\s+",  # "Đảng bộ Quận 1 kết nạp …": the numbered district too
    re.IGNORECASE,
)


def _stated_clause(fact: FigureFact) -> str:
    """The fact's clause as the article words it, up to the figure (a count with its noun)."""
    sentence = fact.source.sentence
    amount_start = _amount_start(fact)
    if amount_start is not None:
        # "118% so với cùng kỳ" says nothing alone: the amount's clause, then the share or change with its basis.
        amount_end = amount_start + len(_UNTIL_CLAUSE_END.match(sentence, amount_start).group().rstrip())
        amount = _clause_words(sentence[_clause_start(sentence, amount_start) : amount_end])
        tail = _UNTIL_CLAUSE_END.match(sentence, fact.end).group()
        another = _AND_NEXT_FIGURE.search(tail)  # "… dự toán và bằng 107% so với cùng kỳ": that figure's words
        basis_end = fact.end + len((tail[: another.start()] if another else tail).rstrip())
        relation = sentence[_after_other_figures(sentence, _clause_start(sentence, fact.start), fact.start) : basis_end].strip()
        if amount and relation:
            return f"{amount}, {relation}"
    start = _clause_start(sentence, fact.start)
    end = fact.end
    if fact.dimension == "count":
        tail = _UNTIL_CLAUSE_END.match(sentence, end).group()
        # "1.143 đảng viên hoàn thành xuất sắc nhiệm vụ và 6.102 …": the count's words end where another figure's start.
        another = _AND_FIGURE.search(tail)
        end += len((tail[: another.start()] if another else tail).rstrip())
    start = _after_other_figures(sentence, start, fact.start)
    before = sentence[start : fact.start].strip()
    if not before and fact.dimension == "count" and start > 0 and sentence[start - 1] != ":":
        return f"có {_lower_first(sentence[start:end].strip())}"
    if not before and start > 0 and sentence[start - 1] == ":":
        # "Chi bộ hoàn thành tốt nhiệm vụ: 120": the measure stands before the colon.
        head_start = max((m.end() for m in _CLAUSE_START.finditer(sentence, 0, start - 1)), default=0)
        head = _clause_words(sentence[head_start : start - 1])
        return f"có {fact.value} {head}" if not fact.unit and fact.dimension != "percent" else f"{head} {fact.value}"
    return _clause_words(sentence[start:end])


def _clause_words(text: str) -> str:
    """A clause of the article as the answer's own words: without its subject ("Quận ủy …") or its link."""
    text = PART_OPENING.sub("", text.strip())
    # "năm 2022 Đảng bộ quận kết nạp …", "chi ngân sách quận 9 tháng đạt …": the answer's first words name the
    # period already; a period compared with ("so với năm 2022") stays.
    return _lower_first(_OWN_SUBJECT.sub("", _without_periods(text)))


def _without_periods(text: str) -> str:
    """`text` less the periods it names with the word that introduces each; a period compared with stays."""
    for found in reversed(find_fact_periods(text)):
        if not found.compared:
            before = _PERIOD_INTRODUCER.sub("", text[: found.start])
            text = f"{before.rstrip()} {text[found.end :].lstrip(' ,')}".strip()
    return text


_PERIOD_INTRODUCER = re.compile(r"(?<![^\W_])(?:trong|của|vào|cả)\s*$", re.IGNORECASE)


def _after_other_figures(sentence: str, start: int, at: int) -> int:
    """Where the words of the figure at `at` start: after the last "và" that follows another figure of the clause
    ("… là 905 đồng chí và 4127 đảng viên …", "bằng 105,1% dự toán và bằng 107% so với cùng kỳ")."""
    earlier = [m.end() for m in _DIGIT.finditer(sentence, start, at)]
    if earlier:
        link = None
        for link in _AND.finditer(sentence, earlier[-1], at):
            pass
        if link is not None:
            return link.end()
    return start


_AND_NEXT_FIGURE = re.compile(r"\s+và\s+(?:[^\W\d_]+\s+){0,3}\d", re.IGNORECASE)
_AND_FIGURE = re.compile(r"\s+(?:và|cùng)\s+\d", re.IGNORECASE)
_UNTIL_CLAUSE_END = re.compile(r"(?:[^,;:.()]|(?<=\d)[.,](?=\d))*")  # "1.234", "7,5" are no clause ends


def _clause_start(sentence: str, at: int) -> int:
    return max((m.end() for m in _CLAUSE_START.finditer(sentence, 0, at)), default=0)


def _amount_start(fact: FigureFact) -> int | None:
    """Where, in its sentence, the amount a share or change belongs to starts (its id ends with the offset)."""
    if fact.of is None or fact.relation.value == "amount":
        return None
    prefix, _, offset = fact.of.rpartition(":")
    source = fact.source
    if not offset.isdigit() or prefix != f"{source.doc_id}:{source.paragraph}:{source.sentence_index}":
        return None
    start = int(offset)
    return start if start < fact.start else None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


# Words that open a measure named as a thing ("tổng thu …", "tỷ lệ …"), not as what the place did ("thu …").
_MEASURE_NOUNS = re.compile(
    r"^(?:tổng|tỷ lệ|tỉ lệ|số|dự toán|giá trị|mức|kế hoạch|chỉ tiêu|kết quả|nguồn thu|tốc độ)(?![^\W_])", re.IGNORECASE
)


def _starts_with_noun(statement: str) -> bool:
    """The clause opens with what is measured ("tỷ lệ …", "dự toán …"), not with what the place did ("thu …")."""
    return _MEASURE_NOUNS.match(statement) is not None


def _figure_veto(
    scope: FactScope, query: FigureQuery, lexicon: Lexicon, table: FactTable, corpus_wide: bool = False
) -> Callable[[Answer], bool]:
    """A sentence answer whose figure the reader read as a fact that conflicts with the question is vetoed:
    it measures something else, or for another period, status or place. `corpus_wide`: any article's facts,
    looked up when an answer cites it."""
    by_sentence: dict[tuple[str, int, str], list[FigureFact]] = {}
    # Every figure of the scope's articles, the city's among them: a city-wide total quoted from a district's
    # article is vetoed as the city's, not let through as unknown.
    doc_ids = {d.doc_id for d in scope.documents}
    figures = [f for d in table.documents if d.doc_id in doc_ids for f in d.figures] if doc_ids else list(scope.figures)
    for fact in figures:
        by_sentence.setdefault((fact.source.doc_id, fact.source.paragraph, fact.source.sentence), []).append(fact)

    def cited_facts(answer: Answer) -> None:
        """The cited articles' facts, added when the veto reads the whole corpus."""
        for citation in answer.citations:
            found = table.of_document(citation.doc_id)
            for fact in found.figures if found is not None else ():
                facts = by_sentence.setdefault((fact.source.doc_id, fact.source.paragraph, fact.source.sentence), [])
                if fact not in facts:
                    facts.append(fact)

    def vetoed(answer: Answer) -> bool:
        if corpus_wide:
            cited_facts(answer)
        direct = answer.direct
        if direct is None and answer.citations:
            return _quotes_only_elsewhere(answer.citations[0])
        if direct is None or direct.start is None or not answer.citations:
            return False
        citation = answer.citations[direct.citation - 1]
        for (doc_id, paragraph, sentence), facts in by_sentence.items():
            if doc_id != citation.doc_id or paragraph != citation.paragraph:
                continue
            at = citation.quote.find(sentence) if sentence in citation.quote else -1
            if at < 0:
                at = sentence.find(citation.quote)
                if at < 0:
                    continue
                at = -at
            for fact in facts:
                if fact.start + at < direct.end and direct.start < fact.end + at:
                    # Asked of no district, a figure the reader read as a fact that does not fit strictly is
                    # some district's figure of something near: which one the question did not say.
                    return (corpus_wide or conflicts(fact, query, lexicon, scope.place, city_wide=scope.city is not None)
                            or _asks_a_neighbour_too(fact, facts, query))
        return False

    def _quotes_only_elsewhere(citation: Citation) -> bool:
        """A quote with no short answer whose only figures of the measure asked are another place's ("Toàn
        Thành phố, tốc độ tăng trưởng GRDP … 6,52%" for a district asked): it would pass for the answer."""
        measured = [
            fact for (doc_id, paragraph, sentence), facts in by_sentence.items()
            if doc_id == citation.doc_id and paragraph == citation.paragraph and sentence in citation.quote
            for fact in facts if set(query.measure) <= fact_words(fact)
        ]
        return bool(measured) and all(_elsewhere(fact, scope) for fact in measured)

    return vetoed


def _elsewhere(fact: FigureFact, scope: FactScope) -> bool:
    """The fact is another place's than the one asked: the city's for a district, another district's."""
    if scope.place is None:
        return False
    return fact.place_is_city or (fact.district is not None and name_key(fact.district) != name_key(scope.place))


# ---------------------------------------------------------------- roles


def _role_order(fact: RoleFact) -> tuple[str, int]:
    return (fact.date or str(fact.year or ""), -fact.source.paragraph)


def _role_decision(question: Question, library: Library, scope: FactScope, query: RoleQuery) -> FactDecision:
    fitting = [r for r in scope.roles if role_fits(r, query, library.abbreviations)]
    if not fitting:
        decline = _missing(question, library, scope, query.role, _stated_roles(scope.roles))
        held = scope.roles
        if scope.city is not None:  # a district's office holder named in the city's articles is not the city's
            wanted = {d.doc_id for d in scope.documents}
            held = tuple(r for d in library.facts.documents if d.doc_id in wanted for r in d.roles)
        names = {name_key(r.name) for r in held}
        # A name the reader read with another role holds that role, not the one asked; so does a part of it
        # ("Nguyễn Xuân" cut from "Nguyễn Xuân Trường").
        abbreviations = library.abbreviations

        def vetoed(answer: Answer) -> bool:
            if answer.direct is None:
                return False
            if _part_of_a_name(name_key(answer.direct.text), names):
                return True
            # The sentence quoted must name the role asked: "Trưởng Ban Tổ chức Quận ủy X" is no answer for the
            # Trưởng Ban Tuyên giáo, "Chủ tịch UBND huyện X" none for the Chủ tịch HĐND.
            cited = next((c for c in answer.citations if c.n == answer.direct.citation), None)
            return cited is None or not _names_role(cited.quote, query, abbreviations)

        return FactDecision(None, decline, vetoed)
    named_report = _REPORT_NAMED.search(question.folded)
    if named_report is not None:
        # "… lúc sơ kết giữa nhiệm kỳ là ai?": the holder the article of that review names.
        said = re.compile(_REPORTS[named_report.group()])
        reported = [r for r in fitting if said.search(fold_accents(_lead_of(library, r)).lower())]
        if reported:
            # The review says when; "nhiệm kỳ 2020-2025" beside it names the term, not its first year.
            fitting, query = reported, dataclasses.replace(query, year=None, period=None)
    if question.before_holder is not None:
        return _predecessor_decision(question, library, scope, query, fitting, question.before_holder)
    # "thay đồng chí X": X no longer holds the office in that article.
    left: dict[str, str] = {}  # who an article says left the office, and that article's date
    for r in fitting:
        if _replaced_holder(r):
            left[name_key(r.name)] = max(left.get(name_key(r.name), ""), r.date or "")
    # … so an article before it naming them in the office says what no longer holds, unless a year before
    # they left is asked.

    def gone(r: RoleFact) -> bool:
        when = left.get(name_key(r.name))
        if when is None or (r.date or "") > when:
            return False
        return query.year is None or not when[:4].isdigit() or query.year >= int(when[:4])

    holding = [r for r in fitting if not _replaced_holder(r) and not gone(r)]
    in_year = [r for r in holding if role_year_fits(r, query)]
    as_of = None
    if not in_year and query.year is not None:
        between = _held_on_both_sides(holding, query.year)
        if between is not None:
            in_year, as_of = [between[1]], f"theo các bài năm {between[0]} và {_reported_year(between[1])}, "
        else:
            replaced = _replaced_the_year_after(library, holding, query, question.asked.kind)
            if replaced is not None:
                return FactDecision(_answered(question, library, (replaced[0],), replaced[1]))
    if not in_year:
        label = f"{query.role} năm {query.year}"
        return FactDecision(_missing(question, library, scope, label, _stated_roles(fitting)))
    best = max(_held_after(in_year, query.period), key=_role_order)
    before = next((found for fact in fitting if name_key(fact.name) == name_key(best.name)
                   for found in [_replaced_after_the_period(library, fact, query.period, question.asked.kind)]
                   if found is not None), None)
    if before is not None:
        return FactDecision(_answered(question, library, (before[0],), before[1]))
    cited = _fact_citation(library, best, 1)
    if cited is None:
        return FactDecision(None)
    citation, start, end = cited
    direct = DirectAnswer(
        best.name, question.asked.kind, 1, start, end, period=None, place=None, fact=best.id,
        statement=f"{as_of or _as_of(library, best)}{_role_with_place(best)} là {best.name}",
    )
    return FactDecision(_answered(question, library, (citation,), direct))


# "… thay đồng chí X": the words that name whom a holder replaced, before the name.
_REPLACING = r"(?<![^\W_])thay\s+(?:cho\s+)?(?:(?:đồng chí|ông|bà)\s+)?"
_REPLACED_BEFORE = re.compile(_REPLACING + "$", re.IGNORECASE)


def _replaced_the_year_after(
    library: Library, roles: Sequence[RoleFact], query: RoleQuery, kind: str
) -> tuple[Citation, DirectAnswer] | None:
    """ "X được bầu giữ chức … từ tháng 6/2021, thay đồng chí Y": asked of 2020, the year before X took over,
    the holder was Y."""
    for fact in sorted(roles, key=_role_order):
        if fact.since_year is None or query.year is None or fact.since_year != query.year + 1:
            continue
        found = _replaced_in(fact.source.sentence, fact.name)
        cited = _fact_citation(library, fact, 1)
        if found is None or cited is None or found[0] not in cited[0].quote:
            continue
        name = found[0]
        start = cited[0].quote.index(name)
        statement = f"trước {fact.name} (từ năm {fact.since_year}), {_role_with_place(fact)} là {name}"
        return cited[0], DirectAnswer(name, kind, 1, start, start + len(name), statement=statement)
    return None


# The reviews a district's articles are titled by, which a question may name for the time it asks of.
# (A congress is named by its year: "Đại hội 2020" is the year asked, which the facts' years answer.)
_REPORT_NAMED = re.compile(r"(?<![^\W_])giua nhiem ky(?![^\W_])")
_REPORTS = {"giua nhiem ky": r"(?:giua|nua|nua dau)\s+nhiem\s+ky"}
LEAD_PARAGRAPHS = 2  # the title and the paragraph that opens the report say which review it is


def _lead_of(library: Library, fact: RoleFact) -> str:
    document = library.documents.get(fact.source.doc_id)
    if document is None:
        return ""
    return " ".join([document.title or ""] + [p.text for p in document.passages[:LEAD_PARAGRAPHS]])


def _replaced_after_the_period(
    library: Library, fact: RoleFact, period: FactPeriod | None, kind: str
) -> tuple[Citation, DirectAnswer] | None:
    """ "Tháng 5/2022, đồng chí X … được bầu giữ chức Bí thư …, thay đồng chí Y": asked of quý I/2022, before
    X took over, the holder was Y."""
    end = _end_of(period)
    if end is None or fact.since_year is None or fact.since_month is None or (fact.since_year, fact.since_month) <= end:
        return None
    found = _replaced_in(fact.source.sentence, fact.name)
    # The quote runs to the name replaced, which a long sentence's clause would cut off.
    cited = _fact_citation(library, fact, 1, through=found[1] + len(found[0])) if found is not None else None
    if found is None or cited is None or found[0] not in cited[0].quote:
        return None
    name = found[0]
    start = cited[0].quote.rindex(name)
    statement = f"trước {fact.name} (từ tháng {fact.since_month}/{fact.since_year}), {_role_with_place(fact)} là {name}"
    return cited[0], DirectAnswer(name, kind, 1, start, start + len(name), statement=statement)


def _end_of(period: FactPeriod | None) -> tuple[int, int] | None:
    """The year and last month of a part of a year asked ("quý I/2023" → 2023, 3)."""
    if period is None or period.year is None or period.kind not in (PeriodKind.QUARTER, PeriodKind.MONTHS, PeriodKind.CUTOFF):
        return None
    month = 3 * period.part if period.kind is PeriodKind.QUARTER and period.part else period.part
    return (period.year, month) if month and 1 <= month <= 12 else None


def _replaced_holder(fact: RoleFact) -> bool:
    """The sentence names the person as the one replaced ("thay đồng chí X") or moved away from the office
    ("điều động đồng chí X, Phó Bí thư Thường trực Quận ủy, giữ chức …")."""
    before = fact.source.sentence[max(0, fact.start - 30) : fact.start]
    if _REPLACED_BEFORE.search(before) is not None:
        return True
    moved = _MOVED_BEFORE.search(before)
    return moved is not None and fact.role_start > fact.start and _NEW_OFFICE.match(fact.source.sentence, fact.role_end) is not None


# "… quyết định điều động đồng chí X, <the office held>, giữ chức <another>": X leaves the office named.
_MOVED_BEFORE = re.compile(r"(?<![^\W_])(?:điều động|luân chuyển|nghỉ hưu)\s+(?:(?:đồng chí|ông|bà)\s+)?$", re.IGNORECASE)
_NEW_OFFICE = re.compile(r",?\s*(?:đến\s+)?(?:nhận\s+công\s+tác\s+|giữ\s+chức|làm|về)", re.IGNORECASE)


def _reported_year(fact: RoleFact) -> int:
    return fact.period_year or fact.year or 0


def _held_on_both_sides(roles: Sequence[RoleFact], year: int) -> tuple[int, RoleFact] | None:
    """The same person named in the office by the last article before `year` and the first one after it: they
    held it in between (the earlier article's year, the later article's fact)."""
    before = [r for r in roles if 0 < _reported_year(r) < year]
    after = [r for r in roles if _reported_year(r) > year]
    if not before or not after:
        return None
    last_year = max(_reported_year(r) for r in before)
    next_year = min(_reported_year(r) for r in after)
    names_before = {name_key(r.name) for r in before if _reported_year(r) == last_year}
    names_after = {name_key(r.name) for r in after if _reported_year(r) == next_year}
    if len(names_before) != 1 or names_before != names_after:
        return None
    return last_year, min((r for r in after if _reported_year(r) == next_year), key=_role_order)


def _predecessor_decision(
    question: Question, library: Library, scope: FactScope, query: RoleQuery, fitting: Sequence[RoleFact], holder: str
) -> FactDecision:
    """Who the articles name in the role before `holder` first appears in it: the latest earlier holder; a
    decline when the articles name no one before them (the year asked before does not bound it)."""
    key = name_key(holder)
    own = [r for r in fitting if name_key(r.name) == key]
    label = f"người giữ chức {query.role} trước {holder}"
    if not own:
        return FactDecision(_missing(question, library, scope, label, _stated_roles(fitting)))
    named = _named_predecessor(library, own, query)
    if named is not None:
        return FactDecision(_answered(question, library, (named[0],), DirectAnswer(
            named[1], question.asked.kind, 1, named[2], named[2] + len(named[1]), period=None, place=None,
            statement=f"Trước {holder}, {_role_with_place(own[0])} là {named[1]}",
        )))
    first = min(_role_order(r) for r in own)
    earlier = [r for r in fitting if name_key(r.name) != key and _role_order(r) < first]
    if not earlier:
        return FactDecision(_missing(question, library, scope, label, _stated_roles(fitting)))
    best = max(earlier, key=_role_order)
    cited = _fact_citation(library, best, 1)
    if cited is None:
        return FactDecision(_missing(question, library, scope, label, ()))
    citation, start, end = cited
    direct = DirectAnswer(
        best.name, question.asked.kind, 1, start, end, period=None, place=None, fact=best.id,
        statement=f"Trước {holder}, {_as_of(library, best)}{_role_with_place(best)} là {best.name}",
    )
    return FactDecision(_answered(question, library, (citation,), direct))


# "… được bầu giữ chức Chủ tịch UBND quận, thay đồng chí Vi Đức Mạnh nhận nhiệm vụ mới": whom the holder replaced.
_REPLACED = re.compile(_REPLACING, re.IGNORECASE)
_MAX_NAME_WORDS = 4


def _named_predecessor(library: Library, own: Sequence[RoleFact], query: RoleQuery) -> tuple[Citation, str, int] | None:
    """The person an article naming the holder in the role says they replaced ("X được bầu giữ chức …, thay đồng
    chí Y"), with the citation of that sentence and where the name starts in its quote."""
    holder = own[0].name
    for doc_id in dict.fromkeys(r.source.doc_id for r in sorted(own, key=_role_order)):
        document = library.documents.get(doc_id)
        if document is None:
            continue
        for passage in document.passages:
            if passage.kind is not PassageKind.BODY:
                continue
            for sentence in passage.sentences:
                found = _replaced_in(sentence, holder)
                if found is None:
                    continue
                name, at = found
                if not _names_role(sentence[sentence.find(holder) : at], query, library.abbreviations):
                    continue  # whom the holder replaced in another office
                quote = clause_holding(sentence, sentence.find(holder), at + len(name), QUOTE_BUDGET)
                if name not in quote:
                    continue
                return Citation(1, document, passage, quote, 1.0), name, quote.index(name)
    return None


def _replaced_in(sentence: str, holder: str) -> tuple[str, int] | None:
    """ "… {holder} … thay đồng chí Y …": Y's name and where it starts."""
    named = sentence.find(holder)
    if named < 0:
        return None
    replaced = _REPLACED.search(sentence, named + len(holder))
    if replaced is None:
        return None
    words: list[str] = []
    for word in sentence[replaced.end() :].split()[:_MAX_NAME_WORDS]:
        bare = word.rstrip(",.;:)")
        if not bare[:1].isupper():
            break
        words.append(bare)
        if bare != word:
            break
    if len(words) < 2:
        return None
    return " ".join(words), replaced.end()


def _held_after(roles: Sequence[RoleFact], period: FactPeriod | None) -> Sequence[RoleFact]:
    """ "Chủ tịch HĐND quận khi sơ kết 9 tháng năm 2023": asked at a part of a year, the holder is the one the
    first article after that part ends names (its review), not one elected later that year."""
    if period is None or period.year is None or period.kind not in (PeriodKind.QUARTER, PeriodKind.MONTHS, PeriodKind.CUTOFF):
        return roles
    month = 3 * period.part if period.kind is PeriodKind.QUARTER and period.part else period.part
    if not month or not 1 <= month <= 12:
        return roles
    day = period.day if period.kind is PeriodKind.CUTOFF and period.day else calendar.monthrange(period.year, month)[1]
    ended = f"{period.year:04d}-{month:02d}-{day:02d}"
    after = [r for r in roles if r.date and r.date > ended]
    if not after:
        return roles
    first = min(r.date for r in after if r.date)
    return [r for r in after if r.date == first]


def _names_role(quote: str, query: RoleQuery, abbreviations: Mapping[str, str]) -> bool:
    expanded = expand_abbreviations(quote, abbreviations) if abbreviations else quote
    words = set(re.findall(r"[^\W_]+", fold_accents(expanded).lower()))
    return set(query.head.split()) <= words and query.words <= words


def _part_of_a_name(key: str, names: set[str]) -> bool:
    """`key` is one of `names`, or their first words or last words."""
    return bool(key) and any(n == key or n.startswith(key + " ") or n.endswith(" " + key) for n in names)


_WORD_RUN = re.compile(r"[^\W_]+")
def _names_typed_in_lower_case(question: Question, library: Library) -> tuple[str, ...]:
    """ "nguyen anh cuong giu chuc vu gi": a person the articles name, typed without capitals (folded)."""
    padded = " " + " ".join(_WORD_RUN.findall(question.folded)) + " "
    return tuple(dict.fromkeys(
        key for key in (name_key(r.name) for r in library.facts.roles) if len(key.split()) >= 2 and f" {key} " in padded
    ))


def _held_decision(question: Question, library: Library, scope: FactScope, named: Sequence[str]) -> FactDecision:
    """ "Đồng chí X giữ chức vụ gì?": the roles the articles give the person named, in the year asked or the
    latest article's."""
    names = {fold_accents(n).lower() for n in named}
    own = [r for r in scope.roles if fold_accents(r.name).lower() in names]
    if not own:
        return FactDecision(None)  # a name the reader did not read with a role: the sentence path looks
    period = question.facts.period
    year = period.period.year if period is not None else None
    in_year = [r for r in own if year is None or year in (r.year, r.period_year)]
    if not in_year:
        slot = f"chức vụ của {own[0].name} năm {year}"
        return FactDecision(_missing(question, library, scope, slot, _stated_roles(own)))
    by_sentence: dict[tuple[str, int, int], list[RoleFact]] = {}
    for r in in_year:
        by_sentence.setdefault((r.source.doc_id, r.source.paragraph, r.source.sentence_index), []).append(r)
    latest = max(in_year, key=_role_order)
    newest = by_sentence[(latest.source.doc_id, latest.source.paragraph, latest.source.sentence_index)]
    held_now = {(r.head, r.body) for r in newest}
    # The sentence that lists most of the person's roles, among those that hold every role the newest names
    # ("Bí thư Quận ủy" lately, "Thành ủy viên, Bí thư Quận ủy, Chủ tịch HĐND quận" before): the fuller record
    # that the newest does not contradict.
    fullest = max(
        (group for group in by_sentence.values() if held_now <= {(r.head, r.body) for r in group}),
        key=lambda group: (len({(r.head, r.body) for r in group}), max(_role_order(r) for r in group)),
    )
    latest = max(fullest, key=_role_order)
    same_article = sorted(fullest, key=lambda r: r.role_start)
    first = same_article[0] if same_article else latest
    cited = _fact_citation(library, first, 1, role=True)
    if cited is None:
        return FactDecision(None)
    citation, start, end = cited
    roles = ", ".join(dict.fromkeys(_role_with_place(r) for r in same_article or [first]))
    held_text = first.role
    listed = _listed_roles(same_article)
    if listed is not None and citation.quote[start : start + len(listed)] == listed:
        held_text, end = listed, start + len(listed)  # "Bí thư Quận ủy, Chủ tịch HĐND quận": every role, as written
    direct = DirectAnswer(
        held_text, question.asked.kind, 1, start, end, period=None, place=None, fact=first.id,
        statement=f"{_as_of(library, first)}đồng chí {first.name} là {roles}",
    )
    return FactDecision(_answered(question, library, (citation,), direct))


def _listed_roles(roles: Sequence[RoleFact]) -> str | None:
    """The roles of one sentence written one after another ("A, B và C"), as one verbatim stretch; else None."""
    if len(roles) < 2:
        return None
    ordered = sorted(roles, key=lambda r: r.role_start)
    sentence = ordered[0].source.sentence
    for before, after in zip(ordered, ordered[1:]):
        if not re.fullmatch(r"\s*(?:,|và)\s*", sentence[before.role_end : after.role_start]):
            return None
    return sentence[ordered[0].role_start : ordered[-1].role_end]


_COMMITTEE_END = re.compile(r"(?:quan uy|huyen uy|thi uy)\s*$")
_DIVISION_END = re.compile(r"(?:quan|huyen|thi xa|quan uy|huyen uy|thi uy)\s*$")


_ABOVE_DISTRICT = ("thanh uy", "trung uong", "thanh pho", "quoc hoi", "tinh uy", "chinh phu")


def _role_with_place(fact: RoleFact) -> str:
    """ "Chủ tịch Hội đồng nhân dân quận Đống Đa": the role as written, its place named once."""
    folded = fold_accents(fact.role).lower()
    if not fact.district or fold_accents(fact.district).lower() in folded or any(b in folded for b in _ABOVE_DISTRICT):
        return fact.role  # "Thành ủy viên", "Ủy viên Trung ương Đảng": a body above the district's
    if _DIVISION_END.search(folded):
        if fact.district.isdigit() and _COMMITTEE_END.search(folded):
            return f"{fact.role} Quận {fact.district}"  # "Bí thư Quận ủy Quận 11", not "Quận ủy 11"
        return f"{fact.role} {fact.district}"
    return f"{fact.role} ({fact.place})"


def _as_of(library: Library, fact: RoleFact) -> str:
    """ "theo bài ngày 15/01/2021, ": a role holds as of the article that names it."""
    document = library.documents.get(fact.source.doc_id)
    if document is None:
        return ""
    label = _article_label(document)
    when = label[label.find("(") + 1 : -1] if "(" in label else ""
    return f"theo bài ngày {when}, " if "/" in when else f"theo bài năm {when}, " if when else ""


def _stated_roles(roles: Sequence[RoleFact]) -> tuple[str, ...]:
    # One line a person and role: "Bí thư Huyện ủy Đông Anh" and "Bí thư Huyện ủy" of one article are one role,
    # "Phó Bí thư thường trực" and "… Thường trực" too.
    stated: dict[tuple[str, str, str, int | None], str] = {}
    for role in sorted(roles, key=_role_order, reverse=True):
        year = f" ({role.year})" if role.year else ""
        stated.setdefault((role.head, role.body, name_key(role.name), role.year), f"{role.role}: {role.name}{year}")
        if len(stated) >= MAX_STATED:
            break
    return tuple(stated.values())


# ---------------------------------------------------------------- comparisons


def compare_from_facts(question: Question, request: ComparisonRequest, library: Library) -> Answer | None:
    """Rank the districts' facts of the measure asked: same status, same period, like units; else side by side.

    None when no district has a fact that fits: the sentence path compares as before."""
    lexicon = library.tables.lexicon
    asked = question.facts.period
    query = question.facts.ranked
    if query is None:
        return None
    if asked is not None and asked.period.kind is PeriodKind.TERM:
        query = dataclasses.replace(query, within=asked.period)  # "trong nhiệm kỳ 2015-2020": the term's figures
    elif asked is not None:
        query = dataclasses.replace(query, period=asked.period, period_text=question.text[asked.start : asked.end])
    grows = request.ranks_change
    documents = library.documents
    chosen: list[tuple[str, FigureFact]] = []
    other_period: list[tuple[str, FigureFact]] = []
    own = dict(question.own_periods)
    for district in request.districts:
        fitting = [f for f in library.facts.figures_of(district)
                   if measure_fits(f, query, lexicon) and status_fits(f, query) and f.status is not Status.BUDGET]
        fitting = [f for f in fitting if f.status is query.status or query.status is Status.RESULT]
        if grows or query.relation is Relation.GROWTH:
            fitting = [f for f in fitting if f.relation is Relation.GROWTH]  # never an amount ranked as a change
        asked_here = query
        if district in own:
            # "quận A (quý I/2025) hay huyện B (quý I/2026)": each district's figure of the period named with it.
            asked_here = dataclasses.replace(query, period=own[district], period_text=own[district].text)
        in_period = [f for f in fitting if period_fits(f, asked_here)]
        pool = in_period or fitting
        if not pool:
            continue
        best = max(pool, key=lambda f: (_period_order(f, documents), [-x for x in _preference(f, query)]))
        (chosen if in_period else other_period).append((district, best))
    if not chosen and not other_period:
        return None
    if query.period is None and query.within is None and chosen and not own:
        # No period asked: the latest period every district states is compared; other periods side by side.
        keys = {f.period.key if f.period else None for _, f in chosen}
        if len(keys) > 1:
            common = _latest_common_period(chosen, request, library, query, lexicon)
            if common is not None:
                chosen = common
            elif not request.named:
                # "Quận nào … cao nhất?" over the whole corpus: the period most districts state, the latest
                # of those; the others are shown apart, as figures of another period.
                chosen, apart = _most_shared_period(chosen, library, query, lexicon)
                other_period.extend(apart)
    # Each district's figure of its own period: only then are figures of different years compared.
    each_its_own = bool(own) and not other_period and all(district in own for district, _ in chosen)
    if len(chosen) < 2 and request.named and len(chosen) + len(other_period) >= 2:
        # "A quý I/2021 hay B quý I/2024 …": each district named has a figure, of different periods: shown
        # side by side, said not comparable, rather than one of them left out.
        chosen, other_period = chosen + other_period, []
    stated = {district for district, _ in chosen + other_period}
    # A district named that states no such figure may be the highest: no winner is named without it.
    incomplete = request.named and any(d not in stated for d in request.districts)
    if query.within is not None and other_period:
        incomplete = True  # a term asked: a district whose figure reads as another period's may be the term's highest
    return _ranked(question, request, library, chosen, other_period, compared_periods=False, incomplete=incomplete,
                   one_term=query.within is not None, own_periods=each_its_own)


def _ranked(
    question: Question, request: ComparisonRequest, library: Library, chosen: list[tuple[str, FigureFact]],
    other_period: list[tuple[str, FigureFact]], compared_periods: bool, incomplete: bool = False, one_term: bool = False,
    own_periods: bool = False,
) -> Answer | None:
    """The chosen facts ranked when they compare like with like (one period, or one place's periods of one
    kind), else side by side with the reason; each cited."""
    lexicon = library.tables.lexicon
    if compared_periods:
        comparable_periods = len({f.period.kind if f.period else None for _, f in chosen}) <= 1
    elif own_periods:
        # Each district of the period the question paired it with: the user chose the years; like spans compare.
        comparable_periods = len({(f.period.kind, f.period.part) if f.period else None for _, f in chosen}) <= 1
    else:
        # Figures of one term asked ("trong nhiệm kỳ 2015-2020") compare, whichever day each congress met.
        comparable_periods = one_term or len({f.period.key if f.period else None for _, f in chosen}) <= 1
    units = {f.dimension for _, f in chosen}
    note: str | None = None
    if len(chosen) < 2 or incomplete:
        note = "too_few"
    elif not comparable_periods:
        note = "periods"
    elif len(units) > 1:
        note = "units"
    ranked = list(chosen)
    if note is None:
        # "… giảm nhiều hơn": the falls are what is ranked, a rise below any of them.
        sign = -1 if lexicon.fall_pattern.search(fold_aligned(request.measure).lower()) else 1
        ranked.sort(key=lambda item: sign * signed_base(item[1], lexicon), reverse=request.direction == MAX)
        if signed_base(ranked[0][1], lexicon) == signed_base(ranked[1][1], lexicon):
            note = "tie"
    citations: list[Citation] = []
    values: list[ComparedValue] = []
    left_out: list[ComparedValue] = []
    for group, out in ((ranked, values), (other_period, left_out)):
        for district, fact in group:
            cited = _fact_citation(library, fact, len(citations) + 1)
            if cited is None:
                continue
            citations.append(cited[0])
            citation = cited[0]
            # A change with the word that says which way: "giảm 3,2%" is no 3,2% rise.
            value = _with_change_word(citation.quote, cited[1], cited[2], fact, lexicon)[0]
            label = _period_label(fact.period) or "?" if compared_periods else _district_label(district, library)
            period = None if compared_periods else _period_label(fact.period)
            out.append(ComparedValue(label, value, period, citation.n, fact.status.value))
    if not citations:
        return None
    direct = None
    if note is None and values:
        direct = DirectAnswer(values[0].district, "comparison", values[0].citation, period=values[0].period)
    return Answer(
        question.raw, False, tuple(citations), None, tuple(p.label for p in question.unknown_places), question.cut_at,
        library.coverage, direct=direct, comparison=tuple(values), comparable=note is None,
        comparison_direction=request.direction, comparison_note=note, comparison_left_out=tuple(left_out),
        asked_kind="comparison",
        compared_periods_of=chosen[0][1].place if compared_periods and chosen else None,
    )


def compare_periods_from_facts(question: Question, request: ComparisonRequest, library: Library) -> Answer:
    """Rank one place's figures of the measure asked over the periods the question names. Naming no place,
    each district's figures for those periods are listed, none chosen; a decline when none states them."""
    query = question.facts.ranked
    grows = request.ranks_change
    slot = f"{request.measure or 'số liệu'} {', '.join(p.label().lower() for p in request.periods)}".strip()
    if query is None:
        return _unplaced_decline(question, library, slot)
    if len(request.districts) != 1:
        listed = [pair for district in library.districts
                  for pair in _period_figures(district, request, query, library, grows)[0]]
        return _listed(question, library, listed) if listed else _unplaced_decline(question, library, slot)
    district = request.districts[0]
    chosen, fitting = _period_figures(district, request, query, library, grows)
    ranked = _ranked(question, request, library, chosen, [], compared_periods=True) if chosen else None
    if ranked is not None:
        return ranked
    scope = _district_scope(district, library)
    stated = list(dict.fromkeys(f"{_period_label(f.period) or '?'}: {f.value}" for f in fitting))[:MAX_STATED]
    return _missing(question, library, scope, slot, stated or _stated_figures(scope.figures))


def _period_figures(
    district: str, request: ComparisonRequest, query: FigureQuery, library: Library, grows: bool
) -> tuple[list[tuple[str, FigureFact]], list[FigureFact]]:
    """The district's figure of the measure for each period asked that it states, and every figure of the
    measure it states."""
    lexicon = library.tables.lexicon
    documents = library.documents
    fitting = [f for f in library.facts.figures_of(district)
               if measure_fits(f, query, lexicon) and status_fits(f, query) and f.status is not Status.BUDGET
               and (f.status is query.status or query.status is Status.RESULT)]
    if grows or query.relation is Relation.GROWTH:
        fitting = [f for f in fitting if f.relation is Relation.GROWTH]  # never an amount ranked as a change
    chosen: list[tuple[str, FigureFact]] = []
    for period in request.periods:
        in_period = [f for f in fitting if f.period is not None and same_period(period, f.period)]
        if in_period:
            best = max(in_period, key=lambda f: (_period_order(f, documents), [-x for x in _preference(f, query)]))
            chosen.append((district, best))
    return chosen, fitting


def _district_label(district: str, library: Library) -> str:
    """ "Đống Đa", but "Quận 5": a numbered district is named with its division word."""
    if not district[:1].isdigit():
        return district
    kind = next((d.district_kind for d in library.corpus.documents if d.district == district and d.district_kind), "quận")
    return f"{kind.capitalize()} {district}"


def _most_shared_period(
    chosen: list[tuple[str, FigureFact]], library: Library, query: FigureQuery, lexicon: Lexicon
) -> tuple[list[tuple[str, FigureFact]], list[tuple[str, FigureFact]]]:
    by_key: dict[object, dict[str, FigureFact]] = {}
    for district, _ in chosen:
        for fact in library.facts.figures_of(district):
            if fact.period and measure_fits(fact, query, lexicon) and fact.status in (Status.RESULT, Status.ESTIMATE):
                by_key.setdefault(fact.period.key, {}).setdefault(district, fact)
    if not by_key:
        return chosen, []
    best = max(by_key, key=lambda k: (len(by_key[k]), next(iter(by_key[k].values())).period.order))  # type: ignore[union-attr]
    if len(by_key[best]) < 2:
        return chosen, []
    kept = [(d, by_key[best][d]) for d, _ in chosen if d in by_key[best]]
    return kept, [(d, f) for d, f in chosen if d not in by_key[best]]


def _latest_common_period(
    chosen: list[tuple[str, FigureFact]], request: ComparisonRequest, library: Library, query: FigureQuery,
    lexicon: Lexicon,
) -> list[tuple[str, FigureFact]] | None:
    """The latest period for which every district states the measure, with each district's fact for it."""
    per_district: dict[str, dict[object, FigureFact]] = {}
    for district, _ in chosen:
        facts = [f for f in library.facts.figures_of(district)
                 if measure_fits(f, query, lexicon) and f.status in (Status.RESULT, Status.ESTIMATE) and f.period]
        per_district[district] = {}
        for fact in facts:
            per_district[district].setdefault(fact.period.key, fact)  # type: ignore[union-attr]
    shared = set.intersection(*(set(v) for v in per_district.values())) if per_district else set()
    if not shared:
        return None
    latest = max(shared, key=lambda key: next(iter(per_district.values()))[key].period.order)  # type: ignore[union-attr]
    return [(district, per_district[district][latest]) for district, _ in chosen]
