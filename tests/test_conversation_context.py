"""A conversation keeps what it is about: the place, the year and the article of the turns before, a period
said without its year, who held a role before the person just named, who stated the figure just given, and
the byline of the article spoken of. Invented articles the test writes: several districts, several periods."""

from __future__ import annotations

import pytest

from bot.render.text import answer_text
from bot.service import Service, load_service
from retrieval.models import Answer

_GIA_LAM_2022 = """Huyện Gia Lâm: Thu ngân sách năm 2022 vượt 42% dự toán
Ngày đăng: 21/12/2022
Bài: Hoàng Lâm
Báo Hà Nội Mới

Ngày 20/12/2022, Huyện ủy Gia Lâm tổ chức hội nghị tổng kết năm 2022. Đồng chí Nguyễn Văn Khải, Bí thư Huyện ủy chủ trì hội nghị.

Tổng thu ngân sách trên địa bàn huyện năm 2022 đạt 6.240 tỷ đồng, bằng 142% dự toán Thành phố giao.

Công tác xây dựng Đảng có nhiều chuyển biến: Đảng bộ huyện kết nạp 356 đảng viên mới.

Ông Lê Anh Quân, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện cho biết, huyện đã hoàn thành giải phóng mặt bằng nhiều dự án.
"""

_GIA_LAM_6T_2024 = """Gia Lâm: Thu ngân sách 6 tháng đầu năm 2024 tăng hơn 18%
Ngày đăng: 06/07/2024
Bài: Minh Châu

Sáng 5/7/2024, Huyện ủy Gia Lâm tổ chức hội nghị sơ kết 6 tháng đầu năm 2024. Bí thư Huyện ủy Phạm Xuân Trường chủ trì.

Sáu tháng đầu năm 2024, tổng thu ngân sách trên địa bàn huyện đạt 3.215 tỷ đồng, tăng 18,4% so với cùng kỳ.

Chi ngân sách huyện 6 tháng ước đạt 905 tỷ đồng.
"""

_CAU_GIAY_Q1_2023 = """Quận Cầu Giấy sơ kết quý I năm 2023
Ngày đăng: 07/04/2023

Báo cáo tại hội nghị, bà Lê Thị Thu Hà, Phó Bí thư Quận ủy, Chủ tịch UBND quận cho biết, quý I năm 2023 tổng thu ngân sách trên địa bàn quận ước đạt 2.845 tỷ đồng.

Trong quý I, Đảng bộ quận kết nạp 52 đảng viên mới.
"""

_CAU_GIAY_2023 = """Quận Cầu Giấy tổng kết năm 2023
Ngày đăng: 27/12/2023

Ông Đỗ Minh Tuấn, Phó Bí thư Quận ủy, Chủ tịch UBND quận (được bầu từ tháng 9/2023) cho biết, năm 2023 tổng thu ngân sách trên địa bàn quận đạt 10.486 tỷ đồng.

Năm 2023, Đảng bộ quận kết nạp 410 đảng viên mới.
"""

_TAY_HO_2024 = """Quận Tây Hồ tổng kết năm 2024
Ngày đăng: 27/12/2024

Chủ tịch UBND quận Tây Hồ Đỗ Anh Tuấn cho biết, năm 2024, tổng thu ngân sách nhà nước trên địa bàn quận đạt 5.120 tỷ đồng, tăng 15,3% so với cùng kỳ. Năm 2023, quận thu ngân sách đạt 4.440 tỷ đồng.

Chi ngân sách quận năm 2024 đạt 1.890 tỷ đồng.

Bí thư Quận ủy Tây Hồ Lê Thị Thu Hằng chủ trì hội nghị.

Tháng 3/2024, ông Đỗ Anh Tuấn được bầu giữ chức Chủ tịch UBND quận Tây Hồ thay ông Nguyễn Quang Hiếu nhận nhiệm vụ mới.
"""

