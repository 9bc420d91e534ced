"""One bad path is one skipped path: symlinks out of the repository, loops and deep nesting.

Before: a tracked file under a folder replaced by a symlink to outside was read and quoted; a
symlink loop raised "Symlink loop" and 1,000 nested folders a RecursionError, each making the
whole repository unavailable.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from readiness.assessment import assess
from readiness.model import SourceStatus
from tests.repo_check_support import AS_OF, repo_config

MARKER = "outside-the-repository-7f3a"


def assessed(root):
    result = assess(repo_config(root), as_of=AS_OF)
    (source,) = [s for s in result.sources if s.kind == "repositories"]
    return result, source


def test_a_folder_replaced_by_a_symlink_to_outside_is_not_read(make_repo, tmp_path):
    repo = make_repo({"docs/README.md": "# Docs\nSetup: npm install\n", "README.md": "# App\n"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "README.md").write_text(f"# Runbook\n{MARKER}\n")
    subprocess.run(["rm", "-rf", str(repo / "docs")], check=True)
    os.symlink(outside, repo / "docs")
    result, source = assessed(repo)
    assert source.status is SourceStatus.OK
    assert MARKER not in json.dumps(result.to_dict())
    assert any("docs/README.md" in note and "not read" in note for note in source.notes)


def test_symlink_loops_are_skipped_paths(make_repo):
    repo = make_repo({"README.md": "# App\n", "src/app.ts": "export const a = 1;\n"}, git=False)
    os.symlink("b", repo / "a")
    os.symlink("a", repo / "b")
    os.symlink(".", repo / "src" / "self")
    os.symlink("loop", repo / "loop")
    result, source = assessed(repo)
    assert source.status is SourceStatus.OK
    assert any("not followed" in note for note in source.notes)
    files = result.evidence.table("repositories", "files")
    assert "src/app.ts" in set(files["path"])


@pytest.fixture
def deep_repo(make_repo):
    """A repository with 1,000 nested folders, removed by `rm -rf` after the test: pytest's own
    clean-up (shutil.rmtree) is recursive too and would fail on it at the next session."""
    repo = make_repo({"README.md": "# App\n"}, git=False)
    yield repo
    subprocess.run(["rm", "-rf", str(repo / "d")], check=True)


def test_a_thousand_nested_folders_are_walked(deep_repo):
    repo = deep_repo
    deep = str(repo)
    for _ in range(1000):
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    with open(os.path.join(deep, "leaf.py"), "w", encoding="utf-8") as leaf:
        leaf.write("try:\n    pass\nexcept:\n    pass\n")
    result, source = assessed(repo)
    assert source.status is SourceStatus.OK
    bare = next(f for c in result.criteria for f in c.findings if f.check_id == "error_handling.bare_except")
    assert bare.status.value == "fail" and bare.evidence[0].path.endswith("d/leaf.py")
