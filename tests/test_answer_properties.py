"""Property-based tests of the answering core and the Telegram renderer: any input gives an answer or a
decline, quickly, with citations that point at real paragraphs, rendered as HTML Telegram accepts.

Inputs mix arbitrary Unicode (every category, lone surrogates included) with Vietnamese words from the
seed articles, district names, abbreviations, zero-width and combining marks, right-to-left text, emoji
and control characters. Example counts are kept modest so the file runs in seconds; README's
reliability section gives the figures.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import html
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.service import Service
from bot.render.telegram_html import MESSAGE_LIMIT, answer_parts, escape, split_html
from bot.render.text import answer_text, notice_text
from retrieval.models import Answer, Citation, Coverage, DeclineReason
from retrieval.text.clean import clean_text
from tests.fakebotapi import parse_html, utf16_len

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BOT = "tracuu_test_bot"
HANG_GUARD_SECONDS = 10.0  # not a speed test (benchmarks measure speed): only "it does not hang"
HUGE = 50_000

# ----------------------------------------------------------------------------- inputs

_SEED_WORDS = sorted({w for p in sorted(SEEDS.glob("*.txt")) for w in p.read_text(encoding="utf-8").split()})
_PLACES = [
    "quận Đống Đa", "Đống Đa", "dong da", "Sơn Trà", "son tra", "Long Biên", "Hoàng Mai", "Ba Đình",
    "Q. Đống Đa", "Q.Sơn Trà", "TP. Hà Nội", "TP.HCM", "Đà Nẵng", "Hà Nội", "quận 1", "huyện Mê Linh",
    "quận Atlantis", "tỉnh Không Có",
]
_ASKING = [
    "bao nhiêu", "bao nhieu", "ai", "khi nào", "ở đâu", "năm 2020", "năm 2021", "2019", "là gì", "?",
    "HĐND", "UBND", "hdnd", "đảng viên", "thu ngân sách", "chi bộ", "tác giả", "báo nào", "đăng ngày",
]
_ODD = [
    "\x00", "\t", "\r\n", "\x0b", "\x1b[31m", "\x7f", "\x85",  # control characters, NUL
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width and soft hyphen
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302\u0301", "\u20dd",  # combining marks
    "\u202e", "\u202d", "\u2066", "\u200f",  # bidi controls
    "مرحبا", "שלום", "ق", "\u0627\u0644\u0642\u0627\u0647\u0631\u0629",  # right-to-left text
    "😀", "👍🏽", "👨\u200d👩\u200d👧", "🇻🇳", "\U0001f600" * 3,  # emoji, ZWJ sequences, flags
    "\ud800", "\udfff", "\udbff\udc00"[::-1],  # lone (and reversed) surrogates
    "<b>", "</i>", "<a href='x'>", "&amp;", "&", "<", ">", "&#0;", "<tg-spoiler>", "<script>",
    "\ufffd", "\U0010ffff", "\uffff", "\ue000",  # replacement, noncharacter, private use
    "Ð", "ð", "ǅ", "ﬁ", "Ⅻ", "٣", "𝟚𝟘𝟚𝟘",  # look-alikes and other digits
]
ANY_CHAR = st.characters(exclude_categories=())  # every category, surrogates (Cs) included


def question_strategy(char: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Arbitrary text, text mixed with Vietnamese fragments and odd characters, and Vietnamese word salads."""
    fragments = st.one_of(
        st.sampled_from(_SEED_WORDS),
        st.sampled_from(_PLACES),
        st.sampled_from(_ASKING),
        st.sampled_from(_ODD),
        st.text(char, max_size=8),
    )
    separators = st.sampled_from([" ", "", "  ", "\n", "\u00a0", ",", "-"])
    mixed = st.lists(st.tuples(fragments, separators), max_size=25).map(lambda pairs: "".join(f + s for f, s in pairs))
    return st.one_of(st.text(char, max_size=200), mixed, vietnamese_questions)


vietnamese_questions = st.lists(
    st.one_of(st.sampled_from(_SEED_WORDS), st.sampled_from(_PLACES), st.sampled_from(_ASKING)), min_size=1, max_size=14
).map(" ".join)
questions = question_strategy(ANY_CHAR)

