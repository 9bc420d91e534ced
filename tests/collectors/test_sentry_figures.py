"""The Sentry source's figures in the assessment JSON: unrounded, unlabelled counted, schema-valid."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from readiness.assessment import assess, validate_assessment_json
from readiness.config import config_from_data
from tests.sentry_support import FIXTURES


def sentry_source(*names: str) -> dict:
    config = config_from_data(
        {
            "name": "t",
            "profile": "product",
            "evidence": {"sentry": [{"path": str(FIXTURES / name)} for name in names]},
        },
        None,
    )
    data = json.loads(assess(config, as_of=dt.date(2026, 3, 20)).to_json())
    validate_assessment_json(data)
    return next(s for s in data["sources"] if s["kind"] == "sentry")


def test_discover_events_by_environment_and_release():
    figures = sentry_source("discover_errors.csv")["figures"]
    assert figures["events"] == 600
    assert figures["events_by_environment"]["staging"] == 7
    assert sum(figures["events_by_environment"].values()) == 600
    assert figures["events_by_release"]["mymonka-web@1.4.0-rc.1"] == 7
    assert 0 < figures["unhandled"] <= figures["handled_known"] <= 600


def test_crash_free_rate_is_unrounded():
    figures = sentry_source("sessions.json")["figures"]
    assert figures["sessions"] > 0
    assert figures["crash_free_percent"]["sessions"] == pytest.approx(97.963, abs=1e-3)
    assert figures["crash_free_percent"]["sessions"] != round(figures["crash_free_percent"]["sessions"], 3)
