"""What a question names and asks for."""

from __future__ import annotations

import pytest

from retrieval.gazetteer import load_gazetteer
from retrieval.answering.analysis import AnswerKind, Question, QuestionReader, answer_kind, counted_unit, folded_question, read_question
from retrieval.text.tokenize import Tokenizer

CORPUS_DISTRICTS = ("Đống Đa", "Hoàn Kiếm", "Ba Đình", "Long Biên", "Sơn Trà")
CORPUS_CITIES = ("Hà Nội", "Đà Nẵng")


READER = QuestionReader(Tokenizer({}), load_gazetteer(), CORPUS_DISTRICTS, CORPUS_CITIES)


def facts(question: str) -> Question:
    return read_question(question, READER)


@pytest.mark.parametrize(
    ("question", "districts"),
    [
        ("Năm 2020 quận Đống Đa thu ngân sách được bao nhiêu?", ("Đống Đa",)),
        ("thu ngan sach hoan kiem", ("Hoàn Kiếm",)),
        ("THU NGÂN SÁCH BA ĐÌNH", ("Ba Đình",)),
        ("Hoàn Kiếm và Đống Đa thu ngân sách", ("Hoàn Kiếm", "Đống Đa")),
        ("Thu ngân sách của quận Hoàn Kiếm và quận Đống Đa", ("Hoàn Kiếm", "Đống Đa")),
        ("Chủ đề công tác năm 2024 của thành phố Hà Nội là gì?", ()),
    ],
)
def test_corpus_districts_are_found_however_typed(question: str, districts: tuple[str, ...]) -> None:
    assert facts(question).districts == districts


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("Thu ngân sách quận Thanh Xuân năm 2021 là bao nhiêu?", ["quận Thanh Xuân"]),
        ("Quận Ngũ Hành Sơn có bao nhiêu đảng viên?", ["quận Ngũ Hành Sơn"]),
        ("quan cau giay co bao nhieu dang vien", ["quận Cầu Giấy"]),
        ("Ngũ Hành Sơn có bao nhiêu đảng viên?", ["quận Ngũ Hành Sơn"]),  # written exactly as the place is
        ("Kinh tế thành phố Hồ Chí Minh", ["thành phố Hồ Chí Minh"]),
        ("hoa binh va phat trien", []),  # an ordinary phrase, not the province
        ("Quận Đống Đa thu ngân sách", []),
        ("Chủ đề công tác của thành phố Hà Nội", []),
    ],
)
def test_unknown_places_need_clear_evidence(question: str, labels: list[str]) -> None:
    assert [place.label for place in facts(question).unknown_places] == labels


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Ai viết bài về Đảng bộ quận Long Biên?", AnswerKind.AUTHOR),
        ("Bài viết về quận Long Biên được đăng ngày nào?", AnswerKind.PUBLISHED),
        ("Hội nghị diễn ra ngày nào?", AnswerKind.TIME),
        ("Sơn Trà có bao nhiêu đảng viên?", AnswerKind.NUMBER),
        ("son tra co bao nhieu dang vien", AnswerKind.NUMBER),
        ("Ai là Phó Bí thư Thường trực Quận ủy Đống Đa?", AnswerKind.PERSON),
        ("Chỉ thị số 30-CT/TU nói về điều gì?", AnswerKind.OTHER),
    ],
)
def test_answer_kind(question: str, kind: AnswerKind) -> None:
    assert answer_kind(folded_question(question)) is kind
    assert facts(question).kind is kind


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("Bao nhiêu đảng viên Sơn Trà hoàn thành xuất sắc nhiệm vụ?", ("dang", "vien")),
        ("Long Biên hoàn thành bao nhiêu dự án?", ("du", "an")),
        ("Thu ngân sách được bao nhiêu?", ()),
        ("đạt bao nhiêu % dự toán", ("phan", "tram")),
        ("có mấy chi bộ", ("chi", "bo")),
    ],
)
def test_counted_unit(question: str, unit: tuple[str, ...]) -> None:
    from retrieval.text.normalize import unify_numbers

    assert counted_unit(folded_question(unify_numbers(question))) == unit


def test_years_and_quarters() -> None:
    found = facts("Ba Đình thu ngân sách quý I/2021 đạt bao nhiêu phần trăm dự toán?")
    assert found.years == (2021,)
    assert found.quarter == 1
