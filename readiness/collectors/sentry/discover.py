"""Discover exports (CSV, JSON, JSON lines): any column set the user chose, mapped onto the tables
by field name; spreadsheet-escaped cells are unescaped, never evaluated."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

from readiness.collectors.files import read_text
from readiness.collectors.sentry.tables import SCRUBBED, as_bool, per_unique, typed_table, user_key
from readiness.errors import EvidenceFormatError
from readiness.redact import mask_identifier
from readiness.sentry_scrub import scrub_text

DISCOVER_FIELD = re.compile(r"^(equation\|.*|[A-Za-z_][\w.:\-]*(\([^()]*\))?)$")
EQUATION_OPERATOR = re.compile(r"\s[-+*/]\s")
DISCOVER_FIELDS = {
    "id": "event_id",
    "title": "title",
    "message": "title",
    "issue": "issue",
    "project": "project",
    "project.name": "project",
    "environment": "environment",
    "release": "release",
    "level": "level",
    "culprit": "culprit",
    "error.handled": "handled",
    "error.unhandled": "unhandled",
    "count()": "count",
    "count_unique(user)": "users",
    "last_seen()": "last_seen",
    "timestamp": "timestamp",
    "timestamp.to_day": "timestamp",
    "timestamp.to_hour": "timestamp",
    "event.type": "event_type",
    "transaction": "transaction",
    "transaction.op": "op",
    "transaction.duration": "duration_ms",
    "p50(transaction.duration)": "p50",
    "p50()": "p50",
    "p95(transaction.duration)": "p95",
    "p95()": "p95",
    "p99()": "p99",
    "avg(transaction.duration)": "avg",
    "user": "user",
    "user.id": "user",
    "user.email": "user",
    "user.username": "user",
    "user.ip": "user",
    "user.display": "user",
}
# Newer exports write each function's alias (get_function_alias: `count()` → `count`) as the header.
DISCOVER_ALIASES = {
    "count": "count",
    "count_unique_user": "users",
    "last_seen": "last_seen",
    "p50_transaction_duration": "p50",
    "p50": "p50",
    "p95_transaction_duration": "p95",
    "p95": "p95",
    "p99": "p99",
    "avg_transaction_duration": "avg",
}
DISCOVER_COLUMNS = {**DISCOVER_FIELDS, **DISCOVER_ALIASES}
DISCOVER_ANCHORS = {
    "title",
    "count",
    "timestamp",
    "last_seen",
    "transaction",
    "event_type",
    "issue",
    "event_id",
}
ESCAPED_CELL = re.compile(r"^'[=+\-@]")
FREE_TEXT = {
    "title",
    "issue",
    "project",
    "environment",
    "release",
    "level",
    "culprit",
    "transaction",
    "op",
    "user",
}
# Every text column but the (already fingerprinted) user and Sentry's own ids: any may carry a secret.
REPEATED_VALUES = (FREE_TEXT - {"user"}) | {"handled", "unhandled", "event_type"}
DURATION_STATS = ("duration_ms", "p50", "p95", "p99", "avg")


def is_discover_field(header: str) -> bool:
    """A field, a function, or an equation over them (exports write equations as their raw text)."""
    if DISCOVER_FIELD.match(header):
        return True
    operands = [part.strip() for part in EQUATION_OPERATOR.split(header)]
    return len(operands) > 1 and all(DISCOVER_FIELD.match(o) or re.fullmatch(r"[\d.]+", o) for o in operands)


def _discover_header(path: Path, text: str) -> list[str]:
    try:
        header = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    except csv.Error as exc:
        raise EvidenceFormatError(path, f"has a header line that is not CSV ({exc})", line=1) from None
    if not header:
        raise EvidenceFormatError(path, "has no header line (not text, or starts with a blank line)", line=1)
    unknown = [h for h in header if not is_discover_field(h.strip())]
    if unknown:
        raise EvidenceFormatError(
            path,
            "is not a Sentry Discover export: column(s) "
            f"{', '.join(map(repr, unknown[:5]))} are not Sentry fields",
            line=1,
        )
    if not {DISCOVER_COLUMNS.get(h.strip()) for h in header} & DISCOVER_ANCHORS:
        raise EvidenceFormatError(
            path,
            "has no column Sentry Discover exports always carry (title, "
            "count(), timestamp, transaction, event.type, issue or id)",
            line=1,
        )
    if len(set(header)) != len(header):
        raise EvidenceFormatError(path, "repeats a column name in its header", line=1)
    return header


def parse_discover_csv(path: Path, head: str) -> pd.DataFrame:
    """Discover rows with canonical column names; formula-escaping quotes undone.

    pandas reads the file itself (a million rows must load in about a second);
    ``head`` is its decoded beginning, enough to judge the header.
    """
    header = _discover_header(path, head)
    try:
        frame = pd.read_csv(path, dtype=_discover_dtypes(header), keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        read_text(path)  # raises the error that names the offending byte
        raise
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise EvidenceFormatError(
            path, f"has rows that do not match the header ({exc})", line=int(line.group(1)) if line else None
        ) from None
    if frame.empty:
        raise EvidenceFormatError(path, "has a header but no rows: an empty export")
    repeated = frame.index[frame[header[0]] == header[0]]
    if len(repeated):
        raise EvidenceFormatError(
            path,
            "holds a second header row: two exports with different columns were pasted together",
            line=int(repeated[0]) + 2,
        )
    return discover_frame(frame)


def _discover_dtypes(header: list[str]) -> dict[str, str]:
    """Columns that repeat a few values are read as categories: cleaning them is per value then."""
    return {h: "category" if DISCOVER_COLUMNS.get(h.strip()) in REPEATED_VALUES else "str" for h in header}


def clean_cell(value: str) -> str:
    """A Discover cell as Sentry stored it, minus any email or IP address."""
    return scrub_text(unescape_cell(value))


def discover_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename Discover fields to our names and undo the ``'`` Sentry puts before = + - @."""
    out = {}
    for column in frame.columns:
        name = DISCOVER_COLUMNS.get(str(column).strip())
        if name and name not in out:
            clean = clean_cell if name in SCRUBBED else unescape_cell
            text = name in FREE_TEXT and frame[column].dtype.kind not in "iufbM"
            out[name] = per_unique(frame[column], clean) if text else frame[column]
    return pd.DataFrame(out, index=frame.index)


