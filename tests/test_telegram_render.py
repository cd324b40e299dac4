"""Telegram HTML rendering, message splitting and deep-link payloads (pure: no network, no corpus)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from bot.render.telegram_html import (
    MESSAGE_LIMIT,
    PAGE_DATA,
    PAYLOAD,
    answer_html,
    answer_parts,
    citation_html,
    coverage_html,
    decode_payload,
    deep_link,
    encode_payload,
    escape,
    examples_keyboard,
    inline_results,
    paragraph_html,
    paragraph_keyboard,
    sources_html,
    split_html,
)
from bot.render.links import citation_link
from bot.render.text import DEFAULT_TEMPLATES, citation_line
from retrieval.models import Answer, Citation, Coverage, DeclineReason, Document, NameCorrection, Passage, PassageKind
from tests.fakebotapi import entity_texts, parse_html, plain_text

BOT = "tracuu_test_bot"
TEMPLATES = dict(DEFAULT_TEMPLATES)


def _passages(doc_id: str, texts: list[str]) -> tuple[Passage, ...]:
    kinds = [PassageKind.TITLE] + [PassageKind.BODY] * (len(texts) - 1)
    return tuple(
        Passage(doc_id, n, 2 * n - 1, text, (text,), kind) for n, (text, kind) in enumerate(zip(texts, kinds), start=1)
    )


DONG_DA = Document(
    doc_id="000_0b6753d6958e9fca",
    source="seeds/000_0b6753d6958e9fca.txt",
    passages=_passages("000_0b6753d6958e9fca", ["Tiêu đề", "Đoạn một.", "Ước thu ngân sách đạt 11.085,046 tỷ đồng."]),
    title="Đảng bộ quận Đống Đa lãnh đạo hiệu quả toàn diện các mặt công tác",
    district="Đống Đa",
    district_kind="quận",
    city="Hà Nội",
    date="2021-01-15",
    date_text="15/01/2021 11:53",
    year=2021,
    author="X.Sinh",
    outlet="Lao động Thủ đô",
)
ODD_ID = "bài viết số 2 (bản cũ)"
SON_TRA = Document(
    doc_id=ODD_ID,
    source=f"seeds/{ODD_ID}.txt",
    passages=_passages(ODD_ID, ["Tiêu đề <Sơn Trà>", "Một & hai."]),
    title="Quận ủy Sơn Trà <tổng kết> & triển khai",
    district="Sơn Trà",
    district_kind="quận",
    city="Đà Nẵng",
    year=2022,
    year_inferred=True,
    url="https://example.org/bai?id=1&x=2",
)
DOCUMENTS = {d.doc_id: d for d in (DONG_DA, SON_TRA)}


def _citation(
    n: int = 1, quote: str = "Ước thu ngân sách đạt 11.085,046 tỷ đồng.", document: Document = DONG_DA, paragraph: int = 3, **changes: object
) -> Citation:
    """A citation of `paragraph` of `document`, whose metadata `changes` overrides."""
    document = dataclasses.replace(document, **changes)
    return Citation(n, document, document.passages[paragraph - 1], quote, 18.8)


def _answer(*citations: Citation, question: str = "Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?") -> Answer:
    return Answer(question, False, citations)


def _declined(question: str, reason: DeclineReason, *places: str) -> Answer:
    return Answer(question, True, (), reason, places, coverage=Coverage(2, ("quận Đống Đa (Hà Nội)", "quận <Sơn Trà> & Co")))


_plain = plain_text
_entities = entity_texts


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# ----------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("A & B", "A &amp; B"),
        ("“trích” 'dẫn'", "“trích” 'dẫn'"),
        ("Đống Đa", "Đống Đa"),
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_html_in_the_question_is_escaped_and_parses() -> None:
    question = "<script>alert(1)</script> & <b>Đống Đa</b> thu bao nhiêu?"
    rendered = answer_html(_answer(_citation(), question=question), TEMPLATES, BOT)
    assert "<script>" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;Đống Đa&lt;/b&gt;" in rendered
    assert question in _plain(rendered)


def test_corpus_text_is_escaped_in_titles_quotes_and_urls() -> None:
    citation = _citation(
        quote="Thu <ngân sách> & chi",
        title=SON_TRA.title,
        url=SON_TRA.url,
    )
    rendered = answer_html(_answer(citation), TEMPLATES, BOT)
    plain = _plain(rendered)
    assert "Thu <ngân sách> & chi" in plain
    assert "Quận ủy Sơn Trà <tổng kết> & triển khai" in plain
    assert 'href="https://example.org/bai?id=1&amp;x=2#:~:text=Thu%20%3Cng%C3%A2n%20s%C3%A1ch%3E%20%26%20chi"' in rendered


# ----------------------------------------------------------------------------- answers


def test_answer_has_question_quote_in_blockquote_and_numbered_linked_citation() -> None:
    rendered = answer_html(_answer(_citation()), TEMPLATES, BOT)
    assert _entities(rendered, "blockquote") == ["Ước thu ngân sách đạt 11.085,046 tỷ đồng."]
    assert '<a href="https://t.me/tracuu_test_bot?start=p_000_0b6753d6958e9fca_3">[1]</a>' in rendered
    plain = _plain(rendered)
    assert plain.startswith("❓ Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?")
    assert "[1] Theo bài về quận Đống Đa:" in plain


def test_citation_names_place_date_title_like_the_cli_line() -> None:
    citation = _citation()
    cli = citation_line(citation, TEMPLATES)
    assert cli.startswith("[1] quận Đống Đa, Hà Nội · 15/01/2021 · Đảng bộ quận Đống Đa")
    plain = _plain(citation_html(citation, TEMPLATES, BOT))
    # Same line as the CLI, without the file link (the number is the link in a chat).
    assert plain == cli.removesuffix(" · " + citation_link(citation))


def test_citation_links_the_original_article_when_known() -> None:
    citation = _citation(quote="x", url="https://example.org/a")
    rendered = citation_html(citation, TEMPLATES, BOT)
    assert rendered.endswith('· <a href="https://example.org/a#:~:text=x">bài gốc</a>')


def test_long_quote_goes_in_an_expandable_blockquote() -> None:
    short = answer_html(_answer(_citation()), TEMPLATES, BOT)
    long = answer_html(_answer(_citation(quote="Câu dài. " * 100)), TEMPLATES, BOT)
    assert "<blockquote>" in short and "expandable" not in short
    assert "<blockquote expandable>" in long
    assert _entities(long, "expandable_blockquote")


def test_declined_answer_is_plain_escaped_text() -> None:
    declined = _declined("Quận <X>?", DeclineReason.UNKNOWN_PLACE, "quận <X>")
    rendered = answer_html(declined, TEMPLATES, BOT)
    assert "blockquote" not in rendered
    assert "Xin lỗi, kho bài viết chưa có bài nào về quận <X>." in _plain(rendered)
    assert "quận <Sơn Trà> & Co" in _plain(rendered)


def test_notice_comes_before_the_quotes() -> None:
    noticed = dataclasses.replace(_answer(_citation()), unknown_places=("quận Y",))
    plain = _plain(answer_html(noticed, TEMPLATES, BOT))
    assert plain.index("Lưu ý") < plain.index("Theo bài về")


def test_a_misspelt_name_is_said_how_it_was_read_before_the_quotes() -> None:
    corrected = dataclasses.replace(_answer(_citation()), corrected_names=(NameCorrection("Maastrich", "Maastricht"),))
    plain = _plain(answer_html(corrected, TEMPLATES, BOT))
    assert "(đã hiểu “Maastrich” là “Maastricht”)" in plain
    assert plain.index("đã hiểu") < plain.index("Theo bài về")


def test_a_5000_character_answer_is_split_into_valid_parts() -> None:
    sentences = [f"Câu số {i} nói về ngân sách & đảng viên của quận, với nhiều chi tiết cần trích." for i in range(70)]
    quote = " ".join(sentences)
    assert len(quote) > 5000
    parts = answer_parts(_answer(_citation(quote=quote)), TEMPLATES, BOT)
    assert len(parts) == 2
    for part in parts:
        assert _units(part) <= MESSAGE_LIMIT
        parse_html(part)  # raises like Telegram on unbalanced tags or broken entities
    quoted = "".join(_entities(parts[0], "expandable_blockquote") + _entities(parts[1], "expandable_blockquote"))
    assert quoted.replace(" ", "") == quote.replace(" ", "")
    assert all(s.endswith("trích.") for s in re.split(r"(?<=\.) ", _entities(parts[0], "expandable_blockquote")[0]))
    assert "[1] quận Đống Đa, Hà Nội · 15/01/2021" in _plain(parts[-1])


# ----------------------------------------------------------------------------- splitting


def test_short_text_is_one_part_unchanged() -> None:
    assert split_html("<b>Xin chào</b>\n\nbạn") == ["<b>Xin chào</b>\n\nbạn"]


def test_split_prefers_paragraph_boundaries() -> None:
    paragraphs = [f"Đoạn {i}. " + "chữ " * 150 for i in range(6)]
    parts = split_html("\n\n".join(p.strip() for p in paragraphs), limit=1000)
    assert all(_units(p) <= 1000 for p in parts)
    assert all(p.startswith("Đoạn ") for p in parts)
    assert sum(p.count("Đoạn ") for p in parts) == 6


def test_split_closes_and_reopens_tags() -> None:
    text = "<b>Tiêu đề</b>\n<blockquote>" + " ".join(f"Câu {i} &amp; <i>nghiêng {i}</i>." for i in range(200)) + "</blockquote>\nHết"
    parts = split_html(text, limit=500)
    assert len(parts) > 3
    for part in parts:
        assert _units(part) <= 500
        parse_html(part)
    assert all("<blockquote>" in p for p in parts[1:-1])
    joined = " ".join(_plain(p) for p in parts)
    assert joined.split() == _plain(text).split()


def test_split_cuts_a_word_without_spaces_outside_tags_and_entities() -> None:
    text = "<code>" + "a&amp;" * 900 + "</code>"
    parts = split_html(text, limit=1000)
    assert len(parts) > 1
    for part in parts:
        assert _units(part) <= 1000
        assert part.startswith("<code>") and part.endswith("</code>")
        parse_html(part)
    assert "".join(_plain(p) for p in parts) == "a&" * 900


def test_split_counts_utf16_units() -> None:
    text = " ".join(["😀"] * 3000)  # each emoji is two UTF-16 units
    parts = split_html(text)
    assert len(parts) == 3
    assert all(_units(p) <= MESSAGE_LIMIT for p in parts)


# ----------------------------------------------------------------------------- payloads


def test_plain_payload_round_trip() -> None:
    payload = encode_payload(DONG_DA.doc_id, 3)
    assert payload == "p_000_0b6753d6958e9fca_3"
    document, passage = decode_payload(payload, DOCUMENTS)  # type: ignore[misc]
    assert (document.doc_id, passage.number) == (DONG_DA.doc_id, 3)


def test_ids_that_do_not_fit_get_a_stable_hash_payload() -> None:
    payload = encode_payload(ODD_ID, 2)
    assert payload.startswith("h_") and PAYLOAD.fullmatch(payload)
    assert payload == encode_payload(ODD_ID, 2)
    found = decode_payload(payload, DOCUMENTS)
    assert found is not None and found[0].doc_id == ODD_ID and found[1].number == 2
    long_id = "x" * 70
    long_payload = encode_payload(long_id, 12345)
    assert len(long_payload) <= 64 and PAYLOAD.fullmatch(long_payload)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "p_000_0b6753d6958e9fca_99",  # no such paragraph
        "p_000_0b6753d6958e9fca_0",
        "p_000_0b6753d6958e9fca_x",
        "p_nope_1",
        "p__1",
        "p_1",
        "h_0123456789abcdef_1",  # no document with this hash
        "z_000_0b6753d6958e9fca_1",
        "../../etc/passwd",
        "p_000_0b6753d6958e9fca_3" + "0" * 50,
        "p_" + "a" * 70 + "_1",
        "p_000 0b6753d6958e9fca_3",
    ],
)
def test_forged_or_unknown_payloads_are_not_found(payload: str) -> None:
    assert decode_payload(payload, DOCUMENTS) is None


def test_deep_link_is_a_t_me_start_link() -> None:
    assert deep_link(BOT, DONG_DA.doc_id, 3) == "https://t.me/tracuu_test_bot?start=p_000_0b6753d6958e9fca_3"


# ----------------------------------------------------------------------------- paragraphs and lists


def test_paragraph_view_shows_metadata_and_text() -> None:
    rendered = paragraph_html(DONG_DA, DONG_DA.passages[2], TEMPLATES)
    plain = _plain(rendered)
    for expected in ("Đảng bộ quận Đống Đa", "quận Đống Đa, Hà Nội · 15/01/2021", "Tác giả: X.Sinh", "Đoạn 3/3"):
        assert expected in plain
    assert _entities(rendered, "blockquote") == ["Ước thu ngân sách đạt 11.085,046 tỷ đồng."]
    odd = paragraph_html(SON_TRA, SON_TRA.passages[1], TEMPLATES)
    assert "Quận ủy Sơn Trà <tổng kết> & triển khai" in _plain(odd)
    assert "năm 2022 (suy ra từ bài)" in _plain(odd)


def test_paragraph_keyboard_pages_and_links_the_original() -> None:
    first = paragraph_keyboard(DONG_DA, DONG_DA.passages[0]).inline_keyboard
    middle = paragraph_keyboard(DONG_DA, DONG_DA.passages[1]).inline_keyboard
    last = paragraph_keyboard(DONG_DA, DONG_DA.passages[2]).inline_keyboard
    assert [b.text for b in first[0]] == ["Đoạn sau »"]
    assert [b.callback_data for b in middle[0]] == ["p_000_0b6753d6958e9fca_1", "p_000_0b6753d6958e9fca_3"]
    assert [b.text for b in last[0]] == ["« Đoạn trước"]
    for row in middle:
        for button in row:
            assert PAGE_DATA.match(button.callback_data) and len(button.callback_data.encode()) <= 64
    son_tra = paragraph_keyboard(SON_TRA, SON_TRA.passages[1]).inline_keyboard
    assert son_tra[-1][0].url == SON_TRA.url
    assert son_tra[0][0].callback_data.startswith("h_")


def test_coverage_groups_districts_by_city_with_the_date_range() -> None:
    coverage = _plain(coverage_html([DONG_DA, SON_TRA], TEMPLATES))
    assert coverage == "Kho hiện có 2 bài viết về quận Đống Đa (Hà Nội); quận Sơn Trà (Đà Nẵng), đăng từ 15/01/2021 đến năm 2022."


def test_sources_lists_place_date_and_title_with_links() -> None:
    rendered = sources_html([DONG_DA, SON_TRA], TEMPLATES, BOT)
    plain = _plain(rendered)
    assert "1. quận Đống Đa, Hà Nội · 15/01/2021\nĐảng bộ quận Đống Đa" in plain
    assert "2. quận Sơn Trà, Đà Nẵng · năm 2022 (suy ra từ bài)" in plain
    assert "start=p_000_0b6753d6958e9fca_2" in rendered  # opens the first body paragraph


def test_example_buttons_carry_short_callback_data() -> None:
    keyboard = examples_keyboard(["Câu một?", "Câu hai?"])
    assert keyboard is not None
    assert [row[0].callback_data for row in keyboard.inline_keyboard] == ["q:0", "q:1"]
    assert examples_keyboard([]) is None


def test_inline_results_one_article_per_citation() -> None:
    second = _citation(n=2, quote="Câu thứ hai.", document=SON_TRA, paragraph=2)
    articles = inline_results(_answer(_citation(), second), TEMPLATES, BOT)
    assert len(articles) == 2
    assert articles[0].title == "quận Đống Đa, Hà Nội · 15/01/2021"
    content = articles[1].input_message_content.message_text
    assert "[1]" in _plain(content) and "Câu thứ hai." in _plain(content)
    assert len({a.id for a in articles}) == 2 and all(len(a.id.encode()) <= 64 for a in articles)
    declined = inline_results(_declined("?", DeclineReason.NO_MATCH), TEMPLATES, BOT)
    assert [a.title for a in declined] == ["Không tìm thấy câu trả lời"]
    assert declined[0].description == "Xin lỗi, tôi không tìm thấy nội dung trả lời câu hỏi này trong các bài viết hiện có."
