"""Assess a portfolio of products on a Dask cluster: one product per task.

A CTO with dozens of repositories runs the assessment where the organisation
already runs distributed work. Tasks are coarse on purpose (a whole product:
collect, check, score), so scheduling overhead stays negligible next to the
work, and a product whose assessment raises is reported in the failures table
without stopping the others. Inside a task nothing fans out again: the
repository collector is pinned to one process, the cluster provides the
parallelism.

The products come from a portfolio file (readiness.portfolio_file).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from readiness.assessment import Assessment, assess
from readiness.exit_codes import ExitCode
from readiness.portfolio import ProductReport, portfolio_table
from readiness.portfolio_file import PortfolioEntry, load_portfolio

log = logging.getLogger(__name__)
FAILURE_COLUMNS = ["product", "location", "error_type", "error"]
LOCAL = "local"


def slim(assessment: Assessment) -> Assessment:
    """The verdict without the raw evidence: findings, scores and source records travel, tables stay.

    Results travel from the workers to the client, which deserialises every one of
    them; the evidence tables (a repository's calls, definitions, file texts) are
    most of their weight, grow with the code, and no portfolio view reads them.
    To look into one product's evidence, assess that product alone.
    """
    for facts in assessment.evidence.facts:
        facts.tables = {}
        facts.values.pop("texts", None)
    return assessment


def assess_entry(entry: PortfolioEntry, as_of: dt.date) -> Assessment:
    """One task: the whole assessment of one product."""
    return slim(assess(entry.load(), as_of=as_of, profile_override=entry.profile))


@dataclass
class PortfolioRun:
    """What a portfolio run gives back: the assessments that finished and the products that failed."""

    name: str
    assessments: list[Assessment]
    failures: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        return {
            "portfolio": self.name,
            "assessments": [a.to_dict() for a in self.assessments],
            "failures": self.failures.to_dict(orient="records"),
        }

    def product_reports(self) -> list[ProductReport]:
        """The products as the portfolio view (:mod:`readiness.views.portfolio`) lists them."""

        done = [
            ProductReport(name=a.product, assessment=a.to_dict(), html_path=None, exit_code=a.exit_code)
            for a in self.assessments
        ]
        failed = [
            ProductReport(
                name=f.product,
                assessment=None,
                html_path=None,
                exit_code=ExitCode.NOT_READY,
                error=f"{f.error_type}: {f.error}",
            )
            for f in self.failures.itertuples(index=False)
        ]
        return done + failed


class ProgressBar:
    """Progress on a stream (stderr): a bar redrawn in place on a terminal; in a CI log, where
    carriage returns pile up into one huge line, a plain line at every tenth of the way."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO | None):
        self.total, self.done, self.stream = total, 0, stream
        self.interactive = bool(stream and getattr(stream, "isatty", lambda: False)())

    def advance(self, label: str) -> None:
        self.done += 1
        if self.stream is None:
            return
        if self.interactive:
            filled = self.WIDTH * self.done // max(self.total, 1)
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self.done}/{self.total} {label[:40]:<40}"
            )
            if self.done == self.total:
                self.stream.write("\n")
        elif self.done == self.total or 10 * self.done // self.total > 10 * (self.done - 1) // self.total:
            self.stream.write(f"{self.done}/{self.total} products assessed (last: {label[:40]})\n")
        self.stream.flush()


def connect(scheduler: str, workers: int | None = None, processes: bool = True):
    """A Dask client on ``scheduler`` (an address), or on a new local cluster for ``local``.

    The local cluster is sized to the machine: one single-threaded worker per core,
    since assessments are CPU-bound Python and only processes give a speed-up. The
    client owns it, so closing the client shuts the cluster down.
    """
    from distributed import Client

    if scheduler == LOCAL:
        return Client(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=processes,
            dashboard_address=":0",
        )
    return Client(scheduler)


def run_portfolio(
    entries: list[PortfolioEntry],
    client,
    as_of: dt.date,
    name: str = "portfolio",
    progress: TextIO | None = sys.stderr,
) -> PortfolioRun:
    """Assess every entry on ``client``'s cluster; failures are collected, not raised."""
    from distributed import as_completed

    futures = client.map(assess_entry, entries, as_of=as_of, pure=False)
    entry_of = {future.key: entry for future, entry in zip(futures, entries, strict=True)}
    done: dict[str, Assessment] = {}
    failures = []
    bar = ProgressBar(len(futures), progress)
    for future, result in as_completed(futures, with_results=True, raise_errors=False):
        entry = entry_of[future.key]
        if future.status == "finished":
            done[future.key] = result
        else:
            error = future.exception()
            log.error(
                "product assessment failed",
                extra={"product": entry.name, "location": entry.location, "reason": str(error)},
            )
            failures.append(
                {
                    "product": entry.name,
                    "location": entry.location,
                    "error_type": type(error).__name__,
                    "error": str(error),
                }
            )
        bar.advance(entry.name)
    assessments = [done[f.key] for f in futures if f.key in done]
    return PortfolioRun(
        name=name, assessments=assessments, failures=pd.DataFrame(failures, columns=FAILURE_COLUMNS)
    )


def print_portfolio_table(run: PortfolioRun, stream: TextIO | None = None) -> None:
    """The portfolio view's table (one row per product), then the products that failed."""

    stream = stream or sys.stdout
    if run.assessments:
        columns = ["profile", "verdict", "overall_score", "evidence_coverage", "blocking"]
        stream.write(portfolio_table(run.assessments)[columns].to_string() + "\n")
    for failure in run.failures.itertuples(index=False):
        stream.write(f"FAILED {failure.product}: {failure.error_type}: {failure.error}\n")


def write_portfolio_page(run: PortfolioRun, path: Path, lang: str = "en") -> Path:
    """The portfolio page (products x criteria heatmap, who blocks what, failures) as one HTML file."""
    from readiness.views.portfolio import portfolio_page

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(portfolio_page(run.product_reports(), run.name, lang, path.parent), encoding="utf-8")
    return path


def portfolio_command(args, as_of: dt.date | None) -> int:
    """``readiness assess --portfolio FILE [--scheduler ADDRESS|local] [--workers N]``."""
    from readiness.policy import gate_exit_code, parse_policy
    from readiness.sarif import sarif_json

    policy = parse_policy(args.fail_on)
    name, entries = load_portfolio(args.portfolio)
    with connect(args.scheduler, args.workers) as client:
        run = run_portfolio(entries, client, as_of or dt.date.today(), name=name)
    if args.html:
        write_portfolio_page(run, args.html)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(
            json.dumps(run.to_dict(), indent=2, ensure_ascii=False, default=str), encoding="utf-8"
        )
    if args.format == "json":
        sys.stdout.write(json.dumps(run.to_dict(), indent=2, ensure_ascii=False, default=str) + "\n")
    elif args.format == "sarif":
        sys.stdout.write(sarif_json(run.assessments) + "\n")
    else:
        print_portfolio_table(run)
    return max(gate_exit_code(run.assessments, policy), int(not run.failures.empty))
