"""The aggregates checks and views share: each figure on tables small enough to count by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from readiness.collectors.sentry import parse_file
from readiness.collectors.sentry.tables import typed_table
from readiness.sentry_metrics import (
    crash_free_rates,
    environments,
    events_per_day,
    is_production,
    users_affected,
)
from tests.sentry_support import FIXTURES


def tables(*names: str) -> dict[str, pd.DataFrame]:
    merged: dict[str, list] = {}
    for name in names:
        for table, frame in parse_file(FIXTURES / name, None, False)[1].items():
            merged.setdefault(table, []).append(frame)
    return {table: pd.concat(frames, ignore_index=True) for table, frames in merged.items()}


def test_users_affected_is_a_floor_not_a_sum():
    found = tables("issues_sentry.json", "events_api.json")
    assert users_affected(found["events"], found["issues"]) == 87  # the largest issue, not 163


def test_reported_crash_free_rate_wins_over_counted_sessions():
    found = tables("sessions.json", "sessions_crash_free.json")
    assert crash_free_rates(found["sessions"], found["crash_free"]) == {"sessions": 97.89, "users": 96.12}
    counted = crash_free_rates(found["sessions"], typed_table("crash_free", []))
    assert counted["sessions"] == pytest.approx(97.963, abs=1e-3)


def test_events_per_day_and_environments():
    found = tables("discover_errors.csv")
    daily = events_per_day(found["events"])
    assert daily["events"].sum() == 600
    assert set(daily["environment"].astype(str)) == {"production", "staging"}
    envs = environments(found["events"], typed_table("transactions", []), typed_table("sessions", []))
    staging = envs.set_index("environment").loc["staging"]
    assert staging["events"] == 7 and staging["releases"] == "mymonka-web@1.4.0-rc.1"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("production", True),
        ("prod-eu", True),
        ("live", True),
        ("staging", False),
        ("preprod", False),
        ("", False),
    ],
)
def test_production_names(name, expected):
    assert is_production(name) is expected
