"""The exploration notebook's widgets, built from plain functions so they are tested like the rest.

Before a CTO meeting a person wants to click: pick a product, a criterion, see the
checks behind its level, the findings and the lines they cite; then ask "what if we
waive this, what if that is attested?" and watch the level and the verdict move.
The what-if goes through :mod:`readiness.whatif` (same checks, same scoring as the
report) and touches readiness.yml only when the Save button is pressed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from html import escape

import ipywidgets as widgets
import pandas as pd

from readiness.assessment import Assessment
from readiness.catalogue import CRITERION_IDS, criterion
from readiness.config import Config
from readiness.errors import ReadinessError
from readiness.locales import locale_section, t
from readiness.model import Finding, Severity, Status
from readiness.redact import redact_url
from readiness.scorecard import LEVEL_COLOURS, level_explained, marked_level, plan_section, standing
from readiness.whatif import level_changes, rejudge, save_config, with_attestation, with_waiver

TEXT = locale_section("explore")  # readiness/locales/<lang>.yml
ALL_CRITERIA = "*"  # a Dropdown shows nothing for None, so "all" needs a value of its own
LABEL_WIDTH = "130px"
FINDING_COLUMNS = ["check_id", "criterion", "status", "severity", "level", "message"]


def findings_frame(
    assessment: Assessment,
    criterion_id: str | None = None,
    statuses: Iterable[str] | None = None,
    severities: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The findings of one criterion (or all), filtered by status and severity."""
    statuses = set(statuses) if statuses is not None else None
    severities = set(severities) if severities is not None else None
    rows = [
        {
            "check_id": f.check_id,
            "criterion": f.criterion,
            "status": f.status.value,
            "severity": f.severity.value,
            "level": f.level,
            "message": f.message,
        }
        for f in assessment.findings
        if (criterion_id is None or f.criterion == criterion_id)
        and (statuses is None or f.status.value in statuses)
        and (severities is None or f.severity.value in severities)
    ]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def finding_detail(finding: Finding, lang: str = "en") -> str:
    """HTML for one finding: its message, the lines it cites (already redacted), the remediation."""
    text = TEXT[lang]
    cited = [
        f"<li><code>{escape(ref.label())}</code>"
        + (f"<pre>{escape(ref.excerpt_in(lang))}</pre>" if ref.excerpt else "")
        + (f" {escape(redact_url(ref.url))}" if ref.url else "")
        + "</li>"
        for ref in finding.evidence
    ]
    evidence = f"<ul>{''.join(cited)}</ul>" if cited else f"<p>{escape(text['none'])}</p>"
    remediation = finding.remediation.get(lang) or finding.remediation.get("en", "")
    return (
        f"<h4>{escape(finding.check_id)} — {escape(t(lang, f'statuses.{finding.status.value}'))}</h4>"
        f"<p>{escape(finding.message)}</p><h5>{escape(text['evidence'])}</h5>{evidence}"
        f"<h5>{escape(text['remediation'])}</h5><p>{escape(remediation)}</p>"
    )


def active_waivers(config: Config, as_of: dt.date) -> set[str]:
    return {w.check for w in config.waivers if not w.is_expired(as_of)}


def attested_subjects(config: Config, as_of: dt.date) -> set[str]:
    """Checks and criteria with an attestation still in force."""
    return {a.check or a.criterion for a in config.attestations if not a.is_expired(as_of)}


def apply_what_if(original: Assessment, waived: Iterable[str], attested: Iterable[str]) -> Assessment:
    """``original`` re-judged with exactly these checks waived and these subjects attested."""
    waived, attested = set(waived), set(attested)
    config, as_of = original.config, original.as_of
    waiver_changes = sorted(waived ^ active_waivers(config, as_of))
    attestation_changes = sorted(attested ^ attested_subjects(config, as_of))
    if not waiver_changes and not attestation_changes:
        return original
    for check_id in waiver_changes:
        config = with_waiver(config, check_id, check_id in waived, as_of)
    for subject in attestation_changes:
        config = with_attestation(config, subject, subject in attested, as_of)
    return rejudge(original, config)


