"""Readings of district reports that a year of articles exercises: the amount of the period a figure is
compared with, a plan's year carried to the next sentence, names of rarer families, offices asked with
"ai giữ chức", comparisons missing a district, and questions with nothing to answer them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service
from retrieval.facts.model import Status

_TAY_HO_2022 = """Quận Tây Hồ tổng kết công tác năm 2022

Thứ sáu, 06/01/2023 08:30

Chủ trì hội nghị có đồng chí Giáp Văn Khải, Bí thư Quận ủy; đồng chí Chử Thị Hằng, Phó Bí thư Thường trực Quận ủy, Chủ tịch HĐND quận nhiệm kỳ 2021-2026.

Năm 2022, tổng thu ngân sách nhà nước trên địa bàn quận ước đạt 4.512,6 tỷ đồng, bằng 108,3% dự toán, tăng 9,8% so với năm 2021 (4.110 tỷ đồng). Chi ngân sách quận đạt 1.230,4 tỷ đồng.

Đến hết năm 2022, quận có 5/8 phường đạt chuẩn đô thị văn minh nâng cao và 2 phường đạt chuẩn đô thị văn minh kiểu mẫu.

Dự toán thu ngân sách năm 2023 Thành phố giao cho quận là 4.700 tỷ đồng. Tuy nhiên, quận phấn đấu thu ngân sách đạt 4.950 tỷ đồng.
"""

_TAY_HO_9_MONTHS_2023 = """Tây Hồ tăng tốc về đích các chỉ tiêu năm 2023

Cập nhật: 12/10/2023 - 10:15

Ngày 11/10, Ban Chấp hành Đảng bộ quận Tây Hồ đánh giá kết quả 9 tháng, triển khai nhiệm vụ quý IV năm 2023.

Theo báo cáo, ước thực hiện 9 tháng, tổng thu ngân sách trên địa bàn quận đạt 3.406,2 tỷ đồng, bằng 72,5% dự toán, tăng 6,4% so với cùng kỳ và cao hơn so với mức 3.201,3 tỷ đồng của 9 tháng năm 2022.

Thu tiền sử dụng đất đạt 1.120 tỷ đồng nhờ hoàn thành đấu giá nhiều khu đất nhỏ lẻ.

Đồng chí Lam Quốc Bảo, Phó Bí thư Quận ủy, Chủ tịch UBND quận Tây Hồ phát biểu tại hội nghị.
"""

_TAY_HO_QUARTER_2024 = """Quận ủy Tây Hồ triển khai nhiệm vụ quý II/2024

Cập nhật ngày 16/04/2024 - 09:00

Ngày 15/4, Ban Thường vụ Quận ủy Tây Hồ tổ chức hội nghị sơ kết công tác quý I, triển khai nhiệm vụ quý II năm 2024.
"""

_HOANG_MAI_2022 = """Quận Hoàng Mai tổng kết năm 2022

Thứ năm, 05/01/2023 08:00

Năm 2022, tổng thu ngân sách trên địa bàn quận đạt 3.870 tỷ đồng, bằng 103% dự toán.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("tay-ho")
    for name, text in (("701_tay-ho-2022.txt", _TAY_HO_2022), ("702_tay-ho-9-thang-2023.txt", _TAY_HO_9_MONTHS_2023),
                       ("703_tay-ho-quy-1-2024.txt", _TAY_HO_QUARTER_2024), ("704_hoang-mai-2022.txt", _HOANG_MAI_2022)):
        (corpus / name).write_text(text, encoding="utf-8")
    return load_service(None, corpus)


def _fact(service: Service, value: str):
    return next(f for f in service.library.facts.figures if f.value == value)


@pytest.mark.parametrize(
    ("value", "period", "status"),
    [
        # the amount of the year compared with, in brackets after it
        ("4.110 tỷ đồng", "Năm 2021", Status.RESULT),
        # "… so với mức N của 9 tháng năm 2022": that period's amount; the figures before it keep the article's
        ("3.201,3 tỷ đồng", "9 tháng năm 2022", Status.RESULT),
        ("3.406,2 tỷ đồng", "9 tháng năm 2023", Status.ESTIMATE),
        ("6,4%", "9 tháng năm 2023", Status.ESTIMATE),
        # a target in the sentence after "Dự toán … năm 2023": of 2023, not of the year the article reports
        ("4.950 tỷ đồng", "Năm 2023", Status.TARGET),
    ],
)
def test_the_period_of_a_figure_read_from_its_neighbours(service: Service, value: str, period: str, status: Status) -> None:
    fact = _fact(service, value)
    assert (fact.period.label() if fact.period else None, fact.status) == (period, status)


