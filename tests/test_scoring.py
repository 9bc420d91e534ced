import datetime as dt
from dataclasses import replace

import pytest

from readiness.catalogue import criteria, profile
from readiness.checks import CheckContext
from readiness.checks.attestations import apply_attestations, apply_waivers
from readiness.collectors import Evidence, Facts
from readiness.collectors.attestations import collect_attestations
from readiness.config import EvidenceSpec, config_from_data
from readiness.model import Finding, Level, Severity, SourceRecord, Status, Verdict
from readiness.scoring import (
    attained_level,
    evidence_coverage,
    overall_score,
    score_criteria,
    score_criterion,
    verdict,
)

TODAY = dt.date(2026, 11, 26)


def finding(status, level="production", criterion="tests", check_id=None, shows=None, blocker=False):
    return Finding(
        check_id=check_id or f"{criterion}.{level}.{status}",
        criterion=criterion,
        status=Status(status),
        severity=Severity.MEDIUM,
        message=f"{status} at {level}",
        level=Level(level),
        shows=Level(shows) if shows else None,
        blocker=blocker,
        remediation={"en": f"fix {level}", "fr": f"corriger {level}"},
    )


def test_a_level_needs_no_failure_at_or_below_it_and_a_pass_at_or_above_it():
    assert (
        attained_level(
            [finding("pass", "prototype"), finding("pass", "partial"), finding("fail", "production")]
        )
        is Level.PARTIAL
    )
    assert attained_level([finding("fail", "prototype"), finding("pass", "production")]) is Level.ABSENT
    assert attained_level([finding("pass", "production")]) is Level.PRODUCTION
    assert attained_level([finding("fail", "partial")]) is Level.ABSENT
    assert attained_level([finding("waived", "prototype")]) is Level.PROTOTYPE


def test_inconclusive_is_not_zero():
    result = score_criterion("tests", [finding("inconclusive")], profile("product"))
    assert result.level is Level.INCONCLUSIVE and result.score is None
    assert result.meets_requirement is None
    others = [score_criterion("ci_cd", [finding("pass", criterion="ci_cd")], profile("product"))]
    assert overall_score([result, *others]) == 100.0
    assert evidence_coverage([result, *others]) == 0.5


def test_not_applicable_criteria_are_left_out_of_coverage():
    na = score_criterion(
        "compliance", [finding("not_applicable", criterion="compliance")], profile("product")
    )
    assert na.level is Level.NOT_APPLICABLE
    ok = score_criterion("tests", [finding("pass")], profile("product"))
    assert evidence_coverage([na, ok]) == 1.0


def test_a_graded_lapse_among_many_is_a_partial_showing_not_an_absence():
    # error handling with 6 swallowed catches among 43: the check shows partial, a boundary passes
    graded = [
        finding("fail", "production", "error_handling", "eh.catches", shows="partial"),
        finding("pass", "partial", "error_handling", "eh.boundary"),
    ]
    assert attained_level(graded) is Level.PARTIAL
    # ungraded, the same failure only caps one rung under its declared level
    assert attained_level([finding("fail", "production"), finding("pass", "partial")]) is Level.PARTIAL
    # a graded failure is positive evidence of the level it shows, even with nothing passing
    assert attained_level([finding("fail", "partial", shows="prototype")]) is Level.PROTOTYPE


def test_a_blocker_caps_the_criterion_and_explains_it():
    findings = [
        finding("pass", "production", "secrets", "secrets.env"),
        finding("fail", "partial", "secrets", "secrets.hardcoded", shows="absent", blocker=True),
        finding("fail", "production", "secrets", "secrets.vite"),
    ]
    result = score_criterion("secrets", findings, profile("product"))
    assert result.level is Level.ABSENT and result.reason == "fail at partial"
    assert result.next_steps["en"].endswith("First: fix partial")
    assert result.next_steps["fr"].startswith("Niveau suivant, prototype")


def test_score_and_level_tell_the_same_story():
    bands = {Level.ABSENT: (0, 33.4), Level.PROTOTYPE: (33.3, 66.7), Level.PARTIAL: (66.6, 100)}
    cases = [
        [finding("pass", "prototype"), finding("fail", "production")],
        [finding("pass", "partial"), finding("pass", "production"), finding("fail", "production")],
        [finding("fail", "partial"), finding("pass", "production")],
        [finding("pass", "production"), finding("waived", "partial")],
    ]
    for findings in cases:
        result = score_criterion("tests", findings, profile("product"))
        if result.level is Level.PRODUCTION:
            assert result.score == 100.0 and result.next_steps == {}
        else:
            low, high = bands[result.level]
            assert low <= result.score < high, (result.level, result.score)
            assert result.next_steps["en"].startswith("Next level")
    assert score_criterion("tests", cases[0], profile("product")).score == 33.3


def test_overall_score_is_weighted_by_criticality():
    results = score_criteria(
        [finding("pass", criterion="tests"), finding("fail", criterion="scalability")], profile("product")
    )
    # tests is critical (3), scalability nice-to-have (1): (3*100 + 1*0) / 4
    assert overall_score(results) == 75.0


def test_verdict_lists_blocking_criteria_and_prefers_not_ready_over_inconclusive():
    results = score_criteria(
        [finding("pass", criterion=c) for c in ("tests", "secrets")]
        + [finding("fail", criterion="monitoring")],
        profile("product"),
    )
    outcome, blocking, unknown = verdict(results, profile("product"))
    assert outcome is Verdict.NOT_READY and blocking == ["monitoring"]
    assert "backup" in unknown
    everything = score_criteria([finding("pass", criterion=r.criterion) for r in results], profile("product"))
    assert verdict(everything, profile("product"))[0] is Verdict.READY
    partial_evidence = score_criteria([finding("pass", criterion="tests")], profile("product"))
    assert verdict(partial_evidence, profile("product"))[0] is Verdict.INCONCLUSIVE


