"""Sentry evidence: UI exports, API JSON, GlitchTip output and recorded SDK envelopes.

Every format lands in the same typed tables (``issues``, ``events``, ``frames``,
``transactions``, ``sessions``, ``crash_free``) so checks and views never care
where the data came from. Personal data stops here: user identifiers become
fingerprints (enough to count people, not to name them) and emails or IP
addresses inside titles and culprits are masked before any table holds them.
Only an explicit ``show_user_ids: true`` option keeps a masked user column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.collectors.files import files_in, load_json, read_bytes, read_head, read_text
from readiness.collectors.sentry.alerts_releases import parse_alert_rules, parse_releases
from readiness.collectors.sentry.discover import (
    discover_tables,
    parse_discover_csv,
    parse_discover_json,
    parse_discover_jsonl,
)
from readiness.collectors.sentry.envelope import envelope_repairs, parse_envelope
from readiness.collectors.sentry.events import parse_events
from readiness.collectors.sentry.formats import chosen_format, is_csv
from readiness.collectors.sentry.issues import parse_issues
from readiness.collectors.sentry.sessions import parse_sessions
from readiness.collectors.sentry.tables import TABLE_COLUMNS, typed_table
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceFormatError, EvidenceMissingError
from readiness.locales import phrased, said
from readiness.model import SourceRecord
from readiness.sentry_metrics import source_figures

SNAPSHOT_SKIP = {"manifest.json", "project.json"}
SNAPSHOT_PATTERNS = ("*.json", "*.jsonl", "*.csv", "*.envelope")


def parse_file(path: Path, spec_format: str | None, keep_users: bool) -> tuple[str, dict[str, pd.DataFrame]]:
    """One Sentry file → (format, tables)."""
    if spec_format in ("envelope", "envelopes") or path.suffix == ".envelope":
        return "envelope", parse_envelope(path, read_bytes(path), keep_users)
    head = read_head(path)
    if is_csv(spec_format, head):
        return "discover_csv", discover_tables(parse_discover_csv(path, head), keep_users)
    text = read_text(path)
    name = chosen_format(spec_format, path, text)
    if name == "envelope":
        return name, parse_envelope(path, text.encode("utf-8"), keep_users)
    if name == "discover_jsonl":
        return name, discover_tables(parse_discover_jsonl(path, text), keep_users)
    data = load_json(path, text)
    parsers: dict[str, Callable[[], dict[str, pd.DataFrame]]] = {
        "discover_json": lambda: discover_tables(parse_discover_json(path, data), keep_users),
        "issues_json": lambda: parse_issues(path, data),
        "events_json": lambda: parse_events(path, data, keep_users),
        "sessions_json": lambda: parse_sessions(path, _expect(path, data, dict)),
        "releases_json": lambda: parse_releases(path, _expect(path, data, list)),
        "alert_rules_json": lambda: parse_alert_rules(path, _expect(path, data, list)),
    }
    return name, parsers[name]()


def _expect(path: Path, data: Any, kind: type) -> Any:
    if not isinstance(data, kind):
        raise EvidenceFormatError(path, f"is JSON but not the expected {kind.__name__} for this format")
    return data


def snapshot_files(folder: Path) -> list[Path]:
    """The Sentry files of a folder (e.g. a `readiness sentry pull` snapshot), in name order."""
    files = [p for p in files_in(folder, SNAPSHOT_PATTERNS, "Sentry export") if p.name not in SNAPSHOT_SKIP]
    if not files:
        raise EvidenceMissingError(folder, "holds a snapshot manifest but no Sentry export")
    return files


def snapshot_format(path: Path, data_kind: str | None) -> str | None:
    """Files written by `readiness sentry pull` are named after their format; empty lists stay valid."""
    return data_kind or {
        "issues.json": "issues_json",
        "events.json": "events_json",
        "sessions.json": "sessions_json",
        "alert_rules.json": "alert_rules_json",
    }.get(path.name)


def snapshot_note(path: Path) -> str:
    """Where and when a `readiness sentry pull` snapshot came from, so a report says what it shows."""
    manifest = load_json(path, read_text(path))
    if not isinstance(manifest, dict):
        raise EvidenceFormatError(path, "is not a snapshot manifest (expected a JSON object)")
    return said(
        "notes",
        "sentry_snapshot",
        url=manifest.get("base_url"),
        project=f"{manifest.get('org')}/{manifest.get('project')}",
        at=manifest.get("fetched_at"),
        days=manifest.get("since_days"),
    )


def _counted(counts: list[tuple[int, str]]):
    """ "3 events, 15 frames" in a given language, for a note (:func:`readiness.locales.said`)."""
    return lambda lang: ", ".join(f"{n} {phrased('sentry_tables', kind)(lang)}" for n, kind in counts)


@register_collector("sentry", tables=TABLE_COLUMNS)
def collect_sentry(spec: EvidenceSpec, config: Config) -> Facts:
    """Every file of the entry (a file or a folder), parsed into the shared tables."""
    target = spec.path
    if not target.exists():
        raise EvidenceMissingError(target, "file or folder not found")
    keep_users = bool(spec.options.get("show_user_ids"))
    files = snapshot_files(target) if target.is_dir() else [target]
    parts, notes = [], []
    for path in files:
        spec_format = spec.options.get("format") or (snapshot_format(path, None) if target.is_dir() else None)
        name, tables = _parse_empty_ok(path, spec_format, keep_users)
        parts.append(tables)
        counts = [(len(table), kind) for kind, table in tables.items()]
        notes.append(said("notes", "sentry_file", file=path.name, format=name, counts=_counted(counts)))
        if name == "envelope":
            notes += [f"{path.name}: {text}" for text in envelope_repairs(read_bytes(path, 65536))]
    tables = {
        name: typed_table(name, pd.concat([p[name] for p in parts if name in p], ignore_index=True))
        for name in TABLE_COLUMNS
        if any(name in p for p in parts)
    }
    tables = {name: tables.get(name, typed_table(name, [])) for name in TABLE_COLUMNS}
    if target.is_dir() and (target / "manifest.json").is_file():
        notes.insert(0, snapshot_note(target / "manifest.json"))
    record = SourceRecord(kind="sentry", location=str(target), notes=notes, figures=source_figures(tables))
    return Facts(source=record, name=spec.name, tables=tables, values={"show_user_ids": keep_users})


def _parse_empty_ok(path: Path, spec_format: str | None, keep_users: bool):
    """An empty JSON list is a valid answer once the format is known (a quiet project)."""
    if spec_format and path.suffix == ".json" and read_bytes(path).strip() == b"[]":
        return chosen_format(spec_format, path, "[]"), {}
    return parse_file(path, spec_format, keep_users)
