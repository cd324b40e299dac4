"""Who replaced whom, when someone took an office, the target set for the year after, and who chaired the
meeting of a period, asked alone and as follow-ups. Invented articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import Service, load_service

_MY_DUC_2023 = """Mỹ Đức tổng kết năm 2023

Thứ năm, 28/12/2023 10:00

Chiều 27/12, Ban Chấp hành Đảng bộ huyện Mỹ Đức tổ chức hội nghị tổng kết công tác năm 2023. Bí thư Huyện ủy Trần Văn Khải chủ trì hội nghị.

Năm 2023, tổng thu ngân sách trên địa bàn huyện đạt 1.105 tỷ đồng, bằng 103% dự toán. Toàn Đảng bộ kết nạp 215 đảng viên mới.

Tại hội nghị, Ban Chấp hành Đảng bộ huyện đã bầu đồng chí Hà Minh Tiến, Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Huyện ủy giữ chức Phó Bí thư Thường trực Huyện ủy, thay đồng chí Đào Quang Vinh nghỉ hưu theo chế độ.

Đồng chí Lý Thu Trang được HĐND huyện bầu giữ chức Chủ tịch UBND huyện tại kỳ họp thứ 9 hồi tháng 7/2023, thay đồng chí Kiều Văn Sáng được điều động công tác khác.

Năm 2024, huyện phấn đấu thu ngân sách đạt 1.200 tỷ đồng và kết nạp 230 đảng viên mới.

Hà Phương
"""

_MY_DUC_2024 = """Mỹ Đức: quý I/2024 thu ngân sách đạt 26% dự toán

Thứ ba, 09/04/2024 09:00

Ngày 8/4, Ban Thường vụ Huyện ủy Mỹ Đức tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ quý I/2024. Đồng chí Hà Minh Tiến, Phó Bí thư Thường trực Huyện ủy chủ trì hội nghị.

Quý I/2024, tổng thu ngân sách trên địa bàn huyện đạt 312 tỷ đồng, bằng 26% dự toán.

Minh Khuê
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("successions")
    (corpus / "521_my-duc-2023.txt").write_text(_MY_DUC_2023, encoding="utf-8")
    (corpus / "522_my-duc-quy-1-2024.txt").write_text(_MY_DUC_2024, encoding="utf-8")
    return load_service(None, corpus)


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # the office taken after those held: "X, Trưởng Ban Tổ chức Huyện ủy giữ chức Phó Bí thư Thường trực"
        ("Ai là Phó Bí thư Thường trực Huyện ủy Mỹ Đức cuối năm 2023?", "Hà Minh Tiến"),
        # the person replaced, whom the question names, is never the answer
        ("Ai được bầu làm Chủ tịch UBND huyện Mỹ Đức thay ông Kiều Văn Sáng?", "Lý Thu Trang"),
        # the meeting of the quarter is told in the article reporting it, not the year-end one before
        ("Ai chủ trì hội nghị đánh giá quý I/2024 của Ban Thường vụ Huyện ủy Mỹ Đức?", "Hà Minh Tiến"),
    ],
)
def test_answers(service: Service, question: str, direct: str) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


@pytest.mark.parametrize(
    ("turns", "resolved", "direct"),
    [
        (["Ai là Chủ tịch UBND huyện Mỹ Đức cuối năm 2023?", "bà ấy giữ chức đó từ khi nào?"],
         "Lý Thu Trang giữ chức Chủ tịch UBND huyện Mỹ Đức từ khi nào?", "tháng 7/2023"),
        (["Ai là Phó Bí thư Thường trực Huyện ủy Mỹ Đức cuối năm 2023?", "được bầu thay đồng chí nào?"],
         None, "Đào Quang Vinh"),
        (["Mỹ Đức năm 2023 kết nạp bao nhiêu đảng viên?", "Mục tiêu năm sau là bao nhiêu?"],
         "Mục tiêu Mỹ Đức kết nạp đảng viên năm 2024 là bao nhiêu?", "230 đảng viên"),
        (["Năm 2023 Mỹ Đức thu ngân sách được bao nhiêu?", "kế hoạch năm 2024?"],
         "Kế hoạch Mỹ Đức thu ngân sách năm 2024 là bao nhiêu?", "1.200 tỷ đồng"),
    ],
)
def test_follow_ups(service: Service, turns: list[str], resolved: str | None, direct: str) -> None:
    answer = service.ask_turns(turns)
    if resolved is not None:
        assert answer.resolved_question == resolved
    assert answer.direct is not None and answer.direct.text == direct
