"""Answer kinds, slots, verbatim spans and yes/no over real sentences of the seed articles."""

from __future__ import annotations

import tomllib

import pytest

from retrieval.answering.kinds.kinds import answer_kinds_from_toml, read_asked
from retrieval.answering.kinds.paraphrases import paraphrase_variants, paraphrases_from_toml
from retrieval.answering.kinds.periods import Period, read_period
from retrieval.answering.kinds.spans import extract_span, holds_slot
from retrieval.answering.kinds.yesno import settle_yesno
from retrieval.config import ConfigError

PLACES = ("Đống Đa", "Hoàn Kiếm", "Ba Đình", "Long Biên", "Sơn Trà", "Hà Nội", "Đà Nẵng")

# Sentences copied from seeds/*.txt.
DONG_DA_BUDGET = "Ước thu ngân sách trên địa bàn quận cả năm 2020 đạt 11.085,046 tỷ đồng, đạt 100,52% dự toán giao."
HOAN_KIEM_BUDGET = (
    "Tổng thu NSNN trên địa bàn quận đạt 10.530,819 tỷ đồng, bằng 105,1% dự toán Thành phố giao và bằng 107% so với"
    " cùng kỳ (thuế ngoài quốc doanh đạt 6.601,357 tỷ đồng, bằng 92,3% dự toán Thành phố giao và bằng 93,2% so với"
    " cùng kỳ); thu thuế do quận thực hiện đạt 4.025,452 tỷ đồng, bằng 120,7% dự toán Thành phố giao, bằng 140,2% so"
    " với cùng kỳ."
)
BA_DINH_QUARTER = (
    "Trong quý I/2021, giá trị sản xuất ngoài nhà nước toàn quận đạt 15.706 tỷ đồng, tăng 8,3% so với cùng kỳ; thu"
    " ngân sách trên địa bàn quận đạt 1.460 tỷ đồng, đạt 25,3% dự toán giao."
)
SON_TRA_RATING = (
    "Theo đó, Ban thường vụ Quận ủy đã đánh giá 5 tổ chức cơ sở Đảng đã hoàn thành xuất sắc nhiệm vụ đặt ra, 22 tổ"
    " chức cơ sở đảng hoàn thành tốt nhiệm vụ."
)
TITLED = "Đồng chí Trần Thu Hà, Ủy viên Trung ương Đảng, Phó Bí thư Thành ủy phát biểu chỉ đạo."  # invented
PLAN_MET = "Thu ngân sách trên địa bàn quận năm 2022 đạt 3.210 tỷ đồng, bằng 101,4% dự toán."  # invented
NOT_LET = "Huyện kiểm soát tốt dịch bệnh, không để bùng phát, lây lan trong cộng đồng dịp Tết."  # invented
TWO_TITLES = "Bí thư Quận ủy, Chủ tịch Hội đồng nhân dân quận Trần Văn Bình phát biểu khai mạc."  # invented
SON_TRA_CELLS = "Chi bộ hoàn thành xuất sắc nhiệm vụ: 53/282, chi bộ hoàn thành tốt nhiệm vụ: 214."
SON_TRA_MEMBERS = "Đảng viên hoàn thành xuất sắc nhiệm vụ là 878 đồng chí và 3891 Đảng viên hoàn thành tốt nhiệm vụ."
SON_TRA_CAPTION = "Lãnh đạo Quận ủy Sơn Trà trao tặng giấy khen cho 6 chi bộ hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm 2017-2021."
LONG_BIEN_WARDS = (
    "Việc xây dựng, ban hành và triển khai các đề án, phương án, các chuyên đề, kế hoạch thực hiện đúng tiến độ; chỉ"
    " đạo 14/14 phường ban hành các kế hoạch thực hiện nhiệm vụ năm 2024 bảo đảm theo định hướng chung của Quận ủy."
)
LONG_BIEN_PROJECTS = (
    "Khởi công 7 dự án, hoàn thành 12 dự án, phê duyệt 9 dự án; phê duyệt đối với 211 phương án với tổng diện tích"
    " thu hồi 42.092m2 đất, tổng số tiền bồi thường, hỗ trợ là 151 tỷ đồng."
)
LONG_BIEN_PROGRAMME = (
    "Kết quả, quý I có 12 chỉ tiêu và 48 nhiệm vụ thực hiện bảo đảm tiến độ, 14 chỉ tiêu và 17 nhiệm vụ khác chưa"
    " đến thời gian thực hiện."
)
DONG_DA_REPORT = (
    "Báo cáo kết quả công tác xây dựng Đảng năm 2020, đồng chí Nguyễn Anh Cường – Phó Bí thư Thường trực Quận uỷ,"
    " Chủ tịch Hội đồng nhân dân quận cho biết: Năm 2020 trong bối cảnh có nhiều khó khăn, thách thức."
)
HOAN_KIEM_CLOSING = (
    "Phát biểu kết luận Hội nghị, đồng chí Bùi Hoàng Phan Phó Bí thư Thường trực Quận ủy cho biết, năm 2020 là năm"
    " diễn ra nhiều sự kiện chính trị, xã hội trọng đại của đất nước và Thủ đô."
)
BA_DINH_SPEECH = "Phó Bí thư Thường trực Thành ủy Hà Nội Nguyễn Thị Tuyến phát biểu tại hội nghị."
BA_DINH_MEETING = (
    "Đó là đề nghị của đồng chí Nguyễn Thị Tuyến, Ủy viên Trung ương Đảng, Phó Bí thư thường trực Thành ủy Hà Nội tại"
    " Hội nghị Ban Chấp hành Đảng bộ quận Ba Đình lần thứ 6 khóa XXVI, nhiệm kỳ 2020-2025 diễn ra cả ngày 12/4."
)
LONG_BIEN_SECRETARY = (
    "Bí thư Quận ủy, Chủ tịch HĐND quận Long Biên Đường Hoài Nam phát biểu tại Hội nghị lần thứ 18 Ban Chấp hành"
    " Đảng bộ quận."
)
LONG_BIEN_DIRECTIVE = (
    "Triển khai Kế hoạch thực hiện Chỉ thị số 30-CT/TU ngày 19-2-2024 của Thành ủy Hà Nội về “Tăng cường sự lãnh"
    " đạo của cấp ủy Đảng về xây dựng người Hà Nội thanh lịch, văn minh”."
)
LONG_BIEN_RESTRUCTURE = (
    "Đảng bộ quận tiếp tục triển khai thực hiện Đề án sắp xếp đơn vị hành chính trên địa bàn quận giai đoạn"
    " 2023-2025, trong đó đẩy mạnh công tác tuyên truyền."
)
SON_TRA_RESOLUTION = (
    "Quận ủy, Ban Thường vụ Quận ủy xác định một số nhiệm vụ trọng tâm: chủ động xây dựng kế hoạch và chỉ đạo thực"
    " hiện có hiệu quả Nghị quyết số 05-NQ/QU, ngày 24/12/2021 của Quận ủy về phương hướng, nhiệm vụ năm 2022."
)
HOAN_KIEM_MEETING = "Hội nghị lần thứ 3 Ban Chấp hành Đảng bộ quận Hoàn Kiếm khóa XXVI |"
BA_DINH_AFTER_VOTE = (
    "Ngay sau bầu cử, cần tiến hành kỳ họp thứ nhất HĐND các cấp để bầu các chức danh HĐND, UBND theo quy định."
)
HOAN_KIEM_SAVINGS = (
    "Thực hiện triệt để tiết kiệm chi thường xuyên, cắt giảm chi thường xuyên đối với các nhiệm vụ chưa thật sự cần"
    " thiết, nhiệm vụ không triển khai thực hiện với số tiền 101,2 tỷ đồng (tiết kiệm chi thường xuyên 22,8%, bao gồm"
    " 10% tiết kiệm chi thường xuyên từ đầu năm)."
)
LONG_BIEN_DIRECTIVE_24 = (
    "Ban Thường vụ Quận ủy triển khai Kế hoạch số 202-KH/QU ngày 9-1-2024 về việc thực hiện Chủ đề công tác của thành"
    " phố năm 2024 gắn với triển khai Chỉ thị số 24-CT/TU ngày 7-8-2023 của Ban Thường vụ Thành ủy về “Tăng cường kỷ"
    " cương, kỷ luật và trách nhiệm giải quyết công việc trong hệ thống chính trị thành phố Hà Nội”."
)
DONG_DA_PROGRAMMES = (
    "Nghị quyết Đại hội Đảng bộ quận Đống Đa lần thứ XXVIII; triển khai thực hiện 7 chương trình công tác lớn của"
    " Quận uỷ; 10 Chương trình công tác lớn của Thành uỷ nhiệm kỳ 2020-2025."
)
SON_TRA_FIVE_YEARS = (
    "Ban Thường vụ Quận ủy đã tặng giấy khen cho 54 đảng viên đạt tiêu chuẩn “Hoàn thành xuất sắc nhiệm vụ” 05 năm"
    " liền (2017 - 2021)."
)
DONG_DA_CONGRESS = (
    "Cũng trong năm 2020 Đảng bộ quận đã chỉ đạo tổ chức tốt Đại hội Đảng bộ cấp cơ sở và tổ chức thành công Đại"
    " hội đại biểu Đảng bộ quận lần thứ XXVIII, nhiệm kỳ 2020 -2025."
)
DONG_DA_EPIDEMIC = (
    "Công tác phòng chống dịch đặc biệt trong đợt bùng phát dịch bệnh Covid -19 được tập trung chỉ đạo quyết liệt,"
    " hiệu quả, kết quả đã đẩy lùi, kiểm soát dịch bệnh, không để phát sinh ca bệnh mới."
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Quận Đống Đa thu ngân sách năm 2020 bao nhiêu?", "amount"),
        ("quan dong da thu ngan sach nam 2020 bao nhieu", "amount"),
        ("Ba Đình thu ngân sách quý I/2021 đạt bao nhiêu phần trăm dự toán?", "amount"),
        ("Long Biên có bao nhiêu phường?", "count"),
        ("LONG BIÊN CÓ BAO NHIÊU PHƯỜNG?", "count"),
        ("Đống Đa có mấy chi bộ đạt trong sạch vững mạnh?", "count"),
        ("dong da co may chi bo", "count"),  # typed without diacritics, "may" is "mấy"
        ("Quận trang bị máy tính cho các phường ra sao?", "theme"),  # typed with them, "máy" is no "mấy"
        ("Ở đầu nhiệm kỳ, quận đặt ra chỉ tiêu gì?", "topic"),  # nor "đầu" an "đâu"
        ("Tỷ số lên 24-10 khi nào?", "date"),  # "lên" is not a noun counted after "số"
        ("Ai là Phó Bí thư Thường trực Quận ủy Đống Đa?", "person"),
        ("Đồng chí nào phát biểu tại hội nghị?", "person"),
        ("Ông Bùi Hoàng Phan giữ chức vụ gì?", "role"),
        ("Ông Bùi Hoàng Phan là Bí thư hay Phó Bí thư Quận ủy Hoàn Kiếm?", "role"),
        ("Chỉ thị số 30-CT/TU ra ngày nào?", "date"),
        ("chi thi so 30-CT/TU ra ngay nao", "date"),
        ("Long Biên triển khai đề án giai đoạn nào?", "date"),
        ("Nghị quyết được ban hành khi nào?", "date"),
        ("Hội nghị diễn ra ở đâu?", "place"),
        ("Đống Đa có để phát sinh ca bệnh mới không?", "yesno"),
        ("Hoàn Kiếm vượt dự toán thu ngân sách phải không?", "yesno"),
        ("Long Biên đã hoàn thành các dự án chưa?", "yesno"),
        ("Đại hội Đảng bộ quận Long Biên sắp tới là lần thứ mấy?", "ordinal"),
        ("Chỉ thị đó do cơ quan nào ban hành?", "organisation"),
        ("Thông tri số 05-TT/QU về vấn đề gì?", "topic"),
        ("Long Biên chuẩn bị Đại hội như thế nào?", "theme"),
        ("Mặt trận Tổ quốc quận Hoàn Kiếm đã làm gì?", "theme"),
        ("Vì sao quận Đống Đa vượt dự toán thu ngân sách?", "reason"),
        ("Trụ sở được chuyển đến đâu?", "place"),
        ("Họ của cầu thủ ghi bàn thắng quyết định là gì?", "person"),
        ("Tên của thủ môn xuất sắc nhất giải là gì?", "person"),  # a person noun after "Tên của"
        ("Tên của sân vận động mới là gì?", "topic"),
        ("Đâu là nguồn thu chính của quận?", "which"),
        ("tai sao long bien tang thu ngan sach", "reason"),
        ("Cách nấu phở bò ngon tại nhà?", "none"),
        ("Số đảng viên mới kết nạp của quận Long Biên năm 2023?", "count"),  # "Số …" opening a question counts
        ("so chi bo hoan thanh tot nhiem vu cua son tra", "count"),
        ("So sánh thu ngân sách Ba Đình và Đống Đa", "none"),  # … but "so sánh" compares
        ("so voi nam 2020 thi sao", "none"),
    ],
)
def test_answer_kind_is_read_from_cue_words(question: str, kind: str) -> None:
    assert read_asked(question, places=PLACES).kind == kind


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Long Biên có bao nhiêu phường?", ("phuong",)),
        ("Quận Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ năm 2021?", ("chi", "bo")),
        ("Sơn Trà có bao nhiêu tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ?", ("to", "chuc", "co", "so", "dang")),
        ("Bao nhiêu đảng viên Sơn Trà hoàn thành xuất sắc nhiệm vụ?", ("dang", "vien")),
        ("son tra co bao nhieu dang vien hoan thanh tot nhiem vu", ("dang", "vien")),
        ("Số chương trình công tác lớn của Quận ủy là bao nhiêu?", ("chuong", "trinh", "cong", "tac", "lon")),
        ("Ở Sơn Trà, bao nhiêu người trong Đảng làm tốt công việc?", ("nguoi", "trong", "dang")),
    ],
)
def test_the_counted_noun_is_part_of_the_slot(question: str, counted: tuple[str, ...]) -> None:
    assert read_asked(question, places=PLACES).counted == counted


