"""Rules a strict reader of district news expects, on invented articles the test writes: a fall is said and
ranked as a fall, a question typed with diacritics spells its measure, an event of several days is dated
whole, one capitalised syllable is no name, and of two asks joined by "và" the first is answered."""

from __future__ import annotations

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service
from retrieval.facts.query import spelling_key

_CAU_GIAY = """Quận Cầu Giấy sơ kết 6 tháng đầu năm 2023

Thứ sáu, 14/07/2023 08:00

Sáu tháng đầu năm 2023, tổng thu ngân sách trên địa bàn quận Cầu Giấy đạt 4.150 tỷ đồng, bằng 52,3% dự toán, tăng 11,3% so với cùng kỳ.

Sáu tháng đầu năm, quận có 12 chỉ tiêu và 30 nhiệm vụ thực hiện bảo đảm tiến độ. Chi ngân sách quận ước thực hiện 610 tỷ đồng, đạt 44% dự toán.

Đại hội đại biểu Đảng bộ quận lần thứ XI, nhiệm kỳ 2020 - 2025, được tổ chức từ ngày 10 đến 12/7/2020.

Ban Thường vụ Quận ủy ban hành Quy chế làm việc; Quy chế làm việc của Ủy ban Kiểm tra Quận ủy khóa XI.

Báo cáo kết quả công tác xây dựng Đảng, đồng chí Hoàng Minh Tiến – Phó Bí thư Thường trực Quận ủy, Chủ tịch HĐND quận cho biết: toàn Đảng bộ kết nạp 96 đảng viên mới.
"""

