"""Rules of reading a district report that a newsroom's collection needs, on invented articles the test writes:
the period a report covers (not the plan it announces), spans of years, targets listed after a target cue, a
plan in brackets, counts that share a verb, names that hold a place name, questions that name no district."""

from __future__ import annotations

import dataclasses

import random
import shutil
from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service
from retrieval.facts.model import PeriodKind, Status
from retrieval.facts.periods import _PERIOD, _period_matches, find_periods
from retrieval.facts.query import conflicts

_TAY_HO = """Quận ủy Tây Hồ triển khai nhiệm vụ năm 2025

Thứ sáu, 10/01/2025 09:30

Sáng 9/1/2025, Quận ủy Tây Hồ tổ chức hội nghị tổng kết công tác năm 2024, triển khai nhiệm vụ năm 2025.

Thu ngân sách nhà nước trên địa bàn quận đạt 2.310 tỷ đồng, bằng 104,2% dự toán và tăng 9,6% so với cùng kỳ. Chi ngân sách quận đạt 640 tỷ đồng, bằng 95,1% dự toán.

Quận ủy kết nạp 205 đảng viên mới, đạt 102,5% chỉ tiêu (chỉ tiêu 200 đảng viên).

Quận ủy tặng giấy khen 12 chi bộ tiêu biểu 5 năm liền và 85 đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm 2020-2024.

Ủy ban Kiểm tra Quận ủy đã kiểm tra 3 tổ chức đảng và 6 đảng viên khi có dấu hiệu vi phạm.

Đồng chí Trần Quang Sơn, Bí thư Quận ủy chủ trì hội nghị. Năm 2024, có 1.020 đảng viên hoàn thành xuất sắc nhiệm vụ. Giải ngân vốn đầu tư công đạt 410 tỷ đồng, bằng 88,5% kế hoạch; số thu của quận cao hơn Quận 3 (980 tỷ đồng) gần 1.330 tỷ đồng.

Giá trị sản xuất công nghiệp trên địa bàn đạt 1.120 tỷ đồng, tăng 7,4% so với cùng kỳ. Quận ủy tặng giấy khen cho 9 tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu 5 năm liền (2019 - 2023).

Ngày 12/3/2024, HĐND quận đã bầu đồng chí Lê Đông Anh giữ chức Chủ tịch HĐND quận.

Năm 2024, quận triển khai chủ đề công tác: “Năm kỷ cương, văn minh đô thị”. Các đơn vị tiếp tục bám sát các nhiệm vụ trọng tâm của năm.

Năm 2025, quận phấn đấu thu ngân sách đạt 2.500 tỷ đồng; kết nạp ít nhất 210 đảng viên mới.
"""

_QUAN_3 = """Quận ủy Quận 3 sơ kết công tác quý I/2024

Thứ hai, 15/04/2024 08:00

Trong 3 tháng đầu năm, thu ngân sách trên địa bàn Quận 3 đạt 980 tỷ đồng, bằng 27,1% dự toán, giảm 2,1% so với cùng kỳ. Đồng chí Phạm Minh Hà, Bí thư Quận ủy phát biểu chỉ đạo.

Toàn Thành phố, tăng trưởng GRDP quý I ước đạt 6,1%; vốn đầu tư trực tiếp nước ngoài thu hút đạt 1,2 tỷ USD.

Về công tác xây dựng Đảng, các tổ chức cơ sở đảng đã kết nạp 41 đảng viên mới.
"""


_QUAN_7 = """Quận ủy Quận 7 sơ kết quý I/2024

Thứ ba, 16/04/2024 09:00

Trong quý I, các chi bộ trực thuộc đã kết nạp 22 đảng viên mới.
"""


def _corpus_service(factory: pytest.TempPathFactory, name: str, articles: dict[str, str]) -> Service:
    """A service over articles the test writes: file name → text."""
    folder = factory.mktemp(name)
    for file_name, text in articles.items():
        (folder / file_name).write_text(text, encoding="utf-8")
    return load_service(None, folder)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "reports", {
        "401_tay-ho-tong-ket-2024.txt": _TAY_HO, "402_quan-3-quy-1-2024.txt": _QUAN_3, "403_quan-7-quy-1-2024.txt": _QUAN_7,
    })


def _figure(service: Service, value: str):
    found = [f for f in service.library.facts.figures if f.value == value]
    assert found, f"no fact {value!r}"
    return found[0]


@pytest.mark.parametrize(
    "text, start, end, label",
    [
        ("6 chi bộ tiêu biểu 5 năm 2017-2021", 2017, 2021, "Giai đoạn 2017-2021"),
        ("từ 2016 đến năm 2020", 2016, 2020, "Giai đoạn 2016-2020"),
        ("giai đoạn 2021 - 2025", 2021, 2025, "Giai đoạn 2021-2025"),
        ("Đại hội nhiệm kỳ 2020-2025", 2020, 2025, "Nhiệm kỳ 2020-2025"),
    ],
)
def test_a_span_of_years_is_one_period_not_its_first_year(text: str, start: int, end: int, label: str) -> None:
    (found,) = find_periods(text)
    assert (found.period.kind, found.period.year, found.period.end_year) == (PeriodKind.TERM, start, end)
    assert found.period.label() == label


def test_a_span_ending_before_it_starts_is_no_period() -> None:
    assert find_periods("năm 2021-2020") == ()


_PERIOD_WORDS = (
    "quy q i ii iii iv 1 2 3 4 mot hai ba bon dau nam tien thang 6 9 10 12 sau chin muoi nua tinh den toi het ngay"
    " 16/3 30/9 / - cuoi nhiem ky giai doan 2020 2025 2019 2021 tu ( ) ca trong nay so voi , . x quyet quan 2020-2025"
).split()


def test_periods_are_found_where_a_scan_of_every_position_finds_them() -> None:
    # The reader looks for periods only a few words before the words every period holds (a year, "tháng",
    # "quý I" …); a scan from the start must find the very same matches, whatever the spacing.
    rng = random.Random(7)
    for _ in range(20_000):
        words = [rng.choice(_PERIOD_WORDS) for _ in range(rng.randint(1, 12))]
        folded = "".join(w + rng.choice((" ", " ", "  ", "", "\t")) for w in words)
        assert [m.span() for m in _period_matches(folded)] == [m.span() for m in _PERIOD.finditer(folded)], folded


def test_a_report_covers_the_year_it_sums_up_not_the_one_it_plans(service: Service) -> None:
    # Headline and lead name "nhiệm vụ năm 2025"; the lead also says "tổng kết công tác năm 2024".
    revenue = _figure(service, "2.310 tỷ đồng")
    assert (revenue.period.kind, revenue.period.year) == (PeriodKind.YEAR, 2024)
    assert revenue.status is Status.RESULT


def test_a_plan_in_brackets_is_the_plan_of_the_amount_before_it(service: Service) -> None:
    admitted, planned = _figure(service, "205 đảng viên"), _figure(service, "200 đảng viên")
    assert (admitted.status, planned.status) == (Status.RESULT, Status.TARGET)
    assert set(admitted.measure_words) <= set(planned.measure_words)
    assert planned.period == admitted.period


def test_clauses_listed_after_a_target_cue_are_targets(service: Service) -> None:
    assert _figure(service, "2.500 tỷ đồng").status is Status.TARGET
    assert _figure(service, "210 đảng viên").status is Status.TARGET


def test_a_count_joined_by_va_shares_the_verb_and_its_span_of_years(service: Service) -> None:
    commended = _figure(service, "85 đảng viên")
    assert {"tang", "giay", "khen", "xuat", "sac"} <= set(commended.measure_words)
    assert (commended.period.kind, commended.period.year, commended.period.end_year) == (PeriodKind.TERM, 2020, 2024)
    inspected = _figure(service, "6 đảng viên")
    assert {"kiem", "tra", "vi", "pham"} <= set(inspected.measure_words)


@pytest.mark.parametrize(
    "question, direct",
    [
        ("Chỉ tiêu kết nạp đảng viên năm 2024 của Tây Hồ?", "200 đảng viên"),
        ("Tây Hồ năm 2024 kết nạp bao nhiêu đảng viên?", "205 đảng viên"),
        ("Năm 2025 Tây Hồ kết nạp bao nhiêu đảng viên?", None),  # only the target is stated
        ("Tây Hồ tặng giấy khen bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm 2020-2024?", "85 đảng viên"),
        ("Ủy ban Kiểm tra Quận ủy Tây Hồ kiểm tra bao nhiêu đảng viên?", "6 đảng viên"),
        ("Chủ đề công tác năm 2024 của quận Tây Hồ là gì?", "Năm kỷ cương, văn minh đô thị"),
        ("Đồng chí Lê Đông Anh được bầu làm Chủ tịch HĐND quận Tây Hồ ngày nào?", "Ngày 12/3/2024"),
    ],
)
def test_answers_read_from_those_rules(service: Service, question: str, direct: str | None) -> None:
    answer = service.ask(question)
    assert (answer.direct.text if answer.direct else None) == direct


