"""Repository evidence: inventory, history, manifests and parsed source code, as tables.

The collector assembles what :mod:`inventory`, :mod:`manifests` and
:mod:`source_code` extract, plus a bounded look at git history: when each path
last changed, and which secret-looking files were committed once and removed
since (removal does not erase them from history, so they still leak).
Nothing here decides whether a file is good or bad; checks do.

Options of an ``evidence: repositories:`` entry (all optional):
``history_depth`` (commits of history to read, 0 for none; default 500),
``max_file_bytes`` (files above are listed, not read; default 1 MB),
``workers`` (processes parsing source code; default: every core),
``file_seconds`` (how long one file may take to scan or parse before it is abandoned and named in
the notes; default 30).
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.collectors.inventory import (
    FILE_COLUMNS,
    git,
    read_texts,
    sensitive_file_reason,
    take_inventory,
)
from readiness.collectors.manifests import TABLE_COLUMNS as MANIFEST_TABLES
from readiness.collectors.manifests import parse_manifests
from readiness.collectors.source_code import TABLE_COLUMNS as SOURCE_TABLES
from readiness.collectors.source_code import sources_parsed_aside
from readiness.collectors.stack import TABLE_COLUMNS as STACK_TABLES
from readiness.collectors.stack import collect_stack
from readiness.config import Config, EvidenceSpec
from readiness.deadline import FILE_SECONDS
from readiness.errors import EvidenceFormatError, EvidenceMissingError
from readiness.gitcmd import run_git
from readiness.locales import phrased, said
from readiness.model import Severity, SourceRecord
from readiness.secret_scan import (
    ARCHIVE_FILE,
    HIT_COLUMNS,
    hits_frame,
    scan_archive,
    scan_large_file,
    scan_texts,
)

log = logging.getLogger(__name__)
DEFAULT_HISTORY_DEPTH = 500
DEFAULT_MAX_FILE_BYTES = 1_000_000
NOTES_PER_REASON = 5
TABLES = {
    "files": FILE_COLUMNS,
    "tracked_sensitive": {"path": "text", "tracked": "boolean", "ignored": "boolean", "reason": "text"},
    "skipped": {"path": "text", "reason": "text"},
    "last_changes": {"path": "text", "commit": "text", "date": "text"},
    "history_secret_files": {
        "path": "text",
        "commit": "text",
        "date": "text",
        "content_read": "boolean",
        "secret_rules": "text",
    },
    **MANIFEST_TABLES,
    **SOURCE_TABLES,
    "secret_hits": HIT_COLUMNS,
    **STACK_TABLES,
}
"""Every table a repository yields, with its columns' types (readiness.collectors.tables)."""
# Removed files whose last content is scanned: enough for any real history, bounded for a hostile one.
MAX_REMOVED_SCANNED = 50
MAX_REMOVED_BYTES = 1_000_000
MAX_VERSIONS_SCANNED = 20


def with_history_depth(config: Config, depth: int | None) -> Config:
    """The configuration with every repository entry reading ``depth`` commits (``--history-depth``)."""
    if depth is None:
        return config
    config.evidence = [
        replace(spec, options={**spec.options, "history_depth": depth})
        if spec.kind == "repositories"
        else spec
        for spec in config.evidence
    ]
    return config


def _positive_int(spec: EvidenceSpec, key: str, default: int) -> int:
    value = spec.options.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise EvidenceFormatError(spec.path, f"option {key!r} must be a whole number ≥ 0, not {value!r}")
    return value


def _head_commit(root: Path) -> str | None:
    result = git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    return result.stdout.strip() if result.returncode == 0 else None


