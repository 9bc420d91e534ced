"""Helpers for the repository check tests: run one check on a small repository built by the test."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.catalogue import profile
from readiness.checks import CheckContext, registered_checks, run_check
from readiness.collectors import collect_evidence
from readiness.config import config_from_data
from readiness.model import Finding, Status

AS_OF = dt.date(2026, 11, 26)


def repo_config(root: Path, profile_name: str = "product", **extra: Any):
    data = {"name": "fixture", "profile": profile_name, "evidence": {"repositories": [str(root)]}, **extra}
    return config_from_data(data, None)


def run_one(root: Path, check_id: str, profile_name: str = "product", **extra: Any) -> Finding:
    """One check on one repository, judged as of a fixed date."""
    config = repo_config(root, profile_name, **extra)
    ctx = CheckContext(collect_evidence(config), config, profile(profile_name), AS_OF)
    spec = next(s for s in registered_checks() if s.id == check_id)
    return run_check(spec, ctx)


def cited(finding: Finding) -> set[tuple[str | None, int | None]]:
    return {(ref.path, ref.line) for ref in finding.evidence}


@dataclass
class Case:
    """A check, a repository that fails it and one that passes it, and what each must cite."""

    check_id: str
    failing: dict[str, str]
    passing: dict[str, str]
    fail_cites: set[tuple[str | None, int | None]] = field(default_factory=set)
    pass_cites: set[tuple[str | None, int | None]] = field(default_factory=set)

    def __str__(self) -> str:
        return self.check_id


def assert_case(make_repo, case: Case) -> None:
    """The failing repository fails and cites what it must; the passing one passes and cites."""
    bad = run_one(make_repo(case.failing), case.check_id)
    assert bad.status is Status.FAIL, bad.message
    assert case.fail_cites <= cited(bad), (bad.message, cited(bad))
    good = run_one(make_repo(case.passing), case.check_id)
    assert good.status is Status.PASS, good.message
    assert case.pass_cites <= cited(good), (good.message, cited(good))