def test_a_name_holding_a_place_name_is_a_person(service: Service) -> None:
    question = service.read("Đồng chí Lê Đông Anh được bầu làm Chủ tịch HĐND quận Tây Hồ ngày nào?")
    assert question.districts == ("Tây Hồ",) and question.unknown_places == ()
    assert service.read("huyện Đông Anh có bao nhiêu đảng viên").unknown_places[0].name == "Đông Anh"


def test_a_number_opening_a_period_is_no_numbered_district(service: Service) -> None:
    question = service.read("3 tháng đầu năm 2024 Tây Hồ thu ngân sách bao nhiêu?")
    assert question.districts == ("Tây Hồ",)
    assert service.read("Quận 3 thu ngân sách bao nhiêu?").districts == ("3",)
    answer = service.ask("3 tháng đầu năm 2024 Tây Hồ thu ngân sách bao nhiêu?")
    # Tây Hồ states the whole year only: that is offered, labelled; Quận 3's quarter is never given.
    assert answer.direct is None and answer.offered is not None
    assert answer.offered.direct.text == "2.310 tỷ đồng"


def test_a_question_naming_no_district_is_answered_by_the_one_that_states_it(service: Service) -> None:
    answer = service.ask("Chi ngân sách năm 2024 là bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "640 tỷ đồng"
    assert "Tây Hồ" in answer_text(answer).splitlines()[0]


def test_a_question_naming_no_district_that_several_state_lists_them_and_picks_none(service: Service) -> None:
    answer = service.ask("Thu ngân sách đạt bao nhiêu?")
    assert answer.direct is None and answer.comparison_note == "unplaced"
    assert {v.district for v in answer.comparison} == {"Tây Hồ", "Quận 3"}
    assert answer_text(answer).splitlines()[0] == "Câu hỏi chưa nêu quận, huyện nào; các bài nêu:"


def test_a_question_naming_no_district_and_a_period_none_states_is_declined(service: Service) -> None:
    # "q3" is a quarter: no article states a third quarter, and neither year figure is given for it.
    answer = service.ask("chi ngan sach q3 nam 2024")
    assert answer.abstained and answer.direct is None


def test_districts_named_with_different_periods_are_shown_side_by_side_unranked(service: Service) -> None:
    answer = service.ask("Tây Hồ năm 2024 hay Quận 3 quý I/2024 thu ngân sách cao hơn?")
    assert answer.direct is None and answer.comparison_note == "periods"
    assert [(v.district, v.value, v.period) for v in answer.comparison] == [
        ("Tây Hồ", "2.310 tỷ đồng", "Năm 2024"), ("Quận 3", "980 tỷ đồng", "Quý I/2024"),
    ]


def test_a_span_in_brackets_after_what_it_qualifies(service: Service) -> None:
    commended = _figure(service, "9 tổ chức")
    assert (commended.period.kind, commended.period.year, commended.period.end_year) == (PeriodKind.TERM, 2019, 2023)


@pytest.mark.parametrize(
    "question, direct",
    [
        # "Quận nào …?": the district of the article whose sentence states it, not a fragment of the sentence.
        ("Quận nào kết nạp 41 đảng viên mới?", "Quận 3"),
        ("Quận nào thu ngân sách đạt 104,2% dự toán?", "quận Tây Hồ"),
        # "Cơ quan nào" holds "quận nào" in its letters: it asks for a body.
        ("Cơ quan nào kiểm tra 6 đảng viên khi có dấu hiệu vi phạm ở Tây Hồ?", "Ủy ban Kiểm tra Quận ủy"),
        # A change verb right before the question word asks the change, with no "%" typed.
        ("Giá trị sản xuất công nghiệp Tây Hồ năm 2024 tăng bao nhiêu?", "tăng 7,4%"),
    ],
)
def test_which_district_and_how_much_it_rose(service: Service, question: str, direct: str) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


def test_a_decimal_comma_ends_no_clause_of_the_stated_answer(service: Service) -> None:
    # Typed without diacritics, the first line quotes the article's clause: the share keeps its whole number.
    line = answer_text(service.ask("tay ho nam 2024 thu ngan sach bang bao nhieu phan tram du toan")).splitlines()[0]
    assert "104,2% dự toán" in line and ", 2% dự toán" not in line


def test_a_sentence_opening_on_the_city_speaks_of_it_in_every_clause(service: Service) -> None:
    assert _figure(service, "1,2 tỷ USD").place_is_city
    # "cao hơn Quận 3 (980 tỷ đồng) gần 1.330 tỷ đồng": the bracket is Quận 3's, the difference Tây Hồ's.
    assert _figure(service, "1.330 tỷ đồng").district == "Tây Hồ"


@pytest.mark.parametrize(
    "question, direct",
    [
        ("Quận 3 quý I/2024 thu ngân sách tăng hay giảm so với cùng kỳ?", "giảm 2,1%"),
        ("So dang vien HTXSNV nam 2024 cua Tay Ho", "1.020 đảng viên"),
        ("Tỷ lệ giải ngân vốn đầu tư công của Tây Hồ năm 2024 là bao nhiêu?", "88,5%"),
        ("Ai là Chủ tịch HĐND quận?", "Lê Đông Anh"),  # one district names one
    ],
)
def test_signs_abbreviated_grades_rates_of_a_plan_and_a_role_no_place_is_named_for(
    service: Service, question: str, direct: str
) -> None:
    answer = service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


def test_a_role_asked_with_no_district_is_listed_for_each_that_names_it(service: Service) -> None:
    answer = service.ask("Ai là Bí thư Quận ủy?")
    assert answer.direct is None and answer.comparison_note == "unplaced"
    assert {(v.district, v.value) for v in answer.comparison} == {("Tây Hồ", "Trần Quang Sơn"), ("Quận 3", "Phạm Minh Hà")}


def test_a_quote_whose_only_figure_of_the_measure_is_the_citys_is_no_answer_for_a_district(service: Service) -> None:
    answer = service.ask("tang truong GRDP cua quan 3 quy 1 nam 2024")
    assert answer.abstained and not answer.citations


def test_q_with_a_number_past_four_is_the_district_and_up_to_four_a_quarter(service: Service) -> None:
    assert service.read("Q7 ket nap bao nhieu dang vien moi").districts == ("7",)
    assert service.read("thu ngan sach q3 nam 2024").districts == ()


@pytest.mark.parametrize(
    "question, direct",
    [
        ("thu ngan sach q3 quy 1 nam 2024", "980 tỷ đồng"),  # the quarter spelt out: "q3" is Quận 3
        ("Q3 quý I/2024 thu ngân sách bao nhiêu?", "980 tỷ đồng"),
    ],
)
def test_q_up_to_four_beside_a_quarter_spelt_out_is_the_district(service: Service, question: str, direct) -> None:
    answer = service.ask(question)
    assert (answer.direct.text if answer.direct else None) == direct


@pytest.mark.parametrize(
    "question",
    [
        "TH chi ngan sach nam 2024 dat bao nhieu phan tram du toan",  # "TH" is no place: no fact fits with it
        "Bằng bao nhiêu phần trăm dự toán?",  # no place, no measure and no turn before: any figure is a guess
    ],
)
def test_a_figure_question_naming_no_district_is_not_answered_with_some_districts_figure(
    service: Service, question: str
) -> None:
    answer = service.ask(question)
    assert answer.direct is None and answer.abstained


@pytest.mark.parametrize(
    "turns, direct",
    [
        (["Năm 2024 quận Tây Hồ thu ngân sách đạt bao nhiêu?", "So với cùng kỳ tăng bao nhiêu?"], "tăng 9,6%"),  # "… dự toán và tăng 9,6%": with the word that says which way
        (["Năm 2024 quận Tây Hồ thu ngân sách đạt bao nhiêu?", "bang bao nhieu phan tram du toan"], "104,2%"),
        (  # the relation asked before is not carried into the next one
            ["Năm 2024 quận Tây Hồ thu ngân sách đạt bao nhiêu?", "So với cùng kỳ tăng bao nhiêu?",
             "Đạt bao nhiêu phần trăm dự toán?"],
            "104,2%",
        ),
    ],
)
def test_a_turn_asking_only_how_the_figure_compares_asks_it_of_the_figure_before(
    service: Service, turns: list[str], direct: str
) -> None:
    answer = service.ask_turns(turns)
    assert answer.direct is not None and answer.direct.text == direct


_QUAN_10 = """Quận 10 sơ kết quý 1

Thứ hai, 11/04/2022 08:00

Theo báo cáo, 3 tháng đầu năm 2022, thu ngân sách trên địa bàn Quận 10 đạt 1.120 tỷ đồng, đạt 26,1% dự toán.

Chi ngân sách quận đạt 160 tỷ đồng, bằng 17,5% dự toán. Toàn thành phố quý 1 thu ngân sách đạt 118.000 tỷ đồng.

Trong quý, Đảng bộ quận kết nạp 62 đảng viên mới, vượt chỉ tiêu 50 đảng viên.
"""


def test_the_number_of_a_quarter_is_never_the_figure_asked(tmp_path) -> None:
    (tmp_path / "501_quan-10-quy-1-2022.txt").write_text(_QUAN_10, encoding="utf-8")
    answer = load_service(None, tmp_path).ask("Quận 10 quý I/2024 thu ngân sách abc bao nhiêu?")
    assert answer.direct is None and answer.abstained


def test_a_decline_names_the_measure_as_the_articles_write_it_when_typed_without_diacritics(service: Service) -> None:
    answer = service.ask("quan 7 thu ngan sach quy 1 nam 2024 dat bao nhieu")
    assert answer.abstained and answer.missing_slot == "số liệu thu ngân sách quý I/2024"


def test_a_count_after_vuot_and_a_plan_word_is_the_plan_exceeded_not_a_growth(tmp_path) -> None:
    (tmp_path / "501_quan-10-quy-1-2022.txt").write_text(_QUAN_10, encoding="utf-8")
    service = load_service(None, tmp_path)
    plan = _figure(service, "50 đảng viên")
    assert (plan.status, plan.relation.value, plan.of) == (Status.TARGET, "amount", None)
    turns = ["Quận 10 kết nạp bao nhiêu đảng viên mới quý 1 năm 2022?", "So với cùng kỳ tăng bao nhiêu?"]
    assert service.ask_turns(turns).direct is None


_QUAN_5 = """Quận 5 tổng kết công tác năm 2023

Thứ sáu, 12/01/2024 08:00

Năm 2023, thu ngân sách nhà nước trên địa bàn quận đạt 2.150 tỷ đồng, bằng 103% dự toán; trong đó thu tiền sử dụng đất đạt 310 tỷ đồng. Chi ngân sách quận đạt 780 tỷ đồng, trong đó chi thường xuyên 420 tỷ đồng.

Đồng chí Nguyễn Văn Phúc, Bí thư Quận ủy chủ trì hội nghị.
"""


@pytest.fixture(scope="module")
def parts_service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "parts", {"601_quan-5-tong-ket-2023.txt": _QUAN_5})


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        ("Quận 5 năm 2023 thu ngân sách bao nhiêu?", "Năm 2023, quận 5 thu ngân sách 2.150 tỷ đồng [1]."),
        ("Quận 5 năm 2023 thu tiền sử dụng đất bao nhiêu?", "Năm 2023, quận 5 thu tiền sử dụng đất 310 tỷ đồng [1]."),
        # Typed without diacritics, the article's clause is said, less its link to the total ("trong đó").
        ("quan 5 nam 2023 thu tien su dung dat bao nhieu", "Năm 2023, quận 5 thu tiền sử dụng đất đạt 310 tỷ đồng [1]."),
        ("Quận 5 năm 2023 chi thường xuyên bao nhiêu?", "Năm 2023, quận 5 chi thường xuyên 420 tỷ đồng [1]."),
        ("Quận 5 năm 2023 chi ngân sách bao nhiêu?", "Năm 2023, quận 5 chi ngân sách 780 tỷ đồng [1]."),
    ],
)
def test_a_part_of_a_total_stated_answers_for_itself(parts_service: Service, question: str, first_line: str) -> None:
    assert answer_text(parts_service.ask(question)).splitlines()[0] == first_line


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("Quận 5 năm 2023 thu ngân sách từ thuế bao nhiêu?", "số liệu thu ngân sách từ thuế năm 2023"),
        ("Quận 5 năm 2023 thu thuế bao nhiêu?", "số liệu thu thuế năm 2023"),
        # "đất" is no "đạt" when typed with diacritics: it stays in the measure asked and in the decline.
        ("Quận 5 năm 2023 thu ngân sách từ đất đấu giá bao nhiêu?", "số liệu thu ngân sách từ đất đấu giá năm 2023"),
        ("Quận 5 năm 2023 thu ngân sách phường bao nhiêu?", "số liệu thu ngân sách phường năm 2023"),
        ("Quận 5 năm 2023 chi đầu tư phát triển bao nhiêu?", "số liệu chi đầu tư phát triển năm 2023"),
        ("quan 5 nam 2023 thu ngan sach trung uong bao nhieu", "số liệu thu ngân sách trung ương năm 2023"),
    ],
)
def test_a_part_of_a_total_not_stated_is_declined_not_answered_with_the_total(
    parts_service: Service, question: str, missing: str
) -> None:
    answer = parts_service.ask(question)
    assert answer.abstained and answer.direct is None
    assert answer.missing_slot == missing


