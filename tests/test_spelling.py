"""Names typed one letter off are read as the articles spell them; Vietnamese words never are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from retrieval.gazetteer import name_key
from retrieval.models import NameCorrection
from retrieval.text.spelling import correct_names, correct_places, correct_syllables, read_committees, read_initials

# How many paragraphs hold each folded term: a stand-in for an index's vocabulary.
FREQUENCY = {"maastricht": 3, "bendigo": 2, "panthers": 5, "minh": 40, "binh": 30, "sita": 1, "hoang": 9, "hoanh": 9}


def frequency(term: str) -> int:
    return FREQUENCY.get(term, 0)


@pytest.mark.parametrize(
    ("typed", "expected", "corrections"),
    [
        ("Hiệp ước Maastrich được ký khi nào?", "Hiệp ước Maastricht được ký khi nào?", (("Maastrich", "Maastricht"),)),
        ("Đảng nào mạnh ở Bedigo?", "Đảng nào mạnh ở Bendigo?", (("Bedigo", "Bendigo"),)),
        ("Đội Panther thắng mấy trận?", "Đội Panthers thắng mấy trận?", (("Panther", "Panthers"),)),
        ("ARPANET va CITA", "ARPANET va SITA", (("CITA", "SITA"),)),  # all capitals stay all capitals
        ("Hiệp ước Maastricht được ký khi nào?", "Hiệp ước Maastricht được ký khi nào?", ()),  # known: as typed
        ("Tinh Quang Ninh o dau?", "Tinh Quang Ninh o dau?", ()),  # one Vietnamese syllable: a word, not a typo
        ("Ông Hoanx là ai?", "Ông Hoanx là ai?", ()),  # "Hoang" or "Hoanh", equally common: no guess
        ("UBNX họp khi nào?", "UBNX họp khi nào?", ()),  # an abbreviation of the table stays
        ("Sân Maastrichtz", "Sân Maastricht", (("Maastrichtz", "Maastricht"),)),
        ("Nhà máy Quxyz", "Nhà máy Quxyz", ()),  # nothing one letter away
        ("maastrich", "maastrich", ()),  # not capitalised: not read as a name
    ],
)
def test_a_name_one_letter_off_is_read_as_the_corpus_spells_it(
    typed: str, expected: str, corrections: tuple[tuple[str, str], ...]
) -> None:
    text, found = correct_names(typed, frequency, frozenset({"UBNX"}))
    assert text == expected
    assert found == tuple(NameCorrection(t, r) for t, r in corrections)


def test_the_answer_says_how_a_misspelt_name_was_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "bai"
    corpus.mkdir()
    (corpus / "chau_au.txt").write_text(
        "Liên minh châu Âu\n\nHiệp ước Rome được ký năm 1957. Hiệp ước Maastricht được ký năm 1992 và có hiệu lực năm 1993.\n",
        encoding="utf-8",
    )
    code = main(["--corpus", str(corpus), "ask", "--json", "Hiệp ước Maastrich được ký năm nào?"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["abstained"] is False
    assert data["corrected_names"] == [{"typed": "Maastrich", "read": "Maastricht"}]
    assert data["notice"] == "(đã hiểu “Maastrich” là “Maastricht”)"
    assert data["direct"]["text"] == "năm 1992"
    assert data["question"] == "Hiệp ước Maastrich được ký năm nào?"  # the question stays as typed


_DISTRICTS = ("Tân Bình", "Hà Đông", "Cầu Giấy", "Sơn Trà")


@pytest.mark.parametrize(
    ("typed", "expected", "corrections"),
    [
        ("Chi ngân sách quận Tân Bìnhh năm 2023", "Chi ngân sách quận Tân Bình năm 2023", (("Tân Bìnhh", "Tân Bình"),)),
        ("thu ngan sach ha dongg nam 2023", "thu ngan sach Ha Dong nam 2023", (("ha dongg", "Ha Dong"),)),  # as typed: no marks
        ("Cau Giaz ket nap bao nhieu dang vien", "Cau Giay ket nap bao nhieu dang vien", (("Cau Giaz", "Cau Giay"),)),
        ("Hạ Long thu ngân sách bao nhiêu?", "Hạ Long thu ngân sách bao nhiêu?", ()),  # real syllables: another place
        ("Sơn Trà thu ngân sách bao nhiêu?", "Sơn Trà thu ngân sách bao nhiêu?", ()),  # spelt right
        ("Son Tran có bao nhiêu chi bộ?", "Son Tran có bao nhiêu chi bộ?", ()),  # "tran" is a syllable: no guess
        ("Ai là Bí thư Quận ủy Cầu Giấu?", "Ai là Bí thư Quận ủy Cầu Giấy?", (("Cầu Giấu", "Cầu Giấy"),)),
        ("Ai là Bí thư Quận ủy Hạ Long?", "Ai là Bí thư Quận ủy Hạ Long?", ()),  # a district elsewhere: as typed
    ],
)
def test_a_district_one_letter_off_is_read_as_the_corpus_names_it(
    typed: str, expected: str, corrections: tuple[tuple[str, str], ...]
) -> None:
    text, found = correct_places(typed, _DISTRICTS, lambda name: name_key(name) == "ha long")
    assert text == expected
    assert found == tuple(NameCorrection(t, r) for t, r in corrections)


# Paragraph counts of folded index terms, as a corpus of district news would have them.
_NEWS_TERMS = {"thu": 40, "ngan": 39, "sach": 38, "ngan_sach": 32, "thu_ngan_sach": 6, "sau": 30, "thang": 60,
               "huyen": 40, "chi": 25, "ngay": 20, "nam": 80, "tong": 12, "dong": 30, "dong_chi": 25,
               "dat": 45, "dai": 8, "dat_dai": 6}


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("thu ngân sáh huyện", "thu ngân sách huyện"),  # no syllable ends in "h" alone; "ngân sách" is a word
        ("9 thág 2024", "9 tháng 2024"),  # no neighbour word, but "tháng" is far commoner than any other reading
        ("chi ngân sach", "chi ngân sach"),  # "sach" could be a syllable: never touched
        ("thu ngân sáhx", "thu ngân sáhx"),  # two letters off: no reading
        ("Thu Ngân Sáh", "Thu Ngân Sáh"),  # capitalised: a name's, read by correct_names
        ("HĐNDD quận", "HĐNDD quận"),
        # a real syllable, in a word the articles never write with either neighbour, one letter from one they
        # write often: "ngân sánh", "ngân sác" are "ngân sách"; "so sánh" is no word of theirs either way
        ("thu ngân sánh huyện", "thu ngân sách huyện"),
        ("thu ngân sác", "thu ngân sách"),
        ("so sánh với năm trước", "so sánh với năm trước"),
        ("tong chi ngan sach", "tong chi ngan sach"),  # typed without marks: "tổng chi", not "đồng chí"
        ("tiền sử dụng đất đạt bao nhiêu", "tiền sử dụng đất đạt bao nhiêu"),  # "đạt" is common: never "đai"
    ],
)
def test_a_word_no_syllable_can_be_is_read_as_the_one_letter_away(typed: str, read: str) -> None:
    assert correct_syllables(typed, lambda term: _NEWS_TERMS.get(term, 0))[0] == read


def test_the_words_opening_a_follow_up_are_never_read_as_a_slip(seed_service) -> None:
    from retrieval.answering.analysis import read_question

    # The articles write "cơ sở" often and "còn số" never: "còn" is still what was typed.
    question = read_question("còn số chi bộ cơ sở thì sao?", seed_service.library.question_reader(1000))
    assert question.text == "còn số chi bộ cơ sở thì sao?"


_PLACES = ("Long Biên", "Hai Bà Trưng", "Thanh Xuân", "Tây Hồ", "Thanh Trì")


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("HBT năm 2020 thu ngân sách bao nhiêu?", "Hai Bà Trưng năm 2020 thu ngân sách bao nhiêu?"),
        ("LB khởi công bao nhiêu dự án?", "Long Biên khởi công bao nhiêu dự án?"),
        ("LB khoi cong bao nhieu du an?", "Long Bien khoi cong bao nhieu du an?"),
        ("TH thu ngân sách bao nhiêu?", "TH thu ngân sách bao nhiêu?"),  # "thực hiện", though Tây Hồ spells it
        # two districts share the initials: neither is meant for sure
        ("TT thu ngân sách bao nhiêu?", "TT thu ngân sách bao nhiêu?"),
        ("TX thu ngân sách bao nhiêu?", "TX thu ngân sách bao nhiêu?"),  # "thị xã", though Thanh Xuân spells it
        ("Chủ tịch UBND LB là ai?", "Chủ tịch UBND Long Biên là ai?"),  # an abbreviation kept, the initials read
    ],
)
def test_initials_of_one_district(typed: str, read: str) -> None:
    assert read_initials(typed, _PLACES, frozenset({"UBND"}))[0] == read



@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Theo chủ đề năm của QU Long Biên, có bao nhiêu mô hình?", "Theo chủ đề năm của Quận ủy Long Biên, có bao nhiêu mô hình?"),
        ("bi thu HU Dong Anh la ai", "bi thu Huyen uy Dong Anh la ai"),
        ("Kế hoạch số 05-KH/QU về việc gì?", "Kế hoạch số 05-KH/QU về việc gì?"),  # a document's code
        ("QU là gì?", "QU là gì?"),  # no name after it
    ],
)
def test_a_committee_before_a_district_s_name(typed: str, read: str) -> None:
    assert read_committees(typed) == read