def test_a_paraphrased_noun_also_counts_its_equivalents() -> None:
    asked = read_asked("Ở Sơn Trà, bao nhiêu người trong Đảng làm tốt công việc?", places=PLACES)
    assert ("dang", "vien") in asked.counted_any
    assert {"hoan", "thanh", "tot", "nhiem", "vu"} <= set(asked.measure) | set(asked.measure_extra)


@pytest.mark.parametrize(
    ("question", "percent", "units"),
    [
        ("Ba Đình thu ngân sách đạt bao nhiêu phần trăm dự toán?", True, ("%", "phần trăm")),
        ("Tỷ lệ tiết kiệm chi thường xuyên là bao nhiêu?", True, ()),
        ("Long Biên thu hồi bao nhiêu mét vuông đất?", False, ("m2", "m²", "mét vuông")),
        ("Đống Đa thu ngân sách được bao nhiêu?", False, ()),
    ],
)
def test_percent_and_units_asked(question: str, percent: bool, units: tuple[str, ...]) -> None:
    asked = read_asked(question, places=PLACES)
    assert (asked.percent, asked.units) == (percent, units)


@pytest.mark.parametrize(
    ("question", "roles", "choices"),
    [
        ("Ai là Phó Bí thư Thường trực Quận ủy Đống Đa?", ("pho bi thu thuong truc quan uy",), ()),
        ("Bí thư Quận ủy Đống Đa là ai?", ("bi thu quan uy",), ()),
        ("Ông Bùi Hoàng Phan là Bí thư hay Phó Bí thư Quận ủy?", ("bi thu", "pho bi thu quan uy"), ("bi thu", "pho bi thu")),
        ("HĐND quận Đống Đa do ai làm chủ tịch?", ("chu tich",), ()),
    ],
)
def test_roles_asked(question: str, roles: tuple[str, ...], choices: tuple[str, ...]) -> None:
    asked = read_asked(question, places=PLACES)
    assert (asked.roles, asked.role_choices) == (roles, choices)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("thu ngan sach nam 2020", Period(years=(2020,))),
        ("thu ngan sach quy i/2021", Period(years=(2021,), quarter=1)),
        ("ba thang dau nam 2024", Period(years=(2024,), quarter=1)),
        ("6 thang dau nam 2023", Period(years=(2023,), half=1)),
        ("ca nam 2020", Period(years=(2020,), whole_year=True)),
        ("tieu bieu 5 nam 2017-2021", Period(ranges=((2017, 2021),), duration=5)),
        ("05 nam lien (2017 - 2021)", Period(ranges=((2017, 2021),), duration=5)),
        ("nghi quyet so 05-nq/qu, ngay 24/12/2021", Period()),
    ],
)
def test_periods(text: str, period: Period) -> None:
    assert read_period(text) == period


