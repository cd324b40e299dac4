"""Every update answered, and once as users see it, through a crash of the bot or an outage of the store.

Long polling: python-telegram-bot confirms a batch (the offset of its next getUpdates) before the batch is
answered, so a process killed in between would lose it. PollingRequest therefore hands every batch it
fetches to `Inbox.fetched`, which records it in the state store before PTB sees it; `DeliveryApplication`
marks each update answered once its handlers are done, and at start `Inbox.replay` queues what a dead
process had recorded and never answered. An update Telegram sends again (the dead process had not
confirmed it) is already recorded, so it is dropped. Only an answer being sent at the instant of the crash
may be sent twice.

Webhook replicas: any replica may be posted any update, so each update is claimed in the shared store and
only the claimer answers it. While the store is away a claim waits for it, however long that takes, instead
of answering unclaimed (the other replica may hold the same update): once the store is back, an update
claimed by nobody is answered and one already claimed is not answered again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from telegram import Update
from telegram.ext import Application

logger = logging.getLogger("tracuu.telegram")

INBOX_KEY = "inbox"  # in bot_data
FIRST_WAIT = 0.1  # seconds between claims while the store is away, doubled each time…
MAX_WAIT = 1.0  # …up to this


class Inbox:
    """Which updates this process answers, and the store's record of them (`store` is set at start)."""

    def __init__(self, polling: bool) -> None:
        self.polling = polling
        self.store: Any = None  # a StateStore; None until post_init opens it (or when it cannot be opened)
        self._mine: set[int] = set()  # polling: recorded by this process, not yet taken by a handler
        self.stopping = False  # set on SIGTERM: a claim waiting for an absent store gives up, so the stop ends

    async def fetched(self, updates: Sequence[Mapping[str, Any]]) -> None:
        """Long polling got `updates` (the Bot API's JSON): record them before PTB may confirm them."""
        ids = [int(update["update_id"]) for update in updates if isinstance(update.get("update_id"), int)]
        if self.store is None:
            self._mine.update(ids)
            return
        pairs = [(int(update["update_id"]), update) for update in updates if isinstance(update.get("update_id"), int)]
        new = await asyncio.to_thread(self.store.record_fetched, pairs)
        # Without the store every update is answered: one answered twice beats one lost.
        self._mine.update(ids if new is None else new)
        if new is not None and len(new) < len(ids):
            logger.info("Bỏ qua %d update đã nhận trước đó", len(ids) - len(new))

    async def replay(self, application: Application) -> int:
        """Queue the updates a process that died had fetched and not answered; how many."""
        if not self.polling or self.store is None:
            return 0
        pending = await asyncio.to_thread(self.store.unanswered_updates)
        for update_id, data in pending:
            update = Update.de_json(data, application.bot)
            if update is None:
                continue
            self._mine.add(update_id)
            await application.update_queue.put(update)
        if pending:
            logger.warning("Trả lời %d update đã nhận mà chưa trả lời trước khi bot dừng", len(pending))
        return len(pending)

    async def admit(self, update_id: int) -> bool:
        """True for the one delivery of `update_id` this process is to answer."""
        if self.polling:
            if update_id in self._mine:
                self._mine.discard(update_id)  # a second copy (replayed and sent again) is not admitted
                return True
            logger.info("Update %s đã được xử lý; bỏ qua", update_id)
            return False
        if self.store is None:
            return True
        wait, warned = FIRST_WAIT, False
        while (claimed := await asyncio.to_thread(self.store.try_claim_update, update_id)) is None:
            if self.stopping:
                logger.warning("Update %s không được trả lời: bot dừng khi kho trạng thái vắng mặt", update_id)
                return False
            if not warned:
                logger.warning("Update %s chờ kho trạng thái để nhận xử lý (claim)", update_id)
                warned = True
            await asyncio.sleep(wait)
            wait = min(wait * 2, MAX_WAIT)
        if not claimed:
            logger.info("Update %s đã được xử lý ở nơi khác; bỏ qua", update_id)
        return claimed

    async def answered(self, update_id: int) -> None:
        if self.store is not None:
            await asyncio.to_thread(self.store.mark_answered, update_id)


class DeliveryApplication(Application):  # type: ignore[type-arg]
    """PTB's Application, answering each update only when the inbox admits it and recording when it is done."""

    async def process_update(self, update: object) -> None:
        inbox = self.bot_data.get(INBOX_KEY) if isinstance(self.bot_data, dict) else None
        if not isinstance(inbox, Inbox) or not isinstance(update, Update):
            await super().process_update(update)
            return
        if not await inbox.admit(update.update_id):
            return
        try:
            await super().process_update(update)
        except asyncio.CancelledError:
            raise  # stopped mid-answer: left unanswered, so the next start answers it
        except Exception:
            await inbox.answered(update.update_id)
            raise
        # Also after a failure the error handler reported: answering again would repeat the apology.
        await inbox.answered(update.update_id)
