"""One turn of a conversation: read a follow-up in the light of the turn before, answer it, remember it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from retrieval.answer import answer
from retrieval.compare import read_comparison
from retrieval.compare_answer import answer_comparison
from retrieval.config import AnswerSettings
from retrieval.followup import Places, TurnContext, remember, resolve
from retrieval.models import Answer
from retrieval.question import read_question
from retrieval.search.library import Library


@dataclass(frozen=True)
class Turn:
    answer: Answer
    context: TurnContext  # what the next question may lean on


def respond(text: str, previous: TurnContext | None, library: Library, settings: AnswerSettings) -> Turn:
    """Answer `text`; a follow-up inherits what `previous` established (place, period, topic, article)."""
    reader = library.question_reader(settings.max_question_chars)
    places = Places.of(reader)
    resolution = resolve(text, previous, places)
    question = read_question(resolution.question if resolution.followup else text, reader)
    question = dataclasses.replace(question, raw=text, documents=resolution.doc_ids)

    def read(asked: str):
        return read_question(asked, reader)

    request = None if question.documents else read_comparison(question.text, library.districts, question.districts)
    if request is not None and len(request.districts) >= 2:
        result = answer_comparison(question, request, library, settings, read)
    else:
        result = answer(question, library, library.tokenizer, settings, library.coverage)
    result = dataclasses.replace(result, resolved_question=resolution.resolved_question)
    cited = [c.doc_id for c in result.citations]
    direct = result.direct.text if result.direct else None
    return Turn(result, remember(question.text, places, cited, direct))