# (question, sentence, expected span)
SPANS = [
    ("Quận Đống Đa ước thu ngân sách năm 2020 được bao nhiêu?", DONG_DA_BUDGET, "11.085,046 tỷ đồng"),
    ("Ước thu ngân sách quận Đống Đa năm 2020 đạt bao nhiêu phần trăm dự toán?", DONG_DA_BUDGET, "100,52%"),
    ("Tổng thu ngân sách của Hoàn Kiếm năm 2020 bằng bao nhiêu phần trăm so với cùng kỳ?", HOAN_KIEM_BUDGET, "107%"),
    ("Thuế ngoài quốc doanh của Hoàn Kiếm năm 2020 bằng bao nhiêu phần trăm so với cùng kỳ?", HOAN_KIEM_BUDGET, "93,2%"),
    ("Thu thuế do quận Hoàn Kiếm thực hiện năm 2020 đạt bao nhiêu?", HOAN_KIEM_BUDGET, "4.025,452 tỷ đồng"),
    ("Ba Đình thu ngân sách quý I/2021 đạt bao nhiêu phần trăm dự toán?", BA_DINH_QUARTER, "25,3%"),
    ("Khu vực ngoài nhà nước ở Ba Đình tạo ra bao nhiêu trong quý đầu năm 2021?", BA_DINH_QUARTER, "15.706 tỷ đồng"),
    ("Long Biên thu hồi bao nhiêu mét vuông đất?", LONG_BIEN_PROJECTS, "42.092m2"),
    ("long bien khoi cong bao nhieu du an", LONG_BIEN_PROJECTS, "7 dự án"),
    ("Long Biên hoàn thành bao nhiêu dự án trong quý I-2024?", LONG_BIEN_PROJECTS, "12 dự án"),
    ("Long Biên có bao nhiêu phường?", LONG_BIEN_WARDS, "14/14 phường"),
    ("Sơn Trà có bao nhiêu tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ năm 2021?", SON_TRA_RATING, "22 tổ chức cơ sở đảng"),
    ("Sơn Trà có mấy tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ?", SON_TRA_RATING, "5 tổ chức cơ sở Đảng"),
    ("Quận Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ năm 2021?", SON_TRA_CELLS, "53/282"),
    ("Ở Sơn Trà, bao nhiêu người trong Đảng được xếp loại làm tốt công việc năm 2021?", SON_TRA_MEMBERS, "3891 Đảng viên"),
    ("o son tra, bao nhieu dang vien duoc xep loai lam tot cong viec nam 2021?", SON_TRA_MEMBERS, "3891 Đảng viên"),
    # the qualifier asked ("xuất sắc") picks the number whose clause opens with it, and its unit noun
    ("Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ năm 2021?", SON_TRA_MEMBERS, "878 đồng chí"),
    ("Bao nhiêu đảng viên Sơn Trà hoàn thành xuất sắc nhiệm vụ 5 năm liền?", SON_TRA_FIVE_YEARS, "54 đảng viên"),
    # "từ đầu năm" qualifies the measure; "nhiệm kỳ 2020-2025" is a period, not a measure word
    ("Tỷ lệ tiết kiệm chi thường xuyên, trong đó phần tiết kiệm từ đầu năm là bao nhiêu?", HOAN_KIEM_SAVINGS, "10%"),
    ("Tỷ lệ tiết kiệm chi thường xuyên của Hoàn Kiếm là bao nhiêu?", HOAN_KIEM_SAVINGS, "22,8%"),
    ("Số chương trình công tác lớn của Quận ủy Đống Đa nhiệm kỳ 2020-2025 là bao nhiêu?", DONG_DA_PROGRAMMES, "7 chương trình công tác lớn"),
    # a body's name may end in a lower-case syllable
    ("Chỉ thị số 24-CT/TU do cơ quan nào ban hành?", LONG_BIEN_DIRECTIVE_24, "Ban Thường vụ Thành ủy"),
    ("Chương trình số 01-CTr/QU có bao nhiêu nhiệm vụ được thực hiện bảo đảm tiến độ?", LONG_BIEN_PROGRAMME, "48 nhiệm vụ"),
    ("Ai trình bày báo cáo kết quả công tác xây dựng Đảng năm 2020?", DONG_DA_REPORT, "Nguyễn Anh Cường"),
    ("Ai là Phó Bí thư Thường trực Quận ủy Đống Đa?", DONG_DA_REPORT, "Nguyễn Anh Cường"),
    ("HĐND quận Đống Đa do ai làm chủ tịch?", DONG_DA_REPORT, "Nguyễn Anh Cường"),
    ("Ai là Phó Bí thư Thường trực Quận ủy Hoàn Kiếm?", HOAN_KIEM_CLOSING, "Bùi Hoàng Phan"),
    ("Ai phát biểu chỉ đạo tại hội nghị Ban Chấp hành Đảng bộ quận Ba Đình?", BA_DINH_SPEECH, "Nguyễn Thị Tuyến"),
    ("Bí thư Quận ủy Long Biên là ai?", LONG_BIEN_SECRETARY, "Đường Hoài Nam"),
    ("Ông Bùi Hoàng Phan là Bí thư hay Phó Bí thư Quận ủy Hoàn Kiếm?", HOAN_KIEM_CLOSING, "Phó Bí thư Thường trực Quận ủy"),
    ("Ngoài cương vị ở Thành ủy Hà Nội, đồng chí Nguyễn Thị Tuyến còn là ủy viên của cơ quan nào?", BA_DINH_MEETING, "Trung ương Đảng"),
    ("Chỉ thị số 30-CT/TU của Thành ủy Hà Nội ra ngày nào?", LONG_BIEN_DIRECTIVE, "ngày 19-2-2024"),
    ("Hội nghị Ban Chấp hành Đảng bộ quận Ba Đình lần thứ 6 diễn ra ngày nào?", BA_DINH_MEETING, "ngày 12/4"),
    ("Nghị quyết số 05-NQ/QU của Quận ủy Sơn Trà ban hành ngày nào?", SON_TRA_RESOLUTION, "ngày 24/12/2021"),
    ("long bien trien khai de an sap xep don vi hanh chinh giai doan nao", LONG_BIEN_RESTRUCTURE, "giai đoạn 2023-2025"),
    ("Quận Hoan Kiếm tổ chưc Hội nghị lần thư mấy của Ban Chấp hành Đảng bộ khóa XXVI?", HOAN_KIEM_MEETING, "lần thứ 3"),
    (
        # the title's leadership formula leads to the issue the directive is about
        "Chỉ thị số 30-CT/TU của Thành ủy Hà Nội nói về điều gì?",
        LONG_BIEN_DIRECTIVE,
        "xây dựng người Hà Nội thanh lịch, văn minh",
    ),
    ("Ngay sau bầu cử, Hội đồng nhân dân các cấp ở Ba Đình cần tiến hành việc gì?", BA_DINH_AFTER_VOTE, "kỳ họp thứ nhất HĐND các cấp"),
]


