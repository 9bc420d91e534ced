"""Envelopes the real sentry-sdk sent (recorded for the demo), and the recorder itself."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from readiness.assessment import assess
from readiness.collectors.sentry import parse_file
from readiness.collectors.sentry.envelope import parse_envelope
from readiness.config import config_from_data
from readiness.errors import EvidenceFormatError
from tests.sentry_support import DEMO, demo_module, view_html

ENVELOPES = sorted((DEMO / "envelopes").glob("*.envelope"))


def all_tables() -> dict:
    merged: dict = {}
    for path in ENVELOPES:
        for name, table in parse_file(path, None, False)[1].items():
            merged.setdefault(name, []).append(table)
    return merged


def test_recorded_envelopes_hold_events_transactions_and_sessions():
    tables = all_tables()
    events = [t for t in tables["events"]]
    unhandled = [t for t in events if (t["handled"] == False).any()]  # noqa: E712
    assert unhandled and unhandled[0]["environment"].iloc[0] == "production"
    assert unhandled[0]["title"].iloc[0] == "KeyError: 'domain'"
    transactions = {t["transaction"].iloc[0] for t in tables["transactions"]}
    assert transactions == {"POST /v1/score", "GET /v1/cohorts/:id"}
    statuses = {(t["environment"].iloc[0], t["status"].iloc[0]) for t in tables["sessions"]}
    assert ("production", "crashed") in statuses


def test_envelope_user_is_a_fingerprint():
    raw = " ".join(p.read_text() for p in ENVELOPES)
    assert "camille.demo@example.org" in raw  # the SDK really sent it
    dumped = " ".join(t.to_json(date_format="iso") for ts in all_tables().values() for t in ts)
    assert "camille.demo@example.org" not in dumped and "analyst-4b2e" not in dumped


def test_length_prefixed_and_newline_delimited_items(tmp_path):
    event = json.dumps(
        {
            "event_id": "a" * 32,
            "timestamp": "2026-03-01T10:00:00Z",
            "exception": {"values": [{"type": "E", "value": "x"}]},
        }
    )
    by_length = (
        b'{"event_id":"'
        + b"a" * 32
        + b'"}\n'
        + json.dumps({"type": "event", "length": len(event)}).encode()
        + b"\n"
        + event.encode()
    )
    by_newline = b"{}\n" + b'{"type":"event"}\n' + event.encode() + b"\n"
    for data in (by_length, by_newline):
        assert len(parse_envelope(tmp_path / "x.envelope", data, False)["events"]) == 1
    with pytest.raises(EvidenceFormatError, match="truncated"):
        parse_envelope(tmp_path / "x.envelope", by_length[:-10], False)


def test_demo_folder_is_one_sentry_source_without_personal_data():
    config = config_from_data(
        {
            "name": "Clinical Engine",
            "profile": "poc",
            "targets": {"crash_free_sessions": 99.5, "latency_p95_ms": 1000},
            "evidence": {"sentry": [str(DEMO)]},
        },
        None,
    )
    assessment = assess(config, as_of=dt.date(2026, 11, 26))
    assert all(s.status.value == "ok" for s in assessment.sources)
    outcomes = {f.check_id: f.status.value for f in assessment.findings if "sentry" in f.check_id}
    assert outcomes["environments.sentry_releases_staged"] == "fail"
    assert outcomes["monitoring.sentry_crash_free_rate"] == "fail"
    html, text = view_html(assessment), assessment.to_json()
    for planted in (
        "camille.durand@example.org",
        "203.0.113.42",
        "camille.demo@example.org",
        "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    ):
        assert planted not in html and planted not in text


@pytest.mark.slow
def test_recorder_captures_real_sdk_envelopes(tmp_path):
    count = demo_module("record").record_envelopes(tmp_path)
    kinds = set()
    for path in tmp_path.glob("*.envelope"):
        kinds |= {
            json.loads(line).get("type")
            for line in path.read_text().splitlines()[1:]
            if line.startswith('{"type"')
        }
    assert count >= 6 and {"event", "transaction", "session"} <= kinds


def test_demo_exports_are_reproducible(tmp_path):
    for path in demo_module("exports").write_exports(tmp_path, dt.date(2026, 11, 26)):
        assert path.read_bytes() == (DEMO / "exports" / path.name).read_bytes(), path.name
