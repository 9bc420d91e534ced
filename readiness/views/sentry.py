"""The Sentry deep-dive of the scorecard: charts and aggregate tables, never a person.

Everything shown is a count, a share or a rate computed by
:mod:`readiness.sentry_metrics`; titles were scrubbed of emails and IP addresses
by the collector. User identifiers appear only when the evidence entry sets
``show_user_ids: true``, and then masked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from readiness.collectors.sentry.tables import TABLE_COLUMNS
from readiness.locales import locale_section
from readiness.numbers import figure, percent_figure
from readiness.sentry_metrics import (
    counts_by,
    crash_free_rates,
    environments,
    events_per_day,
    first_and_last_seen,
    regressions,
    top_issues,
    transaction_p95,
    unhandled_share,
    users_affected,
)
from readiness.views import heading, register_view

LABELS = locale_section("views_sentry")  # readiness/locales/<lang>.yml


def sentry_tables(assessment: Any) -> dict[str, pd.DataFrame]:
    return {name: assessment.evidence.table("sentry", name) for name in TABLE_COLUMNS}


def summary_table(tables: dict[str, pd.DataFrame], words: dict[str, str], lang: str = "en") -> pd.DataFrame:
    """The headline figures, one per row, in the reader's number format."""
    events, issues = tables["events"], tables["issues"]
    share = unhandled_share(events, issues).share
    first, last = first_and_last_seen(events, issues)
    rates = crash_free_rates(tables["sessions"], tables["crash_free"])
    rows = [
        ("events", int(events["count"].sum()) if not events.empty else None),
        ("issues", len(issues) or None),
        ("unhandled", None if share is None else figure(share, ".0%", lang)),
        ("users", users_affected(events, issues)),
        ("regressions", regressions(issues)),
        ("first_seen", first),
        ("last_seen", last),
        ("crash_free_sessions", _percent(rates.get("sessions"), lang)),
        ("crash_free_users", _percent(rates.get("users"), lang)),
    ]
    return pd.DataFrame(
        [(words[key], value) for key, value in rows if value not in (None, "")],
        columns=[words["metric"], words["value"]],
    )


def _percent(rate: float | None, lang: str) -> str | None:
    """A crash-free rate, already in percent (98.69), as the reader writes it."""
    return None if rate is None else percent_figure(round(rate, 2), lang)


def per_day_chart(events: pd.DataFrame, words: dict[str, str]) -> go.Figure | None:
    daily = events_per_day(events)
    if daily.empty:
        return None
    chart = go.Figure(
        [go.Bar(x=rows["day"], y=rows["events"], name=env) for env, rows in daily.groupby("environment")]
    )
    return chart.update_layout(
        barmode="stack",
        title=words["per_day"],
        xaxis_title=words["day"],
        yaxis_title=words["count"],
        height=360,
    )


def bar_chart(counts: pd.Series, title: str) -> go.Figure | None:
    if counts.empty:
        return None
    return go.Figure(go.Bar(x=counts.index.astype(str), y=counts.to_numpy())).update_layout(
        title=title, height=320
    )


def crash_free_chart(
    tables: dict[str, pd.DataFrame], target: float | None, words: dict[str, str], lang: str = "en"
) -> go.Figure | None:
    rates = crash_free_rates(tables["sessions"], tables["crash_free"])
    if not rates:
        return None
    chart = go.Figure(
        go.Bar(
            x=[words[f"crash_free_{scope}"] for scope in rates],
            y=list(rates.values()),
            text=[_percent(r, lang) for r in rates.values()],
        )
    )
    if target is not None:
        chart.add_hline(
            y=target, line_dash="dash", annotation_text=f"{words['objective']} {percent_figure(target, lang)}"
        )
    low = min([*rates.values(), target or 100]) - 1
    return chart.update_layout(title=words["crash_free"], yaxis_range=[max(low, 0), 100], height=320)


def issue_table(tables: dict[str, pd.DataFrame], unhandled_only: bool, words: dict[str, str]) -> pd.DataFrame:
    top = top_issues(tables["events"], tables["issues"], unhandled_only=unhandled_only)
    top = top.drop(columns=["source"], errors="ignore")
    for column in ("first_seen", "last_seen"):
        top[column] = pd.to_datetime(top[column], utc=True).dt.strftime("%Y-%m-%d %H:%M")
    return top.rename(columns={key: words.get(key, key) for key in top.columns})


def environment_table(tables: dict[str, pd.DataFrame], words: dict[str, str]) -> pd.DataFrame:
    table = environments(tables["events"], tables["transactions"], tables["sessions"])
    return table.rename(columns={key: words.get(key, key) for key in table.columns})


def masked_users_table(events: pd.DataFrame, words: dict[str, str]) -> pd.DataFrame:
    """Only with show_user_ids: the collector already masked each identifier."""
    named = events[events["user"] != ""]
    counts = named.groupby("user")["count"].sum().sort_values(ascending=False).head(10)
    return counts.rename(words["count"]).rename_axis(words["masked_users"]).reset_index()


@register_view("sentry")
def sentry_view(assessment: Any, lang: str) -> list[Any]:
    words = LABELS.get(lang, LABELS["en"])
    tables = sentry_tables(assessment)
    target = assessment.config.targets.get(
        "crash_free_sessions", assessment.config.targets.get("availability")
    )
    items: list[Any] = [summary_table(tables, words, lang)]
    items += [
        chart
        for chart in (
            per_day_chart(tables["events"], words),
            bar_chart(counts_by(tables["events"], "level"), words["by_level"]),
            bar_chart(tables["issues"]["status"].value_counts(), words["by_status"]),
            crash_free_chart(tables, target, words, lang),
        )
        if chart is not None
    ]
    items += [
        words["top"],
        issue_table(tables, False, words),
        words["top_unhandled"],
        issue_table(tables, True, words),
        words["environments"],
        environment_table(tables, words),
    ]
    p95 = transaction_p95(tables["transactions"])
    if not p95.empty:
        labels = {"transaction": words["transactions"], "p95_ms": "p95 (ms)", "count": words["count"]}
        items += [words["p95"], p95.round(1).rename(columns=labels)]
    if not tables["alert_rules"].empty:
        rules = tables["alert_rules"].drop(columns=["source"], errors="ignore")
        items += [words["alert_rules"], rules.rename(columns={k: words.get(k, k) for k in rules.columns})]
    if any(f.values.get("show_user_ids") for f in assessment.evidence.of_kind("sentry")):
        items += [words["masked_users"], masked_users_table(tables["events"], words)]
    return [heading(item) if isinstance(item, str) else item for item in items]
