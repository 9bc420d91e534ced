# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %%
# The training course. Every text comes from readiness/data/training/*.yml through readiness.training,
# in the language of `lang`; every example is judged by the product's own checks. `readiness training`
# runs this notebook with papermill and renders it without code; cells tagged `answers` are left out
# of the learner's version.
import datetime as dt
import tempfile
from pathlib import Path

from IPython.display import HTML, Markdown, display

from readiness import scorecard, training
from readiness.training.widgets import (
    incident_walkthrough,
    postmortem_editor,
    quiz_view,
    rollback_chooser,
    self_assessment_form,
    self_assessment_result,
    slo_calculator,
)

# %% tags=["parameters"]
lang = "en"  # en or fr: the language of the whole course
interactive = True  # False for HTML handouts: widgets are replaced by their static text
as_of = None  # YYYY-MM-DD: the date the examples and the self-assessment are judged on (today when None)
workdir = None  # where the example repositories and the self-assessment go (a new temporary folder when None)
product_name = "MyMonka"  # the self-assessment's product
product_profile = "health"  # poc, product or health
owner = "Product owner"  # who signs the self-assessment's attestations (a role, not an e-mail)
repository = None  # a path to your product's repository: the checks then confirm or contradict your answers
self_assessment_file = None  # where the self-assessment's readiness.yml goes (readiness.yml here when None)
version = "learner"  # learner: the answer key stays hidden; trainer: it ends the course
# The self-assessment's answers when the course runs without widgets: the seed's view of MyMonka.
self_assessment_answers = {
    "tests": "partial", "error_handling": "prototype", "monitoring": "absent",
    "secrets": "production", "backup": "partial", "auth_security": "partial",
    "performance": "prototype", "documentation": "partial", "ci_cd": "partial",
    "environments": "partial", "scalability": "prototype", "compliance": "partial",
}

# %%
scorecard.setup_notebook(embed_plotly=interactive, lang=lang)
judged_on = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="readiness-training-"))
folder.mkdir(parents=True, exist_ok=True)


def show(html: str) -> None:
    display(HTML(html))


judged = []  # every example's results, for the summary after the twelve lessons


def lesson(criterion_id: str) -> None:
    """One criterion: the bad and good examples judged by the real checks, then its quiz."""
    results = training.judge_criterion(criterion_id, folder, judged_on)
    judged.extend(results)
    show(training.lesson_html(criterion_id, results, lang))
    display(quiz_view(criterion_id, lang, interactive))


show(training.STYLE + f"<h1>{training.course()['title'][lang]}</h1>")
display(Markdown(training.course()["intro"][lang]))

# %%
show(f"<h2>{training.section('criteria', lang)}</h2>")
show(training.frame_html(training.criteria_table(lang)))

# %%
show(f"<h2>{training.section('lessons', lang)}</h2>")
display(Markdown(training.section("lessons_intro", lang)))
lesson("tests")

# %%
lesson("error_handling")

# %%
lesson("monitoring")

# %%
lesson("secrets")

# %%
lesson("backup")

# %%
lesson("auth_security")

# %%
lesson("performance")

# %%
lesson("documentation")

# %%
lesson("ci_cd")

# %%
lesson("environments")

# %%
lesson("scalability")

# %%
lesson("compliance")

# %%
show(f"<h3>{training.section('lessons_summary', lang)}</h3>")
show(training.frame_html(training.results_table(judged, lang)))

# %%
show(f"<h2>{training.section('slo', lang)}</h2>")
display(Markdown(training.practice()["slo"]["intro"][lang]))
show(training.frame_html(training.slo_table(lang)))
display(training.downtime_figure(lang))
display(slo_calculator(lang, interactive))

# %%
show(f"<h2>{training.section('rollback', lang)}</h2>")
show(training.frame_html(training.rollback_strategies_table(lang)))
display(rollback_chooser(lang, interactive))

# %%
show(f"<h2>{training.section('incident', lang)}</h2>")
display(Markdown(training.practice()["incident"]["intro"][lang]))
display(incident_walkthrough(lang, interactive))
show(training.frame_html(training.priorities_table(lang)))
display(postmortem_editor(lang, interactive))

# %%
show(f"<h2>{training.section('self_assessment', lang)}</h2>")
display(Markdown(training.practice()["self_assessment"]["intro"][lang]))
self_assessment_path = training.self_assessment_path(self_assessment_file)
repositories = (repository,) if repository else ()
if interactive:
    display(self_assessment_form(lang, self_assessment_path, judged_on, product_name, product_profile,
                                 owner, repositories))
else:
    answers_data = training.self_assessment_data(product_name, product_profile, self_assessment_answers,
                                                 owner, judged_on, lang, repositories)
    display(self_assessment_result(self_assessment_path, answers_data, judged_on, lang))

# %% tags=["answers"]
if version == "trainer":
    show(training.answer_key_html(lang))
