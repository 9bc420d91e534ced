"""The training course on the twelve criteria, whose exercises are judged by the product itself.

The words live in ``readiness/data/training/*.yml`` (English and French); this
module turns them into what the training notebook shows. Every bad and good
example is a small repository written to a temporary folder and assessed with
:func:`readiness.assessment.assess`, so the course and `readiness assess` can
never disagree about what is wrong. The calculators sit on :mod:`readiness.slo`
and the self-assessment writes a readiness.yml that :func:`load_config` reads back.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import yaml

from readiness.assessment import assess
from readiness.catalogue import CRITERION_IDS, LANGUAGES, criteria, criterion
from readiness.checks import CheckSpec, registered_checks
from readiness.config import Config, config_from_data, validate_config_data
from readiness.errors import UsageError
from readiness.gitcmd import run_git
from readiness.model import Finding, Level, Status
from readiness.slo import PERIODS, allowed_downtime, budget_consumed, burn_rate, format_duration
from readiness.validation import load_validated_config

log = logging.getLogger(__name__)
SLO_LEVELS = (99.0, 99.5, 99.9, 99.95, 99.99)
SELF_ASSESSMENT_CHOICES = ("absent", "prototype", "partial", "production")
ATTESTATION_VALID_DAYS = 90
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# --- the words ---------------------------------------------------------------------------------


@cache
def _data(name: str) -> dict[str, Any]:
    text = resources.files("readiness").joinpath("data", "training", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def course() -> dict[str, Any]:
    """Intro, labels, why each criterion matters and the quizzes (course.yml)."""
    return _data("course.yml")


def practice() -> dict[str, Any]:
    """SLO, rollback, incident, post-mortem and self-assessment texts (practice.yml)."""
    return _data("practice.yml")


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    return lang


def label(key: str, lang: str) -> str:
    """A UI word of the course (course.yml ``labels``)."""
    return course()["labels"][key][check_language(lang)]


def section(key: str, lang: str) -> str:
    """A section heading or lead paragraph of the notebook (course.yml ``sections``)."""
    return course()["sections"][key][check_language(lang)]


def _para(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _heading(text: str, level: int = 3) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


# The lab template right-aligns table cells; prose and code read better from the left.
STYLE = (
    "<style>.rd-training-table th, .rd-training-table td, .rd-training-table tr "
    "{text-align: left !important; vertical-align: top;} "
    ".rd-training-good h4 {color: #2e7d32;} .rd-training-bad h4 {color: #c62828;}</style>"
)


def frame_html(frame: pd.DataFrame) -> str:
    """A DataFrame in the report's sortable table style (values escaped by pandas)."""
    return frame.to_html(classes="rd-table rd-training-table", index=False, border=0, escape=True, na_rep="")


# --- the twelve criteria -----------------------------------------------------------------------


def criteria_table(lang: str) -> pd.DataFrame:
    """The seed's checklist (§10.1) in the course's words, plus why each criterion matters."""
    words = course()
    rows = []
    for crit in criteria():
        health = crit.criticality_health or crit.criticality
        rows.append(
            {
                label("number", lang): crit.number,
                label("criterion", lang): crit.name[lang],
                label("prototype", lang): crit.prototype[lang],
                label("production", lang): crit.production[lang],
                label("criticality", lang): words["criticality"][crit.criticality][lang],
                label("criticality_health", lang): words["criticality"][health][lang],
                label("why", lang): words["why"][crit.id][lang],
            }
        )
    return pd.DataFrame(rows)


# --- bad and good examples ---------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One side of an example: a small repository and the file the lesson shows."""

    name: str
    caption: dict[str, str]
    focus: str
    files: dict[str, str]


@dataclass(frozen=True)
class Example:
    """A bad and a good version of the same thing, and the check that tells them apart."""

    id: str
    criterion: str
    check: str
    profile: str
    bad: Variant
    good: Variant

    @property
    def variants(self) -> tuple[Variant, Variant]:
        return self.bad, self.good


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = _merged(out.get(key, {}), value) if isinstance(value, dict) else value
    return out


