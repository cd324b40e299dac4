"""Short answers cut from sentences as people ask: which day, what a paired task is, no lone verb for "là gì"."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.service import Service, load_service

_HAI_CHAU = """Quận ủy Hải Châu tổng kết công tác xây dựng Đảng năm 2022

Thứ sáu, 20/01/2023 16:00

Chiều 19-1, Quận ủy Hải Châu tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2022 và triển khai nhiệm vụ năm 2023.

Năm 2022, Đảng bộ quận thực hiện tốt nhiệm vụ kép vừa phục hồi du lịch, vừa chỉnh trang đô thị ven sông, hoàn thành các chỉ tiêu chủ yếu.

Việc xây dựng, ban hành và triển khai các đề án, kế hoạch của Quận ủy thực hiện đúng tiến độ.

Quận ủy đã tặng giấy khen 12 chi bộ đạt trong sạch vững mạnh tiêu biểu 3 năm liền.
"""


@pytest.fixture(scope="module")
def hai_chau(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("hai-chau")
    (folder / "305_hai-chau-2022.txt").write_text(_HAI_CHAU, encoding="utf-8")
    return load_service(None, folder)


def _direct(service: Service, question: str) -> str | None:
    answer = service.ask(question)
    return answer.direct.text if answer.direct else None


@pytest.mark.parametrize(
    "question, direct",
    [
        # "hôm nào" asks for a day, like "ngày nào".
        ("Quận ủy Hải Châu tổng kết công tác xây dựng Đảng năm 2022 vào hôm nào?", "19-1"),
        # "vừa …, vừa …": one answer in two halves.
        ("Nhiệm vụ kép của Hải Châu năm 2022 là gì?", "vừa phục hồi du lịch, vừa chỉnh trang đô thị ven sông"),
        ("nhiem vu kep hai chau 2022 la gi", "vừa phục hồi du lịch, vừa chỉnh trang đô thị ven sông"),
        # A lone verb ("ban hành") is never what something is: no short answer rather than that.
        ("Đề án mà Quận ủy Hải Châu xây dựng là gì?", None),
        # No question word, and the article counts only the chi bộ commended: not "how many chi bộ".
        ("so chi bo cua dang bo quan hai chau", None),
    ],
)
def test_short_answers(hai_chau: Service, question: str, direct: str | None) -> None:
    assert _direct(hai_chau, question) == direct


def test_a_name_quoted_after_a_colon_is_given_without_its_quote_marks() -> None:
    from retrieval.answering.kinds import candidates, read_asked

    asked = read_asked("Chủ đề công tác năm 2023 của quận Hải Châu là gì?", places=("Hải Châu",))
    sentence = "Năm 2023, quận Hải Châu triển khai chủ đề công tác: “Năm chỉnh trang đô thị và chuyển đổi số”."
    assert candidates(asked, sentence)[0].text == "Năm chỉnh trang đô thị và chuyển đổi số"


def test_a_figure_alone_in_brackets_is_framed_by_the_words_before_the_bracket() -> None:
    from retrieval.answering.kinds import candidates, read_asked

    asked = read_asked("Tỷ lệ giải ngân bình quân của thành phố là bao nhiêu?")
    sentence = "Quận giải ngân 500 tỷ đồng, đạt 42,5% kế hoạch, cao hơn tỷ lệ giải ngân bình quân của thành phố (36,8%)."
    assert candidates(asked, sentence)[0].text == "36,8%"


def test_what_a_plan_named_by_its_number_is_about_is_the_title_quoted_after_it() -> None:
    from retrieval.answering.kinds import candidates, read_asked

    asked = read_asked("chu de cong tac nam 2023 ma Hai Chau trien khai theo Ke hoach 45-KH/QU la gi", places=("Hải Châu",))
    sentence = ("Ban Thường vụ Quận ủy triển khai Kế hoạch số 45-KH/QU ngày 5-1-2023 về việc thực hiện Chủ đề công tác "
                "của thành phố năm 2023 “Năm chỉnh trang đô thị và chuyển đổi số” gắn với nhiệm vụ của quận.")
    assert candidates(asked, sentence)[0].text == "Năm chỉnh trang đô thị và chuyển đổi số"


_HAI_CHAU_REMARKS = """Quận ủy Hải Châu sơ kết việc sắp xếp đơn vị hành chính

Thứ năm, 14/09/2023 10:00

Sáng 13-9, Quận ủy Hải Châu tổ chức hội nghị sơ kết việc sắp xếp đơn vị hành chính cấp phường.

