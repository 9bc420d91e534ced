"""How real evidence files arrive damaged: the shared moves of every reader's property-based tests
(load tests, Sentry, CI artefacts), each test drawing its own samples and sizes."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

BOUNDED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ENCODINGS = st.sampled_from(["utf-16", "utf-32", "latin-1", "utf-8-sig", "cp1252"])
"""The encodings a text file is re-saved in on the way (Windows tools, editors, spreadsheets)."""


def cut(data: bytes, share: float) -> bytes:
    """The file cut short, keeping ``share`` of it (an upload or a copy interrupted)."""
    return data[: int(len(data) * share)]


def re_encoded(data: bytes, encoding: str, crlf: bool) -> bytes:
    """The file's text saved in another encoding, with Windows line ends or not."""
    text = data.decode("utf-8", "replace")
    return (text.replace("\n", "\r\n") if crlf else text).encode(encoding, "replace")


def with_junk(data: bytes, junk: bytes, where: float) -> bytes:
    """Bytes inserted at ``where`` (a share of the file's length)."""
    at = int(len(data) * where)
    return data[:at] + junk + data[at:]


def columns_shuffled(text: str, seed: random.Random) -> bytes:
    """A CSV file's columns in another order, header and rows alike."""
    rows = [line.split(",") for line in text.splitlines()]
    order = list(range(max(len(r) for r in rows)))
    seed.shuffle(order)
    return "\n".join(",".join(r[i] for i in order if i < len(r)) for r in rows).encode()
