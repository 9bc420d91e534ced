"""The repository collector: inventory, bad input, history and manifests, each reported once."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from readiness.collectors import collect_evidence
from readiness.collectors.repository import with_history_depth
from readiness.model import SourceStatus
from tests.conftest import git_commit_all
from tests.repo_check_support import repo_config

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "PATH": "/usr/bin:/bin",
}


def collect(root: Path, **options):
    config = repo_config(root)
    if options:
        config.evidence = [
            type(s)(kind=s.kind, path=s.path, name=s.name, options={**s.options, **options})
            for s in config.evidence
        ]
    return collect_evidence(config).facts[0]


def commit(root: Path, message: str, date: str) -> None:
    env = {**GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", message], check=True, env=env)


def skipped(facts) -> dict[str, str]:
    return dict(facts.tables["skipped"][["path", "reason"]].itertuples(index=False))


def test_git_inventory_tells_tracked_from_ignored_and_lists_sensitive_files(make_repo):
    root = make_repo(
        {".gitignore": "secrets.txt\n", "app.py": "x = 1\n", ".env.local": "A=1\n", "db.dump": "data\n"}
    )
    (root / "secrets.txt").write_text("ignored\n")
    facts = collect(root)
    files = facts.tables["files"].set_index("path")
    assert files.loc["app.py", "tracked"] and not files.loc["app.py", "ignored"]
    assert files.loc["secrets.txt", "ignored"] and not files.loc["secrets.txt", "tracked"]
    sensitive = dict(facts.tables["tracked_sensitive"][["path", "reason"]].itertuples(index=False))
    assert sensitive == {".env.local": "environment file", "db.dump": "database dump"}
    assert "secrets.txt" not in facts.values["texts"]


def test_folder_without_git_honours_nested_gitignore_files(make_repo):
    root = make_repo(
        {
            ".gitignore": "*.log\nbuild/\n",
            "app.log": "x\n",
            "build/out.js": "x\n",
            "web/.gitignore": "local.json\n!keep.log\n",
            "web/local.json": "{}\n",
            "web/keep.log": "k\n",
            "web/app.ts": "x\n",
        },
        git=False,
    )
    facts = collect(root)
    files = facts.tables["files"].set_index("path")
    assert files.loc["app.log", "ignored"] and files.loc["web/local.json", "ignored"]
    assert not files.loc["web/keep.log", "ignored"] and not files.loc["web/app.ts", "ignored"]
    assert "build/out.js" not in files.index
    assert "folder (no git)" in facts.source.notes
    assert any("history-based checks are inconclusive" in n for n in facts.source.notes)


def test_bad_files_are_skipped_once_each_with_their_reason(make_repo, monkeypatch):
    root = make_repo(
        {
            "image.png": b"\x89PNG\0\0\0binary",
            "big.txt": "y" * 300,
            "latin.txt": "caf\xe9\n".encode("latin-1"),
            "bom.ts": "\ufeffconst a = 1;\n",
            "utf16.txt": "hé\n".encode("utf-16"),
            "locked.txt": "nope\n",
        },
        git=False,
    )
    os.symlink("/etc/hostname", root / "outside")
    os.symlink("bom.ts", root / "inside.ts")
    os.symlink("/etc", root / "etc-dir")
    real_read = Path.read_bytes
    monkeypatch.setattr(
        Path,
        "read_bytes",
        lambda self: (
            (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
            if self.name == "locked.txt"
            else real_read(self)
        ),
    )
    facts = collect(root, max_file_bytes=200)
    reasons = skipped(facts)
    assert reasons["image.png"] == "binary"
    assert reasons["big.txt"].startswith(
        "scanned for secrets in chunks, not parsed: larger than the size cap ("
    )
    assert reasons["latin.txt"].startswith("not UTF-8")
    assert reasons["utf16.txt"] == "UTF-16 text, decoded"
    assert reasons["locked.txt"] == "unreadable (Permission denied)"
    assert reasons["outside"] == "symlink pointing outside the repository or into a loop, not followed"
    assert reasons["inside.ts"].startswith("symlink inside the repository")
    assert reasons["etc-dir"] == "symlink pointing outside the repository or into a loop, not followed"
    assert not any(path.startswith("etc-dir/") for path in facts.tables["files"]["path"])
    assert facts.values["texts"]["bom.ts"] == "const a = 1;\n"
    assert facts.values["texts"]["utf16.txt"] == "hé\n"
    assert len(facts.tables["skipped"]) == len(reasons)
    assert sum("binary: image.png" in note for note in facts.source.notes) == 1
    # Read in chunks by the secret scanner, not skipped unread: the note says which.
    assert (
        "scanned for secrets in chunks, not parsed: larger than the size cap: big.txt" in facts.source.notes
    )


def test_submodule_is_listed_not_read(make_repo):
    inner = make_repo({"lib.py": "x = 1\n"}, name="inner")
    root = make_repo({"app.py": "x = 1\n"}, name="outer")
    subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "-q",
            str(inner),
            "vendor/inner",
        ],
        check=True,
        env=GIT_ENV,
    )
    facts = collect(root)
    assert facts.values["submodules"] == ["vendor/inner"]
    assert skipped(facts)["vendor/inner"].startswith("git submodule")
    assert "vendor/inner/lib.py" not in set(facts.tables["files"]["path"])


def test_missing_folder_makes_the_source_unavailable_not_a_crash(tmp_path):
    facts = collect_evidence(repo_config(tmp_path / "nowhere")).facts[0]
    assert facts.source.status is SourceStatus.UNAVAILABLE
    assert "folder not found" in facts.source.error


def test_repository_without_commits_says_history_is_inconclusive(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "a.py").write_text("x = 1\n")
    facts = collect(tmp_path)
    assert facts.values["commit"] is None and facts.values["history_available"] is False
    assert any("no commits yet" in note for note in facts.source.notes)
    assert set(facts.tables["files"]["path"]) == {"a.py"}


def test_history_finds_secret_files_removed_since_and_respects_depth(tmp_path):
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / ".env").write_text("TOKEN=abc\n")
    git_commit_all(tmp_path, "first")
    (tmp_path / ".env").unlink()
    (tmp_path / ".env.example").write_text("TOKEN=\n")
    commit(tmp_path, "remove env", "2026-02-01T00:00:00Z")
    (tmp_path / "app.py").write_text("x = 2\n")
    commit(tmp_path, "change app", "2026-03-01T00:00:00Z")
    removed = collect(tmp_path).tables["history_secret_files"]
    assert list(removed["path"]) == [".env"] and removed["date"][0].startswith("2026-02-01")
    assert collect(tmp_path, history_depth=1).tables["history_secret_files"].empty
    assert collect(tmp_path, history_depth=0).tables["last_changes"].empty


def test_history_depth_option_reaches_every_repository_entry(make_repo):
    config = with_history_depth(repo_config(make_repo({"a.py": "x\n"})), 7)
    assert config.evidence[0].options["history_depth"] == 7


def test_bad_option_value_is_a_format_error_naming_the_option(make_repo):
    root = make_repo({"a.py": "x\n"})
    facts = collect(root, history_depth="lots")
    assert facts.source.status is SourceStatus.UNAVAILABLE and "history_depth" in facts.source.error


def test_malformed_manifests_become_notes_with_their_line(make_repo):
    root = make_repo(
        {
            "package.json": '{"name": "a",\n "scripts": {,}}\n',
            ".github/workflows/ci.yml": "on: [push\n",
            "app.py": "x = 1\n",
        }
    )
    notes = collect(root).source.notes
    assert any(n.startswith("package.json:2: not valid JSON") for n in notes)
    assert any(n.startswith(".github/workflows/ci.yml") and "not valid YAML" in n for n in notes)


def test_configured_ignore_globs_drop_paths_before_reading(make_repo):
    root = make_repo({"src/a.ts": "x\n", "vendor/b.ts": "y\n"})
    config = repo_config(root, ignore=["vendor/"])
    facts = collect_evidence(config).facts[0]
    assert set(facts.tables["files"]["path"]) == {"src/a.ts"}


def test_unparseable_code_is_reported_and_partially_read(make_repo):
    root = make_repo({"ok.ts": "const a = 1;\n", "broken.ts": "const x = ;\ntry { a() } catch (e) { }\n"})
    facts = collect(root)
    assert skipped(facts) == {"broken.ts": "syntax errors; parsed partially"}
    assert list(facts.tables["catches"]["path"]) == ["broken.ts"]


def test_folder_ignored_by_the_enclosing_repository_is_walked(make_repo):
    outer = make_repo({".gitignore": "vendor/\n", "a.py": "x\n"})
    (outer / "vendor" / "app").mkdir(parents=True)
    (outer / "vendor" / "app" / "main.py").write_text("y = 1\n")
    facts = collect(outer / "vendor" / "app")
    assert set(facts.tables["files"]["path"]) == {"main.py"}
    assert "folder (no git)" in facts.source.notes
