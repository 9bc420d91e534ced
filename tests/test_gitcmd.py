"""git never runs what the assessed repository's configuration names."""

from __future__ import annotations

import stat

from readiness.gitcmd import run_git
from tests.repo_check_support import AS_OF, repo_config


def test_an_fsmonitor_in_the_repository_config_never_runs(make_repo, tmp_path):
    from readiness.assessment import assess

    root = make_repo({"README.md": "# app\n"})
    marker = tmp_path / "pwned"
    hook = tmp_path / "fsmonitor.sh"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    with (root / ".git" / "config").open("a") as config:
        config.write(f"[core]\n\tfsmonitor = {hook}\n[diff]\n\texternal = {hook}\n")
    assessment = assess(repo_config(root), as_of=AS_OF)
    assert not marker.exists()
    assert assessment.sources[0].status.value == "ok"
    assert "README.md" in set(assessment.evidence.table("repositories", "files")["path"])


def test_git_ignores_the_callers_git_variables(make_repo, monkeypatch, tmp_path):
    root = make_repo({"a.txt": "x\n"})
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    assert run_git(root, "ls-files").stdout.split() == ["a.txt"]
