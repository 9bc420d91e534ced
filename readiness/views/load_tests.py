"""The load-test section of the scorecard: runs, latency and throughput over time, errors, budget.

Every figure comes from the normalised tables of the load_tests collector; the
error budget comes from the `scalability.error_budget` finding, so the chart
and the verdict can never disagree. Endpoint names were stripped of hosts, ids
and query strings by the collector.
"""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from IPython.display import HTML
from plotly.subplots import make_subplots

from readiness.collectors.load_tests.model import WHOLE_SCRIPT
from readiness.locales import locale_section
from readiness.numbers import figure, percent_figure, rate_figure
from readiness.slo import format_duration
from readiness.views import heading, register_view

MAX_RUN_CHARTS = 4
PERCENTILE_LINES = ("p50", "p90", "p95", "p99")
LABELS = locale_section("views_load_tests")  # readiness/locales/<lang>.yml
RUN_TABLE_COLUMNS = [
    "run",
    "tool",
    "start",
    "duration_s",
    "peak_vus",
    "requests",
    "throughput_rps",
    "error_rate",
    *PERCENTILE_LINES,
    "max",
    "exact_percentiles",
    "thresholds_failed",
]


def _renamed(frame: pd.DataFrame, words: dict[str, str]) -> pd.DataFrame:
    return frame.rename(columns={key: words.get(key, key) for key in frame.columns})


def rate_text(rate: Any, lang: str = "en") -> str:
    """A rate in the reader's number format (:func:`readiness.numbers.rate_figure`), empty when unknown."""
    return "" if pd.isna(rate) else rate_figure(rate, lang)


def _yes_no(value: Any, words: dict[str, str]) -> str:
    """True/False/None from the readers, said in words (no Python on the page)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return words["unknown"]
    return words["yes"] if bool(value) else words["no"]


def _counts_as_integers(table: pd.DataFrame) -> pd.DataFrame:
    for column in ("requests", "failed", "thresholds_failed"):
        if column in table:
            table[column] = table[column].map(lambda n: "" if pd.isna(n) else f"{int(n)}")
    return table


def runs_table(runs: pd.DataFrame, words: dict[str, str], lang: str = "en") -> pd.DataFrame:
    table = runs[RUN_TABLE_COLUMNS].copy()
    table["start"] = pd.to_datetime(table["start"], utc=True).dt.strftime("%Y-%m-%d %H:%M")
    table["error_rate"] = table["error_rate"].map(lambda rate: rate_text(rate, lang))
    table["exact_percentiles"] = table["exact_percentiles"].map(lambda v: _yes_no(v, words))
    return _renamed(_counts_as_integers(table.round(1)), words)


def endpoints_table(endpoints: pd.DataFrame, words: dict[str, str], lang: str = "en") -> pd.DataFrame:
    table = endpoints.drop(columns=["source"]).round(1)
    if "error_rate" in table:
        table["error_rate"] = endpoints["error_rate"].map(lambda rate: rate_text(rate, lang))
    return _renamed(_counts_as_integers(table), words)


def thresholds_table(thresholds: pd.DataFrame, words: dict[str, str]) -> pd.DataFrame:
    table = thresholds.drop(columns=["source"]).copy()
    whole = table["metric"] == WHOLE_SCRIPT.metric
    table.loc[whole, "metric"], table.loc[whole, "condition"] = words["whole_script"], words["script_verdict"]
    if "ok" in table:
        table["ok"] = table["ok"].map(lambda v: _yes_no(v, words))
    return _renamed(table, words)


MIN_CHART_POINTS = 2
"""A time series of fewer points draws no line: plotly would stretch one point over a
sub-millisecond axis (an Artillery run reporting a single interval)."""


def plottable(series: pd.DataFrame, *columns: str) -> bool:
    """At least two moments, spread in time, with a value in one of ``columns``."""
    rows = series.dropna(subset=["time"])
    rows = rows[rows[list(columns)].notna().any(axis=1)]
    return len(rows) >= MIN_CHART_POINTS and rows["time"].nunique() >= MIN_CHART_POINTS


def latency_chart(
    series: pd.DataFrame, run: str, objective: float | None, words: dict[str, str]
) -> go.Figure:
    chart = go.Figure(
        [go.Scatter(x=series["time"], y=series[stat], name=stat, mode="lines") for stat in PERCENTILE_LINES]
    )
    if objective is not None:
        chart.add_hline(y=objective, line_dash="dash", annotation_text=f"p95 {words['objective']}")
    return chart.update_layout(title=f"{words['latency']} — {run}", xaxis_title=words["time"], height=340)


def throughput_chart(series: pd.DataFrame, run: str, words: dict[str, str]) -> go.Figure:
    users = series["vus"].notna().any()
    chart = make_subplots(specs=[[{"secondary_y": bool(users)}]])
    chart.add_trace(go.Scatter(x=series["time"], y=series["rps"], name=words["rps"]))
    if users:
        chart.add_trace(
            go.Scatter(x=series["time"], y=series["vus"], name=words["users"], line={"dash": "dot"}),
            secondary_y=True,
        )
    # Both axes from zero: no negative users, and the two scales' ticks fall on round numbers.
    chart.update_yaxes(rangemode="tozero", title_text=words["rps"], secondary_y=False)
    if users:
        chart.update_yaxes(rangemode="tozero", title_text=words["users"], secondary_y=True, showgrid=False)
    return chart.update_layout(title=f"{words['throughput']} — {run}", height=320)


def errors_chart(series: pd.DataFrame, run: str, words: dict[str, str]) -> go.Figure:
    return go.Figure(go.Bar(x=series["time"], y=series["failed"], name=words["failed"])).update_layout(
        title=f"{words['errors']} — {run}", xaxis_title=words["time"], height=280
    )


def budget_items(assessment: Any, words: dict[str, str], lang: str) -> list[Any]:
    """The budget table and burn-rate chart, from the error-budget finding's figures."""
    finding = next(
        (f for f in assessment.findings if f.check_id == "scalability.error_budget" and f.data.get("burns")),
        None,
    )
    if finding is None:
        return []
    data = finding.data
    allowed = ", ".join(
        f"{format_duration(seconds, lang)} / {words[period]}"
        for period, seconds in data["allowed_downtime_s"].items()
    )
    objectives = pd.DataFrame(
        [
            (words["availability"], percent_figure(data["availability"], lang)),
            (words["allowed"], allowed),
        ],
        columns=[words["metric"], ""],
    )
    burns = pd.DataFrame(data["burns"])
    chart = go.Figure(
        go.Bar(
            x=burns["measure"],
            y=burns["burn_rate"],
            text=[f"{figure(b, 'g', lang)}×" for b in burns["burn_rate"]],
        )
    )
    chart.add_hline(y=1, line_dash="dash")
    chart.update_layout(title=words["burn"], height=300)
    burns["failure_share"] = burns["failure_share"].map(lambda s: figure(s, ".3%", lang))
    for column in ("month_budget_spent_in_s", "month_budget_s"):
        burns[column] = burns[column].map(lambda s: "–" if pd.isna(s) else format_duration(s, lang))
    burns = burns.rename(
        columns={"month_budget_spent_in_s": "month_budget_spent_in", "month_budget_s": "month_budget"}
    )
    return [heading(words["budget"]), objectives, _renamed(burns, words), chart]


