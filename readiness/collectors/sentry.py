"""Sentry evidence: UI exports, API JSON, GlitchTip output and recorded SDK envelopes.

Every format lands in the same typed tables (``issues``, ``events``, ``frames``,
``transactions``, ``sessions``, ``crash_free``) so checks and views never care
where the data came from. Personal data stops here: user identifiers become
fingerprints (enough to count people, not to name them) and emails or IP
addresses inside titles and culprits are masked before any table holds them.
Only an explicit ``show_user_ids: true`` option keeps a masked user column.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.collectors.files import files_in, read_text
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceFormatError, EvidenceMissingError
from readiness.model import SourceRecord
from readiness.redact import fingerprint, mask_identifier
from readiness.sentry_metrics import source_figures
from readiness.sentry_scrub import scrub_text

log = logging.getLogger(__name__)

UTC_TIME = "datetime64[ns, UTC]"
TABLE_COLUMNS: dict[str, dict[str, Any]] = {
    "issues": {
        "issue_id": "str",
        "short_id": "str",
        "title": "str",
        "culprit": "str",
        "level": "str",
        "status": "str",
        "substatus": "str",
        "count": "int64",
        "user_count": "int64",
        "first_seen": UTC_TIME,
        "last_seen": UTC_TIME,
        "is_unhandled": "boolean",
        "project": "str",
    },
    "events": {
        "event_id": "str",
        "timestamp": UTC_TIME,
        "environment": "str",
        "release": "str",
        "level": "str",
        "title": "str",
        "culprit": "str",
        "handled": "boolean",
        "count": "int64",
        "users": "int64",
        "user": "str",
        "project": "str",
    },
    "frames": {
        "event_id": "str",
        "title": "str",
        "filename": "str",
        "abs_path": "str",
        "function": "str",
        "lineno": "Int64",
        "in_app": "boolean",
    },
    "transactions": {
        "timestamp": UTC_TIME,
        "transaction": "str",
        "op": "str",
        "environment": "str",
        "release": "str",
        "duration_ms": "float64",
        "statistic": "str",
        "count": "int64",
    },
    "sessions": {"date": UTC_TIME, "environment": "str", "release": "str", "status": "str", "count": "int64"},
    "crash_free": {"scope": "str", "rate": "float64", "environment": "str", "release": "str"},
    "alert_rules": {"name": "str", "kind": "str", "environment": "str", "actions": "int64", "status": "str"},
}
FORMATS = (
    "discover_csv",
    "discover_json",
    "discover_jsonl",
    "issues_json",
    "events_json",
    "sessions_json",
    "releases_json",
    "alert_rules_json",
    "envelope",
)
FORMAT_ALIASES = {
    "glitchtip": "issues_json",
    "glitchtip_issues": "issues_json",
    "issues": "issues_json",
    "events": "events_json",
    "sessions": "sessions_json",
    "discover": "discover_csv",
    "csv": "discover_csv",
    "envelopes": "envelope",
}
SNAPSHOT_SKIP = {"manifest.json", "project.json"}
SNAPSHOT_PATTERNS = ("*.json", "*.jsonl", "*.csv", "*.envelope")
SESSION_STATUS = {
    "exited": "healthy",
    "ok": "healthy",
    "healthy": "healthy",
    "errored": "errored",
    "crashed": "crashed",
    "abnormal": "abnormal",
    "unhandled": "crashed",
}

EPOCH = re.compile(r"^\d+(\.\d+)?$")


def _per_unique(values: pd.Series, fn: Callable[[str], Any], dtype: str = "str") -> pd.Series:
    """Apply ``fn`` once per distinct value: titles and users repeat, a million rows do not.

    Text comes back as a categorical (missing values as ""), so later group-bys
    reuse its codes instead of hashing a million strings again.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        if values.dtype == object and values.map(lambda v: isinstance(v, list | dict)).any():
            values = values.map(json.dumps, na_action="ignore")  # JSON arrays, e.g. error.handled [1]
        codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    if dtype != "str":
        mapped = [fn(str(u)) for u in uniques] + [None]
        return pd.Series(pd.array(mapped, dtype=dtype)[codes], index=values.index)
    mapped_codes, categories = pd.factorize(pd.Series([fn(str(u)) for u in uniques] + [""], dtype="str"))
    return pd.Series(
        pd.Categorical.from_codes(mapped_codes[codes], categories=categories), index=values.index
    )


def user_key(value: str) -> str:
    """A fingerprint that counts a person without naming them; empty stays empty."""
    return fingerprint(value) if value else ""


