"""Conversations typed as in a chat, on invented articles the test writes: a role "lúc đó" of the place before,
predecessors the articles name ("thay đồng chí X"), a numbered district typed "q4", "bn", a slip inside a
common word, two districts set side by side in a follow-up, the city the same period, the year before, and
office holders between two articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service

_QUAN_4_2022 = """Quận ủy Quận 4 tổng kết công tác năm 2022

Thứ năm, 12/01/2023 08:30

Đồng chí Lý Văn Phát, Thành ủy viên, Bí thư Quận ủy Quận 4 chủ trì hội nghị.

Năm 2022, tổng thu ngân sách trên địa bàn Quận 4 đạt 2.450,6 tỷ đồng, bằng 104,5% dự toán, tăng 6,1% so với năm 2021; chi ngân sách quận 1.128,4 tỷ đồng, bằng 93,2% dự toán.

Năm 2022, Đảng bộ Quận 4 kết nạp 212 đảng viên mới. Khởi công 9 công trình, hoàn thành 14 công trình. Kết quả đánh giá, xếp loại chất lượng năm 2022: có 14/45 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ.

Cùng năm, toàn thành phố thu ngân sách đạt 470.500 tỷ đồng.

Năm 2023, quận phấn đấu thu ngân sách 2.600 tỷ đồng. Dịp này, Ban Thường vụ Quận ủy tặng giấy khen cho 8 tổ chức cơ sở đảng tiêu biểu.
"""

_QUAN_4_2024 = """Quận 4 sơ kết quý I/2024

Thứ hai, 15/04/2024 09:00

Đồng chí Hầu Minh Quang, Thành ủy viên, Bí thư Quận ủy chủ trì hội nghị. Đồng chí Hầu Minh Quang được Ban Thường vụ Thành ủy chỉ định giữ chức Bí thư Quận ủy Quận 4 từ tháng 8/2023, thay đồng chí Lý Văn Phát nhận nhiệm vụ mới.

Quý I/2024, thu ngân sách trên địa bàn quận đạt 690,2 tỷ đồng, bằng 25,3% dự toán, tăng 4,4% so với cùng kỳ; chi ngân sách quận đạt 305,7 tỷ đồng.
"""

_NHA_BE_2022 = """Huyện ủy Nhà Bè tổng kết năm 2022

Thứ ba, 10/01/2023 08:00

Đồng chí Âu Thị Mai, Thành ủy viên, Bí thư Huyện ủy chủ trì hội nghị.

Năm 2022, thu ngân sách trên địa bàn huyện đạt 1.980,3 tỷ đồng, bằng 101,2% dự toán. Năm 2022, Đảng bộ huyện kết nạp 176 đảng viên mới.

Ban Thường vụ Huyện ủy đã ban hành các đề án, có kế hoạch cụ thể để lấy ý kiến nhân dân và 7 kế hoạch cụ thể hóa 10 chương trình công tác của Thành ủy.
"""

_NHA_BE_2024 = """Huyện ủy Nhà Bè tổng kết năm 2024

Thứ năm, 09/01/2025 08:00

Đồng chí Âu Thị Mai, Thành ủy viên, Bí thư Huyện ủy chủ trì hội nghị.

Năm 2024, thu ngân sách trên địa bàn huyện đạt 2.204,8 tỷ đồng, bằng 103,6% dự toán.

Đồng chí Tạ Minh Đức, Phó Bí thư Huyện ủy, Chủ tịch Ủy ban nhân dân huyện báo cáo tình hình kinh tế - xã hội.

Năm 2024, Đảng bộ huyện kết nạp 190 đảng viên mới.

Có 1.020 đảng viên hoàn thành xuất sắc nhiệm vụ.

Huyện ủy trao Huy hiệu Đảng cho 240 đảng viên.

Huyện triển khai 4 cuộc thi trực tuyến đến các tổ chức cơ sở đảng.
"""


_NAM_TU_LIEM_2022 = """Quận ủy Nam Từ Liêm tổng kết năm 2022

Thứ sáu, 13/01/2023 08:00

Năm 2022, tổng thu ngân sách nhà nước trên địa bàn quận đạt 9.120,5 tỷ đồng, bằng 108,2% dự toán. Cùng kỳ, toàn thành phố thu ngân sách ước đạt 280.500 tỷ đồng.

Hoàn thành tốt chỉ tiêu tuyển chọn và gọi công dân nhập ngũ năm 2022.

