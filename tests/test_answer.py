"""Answers over the seed articles: the quote, the citation, and when to decline."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.links import citation_link, text_fragment
from bot.render.text import DEFAULT_TEMPLATES, answer_text, notice_text
from bot.service import Service
from retrieval.answering.sentence_answer import answer
from retrieval.config import AnswerSettings
from retrieval.corpus.loader import load_corpus
from retrieval.models import Answer
from retrieval.answering.analysis import read_question
from retrieval.search.library import Library, build_library

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DONG_DA = "000_0b6753d6958e9fca"


def ask(library: Library, text: str) -> Answer:
    settings = AnswerSettings()
    question = read_question(text, library.question_reader(settings.max_question_chars))
    return answer(question, library, library.tokenizer, settings, library.coverage)


def test_the_budget_question_quotes_the_sentence_with_its_citation(seed_service: Service) -> None:
    result = seed_service.ask("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?")
    assert not result.abstained
    top = result.citations[0]
    assert "11.085,046 tỷ đồng" in top.quote
    assert top.quote.startswith("Ước thu ngân sách trên địa bàn quận cả năm 2020")
    assert (top.doc_id, top.document.district, top.document.city, top.document.date) == (DONG_DA, "Đống Đa", "Hà Nội", "2021-01-15")
    assert citation_link(top) == f"seeds/{DONG_DA}.txt#L15"
    source_line = (SEEDS / f"{DONG_DA}.txt").read_text(encoding="utf-8").splitlines()[top.passage.line - 1]
    assert top.quote in source_line
    assert (
        f"[1] quận Đống Đa, Hà Nội · 15/01/2021 · Đảng bộ quận Đống Đa lãnh đạo hiệu quả toàn diện các mặt "
        f"công tác · seeds/{DONG_DA}.txt#L15"
    ) in answer_text(result)


@pytest.mark.parametrize(
    "question",
    [
        "nam 2020 quan dong da thu ngan sach duoc bao nhieu",
        "NĂM 2020 QUẬN ĐỐNG ĐA THU NGÂN SÁCH ĐƯỢC BAO NHIÊU?",
        "thu ngân sách Đống Đa 2020",
        "Nam 2020 Q. Dong Da thu NSNN duoc bao nhieu",
    ],
)
def test_the_same_sentence_however_the_question_is_typed(seed_service: Service, question: str) -> None:
    top = seed_service.ask(question).citations[0]
    assert top.doc_id == DONG_DA
    assert "11.085,046" in top.quote


@pytest.mark.parametrize(
    ("question", "doc_prefix", "expected"),
    [
        ("HĐND quận Đống Đa do ai làm chủ tịch?", "000", "Nguyễn Anh Cường"),
        ("Hội đồng nhân dân quận Đống Đa do ai làm chủ tịch?", "000", "Nguyễn Anh Cường"),
        ("Mặt trận Tổ quốc quận Hoàn Kiếm đã làm gì năm 2020?", "001", "MTTQ"),
        ("Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền?", "004", "54 đảng viên"),
        ("Long Biên thu hồi bao nhiêu mét vuông đất?", "003", "42.092m2"),
        ("Sơn Trà có bao nhiêu đảng viên hoàn thành tốt nhiệm vụ?", "004", "3891 Đảng viên"),
        ("Ai viết bài về quận Long Biên?", "003", "Đình Hiệp"),
        ("Bài viết về quận Long Biên được đăng ngày nào?", "003", "15/04/2024"),
        ("Báo nào đăng bài về quận Long Biên?", "003", "Báo Hànộimới"),
        ("Báo nào đăng bài về quận Đống Đa?", "000", "(LĐTĐ)"),
    ],
)
def test_answers_hold_the_fact(seed_service: Service, question: str, doc_prefix: str, expected: str) -> None:
    top = seed_service.ask(question).citations[0]
    assert top.doc_id.startswith(doc_prefix)
    assert expected in top.quote


def test_two_districts_get_a_quote_each(seed_service: Service) -> None:
    result = seed_service.ask("Thu ngân sách năm 2020 của quận Hoàn Kiếm và quận Đống Đa đạt bao nhiêu phần trăm dự toán?")
    by_district = {c.document.district: c.quote for c in result.citations}
    assert "105,1%" in by_district["Hoàn Kiếm"]
    assert "100,52%" in by_district["Đống Đa"]
    assert [c.n for c in result.citations] == list(range(1, len(result.citations) + 1))


@pytest.mark.parametrize(
    ("question", "reason", "named"),
    [
        ("Thu ngân sách quận Thanh Xuân năm 2021 là bao nhiêu?", "unknown_place", "quận Thanh Xuân"),
        ("Quận Ngũ Hành Sơn có bao nhiêu đảng viên?", "unknown_place", "quận Ngũ Hành Sơn"),
        ("Cách nấu phở bò ngon tại nhà?", "no_match", None),
        ("Thời tiết Hà Nội ngày mai thế nào?", "no_match", None),  # a covered city is no evidence
        ("Giá xăng hôm nay?", "no_match", None),
        ("Đội tuyển Việt Nam thắng mấy trận?", "no_match", None),  # "trận" only inside "Mặt trận"
        ("Cách nấu phở", "no_match", None),  # "phở" weighs as unknown, not as the common "phó"/"phố"  # "nay" of "sáng nay" is not "hôm nay"
        ("Hà Nội có bao nhiêu quận?", "no_match", None),  # only a word found everywhere
        ("What is the capital of France?", "no_match", None),
        ("zzzz ???", "no_match", None),
        ("", "empty", None),
        ("   \t ", "empty", None),
        ("🙂🙂", "empty", None),
        ("xin chào", "small_talk", None),
        ("Cảm ơn bạn nhiều!", "small_talk", None),
    ],
)
def test_declines_say_why_and_what_is_covered(seed_service: Service, question: str, reason: str, named: str | None) -> None:
    result = seed_service.ask(question)
    assert result.abstained
    assert result.citations == ()
    assert result.reason == reason
    assert "quận Đống Đa (Hà Nội)" in answer_text(result)  # says what the corpus does cover
    if named:
        assert named in answer_text(result)


def test_a_covered_and_an_uncovered_district_answers_and_warns(seed_service: Service) -> None:
    result = seed_service.ask("So sánh thu ngân sách quận Đống Đa và quận Thanh Xuân năm 2020")
    assert not result.abstained
    assert result.citations[0].document.district == "Đống Đa"
    assert notice_text(result, DEFAULT_TEMPLATES) and "quận Thanh Xuân" in notice_text(result, DEFAULT_TEMPLATES)


def test_a_very_long_question_is_cut_with_a_notice(seed_service: Service) -> None:
    result = seed_service.ask("Đống Đa thu ngân sách năm 2020 " + "x" * 10_000)
    assert notice_text(result, DEFAULT_TEMPLATES) is not None and "1000" in notice_text(result, DEFAULT_TEMPLATES)


def test_quotes_are_exact_substrings_of_their_paragraph(seed_service: Service) -> None:
    for question in ("Long Biên khởi công bao nhiêu dự án?", "Ba Đình thu ngân sách quý I/2021"):
        for citation in seed_service.ask(question).citations:
            passage = seed_service.library.passage_at(citation.doc_id, citation.paragraph)
            assert passage is not None and citation.quote in passage.text


def test_a_known_url_links_to_the_quote(tmp_path: Path) -> None:
    (tmp_path / "bai.txt").write_text(
        "Quận ủy Hải Châu: Tổng kết năm 2021\n\n15/01/2022 10:00\n\nNăm 2021, quận Hải Châu thu ngân sách đạt 5.000 tỷ đồng.\n",
        encoding="utf-8",
    )
    corpus = load_corpus(tmp_path, overrides={"bai": {"url": "https://example.org/bai"}})
    library = build_library(corpus, {})
    result = ask(library, "Hải Châu thu ngân sách bao nhiêu?")
    top = result.citations[0]
    assert top.document.district == "Hải Châu" and top.document.city == "Đà Nẵng"
    assert citation_link(top) == "https://example.org/bai" + text_fragment(top.quote)
    assert citation_link(top).startswith("https://example.org/bai#:~:text=N%C4%83m%202021%2C")


def test_text_fragment_names_both_ends_of_a_long_quote() -> None:
    fragment = text_fragment("một hai ba bốn năm sáu bảy tám chín mười mười-một")
    assert fragment == "#:~:text=m%E1%BB%99t%20hai%20ba%20b%E1%BB%91n%20n%C4%83m,b%E1%BA%A3y%20t%C3%A1m%20ch%C3%ADn%20m%C6%B0%E1%BB%9Di%20m%C6%B0%E1%BB%9Di%2Dm%E1%BB%99t"


def test_an_empty_corpus_declines(tmp_path: Path) -> None:
    library = build_library(load_corpus(tmp_path), {})
    result = ask(library, "Đống Đa thu ngân sách bao nhiêu?")
    assert result.abstained and result.reason == "empty_corpus"


def test_pasted_markup_is_ignored_for_matching_and_kept_in_the_answer(seed_service: Service) -> None:
    question = "<b>Đống Đa</b> năm 2020 thu ngân sách <i>bao nhiêu</i>?"
    result = seed_service.ask(question)
    assert result.question == question
    assert "11.085,046" in result.citations[0].quote


# Three sentences of about 190 characters each: a quote holding one of them and both neighbours is ~580 long.
MUSEUM = (
    "Bảo tàng Lịch sử thành phố mở cửa lần đầu vào mùa xuân năm 1958 tại một ngôi nhà cổ trên phố Tràng Tiền,"
    " với vài trăm hiện vật do các nhà sưu tầm trong vùng hiến tặng trong những năm đầu tiên. "
    "Đến năm 1972, bảo tàng được chuyển tới tòa nhà Viễn Đông bên bờ sông Hồng, nơi có đủ chỗ cho các phòng"
    " trưng bày lớn, một kho lưu trữ hiện vật hiện đại và một thư viện dành cho các nhà nghiên cứu. "
    "Ngày nay bảo tàng lưu giữ hơn 70 nghìn hiện vật, từ đồ gốm thời Lý, Trần đến các tài liệu về đời sống của"
    " người dân thành phố trong thế kỷ hai mươi, và mỗi năm đón khoảng 200 nghìn lượt khách tham quan.\n"
)


@pytest.mark.parametrize(
    ("question", "sentences"),
    [
        # a "which …" answer is a guess from where the question's words stand: the neighbours stay
        ("Năm 1972 bảo tàng được chuyển tới tòa nhà nào?", 3),
        # a count the sentence states: that sentence alone
        ("Bảo tàng lưu giữ bao nhiêu hiện vật?", 1),
    ],
)
def test_a_guessed_short_answer_keeps_its_neighbours_a_stated_one_does_not(
    tmp_path: Path, question: str, sentences: int
) -> None:
    (tmp_path / "bao_tang.txt").write_text("Bảo tàng Lịch sử thành phố\n\n" + MUSEUM, encoding="utf-8")
    result = ask(build_library(load_corpus(tmp_path), {}), question)
    assert not result.abstained and result.direct is not None
    quote = result.citations[0].quote
    assert sum(part in quote for part in ("mùa xuân năm 1958", "tòa nhà Viễn Đông", "70 nghìn hiện vật")) == sentences


def test_a_count_stated_by_a_quoted_neighbour_is_the_short_answer(tmp_path: Path) -> None:
    # The sentence most like the question says "nhiều quốc gia"; the next one, quoted with it, gives the count.
    (tmp_path / "amazon.txt").write_text(
        "Rừng Amazon\n\nRừng nhiệt đới Amazon bao phủ hầu hết lưu vực sông Amazon ở Nam Mỹ, một lưu vực rộng lớn trải"
        " qua lãnh thổ nhiều quốc gia Nam Mỹ. Tổng cộng là chín quốc gia.\n\nSông Hồng chảy qua hai quốc gia.\n",
        encoding="utf-8",
    )
    result = ask(build_library(load_corpus(tmp_path), {}), "Lưu vực sông Amazon ở Nam Mỹ trải qua lãnh thổ của bao nhiêu quốc gia?")
    assert result.direct is not None and result.direct.text == "chín quốc gia"
    quote = result.citations[result.direct.citation - 1].quote
    assert quote.startswith("Rừng nhiệt đới Amazon") and quote[result.direct.start : result.direct.end] == "chín quốc gia"


@pytest.mark.parametrize(
    "question",
    ["Báo nào đăng bài về quận Đống Đa?", "Bài về Đảng bộ quận Đống Đa được đăng trên báo nào?",  # where, not when
     "Bài về Đảng bộ quận Đống Đa là của tòa soạn nào?"],
)
def test_an_outlet_named_by_its_code_is_answered_with_its_name(seed_service: Service, question: str) -> None:
    direct = seed_service.ask(question).direct
    assert direct is not None and (direct.text, direct.basis, direct.start) == ("Lao động Thủ đô (LĐTĐ)", "(LĐTĐ)", None)


def test_an_outlet_is_named_as_the_article_names_it(seed_service: Service) -> None:
    direct = seed_service.ask("bai ve dang bo quan long bien dang tren bao nao").direct
    assert direct is not None and direct.text == "Báo Hànộimới"


def test_an_article_named_by_its_author_is_asked_its_date(seed_service: Service) -> None:
    direct = seed_service.ask("Bài viết về Đảng bộ Long Biên của tác giả Đình Hiệp được đăng ngày nào?").direct
    assert direct is not None and direct.text == "15/04/2024"
    direct = seed_service.ask("Tác giả bài viết về Long Biên là ai?").direct
    assert direct is not None and direct.text == "Đình Hiệp"
