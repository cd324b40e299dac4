"""Readings of quarterly and half-year reports beside a year's review: the base period's amount in brackets,
the year's budget a part of the year is measured against, "chỉ" before a change, a graded count beside the
commended part of it, a part's share of a whole, the year a January review took place, and a follow-up that
changes the role but keeps the period."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service
from retrieval.facts.model import Relation, Status

_LONG_BIEN_QUARTER = """Quận ủy Long Biên sơ kết quý I/2025

Thứ hai, 14/04/2025 08:30

Báo cáo tóm tắt kết quả quý I cho biết, thu ngân sách nhà nước trên địa bàn quận ước đạt 1.245,8 tỷ đồng, bằng 24,1% dự toán năm, tăng 11,3% so với cùng kỳ (quý I/2024 đạt 1.119,3 tỷ đồng).

Giải ngân vốn đầu tư công đạt 31,7% kế hoạch.

Theo báo cáo, chi ngân sách quận đạt 402,6 tỷ đồng, bằng 19,8% dự toán Thành phố giao (2.033 tỷ đồng), chỉ giảm 1,2% so với cùng kỳ; trong đó chi cho công tác phòng, chống thiên tai là 12,4 tỷ đồng.
"""

# No dateline: the year is read off the lede, which reviews 2024 in January.
_HA_DONG_YEAR = """Quận ủy Hà Đông tổng kết năm 2024

Chiều 9-1, Quận ủy Hà Đông tổ chức hội nghị tổng kết công tác năm 2024, triển khai nhiệm vụ năm 2025. Đồng chí Nguyễn Thị Hạnh, Bí thư Quận ủy, Chủ tịch HĐND quận chủ trì hội nghị.

Năm 2024, tổng thu ngân sách trên địa bàn quận đạt 6.120,5 tỷ đồng, tăng 8,2% so với năm 2023 (năm 2023 đạt 5.656,6 tỷ đồng); trong đó thu tiền sử dụng đất 2.310 tỷ đồng, chiếm 37,7% tổng thu.

Kết quả đánh giá, xếp loại chất lượng năm 2024: có 15/52 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, 35 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ. Tại hội nghị, Ban Thường vụ Quận ủy tặng giấy khen cho 7 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024.
"""

_HA_DONG_HALF = """Hà Đông sơ kết 6 tháng đầu năm 2026

Thứ tư, 15/07/2026 09:00

Dự hội nghị có đồng chí Phan Văn Đức, Phó Bí thư Quận ủy, Chủ tịch UBND quận.

Theo báo cáo, 6 tháng đầu năm 2026, thu ngân sách trên địa bàn quận đạt 3.010 tỷ đồng, bằng 47% dự toán Thành phố giao (dự toán năm là 6.404 tỷ đồng).
"""


# "quận 6 tháng đầu năm": six months, not Quận 6; the district is the headline's bare name.
_HOANG_MAI_HALF = """Hoàng Mai sơ kết 6 tháng đầu năm 2023

Thứ tư, 12/07/2023 09:00

Tổng thu ngân sách trên địa bàn quận 6 tháng đầu năm ước đạt 4.512,7 tỷ đồng, bằng 58,3% dự toán. Giải ngân vốn đầu tư công đạt 41,2% kế hoạch.
"""

# A city of the city: "TP Thủ Đức" is the article's own district, and the person replaced held the office the
# year before the new holder took it.
_THU_DUC_QUARTER = """TP Thủ Đức sơ kết quý I/2022

Thứ tư, 13/04/2022 08:00

Quý I/2022, tổng thu ngân sách nhà nước trên địa bàn TP Thủ Đức đạt 4.605,8 tỷ đồng, bằng 27,4% dự toán. Giải ngân vốn đầu tư công đạt 12,4% kế hoạch.

Đồng chí Lâm Văn Sang được bầu giữ chức Chủ tịch UBND thành phố từ tháng 6/2021, thay đồng chí Tống Minh Trí nhận nhiệm vụ khác.

Cùng kỳ, toàn thành phố Hồ Chí Minh thu ngân sách ước đạt 120.370 tỷ đồng.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("part-year")
    for name, text in (("801_long-bien-quy-1-2025.txt", _LONG_BIEN_QUARTER), ("802_ha-dong-2024.txt", _HA_DONG_YEAR),
                       ("803_ha-dong-6-thang-2026.txt", _HA_DONG_HALF), ("804_hoang-mai-6-thang-2023.txt", _HOANG_MAI_HALF),
                       ("805_thu-duc-quy-1-2022.txt", _THU_DUC_QUARTER)):
        (corpus / name).write_text(text, encoding="utf-8")
    return load_service(None, corpus)


def _fact(service: Service, value: str):
    return next(f for f in service.library.facts.figures if f.value == value)


@pytest.mark.parametrize(
    ("value", "period", "status"),
    [
        # the quarter reported, not the year before's quarter the bracket compares it with
        ("1.245,8 tỷ đồng", "Quý I/2025", Status.ESTIMATE),
        ("1.119,3 tỷ đồng", "Quý I/2024", Status.RESULT),
        ("5.656,6 tỷ đồng", "Năm 2023", Status.RESULT),
        # a budget beside a part of the year is the year's
        ("2.033 tỷ đồng", "Năm 2025", Status.BUDGET),
        ("6.404 tỷ đồng", "Năm 2026", Status.BUDGET),
    ],
)
def test_the_period_of_a_figure_beside_a_part_of_the_year(service: Service, value: str, period: str, status: Status) -> None:
    fact = _fact(service, value)
    assert (fact.period.label() if fact.period else None, fact.status) == (period, status)


