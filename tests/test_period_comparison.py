"""One place followed over the years: "… năm 2022 và năm 2023, năm nào cao hơn?" ranks that place's figures of
the periods asked, on the news pages in tests/data/news-pages (two Đông Anh year-end articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service

PAGES = Path(__file__).parent / "data" / "news-pages"


@pytest.fixture(scope="module")
def service() -> Service:
    return load_service(None, PAGES)


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        ("Tăng trưởng giá trị sản xuất của huyện Đông Anh năm 2022 và năm 2023, năm nào cao hơn?",
         ["Huyện Đông Anh: cao nhất là năm 2022 — tăng 10,2% [1].", "1. Năm 2022: tăng 10,2% [1]",
          "2. Năm 2023: tăng 9,7% [2]"]),
        ("Chi ngân sách huyện Đông Anh năm 2022 và năm 2023, năm nào nhiều hơn?",
         ["Huyện Đông Anh: cao nhất là năm 2023 — 4.256 tỷ đồng [1].", "1. Năm 2023: 4.256 tỷ đồng [1]",
          "2. Năm 2022: 3.980 tỷ đồng [2]"]),
        ("chi ngan sach huyen Dong Anh nam 2022 va nam 2023, nam nao it hon?",
         ["Huyện Đông Anh: thấp nhất là năm 2022 — 3.980 tỷ đồng [1].", "1. Năm 2022: 3.980 tỷ đồng [1]",
          "2. Năm 2023: 4.256 tỷ đồng [2]"]),
        # A period the articles give no figure for: the one they do, said not enough to compare.
        ("Thu ngân sách huyện Đông Anh năm 2021 và năm 2023, năm nào cao hơn?",
         ["Huyện Đông Anh chỉ có số liệu năm 2023, chưa đủ để so sánh:", "1. Năm 2023: 7.105 tỷ đồng [1]"]),
    ],
)
def test_one_places_periods_are_ranked_against_each_other(service: Service, question: str, lines: list[str]) -> None:
    answer = service.ask(question)
    assert not answer.abstained
    assert answer_text(answer).splitlines()[: len(lines)] == lines


def test_periods_compared_with_no_place_named_are_listed_by_place_with_no_winner(service: Service) -> None:
    answer = service.ask("Năm 2022 và năm 2023, năm nào thu ngân sách cao hơn?")
    assert answer.direct is None and answer.comparison_note == "unplaced"
    rows = {(v.district, v.period, v.value) for v in answer.comparison}
    assert ("Đông Anh", "Năm 2022", "6.412 tỷ đồng") in rows and ("Đông Anh", "Năm 2023", "7.105 tỷ đồng") in rows


def test_periods_compared_for_a_measure_no_article_states_decline(service: Service) -> None:
    answer = service.ask("Số vụ tai nạn giao thông huyện Đông Anh năm 2022 và năm 2023, năm nào nhiều hơn?")
    assert answer.abstained and answer.direct is None and not answer.comparison


def test_a_year_after_the_comparative_is_the_year_the_districts_are_ranked_in(service: Service) -> None:
    # "cao hơn năm 2023" reads like a basis ("higher than 2023"); between two districts it is the year asked.
    answer = service.ask("Quận nào thu ngân sách cao hơn năm 2023, Bình Thạnh hay Cầu Giấy?")
    assert [(v.district, v.value, v.period) for v in answer.comparison] == [
        ("Cầu Giấy", "12.865 tỷ đồng", "Năm 2023"), ("Bình Thạnh", "5.623 tỷ đồng", "Năm 2023")]


def test_a_change_after_a_bracketed_plan_is_the_amounts_before_it(service: Service) -> None:
    # "… đạt 7.105 tỷ đồng, bằng 112,4% dự toán (dự toán 6.320 tỷ đồng), tăng 10,8% so với năm 2022": the rise
    # is the revenue's, not the bracketed budget's.
    growth = next(f for f in service.library.facts.figures if f.value == "10,8%")
    assert growth.status.value == "result"
    answer = service.ask("Thu ngân sách huyện Đông Anh năm 2023 tăng bao nhiêu so với năm 2022?")
    assert answer.direct is not None and answer.direct.text == "tăng 10,8%"
