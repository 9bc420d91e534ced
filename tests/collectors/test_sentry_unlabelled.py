"""Events, sessions and transactions without an environment are unlabelled, never production."""

from __future__ import annotations

import pandas as pd

from readiness.collectors.sentry.tables import typed_table
from readiness.sentry_metrics import (
    UNLABELLED,
    crash_free_rates,
    environments,
    events_per_day,
    last_event,
    production_rows,
    unlabelled_count,
)


def events(*environments_: str) -> pd.DataFrame:
    return typed_table(
        "events",
        [
            {
                "event_id": str(i),
                "timestamp": f"2026-01-0{i + 1}T00:00:00Z",
                "environment": env,
                "count": 1,
                "title": "E",
            }
            for i, env in enumerate(environments_)
        ],
    )


def test_events_without_environment_are_not_production():
    only_blank = events("", "")
    assert production_rows(only_blank).empty
    assert last_event(only_blank, typed_table("issues", [])) is None
    assert unlabelled_count(events("", "production", "")) == 2


def test_unlabelled_sessions_give_no_production_crash_free_rate():
    sessions = typed_table(
        "sessions",
        [{"date": "2026-01-01", "environment": "", "release": "", "status": "crashed", "count": 5}],
    )
    assert crash_free_rates(sessions, typed_table("crash_free", [])) == {}


def test_unlabelled_is_shown_by_name():
    found = events("", "production")
    table = environments(found, typed_table("transactions", []), typed_table("sessions", []))
    assert set(table["environment"]) == {UNLABELLED, "production"}
    assert set(events_per_day(found)["environment"].astype(str)) == {UNLABELLED, "production"}
