"""Vietnamese figures, comparison questions, and ranking like with like."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from retrieval.answering.comparison import (
    MAX,
    MIN,
    ComparedFigure,
    Period,
    find_periods,
    period_near,
    pick_figure,
    rank,
    read_comparison,
)
from retrieval.facts.amounts import find_figures, parse_number
from retrieval.gazetteer import load_gazetteer
from retrieval.answering.analysis import QuestionReader, read_question
from retrieval.text.tokenize import Tokenizer
from retrieval.text.normalize import abbreviation_variants

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_TEXT = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
CORPUS_DISTRICTS = ("Đống Đa", "Hoàn Kiếm", "Ba Đình", "Long Biên", "Sơn Trà")

DONG_DA = "Ước thu ngân sách trên địa bàn quận cả năm 2020 đạt 11.085,046 tỷ đồng, đạt 100,52% dự toán giao."
HOAN_KIEM = (
    "Tổng thu NSNN trên địa bàn quận đạt 10.530,819 tỷ đồng, bằng 105,1% dự toán Thành phố giao và bằng 107% so với"
    " cùng kỳ (thuế ngoài quốc doanh đạt 6.601,357 tỷ đồng, bằng 92,3% dự toán Thành phố giao và bằng 93,2% so với"
    " cùng kỳ); thu thuế do quận thực hiện đạt 4.025,452 tỷ đồng, bằng 120,7% dự toán Thành phố giao, bằng 140,2% so"
    " với cùng kỳ."
)
BA_DINH = (
    "Trong quý I/2021, giá trị sản xuất ngoài nhà nước toàn quận đạt 15.706 tỷ đồng, tăng 8,3% so với cùng kỳ; thu"
    " ngân sách trên địa bàn quận đạt 1.460 tỷ đồng, đạt 25,3% dự toán giao."
)
LONG_BIEN = (
    "Trong quý I, quận đạt được một số kết quả quan trọng như: Thu cân đối ngân sách trên địa bàn ước thực hiện"
    " 2.472 tỷ đồng, đạt 19% so với dự toán giao đầu năm, 125% so với cùng kỳ năm trước."
)
LONG_BIEN_PROJECTS = (
    "Khởi công 7 dự án, hoàn thành 12 dự án, phê duyệt 9 dự án; phê duyệt đối với 211 phương án với tổng diện tích"
    " thu hồi 42.092m2 đất, tổng số tiền bồi thường, hỗ trợ là 151 tỷ đồng."
)
SON_TRA_MEMBERS = (
    "Đảng viên hoàn thành xuất sắc nhiệm vụ là 878 đồng chí và 3891 Đảng viên hoàn thành tốt nhiệm vụ."
)
SON_TRA_CELLS = "Lãnh đạo Quận ủy Sơn Trà trao tặng giấy khen cho 6 chi bộ hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm 2017-2021."
DONG_DA_CELLS = "10 chi bộ trực thuộc đảng uỷ cơ sở đạt Trong sạch vững mạnh tiêu biểu 5 năm liền được khen thưởng"
HOAN_KIEM_SAVING = (
    "Thực hiện triệt để tiết kiệm chi thường xuyên, cắt giảm chi thường xuyên đối với các nhiệm vụ chưa thật sự cần"
    " thiết, nhiệm vụ không triển khai thực hiện với số tiền 101,2 tỷ đồng (tiết kiệm chi thường xuyên 22,8%, bao gồm"
    " 10% tiết kiệm chi thường xuyên từ đầu năm)."
)
LONG_BIEN_DIRECTIVES = (
    "Ban Thường vụ Quận ủy triển khai Kế hoạch số 202-KH/QU ngày 9-1-2024 về việc thực hiện Chủ đề công tác của thành"
    " phố năm 2024 “Kỷ cương, trách nhiệm, hành động, sáng tạo, phát triển” gắn với triển khai Chỉ thị số 24-CT/TU ngày"
    " 7-8-2023 của Ban Thường vụ Thành ủy"
)
SEED_SENTENCES = (
    DONG_DA, HOAN_KIEM, BA_DINH, LONG_BIEN, LONG_BIEN_PROJECTS, SON_TRA_MEMBERS, SON_TRA_CELLS, DONG_DA_CELLS,
    HOAN_KIEM_SAVING, LONG_BIEN_DIRECTIVES,
)


@pytest.mark.parametrize("sentence", SEED_SENTENCES)
def test_table_sentences_are_copied_from_the_seeds(sentence: str) -> None:
    assert sentence in SEED_TEXT


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("11.085,046", "11085.046"),
        ("10.530,819", "10530.819"),
        ("1.460", "1460"),
        ("2.472", "2472"),
        ("25,3", "25.3"),
        ("100,52", "100.52"),
        ("3891", "3891"),
        ("05", "5"),
        ("1,5", "1.5"),
        ("1.5", "1.5"),  # one dot before fewer than three digits is a decimal point
        ("0.500", "0.5"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1,234.5", "1234.5"),
    ],
)
def test_vietnamese_numbers(token: str, value: str) -> None:
    assert parse_number(token) == Decimal(value)


def _described(sentence: str) -> list[tuple[str, Decimal, str, Decimal, str, str | None]]:
    return [(f.text, f.value, f.unit, f.base, f.dimension, f.basis) for f in find_figures(sentence)]


TỶ = Decimal(10) ** 9


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        (
            DONG_DA,
            [
                ("11.085,046 tỷ đồng", Decimal("11085.046"), "tỷ đồng", Decimal("11085.046") * TỶ, "money", None),
                ("100,52%", Decimal("100.52"), "%", Decimal("100.52"), "percent", "dự toán"),
            ],
        ),
        (
            BA_DINH,
            [
                ("15.706 tỷ đồng", Decimal(15706), "tỷ đồng", 15706 * TỶ, "money", None),
                ("8,3%", Decimal("8.3"), "%", Decimal("8.3"), "percent", "tăng cùng kỳ"),
                ("1.460 tỷ đồng", Decimal(1460), "tỷ đồng", 1460 * TỶ, "money", None),
                ("25,3%", Decimal("25.3"), "%", Decimal("25.3"), "percent", "dự toán"),
            ],
        ),
        (
            LONG_BIEN,
            [
                ("2.472 tỷ đồng", Decimal(2472), "tỷ đồng", 2472 * TỶ, "money", None),
                ("19%", Decimal(19), "%", Decimal(19), "percent", "dự toán"),
                ("125%", Decimal(125), "%", Decimal(125), "percent", "cùng kỳ"),
            ],
        ),
        (
            LONG_BIEN_PROJECTS,
            [
                ("7 dự án", Decimal(7), "dự án", Decimal(7), "count", None),
                ("12 dự án", Decimal(12), "dự án", Decimal(12), "count", None),
                ("9 dự án", Decimal(9), "dự án", Decimal(9), "count", None),
                ("211 phương án", Decimal(211), "phương án", Decimal(211), "count", None),
                ("42.092m2", Decimal(42092), "m2", Decimal(42092), "area", None),
                ("151 tỷ đồng", Decimal(151), "tỷ đồng", 151 * TỶ, "money", None),
            ],
        ),
        (
            SON_TRA_MEMBERS,  # "đồng chí" is a person, not a currency
            [
                ("878 đồng chí", Decimal(878), "đồng chí", Decimal(878), "count", None),
                ("3891 Đảng viên", Decimal(3891), "đảng viên", Decimal(3891), "count", None),
            ],
        ),
        (
            SON_TRA_CELLS,  # "2017-2021" is a range of years
            [
                ("6 chi bộ", Decimal(6), "chi bộ", Decimal(6), "count", None),
                ("5", Decimal(5), "", Decimal(5), "number", None),  # "năm" may start a year: no noun
            ],
        ),
        (
            HOAN_KIEM_SAVING,
            [
                ("101,2 tỷ đồng", Decimal("101.2"), "tỷ đồng", Decimal("101.2") * TỶ, "money", None),
                ("22,8%", Decimal("22.8"), "%", Decimal("22.8"), "percent", None),
                ("10%", Decimal(10), "%", Decimal(10), "percent", None),
            ],
        ),
        (LONG_BIEN_DIRECTIVES, []),  # document numbers, dates and years are no amounts
    ],
)
def test_figures_of_seed_sentences(sentence: str, figures: list[tuple[object, ...]]) -> None:
    assert _described(sentence) == figures


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("thu 1.460 tỷ, tăng mạnh", ("1.460 tỷ", "tỷ", 1460 * TỶ, "money")),
        ("khoảng 1,2 nghìn tỷ đồng", ("1,2 nghìn tỷ đồng", "nghìn tỷ đồng", Decimal(1200) * TỶ, "money")),
        ("khoảng 1,2 ngàn tỷ đồng", ("1,2 ngàn tỷ đồng", "ngàn tỷ đồng", Decimal(1200) * TỶ, "money")),
        ("chi 500 triệu đồng", ("500 triệu đồng", "triệu đồng", Decimal(500) * 10**6, "money")),
        ("đón 15 triệu lượt khách", ("15 triệu lượt khách", "triệu lượt khách", Decimal(15) * 10**6, "count")),
        ("dat 25,3 phan tram du toan", ("25,3 phan tram", "%", Decimal("25.3"), "percent")),
        ("thu 1.460 ty dong", ("1.460 ty dong", "tỷ đồng", 1460 * TỶ, "money")),
        ("có 53 chi bộ", ("53 chi bộ", "chi bộ", Decimal(53), "count")),
        ("rộng 2 ha", ("2 ha", "ha", Decimal(20000), "area")),
    ],
)
def test_units_and_scales(text: str, figure: tuple[object, ...]) -> None:
    found = find_figures(text)
    assert [(f.text, f.unit, f.base, f.dimension) for f in found] == [figure]


def test_spans_point_into_the_sentence() -> None:
    for figure in find_figures(HOAN_KIEM):
        assert HOAN_KIEM[figure.start : figure.end] == figure.text


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        (DONG_DA, [("year", 2020, None, "cả năm 2020")]),
        (BA_DINH, [("quarter", 2021, 1, "quý I/2021")]),
        (LONG_BIEN, [("quarter", None, 1, "quý I")]),
        ("Quý II-2024, bên cạnh", [("quarter", 2024, 2, "Quý II-2024")]),
        ("trong 3 tháng đầu năm 2021", [("quarter", 2021, 1, "3 tháng đầu năm 2021")]),
        ("6 tháng đầu năm", [("months", None, 6, "6 tháng đầu năm")]),
        ("thu ngan sach quy iv nam 2020", [("quarter", 2020, 4, "quy iv nam 2020")]),
        ("giai đoạn 2020-2025", []),
    ],
)
def test_periods(text: str, periods: list[tuple[object, ...]]) -> None:
    assert [(p.span, p.year, p.part, p.text) for p in find_periods(text)] == periods


def test_period_of_a_figure_is_the_nearest_before_it() -> None:
    money = find_figures(DONG_DA)[0]
    assert period_near(DONG_DA, money).text == "cả năm 2020"
    assert period_near(HOAN_KIEM, find_figures(HOAN_KIEM)[0]) is None


def _request(question: str):
    reader = QuestionReader(Tokenizer({}), load_gazetteer(), CORPUS_DISTRICTS, ("Hà Nội", "Đà Nẵng"))
    facts = read_question(question, reader)
    return read_comparison(question, CORPUS_DISTRICTS, facts.districts)


@pytest.mark.parametrize(
    ("question", "direction", "measure", "percent", "districts", "period"),
    [
        ("Năm 2020, quận nào thu ngân sách nhiều nhất?", MAX, "thu ngân sách", False, CORPUS_DISTRICTS, "Năm 2020"),
        ("Quận nào có thu ngân sách quý I cao nhất?", MAX, "thu ngân sách", False, CORPUS_DISTRICTS, "quý I"),
        ("Quận nào có thu ngân sách quý I thấp nhất?", MIN, "thu ngân sách", False, CORPUS_DISTRICTS, "quý I"),
        ("Xét số tiền thu ngân sách năm 2020, quận nào đứng đầu?", MAX, "thu ngân sách", False, CORPUS_DISTRICTS, "năm 2020"),
        (
            "Theo tỷ lệ so với dự toán, quận nào thu ngân sách năm 2020 thấp nhất?",
            MIN, "thu ngân sách", True, CORPUS_DISTRICTS, "năm 2020",
        ),
        (
            "So sánh thu ngân sách năm 2020 của Đống Đa và Hoàn Kiếm",
            MAX, "thu ngân sách", False, ("Đống Đa", "Hoàn Kiếm"), "năm 2020",
        ),
        ("Đống Đa hay Hoàn Kiếm thu ngân sách thấp hơn?", MIN, "thu ngân sách", False, ("Đống Đa", "Hoàn Kiếm"), None),
        (
            "Quận nào có nhiều chi bộ hoàn thành xuất sắc nhiệm vụ nhất?",
            MAX, "chi bộ hoàn thành xuất sắc nhiệm vụ", False, CORPUS_DISTRICTS, None,
        ),
        ("Quận nào có ít đảng viên nhất?", MIN, "đảng viên", False, CORPUS_DISTRICTS, None),
        ("quan nao thu ngan sach nam 2020 cao nhat", MAX, "thu ngan sach", False, CORPUS_DISTRICTS, "nam 2020"),
        ("Tỷ lệ thu ngân sách của quận nào lớn nhất?", MAX, "thu ngân sách", True, CORPUS_DISTRICTS, None),
    ],
)
def test_comparison_questions(question, direction, measure, percent, districts, period) -> None:
    request = _request(question)
    assert request is not None
    assert (request.direction, request.measure, request.percent, request.districts) == (
        direction, measure, percent, districts,
    )
    assert (request.period.text if request.period else None) == period


@pytest.mark.parametrize(
    "question",
    [
        "Tổng thu NSNN năm 2020 của Hoàn Kiếm bằng bao nhiêu phần trăm dự toán?",
        "Theo bài về Đống Đa và bài về Ba Đình, Đại hội Đảng bộ thành phố Hà Nội gần nhất là lần thứ mấy?",
        "Ông Bùi Hoàng Phan là Bí thư hay Phó Bí thư Quận ủy Hoàn Kiếm?",
        "Quận ủy Sơn Trà góp phần thực hiện cao nhất các chỉ tiêu nào?",  # no "which district"
        "Cần ít nhất bao nhiêu đảng viên?",
    ],
)
def test_other_questions_are_no_comparison(question: str) -> None:
    assert _request(question) is None


LAND_SHARE = (  # invented
    "Tổng thu ngân sách trên địa bàn quận năm 2022 đạt 3.120,4 tỷ đồng, bằng 104,2% dự toán, tăng 6,5% so với năm"
    " 2021. Trong đó, thu tiền sử dụng đất đạt 1.295 tỷ đồng, chiếm 41,5% tổng thu."
)
ABBREVIATIONS = abbreviation_variants({"NSNN": "ngân sách nhà nước"})


@pytest.mark.parametrize(
    ("question", "sentence", "picked"),
    [
        ("Năm 2020, quận nào thu ngân sách nhiều nhất?", DONG_DA, "11.085,046 tỷ đồng"),
        ("Năm 2020, quận nào thu ngân sách nhiều nhất?", HOAN_KIEM, "10.530,819 tỷ đồng"),
        ("Quận nào có thu ngân sách quý I cao nhất?", BA_DINH, "1.460 tỷ đồng"),
        ("Quận nào có thu ngân sách quý I cao nhất?", LONG_BIEN, "2.472 tỷ đồng"),
        ("Theo tỷ lệ so với dự toán, quận nào thu ngân sách năm 2020 thấp nhất?", DONG_DA, "100,52%"),
        ("Theo tỷ lệ so với dự toán, quận nào thu ngân sách năm 2020 thấp nhất?", HOAN_KIEM, "105,1%"),
        ("Theo tỷ lệ so với dự toán, quận nào thu ngân sách năm 2020 thấp nhất?", BA_DINH, "25,3%"),
        ("Quận nào có nhiều chi bộ nhất?", SON_TRA_CELLS, "6 chi bộ"),
        # a share of the total, of no base: not the share of the plan stated first
        ("Quận nào có tỷ trọng thu tiền sử dụng đất trong tổng thu ngân sách cao nhất?", LAND_SHARE, "41,5%"),
    ],
)
def test_the_figure_that_answers(question: str, sentence: str, picked: str) -> None:
    figure = pick_figure(sentence, _request(question), ABBREVIATIONS)
    assert figure is not None and figure.text == picked


def test_the_period_set_against_is_no_figure_s_period() -> None:
    figure = next(f for f in find_figures(LAND_SHARE) if f.text == "41,5%")
    assert period_near(LAND_SHARE, figure).text == "năm 2022"


def _compared(district: str, sentence: str, text: str, citation: int, year: int | None = None) -> ComparedFigure:
    figure = next(f for f in find_figures(sentence) if f.text == text)
    period = period_near(sentence, figure)
    return ComparedFigure(district, figure, period.with_year(year) if period else None, citation)


def test_money_is_ranked_in_one_base() -> None:
    comparison = rank(
        [
            _compared("Hoàn Kiếm", HOAN_KIEM, "10.530,819 tỷ đồng", 1),
            _compared("Đống Đa", DONG_DA, "11.085,046 tỷ đồng", 2),
        ],
        MAX,
    )
    assert comparison.winner == "Đống Đa" and comparison.comparable and comparison.reason is None
    assert comparison.rows() == [
        {"district": "Đống Đa", "value": "11.085,046 tỷ đồng", "period": "cả năm 2020", "citation": 2},
        {"district": "Hoàn Kiếm", "value": "10.530,819 tỷ đồng", "period": None, "citation": 1},
    ]


def test_scales_are_converted_before_ranking() -> None:
    small = ComparedFigure("Ba Đình", find_figures("đạt 900 tỷ đồng")[0], None, 1)
    large = ComparedFigure("Long Biên", find_figures("đạt 1,2 nghìn tỷ đồng")[0], None, 2)
    millions = ComparedFigure("Sơn Trà", find_figures("đạt 950.000 triệu đồng")[0], None, 3)
    assert [f.district for f in rank([small, large, millions], MAX).ranked] == ["Long Biên", "Sơn Trà", "Ba Đình"]
    assert rank([small, large, millions], MIN).winner == "Ba Đình"


def test_percentages_of_the_budget_rank_for_the_lowest() -> None:
    comparison = rank(
        [_compared("Đống Đa", DONG_DA, "100,52%", 1), _compared("Hoàn Kiếm", HOAN_KIEM, "105,1%", 2)], MIN
    )
    assert comparison.winner == "Đống Đa"
    assert [f.figure.text for f in comparison.ranked] == ["100,52%", "105,1%"]


@pytest.mark.parametrize(
    ("figures", "reason"),
    [
        ([("Đống Đa", DONG_DA, "100,52%"), ("Hoàn Kiếm", HOAN_KIEM, "10.530,819 tỷ đồng")], "units"),
        ([("Hoàn Kiếm", HOAN_KIEM, "105,1%"), ("Long Biên", LONG_BIEN, "125%")], "bases"),
        ([("Đống Đa", DONG_DA, "11.085,046 tỷ đồng"), ("Ba Đình", BA_DINH, "1.460 tỷ đồng")], "periods"),
        ([("Sơn Trà", SON_TRA_CELLS, "6 chi bộ"), ("Long Biên", LONG_BIEN_PROJECTS, "7 dự án")], "units"),
        ([("Đống Đa", DONG_DA, "11.085,046 tỷ đồng")], "too_few"),
    ],
)
def test_unlike_figures_get_no_winner(figures, reason: str) -> None:
    compared = [_compared(district, sentence, text, n) for n, (district, sentence, text) in enumerate(figures, 1)]
    comparison = rank(compared, MAX)
    assert (comparison.winner, comparison.comparable, comparison.reason) == (None, False, reason)
    assert [f.district for f in comparison.ranked] == [district for district, _, _ in figures]  # side by side


def test_quarters_of_different_years_are_not_compared() -> None:
    comparison = rank(
        [
            _compared("Ba Đình", BA_DINH, "1.460 tỷ đồng", 1),
            _compared("Long Biên", LONG_BIEN, "2.472 tỷ đồng", 2, year=2024),
        ],
        MAX,
    )
    assert (comparison.winner, comparison.reason) == (None, "periods")


def test_figures_of_another_period_than_asked_are_left_out() -> None:
    asked = Period("year", 2020, None, "năm 2020")
    comparison = rank(
        [
            _compared("Đống Đa", DONG_DA, "11.085,046 tỷ đồng", 1),
            _compared("Hoàn Kiếm", HOAN_KIEM, "10.530,819 tỷ đồng", 2),
            _compared("Ba Đình", BA_DINH, "1.460 tỷ đồng", 3),
        ],
        MAX,
        period=asked,
    )
    assert comparison.winner == "Đống Đa"
    assert [f.district for f in comparison.left_out] == ["Ba Đình"]


def test_equal_figures_are_a_tie() -> None:
    first = ComparedFigure("Đống Đa", find_figures("đạt 10 tỷ đồng")[0], None, 1)
    second = ComparedFigure("Hoàn Kiếm", find_figures("đạt 10.000 triệu đồng")[0], None, 2)
    comparison = rank([first, second], MAX)
    assert (comparison.winner, comparison.comparable, comparison.reason) == (None, True, "tie")
