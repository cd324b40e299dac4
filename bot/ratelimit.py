"""Per-chat question limits, with one polite refusal per stretch.

`SlidingWindowLimiter` counts in this process (inline queries, and questions before the store is open);
`SharedLimiter` counts in the state store, so the limit holds across bot replicas.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Protocol

MAX_KEYS = 10_000  # beyond this many chats, idle ones are forgotten


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: float = 0.0  # seconds until the next event would be allowed
    first_refusal: bool = False  # True on the first refusal since the key was last allowed


class SlidingWindowLimiter:
    """At most `limit` events per `window` seconds for each key; a limit of 0 or less allows everything."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[Hashable, deque[float]] = {}
        self._refused: set[Hashable] = set()

    def hit(self, key: Hashable) -> Verdict:
        """Count an event for `key` if it is allowed now; refused events are not counted."""
        if self.limit <= 0:
            return Verdict(True)
        if len(self._events) > MAX_KEYS:
            self.forget_idle()
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) < self.limit:
            events.append(now)
            self._refused.discard(key)
            return Verdict(True)
        # Only the first refusal is worth a reply: answering every extra message would be flooding too.
        first = key not in self._refused
        self._refused.add(key)
        return Verdict(False, retry_after=max(events[0] + self.window - now, 0.0), first_refusal=first)

    def forget_idle(self) -> None:
        """Drop keys with no event in the current window, so long-running bots do not grow without bound."""
        now = self._clock()
        for key in [k for k, events in self._events.items() if not events or events[-1] <= now - self.window]:
            del self._events[key]
            self._refused.discard(key)


class QuotaStore(Protocol):
    """The part of bot.state's store a SharedLimiter uses."""

    def take_quota(self, chat_key: str, per_minute: int) -> bool: ...


REFUSAL_KEY = "refusal:"  # a second quota per chat, of one, so that only one replica says "too fast" a minute


class SharedLimiter:
    """At most `limit` events per calendar minute for each key, counted atomically in the state store.

    Until `store` is set (it is opened after the bot is built) counting falls back to a SlidingWindowLimiter
    in this process; a store whose database is away allows the question: none is lost for want of a counter.
    """

    def __init__(self, limit: int, store: QuotaStore | None = None, clock: Callable[[], float] = time.time) -> None:
        self.limit = limit
        self.store = store
        self._clock = clock
        self._local = SlidingWindowLimiter(limit)

    async def hit(self, key: Hashable) -> Verdict:
        """Count an event for `key` if it is allowed now (the store call runs in a thread: it may retry)."""
        store = self.store
        if self.limit <= 0 or store is None:
            return self._local.hit(key)
        if await asyncio.to_thread(store.take_quota, str(key), self.limit):
            return Verdict(True)
        first = await asyncio.to_thread(store.take_quota, f"{REFUSAL_KEY}{key}", 1)
        return Verdict(False, retry_after=60.0 - self._clock() % 60.0, first_refusal=first)
