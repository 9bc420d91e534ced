"""The course as HTML fragments: lessons, quizzes and their answer key, the calculators' verdicts.
Everything a course file or a check wrote is escaped."""

from __future__ import annotations

from html import escape

import pandas as pd

from readiness.catalogue import criteria, criterion
from readiness.icons import icon
from readiness.slo import format_duration
from readiness.training.course import check_language, course, label, practice, quiz
from readiness.training.examples import ExampleResult, check_spec
from readiness.training.practices import BudgetStatus, RollbackAdvice


def _para(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _heading(text: str, level: int = 3) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


STYLE = (
    "<style>.rd-training-table th, .rd-training-table td, .rd-training-table tr "
    "{text-align: left !important; vertical-align: top;} "
    ".rd-training-good h4 {color: #2e7d32;} .rd-training-bad h4 {color: #c62828;}</style>"
)


def frame_html(frame: pd.DataFrame) -> str:
    """A DataFrame in the report's sortable table style (values escaped by pandas)."""
    return frame.to_html(classes="rd-table rd-training-table", index=False, border=0, escape=True, na_rep="")


def _variant_html(result: ExampleResult, lang: str) -> str:
    """The variant's caption and file, then the check's verdict (its message is in English)."""
    variant, finding = result.variant, result.finding
    mark = icon("absent") if result.flagged else icon("meets")
    status = course()["statuses"][finding.status.value][lang]
    return (
        f'<div class="rd-training-{variant.name}">'
        f"<h4>{escape(label(variant.name, lang))} — {escape(variant.caption[lang])}</h4>"
        f"<p><code>{escape(variant.focus)}</code></p>"
        f"<pre><code>{escape(variant.files[variant.focus])}</code></pre>"
        f"<p>{mark} <code>{escape(result.example.check)}</code> {escape(status)}: "
        f"{escape(finding.message)}</p></div>"
    )


def _check_html(check_id: str, lang: str) -> str:
    spec = check_spec(check_id)
    return (
        f"<p><strong>{escape(label('check', lang))}</strong> <code>{escape(check_id)}</code>: "
        f"{escape(spec.looks_for[lang])}</p>"
    )


def _remedy_html(check_id: str, lang: str) -> str:
    spec = check_spec(check_id)
    return f"<p><strong>{escape(label('remediation', lang))}</strong>: {escape(spec.remediation[lang])}</p>"


def lesson_html(criterion_id: str, results: list[ExampleResult], lang: str) -> str:
    """A criterion's page: what it is, why it matters, each example judged, how to fix it."""
    check_language(lang)
    crit = criterion(criterion_id)
    parts = [
        _heading(f"{crit.number}. {crit.name[lang]}", 2),
        _para(crit.description[lang]),
        f"<p><strong>{escape(label('why', lang))}</strong>: "
        f"{escape(course()['why'][criterion_id][lang])}</p>",
        f"<p>{escape(label('seed_section', lang))} §{escape(crit.seed_section)}</p>",
    ]
    for result in results:
        if result.variant.name == "bad":
            parts.append(_check_html(result.example.check, lang))
        parts.append(_variant_html(result, lang))
        if result.variant.name == "good":
            parts.append(_remedy_html(result.example.check, lang))
    return "\n".join(parts)


def quiz_html(criterion_id: str, lang: str) -> str:
    """The question and its choices, never the answer: the learner's handout shows this."""
    item = quiz(criterion_id)
    choices = "".join(f"<li>{escape(c['text'][lang])}</li>" for c in item["choices"])
    return (
        f'<div class="rd-training-quiz"><p><strong>{escape(label("quiz", lang))}</strong>: '
        f'{escape(item["question"][lang])}</p><ol type="A">{choices}</ol></div>'
    )


def answer_key_html(lang: str) -> str:
    """Every quiz's right answer and the feedback on each choice: the trainer's version only."""
    parts = [_heading(label("answers", lang), 2)]
    for crit in criteria():
        item = quiz(crit.id)
        rows = "".join(
            f"<li>{icon('meets') if c['correct'] else icon('absent')} {escape(c['text'][lang])} — "
            f"{escape(c['feedback'][lang])}</li>"
            for c in item["choices"]
        )
        parts.append(
            f'<div class="rd-training-answer"><p><strong>{crit.number}. '
            f'{escape(item["question"][lang])}</strong></p><ol type="A">{rows}</ol></div>'
        )
    return "\n".join(parts)


def budget_html(status: BudgetStatus, lang: str) -> str:
    words = practice()["slo"]
    lasts = format_duration(status.lasts) if status.lasts is not None else "∞"
    return (
        f'<div class="rd-training-budget">'
        f"<p>{escape(words['burn_rate'][lang])}: <strong>{status.burn_rate:g}</strong> · "
        f"{escape(words['consumed'][lang])}: <strong>{status.consumed:.0%}</strong> · "
        f"{escape(words['exhausted_in'][lang])}: <strong>{escape(lasts)}</strong></p>"
        f"<p>{escape(words['advice'][status.advice][lang])}</p></div>"
    )


def rollback_questions_html(lang: str) -> str:
    questions = practice()["rollback"]["questions"]
    items = "".join(f"<li>{escape(q[lang])}</li>" for q in questions.values())
    return f"{_para(practice()['rollback']['intro'][lang])}<ol>{items}</ol>"


def rollback_html(advice: RollbackAdvice, lang: str) -> str:
    words = practice()["rollback"]
    parts = [
        f"<li><strong>{escape(words['strategies'][s]['name'][lang])}</strong>: "
        f"{escape(words['strategies'][s]['how'][lang])}</li>"
        for s in advice.strategies
    ]
    parts += [f"<li>{icon('short')} {escape(words[w][lang])}</li>" for w in advice.warnings]
    return f"<ul>{''.join(parts)}</ul>"
