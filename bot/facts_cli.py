"""`tracuu facts`: the fact table itself, a row a fact with its citation link — what a journalist pastes into a
spreadsheet (--csv), reads (plain text), feeds a program (--json) or draws (--chart FILE.png)."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.errors import EXIT_OK, EXIT_USAGE, UserError
from bot.render.chart import ChartBar, ChartError, bar_chart_png, chart_value, dominant_unit
from bot.render.links import source_link
from retrieval.config import ConfigError, load_settings
from retrieval.corpus.loader import CorpusError
from retrieval.facts.model import FigureFact, Relation, RoleFact
from retrieval.facts.select import read_filter, select_facts
from retrieval.search.library import Library
from retrieval.search.stored.cache import open_library
from retrieval.text.clean import encodable

COLUMNS = (
    "kind", "id", "district", "place", "period", "measure", "value", "number", "unit", "status", "relation", "of",
    "doc", "paragraph", "sentence", "quote", "link", "n",
)  # fmt: skip


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """`tracuu facts` in the CLI's subcommands."""
    facts = commands.add_parser(
        "facts", parents=[common], help="bảng dữ kiện: mỗi số liệu, mỗi người giữ chức vụ một dòng, kèm nguồn"
    )
    facts.add_argument("--district", metavar="TÊN", help="chỉ quận/huyện này, ví dụ \"Ba Đình\"")
    facts.add_argument("--measure", metavar="CHỈ TIÊU", help="chỉ số liệu đo cái này, ví dụ \"thu ngân sách\" (bỏ qua chức vụ)")
    facts.add_argument("--period", metavar="KỲ", help="chỉ kỳ này, ví dụ \"quý I/2021\", \"năm 2020\" (bỏ qua chức vụ)")
    shape = facts.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="in một đối tượng JSON")
    shape.add_argument("--csv", action="store_true", help="in CSV (dòng đầu là tên cột)")
    facts.add_argument("--chart", metavar="FILE.png", help="vẽ các số liệu đã chọn thành biểu đồ cột vào tệp PNG")


def cmd_facts(args: argparse.Namespace, out: TextIO) -> int:
    if args.chart is not None and not args.chart.lower().endswith(".png"):
        raise UserError(f"--chart cần một tệp .png, không phải {args.chart!r}", EXIT_USAGE)
    try:
        settings = load_settings(args.config, args.corpus)
        library, _ = open_library(settings)
    except (ConfigError, CorpusError) as error:
        raise UserError(str(error)) from None
    tables = library.reader_tables
    try:
        chosen = read_filter(args.district, args.measure, args.period, tables.lexicon, tables.abbreviations)
    except ValueError as error:
        raise UserError(str(error), EXIT_USAGE) from None
    table = library.facts
    if chosen.district is not None:
        # A district an article of another one names in a figure's clause counts too.
        named = dict.fromkeys([*library.districts, *(f.district for f in table.figures if f.district)])
        if not any(_key(d) == chosen.district for d in named):
            known = ", ".join(library.districts) or "không có"
            raise UserError(f"Kho bài không có quận/huyện {args.district!r}; có: {known}")
    figures, roles = select_facts(table, chosen)
    rows = [figure_row(library, f) for f in figures] + [role_row(library, r) for r in roles]
    # Each row's source numbered [n] in order (a paragraph of an article is one source), as a chart labels it.
    sources: dict[tuple[str, int], int] = {}
    for row in rows:
        row["n"] = sources.setdefault((row["doc"], row["paragraph"]), len(sources) + 1)
    note = None
    if args.chart is not None:
        note = _write_chart(Path(args.chart), figures, [row["n"] for row in rows[: len(figures)]], args)
        if note and (args.json or args.csv):
            sys.stderr.write(f"tracuu: {note}\n")  # stdout stays a clean table
    if args.json:
        payload = {"figures": len(figures), "roles": len(roles), "chart": args.chart, "facts": rows}
        out.write(encodable(json.dumps(payload, ensure_ascii=False)) + "\n")
    elif args.csv:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: ("" if v is None else v) for k, v in row.items()} for row in rows)
    else:
        out.write(_text(rows, len(figures), len(roles)))
        if args.chart is not None:
            out.write(f"Biểu đồ: {args.chart} (số [n] ở mỗi cột là nguồn [n] ở trên)\n")
            if note:
                out.write(note + "\n")
    return EXIT_OK


