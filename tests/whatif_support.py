"""A copy of the MyMonka demo product that tests may judge, toggle and save without touching data/."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from readiness.assessment import Assessment, assess
from readiness.config import load_config

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
AS_OF = dt.date(2026, 11, 2)


def copy_demo(target: Path, product: str = "mymonka") -> Path:
    """The demo's readiness.yml, repository and the load-test results it declares (../load_tests)
    under ``target``; returns the readiness.yml path."""
    shutil.copytree(DEMO / product, target / product)
    if not (target / "load_tests").exists():
        shutil.copytree(DEMO / "load_tests", target / "load_tests")
    return target / product / "readiness.yml"


def assess_copy(target: Path, product: str = "mymonka") -> Assessment:
    return assess(load_config(copy_demo(target, product)), as_of=AS_OF)
