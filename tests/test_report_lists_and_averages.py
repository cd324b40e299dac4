"""How district reports write what they report: a count's share aside in brackets, results made known later,
tasks set out for the rest of the year, a figure set against the city's average, offices of other bodies."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import Service, load_service
from tests.test_fact_query import _facts

_YEAR_2022 = """Quận Thanh Khê tổng kết năm 2022

Thứ năm, 29/12/2022 09:00

Ngày 28/12/2022, Ban Chấp hành Đảng bộ quận Thanh Khê tổ chức hội nghị tổng kết năm 2022.

Giải ngân vốn đầu tư công cả năm ước đạt 81,2% kế hoạch vốn, cao hơn mức bình quân của thành phố (74,6%). Chủ đề năm 2022 được quận lựa chọn là "Năm chỉnh trang đô thị ven biển".

Đồng chí Phan Văn Hòa, Chủ tịch UBND quận, trình bày báo cáo tại hội nghị.
"""

_HALF_2023 = """Quận Thanh Khê sơ kết 6 tháng đầu năm 2023

Thứ tư, 12/07/2023 10:00

Ngày 11/7/2023, Ban Chấp hành Đảng bộ quận Thanh Khê tổ chức hội nghị sơ kết 6 tháng đầu năm 2023.

Giải ngân vốn đầu tư công đạt 38,2% kế hoạch vốn, trong khi bình quân toàn thành phố đạt 29,5%. Năm 2023, quận chọn chủ đề "Năm chuyển đổi số ở phường".

Kết quả đánh giá, xếp loại năm 2022 được công bố đầu năm 2023: trong 52 tổ chức cơ sở đảng, có 14 tổ chức (26,9%) hoàn thành xuất sắc nhiệm vụ, 35 tổ chức (67,3%) hoàn thành tốt nhiệm vụ và 3 tổ chức hoàn thành nhiệm vụ.

Tiến độ giải ngân chưa đạt yêu cầu, nguyên nhân là dự án kè biển còn vướng mặt bằng của 12 hộ dân.

Ban Thường vụ Quận ủy đã ban hành 6 kế hoạch cụ thể hóa Nghị quyết Đại hội Đảng bộ thành phố lần thứ XXII.

