"""Read-only views of load-test facts shared by the scalability and performance checks.

They answer "which runs", "did this run reach the target load", "which
objectives did it miss" and "which run speaks for the product", so both
criteria judge the same run the same way. Objectives read as the seed writes
them: a latency objective "p95 < 500 ms" is missed *at* 500 ms; a load target
is reached *at* the target; an error-rate objective allows up to its value.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from readiness.checks import CheckContext
from readiness.locales import LANGS, locale_section
from readiness.model import EvidenceRef
from readiness.numbers import figure, rate_figure

LOAD_TARGETS = {"expected_users": ("peak_vus", "users"), "requests_per_second": ("throughput_rps", "req/s")}
LATENCY_TARGETS = {"latency_p95_ms": "p95", "latency_p99_ms": "p99"}
DEFAULT_MAX_RESULT_AGE_DAYS = 90
WORDS = locale_section("load_runs")  # readiness/locales/<lang>.yml


def load_test_runs(ctx: CheckContext) -> pd.DataFrame:
    """Every run of every usable load-test source, with ``when`` (its end, else its start)."""
    runs = ctx.evidence.table("load_tests", "runs")
    if runs.empty:
        return runs
    return runs.assign(when=runs["end"].where(runs["end"].notna(), runs["start"]))


def load_figure(value: Any, lang: str) -> str:
    """A load figure: whole above ten (20 users, 201 req/s), two significant digits below (an
    estimated 0,3 users, 1,5 req/s) so that a small load never reads as 0; "?" when unknown."""
    if value is None or pd.isna(value):
        return "?"
    return figure(value, ",.0f" if abs(value) >= 10 else ".2g", lang)


def describe_run(run: pd.Series, lang: str = "en") -> str:
    """One line for a run: "k6 run smoke.json: 20 users, 20 req/s, p95 101 ms, errors 0.50%"."""
    words = WORDS[lang]
    rate = "?" if pd.isna(run["error_rate"]) else rate_figure(run["error_rate"], lang)
    p95 = "?" if pd.isna(run["p95"]) else figure(run["p95"], ",.0f", lang)
    return (
        words["run"].format(tool=run["tool"], run=run["run"])
        + f"{load_figure(run['peak_vus'], lang)} {words['users']}, "
        f"{load_figure(run['throughput_rps'], lang)} req/s, p95 {p95} ms, {words['errors']} {rate}"
    )


def run_ref(run: pd.Series) -> EvidenceRef:
    texts = {lang: describe_run(run, lang) for lang in LANGS}
    return EvidenceRef(source=str(run["source"]), path=str(run["path"]), excerpt=texts["en"], excerpts=texts)


def load_targets(targets: dict[str, Any]) -> dict[str, float]:
    return {key: float(targets[key]) for key in LOAD_TARGETS if targets.get(key) is not None}


def load_shortfalls(run: pd.Series, targets: dict[str, Any], lang: str = "en") -> list[str] | None:
    """What the run's load lacks against each declared load target, in ``lang``; None when it
    cannot be told."""
    shortfalls = []
    for key, target in load_targets(targets).items():
        column, unit = LOAD_TARGETS[key]
        measured = run[column]
        if measured is None or pd.isna(measured):
            return None
        if measured < target:
            words = WORDS[lang]
            shortfalls.append(
                f"{load_figure(measured, lang)} {words['of']} "
                f"{figure(target, ',.0f', lang)} {words[unit]} "
                f"({figure(measured / target, '.0%', lang)})"
            )
    return shortfalls


def latency_miss(label: str, measured: float, limit: float, lang: str = "en") -> str:
    """One missed latency objective, e.g. "p95 812 ms (objective < 500 ms)", in ``lang``."""
    words = WORDS[lang]
    shown = words["unknown"] if pd.isna(measured) else f"{figure(measured, ',.0f', lang)} ms"
    return f"{label} {shown} ({words['objective']} < {figure(limit, 'g', lang)} ms)"


def unknown_objectives(run: pd.Series, targets: dict[str, Any], lang: str = "en") -> list[str]:
    """Objectives the run cannot be judged on: the tool's output does not give the figure (a Locust
    file without its failure column, a k6 summary without http_req_failed). Unknown is not zero."""
    if targets.get("error_rate") is not None and pd.isna(run["error_rate"]):
        return [WORDS[lang]["error rate"] + " " + WORDS[lang]["unknown"]]
    return []


def objective_misses(run: pd.Series, targets: dict[str, Any], lang: str = "en") -> list[str]:
    """The overall latency and error-rate objectives this run misses (an unknown latency counts as
    a miss; an unknown error rate is left to :func:`unknown_objectives`), in ``lang``."""
    words = WORDS[lang]
    misses = []
    for key, stat in LATENCY_TARGETS.items():
        limit = targets.get(key)
        if limit is not None and not run[stat] < limit:
            misses.append(latency_miss(stat, run[stat], limit, lang))
    limit = targets.get("error_rate")
    if limit is not None and not pd.isna(run["error_rate"]) and not run["error_rate"] <= limit:
        misses.append(
            f"{words['error rate']} {rate_figure(run['error_rate'], lang)} "
            f"({words['objective']} ≤ {rate_figure(limit, lang)})"
        )
    return misses


def reference_run(runs: pd.DataFrame) -> pd.Series:
    """The run that speaks for the product: the heaviest load, then the most recent."""
    ordered = runs.assign(_users=runs["peak_vus"].fillna(-1), _rps=runs["throughput_rps"].fillna(-1))
    ordered = ordered.sort_values(["_users", "_rps", "when"], ascending=False, na_position="last")
    return ordered.iloc[0]


def age_in_days(when: pd.Timestamp, as_of: dt.date) -> int:
    return (as_of - when.tz_convert("UTC").date()).days
