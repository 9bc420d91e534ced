"""Release health: session counts by status and crash-free rates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from readiness.collectors.sentry.tables import typed_table
from readiness.errors import EvidenceFormatError

SESSION_STATUS = {
    "exited": "healthy",
    "ok": "healthy",
    "healthy": "healthy",
    "errored": "errored",
    "crashed": "crashed",
    "abnormal": "abnormal",
    "unhandled": "crashed",
}


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
