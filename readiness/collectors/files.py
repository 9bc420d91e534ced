"""Reading evidence files the same way in every collector: typed errors naming the file and line.

CI artefacts (JUnit XML, coverage reports, Lighthouse JSON) arrive truncated,
empty or in the wrong format more often than one would like; each reader here
turns that into an :class:`EvidenceError` a person can act on, so the source
becomes *unavailable* and the rest of the assessment goes on.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from readiness.errors import EvidenceFormatError, EvidenceMissingError

MAX_EVIDENCE_BYTES = 200_000_000


def read_text(path: Path) -> str:
    """The file's text; missing, unreadable, oversized or empty files raise typed errors."""
    if not path.exists():
        raise EvidenceMissingError(path, "file not found")
    if path.is_dir():
        raise EvidenceMissingError(path, "is a folder, expected a file")
    if path.stat().st_size > MAX_EVIDENCE_BYTES:
        raise EvidenceFormatError(path, f"larger than {MAX_EVIDENCE_BYTES} bytes")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EvidenceFormatError(path, f"is not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise EvidenceMissingError(path, f"cannot be read: {exc.strerror or exc}") from None
    if not text.strip():
        raise EvidenceFormatError(path, "is empty")
    return text


def load_json(path: Path) -> Any:
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise EvidenceFormatError(path, f"is not valid JSON ({exc.msg})", line=exc.lineno) from None


def load_xml(path: Path) -> ET.Element:
    """The root element; entity expansion and external entities are refused (defusedxml)."""
    try:
        return fromstring(read_text(path))
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise EvidenceFormatError(path, f"is not well-formed XML ({exc.msg})", line=line) from None
    except DefusedXmlException as exc:
        raise EvidenceFormatError(path, f"uses forbidden XML constructs ({exc})") from None


def files_in(path: Path, patterns: tuple[str, ...], what: str) -> list[Path]:
    """``path`` itself when it is a file, else the files under it matching ``patterns``."""
    if not path.exists():
        raise EvidenceMissingError(path, "not found")
    if path.is_file():
        return [path]
    found = sorted({p for pattern in patterns for p in path.rglob(pattern) if p.is_file()})
    if not found:
        raise EvidenceMissingError(path, f"folder holds no {what} ({', '.join(patterns)})")
    return found


def integer(value: str | None, path: Path, field: str, default: int = 0) -> int:
    """An integer attribute, or a format error naming the attribute."""
    if value is None or value == "":
        return default
    try:
        return int(float(value))
    except ValueError:
        raise EvidenceFormatError(path, f"{field}={value!r} is not a number") from None


def number(value: Any, path: Path, field: str) -> float | None:
    """A float (None when absent), or a format error naming the field."""
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise EvidenceFormatError(path, f"{field}={value!r} is not a number") from None
