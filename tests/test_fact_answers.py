"""Figure, count, role, comparison and yes/no answers read from the fact table, on the seeds and on invented
articles of two districts over several periods (tests/data/multi-period/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service
from retrieval.facts.model import Relation, Status
from retrieval.models import DeclineReason

DATA = Path(__file__).resolve().parent / "data" / "multi-period"


@pytest.fixture(scope="module")
def periods() -> Service:
    return load_service(None, DATA)


def first_line(answer) -> str:
    return answer_text(answer).splitlines()[0]


# ---------------------------------------------------------------- the seeds


def test_a_count_with_its_grade_is_the_grade_asked(seed_service: Service) -> None:
    answer = seed_service.ask("Sơn Trà có bao nhiêu chi bộ hoàn thành tốt nhiệm vụ?")
    assert answer.direct is not None and answer.direct.text == "214"
    assert (answer.direct.period, answer.direct.place, answer.direct.status) == ("Năm 2021", "quận Sơn Trà", "result")
    assert answer.direct.fact and answer.direct.fact.startswith("004_")
    assert first_line(answer) == "Năm 2021, quận Sơn Trà có 214 chi bộ hoàn thành tốt nhiệm vụ [1]."


def test_the_first_line_names_period_and_place(seed_service: Service) -> None:
    answer = seed_service.ask("Quý I/2021 quận Ba Đình thu ngân sách bao nhiêu?")
    assert first_line(answer) == "Quý I/2021, quận Ba Đình thu ngân sách 1.460 tỷ đồng [1]."
    assert answer.citations[0].quote[answer.direct.start : answer.direct.end] == "1.460 tỷ đồng"


def test_revenue_asked_without_diacritics_and_with_q_dot_is_revenue_not_production(seed_service: Service) -> None:
    answer = seed_service.ask("thu ngan sach Q.Ba Dinh quy 1/2021")
    assert answer.direct is not None and answer.direct.text == "1.460 tỷ đồng"
    assert answer.direct.period == "Quý I/2021"


def test_a_role_the_article_does_not_name_is_declined_saying_what_it_names(seed_service: Service) -> None:
    answer = seed_service.ask("Ai là Chủ tịch UBND quận Đống Đa?")
    assert answer.abstained and answer.reason is DeclineReason.SLOT_MISSING and answer.direct is None
    assert answer.missing_slot == "Chủ tịch UBND"
    assert "Chủ tịch Hội đồng nhân dân quận: Nguyễn Anh Cường (2021)" in answer.stated
    assert "Bài có nêu: " in answer_text(answer)


def test_a_body_named_before_the_head_of_the_role(seed_service: Service) -> None:
    answer = seed_service.ask("HĐND quận Đống Đa do ai làm chủ tịch?")
    assert answer.direct is not None and answer.direct.text == "Nguyễn Anh Cường"


def test_a_measure_the_article_does_not_state_is_declined_with_what_it_states(seed_service: Service) -> None:
    answer = seed_service.ask("Năm 2021 quận Sơn Trà thu ngân sách bao nhiêu?")
    assert answer.abstained and answer.reason is DeclineReason.SLOT_MISSING and not answer.citations
    assert answer.missing_in == ("quận Sơn Trà (26/01/2022)",)
    assert "chi bộ hoàn thành tốt nhiệm vụ: 214" in answer.stated
    assert first_line(answer).startswith("Bài về quận Sơn Trà (26/01/2022) không nêu số liệu thu ngân sách năm 2021")


def test_a_share_against_the_past_year_is_not_the_share_of_the_budget(seed_service: Service) -> None:
    answer = seed_service.ask("Tổng thu ngân sách của quận Hoàn Kiếm năm 2020 bằng bao nhiêu phần trăm so với cùng kỳ?")
    assert answer.direct is not None and answer.direct.text == "107%"


def test_a_plan_completed_or_not_is_settled_by_its_share(seed_service: Service) -> None:
    answer = seed_service.ask("Năm 2020 Hoàn Kiếm có vượt dự toán thu ngân sách không?")
    assert answer.direct is not None and (answer.direct.text, answer.direct.basis) == ("Có", "bằng 105,1% dự toán Thành phố giao")


# ---------------------------------------------------------------- several periods, two districts


@pytest.mark.parametrize(
    "question, text, period",
    [
        ("Quý I/2023 quận Thanh Xuân thu ngân sách bao nhiêu?", "918,2 tỷ đồng", "Quý I/2023"),
        ("Năm 2022 quận Thanh Xuân thu ngân sách được bao nhiêu?", "3.210,5 tỷ đồng", "Năm 2022"),
        ("9 tháng năm 2024 Thanh Xuân thu ngân sách bao nhiêu?", "2.650,7 tỷ đồng", "9 tháng năm 2024"),
        ("6 tháng đầu năm 2023 quận Hải Châu thu ngân sách bao nhiêu?", "1.240,6 tỷ đồng", "6 tháng đầu năm 2023"),
        # a target, a budget, a change and a share are each only what is asked
        ("Năm 2023 quận Thanh Xuân phấn đấu thu ngân sách bao nhiêu?", "3.400 tỷ đồng", "Năm 2023"),
        ("Dự toán thu ngân sách năm 2023 của Thanh Xuân là bao nhiêu?", "3.380 tỷ đồng", "Năm 2023"),
        ("Năm 2022 thu ngân sách Thanh Xuân tăng bao nhiêu % so với cùng kỳ?", "tăng 7,6%", "Năm 2022"),
        ("Năm 2022 thu ngân sách Thanh Xuân bằng bao nhiêu % dự toán?", "104,2%", "Năm 2022"),
        # grades are exclusive
        ("Năm 2022 Thanh Xuân có bao nhiêu chi bộ hoàn thành tốt nhiệm vụ?", "131", "Năm 2022"),
        ("Năm 2022 Thanh Xuân có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ?", "1.025 đảng viên", "Năm 2022"),
        ("Năm 2022 Thanh Xuân có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ?", "38/190", "Năm 2022"),
        # "3 tháng đầu năm" is quý I; a cut-off date is its own period
        ("3 tháng đầu năm 2023 Thanh Xuân kết nạp bao nhiêu đảng viên mới?", "46 đảng viên", "Quý I/2023"),
        ("Tính đến ngày 30/9/2024 quận Thanh Xuân đã giải ngân bao nhiêu vốn đầu tư công?", "512 tỷ đồng", "Tính đến 30/9/2024"),
    ],
)
def test_a_period_asked_is_answered_with_that_period(periods: Service, question: str, text: str, period: str) -> None:
    answer = periods.ask(question)
    assert answer.direct is not None, answer_text(answer)
    assert (answer.direct.text, answer.direct.period) == (text, period)


def test_a_question_without_a_period_gets_the_latest_and_the_others(periods: Service) -> None:
    answer = periods.ask("Quận Thanh Xuân thu ngân sách bao nhiêu?")
    assert answer.direct is not None and (answer.direct.text, answer.direct.period) == ("2.650,7 tỷ đồng", "9 tháng năm 2024")
    assert [(v.period, v.value) for v in answer.other_periods] == [("Quý I/2023", "918,2 tỷ đồng"), ("Năm 2022", "3.210,5 tỷ đồng")]
    assert [c.n for c in answer.citations] == [1, 2, 3]
    assert answer_text(answer).splitlines()[1] == "Các kỳ khác: Quý I/2023: 918,2 tỷ đồng [2]; Năm 2022: 3.210,5 tỷ đồng [3]."


def test_a_period_no_article_states_is_declined_offering_the_nearest(periods: Service) -> None:
    answer = periods.ask("Năm 2021 quận Thanh Xuân thu ngân sách bao nhiêu?")
    assert answer.abstained and answer.direct is None and answer.offered is not None
    assert (answer.offered.period, answer.offered.direct.text, answer.offered.asked_period) == ("năm 2022", "3.210,5 tỷ đồng", "năm 2021")


def test_a_city_wide_figure_is_never_the_districts(periods: Service) -> None:
    answer = periods.ask("Năm 2022 Hải Châu thu ngân sách bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "2.530,4 tỷ đồng"
    answer = periods.ask("Năm 2022 Thanh Xuân thu ngân sách bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "3.210,5 tỷ đồng"


def test_a_bare_count_is_not_answered_by_a_part_of_it(periods: Service) -> None:
    answer = periods.ask("Quận Thanh Xuân có bao nhiêu đảng viên?")
    assert answer.abstained and answer.reason is DeclineReason.SLOT_MISSING and answer.direct is None
    assert answer.missing_in == ("quận Thanh Xuân (16/01/2023, 12/04/2023, 18/10/2024)",)


@pytest.mark.parametrize(
    "question, name",
    [
        ("Ai là Bí thư Quận ủy Thanh Xuân?", "Nguyễn Hữu Tâm"),  # the latest article's holder
        ("Ai là Bí thư Quận ủy Thanh Xuân năm 2023?", "Trần Minh Khoa"),
        ("Năm 2022, ai giữ chức Chủ tịch HĐND quận Thanh Xuân?", "Phạm Văn Đông"),
        ("Chủ tịch UBND quận Thanh Xuân là ai?", "Lê Thu Hà"),
    ],
)
def test_roles_by_head_body_and_year(periods: Service, question: str, name: str) -> None:
    answer = periods.ask(question)
    assert answer.direct is not None and answer.direct.text == name


def test_a_persons_roles(periods: Service) -> None:
    answer = periods.ask("Đồng chí Lê Thu Hà giữ chức vụ gì?")
    assert answer.direct is not None and answer.direct.text == "Phó Bí thư Quận ủy, Chủ tịch UBND quận"
    assert first_line(answer) == (
        "Theo bài ngày 16/01/2023, đồng chí Lê Thu Hà là Phó Bí thư Quận ủy Thanh Xuân, Chủ tịch UBND quận Thanh Xuân [1]."
    )


def test_a_role_not_named_for_the_place_is_declined(periods: Service) -> None:
    answer = periods.ask("Ai là Chủ tịch HĐND quận Hải Châu?")
    assert answer.abstained and answer.reason is DeclineReason.SLOT_MISSING
    assert answer.stated == ("Bí thư Quận ủy: Võ Thị Lan (2023)",)


def test_a_comparison_of_one_period_is_ranked_from_facts(periods: Service) -> None:
    answer = periods.ask("Năm 2022, Thanh Xuân và Hải Châu quận nào thu ngân sách cao hơn?")
    assert answer.direct is not None and answer.direct.text == "Thanh Xuân"
    assert [(v.district, v.value, v.period, v.status) for v in answer.comparison] == [
        ("Thanh Xuân", "3.210,5 tỷ đồng", "Năm 2022", "result"), ("Hải Châu", "2.530,4 tỷ đồng", "Năm 2022", "result"),
    ]


def test_a_comparative_split_around_its_noun(periods: Service) -> None:
    answer = periods.ask("Năm 2022, Thanh Xuân và Hải Châu quận nào kết nạp ít đảng viên mới hơn?")
    assert answer.direct is not None and answer.direct.text == "Hải Châu"


def test_a_plan_not_completed(periods: Service) -> None:
    answer = periods.ask("Năm 2022 quận Hải Châu có hoàn thành dự toán thu ngân sách không?")
    assert answer.direct is not None and (answer.direct.text, answer.direct.basis) == ("Không", "bằng 97,6% dự toán")


def test_follow_ups_take_the_district_and_period_spoken_of(periods: Service) -> None:
    answer = periods.ask_turns(["Ai là Bí thư Quận ủy Thanh Xuân năm 2023?", "Chủ tịch UBND quận khi đó là ai?"])
    assert answer.resolved_question == "Chủ tịch UBND quận Thanh Xuân năm 2023 là ai?"
    assert answer.direct is not None and answer.direct.text == "Lê Thu Hà"
    answer = periods.ask_turns(["Năm 2022 quận Thanh Xuân thu ngân sách bao nhiêu?", "Năm 2023 quận phấn đấu thu bao nhiêu?"])
    assert answer.direct is not None and (answer.direct.text, answer.direct.status) == ("3.400 tỷ đồng", "target")
    assert first_line(answer).startswith("(hiểu là: Năm 2023 quận Thanh Xuân phấn đấu thu bao nhiêu?)")


def test_a_superlative_over_the_corpus_ranks_the_period_most_districts_state(periods: Service) -> None:
    answer = periods.ask("Quận nào thu ngân sách cao nhất?")
    assert answer.direct is not None and (answer.direct.text, answer.direct.period) == ("Thanh Xuân", "Năm 2022")
    assert [v.district for v in answer.comparison] == ["Thanh Xuân", "Hải Châu"]


@pytest.mark.parametrize(
    "question, period",
    [("Quý 1 năm 2023 quận Thanh Xuân thu ngân sách bao nhiêu?", "Quý I/2023"),
     ("Q1/2023 Thanh Xuân thu ngân sách bao nhiêu?", "Quý I/2023")],
)
def test_a_quarter_beside_a_district_is_no_numbered_district(periods: Service, question: str, period: str) -> None:
    answer = periods.ask(question)
    assert answer.direct is not None and (answer.direct.text, answer.direct.period) == ("918,2 tỷ đồng", period)
    assert not answer.unknown_places


@pytest.mark.parametrize("question", ["Quận 1 thu ngân sách bao nhiêu?", "Thu ngân sách Q.1 năm 2022?"])
def test_a_numbered_district_no_article_covers_is_said_so(periods: Service, question: str) -> None:
    answer = periods.ask(question)
    assert answer.abstained and answer.reason is DeclineReason.UNKNOWN_PLACE and answer.unknown_places == ("quận 1",)


@pytest.mark.parametrize(
    "question, line",
    [
        # no question word: a measure, a place and a period, answered only because a fact states exactly that
        ("THANH XUÂN THU NGÂN SÁCH QUÝ I/2023?", "Quý I/2023, quận Thanh Xuân thu ngân sách 918,2 tỷ đồng [1]."),
        ("chu tich ubnd thanh xuan", "Theo bài ngày 16/01/2023, Chủ tịch UBND quận Thanh Xuân là Lê Thu Hà [1]."),
        # without diacritics the article's own clause is echoed, not the question's words
        ("hai chau ket nap bao nhieu dang vien moi nam 2022", "Năm 2022, quận Hải Châu kết nạp 163 đảng viên mới [1]."),
        ("thanh xuan thu ngan sach nam 2022 bao nhieu",
         "Năm 2022, quận Thanh Xuân có tổng thu ngân sách nhà nước trên địa bàn quận đạt 3.210,5 tỷ đồng [1]."),
        # a trend asked: every period, the latest first
        ("Thu ngân sách Thanh Xuân qua các năm", "9 tháng năm 2024, quận Thanh Xuân thu ngân sách 2.650,7 tỷ đồng [1]."),
    ],
)
def test_questions_as_people_type_them(periods: Service, question: str, line: str) -> None:
    assert first_line(periods.ask(question)) == line


def test_a_count_before_a_colon_typed_without_diacritics(seed_service: Service) -> None:
    answer = seed_service.ask("son tra co bao nhieu chi bo hoan thanh tot nhiem vu")
    assert first_line(answer) == "Năm 2021, quận Sơn Trà có 214 chi bộ hoàn thành tốt nhiệm vụ [1]."


def test_a_statement_with_its_own_figure_is_not_answered_with_another(periods: Service) -> None:
    answer = periods.ask("Năm 2022 quận Thanh Xuân thu ngân sách đạt 9.999 tỷ đồng?")
    assert answer.direct is None and "3.210,5 tỷ đồng" in answer.citations[0].quote  # the sentence, to judge by


def test_a_figure_of_other_members_is_no_count_of_those_admitted(seed_service: Service) -> None:
    # The article grades its members but states no admissions: the graded count is not the answer.
    answer = seed_service.ask("Sơn Trà kết nạp bao nhiêu đảng viên?")
    assert answer.abstained and answer.reason is DeclineReason.SLOT_MISSING and answer.direct is None


def test_a_decline_states_the_measure_asked_as_the_article_gives_it(seed_service: Service) -> None:
    answer = seed_service.ask("Hoàn Kiếm thu ngân sách năm 2020 tăng bao nhiêu phần trăm?")
    assert answer.abstained and answer.reason is DeclineReason.SLOT_MISSING
    assert "tổng thu NSNN trên địa bàn quận: bằng 107% so với cùng kỳ" in answer.stated


def test_a_count_of_a_plans_items_answers_whatever_its_status(seed_service: Service) -> None:
    answer = seed_service.ask("Chương trình số 01-CTr/QU của Long Biên có bao nhiêu nhiệm vụ cụ thể?")
    assert answer.direct is not None and answer.direct.text == "65 nhiệm vụ"
    assert first_line(answer) == "Năm 2024, quận Long Biên chương trình số 01-CTr/QU có 65 nhiệm vụ cụ thể [1]."


FACT_ROWS = [
    # article, value, relation, status, period, place, words the measure must hold
    ("101", "3.210,5 tỷ đồng", "amount", "result", "Năm 2022", "quận Thanh Xuân", "thu ngan sach"),
    ("101", "104,2%", "share", "result", "Năm 2022", "quận Thanh Xuân", "thu ngan sach"),
    ("101", "7,6%", "growth", "result", "Năm 2022", "quận Thanh Xuân", "thu ngan sach"),
    ("101", "1.105,3 tỷ đồng", "amount", "result", "Năm 2022", "quận Thanh Xuân", "chi ngan sach"),
    ("101", "88,4%", "share", "result", "Năm 2022", "quận Thanh Xuân", "chi ngan sach"),
    ("101", "317.000 tỷ đồng", "amount", "result", "Năm 2022", "thành phố Hà Nội", "thu ngan sach"),
    ("101", "241 đảng viên", "amount", "result", "Năm 2022", "quận Thanh Xuân", "ket nap dang vien"),
    ("101", "120,5%", "share", "result", "Năm 2022", "quận Thanh Xuân", "ket nap dang vien"),
    ("101", "38/190", "amount", "result", "Năm 2022", "quận Thanh Xuân", "chi bo hoan thanh xuat sac nhiem vu"),
    ("101", "131", "amount", "result", "Năm 2022", "quận Thanh Xuân", "chi bo hoan thanh tot nhiem vu"),
    ("101", "1.025 đảng viên", "amount", "result", "Năm 2022", "quận Thanh Xuân", "dang vien hoan thanh xuat sac nhiem vu"),
    ("101", "8.640 đảng viên", "amount", "result", "Năm 2022", "quận Thanh Xuân", "dang vien hoan thanh tot nhiem vu"),
    ("101", "3.400 tỷ đồng", "amount", "target", "Năm 2023", "quận Thanh Xuân", "thu ngan sach"),
    ("101", "250 đảng viên", "amount", "target", "Năm 2023", "quận Thanh Xuân", "ket nap dang vien"),
    ("102", "918,2 tỷ đồng", "amount", "result", "Quý I/2023", "quận Thanh Xuân", "thu ngan sach"),
    ("102", "27%", "share", "result", "Quý I/2023", "quận Thanh Xuân", "thu ngan sach"),
    ("102", "5,1%", "growth", "result", "Quý I/2023", "quận Thanh Xuân", "thu ngan sach"),
    ("102", "3.380 tỷ đồng", "amount", "budget", "Năm 2023", "quận Thanh Xuân", "thu ngan sach"),
    ("102", "46 đảng viên", "amount", "result", "Quý I/2023", "quận Thanh Xuân", "ket nap dang vien"),
    ("102", "205 đảng viên", "amount", "result", "Quý I/2023", "quận Thanh Xuân", "trao huy hieu dang vien"),
    ("103", "2.650,7 tỷ đồng", "amount", "result", "9 tháng năm 2024", "quận Thanh Xuân", "thu ngan sach"),
    ("103", "74,8%", "share", "result", "9 tháng năm 2024", "quận Thanh Xuân", "thu ngan sach"),
    ("103", "9,2%", "growth", "result", "9 tháng năm 2024", "quận Thanh Xuân", "thu ngan sach"),
    ("103", "512 tỷ đồng", "amount", "result", "Tính đến 30/9/2024", "quận Thanh Xuân", "giai ngan von"),
    ("103", "61,3%", "share", "result", "Tính đến 30/9/2024", "quận Thanh Xuân", "giai ngan von"),
    ("104", "1.240,6 tỷ đồng", "amount", "result", "6 tháng đầu năm 2023", "quận Hải Châu", "thu ngan sach"),
    ("104", "48%", "share", "result", "6 tháng đầu năm 2023", "quận Hải Châu", "thu ngan sach"),
    ("104", "3,5%", "growth", "result", "6 tháng đầu năm 2023", "quận Hải Châu", "thu ngan sach"),
    ("104", "402,1 tỷ đồng", "amount", "result", "6 tháng đầu năm 2023", "quận Hải Châu", "chi ngan sach"),
    ("104", "77 đảng viên", "amount", "result", "6 tháng đầu năm 2023", "quận Hải Châu", "ket nap dang vien"),
    ("104", "45,3%", "share", "result", "6 tháng đầu năm 2023", "quận Hải Châu", "ket nap dang vien"),
    ("105", "2.530,4 tỷ đồng", "amount", "result", "Năm 2022", "quận Hải Châu", "thu ngan sach"),
    ("105", "97,6%", "share", "result", "Năm 2022", "quận Hải Châu", "thu ngan sach"),
    ("105", "163 đảng viên", "amount", "result", "Năm 2022", "quận Hải Châu", "ket nap dang vien"),
    ("105", "95,9%", "share", "result", "Năm 2022", "quận Hải Châu", "ket nap dang vien"),
]


def test_every_figure_of_the_articles_is_read_with_its_measure_status_period_and_place(periods: Service) -> None:
    figures = periods.library.facts.figures
    assert len(figures) == len(FACT_ROWS)  # no number of a period, an ordinal or a date read as a figure
    for fact, (doc, value, relation, status, period, place, words) in zip(figures, FACT_ROWS):
        assert (fact.source.doc_id[:3], fact.value, fact.relation.value, fact.status.value) == (doc, value, relation, status)
        assert (fact.period.label() if fact.period else None, fact.place) == (period, place), fact.value
        assert set(words.split()) <= set(fact.measure_words), fact.value


def test_a_question_in_other_words_twice_over_reaches_the_fact(seed_service: Service) -> None:
    answer = seed_service.ask("nam 2021 quan son tra co bao nhieu thanh vien dang lam tot nhiem vu")
    assert answer.direct is not None and answer.direct.text == "3891 Đảng viên"


@pytest.mark.parametrize(
    "question",
    [
        "Khu vực kinh tế tư nhân của quận Ba Đình quý I/2021 tạo ra bao nhiêu?",
        "Kinh tế ngoài nhà nước quận Ba Đình 3 tháng đầu năm 2021 sản xuất được bao nhiêu?",
        "Các thành phần kinh tế ngoài nhà nước ở quận Ba Đình quý 1/2021 đạt giá trị sản xuất bao nhiêu?",
    ],
)
def test_the_sector_named_in_other_words_is_the_articles_sector(seed_service: Service, question: str) -> None:
    answer = seed_service.ask(question)
    assert answer.direct is not None and answer.direct.text == "15.706 tỷ đồng"


def test_a_decline_lists_first_what_shares_words_with_the_measure_asked(seed_service: Service) -> None:
    answer = seed_service.ask("Quý I/2021 quận Ba Đình chi ngân sách bao nhiêu?")
    assert answer.reason is DeclineReason.SLOT_MISSING and answer.direct is None
    assert answer.stated == (
        "thu ngân sách trên địa bàn quận: 1.460 tỷ đồng", "giá trị sản xuất ngoài nhà nước toàn quận: 15.706 tỷ đồng",
    )


def test_revenue_from_a_sector_is_a_part_no_total_answers(seed_service: Service) -> None:
    answer = seed_service.ask("Quý I/2021 quận Ba Đình thu ngân sách từ khu vực ngoài quốc doanh bao nhiêu?")
    assert answer.direct is None and answer.reason is DeclineReason.SLOT_MISSING


def test_a_decline_names_the_measure_without_the_words_of_the_cut_place(seed_service: Service) -> None:
    answer = seed_service.ask("Ở Sơn Trà, năm 2021 thu ngân sách được bao nhiêu?")
    assert first_line(answer).startswith("Bài về quận Sơn Trà (26/01/2022) không nêu số liệu thu ngân sách năm 2021,")
    # A measure of two words ("Đảng viên") is listed whole.
    assert "đảng viên hoàn thành xuất sắc nhiệm vụ: 878 đồng chí" in answer.stated


# ---------------------------------------------------------------- as people type them, with traps

_THANH_KHE = """Quận ủy Thanh Khê tổng kết năm 2020