Quận triển khai thí điểm mô hình chính quyền đô thị.

Quận nhân rộng mô hình “Khu phố 3T” tại các phường.

Quận tổ chức tọa đàm “Nhân rộng các mô hình dân vận khéo của tổ dân phố”, gắn với nhân rộng mô hình “Tổ dân phố số”.

Quận tập trung thực hiện tốt “nhiệm vụ kép” và chủ đề công tác năm 2022 của Thành phố: “Nâng cao hiệu lực, hiệu quả quản lý”.

Kế hoạch năm 2023 của quận gồm 24 chỉ tiêu và 58 nhiệm vụ.

Năm 2022, chi ngân sách quận đạt 2.310,4 tỷ đồng, đạt 96,5% dự toán chi đầu năm, bằng 112% so với cùng kỳ; giá trị sản xuất công nghiệp giảm 2,1%.

Quận triển khai Chỉ thị số 12-CT/TU của Thành ủy về “Tăng cường sự lãnh đạo của cấp ủy đảng đối với công tác bảo vệ môi trường”.

Ban Chấp hành Đảng bộ quận khóa VI xác định 6 chương trình công tác lớn.

Đồng chí Đàm Văn Huân, Thành ủy viên, Bí thư Quận ủy, Chủ tịch HĐND quận Nam Từ Liêm phát biểu tại hội nghị.

Minh Khôi
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus: Path = tmp_path_factory.mktemp("chat")
    for name, text in (("901_quan-4-2022.txt", _QUAN_4_2022), ("902_quan-4-quy-1-2024.txt", _QUAN_4_2024),
                       ("903_nha-be-2022.txt", _NHA_BE_2022), ("904_nha-be-2024.txt", _NHA_BE_2024),
                       ("905_nam-tu-liem-2022.txt", _NAM_TU_LIEM_2022)):
        (corpus / name).write_text(text, encoding="utf-8")
    return load_service(None, corpus)


def _talk(service: Service, *questions: str) -> list[tuple[list[str], object]]:
    context = None
    said = []
    for question in questions:
        turn = service.converse(question, context)
        context = turn.context
        said.append(([line for line in answer_text(turn.answer).splitlines() if line.strip()], turn.answer))
    return said


def _direct(answer: object) -> str | None:
    return answer.direct.text if answer.direct else None  # type: ignore[attr-defined]


def test_a_role_then_is_the_role_of_the_place_and_period_before(service: Service) -> None:
    said = _talk(service, "quy 1 2024 q4 thu ngan sach bao nhieu", "ai lam bi thu luc do?", "truoc do la ai?")
    assert _direct(said[1][1]) == "Hầu Minh Quang"
    # The article that names the holder says whom they replaced: that sentence is the proof.
    lines, answer = said[2]
    assert _direct(answer) == "Lý Văn Phát"
    assert "thay đồng chí Lý Văn Phát" in answer.citations[0].quote  # type: ignore[attr-defined]


def test_no_predecessor_of_a_holder_nobody_named(service: Service) -> None:
    said = _talk(service, "Ai là Phó Chủ tịch HĐND Quận 4 năm 2022?", "người tiền nhiệm là ai?")
    assert said[0][1].abstained and said[1][1].abstained  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Năm 2022 Nhà Bè kết nạp bn đảng viên mới?", "176 đảng viên"),
        # "vin" is a syllable, but no article writes it and "đảng viên" is everywhere: a slip
        ("nam 2022 nha be ket nap bao nhieu dang vin moi", "176 đảng viên"),
        # "quận 1.128,4 tỷ đồng" is an amount, not Quận 1
        ("Năm 2022 Quận 4 chi ngân sách bao nhiêu?", "1.128,4 tỷ đồng"),
        # "Dịp này" after next year's target: the review's year
        ("Năm 2022, Ban Thường vụ Quận ủy Quận 4 tặng giấy khen cho bao nhiêu tổ chức cơ sở đảng tiêu biểu?",
         "8 tổ chức"),
        # named by the articles of 2022 and of 2024: the holder in between
        ("Năm 2023 Bí thư Huyện ủy Nhà Bè là ai?", "Âu Thị Mai"),
        # "từ tháng 8/2023": the holder in 2024 before any article of 2024 named him so
        ("Bí thư Quận ủy Quận 4 hiện nay là ai?", "Hầu Minh Quang"),
        # "QU" after a secretary is the district's committee
        ("bi thu QU quan 4 nam 2022 la ai", "Lý Văn Phát"),
        # two asks joined by a comma: the first is answered, its quote states the second
        ("Ai chủ trì hội nghị tổng kết năm 2022 của Quận 4, người đó giữ chức gì?", "Lý Văn Phát"),
        # two acts of one noun asked together: not one of them
        ("Năm 2022 Quận 4 khởi công và hoàn thành bao nhiêu công trình?", None),
        # two offices joined by "kiêm": the first names the person
        ("Bí thư Quận ủy kiêm Chủ tịch HĐND quận Nam Từ Liêm là ai?", "Đàm Văn Huân"),
        ("Bí thư QU Nam Từ Liêm có kiêm Chủ tịch HĐND quận không?", "Có"),
    ],
)
def test_answers_typed_as_in_a_chat(service: Service, question: str, direct: str | None) -> None:
    assert _direct(service.ask(question)) == direct


