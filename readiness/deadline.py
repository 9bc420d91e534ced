"""A whole-run deadline (`assess --timeout`): when it passes, the run stops and says what it was
doing — which evidence source it was collecting, or that it was judging."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

from readiness.errors import ReadinessError

_doing = ["starting"]
FILE_SECONDS = 30.0
"""How long one file may take to scan or parse before it is abandoned, and named in the notes
(a repository entry's ``file_seconds`` changes it)."""


class DeadlineExceeded(ReadinessError):
    def __init__(self, seconds: float, doing: str):
        self.seconds, self.doing = seconds, doing
        super().__init__(f"the assessment passed its {seconds:g}-second deadline while {doing}")


@contextmanager
def doing(what: str) -> Iterator[None]:
    """Say what the run is doing, for the deadline's message."""
    _doing.append(what)
    try:
        yield
    finally:
        _doing.pop()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise DeadlineExceeded in the main thread once ``seconds`` have passed (no limit if None)."""
    if not seconds:
        yield
        return

    def expire(_signum, _frame):
        raise DeadlineExceeded(seconds, _doing[-1])

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