def test_the_amount_compared_with_answers_for_its_own_period(service: Service) -> None:
    answer = service.ask("9 tháng năm 2022 quận Tây Hồ thu ngân sách được bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "3.201,3 tỷ đồng"
    answer = service.ask("Năm 2023 quận Tây Hồ phấn đấu thu ngân sách bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "4.950 tỷ đồng"


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        ("Năm 2022, ai giữ chức Chủ tịch HĐND quận Tây Hồ?",
         "Theo bài ngày 06/01/2023, Chủ tịch HĐND quận Tây Hồ là Chử Thị Hằng [1]."),
        ("Bí thư Quận ủy Tây Hồ năm 2022 là ai?", "Theo bài ngày 06/01/2023, Bí thư Quận ủy Tây Hồ là Giáp Văn Khải [1]."),
        ("Ai là Chủ tịch UBND quận Tây Hồ năm 2023?",
         "Theo bài ngày 12/10/2023, Chủ tịch UBND quận Tây Hồ là Lam Quốc Bảo [1]."),
        ("Đến hết năm 2022 quận Tây Hồ có bao nhiêu phường đạt chuẩn đô thị văn minh nâng cao?",
         "Năm 2022, quận Tây Hồ có 5/8 phường đạt chuẩn đô thị văn minh nâng cao [1]."),
        ("9 tháng năm 2023 quận Tây Hồ thu tiền sử dụng đất được bao nhiêu?",
         "9 tháng năm 2023, quận Tây Hồ thu tiền sử dụng đất được 1.120 tỷ đồng [1]."),
        # The headline names the next quarter's tasks; the article reports on the first quarter.
        ("Bài về Quận ủy Tây Hồ quý I/2024 được đăng ngày nào?", "16/04/2024 [1]"),
    ],
)
def test_answers_read_from_those_rules(service: Service, question: str, first_line: str) -> None:
    assert answer_text(service.ask(question)).splitlines()[0] == first_line


def test_a_comparison_missing_a_named_district_names_no_winner(service: Service) -> None:
    answer = service.ask("Năm 2022, trong hai quận Tây Hồ và Cầu Giấy, quận nào thu ngân sách nhiều nhất?")
    assert answer.direct is None


def test_a_compared_estimate_is_marked_as_one(service: Service) -> None:
    lines = answer_text(service.ask("Năm 2022, trong hai quận Tây Hồ và Hoàng Mai, quận nào thu ngân sách nhiều nhất?")).splitlines()
    assert lines[:3] == [
        "Cao hơn: Tây Hồ — 4.512,6 tỷ đồng (ước tính, Năm 2022) [1].",
        "1. Tây Hồ: 4.512,6 tỷ đồng (ước tính, Năm 2022) [1]",
        "2. Hoàng Mai: 3.870 tỷ đồng (Năm 2022) [2]",
    ]


@pytest.mark.parametrize(
    "question",
    [
        # Typed without diacritics: "thoi tiet", "ngay mai" stand together in no article, whatever their syllables.
        "Du bao thoi tiet Ha Noi ngay mai the nao?",
        # A date the article does not give: its sentences about the conference are no answer.
        "Hội nghị tổng kết năm 2022 của Quận ủy Hoàng Mai diễn ra ngày nào?",
    ],
)
def test_questions_the_articles_do_not_answer_are_declined(service: Service, question: str) -> None:
    answer = service.ask(question)
    assert answer.abstained and answer.direct is None


SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds() -> Service:
    return load_service(None, SEEDS)


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # a document's code, of the type asked
        ("Quận Sơn Trà triển khai mô hình chính quyền đô thị theo nghị quyết số bao nhiêu của Quốc hội?",
         "119/2020/QH14"),
        ("Long Biên tổ chức giao ban đánh giá kết quả thực hiện thông tri số mấy?", "05-TT/QU"),
        # a plan's items counted together: the counts the sentence lists together
        ("Chương trình số 01-CTr/QU kế hoạch năm 2024 của Long Biên có bao nhiêu chỉ tiêu và nhiệm vụ?",
         "26 chỉ tiêu và 65 nhiệm vụ"),
        ("Năm 2024 các đơn vị của Long Biên bám sát bao nhiêu chỉ tiêu, nhiệm vụ?", "39 chỉ tiêu, 128 nhiệm vụ"),
        # "12 chỉ tiêu và 48 nhiệm vụ thực hiện bảo đảm tiến độ": both are on schedule
        ("Quý I/2024 Long Biên có bao nhiêu chỉ tiêu thực hiện bảo đảm tiến độ?", "12 chỉ tiêu"),
        # s/x confused, as many type it
        ("Sơn Trà có bao nhiêu đảng viên hoàn thành xuất xắc nhiệm vụ năm 2021", "878 đồng chí"),
    ],
)
def test_seed_answers_read_by_those_rules(seeds: Service, question: str, direct: str) -> None:
    answer = seeds.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


def test_a_document_of_another_type_is_no_answer(seeds: Service) -> None:
    # The article numbers a programme and a plan on other matters, no plan on digital transformation.
    answer = seeds.ask("Kế hoạch số mấy của Quận ủy Long Biên về chuyển đổi số?")
    assert answer.direct is None or answer.direct.text.endswith("-KH/QU")
