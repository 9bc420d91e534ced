"""The training course: every bad example is flagged and every good one passes, by the real checks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from readiness import training
from readiness.catalogue import CRITERION_IDS
from readiness.checks import check_ids
from readiness.cli import main
from readiness.config import load_config
from readiness.errors import UsageError
from readiness.model import Level, Status

AS_OF = dt.date(2026, 1, 31)
EXAMPLES = training.examples()


def _bilingual_leaves(node, path=""):
    """Every {en, fr} text mapping under ``node``, with where it sits."""
    if isinstance(node, dict):
        if "en" in node or "fr" in node:
            yield path, node
        else:
            for key, value in node.items():
                yield from _bilingual_leaves(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _bilingual_leaves(value, f"{path}[{index}]")


@pytest.mark.parametrize("name", ["course", "practice"])
def test_every_text_is_written_in_both_languages(name):
    leaves = list(_bilingual_leaves(getattr(training, name)()))
    assert len(leaves) > 40
    for path, text in leaves:
        assert set(text) == {"en", "fr"}, path
        assert all(isinstance(v, str) and v.strip() for v in text.values()), path


def test_every_criterion_has_an_example_a_quiz_and_a_reason():
    assert {e.criterion for e in EXAMPLES} == set(CRITERION_IDS)
    assert set(training.course()["quizzes"]) == set(CRITERION_IDS)
    assert set(training.course()["why"]) == set(CRITERION_IDS)
    for criterion_id in CRITERION_IDS:
        choices = training.quiz(criterion_id)["choices"]
        assert sum(c["correct"] is True for c in choices) == 1, criterion_id


def test_examples_name_registered_checks_of_their_own_criterion():
    known = check_ids()
    for example in EXAMPLES:
        assert example.check in known, example.id
        assert example.check.split(".")[0] == example.criterion, example.id
        for variant in example.variants:
            assert variant.caption["en"] and variant.caption["fr"]
            assert variant.focus in variant.files


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_bad_example_is_flagged_and_good_example_passes(example, tmp_path):
    bad, good = training.judge_example(example, tmp_path, AS_OF)
    assert bad.flagged, f"{example.check} let the bad example through: {bad.finding.message}"
    assert bad.finding.status in (Status.FAIL, Status.INCONCLUSIVE)
    assert good.finding.status is Status.PASS, good.finding.message
    assert not good.flagged
    assert good.level.rank >= bad.level.rank, (bad.level, good.level)


def test_a_secret_example_is_judged_with_git_tracking(tmp_path):
    """The .env lesson only works if the example really is a git work tree."""
    example = next(e for e in EXAMPLES if e.check == "secrets.env_not_tracked")
    bad, good = training.judge_example(example, tmp_path, AS_OF)
    assert any(ref.path == ".env" for ref in bad.finding.evidence)
    assert ".env" in good.variant.files


def test_lesson_page_shows_both_verdicts_and_the_fix(tmp_path):
    results = training.judge_criterion("error_handling", tmp_path, AS_OF)
    html = training.lesson_html("error_handling", results, "fr")
    assert "Gestion des erreurs" in html
    assert html.count("rd-icon-absent") == 2 and html.count("rd-icon-meets") == 2
    assert "error_handling.no_swallowed_errors" in html and "Sentry.captureException" in html
    assert "Comment corriger" in html


def test_results_table_has_one_row_per_variant(tmp_path):
    results = training.judge_criterion("tests", tmp_path, AS_OF)
    table = training.results_table(results, "en")
    assert list(table["Result"]) == ["fails", "passes"]


def test_quiz_handout_never_shows_the_answer_but_the_key_does():
    right = next(c for c in training.quiz("secrets")["choices"] if c["correct"])
    assert right["feedback"]["en"] not in training.quiz_html("secrets", "en")
    assert right["feedback"]["en"] in training.answer_key_html("en")
    index = training.quiz("secrets")["choices"].index(right)
    assert training.quiz_feedback("secrets", index, "fr")[0] is True
    assert training.quiz_feedback("secrets", (index + 1) % 3, "fr")[1].startswith("Pas tout à fait.")


def test_criteria_table_follows_the_seed_checklist():
    table = training.criteria_table("fr")
    assert len(table) == 12
    assert list(table["#"]) == list(range(1, 13))
    assert table.loc[11, "Avec données de santé"] == "Critique"
    assert table.loc[11, "Criticité"] == "Important"


def test_unknown_language_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown language"):
        training.label("quiz", "de")


# --- SLO and error budget ----------------------------------------------------------------------


def test_slo_table_gives_the_seed_figures():
    table = training.slo_table("en").set_index("Availability (%)")
    assert table.loc[99.9, "Downtime per year"] == "8 h 46 min"
    assert table.loc[99.99, "Downtime per year"] == "53 min"
    assert table.loc[99.9, "per 30-day month"] == "43 min"


@pytest.mark.parametrize(
    ("error_rate", "days", "advice", "burn"),
    [
        (0.05, 10, "on_track", 0.5),
        (0.15, 10, "slow_down", 1.5),
        (0.25, 10, "freeze", 2.5),
        (0.25, 15, "spent", 2.5),
    ],
)
def test_budget_advice_follows_the_burn_rate(error_rate, days, advice, burn):
    status = training.budget_status(99.9, error_rate, days)
    assert status.advice == advice
    assert status.burn_rate == pytest.approx(burn)
    assert status.consumed == pytest.approx(burn * days / 30, rel=1e-3)


def test_budget_lasts_the_month_divided_by_the_burn_rate():
    status = training.budget_status(99.9, 0.2, 5)
    assert status.lasts == dt.timedelta(days=15)
    assert training.budget_status(99.9, 0, 5).lasts is None
    assert "∞" in training.budget_html(training.budget_status(99.9, 0, 5), "en")


# --- rollback, incident, post-mortem ------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "strategies", "warnings"),
    [
        (training.RollbackNeeds(), [], ["no_way_back"]),
        (training.RollbackNeeds(history=True), ["simple_rollback"], []),
        (training.RollbackNeeds(history=True, two_stacks=True), ["blue_green"], []),
        (training.RollbackNeeds(two_stacks=True, traffic_split=True), ["canary"], []),
        (
            training.RollbackNeeds(history=True, risky_feature=True, schema_change=True),
            ["feature_flags", "simple_rollback"],
            ["schema_warning"],
        ),
    ],
)
def test_rollback_chooser(needs, strategies, warnings):
    advice = training.choose_rollback(needs)
    assert advice.strategies == strategies
    assert advice.warnings == warnings


def test_incident_flow_has_the_five_steps_in_order():
    steps = list(training.incident_table("en")["Step"])
    assert steps == ["1. Detection", "2. Triage", "3. Response", "4. Resolution", "5. Post-mortem"]
    assert list(training.priorities_table("fr")["Priorité"]) == ["P1", "P2", "P3", "P4"]


def test_postmortem_template_prompts_until_answered():
    empty = training.postmortem_markdown("en")
    assert empty.count("## ") == 5 and "_Minute by minute" in empty
    filled = training.postmortem_markdown("en", {"timeline": "09:02 alert fired"})
    assert "09:02 alert fired" in filled and "_Minute by minute" not in filled
    assert "blameless" in filled.lower()


# --- self-assessment ----------------------------------------------------------------------------

ANSWERS = {"tests": "partial", "monitoring": "absent", "secrets": "production", "backup": "prototype"}


def test_self_assessment_is_written_validated_and_read_back(tmp_path):
    data = training.self_assessment_data("Acme", "product", ANSWERS, "Product owner", AS_OF, "fr")
    path = tmp_path / "readiness.yml"
    config = training.write_self_assessment(path, data)
    assert config == load_config(path)
    attested = {a.criterion: a for a in config.attestations}
    assert set(attested) == {"tests", "secrets", "backup"}
    assert attested["tests"].level == "partial"
    assert attested["tests"].statement.startswith("Auto-évaluation : ")
    assert attested["backup"].expires == AS_OF + dt.timedelta(days=90)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["name"] == "Acme"


def test_readiness_assess_reads_the_self_assessment(tmp_path, capsys):
    data = training.self_assessment_data("Acme", "product", ANSWERS, "Product owner", AS_OF)
    path = tmp_path / "readiness.yml"
    training.write_self_assessment(path, data)
    code = main(["assess", "--config", str(path), "--format", "json", "--as-of", AS_OF.isoformat()])
    levels = {c["criterion"]: c["level"] for c in json.loads(capsys.readouterr().out)["criteria"]}
    assert code == 1  # a product attesting partial tests is not ready
    assert levels["tests"] == "partial" and levels["secrets"] == "production"
    assert levels["backup"] == "prototype"
    assert levels["monitoring"] == Level.INCONCLUSIVE.value


def test_self_assessment_never_overwrites_a_file(tmp_path):
    path = tmp_path / "readiness.yml"
    path.write_text("name: mine\n", encoding="utf-8")
    data = training.self_assessment_data("Acme", "poc", ANSWERS, "Owner", AS_OF)
    with pytest.raises(UsageError, match="already exists"):
        training.write_self_assessment(path, data)
    assert path.read_text(encoding="utf-8") == "name: mine\n"


def test_self_assessment_rejects_unknown_answers():
    with pytest.raises(UsageError, match="unknown criteria"):
        training.self_assessment_data("Acme", "poc", {"speed": "production"}, "Owner", AS_OF)
    with pytest.raises(UsageError, match="not one of"):
        training.self_assessment_data("Acme", "poc", {"tests": "great"}, "Owner", AS_OF)


def test_self_assessment_refuses_an_email_as_owner():
    with pytest.raises(UsageError, match="e-mail"):
        training.self_assessment_data("Acme", "poc", ANSWERS, "jane.doe@example.org", AS_OF)


def test_self_assessment_with_a_repository_lets_the_checks_contradict_it(tmp_path, make_repo):
    repo = make_repo({"src/app.py": "def run():\n    return 1\n"})
    data = training.self_assessment_data(
        "Acme", "product", {"tests": "production"}, "Owner", AS_OF, repositories=(str(repo),)
    )
    config = training.write_self_assessment(tmp_path / "readiness.yml", data)
    assert config.evidence[0].path == repo.resolve()
    summary = training.self_assessment_summary(config, AS_OF, "en").set_index("Criterion")
    assert summary.loc["Automated tests", "✓"] == "✗"  # attested production, but no test file


def test_an_example_without_git_is_still_judged_as_a_folder(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    root = training.write_repository({"README.md": "# x\n"}, tmp_path / "repo")
    assert (root / "README.md").read_text(encoding="utf-8") == "# x\n"
    assert not (root / ".git").exists()
    assert "judged as a plain folder" in caplog.text
