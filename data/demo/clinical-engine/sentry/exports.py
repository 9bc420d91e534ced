"""The clinical engine's Sentry exports, in the formats Sentry documents, for the last 14 days.

One recorded run cannot hold a fortnight of history, so the project's evidence
is written to the exact shapes of a Discover CSV export (formula-escaped cells
included), the issues and events API and the sessions API. The story matches
the repository (data/demo/clinical-engine/repo) and the recorded envelopes:
production runs a hotfix (0.3.1) that never went through staging, the
KeyError on an assessment without a `domain` in clinical_engine/scoring.py is
unhandled, crash-free sessions sit below the 99.5 % objective, and
`POST /v1/score` is slow. Users carry planted emails and IP addresses: the
report must never show them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np

DAYS = 14
PROJECT = {"id": "4508123", "name": "clinical-engine", "slug": "clinical-engine", "platform": "python"}
SCORING = "clinical_engine.scoring in vulnerability_index"
# title, culprit, level, handled, production mean per day, staging mean per day
ISSUES = [
    ("KeyError: 'domain'", SCORING, "error", False, 5.0, 0.3),
    ("MemoryError", "clinical_engine.run in main", "fatal", False, 0.4, 0.0),
    ("'-- scoring run skipped: cohort has no assessments", "clinical_engine.run in main", "warning",
     True, 1.0, 0.4),
    ("FileNotFoundError: [Errno 2] No such file or directory: 'cohorts/c-2041.csv'", "GET /v1/cohorts/:id",
     "error", True, 2.0, 0.6),
    ("ValueError: could not convert string to float: 'n/a'", "POST /v1/score", "error", True, 3.0, 0.5),
    ("TypeError: unsupported operand type(s) for *: 'NoneType' and 'float'", SCORING, "error", False,
     0.0, 1.2),
]
RELEASES = {"production": ("clinical-engine@0.3.0", "clinical-engine@0.3.1"),
            "staging": ("clinical-engine@0.3.0", "clinical-engine@0.3.0")}
HOTFIX_DAY = 6  # production switched to 0.3.1 this many days before the end
USERS = [("7c9e6679-7425-40de-944b-e07fc1f90ae7", "camille.durand@example.org", "203.0.113.42"),
         ("2f1c0b7e-58a4-4d0e-9a51-3e2f4a6b9c10", "jean.martin@example.com", "198.51.100.7")]


def days(as_of: dt.date) -> list[dt.date]:
    return [as_of - dt.timedelta(days=offset) for offset in range(DAYS - 1, -1, -1)]


def release_on(environment: str, day: dt.date, as_of: dt.date) -> str:
    old, new = RELEASES[environment]
    return new if (as_of - day).days < HOTFIX_DAY else old


def daily_rows(as_of: dt.date, rng: np.random.Generator) -> list[list]:
    """One Discover row per issue, environment, release and day, as `timestamp.to_day` groups them."""
    rows = []
    for day in days(as_of):
        for title, _culprit, level, handled, production, staging in ISSUES:
            for environment, mean in (("production", production), ("staging", staging)):
                count = int(rng.poisson(mean))
                if count:
                    users = max(1, int(count * rng.uniform(0.3, 0.8)))
                    rows.append([title, PROJECT["slug"], environment, release_on(environment, day, as_of),
                                 str(handled).lower(), level, f"{day.isoformat()}T00:00:00+00:00", count,
                                 users])
    return rows


def write_discover_errors(path: Path, rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "project", "environment", "release", "error.handled", "level",
                         "timestamp.to_day", "count()", "count_unique(user)"])
        writer.writerows(rows)


def write_transactions(path: Path) -> None:
    rows = [("POST /v1/score", "http.server", "production", 5120, 1240.0),
            ("GET /v1/cohorts/:id", "http.server", "production", 830, 310.0),
            ("POST /v1/score", "http.server", "staging", 96, 1105.0),
            ("GET /v1/cohorts/:id", "http.server", "staging", 41, 280.5)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["transaction", "transaction.op", "environment", "count()",
                         "p95(transaction.duration)"])
        writer.writerows(rows)


def issues_json(rows: list[list], as_of: dt.date) -> list[dict]:
    """The issues API's answer: counts as strings, userCount as integers, ISO dates with Z."""
    issues = []
    for number, (title, culprit, level, handled, _p, _s) in enumerate(ISSUES, start=1):
        mine = [r for r in rows if r[0] == title]
        seen = sorted(r[6] for r in mine)
        title = title.removeprefix("'")
        issues.append({
            "id": str(6100200 + number), "shortId": f"CLINICAL-ENGINE-{number + 20:X}", "title": title,
            "culprit": culprit, "permalink": f"https://monka.sentry.io/issues/{6100200 + number}/",
            "level": level, "status": "unresolved", "substatus": "regressed" if number == 2 else "ongoing",
            "isUnhandled": not handled, "count": str(sum(r[7] for r in mine)),
            "userCount": sum(r[8] for r in mine),
            "firstSeen": (seen[0] if seen else f"{as_of}T00:00:00").replace("+00:00", "") + ".000000Z",
            "lastSeen": f"{as_of.isoformat()}T{8 + number:02d}:14:03.512000Z",
            "project": PROJECT, "platform": "python", "type": "error", "issueType": "error",
            "issueCategory": "error", "metadata": {"type": title.split(":")[0],
                                                   "value": title.split(": ", 1)[-1]},
            "numComments": 0, "assignedTo": None, "isBookmarked": False, "hasSeen": True,
            "stats": {"24h": []}})
    return issues


