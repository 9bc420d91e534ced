"""SARIF 2.1.0 output: valid against the official schema, one rule per check, results at file:line."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from readiness.checks import registered_checks
from readiness.cli import main
from readiness.sarif import to_sarif, validate_sarif
from tests.evidence_support import FIXTURES, assess_evidence


@pytest.fixture
def shop_repo(make_repo):
    """A small repository whose CI left a JUnit report and a coverage report inside it."""
    root = make_repo(
        {
            "package.json": '{"name": "shop", "scripts": {"test": "vitest"}}',
            "src/cart.js": "export const total = (items) => items.length;\n",
            "tests/test_sample.py": "def test_fails():\n    assert False\n",
        }
    )
    shutil.copy(FIXTURES / "junit" / "pytest.xml", root / "junit.xml")
    shutil.copy(FIXTURES / "coverage" / "cobertura.xml", root / "coverage.xml")
    return root


def _assessment(root):
    return assess_evidence(
        {"repositories": [root], "junit": [root / "junit.xml"], "coverage": [root / "coverage.xml"]}
    )


def test_output_validates_against_the_sarif_schema(shop_repo):
    log = to_sarif([_assessment(shop_repo)])
    validate_sarif(log)
    assert log["version"] == "2.1.0"


def test_one_rule_per_check_with_remediation_as_help(shop_repo):
    run = to_sarif([_assessment(shop_repo)])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    specs = registered_checks()
    assert [r["id"] for r in rules] == [s.id for s in specs]
    coverage_rule = next(r for r in rules if r["id"] == "tests.coverage")
    spec = next(s for s in specs if s.id == "tests.coverage")
    assert spec.remediation["en"] in coverage_rule["help"]["text"]
    assert spec.remediation["fr"] in coverage_rule["help"]["text"]


def test_failing_findings_point_at_repository_relative_files_and_lines(shop_repo):
    results = to_sarif([_assessment(shop_repo)])["runs"][0]["results"]
    locations = {
        (
            r["ruleId"],
            loc["physicalLocation"]["artifactLocation"]["uri"],
            loc["physicalLocation"].get("region", {}).get("startLine"),
        )
        for r in results
        for loc in r.get("locations", [])
    }
    assert ("tests.results_pass", "test_sample.py", 8) in locations
    assert ("tests.coverage", "shop/refunds.py", 4) in locations
    for result in results:
        for loc in result.get("locations", []):
            assert loc["physicalLocation"]["artifactLocation"].get("uriBaseId") in ("%SRCROOT%", None)
    assert all(r["level"] in ("error", "warning", "note") for r in results)


def test_passing_checks_yield_no_result(shop_repo):
    results = to_sarif([_assessment(shop_repo)])["runs"][0]["results"]
    rule_ids = {r["ruleId"] for r in results}
    assert "tests.test_command" not in rule_ids
    assert {"tests.results_pass", "tests.coverage"} <= rule_ids


def test_an_invalid_log_is_rejected_by_the_schema(shop_repo):
    log = to_sarif([_assessment(shop_repo)])
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(log)


def test_cli_writes_sarif_and_keeps_the_exit_code(shop_repo, capsys):
    code = main(
        [
            "assess",
            "--repo",
            str(shop_repo),
            "--profile",
            "product",
            "--format",
            "sarif",
            "--as-of",
            "2026-11-25",
        ]
    )
    log = json.loads(capsys.readouterr().out)
    validate_sarif(log)
    assert code == 1
    assert log["runs"][0]["properties"]["product"] == shop_repo.name


def test_a_portfolio_gives_one_run_per_product_and_reports_outside_the_repo_fall_back(shop_repo, make_repo):
    other = make_repo({"README.md": "# other\n"}, name="other")
    outside = assess_evidence(
        {"repositories": [other], "lighthouse": [FIXTURES / "lighthouse" / "lhr-mobile-slow.json"]},
        name="other",
    )
    log = to_sarif([_assessment(shop_repo), outside])
    validate_sarif(log)
    assert [run["automationDetails"]["id"] for run in log["runs"]] == ["readiness/shop/", "readiness/other/"]
    slow = [r for r in log["runs"][1]["results"] if r["ruleId"] == "performance.web_vitals"]
    assert slow and all("locations" not in r for r in slow)
    assert "largest-contentful-paint" in slow[0]["message"]["text"]


def test_cobertura_files_are_located_through_the_report_source_folder(make_repo):
    root = make_repo(
        {
            "src/shop/refunds.py": "def refund():\n    pass\n",
            "src/shop/cart.py": "x = 1\n",
            "src/shop/__init__.py": "",
        }
    )
    report = (FIXTURES / "coverage" / "cobertura.xml").read_text(encoding="utf-8")
    (root / "coverage.xml").write_text(
        report.replace("/builds/shop/api/src", str(root / "src")), encoding="utf-8"
    )
    log = to_sarif([assess_evidence({"repositories": [root], "coverage": [root / "coverage.xml"]})])
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
        if r["ruleId"] == "tests.coverage"
        for loc in r.get("locations", [])
    }
    assert uris == {"src/shop/refunds.py"}
