"""One linear scorer over named features of a candidate sentence; its weights live in config/answer_weights.toml.

A candidate's score is the question's total term weight times Σ weight·feature, so the weights are free of
the question's length and comparable across questions: that is what lets benchmarks/fit.py fit them on one
set of questions and apply them to another. Each feature is a number the answer path computes anyway:

- overlap: the question's term weight the sentence holds, as a share of the total
- paragraph_rank: the paragraph's BM25 score, as a share of the best paragraph's
- bigram: two question syllables in a row found in a row (their weight, as a share of the total)
- kind: the sentence holds what the question's kind asks for (a figure for "bao nhiêu", a date …): 0 or 1
- count: the counted noun asked stands by a number ("bao nhiêu đảng viên" → "36 đảng viên"): 0 to 1
- slot: the sentence states the slot asked (the figure with its noun, the role's holder …): 0 or 1
- slot_fit: how closely the question's measure words stand by that slot, capped at MAX_SLOT_FIT
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_SLOT_FIT = 10.0
SENTENCE_FEATURES = ("overlap", "paragraph_rank", "bigram", "kind", "count", "slot", "slot_fit")
# Features that bound a sentence's best score before its slot is read: they may not be negative.
NON_NEGATIVE = ("slot", "slot_fit")


# A short answer's candidates within one sentence (answering/kinds/spans.py) are ranked by how the words around
# each repeat the question's: its measure words in the candidate's clause, near it, in its segment; the
# looser words of the measure ("extra") likewise; two measure words in a row in the clause; closeness of the
# nearest measure words (Σ 1/(1+distance)); and the prior its generator gives that kind of candidate (a list
# after "là:", a cause after "do" …).
SPAN_FEATURES = (
    "measure_clause", "measure_near", "measure_segment", "extra_clause", "extra_near", "extra_segment",
    "measure_pairs", "proximity", "prior",
)


@dataclass(frozen=True)
class SpanWeights:
    """The span scorer's weights; these defaults are the hand-set ones."""

    measure_clause: float = 1.0
    measure_near: float = 0.5
    measure_segment: float = 0.25
    extra_clause: float = 0.5
    extra_near: float = 0.25
    extra_segment: float = 0.125
    measure_pairs: float = 0.5
    proximity: float = 0.2
    prior: float = 1.0

    def as_vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in SPAN_FEATURES)


DEFAULT_SPAN_WEIGHTS = SpanWeights()


_PRIOR = SPAN_FEATURES.index("prior")


@dataclass(frozen=True)
class SpanEvidence:
    """A span candidate's features, in SPAN_FEATURES order; a generator's bonus or penalty adds to its prior."""

    values: tuple[float, ...] = (0.0,) * len(SPAN_FEATURES)

    @classmethod
    def of(cls, **features: float) -> SpanEvidence:
        """Evidence naming its features: SpanEvidence.of(measure_clause=2, proximity=0.5)."""
        unknown = set(features) - set(SPAN_FEATURES)
        if unknown:
            raise ValueError(f"no span feature {', '.join(sorted(unknown))}")
        return cls(tuple(float(features.get(name, 0.0)) for name in SPAN_FEATURES))

    def __add__(self, bonus: float) -> SpanEvidence:
        values = list(self.values)
        values[_PRIOR] += bonus
        return SpanEvidence(tuple(values))

    def __sub__(self, penalty: float) -> SpanEvidence:
        return self + (-penalty)

    def as_vector(self) -> tuple[float, ...]:
        return self.values

    def score(self, weights: SpanWeights) -> float:
        return sum(w * f for w, f in zip(weights.as_vector(), self.values))


class WeightsError(ValueError):
    """An answer-weights file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class SentenceWeights:
    """The scorer's weights; these defaults are the hand-set ones the fitted file replaced."""

    overlap: float = 1.0
    paragraph_rank: float = 0.3
    bigram: float = 1.0
    kind: float = 0.1
    count: float = 0.5
    slot: float = 0.6
    slot_fit: float = 0.1
    # How a sentence's short-answer candidates are ranked among themselves ([span] of the file).
    span: SpanWeights = DEFAULT_SPAN_WEIGHTS

    def most_slot(self) -> float:
        """The most the slot can add, as a share of the question's weight."""
        return self.slot + self.slot_fit * MAX_SLOT_FIT

    def slot_part(self, fit: float) -> float:
        return self.slot + self.slot_fit * min(fit, MAX_SLOT_FIT)

    def as_vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in SENTENCE_FEATURES)


def _table(data: dict[str, Any], section: str, features: tuple[str, ...], source: str,
           non_negative: tuple[str, ...] = ()) -> dict[str, float]:
    """One [section] of an answer-weights file: every key a named feature, every value a number."""
    table = data.get(section, {})
    if not isinstance(table, dict):
        raise WeightsError(f"{source}: [{section}] phải là một bảng")
    unknown = set(table) - set(features)
    if unknown:
        raise WeightsError(f"{source}: [{section}] không có đặc trưng {', '.join(sorted(unknown))}")
    values: dict[str, float] = {}
    for name, value in table.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WeightsError(f"{source}: [{section}] {name} phải là số")
        if name in non_negative and value < 0:
            raise WeightsError(f"{source}: [{section}] {name} không được âm")
        values[name] = float(value)
    return values


def weights_from_data(data: dict[str, Any], source: str) -> SentenceWeights:
    """[sentence] of an answer-weights file: every feature a number, slot weights not negative."""
    return dataclasses.replace(SentenceWeights(), **_table(data, "sentence", SENTENCE_FEATURES, source, NON_NEGATIVE))


def span_weights_from_data(data: dict[str, Any], source: str) -> SpanWeights:
    """[span] of an answer-weights file; the hand-set defaults for the features it omits."""
    return dataclasses.replace(SpanWeights(), **_table(data, "span", SPAN_FEATURES, source))


def read_weights(path: Path) -> SentenceWeights:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise WeightsError(f"{path}: không đọc được ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise WeightsError(f"{path}: TOML không hợp lệ ({error})") from None
    return dataclasses.replace(weights_from_data(data, str(path)), span=span_weights_from_data(data, str(path)))


def weights_toml(weights: SentenceWeights, header: str) -> str:
    """The file benchmarks/fit.py writes."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["", "[sentence]"]
    lines += [f"{name} = {getattr(weights, name):.6g}" for name in SENTENCE_FEATURES]
    lines += ["", "[span]"]
    lines += [f"{name} = {getattr(weights.span, name):.6g}" for name in SPAN_FEATURES]
    return "\n".join(lines) + "\n"
