"""The demo products land where the seed's "Où en est Monka ?" table puts them, from the checks."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness.assessment import assess
from readiness.config import load_config
from tests.conftest import DEMO

MYMONKA_LEVELS = {
    "tests": "partial",
    "error_handling": "partial",
    "monitoring": "absent",
    "secrets": "production",
    "backup": "partial",
    "auth_security": "production",
    "performance": "partial",
    "documentation": "production",
    "ci_cd": "production",
    "environments": "partial",
    "scalability": "partial",
    "compliance": "partial",
}


@pytest.fixture(scope="module")
def mymonka():
    return assess(load_config(DEMO / "mymonka" / "readiness.yml"), as_of=dt.date(2026, 11, 26))


@pytest.mark.parametrize("criterion, level", sorted(MYMONKA_LEVELS.items()))
def test_mymonka_levels_match_the_seed(mymonka, criterion, level):
    assert mymonka.result(criterion).level.value == level, mymonka.result(criterion).reason


def test_only_backup_and_secrets_lean_on_attestations(mymonka):
    attested = {f.criterion for f in mymonka.findings if f.check_id.endswith(".attested")}
    assert attested == {"backup", "secrets"}
    without_secrets_attestation = [
        f for f in mymonka.result("secrets").findings if not f.check_id.endswith(".attested")
    ]
    assert all(f.status.value != "fail" for f in without_secrets_attestation)
