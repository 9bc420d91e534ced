"""The table contract between collectors and checks: declared once, checked on both sides."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import pytest

import readiness.collectors as collectors
import readiness.collectors.tables as tables
from readiness.catalogue import profile
from readiness.checks import CheckContext, CheckSpec, _call, registered_checks
from readiness.collectors import Evidence, Facts, collect_source, register_collector
from readiness.collectors.tables import (
    TableContractError,
    check_reads,
    check_yielded,
    declared_columns,
    declared_tables,
)
from readiness.config import EvidenceSpec, config_from_data
from readiness.model import Level, Severity, SourceRecord, SourceStatus

STRICT = "READINESS_STRICT"


def test_a_table_no_collector_declares_fails_loudly_outside_the_test_suite_too(monkeypatch):
    monkeypatch.delenv(STRICT, raising=False)
    with pytest.raises(TableContractError, match="'secret_hit'.*declared: .*secret_hits"):
        Evidence().table("repositories", "secret_hit")  # a typo, not "no evidence"


def test_with_no_source_a_check_gets_the_declared_columns_in_their_types():
    issues = Evidence().table("sentry", "issues")
    assert issues.empty and list(issues.columns) == [*declared_columns("sentry", "issues"), "source"]
    assert str(issues["count"].dtype) == "int64" and str(issues["last_seen"].dtype) == "datetime64[ns, UTC]"


def test_every_check_reads_only_declared_tables():
    for spec in registered_checks():
        check_reads(spec.id, spec.reads or ())
        assert spec.reads is not None, spec.id  # only a team's own function may read anything
    assert "repositories.files" in declared_tables()
    with pytest.raises(TableContractError, match="check demo.typo reads 'sentry.issue'"):
        check_reads("demo.typo", ["sentry.issue"])
    with pytest.raises(TableContractError, match="needs 'sentri' evidence"):
        check_reads("demo.typo", [], ["sentri"])


def _spec(reads: frozenset[str]) -> CheckSpec:
    def reads_issues(ctx):
        ctx.evidence.table("sentry", "issues")
        raise AssertionError("not reached when the read is refused")

    return CheckSpec(
        id="demo.reader",
        criterion="monitoring",
        looks_for={"en": "-", "fr": "-"},
        level=Level.PARTIAL,
        severity=Severity.LOW,
        remediation={"en": "-", "fr": "-"},
        seed_section="",
        sources=("sentry",),
        fn=reads_issues,
        reads=reads,
    )


def test_a_check_reading_a_table_it_did_not_declare_is_stopped_by_the_test_suite():
    config = config_from_data({"name": "x", "profile": "product"}, None)
    ctx = CheckContext(Evidence(), config, profile("product"), dt.date(2026, 12, 5))
    with pytest.raises(TableContractError, match="demo.reader reads sentry.issues without declaring it"):
        _call(_spec(frozenset({"sentry.events"})), ctx)


@pytest.fixture(autouse=True)
def demo_collector():
    """A collector declaring one table, registered for these tests only."""

    def collect(spec, config):
        return Facts(
            SourceRecord(kind="contract_demo", location=str(spec.path)), spec.name, spec.options["tables"]
        )

    register_collector("contract_demo", tables={"rows": {"name": "text", "count": "integer"}})(collect)
    yield
    for registry in (collectors._COLLECTORS, collectors._LABELS, tables._DECLARED):
        registry.pop("contract_demo")


def _collect(frames) -> Facts:
    return collect_source(EvidenceSpec("contract_demo", Path("demo"), "demo", {"tables": frames}), None)


def test_a_collector_missing_a_declared_table_is_a_bug_to_report_not_a_traceback(monkeypatch):
    monkeypatch.delenv(STRICT, raising=False)
    facts = _collect({})
    assert facts.source.status is SourceStatus.UNAVAILABLE
    assert "did not yield rows" in facts.source.error and "bug in readiness" in facts.source.error


def test_a_column_of_the_wrong_type_is_logged_and_the_source_kept(monkeypatch, caplog):
    monkeypatch.delenv(STRICT, raising=False)
    wrong = pd.DataFrame({"name": ["a"], "count": ["three"]})
    with caplog.at_level(logging.ERROR):
        facts = _collect({"rows": wrong})
    assert facts.ok
    assert any("count (" in str(getattr(r, "problem", "")) for r in caplog.records)
    monkeypatch.setenv(STRICT, "1")
    with pytest.raises(TableContractError, match=r"count \(.*declared integer\)"):
        check_yielded("contract_demo", {"rows": wrong})


def test_integers_with_missing_values_and_empty_frames_fit_their_declaration():
    check_yielded("contract_demo", {"rows": pd.DataFrame({"name": ["a", "b"], "count": [3.0, None]})})
    check_yielded("contract_demo", {"rows": pd.DataFrame(columns=["name", "count"])})
    with pytest.raises(TableContractError, match="columns"):
        check_yielded("contract_demo", {"rows": pd.DataFrame(columns=["count", "name"])})


def test_an_undeclared_read_outside_the_test_suite_is_logged_and_served(monkeypatch, caplog):
    monkeypatch.delenv(STRICT, raising=False)
    evidence = Evidence().for_check("demo.reader", frozenset())
    with caplog.at_level(logging.ERROR):
        assert evidence.table("sentry", "issues").empty
    assert any("without declaring" in str(getattr(r, "problem", "")) for r in caplog.records)
    assert dataclasses.replace(evidence, reads=None).table("sentry", "issues").empty