def test_the_measure_of_a_part_does_not_keep_its_link_to_the_total(parts_service: Service) -> None:
    assert _figure(parts_service, "310 tỷ đồng").measure == "thu tiền sử dụng đất đạt"
    assert _figure(parts_service, "420 tỷ đồng").measure == "chi thường xuyên"


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        # Typed without diacritics, the article's words are said: the amount's clause, then only the share or
        # the change asked, not the other figure joined to it by "và".
        (
            "tay ho nam 2024 thu ngan sach bang bao nhieu phan tram du toan",
            "Năm 2024, quận Tây Hồ thu ngân sách nhà nước trên địa bàn quận đạt 2.310 tỷ đồng, bằng 104,2% dự toán [1].",
        ),
        (
            "tay ho nam 2024 thu ngan sach tang bao nhieu phan tram so voi cung ky",
            "Năm 2024, quận Tây Hồ thu ngân sách nhà nước trên địa bàn quận đạt 2.310 tỷ đồng, tăng 9,6% so với cùng kỳ [1].",
        ),
    ],
)
def test_a_share_or_change_said_in_the_articles_words_is_the_one_asked_alone(
    service: Service, question: str, first_line: str
) -> None:
    assert answer_text(service.ask(question)).splitlines()[0] == first_line


_THANH_KHE = """Quận ủy Thanh Khê sơ kết công tác quý I/2023

Thứ hai, 10/04/2023 08:00

Trong 3 tháng đầu năm, tổng thu ngân sách nhà nước trên địa bàn quận ước đạt 1.845 tỷ đồng, bằng 26,4% dự toán HĐND thành phố giao năm 2023, giảm 4,2% so với cùng kỳ. Chi ngân sách quận thực hiện 276 tỷ đồng, đạt 19% dự toán.

Kết quả đánh giá, xếp loại năm 2022, có 18 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, 54 tổ chức hoàn thành tốt nhiệm vụ, 9 tổ chức hoàn thành nhiệm vụ và 1 tổ chức không hoàn thành nhiệm vụ.

Năm 2023, quận phấn đấu tốc độ tăng giá trị sản xuất từ 8% trở lên và thu ngân sách trên địa bàn đạt 7.200 tỷ đồng.
"""


@pytest.fixture(scope="module")
def quarter_service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("quarter")
    (folder / "701_thanh-khe-quy-1-2023.txt").write_text(_THANH_KHE, encoding="utf-8")
    return load_service(None, folder)


def test_the_year_of_a_budget_is_not_the_period_the_paragraph_goes_on_to_report(quarter_service: Service) -> None:
    spending = _figure(quarter_service, "276 tỷ đồng")
    assert (spending.period.kind, spending.period.year, spending.period.part) == (PeriodKind.QUARTER, 2023, 1)


def test_the_council_that_set_the_budget_belongs_to_the_basis_not_to_the_place(quarter_service: Service) -> None:
    change = _figure(quarter_service, "4,2%")
    assert (change.relation.value, change.place_is_city, change.of) == ("growth", False, _figure(quarter_service, "1.845 tỷ đồng").id)


@pytest.mark.parametrize("value", ["54 tổ chức", "9 tổ chức", "1 tổ chức"])
def test_a_later_item_of_a_list_counts_the_noun_the_first_names_in_full(quarter_service: Service, value: str) -> None:
    assert _figure(quarter_service, value).measure.startswith("tổ chức cơ sở đảng ")


def test_a_measure_does_not_open_on_the_remains_of_the_figure_before(quarter_service: Service) -> None:
    assert _figure(quarter_service, "7.200 tỷ đồng").measure == "thu ngân sách trên địa bàn đạt"


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        ("Chi ngân sách quận Thanh Khê quý I/2023 là bao nhiêu?", "Quý I/2023, quận Thanh Khê chi ngân sách 276 tỷ đồng [1]."),
        (
            "Thanh Khê quý I/2023 thu ngân sách giảm bao nhiêu phần trăm so với cùng kỳ?",
            "Quý I/2023, quận Thanh Khê thu ngân sách giảm 4,2% so với cùng kỳ (ước tính) [1].",
        ),
        (
            "Năm 2022 Thanh Khê có bao nhiêu tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ?",
            "Năm 2022, quận Thanh Khê có 54 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ [1].",
        ),
        (
            "Năm 2022 Thanh Khê có bao nhiêu tổ chức cơ sở đảng không hoàn thành nhiệm vụ?",
            "Năm 2022, quận Thanh Khê có 1 tổ chức cơ sở đảng không hoàn thành nhiệm vụ [1].",
        ),
    ],
)
def test_a_quarters_report_answers_for_its_quarter_and_its_lists(quarter_service: Service, question: str, first_line: str) -> None:
    assert answer_text(quarter_service.ask(question)).splitlines()[0] == first_line