def _run_charts(tables: dict[str, pd.DataFrame], objective: float | None, words: dict[str, str]) -> list[Any]:
    """Each run's charts, those its time series can draw meaningfully; the others are left out."""
    series = tables["timeseries"]
    charts: list[Any] = []
    for (source, run), rows in list(series.groupby(["source", "run"], sort=False))[:MAX_RUN_CHARTS]:
        label = f"{source} / {run}"
        if plottable(rows, *PERCENTILE_LINES):
            charts.append(latency_chart(rows, label, objective, words))
        if plottable(rows, "rps"):
            charts.append(throughput_chart(rows, label, words))
        if plottable(rows, "failed"):
            charts.append(errors_chart(rows, label, words))
    return charts


@register_view("load_tests")
def load_tests_view(assessment: Any, lang: str) -> list[Any]:
    words = LABELS.get(lang, LABELS["en"])
    tables = {
        name: assessment.evidence.table("load_tests", name)
        for name in ("runs", "endpoints", "timeseries", "thresholds")
    }
    objective = assessment.config.targets.get("latency_p95_ms")
    items: list[Any] = [runs_table(tables["runs"], words, lang)]
    if not tables["timeseries"].empty:
        items += _run_charts(tables, objective, words)
    if not tables["endpoints"].empty:
        items += [
            heading(words["endpoints"]),
            endpoints_table(tables["endpoints"], words, lang),
        ]
    if not tables["thresholds"].empty:
        items += [
            heading(words["thresholds"]),
            thresholds_table(tables["thresholds"], words),
        ]
    items += budget_items(assessment, words, lang)
    notes = [note for f in assessment.evidence.of_kind("load_tests") for note in f.source.notes_in(lang)]
    if notes:
        items += [
            heading(words["notes"]),
            HTML("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"),
        ]
    return items
