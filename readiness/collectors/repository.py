"""Repository evidence: the file inventory, manifests and the text of small files.

The inventory comes from ``git ls-files`` when the folder is a git work tree
(so .gitignore is respected and we can tell *tracked* from merely present),
and from a directory walk otherwise. Nothing here decides whether a file is
good or bad; checks do.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tomllib
from pathlib import Path

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceMissingError
from readiness.model import SourceRecord
from readiness.secret_scan import scan_texts

log = logging.getLogger(__name__)
MAX_TEXT_BYTES = 1_000_000
SKIPPED_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", "dist", "build", ".next"}
FILE_COLUMNS = {"path": str, "size": "int64", "ext": str, "tracked": bool, "ignored": bool}


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=False)


def is_git_work_tree(root: Path) -> bool:
    result = _git(root, "rev-parse", "--show-toplevel")
    return result.returncode == 0 and Path(result.stdout.strip()).resolve() == root.resolve()


def _git_paths(root: Path, *args: str) -> list[str]:
    result = _git(root, "ls-files", "-z", *args)
    return [p for p in result.stdout.split("\0") if p]


def _walk(root: Path) -> list[str]:
    paths = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in files:
            paths.append(str((Path(folder) / name).relative_to(root)).replace(os.sep, "/"))
    return sorted(paths)


def inventory(root: Path) -> tuple[pd.DataFrame, dict]:
    """Every file we can see, whether git tracks it and whether .gitignore ignores it."""
    values: dict = {"is_git": is_git_work_tree(root)}
    if values["is_git"]:
        tracked = set(_git_paths(root))
        untracked = set(_git_paths(root, "--others", "--exclude-standard"))
        ignored = set(_git_paths(root, "--others", "--ignored", "--exclude-standard"))
        ignored = {p for p in ignored if not set(Path(p).parts) & SKIPPED_DIRS}
        head = _git(root, "rev-parse", "HEAD")
        values["commit"] = head.stdout.strip() if head.returncode == 0 else None
        paths = sorted(tracked | untracked | ignored)
    else:
        tracked, ignored, paths = set(), set(), _walk(root)
        values["commit"] = None
    rows = []
    for rel in paths:
        full = root / rel
        if full.is_symlink() or not full.is_file():
            continue
        rows.append({"path": rel, "size": full.stat().st_size, "ext": full.suffix.lower(),
                     "tracked": rel in tracked, "ignored": rel in ignored})
    files = pd.DataFrame(rows, columns=list(FILE_COLUMNS)).astype(FILE_COLUMNS)
    return files, values


def read_texts(root: Path, files: pd.DataFrame) -> tuple[dict[str, str], list[str]]:
    """The text of every small, non-ignored file; binary and oversized ones are listed as skipped."""
    texts, skipped = {}, []
    for rel, size in files.loc[~files["ignored"], ["path", "size"]].itertuples(index=False):
        if size > MAX_TEXT_BYTES:
            skipped.append(f"{rel}: larger than {MAX_TEXT_BYTES} bytes")
            continue
        data = (root / rel).read_bytes()
        if b"\0" in data[:8192]:
            continue
        texts[rel] = data.decode("utf-8-sig", errors="replace")
    return texts, skipped


def _package_manifests(texts: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    rows, problems = [], []
    for path, text in texts.items():
        if Path(path).name != "package.json" or "node_modules/" in path:
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})")
            continue
        deps = {**data.get("dependencies", {}), **data.get("devDependencies", {})}
        rows.append({"path": path, "name": data.get("name"), "scripts": data.get("scripts", {}),
                     "dependencies": deps})
    return pd.DataFrame(rows, columns=["path", "name", "scripts", "dependencies"]), problems


def _pyproject_manifests(texts: dict[str, str]) -> tuple[pd.DataFrame, list[str]]:
    rows, problems = [], []
    for path, text in texts.items():
        if Path(path).name != "pyproject.toml":
            continue
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            problems.append(f"{path}: not valid TOML ({exc})")
            continue
        project = data.get("project", {})
        deps = list(project.get("dependencies", []))
        for extra in project.get("optional-dependencies", {}).values():
            deps += extra
        rows.append({"path": path, "name": project.get("name"), "dependencies": deps,
                     "tools": sorted(data.get("tool", {}))})
    return pd.DataFrame(rows, columns=["path", "name", "dependencies", "tools"]), problems


@register_collector("repositories", label={"en": "repository", "fr": "dépôt"})
def collect_repository(spec: EvidenceSpec, config: Config) -> Facts:
    root = spec.path
    if not root.exists():
        raise EvidenceMissingError(root, "folder not found")
    if not root.is_dir():
        raise EvidenceMissingError(root, "is not a folder")
    files, values = inventory(root)
    texts, skipped = read_texts(root, files)
    packages, package_problems = _package_manifests(texts)
    pyprojects, pyproject_problems = _pyproject_manifests(texts)
    notes = [f"{len(files)} files", "git work tree" if values["is_git"] else "not a git repository"]
    notes += skipped + package_problems + pyproject_problems
    record = SourceRecord(kind="repositories", location=str(root), notes=notes)
    values.update(root=str(root), texts=texts)
    tables = {"files": files, "packages": packages, "pyprojects": pyprojects}
    tables["secret_hits"] = scan_texts(texts)
    return Facts(source=record, name=spec.name, tables=tables, values=values)