def test_a_decline_label_leaves_out_the_unit_asked_and_a_cut_place_takes_its_cho(quarter_service: Service) -> None:
    answer = quarter_service.ask("Dự toán thu ngân sách năm 2023 giao cho quận Thanh Khê là bao nhiêu tỷ đồng?")
    assert answer.abstained and answer.missing_slot == "số liệu dự toán thu ngân sách giao năm 2023"


_HOAI_DUC = """Huyện ủy Hoài Đức tổng kết năm 2023

Thứ hai, 15/01/2024 08:00

Huyện ủy tặng giấy khen 14 tổ chức cơ sở đảng trong sạch vững mạnh tiêu biểu năm 2023. Các chi bộ đã kết nạp 96 đảng viên trong năm 2023.
"""


@pytest.mark.parametrize(
    ("value", "measure"),
    [
        ("14 tổ chức", "tổ chức cơ sở đảng trong sạch vững mạnh tiêu biểu"),
        ("96 đảng viên", "Các chi bộ đã kết nạp đảng viên"),
    ],
)
def test_a_measure_stops_before_the_period_its_tail_runs_into(tmp_path, value: str, measure: str) -> None:
    (tmp_path / "601_hoai-duc-2023.txt").write_text(_HOAI_DUC, encoding="utf-8")
    fact = _figure(load_service(None, tmp_path), value)
    assert fact.measure.endswith(measure) and fact.period is not None and fact.period.label() == "Năm 2023"


_THANH_OAI_2023 = """Huyện ủy Thanh Oai tổng kết công tác năm 2023

Thứ sáu, 22/12/2023 08:00

Năm 2023, tổng thu ngân sách trên địa bàn huyện đạt 1.520 tỷ đồng, tăng 8,2% so với năm 2022. Chủ tịch UBND huyện Phạm Quang Trường cho biết, năm 2024 huyện phấn đấu thu ngân sách đạt 1.600 tỷ đồng.

Kết quả đánh giá, xếp loại năm 2023, có 31 tổ chức cơ sở đảng đạt "Hoàn thành xuất sắc nhiệm vụ", 47 tổ chức cơ sở đảng đạt "Hoàn thành tốt nhiệm vụ".

Trưởng Ban Tổ chức Huyện ủy Lương Thị Mai cho biết, năm 2023 Đảng bộ huyện kết nạp 214 đảng viên mới.
"""

_THANH_OAI_2022 = """Huyện ủy Thanh Oai tổng kết công tác năm 2022

Thứ ba, 20/12/2022 08:00

Năm 2022, tổng thu ngân sách trên địa bàn huyện đạt 1.405 tỷ đồng, bằng 104% dự toán.
"""


@pytest.fixture(scope="module")
def thanh_oai(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "thanh_oai", {"701_thanh-oai-2023.txt": _THANH_OAI_2023, "702_thanh-oai-2022.txt": _THANH_OAI_2022})


@pytest.mark.parametrize(
    ("question", "first_line"),
    [
        # A grade written in quotes after "đạt" is the grade of the count before it, not of the next one.
        ("Năm 2023 huyện Thanh Oai có bao nhiêu tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ?",
         "Năm 2023, huyện Thanh Oai có 31 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ [1]."),
        ("Năm 2023 huyện Thanh Oai có bao nhiêu tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ?",
         "Năm 2023, huyện Thanh Oai có 47 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ [1]."),
        # The council's division written without its name, then the person.
        ("Ai là Chủ tịch UBND huyện Thanh Oai?", "Theo bài ngày 22/12/2023, Chủ tịch UBND huyện Thanh Oai là Phạm Quang Trường [1]."),
        # A board whose second word is in lower case is part of the role.
        ("Trưởng Ban Tổ chức Huyện ủy Thanh Oai là ai?",
         "Theo bài ngày 22/12/2023, Trưởng Ban Tổ chức Huyện ủy Thanh Oai là Lương Thị Mai [1]."),
        # "Số …?" asks a count: answered with its value in the question's place …
        ("Số đảng viên mới kết nạp của huyện Thanh Oai năm 2023?", "Năm 2023, huyện Thanh Oai có 214 đảng viên mới kết nạp [1]."),
        # … and typed without diacritics, the article's clause without the period it opens on.
        ("thanh oai nam 2023 ket nap bao nhieu dang vien moi", "Năm 2023, huyện Thanh Oai kết nạp 214 đảng viên mới [1]."),
    ],
)
def test_grades_in_quotes_roles_before_names_and_counts_asked_with_so(thanh_oai: Service, question: str, first_line: str) -> None:
    assert answer_text(thanh_oai.ask(question)).splitlines()[0] == first_line


@pytest.mark.parametrize(
    "question",
    [
        "Chủ tịch HĐND huyện Thanh Oai là ai?",  # only the Chủ tịch UBND is named
        "Trưởng Ban Tuyên giáo Huyện ủy Thanh Oai là ai?",  # only the Trưởng Ban Tổ chức is
        "Số đảng viên hoàn thành xuất sắc nhiệm vụ của huyện Thanh Oai năm 2023?",  # only organisations are graded
    ],
)
def test_a_role_or_count_the_articles_do_not_state_is_declined(thanh_oai: Service, question: str) -> None:
    answer = thanh_oai.ask(question)
    assert answer.abstained and answer.direct is None


def test_a_period_compared_with_is_listed_beside_the_one_asked(thanh_oai: Service) -> None:
    answer = thanh_oai.ask("Thu ngân sách huyện Thanh Oai năm 2023 so với năm 2022 thế nào?")
    assert answer.direct is not None and answer.direct.text == "1.520 tỷ đồng"
    assert answer_text(answer).splitlines()[0] == "Năm 2023, huyện Thanh Oai thu ngân sách 1.520 tỷ đồng [1]."
    assert [(o.period, o.value) for o in answer.other_periods] == [("Năm 2022", "1.405 tỷ đồng")]
    growth = thanh_oai.ask("Năm 2023 huyện Thanh Oai thu ngân sách tăng bao nhiêu so với năm 2022?")
    assert growth.direct is not None and growth.direct.text == "tăng 8,2%" and growth.other_periods == ()


_BINH_THANH_2024 = """Quận ủy Bình Thạnh tổng kết công tác năm 2024

Thứ hai, 23/12/2024 09:00

Năm 2024, tổng thu ngân sách trên địa bàn quận đạt 4.380 tỷ đồng; chi đầu tư phát triển 615 tỷ đồng. Thu tiền sử dụng đất đạt 1.120 tỷ đồng, vượt 12% kế hoạch.

Chủ tịch UBND quận Lê Văn Hùng cho biết, năm 2025 quận phấn đấu thu ngân sách đạt 4.700 tỷ đồng, hoàn thành cải tạo kênh Thanh Đa giai đoạn 1 và nút giao Vành đai 2,5 đoạn qua quận.

Toàn thành phố thu ngân sách năm 2024 ước đạt 495.000 tỷ đồng.
"""

_BINH_THANH_2025 = """Quận ủy Bình Thạnh sơ kết 6 tháng đầu năm 2025

Thứ ba, 08/07/2025 09:00

6 tháng đầu năm 2025, tổng thu ngân sách trên địa bàn quận đạt 2.310 tỷ đồng; chi đầu tư phát triển 270 tỷ đồng.
"""


@pytest.fixture(scope="module")
def binh_thanh(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "binh_thanh", {"801_binh-thanh-2024.txt": _BINH_THANH_2024, "802_binh-thanh-6-thang-2025.txt": _BINH_THANH_2025})


def test_a_target_told_by_the_councils_chairman_is_the_districts(binh_thanh: Service) -> None:
    target = _figure(binh_thanh, "4.700 tỷ đồng")
    assert (target.place, target.status, target.period.label()) == ("quận Bình Thạnh", Status.TARGET, "Năm 2025")
    answer = binh_thanh.ask("Kế hoạch thu ngân sách năm 2025 của quận Bình Thạnh là bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "4.700 tỷ đồng"


def test_a_number_that_names_a_phase_or_a_road_is_no_figure(binh_thanh: Service) -> None:
    values = {f.value for f in binh_thanh.library.facts.figures}
    assert not values & {"1", "2,5", "2,5 đoạn qua"}


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("Năm 2024 quận Bình Thạnh thu tiền sử dụng đất vượt bao nhiêu % kế hoạch?",
         "Năm 2024, quận Bình Thạnh thu tiền sử dụng đất vượt 12% kế hoạch [1]."),
        ("Toàn thành phố Hồ Chí Minh thu ngân sách năm 2024 ước đạt bao nhiêu?",
         "Năm 2024, thành phố Hồ Chí Minh thu ngân sách ước đạt 495.000 tỷ đồng [1]."),
    ],
)
def test_the_first_line_says_the_change_word_and_the_place_once(binh_thanh: Service, question: str, line: str) -> None:
    assert answer_text(binh_thanh.ask(question)).splitlines()[0] == line


