"""Events from the API, the UI's JSON download or an SDK payload: rows for events, frames and
transactions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.collectors.sentry.tables import as_bool, to_utc, typed_table, user_key
from readiness.errors import EvidenceFormatError
from readiness.redact import mask_identifier
from readiness.sentry_scrub import scrub_text


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
    return as_bool(tags["handled"]) if "handled" in tags else None


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
