"""Sentry evidence belongs to the clinical engine demo only: MyMonka's monitoring stays absent (§10.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.assessment import assess
from readiness.config import load_config
from tests.conftest import DEMO

AS_OF = dt.date(2026, 11, 26)


def demo_assessment(product: str):
    return assess(load_config(DEMO / product / "readiness.yml"), as_of=AS_OF)


@pytest.fixture(scope="module")
def clinical_engine():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READINESS_STRICT", "1")
        return demo_assessment("clinical-engine")


def outcome(assessment, check_id: str):
    return next(f for f in assessment.findings if f.check_id == check_id)


def test_clinical_engine_sentry_source_is_read(clinical_engine):
    sentry = [s for s in clinical_engine.sources if s.kind == "sentry"]
    assert [s.status.value for s in sentry] == ["ok"]
    assert any(note.startswith("008.envelope") for note in sentry[0].notes)


def test_clinical_engine_monitoring_is_partial_with_sdk_wired_and_crashes_above_objective(clinical_engine):
    assert clinical_engine.result("monitoring").level.value == "partial"
    assert outcome(clinical_engine, "monitoring.error_tracking").status.value == "pass"
    assert outcome(clinical_engine, "monitoring.sentry_recent_production_events").status.value == "pass"
    crash_free = outcome(clinical_engine, "monitoring.sentry_crash_free_rate")
    assert crash_free.status.value == "fail" and "99.5" in crash_free.message


def test_unhandled_crash_is_linked_to_the_demo_repository_lines(clinical_engine):
    finding = outcome(clinical_engine, "error_handling.sentry_unhandled_share")
    linked = {(ref.path, ref.line) for ref in finding.evidence if ref.path}
    assert finding.status.value == "fail"
    assert {("clinical_engine/scoring.py", 9), ("clinical_engine/run.py", 18)} <= linked
    scoring = (DEMO / "clinical-engine" / "repo" / "clinical_engine" / "scoring.py").read_text().splitlines()
    assert 'assessments["domain"]' in scoring[8]


def test_hotfix_that_skipped_staging_is_named(clinical_engine):
    staged = outcome(clinical_engine, "environments.sentry_releases_staged")
    assert staged.status.value == "fail" and staged.data["unstaged"] == ["clinical-engine@0.3.1"]


def test_mymonka_has_no_sentry_evidence_and_no_monitoring():
    mymonka = demo_assessment("mymonka")
    assert "sentry" not in {s.kind for s in mymonka.sources}
    assert mymonka.result("monitoring").level.value == "absent"