def frame(module: str, function: str, line: int, in_app: bool) -> dict:
    """A stack frame as the events API gives it for Python: paths relative to the import root."""
    filename = module.replace(".", "/") + ".py"
    root = "/srv/clinical-engine" if in_app else "/srv/clinical-engine/.venv/lib/python3.12/site-packages"
    return {"filename": filename, "absPath": f"{root}/{filename}", "module": module, "function": function,
            "lineNo": line, "colNo": None, "inApp": in_app}


# The nightly scoring run's crash: run.py:18 applies scoring.py:9, which indexes the missing `domain`.
CRASH_FRAMES = [frame("clinical_engine.run", "main", 18, True),
                frame("pandas.core.groupby.groupby", "apply", 1824, False),
                frame("clinical_engine.scoring", "vulnerability_index", 9, True),
                frame("pandas.core.frame", "__getitem__", 4102, False),
                frame("pandas.core.indexes.base", "get_loc", 3812, False)]


def api_event(number: int, as_of: dt.date, environment: str, user: tuple[str, str, str]) -> dict:
    """An event as `GET /api/0/projects/{org}/{project}/events/?full=true` returns it."""
    when = f"{as_of.isoformat()}T0{number}:41:09.118000Z"
    release = release_on(environment, as_of, as_of)
    tags = {"environment": environment, "handled": "no", "level": "error", "release": release,
            "runtime": "CPython 3.12.7", "server_name": "clinical-engine-runner",
            "user": f"email:{user[1]}"}
    event_id = f"{number:02d}a7c3e9d5b14f2e8a6c0b9d7e5f3a1c"
    return {"id": event_id, "eventID": event_id, "groupID": "6100201", "projectID": PROJECT["id"],
            "type": "error", "platform": "python", "dateCreated": when, "dateReceived": when,
            "title": ISSUES[0][0], "culprit": ISSUES[0][1], "location": "clinical_engine/scoring.py",
            "message": "", "environment": environment,
            "user": {"id": user[0], "email": user[1], "ip_address": user[2], "username": None,
                     "name": None, "data": None},
            "release": {"version": release, "shortVersion": release.split("@")[1]},
            "tags": [{"key": key, "value": value} for key, value in tags.items()],
            "contexts": {"runtime": {"name": "CPython", "version": "3.12.7", "type": "runtime"}},
            "entries": [{"type": "exception", "data": {"values": [{
                "type": "KeyError", "value": "'domain'",
                "mechanism": {"type": "excepthook", "handled": False},
                "stacktrace": {"frames": CRASH_FRAMES, "framesOmitted": None, "hasSystemFrames": True}}],
                "hasSystemFrames": True}},
                {"type": "breadcrumbs", "data": {"values": [
                    {"category": "subprocess", "level": "info", "message": "python -m clinical_engine.run",
                     "data": {}}]}}]}


def sessions_json(as_of: dt.date, rng: np.random.Generator) -> dict:
    """The sessions API grouped by session.status and environment, one point per day."""
    means = {"production": {"healthy": 240, "errored": 9, "crashed": 3.5, "abnormal": 0.1},
             "staging": {"healthy": 30, "errored": 2, "crashed": 0.2, "abnormal": 0.0}}
    intervals = [f"{day.isoformat()}T00:00:00Z" for day in days(as_of)]
    groups = []
    for environment, statuses in means.items():
        for status, mean in statuses.items():
            series = [int(rng.poisson(mean)) for _ in intervals]
            groups.append({"by": {"session.status": status, "environment": environment},
                           "totals": {"sum(session)": sum(series)}, "series": {"sum(session)": series}})
    return {"start": intervals[0], "end": f"{(as_of + dt.timedelta(days=1)).isoformat()}T00:00:00Z",
            "intervals": intervals, "groups": groups, "query": ""}


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_exports(out: Path, as_of: dt.date, seed: int = 10) -> list[Path]:
    """Every export, reproducible for a given as-of date."""
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    rows = daily_rows(as_of, rng)
    paths = {name: out / name for name in ("discover_errors.csv", "discover_transactions.csv",
                                           "issues.json", "events.json", "sessions.json")}
    write_discover_errors(paths["discover_errors.csv"], rows)
    write_transactions(paths["discover_transactions.csv"])
    write_json(paths["issues.json"], issues_json(rows, as_of))
    write_json(paths["events.json"], [api_event(n, as_of, "production", USERS[n % 2]) for n in range(1, 4)])
    write_json(paths["sessions.json"], sessions_json(as_of, rng))
    return list(paths.values())
