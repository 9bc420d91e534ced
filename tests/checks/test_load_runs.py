"""Scalability and performance judged against readiness.yml targets, at their boundaries."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from readiness.model import Status
from readiness.slo import format_duration
from tests.load_tests_support import AS_OF, judge, make_run, sentry_crash_free

TARGETS = {"expected_users": 200, "latency_p95_ms": 500, "error_rate": 0.01}


@pytest.mark.parametrize(("users", "status"), [(199, Status.FAIL), (200, Status.PASS), (201, Status.PASS)])
def test_load_target_boundary(users, status):
    finding = judge("scalability.load_tested_at_target", {"r": make_run(users=users)}, TARGETS)
    assert finding.status is status


def test_below_target_message_says_how_far():
    finding = judge("scalability.load_tested_at_target", {"r": make_run(users=50)}, TARGETS)
    assert "50 of 200 users (25%)" in finding.message


@pytest.mark.parametrize(("p95", "status"), [(499.9, Status.PASS), (500, Status.FAIL), (500.1, Status.FAIL)])
def test_latency_objective_boundary_at_target_load(p95, status):
    finding = judge("scalability.load_tested_at_target", {"r": make_run(users=200, p95=p95)}, TARGETS)
    assert finding.status is status


@pytest.mark.parametrize(("failed", "status"), [(99, Status.PASS), (100, Status.PASS), (101, Status.FAIL)])
def test_error_rate_objective_boundary(failed, status):
    run = make_run(users=200, requests=10_000, failed=failed)
    assert judge("scalability.load_tested_at_target", {"r": run}, TARGETS).status is status


def test_requests_per_second_target_must_be_reached_too():
    targets = {**TARGETS, "requests_per_second": 60}
    finding = judge("scalability.load_tested_at_target", {"r": make_run(users=300, rps=59.9)}, targets)
    assert finding.status is Status.FAIL and "req/s" in finding.message


def test_any_run_at_target_meeting_objectives_passes():
    runs = {"small": make_run(users=20), "full": make_run(users=250)}
    finding = judge("scalability.load_tested_at_target", runs, TARGETS)
    assert finding.status is Status.PASS and finding.data["run"] == "full"


def test_no_load_target_is_inconclusive():
    finding = judge("scalability.load_tested_at_target", {"r": make_run()}, {"latency_p95_ms": 500})
    assert finding.status is Status.INCONCLUSIVE


def test_unknown_load_is_inconclusive():
    finding = judge("scalability.load_tested_at_target", {"r": make_run(users=None)}, TARGETS)
    assert finding.status is Status.INCONCLUSIVE


def test_no_load_test_evidence_is_inconclusive():
    finding = judge("scalability.load_tested_at_target", {}, TARGETS)
    assert finding.status is Status.INCONCLUSIVE


@pytest.mark.parametrize(("days", "status"), [(90, Status.PASS), (91, Status.FAIL)])
def test_freshness_boundary(days, status):
    end = (pd.Timestamp(AS_OF) - pd.Timedelta(days=days)).tz_localize("UTC").isoformat()
    finding = judge("scalability.load_test_fresh", {"r": make_run(end=end)}, {})
    assert finding.status is status


def test_freshness_limit_is_configurable_and_undated_runs_are_inconclusive():
    run = make_run(end="2026-11-01T00:00:00Z")
    assert judge("scalability.load_test_fresh", {"r": run}, {"max_result_age_days": 10}).status is Status.FAIL
    undated = judge("scalability.load_test_fresh", {"r": make_run(end=None)}, {})
    assert undated.status is Status.INCONCLUSIVE


def test_error_budget_figures_follow_the_seed():
    finding = judge(
        "scalability.error_budget", {"r": make_run(requests=10_000, failed=50)}, {"availability": 99.9}
    )
    assert finding.status is Status.FAIL
    allowed = finding.data["allowed_downtime_s"]  # figures for dashboards; words in each language
    assert format_duration(allowed["year"]) == "8 h 46 min" and format_duration(allowed["month"]) == "43 min"
    burn = finding.data["burns"][0]
    assert burn["burn_rate"] == pytest.approx(5.0)
    assert format_duration(burn["month_budget_spent_in_s"]) == "6 d"
    assert format_duration(burn["month_budget_spent_in_s"], "fr") == "6 j"
    assert "6 j" in finding.messages["fr"] and "6 d" in finding.message


def test_error_budget_within_and_without_objective():
    within = judge(
        "scalability.error_budget", {"r": make_run(requests=10_000, failed=10)}, {"availability": 99.9}
    )
    assert within.status is Status.PASS
    assert judge("scalability.error_budget", {"r": make_run()}, {}).status is Status.INCONCLUSIVE


def test_endpoint_latency_objectives():
    endpoints = pd.DataFrame(
        [
            {
                "endpoint": "/api/patients",
                "requests": 10.0,
                "failed": 0.0,
                "error_rate": 0.0,
                "p50": 10.0,
                "p90": 20.0,
                "p95": 30.0,
                "p99": 40.0,
                "max": 50.0,
            },
            {
                "endpoint": "/api/patients/{id}/score",
                "requests": 10.0,
                "failed": 0.0,
                "error_rate": 0.0,
                "p50": 100.0,
                "p90": 700.0,
                "p95": 800.0,
                "p99": 900.0,
                "max": 950.0,
            },
        ]
    )
    run = {"r": make_run(endpoints=endpoints)}
    slow = judge(
        "performance.load_latency_objectives",
        run,
        {"endpoints": {"/api/patients/{id}/score": {"latency_p95_ms": 800}}},
    )
    assert slow.status is Status.FAIL and "score p95 800 ms" in slow.message
    fast = judge(
        "performance.load_latency_objectives",
        run,
        {"endpoints": {"/api/patients/{id}/score": {"latency_p95_ms": 800.1}}},
    )
    assert fast.status is Status.PASS
    unknown = judge(
        "performance.load_latency_objectives", run, {"endpoints": {"/api/other": {"latency_p99_ms": 100}}}
    )
    assert unknown.status is Status.INCONCLUSIVE


def test_results_check_passes_with_any_run_and_names_the_heaviest():
    finding = judge("scalability.load_test_results", {"a": make_run(users=5), "b": make_run(users=50)}, {})
    assert finding.status is Status.PASS and "run b" in finding.message


def test_as_of_is_respected():
    run = {"r": make_run(end="2026-01-01T00:00:00Z")}
    assert judge("scalability.load_test_fresh", run, {}, as_of=dt.date(2026, 2, 1)).status is Status.PASS


def test_error_budget_uses_sentry_crash_free_sessions_when_present():
    runs = {"r": make_run(requests=10_000, failed=5)}
    finding = judge(
        "scalability.error_budget", runs, {"availability": 99.9}, extra=(sentry_crash_free(99.5),)
    )
    measures = {b["measure"]: b["burn_rate"] for b in finding.data["burns"]}
    assert measures["Sentry crashed sessions"] == pytest.approx(5.0)
    assert finding.status is Status.FAIL and "Sentry" in finding.message
    alone = judge("scalability.error_budget", runs, {"availability": 99.9})
    assert alone.status is Status.PASS and len(alone.data["burns"]) == 1


def test_an_unknown_error_rate_leaves_the_target_inconclusive():
    """At the target load with an error-rate objective but no failure figure: inconclusive, said."""
    run = make_run(users=200, failed=None)
    found = judge("scalability.load_tested_at_target", {"r": run}, TARGETS)
    assert found.status is Status.INCONCLUSIVE and "error rate unknown" in found.message