def typed_table(name: str, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A table with every expected column, in its dtype; missing columns are empty."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    out = {
        column: _as_dtype(frame[column].reset_index(drop=True), dtype)
        if column in frame
        else empty_column(dtype, len(frame))
        for column, dtype in TABLE_COLUMNS[name].items()
    }
    return pd.DataFrame(
        {
            column: _per_unique(values, scrub_text) if column in SCRUBBED else values
            for column, values in out.items()
        }
    )


def empty_column(dtype: Any, length: int) -> pd.Series:
    """A column the source does not have: "" for text, 0 for counts, missing otherwise."""
    if dtype == "str":
        return pd.Series(
            pd.Categorical.from_codes(np.zeros(length, dtype="int8"), categories=pd.Index([""], dtype="str"))
        )
    if dtype == "int64":
        return pd.Series(np.zeros(length, dtype="int64"))
    missing = pd.NaT if dtype == UTC_TIME else pd.NA if dtype in ("boolean", "Int64") else np.nan
    return pd.Series(missing, index=pd.RangeIndex(length), dtype=dtype)


def _as_dtype(series: pd.Series, dtype: Any) -> pd.Series:
    if dtype == UTC_TIME:
        return to_utc(series)
    if dtype in ("int64", "Int64", "float64"):
        numbers = pd.to_numeric(series, errors="coerce")
        return numbers.fillna(0).astype(dtype) if dtype == "int64" else numbers.astype(dtype)
    if dtype == "boolean":
        return _per_unique(series, _as_bool, "boolean")
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series if not series.hasnans else _per_unique(series, str)
    return series.fillna("").astype("str")


def _as_bool(value: Any) -> bool | None:
    """True/False from booleans, yes/no tags, 1/0 and Discover's one-element arrays (`[1]`)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().strip("[]").strip().lower()
    return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(text)


def to_utc(series: pd.Series) -> pd.Series:
    """ISO strings (Z, +00:00, microseconds) and epoch seconds alike, as UTC timestamps."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").astype(UTC_TIME)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return pd.to_datetime(series, unit="s", utc=True).astype(UTC_TIME)
    present = series.dropna()
    if len(present) and EPOCH.match(str(present.iloc[0])):
        numbers = pd.to_numeric(series, errors="coerce")
        return pd.to_datetime(numbers, unit="s", utc=True).astype(UTC_TIME)
    return pd.to_datetime(series, utc=True, errors="coerce", format="ISO8601").astype(UTC_TIME)


# --- reading and detecting ---------------------------------------------------------------------


def read_bytes(path: Path, size: int = -1) -> bytes:
    """The file's bytes (its first ``size`` ones when given); an empty file is an error."""
    try:
        with path.open("rb") as handle:
            data = handle.read(size)
    except FileNotFoundError:
        raise EvidenceMissingError(path, "file not found") from None
    except OSError as exc:
        raise EvidenceMissingError(path, f"cannot be opened ({exc.strerror})") from None
    if not data.strip():
        raise EvidenceFormatError(path, "is empty")
    return data


def read_head(path: Path, size: int = 65536) -> str:
    """The decoded beginning of a file: enough to detect its format without reading it all."""
    data = read_bytes(path, size)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3:
            read_text(path)
        return data[: exc.start].decode("utf-8-sig")


