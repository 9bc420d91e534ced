"""Helpers shared by the Sentry tests: where the fixtures are, and a view rendered to HTML."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import plotly.graph_objects as go

from readiness.views import source_views

FIXTURES = Path(__file__).parent / "fixtures" / "sentry"
DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "clinical-engine" / "sentry"


def view_html(assessment, lang: str = "en") -> str:
    """Every displayable of every source view, as the HTML the report would embed."""
    parts = []
    for title, items in source_views(assessment, lang):
        parts.append(title)
        for item in items:
            if isinstance(item, go.Figure):
                parts.append(item.to_html(include_plotlyjs=False))
            elif isinstance(item, pd.DataFrame):
                parts.append(item.to_html())
            else:
                parts.append(item.data)
    return "\n".join(parts)


def demo_module(name: str) -> ModuleType:
    """A script of the Sentry demo, imported under its own name so it never meets another `record`."""
    spec = importlib.util.spec_from_file_location(f"sentry_demo_{name}", DEMO / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(DEMO))  # record.py imports exports.py beside it
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(DEMO))
    return module
