"""Reading evidence files the same way in every collector: typed errors naming the file and line.

CI artefacts (JUnit XML, coverage reports, Lighthouse JSON) arrive truncated,
empty or in the wrong format more often than one would like; each reader here
turns that into an :class:`EvidenceError` a person can act on, so the source
becomes *unavailable* and the rest of the assessment goes on.
"""

from __future__ import annotations

import gzip
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


def read_bytes(path: Path, size: int = -1) -> bytes:
    """The file's bytes (its first ``size`` ones when given); an empty file is an error."""
    try:
        with path.open("rb") as handle:
            data = handle.read(size)
    except FileNotFoundError:
        raise EvidenceMissingError(path, "file not found") from None
    except OSError as exc:
        raise EvidenceMissingError(path, f"cannot be opened ({exc.strerror or exc})") from None
    if not data.strip():
        raise EvidenceFormatError(path, "is empty")
    return data


def read_head(path: Path, size: int = 65536, errors: str = "strict") -> str:
    """The decoded beginning of a file (of its content when gzipped), BOM dropped: enough to tell its
    format without reading it all. A character cut by ``size`` is dropped; with ``errors="strict"``
    bytes that are not UTF-8 before that are a format error naming the byte."""
    if path.suffix == ".gz":
        try:
            with gzip.open(path, "rb") as handle:
                data = handle.read(size)
        except (OSError, EOFError) as exc:
            raise EvidenceFormatError(path, f"is not a readable gzip file ({exc})") from None
    else:
        data = read_bytes(path, size)
    try:
        return data.decode("utf-8-sig", errors=errors)
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3:
            raise EvidenceFormatError(path, f"is not UTF-8 text (byte {exc.start})") from None
        return data[: exc.start].decode("utf-8-sig")


def load_json(path: Path, text: str | None = None) -> Any:
    """The file's JSON (``text`` when already read); a cut-short document is said to be truncated."""
    text = read_text(path) if text is None else text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        truncated = not text.rstrip().endswith(("]", "}"))
        reason = "is truncated" if truncated else "is not valid JSON"
        raise EvidenceFormatError(path, f"{reason} ({exc.msg})", line=exc.lineno) from None


def declared_format(path: Path, declared: str, formats: tuple[str, ...], what: str, aliases=None) -> str:
    """A format named in readiness.yml (``format:``), aliases resolved, or an error listing the known ones.

    Every collector with several formats follows one contract: ``detect_format(path, text)`` tells
    the format from the file's text (its head, or all of it when already read), ``json_format(path,
    data)`` tells a JSON document's from its keys, and a declared format replaces both."""
    aliases = aliases or {}
    name = aliases.get(declared, declared)
    if name not in formats:
        known = ", ".join((*formats, *aliases))
        raise EvidenceFormatError(path, f"unknown {what} format {declared!r} (expected one of {known})")
    return name


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
