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


_BA_VI_2022 = """Ba Vì sơ kết giữa nhiệm kỳ

Thứ năm, 24/11/2022 09:00

Ngày 23/11, Huyện ủy Ba Vì tổ chức hội nghị sơ kết giữa nhiệm kỳ. Đồng chí Phùng Văn Quế, Bí thư Huyện ủy chủ trì hội nghị.

Trong năm, huyện giảm được 215 hộ nghèo; đến cuối năm 2022 toàn huyện còn 1.340 hộ nghèo.

Để chuẩn bị đại hội, Huyện ủy phân công nhiệm vụ đối với Tiểu ban Văn kiện và Tiểu ban Nhân sự, tổ chức tốt các hội nghị.

Văn Toàn
"""

_BA_VI_2023 = """Ba Vì tổng kết năm 2023, kiện toàn Bí thư Huyện ủy

Thứ sáu, 05/01/2024 10:00

Ngày 4/1, Ban Chấp hành Đảng bộ huyện Ba Vì tổ chức hội nghị tổng kết công tác năm 2023. Đồng chí Đỗ Thị Lan, Bí thư Huyện ủy chủ trì hội nghị.

Tháng 9/2023, đồng chí Đỗ Thị Lan, Phó Bí thư Thường trực Huyện ủy, đã được Ban Chấp hành Đảng bộ huyện bầu giữ chức Bí thư Huyện ủy Ba Vì nhiệm kỳ 2020-2025, thay đồng chí Phùng Văn Quế được điều động giữ chức Phó Trưởng ban Tổ chức Thành ủy.

Mai Anh
"""


_HOAI_DUC_MID = """Hoài Đức hoàn thành 15/22 chỉ tiêu sau nửa nhiệm kỳ

Thứ tư, 12/07/2023 09:00

Ngày 11/7, Huyện ủy Hoài Đức tổ chức hội nghị sơ kết giữa nhiệm kỳ 2020-2025. Đồng chí Tạ Quang Huy, Bí thư Huyện ủy, Chủ tịch HĐND huyện chủ trì hội nghị.

Sáu tháng đầu năm 2023, đã có 96 quần chúng ưu tú được kết nạp vào Đảng; các chi bộ đã phát triển được 14 đảng viên là học sinh.

Hội nghị xác định 3 khâu đột phá của nhiệm kỳ 2020-2025 là chỉnh trang đô thị; cải cách hành chính; phát triển nguồn nhân lực.

Hội nghị công bố quyết định điều động đồng chí Mạc Văn Chung, Phó Bí thư Thường trực Huyện ủy, giữ chức Phó Trưởng ban Dân vận Thành ủy. Đồng chí Lưu Thị Hoa, Trưởng Ban Tổ chức Huyện ủy được chỉ định giữ chức Phó Bí thư Thường trực Huyện ủy Hoài Đức.

Thu Trang
"""

