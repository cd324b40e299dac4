"""Reading what a question asks of the fact table, and the reader's rules the answers rely on."""

from __future__ import annotations

import pytest

from retrieval.answering.kinds import read_asked
from retrieval.config import load_settings
from retrieval.facts.figures import document_figures
from retrieval.facts.lexicon import read_lexicon
from retrieval.facts.model import Relation, Status
from retrieval.facts.query import read_figure_query, read_role_query
from retrieval.models import Document, Passage
from retrieval.text.normalize import abbreviation_variants
from retrieval.corpus.sentences import split_sentences
from tests.conftest import SEEDS

LEXICON = read_lexicon()
ABBREVIATIONS = abbreviation_variants(load_settings(None, SEEDS).abbreviations)


@pytest.mark.parametrize(
    "question, places, measure, status, relation, basis, period, grades",
    [
        ("Quý I/2021 quận Ba Đình thu ngân sách bao nhiêu?", ("Ba Đình",), ("thu", "ngan", "sach"), Status.RESULT,
         Relation.AMOUNT, None, "Quý I/2021", ()),
        ("thu ngan sach Q.Ba Dinh quy 1/2021", ("Ba Đình",), ("thu", "ngan", "sach"), Status.RESULT, Relation.AMOUNT,
         None, "Quý I/2021", ()),
        ("Thu NS 3 tháng đầu năm 2025 của Gia Lâm?", ("Gia Lâm",), ("thu", "ngan", "sach"), Status.RESULT,
         Relation.AMOUNT, None, "Quý I/2025", ()),
        ("Năm 2024 huyện Gia Lâm phấn đấu thu ngân sách bao nhiêu?", ("Gia Lâm",), ("thu", "ngan", "sach"),
         Status.TARGET, Relation.AMOUNT, None, "Năm 2024", ()),
        ("Dự toán chi ngân sách năm 2023 của Gia Lâm là bao nhiêu?", ("Gia Lâm",), ("chi", "ngan", "sach"),
         Status.BUDGET, Relation.AMOUNT, None, "Năm 2023", ()),
        ("Thu ngân sách Gia Lâm tăng bao nhiêu % so với cùng kỳ?", ("Gia Lâm",), ("thu", "ngan", "sach"),
         Status.RESULT, Relation.GROWTH, "past", None, ()),
        ("Thu ngân sách Gia Lâm bằng bao nhiêu phần trăm so với cùng kỳ?", ("Gia Lâm",), ("thu", "ngan", "sach"),
         Status.RESULT, Relation.SHARE, "past", None, ()),
        ("Thu ngân sách Gia Lâm đạt bao nhiêu % kế hoạch?", ("Gia Lâm",), ("thu", "ngan", "sach"), Status.RESULT,
         Relation.SHARE, "plan", None, ()),
        # a rate is asked without a basis: the amount is the rate itself
        ("Tỷ lệ giải ngân vốn đầu tư công của Gia Lâm đạt bao nhiêu %?", ("Gia Lâm",), ("giai", "ngan", "von", "dau"),
         Status.RESULT, Relation.AMOUNT, None, None, ()),
        ("Sơn Trà có bao nhiêu chi bộ hoàn thành tốt nhiệm vụ?", ("Sơn Trà",),
         ("chi", "bo", "hoan", "thanh", "tot", "nhiem", "vu"), Status.RESULT, Relation.AMOUNT, None, None,
         ("hoan thanh tot",)),
        # the counted noun "chỉ tiêu" asks for no target
        ("Các đơn vị ở Long Biên bám sát bao nhiêu chỉ tiêu?", ("Long Biên",), ("don", "vi", "bam", "sat"),
         Status.RESULT, Relation.AMOUNT, None, None, ()),
        # a document's number and a term are not what is measured
        ("Chương trình số 01-CTr/QU của Long Biên có bao nhiêu nhiệm vụ nhiệm kỳ 2020-2025?", ("Long Biên",),
         ("nhiem", "vu"), Status.RESULT, Relation.AMOUNT, None, None, ()),
        # a document abbreviated with its number ("CTr 02-CTr/HU"), and the items a figure is of, counted
        ("CTr 02-CTr/HU của Gia Lâm có bao nhiêu nhiệm vụ quý I/2024?", ("Gia Lâm",), ("nhiem", "vu"),
         Status.RESULT, Relation.AMOUNT, None, "Quý I/2024", ()),
        ("Tổng kinh phí của 35 công trình được Gia Lâm khởi công năm 2023 là bao nhiêu?", ("Gia Lâm",),
         ("kinh", "phi"), Status.RESULT, Relation.AMOUNT, None, "Năm 2023", ()),
        ("Tổng tiền hỗ trợ cho 120 hộ dân ở Gia Lâm năm 2023 là bao nhiêu?", ("Gia Lâm",),
         ("tien", "ho", "tro"), Status.RESULT, Relation.AMOUNT, None, "Năm 2023", ()),
        # "riêng phần thu thuế": the part of a total named by what follows
        ("Riêng phần thu thuế của Gia Lâm năm 2023 là bao nhiêu?", ("Gia Lâm",), ("thu", "thue"), Status.RESULT,
         Relation.AMOUNT, None, "Năm 2023", ()),
    ],
)
def test_figure_queries(question, places, measure, status, relation, basis, period, grades) -> None:
    counted = read_asked(question, places=places).counted
    query = read_figure_query(question, places, counted, LEXICON, ABBREVIATIONS)
    assert query is not None
    assert query.measure == measure
    assert (query.status, query.relation, query.basis) == (status, relation, basis)
    assert (query.period.label() if query.period else None) == period
    assert query.grades == frozenset(grades)


