"""Scoring answers against QA lines in the format of shared/eval: quote@1, direct@1, F1, declines,
multi-source, follow-ups and comparisons.

A QA line (JSON) holds `question`, or `turns` (the questions of one conversation, graded on the last answer);
`doc` + `contains_any` (the first citation must be of that article and quote one of the strings), or
`abstain: true`, or `all` (every listed article cited with one of its strings). `direct_any` grades the short
answer: it must contain one of the strings and be at most 80 characters. A line with both `all` and
`direct_any` is a comparison: every district's figure cited and the winner named in the short answer.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from retrieval.models import Answer, Citation

MAX_QUOTE_CHARS = 800
MAX_DIRECT_CHARS = 80


class EvalFileError(Exception):
    """A QA file line that is not valid; the message names the line."""


@dataclass(frozen=True)
class QaItem:
    id: str
    question: str  # the question asked (for a conversation, its last turn)
    doc: str | None = None
    contains_any: tuple[str, ...] = ()
    abstain: bool = False
    all: tuple[tuple[str, tuple[str, ...]], ...] = ()
    direct_any: tuple[str, ...] = ()
    turns: tuple[str, ...] = ()  # a conversation: the questions in order, graded on the last answer
    tag: str | None = None

    @property
    def category(self) -> str:
        if self.abstain:
            return "abstain"
        return "multi" if self.all else "answer"

    @property
    def is_followup(self) -> bool:
        return len(self.turns) > 1

    @property
    def is_comparison(self) -> bool:
        return bool(self.all) and bool(self.direct_any)

    @property
    def is_plain(self) -> bool:
        """A single question that compares nothing: the lines the headline scores are taken over."""
        return not self.is_followup and not self.is_comparison


@dataclass(frozen=True)
class Outcome:
    item: QaItem
    answer: Answer
    correct: bool
    direct_correct: bool | None = None  # None when the line has no `direct_any`
    f1: float = 0.0

    @property
    def wrong(self) -> bool:
        """A plausible wrong answer, worse than a decline: see `is_wrong`."""
        return is_wrong(self.item, self.answer)


@dataclass(frozen=True)
class EvalReport:
    outcomes: tuple[Outcome, ...]
    quote_lengths: tuple[int, ...] = field(default=())

    def _count(self, category: str) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if o.item.is_plain and o.item.category == category]
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
    def direct_at_1(self) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if o.item.is_plain and o.direct_correct is not None]
        return sum(bool(o.direct_correct) for o in chosen), len(chosen)

    @property
    def followups(self) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if o.item.is_followup]
        return sum(o.correct for o in chosen), len(chosen)

    @property
    def comparisons(self) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if o.item.is_comparison and not o.item.is_followup]
        return sum(o.correct for o in chosen), len(chosen)

    @property
    def mean_f1(self) -> float:
        chosen = [o.f1 for o in self.outcomes if o.item.is_plain and o.item.category == "answer"]
        return sum(chosen) / len(chosen) if chosen else 0.0

    @property
    def not_verbatim(self) -> int:
        """Direct answers with a span that is not exactly the cited quote's text there."""
        return sum(not is_verbatim(o.answer) for o in self.outcomes)

    @property
    def false_declines(self) -> int:
        return sum(o.answer.abstained for o in self.outcomes if o.item.is_plain and o.item.category != "abstain")

    @property
    def wrong(self) -> list[Outcome]:
        """Short answers given that match none of the expected ones, or given where the line must decline."""
        return [o for o in self.outcomes if o.wrong]

    @property
    def misses(self) -> list[Outcome]:
        """Lines not answered as expected, the wrong answers first."""
        missed = [o for o in self.outcomes if not o.correct or o.direct_correct is False]
        return [o for o in missed if o.wrong] + [o for o in missed if not o.wrong]

    @property
    def median_quote(self) -> float:
        return float(median(self.quote_lengths)) if self.quote_lengths else 0.0

    def summary(self) -> dict[str, Any]:
        good, total = self.quote_at_1
        declined, abstain_total = self.declined
        multi, multi_total = self.multi_source
        direct, direct_total = self.direct_at_1
        followups, followup_total = self.followups
        comparisons, comparison_total = self.comparisons
        return {
            "quote_at_1": good,
            "answerable": total,
            "quote_at_1_rate": round(good / total, 4) if total else None,
            "median_quote_chars": self.median_quote,
            "direct_at_1": direct,
            "direct_total": direct_total,
            "direct_at_1_rate": round(direct / direct_total, 4) if direct_total else None,
            "mean_direct_f1": round(self.mean_f1, 4),
            "not_verbatim": self.not_verbatim,
            "declined": declined,
            "must_decline": abstain_total,
            "multi_source": multi,
            "multi_total": multi_total,
            "followups": followups,
            "followup_total": followup_total,
            "comparisons": comparisons,
            "comparison_total": comparison_total,
            "false_declines": self.false_declines,
            "wrong": len(self.wrong),
            "wrong_ids": [o.item.id for o in self.wrong],
            "misses": [o.item.id for o in self.misses],
        }


