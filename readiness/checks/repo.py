"""Read-only views of repository facts shared by the criterion modules.

They answer "which files", "which lines match" and "which scripts" across every
repository of the product, and build the file:line evidence references.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

import pandas as pd
import pathspec

from readiness.checks import CheckContext
from readiness.model import EvidenceRef
from readiness.redact import redact_in_line

MAX_REFS = 25


def _ignore_spec(ctx: CheckContext) -> pathspec.PathSpec:
    return pathspec.PathSpec.from_lines("gitwildmatch", ctx.config.ignore)


def repo_files(ctx: CheckContext) -> pd.DataFrame:
    """Files of every repository (columns: path, size, ext, tracked, ignored, source)."""
    files = ctx.evidence.table("repositories", "files")
    if files.empty or not ctx.config.ignore:
        return files
    spec = _ignore_spec(ctx)
    return files[~files["path"].map(spec.match_file)]


def texts(ctx: CheckContext) -> Iterator[tuple[str, str, str]]:
    """(source, path, text) of every readable text file, minus the configured ignores."""
    spec = _ignore_spec(ctx)
    for facts in ctx.evidence.of_kind("repositories"):
        for path, text in facts.values.get("texts", {}).items():
            if not spec.match_file(path):
                yield facts.name, path, text


def matching_paths(ctx: CheckContext, pattern: str) -> pd.DataFrame:
    """Files whose path matches a regular expression (case-insensitive)."""
    files = repo_files(ctx)
    if files.empty:
        return files
    regex = re.compile(pattern, re.IGNORECASE)
    return files[files["path"].map(lambda path: bool(regex.search(path)))]


def file_refs(rows: pd.DataFrame) -> list[EvidenceRef]:
    return [EvidenceRef(source=row.source, path=row.path)
            for row in rows.head(MAX_REFS).itertuples(index=False)]


def grep(ctx: CheckContext, pattern: str, path_pattern: str = r".", flags: int = 0,
         limit: int = MAX_REFS, redact: str | None = None) -> list[EvidenceRef]:
    """Lines matching ``pattern`` in files whose path matches ``path_pattern``.

    ``redact`` names a regex group holding a value that must never be shown.
    """
    regex, path_regex = re.compile(pattern, flags), re.compile(path_pattern, re.IGNORECASE)
    refs: list[EvidenceRef] = []
    for source, path, text in texts(ctx):
        if not path_regex.search(path):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = regex.search(line)
            if not match:
                continue
            excerpt = line.strip()[:160]
            if redact and match.group(redact):
                excerpt = redact_in_line(line, match.group(redact))
            refs.append(EvidenceRef(source=source, path=path, line=number, excerpt=excerpt))
            if len(refs) >= limit:
                return refs
    return refs


def package_scripts(ctx: CheckContext) -> dict[str, tuple[str, str, str]]:
    """Script name → (source, package.json path, command) across every package.json."""
    packages = ctx.evidence.table("repositories", "packages")
    out = {}
    for row in packages.itertuples(index=False):
        for name, command in (row.scripts or {}).items():
            out.setdefault(name, (row.source, row.path, command))
    return out


def dependencies(ctx: CheckContext) -> set[str]:
    """Names of every JavaScript and Python dependency declared in a manifest."""
    names: set[str] = set()
    for row in ctx.evidence.table("repositories", "packages").itertuples(index=False):
        names |= set(row.dependencies or {})
    for row in ctx.evidence.table("repositories", "pyprojects").itertuples(index=False):
        names |= {re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0].lower() for dep in row.dependencies}
    return names


def is_source_file(path: str) -> bool:
    return PurePosixPath(path).suffix in {".js", ".jsx", ".ts", ".tsx", ".py", ".mjs", ".cjs"}


def is_test_path(path: str) -> bool:
    return bool(re.search(r"(^|/)(tests?|__tests__|e2e|cypress|spec)/|\.(test|spec)\.[jt]sx?$|"
                          r"(^|/)test_[^/]+\.py$|_test\.py$", path))


def text_refs(ctx: CheckContext, pattern: str, path_pattern: str = r".", flags: int = 0,
              limit: int = MAX_REFS) -> list[EvidenceRef]:
    """Matches of a multi-line ``pattern`` over whole files, cited at the line where each starts."""
    regex, path_regex = re.compile(pattern, flags), re.compile(path_pattern, re.IGNORECASE)
    refs: list[EvidenceRef] = []
    for source, path, text in texts(ctx):
        if not path_regex.search(path):
            continue
        for match in regex.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            excerpt = " ".join(match.group(0).split())[:160]
            refs.append(EvidenceRef(source=source, path=path, line=line, excerpt=excerpt))
            if len(refs) >= limit:
                return refs
    return refs


def en_fr(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}