def test_a_question_naming_no_measure_reads_none() -> None:
    assert read_figure_query("Quận Ba Đình đạt bao nhiêu?", ("Ba Đình",), (), LEXICON, ABBREVIATIONS) is None


@pytest.mark.parametrize(
    "question, head, body, year",
    [
        ("Ai là Chủ tịch UBND quận Đống Đa?", "chu tich", "ubnd", None),
        ("Chủ tịch HĐND quận Đống Đa là ai", "chu tich", "hdnd", None),
        ("HĐND quận Đống Đa do ai làm chủ tịch?", "chu tich", "hdnd", None),
        ("Bí thư Quận ủy Đống Đa năm 2022 là ai?", "bi thu", "cap uy", 2022),
        ("Ai là bí thư quận Đống Đa?", "bi thu", "cap uy", None),  # a role named without its body
        ("Phó Bí thư Thường trực Quận ủy Đống Đa là ai?", "pho bi thu thuong truc", "cap uy", None),
    ],
)
def test_role_queries(question: str, head: str, body: str, year: int | None) -> None:
    query = read_role_query(question, ("Đống Đa",), LEXICON, ABBREVIATIONS)
    assert query is not None and (query.head, query.body, query.year) == (head, body, year)


def _facts(sentence: str):
    passage = Passage("t", 1, 1, sentence, tuple(split_sentences(sentence)))
    document = Document("t", "t.txt", (passage,), title="Bài thử", district="Cầu Giấy", district_kind="quận",
                        city="Hà Nội", year=2022)
    return document_figures(document, LEXICON, ABBREVIATIONS)


@pytest.mark.parametrize(
    "sentence, values",
    [
        # a number of months, an ordinal or a period's count is no figure
        ("Thu ngân sách nhà nước trên địa bàn quận 6 tháng đầu năm 2022 đạt 2.100 tỷ đồng.", ["2.100 tỷ đồng"]),
        ("Hội nghị lần thứ 12 Ban Chấp hành Đảng bộ quận sơ kết 6 tháng, kết nạp 40 đảng viên.", ["40 đảng viên"]),
        ("Chi bộ hoàn thành xuất sắc nhiệm vụ: 31/140, chi bộ hoàn thành tốt nhiệm vụ: 96.", ["31/140", "96"]),
    ],
)
def test_figures_read(sentence: str, values: list[str]) -> None:
    assert [f.value for f in _facts(sentence)] == values


def test_a_district_named_before_a_period_is_not_a_numbered_district() -> None:
    fact = _facts("Thu ngân sách nhà nước trên địa bàn quận 6 tháng đầu năm 2022 đạt 2.100 tỷ đồng.")[0]
    assert (fact.district, fact.period.label() if fact.period else None) == ("Cầu Giấy", "6 tháng đầu năm 2022")


def test_a_percentage_takes_only_its_basis_and_the_next_amount_keeps_its_measure() -> None:
    facts = _facts("Quận phấn đấu hoàn thành 100% dự toán thu ngân sách năm là 4.300 tỷ đồng.")
    amount = next(f for f in facts if f.value == "4.300 tỷ đồng")
    assert {"thu", "ngan", "sach"} <= set(amount.measure_words)


def test_a_count_keeps_what_the_counted_achieved() -> None:
    fact = _facts("Quận ủy tặng giấy khen 9 chi bộ đạt trong sạch vững mạnh tiêu biểu.")[0]
    assert fact.value == "9 chi bộ" and {"sach", "vung", "manh", "tieu", "bieu"} <= set(fact.measure_words)