def test_the_year_a_holder_took_office_is_read_from_the_sentence(service: Service) -> None:
    since = {r.name: r.since_year for r in service.library.facts.roles if r.source.doc_id.startswith("902")}
    assert since["Hầu Minh Quang"] == 2023


def test_a_month_asked_is_its_year(service: Service) -> None:
    assert _direct(service.ask("Tháng 5/2024, Bí thư Quận ủy Quận 4 là ai?")) == "Hầu Minh Quang"


def test_the_year_an_office_changed_hands_is_answered_as_of_an_article_of_that_year(service: Service) -> None:
    # Hầu Minh Quang took over in August 2023: the review of January 2023 still named Lý Văn Phát.
    lines = answer_text(service.ask("Năm 2023, ai là Bí thư Quận ủy Quận 4?")).splitlines()
    assert lines[0] == "Theo bài ngày 12/01/2023, Bí thư Quận ủy Quận 4 là Lý Văn Phát [1]."


def test_abbreviations_typed_are_said_in_full(service: Service) -> None:
    lines = answer_text(service.ask("Năm 2022 Quận 4 có bao nhiêu TCCS đảng HTXS nhiệm vụ?")).splitlines()
    assert lines[0] == "Năm 2022, quận 4 có 14/45 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ [1]."


@pytest.mark.parametrize(
    ("turns", "winner", "rows"),
    [
        (("Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "còn Nhà Bè thì sao? bên nào nhiều hơn?"), "Cao hơn: Quận 4", 2),
        (("Năm 2022 Nhà Bè thu ngân sách bao nhiêu?", "con q4 thi sao? ben nao nhieu hon?"), "Cao hơn: Quận 4", 2),
        (("Năm 2022 Nhà Bè kết nạp bao nhiêu đảng viên mới?", "Quận 4 cùng năm đó? cao hơn hay thấp hơn"),
         "Cao hơn: Quận 4", 2),
        # the measure named again is the one asked before
        (("Năm 2022 Nhà Bè thu ngân sách bao nhiêu?", "Quận 4 cùng kỳ? quận nào thu nhiều hơn?"), "Cao hơn: Quận 4", 2),
    ],
)
def test_a_district_named_with_which_is_higher_sets_the_two_side_by_side(
    service: Service, turns: tuple[str, ...], winner: str, rows: int
) -> None:
    lines, _ = _talk(service, *turns)[-1]
    assert lines[0].startswith("(hiểu là: So sánh")
    assert lines[1].startswith(winner)
    assert sum(line[:2] in ("1.", "2.") for line in lines) == rows


def test_the_whole_city_the_same_period(service: Service) -> None:
    said = _talk(service, "Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "toan tp ho chi minh cung ky thi sao?")
    assert _direct(said[1][1]) == "470.500 tỷ đồng"


def test_a_figure_asked_of_the_district_keeps_the_period_of_the_conversation(service: Service) -> None:
    said = _talk(service, "Năm 2022 Quận 4 kết nạp bao nhiêu đảng viên?", "chi ngân sách quận đạt bao nhiêu?",
                 "bao nhieu TCCS đảng hoàn thành xuất sắc nhiệm vụ?")
    assert _direct(said[1][1]) == "1.128,4 tỷ đồng"  # not the latest quarter's 305,7
    assert _direct(said[2][1]) == "14/45 tổ chức"


def test_the_year_before_and_the_whole_year(service: Service) -> None:
    said = _talk(service, "Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "Năm trước đó thì được bao nhiêu?")
    assert said[1][0][0] == "(hiểu là: Năm 2021 Quận 4 thu ngân sách bao nhiêu?)"
    said = _talk(service, "Quý I/2024 Quận 4 thu ngân sách đạt bao nhiêu % dự toán?", "dự toán cả năm bao nhiêu tỷ?")
    assert "cả năm 2024" in said[1][0][0] and said[1][1].abstained  # type: ignore[attr-defined]


def test_this_article_after_a_decline_is_the_one_of_the_year_asked(service: Service) -> None:
    said = _talk(service, "Năm 2022 Nhà Bè thu tiền sử dụng đất bao nhiêu?", "bài này đăng ngày nào?")
    assert _direct(said[1][1]) == "10/01/2023"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Quận được thành lập năm bao nhiêu?", "date"),
        ("dự toán cả năm bao nhiêu tỷ?", "amount"),
        ("Bài tổng kết năm 2024 của huyện Nhà Bè được công bố ngày nào?", "published"),
        ("bai do dang hom nao?", "published"),
    ],
)
def test_what_a_question_asks(service: Service, question: str, kind: str) -> None:
    assert service.read(question).asked.kind == kind


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ket nap bn dang vien", "ket nap bao nhieu dang vien"),
        ("thu ngân sách bn?", "thu ngân sách bao nhiêu?"),
        ("bn ơi cho hỏi", "bn ơi cho hỏi"),  # "bạn", spoken to
        ("cho bn hỏi cái này", "cho bn hỏi cái này"),
        ("cảm ơn bn", "cảm ơn bn"),
    ],
)
def test_bn_is_bao_nhieu_only_where_a_figure_is_asked(service: Service, typed: str, read: str) -> None:
    assert service.library.question_reader(500).kinds.without_slips(typed) == read


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # "Hoàn thành tốt chỉ tiêu …": a word of degree does not change the event asked
        ("Quận Nam Từ Liêm có hoàn thành chỉ tiêu tuyển chọn và gọi công dân nhập ngũ năm 2022 không?", "Có"),
        # "thị" of "đô thị" is no "thì" ending the object
        ("Năm 2022 quận Nam Từ Liêm thí điểm mô hình gì?", "mô hình chính quyền đô thị"),
        # a title in quotes is one unit, and "3T" in it no figure
        ("Quận Nam Từ Liêm nhân rộng mô hình nào tại các phường?", "Khu phố 3T"),
        ("Kế hoạch năm 2023 của quận Nam Từ Liêm gồm bao nhiêu chỉ tiêu và nhiệm vụ?", "24 chỉ tiêu và 58 nhiệm vụ"),
        # "Ông" before a family name is the title
        ("Ông Đàm Văn Huân giữ những chức vụ gì?", "Thành ủy viên, Bí thư Quận ủy, Chủ tịch HĐND quận Nam Từ Liêm"),
        # a district's initials
        ("Năm 2022 NTL thu ngân sách bao nhiêu?", "9.120,5 tỷ đồng"),
        # the level after the body is part of the title
        ("Ngoài cương vị Phó Bí thư Huyện ủy, ông Tạ Minh Đức còn giữ chức vụ gì?", "Chủ tịch Ủy ban nhân dân huyện"),
    ],
)
def test_sentences_read_as_written(service: Service, question: str, direct: str) -> None:
    assert _direct(service.ask(question)) == direct