def test_a_follow_up_of_a_figure_asked_without_a_question_word_asks_a_figure(binh_thanh: Service) -> None:
    answer = binh_thanh.ask_turns(["Thu ngân sách quận Bình Thạnh năm 2024?", "Còn chi đầu tư phát triển?"])
    assert answer.resolved_question == "Chi đầu tư phát triển năm 2024 của Bình Thạnh?"
    assert answer.direct is not None and answer.direct.text == "615 tỷ đồng" and answer.direct.period == "Năm 2024"


_QUAN_11_2023 = """Quận ủy Quận 11 tổng kết năm 2023

Thứ năm, 28/12/2023 08:00

Năm 2023, tổng thu ngân sách trên địa bàn quận đạt 3.610 tỷ đồng. Chi ngân sách quận năm 2023 đạt 1.200 tỷ đồng.

Đồng chí Lê Văn Tám, Thành ủy viên, Bí thư Quận ủy, Chủ tịch HĐND quận chủ trì hội nghị.
"""

_QUAN_11_2024 = """Quận 11: 9 tháng năm 2024 thu ngân sách đạt 2.750 tỷ đồng

Thứ tư, 09/10/2024 08:00

9 tháng năm 2024, tổng thu ngân sách trên địa bàn quận đạt 2.750 tỷ đồng. Ước thực hiện cả năm 2024, thu ngân sách trên địa bàn quận đạt 3.900 tỷ đồng.

Giá trị sản xuất các ngành kinh tế 9 tháng ước tăng 6,4% so với cùng kỳ.

Chủ tịch UBND Quận 11 Trần Thị Mai cho biết, quận tập trung chỉnh trang đô thị. Đồng chí Lê Văn Tám, Bí thư Quận ủy kết luận hội nghị.

Quận đang kiện toàn 18 chi bộ tổ dân phố có trên 150 đảng viên.
"""


@pytest.fixture(scope="module")
def quan_11(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "quan_11", {"901_quan-11-2023.txt": _QUAN_11_2023, "902_quan-11-9-thang-2024.txt": _QUAN_11_2024})


def test_a_projection_of_a_year_not_ended_comes_after_the_latest_result(quan_11: Service) -> None:
    answer = quan_11.ask("Thu ngân sách Quận 11 là bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "2.750 tỷ đồng" and answer.direct.period == "9 tháng năm 2024"
    lines = answer_text(answer).splitlines()
    assert lines[1] == "Các kỳ khác: Năm 2023: 3.610 tỷ đồng [2]; Năm 2024: 3.900 tỷ đồng (ước tính) [3]."


@pytest.mark.parametrize(
    ("question", "line"),
    [
        # A change stated without its amount, asked by the word it opens with.
        ("Tăng trưởng giá trị sản xuất của Quận 11 9 tháng năm 2024",
         "9 tháng năm 2024, quận 11 tăng trưởng giá trị sản xuất 6,4% (ước tính) [1]."),
        # A district's number is part of its council's role.
        ("chu tich ubnd quan 11 la ai", "Theo bài ngày 09/10/2024, Chủ tịch UBND Quận 11 là Trần Thị Mai [1]."),
        # The fuller record of a person's roles that the newest article does not contradict; a role of the city
        # names no district.
        ("Lê Văn Tám giữ chức vụ gì?",
         "Theo bài ngày 28/12/2023, đồng chí Lê Văn Tám là Thành ủy viên, Bí thư Quận ủy Quận 11, Chủ tịch HĐND quận 11 [1]."),
        # Typed without diacritics, the article's clause without the period it names inside.
        ("chi ngan sach quan 11 nam 2023", "Năm 2023, quận 11 chi ngân sách quận đạt 1.200 tỷ đồng [1]."),
    ],
)
def test_changes_roles_and_clauses_of_a_numbered_district(quan_11: Service, question: str, line: str) -> None:
    assert answer_text(quan_11.ask(question)).splitlines()[0] == line


def test_a_change_no_article_states_is_declined(quan_11: Service) -> None:
    answer = quan_11.ask("Tăng trưởng giá trị sản xuất của Quận 11 năm 2023")
    assert answer.abstained and answer.direct is None


def test_so_inside_a_word_is_no_number_of_and_a_fragment_is_not_answered_by_an_unrelated_quote(quan_11: Service) -> None:
    # "dân số" is population: folded, "số" dropped would leave "dân" matching any "tổ dân phố".
    for question in ("Dân số Quận 11 là bao nhiêu?", "dan so quan 11"):
        answer = quan_11.ask(question)
        assert answer.abstained and answer.direct is None and answer.citations == (), question


_GO_VAP = """Quận Gò Vấp: năm 2022 thu ngân sách vượt dự toán

Thứ ba, 20/12/2022 08:00

Năm 2022, tổng thu ngân sách nhà nước trên địa bàn quận Gò Vấp đạt 3.120 tỷ đồng, bằng 101,5% dự toán, tăng 5,4% so với năm 2021.

Toàn TP.HCM năm 2022 thu ngân sách đạt khoảng 472.000 tỷ đồng, vượt dự toán Quốc hội giao.

Tại kỳ họp HĐND quận tháng 11/2022, ông Lê Quang Vinh, Phó Bí thư Thường trực Quận ủy, được bầu giữ chức Chủ tịch HĐND quận.
"""

_BINH_THANH = """Quận Bình Thạnh tổng kết công tác năm 2022

Thứ tư, 21/12/2022 08:00

Năm 2022, tổng thu ngân sách nhà nước trên địa bàn quận Bình Thạnh đạt 4.010 tỷ đồng, bằng 103,2% dự toán, tăng 8,9% so với năm 2021.

Đồng chí Trần Văn Nam, Phó Bí thư Quận ủy, Chủ tịch UBND quận đồng chủ trì hội nghị.

Đảng bộ quận kết nạp 198 đảng viên mới, đạt 47,1% chỉ tiêu năm (420 đảng viên); tổng số đảng viên là 11.310 đồng chí.
"""


@pytest.fixture(scope="module")
def saigon(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "saigon", {"501_go-vap-2022.txt": _GO_VAP, "502_binh-thanh-2022.txt": _BINH_THANH})


def test_the_city_shortened_to_tp_is_the_city_not_the_district(saigon: Service) -> None:
    # "Toàn TP.HCM …": news shortens "thành phố" to "TP"; the city's total is no figure of the district.
    assert _figure(saigon, "472.000 tỷ đồng").place_is_city
    for question in ("thu ngân sách Gò Vấp năm 2022", "THU NGÂN SÁCH GÒ VẤP NĂM 2022"):
        answer = saigon.ask(question)
        assert answer.direct is not None and answer.direct.text == "3.120 tỷ đồng", question


@pytest.mark.parametrize(
    "question",
    [
        "Năm 2022 quận nào có thu ngân sách tăng cao nhất so với năm trước?",
        "Năm 2022 thu ngân sách quận nào tăng nhiều nhất?",
        "Năm 2022 quận nào có tốc độ tăng thu ngân sách cao nhất?",
    ],
)
def test_which_district_grew_most_ranks_the_changes_not_the_amounts(saigon: Service, question: str) -> None:
    first = answer_text(saigon.ask(question)).splitlines()[0]
    assert "Bình Thạnh" in first and "8,9%" in first and "tỷ đồng" not in first, first


def test_a_fragment_is_not_answered_by_a_quote_whose_figures_are_of_another_measure(seed_service: Service) -> None:
    # The Ba Đình article states revenue, not spending; its revenue sentence holds "chi" only in "chỉ đạo".
    answer = seed_service.ask("tong chi ngan sach quan ba dinh quy 1 2021?")
    assert answer.abstained and answer.direct is None and answer.citations == ()
    # The revenue fragment itself is still answered.
    answer = seed_service.ask("thu ngan sach quan ba dinh quy 1 2021?")
    assert answer.direct is not None and answer.direct.text == "1.460 tỷ đồng"


@pytest.mark.parametrize(
    "question, direct",
    [
        # "TT" after "Bí thư" is "Thường trực": the head asked is "Phó Bí thư Thường trực", not "Phó Bí thư".
        ("Phó Bí thư TT Quận ủy Đống Đa là ai?", "Nguyễn Anh Cường"),
        ("Pho bi thu TT quan uy dong da la ai", "Nguyễn Anh Cường"),
        ("ai la Pho Bi thu TT Thanh uy HN phat bieu tai hoi nghi Ba Dinh", "Nguyễn Thị Tuyến"),
    ],
)
def test_a_role_head_shortened_after_bi_thu(seed_service: Service, question: str, direct: str) -> None:
    answer = seed_service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


def test_dong_of_dong_chu_tri_is_no_word_of_the_role(saigon: Service) -> None:
    # "hội đồng" makes "đồng" a role's word; "đồng chủ trì" (co-chaired) does not.
    roles = sorted(r.role for r in saigon.library.facts.roles if r.name == "Trần Văn Nam")
    assert roles == ["Chủ tịch UBND quận", "Phó Bí thư Quận ủy"]


def test_a_link_may_open_any_role_of_the_list_after_a_name(saigon: Service) -> None:
    roles = sorted(r.role for r in saigon.library.facts.roles if r.name == "Lê Quang Vinh")
    assert roles == ["Chủ tịch HĐND quận", "Phó Bí thư Thường trực Quận ủy"]


_QUAN_5_2022 = """Đảng bộ Quận 5 tổng kết năm 2022

Thứ sáu, 30/12/2022 08:00

Năm 2022, thu ngân sách nhà nước trên địa bàn Quận 5 đạt 2.512 tỷ đồng, đạt 102,5% dự toán, tăng 12% so với năm 2021. Chi ngân sách địa phương đạt 980 tỷ đồng.
"""

_QUAN_5_2023 = """Quận 5 triển khai nhiệm vụ quý II/2023

Thứ tư, 12/04/2023 08:00

Quý I/2023, thu ngân sách nhà nước trên địa bàn Quận 5 đạt 640 tỷ đồng, đạt 25% dự toán, tăng 8% so với cùng kỳ.
"""

_HAI_CHAU_2022 = """Quận Hải Châu tổng kết năm 2022

Thứ năm, 29/12/2022 08:00

Năm 2022, kinh tế quận phục hồi mạnh mẽ, tổng giá trị sản xuất tăng 9,8% so với năm trước. Thu ngân sách nhà nước trên địa bàn đạt 3.610 tỷ đồng, tăng 11% so với năm 2021 và đạt 103% dự toán. Chi ngân sách địa phương đạt 1.240 tỷ đồng.
"""


@pytest.fixture(scope="module")
def numbered(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "numbered", {
        "601_quan-5-2022.txt": _QUAN_5_2022, "602_quan-5-quy-1-2023.txt": _QUAN_5_2023, "603_hai-chau-2022.txt": _HAI_CHAU_2022,
    })


@pytest.mark.parametrize(
    "turns, line",
    [
        # A numbered district carried to the follow-up is "Quận 5", not "5".
        (["Thu ngân sách Quận 5 năm 2022", "vay con chi ngan sach?"], "Năm 2022, quận 5 chi ngân sách địa phương đạt 980 tỷ đồng [1]."),
        # A fragment of a measure stated for another period only: said so, the nearest offered, no quote of the
        # period's revenue passing for it.
        (["Thu ngân sách Quận 5 quý I/2023", "vậy còn chi?"], "Bài về quận 5 không nêu số liệu này cho quý I/2023; số liệu năm 2022: 980 tỷ đồng [1]."),
        # Two districts set against each other with "so với" are compared, each with its own figure.
        (["chi ngan sach 2022 Hai Chau so voi Quan 5"], "Cao hơn: Hải Châu — 1.240 tỷ đồng (Năm 2022) [1]."),
    ],
)
def test_numbered_districts_in_follow_ups_fragments_and_comparisons(numbered: Service, turns: list[str], line: str) -> None:
    lines = [l for l in answer_text(numbered.ask_turns(turns)).splitlines() if l and not l.startswith("(hiểu là")]
    assert lines[0] == line


def test_a_bracket_after_the_plan_a_share_is_of_gives_that_plan(saigon: Service) -> None:
    # "đạt 47,1% chỉ tiêu năm (420 đảng viên)": 420 is the year's target of new members, not a count of members.
    plan = _figure(saigon, "420 đảng viên")
    assert (plan.status, plan.measure) == (Status.TARGET, "Đảng bộ quận kết nạp đảng viên mới")



# Eight news pages saved from the web as a newsroom saves them (menus, "Tin liên quan" teasers, a sidebar,
# readers' comments stating figures of their own): written by a tester for this corpus.
NEWS_PAGES = Path(__file__).resolve().parent / "data" / "news-pages"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("pages")
    for page in NEWS_PAGES.glob("*.html"):
        shutil.copy(page, folder / page.name)
    return load_service(None, folder)


@pytest.mark.parametrize(
    "question",
    [
        "Năm 2022 quận Cầu Giấy thu ngân sách bao nhiêu?",  # only a teaser of another page states it
        "Quận Cầu Giấy có bao nhiêu trường đạt chuẩn quốc gia?",  # only a reader's comment
        "9 tháng năm 2023 quận Hải Châu đón bao nhiêu lượt khách du lịch?",  # only the sidebar
    ],
)
def test_what_only_a_page_s_boxes_state_is_declined(pages: Service, question: str) -> None:
    answer = pages.ask(question)
    assert answer.abstained and answer.direct is None


@pytest.mark.parametrize(
    "question, direct",
    [
        # "ông X, Phó Bí thư Thường trực Quận ủy, được bầu giữ chức Chủ tịch HĐND quận, thay bà Y": the newer holder.
        ("Chủ tịch HĐND quận Hải Châu là ai?", "Lê Quang Vinh"),
        ("Ai là Chủ tịch HĐND quận Hải Châu vào thời điểm tổng kết năm 2023?", "Lê Quang Vinh"),
        # Asked at a part of the year: the holder the review of that part names, not the one elected after it.
        ("Chủ tịch HĐND quận Hải Châu khi sơ kết 9 tháng năm 2023 là ai?", "Nguyễn Thị Kim Hoa"),
        ("Năm 2023, quận Cầu Giấy thu ngân sách nhà nước được bao nhiêu?", "12.865 tỷ đồng"),
        # Two figures asked: the first is answered, its sentence (quoted) states the second.
        ("Năm 2023 quận Hải Châu thu ngân sách bao nhiêu, đạt bao nhiêu phần trăm dự toán?", "2.987 tỷ đồng"),
    ],
)
def test_news_pages_are_answered_from_their_articles(pages: Service, question: str, direct: str) -> None:
    answer = pages.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # The date and the byline the page prints by its headline, which extraction leaves out: kept as lines.
        ("Bài tổng kết năm 2023 của Đảng bộ quận Cầu Giấy được đăng ngày nào?", "20/12/2023"),
        ("Ai viết bài tổng kết năm 2023 của Đảng bộ quận Cầu Giấy?", "Minh Anh"),
    ],
)
def test_a_page_s_printed_date_and_byline_are_quoted(pages: Service, question: str, direct: str) -> None:
    answer = pages.ask(question)
    assert answer.direct is not None and answer.direct.text == direct
    assert direct in answer.citations[0].quote


