"""Lighthouse reports: category scores and the key lab metrics, per audited URL.

Accepted evidence:
- one Lighthouse result (LHR) JSON, as ``lighthouse --output json`` writes it;
- a Lighthouse CI folder (``.lighthouseci/``): its ``manifest.json`` when present
  (only the representative run of each URL is kept, as LHCI does), otherwise
  every ``lhr-*.json``; plus ``assertion-results.json`` when ``lhci assert`` ran.
Scores stay on Lighthouse's 0-1 scale. URLs are kept without query strings and
with IP addresses redacted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.collectors.files import load_json, number
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceFormatError, EvidenceMissingError
from readiness.locales import said
from readiness.model import SourceRecord
from readiness.redact import redact_url

CATEGORIES = ("performance", "accessibility", "best-practices", "seo", "pwa")
KEY_METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
    "interactive",
    "server-response-time",
)
TABLES = {
    "runs": {
        "report": "text",
        "url": "text",
        "form_factor": "text",
        "lighthouse_version": "text",
        "fetch_time": "text",
        "runtime_error": "text",
        **{c.replace("-", "_"): "any" for c in CATEGORIES},  # a score, or None when not run
    },
    "metrics": {
        "report": "text",
        "url": "text",
        "metric": "text",
        "value": "number",
        "unit": "text",
        "score": "number",
    },
    "assertions": {
        "url": "text",
        "audit": "text",
        "level": "text",
        "passed": "boolean",
        "operator": "text",
        "expected": "any",
        "actual": "any",
    },
}


def _mapping(data: Any, path: Path, key: str) -> dict:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise EvidenceFormatError(path, f"has no {key!r} object: not a Lighthouse result (LHR)")
    return value


def _object(value: Any) -> dict:
    """A JSON object where one is expected, else an empty one: a field of another shape says nothing."""
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def parse_lhr(path: Path) -> tuple[dict, list[dict]]:
    """One run row and its metric rows from a Lighthouse result file."""
    data = load_json(path)
    categories, audits = _mapping(data, path, "categories"), _mapping(data, path, "audits")
    urls = (_text(data.get(key)) for key in ("finalDisplayedUrl", "finalUrl", "requestedUrl"))
    url = redact_url(next((u for u in urls if u), ""))
    run = {
        "report": path.name,
        "url": url,
        "form_factor": _text(_object(data.get("configSettings")).get("formFactor")),
        "lighthouse_version": _text(data.get("lighthouseVersion")),
        "fetch_time": _text(data.get("fetchTime")),
        "runtime_error": _text(_object(data.get("runtimeError")).get("code")),
    }
    for category in CATEGORIES:
        score = _object(categories.get(category)).get("score")
        run[category.replace("-", "_")] = number(score, path, f"categories.{category}.score")
    metrics = [
        {
            "report": path.name,
            "url": url,
            "metric": metric,
            "value": number(audits[metric].get("numericValue"), path, f"audits.{metric}"),
            "unit": _text(audits[metric].get("numericUnit")),
            "score": number(audits[metric].get("score"), path, f"audits.{metric}.score"),
        }
        for metric in KEY_METRICS
        if isinstance(audits.get(metric), dict)
    ]
    return run, metrics


def _manifest_reports(folder: Path) -> list[Path]:
    """The representative LHR of each URL named by LHCI's manifest, found beside it."""
    manifest_path = folder / "manifest.json"
    manifest = load_json(manifest_path)
    if not isinstance(manifest, list):
        raise EvidenceFormatError(manifest_path, "is not a list of runs: not an LHCI manifest")
    entries = [e for e in manifest if isinstance(e, dict) and isinstance(e.get("jsonPath"), str)]
    chosen = [e for e in entries if e.get("isRepresentativeRun")] or entries
    reports = []
    for entry in chosen:
        named = Path(entry["jsonPath"])
        report = named if named.is_file() else folder / named.name
        if not report.is_file():
            raise EvidenceMissingError(manifest_path, f"names {named.name}, which is not in {folder}")
        reports.append(report)
    return reports


def lhr_files(path: Path) -> list[Path]:
    if not path.exists():
        raise EvidenceMissingError(path, "not found")
    if path.is_file():
        return [path]
    if (path / "manifest.json").is_file():
        return _manifest_reports(path)
    found = sorted(p for pattern in ("lhr-*.json", "*.report.json") for p in path.glob(pattern))
    if not found:
        raise EvidenceMissingError(path, "folder holds no manifest.json, lhr-*.json or *.report.json")
    return found


def parse_assertions(path: Path) -> list[dict]:
    """``lhci assert`` results: which budget or score assertion passed or failed, per URL."""
    data = load_json(path)
    if not isinstance(data, list):
        raise EvidenceFormatError(path, "is not a list of assertion results")
    return [
        {
            "url": redact_url(_text(item.get("url")) or ""),
            "audit": _text(item.get("auditId")),
            "level": _text(item.get("level")),
            "passed": item.get("passed") is True,
            "operator": _text(item.get("operator")),
            "expected": item.get("expected"),
            "actual": item.get("actual"),
        }
        for item in data
        if isinstance(item, dict)
    ]


@register_collector("lighthouse", tables=TABLES)
def collect_lighthouse(spec: EvidenceSpec, config: Config) -> Facts:
    reports = lhr_files(spec.path)
    parsed = [parse_lhr(report) for report in reports]
    runs = pd.DataFrame([run for run, _ in parsed], columns=list(TABLES["runs"]))
    metrics = pd.DataFrame([m for _, ms in parsed for m in ms], columns=list(TABLES["metrics"]))
    assertion_file = spec.path / "assertion-results.json" if spec.path.is_dir() else None
    assertions = pd.DataFrame(
        parse_assertions(assertion_file) if assertion_file and assertion_file.is_file() else [],
        columns=list(TABLES["assertions"]),
    )
    record = SourceRecord(
        kind="lighthouse",
        location=str(spec.path),
        notes=[said("notes", "runs", count=len(runs)), said("notes", "urls", count=runs["url"].nunique())],
    )
    return Facts(
        source=record,
        name=spec.name,
        tables={"runs": runs, "metrics": metrics, "assertions": assertions},
        values={"reports": [str(r) for r in reports]},
    )
