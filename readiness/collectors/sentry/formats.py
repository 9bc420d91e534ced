"""Which Sentry export a file is: the declared format, else what its text shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from readiness.collectors.files import declared_format, load_json
from readiness.errors import EvidenceFormatError

FORMATS = (
    "discover_csv",
    "discover_json",
    "discover_jsonl",
    "issues_json",
    "events_json",
    "sessions_json",
    "releases_json",
    "alert_rules_json",
    "envelope",
)
FORMAT_ALIASES = {
    "glitchtip": "issues_json",
    "glitchtip_issues": "issues_json",
    "issues": "issues_json",
    "events": "events_json",
    "sessions": "sessions_json",
    "discover": "discover_csv",
    "csv": "discover_csv",
    "envelopes": "envelope",
}


def detect_format(path: Path, text: str) -> str:
    """Which Sentry export a file is, from its text (the extension is often wrong)."""
    if _not_json(text):
        return "discover_csv"
    first_line = text.lstrip().split("\n", 1)
    if len(first_line) > 1 and _is_envelope(first_line):
        return "envelope"
    if len(first_line) > 1 and first_line[1].strip() and _is_json_object(first_line[0]):
        return "discover_jsonl"
    return json_format(path, load_json(path, text))


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def _is_envelope(lines: list[str]) -> bool:
    try:
        header = json.loads(lines[0])
        item = json.loads(lines[1].split("\n", 1)[0])
    except json.JSONDecodeError:
        return False
    return isinstance(header, dict) and isinstance(item, dict) and "type" in item


def json_format(path: Path, data: Any) -> str:
    """Classify parsed JSON by the keys each documented shape carries."""
    if isinstance(data, dict):
        if "groups" in data and "intervals" in data:
            return "sessions_json"
        if "data" in data and "meta" in data:
            return "discover_json"
        if {"entries", "exception", "eventID", "event_id"} & set(data):
            return "events_json"
        raise EvidenceFormatError(
            path, f"is JSON but not a Sentry export (top-level keys: {', '.join(sorted(map(str, data))[:8])})"
        )
    if not isinstance(data, list) or not data:
        raise EvidenceFormatError(
            path,
            "is an empty list: nothing tells which Sentry export it is (set `format:` on the evidence entry)",
        )
    first = data[0]
    if not isinstance(first, dict):
        raise EvidenceFormatError(path, "is a JSON list of non-objects, not a Sentry export")
    keys = set(first)
    if {"shortId", "culprit"} <= keys or {"firstSeen", "lastSeen", "count"} <= keys:
        return "issues_json"
    if "healthData" in keys or "projects" in keys and "version" in keys:
        return "releases_json"
    if {"actions", "conditions"} <= keys or {"triggers", "aggregate"} <= keys:
        return "alert_rules_json"
    if {"eventID", "event_id", "entries", "exception"} & keys or {"dateCreated", "tags"} <= keys:
        return "events_json"
    raise EvidenceFormatError(
        path,
        f"is a JSON list but not a Sentry export (keys of the first item: {', '.join(sorted(keys)[:8])})",
    )


def _not_json(text: str) -> bool:
    """Neither a JSON document nor JSON lines: what Sentry exports otherwise is a Discover CSV."""
    return text.lstrip()[:1] not in ("[", "{")


def is_csv(spec_format: str | None, head: str) -> bool:
    """A Discover CSV export, told from the file's first bytes or its declared format."""
    if spec_format:
        return FORMAT_ALIASES.get(spec_format, spec_format) == "discover_csv"
    return _not_json(head)


def chosen_format(spec_format: str | None, path: Path, text: str) -> str:
    """The declared format, else the one the text shows."""
    if spec_format:
        return declared_format(path, spec_format, FORMATS, "Sentry", FORMAT_ALIASES)
    return detect_format(path, text)
