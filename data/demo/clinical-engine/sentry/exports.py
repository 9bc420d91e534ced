"""The MyMonka web app's Sentry exports, in the formats Sentry documents, for the last 14 days.

The React app's SDK cannot run here, so its evidence is written to the exact
shapes of a Discover CSV export (formula-escaped cells included), the issues
and events API and the sessions API. The story matches the seed and the
recorded envelopes: production runs a hotfix (0.9.1) that never went through
staging, crashes in the scoring kernel are unhandled, crash-free sessions sit
below the 99.5 % objective, and the patient page is slow. Users carry planted
emails and IP addresses: the report must never show them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np

DAYS = 14
PROJECT = {"id": "4508123", "name": "mymonka-web", "slug": "mymonka-web", "platform": "javascript-react"}
# title, culprit, level, handled, production mean per day, staging mean per day, staging-only
ISSUES = [
    ("TypeError: Cannot read properties of null (reading 'reduce')",
     "computeVulnerabilityScore(src/kernel/scoring)", "error", False, 9.0, 0.4),
    ("ChunkLoadError: Loading chunk 412 failed.", "?(src/main)", "fatal", False, 2.0, 0.0),
    ("'@supabase/auth-js: AuthRetryableFetchError: Failed to fetch", "signIn(src/pages/Login)", "error",
     True, 3.0, 0.3),
    ("AuthApiError: Invalid login credentials", "signIn(src/pages/Login)", "warning", True, 6.0, 0.5),
    ("Error: patient load failed", "load(src/pages/PatientPage)", "error", True, 4.0, 0.2),
    ("TypeError: score.toFixed is not a function", "PatientPage(src/pages/PatientPage)", "error", False,
     0.0, 1.5),
]
RELEASES = {"production": ("mymonka@0.9.0", "mymonka@0.9.1"),
            "staging": ("mymonka@0.9.0", "mymonka@0.10.0-rc.1")}
HOTFIX_DAY = 6  # production switched to 0.9.1 this many days before the end
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
    rows = [("/patients/:id", "pageload", "production", 4210, 1460.0),
            ("/dashboard", "pageload", "production", 9870, 720.5),
            ("/login", "pageload", "production", 2315, 380.0),
            ("/rest/v1/assessments", "http.client", "production", 15120, 610.0),
            ("/patients/:id", "pageload", "staging", 140, 1320.0)]
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
            "id": str(6100200 + number), "shortId": f"MYMONKA-WEB-{number + 20:X}", "title": title,
            "culprit": culprit, "permalink": f"https://mymonka.sentry.io/issues/{6100200 + number}/",
            "level": level, "status": "unresolved", "substatus": "regressed" if number == 2 else "ongoing",
            "isUnhandled": not handled, "count": str(sum(r[7] for r in mine)),
            "userCount": sum(r[8] for r in mine),
            "firstSeen": (seen[0] if seen else f"{as_of}T00:00:00").replace("+00:00", "") + ".000000Z",
            "lastSeen": f"{as_of.isoformat()}T{8 + number:02d}:14:03.512000Z",
            "project": PROJECT, "platform": "javascript", "type": "error", "issueType": "error",
            "issueCategory": "error", "metadata": {"type": title.split(":")[0],
                                                   "value": title.split(": ", 1)[-1]},
            "numComments": 0, "assignedTo": None, "isBookmarked": False, "hasSeen": True,
            "stats": {"24h": []}})
    return issues


def api_event(number: int, as_of: dt.date, environment: str, user: tuple[str, str, str]) -> dict:
    """An event as `GET /api/0/projects/{org}/{project}/events/?full=true` returns it."""
    when = f"{as_of.isoformat()}T0{number}:41:09.118000Z"
    release = release_on(environment, as_of, as_of)
    tags = {"environment": environment, "handled": "no", "level": "error", "release": release,
            "browser": "Chrome 131.0.0", "url": "https://app.mymonka.fr/patients/p-103",
            "user": f"email:{user[1]}"}
    frames = [{"filename": "./node_modules/react-dom/cjs/react-dom.production.min.js",
               "absPath": "https://app.mymonka.fr/assets/vendor-3f9a1c.js", "function": "commitRoot",
               "lineNo": 1, "colNo": 90211, "inApp": False},
              {"filename": "./src/pages/PatientPage.tsx", "absPath": "webpack://mymonka/./src/pages/PatientPage.tsx",
               "function": "load", "lineNo": 16, "colNo": 18, "inApp": True},
              {"filename": "./src/kernel/scoring.ts", "absPath": "webpack://mymonka/./src/kernel/scoring.ts",
               "function": "computeVulnerabilityScore", "lineNo": 5, "colNo": 35, "inApp": True}]
    event_id = f"{number:02d}a7c3e9d5b14f2e8a6c0b9d7e5f3a1c"
    return {"id": event_id, "eventID": event_id, "groupID": "6100201", "projectID": PROJECT["id"],
            "type": "error", "platform": "javascript", "dateCreated": when, "dateReceived": when,
            "title": ISSUES[0][0], "culprit": ISSUES[0][1], "location": "src/kernel/scoring.ts",
            "message": "", "environment": environment,
            "user": {"id": user[0], "email": user[1], "ip_address": user[2], "username": None,
                     "name": None, "data": None},
            "release": {"version": release, "shortVersion": release.split("@")[1]},
            "tags": [{"key": key, "value": value} for key, value in tags.items()],
            "contexts": {"browser": {"name": "Chrome", "version": "131.0.0", "type": "browser"}},
            "entries": [{"type": "exception", "data": {"values": [{
                "type": "TypeError", "value": "Cannot read properties of null (reading 'reduce')",
                "mechanism": {"type": "onunhandledrejection", "handled": False},
                "stacktrace": {"frames": frames, "framesOmitted": None, "hasSystemFrames": True}}],
                "hasSystemFrames": True}},
                {"type": "breadcrumbs", "data": {"values": [
                    {"category": "fetch", "level": "info", "message": None,
                     "data": {"method": "GET", "url": "/rest/v1/assessments", "status_code": 200}}]}}]}


def sessions_json(as_of: dt.date, rng: np.random.Generator) -> dict:
    """The sessions API grouped by session.status and environment, one point per day."""
    means = {"production": {"healthy": 610, "errored": 22, "crashed": 8.5, "abnormal": 0.3},
             "staging": {"healthy": 38, "errored": 2, "crashed": 0.2, "abnormal": 0.0}}
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