def read_history(root: Path, depth: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(last change per path, secret-looking files removed since) over the last ``depth`` commits.

    Paths are relative to ``root`` (git prints them relative to the top level;
    ``--relative`` keeps the ones under ``root`` and strips the prefix).
    """
    result = git(
        root,
        "log",
        f"--max-count={depth}",
        "--format=@@%H %cI",
        "--name-status",
        "--no-renames",
        "--relative",
        "--",
        ".",
    )
    if result.returncode != 0:
        raise EvidenceFormatError(root, f"git log failed: {result.stderr.strip()[:200]}")
    last_change: dict[str, tuple[str, str]] = {}
    removed: dict[str, tuple[str, str]] = {}
    commit = date = ""
    for line in result.stdout.splitlines():
        if line.startswith("@@"):
            commit, date = line[2:].split(" ", 1)
        elif "\t" in line:
            status, path = line.split("\t", 1)
            last_change.setdefault(path, (commit, date))
            if status.startswith("D") and sensitive_file_reason(path):
                removed.setdefault(path, (commit, date))
    changes = pd.DataFrame(
        [(p, c, d) for p, (c, d) in last_change.items()], columns=list(TABLES["last_changes"])
    )
    gone = [(p, c, d) for p, (c, d) in removed.items() if p not in last_change or last_change[p][0] == c]
    scanned = [
        (*row, *(_removed_content_rules(root, *row[:2]) if i < MAX_REMOVED_SCANNED else (False, "")))
        for i, row in enumerate(gone)
    ]
    return changes, pd.DataFrame(scanned, columns=list(TABLES["history_secret_files"]))


def _removed_content_rules(root: Path, path: str, commit: str) -> tuple[bool, str]:
    """(read, the secret scan's rules found) over every version a removed file had (the last
    ``MAX_VERSIONS_SCANNED``): what a clone can still read, so a check can tell a leaked key from a
    file that only ever held public values or blanks."""
    versions = run_git(
        root, "log", f"--max-count={MAX_VERSIONS_SCANNED}", "--format=%H", f"{commit}^", "--", f"./{path}"
    )
    rules: set[str] = set()
    read = False
    for version in versions.stdout.split() if versions.returncode == 0 else []:
        result = run_git(root, "show", f"{version}:./{path}", text=False)
        if result.returncode != 0 or len(result.stdout) > MAX_REMOVED_BYTES:
            continue
        read = True
        hits = scan_texts({path: result.stdout.decode("utf-8", errors="replace")})
        if not hits.empty:
            rules |= set(hits.loc[hits["severity"] != Severity.INFO.value, "rule"])
    return read, ",".join(sorted(rules))


def _history(root: Path, is_git: bool, depth: int, notes: list[str]) -> tuple[dict, dict]:
    values: dict = {"commit": None, "history_available": False}
    tables = {
        "last_changes": pd.DataFrame(columns=list(TABLES["last_changes"])),
        "history_secret_files": pd.DataFrame(columns=list(TABLES["history_secret_files"])),
    }
    if not is_git:
        notes.append(said("notes", "not_git"))
        return values, tables
    values["commit"] = _head_commit(root)
    if values["commit"] is None:
        notes.append(said("notes", "no_commits"))
    elif depth == 0:
        notes.append(said("notes", "no_history"))
    else:
        tables["last_changes"], tables["history_secret_files"] = read_history(root, depth)
        values.update(history_available=True, history_depth=depth)
    return values, tables


def _scan_archives(root: Path, skipped: list[tuple[str, str]], seconds: float) -> pd.DataFrame:
    """Committed archives (skipped as binary or big) have their text members scanned for secrets;
    the reason recorded for each says how far the reading went."""
    hits = []
    for index, (path, reason) in enumerate(skipped):
        if ARCHIVE_FILE.search(path) and reason.startswith(("binary", "larger than the size cap")):
            found, done = scan_archive(path, root / path, seconds)
            hits += found
            skipped[index] = (path, done)
    return hits_frame(hits)


def _scan_large_files(root: Path, skipped: list[tuple[str, str]], seconds: float) -> pd.DataFrame:
    """Files over the size cap are not parsed, but a minified bundle can still carry a key: they are
    scanned for secrets in streamed chunks, and their note says so. One that is not scanned to its
    end within ``seconds`` is abandoned and said to be (the secrets check is then inconclusive)."""
    hits = []
    for index, (path, reason) in enumerate(skipped):
        if reason.startswith("larger than the size cap"):
            found, stopped = scan_large_file(path, root / path, seconds)
            hits += found
            done = stopped or "scanned for secrets in chunks"
            skipped[index] = (path, f"{done}, not parsed: {reason}")
    return hits_frame(hits)


def _skipped_notes(skipped: list[tuple[str, str]]) -> list[str]:
    """One note per reason with a few paths: each problem reported once, never a flood."""
    by_reason: dict[str, list[str]] = {}
    for path, reason in skipped:
        by_reason.setdefault(reason.split(" (")[0], []).append(path)
    notes = []
    for reason, paths in sorted(by_reason.items()):
        more = len(paths) - NOTES_PER_REASON
        key = "skipped_more" if more > 0 else "skipped_files"
        shown = ", ".join(paths[:NOTES_PER_REASON])
        notes.append(said("notes", key, reason=phrased("skip_reasons", reason), paths=shown, more=more))
    return notes


def _tracked_sensitive(files: pd.DataFrame) -> pd.DataFrame:
    """Files present in the tree whose name says they should not be committed (described, not judged)."""
    reasons = files["path"].map(sensitive_file_reason)
    found = files.assign(reason=reasons)[reasons.notna()]
    return found[["path", "tracked", "ignored", "reason"]].reset_index(drop=True)


@register_collector("repositories", tables=TABLES)
def collect_repository(spec: EvidenceSpec, config: Config) -> Facts:
    root = spec.path
    if not root.exists():
        raise EvidenceMissingError(root, "folder not found")
    if not root.is_dir():
        raise EvidenceMissingError(root, "is not a folder")
    depth = _positive_int(spec, "history_depth", DEFAULT_HISTORY_DEPTH)
    max_bytes = _positive_int(spec, "max_file_bytes", DEFAULT_MAX_FILE_BYTES)
    workers = _positive_int(spec, "workers", os.cpu_count() or 1) or 1
    seconds = _positive_int(spec, "file_seconds", int(FILE_SECONDS)) or FILE_SECONDS
    found = take_inventory(root, config.ignore)
    notes = [
        said("notes", "files", count=len(found.files)),
        said("notes", "git_tree" if found.is_git else "no_git"),
    ]
    values, history_tables = _history(root, found.is_git, depth, notes)
    skipped = list(found.skipped)
    texts = read_texts(root, found.files, max_bytes, skipped)
    with sources_parsed_aside(root, sorted(texts), workers, seconds) as parsed:
        # The pool parses while this process reads the manifests, scans and names the stack.
        manifests = parse_manifests(texts)
        secret_hits = pd.concat(
            [
                scan_texts(texts),
                _scan_archives(root, skipped, seconds),
                _scan_large_files(root, skipped, seconds),
            ],
            ignore_index=True,
        )
        stack = collect_stack(texts, manifests.frames())
        sources = parsed()
    skipped += [(path, "syntax errors; parsed partially") for path in sources.syntax_errors]
    notes += _skipped_notes(skipped) + manifests.problems + sources.unreadable
    log.info(
        "repository collected",
        extra={
            "source": spec.name,
            "files": len(found.files),
            "skipped": dict(Counter(r for _, r in skipped)),
        },
    )
    record = SourceRecord(kind="repositories", location=str(root), notes=notes)
    values.update(root=str(root), texts=texts, is_git=found.is_git, submodules=found.submodules)
    tables = {
        "files": found.files,
        "tracked_sensitive": _tracked_sensitive(found.files),
        "skipped": pd.DataFrame(skipped, columns=["path", "reason"]),
        **history_tables,
        **manifests.frames(),
        **sources.tables,
        "secret_hits": secret_hits,
        **stack,
    }
    return Facts(source=record, name=spec.name, tables=tables, values=values)
