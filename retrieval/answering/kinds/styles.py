"""The span styles: how each kind of short answer is cut, and how the answer path treats it, in one table.

A style is named by config/answer_kinds.toml (`span = "…"`). Its generator, the function that yields the
candidate spans of a sentence, is registered under the same name in spans.GENERATORS. A new style is one row
here and one generator there (tests/test_answer_kinds.py checks that the two tables agree).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpanStyle:
    extracts: bool = True  # has a generator: a short answer is cut from a sentence
    period_checked: bool = True  # a span in a clause of another period than the one asked is dropped
    opposite_checked: bool = False  # a span whose clause states only the opposite measure is dropped
    echo_dropped: bool = True  # a span made only of the question's own words is dropped
    weighed: bool = True  # the slot's fit weighs which sentence is chosen (not when most sentences hold one)
    clause: bool = False  # a long quote is cut to the clause that holds the span
    strict: bool = False  # no candidate sentence of the asked district holding it: the article does not say
    short_answer: bool = False  # the span is the answer itself: a quote without it does not answer
    from_facts: bool = False  # answered from the fact table first (retrieval/answering/fact_answer.py)


STYLES: dict[str, SpanStyle] = {
    "figure": SpanStyle(opposite_checked=True, short_answer=True, from_facts=True),
    "count": SpanStyle(strict=True, short_answer=True, from_facts=True),
    "ordinal": SpanStyle(period_checked=False),
    "date": SpanStyle(period_checked=False, weighed=False, clause=True),
    "person": SpanStyle(clause=True, short_answer=True),
    "role": SpanStyle(echo_dropped=False, clause=True),  # "là Bí thư hay Phó Bí thư?": answered in its words
    "organisation": SpanStyle(),
    "topic": SpanStyle(period_checked=False, weighed=False),
    # A name a thing is given ("chủ đề công tác năm 2024: “…”"): few sentences hold one, so holding it weighs.
    "title": SpanStyle(),
    "aligned": SpanStyle(period_checked=False, weighed=False),
    "place": SpanStyle(),
    "reason": SpanStyle(period_checked=False),
    # "Nghị quyết số mấy?": the code of a document; the year inside it is no period of the sentence.
    "document": SpanStyle(period_checked=False, clause=True, strict=True, short_answer=True),
    "yesno": SpanStyle(extracts=False),
    # "Quận nào …?": the district of the article that states it (retrieval/answering/sentence_answer.py), not a span.
    "district": SpanStyle(extracts=False, period_checked=False, weighed=False),
    "none": SpanStyle(extracts=False),
}


def style(name: str) -> SpanStyle:
    return STYLES.get(name, STYLES["none"])