HUGE_INPUTS = {
    "letters": "x" * HUGE,
    "vietnamese": ("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu? " * 1000)[:HUGE],
    "one word": "Đống" * (HUGE // 4),
    "combining": ("a" + "\u0301" * 9) * (HUGE // 10),
    "zero width": "\u200b" * HUGE,
    "nul": "\x00" * HUGE,
    "emoji": "😀" * HUGE,
    "rtl": ("مرحبا " * HUGE)[:HUGE],
    "surrogates": "\ud800" * HUGE,
    "digits": "1" * HUGE,
    "district names": ("quận Đống Đa quận Sơn Trà " * 2000)[:HUGE],
}

# ----------------------------------------------------------------------------- checks


class Core:
    """The seed service, shown briefly in Hypothesis's falsifying examples (not its whole gazetteer)."""

    def __init__(self, service: Service) -> None:
        self.service, self.settings, self.library, self.templates = (
            service, service.settings, service.library, service.templates
        )

    def ask(self, question: str) -> Answer:
        return self.service.ask(question)

    def __repr__(self) -> str:
        return "<seed service>"


@pytest.fixture(scope="module")
def core(seed_service: Service) -> Core:
    return Core(seed_service)


_pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="answer-guard")
EXAMPLES = 400  # per property; the figures in README's reliability section come from these counts
PROPERTIES = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def ask_within_guard(service: Core, question: str) -> Answer:
    """service.ask(question), failing the test instead of hanging when it does not return."""
    future = _pool.submit(service.ask, question)
    try:
        return future.result(timeout=HANG_GUARD_SECONDS)
    except concurrent.futures.TimeoutError:
        pytest.fail(f"answer() did not return within {HANG_GUARD_SECONDS:g} s for {question[:80]!r}…")


def check_answer(service: Core, question: str, result: Answer) -> None:
    """What every answer promises, whatever the question."""
    library = service.library
    assert isinstance(result, Answer)
    assert result.question == clean_text(question)[0]  # NUL and lone surrogates replaced
    text = answer_text(result, service.templates)
    assert text.strip()
    # A decline cites nothing, except one that offers what the articles state for another period.
    assert result.abstained == (not result.citations or result.offered is not None)
    assert result.abstained == (result.reason is not None)
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))
    for citation in result.citations:
        passage = library.passage_at(citation.doc_id, citation.paragraph)
        assert passage is not None, (citation.doc_id, citation.paragraph)
        assert citation.quote and citation.quote in passage.text
        assert len(citation.quote) <= service.settings.answer.max_quote_chars
        assert citation.passage.line == passage.line
    # Everything shown to the user can be sent: no lone surrogate leaks from the question into the body.
    text.encode("utf-8")
    (notice_text(result, service.templates) or "").encode("utf-8")


_ALLOWED_TAGS = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(), "s": set(),
    "strike": set(), "del": set(), "tg-spoiler": set(), "span": {"class"}, "a": {"href"}, "code": {"class"},
    "pre": set(), "blockquote": {"expandable"}, "tg-emoji": {"emoji-id"},
}
_PIECE = re.compile(
    r"<(?P<close>/)?(?P<name>[a-z][a-z-]*)(?P<attrs>(?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*>"
    r"|&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});"
    r"|[^<>&]+"
)
_ATTR = re.compile(r"([a-z-]+)(?:=\"([^\"]*)\")?")


def check_telegram_html(part: str) -> str:
    """Fail unless `part` is Telegram HTML: allowed tags and attributes, balanced, every <, > and & escaped.

    Returns the plain text, as Telegram would show it.
    """
    stack: list[str] = []
    position = 0
    while position < len(part):
        piece = _PIECE.match(part, position)
        assert piece is not None, f"unescaped {part[position]!r} at {position}: {part[max(0, position - 40):position + 40]!r}"
        position = piece.end()
        name = piece["name"]
        if name is None:
            continue
        assert name in _ALLOWED_TAGS, f"tag <{name}> is not in Telegram's subset"
        if piece["close"]:
            assert stack and stack[-1] == name, f"</{name}> closes {stack[-1:] or 'nothing'}"
            stack.pop()
            continue
        attrs = dict(_ATTR.findall(piece["attrs"]))
        assert set(attrs) <= _ALLOWED_TAGS[name], f"<{name}> with attributes {sorted(attrs)}"
        if name == "span":
            assert attrs.get("class") == "tg-spoiler"
        if name == "a":
            assert attrs.get("href", "").startswith(("https://", "http://", "tg://")), attrs
        stack.append(name)
    assert not stack, f"unclosed {stack}"
    part.encode("utf-8")  # sendable
    plain, _ = parse_html(part)  # and the Bot API's own parser (tests/fakebotapi.py) agrees
    assert utf16_len(part) <= MESSAGE_LIMIT
    assert 0 < utf16_len(plain) <= MESSAGE_LIMIT
    return plain