@pytest.mark.parametrize(("question", "sentence", "expected"), SPANS)
def test_span_is_cut_verbatim_from_the_sentence(question: str, sentence: str, expected: str) -> None:
    span = extract_span(read_asked(question, places=PLACES), sentence)
    assert span is not None
    assert span.text == expected
    assert sentence[span.start : span.end] == span.text


# (question, sentence): the sentence repeats the question's words but does not hold its slot.
NOT_HELD = [
    ("Bí thư Quận ủy Hoàn Kiếm là ai?", HOAN_KIEM_CLOSING),  # a Phó Bí thư is not the Bí thư
    ("Ai là Bí thư Quận ủy Đống Đa?", DONG_DA_REPORT),
    ("Quận Đống Đa có bao nhiêu phường?", DONG_DA_BUDGET),
    ("Sơn Trà có bao nhiêu đảng viên?", SON_TRA_RATING),  # tổ chức cơ sở đảng are not đảng viên
    ("Sơn Trà có bao nhiêu tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ?", SON_TRA_CELLS),  # chi bộ
    ("Quận Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ năm 2021?", SON_TRA_CAPTION),  # 5 years
    ("Bao nhiêu đảng viên Sơn Trà hoàn thành xuất sắc nhiệm vụ 5 năm liền?", SON_TRA_MEMBERS),  # one year, not 5
    ("Ba Đình thu ngân sách năm 2021 được bao nhiêu?", BA_DINH_QUARTER),  # quý I is not the year
    ("Ba Đình thu ngân sách quý II/2021 được bao nhiêu?", BA_DINH_QUARTER),
    ("Đống Đa thu ngân sách năm 2021 được bao nhiêu?", DONG_DA_BUDGET),
    ("Long Biên thu hồi bao nhiêu héc ta đất?", LONG_BIEN_PROJECTS),
    ("Ai làm trưởng Tiểu ban Văn kiện Đại hội Đảng bộ quận Long Biên?", LONG_BIEN_DIRECTIVE),
]


