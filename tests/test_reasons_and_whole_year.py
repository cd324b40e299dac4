"""Why a figure is as it is ("Nguyên nhân chủ yếu là …" in the sentence after it), asked alone and as a
follow-up; "cả năm" after a report's period asks the whole year, "kế hoạch cả năm" names a share's plan.
Invented articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import Service, load_service

_PHU_XUYEN = """Huyện ủy Phú Xuyên đánh giá kết quả 9 tháng năm 2021

Thứ ba, 12/10/2021 09:00

Ngày 11/10, Huyện ủy Phú Xuyên tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ 9 tháng, bàn giải pháp hoàn thành các chỉ tiêu năm 2021. Đồng chí Vương Đình Hải, Bí thư Huyện ủy chủ trì hội nghị.

Tổng thu ngân sách trên địa bàn huyện 9 tháng chỉ đạt 612,4 tỷ đồng, bằng 70,2% dự toán, giảm 5,1% so với cùng kỳ năm 2020. Nguyên nhân chủ yếu là hoạt động sản xuất, kinh doanh bị đình trệ trong thời gian giãn cách xã hội, cùng với việc lùi thời gian đấu giá đất.

Những tháng cuối năm, huyện phấn đấu thu ngân sách đạt 100% dự toán và hoàn thành chỉ tiêu kết nạp 180 đảng viên.

Thanh Hương
"""

_THUONG_TIN = """Thường Tín sơ kết 6 tháng đầu năm 2022

Thứ sáu, 08/07/2022 10:00

Sáu tháng đầu năm 2022, tổng thu ngân sách trên địa bàn huyện Thường Tín đạt 905,6 tỷ đồng, bằng 58,3% kế hoạch cả năm. Huyện phấn đấu tổng thu ngân sách cả năm 2022 đạt 1.650 tỷ đồng. Huyện dành 120 tỷ đồng từ nguồn thu ngân sách để xây dựng trường học.

Đức Minh
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("reasons")
    (corpus / "531_phu-xuyen-9-thang-2021.txt").write_text(_PHU_XUYEN, encoding="utf-8")
    (corpus / "532_thuong-tin-6-thang-2022.txt").write_text(_THUONG_TIN, encoding="utf-8")
    return load_service(None, corpus)


_REASON = "hoạt động sản xuất, kinh doanh bị đình trệ trong thời gian giãn cách xã hội"


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Vì sao 9 tháng năm 2021 thu ngân sách huyện Phú Xuyên giảm?", _REASON),
        ("Sơ kết 6 tháng 2022, huyện Thường Tín phấn đấu cả năm thu ngân sách bao nhiêu?", "1.650 tỷ đồng"),
        ("6 tháng đầu năm 2022 Thường Tín thu ngân sách đạt bao nhiêu phần trăm kế hoạch cả năm?", "58,3%"),
    ],
)
def test_answers(service: Service, question: str, direct: str) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


@pytest.mark.parametrize("follow_up", ["nguyên nhân do đâu?", "vì sao giảm?", "Vì sao vậy?"])
def test_why_after_a_figure_asks_why_of_that_figure(service: Service, follow_up: str) -> None:
    answer = service.ask_turns(["Huyện Phú Xuyên 9 tháng năm 2021 thu ngân sách giảm bao nhiêu?", follow_up])
    assert answer.direct is not None and answer.direct.text == _REASON


@pytest.mark.parametrize("first", [
    "Phú Xuyên 9 tháng năm 2021 thu ngân sách tăng hay giảm so với cùng kỳ?",
    "9 tháng năm 2021 Phú Xuyên thu ngân sách giảm phải không?",  # why it did, not yes or no again
    "9 thang nam 2021 phu xuyen thu ngan sach giam phai khong",
])
def test_why_after_a_change_asked_asks_why_of_that_change(service: Service, first: str) -> None:
    answer = service.ask_turns([first, "vì sao vậy?"])
    assert answer.direct is not None and answer.direct.text == _REASON


def test_why_after_a_bare_amount_is_not_answered_with_a_purpose(service: Service) -> None:
    answer = service.ask_turns(["Thường Tín 6 tháng đầu năm 2022 thu ngân sách được bao nhiêu?", "vì sao?"])
    assert answer.direct is None or not answer.direct.text.startswith("để")
