"""A collector or check failing in a way nobody foresaw makes that one thing unavailable or
inconclusive, says it is a bug to report, never quotes a secret, and loses nothing else."""

from __future__ import annotations

import json

from readiness.assessment import assess
from readiness.collectors import _COLLECTORS
from readiness.model import SourceStatus
from tests.repo_check_support import AS_OF, repo_config

TOKEN = "ghp_" + "R7kQ2mX9pL4vT8wZ3nB6yH1jF5sDcA0eG3uK"


def test_an_unexpected_collector_error_is_one_unavailable_source(make_repo, tmp_path, monkeypatch):
    monkeypatch.delenv("READINESS_STRICT")
    repo = make_repo({"README.md": "# App\n"})
    sentry = tmp_path / "issues.json"
    sentry.write_text("[]")

    def broken(spec, config):
        raise TypeError(f"unsupported operand near {TOKEN}")

    monkeypatch.setitem(_COLLECTORS, "sentry", broken)
    result = assess(
        repo_config(repo, evidence={"repositories": [str(repo)], "sentry": [str(sentry)]}), as_of=AS_OF
    )
    by_kind = {s.kind: s for s in result.sources}
    assert by_kind["repositories"].status is SourceStatus.OK
    assert by_kind["sentry"].status is SourceStatus.UNAVAILABLE
    assert "unexpected TypeError" in by_kind["sentry"].error
    assert "this is a bug in readiness, please report it" in by_kind["sentry"].error
    assert TOKEN not in json.dumps(result.to_dict())


def test_an_unexpected_check_error_is_one_inconclusive_finding(make_repo, monkeypatch):
    import dataclasses

    from readiness.checks import _CHECKS

    monkeypatch.delenv("READINESS_STRICT")

    def broken(ctx):
        raise KeyError(TOKEN)

    monkeypatch.setitem(
        _CHECKS, "documentation.readme", dataclasses.replace(_CHECKS["documentation.readme"], fn=broken)
    )
    result = assess(repo_config(make_repo({"README.md": "# App\n"})), as_of=AS_OF)
    found = next(f for c in result.criteria for f in c.findings if f.check_id == "documentation.readme")
    assert found.status.value == "inconclusive" and "this is a bug in readiness" in found.message
    assert "c'est un bogue" in found.messages["fr"]
    assert TOKEN not in json.dumps(result.to_dict())
    assert {c.criterion for c in result.criteria} >= {"tests", "secrets"}