def verdict_html(before: Assessment, after: Assessment, lang: str = "en") -> str:
    """The verdict now, and what moved compared with the assessment as configured."""
    head = (
        f"<b>{escape(after.product)}</b>: {escape(t(lang, f'verdict.{after.verdict.value}'))} "
        f"({escape(t(lang, 'score'))} {after.overall_score})"
    )
    changes = level_changes(before, after)
    if changes.empty:
        return f"<p>{head}</p><p>{escape(TEXT[lang]['unchanged'])}</p>"
    rows = "".join(_change_row(row, lang) for row in changes.itertuples())
    return f"<p>{head}</p><table>{rows}</table>"


def what_if_changes(
    config: Config, as_of: dt.date, waived: Iterable[str], attested: Iterable[str], lang: str = "en"
) -> list[str]:
    """Each difference between the ticked what-ifs and readiness.yml, in words, before Save writes it."""
    text = TEXT[lang]
    configured_waivers, configured_attested = active_waivers(config, as_of), attested_subjects(config, as_of)
    waived, attested = set(waived), set(attested)
    return [
        *(text["waiver_removed"].format(id=c) for c in sorted(configured_waivers - waived)),
        *(text["waiver_added"].format(id=c) for c in sorted(waived - configured_waivers)),
        *(text["attestation_removed"].format(id=c) for c in sorted(configured_attested - attested)),
        *(text["attestation_added"].format(id=c) for c in sorted(attested - configured_attested)),
    ]


def level_bars_html(assessment: Assessment, lang: str = "en") -> str:
    """The twelve levels as bars, the required level as a mark: plain HTML, so the widget redraws it
    at once as what-ifs change, and it reads on a projector without any script."""
    rows = []
    for result in assessment.criteria:
        state = standing(result)
        width = 0 if result.level.rank < 0 else (result.level.rank + 1) * 25
        mark = (result.required_level.rank + 1) * 25 if result.required_level else None
        marker = f'<span class="rd-required" style="left:{mark}%"></span>' if mark is not None else ""
        rows.append(
            f"<tr><td>{escape(criterion(result.criterion).name[lang])}</td>"
            f'<td class="rd-track"><span class="rd-bar" style="width:{width}%;'
            f'background:{LEVEL_COLOURS.get(state, "#9e9e9e")}"></span>{marker}</td>'
            f"<td>{marked_level(result, lang)}</td></tr>"
        )
    style = (
        "<style>.rd-levels{border-collapse:collapse;width:100%;font-size:1.05em}"
        ".rd-levels td{padding:.2em .5em}.rd-track{position:relative;width:45%}"
        ".rd-bar{display:block;height:1.1em;border-radius:2px}"
        ".rd-required{position:absolute;top:0;bottom:0;border-left:3px solid #222}</style>"
    )
    return style + f'<table class="rd-levels">{"".join(rows)}</table>'


def criterion_html(assessment: Assessment, criterion_id: str | None, lang: str = "en") -> str:
    """The chosen criterion's why and its next step, as the report words them."""
    return "" if criterion_id is None else level_explained(assessment.result(criterion_id), lang)


def compare_html(assessments: Iterable[Assessment], lang: str = "en") -> str:
    """Products side by side, criterion by criterion, with the what-ifs applied: the verdict, the
    score and each level with its mark."""
    assessments = list(assessments)
    head = "".join(f"<th>{escape(a.product)}</th>" for a in assessments)
    verdicts = "".join(f"<td>{escape(t(lang, f'verdict.{a.verdict.value}'))}</td>" for a in assessments)
    scores = "".join(
        f"<td>{a.overall_score if a.overall_score is not None else '–'}</td>" for a in assessments
    )
    rows = [
        f"<tr><th>{escape(TEXT[lang]['verdict'])}</th>{verdicts}</tr>",
        f"<tr><th>Score</th>{scores}</tr>",
    ]
    for cid in CRITERION_IDS:
        cells = "".join(f"<td>{marked_level(a.result(cid), lang)}</td>" for a in assessments)
        rows.append(f"<tr><th>{escape(criterion(cid).name[lang])}</th>{cells}</tr>")
    body = "".join(rows)
    return f'<table class="rd-table"><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>'


