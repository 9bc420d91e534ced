"""The plan: steps in order, the path to production re-judged, the formats people paste."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from readiness import markdown
from readiness.assessment import assess
from readiness.catalogue import CRITERION_IDS, criteria
from readiness.cli import main
from readiness.config import load_config
from readiness.model import Level, Status
from readiness.plan import plan_assessment, plan_schema
from readiness.whatif import rejudge, with_attestation, with_waiver
from tests.conftest import DEMO
from tests.repo_check_support import AS_OF, repo_config

DEMOS = ("mymonka", "clinical-engine")


@pytest.fixture(scope="module")
def demo_assessments():
    return {name: assess(load_config(DEMO / name / "readiness.yml"), as_of=AS_OF) for name in DEMOS}


def rejudged_with_path_done(assessment, plan):
    """The assessment judged again by the checks pipeline, with the path's failures waived and its
    missing evidence and attestations attested: what 'assumed done' means, independently of plan.py."""
    config = assessment.config
    for step in plan.path:
        if step.kind == "attest":
            config = with_attestation(config, step.criterion, True, AS_OF, level=plan.targets[step.criterion])
        for check_id in step.closes:
            finding = next(f for f in assessment.findings if f.check_id == check_id)
            if finding.status is Status.FAIL:
                config = with_waiver(config, check_id, True, AS_OF)
            else:
                config = with_attestation(config, check_id, True, AS_OF)
    return rejudge(assessment, config)


@pytest.mark.parametrize("name", DEMOS)
def test_the_path_to_production_really_reaches_the_targets(demo_assessments, name):
    assessment = demo_assessments[name]
    plan = plan_assessment(assessment)
    after = rejudged_with_path_done(assessment, plan)
    for result in after.criteria:
        target = Level(plan.targets[result.criterion])
        assert result.level is Level.NOT_APPLICABLE or result.level.rank >= target.rank, (
            result.criterion,
            result.level,
            target,
        )
    assert plan.reached == {r.criterion: r.level.value for r in after.criteria}
    low, high = plan.path_hours
    assert 0 < low < high and plan.path


@pytest.mark.parametrize("name", DEMOS)
def test_the_plan_is_stable_and_ordered_by_what_unblocks_first(demo_assessments, name):
    assessment = demo_assessments[name]
    first, second = plan_assessment(assessment), plan_assessment(assessment)
    assert [s.to_dict() for s in first.steps] == [s.to_dict() for s in second.steps]
    on_path = [s.on_path for s in first.steps]
    assert on_path == sorted(on_path, reverse=True), "path steps come first"
    assert len({s.id for s in first.steps}) == len(first.steps)
    assert all(s.id.startswith(("fix:", "attest:")) for s in first.steps)
    assert first.steps[-1].verdict_after == first.verdict_after_path or not first.steps[-1].on_path


def test_mymonka_is_ready_once_its_path_is_done_and_poc_shows_its_distance(demo_assessments):
    plan = plan_assessment(demo_assessments["mymonka"])
    assert plan.verdict_after_path == "ready"
    assert [s for s in plan.path if s.on_path][-1].verdict_after == "ready"
    assert {s.criterion for s in plan.path} == set(demo_assessments["mymonka"].blocking)
    poc = plan_assessment(demo_assessments["clinical-engine"])
    assert demo_assessments["clinical-engine"].verdict.value == "not_required"
    assert set(poc.targets.values()) == {"production"} and poc.path


def test_an_attestation_step_settles_what_evidence_cannot(make_repo):
    assessment = assess(repo_config(make_repo({"README.md": "# App\n"})), as_of=AS_OF)
    assert assessment.result("backup").level is Level.INCONCLUSIVE
    plan = plan_assessment(assessment)
    attest = {s.id: s for s in plan.path if s.kind == "attest"}
    assert {"attest:backup", "attest:compliance"} <= set(attest)
    assert attest["attest:backup"].role == "ops" and attest["attest:compliance"].role == "legal"
    assert "signed" in attest["attest:backup"].title["en"] and "signée" in attest["attest:backup"].title["fr"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_status_table_has_the_twelve_rows_in_each_language(demo_assessments, lang):
    table = markdown.status_table(demo_assessments["mymonka"], lang)
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 12
    for row, crit in zip(rows, criteria(), strict=True):
        assert row.startswith(f"| {crit.name[lang]} | ")
    heading = "Où en est MyMonka ?" if lang == "fr" else "Where does MyMonka stand?"
    assert table.startswith(f"## {heading}")
    assert "| Monitoring | ❌" in table


def test_the_ci_summary_says_the_verdict_what_changed_and_the_next_three_steps(demo_assessments):
    assessment = demo_assessments["mymonka"]
    plan = plan_assessment(assessment)
    baseline = json.loads(assessment.to_json())
    baseline["criteria"][0]["level"] = "absent"
    baseline["criteria"][0]["findings"].append({"check_id": "tests.old", "status": "fail"})
    summary = markdown.ci_summary(assessment, plan, baseline, "en")
    assert "**Verdict:** Not ready for production" in summary
    assert "Automated tests: Absent → Partial" in summary and "fixed: `tests.old`" in summary
    steps = summary.split("### Next steps")[1]
    assert sum(1 for line in steps.splitlines() if line.startswith("| ") and line[2].isdigit()) == 3
    assert plan.steps[0].title["en"] in steps


def test_plan_csv_and_json_import_cleanly(demo_assessments):
    plan = plan_assessment(demo_assessments["mymonka"])
    rows = list(csv.DictReader(io.StringIO(markdown.plan_csv(plan, "fr"))))
    assert [r["id"] for r in rows] == [s.id for s in plan.steps]
    assert rows[0]["title"] == plan.steps[0].title["fr"]
    data = json.loads(markdown.plan_json(plan))
    jsonschema.Draft202012Validator(plan_schema()).validate(data)
    assert data["path_to_production"]["steps"] == [s.id for s in plan.path]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_readiness_plan_prints_each_format(capsys, fmt):
    code = main(
        [
            "plan",
            "--config",
            str(DEMO / "mymonka" / "readiness.yml"),
            "--as-of",
            "2026-11-26",
            "--format",
            fmt,
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "Sentry.init" in out
    if fmt in ("csv", "json"):
        assert "fix:monitoring.error_tracking" in out


def test_assess_markdown_with_a_baseline(tmp_path, capsys):
    config = str(DEMO / "mymonka" / "readiness.yml")
    assert (
        main(["assess", "--config", config, "--as-of", "2026-11-26", "--format", "json", "--no-history"]) == 1
    )
    (tmp_path / "base.json").write_text(capsys.readouterr().out)
    code = main(
        [
            "assess",
            "--config",
            config,
            "--as-of",
            "2026-11-26",
            "--format",
            "markdown",
            "--lang",
            "fr",
            "--baseline",
            str(tmp_path / "base.json"),
            "--no-history",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1 and "## Où en est MyMonka ?" in out and "aucun changement" in out
    assert (
        main(
            [
                "assess",
                "--config",
                config,
                "--format",
                "markdown",
                "--baseline",
                str(tmp_path / "missing.json"),
                "--no-history",
            ]
        )
        == 2
    )


def test_every_check_has_an_effort_and_a_role():
    from readiness.catalogue import EFFORT_HOURS, ROLES, efforts
    from readiness.checks import registered_checks

    table = efforts()
    for spec in registered_checks():
        assert spec.id in table, spec.id
        assert table[spec.id]["effort"] in EFFORT_HOURS and table[spec.id]["role"] in ROLES
    assert set(CRITERION_IDS) == {spec.criterion for spec in registered_checks()}


def test_the_history_says_how_many_steps_of_the_last_plan_were_done(demo_assessments, tmp_path):
    from dataclasses import replace as replaced

    from readiness.history import HistoryStore, since_last, since_last_table

    assessment = demo_assessments["mymonka"]
    store = HistoryStore(tmp_path / "history")
    first = store.record(assessment, "assess")
    plan = plan_assessment(assessment)
    assert first.plan_steps == [s.id for s in plan.steps]
    done = [s.id for s in plan.steps[:3]]
    later = replaced(first, run_id="later", plan_steps=[s for s in first.plan_steps if s not in done])
    change = since_last(later, store.runs("MyMonka")[-1])
    assert change.steps_done == done
    table = since_last_table(change, "en")
    assert f"3 of {len(plan.steps)} steps of the last plan" in table.to_string()