def test_poc_profile_requires_nothing_and_is_never_called_ready():
    failing = score_criteria([finding("fail", criterion="tests")], profile("poc"))
    assert verdict(failing, profile("poc"))[0] is Verdict.NOT_REQUIRED
    everything = score_criteria([finding("pass", criterion=c.id) for c in criteria()], profile("poc"))
    assert verdict(everything, profile("poc"))[0] is Verdict.NOT_REQUIRED


def _context(data):
    config = config_from_data({"name": "p", "profile": "product", **data}, None)
    spec = EvidenceSpec(kind="attestations", path=config.base_dir, name="attestations")
    evidence = Evidence(
        [collect_attestations(spec, config), Facts(SourceRecord("repositories", "x"), "repo")]
    )
    return CheckContext(evidence=evidence, config=config, profile=profile("product"), as_of=TODAY)


def test_expired_waivers_stop_counting():
    waiver = {"check": "ci_cd.rollback", "reason": "r", "approver": "cto"}
    failing = [finding("fail", criterion="ci_cd", check_id="ci_cd.rollback")]
    active = apply_waivers(failing, _context({"waivers": [{**waiver, "expires": "2026-12-31"}]}))
    assert active[0].status is Status.WAIVED and active[0].waiver["approver"] == "cto"
    expired = apply_waivers(failing, _context({"waivers": [{**waiver, "expires": "2026-11-25"}]}))
    assert expired[0].status is Status.FAIL


def test_attestations_settle_inconclusive_checks_until_they_expire():
    attestation = {
        "check": "backup.restore_tested",
        "statement": "restored on 2026-10-02",
        "owner": "ops",
        "date": "2026-10-02",
    }
    unknown = [finding("inconclusive", criterion="backup", check_id="backup.restore_tested")]
    valid = apply_attestations(
        unknown, _context({"attestations": [{**attestation, "expires": "2027-01-01"}]})
    )
    assert valid[0].status is Status.PASS and valid[0].attestation["owner"] == "ops"
    expired = apply_attestations(
        unknown, _context({"attestations": [{**attestation, "expires": "2026-01-01"}]})
    )
    assert expired[0].status is Status.INCONCLUSIVE


def test_attestation_never_overrides_failing_evidence():
    attestation = {
        "check": "ci_cd.rollback",
        "statement": "we can roll back",
        "owner": "ops",
        "date": "2026-10-02",
    }
    failing = [finding("fail", criterion="ci_cd", check_id="ci_cd.rollback")]
    out = apply_attestations(failing, _context({"attestations": [attestation]}))
    assert out[0].status is Status.FAIL and "evidence wins" in out[0].message


def test_criterion_attestation_adds_a_pass_at_its_level():
    attestation = {
        "criterion": "backup",
        "level": "partial",
        "statement": "daily backups",
        "owner": "ops",
        "date": "2026-10-02",
    }
    out = apply_attestations([], _context({"attestations": [attestation]}))
    assert [(f.check_id, f.status, f.level) for f in out] == [("backup.attested", Status.PASS, Level.PARTIAL)]
    assert score_criterion("backup", out, profile("product")).level is Level.PARTIAL


def test_a_welcome_practice_lifts_when_present_and_holds_nothing_down_when_absent():
    adr_missing = replace(finding("fail", "production", "documentation", "documentation.adr"), caps=False)
    guides = finding("pass", "partial", "documentation", "documentation.guides")
    assert attained_level([guides, adr_missing]) is Level.PARTIAL
    assert attained_level([finding("fail", "partial", "documentation"), guides]) is Level.PROTOTYPE
    assert attained_level([adr_missing]) is Level.ABSENT


def test_a_practice_that_holds_nothing_down_never_explains_a_production_level():
    """At production the why is what reached it, not a welcome practice still missing."""
    unwrapped = replace(
        finding("fail", "production", "error_handling", "error_handling.routes_wrapped"), caps=False
    )
    reporter = finding("pass", "production", "error_handling", "error_handling.structured_reporting")
    result = score_criterion("error_handling", [unwrapped, reporter], profile("product"))
    assert result.level is Level.PRODUCTION and result.reason == "pass at production"


def test_a_clean_hygiene_check_shows_no_level_by_itself():
    clean_logs = replace(finding("pass", "production", "compliance", "compliance.logs"), evidences=False)
    assert score_criterion("compliance", [clean_logs], profile("product")).level is Level.INCONCLUSIVE
    privacy = finding("pass", "partial", "compliance", "compliance.privacy")
    assert attained_level([clean_logs, privacy]) is Level.PARTIAL
    leaky_logs = replace(finding("fail", "production", "compliance", "compliance.logs"), evidences=False)
    assert attained_level([leaky_logs, finding("pass", "production", "compliance")]) is Level.PARTIAL


def test_a_finding_built_with_words_holds_enums_scoring_can_rank():
    finding = Finding("x.y", "tests", "fail", "high", "text", level="partial", shows="prototype")
    assert (finding.status, finding.severity, finding.level, finding.shows) == (
        Status.FAIL,
        Severity.HIGH,
        Level.PARTIAL,
        Level.PROTOTYPE,
    )
    with pytest.raises(ValueError):
        Finding("x.y", "tests", "fail", "high", "text", level="almost")
