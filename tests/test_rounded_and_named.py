"""Figures rounded with the exact one beside them, the city's figure in a district's report, the person a
question names, a congress's article, the date of the document asked, the body a member sits on."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import Service, load_service
from tests.test_fact_query import _facts

_CONGRESS = """Đồng chí Trần Thị Mai tái đắc cử Bí thư Quận ủy Thanh Khê nhiệm kỳ 2020-2025

Thứ bảy, 18/07/2020 18:00

Chiều 17/7, Đại hội đại biểu Đảng bộ quận Thanh Khê lần thứ XXII, nhiệm kỳ 2020-2025 bế mạc. Đồng chí Trần Thị Mai được bầu lại giữ chức Bí thư Quận ủy.

Đại hội có 300 đại biểu chính thức, đại diện cho hơn 8.000 đảng viên của Đảng bộ quận nhiệm kỳ 2020-2025.

Nhiệm kỳ 2020-2025, Đại hội đề ra 3 khâu đột phá về chỉnh trang đô thị, chuyển đổi số và cải cách hành chính.

Phát biểu chỉ đạo Đại hội, đồng chí Võ Văn Hưng, Ủy viên Trung ương Đảng, Phó Bí thư Thường trực Thành ủy Đà Nẵng đánh giá cao kết quả của quận. Đoàn đại biểu của quận sẽ dự Đại hội đại biểu Đảng bộ Thành phố Hồ Chí Minh lần thứ XI theo lời mời kết nghĩa.
"""

_NINE_MONTHS = """Quận Thanh Khê sơ kết 9 tháng năm 2023

Thứ năm, 12/10/2023 09:00

Chiều 11/10, Ban Chấp hành Đảng bộ quận Thanh Khê tổ chức hội nghị sơ kết 9 tháng năm 2023. Đồng chí Lê Quang Nam, Chủ tịch UBND quận, trình bày báo cáo.

Trong 9 tháng, tổng thu ngân sách nhà nước trên địa bàn quận đạt gần 2.000 tỷ đồng (1.987,3 tỷ đồng), bằng 77,3% dự toán. Ước tính hết tháng 9, toàn thành phố Đà Nẵng thu ngân sách khoảng 21.400 tỷ đồng.

Đồng chí Lê Quang Nam nhận nhiệm vụ Chủ tịch UBND quận từ tháng 3/2023, thay đồng chí Phan Đình Lộc được điều động làm Phó Giám đốc Sở Xây dựng.

Quận triển khai Kết luận số 45-KL/TU của Ban Thường vụ Thành ủy và Nghị quyết số 07-NQ/QU, ngày 15/2/2023 của Quận ủy về chuyển đổi số.
"""


_MID_TERM = """Quận Thanh Khê sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội

Thứ tư, 21/06/2023 10:00

Ngày 20/6, Ban Chấp hành Đảng bộ quận Thanh Khê tổ chức hội nghị sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội đại biểu Đảng bộ quận lần thứ XXII.

Trong 2,5 năm, toàn Đảng bộ kết nạp 512 đảng viên mới.
"""

_LATEST = """Quận Thanh Khê sơ kết quý I/2025

Thứ năm, 10/04/2025 09:00

Quý I, các tổ chức cơ sở đảng của quận Thanh Khê kết nạp 31 đảng viên mới.
"""


@pytest.fixture(scope="module")
def thanh_khe(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("thanh-khe-reports")
    (folder / "711_thanh-khe-dai-hoi-2020.txt").write_text(_CONGRESS, encoding="utf-8")
    (folder / "712_thanh-khe-9-thang-2023.txt").write_text(_NINE_MONTHS, encoding="utf-8")
    (folder / "713_thanh-khe-so-ket-giua-nhiem-ky.txt").write_text(_MID_TERM, encoding="utf-8")
    (folder / "714_thanh-khe-quy-i-2025.txt").write_text(_LATEST, encoding="utf-8")
    return load_service(None, folder)


def test_the_exact_amount_in_brackets_is_the_figure() -> None:
    (amount, share) = _facts("Tổng thu ngân sách nhà nước trên địa bàn quận đạt hơn 3.587 tỷ đồng (cụ thể là 3.587,1 tỷ "
                             "đồng), bằng 70,2% dự toán.")
    assert amount.value == "3.587,1 tỷ đồng" and {"thu", "ngan", "sach"} <= set(amount.measure_words)
    assert share.value == "70,2%" and share.of == amount.id and share.measure == amount.measure


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("9 tháng năm 2023 quận Thanh Khê thu ngân sách bao nhiêu?", "1.987,3 tỷ đồng"),
        ("thanh khe 9 thág năm 2023 thu ngân sách chính xác là bao nhiêu?", "1.987,3 tỷ đồng"),  # a slip after a number
        # The city's figure, in a district's report named as the source.
        ("Theo báo cáo tại Thanh Khê, hết tháng 9/2023 toàn thành phố Đà Nẵng thu ngân sách khoảng bao nhiêu?",
         "21.400 tỷ đồng"),
        # The person the question names is what it asks about, never the answer.
        ("Người tiền nhiệm của Chủ tịch UBND quận Thanh Khê Lê Quang Nam chuyển sang làm gì?", None),
        # Who spoke at the congress: its article, not the city named for a person.
        ("Ai phat bieu chi dao tai Dai hoi Dang bo quan Thanh Khe nhiem ky 2020-2025?", "Võ Văn Hưng"),
        # The member's body, the date of the document asked (another's date is none of its).
        ("Đồng chí Võ Văn Hưng còn là ủy viên của cơ quan nào?", "Trung ương Đảng"),
        ("Kết luận số 45-KL/TU mà quận Thanh Khê triển khai được ban hành ngày nào?", None),
        ("Nghị quyết số 07-NQ/QU của Quận ủy Thanh Khê ban hành ngày nào?", "ngày 15/2/2023"),
        # "Sơ kết giữa nhiệm kỳ": the mid-term review's article, not the latest.
        ("Sơ kết giữa nhiệm kỳ, quận Thanh Khê kết nạp được bao nhiêu đảng viên mới?", "512 đảng viên"),
        ("Quận Thanh Khê kết nạp được bao nhiêu đảng viên mới?", "31 đảng viên"),
        # The district's congress, not the city's named beside it.
        ("Đại hội đại biểu Đảng bộ quận Thanh Khê nhiệm kỳ 2020-2025 là đại hội lần thứ mấy?", "lần thứ XXII"),
    ],
)
def test_reports_answered_as_asked(thanh_khe: Service, question: str, direct: str | None) -> None:
    answer = thanh_khe.ask(question)
    assert (answer.direct.text if answer.direct else None) == direct


def test_who_came_before_after_a_question_that_named_no_place(thanh_khe: Service) -> None:
    turns = ["9 tháng năm 2023 quận Thanh Khê thu ngân sách bao nhiêu?", "ai trình bày báo cáo tại hội nghị đó?",
             "người tiền nhiệm của ông ấy là ai?"]
    answer = thanh_khe.ask_turns(turns)
    assert all(c.doc_id == "712_thanh-khe-9-thang-2023" for c in answer.citations)
