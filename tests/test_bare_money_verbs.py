"""A district report's bare "huyện thu 2.415 tỷ đồng" is its budget revenue; "gồm mấy người?" is answered by
"13 đồng chí" with its body named; "Còn số hoàn thành tốt …?" keeps the noun counted before; "theo nghị quyết
nào?" is answered by a document, never by a term that stands near the word. Invented articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service

_THANH_TRI_2023 = """Huyện ủy Thanh Trì tổng kết công tác năm 2023

Thứ tư, 10/01/2024 09:00

Sáng 10/1, Huyện ủy Thanh Trì tổ chức hội nghị tổng kết công tác xây dựng Đảng và nhiệm vụ chính trị năm 2023. Đồng chí Nguyễn Văn Tùng, Bí thư Huyện ủy chủ trì hội nghị.

Năm 2023, huyện thu 2.415 tỷ đồng, đạt 112% dự toán thành phố giao, tăng 8% so với năm 2022. Chi ngân sách địa phương đạt 1.320 tỷ đồng.

Riêng quý IV/2023, huyện thu 500 tỷ đồng tiền sử dụng đất.

Ban Thường vụ Huyện ủy khóa mới gồm 13 đồng chí.

Kết quả đánh giá, có 31 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, 52 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ; 1.204 đảng viên hoàn thành xuất sắc nhiệm vụ và 8.310 đảng viên hoàn thành tốt nhiệm vụ.

Huyện đã tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XV và thí điểm mô hình chính quyền đô thị.

Lê Hà
"""

_THANH_TRI_2024 = """Thanh Trì: Thu ngân sách quý I/2024 đạt khá

Thứ hai, 15/04/2024 10:00

Theo báo cáo của UBND huyện Thanh Trì, quý I/2024, tổng thu ngân sách trên địa bàn huyện đạt 702 tỷ đồng, bằng 27% dự toán. Chi ngân sách đạt 301 tỷ đồng.

Minh Châu
"""

_DAN_PHUONG = """Đan Phượng sắp xếp đơn vị hành chính

Thứ sáu, 09/04/2021 08:00

Huyện Đan Phượng sắp xếp các đơn vị hành chính cấp xã theo Nghị quyết số 97/2019/QH14 của Quốc hội.

Hoàng Yến
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("bare-money-verbs")
    (corpus / "511_thanh-tri-2023.txt").write_text(_THANH_TRI_2023, encoding="utf-8")
    (corpus / "512_thanh-tri-quy-1-2024.txt").write_text(_THANH_TRI_2024, encoding="utf-8")
    (corpus / "513_dan-phuong-2021.txt").write_text(_DAN_PHUONG, encoding="utf-8")
    return load_service(None, corpus)


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Năm 2023 huyện Thanh Trì thu ngân sách bao nhiêu?", "2.415 tỷ đồng"),
        ("nam 2023 huyen thanh tri tong thu ngan sach dat bao nhieu", "2.415 tỷ đồng"),
        ("Năm 2023 thu ngân sách của Thanh Trì bằng bao nhiêu phần trăm dự toán?", "112%"),
        ("Quý I/2024 huyện Thanh Trì chi ngân sách bao nhiêu?", "301 tỷ đồng"),
        # What the money is, said after the amount, is the measure: land-use fees are no budget revenue.
        ("Quý IV/2023 huyện Thanh Trì thu ngân sách bao nhiêu?", None),
        ("Quý IV/2023 huyện Thanh Trì thu tiền sử dụng đất bao nhiêu?", "500 tỷ đồng"),
        ("Ban Thường vụ Huyện ủy Thanh Trì gồm mấy người?", "13 đồng chí"),
        ("Thanh Trì thí điểm mô hình chính quyền đô thị theo nghị quyết nào?", None),
        ("Đan Phượng sắp xếp đơn vị hành chính cấp xã theo nghị quyết nào?", "Nghị quyết số 97/2019/QH14"),
    ],
)
def test_answers(service: Service, question: str, direct: str | None) -> None:
    answer = service.ask(question)
    assert (answer.direct.text if answer.direct else None) == direct


def test_a_body_s_size_is_said_with_the_body_and_its_district(service: Service) -> None:
    answer = service.ask("Ban Thường vụ Huyện ủy Thanh Trì gồm mấy người?")
    assert answer_text(answer).splitlines()[0] == "Năm 2023, Ban Thường vụ Huyện ủy Thanh Trì gồm 13 đồng chí [1]."


@pytest.mark.parametrize(
    ("follow_up", "direct"),
    [
        ("Còn số hoàn thành tốt nhiệm vụ thì sao?", "8.310"),
        ("Còn hoàn thành tốt nhiệm vụ thì sao?", "8.310"),
        # "bao nhiêu người": the people counted are the noun counted before
        ("con hoan thanh tot nhiem vu thi bao nhieu nguoi?", "8.310"),
    ],
)
def test_a_predicate_after_the_count_keeps_the_noun_counted(service: Service, follow_up: str, direct: str) -> None:
    answer = service.ask_turns(["Năm 2023 Thanh Trì có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ?", follow_up])
    assert answer.direct is not None and answer.direct.text.startswith(direct)