Thứ năm, 14/01/2021 09:10

Sáng 13-1, Quận ủy Thanh Khê tổ chức hội nghị tổng kết năm 2020. Dự hội nghị có đồng chí Nguyễn Văn Hòa, Phó Bí thư Quận ủy, Chủ tịch UBND quận.

Năm 2020, thu ngân sách trên địa bàn quận đạt 612,4 tỷ đồng, bằng 81,2% dự toán, giảm 18,4% so với năm 2019.

Toàn thành phố Đà Nẵng năm 2020 đón 2,1 triệu lượt khách, trong đó khách quốc tế chiếm một phần năm.
"""


@pytest.fixture(scope="module")
def thanh_khe(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("thanh-khe")
    (folder / "301_thanh-khe-2020.txt").write_text(_THANH_KHE, encoding="utf-8")
    return load_service(None, folder)


def test_a_year_typed_on_its_own_is_the_period_and_a_change_without_basis_is_against_the_past(thanh_khe: Service) -> None:
    answer = thanh_khe.ask("Thanh Khê thu ngân sách 2020 giảm bao nhiêu % so với 2019?")
    assert answer.direct is not None and answer.direct.text == "giảm 18,4%"  # the change with the word saying which way
    assert answer.direct.period == "Năm 2020"


def test_a_city_wide_figure_quoted_in_a_district_article_is_no_answer_for_the_district(thanh_khe: Service) -> None:
    answer = thanh_khe.ask("Thanh Khê năm 2020 đón bao nhiêu lượt khách quốc tế?")
    assert answer.abstained and answer.direct is None


@pytest.mark.parametrize(
    "question", ["Chủ tịch HĐND quận Thanh Khê năm 2020 là ai?", "Ai là Chủ tịch HĐND quận Thanh Khê?"]
)
def test_a_role_no_article_names_is_declined_however_the_question_is_reworded(thanh_khe: Service, question: str) -> None:
    answer = thanh_khe.ask(question)
    assert answer.abstained and answer.direct is None


_LIEN_CHIEU = """Quận ủy Liên Chiểu sơ kết quý I năm 2023

