"""Several products side by side: which criteria hold each one back, and who blocks what.

The functions take assessments (``Assessment`` objects, as the Dask portfolio
runner returns them, or their ``to_dict()``, as a report's assessment.json holds
them), so the same heatmap serves ``readiness assess --portfolio`` and
``readiness report --config a.yml --config b.yml``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.catalogue import CRITERION_IDS, criterion
from readiness.locales import locale_section, t

log = logging.getLogger(__name__)

TEXT = locale_section("portfolio")  # readiness/locales/<lang>.yml


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
