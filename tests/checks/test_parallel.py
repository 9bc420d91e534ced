"""Checks run in forked processes on a large repository: the same findings, in the same order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import readiness.checks as checks
from readiness.catalogue import profile
from readiness.checks import CheckContext, check_workers, run_checks
from readiness.collectors import collect_evidence
from readiness.config import load_config

MYMONKA = Path(__file__).resolve().parents[2] / "data" / "demo" / "mymonka" / "readiness.yml"
AS_OF = dt.date(2026, 11, 26)


def context(workers: int) -> CheckContext:
    config = load_config(MYMONKA)
    config = dataclasses.replace(config, checks={**config.checks, "workers": workers})
    return CheckContext(collect_evidence(config), config, profile(config.profile), AS_OF)


def test_two_processes_give_the_findings_one_gives(monkeypatch):
    serial = [f.to_dict() for f in run_checks(context(1))]
    monkeypatch.setattr(checks, "PARALLEL_MIN_FILES", 0)
    parallel_ctx = context(2)
    assert check_workers(parallel_ctx) == 2
    assert [f.to_dict() for f in run_checks(parallel_ctx)] == serial
    assert checks._FORKED is None  # nothing of this run is kept for the next


def test_a_small_repository_is_checked_in_this_process():
    assert check_workers(context(2)) == 1
