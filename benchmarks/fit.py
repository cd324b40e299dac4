"""Fit the answer scorer's weights on the training splits and report them on the validation splits.

    python -m benchmarks.fit                      # fit, print training and validation figures
    python -m benchmarks.fit --write              # … and write config/answer_weights.toml

The splits are by article and live in benchmarks/splits.toml. For every training question, each sentence the
answer path weighs (retrieval/answering/candidates.py) is a candidate with the scorer's named features; a
candidate is right when it holds one of the question's expected strings in the expected article. The weights
minimise a listwise softmax loss (scipy's L-BFGS-B: slot weights kept non-negative, since a sentence's best
possible score bounds the search): the right sentences should be the likeliest of their question's
candidates, which is what quote@1 asks of the one chosen. Each set weighs the same whatever its number of
questions, so the Wikipedia questions do not drown the news ones.
Weights are scaled so that `overlap` is 1 (a ranking does not change with scale; the thresholds read
scores of that scale). The figures are quote@1, direct@1 and wrong answers of `tracuu eval` on each split,
with a bootstrap 95% interval over the questions.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.service import Service, load_service
from retrieval.answering.candidates import sentence_candidates, span_candidates
from retrieval.answering.scorer import (
    NON_NEGATIVE, SENTENCE_FEATURES, SPAN_FEATURES, SentenceWeights, SpanWeights, weights_toml,
)
from retrieval.config import PROJECT_ROOT
from retrieval.evaluation import MAX_DIRECT_CHARS, QaItem, evaluate, normalise, parse_qa_lines

SPLITS_FILE = PROJECT_ROOT / "benchmarks" / "splits.toml"
WEIGHTS_FILE = PROJECT_ROOT / "config" / "answer_weights.toml"
DEFAULT_EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"
REGULARISATION = 0.01  # L2 on the weights: the sets are small, the features few
BOOTSTRAP_ROUNDS = 1000
SEED = 13


@dataclass(frozen=True)
class SplitSet:
    name: str
    qa_files: tuple[Path, ...]
    corpus: Path
    train: frozenset[str]
    validation: frozenset[str]


def read_splits(path: Path, eval_dir: Path) -> list[SplitSet]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sets = []
    for entry in data.get("set", []):
        corpus = PROJECT_ROOT / "seeds" if entry["corpus"] == "seeds" else eval_dir / entry["corpus"]
        sets.append(SplitSet(
            entry["name"], tuple(eval_dir / q for q in entry["qa"]), corpus,
            frozenset(entry["train"]), frozenset(entry["validation"]),
        ))
    return sets


def split_of(item: QaItem, split: SplitSet) -> str:
    """'train' or 'validation': by the article asked about, else by a hash of the line's id."""
    docs = [item.doc] if item.doc else [d for d, _ in item.all]
    for doc in docs:
        if doc in split.train:
            return "train"
        if doc in split.validation:
            return "validation"
    return "train" if int(hashlib.sha1(item.id.encode()).hexdigest(), 16) % 3 else "validation"


def items_of(split: SplitSet) -> list[QaItem]:
    items: list[QaItem] = []
    for path in split.qa_files:
        items.extend(parse_qa_lines(path.read_text(encoding="utf-8").splitlines(), str(path)))
    return items


def with_weights(service: Service, weights: SentenceWeights) -> Service:
    settings = service.settings
    service.settings = dataclasses.replace(settings, answer=dataclasses.replace(settings.answer, weights=weights))
    return service


def question_candidates(service: Service, item: QaItem) -> tuple[np.ndarray, np.ndarray] | None:
    """One question's candidates: their features (times the title factor) and which are right; None when
    none or all are right (such a question says nothing about the weights)."""
    if item.abstain or item.turns or not item.doc or not item.contains_any:
        return None
    question = service.read(item.question)
    library = service.library
    candidates = sentence_candidates(question, library, library.tokenizer, service.settings.answer)
    vectors, right = [], []
    for candidate in candidates:
        vectors.append(np.asarray(candidate.features) * candidate.factor)
        # As quote@1 judges a citation (evaluation._holds): the article, and an expected string as written.
        right.append(candidate.doc_id.startswith(item.doc) and any(g in candidate.sentence for g in item.contains_any))
    if not any(right) or all(right):
        return None
    return np.vstack(vectors), np.asarray(right)


def span_question_candidates(service: Service, item: QaItem) -> tuple[np.ndarray, np.ndarray, str] | None:
    """One question's short-answer candidates in the sentences that hold its expected strings: their span
    features and which are right (hold an expected short answer, as direct@1 judges); None when none or all
    are right."""
    if item.abstain or item.turns or not item.doc or not item.contains_any:
        return None
    golds = [normalise(g) for g in (item.direct_any or item.contains_any)]
    question = service.read(item.question)
    vectors, right = [], []
    for candidate in span_candidates(question, service.library, service.library.tokenizer, service.settings.answer):
        if not candidate.doc_id.startswith(item.doc) or not any(g in candidate.sentence for g in item.contains_any):
            continue
        text = normalise(candidate.text)
        vectors.append(np.asarray(candidate.features))
        right.append(len(candidate.text) <= MAX_DIRECT_CHARS and any(g in text for g in golds))
    if not any(right) or all(right):
        return None
    return np.vstack(vectors), np.asarray(right), item.doc


