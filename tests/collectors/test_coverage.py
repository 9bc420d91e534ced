"""Coverage reports: Cobertura from coverage.py, lcov from istanbul/c8, the target, and bad input."""

from __future__ import annotations

import pytest

from readiness.collectors.coverage import (
    collect_coverage,
    coverage_table,
    detect_format,
    parse_cobertura,
    parse_lcov,
    totals,
)
from readiness.config import EvidenceSpec
from readiness.errors import EvidenceFormatError
from readiness.model import SourceStatus, Status
from tests.evidence_support import FIXTURES, assess_evidence, finding

COVERAGE = FIXTURES / "coverage"


def test_cobertura_counts_lines_and_branches_per_file():
    table = coverage_table(parse_cobertura(COVERAGE / "cobertura.xml")).set_index("path")
    assert table.loc[
        "shop/cart.py",
        ["lines_valid", "lines_covered", "branches_valid", "branches_covered", "first_uncovered_line"],
    ].tolist() == [8, 7, 4, 3, 11]
    assert totals(table.reset_index())["line_rate"] == pytest.approx(10 / 14, abs=1e-4)


def test_lcov_counts_lines_and_treats_unexecuted_branches_as_uncovered():
    table = coverage_table(parse_lcov(COVERAGE / "lcov.info"))
    summary = totals(table)
    assert (summary["lines_valid"], summary["lines_covered"]) == (14, 11)
    assert (summary["branches_valid"], summary["branches_covered"]) == (6, 3)
    assert table.set_index("path").loc["src/api/orders.ts", "first_uncovered_line"] == 12


def test_format_is_detected_from_the_name_then_the_content(tmp_path):
    renamed = tmp_path / "coverage-report"
    renamed.write_text((COVERAGE / "lcov.info").read_text(), encoding="utf-8")
    assert detect_format(COVERAGE / "cobertura.xml", "") == "cobertura"
    assert detect_format(renamed, renamed.read_text(encoding="utf-8")) == "lcov"
    assert detect_format(tmp_path / "report", "<?xml version='1.0'?><coverage/>") == "cobertura"
    with pytest.raises(EvidenceFormatError, match="unknown coverage format 'jacoco'"):
        collect_coverage(EvidenceSpec("coverage", renamed, "coverage", {"format": "jacoco"}), None)


def test_below_target_points_at_the_least_covered_files_first_uncovered_line():
    assessment = assess_evidence({"coverage": [COVERAGE / "cobertura.xml"]})
    result = finding(assessment, "tests.coverage")
    assert result.status is Status.FAIL
    assert [(ref.path, ref.line) for ref in result.evidence] == [("shop/refunds.py", 4)]
    assert "71.4%" in result.message


def test_a_lower_target_from_readiness_yml_passes():
    assessment = assess_evidence({"coverage": [COVERAGE / "lcov.info"]}, targets={"min_line_coverage": 75})
    assert finding(assessment, "tests.coverage").status is Status.PASS


@pytest.mark.parametrize(
    ("name", "reason", "line"),
    [
        ("broken.info", "is not 'line,hits'", 3),
        ("no-sf.info", "outside a file record", 2),
        ("truncated.xml", "not well-formed XML", None),
    ],
)
def test_bad_reports_name_the_file_and_line(name, reason, line):
    assessment = assess_evidence(
        {"coverage": [COVERAGE / name], "junit": [FIXTURES / "junit" / "jest-junit.xml"]}
    )
    source = next(s for s in assessment.sources if s.kind == "coverage")
    assert source.status is SourceStatus.UNAVAILABLE
    assert reason in source.error and name in source.error
    if line:
        assert f"{name}:{line}:" in source.error
    assert finding(assessment, "tests.coverage").status is Status.INCONCLUSIVE
    assert finding(assessment, "tests.results_pass").status is Status.PASS


def test_a_report_that_measured_nothing_is_unavailable(tmp_path):
    empty = tmp_path / "coverage.xml"
    empty.write_text('<coverage line-rate="0"><packages/></coverage>', encoding="utf-8")
    source = assess_evidence({"coverage": [empty]}).sources[0]
    assert source.status is SourceStatus.UNAVAILABLE and "no executable line" in source.error


def test_the_users_files_are_left_untouched():
    before = (COVERAGE / "cobertura.xml").read_bytes()
    assess_evidence({"coverage": [COVERAGE / "cobertura.xml"]})
    assert (COVERAGE / "cobertura.xml").read_bytes() == before
