"""--fail-on: the exit code follows the chosen criteria and severities, not the whole verdict."""

from __future__ import annotations

import pytest

from readiness.cli import main
from readiness.errors import UsageError
from readiness.model import Finding, Severity, Status
from readiness.policy import FailPolicy, parse_policy
from tests.evidence_support import FIXTURES


def _finding(criterion: str, severity: Severity, status: Status = Status.FAIL) -> Finding:
    return Finding(
        check_id=f"{criterion}.x", criterion=criterion, status=status, severity=severity, message="m"
    )


def test_one_option_or_several_give_the_same_policy():
    expected = FailPolicy(criteria=frozenset({"tests", "secrets"}), severity=Severity.HIGH)
    assert parse_policy(["criteria=tests,secrets,severity=high"]) == expected
    assert parse_policy(["criteria=tests,secrets", "severity=high"]) == expected
    assert parse_policy([]) is None


@pytest.mark.parametrize(
    "text", ["criteria=speed", "severity=urgent", "tests", "owner=me", "severity=high,low"]
)
def test_bad_policies_are_usage_errors(text):
    with pytest.raises(UsageError, match="--fail-on"):
        parse_policy([text])


def test_only_failed_findings_at_or_above_the_severity_of_chosen_criteria_count():
    policy = parse_policy(["criteria=tests", "severity=high"])
    findings = [
        _finding("tests", Severity.CRITICAL),
        _finding("tests", Severity.MEDIUM),
        _finding("secrets", Severity.CRITICAL),
        _finding("tests", Severity.HIGH, Status.INCONCLUSIVE),
        _finding("tests", Severity.HIGH, Status.WAIVED),
    ]
    assert policy.violations(findings) == [findings[0]]


def _assess(*extra: str) -> int:
    """storefront: green JUnit results and a slow page, so not ready overall."""
    return main(
        [
            "assess",
            "--config",
            str(FIXTURES / "policy-product.yml"),
            "--as-of",
            "2026-11-25",
            "--format",
            "json",
            *extra,
        ]
    )


def test_cli_exit_code_follows_the_policy(capsys):
    assert _assess() == 1
    assert _assess("--fail-on", "criteria=tests") == 0
    assert _assess("--fail-on", "criteria=performance") == 1
    assert _assess("--fail-on", "criteria=performance,severity=critical") == 0
    capsys.readouterr()
    assert _assess("--fail-on", "severity=sometimes") == 2
