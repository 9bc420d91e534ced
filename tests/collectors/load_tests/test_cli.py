"""`readiness assess --load-test FILE [--load-test-format F]`, end to end through the CLI."""

from __future__ import annotations

import json

from readiness.cli import main
from tests.load_tests_support import FIXTURES


def _assess(capsys, *extra: str) -> dict:
    main(
        [
            "assess",
            "--load-test",
            str(FIXTURES / "jmeter" / "results.jtl"),
            "--profile",
            "product",
            "--format",
            "json",
            "--as-of",
            "2026-11-26",
            *extra,
        ]
    )
    return json.loads(capsys.readouterr().out)


def _load_source(report: dict) -> dict:
    return next(s for s in report["sources"] if s["kind"] == "load_tests")


def test_load_test_file_is_detected(capsys):
    report = _assess(capsys)
    assert _load_source(report)["status"] == "ok"
    scalability = next(c for c in report["criteria"] if c["criterion"] == "scalability")
    statuses = {f["check_id"]: f["status"] for f in scalability["findings"]}
    assert statuses["scalability.load_test_results"] == "pass"
    assert statuses["scalability.load_tested_at_target"] == "inconclusive"


def test_load_test_format_overrides_detection(capsys):
    source = _load_source(_assess(capsys, "--load-test-format", "artillery-json"))
    assert source["status"] == "unavailable"
    assert "results.jtl" in source["error"]
