"""Helpers for the CI-artefact tests (JUnit, coverage, Lighthouse, SARIF, portfolio)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from readiness.assessment import Assessment, assess
from readiness.config import config_from_data
from readiness.model import Finding

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF = dt.date(2026, 11, 25)


def assess_evidence(
    evidence: dict[str, list[str | Path]],
    targets: dict[str, Any] | None = None,
    profile: str = "product",
    name: str = "shop",
) -> Assessment:
    """An assessment of ad hoc evidence, judged as of a fixed date."""
    data = {
        "name": name,
        "profile": profile,
        "evidence": {kind: [str(p) for p in paths] for kind, paths in evidence.items()},
        "targets": targets or {},
    }
    return assess(config_from_data(data, None), as_of=AS_OF)


def finding(assessment: Assessment, check_id: str) -> Finding:
    return next(f for f in assessment.findings if f.check_id == check_id)