def test_a_plan_in_brackets_is_no_count_of_members(pages: Service) -> None:
    # "kết nạp 198 đảng viên mới, đạt 47,1% chỉ tiêu năm (420 đảng viên)": 420 is the year's target.
    answer = pages.ask("Đảng bộ quận Bình Thạnh có bao nhiêu đảng viên?")
    assert answer.direct is not None and "420" not in answer.direct.text


def test_which_of_two_years_is_never_answered_with_a_third(pages: Service) -> None:
    # The 2023 page also states the 2024 target; the question chooses between 2022 and 2023.
    answer = pages.ask("Tăng trưởng giá trị sản xuất của huyện Đông Anh năm 2022 và năm 2023, năm nào cao hơn?")
    assert answer.direct is None or "2024" not in answer.direct.text


_LONG_BIEN_9_MONTHS = """Quận ủy Long Biên: Tăng tốc về đích các chỉ tiêu năm 2024

Thứ hai, 21/10/2024 08:00

Ngày 18/10, Quận ủy Long Biên tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ 9 tháng và triển khai nhiệm vụ trọng tâm 3 tháng cuối năm 2024.

Từ đầu năm, Đảng bộ quận đã kết nạp 187 đảng viên mới, đạt 74,8% chỉ tiêu năm.
"""


