"""Each Sentry check on evidence that passes it and evidence that fails it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from readiness import cli
from readiness.catalogue import profile
from readiness.checks import CheckContext, registered_checks, run_check
from readiness.collectors import collect_evidence
from readiness.config import config_from_data
from readiness.model import Status
from tests.sentry_support import FIXTURES

AS_OF = dt.date(2026, 3, 20)


def finding(
    check_id: str, sentry: list[Path], targets: dict | None = None, as_of=AS_OF, repos: tuple[Path, ...] = ()
):
    evidence = {"sentry": [str(p) for p in sentry]}
    if repos:
        evidence["repositories"] = [str(r) for r in repos]
    config = config_from_data(
        {"name": "t", "profile": "product", "targets": targets or {}, "evidence": evidence}, None
    )
    ctx = CheckContext(collect_evidence(config), config, profile(config.profile), as_of)
    return run_check(next(s for s in registered_checks() if s.id == check_id), ctx)


def discover(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_sentry_check_is_inconclusive_without_sentry_evidence(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    config = config_from_data(
        {"name": "t", "profile": "product", "evidence": {"repositories": [str(repo)]}}, None
    )
    ctx = CheckContext(collect_evidence(config), config, profile("product"), AS_OF)
    sentry_checks = [s for s in registered_checks() if "sentry" in s.sources]
    assert len(sentry_checks) >= 6
    for spec in sentry_checks:
        assert run_check(spec, ctx).status is Status.INCONCLUSIVE, spec.id


def test_recent_production_events_pass_and_stale_fail():
    files = [FIXTURES / "discover_errors.csv"]
    assert finding("monitoring.sentry_recent_production_events", files).status is Status.PASS
    stale = finding("monitoring.sentry_recent_production_events", files, as_of=dt.date(2026, 6, 1))
    assert stale.status is Status.FAIL and "stale" in stale.message


def test_staging_only_project_fails_recent_production_events(tmp_path):
    path = discover(tmp_path, "title,environment,count(),last_seen()\nBoom,staging,3,2026-03-19T10:00:00Z\n")
    result = finding("monitoring.sentry_recent_production_events", [path])
    assert result.status is Status.FAIL and "nothing from production" in result.message


def test_crash_free_rate_against_the_objective():
    files = [FIXTURES / "sessions.json"]
    low = finding("monitoring.sentry_crash_free_rate", files, {"crash_free_sessions": 99.5})
    assert low.status is Status.FAIL
    assert low.data["rates"]["sessions"] == pytest.approx(100 * (1 - 189 / 9280), abs=1e-3)
    assert low.data["burn_rate"] > 1
    ok = finding("monitoring.sentry_crash_free_rate", files, {"crash_free_sessions": 97.0})
    assert ok.status is Status.PASS
    assert finding("monitoring.sentry_crash_free_rate", files).status is Status.INCONCLUSIVE


def test_crash_free_rate_without_sessions_is_inconclusive():
    result = finding(
        "monitoring.sentry_crash_free_rate", [FIXTURES / "issues_sentry.json"], {"crash_free_sessions": 99.0}
    )
    assert result.status is Status.INCONCLUSIVE


def unhandled_with_repo(tmp_path: Path, source_path: str, fixture: str):
    """The unhandled-share finding with a one-file repository the Sentry frames may point at."""
    repo = tmp_path / "repo"
    (repo / source_path).parent.mkdir(parents=True)
    (repo / source_path).write_text("// source\n")
    return finding("error_handling.sentry_unhandled_share", [FIXTURES / fixture], repos=(repo,))


def test_unhandled_share_fails_and_links_frames_to_repository_files(tmp_path):
    result = unhandled_with_repo(tmp_path, "src/features/scoring/computeScore.ts", "events_api.json")
    assert result.status is Status.FAIL and result.data["share"] == 0.5
    linked = [ref for ref in result.evidence if ref.path == "src/features/scoring/computeScore.ts"]
    assert linked and linked[0].line == 48


def test_unhandled_share_links_python_culprits(tmp_path):
    result = unhandled_with_repo(tmp_path, "mymonka_worker/scoring.py", "event_raw.json")
    assert any(ref.path == "mymonka_worker/scoring.py" for ref in result.evidence)


def test_unhandled_share_passes_when_errors_are_handled(tmp_path):
    path = discover(
        tmp_path,
        "title,environment,error.handled,count()\nHandled,production,true,95\nCrash,production,false,5\n",
    )
    result = finding("error_handling.sentry_unhandled_share", [path])
    assert result.status is Status.PASS and result.data["unhandled"] == 5


def test_unhandled_share_from_issue_flags_when_events_do_not_say():
    result = finding("error_handling.sentry_unhandled_share", [FIXTURES / "issues_sentry.json"])
    assert result.status is Status.FAIL and result.data["judged"] == 592


def test_environments_separated(tmp_path):
    assert (
        finding("environments.sentry_environments_separated", [FIXTURES / "discover_errors.csv"]).status
        is Status.PASS
    )
    only_prod = discover(tmp_path, "title,environment,count()\nBoom,production,3\n")
    untagged = discover(tmp_path, "title,environment,count()\nBoom,,3\nBam,production,1\n", "u.csv")
    assert finding("environments.sentry_environments_separated", [only_prod]).status is Status.FAIL
    result = finding("environments.sentry_environments_separated", [untagged])
    assert result.status is Status.FAIL and "no environment" in result.message


def test_releases_staged(tmp_path):
    unstaged = finding("environments.sentry_releases_staged", [FIXTURES / "discover_errors.csv"])
    assert unstaged.status is Status.FAIL and unstaged.data["unstaged"] == ["mymonka-web@1.3.2"]
    staged = discover(
        tmp_path, "title,environment,release,count()\nA,staging,web@2.0.0,1\nB,production,web@2.0.0,4\n"
    )
    assert finding("environments.sentry_releases_staged", [staged]).status is Status.PASS


def test_transaction_durations_against_global_and_endpoint_targets():
    files = [FIXTURES / "discover_transactions.csv"]
    slow = finding("performance.sentry_transaction_durations", files, {"latency_p95_ms": 1500})
    assert slow.status is Status.FAIL and slow.data["over_target"] == ["/patients/:id/assessment"]
    targets = {"latency_p95_ms": 1500, "endpoints": {"/patients/:id/assessment": {"latency_p95_ms": 3000}}}
    assert finding("performance.sentry_transaction_durations", files, targets).status is Status.PASS
    assert finding("performance.sentry_transaction_durations", files).status is Status.INCONCLUSIVE


def test_alert_rules_pass_when_one_notifies_on_production_and_stay_inconclusive_without_rules(tmp_path):
    rules = FIXTURES / "alert_rules.json"
    assert finding("monitoring.sentry_alert_rules", [rules]).status is Status.PASS
    assert (
        finding("monitoring.sentry_alert_rules", [FIXTURES / "metric_alert_rules.json"]).status is Status.PASS
    )
    muted = tmp_path / "rules.json"
    muted.write_text(json.dumps([r for r in json.loads(rules.read_text()) if r["status"] == "disabled"]))
    assert finding("monitoring.sentry_alert_rules", [muted]).status is Status.FAIL
    none = finding("monitoring.sentry_alert_rules", [FIXTURES / "issues_sentry.json"])
    assert none.status is Status.INCONCLUSIVE and "attested" in none.message


def test_ad_hoc_cli_takes_sentry_files(capsys):
    code = cli.main(
        [
            "assess",
            "--sentry",
            str(FIXTURES / "discover_errors.csv"),
            "--profile",
            "product",
            "--format",
            "json",
            "--as-of",
            "2026-03-20",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    statuses = {f["check_id"]: f["status"] for c in report["criteria"] for f in c["findings"]}
    assert statuses["monitoring.sentry_recent_production_events"] == "pass"


def test_ad_hoc_sentry_format_overrides_detection(tmp_path, capsys):
    empty = tmp_path / "quiet-project.json"
    empty.write_text("[]")
    args = ["assess", "--sentry", str(empty), "--profile", "product", "--format", "json"]
    cli.main(args)
    detected = json.loads(capsys.readouterr().out)
    cli.main([*args, "--sentry-format", "issues_json"])
    forced = json.loads(capsys.readouterr().out)
    assert [s["status"] for s in detected["sources"] if s["kind"] == "sentry"] == ["unavailable"]
    assert [s["status"] for s in forced["sources"] if s["kind"] == "sentry"] == ["ok"]


def test_broken_sentry_export_leaves_the_rest_of_the_assessment_intact(tmp_path, monkeypatch):
    monkeypatch.delenv("READINESS_STRICT")
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / ".env.example").write_text("VITE_SENTRY_DSN=\n")
    result = finding("environments.env_example", [FIXTURES / "issues_truncated.json"], repos=(repo,))
    assert result.status is Status.PASS
    sentry = finding("monitoring.sentry_crash_free_rate", [FIXTURES / "issues_truncated.json"])
    assert sentry.status is Status.INCONCLUSIVE and "issues_truncated.json" in sentry.message