@pytest.mark.parametrize(("question", "sentence"), NOT_HELD)
def test_a_sentence_without_the_slot_does_not_hold_it(question: str, sentence: str) -> None:
    asked = read_asked(question, places=PLACES)
    assert not holds_slot(asked, sentence)
    assert extract_span(asked, sentence) is None


def test_questions_without_a_short_answer_hold_any_sentence() -> None:
    asked = read_asked("Long Biên chuẩn bị Đại hội Đảng các cấp như thế nào?", places=PLACES)
    assert not asked.short and holds_slot(asked, LONG_BIEN_RESTRUCTURE)


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Tổng thu NSNN năm 2020 của Hoàn Kiếm có vượt dự toán Thành phố giao không?", HOAN_KIEM_BUDGET, "Có"),
        ("Ước thu ngân sách năm 2020 của Đống Đa có đạt dự toán không?", DONG_DA_BUDGET, "Có"),
        ("Thuế ngoài quốc doanh của Hoàn Kiếm có đạt dự toán không?", HOAN_KIEM_BUDGET.split("(")[1], "Không"),
        ("Long Biên có thực hiện xong mọi chỉ tiêu của Chương trình ngay trong quý I không?", LONG_BIEN_PROGRAMME, "Không"),
        ("Đảng bộ quận Đống Đa có tổ chức thành công Đại hội đại biểu lần thứ XXVIII không?", DONG_DA_CONGRESS, "Có"),
        ("Đống Đa có để phát sinh ca bệnh Covid-19 mới không?", DONG_DA_EPIDEMIC, "Không"),
        ("Đống Đa có tổ chức thành công Đại hội đại biểu không?", SON_TRA_MEMBERS, None),
        ("Ba Đình có vượt dự toán thu ngân sách không?", LONG_BIEN_WARDS, None),
        # a title asked of the person named; a deputy holds no title of the head
        ("Bà Trần Thu Hà có phải là Ủy viên TW Đảng không?", TITLED, "Có"),
        ("Bà Trần Thu Hà có phải là Bí thư Thành ủy không?", TITLED, None),
        # an event less its light verb, the sentence's own word between
        ("Quận có thực hiện thí điểm mô hình chính quyền đô thị năm 2021 không?",
         "Năm 2021, quận thí điểm tổ chức mô hình chính quyền đô thị theo Nghị quyết của Quốc hội.", "Có"),
        # the plan asked by any of its words
        ("Quận có hoàn thành chỉ tiêu thu ngân sách năm 2022 không?", PLAN_MET, "Có"),
        ("Quận có hoàn thành kế hoạch thu ngân sách năm 2022 không?",
         "Thu ngân sách trên địa bàn quận năm 2022 đạt 2.905 tỷ đồng, bằng 96,2% dự toán.", "Không"),
        # what was not let happen, named by the question with more words between
        ("Huyện có để dịch bệnh bùng phát trong dịp Tết không?", NOT_LET, "Không"),
        ("Huyện có để xảy ra cháy rừng không?", NOT_LET, None),
        # two offices of one person: one run of titles says so; another office, a deputy, a name between do not
        ("Bí thư Quận ủy có kiêm Chủ tịch HĐND quận không?", TWO_TITLES, "Có"),
        ("Bi thu huyen uy co dong thoi la chu tich UBND huyen khong?",
         "Đồng chí Lê Minh, Bí thư Huyện ủy, Chủ tịch UBND huyện chủ trì hội nghị.", "Có"),
        ("Bí thư Quận ủy có kiêm Chủ tịch UBND quận không?", TWO_TITLES, None),
        ("Bí thư Quận ủy có kiêm Chủ tịch HĐND quận không?", "Phó Bí thư Quận ủy, Chủ tịch HĐND quận Ngô Lan dự hội nghị.", None),
        ("Bí thư Quận ủy có kiêm Chủ tịch HĐND quận không?",
         "Bí thư Quận ủy Nguyễn Hùng, Chủ tịch HĐND quận Đỗ Mai dự hội nghị.", None),
        # all asked, the share stated: every one, or not
        ("Có phải tất cả các phường đều đã ban hành kế hoạch không?",
         "Quận ủy chỉ đạo 12/12 phường ban hành kế hoạch thực hiện nhiệm vụ năm 2025.", "Có"),
        ("Có phải tất cả các phường đều đã ban hành kế hoạch không?",
         "Quận ủy chỉ đạo 10/12 phường ban hành kế hoạch thực hiện nhiệm vụ năm 2025.", "Không"),
    ],
)
def test_yes_no_only_when_the_sentence_settles_it(question: str, sentence: str, expected: str | None) -> None:
    assert settle_yesno(read_asked(question, places=PLACES), sentence) == expected


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        ("dong da thu duoc bao nhieu tien trong nam 2020", "thu ngan sach"),
        ("bao nhieu can bo dang", "dang vien"),
        ("so dang vien", "nguoi trong dang"),
        ("lam tot cong viec", "hoan thanh tot nhiem vu"),
        ("ngoai khu vuc cong", "ngoai quoc doanh"),
        ("quy dau nam 2021", "quy i"),
        ("nguyen tong bi thu chet nam nao", "qua doi"),
    ],
)
def test_paraphrases_are_used_both_ways(folded: str, expected: str) -> None:
    assert expected in paraphrase_variants(folded)


def test_paraphrases_of_nothing_are_nothing() -> None:
    assert paraphrase_variants("cach nau pho bo") == ()


def test_config_tables_are_read_from_parsed_toml() -> None:
    kinds = answer_kinds_from_toml(
        tomllib.loads('[[kind]]\nname = "person"\nspan = "person"\ncues = ["ai"]\n')
    )
    assert read_asked("Ai viết?", kinds).kind == "person"
    table = paraphrases_from_toml(tomllib.loads('[[group]]\nphrases = ["Quý đầu năm", "quý I"]\n'))
    assert table.groups == (("quy dau nam", "quy i"),)


