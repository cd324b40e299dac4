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

    def most_slot(self) -> float:
        """The most the slot can add, as a share of the question's weight."""
        return self.slot + self.slot_fit * MAX_SLOT_FIT

    def slot_part(self, fit: float) -> float:
        return self.slot + self.slot_fit * min(fit, MAX_SLOT_FIT)

    def as_vector(self) -> tuple[float, ...]:
        return tuple(getattr(self, name) for name in SENTENCE_FEATURES)


def weights_from_data(data: dict[str, Any], source: str) -> SentenceWeights:
    """[sentence] of an answer-weights file: every feature a number, slot weights not negative."""
    table = data.get("sentence", {})
    if not isinstance(table, dict):
        raise WeightsError(f"{source}: [sentence] phải là một bảng")
    unknown = set(table) - set(SENTENCE_FEATURES)
    if unknown:
        raise WeightsError(f"{source}: [sentence] không có đặc trưng {', '.join(sorted(unknown))}")
    values: dict[str, float] = {}
    for name, value in table.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WeightsError(f"{source}: [sentence] {name} phải là số")
        if name in NON_NEGATIVE and value < 0:
            raise WeightsError(f"{source}: [sentence] {name} không được âm")
        values[name] = float(value)
    return dataclasses.replace(SentenceWeights(), **values)


def read_weights(path: Path) -> SentenceWeights:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise WeightsError(f"{path}: không đọc được ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise WeightsError(f"{path}: TOML không hợp lệ ({error})") from None
    return weights_from_data(data, str(path))


def weights_toml(weights: SentenceWeights, header: str) -> str:
    """The file benchmarks/fit.py writes."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += ["", "[sentence]"]
    lines += [f"{name} = {getattr(weights, name):.6g}" for name in SENTENCE_FEATURES]
    return "\n".join(lines) + "\n"