def test_a_headline_on_the_years_targets_over_a_lead_on_nine_months_reports_the_nine_months(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    service = _corpus_service(tmp_path_factory, "nine-months", {"501_long-bien-9-thang-2024.txt": _LONG_BIEN_9_MONTHS})
    fact = _figure(service, "187 đảng viên")
    assert fact.period is not None and (fact.period.kind, fact.period.part, fact.period.year) == (PeriodKind.MONTHS, 9, 2024)
    # "Từ đầu năm" counts up to the report: no full-year figure.
    answer = service.ask("Cả năm 2024 Long Biên kết nạp bao nhiêu đảng viên mới?")
    assert answer.abstained and answer.offered is not None and answer.offered.period == "9 tháng năm 2024"
    # "(tháng 10/2024)" says when the question is asked: no word of the measure.
    answer = service.ask("Long Biên kết nạp bao nhiêu đảng viên mới tính tới nay (tháng 10/2024)?")
    assert answer.direct is not None and answer.direct.text == "187 đảng viên"


_HA_DONG_9_MONTHS = """Quận Hà Đông sơ kết 9 tháng năm 2023

Thứ năm, 12/10/2023 09:00

Ngày 11/10, Quận ủy Hà Đông tổ chức hội nghị đánh giá kết quả 9 tháng năm 2023.

Bí thư Quận ủy yêu cầu các đơn vị tập trung cao nhất cho quý IV, phấn đấu hoàn thành 100% dự toán thu ngân sách năm là 3.950 tỷ đồng.

Các cấp ủy phấn đấu hoàn thành chỉ tiêu kết nạp 260 đảng viên mới trong năm.
"""


def test_a_year_between_a_measure_and_its_value_and_a_plan_completed_is_no_grade(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    service = _corpus_service(tmp_path_factory, "year-plans", {"502_ha-dong-9-thang-2023.txt": _HA_DONG_9_MONTHS})
    # "… cho quý IV, phấn đấu hoàn thành 100% dự toán thu ngân sách năm là N": the year's budget, not quý IV's.
    budget = _figure(service, "3.950 tỷ đồng")
    assert budget.period is not None and (budget.period.kind, budget.period.year) == (PeriodKind.YEAR, 2023)
    assert _direct_text(service, "Dự toán thu ngân sách năm 2023 của quận Hà Đông là bao nhiêu?") == "3.950 tỷ đồng"
    # "hoàn thành chỉ tiêu kết nạp …" completes a plan: no grade of members that the question would have to ask.
    assert _direct_text(service, "Chỉ tiêu kết nạp đảng viên mới năm 2023 của quận Hà Đông là bao nhiêu?") == "260 đảng viên"


def _direct_text(service: Service, question: str) -> str | None:
    answer = service.ask(question)
    return answer.direct.text if answer.direct is not None else None


_PHU_NHUAN_2021 = """Quận Phú Nhuận tổng kết năm 2021

Thứ năm, 30/12/2021 10:00

Năm 2021, Đảng bộ quận kết nạp 156 đảng viên mới, chưa đạt chỉ tiêu 180 đảng viên đề ra.
"""


def test_a_plan_named_right_after_an_amount_is_that_amounts_plan(tmp_path_factory: pytest.TempPathFactory) -> None:
    service = _corpus_service(tmp_path_factory, "plan-beside", {"503_phu-nhuan-2021.txt": _PHU_NHUAN_2021})
    plan = _figure(service, "180 đảng viên")
    assert plan.status is Status.TARGET and "kết nạp" in plan.measure
    assert _direct_text(service, "Chỉ tiêu kết nạp đảng viên mới năm 2021 của quận Phú Nhuận là bao nhiêu?") == "180 đảng viên"
    assert _direct_text(service, "Năm 2021 quận Phú Nhuận kết nạp bao nhiêu đảng viên mới?") == "156 đảng viên"


_CAM_LE_2022 = """Cẩm Lệ tổng kết năm 2022

Cập nhật: 28/12/2022 15:10

Năm 2022, lượng khách lưu trú gấp gần 2 lần năm 2021. Tổng thu ngân sách trên địa bàn đạt 910,5 tỷ đồng, đạt 112,3% dự toán, tăng 21,5% so với năm 2021; trong đó thu tiền sử dụng đất đạt 310,4 tỷ đồng. Chi ngân sách quận đạt 402,1 tỷ đồng. Năm 2022, toàn thành phố thu ngân sách ước đạt 21.160 tỷ đồng.

Đảng bộ quận hiện có 44 tổ chức cơ sở đảng.
"""

_CAM_LE_2020 = """Đại hội Đảng bộ quận Cẩm Lệ nhiệm kỳ 2020-2025

Ngày đăng: 20/07/2020

Đại hội đại biểu Đảng bộ quận Cẩm Lệ lần thứ V diễn ra từ ngày 18 đến 20/7/2020.

Báo cáo chính trị nêu rõ, nhiệm kỳ 2015-2020, Đảng bộ quận đã lãnh đạo hoàn thành 18/20 chỉ tiêu. Tổng thu ngân sách 5 năm đạt 3.846 tỷ đồng.

Công tác xây dựng Đảng được quan tâm. Trong nhiệm kỳ, Đảng bộ quận kết nạp 1.020 đảng viên.

Tại phiên họp thứ nhất, đồng chí Nguyễn Văn Sơn tái cử Bí thư Quận ủy; đồng chí Trần Thị Lan được bầu làm Phó Bí thư Thường trực Quận ủy.
"""

_CAM_LE_2023_MID = """Cẩm Lệ sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Đảng bộ quận lần thứ V

Cập nhật: 28/06/2023 10:00

Ngày 27/6/2023, Quận ủy Cẩm Lệ tổ chức hội nghị sơ kết giữa nhiệm kỳ 2020-2025.

Báo cáo cho thấy, tổng thu ngân sách trên địa bàn từ năm 2020 đến hết tháng 6/2023 đạt 2.418 tỷ đồng. Tổng thu ngân sách nhà nước 3 năm (2020-2022) đạt 2.015 tỷ đồng, bằng 58% chỉ tiêu nhiệm kỳ. Giải ngân vốn đầu tư công năm 2022 đạt 92,4% kế hoạch vốn năm.

Công tác xây dựng Đảng tiếp tục được đổi mới. Nửa đầu nhiệm kỳ, toàn Đảng bộ kết nạp 412 đảng viên. Đảng bộ quận hiện có 45 tổ chức cơ sở đảng.

Đồng chí Hồ Văn Tâm, Bí thư Quận ủy chủ trì hội nghị.

Đồng chí Lê Văn Hòa, Phó Bí thư Thường trực Quận ủy cho biết, giải ngân vốn đầu tư công 6 tháng đầu năm 2023 đạt 41,2% kế hoạch, thấp hơn yêu cầu của thành phố.
"""

_CAM_LE_2024 = """Cẩm Lệ sơ kết 6 tháng đầu năm 2024

Cập nhật: 10/07/2024 09:00

6 tháng đầu năm 2024, tổng thu ngân sách trên địa bàn quận đạt 512,6 tỷ đồng, bằng 51% dự toán.

6 tháng đầu năm 2024, Quận ủy đã kiện toàn nhân sự cấp ủy 6 tổ chức cơ sở đảng. Năm 2024, Đảng bộ quận kết nạp 98 đảng viên.

Về công tác xây dựng Đảng, 6 tháng, toàn Đảng bộ kết nạp 45 đảng viên, đạt 37,5% chỉ tiêu (chỉ tiêu kết nạp 120 đảng viên).
"""

_SON_TRA_2022 = """Sơn Trà tổng kết năm 2022

Cập nhật: 29/12/2022 15:10

Năm 2022, tổng thu ngân sách trên địa bàn quận đạt 1.846,2 tỷ đồng. Năm 2022, toàn thành phố thu ngân sách ước đạt 21.020 tỷ đồng.
"""


@pytest.fixture(scope="module")
def cam_le(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "cam-le", {
        "601_cam-le-2022.txt": _CAM_LE_2022, "602_cam-le-dai-hoi-2020.txt": _CAM_LE_2020,
        "603_cam-le-6-thang-2024.txt": _CAM_LE_2024, "604_son-tra-2022.txt": _SON_TRA_2022,
        "605_cam-le-giua-nhiem-ky.txt": _CAM_LE_2023_MID,
    })


def test_a_year_set_against_by_times_is_not_the_paragraph_s_period(cam_le: Service) -> None:
    # "gấp gần 2 lần năm 2021": the figures after it are still the review's year's.
    assert _figure(cam_le, "910,5 tỷ đồng").period.year == 2022
    assert _direct_text(cam_le, "Năm 2021 quận Cẩm Lệ chi ngân sách bao nhiêu?") is None


def test_a_term_asked_is_answered_from_its_years_only(cam_le: Service) -> None:
    assert _direct_text(cam_le, "Cả nhiệm kỳ 2015-2020 quận Cẩm Lệ thu ngân sách tổng cộng bao nhiêu?") == "3.846 tỷ đồng"
    # No figure of the term 2025-2030: the half-year 2024 is of another time.
    assert _direct_text(cam_le, "Nhiệm kỳ 2025-2030 quận Cẩm Lệ thu ngân sách bao nhiêu?") is None


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Năm 2022, toàn TP Đà Nẵng thu ngân sách được bao nhiêu theo bài tổng kết của Cẩm Lệ?", "21.160 tỷ đồng"),
        ("Theo bài về Sơn Trà, toàn thành phố Đà Nẵng thu ngân sách năm 2022 được bao nhiêu?", "21.020 tỷ đồng"),
        ("Toàn thành phố thu ngân sách năm 2022 được bao nhiêu (bài về Sơn Trà)?", "21.020 tỷ đồng"),
    ],
)
def test_the_city_s_figure_read_in_the_article_of_a_district_named(cam_le: Service, question: str, direct: str) -> None:
    answer = cam_le.ask(question)
    assert answer.direct is not None and answer.direct.text.startswith(direct)
    assert "( )" not in answer.direct.text and "bài" not in (answer.direct.text)


def test_a_count_of_units_something_was_done_to_is_not_all_of_them(cam_le: Service) -> None:
    # The half-year's "kiện toàn … 6 tổ chức" is a part: the last count of them all answers.
    assert _direct_text(cam_le, "Cẩm Lệ năm 2022 có bao nhiêu tổ chức cơ sở đảng?") == "44 tổ chức"
    assert _direct_text(cam_le, "Cẩm Lệ có bao nhiêu tổ chức cơ sở đảng?") == "45 tổ chức"


def test_land_revenue_abbreviated(cam_le: Service) -> None:
    assert _direct_text(cam_le, "Năm 2022 Cẩm Lệ thu tiền SDĐ được bao nhiêu?") == "310,4 tỷ đồng"


