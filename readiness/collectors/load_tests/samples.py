"""Exact statistics from raw request samples (k6 `--out json`, JMeter JTL), computed in DuckDB.

Raw exports run to gigabytes, so the readers load only the columns that matter
into a DuckDB table ``samples(ts TIMESTAMPTZ, name VARCHAR, latency_ms DOUBLE,
failed BOOLEAN)`` (and optionally ``vus(ts TIMESTAMPTZ, value DOUBLE)``); every
figure below is then one aggregate query. ``quantile_cont`` interpolates linearly
between the two nearest points, which is numpy's default percentile, so the
percentiles are exact, not the estimates a tool's summary gives.
"""

from __future__ import annotations

import math
from typing import Any

import duckdb
import pandas as pd

from readiness.collectors.load_tests.model import (
    QUANTILES,
    TIMESERIES_COLUMNS,
    LoadTestRun,
    endpoint_label,
    utc_timestamp,
    with_error_rate,
)
from readiness.errors import EvidenceFormatError

MAX_POINTS_PER_SERIES = 300
NICE_INTERVALS_S = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 86400)
_STATS_SQL = (
    f"count(*) AS requests, count(*) FILTER (WHERE failed) AS failed, "
    f"quantile_cont(latency_ms, {list(QUANTILES.values())}) AS q, max(latency_ms) AS max"
)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose session time zone is UTC, so timestamps never shift silently."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    return con


def series_interval(duration_s: float) -> int:
    """The smallest round interval that keeps a chart under a few hundred points."""
    wanted = duration_s / MAX_POINTS_PER_SERIES
    return next((step for step in NICE_INTERVALS_S if step >= wanted), NICE_INTERVALS_S[-1])


def _spread_quantiles(frame: pd.DataFrame) -> pd.DataFrame:
    """The `q` list column of a stats query → one column per percentile."""
    # No sample in a group gives NULL (None, or pandas' NA): its percentiles are unknown, not an error.
    values = frame.pop("q").map(
        lambda q: (
            list(q) if isinstance(q, list | tuple) or hasattr(q, "tolist") else [math.nan] * len(QUANTILES)
        )
    )
    spread = pd.DataFrame(values.tolist(), columns=list(QUANTILES), index=frame.index, dtype="float64")
    return pd.concat([frame, spread], axis=1)


def _endpoint_table(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    names = con.sql("SELECT DISTINCT name FROM samples").df()["name"]
    labels = pd.DataFrame({"name": names, "endpoint": names.fillna("(unnamed)").map(endpoint_label)})
    con.register("endpoint_labels", labels)
    frame = con.sql(
        f"SELECT l.endpoint, {_STATS_SQL} FROM samples s JOIN endpoint_labels l "
        "ON s.name IS NOT DISTINCT FROM l.name GROUP BY l.endpoint "
        "ORDER BY requests DESC, l.endpoint"
    ).df()
    return with_error_rate(_spread_quantiles(frame))


def _timeseries_table(con: duckdb.DuckDBPyConnection, interval_s: int, has_vus: bool) -> pd.DataFrame:
    step_ms = interval_s * 1000
    bucket = f"(epoch_ms(ts) // {step_ms}) * {step_ms}"
    frame = con.sql(
        f"SELECT {bucket} AS bucket, {_STATS_SQL} FROM samples GROUP BY bucket ORDER BY bucket"
    ).df()
    frame = _spread_quantiles(frame)
    if has_vus:
        vus = con.sql(f"SELECT {bucket} AS bucket, max(value) AS vus FROM vus GROUP BY bucket").df()
        frame = frame.merge(vus, on="bucket", how="left")
    else:
        frame["vus"] = math.nan
    frame["time"] = pd.to_datetime(frame.pop("bucket"), unit="ms", utc=True)
    frame["interval_s"] = interval_s
    frame["rps"] = frame["requests"] / interval_s
    return with_error_rate(frame)[TIMESERIES_COLUMNS]


def _has_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchall()[0][0]
    return bool(found) and bool(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])


def summarise_samples(
    con: duckdb.DuckDBPyConnection,
    path: str,
    tool: str,
    fmt: str,
    interval_s: int | None = None,
    **run_fields: Any,
) -> LoadTestRun:
    """One normalised run from the ``samples`` (and optional ``vus``) tables of ``con``."""
    overall = _spread_quantiles(
        con.sql(f"SELECT {_STATS_SQL}, min(ts) AS start, max(ts) AS end FROM samples").df()
    ).iloc[0]
    requests = int(overall["requests"])
    if not requests:
        raise EvidenceFormatError(path, "contains no request sample (zero requests)")
    start, end = utc_timestamp(overall["start"]), utc_timestamp(overall["end"])
    has_vus = _has_rows(con, "vus")
    if has_vus:
        vus_span = con.execute("SELECT min(ts), max(ts), max(value) FROM vus").fetchall()[0]
        start, end = min(start, utc_timestamp(vus_span[0])), max(end, utc_timestamp(vus_span[1]))
        run_fields.setdefault("peak_vus", float(vus_span[2]))
    duration = max((end - start).total_seconds(), 1e-3)
    interval = interval_s or series_interval(duration)
    return LoadTestRun(
        tool=tool,
        format=fmt,
        path=path,
        requests=requests,
        failed=int(overall["failed"]),
        latency={stat: float(overall[stat]) for stat in (*QUANTILES, "max")},
        exact_percentiles=True,
        start=start,
        end=end,
        duration_s=duration,
        endpoints=_endpoint_table(con),
        timeseries=_timeseries_table(con, interval, has_vus),
        **run_fields,
    )
