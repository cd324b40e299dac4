"""Questions on two invented articles (tests/data/meetings): who chaired a meeting told in the sentences after
it, the items a count of two names, the amount of the period a figure is set against, a total that includes a part, a long title in quotes, the kind of thing
asked kept with its answer, a byline in capitals, an outlet beside the date, a replaced holder, a secretary
abbreviated "BT QU", and two districts compared each in its own year."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service

DATA = Path(__file__).parent / "data" / "meetings"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    corpus = tmp_path_factory.mktemp("meetings")
    for article in DATA.glob("*.txt"):
        (corpus / article.name).write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    return load_service(None, corpus)


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # the meeting's sentence, then who attended, then who chaired it
        ("Ai chủ trì hội nghị tổng kết năm 2023 của Quận ủy Tây Hồ?", "Lê Thu Hà"),
        # "2" typed, "Hai" printed; the two items joined by "và" are both the answer
        ("2 chỉ tiêu chưa đạt tiến độ của Tây Hồ là gì?", "cải tạo chung cư cũ và trồng mới cây xanh"),
        # "tính cả …": the total that includes the part, not the part
        ("Tính cả phần tiết kiệm từ đầu năm thì Tây Hồ tiết kiệm chi thường xuyên tổng cộng bao nhiêu %?", "18,5%"),
        # a title in quotes longer than a sentence's clause, with a name inside it
        ("Chuyên đề năm 2023 của Quận ủy Tây Hồ có tên là gì?",
         "Nâng cao trách nhiệm nêu gương của cán bộ, đảng viên trong thực thi công vụ và phục vụ nhân dân trên địa bàn quận"),
        # "mô hình gì": the kind of thing asked opens the answer
        ("Tây Hồ kiện toàn bộ máy trong điều kiện triển khai mô hình gì?", "mô hình chính quyền đô thị"),
        # the closing line in capitals is the byline; the outlet beside the date is not
        ("Bài về Tây Hồ năm 2023 ai viết?", "MINH KHÔI"),
        # the one replaced is the answer only to what is said of him
        ("Năm 2023 ở Tây Hồ ai nhận nhiệm vụ mới?", "Trần Văn Lộc"),
        ("BT QU Tây Hồ năm 2023 là ai?", "Lê Thu Hà"),
        # chat shorthand: "đc", "so vs", "NS", "GTSX"; "sang 2024 … xác định" say when and the act, not the measure
        ("Tây Hồ thu NS 2023 đc bao nhiêu % so vs dự toán?", "104,1%"),
        ("Tây Hồ năm 2023 GTSX công nghiệp tăng mấy %?", "tăng 7,2%"),
        ("sang 2024 tay ho xac dinh may nhiem vu trong tam?", "8 nhiệm vụ"),
        # "so với cùng kỳ năm 2023 (N)": N is the same half of 2023; asked apart, the year and the part are one period
        ("Cùng kỳ năm 2023, Tân Bình thu ngân sách 6 tháng là bao nhiêu?", "5.084 tỷ đồng"),
        # "thực tế": the result; the bracket after "so với năm 2022" is 2022's amount
        ("Năm 2022 Tân Bình thực tế thu ngân sách được bao nhiêu?", "9.100 tỷ đồng"),
        ("Năm 2023 Tây Hồ thực thu ngân sách được bao nhiêu?", "4.100 tỷ đồng"),
        # "theo chuẩn thành phố": the city's standard, the district's rate
        ("Tân Bình có tỷ lệ hộ nghèo bao nhiêu?", "0,42%"),
        # a list after a colon, its items split by ";", when several are asked (spelled, unmarked)
        ("ba giai phap dot pha nam 2024 cua tay ho la gi", "chỉnh trang vỉa hè; chuyển đổi số; phát triển du lịch đêm"),
        # "từ ngày nào đến ngày nào": the span of days
        ("Đại hội Đảng bộ huyện Sóc Sơn nhiệm kỳ 2020-2025 diễn ra từ ngày nào đến ngày nào?", "từ ngày 14 đến 16/7/2020"),
        # "… còn … không?" asks yes or no without "có"
        ("Tây Hồ cuối năm 2023 còn hộ nghèo không?", "Không"),
    ],
)
def test_short_answers(service: Service, question: str, direct: str) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


def test_the_holder_replaced_is_no_holder(service: Service) -> None:
    answer = service.ask("Năm 2023 ai được bầu giữ chức ở Tây Hồ?")
    assert answer.direct is None or answer.direct.text != "Trần Văn Lộc"


def test_two_districts_each_in_the_year_named_with_it(service: Service) -> None:
    answer = service.ask("Thu ngân sách: Tây Hồ năm 2023 và Sóc Sơn năm 2022, nơi nào cao hơn?")
    assert answer_text(answer).splitlines()[:3] == [
        "Cao hơn: Tây Hồ — 4.100 tỷ đồng (Năm 2023) [1].",
        "1. Tây Hồ: 4.100 tỷ đồng (Năm 2023) [1]",
        "2. Sóc Sơn: 2.300 tỷ đồng (Năm 2022) [2]",
    ]
    # a year and a quarter are no like periods, whoever chose them
    answer = service.ask("Thu ngân sách: Tây Hồ năm 2023 và Sóc Sơn quý I/2022, nơi nào cao hơn?")
    assert answer.direct is None


def test_why_asked_after_a_figure_is_of_its_place_and_period(service: Service) -> None:
    first = service.converse("Năm 2023 Tây Hồ chi ngân sách bao nhiêu?", None)
    assert first.answer.direct is not None and first.answer.direct.text == "1.250 tỷ đồng"
    why = service.converse("vì sao giảm so với cùng kỳ?", first.context)
    # the figure's sentence, then the one that gives its cause
    assert why.answer.direct is not None and why.answer.direct.text == "do nhiều dự án chưa đủ thủ tục giải ngân"
