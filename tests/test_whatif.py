"""What-if: toggling waivers and attestations re-judges the evidence; saving is explicit and backed up."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from readiness.config import load_config
from readiness.errors import ConfigError, UsageError
from readiness.model import Level, Status, Verdict
from readiness.whatif import level_changes, rejudge, save_config, set_attested, set_waived, with_waiver
from tests.whatif_support import AS_OF, assess_copy

NOW = dt.datetime(2026, 11, 2, 9, 30)


@pytest.fixture(scope="module")
def mymonka(tmp_path_factory):
    return assess_copy(tmp_path_factory.mktemp("demo"))


def _failing(assessment):
    return [f.check_id for f in assessment.findings if f.status is Status.FAIL]


def _first_failing_criterion(assessment):
    """A criterion below its required level because of exactly one failing check, and that check."""
    for result in assessment.criteria:
        failing = [f.check_id for f in result.findings if f.status is Status.FAIL]
        if result.meets_requirement is False and len(failing) == 1:
            return result.criterion, failing[0]
    raise AssertionError("the demo has no criterion blocked by a single failing check")


def test_waiving_the_only_failing_check_lifts_its_criterion(mymonka):
    criterion, check_id = _first_failing_criterion(mymonka)
    after = set_waived(mymonka, check_id, True, reason="accepted", approver="CTO")
    assert after.result(criterion).level.rank > mymonka.result(criterion).level.rank
    assert criterion not in after.blocking and criterion in mymonka.blocking
    waived = next(f for f in after.findings if f.check_id == check_id)
    assert waived.status is Status.WAIVED
    assert waived.waiver["expires"] == "2027-01-31"
    changes = level_changes(mymonka, after)
    assert criterion in list(changes["criterion"])


def test_waiving_every_failure_and_attesting_every_short_criterion_makes_it_ready(mymonka):
    config = mymonka.config
    for check_id in _failing(mymonka):
        config = with_waiver(config, check_id, True, AS_OF)
    after = rejudge(mymonka, config)
    for result in [r for r in after.criteria if not r.meets_requirement]:
        after = set_attested(after, result.criterion, True, level="production")
    assert mymonka.verdict is Verdict.NOT_READY and after.verdict is Verdict.READY
    back = set_waived(after, _failing(mymonka)[0], False)
    assert back.verdict is Verdict.NOT_READY
    assert level_changes(after, back).iloc[-1].to_dict()["after"] == "not_ready"


def test_withdrawing_a_criterion_attestation_makes_it_inconclusive(mymonka):
    assert mymonka.result("backup").level is Level.PARTIAL
    after = set_attested(mymonka, "backup", False)
    assert after.result("backup").level is Level.INCONCLUSIVE
    assert "backup" in after.unknown
    assert [a.criterion for a in after.config.attestations] == ["secrets", None]


def test_what_if_never_touches_the_file(mymonka):
    before = mymonka.config.path.read_bytes()
    set_waived(set_attested(mymonka, "backup", False), _failing(mymonka)[0], True)
    assert mymonka.config.path.read_bytes() == before
    assert load_config(mymonka.config.path).waivers == mymonka.config.waivers


def test_unknown_checks_are_refused(mymonka):
    with pytest.raises(UsageError, match="unknown check"):
        set_waived(mymonka, "tests.nope", True)
    with pytest.raises(UsageError, match="unknown check or criterion"):
        set_attested(mymonka, "nope", True)


def test_save_rewrites_only_the_two_blocks_and_keeps_a_backup(tmp_path):
    assessment = assess_copy(tmp_path)
    path = assessment.config.path
    original = path.read_text(encoding="utf-8")
    check_id = _failing(assessment)[0]
    changed = set_attested(
        set_waived(assessment, check_id, True, reason="ok", approver="CTO"), "backup", False
    )
    backup = save_config(changed.config, now=NOW)
    assert backup.read_text(encoding="utf-8") == original
    text = path.read_text(encoding="utf-8")
    assert text.startswith(original.split("attestations:")[0])
    assert "# MyMonka: the product of the seed" in text
    reloaded = load_config(path)
    assert check_id in {w.check for w in reloaded.waivers}
    assert "backup" not in {a.criterion for a in reloaded.attestations}
    assert yaml.safe_load(text)["targets"]["latency_p95_ms"] == 800
    with pytest.raises(ConfigError, match="backup with this name exists"):
        save_config(changed.config, now=NOW)
    assert load_config(path).waivers == reloaded.waivers


def test_save_refuses_a_change_that_would_make_the_file_invalid(tmp_path):
    assessment = assess_copy(tmp_path)
    original = assessment.config.path.read_text(encoding="utf-8")
    broken = set_waived(assessment, _failing(assessment)[0], True)
    broken.config.waivers[-1] = broken.config.waivers[-1].__class__(
        check="not.a.check", reason="x", approver="y", expires=dt.date(2027, 1, 1)
    )
    with pytest.raises(ConfigError) as caught:
        save_config(broken.config, now=NOW)
    assert str(assessment.config.path) in str(caught.value)
    assert assessment.config.path.read_text(encoding="utf-8") == original
    assert not list(assessment.config.path.parent.glob("*.bak"))
