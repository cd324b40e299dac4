"""Grading QA lines: direct@1, F1, conversations and comparisons; and `tracuu eval` on the shipped example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from retrieval.evaluation import EvalFileError, evaluate, f1_score, is_verbatim, parse_qa_lines
from retrieval.models import Answer, Citation, DirectAnswer, Document, Passage

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "examples" / "qa.jsonl"


def citation(n: int, doc_id: str, quote: str) -> Citation:
    passage = Passage(doc_id, 1, 1, quote, (quote,))
    return Citation(n, Document(doc_id, f"seeds/{doc_id}.txt", (passage,)), passage, quote, 1.0)


def answer(quote: str, doc_id: str = "000_x", direct: DirectAnswer | None = None, *more: Citation) -> Answer:
    return Answer("q", False, (citation(1, doc_id, quote), *more), direct=direct)


def line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_turns_lines_are_read_and_graded_on_the_last_answer() -> None:
    items = parse_qa_lines([line(id="f", turns=["Câu một?", "Câu hai?"], doc="000", contains_any=["x"])])
    assert items[0].question == "Câu hai?" and items[0].turns == ("Câu một?", "Câu hai?")
    asked: list[object] = []
    report = evaluate(items, lambda q: asked.append(q) or answer("x"))
    assert asked == ["Câu hai?"]  # without conversation support, only the last turn
    assert report.followups == (1, 1) and report.quote_at_1 == (0, 0)
    report = evaluate(items, lambda q: answer("y"), lambda turns: asked.append(turns) or answer("x"))
    assert asked[-1] == ["Câu một?", "Câu hai?"] and report.followups == (1, 1)


@pytest.mark.parametrize(
    ("direct", "expected"),
    [
        (DirectAnswer("11.085,046 tỷ đồng", "amount", 1, 0, 18), True),
        (DirectAnswer("11.085,046 TỶ ĐỒNG", "amount", 1, None, None), True),
        (DirectAnswer("100,52%", "amount", 1, 0, 7), False),
        (DirectAnswer("11.085,046 " + "x" * 80, "amount", 1, None, None), False),
        (None, False),
    ],
)
def test_direct_at_1(direct: DirectAnswer | None, expected: bool) -> None:
    items = parse_qa_lines([line(id="d", question="q", doc="000", contains_any=["11.085,046"], direct_any=["11.085,046 tỷ"])])
    report = evaluate(items, lambda q: answer("11.085,046 tỷ đồng", direct=direct))
    assert report.direct_at_1 == (int(expected), 1)


@pytest.mark.parametrize(
    ("prediction", "gold", "score"),
    [
        ("Kawann Short", "Kawann Short", 1.0),
        ("ông Kawann Short", "Kawann Short", 0.8),
        ("bốn lựa chọn", "bốn", 0.5),
        ("308.", "308", 1.0),
        ("gì đó", "308", 0.0),
    ],
)
def test_f1_over_syllables(prediction: str, gold: str, score: float) -> None:
    assert f1_score(prediction, gold) == pytest.approx(score)


def test_mean_f1_counts_a_missing_direct_answer_as_zero() -> None:
    items = parse_qa_lines(
        [line(id=str(i), question="q", doc="000", contains_any=["Kawann Short"]) for i in range(2)]
    )
    answers = iter([answer("Kawann Short", direct=DirectAnswer("Kawann Short", "person", 1, 0, 12)), answer("Kawann Short")])
    assert evaluate(items, lambda q: next(answers)).mean_f1 == pytest.approx(0.5)


def test_comparison_needs_every_figure_cited_and_the_winner_named() -> None:
    items = parse_qa_lines(
        [
            line(
                id="c",
                question="Quận nào thu nhiều nhất?",
                all=[{"doc": "000", "contains_any": ["11.085,046"]}, {"doc": "001", "contains_any": ["10.530,819"]}],
                direct_any=["Đống Đa"],
            )
        ]
    )
    both = (citation(1, "000_a", "đạt 11.085,046 tỷ đồng"), citation(2, "001_b", "đạt 10.530,819 tỷ đồng"))
    right = Answer("q", False, both, direct=DirectAnswer("Đống Đa", "comparison", 1))
    wrong = Answer("q", False, both, direct=DirectAnswer("Hoàn Kiếm", "comparison", 2))
    assert evaluate(items, lambda q: right).comparisons == (1, 1)
    assert evaluate(items, lambda q: wrong).comparisons == (0, 1)
    assert evaluate(items, lambda q: right).multi_source == (0, 0)  # comparisons are scored apart


def test_a_span_that_is_not_the_quote_is_counted() -> None:
    good = answer("đạt 100,52% dự toán", direct=DirectAnswer("100,52%", "amount", 1, 4, 11))
    bad = answer("đạt 100,52% dự toán", direct=DirectAnswer("100,52%", "amount", 1, 0, 7))
    assert is_verbatim(good) and not is_verbatim(bad)


@pytest.mark.parametrize(
    "text",
    ['{"id": "x"}', '{"turns": []}', '{"question": "q", "direct_any": "Có"}', "not json"],
)
def test_a_bad_line_names_its_line(text: str) -> None:
    with pytest.raises(EvalFileError, match="dòng 2"):
        parse_qa_lines(['{"question": "q"}', text], "qa.jsonl")


def test_eval_runs_the_shipped_example(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eval", "--f1", str(EXAMPLE)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert any(l.startswith("quote@1: 4/4") for l in out)
    assert any(l.startswith("direct@1: ") and l.endswith("not verbatim 0") for l in out)
    assert any(l.startswith("direct F1: ") for l in out)
    assert "follow-ups: 0/1" in out or "follow-ups: 1/1" in out
    assert any(l.startswith("comparisons: ") and l.endswith("/1") for l in out)
    assert out[-4:-1] == ["declined: 1/1", "multi-source: 1/1", "false declines: 0"]
    assert out[-1].startswith("wrong: 0 ")


def test_eval_json_has_the_new_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--json", str(EXAMPLE)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["answerable"] == 4 and summary["direct_total"] == 4
    assert summary["followup_total"] == 1 and summary["comparison_total"] == 1
    assert summary["not_verbatim"] == 0


@pytest.mark.parametrize(
    "line, abstained, direct, wrong",
    [
        ({"direct_any": ["1.460"]}, False, "15.706 tỷ đồng", True),  # another figure: wrong, not missed
        ({"direct_any": ["1.460"]}, False, "1.460 tỷ đồng", False),
        ({"direct_any": ["1.460"]}, False, None, False),  # no short answer: a miss
        ({"direct_any": ["1.460"]}, True, None, False),  # a decline: a miss
        ({"abstain": True}, False, "6", True),  # a figure where the articles say nothing
        ({"abstain": True}, True, None, False),
    ],
)
def test_wrong_is_counted_apart_from_missed(line, abstained, direct, wrong) -> None:
    from retrieval.evaluation import is_wrong
    from retrieval.models import Answer, DirectAnswer

    item = parse_qa_lines([json.dumps({"id": "x", "question": "q", **line})])[0]
    answer = Answer("q", abstained, direct=DirectAnswer(direct, "figure", 1) if direct else None)
    assert is_wrong(item, answer) is wrong
