"""The formats people paste: the seed's "Où en est <produit> ?" table, a CI summary, the plan.

Markdown for a CTO's document, a pull request's step summary or a merge-request note; CSV and
JSON of the plan for a team's tracker. Everything is built from an assessment and its plan, so
the report, the explorer and the CLI show the same thing.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from readiness.assessment import Assessment
from readiness.catalogue import criterion, effort_words
from readiness.locales import locale_section, t
from readiness.model import CriterionResult, Level
from readiness.plan import Plan

MARKS = {"meets": "✅", "short": "⚠️", "absent": "❌", "unknown": "❓", "not_applicable": "➖"}
TEXT = locale_section("markdown")  # readiness/locales/<lang>.yml
ROLE_WORDS = {
    "en": {"developer": "developer", "ops": "ops", "product": "product", "legal": "legal"},
    "fr": {"developer": "développement", "ops": "exploitation", "product": "produit", "legal": "juridique"},
}


def mark(result: CriterionResult) -> str:
    """The seed's icon: ✅ at the level required (production for a profile that requires none)."""
    if result.level is Level.NOT_APPLICABLE:
        return MARKS["not_applicable"]
    if result.level is Level.INCONCLUSIVE:
        return MARKS["unknown"]
    if result.level is Level.ABSENT:
        return MARKS["absent"]
    target = result.required_level or Level.PRODUCTION
    return MARKS["meets"] if result.level.rank >= target.rank else MARKS["short"]


def cell(text: str) -> str:
    """One line of a markdown table cell: no pipe or line break can break the row."""
    return " ".join(str(text).split()).replace("|", "\\|")


def status_table(assessment: Assessment, lang: str = "en") -> str:
    """The seed's table: criterion, status icon and level, one-line comment."""
    words = TEXT[lang]
    lines = [
        f"## {words['where'].format(product=assessment.product)}",
        "",
        f"| {words['criterion']} | {words['status']} | {words['comment']} |",
        "|---|---|---|",
    ]
    for result in assessment.criteria:
        name = criterion(result.criterion).name[lang]
        level = t(lang, f"levels.{result.level.value}")
        comment = result.reason_in(lang)
        lines.append(f"| {cell(name)} | {mark(result)} {cell(level)} | {cell(comment)} |")
    return "\n".join(lines) + "\n"


def verdict_line(assessment: Assessment, lang: str) -> str:
    words = TEXT[lang]
    blocking = ", ".join(criterion(c).name[lang] for c in assessment.blocking) or words["none"]
    return (
        f"**{words['verdict']}:** {t(lang, f'verdict.{assessment.verdict.value}')} · "
        f"**{words['blocking']}:** {blocking}"
    ).replace(":**", t(lang, "colon") + "**")


def steps_table(plan: Plan, lang: str = "en", limit: int | None = None) -> str:
    """The plan's steps, in order, as a markdown table."""
    words = TEXT[lang]
    steps = plan.steps[:limit] if limit else plan.steps
    lines = [
        f"| # | {words['step']} | {words['effort']} | {words['role']} | {words['leads_to']} |",
        "|---|---|---|---|---|",
    ]
    for number, step in enumerate(steps, start=1):
        after = t(lang, f"levels.{step.level_after}") if step.level_after else ""
        name = criterion(step.criterion).name[lang]
        lines.append(
            f"| {number} | {cell(step.title[lang])} | {effort_words(step.effort, lang)} | "
            f"{ROLE_WORDS[lang][step.role]} | {cell(name)} → {cell(after)} |"
        )
    return "\n".join(lines) + "\n"


def path_heading(plan: Plan, lang: str) -> str:
    low, high = plan.path_hours
    return TEXT[lang]["path"].format(count=len(plan.path), low=low, high=high)


def plan_text(plan: Plan, lang: str = "en") -> str:
    """The plan for a terminal: one numbered line per step, path steps marked with ▶."""
    lines = [path_heading(plan, lang)]
    for number, step in enumerate(plan.steps, start=1):
        after = t(lang, f"levels.{step.level_after}") if step.level_after else ""
        lines.append(
            f"{'▶' if step.on_path else ' '} {number:>2}. [{effort_words(step.effort, lang)}, "
            f"{ROLE_WORDS[lang][step.role]}] {step.title[lang]} → "
            f"{criterion(step.criterion).name[lang]}{t(lang, 'colon')} {after}"
        )
    return "\n".join(lines) + "\n"


def plan_markdown(plan: Plan, lang: str = "en") -> str:
    return f"### {path_heading(plan, lang)}\n\n{steps_table(plan, lang)}"


def changes_since(current: Assessment, previous: dict[str, Any] | None, lang: str) -> list[str]:
    """Level changes, new failures and fixes against an earlier assessment JSON (the base branch's)."""
    words = TEXT[lang]
    if previous is None:
        return [words["no_previous"]]
    before = {r["criterion"]: r for r in previous["criteria"]}
    failing_before = {
        f["check_id"] for r in previous["criteria"] for f in r["findings"] if f["status"] == "fail"
    }
    failing_now = {f.check_id for f in current.findings if f.status.value == "fail"}
    lines = []
    for result in current.criteria:
        old = before.get(result.criterion, {}).get("level")
        if old and old != result.level.value:
            lines.append(
                f"{criterion(result.criterion).name[lang]}: {t(lang, f'levels.{old}')} → "
                f"{t(lang, f'levels.{result.level.value}')}"
            )
    lines += [f"{words['new_failure']}: `{c}`" for c in sorted(failing_now - failing_before)]
    lines += [f"{words['fixed']}: `{c}`" for c in sorted(failing_before - failing_now)]
    return lines or [words["unchanged"]]


def ci_summary(
    assessment: Assessment, plan: Plan, previous: dict[str, Any] | None = None, lang: str = "en"
) -> str:
    """What a pull request needs to see: the verdict, what blocks, what changed, the next three steps."""
    words = TEXT[lang]
    changes = "\n".join(f"- {line}" for line in changes_since(assessment, previous, lang))
    return (
        f"{status_table(assessment, lang)}\n{verdict_line(assessment, lang)}\n\n"
        f"### {words['changed']}\n\n{changes}\n\n### {words['next']}\n\n{steps_table(plan, lang, 3)}"
    )


PLAN_COLUMNS = (
    "order",
    "id",
    "kind",
    "criterion",
    "title",
    "effort",
    "hours_low",
    "hours_high",
    "role",
    "on_path",
    "blocking",
    "level_after",
    "verdict_after",
    "closes",
    "files",
)


def plan_csv(plan: Plan, lang: str = "en") -> str:
    """One row per step, for a tracker's import."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PLAN_COLUMNS)
    for number, step in enumerate(plan.steps, start=1):
        low, high = step.hours
        writer.writerow(
            [
                number,
                step.id,
                step.kind,
                step.criterion,
                step.title[lang],
                step.effort,
                low,
                high,
                step.role,
                step.on_path,
                step.blocking,
                step.level_after,
                step.verdict_after,
                " ".join(step.closes),
                " ".join(step.files),
            ]
        )
    return out.getvalue()


def plan_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), indent=2, ensure_ascii=False)