def load_json(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = not text.rstrip().endswith(("]", "}"))
        reason = "is truncated" if truncated else "is not valid JSON"
        raise EvidenceFormatError(path, f"{reason} ({exc.msg})", line=exc.lineno) from None


def detect_format(path: Path, text: str) -> str:
    """Which Sentry export a file is, from its content (the extension is often wrong)."""
    if text.lstrip()[:1] not in ("[", "{"):
        return "discover_csv"
    first_line = text.lstrip().split("\n", 1)
    if len(first_line) > 1 and _is_envelope(first_line):
        return "envelope"
    if len(first_line) > 1 and first_line[1].strip() and _is_json_object(first_line[0]):
        return "discover_jsonl"
    return json_format(path, load_json(path, text))


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _is_envelope(lines: list[str]) -> bool:
    try:
        header = json.loads(lines[0])
        item = json.loads(lines[1].split("\n", 1)[0])
    except json.JSONDecodeError:
        return False
    return isinstance(header, dict) and isinstance(item, dict) and "type" in item


def json_format(path: Path, data: Any) -> str:
    """Classify parsed JSON by the keys each documented shape carries."""
    if isinstance(data, dict):
        if "groups" in data and "intervals" in data:
            return "sessions_json"
        if "data" in data and "meta" in data:
            return "discover_json"
        if {"entries", "exception", "eventID", "event_id"} & set(data):
            return "events_json"
        raise EvidenceFormatError(
            path, f"is JSON but not a Sentry export (top-level keys: {', '.join(sorted(map(str, data))[:8])})"
        )
    if not isinstance(data, list) or not data:
        raise EvidenceFormatError(
            path,
            "is an empty list: nothing tells which Sentry export it is (set `format:` on the evidence entry)",
        )
    first = data[0]
    if not isinstance(first, dict):
        raise EvidenceFormatError(path, "is a JSON list of non-objects, not a Sentry export")
    keys = set(first)
    if {"shortId", "culprit"} <= keys or {"firstSeen", "lastSeen", "count"} <= keys:
        return "issues_json"
    if "healthData" in keys or "projects" in keys and "version" in keys:
        return "releases_json"
    if {"actions", "conditions"} <= keys or {"triggers", "aggregate"} <= keys:
        return "alert_rules_json"
    if {"eventID", "event_id", "entries", "exception"} & keys or {"dateCreated", "tags"} <= keys:
        return "events_json"
    raise EvidenceFormatError(
        path,
        f"is a JSON list but not a Sentry export (keys of the first item: {', '.join(sorted(keys)[:8])})",
    )


def is_csv(spec_format: str | None, path: Path, head: str) -> bool:
    if spec_format:
        return chosen_format(spec_format, path, head) == "discover_csv"
    return head.lstrip()[:1] not in ("[", "{")


def chosen_format(spec_format: str | None, path: Path, text: str) -> str:
    if not spec_format:
        return detect_format(path, text)
    name = FORMAT_ALIASES.get(spec_format, spec_format)
    if name not in FORMATS:
        raise EvidenceFormatError(
            path,
            f"unknown Sentry format {spec_format!r} (expected one of "
            f"{', '.join(FORMATS + tuple(FORMAT_ALIASES))})",
        )
    return name


# --- Discover CSV ------------------------------------------------------------------------------

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
SCRUBBED = {
    "title",
    "culprit",
    "transaction",
    "op",
    "release",
    "environment",
    "project",
    "filename",
    "abs_path",
    "function",
    "name",
    "level",
    "status",
    "substatus",
}
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
            out[name] = _per_unique(frame[column], clean) if text else frame[column]
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
        rows["handled"] = rows["unhandled"].map(
            lambda v: not _as_bool(v) if _as_bool(v) is not None else None
        )
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
        rows["user"] = _per_unique(raw, mask_identifier if keep_users else user_key)
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


# --- Issues (Sentry and GlitchTip) -------------------------------------------------------------


def issue_row(issue: dict) -> dict:
    project = issue.get("project")
    return {
        "issue_id": str(issue.get("id", "")),
        "short_id": issue.get("shortId"),
        "title": str(issue.get("title") or ""),
        "culprit": str(issue.get("culprit") or ""),
        "level": issue.get("level"),
        "status": issue.get("status"),
        "substatus": issue.get("substatus"),
        "count": issue.get("count"),
        "user_count": issue.get("userCount"),
        "first_seen": issue.get("firstSeen"),
        "last_seen": issue.get("lastSeen"),
        "is_unhandled": issue.get("isUnhandled"),
        "project": project.get("slug") or project.get("name") if isinstance(project, dict) else project,
    }


def parse_issues(path: Path, data: Any) -> dict[str, pd.DataFrame]:
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        raise EvidenceFormatError(path, "is not a list of issues")
    return {"issues": typed_table("issues", [issue_row(i) for i in data])}


# --- Events (API, JSON download, SDK payload) ----------------------------------------------------


def tag_dict(tags: Any) -> dict[str, str]:
    """Tags as a dict whether they come as [key, value] pairs, {key, value} objects or a mapping."""
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    out = {}
    for tag in tags or []:
        if isinstance(tag, dict) and "key" in tag:
            out[str(tag["key"])] = str(tag.get("value"))
        elif isinstance(tag, list | tuple) and len(tag) == 2:
            out[str(tag[0])] = str(tag[1])
    return out


def exception_values(event: dict) -> list[dict]:
    """Exception values from an API event (``entries``) or a raw/SDK event (``exception``)."""
    for entry in event.get("entries") or []:
        if isinstance(entry, dict) and entry.get("type") == "exception":
            return list((entry.get("data") or {}).get("values") or [])
    raw = event.get("exception") or event.get("sentry.interfaces.Exception") or {}
    return list(raw.get("values") or []) if isinstance(raw, dict) else list(raw)


def event_title(event: dict, values: list[dict]) -> str:
    if event.get("title"):
        return str(event["title"])
    if values:
        last = values[-1]
        return f"{last.get('type', 'Error')}: {last.get('value', '')}".rstrip(": ")
    logentry = event.get("logentry") or {}
    return str(event.get("message") or logentry.get("formatted") or logentry.get("message") or "")


def event_handled(values: list[dict], tags: dict[str, str]) -> bool | None:
    """False when any exception's mechanism says unhandled; the ``handled`` tag otherwise."""
    flags = [(v.get("mechanism") or {}).get("handled") for v in values]
    flags = [f for f in flags if isinstance(f, bool)]
    if flags:
        return all(flags)
    return _as_bool(tags["handled"]) if "handled" in tags else None


def event_user(event: dict, tags: dict[str, str]) -> str:
    user = event.get("user") or {}
    for key in ("id", "email", "username", "ip_address"):
        if isinstance(user, dict) and user.get(key):
            return str(user[key])
    return tags.get("user", "")


def _release(event: dict, tags: dict[str, str]) -> str:
    release = event.get("release")
    if isinstance(release, dict):
        release = release.get("version")
    return str(release or tags.get("release") or "")


def _event_time(event: dict) -> Any:
    return event.get("dateCreated") or event.get("timestamp") or event.get("received")


def event_rows(event: dict, keep_users: bool) -> dict[str, list[dict]]:
    """One event as rows of the events/frames tables, or of the transactions table."""
    tags = tag_dict(event.get("tags"))
    base = {
        "environment": event.get("environment") or tags.get("environment") or "",
        "release": _release(event, tags),
        "timestamp": _event_time(event),
    }
    if event.get("type") == "transaction":
        return {"transactions": [transaction_row(event, base)]}
    values = exception_values(event)
    event_id = str(event.get("eventID") or event.get("event_id") or event.get("id") or "")
    title = scrub_text(event_title(event, values))
    user = event_user(event, tags)
    row = {
        **base,
        "event_id": event_id,
        "level": event.get("level") or tags.get("level") or "error",
        "title": title,
        "culprit": scrub_text(str(event.get("culprit") or "")),
        "handled": event_handled(values, tags),
        "count": 1,
        "users": int(bool(user)),
        "user": (mask_identifier if keep_users else user_key)(user) if user else "",
        "project": str(event.get("projectID") or event.get("project") or ""),
    }
    return {"events": [row], "frames": list(frame_rows(event_id, title, values))}


def frame_rows(event_id: str, title: str, values: list[dict]) -> Iterable[dict]:
    for value in values:
        for frame in (value.get("stacktrace") or {}).get("frames") or []:
            yield {
                "event_id": event_id,
                "title": title,
                "filename": frame.get("filename"),
                "abs_path": frame.get("absPath") or frame.get("abs_path"),
                "function": frame.get("function"),
                "lineno": frame.get("lineNo") or frame.get("lineno"),
                "in_app": frame.get("inApp", frame.get("in_app")),
            }


def transaction_row(event: dict, base: dict) -> dict:
    start = event.get("startTimestamp", event.get("start_timestamp"))
    end = event.get("endTimestamp", event.get("timestamp"))
    duration = (to_utc(pd.Series([end])) - to_utc(pd.Series([start]))).dt.total_seconds() * 1000
    trace = (event.get("contexts") or {}).get("trace") or {}
    return {
        **base,
        "timestamp": end,
        "transaction": event.get("transaction") or event.get("title"),
        "op": trace.get("op", ""),
        "duration_ms": float(duration.iloc[0]),
        "statistic": "single",
        "count": 1,
    }


def parse_events(path: Path, data: Any, keep_users: bool) -> dict[str, pd.DataFrame]:
    events = data if isinstance(data, list) else [data]
    if not all(isinstance(e, dict) for e in events):
        raise EvidenceFormatError(path, "is not a list of events")
    return tables_from_rows([event_rows(e, keep_users) for e in events])


def tables_from_rows(parts: Iterable[dict[str, list[dict]]]) -> dict[str, pd.DataFrame]:
    merged: dict[str, list[dict]] = {}
    for part in parts:
        for name, rows in part.items():
            merged.setdefault(name, []).extend(rows)
    return {name: typed_table(name, rows) for name, rows in merged.items()}


# --- Sessions and release health ---------------------------------------------------------------


def parse_sessions(path: Path, data: dict) -> dict[str, pd.DataFrame]:
    """The sessions API: groups by session.status (counts) and/or crash_free_rate fields."""
    sessions, crash_free = [], []
    intervals = data.get("intervals") or []
    for group in data.get("groups") or []:
        by = group.get("by") or {}
        where = {"environment": by.get("environment", ""), "release": by.get("release", "")}
        for field, total in (group.get("totals") or {}).items():
            if field.startswith("crash_free_rate(") and total is not None:
                scope = "users" if "user" in field else "sessions"
                crash_free.append({**where, "scope": scope, "rate": 100 * float(total)})
            elif field == "sum(session)" and "session.status" in by:
                status = SESSION_STATUS.get(str(by["session.status"]), str(by["session.status"]))
                series = (group.get("series") or {}).get(field) or []
                points = zip(intervals, series, strict=False) if series else [(data.get("start"), total)]
                sessions += [{**where, "status": status, "date": day, "count": n} for day, n in points]
    if not sessions and not crash_free:
        raise EvidenceFormatError(
            path, "is a sessions answer without session.status groups or crash_free_rate fields"
        )
    return {
        "sessions": typed_table("sessions", sessions),
        "crash_free": typed_table("crash_free", crash_free),
    }


def alert_rule_row(rule: dict) -> dict:
    """An issue alert rule (actions) or a metric alert (triggers, each with actions)."""
    if "triggers" in rule:
        actions = sum(len(trigger.get("actions") or []) for trigger in rule["triggers"] or [])
        kind = "metric"
    else:
        actions, kind = len(rule.get("actions") or []), "issue"
    return {
        "name": str(rule.get("name") or ""),
        "kind": kind,
        "environment": rule.get("environment") or "",
        "actions": actions,
        "status": rule.get("status") or "active",
    }


def parse_alert_rules(path: Path, data: list) -> dict[str, pd.DataFrame]:
    """Alert rules (issue or metric alerts API): the evidence that alerting exists, not just monitoring."""
    if not all(isinstance(rule, dict) for rule in data):
        raise EvidenceFormatError(path, "is not a list of alert rules")
    return {"alert_rules": typed_table("alert_rules", [alert_rule_row(rule) for rule in data])}


def parse_releases(path: Path, data: list) -> dict[str, pd.DataFrame]:
    """Release health: ``projects[].healthData.crashFreeSessions`` is already a percentage."""
    rows = []
    for release in data:
        for project in release.get("projects") or [{"healthData": release.get("healthData")}]:
            health = project.get("healthData") or {}
            for scope, key in (("sessions", "crashFreeSessions"), ("users", "crashFreeUsers")):
                if health.get(key) is not None:
                    rows.append(
                        {
                            "scope": scope,
                            "rate": health[key],
                            "release": release.get("version"),
                            "environment": "",
                        }
                    )
    if not rows:
        raise EvidenceFormatError(path, "lists releases but none carries health data")
    return {"crash_free": typed_table("crash_free", rows)}


# --- SDK envelopes -----------------------------------------------------------------------------

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


def session_update_rows(payloads: list[dict]) -> list[dict]:
    """Session updates reduced to each session's last state; aggregates counted as they are."""
    last: dict[str, dict] = {}
    rows = []
    for payload in payloads:
        attrs = payload.get("attrs") or {}
        where = {"environment": attrs.get("environment", ""), "release": attrs.get("release", "")}
        if "aggregates" in payload:
            for bucket in payload["aggregates"]:
                rows += [
                    {
                        **where,
                        "date": bucket.get("started"),
                        "status": SESSION_STATUS[key],
                        "count": bucket[key],
                    }
                    for key in ("exited", "errored", "crashed", "abnormal")
                    if bucket.get(key)
                ]
        else:
            status = payload.get("status", "ok")
            status = "errored" if status in ("exited", "ok") and payload.get("errors") else status
            last[str(payload.get("sid"))] = {
                **where,
                "date": payload.get("started"),
                "status": SESSION_STATUS.get(status, status),
                "count": 1,
            }
    return rows + list(last.values())


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


# --- the collector -----------------------------------------------------------------------------


def parse_file(path: Path, spec_format: str | None, keep_users: bool) -> tuple[str, dict[str, pd.DataFrame]]:
    """One Sentry file → (format, tables)."""
    if spec_format in ("envelope", "envelopes") or path.suffix == ".envelope":
        return "envelope", parse_envelope(path, read_bytes(path), keep_users)
    head = read_head(path)
    if is_csv(spec_format, path, head):
        return "discover_csv", discover_tables(parse_discover_csv(path, head), keep_users)
    text = read_text(path)
    name = chosen_format(spec_format, path, text)
    if name == "envelope":
        return name, parse_envelope(path, text.encode("utf-8"), keep_users)
    if name == "discover_jsonl":
        return name, discover_tables(parse_discover_jsonl(path, text), keep_users)
    data = load_json(path, text)
    parsers: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {
        "discover_json": lambda: discover_tables(parse_discover_json(path, data), keep_users),
        "issues_json": lambda: parse_issues(path, data),
        "events_json": lambda: parse_events(path, data, keep_users),
        "sessions_json": lambda: parse_sessions(path, _expect(path, data, dict)),
        "releases_json": lambda: parse_releases(path, _expect(path, data, list)),
        "alert_rules_json": lambda: parse_alert_rules(path, _expect(path, data, list)),
    }
    return name, parsers[name]()


def _expect(path: Path, data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise EvidenceFormatError(path, f"is JSON but not the expected {kind.__name__} for this format")
    return data


def snapshot_files(folder: Path) -> list[Path]:
    """The Sentry files of a folder (e.g. a `readiness sentry pull` snapshot), in name order."""
    files = [p for p in files_in(folder, SNAPSHOT_PATTERNS, "Sentry export") if p.name not in SNAPSHOT_SKIP]
    if not files:
        raise EvidenceMissingError(folder, "holds a snapshot manifest but no Sentry export")
    return files


def snapshot_format(path: Path, data_kind: str | None) -> str | None:
    """Files written by `readiness sentry pull` are named after their format; empty lists stay valid."""
    return data_kind or {
        "issues.json": "issues_json",
        "events.json": "events_json",
        "sessions.json": "sessions_json",
        "alert_rules.json": "alert_rules_json",
    }.get(path.name)


def snapshot_note(path: Path) -> str:
    """Where and when a `readiness sentry pull` snapshot came from, so a report says what it shows."""
    manifest = load_json(path, read_text(path))
    if not isinstance(manifest, dict):
        raise EvidenceFormatError(path, "is not a snapshot manifest (expected a JSON object)")
    return (
        f"pulled from {manifest.get('base_url')} {manifest.get('org')}/{manifest.get('project')} "
        f"at {manifest.get('fetched_at')} ({manifest.get('since_days')} days)"
    )


@register_collector("sentry", label={"en": "Sentry", "fr": "Sentry"})
def collect_sentry(spec: EvidenceSpec, config: Config) -> Facts:
    """Every file of the entry (a file or a folder), parsed into the shared tables."""
    target = spec.path
    if not target.exists():
        raise EvidenceMissingError(target, "file or folder not found")
    keep_users = bool(spec.options.get("show_user_ids"))
    files = snapshot_files(target) if target.is_dir() else [target]
    parts, notes = [], []
    for path in files:
        spec_format = spec.options.get("format") or (snapshot_format(path, None) if target.is_dir() else None)
        name, tables = _parse_empty_ok(path, spec_format, keep_users)
        parts.append(tables)
        notes.append(f"{path.name}: {name}, " + ", ".join(f"{len(t)} {k}" for k, t in tables.items()))
        if name == "envelope":
            notes += [f"{path.name}: {text}" for text in envelope_repairs(read_bytes(path, 65536))]
    tables = {
        name: typed_table(name, pd.concat([p[name] for p in parts if name in p], ignore_index=True))
        for name in TABLE_COLUMNS
        if any(name in p for p in parts)
    }
    tables = {name: tables.get(name, typed_table(name, [])) for name in TABLE_COLUMNS}
    if target.is_dir() and (target / "manifest.json").is_file():
        notes.insert(0, snapshot_note(target / "manifest.json"))
    record = SourceRecord(kind="sentry", location=str(target), notes=notes, figures=source_figures(tables))
    return Facts(source=record, name=spec.name, tables=tables, values={"show_user_ids": keep_users})


def _parse_empty_ok(path: Path, spec_format: str | None, keep_users: bool):
    """An empty JSON list is a valid answer once the format is known (a quiet project)."""
    if spec_format and path.suffix == ".json" and read_bytes(path).strip() == b"[]":
        return chosen_format(spec_format, path, "[]"), {}
    return parse_file(path, spec_format, keep_users)
