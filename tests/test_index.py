"""The inverted index ranks exactly as rank-bm25's BM25Plus, on a few thousand real Vietnamese paragraphs."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Plus

from retrieval.search import bm25 as index_module
from retrieval.corpus.loader import load_corpus
from retrieval.search.bm25 import Bm25Params, build_index, top_k
from retrieval.models import PassageKind
from retrieval.text.tokenize import tokenize

PROJECT = Path(__file__).resolve().parent.parent
XQUAD = PROJECT / "tests" / "data" / "xquad-vi"
PARAMS = Bm25Params(k1=1.2, b=0.75, delta=1.0)
PARAGRAPHS = 3000


@pytest.fixture(scope="module")
def corpus_and_queries() -> tuple[list[list[str]], list[list[str]]]:
    """3,000 paragraphs mixing 1–5 tokenised sentences of the seeds and XQuAD-vi (seeded), and real questions."""
    sentences: list[list[str]] = []
    for folder in (PROJECT / "seeds", XQUAD / "corpus"):
        for document in load_corpus(folder).documents:
            for passage in document.passages:
                if passage.kind is PassageKind.BODY:
                    sentences.extend(tokenize(s) for s in passage.sentences)
    rng = random.Random(4)
    paragraphs = [
        [token for _ in range(rng.randint(1, 5)) for token in rng.choice(sentences)] for _ in range(PARAGRAPHS)
    ]
    questions = ["Quận Đống Đa thu ngân sách bao nhiêu?", "Đại hội Đảng bộ quận nhiệm kỳ 2020-2025"]
    qa = (XQUAD / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    questions += [json.loads(line)["question"] for line in qa[:60]]
    return paragraphs, [tokenize(q) for q in questions]


def reference_top(scores: np.ndarray, baseline: float, k: int) -> list[tuple[int, float]]:
    """rank-bm25's best k paragraphs among those sharing a term (scoring above the baseline), ties by row."""
    order = np.lexsort((np.arange(scores.size), -scores))
    return [(int(row), float(scores[row])) for row in order[:k] if scores[row] > baseline + 1e-9]


def test_top_10_ids_and_scores_match_rank_bm25(corpus_and_queries) -> None:
    paragraphs, queries = corpus_and_queries
    index = build_index(paragraphs, PARAMS)
    reference = BM25Plus(paragraphs, k1=PARAMS.k1, b=PARAMS.b, delta=PARAMS.delta)
    compared = 0
    for query in queries:
        ours = index.search(query, 10)
        expected = reference_top(reference.get_scores(query), index.baseline(query), 10)
        assert [row for row, _ in ours] == [row for row, _ in expected], query
        for (_, score), (_, theirs) in zip(ours, expected):
            assert score + index.baseline(query) == pytest.approx(theirs, abs=1e-4)
        compared += len(ours)
    assert compared > 500  # the comparison really ranked paragraphs


def test_dense_and_sparse_merges_agree(corpus_and_queries, monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs, queries = corpus_and_queries
    index = build_index(paragraphs, PARAMS)
    results = []
    for share in (0.0, 2.0):  # always the dense array, then always sort-and-merge
        monkeypatch.setattr(index_module, "SPARSE_MERGE_SHARE", share)
        monkeypatch.setattr(index_module, "SPARSE_SEARCH_SHARE", share)
        matches = [index.matches(q) for q in queries]
        results.append(([m[0].tolist() for m in matches], [m[1].tolist() for m in matches], [index.search(q, 10) for q in queries]))
    assert results[0] == results[1]  # the same rows, and the very same float scores


def test_filters_and_multipliers_rank_like_a_full_scan(corpus_and_queries) -> None:
    paragraphs, queries = corpus_and_queries
    index = build_index(paragraphs, PARAMS)
    rng = np.random.default_rng(7)
    allowed = rng.random(index.size) < 0.3
    multipliers = np.where(rng.random(index.size) < 0.5, 1.3, 1.0)
    for query in queries[:20]:
        totals = np.where(allowed, index.scores(query) * multipliers, 0.0)
        expected = [int(r) for r in np.lexsort((np.arange(totals.size), -totals))[:5] if totals[r] > 0]
        assert [row for row, _ in index.search(query, 5, allowed, multipliers)] == expected


def test_pruning_returns_exactly_what_a_full_merge_returns(corpus_and_queries, monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs, queries = corpus_and_queries
    index = build_index(paragraphs, PARAMS)
    rng = np.random.default_rng(11)
    masks = [None, rng.random(index.size) < 0.5, rng.random(index.size) < 0.05]
    multipliers = [None, np.where(rng.random(index.size) < 0.3, 1.3, 1.0)]
    cases = [(q, m, w, k) for q in queries for m in masks for w in multipliers for k in (1, 5, 10)]
    pruned = [index.search(q, k, m, w) for q, m, w, k in cases]
    monkeypatch.setattr(index_module, "PRUNING", False)
    assert pruned == [index.search(q, k, m, w) for q, m, w, k in cases]  # same rows, same float scores
    completed: list[int] = []
    original = index_module.Bm25Index._complete

    def spy(self, terms, *args):  # noqa: ANN001, ANN202
        completed.append(len(terms))
        return original(self, terms, *args)

    monkeypatch.setattr(index_module, "PRUNING", True)
    monkeypatch.setattr(index_module.Bm25Index, "_complete", spy)
    for q, m, w, k in cases:
        index.search(q, k, m, w)
    assert 0 < len(completed) < len(cases)  # common terms were skipped for some questions, not all


def test_top_k_keeps_ties_in_row_order() -> None:
    rows = np.array([9, 3, 5, 1, 7])
    values = np.array([1.0, 2.0, 2.0, 0.0, 2.0])
    assert top_k(rows, values, 2) == [(3, 2.0), (5, 2.0)]
    assert top_k(rows, values, 10) == [(3, 2.0), (5, 2.0), (7, 2.0), (9, 1.0)]


def test_an_empty_index_finds_nothing() -> None:
    empty = build_index([])
    assert empty.size == 0 and empty.search(["quan"], k=5) == [] and empty.scores(["quan"]).shape == (0,)
    blank = build_index([[], []])
    assert blank.size == 2 and blank.search(["quan"], k=5) == [] and blank.term_idf("quan") == 0.0


def test_unknown_terms_and_repeated_terms() -> None:
    index = build_index([["quan", "thu", "ngan_sach"], ["quan", "chi"], ["hoi_nghi"]], PARAMS)
    reference = BM25Plus([["quan", "thu", "ngan_sach"], ["quan", "chi"], ["hoi_nghi"]], k1=1.2, b=0.75, delta=1.0)
    assert index.search(["khong_co"], 3) == []
    query = ["quan", "quan", "thu", "khong_co"]
    for row, score in index.search(query, 3):
        assert score + index.baseline(query) == pytest.approx(reference.get_scores(query)[row], abs=1e-6)
