"""Article files read in a worker process with a memory and a time budget ([reading] memory_mb, seconds).

A hostile file can make a reader take memory or time without end: a PDF whose streams inflate without
limit, a page nested a million levels deep, a zip that slipped past the archive check. In the serving
process that would cost everyone their answers (or the process, to the out-of-memory killer). So bytes
become text in a child process: its address space is capped with RLIMIT_AS, so an allocation past the
budget fails there (MemoryError, or the child dies), and the parent kills it when one file takes longer
than its budget. Either way the file is refused in one line naming the limit and the next file gets a
fresh worker. Waiting for the worker holds no lock and no GIL: answering goes on meanwhile.

The worker stays up between files (starting it costs a Python start-up and the readers' imports, about
half a second) and exits when its parent closes the pipe, so it never outlives the parent. It is started
with subprocess, not multiprocessing: forking a process that has threads (the bot's) can deadlock, and
multiprocessing's spawn would import the parent's main module again.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from retrieval.corpus.formats import FileMetadata
from retrieval.corpus.limits import ReadLimits

logger = logging.getLogger(__name__)

Read = tuple[str | None, FileMetadata | None, str | None]  # what loader.read_article returns

FRAME_HEADER = struct.Struct(">Q")
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # so the child imports this same code
START_SECONDS = 30.0  # a worker that cannot even start in this long is broken, not busy


class WorkerError(Exception):
    """The worker could not be started or talked to (not a file's fault)."""


def memory_refusal(limits: ReadLimits) -> str:
    return f"đọc tệp cần hơn {limits.memory_mb} MB bộ nhớ, quá giới hạn {limits.key('memory_mb')}"


def time_refusal(limits: ReadLimits) -> str:
    return f"đọc tệp mất hơn {limits.seconds:g} giây, quá giới hạn {limits.key('seconds')}"


class BoundedReader:
    """One worker process; `read` sends it a file and waits at most `limits.seconds` for the text."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self._owner = os.getpid()  # a forked copy of this object must not talk to the parent's worker
        self._process: subprocess.Popen[bytes] | None = None
        self._requests: int | None = None  # our end of the pipes
        self._replies: int | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def owned(self) -> bool:
        return self._owner == os.getpid()

    def start(self) -> None:
        """Start the worker now (else the first `read` does), and wait until it is ready."""
        if self._process is not None and self._process.poll() is None:
            return
        self.close()
        child_requests, parent_requests = os.pipe()
        parent_replies, child_replies = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
        command = [sys.executable, "-m", "retrieval.corpus.worker_child", str(child_requests), str(child_replies),
                   str(self.limits.memory_mb)]
        try:
            self._process = subprocess.Popen(
                command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                pass_fds=(child_requests, child_replies), close_fds=True,
            )
        except OSError as error:
            for fd in (child_requests, parent_requests, parent_replies, child_replies):
                os.close(fd)
            raise WorkerError(f"không chạy được tiến trình đọc tệp ({error.strerror or error})") from None
        os.close(child_requests)
        os.close(child_replies)
        self._requests, self._replies = parent_requests, parent_replies
        reply = self._receive(START_SECONDS)
        if reply != ("ready",):
            self.close()
            raise WorkerError("tiến trình đọc tệp không khởi động được")

    def read(self, name: str, raw: bytes) -> Read:
        """What loader.read_article gives for this file, read in the worker; a refusal past a limit."""
        self.start()
        try:
            self._send(pickle.dumps((name, raw, self.limits), protocol=pickle.HIGHEST_PROTOCOL))
            reply = self._receive(self.limits.seconds)
        except BrokenPipeError:
            reply = None
        if reply is _TIMED_OUT:
            logger.warning("Đọc %s quá %g giây; dừng tiến trình đọc", name, self.limits.seconds)
            self.close()
            return None, None, time_refusal(self.limits)
        if reply is None or reply[0] == "memory":
            # Dead without a word: killed for its memory (RLIMIT_AS can fail an allocation a C library
            # does not survive) or crashed in a parser; either way, this file is what it could not take.
            logger.warning("Tiến trình đọc dừng khi đọc %s (mã %s)", name, self._exit_code())
            self.close()
            return None, None, memory_refusal(self.limits)
        return reply[1]

    def close(self) -> None:
        """Stop the worker (closing its pipe ends it; a stuck one is killed)."""
        for fd in (self._requests, self._replies):
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._requests = self._replies = None
        process, self._process = self._process, None
        if process is None or not self.owned:
            return
        if process.poll() is None:
            process.kill()
        process.wait()

    def _exit_code(self) -> int | None:
        if self._process is None:
            return None
        try:
            return self._process.wait(1)
        except subprocess.TimeoutExpired:
            return None

    def _send(self, payload: bytes) -> None:
        assert self._requests is not None
        data = memoryview(FRAME_HEADER.pack(len(payload)) + payload)
        while data:
            written = os.write(self._requests, data)
            data = data[written:]

    def _receive(self, seconds: float) -> object:
        """The worker's next message; _TIMED_OUT after `seconds`; None when the worker has gone."""
        assert self._replies is not None
        deadline = time.monotonic() + seconds
        header = read_exactly(self._replies, FRAME_HEADER.size, deadline)
        if not isinstance(header, bytes):
            return header
        body = read_exactly(self._replies, FRAME_HEADER.unpack(header)[0], deadline)
        return pickle.loads(body) if isinstance(body, bytes) else body


_TIMED_OUT = object()


def read_exactly(fd: int, size: int, deadline: float) -> bytes | object | None:
    chunks: list[bytes] = []
    left = size
    while left:
        wait = None if deadline == float("inf") else deadline - time.monotonic()
        if wait is not None and (wait <= 0 or not select.select([fd], [], [], wait)[0]):
            return _TIMED_OUT
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# ----------------------------------------------------------------------------- one worker per process

_shared: BoundedReader | None = None
_shared_lock = threading.Lock()  # the worker reads one file at a time; callers (watcher, uploads) take turns


def read_bounded(name: str, raw: bytes, limits: ReadLimits = ReadLimits()) -> Read:
    """loader.read_article(name, raw, limits) in this process's worker, within the limits' budget.

    WorkerError when no worker can be run at all (the machine is out of processes): the caller cannot
    tell whether the file is good, so it is not refused as if it were bad.
    """
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.owned or _shared.limits != limits:
            if _shared is not None and _shared.owned:
                _shared.close()
            _shared = BoundedReader(limits)
        return _shared.read(name, raw)


def _after_fork() -> None:
    # A forked child (the index's pool workers) gets its own worker and a lock nobody else can be holding.
    global _shared, _shared_lock
    _shared, _shared_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


def start_worker(limits: ReadLimits = ReadLimits()) -> int | None:
    """Start this process's worker ahead of the first file (so the first upload does not wait for it); its pid."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.owned or _shared.limits != limits:
            _shared = BoundedReader(limits)
        _shared.start()
        return _shared.pid
