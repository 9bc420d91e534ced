"""Sentry parsers on realistic samples, their quirks, and bad input that must name the file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from readiness.collectors import collect_source
from readiness.collectors.sentry import parse_file
from readiness.collectors.sentry.events import tag_dict
from readiness.collectors.sentry.tables import TABLE_COLUMNS
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceFormatError, EvidenceMissingError
from readiness.model import SourceStatus
from readiness.sentry_scrub import scrub_text
from tests.sentry_support import FIXTURES


def parse(name: str, fmt: str | None = None, keep_users: bool = False):
    return parse_file(FIXTURES / name, fmt, keep_users)


def sentry_spec(path: Path, **options) -> EvidenceSpec:
    return EvidenceSpec(kind="sentry", path=path, name=f"sentry:{path.name}", options=options)


CONFIG = Config(name="t", profile="product", path=None)


def test_discover_csv_drops_bom_and_undoes_formula_escaping():
    name, tables = parse("discover_errors.csv")
    events = tables["events"]
    assert name == "discover_csv"
    assert events.columns[0] == "event_id"  # the BOM did not stick to the first header
    titles = set(events["title"])
    assert '=HYPERLINK("http://evil.example")' in titles
    assert "-1 is not a valid dose" in titles
    assert "@supabase/supabase-js: FetchError: network timeout" in titles
    assert events["count"].sum() == 412 + 3 + 5 + 58 + 120 + 2
    assert events["handled"].tolist() == [False, True, True, True, False, False]
    assert str(events["timestamp"].dtype) == "datetime64[ns, UTC]"


def test_discover_titles_lose_emails_and_ips():
    _, tables = parse("discover_errors.csv")
    joined = " ".join(tables["events"]["title"])
    assert "camille.durand@example.org" not in joined and "203.0.113.42" not in joined
    assert "Invalid login for [email] from [ip]" in joined


def test_discover_transactions_keep_the_exported_p95():
    _, tables = parse("discover_transactions.csv")
    txn = tables["transactions"]
    assert tables["events"].empty
    assert set(txn["statistic"]) == {"p95"}
    row = txn[(txn["transaction"] == "/dashboard") & (txn["environment"] == "production")].iloc[0]
    assert row["duration_ms"] == 1210 and row["count"] == 5120


def test_sentry_issues_counts_are_strings_and_users_integers():
    _, tables = parse("issues_sentry.json")
    issues = tables["issues"]
    assert issues["count"].tolist() == [412, 58, 120, 2]
    assert issues["user_count"].dtype == "int64" and issues["user_count"].sum() == 163
    assert issues["is_unhandled"].tolist() == [True, False, True, True]
    assert issues.loc[2, "substatus"] == "regressed"
    assert "[email]" in issues.loc[1, "title"]


def test_glitchtip_issues_without_unhandled_flag_and_with_microseconds():
    _, tables = parse("issues_glitchtip.json")
    issue = tables["issues"].iloc[0]
    assert issue["issue_id"] == "17" and issue["count"] == 9
    assert pd.isna(issue["is_unhandled"])
    assert issue["last_seen"] == pd.Timestamp("2026-03-13T12:00:00.654321Z")


def test_api_events_read_tags_as_objects_and_frames_from_entries():
    _, tables = parse("events_api.json")
    events, frames = tables["events"], tables["frames"]
    assert events["handled"].tolist() == [False, True]
    assert events["release"].tolist() == ["mymonka-web@1.3.2", "mymonka-web@1.4.0-rc.1"]
    in_app = frames[frames["in_app"].astype(bool)]
    assert set(in_app["filename"]) == {"./src/features/scoring/computeScore.ts"}
    assert in_app["lineno"].tolist() == [48, 48]


def test_raw_event_reads_tag_pairs_epoch_timestamps_and_snake_case_frames():
    _, tables = parse("event_raw.json")
    event = tables["events"].iloc[0]
    assert event["environment"] == "production"
    assert bool(event["handled"]) is False
    assert event["timestamp"] == pd.Timestamp(1773522191.5, unit="s", tz="UTC")
    assert tables["frames"]["abs_path"].iloc[1] == "/srv/mymonka/mymonka_worker/scoring.py"


def test_user_identifiers_become_fingerprints_unless_asked_and_then_masked():
    _, hidden = parse("events_api.json")
    _, shown = parse("events_api.json", keep_users=True)
    for tables in (hidden, shown):
        dumped = tables["events"].to_json(date_format="iso")
        assert "camille.durand@example.org" not in dumped
        assert "7c9e6679-7425-40de-944b-e07fc1f90ae7" not in dumped
    assert len(hidden["events"]["user"].iloc[0]) == 10
    assert shown["events"]["user"].iloc[0].startswith("7c9e…[sha256:")


def test_tags_in_every_shape():
    expected = {"environment": "production"}
    assert tag_dict([["environment", "production"]]) == expected
    assert tag_dict([{"key": "environment", "value": "production"}]) == expected
    assert tag_dict({"environment": "production"}) == expected


def test_sessions_by_status_per_day():
    _, tables = parse("sessions.json")
    sessions = tables["sessions"]
    assert len(sessions) == 28
    assert sessions.groupby("status")["count"].sum()["crashed"] == 189


def test_crash_free_rates_are_percentages_whatever_the_source():
    _, from_api = parse("sessions_crash_free.json")
    _, from_releases = parse("releases_health.json")
    api = from_api["crash_free"].set_index("scope")["rate"]
    assert api["sessions"] == pytest.approx(97.89) and api["users"] == pytest.approx(96.12)
    assert from_releases["crash_free"]["rate"].max() == pytest.approx(100.0)


def test_scrub_text_masks_ipv6_too():
    assert scrub_text("from 2001:db8:85a3:0:0:8a2e:370:7334 and a@b.co") == "from [ip] and [email]"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("discover_header_only.csv", "empty export"),
        ("discover_latin1.csv", "not UTF-8"),
        ("discover_mixed.csv", "second header"),
        ("discover_ragged.csv", "do not match the header"),
        ("discover_wrong_kind.csv", "not a Sentry Discover export"),
        ("issues_truncated.json", "truncated"),
        ("package_wrong_kind.json", "not a Sentry export"),
    ],
)
def test_bad_input_names_the_file_and_the_reason(name, reason):
    with pytest.raises(EvidenceFormatError) as caught:
        parse(name)
    assert name in str(caught.value) and reason in str(caught.value)


def test_empty_file_and_empty_list(tmp_path):
    (tmp_path / "blank.csv").write_text("\n")
    (tmp_path / "empty.json").write_text("[]")
    with pytest.raises(EvidenceFormatError, match="is empty"):
        parse_file(tmp_path / "blank.csv", None, False)
    with pytest.raises(EvidenceFormatError, match="empty list"):
        parse_file(tmp_path / "empty.json", None, False)


def test_format_override_and_unknown_format():
    name, _ = parse("issues_glitchtip.json", fmt="glitchtip")
    assert name == "issues_json"
    with pytest.raises(EvidenceFormatError, match="unknown Sentry format"):
        parse("issues_glitchtip.json", fmt="datadog")
    with pytest.raises(EvidenceFormatError, match="not the expected dict"):
        parse("issues_sentry.json", fmt="sessions_json")


def test_bad_source_becomes_unavailable_with_its_reason(monkeypatch):
    monkeypatch.delenv("READINESS_STRICT")
    facts = collect_source(sentry_spec(FIXTURES / "issues_truncated.json"), CONFIG)
    assert facts.source.status is SourceStatus.UNAVAILABLE
    assert facts.source.error_type == "EvidenceFormatError"
    assert "issues_truncated.json" in facts.source.error


def test_missing_path():
    with pytest.raises(EvidenceMissingError, match="not found"):
        parse_file(FIXTURES / "nope.csv", None, False)


def test_snapshot_folder_reads_every_file_and_accepts_a_quiet_project(tmp_path):
    (tmp_path / "issues.json").write_text((FIXTURES / "issues_sentry.json").read_text())
    (tmp_path / "events.json").write_text("[]")
    (tmp_path / "manifest.json").write_text(json.dumps({"org": "mymonka"}))
    facts = collect_source(sentry_spec(tmp_path), CONFIG)
    assert facts.ok, facts.source.error
    assert len(facts.tables["issues"]) == 4 and facts.tables["events"].empty
    assert set(facts.tables) == set(TABLE_COLUMNS)


def test_newer_exports_write_function_aliases_equations_and_array_flags():
    _, tables = parse("discover_aliases.csv")
    events = tables["events"]
    assert events["count"].tolist() == [40, 60] and events["users"].tolist() == [12, 30]
    assert events["handled"].tolist() == [False, True]
    assert events["timestamp"].notna().all()


def test_jsonl_data_export():
    name, tables = parse("discover_export.jsonl")
    events = tables["events"]
    assert name == "discover_jsonl"
    assert events["handled"].tolist() == [False, True]
    assert "@supabase/auth-js: AuthRetryableFetchError: Failed to fetch" in set(events["title"])
