"""Artillery v2 JSON reports (`artillery run --output FILE`): `aggregate` plus `intermediate` periods.

Quirks handled: counters, rates and summaries are flat dotted names;
per-endpoint figures exist only with the metrics-by-endpoint plugin; Artillery
counts an HTTP 500 as a response, not an error, so failed requests here are
`errors.*` plus responses with a 4xx/5xx code (k6's default rule); `period` is a
number in `aggregate` but a string in `intermediate`; Artillery reports arrivals,
not concurrent users, so the peak is estimated with Little's law (arrival rate
× mean session length) and said to be an estimate.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from readiness.collectors.load_tests.model import (
    ENDPOINT_COLUMNS,
    TIMESERIES_COLUMNS,
    LoadTestRun,
    endpoint_label,
    utc_timestamp,
    with_error_rate,
)
from readiness.errors import EvidenceFormatError
from readiness.locales import said
from readiness.numbers import figure

BY_ENDPOINT = "plugins.metrics-by-endpoint."
_CODE = re.compile(r"\.codes\.(\d{3})$")
SUMMARY_STATS = {"p50": "median", "p90": "p90", "p95": "p95", "p99": "p99", "max": "max"}


def _latency(summary: dict[str, Any] | None) -> dict[str, float | None]:
    summary = summary or {}
    return {
        stat: (float(summary[key]) if summary.get(key) is not None else None)
        for stat, key in SUMMARY_STATS.items()
    }


def _failed(counters: dict[str, int], prefix: str = "") -> int:
    """Network errors plus 4xx/5xx responses among the counters starting with ``prefix``."""
    total = 0
    for name, count in counters.items():
        # The metrics-by-endpoint plugin repeats every code and error under its own prefix: the
        # run's totals count the top-level counters only, or each failure would count twice.
        if not name.startswith(prefix) or (not prefix and name.startswith(BY_ENDPOINT)):
            continue
        rest = name[len(prefix) :]
        code = _CODE.search(name)
        if rest.startswith("errors.") or (code and int(code.group(1)) >= 400):
            total += int(count)
    return total


def _endpoints(block: dict[str, Any]) -> pd.DataFrame:
    counters, summaries = block.get("counters", {}), block.get("summaries", {})
    names = {
        key[len(BY_ENDPOINT + "response_time.") :]
        for key in summaries
        if key.startswith(BY_ENDPOINT + "response_time.")
    }
    rows = []
    for name in sorted(names):
        prefix = f"{BY_ENDPOINT}{name}."
        requests = sum(
            int(v)
            for k, v in counters.items()
            if k.startswith(prefix) and (_CODE.search(k) or k[len(prefix) :].startswith("errors."))
        )
        rows.append(
            {
                "endpoint": endpoint_label(name),
                "requests": requests,
                "failed": _failed(counters, prefix),
                **_latency(summaries[BY_ENDPOINT + "response_time." + name]),
            }
        )
    frame = pd.DataFrame(rows, columns=[c for c in ENDPOINT_COLUMNS if c != "error_rate"])
    return with_error_rate(frame.astype({"requests": "float64", "failed": "float64"}))[ENDPOINT_COLUMNS]


def _concurrency(block: dict[str, Any], period_s: float) -> float | None:
    """Little's law: users in the system ≈ arrival rate × mean time each one stays."""
    created = block.get("counters", {}).get("vusers.created")
    session = (block.get("summaries", {}).get("vusers.session_length") or {}).get("mean")
    if not created or session is None or not period_s:
        return None
    return created / period_s * session / 1000


def _timeseries(periods: list[dict[str, Any]]) -> pd.DataFrame:
    starts = [int(p["period"]) for p in periods if p.get("period") is not None]
    if len(starts) != len(periods) or not periods:
        return pd.DataFrame(columns=TIMESERIES_COLUMNS)
    steps = pd.Series(starts).diff().dropna()
    interval = float(steps.median()) / 1000 if len(steps) else 10.0
    rows = []
    for start, block in zip(starts, periods, strict=True):
        counters = block.get("counters", {})
        requests = int(counters.get("http.requests", 0))
        rows.append(
            {
                "time": pd.Timestamp(start, unit="ms", tz="UTC"),
                "interval_s": interval,
                "requests": requests,
                "failed": _failed(counters),
                "rps": requests / interval,
                "vus": _concurrency(block, interval),
                **_latency(block.get("summaries", {}).get("http.response_time")),
            }
        )
    frame = pd.DataFrame(rows).astype({"requests": "float64", "failed": "float64", "vus": "float64"})
    return with_error_rate(frame)[TIMESERIES_COLUMNS]


def read_artillery(data: dict[str, Any], path: str) -> LoadTestRun:
    aggregate = data.get("aggregate") or {}
    counters = aggregate.get("counters") or {}
    if "latency" in aggregate and "summaries" not in aggregate:
        raise EvidenceFormatError(
            path,
            "Artillery v1 report (aggregate.latency): re-run with "
            "Artillery v2 to get a report this tool reads",
        )
    requests = int(counters.get("http.requests", 0))
    if not requests:
        raise EvidenceFormatError(path, "Artillery report with zero HTTP requests (http.requests)")
    series = _timeseries(data.get("intermediate") or [])
    warnings = []
    peak = series["vus"].max() if not series.empty else math.nan
    if pd.notna(peak):
        warnings.append(said("notes", "artillery_users", users=lambda lang: figure(peak, ".1f", lang)))
    start = utc_timestamp(
        pd.Timestamp(aggregate["firstMetricAt"], unit="ms") if aggregate.get("firstMetricAt") else None
    )
    end = utc_timestamp(
        pd.Timestamp(aggregate["lastMetricAt"], unit="ms") if aggregate.get("lastMetricAt") else None
    )
    return LoadTestRun(
        tool="artillery",
        format="artillery-json",
        path=path,
        requests=requests,
        failed=_failed(counters),
        exact_percentiles=False,
        latency=_latency((aggregate.get("summaries") or {}).get("http.response_time")),
        start=start,
        end=end,
        peak_vus=None if pd.isna(peak) else float(peak),
        endpoints=_endpoints(aggregate),
        timeseries=series,
        warnings=warnings,
    )
