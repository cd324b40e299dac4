"""The analyses of the questions lately answered, by their text: a follow-up derives its analysis from the one
of the turn before instead of reading that question again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from retrieval.answering.analysis import Question

MAX_READINGS = 1024  # a few hundred chats' last turns; a restart or an eviction costs one more reading


class Readings:
    """A bounded map (reader, text) → analysis; `reader` is what the analysis also depends on (the corpus's
    places, the length limit), so a library rebuilt with other districts never reuses an old reading."""

    def __init__(self, size: int = MAX_READINGS) -> None:
        self._size = size
        self._by_text: OrderedDict[tuple[Hashable, str], Question] = OrderedDict()
        self._lock = threading.Lock()  # the bot answers chats from worker threads

    def get(self, reader: Hashable, text: str) -> Question | None:
        with self._lock:
            found = self._by_text.get((reader, text))
            if found is not None:
                self._by_text.move_to_end((reader, text))
            return found

    def keep(self, reader: Hashable, question: Question) -> None:
        with self._lock:
            self._by_text[(reader, question.text)] = question
            self._by_text.move_to_end((reader, question.text))
            while len(self._by_text) > self._size:
                self._by_text.popitem(last=False)