def test_a_code_in_a_name_is_no_figure(service: Service) -> None:
    assert not [f for f in service.library.facts.figures if f.source.doc_id.startswith("905") and f.value.startswith("3")]


@pytest.mark.parametrize(
    ("turns", "resolved", "direct"),
    [
        (("Năm 2022 Nam Từ Liêm thu ngân sách bao nhiêu?", "toan thanh pho cung ky?"),
         "(hiểu là: Năm 2022 toàn thành phố Hà Nội thu ngân sách bao nhiêu?)", "280.500 tỷ đồng"),
        (("Năm 2022 Nhà Bè kết nạp bao nhiêu đảng viên mới?", "còn Q.4?"),
         "(hiểu là: Năm 2022 Quận 4 kết nạp bao nhiêu đảng viên mới?)", "212 đảng viên"),
        (("Năm 2022 Quận 4 kết nạp bao nhiêu đảng viên mới?", "chi ngân sách quận đó bao nhiêu?"),
         "(hiểu là: chi ngân sách quận 4 năm 2022 bao nhiêu?)", "1.128,4 tỷ đồng"),
    ],
)
def test_follow_ups_typed_as_in_a_chat(service: Service, turns: tuple[str, ...], resolved: str, direct: str) -> None:
    lines, answer = _talk(service, *turns)[-1]
    assert (lines[0], _direct(answer)) == (resolved, direct)


