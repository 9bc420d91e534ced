"""Assessment-shaped dicts as ``Assessment.to_dict()`` writes them, but small; a stand-in report result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.catalogue import CRITERION_IDS

MONDAY = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)


@dataclass
class FakeReportResult:
    """What readiness.report.build_report returns, for builders that stand in for it."""

    html_path: Path
    json_path: Path
    exit_code: int = 1


def assessment_dict(
    product: str = "Shop",
    statuses: dict[str, str] | None = None,
    levels: dict[str, str] | None = None,
    notices: list[dict] | None = None,
    run_id: str = "run1",
    score: float = 50.0,
) -> dict[str, Any]:
    """Every criterion at ``partial`` unless ``levels`` says otherwise; findings from ``statuses``."""
    statuses = statuses or {"tests.kinds": "fail", "secrets.no_hardcoded_secrets": "pass"}
    levels = levels or {}
    criteria = []
    for cid in CRITERION_IDS:
        findings = [
            {
                "check_id": check_id,
                "criterion": cid,
                "status": status,
                "severity": "high",
                "message": "secret-looking message that must not be kept",
            }
            for check_id, status in statuses.items()
            if check_id.split(".")[0] == cid
        ]
        criteria.append(
            {
                "criterion": cid,
                "level": levels.get(cid, "partial"),
                "score": score,
                "required_level": "production",
                "findings": findings,
            }
        )
    return {
        "product": product,
        "generated_at": "2026-11-02T07:00:00+00:00",
        "run_id": run_id,
        "as_of": "2026-11-02",
        "profile": {"name": "product"},
        "verdict": "not_ready",
        "overall_score": score,
        "evidence_coverage": 0.9,
        "commits": {"app": "abc123"},
        "criteria": criteria,
        "notices": notices or [],
    }
