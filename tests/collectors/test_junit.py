"""JUnit XML results: pytest, Surefire and jest-junit samples, reruns, and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from readiness.collectors.junit import CASE_COLUMNS, merge_attempts, parse_report, summarise
from readiness.model import SourceStatus, Status
from tests.evidence_support import FIXTURES, assess_evidence, finding

JUNIT = FIXTURES / "junit"


def _cases(path) -> pd.DataFrame:
    return merge_attempts(pd.DataFrame(parse_report(path), columns=CASE_COLUMNS))


def test_pytest_report_counts_each_outcome_and_shifts_lines_to_one_based():
    cases = _cases(JUNIT / "pytest.xml")
    assert summarise(cases) == {
        "tests": 4,
        "passed": 1,
        "failed": 1,
        "error": 1,
        "skipped": 1,
        "flaky": 0,
        "reruns": 0,
    }
    failing = cases.set_index("name").loc["test_fails"]
    assert (failing["file"], failing["line"]) == ("test_sample.py", 8)


def test_surefire_flaky_and_rerun_failures_are_told_apart():
    cases = pd.concat([_cases(p) for p in sorted((JUNIT / "surefire-reports").glob("*.xml"))])
    by_name = cases.set_index("name")
    assert by_name.loc["appliesDiscountCode", "flaky_failures"] == 1
    assert by_name.loc["paysWithCard", ["outcome", "flaky_failures"]].tolist() == ["passed", 2]
    assert by_name.loc["rejectsExpiredCode", ["outcome", "rerun_failures"]].tolist() == ["failed", 2]
    totals = summarise(cases)
    assert (totals["flaky"], totals["reruns"], totals["failed"], totals["skipped"]) == (2, 5, 1, 1)


def test_repeated_testcases_merge_into_one_flaky_pass():
    cases = _cases(JUNIT / "reruns-repeated.xml")
    refund = cases.set_index("name").loc["test_refund"]
    assert (refund["outcome"], refund["attempts"], refund["flaky_failures"]) == ("passed", 2, 1)
    assert len(cases) == 2


def test_jest_junit_nested_suites_all_pass():
    totals = summarise(_cases(JUNIT / "jest-junit.xml"))
    assert (totals["tests"], totals["passed"], totals["skipped"]) == (5, 4, 1)


def test_failing_results_point_at_the_test_file_and_line():
    assessment = assess_evidence({"junit": [JUNIT / "pytest.xml"]})
    results = finding(assessment, "tests.results_pass")
    assert results.status is Status.FAIL
    assert {(ref.path, ref.line) for ref in results.evidence} == {
        ("test_sample.py", 8),
        ("test_sample.py", 17),
    }
    assert finding(assessment, "tests.not_flaky").status is Status.PASS


def test_surefire_folder_fails_on_flaky_tests_citing_the_report():
    assessment = assess_evidence({"junit": [JUNIT / "surefire-reports"]})
    flaky = finding(assessment, "tests.not_flaky")
    assert flaky.status is Status.FAIL
    assert sorted(ref.path.rsplit("/", 1)[-1] for ref in flaky.evidence) == [
        "TEST-com.example.shop.CartServiceTest.xml",
        "TEST-com.example.shop.CheckoutIT.xml",
    ]
    assert "2 test(s) passed only after a rerun" in flaky.message


def test_green_jest_results_pass():
    assessment = assess_evidence({"junit": [JUNIT / "jest-junit.xml"]})
    assert finding(assessment, "tests.results_pass").status is Status.PASS


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("truncated.xml", "not well-formed XML"),
        ("not-junit.xml", "not a JUnit XML report"),
        ("missing.xml", "not found"),
    ],
)
def test_bad_reports_make_the_source_unavailable_and_the_report_goes_on(name, reason):
    assessment = assess_evidence({"junit": [JUNIT / name], "coverage": [FIXTURES / "coverage" / "lcov.info"]})
    source = next(s for s in assessment.sources if s.kind == "junit")
    assert source.status is SourceStatus.UNAVAILABLE
    assert name in source.error and reason in source.error
    assert finding(assessment, "tests.results_pass").status is Status.INCONCLUSIVE
    assert finding(assessment, "tests.coverage").status is Status.FAIL


def test_a_run_where_everything_was_skipped_verifies_nothing(tmp_path):
    report = tmp_path / "skipped.xml"
    report.write_text(
        '<testsuite name="s"><testcase classname="a" name="b"><skipped/></testcase></testsuite>',
        encoding="utf-8",
    )
    assert finding(assess_evidence({"junit": [report]}), "tests.results_pass").status is Status.FAIL


def test_a_report_without_testcases_is_unavailable(tmp_path):
    report = tmp_path / "empty.xml"
    report.write_text('<testsuites name="jest tests" tests="0"></testsuites>', encoding="utf-8")
    source = assess_evidence({"junit": [report]}).sources[0]
    assert source.status is SourceStatus.UNAVAILABLE and "no <testcase>" in source.error


def test_entity_expansion_is_refused(tmp_path):
    report = tmp_path / "bomb.xml"
    report.write_text(
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]>'
        '<testsuite name="s"><testcase name="&a;"/></testsuite>',
        encoding="utf-8",
    )
    source = assess_evidence({"junit": [report]}).sources[0]
    assert source.status is SourceStatus.UNAVAILABLE and "forbidden XML" in source.error


def test_recent_results_show_the_pipeline_runs_the_tests(tmp_path):
    assert (
        finding(assess_evidence({"junit": [JUNIT / "jest-junit.xml"]}), "ci_cd.recent_test_results").status
        is Status.PASS
    )
    stale = tmp_path / "stale.xml"
    stale.write_text(
        (JUNIT / "jest-junit.xml").read_text().replace("2026-11-20", "2026-08-01"), encoding="utf-8"
    )
    result = finding(assess_evidence({"junit": [stale]}), "ci_cd.recent_test_results")
    assert result.status is Status.FAIL and "116 days old" in result.message
    undated = finding(assess_evidence({"junit": [JUNIT / "surefire-reports"]}), "ci_cd.recent_test_results")
    assert undated.status is Status.INCONCLUSIVE


def test_an_unreadable_timestamp_names_the_file(tmp_path):
    report = tmp_path / "odd.xml"
    report.write_text(
        '<testsuite name="s" timestamp="last tuesday"><testcase name="t"/></testsuite>', encoding="utf-8"
    )
    source = assess_evidence({"junit": [report]}).sources[0]
    assert source.status is SourceStatus.UNAVAILABLE and "odd.xml" in source.error
    assert "timestamp='last tuesday'" in source.error


def test_messages_come_in_french_too():
    flaky = finding(assess_evidence({"junit": [JUNIT / "surefire-reports"]}), "tests.not_flaky")
    assert flaky.messages["fr"] == "2 test(s) ne sont passés qu'après une relance."
