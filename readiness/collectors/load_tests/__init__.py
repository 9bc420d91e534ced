"""Load-test evidence: k6, Locust, JMeter and Artillery results, normalised into runs.

The evidence path is one result file or a folder of them. Each file's format is
recognised from its content (the entry's `format` option overrides it); Locust's
`--csv` files are grouped by their prefix into one run. A file that cannot be
read is skipped with its reason in the source's notes; the source is
unavailable only when no run at all could be read.

Options of an `evidence: load_tests:` entry: `format` (one of FORMATS),
`interval_seconds` (time-series step), `date` (YYYY-MM-DD, for summaries that
carry no date, such as k6 `--summary-export`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.collectors.files import declared_format, read_head
from readiness.collectors.load_tests import artillery, jmeter, k6, locust
from readiness.collectors.load_tests.model import TABLES, LoadTestRun, runs_tables, utc_timestamp
from readiness.errors import EvidenceError, EvidenceFormatError, EvidenceMissingError
from readiness.locales import said
from readiness.model import SourceRecord
from readiness.numbers import figure, rate_figure

log = logging.getLogger(__name__)
RESULT_SUFFIXES = {".json", ".ndjson", ".jsonl", ".csv", ".jtl", ".xml", ".gz"}
MAX_JSON_DOCUMENT_BYTES = 512 * 1024 * 1024
KNOWN_TOOLS = "k6, Locust, JMeter or Artillery"

JsonReader = Callable[[dict[str, Any], str], LoadTestRun]
JSON_READERS: dict[str, JsonReader] = {
    "k6-summary-export": k6.read_summary_export,
    "k6-handle-summary": k6.read_handle_summary,
    "k6-summary-v1": k6.read_machine_summary,
    "artillery-json": artillery.read_artillery,
}
FORMATS = (*JSON_READERS, "k6-ndjson", "k6-csv", "locust-csv", "jmeter-csv", "jmeter-xml")


def json_format(path: Path, data: Any) -> str:
    """Which tool wrote this JSON document, from the keys each one always writes."""
    if isinstance(data, dict):
        if "aggregate" in data:
            return "artillery-json"
        if {"version", "metadata", "results"} <= set(data):
            return "k6-summary-v1"
        metrics = data.get("metrics")
        if isinstance(metrics, dict) and metrics:
            nested = all(isinstance(m, dict) and "values" in m for m in metrics.values())
            return "k6-handle-summary" if nested else "k6-summary-export"
    raise EvidenceFormatError(path, f"JSON that is not a result of {KNOWN_TOOLS} (wrong tool?)")


def detect_format(path: Path, text: str) -> str:
    """The format of one result file, from its first bytes (never from its name alone); ``"json"``
    for a JSON document, which json_format then tells apart by its keys."""
    head = text.lstrip()
    first_line = head.split("\n", 1)[0]
    if head.startswith("<"):
        if "<testResults" in head:
            return "jmeter-xml"
        raise EvidenceFormatError(path, "XML that is not a JMeter JTL (no <testResults>)")
    if head.startswith("{"):
        try:
            line = json.loads(first_line)
        except ValueError:
            return "json"
        return "k6-ndjson" if line.get("type") in ("Metric", "Point") else "json"
    if first_line.lstrip("\ufeff").startswith("metric_name,timestamp,metric_value"):
        return "k6-csv"
    if "timeStamp" in first_line and "elapsed" in first_line:
        return "jmeter-csv"
    if locust.prefix_of(path) and "Name" in first_line:
        return "locust-csv"
    raise EvidenceFormatError(path, f"not a result file of {KNOWN_TOOLS}")


def _read_json_document(path: Path, fmt: str | None) -> LoadTestRun:
    if path.stat().st_size > MAX_JSON_DOCUMENT_BYTES:
        raise EvidenceFormatError(
            path, "JSON document too large for a summary; a raw k6 stream must be one JSON object per line"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except ValueError as exc:
        raise EvidenceFormatError(
            path, f"is not valid JSON ({exc})", line=getattr(exc, "lineno", None)
        ) from None
    fmt = fmt if fmt in JSON_READERS else json_format(path, data)
    try:
        return JSON_READERS[fmt](data, str(path))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise EvidenceFormatError(
            path, f"does not have the shape of a {fmt} file ({type(exc).__name__}: {exc})"
        ) from None


def read_run(path: Path, fmt: str | None = None, interval_s: int | None = None) -> LoadTestRun:
    """One result file → one normalised run. ``fmt`` overrides the detection."""
    fmt = fmt or detect_format(path, read_head(path, 4096, errors="replace"))
    if fmt == "k6-ndjson":
        return k6.read_ndjson(path, interval_s)
    if fmt == "k6-csv":
        return k6.read_csv_output(path, interval_s)
    if fmt == "jmeter-csv":
        return jmeter.read_jtl_csv(path, interval_s)
    if fmt == "jmeter-xml":
        return jmeter.read_jtl_xml(path, interval_s)
    if fmt == "locust-csv":
        prefix = locust.prefix_of(path)
        if prefix is None:
            raise EvidenceFormatError(path, "a Locust result file ends with _stats.csv")
        return locust.read_locust(prefix)
    return _read_json_document(path, fmt)


def _result_files(root: Path) -> list[Path]:
    """Result files under ``root``; Locust's siblings collapse onto their _stats.csv."""
    files = [p for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in RESULT_SUFFIXES]
    out, prefixes = [], set()
    for path in files:
        prefix = locust.prefix_of(path)
        if prefix is None:
            out.append(path)
        elif prefix not in prefixes:
            prefixes.add(prefix)
            stats = Path(prefix + "_stats.csv")
            out.append(stats if stats.exists() else path)
    return out