Thứ hai, 17/04/2023 15:20

Bí thư Quận ủy, Chủ tịch HĐND quận Liên Chiểu Lê Văn Thành chủ trì Hội nghị Ban Chấp hành Đảng bộ quận lần thứ 14 khóa XII, nhiệm kỳ 2020-2025 diễn ra ngày 14/4.

Dự hội nghị có đồng chí Trần Thị Mai, Phó Bí thư Thường trực Quận ủy; đồng chí Phạm Văn Nam, Phó Bí thư Quận ủy, Chủ tịch UBND quận.

Trong quý I, thu ngân sách trên địa bàn quận ước thực hiện 812 tỷ đồng, đạt 27% so với dự toán giao đầu năm, 118% so với cùng kỳ năm trước.

Quận phê duyệt 64 phương án với tổng diện tích thu hồi 12.300m2 đất, tổng số tiền bồi thường, hỗ trợ là 96 tỷ đồng.
"""


@pytest.fixture(scope="module")
def lien_chieu(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("lien-chieu")
    (folder / "302_lien-chieu-2023.txt").write_text(_LIEN_CHIEU, encoding="utf-8")
    return load_service(None, folder)


def _lien_chieu_figure(service: Service, value: str):
    return next(f for f in service.library.facts.figures if f.value == value)


def test_a_second_share_after_a_comma_belongs_to_the_amount_with_its_basis_after_it(lien_chieu: Service) -> None:
    amount = _lien_chieu_figure(lien_chieu, "812 tỷ đồng")
    for value in ("27%", "118%"):
        share = _lien_chieu_figure(lien_chieu, value)
        assert (share.relation, share.of, share.status) == (Relation.SHARE, amount.id, Status.ESTIMATE)


def test_a_measure_listing_its_nouns_with_a_comma_keeps_them_all(lien_chieu: Service) -> None:
    fact = _lien_chieu_figure(lien_chieu, "96 tỷ đồng")
    assert fact.measure == "tổng số tiền bồi thường, hỗ trợ là"


@pytest.mark.parametrize(
    "question, direct",
    [
        # No verb says share or change: the share of the same period last year answers.
        ("thu ngan sach lien chieu quy I 2023 so voi cung ky nam truoc", "118%"),
        ("Quý I/2023 Liên Chiểu thu ngân sách đạt bao nhiêu % dự toán?", "27%"),
        # A change is asked, the article gives only a share: no figure.
        ("Quý I/2023 Liên Chiểu thu ngân sách tăng bao nhiêu % so với cùng kỳ?", None),
        # The basis named after "so" makes it a comparison even without "%".
        ("Liên Chiểu quý I/2023 thu ngân sách tăng bao nhiêu so cùng kỳ?", None),
        ("Ai là Bí thư Quận ủy Liên Chiểu?", "Lê Văn Thành"),
        ("Chủ tịch HĐND quận Liên Chiểu là ai?", "Lê Văn Thành"),
        ("Chủ tịch UBND quận Liên Chiểu là ai?", "Phạm Văn Nam"),
        # The term names which committee met, not when it did.
        ("Hội nghị Ban Chấp hành Đảng bộ quận Liên Chiểu lần thứ 14 diễn ra khi nào?", "ngày 14/4"),
    ],
)
def test_shares_listed_roles_and_when_a_meeting_was(lien_chieu: Service, question: str, direct: str | None) -> None:
    answer = lien_chieu.ask(question)
    assert (answer.direct.text if answer.direct else None) == direct


def test_roles_listed_before_a_name_are_all_that_persons_and_no_one_elses(lien_chieu: Service) -> None:
    roles = {(r.name, r.head, r.body) for r in lien_chieu.library.facts.roles}
    assert {("Lê Văn Thành", "bi thu", "cap uy"), ("Lê Văn Thành", "chu tich", "hdnd")} <= roles
    assert ("Phạm Văn Nam", "chu tich", "ubnd") in roles
    assert ("Trần Thị Mai", "pho bi thu thuong truc", "cap uy") in roles
    assert not any(name == "Trần Thị Mai" and head == "chu tich" for name, head, _ in roles)


_CAM_LE = """Quận ủy Cẩm Lệ đánh giá 9 tháng năm 2023

