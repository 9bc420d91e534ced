"""`readiness report` on several products: each product's report, then a portfolio page beside them.

The products come from ``--config`` (one readiness.yml each) or a portfolio file
(readiness.portfolio_file); the page is drawn by readiness.views.portfolio from the
tables of readiness.portfolio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from readiness.errors import ReadinessError, ReportError
from readiness.exit_codes import ExitCode
from readiness.history import default_history_dir, record_run
from readiness.names import slugify
from readiness.portfolio import ProductReport
from readiness.portfolio_file import PortfolioEntry, load_portfolio
from readiness.views.portfolio import portfolio_page

log = logging.getLogger(__name__)


ReportBuilder = Callable[..., Any]


def _build_one(build: ReportBuilder, entry: PortfolioEntry, options: dict[str, Any]) -> ProductReport:
    """One product's report; its failure is listed in the portfolio, not fatal to the others."""
    try:
        result = build(entry.config, profile_override=entry.profile, **options)
        data = json.loads(Path(result.json_path).read_text(encoding="utf-8"))
    except (ReadinessError, OSError, ValueError) as exc:
        log.error("product report failed", extra={"product": entry.name, "reason": str(exc)})
        code = ExitCode.REPORT_FAILED if isinstance(exc, ReportError) else ExitCode.USAGE
        return ProductReport(
            name=entry.name,
            assessment=None,
            html_path=getattr(exc, "html_path", None),
            exit_code=code,
            error=str(exc),
        )
    return ProductReport(
        name=data["product"], assessment=data, html_path=Path(result.html_path), exit_code=result.exit_code
    )


@dataclass(frozen=True)
class PortfolioRequest:
    """What a report on several products was asked: ``configs`` (one readiness.yml each) or a
    ``portfolio`` file, where the reports go, and the options every product's report shares."""

    out: Path
    configs: tuple[Path, ...] = ()
    portfolio: Path | None = None
    profile: str | None = None
    lang: str = "en"
    as_of: str | None = None
    pdf: bool = False
    history: Path | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> PortfolioRequest:
        return cls(
            out=Path(args.out),
            configs=tuple(Path(c) for c in args.config or ()),
            portfolio=Path(args.portfolio) if args.portfolio else None,
            profile=args.profile,
            lang=args.lang,
            as_of=args.as_of,
            pdf=getattr(args, "pdf", False),
            history=Path(args.history) if args.history else None,
        )


def portfolio_entries(request: PortfolioRequest) -> tuple[str | None, list[PortfolioEntry]]:
    """The portfolio's name (a file may give one) and products, from --config … or --portfolio FILE.

    A bare-repository entry of a portfolio file gets a generated readiness.yml in
    ``out/configs/`` (a report is built from one); the user's files are only read.
    """
    if not request.portfolio:
        return None, [
            PortfolioEntry(name=c.parent.name, config=c, profile=request.profile) for c in request.configs
        ]
    name, entries = load_portfolio(request.portfolio)
    return name, [
        replace(
            entry,
            config=entry.config or _generated_config(entry, request.out / "configs"),
            profile=request.profile or entry.profile,
        )
        for entry in entries
    ]


def _generated_config(entry: PortfolioEntry, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slugify(entry.name)}.readiness.yml"
    data = {
        "name": entry.name,
        "profile": entry.profile,
        "evidence": {"repositories": [{"path": str(entry.repo)}]},
    }
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build_portfolio_report(
    request: PortfolioRequest, build: ReportBuilder | None = None, now: dt.datetime | None = None
) -> tuple[Path, int]:
    """Each product's report, then ``portfolio.html`` beside them; the worst exit code wins.

    ``build`` is :func:`readiness.report.build_report` unless a test passes another.
    """
    if build is None:
        from readiness.report import build_report as build
    out_dir = request.out
    name, entries = portfolio_entries(request)
    history = request.history or default_history_dir(out_dir)
    options = {"out_dir": out_dir, "lang": request.lang, "as_of": request.as_of, "pdf": request.pdf}
    products = [_build_one(build, entry, options) for entry in entries]
    for product in products:
        if product.assessment:
            record_run(product.assessment, "report", history, now)
    page = out_dir / "portfolio.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    name = name or ", ".join(p.name for p in products)
    page.write_text(portfolio_page(products, name, request.lang, out_dir), encoding="utf-8")
    return page, max(p.exit_code for p in products)


def run_portfolio_report(args: argparse.Namespace) -> int:
    """``readiness report --config a.yml --config b.yml`` or ``--portfolio FILE``."""
    page, exit_code = build_portfolio_report(PortfolioRequest.from_args(args))
    print(page)
    return exit_code
