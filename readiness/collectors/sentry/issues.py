"""Issue lists from the Sentry API and GlitchTip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from readiness.collectors.sentry.tables import typed_table
from readiness.errors import EvidenceFormatError


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
