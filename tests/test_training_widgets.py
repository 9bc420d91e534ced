"""The training's widgets react like the course says, and fall back to static text for handouts."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
from IPython.display import HTML

from readiness import training
from readiness.config import load_config
from readiness.training.widgets import (
    incident_walkthrough,
    postmortem_editor,
    quiz_view,
    rollback_chooser,
    self_assessment_form,
    slo_calculator,
)

AS_OF = dt.date(2026, 1, 31)


def test_quiz_gives_the_feedback_of_the_picked_choice():
    view = quiz_view("backup", "fr", interactive=True)
    _question, picker, button, feedback = view.children
    button.click()
    assert feedback.value == ""  # nothing picked, nothing said
    wrong = next(i for i, c in enumerate(training.quiz("backup")["choices"]) if not c["correct"])
    picker.value = wrong
    button.click()
    assert "Pas tout à fait." in feedback.value
    picker.value = next(i for i, c in enumerate(training.quiz("backup")["choices"]) if c["correct"])
    button.click()
    assert "Exact." in feedback.value


def test_static_quiz_is_html_without_widgets():
    view = quiz_view("tests", "en", interactive=False)
    assert isinstance(view, HTML) and "Quiz" in view.data


def test_slo_calculator_updates_when_the_error_rate_changes():
    view = slo_calculator("en", interactive=True)
    result = view.children[-1]
    assert "Freeze deploys" in result.value  # 0.25 % against 99.9 %: burn rate 2.5
    view.children[2].value = 0.05
    assert "Within budget" in result.value
    assert "2.5" in slo_calculator("en", interactive=False).data


def test_rollback_chooser_follows_the_ticked_boxes():
    view = rollback_chooser("en", interactive=True)
    boxes = [c for c in view.children if isinstance(c, w.Checkbox)]
    result = view.children[-1]
    assert "There is no way back yet" in result.value
    boxes[0].value = True  # the platform keeps deployment history
    assert "Simple rollback" in result.value
    boxes[2].value = True  # traffic can be split
    assert "Canary release" in result.value and "Simple rollback" not in result.value


def test_incident_and_postmortem_widgets():
    flow = incident_walkthrough("en", interactive=True)
    flow.children[0].value = 4
    assert "blameless" in flow.children[1].value
    editor = postmortem_editor("fr", interactive=True)
    editor.children[1].value = "09:02 alerte Sentry"
    assert "09:02 alerte Sentry" in editor.children[-1].value
    assert "Chronologie" in postmortem_editor("fr", interactive=False).data


def test_self_assessment_form_writes_a_new_file_each_time(tmp_path):
    path = tmp_path / "readiness.yml"
    form = self_assessment_form("en", path, AS_OF, "Acme", "product", "Product owner")
    pickers = [c for c in form.children if isinstance(c, w.Dropdown) and c.description != "Profile"]
    pickers[0].value = "production"
    button = next(c for c in form.children if isinstance(c, w.Button))
    button.click()
    button.click()
    assert path.exists() and (tmp_path / "readiness-2.yml").exists()
    attested = load_config(path).attestations
    assert [(a.criterion, a.level) for a in attested] == [("tests", "production")]
    assert training.unused_path(path) == tmp_path / "readiness-3.yml"


def test_the_self_assessment_lands_where_the_learner_works_unless_they_chose(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert training.self_assessment_path(None) == tmp_path / "readiness.yml"
    (tmp_path / "readiness.yml").write_text("name: theirs\n")  # a product's own file is never replaced
    assert training.self_assessment_path(None) == tmp_path / "readiness-2.yml"
    assert training.self_assessment_path(tmp_path / "x" / "mine.yml") == tmp_path / "x" / "mine.yml"