_THANH_KHE_2023 = """Quận Thanh Khê tổng kết năm 2023
Ngày đăng: 10/01/2024

Năm 2023, tổng thu ngân sách trên địa bàn quận Thanh Khê đạt 1.012 tỷ đồng, bằng 108,9% dự toán.

Chủ tịch UBND quận Võ Đình Lực cho biết, năm 2024 quận được giao dự toán thu ngân sách 1.090 tỷ đồng.

Bà Trần Thị Mai, Phó Chủ tịch UBND quận cho biết, quận đã hoàn thành 15/15 chỉ tiêu.
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("conversations")
    for name, text in [("gialam_2022.txt", _GIA_LAM_2022), ("gialam_6t_2024.txt", _GIA_LAM_6T_2024),
                       ("caugiay_q1_2023.txt", _CAU_GIAY_Q1_2023), ("caugiay_2023.txt", _CAU_GIAY_2023),
                       ("thanhkhe_2023.txt", _THANH_KHE_2023), ("tayho_2024.txt", _TAY_HO_2024)]:
        (folder / name).write_text(text, encoding="utf-8")
    return load_service(None, folder)


def _talk(service: Service, *turns: str) -> list[Answer]:
    answers, context = [], None
    for text in turns:
        turn = service.converse(text, context)
        answers.append(turn.answer)
        context = turn.context
    return answers


def _direct(answer: Answer) -> str | None:
    return answer.direct.text if answer.direct is not None else None


def test_a_period_said_without_its_year_is_of_the_year_asked_before(service: Service) -> None:
    answers = _talk(service, "Cầu Giấy thu ngân sách quý 1 năm 2023 đạt bao nhiêu?", "cả năm thì sao", "Thế năm 2022?")
    assert answers[1].resolved_question == "Cầu Giấy thu ngân sách cả năm 2023 đạt bao nhiêu?"
    assert _direct(answers[1]) == "10.486 tỷ đồng"
    # No 2022 figure: a decline offering the nearest year's, not a quarter's.
    assert answers[2].abstained and answers[2].offered is not None
    assert answers[2].offered.direct.text == "10.486 tỷ đồng"


def test_the_article_spoken_of_gives_its_byline_and_its_year(service: Service) -> None:
    answers = _talk(service, "Gia Lâm năm 2022 kết nạp bao nhiêu đảng viên mới?", "ai viết bài này?",
                    "Bí thư Huyện ủy lúc đó là ai?")
    assert _direct(answers[0]) == "356 đảng viên"
    assert _direct(answers[1]) == "Hoàng Lâm"  # the byline, not the outlet printed under it
    assert _direct(answers[2]) == "Nguyễn Văn Khải"


def test_a_byline_and_an_outlet_line_are_read_apart(service: Service) -> None:
    document = next(d for d in service.library.corpus.documents if d.doc_id == "gialam_2022")
    assert (document.author, document.outlet) == ("Hoàng Lâm", "Hà Nội Mới")


def test_who_held_a_role_before_the_person_just_named(service: Service) -> None:
    answers = _talk(service, "Chủ tịch UBND quận Cầu Giấy cuối năm 2023 là ai?", "trước đó là ai?", "người tiền nhiệm của bà ấy?")
    assert _direct(answers[0]) == "Đỗ Minh Tuấn"  # "Ông" is the title, not part of the name
    assert _direct(answers[1]) == "Lê Thị Thu Hà"
    assert "Trước Đỗ Minh Tuấn, theo bài ngày 07/04/2023, Chủ tịch UBND quận Cầu Giấy là Lê Thị Thu Hà [1]." in answer_text(answers[1]).splitlines()
    assert answers[2].abstained and _direct(answers[2]) is None  # no one is named before her


def test_a_figure_asked_with_no_place_is_of_the_district_talked_about(service: Service) -> None:
    answers = _talk(service, "Thanh Khê năm 2023 thu ngân sách bao nhiêu?", "dự toán năm 2024 được giao bao nhiêu?",
                    "ai cho biết con số đó?")
    assert _direct(answers[0]) == "1.012 tỷ đồng"
    assert _direct(answers[1]) == "1.090 tỷ đồng"
    assert _direct(answers[2]) == "Võ Đình Lực"


def test_who_stated_a_figure_never_given_is_not_guessed(service: Service) -> None:
    answers = _talk(service, "Thanh Khê năm 2019 có bao nhiêu chi bộ?", "ai cho biết con số đó?")
    assert answers[0].abstained and answers[1].abstained and _direct(answers[1]) is None


def test_typos_and_a_place_kept_across_turns(service: Service) -> None:
    answers = _talk(service, "thu ngân sáh huyện Gia Lâm 6 tháng đầu năm 2024", "tăng bao nhiu so với cùng kỳ",
                    "chi ngân sách huyện?", "còn cả năm 2024?")
    assert _direct(answers[0]) == "3.215 tỷ đồng"
    assert [(c.typed, c.read) for c in answers[0].corrected_names] == [("sáh", "sách")]
    assert _direct(answers[1]) == "tăng 18,4%"
    assert _direct(answers[2]) == "905 tỷ đồng"
    # The year's spending is stated nowhere: the half year's is offered, never a quote standing for it.
    assert answers[3].abstained and answers[3].offered is not None and answers[3].offered.direct.text == "905 tỷ đồng"


def test_a_figure_is_set_against_another_district_or_ranked_after_it(service: Service) -> None:
    answers = _talk(service, "Cầu Giấy năm 2023 thu ngân sách bao nhiêu?", "thế còn Q. Thanh Khê", "so với Cầu Giấy thì sao?")
    assert _direct(answers[1]) == "1.012 tỷ đồng"
    assert [(v.district, v.value) for v in answers[2].comparison] == [("Cầu Giấy", "10.486 tỷ đồng"), ("Thanh Khê", "1.012 tỷ đồng")]
    answers = _talk(service, "Thanh Khê năm 2023 thu ngân sách bao nhiêu?", "quận nào cao hơn?")
    assert answers[1].direct is not None and answers[1].comparison[0].district == "Cầu Giấy"
    assert {v.district for v in answers[1].comparison} == {"Cầu Giấy", "Thanh Khê", "Tây Hồ"}


def test_a_number_before_thang_counts_months_not_a_district(service: Service) -> None:
    answers = _talk(service, "Gia Lâm năm 2022 thu ngân sách bao nhiêu?", "chi ngân sách huyện 6 tháng đầu năm 2024?")
    assert not answers[1].unknown_places
    assert answers[1].resolved_question == "chi ngân sách huyện Gia Lâm 6 tháng đầu năm 2024?"
    assert _direct(answers[1]) == "905 tỷ đồng"


def test_a_person_named_right_after_the_district_is_neither_the_place_nor_part_of_it(service: Service) -> None:
    # "Chủ tịch UBND quận Tây Hồ Đỗ Anh Tuấn cho biết, …": "Hồ" closes the district and opens no name.
    revenue = next(f for f in service.library.facts.figures if f.value == "5.120 tỷ đồng")
    assert revenue.place == "quận Tây Hồ"
    assert {r.name for r in service.library.facts.roles_of("Tây Hồ")} >= {"Lê Thị Thu Hằng"}
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách bao nhiêu?", "ai cho biết con số đó?")
    assert _direct(answers[0]) == "5.120 tỷ đồng" and _direct(answers[1]) == "Đỗ Anh Tuấn"


def test_follow_ups_that_name_only_periods_or_a_measure_keep_the_rest(service: Service) -> None:
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách bao nhiêu?", "năm 2023 và năm 2024, năm nào cao hơn?")
    assert answers[1].compared_periods_of == "quận Tây Hồ"
    assert [(v.district, v.value) for v in answers[1].comparison] == [("Năm 2024", "5.120 tỷ đồng"), ("Năm 2023", "4.440 tỷ đồng")]
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách bao nhiêu?", "chi ngân sách?")
    assert _direct(answers[1]) == "1.890 tỷ đồng"
    answers = _talk(service, "Cầu Giấy thu ngân sách quý 1 năm 2023 đạt bao nhiêu?",
                    "Cầu Giấy kết nạp bao nhiêu đảng viên mới trong quý đó?")
    assert _direct(answers[1]) == "52 đảng viên"


def test_a_city_wide_figure_is_never_a_districts(service: Service) -> None:
    # Only a district's figure is stated for the year: the city's is asked, so it declines.
    answer = service.ask("Thu ngân sách toàn thành phố năm 2024 là bao nhiêu?")
    assert answer.abstained and answer.direct is None
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách bao nhiêu?", "toàn thành phố thì sao?")
    assert answers[1].resolved_question == "toàn thành phố Hà Nội năm 2024 thu ngân sách bao nhiêu?"
    assert answers[1].abstained and answers[1].direct is None


def test_a_unit_asked_after_a_change_is_the_amount_of_the_same_measure(service: Service) -> None:
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách tăng bao nhiêu %?", "đạt bao nhiêu tỷ?")
    assert _direct(answers[0]) == "tăng 15,3%"
    assert _direct(answers[1]) == "5.120 tỷ đồng"
    assert "5.120 tỷ đồng [1]." in answer_text(answers[1])  # the unit said once


@pytest.mark.parametrize(
    "turns",
    [
        ("Năm 2019 có bao nhiêu chi bộ?", "bài đó đăng ngày nào?"),  # no article was quoted
        ("Bí thư Huyện ủy Gia Lâm năm 2022 là ai?", "bà ấy sinh năm nào?"),  # "Văn": a man's name, not "bà"
    ],
)
def test_a_pointer_to_nothing_said_before_is_answered_from_nothing(service: Service, turns: tuple[str, str]) -> None:
    answers = _talk(service, *turns)
    assert answers[1].abstained and answers[1].direct is None and not answers[1].citations


def test_the_event_of_a_person_replaced_is_not_theirs(service: Service) -> None:
    # "… ông Đỗ Anh Tuấn được bầu giữ chức … thay ông Nguyễn Quang Hiếu": the election is Đỗ Anh Tuấn's.
    assert _direct(service.ask("Đỗ Anh Tuấn được bầu khi nào?")) == "Tháng 3/2024"
    answer = service.ask("Nguyễn Quang Hiếu được bầu khi nào?")
    assert answer.abstained and answer.direct is None


def test_a_turn_that_finds_nothing_leaves_the_conversation_where_it_was(service: Service) -> None:
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách bao nhiêu?", "Giá xăng hôm nay?", "chi ngân sách?")
    assert answers[1].abstained
    assert _direct(answers[2]) == "1.890 tỷ đồng"


def test_a_target_asked_after_a_result_is_that_results_target(service: Service) -> None:
    answers = _talk(service, "Gia Lâm năm 2022 thu ngân sách bao nhiêu?", "dự toán là bao nhiêu?")
    assert _direct(answers[0]) == "6.240 tỷ đồng"
    assert answers[1].resolved_question is not None and "Gia Lâm" in answers[1].resolved_question


def test_a_name_in_a_question_ends_at_its_first_word_in_lower_case(service: Service) -> None:
    assert service.read("Nguyễn Quang Hiếu được bầu khi nào?").asked.names == ("nguyen quang hieu",)


def test_an_article_of_a_period_no_article_reports_on_has_no_date(service: Service) -> None:
    answer = service.ask("Năm 2021, bài về Tây Hồ đăng ngày nào?")
    assert answer.abstained and answer.direct is None
    assert _direct(service.ask("Năm 2024, bài về Tây Hồ đăng ngày nào?")) == "27/12/2024"


def test_a_place_switched_takes_its_own_division_word(service: Service) -> None:
    answers = _talk(service, "Thu ngân sách huyện Gia Lâm năm 2024 được bao nhiêu?", "thế còn Q. Tây Hồ")
    assert answers[1].resolved_question == "Thu ngân sách quận Tây Hồ năm 2024 được bao nhiêu?"
    assert _direct(answers[1]) == "5.120 tỷ đồng"


def test_a_city_figure_offered_for_another_period_names_no_article_about_the_city(tmp_path) -> None:
    article = """Quận Tây Hồ tổng kết năm 2023
