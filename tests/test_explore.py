"""The exploration widgets, driven from plain Python: set values, read what they display."""

from __future__ import annotations

import datetime as dt
import runpy
from html import escape
from pathlib import Path

import pytest

from readiness.config import load_config
from readiness.explore import Explorer, apply_what_if, finding_detail, findings_frame, open_explorer
from readiness.model import EvidenceRef, Finding, Severity, Status
from tests.whatif_support import AS_OF, DEMO, assess_copy

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.py"
SAVED_AT = dt.datetime(2026, 11, 2, 10, 0)


@pytest.fixture(scope="module")
def demos(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demos")
    return [assess_copy(folder, "mymonka"), assess_copy(folder, "clinical-engine")]


@pytest.fixture
def explorer(demos):
    return Explorer(demos, lang="en", now=lambda: SAVED_AT)


def _failing(assessment):
    return sorted(f.check_id for f in assessment.findings if f.status is Status.FAIL)


def test_findings_frame_filters_by_criterion_status_and_severity(demos):
    mymonka = demos[0]
    frame = findings_frame(mymonka, "monitoring", statuses=["fail"])
    assert set(frame["criterion"]) == {"monitoring"} and set(frame["status"]) == {"fail"}
    assert len(frame) == sum(1 for f in mymonka.result("monitoring").findings if f.status is Status.FAIL)
    severe = findings_frame(mymonka, severities=["critical", "high"])
    assert set(severe["severity"]) <= {"critical", "high"}
    assert len(findings_frame(mymonka)) == len(mymonka.findings)


def test_finding_detail_shows_cited_lines_escaped_and_remediation_in_the_language():
    finding = Finding(
        check_id="secrets.x",
        criterion="secrets",
        status=Status.FAIL,
        severity=Severity.HIGH,
        message="Key <found>",
        evidence=[
            EvidenceRef(
                source="repo",
                path="src/a.ts",
                line=3,
                excerpt="KEY=sk_l…[sha256:1a2b]",
                url="http://10.0.0.1/x?token=1",
            )
        ],
        remediation={"en": "Rotate it.", "fr": "Changez-la."},
    )
    html = finding_detail(finding, "fr")
    assert "src/a.ts:3" in html and "sk_l…[sha256:1a2b]" in html and "Changez-la." in html
    assert "Key &lt;found&gt;" in html
    assert "10.0.0.1" not in html and "token" not in html


def test_drilling_down_from_criterion_to_findings_to_cited_lines(explorer):
    assert explorer.criterion.label == "All criteria"
    assert len(explorer.finding.options) == len(explorer.assessment.findings)
    explorer.criterion.value = "monitoring"
    checks = [value for _label, value in explorer.finding.options]
    assert checks and all(c.startswith("monitoring.") for c in checks)
    explorer.status.value = ("fail",)
    failing = [value for _label, value in explorer.finding.options]
    assert failing == [c for c in _failing(explorer.assessment) if c.startswith("monitoring.")]
    explorer.finding.value = failing[0]
    assert failing[0] in explorer.detail.value and "Remediation" in explorer.detail.value


def test_switching_product_shows_its_findings_and_its_own_what_if_options(explorer, demos):
    explorer.product.value = "Clinical Engine"
    assert explorer.assessment is demos[1]
    assert set(explorer.waived.options) == set(_failing(demos[1]))
    assert "Clinical Engine" in explorer.verdict.value


def test_toggling_waivers_and_attestations_changes_the_displayed_level_and_verdict(explorer, demos):
    mymonka = demos[0]
    assert "Not ready for production" in explorer.verdict.value
    explorer.waived.value = tuple(explorer.waived.options)
    assert "Not ready for production" in explorer.verdict.value
    explorer.attested.value = tuple(explorer.attested.options)
    assert "Ready for production" in explorer.verdict.value
    assert "Not ready for production → Ready for production" in explorer.verdict.value
    labels = dict((value, label) for label, value in explorer.criterion.options)
    assert labels["monitoring"].endswith("Production")
    explorer.waived.value = ()
    assert "Not ready for production" in explorer.verdict.value
    assert mymonka.config.path.read_text() == (DEMO / "mymonka" / "readiness.yml").read_text()


def test_save_writes_the_what_if_into_readiness_yml_with_a_backup(tmp_path):
    assessment = assess_copy(tmp_path)
    explorer = Explorer([assessment], lang="fr", now=lambda: SAVED_AT)
    check_id = _failing(assessment)[0]
    explorer.waived.value = (*explorer.waived.value, check_id)
    explorer.save.click()
    assert check_id in {w.check for w in load_config(assessment.config.path).waivers}
    assert (assessment.config.path.parent / "readiness.yml.20261102T100000.bak").exists()
    assert "enregistré" in explorer.message.value
    assert "Aucun changement simulé." in explorer.verdict.value


def test_apply_what_if_with_the_configured_sets_changes_nothing(demos):
    mymonka = demos[0]
    same = apply_what_if(
        mymonka,
        {w.check for w in mymonka.config.waivers if not w.is_expired(AS_OF)},
        {a.check or a.criterion for a in mymonka.config.attestations if not a.is_expired(AS_OF)},
    )
    assert same is mymonka


def test_the_notebook_builds_the_explorer_on_the_demo():
    namespace = runpy.run_path(str(NOTEBOOK))
    explorer = namespace["explorer"]
    assert set(explorer.product.options) == {"MyMonka", "Clinical Engine"}
    assert explorer.widget.children


def test_a_failed_save_is_shown_beside_the_button_and_changes_nothing(tmp_path):
    assessment = assess_copy(tmp_path)
    explorer = Explorer([assessment], now=lambda: SAVED_AT)
    (assessment.config.path.parent / "readiness.yml.20261102T100000.bak").write_text("older backup")
    before = assessment.config.path.read_text()
    explorer.waived.value = (*explorer.waived.value, _failing(assessment)[0])
    explorer.save.click()
    assert "backup with this name exists" in explorer.message.value
    assert assessment.config.path.read_text() == before


def test_the_plan_tab_shows_the_same_plan_and_follows_the_what_ifs():
    from readiness.plan import plan_assessment

    explorer = open_explorer([str(DEMO / "mymonka" / "readiness.yml")], as_of="2026-11-26")
    assert explorer.widget.titles == ("Findings and what-ifs", "Path to production", "Compare products")
    plan = plan_assessment(explorer.assessment)
    assert plan.steps[0].title["en"] in explorer.plan.value
    step = next(s for s in plan.steps if s.kind == "fix")
    explorer.waived.value = (*explorer.waived.value, step.closes[0])
    assert step.title["en"] not in explorer.plan.value


def test_configured_waivers_start_ticked_and_every_change_is_listed_before_save(tmp_path):
    """A plain multi-select dropped the configured waivers on a click without Ctrl; ticks keep them,
    and what Save would write is said first."""
    assessment = assess_copy(tmp_path)
    explorer = Explorer([assessment], now=lambda: SAVED_AT)
    configured = {w.check for w in assessment.config.waivers if not w.is_expired(AS_OF)}
    assert configured and set(explorer.waived.value) == configured
    assert explorer.save.disabled and explorer.changes.value == ""
    dropped = sorted(configured)[0]
    box = next(b for b in explorer.waived.widget.children[1].children if b.description == dropped)
    box.value = False  # one click on one tick
    assert set(explorer.waived.value) == configured - {dropped}
    assert f"waiver {dropped} removed" in explorer.changes.value and not explorer.save.disabled
    added = _failing(assessment)[0]
    explorer.waived.value = (*explorer.waived.value, added)
    assert f"waiver {added} added" in explorer.changes.value


def test_the_levels_the_why_and_the_comparison_follow_the_what_ifs(explorer, demos):
    mymonka = demos[0]
    assert explorer.levels.value.count("<tr>") == 12 and "rd-icon-absent" in explorer.levels.value
    explorer.criterion.value = "monitoring"
    result = mymonka.result("monitoring")
    assert "Why this level" in explorer.why.value and escape(result.reason) in explorer.why.value
    assert "MyMonka" in explorer.compare.value and "Clinical Engine" in explorer.compare.value
    explorer.waived.value = tuple(explorer.waived.options)
    explorer.attested.value = tuple(explorer.attested.options)
    assert "rd-icon-absent" not in explorer.levels.value
    assert explorer.compare.value.count("<td>Ready for production</td>") == 1  # MyMonka, what-ifs applied