_TAN_BINH = """Quận Tân Bình: thu ngân sách 6 tháng giảm so với cùng kỳ

Thứ bảy, 15/07/2023 09:00

Sáu tháng đầu năm 2023, tổng thu ngân sách trên địa bàn quận Tân Bình đạt 3.980 tỷ đồng, bằng 49,6% dự toán, nhưng giảm 13,2% so với cùng kỳ do nhiều doanh nghiệp gặp khó khăn.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("changes")
    (folder / "601_cau-giay-6t-2023.txt").write_text(_CAU_GIAY, encoding="utf-8")
    (folder / "602_tan-binh-6t-2023.txt").write_text(_TAN_BINH, encoding="utf-8")
    return load_service(None, folder)


def _first_line(service: Service, question: str) -> str:
    return answer_text(service.ask(question)).splitlines()[0]


@pytest.mark.parametrize(
    ("question", "line", "values"),
    [
        ("6 tháng đầu năm 2023, quận nào có tốc độ tăng thu ngân sách cao hơn: Cầu Giấy hay Tân Bình?",
         "Cao hơn: Cầu Giấy — tăng 11,3% (6 tháng đầu năm 2023) [1].", ["tăng 11,3%", "giảm 13,2%"]),
        ("6 tháng đầu năm 2023, thu ngân sách quận nào giảm nhiều hơn: Cầu Giấy hay Tân Bình?",
         "Cao hơn: Tân Bình — giảm 13,2% (6 tháng đầu năm 2023) [1].", ["giảm 13,2%", "tăng 11,3%"]),
    ],
)
def test_a_fall_is_ranked_below_any_rise_and_said_as_a_fall(service: Service, question: str, line: str, values: list[str]) -> None:
    # A fall of 13,2% is the larger number, and no rise: ranked by its value alone it would win "tăng cao hơn".
    answer = service.ask(question)
    assert _first_line(service, question) == line
    assert [value.value for value in answer.comparison] == values


@pytest.mark.parametrize(
    "question",
    [
        "6 tháng đầu năm 2023, thu ngân sách quận Tân Bình tăng bao nhiêu phần trăm so với cùng kỳ?",
        "6 tháng đầu năm 2023, thu ngân sách quận Tân Bình tăng hay giảm bao nhiêu phần trăm so với cùng kỳ?",
    ],
)
def test_a_change_asked_as_a_rise_is_answered_with_the_fall_the_article_states(service: Service, question: str) -> None:
    # "… dự toán, nhưng giảm 13,2%": the word before the change says which way, behind a conjunction too.
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == "giảm 13,2%"
    assert "tăng 13,2%" not in _first_line(service, question)


@pytest.mark.parametrize(("word", "same"), [("ủy", "uỷ"), ("hòa", "hoà"), ("Chi", "chi")])
def test_a_spelling_is_the_same_whichever_vowel_carries_the_tone(word: str, same: str) -> None:
    assert spelling_key(word) == spelling_key(same)


def test_a_measure_typed_with_diacritics_is_not_answered_by_another_spelling(service: Service) -> None:
    # "Chi" (spending) typed with the question's diacritics is no "chỉ" of "12 chỉ tiêu".
    answer = service.ask("Chi 6 tháng đầu năm 2023 của Cầu Giấy là bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "610 tỷ đồng"
    # Typed without diacritics, the question spells nothing: the measure is read folded, as before.
    answer = service.ask("6 thang dau nam 2023 cau giay co bao nhieu chi tieu")
    assert answer.direct is not None and answer.direct.text == "12 chỉ tiêu"


def test_an_event_of_several_days_is_dated_whole(service: Service) -> None:
    answer = service.ask("Đại hội đại biểu Đảng bộ quận Cầu Giấy lần thứ XI được tổ chức khi nào?")
    assert answer.direct is not None and answer.direct.text == "từ ngày 10 đến 12/7/2020"


def test_one_capitalised_syllable_of_a_title_is_no_name(seed_service: Service) -> None:
    # The Đống Đa article lists "…; Quy chế làm việc của Uỷ ban kiểm tra Quận uỷ …": "Quy" opens a title.
    answer = seed_service.ask("Ai trình bày báo cáo tóm tắt tại Hội nghị Ban Chấp hành Đảng bộ quận Đống Đa?")
    assert answer.direct is None or answer.direct.text != "Quy"


def test_of_two_asks_joined_by_va_the_first_is_answered(service: Service) -> None:
    answer = service.ask("Ai báo cáo kết quả công tác xây dựng Đảng của quận Cầu Giấy và người đó giữ chức vụ gì?")
    assert answer.direct is not None and answer.direct.text == "Hoàng Minh Tiến"
    # Its quote states the second ask.
    assert "Phó Bí thư Thường trực" in answer.citations[0].quote
    answer = service.ask("6 tháng đầu năm 2023 quận Cầu Giấy thu ngân sách bao nhiêu và đạt bao nhiêu phần trăm dự toán?")
    assert answer.direct is not None and answer.direct.text == "4.150 tỷ đồng"


def test_how_a_figure_changed_is_answered_with_its_change(service: Service) -> None:
    question = "6 tháng đầu năm 2023, thu ngân sách quận Tân Bình thay đổi thế nào so với cùng kỳ?"
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == "giảm 13,2%"
    assert _first_line(service, question) == "6 tháng đầu năm 2023, quận Tân Bình thu ngân sách giảm 13,2% so với cùng kỳ [1]."


@pytest.mark.parametrize(
    "question",
    [
        "6 tháng đầu năm 2023 quận Cầu Giấy thu ngân sach đạt bao nhieu phần trăm dự toán?",
        "6 tháng đầu năm 2023 quận Cầu Giấy thu ngân sach đạt bao nhiêu phần trăm dự toan?",
        # One syllable typed bare that no article writes bare: a slip, not another word.
        "6 tháng đầu năm 2023 quận Cầu Giấy thu ngân sach đạt bao nhiêu phần trăm dự toán?",
    ],
)
def test_a_question_with_a_word_no_one_writes_bare_typed_bare_is_read_as_typed_in_haste(service: Service, question: str) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.fact is not None and answer.direct.text == "52,3%"
    # The answer spells the words as the article does.
    assert _first_line(service, question) == "6 tháng đầu năm 2023, quận Cầu Giấy thu ngân sách đạt 52,3% dự toán [1]."