Ngày đăng: 28/12/2023

Năm 2023, tổng thu ngân sách trên địa bàn quận đạt 4.440 tỷ đồng. Toàn thành phố Hà Nội năm 2023 thu ngân sách đạt 412.600 tỷ đồng.
"""
    (tmp_path / "tayho_2023.txt").write_text(article, encoding="utf-8")
    service = load_service(None, tmp_path)
    line = answer_text(service.ask("Thu ngân sách toàn thành phố Hà Nội năm 2022 là bao nhiêu?")).splitlines()[0]
    assert line == "Các bài không nêu số liệu này của thành phố Hà Nội cho năm 2022; số liệu năm 2023: 412.600 tỷ đồng [1]."


@pytest.mark.parametrize("turn", ["so voi cung ky tang hay giam", "so với cùng kỳ tăng hay giảm?"])
def test_a_change_asked_either_way_after_a_figure(service: Service, turn: str) -> None:
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách bao nhiêu?", turn)
    assert _direct(answers[1]) == "tăng 15,3%"
    lead = next(line for line in answer_text(answers[1]).splitlines() if line and not line.startswith("(hiểu là"))
    assert lead == "Năm 2024, quận Tây Hồ thu ngân sách so với cùng kỳ tăng 15,3% [1]."


def test_who_said_a_figure_asked_bare_and_what_follows_it(service: Service) -> None:
    answers = _talk(service, "Tây Hồ năm 2024 thu ngân sách bao nhiêu?", "ai cho biết?", "còn chi ngân sách?")
    assert _direct(answers[1]) == "Đỗ Anh Tuấn"
    assert _direct(answers[2]) == "1.890 tỷ đồng"  # the conversation stays on the figures, not on people
    # The spending sentence names no speaker: nobody else's words are given for it.
    answers = _talk(service, "Tây Hồ năm 2024 chi ngân sách bao nhiêu?", "ai cho biết?")
    assert answers[1].abstained and answers[1].direct is None


def test_a_target_fragment_no_fact_states_is_not_answered_with_results(service: Service) -> None:
    answer = service.ask("ke hoach ket nap dang vien nam 2024 cua quan tay ho")
    assert answer.abstained and answer.direct is None


def test_a_place_no_article_covers_is_swapped_for_the_one_named_next(service: Service) -> None:
    answers = _talk(service, "thu ngân sách quận 10 năm 2024", "còn quận Tây Hồ?")
    assert answers[0].abstained and answers[0].unknown_places
    assert answers[1].resolved_question == "thu ngân sách quận Tây Hồ năm 2024"
    assert _direct(answers[1]) == "5.120 tỷ đồng"


@pytest.mark.parametrize("question", ["tay ho thu ngan sach bao nhieu nam 2024?", "Tây Hồ thu ngân sách bao nhiêu năm 2024?"])
def test_a_year_after_the_question_word_is_the_period_not_a_count_of_years(service: Service, question: str) -> None:
    assert service.read(question).asked.counted == ()
    assert _direct(service.ask(question)) == "5.120 tỷ đồng"