def _variant(name: str, raw: dict[str, Any], base: dict[str, Any]) -> Variant:
    files = dict(base.get("files", {}))
    package = _merged(base.get("package", {}), raw.get("package", {}))
    if package:
        files["package.json"] = json.dumps(package, indent=2) + "\n"
    files.update(raw["files"])
    if raw["focus"] not in files:
        raise ValueError(f"examples.yml: {name} focus {raw['focus']!r} is not one of its files")
    return Variant(name=name, caption=raw["caption"], focus=raw["focus"], files=files)


@cache
def examples() -> tuple[Example, ...]:
    """Every example of examples.yml, in the criteria's order."""
    data = _data("examples.yml")
    out = []
    for raw in data["examples"]:
        base = data["bases"][raw["base"]] if raw.get("base") else {}
        out.append(
            Example(
                id=raw["id"],
                criterion=raw["criterion"],
                check=raw["check"],
                profile=raw.get("profile", "product"),
                bad=_variant("bad", raw["bad"], base),
                good=_variant("good", raw["good"], base),
            )
        )
    order = {cid: i for i, cid in enumerate(CRITERION_IDS)}
    return tuple(sorted(out, key=lambda e: order[e.criterion]))


def examples_for(criterion_id: str) -> list[Example]:
    criterion(criterion_id)
    return [e for e in examples() if e.criterion == criterion_id]


def write_repository(files: dict[str, str], root: Path) -> Path:
    """Write the files into a new folder and stage them in a fresh git repository.

    Git matters: whether a `.env` is tracked or ignored is only real in a work tree.
    """
    root.mkdir(parents=True, exist_ok=False)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    _stage_in_git(root)
    return root


def _stage_in_git(root: Path) -> None:
    """Without git the example is still judged, as a plain folder, and the log says why."""
    for args in (["init", "-q"], ["add", "-A"]):
        try:
            result = run_git(root, *args)
            reason = result.stderr.strip() if result.returncode else None
        except OSError as exc:
            reason = str(exc)
        if reason:
            log.warning(
                "git could not stage the example; it is judged as a plain folder",
                extra={"folder": str(root), "reason": reason},
            )
            return


@dataclass
class ExampleResult:
    """What the product's own checks said about one variant of an example."""

    example: Example
    variant: Variant
    finding: Finding
    level: Level

    @property
    def flagged(self) -> bool:
        """The check did not pass: it failed, or could not find what a product needs."""
        return self.finding.status is not Status.PASS


def judge_variant(example: Example, variant: Variant, workdir: Path, as_of: dt.date) -> ExampleResult:
    """Assess the variant's repository with every real check; keep the example's finding."""
    root = write_repository(variant.files, Path(tempfile.mkdtemp(dir=workdir)) / "repo")
    config = config_from_data(
        {
            "name": f"{example.id}-{variant.name}",
            "profile": example.profile,
            "evidence": {"repositories": [str(root)]},
        },
        None,
    )
    assessment = assess(config, as_of=as_of)
    finding = next((f for f in assessment.findings if f.check_id == example.check), None)
    if finding is None:
        raise LookupError(f"examples.yml: {example.id} names check {example.check!r}, which did not run")
    return ExampleResult(example, variant, finding, assessment.result(example.criterion).level)


def judge_example(example: Example, workdir: Path, as_of: dt.date) -> list[ExampleResult]:
    return [judge_variant(example, variant, workdir, as_of) for variant in example.variants]


def judge_criterion(criterion_id: str, workdir: Path, as_of: dt.date) -> list[ExampleResult]:
    """Every example of a criterion, bad then good, each judged in its own repository."""
    return [r for example in examples_for(criterion_id) for r in judge_example(example, workdir, as_of)]


def _where(finding: Finding) -> str:
    return ", ".join(ref.label() for ref in finding.evidence[:3])


