"""Why the index uses rank-bm25's BM25Plus, with paragraphs that match nothing left out."""

from __future__ import annotations

import pytest
from rank_bm25 import BM25Okapi, BM25Plus

from retrieval.search.bm25 import Bm25Params, build_index

# Four tiny paragraphs: "ngan_sach" is in two of them, "quan" in three, "covid" in one.
PARAGRAPHS = [
    ["quan", "thu", "ngan_sach", "dat", "ty", "dong"],
    ["quan", "chi", "ngan_sach", "tiet_kiem"],
    ["quan", "phong", "chong", "covid"],
    ["hoi_nghi", "tong_ket", "cong_tac", "xay_dung", "dang"],
]


def test_okapi_weighs_a_term_in_half_the_paragraphs_below_a_commoner_one() -> None:
    okapi = BM25Okapi(PARAGRAPHS)
    # log((4 - 2 + 0.5) / (2 + 0.5)) = 0, while "quan" (3 of 4, negative IDF) is floored above it.
    assert okapi.idf["ngan_sach"] == 0.0
    assert okapi.idf["quan"] > okapi.idf["ngan_sach"]


def test_our_idf_keeps_rarer_terms_heavier() -> None:
    index = build_index(PARAGRAPHS)
    assert index.term_idf("covid") > index.term_idf("ngan_sach") > index.term_idf("quan") > 0


def test_rank_bm25_plus_scores_paragraphs_that_match_nothing() -> None:
    scores = BM25Plus(PARAGRAPHS, k1=1.2, b=0.75, delta=1.0).get_scores(["ngan_sach"])
    assert scores[3] > 0  # "hoi_nghi …" shares no term with the question


def test_our_index_returns_only_matching_paragraphs_ranked_like_bm25_plus() -> None:
    params = Bm25Params(k1=1.2, b=0.75, delta=1.0)
    index = build_index(PARAGRAPHS, params)
    query = ["quan", "ngan_sach"]
    hits = index.search(query, k=10)
    reference = BM25Plus(PARAGRAPHS, k1=params.k1, b=params.b, delta=params.delta).get_scores(query)
    # The shorter paragraph 1 outranks 0; paragraph 3 shares no term and is not returned at all.
    assert [row for row, _ in hits] == [1, 0, 2]
    assert sorted(range(3), key=lambda row: -reference[row]) == [1, 0, 2]
    for row, score in hits:
        assert score + index.baseline(query) == pytest.approx(reference[row], rel=1e-5)


def test_an_empty_index_finds_nothing() -> None:
    assert build_index([]).search(["quan"], k=5) == []
