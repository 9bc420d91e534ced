"""Several products side by side: which criteria hold each one back, and who blocks what.

The functions take assessments (``Assessment`` objects, as the Dask portfolio
runner returns them, or their ``to_dict()``, as a report's assessment.json holds
them), so the same heatmap serves ``readiness assess --portfolio`` and
``readiness report --config a.yml --config b.yml``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from readiness.catalogue import CRITERION_IDS, criterion
from readiness.errors import ReadinessError, ReportError
from readiness.exit_codes import ExitCode
from readiness.history import default_history_dir, record_run
from readiness.locales import t
from readiness.names import slugify

if TYPE_CHECKING:
    from readiness.distributed import PortfolioEntry

log = logging.getLogger(__name__)

TEXT = {
    "en": {
        "title": "Portfolio — {name}",
        "heatmap": "Level per product and criterion",
        "product": "Product",
        "profile": "Profile",
        "verdict": "Verdict",
        "score": "Score",
        "coverage": "Evidence coverage",
        "blocking": "Blocking criteria",
        "criterion": "Criterion",
        "failing": "Failing checks",
        "report": "Report",
        "failed": "Could not be assessed",
        "blockers": "Who is blocking what",
        "none": "Nothing blocks.",
        "why": "Why",
    },
    "fr": {
        "title": "Portefeuille — {name}",
        "heatmap": "Niveau par produit et par critère",
        "product": "Produit",
        "profile": "Profil",
        "verdict": "Verdict",
        "score": "Score",
        "coverage": "Couverture des preuves",
        "blocking": "Critères bloquants",
        "criterion": "Critère",
        "failing": "Vérifications en échec",
        "report": "Rapport",
        "failed": "N'a pas pu être évalué",
        "blockers": "Qui bloque quoi",
        "none": "Rien ne bloque.",
        "why": "Pourquoi",
    },
}


def portfolio_text(lang: str) -> dict[str, str]:
    return TEXT.get(lang, TEXT["en"])


def _as_dict(assessment: Any) -> dict[str, Any]:
    return assessment if isinstance(assessment, dict) else assessment.to_dict()


def portfolio_table(assessments: Iterable[Any]) -> pd.DataFrame:
    """One row per product: profile, verdict, overall score, coverage, blockers, and each level."""
    rows = []
    for data in map(_as_dict, assessments):
        row = {
            "product": data["product"],
            "profile": data["profile"]["name"],
            "verdict": data["verdict"],
            "overall_score": data["overall_score"],
            "evidence_coverage": data["evidence_coverage"],
            "blocking": ", ".join(data["blocking"]),
        }
        row.update({r["criterion"]: r["level"] for r in data["criteria"]})
        rows.append(row)
    columns = [
        "product",
        "profile",
        "verdict",
        "overall_score",
        "evidence_coverage",
        "blocking",
        *CRITERION_IDS,
    ]
    return pd.DataFrame(rows, columns=columns).set_index("product")


def blocking_table(assessments: Iterable[Any], lang: str = "en") -> pd.DataFrame:
    """Who is blocking what: each product's criteria short of the profile, with the failing checks."""
    text = portfolio_text(lang)
    rows = []
    for data in map(_as_dict, assessments):
        for result in data["criteria"]:
            if result["criterion"] not in data["blocking"]:
                continue
            failing = [f["check_id"] for f in result["findings"] if f["status"] == "fail"]
            rows.append(
                {
                    text["product"]: data["product"],
                    text["criterion"]: criterion(result["criterion"]).name[lang],
                    t(lang, "columns.level"): t(lang, f"levels.{result['level']}"),
                    t(lang, "columns.required"): t(lang, f"levels.{result['required_level']}"),
                    text["failing"]: ", ".join(failing),
                    text["why"]: result["reason"],
                }
            )
    columns = [
        text["product"],
        text["criterion"],
        t(lang, "columns.level"),
        t(lang, "columns.required"),
        text["failing"],
        text["why"],
    ]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class ProductReport:
    """One product's place in a portfolio report: its assessment, or why it has none."""

    name: str
    assessment: dict[str, Any] | None
    html_path: Path | None
    exit_code: int
    error: str | None = None


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


def portfolio_entries(args: argparse.Namespace, out_dir: Path) -> tuple[str | None, list[PortfolioEntry]]:
    """The portfolio's name (a file may give one) and products, from --config … or --portfolio FILE.

    A bare-repository entry of a portfolio file gets a generated readiness.yml in
    ``out_dir/configs/`` (a report is built from one); the user's files are only read.
    """
    from readiness.distributed import PortfolioEntry, load_portfolio  # Dask is heavy: only on demand

    if not args.portfolio:
        return None, [
            PortfolioEntry(name=Path(c).parent.name, config=Path(c), profile=args.profile)
            for c in args.config
        ]
    name, entries = load_portfolio(args.portfolio)
    return name, [
        replace(
            entry,
            config=entry.config or _generated_config(entry, out_dir / "configs"),
            profile=args.profile or entry.profile,
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
    args: argparse.Namespace, build: ReportBuilder | None = None, now: dt.datetime | None = None
) -> tuple[Path, int]:
    """Each product's report, then ``portfolio.html`` beside them; the worst exit code wins.

    ``build`` is :func:`readiness.report.build_report` unless a test passes another.
    """
    from readiness.views.portfolio import portfolio_page

    if build is None:
        from readiness.report import build_report as build
    out_dir = Path(args.out)
    name, entries = portfolio_entries(args, out_dir)
    history = args.history or default_history_dir(out_dir)
    options = {"out_dir": out_dir, "lang": args.lang, "as_of": args.as_of, "pdf": getattr(args, "pdf", False)}
    products = [_build_one(build, entry, options) for entry in entries]
    for product in products:
        if product.assessment:
            record_run(product.assessment, "report", history, now)
    page = out_dir / "portfolio.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    name = name or ", ".join(p.name for p in products)
    page.write_text(portfolio_page(products, name, args.lang, out_dir), encoding="utf-8")
    return page, max(p.exit_code for p in products)


def run_portfolio_report(args: argparse.Namespace) -> int:
    """``readiness report --config a.yml --config b.yml`` or ``--portfolio FILE``."""
    page, exit_code = build_portfolio_report(args)
    print(page)
    return exit_code
