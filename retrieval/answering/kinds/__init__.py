"""Direct answers: what a question asks for, and the short span of a sentence that answers it.

read_asked(question) -> AskedFor; extract_span(asked, sentence) -> Span | None; holds_slot(asked, sentence);
settle_yesno(asked, sentence) -> "Có" | "Không" | None; paraphrase_variants(folded_text) -> extra phrases.
Tables: config/answer_kinds.toml and config/paraphrases.toml (answer_kinds_from_toml, paraphrases_from_toml).
"""

from retrieval.answering.kinds.kinds import AnswerKinds, AskedFor, answer_kinds_from_toml, default_answer_kinds, read_asked
from retrieval.answering.kinds.paraphrases import Paraphrases, default_paraphrases, paraphrase_variants, paraphrases_from_toml
from retrieval.answering.kinds.periods import Period, conflicts, read_period
from retrieval.answering.kinds.spans import Span, candidates, extract_span, holds_slot, slot_score
from retrieval.answering.kinds.yesno import NO, YES, settle_yesno

__all__ = [
    "NO", "YES", "AnswerKinds", "AskedFor", "Paraphrases", "Period", "Span", "answer_kinds_from_toml",
    "candidates", "conflicts", "default_answer_kinds", "default_paraphrases", "extract_span", "holds_slot",
    "paraphrase_variants", "paraphrases_from_toml", "read_asked", "read_period", "settle_yesno", "slot_score",
]
