"""Scorecard sections for CI artefacts: JUnit results, coverage, Lighthouse.

Each view draws the collector's tables as they are (the checks judge them): the
outcome counts and the flaky tests, the least-covered files, the scores and key
metrics per audited URL.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from readiness.locales import locale_section
from readiness.views import register_view

MAX_ROWS = 15
OUTCOME_COLOURS = {"passed": "#27ae60", "failed": "#c0392b", "error": "#8e44ad", "skipped": "#95a5a6"}
WORDS = locale_section("views_ci_artefacts")  # readiness/locales/<lang>.yml


def _words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


@register_view("junit")
def junit_view(assessment, lang: str = "en") -> list[Any]:
    words = _words(lang)
    cases = assessment.evidence.table("junit", "cases")
    counts = cases["outcome"].value_counts()
    figure = go.Figure(
        [
            go.Bar(x=[counts.get(o, 0)], y=[words["tests"]], name=o, orientation="h", marker_color=colour)
            for o, colour in OUTCOME_COLOURS.items()
        ]
    )
    figure.update_layout(barmode="stack", title=words["outcomes"], height=220, template="plotly_white")
    flaky = cases[(cases["outcome"] == "passed") & (cases["flaky_failures"] > 0)]
    table = flaky[["source", "classname", "name", "flaky_failures"]].head(MAX_ROWS)
    return [figure, table if not table.empty else pd.DataFrame({words["flaky"]: [words["none"]]})]


@register_view("coverage")
def coverage_view(assessment, lang: str = "en") -> list[Any]:
    files = assessment.evidence.table("coverage", "files")
    files = files[files["lines_valid"] > 0]
    rates = (100 * files["lines_covered"] / files["lines_valid"]).round(1)
    worst = files.assign(line_coverage=rates).sort_values("line_coverage").head(MAX_ROWS)
    figure = go.Figure(go.Bar(x=worst["line_coverage"], y=worst["path"], orientation="h"))
    figure.update_layout(
        title=_words(lang)["coverage"],
        xaxis={"range": [0, 100]},
        yaxis={"autorange": "reversed"},
        height=160 + 24 * len(worst),
        template="plotly_white",
    )
    return [figure]


@register_view("lighthouse")
def lighthouse_view(assessment, lang: str = "en") -> list[Any]:
    words = _words(lang)
    runs = assessment.evidence.table("lighthouse", "runs")
    categories = [
        c for c in ("performance", "accessibility", "best_practices", "seo") if runs[c].notna().any()
    ]
    figure = go.Figure([go.Bar(x=runs["url"], y=(100 * runs[c]).round(), name=c) for c in categories])
    figure.update_layout(
        barmode="group", title=words["scores"], yaxis={"range": [0, 100]}, template="plotly_white"
    )
    metrics = assessment.evidence.table("lighthouse", "metrics")
    table = metrics.pivot_table(index="url", columns="metric", values="value", aggfunc="median")
    return [figure, table.round(3)]