Thứ hai, 16/10/2023 10:00

Tính đến ngày 30/9, quận giải ngân vốn đầu tư công đạt 61,5% kế hoạch, cao hơn quận Hải Châu (55,2%) và cao hơn bình quân chung của thành phố (48,7%).

Thu ngân sách trên địa bàn quận đạt 512 tỷ đồng. Tốc độ tăng thu của quận cao hơn quận Thanh Khê (tăng 6,2%).
"""


@pytest.fixture(scope="module")
def cam_le(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("cam-le")
    (folder / "303_cam-le-9-thang-2023.txt").write_text(_CAM_LE, encoding="utf-8")
    return load_service(None, folder)


def test_a_figure_in_brackets_after_another_place_is_that_places(cam_le: Service) -> None:
    figures = {f.value: f for f in cam_le.library.facts.figures}
    assert (figures["55,2%"].district, figures["55,2%"].place_is_city, figures["55,2%"].of) == ("Hải Châu", False, None)
    assert figures["48,7%"].place_is_city and figures["48,7%"].district is None
    assert figures["61,5%"].district == "Cẩm Lệ"
    # "của quận cao hơn quận Thanh Khê (tăng 6,2%)": the second division word names the place.
    assert figures["6,2%"].district == "Thanh Khê"


@pytest.mark.parametrize(
    "question, direct",
    [
        # "Tính đến 30/9" closes the first nine months: it states them.
        ("Cẩm Lệ giải ngân vốn đầu tư công 9 tháng năm 2023 đạt bao nhiêu %?", "61,5%"),
        ("cam le giai ngan von dau tu cong 9 thang nam 2023 dat bao nhieu phan tram", "61,5%"),
        ("Cẩm Lệ giải ngân vốn đầu tư công 6 tháng đầu năm 2023 đạt bao nhiêu %?", None),
        # "dc": "được" typed in haste.
        ("cam le 9 thang nam 2023 thu ngan sach dc bao nhieu", "512 tỷ đồng"),
    ],
)
def test_a_cut_off_at_a_months_end_and_words_typed_in_haste(cam_le: Service, question: str, direct: str | None) -> None:
    answer = cam_le.ask(question)
    assert (answer.direct.text if answer.direct else None) == direct


def test_an_offer_for_another_period_names_the_period_asked_properly_spelled(cam_le: Service) -> None:
    answer = cam_le.ask("cam le giai ngan von dau tu cong 6 thang dau nam 2023 dat bao nhieu phan tram")
    assert answer.offered is not None and answer.offered.asked_period == "6 tháng đầu năm 2023"



def test_a_yes_no_question_is_settled_by_the_sentence_after_the_one_naming_its_subject(seed_service: Service) -> None:
    # "Đối với Chương trình số …, Quận ủy triển khai … chỉ tiêu. Kết quả, quý I có …, … khác chưa đến thời gian":
    # the first sentence names the programme, the next one settles the question.
    answer = seed_service.ask("Trong quý I, Long Biên có thực hiện xong mọi chỉ tiêu của Chương trình số 01-CTr/QU không?")
    assert answer.direct is not None and answer.direct.text == "Không"
    quote = answer.citations[0].quote
    assert quote.startswith("Đối với Chương trình số 01-CTr/QU") and "chưa đến thời gian thực hiện" in quote


@pytest.mark.parametrize(
    "question",
    [
        # A city asked, only a district's figures and office holders stated: no answer for the city.
        "Thu ngân sách của TP Đà Nẵng quý I/2023 là bao nhiêu?",
        "Bí thư Thành ủy Đà Nẵng là ai?",
    ],
)
def test_a_city_asked_is_not_answered_with_a_districts_figure_or_office_holder(lien_chieu: Service, question: str) -> None:
    answer = lien_chieu.ask(question)
    assert answer.abstained and answer.direct is None
    assert "thành phố Đà Nẵng" in (answer.missing_slot or "")


def test_a_person_asked_by_name_is_given_every_role_the_sentence_lists(lien_chieu: Service) -> None:
    answer = lien_chieu.ask("Lê Văn Thành giữ chức gì?")
    assert answer.direct is not None and answer.direct.text == "Bí thư Quận ủy, Chủ tịch HĐND quận Liên Chiểu"


def test_which_of_two_is_more_as_people_ask_it(periods: Service) -> None:
    answer = periods.ask("Thanh Xuân và Hải Châu thu ngân sách năm 2022 bên nào hơn?")
    assert answer.direct is not None and answer.direct.text == "Thanh Xuân"
    assert [c.value for c in answer.comparison] == ["3.210,5 tỷ đồng", "2.530,4 tỷ đồng"]


_SON_TRA_SAVINGS = """Quận ủy Sơn Trà tổng kết năm 2023