def test_the_whole_city_that_year(service: Service) -> None:
    lines, answer = _talk(service, "Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "toan thanh pho nam do?")[-1]
    assert "toàn thành phố Hồ Chí Minh" in lines[0] and _direct(answer) == "470.500 tỷ đồng"


def test_the_same_period_a_year_back(service: Service) -> None:
    lines, answer = _talk(service, "Quý I/2024 Quận 4 thu ngân sách bao nhiêu?", "cùng kỳ năm trước là bao nhiêu tỷ?")[-1]
    assert "quý i/2023" in lines[0].lower() and answer.abstained  # type: ignore[attr-defined]


def test_the_author_of_the_article_just_quoted(service: Service) -> None:
    # The Nhà Bè article has no byline: the Nam Từ Liêm one's is no answer.
    said = _talk(service, "Năm 2022 Nhà Bè thu ngân sách bao nhiêu?", "tác giả bài viết là ai?")
    assert said[1][1].abstained and "Minh Khôi" not in " ".join(said[1][0])  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # which way the figure moved against the past, of the measure asked
        ("Chi ngân sách năm 2022 của quận Nam Từ Liêm có cao hơn cùng kỳ năm trước không?", "Có"),
        ("Chi ngân sách năm 2022 của quận Nam Từ Liêm có giảm so với cùng kỳ không?", "Không"),
        # a directive titled with the leadership formula: the issue it leads to
        ("Chỉ thị số 12-CT/TU mà quận Nam Từ Liêm triển khai là về vấn đề gì?", "công tác bảo vệ môi trường"),
        # "khóa VI" names the committee's term, not what is counted
        ("Quận ủy Nam Từ Liêm khóa VI có bao nhiêu chương trình công tác lớn?", "6 chương trình"),
        ("Quận Nam Từ Liêm thuộc tp nào?", "Hà Nội"),
        ("thu ngan sach nam 2022 quan nam tu liem bao nheiu", "9.120,5 tỷ đồng"),
    ],
)
def test_more_readings(service: Service, question: str, direct: str) -> None:
    assert _direct(service.ask(question)) == direct


def test_ct_ubnd_is_the_chair_of_the_peoples_committee(service: Service) -> None:
    # Only the council's chair is named: "CT UBND" is no question about him.
    assert service.ask("CT UBND quan Nam Tu Liem la ai?").abstained


def test_that_level_s_share_of_the_plan(service: Service) -> None:
    said = _talk(service, "Năm 2022 quận Nam Từ Liêm chi ngân sách bao nhiêu?", "Mức đó đạt bao nhiêu phần trăm dự toán chi đầu năm?")
    assert _direct(said[1][1]) == "96,5%"


def test_a_count_whose_sentence_holds_the_rest_of_the_question(service: Service) -> None:
    # The fact's measure stops at its clause ("có kế hoạch … và"); the question's words are in its sentence.
    answer = service.ask("Năm 2022 Ban Thường vụ Huyện ủy Nhà Bè ban hành bao nhiêu kế hoạch cụ thể hóa 10 chương trình công tác của Thành ủy?")
    assert _direct(answer) == "7 kế hoạch"


def test_a_title_right_after_the_noun_asked_is_the_one_meant(service: Service) -> None:
    # The first quote holds "mô hình" inside it; the model named is the quote after "mô hình".
    answer = service.ask("Mô hình nào được nhân rộng gắn với tọa đàm của quận Nam Từ Liêm?")
    assert _direct(answer) == "Tổ dân phố số"


def test_the_city_s_theme_is_no_district_s(service: Service) -> None:
    assert _direct(service.ask("Chủ đề công tác năm 2022 của riêng quận Nam Từ Liêm là gì?")) is None
    assert _direct(service.ask("Chủ đề công tác năm 2022 của Thành phố Hà Nội là gì?")) == "Nâng cao hiệu lực, hiệu quả quản lý"


