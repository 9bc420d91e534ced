"""The training notebook's interactive pieces (ipywidgets), each with a static fallback.

Widgets only live in a running kernel; an HTML handout cannot run them. Every
function here takes ``interactive``: when False it returns the static HTML the
handout shows instead (the questions, never the answers, which only the
trainer's answer key carries). All arithmetic and wording come from
:mod:`readiness.training`, so the widget and the handout say the same thing.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import HTML, display

from readiness import training
from readiness.catalogue import CRITERION_IDS, criterion, profiles
from readiness.errors import ReadinessError
from readiness.icons import icon

FULL_WIDTH = w.Layout(width="100%")
WIDE_LABEL = {"description_width": "initial"}


def quiz_view(criterion_id: str, lang: str, interactive: bool) -> Any:
    """Pick a choice, press the button, read the feedback on that very choice."""
    if not interactive:
        return HTML(training.quiz_html(criterion_id, lang))
    item = training.quiz(criterion_id)
    options = [(c["text"][lang], i) for i, c in enumerate(item["choices"])]
    picker = w.RadioButtons(options=options, value=None, layout=FULL_WIDTH)
    button = w.Button(description=training.label("check_answer", lang))
    feedback = w.HTML()

    def on_click(_button: w.Button) -> None:
        if picker.value is None:
            return
        correct, text = training.quiz_feedback(criterion_id, picker.value, lang)
        feedback.value = f"<p>{icon('meets') if correct else icon('absent')} {escape(text)}</p>"

    button.on_click(on_click)
    question = w.HTML(
        f"<p><strong>{escape(training.label('quiz', lang))}</strong>: {escape(item['question'][lang])}</p>"
    )
    return w.VBox([question, picker, button, feedback])


def slo_calculator(
    lang: str,
    interactive: bool,
    availability: float = 99.9,
    error_rate_percent: float = 0.25,
    days_elapsed: float = 10,
) -> Any:
    """Objective, observed error rate and days elapsed in; burn rate, budget spent and advice out."""
    if not interactive:
        status = training.budget_status(availability, error_rate_percent, days_elapsed)
        words = training.practice()["slo"]
        given = (
            f"<p>{escape(words['columns']['availability'][lang])}: {availability:g} · "
            f"{escape(words['observed'][lang])}: {error_rate_percent:g} · "
            f"{escape(words['elapsed'][lang])}: {days_elapsed:g}</p>"
        )
        return HTML(given + training.budget_html(status, lang))
    words = training.practice()["slo"]
    target = w.Dropdown(
        options=list(training.SLO_LEVELS),
        value=availability,
        description=words["columns"]["availability"][lang],
        style=WIDE_LABEL,
    )
    observed = w.BoundedFloatText(
        value=error_rate_percent,
        min=0,
        max=100,
        step=0.01,
        description=words["observed"][lang],
        style=WIDE_LABEL,
    )
    elapsed = w.IntSlider(
        value=int(days_elapsed), min=1, max=30, description=words["elapsed"][lang], style=WIDE_LABEL
    )
    result = w.HTML()

    def update(_change: Any = None) -> None:
        status = training.budget_status(target.value, observed.value, elapsed.value)
        result.value = training.budget_html(status, lang)

    for control in (target, observed, elapsed):
        control.observe(update, names="value")
    update()
    return w.VBox(
        [w.HTML(f"<h4>{escape(words['calculator'][lang])}</h4>"), target, observed, elapsed, result]
    )


def rollback_chooser(lang: str, interactive: bool, example: training.RollbackNeeds | None = None) -> Any:
    """Tick what the team can do; the chooser names the strategies that fit (§10.6)."""
    if not interactive:
        example = example or training.RollbackNeeds(history=True, risky_feature=True, schema_change=True)
        ticked = [
            q[lang]
            for key, q in training.practice()["rollback"]["questions"].items()
            if getattr(example, key)
        ]
        answers = "".join(f"<li>☑ {escape(text)}</li>" for text in ticked)
        return HTML(
            training.rollback_questions_html(lang)
            + f"<ul>{answers}</ul>"
            + training.rollback_html(training.choose_rollback(example), lang)
        )
    questions = training.practice()["rollback"]["questions"]
    boxes = {
        key: w.Checkbox(description=q[lang], value=False, layout=FULL_WIDTH, indent=False)
        for key, q in questions.items()
    }
    result = w.HTML()

    def update(_change: Any = None) -> None:
        needs = training.RollbackNeeds(**{key: box.value for key, box in boxes.items()})
        result.value = training.rollback_html(training.choose_rollback(needs), lang)

    for box in boxes.values():
        box.observe(update, names="value")
    update()
    intro = w.HTML(f"<p>{escape(training.practice()['rollback']['intro'][lang])}</p>")
    return w.VBox([intro, *boxes.values(), result])


def incident_walkthrough(lang: str, interactive: bool) -> Any:
    """The five steps of the incident flow, one at a time."""
    if not interactive:
        return HTML(training.frame_html(training.incident_table(lang)))
    steps = training.practice()["incident"]["steps"]
    picker = w.ToggleButtons(options=[(s["name"][lang], i) for i, s in enumerate(steps)], value=0)
    detail = w.HTML()

    def update(_change: Any = None) -> None:
        step = steps[picker.value]
        detail.value = (
            f"<p><strong>{escape(step['what'][lang])}</strong></p>"
            f"<p><em>{escape(step['example'][lang])}</em></p>"
        )

    picker.observe(update, names="value")
    update()
    return w.VBox([picker, detail])


def postmortem_editor(lang: str, interactive: bool) -> Any:
    """One text area per section of the blameless post-mortem, with its Markdown beside it."""
    if not interactive:
        return HTML(f"<pre><code>{escape(training.postmortem_markdown(lang))}</code></pre>")
    fields = training.practice()["postmortem"]["fields"]
    areas = {
        key: w.Textarea(
            placeholder=item["prompt"][lang],
            description=item["title"][lang],
            layout=FULL_WIDTH,
            style=WIDE_LABEL,
        )
        for key, item in fields.items()
    }
    preview = w.HTML()

    def update(_change: Any = None) -> None:
        answers = {key: area.value for key, area in areas.items()}
        preview.value = f"<pre><code>{escape(training.postmortem_markdown(lang, answers))}</code></pre>"

    for area in areas.values():
        area.observe(update, names="value")
    update()
    return w.VBox([*areas.values(), preview])


def self_assessment_result(path: Path, data: dict[str, Any], as_of: dt.date, lang: str) -> HTML:
    """Write the file, read it back, and show what `readiness assess` makes of it."""
    config = training.write_self_assessment(path, data)
    words = training.practice()["self_assessment"]
    summary = training.self_assessment_summary(config, as_of, lang)
    return HTML(
        f"<p>{escape(words['written'][lang])} <code>{escape(str(path))}</code></p>"
        f"<pre><code>{escape(path.read_text(encoding='utf-8'))}</code></pre>"
        f"{training.frame_html(summary)}"
        f"<p>{escape(words['command'][lang])} "
        f"<code>readiness assess --config {escape(str(path))}</code></p>"
    )


def self_assessment_form(
    lang: str,
    path: Path,
    as_of: dt.date,
    name: str,
    profile: str,
    owner: str,
    repositories: tuple[str, ...] = (),
) -> w.VBox:
    """One drop-down per criterion; the button writes the readiness.yml and assesses it."""
    pickers = {
        cid: w.Dropdown(
            options=[(text, level) for level, text in training.self_assessment_choices(cid, lang).items()],
            value="absent",
            description=criterion(cid).name[lang],
            layout=FULL_WIDTH,
            style=WIDE_LABEL,
        )
        for cid in CRITERION_IDS
    }
    product = w.Text(value=name, description=training.label("product_name", lang))
    who = w.Text(value=owner, description=training.label("owner", lang))
    kind = w.Dropdown(options=list(profiles()), value=profile, description=training.label("profile", lang))
    button = w.Button(description=training.label("write", lang), layout=w.Layout(width="auto"))
    output = w.Output()

    def on_click(_button: w.Button) -> None:
        answers = {cid: picker.value for cid, picker in pickers.items()}
        output.clear_output()
        with output:
            try:
                data = training.self_assessment_data(
                    product.value, kind.value, answers, who.value, as_of, lang, repositories
                )
                display(self_assessment_result(training.unused_path(path), data, as_of, lang))
            except ReadinessError as exc:
                display(HTML(f"<p>{icon('absent')} {escape(str(exc))}</p>"))

    button.on_click(on_click)
    return w.VBox([product, kind, who, *pickers.values(), button, output])