def test_the_report_named_is_no_word_of_the_measure(cam_le: Service) -> None:
    assert _direct_text(cam_le, "Cẩm Lệ tổng kết 2022 thu ngân sách bao nhiêu") == "910,5 tỷ đồng"



@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # a term's figure: its sentence names the term, or says it is of several years within it
        ("Nửa đầu nhiệm kỳ 2020-2025 Cẩm Lệ kết nạp bao nhiêu đảng viên?", "412 đảng viên"),
        ("Nhiệm kỳ 2015-2020 Cẩm Lệ kết nạp bao nhiêu đảng viên?", "1.020 đảng viên"),
        ("Sơ kết giữa nhiệm kỳ: tổng thu ngân sách 3 năm 2020-2022 của quận Cẩm Lệ là bao nhiêu?", "2.015 tỷ đồng"),
        # the rate stated alone of the plan
        ("Năm 2022 quận Cẩm Lệ giải ngân vốn đầu tư công được bao nhiêu phần trăm kế hoạch?", "92,4%"),
        # the change asked by how it went
        ("Năm 2022 thu ngân sách quận Cẩm Lệ thay đổi thế nào so với năm 2021?", "tăng 21,5%"),
        # a part of a total named first
        ("Trong tổng thu NSNN năm 2022 của Cẩm Lệ, riêng thu tiền SDĐ là bao nhiêu?", "310,4 tỷ đồng"),
        ("Năm 2022 Cẩm Lệ thu ngân sách, trong đó thu tiền sử dụng đất là bao nhiêu?", "310,4 tỷ đồng"),
        # when a figure was taken is the period's to say
        ("Tại thời điểm đánh giá năm 2022, Đảng bộ quận Cẩm Lệ có bao nhiêu tổ chức cơ sở đảng?", "44 tổ chức"),
        # the source named by its meeting or its report
        ("Theo hội nghị tổng kết của Quận ủy Cẩm Lệ, toàn TP Đà Nẵng năm 2022 thu ngân sách ước bao nhiêu?", "21.160 tỷ đồng"),
        ("Theo báo cáo tổng kết của Quận ủy Sơn Trà, năm 2022 toàn TP Đà Nẵng thu ngân sách được bao nhiêu?", "21.020 tỷ đồng"),
        # a level asked, said missed
        ("Giải ngân vốn đầu tư công 6 tháng đầu năm 2023 của Cẩm Lệ có đạt yêu cầu của thành phố không?", "Không"),
    ],
)
def test_terms_parts_sources_and_levels(cam_le: Service, question: str, direct: str) -> None:
    assert _direct_text(cam_le, question) == direct


def test_the_start_of_a_span_is_not_the_period_an_article_reports_on(cam_le: Service) -> None:
    # "từ năm 2020 đến hết tháng 6/2023": the mid-term review is of 2023, and its measure is not cut by a bracket.
    fact = _figure(cam_le, "2.015 tỷ đồng")
    assert fact.measure.startswith("Tổng thu ngân sách nhà nước 3 năm (2020-2022)")
    assert _figure(cam_le, "412 đảng viên").period.year == 2023



@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # "tái cử": re-elected to the office; "Đại hội 2020," a year before its comma
        ("Đại hội 2020, Bí thư Quận ủy Cẩm Lệ là ai?", "Nguyễn Văn Sơn"),
        ("Bí thư Quận ủy Cẩm Lệ năm 2023 là ai?", "Hồ Văn Tâm"),
        # a span asked by where it ends: "từ 2020 đến hết 6/2023"
        ("Cẩm Lệ thu ngân sách từ 2020 đến hết 6/2023 được bao nhiêu?", "2.418 tỷ đồng"),
    ],
)
def test_offices_of_a_congress_and_a_span_to_a_month(cam_le: Service, question: str, direct: str) -> None:
    assert _direct_text(cam_le, question) == direct


def test_an_office_asked_with_no_place_is_the_district_s_of_the_period_before(cam_le: Service) -> None:
    first = cam_le.converse("Cam Le 2020 ai lam bi thu?", None)
    turn = cam_le.converse("PBT thường trực là ai?", first.context)
    assert turn.answer.resolved_question is not None and "Cẩm Lệ năm 2020" in turn.answer.resolved_question
    assert turn.answer.direct is not None and turn.answer.direct.text == "Trần Thị Lan"


_THANH_KHE_2020 = """Đồng chí Lê Văn An tái cử Bí thư Quận ủy Thanh Khê

Thứ Năm, 16/07/2020 18:20

Chiều 16/7, Đại hội đại biểu Đảng bộ quận Thanh Khê lần thứ V, nhiệm kỳ 2020-2025 đã bế mạc sau 3 ngày làm việc (từ ngày 14 đến 16/7). Đồng chí Lê Văn An được tín nhiệm tái cử Bí thư Quận ủy. Đồng chí Hà Minh Châu, Phó Bí thư Thường trực Thành ủy dự và chỉ đạo Đại hội.

Tổng thu ngân sách trên địa bàn 5 năm đạt 9.640 tỷ đồng; trong đó thu tiền sử dụng đất đạt 4.870 tỷ đồng.

Trong nhiệm kỳ, Đảng bộ quận kết nạp 1.380 đảng viên.
"""

_LIEN_CHIEU_2020 = """Đại hội Đảng bộ quận Liên Chiểu lần thứ V

Ngày đăng: 22/07/2020

Đại hội đại biểu Đảng bộ quận Liên Chiểu lần thứ V, nhiệm kỳ 2020-2025 diễn ra từ ngày 20 đến 22/7/2020.

Trong nhiệm kỳ 2015-2020, Đảng bộ quận kết nạp 1.150 đảng viên.
"""

_LIEN_CHIEU_2023 = """Liên Chiểu tổng kết năm 2023

Cập nhật: 28/12/2023 10:00

Năm 2023, Đảng bộ quận Liên Chiểu kết nạp 2.260 đảng viên.
"""


@pytest.fixture(scope="module")
def thanh_khe(tmp_path_factory: pytest.TempPathFactory) -> Service:
    return _corpus_service(tmp_path_factory, "thanh-khe", {
        "611_thanh-khe-dai-hoi-2020.txt": _THANH_KHE_2020, "612_lien-chieu-dai-hoi-2020.txt": _LIEN_CHIEU_2020,
        "613_lien-chieu-2023.txt": _LIEN_CHIEU_2023,
    })


def test_a_figure_of_no_period_is_no_answer_to_a_year(thanh_khe: Service) -> None:
    # "5 năm … trong đó …" in an article whose lead names no year: no figure of 2023, not let through a quote.
    fact = dataclasses.replace(_figure(thanh_khe, "4.870 tỷ đồng"), period=None)  # the reader could date it to none
    asked = thanh_khe.read("Năm 2023, quận Thanh Khê thu tiền sử dụng đất được bao nhiêu?").facts.figure
    assert conflicts(fact, asked, thanh_khe.library.tables.lexicon, "Thanh Khê")
    assert _direct_text(thanh_khe, "Năm 2023, quận Thanh Khê thu tiền sử dung đất được bao nhiêu?") is None


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        ("Đại hội Đảng bộ quận Thanh Khê nhiệm kỳ 2020-2025 bầu ai làm Bí thư?", "Lê Văn An"),  # "được tín nhiệm tái cử"
        ("Lãnh đạo TP nào dự và chỉ đạo Đại hội Đảng bộ quận Thanh Khê?", "Hà Minh Châu"),
        ("Đại hội Đảng bộ quận Thanh Khê diễn ra trong những ngày nào?", "từ ngày 14 đến 16/7"),
    ],
)
def test_a_congress_its_secretary_its_guest_and_its_days(thanh_khe: Service, question: str, direct: str) -> None:
    assert _direct_text(thanh_khe, question) == direct



def test_the_target_a_part_of_the_year_is_set_against_is_the_year_s(cam_le: Service) -> None:
    # "(chỉ tiêu kết nạp 120 đảng viên)" after six months' admissions repeats their measure: the year's target.
    plan = _figure(cam_le, "120 đảng viên")
    assert plan.status is Status.TARGET and plan.period is not None and plan.period.kind is PeriodKind.YEAR
    assert _direct_text(cam_le, "Chỉ tiêu kết nạp đảng viên năm 2024 của quận Cẩm Lệ là bao nhiêu?") == "120 đảng viên"



def test_districts_ranked_over_a_term_by_the_term_s_figures(thanh_khe: Service) -> None:
    # Each congress met on its own days; a year's count inside the next term (2.260 in 2023) is no term's.
    answer = thanh_khe.ask("Trong nhiệm kỳ 2015-2020, quận Thanh Khê hay quận Liên Chiểu kết nạp nhiều đảng viên hơn?")
    assert [(v.district, v.value) for v in answer.comparison] == [("Thanh Khê", "1.380 đảng viên"), ("Liên Chiểu", "1.150 đảng viên")]
    assert answer.direct is not None and answer.direct.text == "Thanh Khê"