def test_whom_the_holder_replaced(service: Service) -> None:
    said = _talk(service, "Bí thư Quận ủy Quận 4 quý I/2024 là ai?", "thay ai vay?")
    assert _direct(said[1][1]) == "Lý Văn Phát"


def test_when_the_holder_just_named_took_office(service: Service) -> None:
    # "nhận chức từ tháng mấy?" names no one: the holder just answered, and "tháng mấy" asks a month.
    said = _talk(service, "Bí thư Quận ủy Quận 4 quý I/2024 là ai?", "nhan chuc tu thang may?")
    assert said[1][0][0] == "(hiểu là: Hau Minh Quang nhan chuc tu thang may?)"
    assert _direct(said[1][1]) == "tháng 8/2023"


def test_which_is_higher_after_two_districts_ranks_those_two(service: Service) -> None:
    said = _talk(service, "Năm 2022 Nhà Bè kết nạp bao nhiêu đảng viên mới?", "còn Q.4?",
                 "thu ngân sách nơi nào cao hơn?")
    lines, answer = said[-1]
    assert lines[0] == "(hiểu là: thu ngân sách nơi nào cao hơn năm 2022, Nhà Bè hay Quận 4?)"
    assert _direct(answer) == "Quận 4"
    assert [v.district for v in answer.comparison] == ["Quận 4", "Nhà Bè"]  # type: ignore[attr-defined]
    # "cao nhất" ranks every district, not the two talked about.
    lines, answer = _talk(service, "Năm 2022 Nhà Bè kết nạp bao nhiêu đảng viên mới?", "còn Q.4?",
                          "thu ngân sách năm 2022 nơi nào cao nhất?")[-1]
    assert "Nam Từ Liêm" in {v.district for v in answer.comparison}  # type: ignore[attr-defined]


def test_a_count_of_another_noun_is_no_answer(service: Service) -> None:
    # "4 cuộc thi … đến các tổ chức cơ sở đảng" counts contests, not the party cells asked.
    answer = service.ask("Đảng bộ huyện Nhà Bè có bao nhiêu tổ chức cơ sở đảng?")
    assert answer.abstained and answer.direct is None


