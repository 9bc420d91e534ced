"""Scorecard sections for JUnit, coverage and Lighthouse evidence draw the collectors' tables."""

from __future__ import annotations

import pandas as pd

from readiness.views import source_views
from tests.evidence_support import FIXTURES, assess_evidence


def _sections(**evidence) -> dict[str, list]:
    return dict(source_views(assess_evidence(evidence), "fr"))


def test_each_artefact_kind_gets_its_section_in_the_chosen_language():
    sections = _sections(
        junit=[FIXTURES / "junit" / "surefire-reports"],
        coverage=[FIXTURES / "coverage" / "cobertura.xml"],
        lighthouse=[FIXTURES / "lighthouse" / "lhci"],
    )
    assert {"Résultats de tests (JUnit)", "Couverture de tests", "Audits Lighthouse"} <= set(sections)


def test_junit_section_counts_outcomes_and_lists_flaky_tests():
    figure, flaky = _sections(junit=[FIXTURES / "junit" / "surefire-reports"])["Résultats de tests (JUnit)"]
    counts = {bar.name: bar.x[0] for bar in figure.data}
    assert counts == {"passed": 4, "failed": 1, "error": 0, "skipped": 1}
    assert sorted(flaky["name"]) == ["appliesDiscountCode", "paysWithCard"]


def test_coverage_section_puts_the_least_covered_file_first():
    (figure,) = _sections(coverage=[FIXTURES / "coverage" / "cobertura.xml"])["Couverture de tests"]
    assert list(figure.data[0].y)[0] == "shop/refunds.py"
    assert list(figure.data[0].x)[0] == 40.0


def test_lighthouse_section_shows_scores_and_median_metrics_per_url():
    figure, metrics = _sections(lighthouse=[FIXTURES / "lighthouse" / "lhci"])["Audits Lighthouse"]
    performance = next(bar for bar in figure.data if bar.name == "performance")
    assert sorted(performance.y) == [66, 91]
    assert isinstance(metrics, pd.DataFrame) and len(metrics) == 2
    assert "largest-contentful-paint" in metrics.columns
