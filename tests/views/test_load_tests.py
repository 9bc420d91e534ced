"""The load-test scorecard section: charts and tables from the facts, the budget from the finding."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from readiness.assessment import assess
from readiness.config import config_from_data
from readiness.views import source_views
from readiness.views.load_tests import load_tests_view
from tests.load_tests_support import AS_OF, FIXTURES

TARGETS = {"expected_users": 200, "latency_p95_ms": 500, "error_rate": 0.01, "availability": 99.9}


@pytest.fixture(scope="module")
def assessment():
    data = {
        "name": "mymonka",
        "profile": "product",
        "targets": TARGETS,
        "evidence": {"load_tests": [str(FIXTURES / "jmeter"), str(FIXTURES / "k6_out.ndjson")]},
    }
    return assess(config_from_data(data, None), as_of=AS_OF)


def test_view_is_listed_for_load_test_evidence(assessment):
    titles = [title for title, _ in source_views(assessment, "fr")]
    assert "Tests de charge : scalabilité, latence et budget d'erreur" in titles


def test_view_charts_every_run_with_a_time_series(assessment):
    items = load_tests_view(assessment, "en")
    titles = [item.layout.title.text for item in items if isinstance(item, go.Figure)]
    assert sum(t.startswith("Latency percentiles over time") for t in titles) == 3
    assert sum(t.startswith("Failed requests over time") for t in titles) == 3
    assert any(t.startswith("Burn rate") for t in titles)


def test_view_budget_table_matches_the_finding(assessment):
    items = load_tests_view(assessment, "fr")
    tables = [item for item in items if isinstance(item, pd.DataFrame)]
    budget = next(t for t in tables if "Vitesse" in t.columns)
    finding = next(f for f in assessment.findings if f.check_id == "scalability.error_budget")
    assert list(budget["Vitesse"]) == [b["burn_rate"] for b in finding.data["burns"]]


def test_view_shows_no_host_or_ip(assessment):
    items = load_tests_view(assessment, "en")
    text = " ".join(
        item.to_string()
        if isinstance(item, pd.DataFrame)
        else item.data
        if hasattr(item, "data") and isinstance(item.data, str)
        else ""
        for item in items
    )
    assert "10.0.0.12" not in text and "mymonka.test" not in text
    assert "/api/patients/{id}/score" in text


def test_rates_keep_their_precision_and_booleans_are_words():
    from readiness.views.load_tests import rate_text

    assert [rate_text(r) for r in (1 / 52, 1 / 100_000, 0.0, float("nan"))] == ["1.92%", "0.001%", "0%", ""]
    assert rate_text(1 / 52, "fr") == "1,92\u00a0%"


def test_the_demo_report_shows_no_python_and_no_local_path_on_the_page(tmp_path):
    """True/False/None, '0.0' failure counts, 'settle it.;' and absolute load-test paths used to
    show through."""
    import html
    import re

    from tests.report_support import MYMONKA, run_cli

    run = run_cli("report", "--config", str(MYMONKA), "--out", str(tmp_path), "--as-of", "2026-11-26")
    page = re.sub(
        r"<(script|style)\b.*?</\1>", "", Path(run.last_line).read_text(encoding="utf-8"), flags=re.S
    )
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    found = {
        p: re.findall(rf".{{30}}{p}.{{10}}", text)[:2]
        for p in (r"\bTrue\b", r"\bFalse\b", r"\bNone\b(?! of)", r"\.;")
    }
    assert {p: hits for p, hits in found.items() if hits} == {}
    checkout = str(MYMONKA.parents[3])  # evidence paths are shown relative to readiness.yml
    assert checkout not in text and "/tmp/" not in text


def test_a_run_with_one_interval_draws_no_degenerate_chart_and_axes_start_at_zero(assessment):
    """Artillery's report of a short run holds one interval: no line can be drawn from it, so no
    chart is (before: a sub-millisecond time axis and "-0.729 users")."""
    single = {
        "name": "mymonka",
        "profile": "product",
        "evidence": {"load_tests": [str(FIXTURES / "artillery" / "mymonka.json")]},
    }
    items = load_tests_view(assess(config_from_data(single, None), as_of=AS_OF), "en")
    titles = [item.layout.title.text for item in items if isinstance(item, go.Figure)]
    assert not [t for t in titles if "over time" in t or t.startswith("Throughput")]
    figures = [i for i in load_tests_view(assessment, "en") if isinstance(i, go.Figure)]
    throughput = [f for f in figures if f.layout.title.text.startswith("Throughput")]
    assert throughput and all(
        f.layout.yaxis.rangemode == "tozero" and f.layout.yaxis2.rangemode in ("tozero", None)
        for f in throughput
    )