Kết luận hội nghị, Bí thư Quận ủy Lê Minh Châu yêu cầu 6 tháng cuối năm tập trung: hoàn thành giải phóng mặt bằng dự án kè biển; giải ngân vốn đầu tư công đạt trên 95%; còn 3 phường là Chính Gián, Tân Chính và Xuân Hà cần hoàn thiện hồ sơ chuyển đổi số.
"""


@pytest.fixture(scope="module")
def thanh_khe(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("thanh-khe")
    (folder / "701_thanh-khe-2022.txt").write_text(_YEAR_2022, encoding="utf-8")
    (folder / "702_thanh-khe-6-thang-2023.txt").write_text(_HALF_2023, encoding="utf-8")
    return load_service(None, folder)


def test_a_count_with_its_share_aside_keeps_what_the_counted_achieved() -> None:
    sentence = ("Trong 52 tổ chức cơ sở đảng, có 14 tổ chức (26,9%) hoàn thành xuất sắc nhiệm vụ, 35 tổ chức (67,3%) "
                "hoàn thành tốt nhiệm vụ và 3 tổ chức hoàn thành nhiệm vụ.")
    read = {f.value: f for f in _facts(sentence)}
    assert list(read) == ["52 tổ chức", "14 tổ chức", "26,9%", "35 tổ chức", "67,3%", "3 tổ chức"]
    assert {"xuat", "sac"} <= set(read["14 tổ chức"].measure_words)
    assert {"tot"} <= set(read["35 tổ chức"].measure_words) and "xuat" not in read["35 tổ chức"].measure_words
    assert read["26,9%"].of == read["14 tổ chức"].id and read["26,9%"].quoted == sentence


def test_the_tasks_set_out_for_the_rest_of_the_year_are_targets() -> None:
    sentence = ("Kết luận hội nghị, Bí thư Quận ủy yêu cầu 6 tháng cuối năm tập trung: hoàn thành giải phóng mặt "
                "bằng dự án kè biển; giải ngân vốn đầu tư công đạt trên 95%.")
    (fact,) = _facts(sentence)
    assert fact.value == "95%" and fact.status.value == "target"
    assert fact.period is None or fact.period.text != "6 tháng"  # "6 tháng cuối năm" is no first half


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # Results made known early in 2023 are of 2022.
        ("Năm 2022 quận Thanh Khê có bao nhiêu tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ?", "14 tổ chức"),
        ("Năm 2023 quận Thanh Khê có bao nhiêu tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ?", None),
        # Another year's theme is no answer; nor is the office of another body.
        ("Chủ đề năm 2023 của quận Thanh Khê là gì?", "Năm chuyển đổi số ở phường"),
        ("Chủ tịch HĐND quận Thanh Khê năm 2022 là ai?", None),
        ("Chủ tịch UBND quận Thanh Khê năm 2022 là ai?", "Phan Văn Hòa"),
        # The figure against the average stated beside it, in the report of the period asked.
        ("6 tháng đầu năm 2023 quận Thanh Khê giải ngân vốn đầu tư công có cao hơn mức bình quân của thành phố không?",
         "Có"),
        # The names listed with the one the question's "nào" stands by.
        ("Những phường nào của Thanh Khê cần hoàn thiện hồ sơ chuyển đổi số?", "Chính Gián, Tân Chính và Xuân Hà"),
        # Made in other words than the article's ("đưa ra", "làm" for "ban hành").
        ("Ban Thường vụ Quận ủy Thanh Khê đưa ra bao nhiêu kế hoạch để cụ thể hóa Nghị quyết Đại hội Đảng bộ thành phố?",
         "6 kế hoạch"),
        ("BTV Quận ủy Thanh Khê làm mấy kế hoạch cụ thể hóa Nghị quyết Đại hội Đảng bộ thành phố?", "6 kế hoạch"),
        # A cause named after the fact it explains.
        ("Vì sao 6 tháng đầu năm 2023 Thanh Khê giải ngân vốn đầu tư công chưa đạt yêu cầu?",
         "dự án kè biển còn vướng mặt bằng của 12 hộ dân"),
    ],
)
def test_reports_of_several_periods(thanh_khe: Service, question: str, direct: str | None) -> None:
    answer = thanh_khe.ask(question)
    assert (answer.direct.text if answer.direct else None) == direct


def test_a_yes_no_after_a_figure_asks_it_of_that_figure(thanh_khe: Service) -> None:
    turns = ["Năm 2022 quận Thanh Khê giải ngân vốn đầu tư công đạt bao nhiêu?",
             "Có cao hơn mức chung của thành phố không?", "6 tháng đầu năm 2023 thì sao?"]
    answer = thanh_khe.ask_turns(turns)
    assert answer.resolved_question == (
        "6 tháng đầu năm 2023 quận Thanh Khê giải ngân vốn đầu tư công có cao hơn mức chung của thành phố không?")
    assert answer.direct is not None and answer.direct.text == "Có"
    assert answer.citations[0].doc_id == "702_thanh-khe-6-thang-2023"


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Đại hội diễn ra vào những ngày nào?", "Trong hai ngày 15 và 16/7/2020, Đại hội diễn ra thành công.",
         "15 và 16/7/2020"),
        ("Đại hội diễn ra vào những ngày nào?", "Trong hai ngày 15, 16/7/2020, Đại hội diễn ra thành công.",
         "15, 16/7/2020"),
    ],
)
def test_days_listed_together(question: str, sentence: str, expected: str) -> None:
    from retrieval.answering.kinds import candidates, read_asked

    assert candidates(read_asked(question), sentence)[0].text == expected


@pytest.mark.parametrize(
    ("text", "kind", "year", "part"),
    [
        ("Giữa năm 2021, huyện có bao nhiêu hộ nghèo?", "months", 2021, 6),  # the half-year review's time
        ("giua nam 2021 ho ngheo", "months", 2021, 6),
        ("Đầu năm 2022, quận có bao nhiêu hộ nghèo?", "year", 2022, None),
    ],
)
def test_times_of_year_said_in_words(text: str, kind: str, year: int, part: int | None) -> None:
    from retrieval.facts.periods import find_periods

    (found,) = find_periods(text)
    assert (found.period.kind.value, found.period.year, found.period.part) == (kind, year, part)


def test_the_share_of_the_whole_answers_a_rate_and_the_district_speaks_after_the_city_s_standard(
    tmp_path: Path,
) -> None:
    sentence = ("Về an sinh xã hội, theo chuẩn nghèo mới của thành phố giai đoạn 2022-2025, quận có 418 hộ nghèo, "
                "chiếm 1,8% tổng số hộ.")
    count, share = _facts(sentence)
    assert not count.place_is_city and not share.place_is_city
    (tmp_path / "703_thanh-khe-quy-1-2022.txt").write_text(
        f"Quận Thanh Khê sơ kết quý I/2022\n\nThứ sáu, 08/04/2022 09:00\n\n{sentence}\n", encoding="utf-8")
    answer = load_service(None, tmp_path).ask("Quý I/2022 tỷ lệ hộ nghèo của quận Thanh Khê là bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "1,8%"


def test_the_days_an_event_lasted_date_no_figure_after_them(tmp_path: Path) -> None:
    (tmp_path / "704_thanh-khe-2021.txt").write_text(
        "Quận Thanh Khê tổng kết năm 2021\n\nThứ năm, 30/12/2021 09:00\n\n"
        "Năm 2021 là năm khó khăn. Thực hiện giãn cách xã hội từ ngày 9/7 đến 30/9/2021, nhiều doanh nghiệp phải "
        "ngừng hoạt động. Vì vậy, tổng thu ngân sách nhà nước trên địa bàn quận chỉ đạt 2.176 tỷ đồng.\n",
        encoding="utf-8")
    answer = load_service(None, tmp_path).ask("Năm 2021 quận Thanh Khê thu ngân sách bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "2.176 tỷ đồng"


def test_why_after_a_target_missed_asks_why_it_was_missed(thanh_khe: Service) -> None:
    turns = ["Năm 2022 quận Thanh Khê giải ngân vốn đầu tư công có đạt kế hoạch không?", "Vì sao?"]
    first = thanh_khe.ask(turns[0])
    assert first.direct is not None and first.direct.text == "Không"
    assert thanh_khe.ask_turns(turns).resolved_question == (
        "Vì sao: năm 2022 quận Thanh Khê giải ngân vốn đầu tư công không đạt kế hoạch?")


@pytest.mark.parametrize(
    ("question", "read_as"),
    [
        ("TX Thanh Khê thu NS năm 2022 bao nhiêu?", "thị xã"),  # a division written short
        ("Chủ tịch UB MTTQ quận Thanh Khê là ai?", "ủy ban mặt trận tổ quốc"),
    ],
)
def test_abbreviations_of_divisions_and_bodies(thanh_khe: Service, question: str, read_as: str) -> None:
    from retrieval.text.normalize import expand_abbreviations

    abbreviations = thanh_khe.library.question_reader(1000).tokenizer.abbreviations
    assert read_as in expand_abbreviations(question, abbreviations).lower()
