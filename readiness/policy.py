"""The CI gate: which failures stop a pipeline (``readiness assess --fail-on …``).

Without a policy the exit code is the verdict's (see :mod:`readiness.cli`). A
team adopting the tool gradually often wants to block only on what it has
already fixed once, say the tests and secrets criteria, or only on high and
critical findings; ``--fail-on criteria=tests,secrets,severity=high`` says so.
Inconclusive and waived findings never trip the policy: only a failed check does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from readiness.catalogue import CRITERION_IDS
from readiness.errors import UsageError
from readiness.model import Finding, Severity, Status

POLICY_KEYS = ("criteria", "severity")


@dataclass(frozen=True)
class FailPolicy:
    """Fail on a failed finding of one of ``criteria`` (all when empty) at ``severity`` or above."""

    criteria: frozenset[str] = frozenset()
    severity: Severity | None = None

    def matches(self, finding: Finding) -> bool:
        if finding.status is not Status.FAIL:
            return False
        if self.criteria and finding.criterion not in self.criteria:
            return False
        return self.severity is None or (Severity(finding.severity).rank <= Severity(self.severity).rank)

    def violations(self, findings: Iterable[Finding]) -> list[Finding]:
        return [finding for finding in findings if self.matches(finding)]


def _tokens(texts: Iterable[str]) -> dict[str, list[str]]:
    """``criteria=tests,secrets,severity=high`` → {criteria: [tests, secrets], severity: [high]}."""
    values: dict[str, list[str]] = {}
    key = None
    for token in (t.strip() for text in texts for t in text.split(",")):
        if "=" in token:
            key, _, token = token.partition("=")
            key = key.strip()
            if key not in POLICY_KEYS:
                raise UsageError(f"--fail-on: unknown key {key!r} (expected criteria= or severity=)")
        if key is None:
            raise UsageError(f"--fail-on: {token!r} needs a key (criteria=… or severity=…)")
        if token:
            values.setdefault(key, []).append(token)
    return values


def parse_policy(texts: Iterable[str]) -> FailPolicy | None:
    """The policy the ``--fail-on`` options describe, or None when there are none."""
    values = _tokens(texts)
    if not values:
        return None
    unknown = sorted(set(values.get("criteria", [])) - set(CRITERION_IDS))
    if unknown:
        raise UsageError(
            f"--fail-on: unknown criteria {', '.join(unknown)} (expected among {', '.join(CRITERION_IDS)})"
        )
    severities = values.get("severity", [])
    if len(severities) > 1 or not set(severities) <= {s.value for s in Severity}:
        raise UsageError(f"--fail-on: severity= takes one of {', '.join(s.value for s in Severity)}")
    return FailPolicy(
        criteria=frozenset(values.get("criteria", [])),
        severity=Severity(severities[0]) if severities else None,
    )


def gate_exit_code(assessments: Iterable, policy: FailPolicy | None) -> int:
    """1 when the policy (or, without one, any verdict) says the pipeline must stop, else 0."""
    assessments = list(assessments)
    if policy is None:
        return max((a.exit_code for a in assessments), default=0)
    return int(any(policy.violations(a.findings) for a in assessments))
