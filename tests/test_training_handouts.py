"""`readiness training`: both languages execute under papermill; the learner's handout hides answers."""

from __future__ import annotations

import datetime as dt

import pytest

from readiness import training
from readiness.cli import main
from readiness.config import load_config
from readiness.handouts import build_handout, render_handout

AS_OF = dt.date(2026, 1, 31)


@pytest.mark.slow
def test_both_languages_execute_and_render_offline(tmp_path):
    for lang, title, check in (
        ("fr", "La production readiness, par la pratique", "Auto-évaluation"),
        ("en", "Production readiness, learned by doing", "Self-assessment"),
    ):
        summary = training.section("lessons_summary", lang)
        handout = build_handout(lang, "trainer", tmp_path / lang, as_of=AS_OF)
        assert load_config(handout.readiness_yml).name == "MyMonka"
        trainer = handout.html_path.read_text(encoding="utf-8")
        learner_path = render_handout(handout.ipynb_path, tmp_path / lang / "learner.html", lang, "learner")
        learner = learner_path.read_text(encoding="utf-8")
        for page in (trainer, learner):
            assert title in page
            assert check in page  # the self-assessment's readiness.yml, shown after read-back
            assert "error_handling.no_swallowed_errors" in page and summary in page
            assert '<script src="http' not in page and 'stylesheet" href="http' not in page
            assert "Traceback" not in page
            assert "def lesson(" not in page  # code hidden in handouts
        assert trainer.count('class="rd-training-answer"') == 12
        assert "rd-training-answer" not in learner
        assert learner.count('class="rd-training-quiz"') == 12


def test_training_command_rejects_unknown_choices(capsys):
    assert main(["training", "--lang", "de"]) == 2
    assert main(["training", "--audience", "student"]) == 2
    assert main(["training", "--as-of", "tomorrow"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_notebook_and_its_jupytext_pair_hold_the_same_cells():
    import jupytext

    from readiness.handouts import TRAINING_NOTEBOOK

    paired = jupytext.read(TRAINING_NOTEBOOK.with_suffix(".py"))
    stored = jupytext.read(TRAINING_NOTEBOOK)
    assert [c.source for c in paired.cells] == [c.source for c in stored.cells]
    tags = [c.metadata.get("tags", []) for c in stored.cells]
    assert ["parameters"] in tags and ["answers"] in tags


def test_learner_notebook_loses_its_answer_cells(tmp_path):
    import nbformat

    from readiness.handouts import strip_answers

    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("lesson('tests')"),
            nbformat.v4.new_code_cell("show(answer_key)", metadata={"tags": ["answers"]}),
        ]
    )
    path = tmp_path / "learner.ipynb"
    nbformat.write(notebook, path)
    kept = nbformat.read(strip_answers(path), as_version=4).cells
    assert [c.source for c in kept] == ["lesson('tests')"]


def test_the_notebook_run_as_is_keeps_the_answer_key_for_the_trainer(tmp_path):
    """Opened in Jupyter (no handout stripping), the course ends with the answer key only when
    `version` says trainer."""
    from readiness.handouts import TRAINING_NOTEBOOK
    from readiness.report import execute_scorecard

    pages = {}
    for version in ("learner", "trainer"):
        out = tmp_path / f"{version}.ipynb"
        parameters = {
            "interactive": False,
            "version": version,
            "workdir": str(tmp_path / version),
            "as_of": AS_OF.isoformat(),
            "self_assessment_file": str(tmp_path / f"{version}.yml"),
        }
        execute_scorecard(TRAINING_NOTEBOOK, out, parameters)
        pages[version] = out.read_text(encoding="utf-8")
    assert "rd-training-answer" not in pages["learner"]
    assert pages["trainer"].count("rd-training-answer") >= 12