@pytest.mark.parametrize(
    "text",
    [
        '[[kind]]\nname = "x"\nspan = "nonsense"\n',
        "kind = 3\n",
        '[[kind]]\nspan = "figure"\n',
        '[[kind]]\nname = "x"\ncues = "ai"\n',
        # The first line is written from the answer for every kind: a template would be ignored, so it is refused.
        '[[kind]]\nname = "x"\nspan = "person"\ncues = ["ai"]\ntemplate = "{span} [{n}]."\n',
        '[[kind]]\nname = "x"\ncues = ["ai"]\n[opposites]\npairs = [["thu"]]\n',
    ],
)
def test_a_bad_answer_kinds_table_is_one_clear_error(text: str) -> None:
    with pytest.raises(ConfigError):
        answer_kinds_from_toml(tomllib.loads(text))


def test_a_bad_paraphrase_table_is_one_clear_error() -> None:
    with pytest.raises(ConfigError):
        paraphrases_from_toml(tomllib.loads('[[group]]\nphrases = "x"\n'))


# "Which …" and "what …" questions with no narrower kind: the words standing where the question word stands.
# Sentences of the XQuAD-vi sample in tests/data (CC BY-SA 4.0).
BRONCOS = "Broncos đã đánh bại Pittsburgh Steelers ở vòng bảng với điểm số 23-16, bằng cách ghi 11 điểm trong ba phút cuối cùng của trận đấu."
ANDERSON = (
    "Sau đó, Anderson đã ghi điểm touchdown từ lượt chơi ở vạch 2 yard và Manning hoàn thành đường chuyền cho Bennie"
    " Fowler để có 2 điểm chuyển đổi (2-point conversion), giúp Denver dẫn trước 24-10 khi trận đấu còn lại 3:08."
)
THEATRE = 'Nhà hát Wojciech Bogusławski (1922-26) là ví dụ điển hình nhất của "nhà hát hoành tráng của Ba Lan".'
MOMUS = (
    "Gần đó, tại Ogród Saski (Vườn Saxon), Nhà hát Mùa hè đã hoạt động từ năm 1870 đến 1939, và trong giai đoạn giữa"
    " hai cuộc chiến tranh, khu phức hợp nhà hát cũng bao gồm Momus, quán rượu văn học đầu tiên của Warsaw và nhà hát"
    " nhạc kịch Melodram của Leon Schiller."
)


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Broncos đã đánh bại đội nào ở vòng bảng?", BRONCOS, "Pittsburgh Steelers"),
        ("Cầu thủ nào đã ghi điểm touchdown từ vạch 2 yard?", ANDERSON, "Anderson"),
        ("Nhà hát nào là ví dụ điển hình nhất của nhà hát hoành tráng Ba Lan?", THEATRE, "Nhà hát Wojciech Bogusławski"),
        ("Khu phức hợp nhà hát cũng bao gồm quán rượu văn học nào?", MOMUS, "Momus"),
        # the noun asked, then its name: "tỉnh Bình Dương" for "tỉnh nào", however near the rest of the question stands
        ("Công ty được hứa cấp đất xây nhà máy ở tỉnh nào?", "Năm 1998, công ty chọn tỉnh Bình Dương, nơi Hội đồng Nhân dân hứa cấp đất để xây nhà máy.", "Bình Dương"),
        # a person noun before "nào" asks for a full name, not the nearest capitalised word
        ("Cầu thủ nào được bầu là cầu thủ xuất sắc nhất?", "Sau trận đấu, đội trưởng Hà Nội FC và tiền vệ Nguyễn Quang Hải được bầu là cầu thủ xuất sắc nhất.", "Nguyễn Quang Hải"),
        # a quoted title is one unit
        ("Bài hát nào được trình diễn trong lễ khai mạc?", 'Trong lễ khai mạc, đoàn nghệ thuật Quân khu Thủ đô đã trình diễn bài hát "Như có Bác trong ngày vui đại thắng".', "Như có Bác trong ngày vui đại thắng"),
        # "hai … nào" asks for two: a name, "và", a name; one asked, one given
        ("Quảng trường nằm giữa hai con phố nào?", "Quảng trường nằm giữa Phố Huế và Phố Bà Triệu, gần hồ Hoàn Kiếm.", "Phố Huế và Phố Bà Triệu"),
        ("Quảng trường nằm cạnh con phố nào?", "Quảng trường nằm cạnh Phố Huế và Hồ Gươm.", "Phố Huế"),
        # typed with diacritics, "Đảng" is no "đang": the noun asked, opening the name
        ("Đảng nào mạnh nhất ở khu vực nông thôn?", "Ở bang này, Đảng Quốc gia mạnh nhất ở khu vực nông thôn phía Tây Bắc.", "Đảng Quốc gia"),
        # typed with diacritics, "Sân bay" does not repeat the "San" of "San Francisco"
        ("Sân bay nào có đường băng dài nhất?", "Sân bay quốc tế San Francisco, sân bay có đường băng dài nhất; Sân bay Oakland, sân bay nhỏ hơn.", "San Francisco"),
    ],
)
def test_which_questions_take_the_words_where_the_question_word_stands(question: str, sentence: str, expected: str) -> None:
    asked = read_asked(question)
    assert asked.span == "aligned"
    span = extract_span(asked, sentence)
    assert span is not None and span.text == expected
    assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Broncos đã đánh bại đội nào ở vòng bảng?", "Không có câu nào ở đây nói về bóng đá."),  # nothing frames a run
        ("Đội nào đã đánh bại Broncos?", "Broncos Pittsburgh Steelers."),  # only the question's own words
    ],
)
def test_a_which_question_without_framing_words_has_no_short_answer(question: str, sentence: str) -> None:
    assert extract_span(read_asked(question), sentence) is None