Thứ hai, 15/01/2024 09:00

Năm 2023, quận thực hiện tiết kiệm chi thường xuyên, cắt giảm chi đối với các hội nghị chưa thật sự cần thiết, các chuyến công tác nước ngoài với số tiền 45,6 tỷ đồng.
"""


def test_money_with_so_tien_is_the_amount_of_the_whole_clause_before_it(tmp_path: Path) -> None:
    (tmp_path / "306_son-tra-2023.txt").write_text(_SON_TRA_SAVINGS, encoding="utf-8")
    service = load_service(None, tmp_path)
    fact = next(f for f in service.library.facts.figures if f.value == "45,6 tỷ đồng")
    assert fact.measure.startswith("quận thực hiện tiết kiệm chi thường xuyên, cắt giảm chi")
    answer = service.ask("Năm 2023 quận Sơn Trà cắt giảm chi bao nhiêu tiền?")
    assert answer.direct is not None and answer.direct.text == "45,6 tỷ đồng"
    assert first_line(answer) == "Năm 2023, quận Sơn Trà cắt giảm chi 45,6 tỷ đồng [1]."


_CITIES = {
    "401_binh-thanh-2021.txt": """Quận Bình Thạnh tổng kết năm 2021

Thứ sáu, 14/01/2022 09:00

