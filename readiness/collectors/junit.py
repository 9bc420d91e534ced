"""JUnit XML test results: one row per test case, with its outcome and its reruns.

The same XML comes out of pytest, Maven Surefire, Gradle, jest-junit and most CI
runners, with small differences this module absorbs:
- the root is ``<testsuites>`` or a lone ``<testsuite>``, and suites may nest;
- Surefire and Gradle (``mergeReruns``) record failed attempts of a test that
  later passed as ``<flakyFailure>``/``<flakyError>``, and attempts of a test
  that never passed as ``<rerunFailure>``/``<rerunError>``;
- other rerun plugins repeat the ``<testcase>``, so repeated cases are merged and
  the earlier failed attempts count as flaky reruns;
- pytest writes a 0-based ``line`` attribute, which is shifted to 1-based here.
Failure messages are not kept: they quote test data, which may hold personal data.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.collectors.files import files_in, integer, load_xml, number
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceFormatError
from readiness.locales import said
from readiness.model import SourceRecord

CASE_COLUMNS = {
    "report": "text",
    "suite": "text",
    "classname": "text",
    "name": "text",
    "file": "text",
    "line": "any",  # a line number, or None when the report does not say
    "time": "number",
    "outcome": "text",
    "flaky_failures": "integer",
    "rerun_failures": "integer",
    "attempts": "integer",
    "run_date": "text",
}
OUTCOME_TAGS = (("error", "error"), ("failure", "failed"), ("skipped", "skipped"))
FLAKY_TAGS = ("flakyFailure", "flakyError")
RERUN_TAGS = ("rerunFailure", "rerunError")
FAILED_OUTCOMES = {"failed", "error"}


def _outcome(case: ET.Element) -> str:
    for tag, outcome in OUTCOME_TAGS:
        if case.find(tag) is not None:
            return outcome
    return "passed"


def _suites(root: ET.Element, path: Path) -> list[ET.Element]:
    if root.tag == "testsuite":
        return [root]
    if root.tag != "testsuites":
        raise EvidenceFormatError(
            path, f"root element <{root.tag}> is not <testsuites> or <testsuite>: not a JUnit XML report"
        )
    return list(root.iter("testsuite"))


def _run_date(suite: ET.Element, path: Path) -> str | None:
    """The day the suite ran (ISO date), from its optional ``timestamp`` attribute."""
    stamp = suite.get("timestamp")
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp.strip()).date().isoformat()
    except ValueError:
        raise EvidenceFormatError(path, f"timestamp={stamp!r} is not an ISO date and time") from None


def _case_row(case: ET.Element, suite: ET.Element, path: Path, line_offset: int) -> dict:
    line = integer(case.get("line"), path, "line", default=-1)
    return {
        "report": path.name,
        "suite": suite.get("name", ""),
        "classname": case.get("classname", ""),
        "name": case.get("name", ""),
        "file": case.get("file") or suite.get("file"),
        "line": line + line_offset if line >= 0 else None,
        "time": number(case.get("time"), path, "time") or 0.0,
        "outcome": _outcome(case),
        "flaky_failures": sum(len(case.findall(tag)) for tag in FLAKY_TAGS),
        "rerun_failures": sum(len(case.findall(tag)) for tag in RERUN_TAGS),
        "attempts": 1,
        "run_date": _run_date(suite, path),
    }


def parse_report(path: Path) -> list[dict]:
    """The test cases of one JUnit XML file, repeated cases not yet merged."""
    root = load_xml(path)
    suites = _suites(root, path)
    line_offset = (
        1
        if root.get("name", "").startswith("pytest") or any(s.get("name") == "pytest" for s in suites)
        else 0
    )
    return [
        _case_row(case, suite, path, line_offset) for suite in suites for case in suite.findall("testcase")
    ]


def merge_attempts(cases: pd.DataFrame) -> pd.DataFrame:
    """One row per test: the last attempt's outcome, earlier failed attempts counted as flaky."""
    if cases.empty:
        return cases
    key = ["report", "suite", "classname", "name"]
    cases = cases.assign(_failed=cases["outcome"].isin(FAILED_OUTCOMES).astype(int))
    grouped = cases.groupby(key, sort=False, dropna=False)
    merged = grouped.tail(1).set_index(key)
    earlier_failures = grouped["_failed"].sum() - merged["_failed"]
    merged["flaky_failures"] += earlier_failures.where(merged["outcome"] == "passed", 0)
    merged["rerun_failures"] += earlier_failures.where(merged["outcome"] != "passed", 0)
    merged["attempts"] = grouped.size()
    return merged.reset_index()[list(CASE_COLUMNS)]


def summarise(cases: pd.DataFrame) -> dict[str, int]:
    counts = cases["outcome"].value_counts()
    flaky = cases[(cases["outcome"] == "passed") & (cases["flaky_failures"] > 0)]
    return {
        "tests": len(cases),
        **{outcome: int(counts.get(outcome, 0)) for outcome in ("passed", "failed", "error", "skipped")},
        "flaky": len(flaky),
        "reruns": int(cases["flaky_failures"].sum() + cases["rerun_failures"].sum()),
    }


@register_collector(
    "junit",
    tables={"cases": CASE_COLUMNS},
)
def collect_junit(spec: EvidenceSpec, config: Config) -> Facts:
    reports = files_in(spec.path, ("*.xml",), "JUnit XML report")
    rows = [row for report in reports for row in parse_report(report)]
    cases = merge_attempts(pd.DataFrame(rows, columns=list(CASE_COLUMNS)))
    if cases.empty:
        raise EvidenceFormatError(spec.path, "holds no <testcase>: the test run recorded nothing")
    totals = summarise(cases)
    record = SourceRecord(
        kind="junit",
        location=str(spec.path),
        notes=[
            said("notes", "reports", count=len(reports)),
            said("notes", "test_cases", count=totals["tests"]),
        ],
    )
    return Facts(
        source=record,
        name=spec.name,
        tables={"cases": cases},
        values={"totals": totals, "root": str(spec.path)},
    )
