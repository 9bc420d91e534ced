"""Shared fixtures: small repositories built by the tests themselves, and a strict mode."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"


@pytest.fixture(autouse=True)
def strict_collectors(monkeypatch):
    """Unexpected collector or check errors fail the test instead of becoming 'unavailable'."""
    monkeypatch.setenv("READINESS_STRICT", "1")


@pytest.fixture(autouse=True)
def isolated_history(monkeypatch, tmp_path):
    """Runs record their history in the test's own folder, never in the checkout's reports/."""
    monkeypatch.setenv("READINESS_HISTORY_DIR", str(tmp_path / "history"))


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def git_commit_all(root: Path, message: str = "fixture") -> None:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", message], check=True, env=env)


@pytest.fixture
def make_repo(tmp_path) -> Callable[..., Path]:
    """make_repo({"path": "content"}, git=True) → a small repository for one test."""
    counter = iter(range(1000))

    def build(files: dict[str, str | bytes], git: bool = True, name: str | None = None) -> Path:
        root = tmp_path / (name or f"repo{next(counter)}")
        root.mkdir()
        write_tree(root, files)
        if git:
            git_commit_all(root)
        return root

    return build


@pytest.fixture(autouse=True)
def fresh_run_id():
    """Each test starts without a run id in the environment: one set by an in-process report would
    otherwise be inherited by every process a later test starts, making their runs one run."""
    from readiness.logs import RUN_ID_ENV

    os.environ.pop(RUN_ID_ENV, None)
    yield
    os.environ.pop(RUN_ID_ENV, None)