SPAN_REGULARISATIONS = (0.01, 0.1, 1.0, 10.0)  # tried by cross-validation over the training articles
SPAN_FOLDS = 3


def fit_spans(questions_by_set: dict[str, list[tuple[np.ndarray, np.ndarray, str]]]) -> tuple[SpanWeights, float]:
    """Span weights that make a right short answer the likeliest of its sentence's candidates (the same
    listwise loss, each set weighing the same), pulled toward the hand-set ones with the strength that best
    predicts held-out training articles (folds by article), scaled so that `measure_clause` is 1."""
    start = np.asarray(SpanWeights().as_vector())
    bounds: list[tuple[float | None, float | None]] = [(None, None)] * len(SPAN_FEATURES)

    def fold_of(doc: str) -> int:
        return int(hashlib.sha1(doc.encode()).hexdigest(), 16) % SPAN_FOLDS

    def held_out_accuracy(strength: float) -> float:
        right = total = 0
        for fold in range(SPAN_FOLDS):
            training = {name: [(x, r) for x, r, doc in found if fold_of(doc) != fold]
                        for name, found in questions_by_set.items()}
            if not any(training.values()):
                continue
            w = _listwise(training, start, bounds, prior=start, strength=strength)
            for found in questions_by_set.values():
                for x, r, doc in found:
                    if fold_of(doc) == fold:
                        total += 1
                        right += bool(r[int(np.argmax(x @ w))])
        return right / total if total else 0.0

    # Ties go to the stronger pull: the hand-set weights stand unless the data says otherwise.
    strength = max(SPAN_REGULARISATIONS, key=lambda value: (held_out_accuracy(value), value))
    every = {name: [(x, r) for x, r, _ in found] for name, found in questions_by_set.items()}
    coefficients = dict(zip(SPAN_FEATURES, _listwise(every, start, bounds, prior=start, strength=strength)))
    scale = coefficients["measure_clause"] if coefficients["measure_clause"] > 0 else 1.0
    return SpanWeights(**{name: round(float(value / scale), 4) for name, value in coefficients.items()}), strength


def _listwise(
    questions_by_set: dict[str, list[tuple[np.ndarray, np.ndarray]]], start: np.ndarray,
    bounds: list[tuple[float | None, float | None]], prior: np.ndarray | None = None, strength: float = REGULARISATION,
) -> np.ndarray:
    """The weights minimising a listwise softmax loss over the questions' candidates, each set weighing the
    same, with L2 toward `prior` (toward zero when None)."""
    from scipy.optimize import minimize

    groups = [(x, right, 1.0 / len(found)) for found in questions_by_set.values() for x, right in found]
    if not groups:
        raise SystemExit("no training question has both a right and a wrong candidate")
    centre = np.zeros_like(start) if prior is None else prior

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, gradient = 0.0, np.zeros_like(w)
        for x, right, weight in groups:
            scores = x @ w
            top = scores.max()
            every = np.exp(scores - top)
            good = every * right
            p_all, p_good = every / every.sum(), good / good.sum()
            total += weight * (np.log(every.sum()) - np.log(good.sum()))
            gradient += weight * (p_all - p_good) @ x
        away = w - centre
        return total + strength * float(away @ away), gradient + 2 * strength * away

    return minimize(loss, start, jac=True, method="L-BFGS-B", bounds=bounds).x


def fit(questions_by_set: dict[str, list[tuple[np.ndarray, np.ndarray]]]) -> SentenceWeights:
    """Weights that make a right sentence the likeliest of its question's candidates (a listwise softmax
    loss, each set weighing the same), scaled so that `overlap` is 1."""
    start = np.asarray(SentenceWeights().as_vector())
    bounds = [(1e-6, None) if name == "overlap" else (0.0, None) if name in NON_NEGATIVE else (None, None)
              for name in SENTENCE_FEATURES]
    coefficients = dict(zip(SENTENCE_FEATURES, _listwise(questions_by_set, start, bounds)))
    scale = coefficients["overlap"]
    return SentenceWeights(**{name: round(float(value / scale), 4) for name, value in coefficients.items()})


def _sentence_part(weights: SentenceWeights) -> dict[str, float]:
    return {name: getattr(weights, name) for name in SENTENCE_FEATURES}


def figures(service: Service, items: Sequence[QaItem]) -> dict[str, Any]:
    """quote@1, direct@1 and wrong answers of the items, each with a bootstrap 95% interval."""
    report = evaluate(items, service.ask, service.ask_turns)
    outcomes = report.outcomes
    quote = [1.0 if o.correct else 0.0 for o in outcomes]
    direct = [1.0 if o.direct_correct else 0.0 for o in outcomes if o.direct_correct is not None]
    wrong = sum(1 for o in outcomes if o.wrong)
    # direct F1 of the short answer against the expected strings, over the answerable one-off lines
    f1 = [o.f1 for o in outcomes if not o.item.abstain and not o.item.turns and o.item.contains_any]
    return {"lines": len(outcomes), "quote@1": _interval(quote), "direct@1": _interval(direct),
            "F1": _interval(f1), "wrong": wrong}


