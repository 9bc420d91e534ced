"""Lighthouse results: a single LHR, an LHCI folder with manifest and assertions, and bad input."""

from __future__ import annotations

import json

import pytest

from readiness.collectors.lighthouse import collect_lighthouse, lhr_files, parse_lhr
from readiness.config import EvidenceSpec
from readiness.model import SourceStatus, Status
from tests.evidence_support import FIXTURES, assess_evidence, finding

LIGHTHOUSE = FIXTURES / "lighthouse"


def test_a_report_yields_category_scores_and_key_metrics():
    run, metrics = parse_lhr(LIGHTHOUSE / "lhr-desktop.json")
    assert (run["performance"], run["accessibility"], run["best_practices"], run["seo"]) == (
        0.96,
        0.98,
        1.0,
        0.92,
    )
    assert run["pwa"] is None and run["form_factor"] == "desktop"
    values = {m["metric"]: m["value"] for m in metrics}
    assert values["largest-contentful-paint"] == pytest.approx(1204.9)
    assert values["cumulative-layout-shift"] == pytest.approx(0.012)


def test_urls_lose_query_strings_and_ip_addresses():
    run, _ = parse_lhr(LIGHTHOUSE / "lhr-mobile-slow.json")
    assert run["url"] == "https://shop.example.com/checkout"
    lhci_run, _ = parse_lhr(LIGHTHOUSE / "lhci" / "lhr-1763628920000.json")
    assert "127.0.0.1" not in lhci_run["url"] and lhci_run["url"].endswith(":4173/")


def test_lhci_manifest_keeps_the_representative_run_of_each_url():
    assert [p.name for p in lhr_files(LIGHTHOUSE / "lhci")] == [
        "lhr-1763628920000.json",
        "lhr-1763628950000.json",
    ]


def test_fast_desktop_report_passes_both_checks():
    assessment = assess_evidence({"lighthouse": [LIGHTHOUSE / "lhr-desktop.json"]})
    assert finding(assessment, "performance.lighthouse_scores").status is Status.PASS
    assert finding(assessment, "performance.web_vitals").status is Status.PASS


def test_slow_page_fails_with_its_metrics_and_no_personal_data():
    assessment = assess_evidence({"lighthouse": [LIGHTHOUSE / "lhr-mobile-slow.json"]})
    vitals = finding(assessment, "performance.web_vitals")
    assert vitals.status is Status.FAIL
    assert {ref.excerpt.split(": ")[1].split()[0] for ref in vitals.evidence} == {
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
    }
    scores = finding(assessment, "performance.lighthouse_scores")
    assert scores.status is Status.FAIL and "under 90" in scores.message
    assert "jane" not in assessment.to_json() and "session=" not in assessment.to_json()


def test_lhci_folder_fails_on_the_slow_url_and_the_error_level_assertion():
    assessment = assess_evidence({"lighthouse": [LIGHTHOUSE / "lhci"]})
    scores = finding(assessment, "performance.lighthouse_scores")
    assert scores.status is Status.FAIL
    assert "categories:performance" in scores.message
    assert [ref.excerpt.rsplit(" ", 1)[-1] for ref in scores.evidence] == ["66"]
    assert "127.0.0.1" not in assessment.to_json()


def test_a_lower_target_lets_the_lhci_scores_pass_except_for_assertions():
    assessment = assess_evidence(
        {"lighthouse": [LIGHTHOUSE / "lhci"]}, targets={"min_lighthouse_performance": 60}
    )
    message = finding(assessment, "performance.lighthouse_scores").message
    assert "under" not in message and "LHCI assertion" in message


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("truncated.json", "is truncated"),
        ("not-lhr.json", "not a Lighthouse result"),
        ("absent.json", "not found"),
    ],
)
def test_bad_reports_make_the_source_unavailable(name, reason):
    assessment = assess_evidence(
        {"lighthouse": [LIGHTHOUSE / name], "coverage": [FIXTURES / "coverage" / "lcov.info"]}
    )
    source = next(s for s in assessment.sources if s.kind == "lighthouse")
    assert source.status is SourceStatus.UNAVAILABLE and name in source.error
    assert reason in source.error
    assert finding(assessment, "performance.lighthouse_scores").status is Status.INCONCLUSIVE
    assert finding(assessment, "tests.coverage").status is Status.FAIL


def test_a_manifest_naming_a_missing_report_is_an_error(tmp_path):
    (tmp_path / "manifest.json").write_text(
        json.dumps([{"url": "https://a.example/", "isRepresentativeRun": True, "jsonPath": "/ci/lhr-1.json"}])
    )
    source = assess_evidence({"lighthouse": [tmp_path]}).sources[0]
    assert source.status is SourceStatus.UNAVAILABLE and "lhr-1.json" in source.error


def test_a_failed_run_without_scores_fails_the_score_check(tmp_path):
    data = json.loads((LIGHTHOUSE / "lhr-desktop.json").read_text())
    data["runtimeError"] = {"code": "NO_FCP", "message": "The page did not paint any content."}
    for category in data["categories"].values():
        category["score"] = None
    report = tmp_path / "lhr-failed.json"
    report.write_text(json.dumps(data))
    result = finding(assess_evidence({"lighthouse": [report]}), "performance.lighthouse_scores")
    assert result.status is Status.FAIL and "without a score" in result.message
    assert "NO_FCP" in result.evidence[0].excerpt


def test_a_report_written_by_lighthouse_itself_is_read_whole():
    """Lighthouse 12.8.2's own JSON (tests/fixtures/lighthouse/real/README.md), not a sample."""
    real = FIXTURES / "lighthouse" / "real" / "lhr-12.8.2-report-page.json"
    facts = collect_lighthouse(EvidenceSpec("lighthouse", real, "lighthouse", {}), None)
    run = facts.tables["runs"].iloc[0]
    assert (run["lighthouse_version"], run["form_factor"]) == ("12.8.2", "mobile")
    assert run["performance"] == 0.25 and run["accessibility"] == 0.96 and run["pwa"] is None
    metrics = facts.tables["metrics"].set_index("metric")
    assert len(metrics) == 7 and metrics.loc["server-response-time", "unit"] == "millisecond"
    assert "127.0.0.1" not in run["url"]  # hosts are redacted like any other URL
