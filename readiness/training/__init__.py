"""The training course on the twelve criteria, whose exercises are judged by the product itself.

The words live in ``readiness/data/training/*.yml`` (English and French); this
package turns them into what the training notebook shows, one module per concern: the course's
data (:mod:`.course`), the example repositories and their judgement (:mod:`.examples`), HTML
(:mod:`.pages`), charts (:mod:`.charts`), the calculators' logic (:mod:`.practices`) and the
self-assessment's readiness.yml (:mod:`.self_assessment`). The notebook reads them all as
``training.<name>``, which is why they are gathered here. Every bad and good
example is a small repository written to a temporary folder and assessed with
:func:`readiness.assessment.assess`, so the course and `readiness assess` can
never disagree about what is wrong. The calculators sit on :mod:`readiness.slo`
and the self-assessment writes a readiness.yml that :func:`load_config` reads back.
"""

from __future__ import annotations

from readiness.training.charts import downtime_figure, slo_table
from readiness.training.course import (
    SLO_LEVELS,
    check_language,
    course,
    criteria_table,
    incident_table,
    label,
    practice,
    priorities_table,
    quiz,
    quiz_feedback,
    rollback_strategies_table,
    section,
)
from readiness.training.examples import (
    examples,
    judge_criterion,
    judge_example,
    results_table,
    write_repository,
)
from readiness.training.pages import (
    STYLE,
    answer_key_html,
    budget_html,
    frame_html,
    lesson_html,
    quiz_html,
    rollback_html,
    rollback_questions_html,
)
from readiness.training.practices import RollbackNeeds, budget_status, choose_rollback, postmortem_markdown
from readiness.training.self_assessment import (
    self_assessment_choices,
    self_assessment_data,
    self_assessment_path,
    self_assessment_summary,
    unused_path,
    write_self_assessment,
)

__all__ = [
    "self_assessment_path",
    "unused_path",
    "answer_key_html",
    "budget_html",
    "budget_status",
    "check_language",
    "choose_rollback",
    "course",
    "criteria_table",
    "downtime_figure",
    "examples",
    "frame_html",
    "incident_table",
    "judge_criterion",
    "judge_example",
    "label",
    "lesson_html",
    "postmortem_markdown",
    "practice",
    "priorities_table",
    "quiz",
    "quiz_feedback",
    "quiz_html",
    "results_table",
    "rollback_html",
    "rollback_questions_html",
    "rollback_strategies_table",
    "RollbackNeeds",
    "section",
    "self_assessment_choices",
    "self_assessment_data",
    "self_assessment_summary",
    "SLO_LEVELS",
    "slo_table",
    "STYLE",
    "write_repository",
    "write_self_assessment",
]
