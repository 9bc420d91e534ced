"""Helpers for the load-test tests: fixture paths, runs built in memory, and judging them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.catalogue import profile
from readiness.checks import CheckContext, registered_checks, run_check
from readiness.collectors import Evidence, Facts
from readiness.collectors.load_tests.model import LoadTestRun, runs_tables
from readiness.config import config_from_data
from readiness.model import Finding, SourceRecord

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "load_tests"
AS_OF = dt.date(2026, 11, 26)


def make_run(
    users: float | None = 100,
    rps: float | None = 50.0,
    p95: float = 300.0,
    p99: float = 450.0,
    requests: int = 10_000,
    failed: int | None = 10,
    end: str | None = "2026-11-20T10:00:00Z",
    endpoints: pd.DataFrame | None = None,
) -> LoadTestRun:
    """A normalised run with the figures a judgement looks at, and nothing else."""
    extra = {} if endpoints is None else {"endpoints": endpoints}
    return LoadTestRun(
        tool="k6",
        format="k6-summary-export",
        path="/results/run.json",
        requests=requests,
        failed=failed,
        latency={"p50": p95 / 3, "p90": p95 * 0.9, "p95": p95, "p99": p99, "max": p99 * 2},
        exact_percentiles=False,
        end=pd.Timestamp(end) if end else None,
        duration_s=200,
        peak_vus=users,
        throughput_rps=rps,
        **extra,
    )


def evidence_of(runs: dict[str, LoadTestRun], *extra: Facts) -> Evidence:
    record = SourceRecord(kind="load_tests", location="/results")
    return Evidence(facts=[Facts(source=record, name="load", tables=runs_tables(runs)), *extra])


def sentry_crash_free(rate_percent: float) -> Facts:
    """Sentry facts carrying only a production crash-free sessions rate."""
    crash_free = pd.DataFrame(
        [{"scope": "sessions", "rate": rate_percent, "environment": "production", "release": "1.0.0"}]
    )
    sessions = pd.DataFrame(columns=["date", "environment", "release", "status", "count"])
    return Facts(
        source=SourceRecord(kind="sentry", location="/sentry"),
        name="sentry",
        tables={"crash_free": crash_free, "sessions": sessions},
    )


def judge(
    check_id: str,
    runs: dict[str, LoadTestRun],
    targets: dict[str, Any],
    as_of: dt.date = AS_OF,
    extra: tuple[Facts, ...] = (),
) -> Finding:
    """Run one registered check on in-memory runs (plus other facts) and the given targets."""
    config = config_from_data({"name": "mymonka", "profile": "product", "targets": targets}, None)
    ctx = CheckContext(
        evidence=evidence_of(runs, *extra), config=config, profile=profile("product"), as_of=as_of
    )
    spec = next(s for s in registered_checks() if s.id == check_id)
    return run_check(spec, ctx)
