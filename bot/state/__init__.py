"""The state the front ends share: conversation context, per-chat quotas, update dedupe, question log, votes.

    store = open_store(settings)            # StateError (one line) when it cannot be used; see below
    store.load_context(key)                 # dict, or None when absent, idle too long, or the database is away
    store.save_context(key, data)           # JSON; "turns" cut to the last context_max_turns, capped in bytes
    store.clear_context(key)                # /moi
    store.take_quota(chat_key, per_minute)  # True when the question may be answered (atomic per chat and minute)
    store.claim_update(update_id)           # True exactly once per id, across processes
    store.try_claim_update(update_id)       # the same, one attempt: None while the database is away
    store.record_fetched([(id, update)])    # long polling: keep fetched updates until answered; the new ids
    store.unanswered_updates()              # what a process that died had fetched and not answered
    store.mark_answered(update_id)
    log_id = store.log_question(QuestionRecord.from_answer("telegram", answer, ms, chat_id=chat.id))
    store.record_vote(log_id, user.id, +1)  # one vote per user per answer; a second call changes it
    store.report_data(since)                # figures for `tracuu report` and /stats (bot/report.py)
    store.prune()                           # retention: also run by open_store
    store.healthy()                         # for /healthz
    store.close()

Where: PostgreSQL when TRACUU_DATABASE_URL (or `[state] database_url`) is set — what replicas share; else a
SQLite file `state.sqlite3` in TRACUU_STATE_DIR, else `[state] dir`, else $XDG_STATE_HOME/tracuu (beside
chat's history). A SQLite folder that cannot be written gives an in-memory store and a warning: a question
never fails for want of a state file.

Privacy: chat and user ids never reach the database in the clear. Every key (context key, quota key, the chat
of a logged question, a voter) is stored as a keyed SHA-256 (HMAC); the key lives outside the database
(TRACUU_STATE_KEY, else the file `state.key` in the state folder, mode 0600: bot/state/key.py), so a copied
database alone identifies no one; `hash_id` gives the same value to callers. An update fetched by long
polling is kept, sealed with a key derived from the same key, only until it is answered. Logged questions
and votes are deleted after `retention_days`; idle contexts after `context_idle_minutes`. `[state] log_questions = false` (or
`open_store(..., log_questions=False)`, e.g. from `--no-log`) writes no question and no vote:
`log_question` returns 0 and `record_vote` False.

Faults (bot/state/sql.py): reads degrade to None at once, writes retry with backoff for
`write_retry_seconds`, and nothing the database does raises to the caller. Without the store `take_quota`
and `claim_update` answer True: a question is answered rather than lost (`try_claim_update` instead says
None, for a webhook replica that must wait rather than answer an update another replica may hold). The
calls block while they retry; an asyncio front end runs them in a thread (`asyncio.to_thread`).

Schema: versioned migrations (bot/state/migrations.py), applied at open by whichever process comes first;
a database with a newer schema than this code knows raises StateSchemaError, so an old replica refuses to
start.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.state.config import StateConfig, state_config
from bot.state.migrations import LATEST, StateError, StateSchemaError
from bot.state.sql import SqlStore
from bot.state.store import (
    FRONT_ENDS,
    DeclinedRow,
    DislikedRow,
    FrontEndFigures,
    QuestionRecord,
    ReportData,
    StateStore,
)
from retrieval.config import Settings

__all__ = [
    "FRONT_ENDS",
    "LATEST",
    "DeclinedRow",
    "DislikedRow",
    "FrontEndFigures",
    "QuestionRecord",
    "ReportData",
    "SqlStore",
    "StateConfig",
    "StateError",
    "StateSchemaError",
    "StateStore",
    "open_state",
    "open_store",
    "state_config",
]


def open_state(config: StateConfig, clock: Callable[[], float] = time.time) -> SqlStore:
    """The store a StateConfig describes, migrated and pruned; StateError (one line) when unusable."""
    if config.database_url:
        from bot.state.postgres import open_postgres

        backend = open_postgres(config.database_url, config.pool_size, config.connect_seconds)
    else:
        from bot.state.sqlite import open_sqlite

        backend = open_sqlite(config.sqlite_path)
    try:
        store = SqlStore(backend, config, clock)
    except StateError:
        backend.close()
        raise
    store.prune()
    return store


def open_store(
    settings: Settings, *, log_questions: bool | None = None, clock: Callable[[], float] = time.time
) -> SqlStore:
    """The store `settings` name; ConfigError for a bad `[state]` table, StateError when it cannot be used."""
    return open_state(state_config(settings, log_questions), clock)