# Questions beyond district budgets: any year, a noun standing before its number, a noun named only by its head,
# a population, a name given after "là", a person asked without a role.
@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        ("Nhà máy dệt Nam Định được thành lập khi nào?", "Nhà máy dệt Nam Định được thành lập vào năm 1889 và mở rộng sau chiến tranh.", "năm 1889"),
        ("Cầu Long Biên được khánh thành khi nào?", "Cầu Long Biên được khánh thành vào tháng 2 năm 1902, sau ba năm xây dựng.", "tháng 2 năm 1902"),
        ("Ông Trần Văn Bình bao nhiêu tuổi khi được bầu làm Chủ tịch?", "Ông Trần Văn Bình được bầu làm Chủ tịch ở tuổi 45.", "tuổi 45"),
        ("Xe buýt Hà Nội chở bao nhiêu hành khách mỗi năm?", "Năm 2023, xe buýt Hà Nội chở hơn 400 triệu hành khách.", "400 triệu hành khách"),
        ("Vườn quốc gia có bao nhiêu loài chim quý hiếm?", "Vườn quốc gia hiện có 120 loài khác nhau đã được ghi nhận.", "120 loài"),
        ("Dân số của thành phố Thủ Đức là bao nhiêu?", "Thành phố Thủ Đức được thành lập năm 2021 với dân số 1.013.795.", "1.013.795"),
        ("Tên của ngôi chùa cổ nhất Hà Nội là gì?", "Ngôi chùa cổ nhất Hà Nội có tên là Trấn Quốc, nằm trên bán đảo Hồ Tây.", "Trấn Quốc"),
        ("Ai đã thiết kế Nhà hát Lớn Hà Nội?", "Nhà hát Lớn Hà Nội do kiến trúc sư Harlay thiết kế, còn Broyer và Travary giám sát thi công.", "Harlay"),
        # a definition: what the sentence says the subject is, to the end of its clause
        ("VNeID là gì?", "VNeID là ứng dụng định danh điện tử của Bộ Công an, được triển khai từ năm 2022.", "ứng dụng định danh điện tử của Bộ Công an"),
        # "các" is not part of the noun counted; a multiplier or a classifier may stand before it
        ("Số lượng các loài cây trong vườn là bao nhiêu?", "Vườn có khoảng 3.000 loài, phần lớn là cây bản địa.", "3.000 loài"),
        ("Có bao nhiêu tấn rác thải được thu gom mỗi ngày?", "Mỗi ngày thành phố thu gom 6,5 nghìn tấn rác.", "6,5 nghìn tấn"),
        ("Bao nhiêu chữ ký đã được gửi tới Quốc hội?", "Bản kiến nghị với hơn 5.100 chữ ký đã được gửi tới Quốc hội.", "5.100 chữ ký"),
        ("Có bao nhiêu tên trong bản kiến nghị?", "Bản kiến nghị có hơn 5.100 cái tên.", "5.100 cái tên"),
        # a number that looks like a year is a count when the noun asked follows it
        ("Có bao nhiêu khách dự lễ khai trương chợ?", "Lễ khai trương chợ năm 1998 có 2000 khách tham dự.", "2000 khách"),
        # "điểm số" asks for a match's score, "dân số" for a population: neither counts "cuối cùng" or "ước tính"
        ("Điểm số cuối cùng của trận chung kết là bao nhiêu?", "Hà Nội FC thắng trận chung kết với điểm số 3-1 sau 90 phút.", "3-1"),
        ("Dân số ước tính của thị trấn là bao nhiêu?", "Dân số của thị trấn được ước tính là 12.500 người.", "12.500 người"),
        # a share written in words
        ("Đa số tán thành phải chiếm bao nhiêu để dự luật được thông qua?", "Dự luật được thông qua khi có hai phần ba đại biểu tán thành.", "hai phần ba"),
        # a foreign name may open the sentence; a Vietnamese word capitalised before it is not part of it
        ("Ai được coi là cha đẻ của hóa học hiện đại?", "Antoine Lavoisier thường được coi là cha đẻ của hóa học hiện đại.", "Antoine Lavoisier"),
        ("Ai là người đầu tiên bay một mình qua Đại Tây Dương?", "Khi Charles Lindbergh là người đầu tiên bay một mình qua Đại Tây Dương, cả Paris đón chào.", "Charles Lindbergh"),
        # the name set off right before the subject asked, by a comma or brackets
        ("Quán cà phê lâu đời nhất của phố cổ là gì?", "Khu phố cổ có nhiều quán nổi tiếng, trong đó có Cà phê Giảng, quán cà phê lâu đời nhất của phố cổ.", "Cà phê Giảng"),
        ("Thế mới nhất là gì?", "Toàn tân (thế mới nhất) quá nhỏ để hiển thị trên dòng thời gian.", "Toàn tân"),
        # "… điều gì?": what follows the question's words right before its question word, not a longer run elsewhere
        ("Việc mở đường cao tốc dẫn đến điều gì?", "Hai đường cao tốc đầu tiên đã mở rừng thành công và dẫn đến nạn phá rừng gia tăng.", "nạn phá rừng gia tăng"),
        ("Tòa nhà trước đây là trụ sở của cái gì?", "Sàn giao dịch nằm trong tòa nhà trước đây được dùng làm trụ sở của Đảng Cộng sản Ba Lan (PZPR).", "Đảng Cộng sản Ba Lan"),
        # asked for a name, the name may be given further on in the clause
        ("Tên của sân vận động mà đội đã thi đấu là gì?", "Đội đã thi đấu tại sân vận động Hàng Đẫy trong suốt mùa giải.", "Hàng Đẫy"),
        ("Tên của khu phố cổ là gì?", "Thành phố có nhiều khu, trong đó khu phố cổ nhất có tên Hội An.", "Hội An"),
        # a period written out answers "khi nào" whole
        ("Nhà máy được xây dựng khi nào?", "Nhà máy được xây dựng từ năm 1920 đến 1925 bằng vốn của tư nhân.", "từ năm 1920 đến 1925"),
        # a foreign name alone may open the sentence: it is no Vietnamese word capitalised by convention
        ("Hòn đảo nào đã ký hiệp ước năm 1985?", "Greenland đã ký một hiệp ước năm 1985 để có quy chế đặc biệt.", "Greenland"),
        # "đến đâu", "từ đâu": the place the cue's own preposition introduces, one place of "từ … đến …"
        ("Thư viện được chuyển đến đâu?", "Năm 1999, thư viện được chuyển từ Hải Phòng đến Hà Nội.", "Hà Nội"),
        ("Thư viện được chuyển từ đâu?", "Năm 1999, thư viện được chuyển từ Hải Phòng đến Hà Nội.", "Hải Phòng"),
        # an initial is part of the name
        ("Ai là người quản lý đầu tiên của quỹ?", "Năm 1973, Hội đồng bổ nhiệm William E. Simon làm người quản lý đầu tiên của quỹ.", "William E. Simon"),
        # a count given as a range
        ("Có bao nhiêu loài chim đã được xác nhận?", "Chỉ có 100-150 loài đã được xác nhận và có thể còn 25 loài khác chưa được mô tả.", "100-150 loài"),
        ("Mỗi con có bao nhiêu tấm lược?", "Cả ba đều có từ 24 đến 80 tấm lược, nhiều hơn loài điển hình có 8 tấm lược.", "từ 24 đến 80 tấm lược"),
        # a clock time answers a question about time, and only such a question
        ("Trận đấu còn lại bao lâu khi đội khách gỡ hòa?", "Đội khách gỡ hòa 2-2 khi trận đấu còn lại 3:08.", "3:08"),
        ("Đội khách ghi được bao nhiêu bàn thắng?", "Lúc 11:53, đội khách đã có 2 bàn thắng.", "2 bàn thắng"),
        # "trong số 711.988 người": out of that many, a quantity, not a code
        ("Dân số thành phố năm 1901 là bao nhiêu?", "Theo điều tra năm 1901, trong số 711.988 người, 56,2% theo Công giáo.", "711.988 người"),
        # "bao lâu": a number of years, months …, or a period written out
        ("Bầu cử Quốc hội diễn ra bao lâu một lần?", "Bầu cử Quốc hội diễn ra sau mỗi 5 năm, theo Hiến pháp.", "5 năm"),
        ("Nhà hát đã hoạt động được bao lâu?", "Nhà hát đã hoạt động từ năm 1870 đến 1939, rồi đóng cửa.", "từ năm 1870 đến 1939"),
        # "53/282" is 53 of 282: asked for the whole, the whole
        ("Quận có tổng cộng bao nhiêu chi bộ?", "Chi bộ hoàn thành xuất sắc nhiệm vụ: 53/282, chi bộ hoàn thành tốt nhiệm vụ: 214.", "282"),
        ("Quận có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ?", "Chi bộ hoàn thành xuất sắc nhiệm vụ: 53/282, chi bộ hoàn thành tốt nhiệm vụ: 214.", "53/282"),
        # why: the clause "vì", "do", "để" … open, opener kept, to the end of the clause
        ("Tại sao trận đấu bị hoãn?", "Trận đấu bị hoãn vì mưa lớn kéo dài suốt buổi chiều.", "vì mưa lớn kéo dài suốt buổi chiều"),
        ("Vì sao hóa thạch sứa rất hiếm?", "Do cơ thể mềm và trơn, hóa thạch sứa rất hiếm.", "Do cơ thể mềm và trơn"),
        ("Tại sao quỹ được thành lập?", "Quỹ được thành lập năm 2010 để hỗ trợ học sinh nghèo vượt khó.", "để hỗ trợ học sinh nghèo vượt khó"),
    ],
)
def test_short_answers_beyond_district_figures(question: str, sentence: str, expected: str) -> None:
    span = extract_span(read_asked(question), sentence)
    assert span is not None and span.text == expected
    assert sentence[span.start : span.end] == expected


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        # typed without diacritics, "loai chim" cannot be told from one word: only the whole noun counts
        ("Vuon quoc gia co bao nhieu loai chim quy hiem?", "Vườn quốc gia hiện có 120 loài khác nhau đã được ghi nhận."),
        # "tám" of "trọng tâm" folds to a number word: a head noun is only taken after a number in figures
        ("Quận có bao nhiêu loài chim quý hiếm?", "Nhiệm vụ trọng tâm loài người là bảo vệ thiên nhiên."),
        # "Dân số Warsaw": "số" before a name counts nothing, and no number here is a population
        ("Dân số Warsaw năm 1901 là bao nhiêu?", "Warsaw là một thành phố đa văn hóa."),
        # "năm 2000" is a year even when the noun asked follows it
        ("Có bao nhiêu khách dự lễ khai trương chợ?", "Chợ mở cửa lại vào năm 2000 khách đông hơn trước."),
        # the measure opposite to the one asked: "chi" asked, a passage that says only "Thu …"
        ("Quận chi ngân sách được bao nhiêu?", "Thu ngân sách trên địa bàn quận đạt 2.472 tỷ đồng."),
        ("Xuất khẩu tăng bao nhiêu phần trăm?", "Xuất khẩu giảm 4,5% so với cùng kỳ."),
        # "đó" folds to "do" but opens no reason
        ("Tại sao chợ đóng cửa?", "Chợ đóng cửa từ đó đến nay chưa mở lại."),
        # a definition of something else: the subject asked must stand before "là"
        ("VNeID là gì?", "Ứng dụng này là sản phẩm của Bộ Công an."),
    ],
)
def test_no_short_answer_from_a_head_noun_or_a_name_misread(question: str, sentence: str) -> None:
    assert extract_span(read_asked(question), sentence) is None


