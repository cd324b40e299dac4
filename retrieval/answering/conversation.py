"""One turn of a conversation: read a follow-up in the light of the turn before, answer it, remember it."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from retrieval.answering.sentence_answer import answer
from retrieval.answering.comparison import ComparisonRequest
from retrieval.answering.comparison_answer import answer_comparison
from retrieval.config import AnswerSettings
from retrieval.answering.fact_answer import FactDecision, compare_from_facts, compare_periods_from_facts, decide
from retrieval.gazetteer import name_key
from retrieval.answering.followup import NO_ARTICLE, Places, TurnContext, remember, resolve
from retrieval.answering.kinds.styles import style
from retrieval.facts.model import Status
from retrieval.models import Answer, DeclineReason
from retrieval.answering.kinds.folding import fold_phrase
from retrieval.answering.analysis import Question, in_places, in_period, read_question
from retrieval.search.library import Library
from retrieval.text.folding import fold_aligned


_RETRIED = (DeclineReason.NO_MATCH, DeclineReason.SLOT_MISSING)
MAX_REWRITINGS = 4  # paraphrased readings tried before a decline stands


def _with_paraphrases(
    question: Question, declined: Answer, library: Library, settings: AnswerSettings, read: Callable[[str], Question],
    facts_declined: bool = False,
) -> Answer:
    """The question reworded by config/paraphrases.toml ("người trong Đảng" → "đảng viên") when the articles
    do not use its own words; the first reading that is answered wins, else the decline stands.

    facts_declined: the fact table itself declined the question (it knows the place and what it states): a
    rewording must then be answered from a fact too, matched as strictly; a sentence it reaches would
    bypass that matching ("Chủ tịch HĐND" reworded and answered with the Chủ tịch UBND's sentence)."""
    # When the fact table declined, a rewording may only move toward the articles' wording: a looser one
    # ("chi ngân sách" → "khoản chi") would let a fact of another measure through.
    rewritings = library.tables.paraphrases.rewritings(question.folded, toward_first=facts_declined)
    for rewriting in rewritings[:MAX_REWRITINGS]:
        reworded = dataclasses.replace(read(rewriting), raw=question.raw, documents=question.documents)
        result = answer_one(reworded, library, settings)
        if result.abstained:
            continue
        if facts_declined and (result.direct is None or result.direct.fact is None):
            continue
        if result.direct is not None or not style(question.asked.span).short_answer:
            return result
    return declined


def _declined_by_facts(question: Question, library: Library) -> bool:
    decision = decide(question, library)
    return decision.answer is not None and decision.answer.abstained or decision.decline is not None


def answer_one(question: Question, library: Library, settings: AnswerSettings) -> Answer:
    """From the fact table when it settles the question; else from sentences, unless the fact table vetoes
    the figure or name they give (it reads as another measure, period or role), when its decline stands."""
    decision = decide(question, library)
    replaced = _replaced_named(question)
    if replaced is not None and decision.answer is not None and _names(decision.answer, replaced):
        # "Ai được bầu làm Chủ tịch UBND thay ông X?": the holder the table knows is the one replaced; who came
        # after is told where the replacement is.
        decision = FactDecision(None)
    if decision.answer is not None and not _names_the_person_asked_about(question, decision.answer):
        return decision.answer
    if decision.answer is not None:
        decision = FactDecision(None)
    result = answer(question, library, library.tokenizer, settings, library.coverage,
                    library.tables.lexicon)
    if replaced is not None and _names(result, replaced):
        return dataclasses.replace(result, direct=None, abstained=True, citations=(), reason=DeclineReason.NO_MATCH)
    if _replaced_person_asked(question, result):
        return dataclasses.replace(result, direct=None, abstained=True, citations=(), reason=DeclineReason.NO_MATCH)
    if _names_the_person_asked_about(question, result):
        return dataclasses.replace(result, direct=None)
    if (result.direct is not None and len(question.districts) >= 2 and _ASKS_WHICH_SIDE.search(question.folded)
            and name_key(_DIVISION_WORD.sub("", result.direct.text.strip())) not in {name_key(d) for d in question.districts}):
        # "A và B, bên nào … hơn?" not read as a comparison: only one of the two places answers it.
        return dataclasses.replace(result, direct=None)
    if _not_the_document_asked(question, result):
        return dataclasses.replace(result, direct=None, abstained=True, citations=(), reason=DeclineReason.NO_MATCH)
    if _names_an_unasked_year(question, result):
        # "… năm 2022 và năm 2023, năm nào cao hơn?" answered "Năm 2024": a year the question chose between
        # is the only answer it can have; another year is a sentence about something else.
        return dataclasses.replace(result, direct=None, abstained=True, citations=(), reason=DeclineReason.NO_MATCH)
    figure = question.facts.figure
    if (decision.decline is None and result.direct is None and result.offered is None and not result.abstained
            and question.asked.kind == "none" and figure is not None and figure.status is not Status.RESULT):
        # "kế hoạch kết nạp đảng viên năm 2022 của huyện X" with no question word: a target no fact states;
        # the results quoted are no answer to it.
        return dataclasses.replace(result, abstained=True, citations=(), reason=DeclineReason.NO_MATCH)
    if decision.decline is None:
        return result
    if decision.off_topic is not None and result.direct is None and result.offered is None and decision.off_topic(result):
        return decision.decline
    asks_figure = style(question.asked.span).short_answer or question.asked.kind == "none"  # not a theme ("làm gì")
    unplaced = not question.districts and not question.cities and not question.documents
    if (result.direct is None and result.offered is None and not result.abstained and result.citations and asks_figure
            and unplaced and figure is not None):
        # A figure no district's facts state as asked, asked of none: quotes of any district are no answer.
        return decision.decline
    if (result.direct is None and result.offered is None and asks_figure and figure is not None
            and figure.status is not Status.RESULT):
        # "kế hoạch kết nạp đảng viên năm 2022 của huyện X": a target the facts do not state; quotes of results
        # are no answer to it.
        return decision.decline
    if not decision.veto_only:
        if result.abstained and result.offered is None:
            return decision.decline
        if result.direct is None and result.offered is None and style(question.asked.span).short_answer:
            return decision.decline  # a quote without the figure or name asked is no answer to it
    given = result if result.direct is not None else (
        dataclasses.replace(result, direct=result.offered.direct) if result.offered is not None else result
    )
    if decision.veto is not None and decision.veto(given):
        return decision.decline
    return result


_ASKS_WHICH_SIDE = re.compile(r"(?<![^\W_])(?:ben|noi|quan|huyen|dia phuong|don vi|thi xa)\s+nao(?![^\W_])")


def _names_the_person_asked_about(question: Question, result: Answer) -> bool:
    """ "Người tiền nhiệm của Chủ tịch UBND X Nguyễn Văn A chuyển sang làm gì?" answered "Nguyễn Văn A": the person
    the question names is what it asks about, never its short answer (a yes/no aside)."""
    if result.direct is None or question.asked.span == "yesno":
        return False
    given = fold_phrase(result.direct.text)
    # A name read short of its last syllable ("Lê Quang" of "Lê Quang Nam") still names that person.
    return any(given == name or (len(name.split()) >= 2 and given.startswith(name + " ")) for name in question.asked.names)


# "… thay ông Lê Văn A?", "thay cho đồng chí …": the person replaced, whom the question names.
_REPLACED_NAMED = re.compile(
    r"(?<![^\W_])(?i:thay\s+(?:cho\s+)?(?:ông|bà|đồng chí|ong|ba|dong chi|đ/c)\s+)"
    r"((?:[A-ZĐ][^\W\d_]*\s+){1,3}[A-ZĐ][^\W\d_]*)"
)


def _replaced_named(question: Question) -> str | None:
    found = _REPLACED_NAMED.search(question.text)
    return found.group(1) if found else None


def _names(result: Answer, person: str) -> bool:
    return result.direct is not None and name_key(result.direct.text) == name_key(person)


def _replaced_person_asked(question: Question, result: Answer) -> bool:
    """ "Nguyễn Quang Hiếu được bầu khi nào?" answered from "… ông Đỗ Anh Tuấn được bầu … thay ông Nguyễn Quang
    Hiếu": the person asked is the one replaced there, so the event is the other's."""
    if result.direct is None or not question.asked.names:
        return False
    cited = next((c for c in result.citations if c.n == result.direct.citation), None)
    if cited is None:
        return False
    quote = fold_aligned(cited.quote).lower()
    return any(re.search(rf"(?<![^\W_])thay\s+(?:cho\s+)?(?:ong|ba|dong chi)?\s*{re.escape(name)}(?![^\W_])", quote)
               for name in question.asked.names)


# "… theo nghị quyết nào?": a document asked by its kind; the answer names one ("Nghị quyết số 45/2021/QH15",
# "Chỉ thị 09-CT/TW"), never a term or a name that only stands near the word.
_DOCUMENT_ASKED = re.compile(
    r"(?<![^\W_])(?:nghi\s+quyet|chi\s+thi|ket\s+luan|quyet\s+dinh|thong\s+tri|de\s+an|cong\s+van|nghi\s+dinh"
    r"|thong\s+tu|van\s+ban)\s+(?:so\s+)?(?:nao|gi|may)(?![^\W_])"
)
_DOCUMENT_NAMED = re.compile(
    r"(?<![^\W_])(?:nghi\s+quyet|chi\s+thi|ket\s+luan|quyet\s+dinh|thong\s+tri|de\s+an|cong\s+van|nghi\s+dinh"
    r"|thong\s+tu|luat|hien\s+phap|van\s+ban)(?![^\W_])|\d+\s*[-/]\s*[^\W_]"
)


def _not_the_document_asked(question: Question, result: Answer) -> bool:
    """A short answer to "theo nghị quyết nào?" that names no document ("XVI" of "Quốc hội khóa XVI")."""
    if result.direct is None or _DOCUMENT_ASKED.search(question.folded) is None:
        return False
    return _DOCUMENT_NAMED.search(fold_aligned(result.direct.text).lower()) is None


def _names_an_unasked_year(question: Question, result: Answer) -> bool:
    """A date answered to a question naming two years or more that names a year none of them is."""
    if result.direct is None or result.direct.kind != "date" or len(question.years) < 2:
        return False
    stated = {int(year) for year in _YEAR_IN_ANSWER.findall(result.direct.text)}
    return bool(stated) and not stated <= set(question.years)


_YEAR_IN_ANSWER = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Turn:
    answer: Answer
    context: TurnContext  # what the next question may lean on


def _with_pool(question: Question, library: Library) -> ComparisonRequest | None:
    """The question's comparison over the districts it ranks: those named, else the city's or the corpus's."""
    request = question.comparison
    if request is None or request.named or request.periods:
        return request
    if question.unknown_places and question.districts:
        # "Tây Hồ và Cầu Giấy, quận nào …" with no article on Cầu Giấy: the districts named are the ones
        # compared, and one of them has no figure here; no other district stands in for it.
        return dataclasses.replace(request, districts=question.districts, named=True)
    return dataclasses.replace(request, districts=_compared_pool(question, library))


def _compared_pool(question: Question, library: Library) -> tuple[str, ...]:
    """The districts a superlative ranks: the corpus's, or those of the city the question names ("ở TP.HCM")."""
    if not question.cities or len(question.districts) >= 2:
        return library.districts
    keys = {name_key(city) for city in question.cities}
    own = tuple(dict.fromkeys(
        d.district for d in library.corpus.documents if d.district and d.city and name_key(d.city) in keys
    ))
    return own or library.districts


# No article has this id: a question about the article of a date none has is answered from no article.
_NO_ARTICLE = NO_ARTICLE


def _published_on(question: Question, library: Library) -> tuple[str, ...]:
    """ "Bài đăng ngày 20/05/2024 …": the articles of that date (none of the corpus's when no article has it)."""
    if question.published_on is None:
        return ()
    dated = tuple(d.doc_id for d in library.corpus.documents if d.date == question.published_on)
    return dated or _NO_ARTICLE


_MID_TERM = re.compile(r"(?<![^\W_])(?:so ket|danh gia)?\s*(?:giua|nua)\s+nhiem\s+ky(?![^\W_])")


def _mid_term_review(question: Question, library: Library) -> tuple[str, ...]:
    """ "Sơ kết giữa nhiệm kỳ, Thanh Khê kết nạp bao nhiêu đảng viên?": the article of the district's mid-term
    review, by its title and lead; none when the question names no one district or no such article is held."""
    if len(question.districts) != 1 or not _MID_TERM.search(question.folded) or question.periods:
        return ()
    district = name_key(question.districts[0])
    found = []
    for document in library.corpus.documents:
        if not document.district or name_key(document.district) != district:
            continue
        if _MID_TERM.search(fold_aligned(document.lead()).lower()):
            found.append(document.doc_id)
    return tuple(found)


MAX_NEAREST_DATES = 3


def _undated(question: Question, library: Library) -> Answer:
    """No article has the publication date asked: say so, with the dates nearest to it that articles have."""
    asked = date.fromisoformat(question.published_on or "")
    dated = {d.date for d in library.corpus.documents if d.date}
    nearest = sorted(dated, key=lambda d: (abs((date.fromisoformat(d) - asked).days), d))[:MAX_NEAREST_DATES]
    return Answer(question.raw, True, reason=DeclineReason.NO_MATCH, cut_at=question.cut_at, coverage=library.coverage,
                  undated=question.published_on, nearest_dates=tuple(nearest))


def respond(text: str, previous: TurnContext | None, library: Library, settings: AnswerSettings) -> Turn:
    """Answer `text`; a follow-up inherits what `previous` established (place, period, topic, article)."""
    reader = library.question_reader(settings.max_question_chars)
    places = Places.of(reader)
    typed = read_question(text, reader)
    resolution = resolve(typed.text, previous, places, typed)  # slips and misspellings already read
    readings = (settings.max_question_chars, library.districts, library.cities)
    if resolution.places_swapped and previous is not None:
        # The question before of other places: its analysis, derived (read again only after a restart).
        prior = library.readings.get(readings, previous.question) or read_question(previous.question, reader)
        question = in_places(prior, typed, reader.tokenizer, resolution.question)
    elif resolution.period_swapped and previous is not None:
        # The question before of another period: its reading, with the periods of the words shown.
        prior = library.readings.get(readings, previous.question) or read_question(previous.question, reader)
        question = in_period(prior, reader.tokenizer, resolution.question) or read_question(resolution.question, reader)
    elif resolution.followup:
        question = read_question(resolution.question, reader)  # what the follow-up stands for, read as such
    else:
        question = typed
    library.readings.keep(readings, question)
    question = dataclasses.replace(
        question, raw=text, before_holder=resolution.before_holder,
        documents=resolution.doc_ids or _published_on(question, library) or _mid_term_review(question, library))

    def read(asked: str) -> Question:
        return read_question(asked, reader)

    request = None if question.documents else _with_pool(question, library)
    if question.published_on is not None and question.documents == _NO_ARTICLE:
        result = _undated(question, library)
    elif request is not None and request.periods:
        result = compare_periods_from_facts(question, request, library)
    elif request is not None and (len(request.districts) >= 2 or request.named and question.unknown_places):
        result = compare_from_facts(question, request, library) or answer_comparison(question, request, library, settings)
    else:
        result = answer_one(question, library, settings)
        # A figure offered for another period is what the article states: a rewording is not tried over it.
        if result.reason in _RETRIED and result.offered is None:
            result = _with_paraphrases(question, result, library, settings, read, _declined_by_facts(question, library))
    result = dataclasses.replace(
        result, resolved_question=resolution.resolved_question, corrected_names=question.corrected_names
    )
    if (question.before_holder is not None and result.direct is not None
            and name_key(result.direct.text) == name_key(question.before_holder)):
        # "ông này thay ai?": the person answered before is never the one they replaced.
        result = dataclasses.replace(result, direct=None, abstained=True, citations=(), reason=DeclineReason.NO_MATCH)
    if resolution.stated_figure is not None and result.direct is not None and not _quotes(result, resolution.stated_figure):
        # "ai cho biết con số đó?": a person quoted in a sentence that does not state that figure did not state it.
        result = dataclasses.replace(result, direct=None, abstained=True, citations=(), reason=DeclineReason.NO_MATCH)
    cited = [c.doc_id for c in result.citations]
    direct = result.direct.text if result.direct else None
    context = remember(question, places, cited, direct)
    if resolution.stated_figure is not None and previous is not None:
        # The conversation stays on the figure: "còn chi ngân sách?" next asks a figure again.
        context = dataclasses.replace(previous, answer=direct or previous.answer, doc_ids=tuple(cited) or previous.doc_ids)
    if context.kind == "person" and direct:
        context = dataclasses.replace(context, person=direct)
    answered_place = _district_answered(direct, library) if context.kind == "district" else None
    if answered_place is not None and not context.districts:
        # "Đồng chí X làm Chủ tịch UBND quận nào?" → "Quận 10": the next "quận đó" is that district.
        context = dataclasses.replace(context, districts=(answered_place,))
    elif previous is not None and resolution.followup and previous.person:
        context = dataclasses.replace(context, person=previous.person)  # still the person talked about
    named = question.districts or question.cities or question.unknown_places
    if previous is not None and previous.districts and context.districts and context.districts != previous.districts:
        context = dataclasses.replace(context, earlier_districts=previous.districts)
    elif previous is not None:
        context = dataclasses.replace(context, earlier_districts=previous.earlier_districts)
    if previous is not None and (resolution.followup or (result.abstained and not named)):
        # A follow-up, or a turn naming no place that found nothing, leaves the conversation where it was.
        context = _still_about(context, previous)
    return Turn(result, context)


_DIVISION_WORD = re.compile(r"^(?:quận|huyện|thị xã|quan|huyen|thi xa)\s+", re.IGNORECASE)


def _district_answered(answer: str | None, library: Library) -> str | None:
    """The corpus district a place answer names ("Quận 10" → "10")."""
    if not answer:
        return None
    key = name_key(_DIVISION_WORD.sub("", answer.strip()))
    return next((d for d in library.districts if name_key(d) == key), None)


def _quotes(result: Answer, figure: str) -> bool:
    cited = next((c for c in result.citations if result.direct is not None and c.n == result.direct.citation), None)
    return cited is not None and figure in cited.quote


def _still_about(context: TurnContext, previous: TurnContext) -> TurnContext:
    """A follow-up that names no place or period ("ai viết bài này?") leaves the conversation where it was:
    the next turn's "lúc đó", "huyện" still mean the place and year before."""
    if not context.districts and not context.cities:
        context = dataclasses.replace(context, districts=previous.districts, cities=previous.cities)
    if not context.years and context.quarter is None:
        context = dataclasses.replace(context, years=previous.years, quarter=previous.quarter)
    if not context.doc_ids:
        context = dataclasses.replace(context, doc_ids=previous.doc_ids)  # "bài đó" is still the article before
    return context
