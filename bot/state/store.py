"""What the front ends may ask of the state store (a Protocol), and the records that cross it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from retrieval.models import Answer

FRONT_ENDS = ("cli", "chat", "telegram")
MAX_LOGGED_CHARS = 2000  # a pasted article is logged by its beginning


@dataclass(frozen=True)
class QuestionRecord:
    """One question as the log keeps it; `chat_id` is hashed with the store's key and never stored."""

    front_end: str  # "cli", "chat" or "telegram"
    question: str
    answered: bool
    latency_ms: int
    resolved_question: str | None = None  # how a follow-up was read; None for a standalone question
    reason: str | None = None  # why it was declined
    citation: str | None = None  # "doc_id:paragraph" of the main quote
    chat_id: int | str | None = None
    asked_at: float | None = None  # Unix seconds; None means now

    @classmethod
    def from_answer(
        cls,
        front_end: str,
        answer: Answer,
        latency_ms: float,
        chat_id: int | str | None = None,
        resolved_question: str | None = None,
    ) -> QuestionRecord:
        top = answer.citations[0] if answer.citations else None
        return cls(
            front_end=front_end,
            question=answer.question,
            answered=not answer.abstained,
            latency_ms=round(latency_ms),
            resolved_question=resolved_question,
            reason=answer.reason if answer.abstained else None,
            citation=f"{top.doc_id}:{top.paragraph}" if top and not answer.abstained else None,
            chat_id=chat_id,
        )


@dataclass(frozen=True)
class FrontEndFigures:
    front_end: str
    questions: int
    answered: int
    latencies_ms: tuple[int, ...]  # sorted


@dataclass(frozen=True)
class DeclinedRow:
    question: str  # exactly as asked; the report groups spellings
    reason: str | None
    count: int
    last_asked: float


@dataclass(frozen=True)
class DislikedRow:
    log_id: int
    asked_at: float
    front_end: str
    question: str
    resolved_question: str | None
    citation: str | None
    down: int
    up: int


@dataclass(frozen=True)
class ReportData:
    """The raw figures of `tracuu report` for questions asked in [since, until)."""

    since: float
    until: float
    front_ends: tuple[FrontEndFigures, ...]
    declined: tuple[DeclinedRow, ...]
    disliked: tuple[DislikedRow, ...]  # most 👎 first


class StateStore(Protocol):
    """Shared state of the front ends; see the package docstring (bot/state/__init__.py) for semantics."""

    backend: str  # "sqlite" or "postgres"
    log_questions: bool

    def load_context(self, key: str) -> dict[str, Any] | None: ...

    def save_context(self, key: str, data: dict[str, Any]) -> None: ...

    def clear_context(self, key: str) -> None: ...

    def take_quota(self, chat_key: str, per_minute: int) -> bool: ...

    def claim_update(self, update_id: int) -> bool: ...

    def try_claim_update(self, update_id: int) -> bool | None: ...

    def record_fetched(self, updates: Sequence[tuple[int, Mapping[str, Any]]]) -> set[int] | None: ...

    def unanswered_updates(self) -> list[tuple[int, dict[str, Any]]]: ...

    def mark_answered(self, update_id: int) -> None: ...

    def log_question(self, record: QuestionRecord) -> int: ...

    def record_vote(self, log_id: int, user: int | str, vote: int) -> bool: ...

    def hash_id(self, raw: int | str) -> str: ...

    def prune(self, now: float | None = None) -> int: ...

    def report_data(self, since: float, until: float | None = None) -> ReportData: ...

    def healthy(self) -> bool: ...

    def close(self) -> None: ...