def test_only_before_a_change_keeps_it_the_change_of_the_amount_before(service: Service) -> None:
    fact = _fact(service, "1,2%")
    assert (fact.relation, "chi ngân sách" in fact.measure.lower()) == (Relation.GROWTH, True)


def test_a_paired_phrase_keeps_its_comma_inside_the_measure(service: Service) -> None:
    assert "phòng, chống thiên tai" in _fact(service, "12,4 tỷ đồng").measure


def test_a_january_review_of_the_year_before_is_dated_in_the_new_year(service: Service) -> None:
    document = next(d for d in service.library.documents.values() if d.doc_id.startswith("802"))
    assert (document.year, document.year_inferred) == (2025, True)


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("quy I/2025 quan Long Bien thu ngan sach uoc dat bao nhieu?", "1.245,8 tỷ đồng"),
        ("Năm 2023 quận Hà Đông thu ngân sách được bao nhiêu?", "5.656,6 tỷ đồng"),
        ("Dự toán thu ngân sách năm 2026 Thành phố giao cho quận Hà Đông là bao nhiêu?", "6.404 tỷ đồng"),
        ("Dự toán chi ngân sách năm 2025 của quận Long Biên là bao nhiêu?", "2.033 tỷ đồng"),
        ("Chi ngân sách quý I/2025 của Long Biên giảm bao nhiêu % so với cùng kỳ?", "giảm 1,2%"),
        # a rate stated alone as a share of the plan answers the share asked
        ("Quý I/2025 quận Long Biên giải ngân vốn đầu tư công đạt bao nhiêu phần trăm kế hoạch?", "31,7%"),
        ("Năm 2024 thu tiền sử dụng đất chiếm bao nhiêu phần trăm tổng thu ngân sách của quận Hà Đông?", "37,7%"),
        # the graded count, not the commended part of it
        ("Năm 2024 quận Hà Đông có bao nhiêu tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ?", "15/52 tổ chức"),
        ("Năm 2024 Ban Thường vụ Quận ủy Hà Đông tặng giấy khen cho bao nhiêu tổ chức cơ sở đảng tiêu biểu?", "7 tổ chức cơ sở đảng"),
    ],
)
def test_answers_read_from_those_rules(service: Service, question: str, direct: str) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


def test_a_follow_up_naming_another_role_keeps_the_period_asked(service: Service) -> None:
    context = None
    texts = []
    for question in ("6 tháng đầu năm 2026 Hà Đông thu ngân sách bao nhiêu?", "Chủ tịch UBND quận khi đó là ai?",
                     "Còn Chủ tịch HĐND quận?"):
        turn = service.converse(question, context)
        context = turn.context
        texts.append(answer_text(turn.answer))
    assert "Phan Văn Đức" in texts[1]
    # The chair of the council is named only in the review of 2024: none is stated for 2026.
    assert texts[2].splitlines()[0] == "(hiểu là: Còn Chủ tịch HĐND quận Hà Đông năm 2026?)"
    assert turn.answer.abstained and "Nguyễn Thị Hạnh" not in texts[2].splitlines()[1]


def test_six_months_of_a_district_is_no_numbered_district(service: Service) -> None:
    document = next(d for d in service.library.documents.values() if d.doc_id.startswith("804"))
    assert (document.district, document.city) == ("Hoàng Mai", "Hà Nội")


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Quý I/2022, TP Thủ Đức thu ngân sách được bao nhiêu?", "4.605,8 tỷ đồng"),
        # the holder replaced from 6/2021 held the office in 2020
        ("Ai là Chủ tịch UBND TP Thủ Đức năm 2020?", "Tống Minh Trí"),
        ("Bài sơ kết quý I/2022 của TP Thủ Đức được cập nhật ngày nào?", "13/04/2022"),
    ],
)
def test_a_city_of_the_city_and_holders_replaced(service: Service, question: str, direct: str) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and direct in answer.direct.text


def test_the_whole_city_in_the_same_period_naming_the_measure_again(service: Service) -> None:
    context = None
    for question in ("Quý I/2022 TP Thủ Đức thu ngân sách bao nhiêu?", "Cùng kỳ, toàn thành phố Hồ Chí Minh thu được bao nhiêu?"):
        turn = service.converse(question, context)
        context = turn.context
    assert turn.answer.direct is not None and turn.answer.direct.text == "120.370 tỷ đồng"


def test_the_office_asked_before_held_now(service: Service) -> None:
    context = None
    for question in ("Ai là Chủ tịch UBND quận Hà Đông năm 2026?", "Người hiện giữ chức vụ này là ai?"):
        turn = service.converse(question, context)
        context = turn.context
    assert answer_text(turn.answer).splitlines()[0] == "(hiểu là: Chủ tịch UBND quận Hà Đông hiện nay là ai?)"
    assert turn.answer.direct is not None and turn.answer.direct.text == "Phan Văn Đức"


def test_better_asks_a_comparison(service: Service) -> None:
    # "tốt hơn": a report's measures are better higher; these two periods differ, so no winner is named.
    answer = service.ask("Quận Hoàng Mai hay TP Thủ Đức giải ngân vốn đầu tư công tốt hơn?")
    assert (answer.asked_kind, answer.direct) == ("comparison", None)
