"""One district followed over its reports: two periods set side by side ("So sánh … năm 2022 và 9 tháng năm
2023"), a measure asked "qua từng năm", and a graded count whose noun the sentence named once before."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service

_YEAR_2021 = """Quận Thanh Khê tổng kết công tác năm 2021

Thứ năm, 30/12/2021 09:00

Năm 2021, tổng thu ngân sách nhà nước trên địa bàn quận đạt 1.240 tỷ đồng, bằng 101% dự toán. Chi ngân sách quận đạt 610 tỷ đồng.

Đảng bộ quận kết nạp 205 đảng viên mới.
"""

_YEAR_2022 = """Quận Thanh Khê tổng kết công tác năm 2022

Thứ sáu, 30/12/2022 09:00

Năm 2022, tổng thu ngân sách nhà nước trên địa bàn quận đạt 1.385 tỷ đồng, bằng 104% dự toán, tăng 11,7% so với năm 2021. Chi ngân sách quận đạt 655 tỷ đồng.

Trong 48 tổ chức cơ sở đảng được đánh giá, có 11 tổ chức hoàn thành xuất sắc nhiệm vụ, 33 tổ chức hoàn thành tốt nhiệm vụ.
"""

_NINE_MONTHS_2023 = """Quận Thanh Khê sơ kết 9 tháng năm 2023

Thứ hai, 09/10/2023 09:00

9 tháng năm 2023, thu ngân sách trên địa bàn quận đạt 1.020 tỷ đồng, bằng 72% dự toán.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("thanh-khe")
    for name, text in (("601_thanh-khe-2021.txt", _YEAR_2021), ("602_thanh-khe-2022.txt", _YEAR_2022),
                       ("603_thanh-khe-9-thang-2023.txt", _NINE_MONTHS_2023)):
        (corpus / name).write_text(text, encoding="utf-8")
    return load_service(None, corpus)


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        ("So sánh thu ngân sách quận Thanh Khê năm 2022 và 9 tháng năm 2023",
         ["Quận Thanh Khê: các kỳ không cùng độ dài nên không so sánh được; xem từng số liệu:",
          "1. Năm 2022: 1.385 tỷ đồng [1]", "2. 9 tháng năm 2023: 1.020 tỷ đồng [2]"]),
        ("Thu ngân sách quận Thanh Khê năm 2021 và năm 2022 khác nhau thế nào?",
         ["Quận Thanh Khê: cao nhất là năm 2022 — 1.385 tỷ đồng [1].", "1. Năm 2022: 1.385 tỷ đồng [1]",
          "2. Năm 2021: 1.240 tỷ đồng [2]"]),
        ("chi ngan sach thanh khe nam 2021 va nam 2022 chenh lech bao nhieu",
         ["Quận Thanh Khê: cao nhất là năm 2022 — 655 tỷ đồng [1].", "1. Năm 2022: 655 tỷ đồng [1]",
          "2. Năm 2021: 610 tỷ đồng [2]"]),
    ],
)
def test_two_periods_set_side_by_side(service: Service, question: str, lines: list[str]) -> None:
    answer = service.ask(question)
    assert not answer.abstained
    assert answer_text(answer).splitlines()[: len(lines)] == lines


def test_a_change_against_an_earlier_year_is_no_comparison_of_periods(service: Service) -> None:
    answer = service.ask("Thu ngân sách quận Thanh Khê năm 2022 tăng bao nhiêu so với năm 2021?")
    assert answer.direct is not None and answer.direct.text == "tăng 11,7%" and not answer.comparison


@pytest.mark.parametrize(
    "question",
    [
        "thu ngan sach thanh khe qua tung nam",
        "Thu ngân sách quận Thanh Khê những năm gần đây thế nào?",
        "Thu ngân sách quận Thanh Khê qua các năm ra sao?",
    ],
)
def test_a_measure_followed_over_the_years_lists_every_period(service: Service, question: str) -> None:
    lines = answer_text(service.ask(question)).splitlines()
    # Typed without diacritics, the measure is worded as the article writes it ("thu ngân sách trên địa bàn").
    assert lines[0].startswith("9 tháng năm 2023, quận Thanh Khê thu ngân sách ") and lines[0].endswith(" 1.020 tỷ đồng [1].")
    assert "thế nào" not in lines[0] and "ra sao" not in lines[0] and "năm" not in lines[0][len("9 tháng năm 2023"):]
    assert lines[1] == "Các kỳ khác: Năm 2022: 1.385 tỷ đồng [2]; Năm 2021: 1.240 tỷ đồng [3]."


def test_a_graded_count_names_the_set_graded_once_before(service: Service) -> None:
    answer = service.ask("Năm 2022 quận Thanh Khê có bao nhiêu tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ?")
    assert answer.direct is not None and answer.direct.text == "11 tổ chức"
    answer = service.ask("Năm 2022 quận Thanh Khê có bao nhiêu tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ?")
    assert answer.direct is not None and answer.direct.text == "33 tổ chức"