Phát biểu tại hội nghị, đồng chí Lê Thị Hạnh, Phó Bí thư Thường trực Thành ủy Đà Nẵng, đánh giá cao kết quả quận Hải Châu đạt được trong việc sắp xếp đơn vị hành chính, nhằm sớm ổn định bộ máy ở cơ sở. Sau khi sắp xếp, cần kiện toàn ngay tổ chức đảng ở các phường mới để bảo đảm hoạt động thông suốt. Quận cũng cần quan tâm giải quyết chế độ cho cán bộ dôi dư.
"""


@pytest.fixture(scope="module")
def remarks(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("hai-chau-remarks")
    (folder / "306_hai-chau-2023.txt").write_text(_HAI_CHAU_REMARKS, encoding="utf-8")
    return load_service(None, folder)


@pytest.mark.parametrize(
    "question, direct",
    [
        # "Theo đồng chí X, …" asks what X said: the sentence after the one naming X, which does not repeat the
        # name, says it; X's office, standing after the name, is no "việc gì".
        ("Theo đồng chí Lê Thị Hạnh, sau khi sắp xếp ở Hải Châu cần tiến hành việc gì?", "kiện toàn ngay tổ chức đảng"),
        # Asked of X without "theo", the name is evidence as any word is.
        ("Đồng chí Lê Thị Hạnh giữ chức vụ gì?", "Phó Bí thư Thường trực Thành ủy Đà Nẵng"),
    ],
)
def test_the_words_of_someone_named_as_the_source(remarks: Service, question: str, direct: str) -> None:
    assert _direct(remarks, question) == direct


@pytest.mark.parametrize(
    "question, expected",
    [
        # The occasions asked: the year is only a part of one of them.
        ("Quận giữ vững an ninh trật tự, đặc biệt vào những thời điểm nào?",
         "Hội nghị Cấp cao ASEAN và dịp Tết Nguyên đán Quý Mão năm 2023"),
        # One time asked: the year.
        ("Quận giữ vững an ninh trật tự năm nào?", "năm 2023"),
    ],
)
def test_occasions_asked_are_the_occasions_named(question: str, expected: str) -> None:
    from retrieval.answering.kinds import candidates, read_asked

    sentence = ("Quận giữ vững an ninh trật tự, nhất là trong thời gian diễn ra Hội nghị Cấp cao ASEAN và dịp Tết "
                "Nguyên đán Quý Mão năm 2023.")
    assert candidates(read_asked(question), sentence)[0].text == expected


def test_the_first_of_several_singled_out() -> None:
    from retrieval.answering.kinds import candidates, read_asked

    asked = read_asked("Dịp Tết, quận chăm lo trước hết cho những đối tượng nào?")
    sentence = ("Các cấp ủy chăm lo đời sống của nhân dân trong dịp Tết, trước hết là các hộ nghèo, người có công, "
                "bảo đảm mọi nhà đều vui Tết.")
    assert candidates(asked, sentence)[0].text == "các hộ nghèo"


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Dịp Tết, dịch bệnh có bùng phát ở quận không?", "Không"),  # the event asked, not let happen
        ("Quận có để dịch bùng phát không?", "Không"),
    ],
)
def test_what_was_not_let_happen_did_not_happen(question: str, verdict: str) -> None:
    from retrieval.answering.kinds import read_asked
    from retrieval.answering.kinds.yesno import settle

    sentence = "Quận kiểm soát chặt chẽ dịch bệnh, không để bùng phát, lây lan trong dịp Tết."
    found = settle(read_asked(question), sentence)
    assert found is not None and found.text == verdict


@pytest.mark.parametrize(
    ("question", "sentence", "expected"),
    [
        # "những dịp nào" asked as "which": the occasions named, not the words where "nào" stands.
        ("Quận giữ vững an ninh, không để mất trật tự vào những dịp nào?",
         "Quận giữ vững an ninh trật tự, không để phức tạp, nhất là trong thời gian diễn ra Hội nghị Cấp cao "
         "ASEAN và dịp Tết Nguyên đán Quý Mão năm 2023.",
         "Hội nghị Cấp cao ASEAN và dịp Tết Nguyên đán Quý Mão năm 2023"),
        # A short last item after a comma belongs to the same clause: "đủ về số lượng, chất lượng".
        ("Quận yêu cầu sắp xếp đội ngũ cán bộ các phường phải bảo đảm điều gì?",
         "Quận yêu cầu sắp xếp đội ngũ cán bộ các phường bảo đảm đủ về số lượng, chất lượng; hoàn thành trước tháng 6.",
         "đủ về số lượng, chất lượng"),
    ],
)
def test_occasions_and_pairs_of_nouns(question: str, sentence: str, expected: str) -> None:
    from retrieval.answering.kinds import candidates, read_asked

    assert candidates(read_asked(question), sentence)[0].text == expected