def _run_id(path: Path, root: Path) -> str:
    name = str(path.relative_to(root)) if root.is_dir() else path.name
    prefix = locust.prefix_of(Path(name))
    return prefix if prefix is not None else name


def _dated(run: LoadTestRun, date: str | None) -> LoadTestRun:
    """A summary without a date gets the one the entry declares (`date:`), as its end."""
    if run.end is None and date:
        run.end = utc_timestamp(pd.Timestamp(str(date)))
        run.warnings.append(said("notes", "date_from_entry", date=date))
    elif run.end is None:
        run.warnings.append(said("notes", "no_date"))
    return run


def collect_runs(root: Path, options: dict[str, Any]) -> tuple[dict[str, LoadTestRun], list[str]]:
    """Every readable run under ``root`` and, for the others, why they were skipped."""
    if not root.exists():
        raise EvidenceMissingError(root, "does not exist")
    fmt, interval = options.get("format"), options.get("interval_seconds")
    if fmt is not None:
        declared_format(root, fmt, FORMATS, "load-test")
    paths = _result_files(root) if root.is_dir() else [root]
    runs, skipped = {}, []
    for path in paths:
        try:
            runs[_run_id(path, root)] = _dated(read_run(path, fmt, interval), options.get("date"))
        except EvidenceError as exc:
            if not root.is_dir():
                raise
            log.warning("load-test file skipped", extra={"path": str(path), "reason": exc.reason})
            skipped.append(str(exc))
    if not runs:
        reasons = "; ".join(skipped) or "no result file found"
        raise EvidenceFormatError(root, f"no readable load-test result ({reasons})")
    return runs, skipped


def threshold_note(run: LoadTestRun) -> str:
    """ ", 2 thresholds set by the script, 1 failed (http_req_duration: p(95)<500)" — or nothing —
    in every language."""
    if not run.thresholds:
        return ""
    failed = [f"{t.metric}: {t.condition}" for t in run.thresholds if t.ok is False]
    unknown = any(t.ok is None for t in run.thresholds)
    key = "thresholds_failed" if failed else "thresholds_unknown" if unknown else "thresholds_passed"
    return said("notes", key, count=len(run.thresholds), failed=len(failed), which="; ".join(failed))


def run_figures(run: LoadTestRun) -> dict[str, Any]:
    """One run's figures at full precision for the assessment JSON (None where the tool's output
    does not say: an unknown error rate is not 0)."""
    return {
        "tool": run.tool,
        "format": run.format,
        "requests": run.requests,
        "failed": run.failed,
        "error_rate": run.error_rate,
        **{stat: run.latency.get(stat) for stat in ("p50", "p95", "p99")},
        "duration_s": run.duration_s,
        "users": run.peak_vus,
        "throughput_rps": run.throughput_rps,
        "thresholds_set": len(run.thresholds),
        "thresholds_failed": [f"{t.metric}: {t.condition}" for t in run.thresholds if t.ok is False],
    }


def _notes(runs: dict[str, LoadTestRun], skipped: list[str]) -> list[str]:
    """One note per run (its tool, requests, error rate and thresholds), then its warnings, then
    the files skipped, each in every language where its words are in the locale files."""
    notes: list[str] = []
    for run_id, run in runs.items():
        notes.append(
            said(
                "notes",
                "load_run",
                run=run_id,
                tool=run.tool,
                format=run.format,
                requests=lambda lang, n=run.requests: figure(n, ",d", lang),
                rate=lambda lang, r=run.error_rate: "?" if r is None else rate_figure(r, lang),
                thresholds=threshold_note(run),
            )
        )
        notes += [said("notes", "run_warning", run=run_id, warning=warning) for warning in run.warnings]
    return notes + [said("notes", "skipped", reason=reason) for reason in skipped]


@register_collector("load_tests", tables=TABLES)
def collect_load_tests(spec, config) -> Facts:
    """Normalised runs, endpoints, time series and thresholds of every result under the path."""
    runs, skipped = collect_runs(Path(spec.path), spec.options)
    record = SourceRecord(
        kind="load_tests",
        location=str(spec.path),
        notes=_notes(runs, skipped),
        figures={"runs": {run_id: run_figures(run) for run_id, run in runs.items()}},
    )
    return Facts(
        source=record,
        name=spec.name,
        tables=runs_tables(runs),
        values={"skipped": skipped, "formats": sorted({r.format for r in runs.values()})},
    )