class CheckList:
    """Ticks instead of a multi-select: a click never drops the other choices (a plain multi-select
    replaced the whole selection, silently removing configured waivers). ``value`` is the ticked
    options; observers hear one change per click, or per ``value`` set."""

    def __init__(self, title: str):
        self._boxes: dict[str, widgets.Checkbox] = {}
        self._observers: list[Callable[[], None]] = []
        self._quiet = False
        self._list = widgets.VBox(layout=widgets.Layout(max_height="240px", overflow_y="auto"))
        self.widget = widgets.VBox([widgets.HTML(f"<b>{escape(title)}</b>"), self._list])

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(self._boxes)

    @options.setter
    def options(self, ids: Iterable[str]) -> None:
        self._boxes = {
            cid: widgets.Checkbox(
                value=False, description=cid, indent=False, layout=widgets.Layout(width="auto")
            )
            for cid in ids
        }
        for box in self._boxes.values():
            box.observe(lambda _change: self._changed(), names="value")
        self._list.children = tuple(self._boxes.values())

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(cid for cid, box in self._boxes.items() if box.value)

    @value.setter
    def value(self, ticked: Iterable[str]) -> None:
        ticked = set(ticked)
        self._quiet = True
        try:
            for cid, box in self._boxes.items():
                box.value = cid in ticked
        finally:
            self._quiet = False
        self._changed()

    def observe(self, callback: Callable[[], None]) -> None:
        self._observers.append(callback)

    def _changed(self) -> None:
        if not self._quiet:
            for callback in self._observers:
                callback()


def _change_row(row, lang: str) -> str:
    """One level change in words; the last row may be the verdict's, which has its own words."""
    is_verdict = row.criterion not in CRITERION_IDS
    name = TEXT[lang]["verdict"] if is_verdict else criterion(row.criterion).name[lang]
    words = [t(lang, f"{'verdict' if is_verdict else 'levels'}.{state}") for state in (row.before, row.after)]
    return (
        f"<tr><td>{escape(name)}</td><td>{escape(words[0])} → {escape(words[1])}</td>"
        f"<td>{row.score_before} → {row.score_after}</td></tr>"
    )


