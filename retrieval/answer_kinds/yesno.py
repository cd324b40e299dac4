"""Settle a yes/no question from one sentence, or say nothing."""
from __future__ import annotations
from retrieval.answer_kinds.kinds import AskedFor
def settle_yesno(asked: AskedFor, sentence: str) -> str | None:
    return None