def _key(name: str) -> str:
    from retrieval.gazetteer import name_key

    return name_key(name)


def _link(library: Library, doc_id: str, paragraph: int, sentence: str) -> str | None:
    document = library.documents.get(doc_id)
    passage = document.passage(paragraph) if document else None
    return source_link(document, passage, sentence) if document and passage else None


def figure_row(library: Library, fact: FigureFact) -> dict[str, Any]:
    source = fact.source
    return {
        "kind": "figure",
        "id": fact.id,
        "district": fact.district,
        "place": fact.place,
        "period": fact.period.label() if fact.period else None,
        "measure": fact.measure,
        "value": fact.value,
        "number": fact.number,
        "unit": fact.unit,
        "status": fact.status.value,
        "relation": fact.relation.value,
        "of": fact.of,
        "doc": source.doc_id,
        "paragraph": source.paragraph,
        "sentence": source.sentence_index,
        "quote": source.sentence,
        "link": _link(library, source.doc_id, source.paragraph, source.sentence),
    }


def role_row(library: Library, fact: RoleFact) -> dict[str, Any]:
    source = fact.source
    return {
        "kind": "role",
        "id": fact.id,
        "district": fact.district,
        "place": fact.place,
        "period": str(fact.period_year or fact.year) if (fact.period_year or fact.year) else None,
        "measure": fact.role,
        "value": fact.name,
        "number": None,
        "unit": None,
        "status": None,
        "relation": None,
        "of": None,
        "doc": source.doc_id,
        "paragraph": source.paragraph,
        "sentence": source.sentence_index,
        "quote": source.sentence,
        "link": _link(library, source.doc_id, source.paragraph, source.sentence),
    }


def _text(rows: Sequence[dict[str, Any]], figures: int, roles: int) -> str:
    lines = [f"{figures} số liệu, {roles} chức vụ"]
    for row in rows:
        where = " · ".join(p for p in (row["place"], row["period"]) if p)
        if row["kind"] == "figure":
            status = "" if row["status"] == "result" else f" ({row['status']})"
            relation = "" if row["relation"] == "amount" else f" [{row['relation']}]"
            lines.append(f"[{row['n']}] {where}: {row['measure'] or '—'}: {row['value']}{status}{relation}  {row['id']}")
        else:
            lines.append(f"[{row['n']}] {where}: {row['measure']}: {row['value']}  {row['id']}")
        lines.append(f"    {row['link']}")
    return "\n".join(lines) + "\n"


_STATUS_WORDS = {"estimate": "ước", "target": "mục tiêu", "budget": "dự toán"}


def _write_chart(path: Path, figures: Sequence[FigureFact], numbers: Sequence[int], args: argparse.Namespace) -> str | None:
    """The selected figures as bars, each labelled with place, period and its source number [n].

    Amounts are drawn before shares and growths of them, and only the unit most of them share: a line says
    what was left out (None when nothing was).
    """
    bars = []
    amounts = []
    for fact, n in zip(figures, numbers):
        number, unit = chart_value(fact.dimension, fact.number, fact.unit, fact.base)
        period = fact.period.label() if fact.period else None
        label = " · ".join(p for p in (fact.place, period, _STATUS_WORDS.get(fact.status.value)) if p)
        bars.append(ChartBar(label, number, unit, n))
        amounts.append(fact.relation is Relation.AMOUNT)
    drawn = dominant_unit([bar for bar, amount in zip(bars, amounts) if amount] or bars)
    title = " · ".join(p for p in (args.measure, args.district, args.period) if p)
    try:
        png = bar_chart_png(drawn, title)
    except ChartError as error:
        raise UserError(str(error)) from None
    try:
        path.write_bytes(png)
    except OSError as error:
        raise UserError(f"Không ghi được {path}: {error.strerror or error}") from None
    left_out = len(bars) - len(drawn)
    if not left_out:
        return None
    unit = drawn[0].unit
    return f"Biểu đồ chỉ vẽ {len(drawn)} số liệu tính bằng {unit}; bỏ {left_out} số liệu khác đơn vị hoặc là tỷ lệ, mức tăng của chúng."
