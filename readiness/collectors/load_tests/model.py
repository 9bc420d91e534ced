"""The normalised load-test run: what every tool's output is turned into before anyone judges it.

k6, Locust, JMeter and Artillery each count, time and name things their own way;
the checks and the charts only ever see this shape, so a new tool is a new reader
and nothing else changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from readiness.locales import said

LATENCY_STATS = ("p50", "p90", "p95", "p99", "max")
QUANTILES = {"p50": 0.50, "p90": 0.90, "p95": 0.95, "p99": 0.99}
ENDPOINT_COLUMNS = ["endpoint", "requests", "failed", "error_rate", *LATENCY_STATS]
TIMESERIES_COLUMNS = ["time", "interval_s", "requests", "failed", "rps", "error_rate", "vus", *LATENCY_STATS]
THRESHOLD_COLUMNS = ["metric", "condition", "ok"]
RUN_COLUMNS = [
    "run",
    "tool",
    "format",
    "path",
    "start",
    "end",
    "duration_s",
    "peak_vus",
    "requests",
    "failed",
    "error_rate",
    "throughput_rps",
    *LATENCY_STATS,
    "exact_percentiles",
    "thresholds_failed",
    "warnings",
]

_ID_SEGMENT = re.compile(
    r"^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[^/@]+@[^/]+)$",
    re.IGNORECASE,
)


def endpoint_label(name: str) -> str:
    """A URL or request name as a report may show it: no host, no query, no ids or emails.

    k6 names a request by its full URL unless the script sets a `name` tag, so
    raw names carry hosts (sometimes IPs), patient ids and query strings.
    """
    text = str(name).strip()
    if "://" in text:
        parts = urlsplit(text)
        text = parts.path or "/"
    else:
        text = text.split("?", 1)[0]
    segments = ["{id}" if _ID_SEGMENT.match(seg) else seg for seg in text.split("/")]
    return "/".join(segments) or "/"


@dataclass
class Threshold:
    """One pass/fail criterion as the load-testing tool itself judged it."""

    metric: str
    condition: str
    ok: bool | None


WHOLE_SCRIPT = Threshold("(all)", "thresholds of the script", None)
"""The one verdict a summary gives for all of a script's thresholds together (k6's summary v1)."""


@dataclass
class LoadTestRun:
    """One run of one tool, normalised. Latencies in milliseconds, times in UTC."""

    tool: str
    format: str
    path: str
    requests: int
    failed: int | None
    """None when the tool's output does not say (no failure column, no http_req_failed): unknown,
    never counted as zero."""
    latency: dict[str, float | None]
    exact_percentiles: bool
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    duration_s: float | None = None
    peak_vus: float | None = None
    throughput_rps: float | None = None
    endpoints: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ENDPOINT_COLUMNS))
    timeseries: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TIMESERIES_COLUMNS))
    thresholds: list[Threshold] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.duration_s is None and self.start is not None and self.end is not None:
            self.duration_s = (self.end - self.start).total_seconds()
        if self.throughput_rps is None and self.duration_s:
            self.throughput_rps = self.requests / self.duration_s
        if self.requests and self.failed is not None and not self.requests - self.failed:
            self.warnings.append(said("notes", "all_failed"))

    @property
    def error_rate(self) -> float | None:
        return self.failed / self.requests if self.requests and self.failed is not None else None

    def summary_row(self, run_id: str) -> dict[str, Any]:
        return {
            "run": run_id,
            "tool": self.tool,
            "format": self.format,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "duration_s": self.duration_s,
            "peak_vus": self.peak_vus,
            "requests": self.requests,
            "failed": self.failed,
            "error_rate": self.error_rate,
            "throughput_rps": self.throughput_rps,
            **{stat: self.latency.get(stat) for stat in LATENCY_STATS},
            "exact_percentiles": self.exact_percentiles,
            "thresholds_failed": sum(1 for t in self.thresholds if t.ok is False),
            "warnings": [str(w) for w in self.warnings],
        }


def with_error_rate(frame: pd.DataFrame) -> pd.DataFrame:
    """Add error_rate = failed / requests (NaN where there was no request)."""
    requests = frame["requests"].astype("float64")
    return frame.assign(error_rate=(frame["failed"] / requests.where(requests > 0)).astype("float64"))


def utc_timestamp(value: Any) -> pd.Timestamp | None:
    """Any timestamp (aware or naive, assumed UTC) as an aware UTC pandas timestamp."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


TEXT_COLUMNS = {"run", "tool", "format", "path", "endpoint", "metric", "condition"}
OTHER_COLUMN_TYPES = {
    "start": "time",
    "end": "time",
    "time": "time",
    "exact_percentiles": "boolean",
    "thresholds_failed": "integer",
    "ok": "any",  # True, False, or None when the output does not say
    "warnings": "any",  # a list of sentences
}
TABLE_COLUMNS = {
    "runs": RUN_COLUMNS,
    "endpoints": ["run", *ENDPOINT_COLUMNS],
    "timeseries": ["run", *TIMESERIES_COLUMNS],
    "thresholds": ["run", *THRESHOLD_COLUMNS],
}
TABLES = {
    name: {c: "text" if c in TEXT_COLUMNS else OTHER_COLUMN_TYPES.get(c, "number") for c in columns}
    for name, columns in TABLE_COLUMNS.items()
}
"""The declared tables (readiness.collectors.tables): counts and figures are numbers, since a
count a tool did not write is missing, not zero."""


def _times_in_utc(frame: pd.DataFrame) -> pd.DataFrame:
    """Start and end as UTC times, missing (NaT) where a summary carries no date."""
    return frame.assign(**{c: pd.to_datetime(frame[c], utc=True) for c in ("start", "end")})


def runs_tables(runs: dict[str, LoadTestRun]) -> dict[str, pd.DataFrame]:
    """The facts' tables: one row per run, and endpoints, time series and thresholds keyed by run."""

    def stacked(attr: str) -> pd.DataFrame:
        columns = TABLE_COLUMNS[attr]
        frames = [
            getattr(run, attr).assign(run=run_id)
            for run_id, run in runs.items()
            if not getattr(run, attr).empty
        ]
        if not frames:
            return pd.DataFrame(columns=columns)
        return pd.concat(frames, ignore_index=True)[columns]

    thresholds = [
        {"run": run_id, "metric": t.metric, "condition": t.condition, "ok": t.ok}
        for run_id, run in runs.items()
        for t in run.thresholds
    ]
    return {
        "runs": _times_in_utc(
            pd.DataFrame([run.summary_row(run_id) for run_id, run in runs.items()], columns=RUN_COLUMNS)
        ),
        "endpoints": stacked("endpoints"),
        "timeseries": stacked("timeseries"),
        "thresholds": pd.DataFrame(thresholds, columns=TABLE_COLUMNS["thresholds"]),
    }
