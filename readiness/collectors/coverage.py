"""Test coverage reports, Cobertura XML or lcov: per-file line and branch counts.

Both formats are reduced to the same table, one row per source file, with the
first uncovered line so a finding can point at it. Totals are recomputed from
the lines rather than taken from the report's own rates, so the two formats,
and reports that merge several runs, are counted the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.collectors.files import declared_format, integer, load_xml, read_head, read_text
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceFormatError
from readiness.locales import said
from readiness.model import SourceRecord
from readiness.numbers import figure

FILE_COLUMNS = {
    "path": "text",
    "lines_valid": "integer",
    "lines_covered": "integer",
    "branches_valid": "integer",
    "branches_covered": "integer",
    "first_uncovered_line": "integer",
}
CONDITION_COVERAGE = re.compile(r"\((\d+)/(\d+)\)")
FORMATS = ("cobertura", "lcov")


@dataclass
class FileCoverage:
    """Hits by line and branch counts of one source file, merged across the report."""

    hits: dict[int, int] = field(default_factory=dict)
    branches_valid: int = 0
    branches_covered: int = 0

    def add_line(self, line: int, hits: int) -> None:
        self.hits[line] = max(hits, self.hits.get(line, 0))

    def row(self, path: str) -> dict:
        uncovered = [line for line, hits in self.hits.items() if hits == 0]
        return {
            "path": path,
            "lines_valid": len(self.hits),
            "lines_covered": sum(1 for hits in self.hits.values() if hits > 0),
            "branches_valid": self.branches_valid,
            "branches_covered": self.branches_covered,
            "first_uncovered_line": min(uncovered) if uncovered else None,
        }


def located(filename: str, sources: list[Path]) -> str:
    """The file's full path when one of the report's <source> folders holds it on this machine.

    Cobertura names files relative to a source folder (``src/``), not to the
    repository; the full path lets a finding point at the right file. When the
    report was made elsewhere, the name stays as the report gives it.
    """
    for source in sources:
        if source.is_absolute() and (source / filename).is_file():
            return str(source / filename)
    return filename


def parse_cobertura(path: Path) -> dict[str, FileCoverage]:
    root = load_xml(path)
    if root.tag != "coverage":
        raise EvidenceFormatError(
            path, f"root element <{root.tag}> is not <coverage>: not a Cobertura report"
        )
    sources = [Path(s.text.strip()) for s in root.iter("source") if s.text and s.text.strip()]
    files: dict[str, FileCoverage] = defaultdict(FileCoverage)
    for cls in root.iter("class"):
        name = cls.get("filename")
        if not name:
            raise EvidenceFormatError(path, f"<class name={cls.get('name')!r}> has no filename")
        name = located(name, sources)
        for line in cls.iter("line"):
            number = integer(line.get("number"), path, "line number")
            files[name].add_line(number, integer(line.get("hits"), path, "hits"))
            condition = CONDITION_COVERAGE.search(line.get("condition-coverage", ""))
            if line.get("branch") == "true" and condition:
                files[name].branches_covered += int(condition.group(1))
                files[name].branches_valid += int(condition.group(2))
    return files


def _lcov_pair(value: str, path: Path, number: int) -> tuple[int, int]:
    """``DA:<line>,<hits>[,<checksum>]``."""
    parts = value.split(",")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        raise EvidenceFormatError(path, f"DA:{value} is not 'line,hits'", line=number) from None


def parse_lcov(path: Path) -> dict[str, FileCoverage]:
    """lcov tracefile: SF opens a file, DA gives line hits, BRDA branches, end_of_record closes it."""
    files: dict[str, FileCoverage] = defaultdict(FileCoverage)
    current: FileCoverage | None = None
    for number, raw in enumerate(read_text(path).splitlines(), start=1):
        tag, _, value = raw.strip().partition(":")
        if tag == "SF":
            current = files[value]
        elif tag == "end_of_record":
            current = None
        elif tag in ("DA", "BRDA"):
            if current is None:
                raise EvidenceFormatError(path, f"{tag} outside a file record (no SF before it)", line=number)
            if tag == "DA":
                current.add_line(*_lcov_pair(value, path, number))
            else:
                current.branches_valid += 1
                current.branches_covered += value.rsplit(",", 1)[-1] not in ("-", "0")
    if not files:
        raise EvidenceFormatError(path, "holds no SF: record: not an lcov tracefile")
    return files


def detect_format(path: Path, text: str) -> str:
    """Cobertura XML or an lcov tracefile, from the name's usual suffix, else from the text."""
    if path.suffix.lower() == ".xml":
        return "cobertura"
    if path.suffix.lower() in (".info", ".lcov") or path.name == "lcov.info":
        return "lcov"
    return "cobertura" if text.lstrip().startswith("<") else "lcov"


def coverage_table(files: dict[str, FileCoverage]) -> pd.DataFrame:
    rows = [cov.row(name) for name, cov in sorted(files.items())]
    return pd.DataFrame(rows, columns=list(FILE_COLUMNS)).astype({"first_uncovered_line": "Int64"})


def totals(table: pd.DataFrame) -> dict[str, float | int | None]:
    lines_valid, branches_valid = int(table["lines_valid"].sum()), int(table["branches_valid"].sum())
    lines_covered = int(table["lines_covered"].sum())
    branches_covered = int(table["branches_covered"].sum())
    return {
        "files": len(table),
        "lines_valid": lines_valid,
        "lines_covered": lines_covered,
        "line_rate": round(lines_covered / lines_valid, 4) if lines_valid else None,
        "branches_valid": branches_valid,
        "branches_covered": branches_covered,
        "branch_rate": round(branches_covered / branches_valid, 4) if branches_valid else None,
    }


@register_collector("coverage", tables={"files": FILE_COLUMNS})
def collect_coverage(spec: EvidenceSpec, config: Config) -> Facts:
    declared = spec.options.get("format")
    if declared:
        fmt = declared_format(spec.path, declared, FORMATS, "coverage")
    else:
        fmt = detect_format(spec.path, read_head(spec.path, 1024, errors="replace"))
    parse = parse_cobertura if fmt == "cobertura" else parse_lcov
    table = coverage_table(parse(spec.path))
    summary = totals(table)
    if not summary["lines_valid"]:
        raise EvidenceFormatError(spec.path, "counts no executable line: nothing was measured")
    record = SourceRecord(
        kind="coverage",
        location=str(spec.path),
        notes=[
            fmt,
            said("notes", "coverage_files", count=summary["files"]),
            said("notes", "line_coverage", rate=lambda lang: figure(summary["line_rate"], ".1%", lang)),
        ],
    )
    return Facts(
        source=record, name=spec.name, tables={"files": table}, values={"format": fmt, "totals": summary}
    )