class Explorer:
    """Widgets over one or several assessments; ``widget`` is what the notebook displays."""

    def __init__(
        self,
        assessments: Iterable[Assessment],
        lang: str = "en",
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ):
        self.lang = lang if lang in TEXT else "en"
        self.text = TEXT[self.lang]
        self.baseline = {a.product: a for a in assessments}
        self.current = dict(self.baseline)
        self.now = now
        labelled = {"style": {"description_width": LABEL_WIDTH}}
        self.product = widgets.Dropdown(
            options=list(self.baseline), description=self.text["product"], **labelled
        )
        self.criterion = widgets.Dropdown(description=self.text["criterion"], **labelled)
        self.status = widgets.SelectMultiple(
            options=[(t(self.lang, f"statuses.{s.value}"), s.value) for s in Status],
            value=[s.value for s in Status],
            description=self.text["status"],
            rows=5,
            **labelled,
        )
        self.severity = widgets.SelectMultiple(
            options=[(t(self.lang, f"severities.{s.value}"), s.value) for s in Severity],
            value=[s.value for s in Severity],
            description=self.text["severity"],
            rows=5,
            **labelled,
        )
        self.finding = widgets.Select(
            description=self.text["findings"], rows=8, **labelled, layout=widgets.Layout(width="60%")
        )
        self.detail = widgets.HTML()
        self.waived = CheckList(self.text["waive"])
        self.attested = CheckList(self.text["attest"])
        self.verdict = widgets.HTML()
        self.levels = widgets.HTML()
        self.why = widgets.HTML()
        self.changes = widgets.HTML()
        self.save = widgets.Button(
            description=self.text["save"], icon="save", layout=widgets.Layout(width="auto")
        )
        self.message = widgets.HTML()
        self.plan = widgets.HTML()
        self.compare = widgets.HTML()
        self._updating = False
        self._wire()
        self._show_product()
        half = widgets.Layout(width="48%")
        explore = widgets.VBox(
            [
                widgets.HBox([self.product, self.criterion]),
                widgets.HBox([widgets.Box([self.levels], layout=half), widgets.Box([self.why], layout=half)]),
                widgets.HBox([self.status, self.severity]),
                widgets.HBox([self.finding, self.detail]),
                widgets.HBox([self.waived.widget, self.attested.widget]),
                self.verdict,
                self.changes,
                widgets.HBox([self.save, self.message]),
            ]
        )
        self.widget = widgets.Tab(
            children=[explore, self.plan, self.compare],
            titles=[self.text["explore_tab"], self.text["plan_tab"], self.text["compare_tab"]],
        )

    def _wire(self) -> None:
        self.product.observe(lambda _change: self._show_product(), names="value")
        for control in (self.criterion, self.status, self.severity):
            control.observe(lambda _change: self._show_findings(), names="value")
        self.finding.observe(lambda _change: self._show_detail(), names="value")
        for checklist in (self.waived, self.attested):
            checklist.observe(self._what_if)
        self.save.on_click(lambda _button: self.save_changes())

    @property
    def assessment(self) -> Assessment:
        return self.current[self.product.value]

    def _show_product(self) -> None:
        base = self.baseline[self.product.value]
        waivable = {f.check_id for f in base.findings if f.status in (Status.FAIL, Status.WAIVED)}
        waivable |= active_waivers(base.config, base.as_of)
        attestable = {f.check_id for f in base.findings if f.status is Status.INCONCLUSIVE}
        attestable |= attested_subjects(base.config, base.as_of) | set(CRITERION_IDS)
        self._updating = True
        try:
            self.waived.options = sorted(waivable)
            self.waived.value = tuple(sorted(active_waivers(self.assessment.config, base.as_of)))
            self.attested.options = sorted(attestable)
            self.attested.value = tuple(
                sorted(attested_subjects(self.assessment.config, base.as_of) & attestable)
            )
        finally:
            self._updating = False
        self._refresh()

    def _refresh(self) -> None:
        """Criterion labels carry the current levels, so a what-if shows in the dropdown too."""
        chosen = self.criterion.value or ALL_CRITERIA
        options = [(self.text["all"], ALL_CRITERIA)] + [
            (
                f"{criterion(r.criterion).name[self.lang]} — {t(self.lang, f'levels.{r.level.value}')}",
                r.criterion,
            )
            for r in self.assessment.criteria
        ]
        self.criterion.options = options
        self.criterion.value = chosen
        self.verdict.value = verdict_html(self.baseline[self.product.value], self.assessment, self.lang)
        self.levels.value = level_bars_html(self.assessment, self.lang)
        self.plan.value = plan_section(self.assessment, self.lang).data
        self.compare.value = compare_html(self.current.values(), self.lang)
        base = self.baseline[self.product.value]
        changes = what_if_changes(base.config, base.as_of, self.waived.value, self.attested.value, self.lang)
        self.changes.value = (
            f"<p>{escape(self.text['changes'])}</p><ul>{''.join(f'<li>{escape(c)}</li>' for c in changes)}"
            "</ul>"
            if changes
            else ""
        )
        self.save.disabled = not changes
        self._show_findings()

    def _show_findings(self) -> None:
        chosen = None if self.criterion.value == ALL_CRITERIA else self.criterion.value
        self.why.value = criterion_html(self.assessment, chosen, self.lang)
        frame = findings_frame(self.assessment, chosen, self.status.value, self.severity.value)
        self.finding.options = [
            (f"{row.check_id} — {t(self.lang, f'statuses.{row.status}')}", row.check_id)
            for row in frame.itertuples()
        ]
        self._show_detail()

    def _show_detail(self) -> None:
        chosen = next((f for f in self.assessment.findings if f.check_id == self.finding.value), None)
        self.detail.value = (
            finding_detail(chosen, self.lang) if chosen else f"<p>{escape(self.text['no_finding'])}</p>"
        )

    def _what_if(self) -> None:
        if self._updating:
            return
        product = self.product.value
        self.current[product] = apply_what_if(self.baseline[product], self.waived.value, self.attested.value)
        self._refresh()

    def save_changes(self) -> None:
        """Write the what-if waivers and attestations of the shown product into its readiness.yml."""
        product = self.product.value
        config = self.current[product].config
        try:
            backup = save_config(config, now=self.now())
        except ReadinessError as exc:  # shown beside the button: the notebook has no other place
            self.message.value = f"<b>{escape(str(exc))}</b>"
            return
        self.baseline[product] = self.current[product]
        self.message.value = escape(self.text["saved"].format(path=config.path, backup=backup.name))
        self._refresh()


def open_explorer(config_paths: Iterable[str], as_of: str | None = None, lang: str = "en") -> Explorer:
    """Assess each readiness.yml once and build the explorer over them (the notebook's one call)."""
    from readiness.assessment import assess
    from readiness.config import load_config

    as_of_date = dt.date.fromisoformat(as_of) if as_of else None
    return Explorer([assess(load_config(path), as_of=as_of_date) for path in config_paths], lang=lang)
