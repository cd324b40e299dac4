"""`tracuu facts` through the real entry point on the seeds: CSV, JSON, filters, charts and one-line errors;
and the pure selection it rests on."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.render.chart import ChartBar, ChartError, bar_chart_png, chart_value, dominant_unit
from retrieval.config import load_settings
from retrieval.corpus.loader import load_corpus
from retrieval.facts.defaults import default_reader_tables
from retrieval.facts.select import read_filter, select_facts
from retrieval.facts.table import read_fact_table
from retrieval.text.normalize import abbreviation_variants

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def table():
    settings = load_settings(None, SEEDS)
    tables = default_reader_tables(abbreviation_variants(settings.abbreviations))
    return read_fact_table(load_corpus(SEEDS).documents, tables), tables


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["facts", "--corpus", str(SEEDS), *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_csv_lists_every_figure_and_role_of_the_seeds(capsys, table) -> None:
    facts, _ = table
    code, out, err = run(capsys, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, err) == (0, "")
    figures = [r for r in rows if r["kind"] == "figure"]
    assert [r["id"] for r in figures] == [f.id for f in facts.figures]
    assert [r["id"] for r in rows if r["kind"] == "role"] == [r.id for r in facts.roles]
    assert {d.doc_id for d in facts.documents} == {r["doc"] for r in figures}  # all five articles
    for row, fact in zip(figures, facts.figures):
        assert (row["measure"], row["value"], row["status"], row["place"]) == (
            fact.measure, fact.value, fact.status.value, fact.place
        )
        assert row["period"] == (fact.period.label() if fact.period else "")
        assert row["link"].startswith(f"seeds/{fact.source.doc_id}.txt#L") or row["link"].startswith("http")
        assert row["value"] in row["quote"]


def test_one_row_exactly(capsys) -> None:
    code, out, _ = run(capsys, "--csv", "--district", "Q.Ba Dinh", "--measure", "thu NSNN", "--period", "quý 1/2021")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [(r["value"], r["status"], r["relation"], r["period"], r["place"]) for r in rows] == [
        ("1.460 tỷ đồng", "result", "amount", "Quý I/2021", "quận Ba Đình"),
        ("25,3%", "result", "share", "Quý I/2021", "quận Ba Đình"),
    ]
    assert rows[0]["link"] == "seeds/002_e74d3da79069b4c0.txt#L20"
    assert rows[1]["of"] == rows[0]["id"] and rows[0]["number"] == "1460.0" and rows[0]["unit"] == "tỷ đồng"


def test_json_has_the_fact_ids_and_roles_without_a_measure(capsys) -> None:
    code, out, _ = run(capsys, "--json", "--district", "Đống Đa")
    data = json.loads(out)
    roles = [(r["value"], r["measure"]) for r in data["facts"] if r["kind"] == "role"]
    assert code == 0 and data["roles"] == len(roles) == 2
    assert ("Nguyễn Anh Cường", "Chủ tịch Hội đồng nhân dân quận") in roles
    assert all(r["district"] == "Đống Đa" for r in data["facts"])
    assert all(r["id"].startswith("000_0b6753d6958e9fca:") for r in data["facts"])


def test_a_measure_leaves_roles_and_other_measures_out(capsys) -> None:
    code, out, _ = run(capsys, "--json", "--measure", "chi bộ hoàn thành tốt nhiệm vụ")
    data = json.loads(out)
    assert code == 0 and data["roles"] == 0
    assert [(r["district"], r["value"], r["period"]) for r in data["facts"]] == [("Sơn Trà", "214", "Năm 2021")]


def test_chart_of_a_measure_is_a_png(capsys, tmp_path: Path) -> None:
    chart = tmp_path / "out.png"
    code, out, err = run(capsys, "--measure", "thu ngân sách", "--chart", str(chart))
    assert code == 0 and err == ""
    assert chart.read_bytes().startswith(PNG_MAGIC)
    # Shares of the amounts are not drawn on the amounts' scale: the chart says what it left out.
    assert "Biểu đồ chỉ vẽ 4 số liệu tính bằng tỷ đồng; bỏ 6 số liệu" in out


@pytest.mark.parametrize(
    "argv, message, code",
    [
        (["--district", "Hải Phòng"], "Kho bài không có quận/huyện 'Hải Phòng'; có: ", 1),
        (["--period", "hôm qua"], "--period 'hôm qua': không đọc được kỳ", 2),
        (["--measure", "của"], "--measure 'của' không có từ nào", 2),
        (["--chart", "out.jpg"], "--chart cần một tệp .png", 2),
        (["--measure", "thu ngân sách", "--chart", "{tmp}/missing/out.png"], "Không ghi được {tmp}/missing/out.png", 1),
        (["--measure", "tàu vũ trụ", "--chart", "{tmp}/x.png"], "Không có số liệu nào để vẽ biểu đồ.", 1),
    ],
)
def test_user_errors_are_one_line(capsys, tmp_path: Path, argv, message: str, code: int) -> None:
    got, out, err = run(capsys, *[a.replace("{tmp}", str(tmp_path)) for a in argv])
    message = message.replace("{tmp}", str(tmp_path))
    assert got == code and out == ""
    assert err.startswith(f"tracuu: {message}") and err.count("\n") == 1


@pytest.mark.parametrize(
    "district, measure, period, values",
    [
        (None, "thu ngân sách", "năm 2020", ["11.085,046 tỷ đồng", "100,52%", "10.530,819 tỷ đồng", "105,1%", "107%"]),
        ("Long Biên", "chi ngân sách", None, ["478 tỷ đồng", "21%"]),
        ("quận Ba Đình", "giá trị sản xuất", None, ["15.706 tỷ đồng", "8,3%"]),
        ("Ba Đình", "thu ngân sách", "quý I", ["1.460 tỷ đồng", "25,3%"]),  # a period without a year: any year
        ("Ba Đình", "thu ngân sách", "năm 2021", []),
    ],
)
def test_select(table, district, measure, period, values) -> None:
    facts, tables = table
    chosen = read_filter(district, measure, period, tables.lexicon, tables.abbreviations)
    figures, roles = select_facts(facts, chosen)
    assert [f.value for f in figures] == values and roles == ()


def test_chart_refuses_mixed_units_in_one_line() -> None:
    bars = [ChartBar("quận Ba Đình · Quý I/2021", 1460, "tỷ đồng", 1), ChartBar("quận Ba Đình · Quý I/2021", 25.3, "%", 1)]
    with pytest.raises(ChartError, match=r"^Không vẽ chung một biểu đồ các đơn vị khác nhau \(tỷ đồng, %\)"):
        bar_chart_png(bars)
    assert dominant_unit(bars + [ChartBar("quận Đống Đa · Năm 2020", 100.52, "%", 2)]) == [bars[1], ChartBar("quận Đống Đa · Năm 2020", 100.52, "%", 2)]
    assert bar_chart_png(bars[:1], "thu ngân sách").startswith(PNG_MAGIC)


@pytest.mark.parametrize(
    "dimension, number, unit, base, expected",
    [
        ("money", 500, "triệu đồng", 500e6, (0.5, "tỷ đồng")),
        ("money", 1460, "tỷ đồng", 1460e9, (1460.0, "tỷ đồng")),
        ("percent", 25.3, "%", 25.3, (25.3, "%")),
        ("count", 214, "chi bộ", 214, (214, "chi bộ")),
    ],
)
def test_chart_value(dimension, number, unit, base, expected) -> None:
    assert chart_value(dimension, number, unit, base) == pytest.approx(expected) if isinstance(expected[0], float) else chart_value(dimension, number, unit, base) == expected


def test_a_comparison_becomes_bars_of_one_scale() -> None:
    from bot.render.chart import comparison_bars, comparison_png
    from retrieval.models import ComparedValue

    values = [
        ComparedValue("Đống Đa", "11.085,046 tỷ đồng", "cả năm 2020", 1),
        ComparedValue("Hoàn Kiếm", "10.530,819 tỷ đồng", None, 2),
        ComparedValue("Ba Đình", "500 triệu đồng", "quý I/2021", 3),
        ComparedValue("Long Biên", "không nêu", None, 4),
    ]
    bars = comparison_bars(values)
    assert [(b.label, b.unit, b.n) for b in bars] == [
        ("Đống Đa · cả năm 2020", "tỷ đồng", 1), ("Hoàn Kiếm", "tỷ đồng", 2), ("Ba Đình · quý I/2021", "tỷ đồng", 3)
    ]
    assert [b.number for b in bars] == pytest.approx([11085.046, 10530.819, 0.5])
    assert (comparison_png(values) or b"").startswith(PNG_MAGIC)
    assert comparison_png(values[:1]) is None  # one figure compares with nothing
