"""Read-only views of CI artefacts (JUnit results, coverage, Lighthouse) shared by the criterion modules.

Like :mod:`readiness.checks.repo` for repositories: they answer "which tests
failed", "which files are under-covered" and build the evidence references,
pointing at a file and line whenever the artefact knows one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.checks import CheckContext
from readiness.checks.repo import MAX_REFS, said_ref
from readiness.model import EvidenceRef
from readiness.numbers import figure

DEFAULT_MIN_LINE_COVERAGE = 80.0
DEFAULT_MIN_LIGHTHOUSE_PERFORMANCE = 90.0


def target_fraction(ctx: CheckContext, key: str, default_percent: float) -> float:
    """A percentage target from readiness.yml ``targets:``, as a fraction of 1."""
    return float(ctx.targets.get(key, default_percent)) / 100


def _locations(ctx: CheckContext, kind: str) -> dict[str, str]:
    return {facts.name: facts.source.location for facts in ctx.evidence.of_kind(kind)}


def report_refs(ctx: CheckContext, kind: str, key: str | None = None, **values: Any) -> list[EvidenceRef]:
    """One reference per usable report of ``kind``: the evidence a pass rests on; with ``key`` and
    its values, an excerpt in the check's words (section ``excerpts`` of the locale files)."""
    return [
        said_ref(name, key, location, **values) if key else EvidenceRef(source=name, path=location)
        for name, location in _locations(ctx, kind).items()
    ]


def junit_cases(ctx: CheckContext) -> pd.DataFrame:
    """Every test case of every JUnit source (columns of collectors.junit plus ``source``)."""
    return ctx.evidence.table("junit", "cases")


def report_path(ctx: CheckContext, kind: str, source: str, report: str) -> str:
    """The file one row came from: ``report`` inside the source's folder, or the source file."""
    location = Path(_locations(ctx, kind)[source])
    return str(location / report) if location.is_dir() else str(location)


def case_refs(ctx: CheckContext, cases: pd.DataFrame, key: str) -> list[EvidenceRef]:
    """Where each test case is: its test file and line when the runner wrote them, else its report."""
    refs = []
    for case in cases.head(MAX_REFS).itertuples(index=False):
        line = int(case.line) if case.file and pd.notna(case.line) else None
        path = case.file or report_path(ctx, "junit", case.source, case.report)
        refs.append(said_ref(case.source, key, path, line, case=f"{case.classname}::{case.name}"))
    return refs


def coverage_totals(ctx: CheckContext) -> list[tuple[str, dict]]:
    """(source name, totals) of every usable coverage report."""
    return [(facts.name, facts.values["totals"]) for facts in ctx.evidence.of_kind("coverage")]


def undercovered_refs(ctx: CheckContext, minimum: float) -> list[EvidenceRef]:
    """The files under ``minimum`` line coverage, least covered first, at their first uncovered line."""
    files = ctx.evidence.table("coverage", "files")
    if files.empty:
        return []
    files = files.assign(rate=files["lines_covered"] / files["lines_valid"].where(files["lines_valid"] > 0))
    below = files[files["rate"] < minimum].sort_values(["rate", "path"])
    return [
        said_ref(
            row.source,
            "lines_covered",
            row.path,
            None if pd.isna(row.first_uncovered_line) else int(row.first_uncovered_line),
            covered=row.lines_covered,
            valid=row.lines_valid,
            rate=lambda lang, rate=row.rate: figure(rate, ".0%", lang),
        )
        for row in below.head(MAX_REFS).itertuples(index=False)
    ]


def lighthouse_runs(ctx: CheckContext) -> pd.DataFrame:
    return ctx.evidence.table("lighthouse", "runs")


def lighthouse_refs(
    ctx: CheckContext, rows: pd.DataFrame, excerpt_of: Callable[[Any], str]
) -> list[EvidenceRef]:
    """References to the Lighthouse report files of ``rows``; ``excerpt_of(row)`` says why."""
    return [
        EvidenceRef(
            source=row.source,
            path=report_path(ctx, "lighthouse", row.source, row.report),
            excerpt=excerpt_of(row),
        )
        for row in rows.head(MAX_REFS).itertuples(index=False)
    ]


def latest_test_run(ctx: CheckContext) -> dt.date | None:
    """The day of the most recent test suite in the JUnit evidence (None when none is dated)."""
    dates = junit_cases(ctx)["run_date"].dropna()
    return dt.date.fromisoformat(max(dates)) if not dates.empty else None
