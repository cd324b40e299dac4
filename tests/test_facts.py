"""The fact reader on the seeds: figures with measure, status, relation, period and place; people with roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.answering.kinds import default_answer_kinds
from retrieval.config import load_settings
from retrieval.corpus.loader import load_corpus
from retrieval.facts.lexicon import read_lexicon
from retrieval.facts.model import PeriodKind, Relation, Status
from retrieval.facts.periods import find_periods
from retrieval.facts.table import ReaderTables, read_fact_table
from retrieval.text.normalize import abbreviation_variants

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def table():
    settings = load_settings(None, SEEDS)
    kinds = default_answer_kinds()
    tables = ReaderTables(read_lexicon(), abbreviation_variants(settings.abbreviations), kinds.surnames, kinds.not_names)
    return read_fact_table(load_corpus(SEEDS).documents, tables)


def _figure(table, district: str, value: str):
    found = [f for f in table.figures_of(district) if f.value == value]
    assert found, f"no fact {value!r} for {district}"
    return found[0]


@pytest.mark.parametrize(
    "district, value, measure, status, relation, period, year, part",
    [
        ("Ba Đình", "1.460 tỷ đồng", ("thu", "ngan", "sach"), Status.RESULT, Relation.AMOUNT, PeriodKind.QUARTER, 2021, 1),
        ("Ba Đình", "25,3%", ("thu", "ngan", "sach"), Status.RESULT, Relation.SHARE, PeriodKind.QUARTER, 2021, 1),
        ("Ba Đình", "8,3%", ("gia", "tri", "san", "xuat"), Status.RESULT, Relation.GROWTH, PeriodKind.QUARTER, 2021, 1),
        ("Đống Đa", "11.085,046 tỷ đồng", ("thu", "ngan", "sach"), Status.ESTIMATE, Relation.AMOUNT, PeriodKind.YEAR, 2020, None),
        ("Long Biên", "478 tỷ đồng", ("chi", "ngan", "sach"), Status.ESTIMATE, Relation.AMOUNT, PeriodKind.QUARTER, 2024, 1),
        ("Sơn Trà", "214", ("chi", "bo", "hoan", "thanh", "tot"), Status.RESULT, Relation.AMOUNT, PeriodKind.YEAR, 2021, None),
    ],
)
def test_seed_figures(table, district, value, measure, status, relation, period, year, part) -> None:
    fact = _figure(table, district, value)
    assert set(measure) <= set(fact.measure_words)
    assert (fact.status, fact.relation) == (status, relation)
    assert fact.period is not None and (fact.period.kind, fact.period.year, fact.period.part) == (period, year, part)
    assert fact.quoted[fact.start : fact.end] == value
    assert not fact.place_is_city


def test_the_other_measure_is_kept_apart(table) -> None:
    # "giá trị sản xuất" and "thu ngân sách" stand in one sentence: each figure keeps its own measure.
    production = _figure(table, "Ba Đình", "15.706 tỷ đồng")
    assert "thu" not in production.measure_words


def test_seed_roles(table) -> None:
    roles = {(r.name, r.head, r.body) for r in table.roles_of("Đống Đa")}
    assert ("Nguyễn Anh Cường", "chu tich", "hdnd") in roles
    assert ("Nguyễn Anh Cường", "pho bi thu thuong truc", "cap uy") in roles
    assert not any(body == "ubnd" and head == "chu tich" for _, head, body in roles)


@pytest.mark.parametrize(
    "text, kind, year, part, compared",
    [
        ("Trong 3 tháng đầu năm 2021, thu", PeriodKind.QUARTER, 2021, 1, False),
        ("Quý I/2021 quận", PeriodKind.QUARTER, 2021, 1, False),
        ("quý 1 năm 2016 quận Hải Châu", PeriodKind.QUARTER, 2016, 1, False),
        ("9 tháng năm 2024, quận", PeriodKind.MONTHS, 2024, 9, False),
        ("6 thang dau nam 2019", PeriodKind.MONTHS, 2019, 6, False),
        ("tăng 9,7% so với năm 2021", PeriodKind.YEAR, 2021, None, True),
        ("đón 3,2 triệu lượt khách, gấp gần 3 lần năm 2021", PeriodKind.YEAR, 2021, None, True),
        ("Tính đến ngày 15/9/2024 quận", PeriodKind.CUTOFF, 2024, 9, False),
        ("thu ngân sách đến hết 6/2023 đạt", PeriodKind.CUTOFF, 2023, 6, False),
        ("nhiệm kỳ 2020-2025", PeriodKind.TERM, 2020, None, False),
        ("Đến hết năm 2020", PeriodKind.YEAR, 2020, None, False),
    ],
)
def test_periods(text, kind, year, part, compared) -> None:
    found = find_periods(text)[0]
    assert (found.period.kind, found.period.year, found.period.part, found.compared) == (kind, year, part, compared)


def test_quarter_one_is_not_district_one() -> None:
    assert [f.period.kind for f in find_periods("Quý 1 năm 2016 quận Hải Châu")] == [PeriodKind.QUARTER]
    assert find_periods("Q.1 thu ngân sách") == ()


@pytest.mark.parametrize(
    "asked, stated, same",
    [
        ("9 tháng năm 2024", "Tính đến ngày 30/9/2024", True),
        ("quý I/2023", "tính đến ngày 31/3/2023", True),
        ("năm 2022", "tính đến ngày 31/12/2022", True),
        ("6 tháng đầu năm 2024", "tính đến ngày 30/6/2024", True),
        # A cut-off inside a month closes no period; another year or month is another period.
        ("9 tháng năm 2024", "Tính đến ngày 15/9/2024", False),
        ("9 tháng năm 2024", "Tính đến ngày 30/9/2023", False),
        ("6 tháng đầu năm 2024", "tính đến ngày 30/9/2024", False),
        ("quý II/2024", "tính đến ngày 30/6/2024", False),
    ],
)
def test_a_cut_off_on_a_months_last_day_states_the_months_to_it(asked: str, stated: str, same: bool) -> None:
    from retrieval.facts.periods import same_period

    assert same_period(find_periods(asked)[0].period, find_periods(stated)[0].period) is same
    assert same_period(find_periods(stated)[0].period, find_periods(asked)[0].period) is same