def _interval(values: Sequence[float]) -> dict[str, float] | None:
    if not values:
        return None
    rng = random.Random(SEED)
    means = sorted(sum(rng.choices(values, k=len(values))) / len(values) for _ in range(BOOTSTRAP_ROUNDS))
    return {"mean": sum(values) / len(values), "low": means[int(0.025 * BOOTSTRAP_ROUNDS)], "high": means[int(0.975 * BOOTSTRAP_ROUNDS) - 1]}


def _mean(by_weights: dict[str, Any], part: str, key: str) -> str:
    value = by_weights["fitted"][part][key]
    return "—" if value is None else f"{value['mean']:.3f}"


def _line(name: str, result: dict[str, Any]) -> str:
    def part(key: str) -> str:
        value = result[key]
        return f"{key} —" if value is None else f"{key} {value['mean']:.3f} [{value['low']:.3f}, {value['high']:.3f}]"

    return (f"  {name:<10} {result['lines']:>4} lines  {part('quote@1')}  {part('direct@1')}  {part('F1')}"
            f"  wrong {result['wrong']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fit", description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="the development sets' folder")
    parser.add_argument("--splits", type=Path, default=SPLITS_FILE)
    parser.add_argument("--config", help="settings file (the weights it names are the starting point)")
    parser.add_argument("--write", nargs="?", const=WEIGHTS_FILE, type=Path, metavar="FILE",
                        help=f"write the fitted weights (default {WEIGHTS_FILE.relative_to(PROJECT_ROOT)})")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sets = read_splits(args.splits, args.eval_dir)
    services: dict[str, Service] = {}
    split_items: dict[str, dict[str, list[QaItem]]] = {}
    questions: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    span_questions: dict[str, list[tuple[np.ndarray, np.ndarray, str]]] = {}
    for split in sets:
        service = load_service(args.config, split.corpus)
        services[split.name] = service
        items = items_of(split)
        split_items[split.name] = {
            part: [i for i in items if split_of(i, split) == part] for part in ("train", "validation")
        }
        found = [span_question_candidates(service, item) for item in split_items[split.name]["train"]]
        span_questions[split.name] = [q for q in found if q is not None]
    start = services[sets[0].name].settings.answer.weights
    # The spans first: a sentence's slot feature is its best span's score, which the span weights set.
    spans, span_strength = fit_spans(span_questions)
    for split in sets:
        service = with_weights(services[split.name], dataclasses.replace(start, span=spans))
        found = [question_candidates(service, item) for item in split_items[split.name]["train"]]
        questions[split.name] = [q for q in found if q is not None]
    fitted = dataclasses.replace(fit(questions), span=spans)
    results: dict[str, Any] = {
        "weights": _sentence_part(fitted), "span_weights": dataclasses.asdict(fitted.span),
        "starting_weights": _sentence_part(start), "starting_span_weights": dataclasses.asdict(start.span),
        "span_regularisation": span_strength, "span_questions": {name: len(found) for name, found in span_questions.items()},
        "sets": {},
    }
    for split in sets:
        service = services[split.name]
        results["sets"][split.name] = {}
        for label, weights in (("fitted", fitted), ("starting", start)):
            with_weights(service, weights)
            results["sets"][split.name][label] = {
                part: figures(service, split_items[split.name][part]) for part in ("train", "validation")
            }
    if args.json:
        json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("fitted weights: " + ", ".join(f"{k} {v:g}" for k, v in results["weights"].items()))
        print("fitted span weights: " + ", ".join(f"{k} {v:g}" for k, v in results["span_weights"].items()))
        print(f"  pulled toward the hand-set ones with strength {span_strength:g}, chosen by cross-validation over "
              + ", ".join(f"{n} {name}" for name, n in results["span_questions"].items()) + " training questions")
        for name, by_weights in results["sets"].items():
            for label in ("fitted", "starting"):
                print(f"{name} ({label} weights)")
                for part in ("train", "validation"):
                    print(_line(part, by_weights[label][part]))
    if args.write:
        header = (
            "The answer scorer's weights (retrieval/answering/scorer.py), written by `python -m benchmarks.fit --write`\n"
            "from the training splits of benchmarks/splits.toml; do not edit by hand, fit again.\n"
            "Validation figures when written (training in brackets):\n"
            + "\n".join(
                f"  {name}: quote@1 {_mean(s, 'validation', 'quote@1')} ({_mean(s, 'train', 'quote@1')}), "
                f"direct@1 {_mean(s, 'validation', 'direct@1')} ({_mean(s, 'train', 'direct@1')})"
                for name, s in results["sets"].items()
            )
        )
        args.write.write_text(weights_toml(fitted, header), encoding="utf-8")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
