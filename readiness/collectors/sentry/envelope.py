"""Recorded SDK envelopes (the wire format): gzipped or not, CRLF or BOM repaired with a note,
items cut out by their declared length."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from readiness.collectors.sentry.events import event_rows, tables_from_rows
from readiness.collectors.sentry.sessions import session_update_rows
from readiness.collectors.sentry.tables import typed_table
from readiness.errors import EvidenceFormatError

GZIP_MAGIC = b"\x1f\x8b"
MAX_ENVELOPE_BYTES = 256 * 1024 * 1024


def envelope_repairs(data: bytes) -> list[str]:
    """What `normalise_envelope` undoes, said as warnings: a report says the file was not as sent."""
    repairs = {
        "gzip-compressed (decompressed)": data.startswith(GZIP_MAGIC),
        "starts with a UTF-8 BOM (ignored)": data.startswith(b"\xef\xbb\xbf"),
        "has Windows (CRLF) line endings (read as LF)": b"\r\n" in data[:65536],
    }
    return [f"warning: envelope {text}" for text, found in repairs.items() if found]


def normalise_envelope(path: Path, data: bytes) -> bytes:
    """Bytes as the SDK sent them: a gzip body saved as-is is inflated (bounded), a BOM dropped,
    CRLF line endings (an editor or git's autocrlf) turned back into LF so lengths and lines hold."""
    if data.startswith(GZIP_MAGIC):
        data = _gunzip(path, data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.replace(b"\r\n", b"\n") if b"\r\n" in data else data


def _gunzip(path: Path, data: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=31)
    try:
        body = inflater.decompress(data, MAX_ENVELOPE_BYTES)
    except zlib.error as exc:
        raise EvidenceFormatError(path, f"is gzip-compressed but cannot be decompressed ({exc})") from None
    if inflater.unconsumed_tail:
        raise EvidenceFormatError(path, f"is gzip-compressed and inflates past {MAX_ENVELOPE_BYTES} bytes")
    if not inflater.eof:
        raise EvidenceFormatError(path, "is gzip-compressed but truncated")
    if not body.strip():
        raise EvidenceFormatError(path, "is gzip-compressed and empty")
    return body


def envelope_items(path: Path, data: bytes) -> Iterable[tuple[dict, bytes]]:
    """(item header, payload) pairs; ``length`` honoured, newline-delimited otherwise."""
    header_end = data.find(b"\n")
    position = len(data) if header_end < 0 else header_end + 1
    while position < len(data):
        line_end = data.find(b"\n", position)
        line_end = len(data) if line_end < 0 else line_end
        if not data[position:line_end].strip():
            position = line_end + 1
            continue
        try:
            header = json.loads(data[position:line_end])
        except ValueError:  # not JSON, or not UTF-8/16/32 text
            raise EvidenceFormatError(path, "has an envelope item header that is not JSON") from None
        length = header.get("length") if isinstance(header, dict) else -1
        if not isinstance(header, dict) or not isinstance(length, (int, type(None))) or (length or 0) < 0:
            raise EvidenceFormatError(path, "has an envelope item header without a valid type and length")
        start = line_end + 1
        end = start + length if length is not None else _line_end(data, start)
        if end > len(data):
            raise EvidenceFormatError(
                path, f"is truncated: a {header.get('type')} item announces {header['length']} bytes"
            )
        yield header, data[start:end]
        position = end + 1


def _line_end(data: bytes, start: int) -> int:
    end = data.find(b"\n", start)
    return len(data) if end < 0 else end


def parse_envelope(path: Path, data: bytes, keep_users: bool) -> dict[str, pd.DataFrame]:
    parts, sessions = [], []
    for header, payload in envelope_items(path, normalise_envelope(path, data)):
        kind = header.get("type")
        if kind not in ("event", "transaction", "session", "sessions"):
            continue
        try:
            body = json.loads(payload)
        except ValueError:
            raise EvidenceFormatError(path, f"has a {kind} item that is not JSON (truncated?)") from None
        if kind in ("session", "sessions"):
            sessions.append(body)
        else:
            parts.append(
                event_rows({**body, "type": kind if kind == "transaction" else body.get("type")}, keep_users)
            )
    tables = tables_from_rows(parts)
    if sessions:
        tables["sessions"] = typed_table("sessions", session_update_rows(sessions))
    return tables