# ----------------------------------------------------------------------------- answer()


@PROPERTIES
@given(question=questions)
@example(question="")
@example(question="\x00")
@example(question="\ud800 quận Đống Đa \udfff bao nhiêu?")
@example(question="Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?")
@example(question="<b>quận Sơn Trà</b> &amp; có bao nhiêu đảng viên?")
@example(question="\u202eQuận Sơn Trà có bao nhiêu đảng viên\u202c")
def test_any_question_gets_an_answer_or_a_decline(core: Core, question: str) -> None:
    check_answer(core, question, ask_within_guard(core, question))


@pytest.mark.parametrize("kind", sorted(HUGE_INPUTS))
def test_huge_questions_are_cut_not_choked_on(core: Core, kind: str) -> None:
    question = HUGE_INPUTS[kind]
    assert len(question) == HUGE
    result = ask_within_guard(core, question)
    check_answer(core, question, result)


def _outcome(result: Answer) -> tuple[object, ...]:
    return result.abstained, result.reason, [(c.doc_id, c.paragraph, c.quote) for c in result.citations]


@settings(PROPERTIES, max_examples=EXAMPLES // 2)
@given(question=vietnamese_questions, data=st.data())
def test_invisible_differences_do_not_change_the_answer(core: Core, question: str, data: st.DataObject) -> None:
    """Decomposed accents, zero-width characters and odd spaces are typing accidents, not a new question."""
    nfd = unicodedata.normalize("NFD", question)
    positions = data.draw(st.lists(st.integers(0, len(question)), max_size=4, unique=True))
    invisible = data.draw(st.lists(st.sampled_from(["\u200b", "\u200c", "\u2060", "\ufeff", "\u00ad"]), min_size=len(positions), max_size=len(positions)))
    spaced = list(question)
    for where, char in sorted(zip(positions, invisible), reverse=True):
        spaced.insert(where, char)
    expected = _outcome(ask_within_guard(core, question))
    assert _outcome(ask_within_guard(core, nfd)) == expected
    assert _outcome(ask_within_guard(core, "".join(spaced))) == expected
    assert _outcome(ask_within_guard(core, question.replace(" ", "\u00a0"))) == expected


@settings(PROPERTIES, max_examples=EXAMPLES // 4)
@given(question=questions)
def test_answers_are_deterministic(core: Core, question: str) -> None:
    assert _outcome(ask_within_guard(core, question)) == _outcome(ask_within_guard(core, question))


# ----------------------------------------------------------------------------- the Telegram renderer


@st.composite
def library_citations(draw: st.DrawFn, service: Core) -> tuple[Citation, ...]:
    """1–6 citations of real paragraphs, quoting any stretch of them (up to the whole paragraph)."""
    passages = service.library.passages
    citations = []
    for n in range(1, draw(st.integers(1, 6)) + 1):
        passage = draw(st.sampled_from(passages))
        start = draw(st.integers(0, max(len(passage.text) - 1, 0)))
        end = draw(st.integers(start + 1, len(passage.text)))
        document = service.library.documents[passage.doc_id]
        document = dataclasses.replace(document, url=draw(st.sampled_from([None, "https://example.org/a?b=1&c=<2>"])))
        quote = passage.text[start:end].strip() or passage.text
        citations.append(Citation(n, document, passage, quote, 1.0))
    return tuple(citations)


@PROPERTIES
@given(data=st.data(), question=questions, notice=st.one_of(st.none(), questions.filter(str.strip)))
def test_rendered_answers_are_telegram_html_within_the_limit(
    core: Core, data: st.DataObject, question: str, notice: str | None
) -> None:
    citations = data.draw(st.one_of(st.just(()), library_citations(core)))
    text = data.draw(st.one_of(st.just("Xin lỗi, tôi không tìm thấy <nội dung> & …"), questions.filter(str.strip)))
    result = Answer(
        question,
        not citations,
        citations,
        None if citations else DeclineReason.NO_MATCH,
        unknown_places=(notice,) if notice else (),
        coverage=Coverage(2, (text,)),
    )
    parts = answer_parts(result, core.templates, BOT)
    assert parts
    plain = "\n".join(check_telegram_html(part) for part in parts)
    # User text is shown as typed, never interpreted: a short question appears whole, markup and all.
    echoed = " ".join(re.sub(r"[\ud800-\udfff]", "\ufffd", question).split())  # lone surrogates shown as �
    if 0 < len(echoed) <= 250:
        assert echoed in plain
    for citation in citations:
        if len(citation.quote) <= 600:
            assert " ".join(citation.quote.split()) in " ".join(plain.split())


@PROPERTIES
@given(question=questions)
def test_real_answers_render(core: Core, question: str) -> None:
    result = ask_within_guard(core, question)
    for part in answer_parts(result, core.templates, BOT):
        check_telegram_html(part)


_TAGGED = st.recursive(
    st.text(ANY_CHAR, max_size=120).map(escape),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map("".join),
        st.tuples(st.sampled_from(["b", "i", "u", "s", "code", "tg-spoiler", "blockquote", "blockquote expandable"]), inner).map(
            lambda t: f"<{t[0]}>{t[1]}</{t[0].split()[0]}>"
        ),
        inner.map(lambda s: f'<a href="https://t.me/{BOT}?start=p_x_1">{s}</a>'),
        st.just("\n\n"),
    ),
    max_leaves=12,
)


def _tag_overhead(text: str) -> int:
    """The most characters open tags (and their end tags) take at any point: what every part repeats."""
    stack: list[str] = []
    most = 0
    for tag in re.findall(r"<[^>]*>", text):
        if tag.startswith("</"):
            stack.pop()
        else:
            stack.append(tag)
            most = max(most, sum(len(t) + len(t.split()[0].rstrip(">")) + 2 for t in stack))
    return most


@PROPERTIES
@given(text=_TAGGED, limit=st.integers(min_value=120, max_value=600))
def test_split_html_keeps_every_character_in_valid_parts(text: str, limit: int) -> None:
    future = _pool.submit(split_html, text, limit)
    try:
        parts = future.result(timeout=HANG_GUARD_SECONDS)
    except concurrent.futures.TimeoutError:
        pytest.fail(f"split_html did not return for {text!r}, {limit}")
    except ValueError:
        assert _tag_overhead(text) > limit // 2  # only markup alone too long for a part may be refused
        return
    plains = []
    for part in parts:
        assert utf16_len(part) <= limit
        plains.append(check_telegram_html(part))
    original, _ = parse_html(text)
    assert re.sub(r"\s+", "", "".join(plains)) == re.sub(r"\s+", "", original)


def test_escape_round_trips_through_telegram_html() -> None:
    text = "<b>x</b> & &amp; \"q\" 'a' > <"
    plain, entities = parse_html(escape(text))
    assert plain == text and entities == []
    assert html.unescape(escape(text)) == text


def test_citation_quotes_are_rendered_from_the_library(core: Core) -> None:
    """The renderer only adds markup around a quote: the quote itself is the library's text."""
    result = core.ask("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?")
    assert result.citations
    single = dataclasses.replace(result, question="")
    plain = "\n".join(check_telegram_html(p) for p in answer_parts(single, core.templates, BOT))
    passage = core.library.passage_at(result.citations[0].doc_id, result.citations[0].paragraph)
    assert passage is not None and result.citations[0].quote in passage.text
    assert result.citations[0].quote in plain


@pytest.mark.parametrize(
    "bad",
    ["<b>open", "a & b", "a < b", "x > y", "<p>x</p>", '<a href="javascript:x">x</a>', "<b><i>x</b></i>",
     '<span class="x">x</span>', "<i onclick=\"x\">x</i>", "&nbsp;", "", "x" * (MESSAGE_LIMIT + 1)],
)
def test_the_html_check_itself_rejects_what_telegram_would(bad: str) -> None:
    with pytest.raises(AssertionError):
        check_telegram_html(bad)