@pytest.mark.parametrize(
    ("turns", "resolved", "direct"),
    [
        # the period pointed at, and the rest an ellipsis of the question before
        (("Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "còn Nhà Bè năm đó?"),
         "(hiểu là: Năm 2022 huyện Nhà Bè thu ngân sách bao nhiêu?)", "1.980,3 tỷ đồng"),
        # "cùng kỳ", "cùng năm": the period asked before
        (("Năm 2022 Quận 4 kết nạp bao nhiêu đảng viên mới?", "con Nha Be cung ky?"),
         "(hiểu là: Năm 2022 huyện Nhà Bè kết nạp bao nhiêu đảng viên mới?)", "176 đảng viên"),
        (("Năm 2022 Quận 4 kết nạp bao nhiêu đảng viên mới?", "nha be cung nam thi sao"),
         "(hiểu là: Năm 2022 huyện Nhà Bè kết nạp bao nhiêu đảng viên mới?)", "176 đảng viên"),
        # "hồi năm 2024": at that time; a bare year of the question before is the one replaced
        (("Quận 4 2022 thu ngân sách bao nhiêu?", "the hoi nam 2024?"),
         "(hiểu là: Quận 4 năm 2024 thu ngân sách bao nhiêu?)", None),
        # "năm sau": the year after, and "họ" the place
        (("Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "Năm sau họ phấn đấu thu bao nhiêu?"),
         "(hiểu là: Năm 2023 phấn đấu thu bao nhiêu của quận 4?)", "2.600 tỷ đồng"),
        # "cả năm" after nine months: the whole of that year
        (("Quý I/2024 Quận 4 thu ngân sách bao nhiêu?", "Chỉ tiêu thu cả năm là bao nhiêu?"),
         "(hiểu là: Chỉ tiêu thu cả năm 2024 là bao nhiêu của quận 4?)", None),
        # a part of the figure asked before, asked the way it was
        (("Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "trong đó chi ngân sách?"),
         "(hiểu là: Năm 2022 Quận 4 thu ngân sách, trong đó chi ngân sách là bao nhiêu?)", None),
    ],
)
def test_more_follow_ups_typed_as_in_a_chat(service: Service, turns: tuple[str, ...], resolved: str,
                                            direct: str | None) -> None:
    lines, answer = _talk(service, *turns)[-1]
    assert lines[0] == resolved
    if direct is not None:
        assert _direct(answer) == direct


def test_which_is_more_after_two_districts_in_turn_ranks_the_two(service: Service) -> None:
    lines, answer = _talk(service, "Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "còn Nhà Bè cùng kỳ?",
                          "bên nào nhiều hơn?")[-1]
    assert lines[0] == "(hiểu là: Năm 2022 thu ngân sách, Quận 4 hay Nhà Bè, quận nào nhiều hơn?)"
    assert [v.district for v in answer.comparison] == ["Quận 4", "Nhà Bè"]  # type: ignore[attr-defined]
    # the relation alone ranks the figure asked before
    lines, answer = _talk(service, "Năm 2022 Quận 4 thu ngân sách đạt bao nhiêu % dự toán?", "nha be cung nam thi sao",
                          "quận nào vượt dự toán nhiều hơn?")[-1]
    assert "Quận 4 hay Nhà Bè" in lines[0]
    assert [(v.district, v.value) for v in answer.comparison] == [("Quận 4", "104,5%"), ("Nhà Bè", "101,2%")]  # type: ignore[attr-defined]


def test_who_chaired_asked_with_no_place_is_of_the_place_and_period_before(service: Service) -> None:
    lines, answer = _talk(service, "Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "ai chủ trì hội nghị?")[-1]
    assert lines[0] == "(hiểu là: ai chủ trì hội nghị của quận 4 năm 2022?)"
    assert _direct(answer) == "Lý Văn Phát"
    # only a period swapped is the question before, of that period
    lines, answer = _talk(service, "Bí thư Quận ủy Quận 4 năm 2022 là ai?", "nam 2024 thi ai?")[-1]
    assert _direct(answer) == "Hầu Minh Quang"


def test_he_after_a_place_answered_is_the_person_the_question_named(service: Service) -> None:
    lines, answer = _talk(service, "Đồng chí Tạ Minh Đức là Chủ tịch UBND huyện nào?", "ông ấy giữ chức đó từ khi nào?")[-1]
    assert lines[0].startswith("(hiểu là: Tạ Minh Đức giữ chức đó")
    assert answer.direct is None  # the article does not say when he took office


def test_whom_a_person_replaced_is_never_that_person(service: Service) -> None:
    said = _talk(service, "Năm 2024 ai chủ trì hội nghị tổng kết của Nhà Bè?", "bà ấy thay ai?")
    assert _direct(said[0][1]) == "Âu Thị Mai"
    assert _direct(said[1][1]) is None


def test_against_a_year_then_asks_the_change(service: Service) -> None:
    lines, answer = _talk(service, "Năm 2022 Quận 4 thu ngân sách bao nhiêu?", "so với năm 2021 thì sao?")[-1]
    assert _direct(answer) == "tăng 6,1%"


def test_which_reached_the_higher_rate_after_two_districts(service: Service) -> None:
    lines, answer = _talk(service, "Năm 2022 Quận 4 thu ngân sách đạt bao nhiêu % dự toán?", "còn Nhà Bè cùng kỳ?",
                          "vậy bên nào đạt tỷ lệ cao hơn?")[-1]
    assert [(v.district, v.value) for v in answer.comparison] == [("Quận 4", "104,5%"), ("Nhà Bè", "101,2%")]  # type: ignore[attr-defined]
    assert _direct(answer) == "Quận 4"


def test_whom_she_replaced_after_asking_since_when(service: Service) -> None:
    said = _talk(service, "Ai là Bí thư Quận ủy Quận 4 quý I/2024?", "ông ấy làm bí thư từ khi nào?", "thay ai vậy?")
    assert _direct(said[1][1]) == "tháng 8/2023"
    # the date answered is not who came before; the person talked about still is
    assert _direct(said[2][1]) == "Lý Văn Phát"


def test_when_and_where_after_a_holder_are_asked_of_them(service: Service) -> None:
    # the office named again: still when the holder took it, never the holder
    said = _talk(service, "Ai là Bí thư Quận ủy Quận 4 quý I/2024?", "nhận chức bí thư từ tháng mấy?")
    assert _direct(said[1][1]) == "tháng 8/2023"
    # where the one before went is no question of who came before
    said = _talk(service, "Ai là Bí thư Quận ủy Quận 4 quý I/2024?", "người tiền nhiệm được điều động đi đâu?")
    assert _direct(said[1][1]) != "Lý Văn Phát"