def results_table(results: list[ExampleResult], lang: str) -> pd.DataFrame:
    """One row per variant: what the check concluded and where the criterion's level stands."""
    words = course()
    return pd.DataFrame(
        [
            {
                label("check", lang): r.example.check,
                "": label(r.variant.name, lang),
                label("status", lang): words["statuses"][r.finding.status.value][lang],
                label("level", lang): words["levels"][r.level.value][lang],
                label("message", lang): r.finding.message,
                label("where", lang): _where(r.finding),
            }
            for r in results
        ]
    )


def _variant_html(result: ExampleResult, lang: str) -> str:
    """The variant's caption and file, then the check's verdict (its message is in English)."""
    variant, finding = result.variant, result.finding
    mark = "✗" if result.flagged else "✓"
    status = course()["statuses"][finding.status.value][lang]
    return (
        f'<div class="rd-training-{variant.name}">'
        f"<h4>{escape(label(variant.name, lang))} — {escape(variant.caption[lang])}</h4>"
        f"<p><code>{escape(variant.focus)}</code></p>"
        f"<pre><code>{escape(variant.files[variant.focus])}</code></pre>"
        f"<p>{mark} <code>{escape(result.example.check)}</code> {escape(status)}: "
        f"{escape(finding.message)}</p></div>"
    )


def check_spec(check_id: str) -> CheckSpec:
    spec = next((spec for spec in registered_checks() if spec.id == check_id), None)
    if spec is None:
        raise LookupError(f"examples.yml names check {check_id!r}, which is not registered")
    return spec


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


# --- quizzes -----------------------------------------------------------------------------------


def quiz(criterion_id: str) -> dict[str, Any]:
    return course()["quizzes"][criterion_id]


def quiz_html(criterion_id: str, lang: str) -> str:
    """The question and its choices, never the answer: the learner's handout shows this."""
    item = quiz(criterion_id)
    choices = "".join(f"<li>{escape(c['text'][lang])}</li>" for c in item["choices"])
    return (
        f'<div class="rd-training-quiz"><p><strong>{escape(label("quiz", lang))}</strong>: '
        f'{escape(item["question"][lang])}</p><ol type="A">{choices}</ol></div>'
    )


def quiz_feedback(criterion_id: str, choice: int, lang: str) -> tuple[bool, str]:
    """Whether the choice is right, and why (every choice has its own explanation)."""
    picked = quiz(criterion_id)["choices"][choice]
    verdict = label("correct" if picked["correct"] else "incorrect", lang)
    return picked["correct"], f"{verdict} {picked['feedback'][lang]}"


def answer_key_html(lang: str) -> str:
    """Every quiz's right answer and the feedback on each choice: the trainer's version only."""
    parts = [_heading(label("answers", lang), 2)]
    for crit in criteria():
        item = quiz(crit.id)
        rows = "".join(
            f"<li>{'✓' if c['correct'] else '✗'} {escape(c['text'][lang])} — "
            f"{escape(c['feedback'][lang])}</li>"
            for c in item["choices"]
        )
        parts.append(
            f'<div class="rd-training-answer"><p><strong>{crit.number}. '
            f'{escape(item["question"][lang])}</strong></p><ol type="A">{rows}</ol></div>'
        )
    return "\n".join(parts)


# --- SLO and error budget (§10.7) --------------------------------------------------------------