Năm 2021, thu ngân sách trên địa bàn quận Bình Thạnh đạt 4.062,8 tỷ đồng, bằng 97,4% dự toán.
""",
    "402_quan-3-2021.txt": """Quận 3 tổng kết năm 2021

Thứ bảy, 15/01/2022 10:00

Năm 2021, thu ngân sách trên địa bàn Quận 3 đạt 3.120,5 tỷ đồng. Toàn Thành phố Hồ Chí Minh năm 2021 thu ngân sách ước đạt 381.000 tỷ đồng.

Năm 2022, quận phấn đấu thu ngân sách đạt 3.500 tỷ đồng.
""",
    "403_hai-chau-2021.txt": """Quận Hải Châu tổng kết năm 2021

Thứ sáu, 14/01/2022 15:00

Năm 2021, thu ngân sách trên địa bàn quận Hải Châu đạt 5.210 tỷ đồng.
""",
}


@pytest.fixture(scope="module")
def cities(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("cities")
    for name, text in _CITIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return load_service(None, folder)


@pytest.mark.parametrize("question", ["TP.HCM thu ngân sách năm 2021 đạt bao nhiêu?", "tong thu ngan sach tp hcm nam 2021"])
def test_a_city_written_as_the_news_abbreviates_it_is_that_city(cities: Service, question: str) -> None:
    assert cities.read(question).cities == ("Hồ Chí Minh",)
    answer = cities.ask(question)
    assert answer.direct is not None and answer.direct.text == "381.000 tỷ đồng"


def test_a_superlative_in_a_city_ranks_that_citys_districts_and_never_the_city_itself(cities: Service) -> None:
    answer = cities.ask("Năm 2021 quận nào ở TP.HCM có thu ngân sách cao nhất?")
    assert answer.direct is not None and answer.direct.text == "Bình Thạnh"
    assert {c.district for c in answer.comparison} == {"Bình Thạnh", "3"}


def test_what_a_district_strives_for_is_no_budget(cities: Service) -> None:
    assert cities.ask("Dự toán thu ngân sách năm 2022 của Quận 3 là bao nhiêu?").direct is None
    answer = cities.ask("Quận 3 phấn đấu thu ngân sách năm 2022 bao nhiêu?")
    assert answer.direct is not None and answer.direct.text == "3.500 tỷ đồng"


def test_a_declined_measure_is_not_reworded_into_a_looser_one(seed_service: Service) -> None:
    # "chi ngân sách" may be reworded "khoản chi"/"chi bao nhiêu tiền" (any spending), which the savings the
    # article states ("cắt giảm chi … với số tiền N") would then fit: the decline stands.
    answer = seed_service.ask("Hoàn Kiếm chi ngân sách năm 2020 bao nhiêu?")
    assert answer.abstained and answer.direct is None


def test_rewordings_toward_the_groups_first_phrase_only() -> None:
    from retrieval.answering.kinds import paraphrases_from_toml

    table = paraphrases_from_toml({"group": [{"phrases": ["chi ngân sách", "khoản chi"]}]})
    assert table.rewritings("khoan chi nam 2020") == ("chi ngan sach nam 2020",)
    assert table.rewritings("chi ngan sach nam 2020", toward_first=True) == ()
    assert table.rewritings("khoan chi nam 2020", toward_first=True) == ("chi ngan sach nam 2020",)


@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # "Mô hình … tên là gì?" asks the name of a model, not of a person.
        ("Mô hình mà Long Biên nhân rộng ở chi đoàn chung cư có tên là gì?", "Chi đoàn chung cư 3S"),
        # A person named without diacritics is still a person asked about.
        ("Duong Hoai Nam la ai", "Bí thư Quận ủy, Chủ tịch HĐND quận Long Biên"),
        # The city's office holder named in a district's article.
        ("Phó Bí thư Thường trực Thành ủy Hà Nội dự hội nghị của quận Ba Đình là ai?", "Nguyễn Thị Tuyến"),
        # "dự toán giao đầu năm": when the budget was set says nothing of what is measured.
        ("Quý I/2024 Long Biên thu ngân sách đạt bao nhiêu % dự toán giao đầu năm?", "19%"),
        # A count whose noun names wards is no part of a budget ("phường" as a part of revenue).
        ("Long Biên số hóa bao nhiêu bộ thủ tục hành chính của UBND quận và UBND 14 phường?", "324 bộ thủ"),
        # A district typed one letter off after "quận", a name no district has.
        ("Thu thuế do quận Hoàng Kiếm thực hiện năm 2020 bằng bao nhiêu % so với cùng kỳ?", "140,2%"),
        # Question words as people slip typing fast.
        ("Long Biên phê duyệt bao nhiu phương án thu hồi đất quý I/2024?", "211 phương án"),
        ("Năm 2020 Đống Đa có hoàn thành dự toán thu ngân sách ko", "Có"),
        # A counted noun abbreviated, and a noun folding to an ignored word ("phương án" / "phường").
        ("Đống Đa khen thưởng bao nhiêu TCCSĐ trong sạch vững mạnh tiêu biểu năm 2020", "17 tổ chức"),
        ("long bien phe duyet bao nhieu phuong an quy 1 2024", "211 phương án"),
        ("Long Biên phê duyệt bao nhiêu dự án quý I/2024?", "9 dự án"),
        # A person named in lower case, and a role asked with "chức vụ" alone.
        ("nguyen anh cuong giu chuc vu gi", "Phó Bí thư Thường trực Quận uỷ, Chủ tịch Hội đồng nhân dân quận"),
        ("Đường Hoài Nam chức vụ", "Bí thư Quận ủy, Chủ tịch HĐND quận Long Biên"),
        # The district typed one letter off after "Quận ủy".
        ("Ai là Chánh Văn phòng Quận ủy Hoàng Kiếm?", "Nguyễn Văn Dũng"),
        # "đã số hóa": folded "da so" is no "đa số", a word of its own.
        ("Q.Long Biên đã số hóa bao nhiêu bộ thủ tục hành chính?", "324 bộ thủ"),
    ],
)
def test_questions_as_people_word_and_mistype_them(seed_service: Service, question: str, direct: str) -> None:
    answer = seed_service.ask(question)
    assert answer.direct is not None and answer.direct.text == direct


@pytest.mark.parametrize(
    ("question", "line"),
    [
        # The place the answer opens with is the subject: "quận Sơn Trà quận ủy có …" says it twice.
        ("Quận ủy Sơn Trà có bao nhiêu chi bộ hoàn thành tốt nhiệm vụ năm 2021?",
         "Năm 2021, quận Sơn Trà có 214 chi bộ hoàn thành tốt nhiệm vụ [1]."),
        ("Thu thuế do quận Hoàng Kiếm thực hiện năm 2020 bằng bao nhiêu % so với cùng kỳ?",
         "Năm 2020, quận Hoàn Kiếm thu thuế thực hiện bằng 140,2% so với cùng kỳ [1]."),
    ],
)
def test_the_first_line_names_the_subject_once(seed_service: Service, question: str, line: str) -> None:
    assert [l for l in answer_text(seed_service.ask(question)).splitlines() if l and not l.startswith("(")][0] == line


def test_a_role_typed_alone_that_no_article_names_for_the_place_is_declined(seed_service: Service) -> None:
    answer = seed_service.ask("Chủ tịch UBND quận Ba Đình")
    assert answer.abstained and answer.direct is None and answer.missing_slot == "Chủ tịch UBND"


def test_a_count_of_people_says_the_noun_asked_not_its_classifier(seed_service: Service) -> None:
    answer = seed_service.ask("Sơn Trà có bao nhiêu đảng viên hoàn thành xuất sắc nhiệm vụ năm 2021?")
    assert first_line(answer) == "Năm 2021, quận Sơn Trà có 878 đảng viên hoàn thành xuất sắc nhiệm vụ [1]."


def test_a_decline_lists_estimates_marked_and_measures_whole(seed_service: Service) -> None:
    answer = seed_service.ask("Năm 2020 quận Đống Đa chi ngân sách bao nhiêu?")
    assert answer.reason is DeclineReason.SLOT_MISSING and answer.direct is None
    # What shares words with the measure asked first, an estimate said so, a count from its noun, and a
    # capitalised "Trong sạch" no clause word to cut at.
    assert answer.stated[0] == "thu ngân sách trên địa bàn quận: 11.085,046 tỷ đồng (ước tính)"
    assert "chi bộ trực thuộc đảng uỷ cơ sở đạt Trong sạch vững mạnh tiêu biểu: 10 chi bộ" in answer.stated


def test_a_follow_up_naming_only_another_grade_keeps_the_noun_counted(seed_service: Service) -> None:
    for second in ("Còn hoàn thành tốt nhiệm vụ thì sao?", "con hoan thanh tot nhiem vu thi sao"):
        answer = seed_service.ask_turns(["Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ?", second])
        assert answer.direct is not None and answer.direct.text == "214", second
        answered = [line for line in answer_text(answer).splitlines() if line and not line.startswith("(")][0]
        assert answered == "Năm 2021, quận Sơn Trà có 214 chi bộ hoàn thành tốt nhiệm vụ [1]."


def test_a_bare_count_leads_with_the_year_not_a_span_ending_with_it(seed_service: Service) -> None:
    answer = seed_service.ask("Sơn Trà có bao nhiêu chi bộ hoàn thành xuất sắc nhiệm vụ?")
    assert answer.direct is not None and answer.direct.text == "53/282" and answer.direct.period == "Năm 2021"
    assert [o.period for o in answer.other_periods] == ["Giai đoạn 2017-2021"]


def test_a_leader_of_a_body_asked_with_nao_is_a_person(seed_service: Service) -> None:
    answer = seed_service.ask("Lãnh đạo Thành ủy nào dự và phát biểu tại Hội nghị BCH Đảng bộ quận Ba Đình lần thứ 6?")
    assert answer.direct is not None and answer.direct.text == "Nguyễn Thị Tuyến"
