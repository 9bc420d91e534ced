"""Planted emails, IP addresses and user ids never reach the Sentry view, the JSON or the HTML report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from readiness.assessment import assess
from readiness.config import config_from_data
from readiness.report import build_report
from tests.sentry_support import FIXTURES, view_html

AS_OF = dt.date(2026, 3, 20)
PLANTED = [
    "camille.durand@example.org",
    "jean.martin@example.com",
    "lea.petit@example.net",
    "203.0.113.42",
    "198.51.100.7",
    "192.0.2.10",
    "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "patient-1042",
    "u-4242",
]
FILES = [
    "discover_errors.csv",
    "issues_sentry.json",
    "events_api.json",
    "event_raw.json",
    "sessions.json",
    "discover_transactions.csv",
]


def evidence_entries(show_user_ids: bool = False) -> list:
    return [{"path": str(FIXTURES / name), "show_user_ids": show_user_ids} for name in FILES]


def planted_in_source_files() -> None:
    """Guard: the fixtures really carry what the tests claim never leaks."""
    text = " ".join((FIXTURES / name).read_text(encoding="utf-8-sig") for name in FILES)
    assert all(value in text for value in PLANTED)


def sentry_assessment(show_user_ids: bool = False):
    config = config_from_data(
        {
            "name": "mymonka",
            "profile": "health",
            "targets": {"crash_free_sessions": 99.5},
            "evidence": {"sentry": evidence_entries(show_user_ids)},
        },
        None,
    )
    return assess(config, as_of=AS_OF)


def test_view_and_json_hold_aggregates_only():
    planted_in_source_files()
    assessment = sentry_assessment()
    html, text = view_html(assessment), assessment.to_json()
    assert "Top unhandled issues" in html and "Crash-free" in html
    for value in PLANTED:
        assert value not in html, value
        assert value not in text, value


def test_explicit_option_shows_users_masked_only():
    html = view_html(sentry_assessment(show_user_ids=True))
    assert "Users (masked)" in html and "[sha256:" in html
    for value in PLANTED:
        assert value not in html, value


@pytest.mark.slow
def test_html_report_never_shows_planted_personal_data(tmp_path):
    config_path = tmp_path / "readiness.yml"
    config_path.write_text(
        yaml.safe_dump(
            {
                "name": "mymonka",
                "profile": "health",
                "targets": {"crash_free_sessions": 99.5},
                "evidence": {"sentry": evidence_entries()},
            }
        )
    )
    result = build_report(config_path, out_dir=tmp_path / "reports", as_of=AS_OF)
    html = Path(result.html_path).read_text(encoding="utf-8")
    report_json = (Path(result.html_path).parent / "assessment.json").read_text(encoding="utf-8")
    assert "Sentry" in html and "Top unhandled issues" in html
    for value in PLANTED:
        assert value not in html, value
        assert value not in report_json, value


def test_alert_rules_table_shows_rule_names_not_their_authors():
    config = config_from_data(
        {"name": "m", "profile": "product", "evidence": {"sentry": [str(FIXTURES / "alert_rules.json")]}},
        None,
    )
    html = view_html(assess(config, as_of=AS_OF))
    assert "New issue in production" in html and "camille.martin@example.org" not in html