_HOAI_DUC_2020 = """Đại hội Đảng bộ huyện Hoài Đức nhiệm kỳ 2020-2025

Thứ năm, 23/07/2020 09:00

Tại phiên họp thứ nhất, đồng chí Phan Đức Tài tái cử Bí thư Huyện ủy; đồng chí Mạc Văn Chung được bầu giữ chức Phó Bí thư Thường trực Huyện ủy.

Gia Bảo
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("successions")
    (corpus / "521_my-duc-2023.txt").write_text(_MY_DUC_2023, encoding="utf-8")
    (corpus / "522_my-duc-quy-1-2024.txt").write_text(_MY_DUC_2024, encoding="utf-8")
    (corpus / "523_ba-vi-giua-nhiem-ky.txt").write_text(_BA_VI_2022, encoding="utf-8")
    (corpus / "524_ba-vi-2023.txt").write_text(_BA_VI_2023, encoding="utf-8")
    (corpus / "525_hoai-duc-giua-nhiem-ky.txt").write_text(_HOAI_DUC_MID, encoding="utf-8")
    (corpus / "526_hoai-duc-dai-hoi.txt").write_text(_HOAI_DUC_2020, encoding="utf-8")
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
        # she took the office in tháng 9/2023: before that, the one she replaced held it
        ("Quý I/2023 ai là Bí thư Huyện ủy Ba Vì?", "Phùng Văn Quế"),
        ("Cuối năm 2023 ai là Bí thư Huyện ủy Ba Vì?", "Đỗ Thị Lan"),
        # by how many a count fell is no count of what is left
        ("Cuối năm 2022 huyện Ba Vì còn bao nhiêu hộ nghèo?", "1.340 hộ nghèo"),
        ("Năm 2022 huyện Ba Vì giảm được bao nhiêu hộ nghèo?", "215 hộ nghèo"),
        # bodies asked in the plural, joined as the sentence joins them
        ("Chuẩn bị đại hội, Huyện ủy Ba Vì phân công nhiệm vụ cho những tiểu ban nào?",
         "Tiểu ban Văn kiện và Tiểu ban Nhân sự"),
        # the review named is the article asked of, not the term's first year
        ("Bí thư Huyện ủy Hoài Đức lúc sơ kết giữa nhiệm kỳ 2020-2025 là ai?", "Tạ Quang Huy"),
        ("Đại hội 2020, Bí thư Huyện ủy Hoài Đức là ai?", "Phan Đức Tài"),
        # moved away from the office: no longer its holder, though named in it
        ("Phó Bí thư Thường trực Huyện ủy Hoài Đức hiện nay là ai?", "Lưu Thị Hoa"),
        ("Năm 2020 ai là Phó Bí thư Thường trực Huyện ủy Hoài Đức?", "Mạc Văn Chung"),
        # people "được kết nạp vào Đảng" are new Party members
        ("6 tháng đầu năm 2023 Hoài Đức kết nạp được bao nhiêu đảng viên?", "96 quần chúng"),
        # "bao nhiêu người vào Đảng": the Party members admitted
        ("Năm 2023 Mỹ Đức kết nạp được bao nhiêu người vào Đảng?", "215 đảng viên"),
        # a list after "là", split by ";", for the items counted
        ("3 khâu đột phá nhiệm kỳ 2020-2025 của huyện Hoài Đức là gì?",
         "chỉnh trang đô thị; cải cách hành chính; phát triển nguồn nhân lực"),
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
        (["Năm 2023 Mỹ Đức thu ngân sách được bao nhiêu?", "Vậy mục tiêu cho năm tiếp theo là bao nhiêu?"],
         "Mục tiêu Mỹ Đức thu ngân sách năm 2024 là bao nhiêu?", "1.200 tỷ đồng"),
        # a part of the year after
        (["Năm 2023 Mỹ Đức thu ngân sách được bao nhiêu?", "Còn quý I năm sau thì sao?"],
         "Quý I/2024 Mỹ Đức thu ngân sách được bao nhiêu?", "312 tỷ đồng"),
        # a share asked in full after a figure: kept as typed, of the place and period before
        (["Năm 2023 Mỹ Đức thu ngân sách được bao nhiêu?", "thế còn thu ngân sách thì bằng bao nhiêu % dự toán?"],
         "Năm 2023, thu ngân sách thì bằng bao nhiêu % dự toán của Mỹ Đức?", "103%"),
        # "… gì nữa không?" asks which else, not yes or no
        (["Ai là Bí thư Huyện ủy Hoài Đức năm 2023?", "Ông ấy còn kiêm chức vụ gì nữa không?"],
         "Tạ Quang Huy còn kiêm chức vụ gì nữa không?", "Bí thư Huyện ủy, Chủ tịch HĐND huyện"),
        # "kế hoạch cả năm?" after a part of the year: that whole year's plan
        (["Quý I/2024 Mỹ Đức thu ngân sách được bao nhiêu?", "ke hoach ca nam?"], None, "1.200 tỷ đồng"),
        # "cùng kỳ" with no year: the time asked before, there
        (["Quý I/2024 ai chủ trì hội nghị của Huyện ủy Mỹ Đức?", "thu ngân sách cùng kỳ đạt bao nhiêu phần trăm dự toán?"],
         "thu ngân sách quý I/2024 đạt bao nhiêu phần trăm dự toán của Mỹ Đức?", "26%"),
    ],
)
def test_follow_ups(service: Service, turns: list[str], resolved: str | None, direct: str) -> None:
    answer = service.ask_turns(turns)
    if resolved is not None:
        assert answer.resolved_question == resolved
    assert answer.direct is not None and answer.direct.text == direct


def test_the_district_answered_is_the_one_a_follow_up_points_at(service: Service) -> None:
    answer = service.ask_turns(["Đồng chí Lý Thu Trang được bầu làm Chủ tịch UBND huyện nào?", "ở huyện đó bà ấy thay ai?"])
    assert answer.direct is not None and answer.direct.text == "Kiều Văn Sáng"
