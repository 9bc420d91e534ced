"""What the scorecard notebook shows: the verdict, the twelve criteria, findings, notices, sources.

Each function takes an :class:`~readiness.assessment.Assessment` and a language and
returns something IPython can display (HTML or a plotly figure), so the notebook
stays a page of prose with one call per section and the same pieces can be
reused by other notebooks. Everything a user wrote is escaped; evidence excerpts
arrive redacted and are shown as they are.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sys
from collections.abc import Iterable
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import HTML, display
from plotly.io._base_renderers import HtmlRenderer

from readiness import __version__
from readiness.assessment import Assessment, assess, write_assessment_json
from readiness.catalogue import criterion
from readiness.checks import CheckSpec, registered_checks
from readiness.collectors import collector_label
from readiness.config import load_config
from readiness.icons import ICON_NAMES, icon
from readiness.locales import t
from readiness.logs import RUN_ID_ENV, configure_logging
from readiness.model import ORDERED_LEVELS, CriterionResult, EvidenceRef, Finding, Level, Status
from readiness.names import shown_path
from readiness.numbers import chart_separators, figure, score_figure
from readiness.redact import redact_url
from readiness.views import source_views

log = logging.getLogger(__name__)
RENDERER = "readiness_offline"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
TABLE_CLASS = "rd-table"
LEVEL_COLOURS = {"meets": "#2e7d32", "short": "#ef6c00", "absent": "#c62828", "unknown": "#9e9e9e"}


# --- notebook set-up ---------------------------------------------------------------------------


class OfflineNotebookRenderer(HtmlRenderer):
    """plotly's notebook renderer without its MathJax CDN script.

    The stock renderer adds a MathJax <script src=cdn> to every figure; a report
    opened offline must fetch nothing. With ``embed_plotly`` plotly.js (3.5 MB) is put in
    the notebook once, when the renderer is activated, which a notebook opened in Jupyter
    needs. Without it each figure is its JSON and a few lines of script: the executed
    notebook a report keeps stays small, and the page inlines plotly.js itself
    (readiness.report.export_html).
    """

    def __init__(self, embed_plotly: bool = True, lang: str = "en") -> None:
        super().__init__(
            global_init=embed_plotly,
            include_plotlyjs=False,
            config={"displaylogo": False, "responsive": True},
        )
        self.lang = lang

    def to_mimebundle(self, fig_dict: dict) -> dict[str, str]:
        html = pio.to_html(
            localised_figure(fig_dict, self.lang),
            config=self.config,
            include_plotlyjs=False,
            include_mathjax=False,
            full_html=False,
            default_width="100%",
            default_height=480,
            validate=False,
        )
        return {"text/html": html}


def localised_figure(fig_dict: dict, lang: str) -> dict:
    """Every chart in the reader's language: its numbers with the locale's decimal mark and thousands
    separator, its dates written with numbers (plotly's month names are English whatever the page)."""
    layout = {**fig_dict.get("layout", {}), "separators": chart_separators(lang)}
    if _has_dates(fig_dict):
        dates = {"tickformat": t(lang, "chart_dates"), "hoverformat": t(lang, "chart_dates")}
        layout["xaxis"] = {**layout.get("xaxis", {}), **dates}
    return {**fig_dict, "layout": layout}


def _has_dates(fig_dict: dict) -> bool:
    """A trace whose x values are ISO dates or times: plotly draws a date axis for it."""
    for trace in fig_dict.get("data", []):
        values = trace.get("x")
        if values is None or isinstance(values, dict | str):  # dict: plotly's encoded numbers
            continue
        if getattr(values, "dtype", None) is not None and values.dtype.kind == "M":
            return True
        first = next(iter(values), None)
        if isinstance(first, dt.date | pd.Timestamp) or (isinstance(first, str) and ISO_DATE.match(first)):
            return True
    return False


def setup_notebook(
    run_id: str | None = None,
    log_level: str = "WARNING",
    log_format: str = "text",
    embed_plotly: bool = True,
    lang: str = "en",
) -> None:
    """Once per kernel: offline plotly output, the CLI's run id, logs to the process's stderr.

    Logs go to the kernel process's own stderr (the terminal that ran `readiness
    report`), not into the notebook, so they never end up in the HTML report.
    ``embed_plotly=False`` leaves plotly.js out of the notebook for a page that inlines it.
    """
    pio.renderers[RENDERER] = OfflineNotebookRenderer(embed_plotly, lang)
    pio.renderers.default = RENDERER
    if run_id:
        os.environ[RUN_ID_ENV] = run_id
    configure_logging(log_format, log_level)
    for handler in logging.getLogger("readiness").handlers:
        handler.setStream(sys.__stderr__)


def open_assessment(
    config_path: str,
    profile_override: str | None = None,
    as_of: str | None = None,
    json_path: str | None = None,
) -> Assessment:
    """Assess the product once; write the JSON beside the report when asked."""
    as_of_date = dt.date.fromisoformat(as_of) if as_of else None
    assessment = assess(load_config(config_path), as_of=as_of_date, profile_override=profile_override)
    if json_path:
        write_assessment_json(assessment, Path(json_path))
        write_pasteables(assessment, Path(json_path).parent)
    return assessment


def write_pasteables(assessment: Assessment, folder: Path) -> None:
    """Beside the report: the plan as JSON (its step ids feed the history) and the seed's status table
    with the plan as markdown, in each language, for a CTO's document."""
    from readiness import markdown
    from readiness.plan import plan_assessment

    plan = plan_assessment(assessment)
    (folder / "plan.json").write_text(markdown.plan_json(plan) + "\n", encoding="utf-8")
    for lang in ("en", "fr"):
        text = markdown.status_table(assessment, lang) + "\n" + markdown.plan_markdown(plan, lang)
        (folder / f"status.{lang}.md").write_text(text, encoding="utf-8")


# --- small HTML pieces ---------------------------------------------------------------------------


def html_table(headers: Iterable[str], rows: Iterable[Iterable[str]], raw_columns: Iterable[int] = ()) -> str:
    """A sortable, searchable table; cells are escaped except the columns given as ready HTML."""
    raw = set(raw_columns)
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{cell if i in raw else escape(str(cell))}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<table class="{TABLE_CLASS}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def dataframe_table(frame: pd.DataFrame) -> HTML:
    """A view's DataFrame as the report's sortable table (values escaped by pandas)."""
    return HTML(frame.to_html(classes=TABLE_CLASS, index=False, border=0, escape=True, na_rep=""))


def _badge(kind: str, text: str) -> str:
    return f'<span class="rd-badge rd-{escape(kind)}">{escape(text)}</span>'


def _criterion_name(result: CriterionResult, lang: str) -> str:
    return criterion(result.criterion).name[lang]


def _target(result: CriterionResult) -> Level:
    """What the criterion is measured against: the profile's requirement, else production."""
    return result.required_level or Level.PRODUCTION


def standing(result: CriterionResult) -> str:
    """meets / short / absent / unknown / not_applicable: the seed's ✅ ⚠️ ❌ plus the two it lacks."""
    if result.level is Level.NOT_APPLICABLE:
        return "not_applicable"
    if result.level is Level.INCONCLUSIVE:
        return "unknown"
    if result.level.rank >= _target(result).rank:
        return "meets"
    return "absent" if result.level is Level.ABSENT else "short"


STANDING_MARKS = {state: icon(state) for state in ICON_NAMES}
"""The seed's ✅ ⚠️ ❌ (and ❔ ➖) as inline SVG: emoji print as empty boxes without an emoji font."""


def marked_level(result: CriterionResult, lang: str) -> str:
    """The criterion's level in words, after the mark of where it stands (HTML)."""
    word = escape(t(lang, f"levels.{result.level.value}"))
    return f'<span class="rd-marked">{STANDING_MARKS[standing(result)]}\u00a0{word}</span>'


def label(lang: str, key: str) -> str:
    """A word followed by the language's colon ("Score:" / "Score :")."""
    return t(lang, key) + t(lang, "colon")


def format_percent(share: float, lang: str) -> str:
    return figure(share, ".0%", lang)


# --- sections ----------------------------------------------------------------------------------


def title(assessment: Assessment, lang: str) -> HTML:
    meta = t(
        lang,
        "generated",
        profile=assessment.profile.named(lang),
        as_of=assessment.as_of.isoformat(),
        run_id=assessment.run_id,
        version=__version__,
    )
    return HTML(
        f'<h1 class="rd-title">{escape(t(lang, "title", product=assessment.product))}</h1>'
        f'<p class="rd-meta">{escape(meta)}</p>'
    )


def _headline(assessment: Assessment) -> tuple[str, list[str]]:
    """The banner's state and the criteria it names. A profile that only informs (a POC) is never
    "ready": its verdict is ``not_required`` and it names its distance to production instead."""
    verdict = assessment.verdict.value
    return verdict, {
        "not_ready": assessment.blocking,
        "inconclusive": assessment.unknown,
        "not_required": assessment.gaps_to_production,
    }.get(verdict, [])


def banner(assessment: Assessment, lang: str) -> HTML:
    """The verdict in one sentence, with the criteria that decide it."""
    state, names = _headline(assessment)
    detail = t(
        lang,
        f"verdict_detail.{state}",
        count=len(names),
        total=len(assessment.criteria),
        names=", ".join(criterion(c).name[lang] for c in names),
    )
    lines = [
        f'<p class="rd-verdict-text">{escape(t(lang, f"verdict.{state}"))}</p>',
        f"<p>{escape(detail)}</p>",
        f"<p>{escape(assessment.profile.description[lang])}</p>",
    ]
    if not assessment.profile.blocking:
        lines.append(f'<p class="rd-informative">{escape(t(lang, "informative"))}</p>')
    overall = assessment.overall_score
    score = "–" if overall is None else f"{score_figure(overall, lang)} / 100"
    lines.append(
        f'<p class="rd-figures">{escape(label(lang, "score"))} <strong>{score}</strong> · '
        f"{escape(label(lang, 'coverage'))} "
        f"<strong>{format_percent(assessment.evidence_coverage, lang)}</strong></p>"
    )
    return HTML(f'<div class="rd-banner rd-verdict-{state}">{"".join(lines)}</div>')


def _level_bars(results: list[CriterionResult], names: list[str], lang: str) -> go.Bar:
    return go.Bar(
        x=[r.level.rank + 1 if r.level.rank >= 0 else 0 for r in results],
        y=names,
        orientation="h",
        marker_color=[LEVEL_COLOURS.get(standing(r), LEVEL_COLOURS["unknown"]) for r in results],
        name=t(lang, "chart.attained"),
        text=[t(lang, f"levels.{r.level.value}") for r in results],
        textposition="auto",
        hoverinfo="y+text",
        hovertext=[f"{label(lang, 'score')} {score_figure(r.score, lang)}" for r in results],
    )


def _score_bars(results: list[CriterionResult], names: list[str], lang: str) -> go.Bar:
    return go.Bar(
        x=[r.score or 0 for r in results],
        y=names,
        orientation="h",
        visible=False,
        marker_color="#1565c0",
        name=t(lang, "score"),
        hoverinfo="x+y",
        text=["–" if r.score is None else f"{r.score:.0f}" for r in results],
        textposition="auto",
    )


def _required_marks(results: list[CriterionResult], names: list[str], lang: str) -> go.Scatter | None:
    required = [
        (r.required_level.rank + 1, n) for r, n in zip(results, names, strict=True) if r.required_level
    ]
    if not required:
        return None
    return go.Scatter(
        x=[x for x, _ in required],
        y=[n for _, n in required],
        mode="markers",
        name=t(lang, "chart.required"),
        hoverinfo="y+name",
        marker={"symbol": "line-ns-open", "size": 22, "line": {"width": 3}, "color": "#212121"},
    )


def level_chart(assessment: Assessment, lang: str) -> go.Figure:
    """Each criterion's attained level as a bar, the profile's requirement as a marker; a menu
    switches to the 0-100 scores (static HTML cannot call Python, so the switch is plotly's own)."""
    results = list(reversed(assessment.criteria))
    names = [_criterion_name(r, lang) for r in results]
    required = _required_marks(results, names, lang)
    fig = go.Figure(
        [
            _level_bars(results, names, lang),
            _score_bars(results, names, lang),
            *([required] if required else []),
        ]
    )
    level_axis = {
        "title": {"text": t(lang, "chart.axis")},
        "range": [0, len(ORDERED_LEVELS) + 0.3],
        "tickvals": [lv.rank + 1 for lv in ORDERED_LEVELS],
        "gridcolor": "#eee",
        "ticktext": [t(lang, f"levels.{lv.value}") for lv in ORDERED_LEVELS],
    }
    score_axis = {
        "title": {"text": t(lang, "chart.score_axis")},
        "range": [0, 105],
        "gridcolor": "#eee",
        "tickvals": [0, 25, 50, 75, 100],
        "ticktext": ["0", "25", "50", "75", "100"],
    }
    shown_with_levels = [True, False, *([True] if required else [])]
    menu = [
        {
            "label": t(lang, "chart.levels"),
            "method": "update",
            "args": [{"visible": shown_with_levels}, {"xaxis": level_axis}],
        },
        {
            "label": t(lang, "chart.scores"),
            "method": "update",
            "args": [{"visible": [not shown for shown in shown_with_levels]}, {"xaxis": score_axis}],
        },
    ]
    fig.update_layout(
        height=140 + 34 * len(results),
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"},
        plot_bgcolor="white",
        title=None if required else {"text": t(lang, "chart.no_requirement"), "x": 1, "xanchor": "right"},
        xaxis=level_axis,
        updatemenus=[
            {"type": "dropdown", "buttons": menu, "x": 0, "xanchor": "left", "y": 1.12, "yanchor": "bottom"}
        ],
    )
    return fig


@cache
def _check_specs() -> dict[str, CheckSpec]:
    return {spec.id: spec for spec in registered_checks()}


def _deciding_finding(result: CriterionResult) -> Finding | None:
    """The finding the status comment speaks of: a failure first, then a pass, then anything."""
    for wanted in ({Status.FAIL}, {Status.PASS, Status.WAIVED}, set(Status)):
        match = next((f for f in result.findings if f.status in wanted), None)
        if match:
            return match
    return None


def finding_headline(finding: Finding, lang: str) -> str:
    """What the check looks for, in the report's language (an attestation says what it attests)."""
    if finding.attestation:
        return f"{t(lang, 'attested')} {finding.attestation.get('statement', '')}"
    spec = _check_specs().get(finding.check_id)
    return spec.looks_for[lang] if spec else finding.message


def criterion_comment(result: CriterionResult, lang: str) -> str:
    """One line per criterion, like the seed's table: the deciding observation in the report's
    language when the check translated it, else the check's own words and its status."""
    if lang in result.reasons:
        return result.reasons[lang]
    finding = _deciding_finding(result)
    if finding is None:
        return result.reason
    if finding.attestation:
        return finding_headline(finding, lang)
    return f"{t(lang, f'statuses.{finding.status.value}')} — {finding_headline(finding, lang)}"


def status_table(assessment: Assessment, lang: str) -> HTML:
    """The seed's "where does the product stand" table, one line per criterion."""
    rows = []
    for r in assessment.criteria:
        crit = criterion(r.criterion)
        required = t(lang, f"levels.{r.required_level.value}") if r.required_level else "–"
        rows.append(
            [
                str(crit.number),
                crit.name[lang],
                marked_level(r, lang),
                required,
                t(lang, f"criticality.{r.criticality}"),
                "–" if r.score is None else f"{r.score:.0f}",
                criterion_comment(r, lang),
            ]
        )
    headers = [
        t(lang, f"columns.{c}")
        for c in ("number", "criterion", "status", "required", "criticality", "score", "comment")
    ]
    return HTML(html_table(headers, rows, raw_columns=[2]))


def plan_section(assessment: Assessment, lang: str) -> HTML:
    """The path to production: the steps in the order that unblocks the profile, their effort, who
    usually does them, and the level and verdict each leads to; steps off the path follow."""
    from readiness.catalogue import effort_words
    from readiness.markdown import ROLE_WORDS, path_heading
    from readiness.plan import plan_assessment

    plan = plan_assessment(assessment)
    # A proof of concept is never called ready, not even in what-ifs: its levels say the distance.
    columns = ["number", "kind", "step", "effort", "role", "leads_to", "verdict", "files"]
    if not assessment.profile.blocking:
        columns.remove("verdict")
    rows = []
    for number, step in enumerate(plan.steps, start=1):
        after = t(lang, f"levels.{step.level_after}") if step.level_after else "–"
        cells = {
            "number": str(number),
            "step": step.title[lang],
            "effort": effort_words(step.effort, lang),
            "kind": _badge("fail" if step.on_path else "na", t(lang, f"plan.{step.kind}")),
            "role": ROLE_WORDS[lang][step.role],
            "files": ", ".join(step.files[:5]),
            "leads_to": f"{criterion(step.criterion).name[lang]} → {after}",
            "verdict": t(lang, f"verdict.{step.verdict_after}") if step.verdict_after else "–",
        }
        rows.append([cells[c] for c in columns])
    headers = [t(lang, f"plan.columns.{c}") for c in columns]
    lead = f'<p class="rd-plan-head"><strong>{escape(path_heading(plan, lang))}</strong></p>'
    return HTML(lead + html_table(headers, rows, raw_columns=(1,)))


def _evidence_item(ref: EvidenceRef, base: Path | None, lang: str) -> str:
    where = redact_url(ref.label()) if "://" in ref.label() else ref.label()
    if ref.path and os.path.isabs(ref.path):  # a load-test file, an export: shown as the user named it
        where = where.replace(ref.path, shown_path(ref.path, base), 1)
    excerpt = f" <code>{escape(ref.excerpt_in(lang))}</code>" if ref.excerpt else ""
    link = f' <span class="rd-url">{escape(redact_url(ref.url))}</span>' if ref.url else ""
    return f'<li><span class="rd-where">{escape(where)}</span>{excerpt}{link}</li>'


def _finding_block(finding: Finding, lang: str, base: Path | None = None) -> str:
    status = finding.status.value
    summary = (
        f"{_badge(status, t(lang, f'statuses.{status}'))} {escape(finding_headline(finding, lang))}"
        f' <span class="rd-severity">{escape(t(lang, f"severities.{finding.severity.value}"))}</span>'
    )
    text, text_lang = finding.message_in(lang)
    # An untranslated message is marked as English for screen readers and translators.
    message = escape(text) if text_lang == lang else f'<span lang="{text_lang}">{escape(text)}</span>'
    parts = [f"<p><strong>{escape(label(lang, 'finding.observed'))}</strong> {message}</p>"]
    if finding.evidence:
        items = "".join(_evidence_item(ref, base, lang) for ref in finding.evidence)
        parts.append(
            f"<p><strong>{escape(label(lang, 'finding.evidence'))}</strong></p>"
            f'<ul class="rd-evidence">{items}</ul>'
        )
    if finding.remediation and finding.status is not Status.PASS:
        parts.append(
            f"<p><strong>{escape(label(lang, 'finding.remediation'))}</strong> "
            f"{escape(finding.remediation.get(lang, finding.remediation.get('en', '')))}</p>"
        )
    spec = _check_specs().get(finding.check_id)
    seed = f" · {t(lang, 'finding.seed')} §{spec.seed_section}" if spec else ""
    shows = f" · {t(lang, 'finding.shows')} {t(lang, f'levels.{finding.shows}')}" if finding.shows else ""
    blocker = f" · {t(lang, 'finding.blocker')}" if finding.blocker else ""
    parts.append(
        f'<p class="rd-meta"><code>{escape(finding.check_id)}</code> · '
        f"{escape(t(lang, 'finding.level'))} {escape(t(lang, f'levels.{finding.level}'))}"
        f"{escape(shows + blocker + seed)}</p>"
    )
    is_open = " open" if finding.status is Status.FAIL else ""
    return (
        f'<details class="rd-finding rd-{status}"{is_open}><summary>{summary}</summary>'
        f"{''.join(parts)}</details>"
    )


def level_explained(result: CriterionResult, lang: str) -> str:
    """Why the criterion sits at its level, what that level means, and what would make the next."""
    lines = [(label(lang, "level_explained.why"), criterion_comment(result, lang))]
    if result.level.rank >= 0:
        lines.append(
            (
                label(lang, "level_explained.means"),
                criterion(result.criterion).levels[result.level.value][lang],
            )
        )
    step = result.next_steps.get(lang) or result.next_steps.get("en")
    if step:
        lines.append((label(lang, "level_explained.next"), step))
    return (
        '<div class="rd-level-why">'
        + "".join(f"<p><strong>{escape(head)}</strong> {escape(text)}</p>" for head, text in lines)
        + "</div>"
    )


def findings(assessment: Assessment, lang: str) -> HTML:
    """Per criterion, collapsible: every finding with its evidence and what to do about it."""
    blocks = []
    base = Path(assessment.config_path).parent if assessment.config_path else None
    for r in assessment.criteria:
        crit = criterion(r.criterion)
        state = standing(r)
        summary = (
            f"{STANDING_MARKS[state]} {crit.number}. {escape(crit.name[lang])} — "
            f"{escape(t(lang, f'levels.{r.level.value}'))}"
        )
        inner = (
            "".join(_finding_block(f, lang, base) for f in r.findings)
            or f"<p>{escape(t(lang, 'finding.no_findings'))}</p>"
        )
        description = f'<p class="rd-description">{escape(crit.description[lang])}</p>' + level_explained(
            r, lang
        )
        is_open = " open" if state in ("short", "absent", "unknown") else ""
        blocks.append(
            f'<details class="rd-criterion" id="criterion-{crit.id}"{is_open}>'
            f"<summary>{summary}</summary>{description}{inner}</details>"
        )
    return HTML("".join(blocks))


def _notice_detail(notice: dict[str, Any]) -> str:
    detail = notice.get("detail", {})
    who = detail.get("owner") or detail.get("approver") or ""
    text = detail.get("statement") or detail.get("reason") or ""
    return f"{text} — {who}" if who else text


def notices(assessment: Assessment, lang: str) -> HTML:
    """Attestations and waivers that expired or expire within 30 days."""
    if not assessment.notices:
        return HTML(f"<p>{escape(t(lang, 'notices.none'))}</p>")
    rows = [
        [t(lang, f"notices.{n['kind']}"), n["subject"], n["expires"], _notice_detail(n)]
        for n in assessment.notices
    ]
    headers = [t(lang, f"columns.{c}") for c in ("notice", "subject", "expires", "reason")]
    return HTML(html_table(headers, rows))


def sources(assessment: Assessment, lang: str) -> HTML:
    """Every evidence source, whether it could be read, and why not when it could not."""
    base = Path(assessment.config_path).parent if assessment.config_path else None
    records = assessment.sources
    broken = [s for s in records if s.status.value != "ok"]
    lead = (
        t(lang, "sources.some_unavailable", count=len(broken))
        if broken
        else t(lang, "sources.none_unavailable")
    )
    rows = []
    for s in records:
        where = shown_path(s.location, base)
        reason = (s.error or t(lang, "semicolon").join(s.notes_in(lang))).replace(s.location, where)
        rows.append(
            [
                collector_label(s.kind, lang),
                where,
                _badge("ok" if s.status.value == "ok" else "fail", t(lang, f"sources.{s.status.value}")),
                reason,
            ]
        )
    headers = [t(lang, f"columns.{c}") for c in ("kind", "location", "state", "reason")]
    return HTML(f"<p>{escape(lead)}</p>" + html_table(headers, rows, raw_columns=(2,)))


def show_source_views(assessment: Assessment, lang: str) -> None:
    """One section per evidence kind that registered a view: figures, tables or HTML, as given."""
    sections = source_views(assessment, lang)
    if not sections:
        display(HTML(f"<p>{escape(t(lang, 'views_none'))}</p>"))
    for heading, items in sections:
        display(HTML(f'<h3 class="rd-view-title">{escape(heading)}</h3>'))
        for item in items:
            display(dataframe_table(item) if isinstance(item, pd.DataFrame) else item)


def show_history(assessment: Assessment, history_dir: str | None, lang: str) -> None:
    """Scores over past reports and what changed since the last one, from the history store.

    Without a store (a report built outside the CLI) or with a damaged one, the section
    says so and the report goes on.
    """
    from readiness.history import report_history

    if not history_dir:
        display(HTML(f"<p>{escape(t(lang, 'history.not_recorded'))}</p>"))
        return
    past = report_history(assessment, history_dir, lang)
    if past.error:
        display(HTML(f"<p>{escape(label(lang, 'history.unreadable'))} {escape(past.error)}</p>"))
    display(past.trend if past.trend is not None else HTML(f"<p>{escape(t(lang, 'history.first'))}</p>"))
    if past.since_last is not None and not past.since_last.empty:
        display(dataframe_table(past.since_last))