def test_an_answer_never_starts_or_ends_inside_a_word() -> None:
    sentence = "Ban đầu bảo tàng được gọi là Bảo tàng Sản xuất, mở cửa vào tháng 5 năm 1852."
    span = extract_span(read_asked("Bảo tàng ban đầu được gọi là gì?"), sentence)
    assert span is not None and span.text == "Bảo tàng Sản xuất"  # pyvi's "Sản_xuất" is one word: never "Sản"


def test_two_wordings_of_one_question_are_reworded_at_once() -> None:
    table = paraphrases_from_toml(tomllib.loads(
        '[[group]]\nphrases = ["đảng viên", "thành viên đảng"]\n[[group]]\nphrases = ["hoàn thành tốt nhiệm vụ", "làm tốt nhiệm vụ"]\n'
    ))
    rewritings = table.rewritings("bao nhieu thanh vien dang lam tot nhiem vu")
    assert rewritings[0] == "bao nhieu dang vien hoan thanh tot nhiem vu"
    assert "bao nhieu dang vien lam tot nhiem vu" in rewritings
    # One wording of the group's own: its single rewordings, nothing combined.
    assert table.rewritings("bao nhieu dang vien lam tot nhiem vu") == (
        "bao nhieu thanh vien dang lam tot nhiem vu", "bao nhieu dang vien hoan thanh tot nhiem vu",
    )


def test_every_span_style_that_extracts_has_one_generator_and_no_generator_is_unnamed() -> None:
    from retrieval.answering.kinds.kinds import SPAN_STYLES
    from retrieval.answering.kinds.spans import GENERATORS
    from retrieval.answering.kinds.styles import STYLES

    assert set(GENERATORS) == {name for name, rules in STYLES.items() if rules.extracts}
    assert SPAN_STYLES == set(STYLES)