def _strings(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, ())
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"'{key}' phải là danh sách chuỗi")
    return tuple(value)


def parse_qa_lines(lines: Iterable[str], source: str = "QA file") -> list[QaItem]:
    items: list[QaItem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            turns = _strings(raw, "turns")
            if "question" not in raw and not turns:
                raise KeyError("question")
            items.append(
                QaItem(
                    id=str(raw.get("id", number)),
                    question=str(raw["question"]) if "question" in raw else turns[-1],
                    doc=raw.get("doc"),
                    contains_any=_strings(raw, "contains_any"),
                    abstain=bool(raw.get("abstain", False)),
                    all=tuple((str(part["doc"]), tuple(part["contains_any"])) for part in raw.get("all", ())),
                    direct_any=_strings(raw, "direct_any"),
                    turns=turns,
                    tag=raw.get("tag"),
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            raise EvalFileError(f"{source}, dòng {number}: không đọc được ({error})") from None
    return items


def normalise(text: str) -> str:
    """Lower case, NFC, single spaces: the form direct answers are compared in."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_PUNCTUATION = re.compile(r"[^\w\s]")


def syllables(text: str) -> list[str]:
    """SQuAD-style answer normalisation for Vietnamese: lower case, no punctuation, split on spaces."""
    return _PUNCTUATION.sub(" ", normalise(text)).split()


def f1_score(prediction: str, gold: str) -> float:
    """Harmonic mean of syllable precision and recall (the SQuAD F1, over syllables)."""
    predicted, expected = syllables(prediction), syllables(gold)
    common = sum((Counter(predicted) & Counter(expected)).values())
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(expected)
    return 2 * precision * recall / (precision + recall)


def is_verbatim(answer: Answer) -> bool:
    """The direct answer's span is the cited quote's text at those offsets (trivially so without a span)."""
    direct = answer.direct
    if direct is None or direct.start is None or direct.end is None:
        return True
    if not 1 <= direct.citation <= len(answer.citations):
        return False
    return answer.citations[direct.citation - 1].quote[direct.start : direct.end] == direct.text


def _holds(citation: Citation, doc: str | None, golds: Sequence[str]) -> bool:
    return (
        (doc is None or citation.doc_id.startswith(doc))
        and len(citation.quote) <= MAX_QUOTE_CHARS
        and any(gold in citation.quote for gold in golds)
    )


def judge_direct(item: QaItem, answer: Answer) -> bool | None:
    """direct@1: the short answer contains one of `direct_any` and is short; None when the line has none."""
    if not item.direct_any or item.abstain:
        return None
    if answer.abstained or answer.direct is None or len(answer.direct.text) > MAX_DIRECT_CHARS:
        return False
    text = normalise(answer.direct.text)
    return any(normalise(gold) in text for gold in item.direct_any)


def is_wrong(item: QaItem, answer: Answer) -> bool:
    """Wrong, not merely missed: a short answer on a line that must decline, or one that states something other
    than every expected answer (a decline or no short answer is a miss, never wrong)."""
    if answer.abstained or answer.direct is None:
        return False
    if item.abstain:
        return True
    if not item.direct_any:
        return False
    text = normalise(answer.direct.text)
    return not any(normalise(gold) in text for gold in item.direct_any)


def judge(item: QaItem, answer: Answer) -> bool:
    if item.abstain:
        return answer.abstained
    if answer.abstained or not answer.citations:
        return False
    if item.all:
        cited = all(any(_holds(c, doc, golds) for c in answer.citations) for doc, golds in item.all)
        return cited and (not item.is_comparison or bool(judge_direct(item, answer)))
    quoted = _holds(answer.citations[0], item.doc, item.contains_any)
    if item.is_followup and item.direct_any:
        return quoted and bool(judge_direct(item, answer))
    return quoted


def direct_f1(item: QaItem, answer: Answer) -> float:
    """F1 of the short answer against the best of `contains_any`; 0 without a short answer."""
    if answer.direct is None or answer.abstained or not item.contains_any:
        return 0.0
    return max(f1_score(answer.direct.text, gold) for gold in item.contains_any)


def evaluate(
    items: Sequence[QaItem],
    ask: Callable[[str], Answer],
    ask_turns: Callable[[list[str]], Answer] | None = None,
) -> EvalReport:
    """Ask every line and grade it; a conversation goes to `ask_turns`, or, without it, only its last turn."""
    outcomes = []
    lengths = []
    for item in items:
        if item.turns and ask_turns is not None:
            answer = ask_turns(list(item.turns))
        else:
            answer = ask(item.question)
        outcomes.append(Outcome(item, answer, judge(item, answer), judge_direct(item, answer), direct_f1(item, answer)))
        if item.is_plain and item.category == "answer" and answer.citations:
            lengths.append(len(answer.citations[0].quote))
    return EvalReport(tuple(outcomes), tuple(lengths))