def slo_table(lang: str, availabilities: tuple[float, ...] = SLO_LEVELS) -> pd.DataFrame:
    """Allowed downtime per year, month, week and day for each availability objective."""
    columns = practice()["slo"]["columns"]
    rows = []
    for availability in availabilities:
        row = {
            columns["availability"][lang]: availability,
            columns["budget"][lang]: f"{100 - availability:.2f} %",
        }
        row.update(
            {
                columns[period][lang]: format_duration(allowed_downtime(availability, period))
                for period in PERIODS
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


def downtime_figure(lang: str, availabilities: tuple[float, ...] = SLO_LEVELS) -> go.Figure:
    """Hours of downtime a year each objective allows: each extra nine divides it by ten."""
    words = practice()["slo"]
    hours = [allowed_downtime(a, "year").total_seconds() / 3600 for a in availabilities]
    fig = go.Figure(
        go.Bar(
            x=[f"{a} %" for a in availabilities],
            y=hours,
            text=[format_duration(allowed_downtime(a, "year")) for a in availabilities],
            textposition="outside",
            marker_color="#1565c0",
        )
    )
    fig.update_layout(
        title=words["chart_title"][lang],
        yaxis={"type": "log", "title": words["chart_axis"][lang]},
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        plot_bgcolor="white",
    )
    return fig


@dataclass(frozen=True)
class BudgetStatus:
    """Where a month's error budget stands after some days at an observed error rate."""

    availability: float
    error_rate_percent: float
    days_elapsed: float
    burn_rate: float
    consumed: float
    lasts: dt.timedelta | None

    @property
    def advice(self) -> str:
        """on_track / slow_down / freeze / spent: the seed's rule, stop deploying once it is spent."""
        if self.consumed >= 1:
            return "spent"
        if self.burn_rate <= 1:
            return "on_track"
        return "slow_down" if self.burn_rate <= 2 else "freeze"


def budget_status(availability: float, error_rate_percent: float, days_elapsed: float) -> BudgetStatus:
    """The calculator's arithmetic, all of it from readiness.slo."""
    rate = error_rate_percent / 100
    burn = burn_rate(rate, availability)
    consumed = budget_consumed(rate, availability, dt.timedelta(days=days_elapsed))
    lasts = PERIODS["month"] / burn if burn > 0 else None
    return BudgetStatus(
        availability, error_rate_percent, days_elapsed, round(burn, 3), round(consumed, 4), lasts
    )


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


# --- rollback strategy chooser (§10.6) ---------------------------------------------------------


@dataclass(frozen=True)
class RollbackNeeds:
    """The chooser's questions (practice.yml rollback.questions), answered yes or no."""

    history: bool = False
    two_stacks: bool = False
    traffic_split: bool = False
    risky_feature: bool = False
    schema_change: bool = False


@dataclass(frozen=True)
class RollbackAdvice:
    strategies: list[str]
    warnings: list[str] = field(default_factory=list)


def choose_rollback(needs: RollbackNeeds) -> RollbackAdvice:
    """The strongest way back the team can run, a flag for a risky feature, and the data caveat."""
    strategies = ["feature_flags"] if needs.risky_feature else []
    if needs.traffic_split:
        strategies.append("canary")
    elif needs.two_stacks:
        strategies.append("blue_green")
    elif needs.history:
        strategies.append("simple_rollback")
    warnings = [] if strategies else ["no_way_back"]
    if needs.schema_change:
        warnings.append("schema_warning")
    return RollbackAdvice(strategies, warnings)


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
    parts += [f"<li>⚠️ {escape(words[w][lang])}</li>" for w in advice.warnings]
    return f"<ul>{''.join(parts)}</ul>"


def rollback_strategies_table(lang: str) -> pd.DataFrame:
    words = practice()["rollback"]
    cols = words["columns"]
    return pd.DataFrame(
        [
            {cols["strategy"][lang]: s["name"][lang], cols["how"][lang]: s["how"][lang]}
            for s in words["strategies"].values()
        ]
    )


# --- incidents and post-mortems (§10.8) --------------------------------------------------------


def incident_table(lang: str) -> pd.DataFrame:
    words = practice()["incident"]
    cols = words["columns"]
    return pd.DataFrame(
        [
            {
                cols["step"][lang]: f"{i}. {step['name'][lang]}",
                cols["what"][lang]: step["what"][lang],
                cols["example"][lang]: step["example"][lang],
            }
            for i, step in enumerate(words["steps"], start=1)
        ]
    )


def priorities_table(lang: str) -> pd.DataFrame:
    words = practice()["incident"]
    cols = words["columns"]
    return pd.DataFrame(
        [
            {cols["priority"][lang]: name, cols["meaning"][lang]: text[lang]}
            for name, text in words["priorities"].items()
        ]
    )


def postmortem_markdown(lang: str, answers: dict[str, str] | None = None) -> str:
    """The blameless post-mortem as Markdown; an unanswered field shows its prompt in italics."""
    words = practice()["postmortem"]
    answers = answers or {}
    lines = [f"# {words['title'][lang]}", "", f"> {words['blameless'][lang]}", ""]
    for key, item in words["fields"].items():
        text = (answers.get(key) or "").strip() or f"_{item['prompt'][lang]}_"
        lines += [f"## {item['title'][lang]}", "", text, ""]
    return "\n".join(lines)


# --- the guided self-assessment -----------------------------------------------------------------


def _mid_sentence(text: str) -> str:
    """`Des suites…` → `des suites…` inside a sentence; acronyms such as `GDPR` keep their case."""
    text = text.rstrip(".")
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def self_assessment_choices(criterion_id: str, lang: str) -> dict[str, str]:
    """Level → the sentence a learner recognises their product in."""
    crit = criterion(criterion_id)
    words = practice()["self_assessment"]
    return {
        "absent": words["absent"][lang],
        "prototype": crit.prototype[lang],
        "partial": words["partial"][lang].format(production=_mid_sentence(crit.production[lang])),
        "production": crit.production[lang],
    }


def self_assessment_data(
    name: str,
    profile: str,
    answers: dict[str, str],
    owner: str,
    on: dt.date,
    lang: str = "en",
    repositories: tuple[str, ...] = (),
    valid_days: int = ATTESTATION_VALID_DAYS,
) -> dict[str, Any]:
    """A readiness.yml as data: one attestation per criterion answered above `absent`.

    Attestations expire, so a self-assessment has to be redone rather than trusted forever.
    """
    if EMAIL.search(owner):
        raise UsageError(
            "the owner looks like an e-mail address; give a name or a role, since the "
            "file and the reports built from it show the owner"
        )
    unknown = set(answers) - set(CRITERION_IDS)
    if unknown:
        raise UsageError(f"unknown criteria in the answers: {', '.join(sorted(unknown))}")
    statement = practice()["self_assessment"]["statement"][lang]
    attestations = []
    for criterion_id in CRITERION_IDS:
        level = answers.get(criterion_id, "absent")
        if level not in SELF_ASSESSMENT_CHOICES:
            raise UsageError(f"{criterion_id}: {level!r} is not one of {', '.join(SELF_ASSESSMENT_CHOICES)}")
        if level == "absent":
            continue
        answer = self_assessment_choices(criterion_id, lang)[level]
        attestations.append(
            {
                "criterion": criterion_id,
                "level": level,
                "statement": statement.format(answer=answer),
                "owner": owner,
                "date": on.isoformat(),
                "expires": (on + dt.timedelta(days=valid_days)).isoformat(),
            }
        )
    data: dict[str, Any] = {"schema_version": 1, "name": name, "profile": profile}
    if repositories:
        data["evidence"] = {"repositories": [str(Path(repo).resolve()) for repo in repositories]}
    data["attestations"] = attestations
    return data


def self_assessment_summary(config: Config, as_of: dt.date, lang: str) -> pd.DataFrame:
    """What `readiness assess` concludes from the file: each criterion's level against the profile."""
    assessment = assess(config, as_of=as_of)
    levels = course()["levels"]
    return pd.DataFrame(
        [
            {
                label("criterion", lang): criterion(r.criterion).name[lang],
                label("level", lang): levels[r.level.value][lang],
                label("required", lang): levels[r.required_level.value][lang] if r.required_level else "",
                "✓": {True: "✓", False: "✗", None: "–"}[r.meets_requirement],
            }
            for r in assessment.criteria
        ]
    )


def write_self_assessment(path: Path, data: dict[str, Any]) -> Config:
    """Validate, write and read the file back the way `readiness assess --config` will.

    Refuses to overwrite an existing file: a readiness.yml the user wrote is theirs.
    """
    path = Path(path)
    validate_config_data(data, path)
    if path.exists():
        raise UsageError(f"{path} already exists; choose another path for the self-assessment")
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by the readiness training's self-assessment; edit freely.\n"
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_validated_config(path)