def unescape_cell(value: str) -> str:
    return value[1:] if ESCAPED_CELL.match(value) else value


def discover_tables(rows: pd.DataFrame, keep_users: bool) -> dict[str, pd.DataFrame]:
    """Discover rows split into events (errors) and transactions, weighted by count() when aggregated."""
    rows = rows.copy()
    count = pd.to_numeric(rows["count"], errors="coerce") if "count" in rows else None
    rows["count"] = 1 if count is None else count.fillna(0)
    if "timestamp" not in rows and "last_seen" in rows:
        rows["timestamp"] = rows["last_seen"]
    if "handled" not in rows and "unhandled" in rows:
        rows["handled"] = rows["unhandled"].map(lambda v: not as_bool(v) if as_bool(v) is not None else None)
    is_transaction = _transaction_rows(rows)
    tables = {"events": _discover_events(rows[~is_transaction], keep_users)}
    if is_transaction.any():
        tables["transactions"] = _discover_transactions(rows[is_transaction])
    return tables


def _transaction_rows(rows: pd.DataFrame) -> pd.Series:
    if "event_type" in rows:
        return rows["event_type"].astype("str").eq("transaction")
    has_duration = any(stat in rows for stat in DURATION_STATS)
    return pd.Series(has_duration and "transaction" in rows, index=rows.index)


def _discover_events(rows: pd.DataFrame, keep_users: bool) -> pd.DataFrame:
    rows = rows.copy()
    if "user" in rows:
        raw = rows["user"].astype("str")
        rows["user"] = per_unique(raw, mask_identifier if keep_users else user_key)
        rows["users"] = (raw != "").astype("int64")
    return typed_table("events", rows)


def _discover_transactions(rows: pd.DataFrame) -> pd.DataFrame:
    stat = next(s for s in (*DURATION_STATS, None) if s is None or s in rows)
    rows = rows.assign(
        duration_ms=rows[stat] if stat else None,
        statistic="single" if stat in (None, "duration_ms") else stat,
    )
    return typed_table("transactions", rows)


def parse_discover_jsonl(path: Path, text: str) -> pd.DataFrame:
    """The JSON-lines data export: one row object per line, keyed like the CSV header."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvidenceFormatError(path, f"has a line that is not JSON ({exc.msg})", line=number) from None
    frame = pd.DataFrame(rows)
    if not {DISCOVER_COLUMNS.get(str(c)) for c in frame.columns} & DISCOVER_ANCHORS:
        raise EvidenceFormatError(
            path,
            "is JSON lines but not a Sentry data export (no title, count, "
            "timestamp, transaction or id field)",
        )
    return discover_frame(frame)


def parse_discover_json(path: Path, data: dict) -> pd.DataFrame:
    """The Discover API answer ({data: [...], meta: {...}}) becomes the same rows as the CSV."""
    rows = data.get("data")
    if not isinstance(rows, list) or not rows:
        raise EvidenceFormatError(path, "is a Discover answer with no rows")
    return discover_frame(pd.DataFrame(rows))
