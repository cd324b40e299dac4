"""The reading worker's own side: the child process that reads files within a memory budget (see worker.py).

Apart from worker.py so that the parent side, which the loader imports, never imports the loader back.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys

from retrieval.corpus.loader import read_article
from retrieval.corpus.worker import FRAME_HEADER, read_exactly


def _limit_memory(megabytes: int) -> None:
    import resource

    limit = megabytes * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def serve(requests: int, replies: int, memory_mb: int) -> None:
    """Read files sent on `requests` until it closes, answering each on `replies`."""
    # Imported before the limit is set: the readers' libraries cost address space once, not per file.
    from retrieval.corpus import html_reader, docx_reader, pdf_reader  # noqa: F401

    _limit_memory(memory_mb)

    def send(message: object) -> None:
        payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        data = memoryview(FRAME_HEADER.pack(len(payload)) + payload)
        while data:
            data = data[os.write(replies, data):]

    send(("ready",))
    while True:
        header = read_exactly(requests, FRAME_HEADER.size, float("inf"))
        if not isinstance(header, bytes):
            return
        body = read_exactly(requests, FRAME_HEADER.unpack(header)[0], float("inf"))
        if not isinstance(body, bytes):
            return
        try:
            name, raw, limits = pickle.loads(body)
            del body
            result = read_article(name, raw, limits)
        except MemoryError:
            body = raw = None  # let go of the bytes before answering
            send(("memory",))
            return  # whatever half-built objects are left, the next file gets a fresh process
        send(("read", result))


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from retrieval.corpus.worker_child import serve as _serve  # the module itself, not this __main__ copy

    _serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
