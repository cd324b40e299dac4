"""Scoring answers against QA lines in the format of shared/eval: quote@1, declines, multi-source."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from retrieval.models import Answer, Citation

MAX_QUOTE_CHARS = 800


class EvalFileError(Exception):
    """A QA file line that is not valid; the message names the line."""


@dataclass(frozen=True)
class QaItem:
    id: str
    question: str
    doc: str | None = None
    contains_any: tuple[str, ...] = ()
    abstain: bool = False
    all: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def category(self) -> str:
        if self.abstain:
            return "abstain"
        return "multi" if self.all else "answer"


@dataclass(frozen=True)
class Outcome:
    item: QaItem
    answer: Answer
    correct: bool


@dataclass(frozen=True)
class EvalReport:
    outcomes: tuple[Outcome, ...]
    quote_lengths: tuple[int, ...] = field(default=())

    def _count(self, category: str) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if o.item.category == category]
        return sum(o.correct for o in chosen), len(chosen)

    @property
    def quote_at_1(self) -> tuple[int, int]:
        return self._count("answer")

    @property
    def declined(self) -> tuple[int, int]:
        return self._count("abstain")

    @property
    def multi_source(self) -> tuple[int, int]:
        return self._count("multi")

    @property
    def false_declines(self) -> int:
        return sum(o.answer.abstained for o in self.outcomes if o.item.category != "abstain")

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.correct]

    @property
    def median_quote(self) -> float:
        return float(median(self.quote_lengths)) if self.quote_lengths else 0.0

    def summary(self) -> dict[str, Any]:
        good, total = self.quote_at_1
        declined, abstain_total = self.declined
        multi, multi_total = self.multi_source
        return {
            "quote_at_1": good,
            "answerable": total,
            "quote_at_1_rate": round(good / total, 4) if total else None,
            "median_quote_chars": self.median_quote,
            "declined": declined,
            "must_decline": abstain_total,
            "multi_source": multi,
            "multi_total": multi_total,
            "false_declines": self.false_declines,
            "misses": [o.item.id for o in self.misses],
        }


def parse_qa_lines(lines: Iterable[str], source: str = "QA file") -> list[QaItem]:
    items: list[QaItem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            items.append(
                QaItem(
                    id=str(raw.get("id", number)),
                    question=str(raw["question"]),
                    doc=raw.get("doc"),
                    contains_any=tuple(raw.get("contains_any", ())),
                    abstain=bool(raw.get("abstain", False)),
                    all=tuple((str(part["doc"]), tuple(part["contains_any"])) for part in raw.get("all", ())),
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise EvalFileError(f"{source}, dòng {number}: không đọc được ({error})") from None
    return items


def _holds(citation: Citation, doc: str | None, golds: Sequence[str]) -> bool:
    return (
        (doc is None or citation.doc_id.startswith(doc))
        and len(citation.quote) <= MAX_QUOTE_CHARS
        and any(gold in citation.quote for gold in golds)
    )


def judge(item: QaItem, answer: Answer) -> bool:
    if item.abstain:
        return answer.abstained
    if answer.abstained or not answer.citations:
        return False
    if item.all:
        return all(any(_holds(c, doc, golds) for c in answer.citations) for doc, golds in item.all)
    return _holds(answer.citations[0], item.doc, item.contains_any)


def evaluate(items: Sequence[QaItem], ask: Callable[[str], Answer]) -> EvalReport:
    outcomes = []
    lengths = []
    for item in items:
        answer = ask(item.question)
        outcomes.append(Outcome(item, answer, judge(item, answer)))
        if item.category == "answer" and answer.citations:
            lengths.append(len(answer.citations[0].quote))
    return EvalReport(tuple(outcomes), tuple(lengths))
