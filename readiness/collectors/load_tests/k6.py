"""k6 results: the three end-of-test summaries and the raw `--out json` stream.

Quirks read here on purpose, each documented by k6 itself:
- `--summary-export` writes a threshold as ``{"p(95)<500": false}`` where
  ``true`` means the threshold *failed* (kept for compatibility, k6 issue 1498);
- for a Rate metric, ``passes`` counts non-zero values: for `http_req_failed`
  that is the number of *failed* requests. Some exporters get this backwards,
  so the count is cross-checked against the rate;
- `handleSummary()` data nests values under ``values`` and thresholds as
  ``{"ok": bool}``; the machine-readable summary (schema 1.0.0) lists metrics
  in an array, gives one overall ``passed`` and the end time;
- `--out json` writes one JSON object a line, not ordered by time, with local
  UTC offsets; files of gigabytes are normal, so it is streamed by DuckDB.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from readiness.collectors.load_tests.model import (
    ENDPOINT_COLUMNS,
    LATENCY_STATS,
    WHOLE_SCRIPT,
    LoadTestRun,
    Threshold,
    endpoint_label,
    utc_timestamp,
    with_error_rate,
)
from readiness.collectors.load_tests.samples import connect, summarise_samples
from readiness.errors import EvidenceFormatError
from readiness.locales import said

TREND_STATS = {"med": "p50", "p(50)": "p50", "p(90)": "p90", "p(95)": "p95", "p(99)": "p99", "max": "max"}
_SUBMETRIC = re.compile(r"^(?P<metric>[\w.]+)\{(?P<tags>.*)\}$")
_TAIL_BYTES = 1 << 16
READ_METRICS = ("http_req_duration", "vus")
_K6_LAYOUT = re.compile(
    r'^\{"type":"(Metric|Point)","data":\{.*\},"metric":"[^"]+"\}$'
    r'|^\{"metric":"[^"]+","type":"(Metric|Point)","data":\{.*\}\}$'
)
_RAW_LINES_OPTIONS = (
    "columns = {'line': 'VARCHAR'}, delim = '\\x1f', quote = '', escape = '', "
    "header = false, auto_detect = false, strict_mode = false"
)
# k6 has written both key orders: `{"type":"Point",…,"metric":"NAME"}` and, since v0.4x, Points as
# `{"metric":"NAME","type":"Point",…}` (Metric lines keep the first order). Keep both.
_KEEP_LINE_SQL = " OR ".join(
    [
        *(f'ends_with(line, \'"metric":"{m}"}}\')' for m in READ_METRICS),
        *(f'starts_with(line, \'{{"metric":"{m}",\')' for m in READ_METRICS),
        'starts_with(line, \'{"type":"Metric"\')',
        "NOT ends_with(line, '}')",
    ]
)
_LINE_FIELDS = (
    "$.type",
    "$.metric",
    "$.data.time",
    "$.data.value",
    "$.data.tags.name",
    "$.data.tags.url",
    "$.data.tags.status",
    "$.data.tags.expected_response",
    "$.data.thresholds",
)
# One parse a line: every field is extracted by one json_extract_string call (a malformed line → NULLs).
_PARSED_LINES_SQL = (
    "SELECT f[1] AS type, f[2] AS metric, f[3] AS time, TRY_CAST(f[4] AS DOUBLE) AS value, "
    "coalesce(f[5], f[6]) AS name, f[7] AS status, f[8] AS expected, f[9] AS thresholds "
    f"FROM (SELECT try(json_extract_string(line, {list(_LINE_FIELDS)!r})) AS f"
)
NDJSON_COLUMNS = {
    "type": "VARCHAR",
    "metric": "VARCHAR",
    "data": "STRUCT(time VARCHAR, value DOUBLE, thresholds JSON, "
    "tags STRUCT(name VARCHAR, url VARCHAR, status VARCHAR, "
    "expected_response VARCHAR))",
}


def _endpoint_of(tags: str) -> str | None:
    """`name:/api/x` or `url:https://…/x` in a submetric's tag list → an endpoint label."""
    for tag in tags.split(","):
        key, _, value = tag.partition(":")
        if key.strip() in ("name", "url") and value:
            return endpoint_label(value.strip())
    return None


def metric_label(key: str) -> str:
    """A (sub)metric name safe to show: `http_req_duration{url:https://10.0.0.1/p/42}` keeps its
    tag keys, while URL and name values lose their host, ids and query (see endpoint_label)."""
    match = _SUBMETRIC.match(key)
    if not match:
        return key
    tags = []
    for tag in match["tags"].split(","):
        tag_key, sep, value = tag.partition(":")
        shown = endpoint_label(value.strip()) if tag_key.strip() in ("name", "url") else value
        tags.append(f"{tag_key}{sep}{shown}")
    return f"{match['metric']}{{{','.join(tags)}}}"


def _latency(values: dict[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = dict.fromkeys(LATENCY_STATS)
    for key, stat in TREND_STATS.items():
        if values.get(key) is not None:
            out[stat] = float(values[key])
    return out


def _failed_requests(values: dict[str, Any], requests: int, warnings: list[str]) -> int | None:
    """Failed requests from the `http_req_failed` Rate metric, cross-checked against its rate."""
    rate = values.get("rate", values.get("value"))
    passes = values.get("passes")
    from_rate = round(float(rate) * requests) if rate is not None else None
    if passes is not None and (from_rate is None or abs(int(passes) - from_rate) <= max(1, requests // 1000)):
        return int(passes)
    if from_rate is None:
        warnings.append(said("notes", "k6_no_failed_metric"))
        return None
    if passes is not None:
        warnings.append(said("notes", "k6_contradiction", passes=passes, rate=rate, failed=from_rate))
    return from_rate


def _endpoints(metrics: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Per-endpoint latency from submetrics such as `http_req_duration{name:/api/patients}`."""
    rows: dict[str, dict[str, Any]] = {}
    for key, values in metrics.items():
        match = _SUBMETRIC.match(key)
        endpoint = match and _endpoint_of(match["tags"])
        if not endpoint:
            continue
        row = rows.setdefault(endpoint, {"endpoint": endpoint, "requests": None, "failed": None})
        if match["metric"] == "http_req_duration":
            row.update({k: v for k, v in _latency(values).items() if v is not None})
            row["requests"] = row["requests"] or values.get("count")
        elif match["metric"] == "http_reqs":
            row["requests"] = values.get("count")
        elif match["metric"] == "http_req_failed" and values.get("passes") is not None:
            row["failed"] = values["passes"]
    frame = pd.DataFrame(list(rows.values()), columns=[c for c in ENDPOINT_COLUMNS if c != "error_rate"])
    return with_error_rate(frame.astype({"requests": "float64", "failed": "float64"}))[ENDPOINT_COLUMNS]


def _summary_run(
    metrics: dict[str, dict[str, Any]],
    thresholds: list[Threshold],
    path: str,
    fmt: str,
    duration_s: float | None = None,
    end: pd.Timestamp | None = None,
) -> LoadTestRun:
    warnings: list[str] = []
    reqs = metrics.get("http_reqs")
    if reqs is None or "http_req_duration" not in metrics:
        raise EvidenceFormatError(
            path, "k6 summary without http_reqs or http_req_duration: no HTTP request was measured"
        )
    requests = int(reqs.get("count", 0))
    if not requests:
        raise EvidenceFormatError(path, "k6 summary counts zero HTTP requests")
    latency = _latency(metrics["http_req_duration"])
    missing = [stat for stat, value in latency.items() if value is None]
    if missing:
        warnings.append(said("notes", "k6_missing_percentiles", names=", ".join(missing)))
    if duration_s is None and reqs.get("rate"):
        duration_s = requests / float(reqs["rate"])
    vus = metrics.get("vus") or metrics.get("vus_max") or {}
    start = end - pd.Timedelta(seconds=duration_s) if end is not None and duration_s else None
    return LoadTestRun(
        tool="k6",
        format=fmt,
        path=path,
        requests=requests,
        failed=_failed_requests(metrics.get("http_req_failed", {}), requests, warnings),
        latency=latency,
        exact_percentiles=False,
        start=start,
        end=end,
        duration_s=duration_s,
        peak_vus=vus.get("max"),
        throughput_rps=reqs.get("rate"),
        endpoints=_endpoints(metrics),
        thresholds=thresholds,
        warnings=warnings,
    )


def read_summary_export(data: dict[str, Any], path: str) -> LoadTestRun:
    """`k6 run --summary-export`: flat metric values; a threshold value of true means it FAILED."""
    metrics = {
        name: {k: v for k, v in values.items() if k != "thresholds"}
        for name, values in data["metrics"].items()
    }
    thresholds = [
        Threshold(metric_label(name), condition, ok=not failed)
        for name, values in data["metrics"].items()
        for condition, failed in (values.get("thresholds") or {}).items()
    ]
    return _summary_run(metrics, thresholds, path, "k6-summary-export")


def read_handle_summary(data: dict[str, Any], path: str) -> LoadTestRun:
    """The `data` object k6 passes to handleSummary(): values nested, thresholds as {ok: bool}."""
    metrics = {name: metric.get("values", {}) for name, metric in data["metrics"].items()}
    thresholds = [
        Threshold(metric_label(name), condition, ok=bool(result.get("ok")))
        for name, metric in data["metrics"].items()
        for condition, result in (metric.get("thresholds") or {}).items()
    ]
    duration_ms = (data.get("state") or {}).get("testRunDurationMs")
    return _summary_run(
        metrics, thresholds, path, "k6-handle-summary", duration_s=duration_ms / 1000 if duration_ms else None
    )


def read_machine_summary(data: dict[str, Any], path: str) -> LoadTestRun:
    """The machine-readable summary (schema 1.0.0): metrics as a list, one overall verdict."""
    results = data["results"]
    metrics = {metric["name"]: metric.get("values", {}) for metric in results.get("metrics", [])}
    thresholds = [replace(WHOLE_SCRIPT, ok=bool(results.get("passed")))]
    end = utc_timestamp((data.get("metadata") or {}).get("generatedAt"))
    return _summary_run(
        metrics,
        thresholds,
        path,
        "k6-summary-v1",
        duration_s=(data.get("config") or {}).get("duration"),
        end=end,
    )


def _last_line_is_truncated(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(max(0, path.stat().st_size - _TAIL_BYTES))
        lines = [line for line in handle.read().splitlines() if line.strip()]
    if not lines:
        return False
    try:
        json.loads(lines[-1])
    except ValueError:
        return True
    return False


def _ndjson_warnings(con, path: Path) -> list[str]:
    counts = con.execute(
        "SELECT count(*) FILTER (WHERE type IS NULL), "
        "count(*) FILTER (WHERE type = 'Point' AND ts IS NULL), "
        "list(DISTINCT tz) FILTER (WHERE tz IS NOT NULL) FROM points"
    ).fetchall()[0]
    malformed, untimed, zones = counts
    zones = zones or []
    warnings = []
    if malformed:
        key = "k6_malformed_truncated" if _last_line_is_truncated(path) else "k6_malformed"
        warnings.append(said("notes", key, count=malformed))
    if untimed:
        warnings.append(said("notes", "k6_untimed", count=untimed))
    if len(zones) > 1:
        warnings.append(said("notes", "k6_zones", zones=", ".join(sorted(zones))))
    return warnings


def _first_line(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        return handle.readline(_TAIL_BYTES).decode("utf-8-sig", errors="replace").rstrip("\r\n")


def _select_lines(con, path: Path) -> None:
    """Fill the text table ``lines`` with the Metric lines and the points of the metrics read.

    k6 writes compact envelopes ending in ``"metric":"NAME"}``, so a suffix test
    keeps the ~10 % of lines worth parsing without parsing the rest; that reads
    a gigabyte about as fast as DuckDB counts its lines (see
    benchmarks/load_tests_readers.py). Lines cut short are kept too, to be
    counted as malformed. A file laid out otherwise (re-serialised, spaced: its
    first line says so) is read by DuckDB's JSON reader instead.
    """
    if _K6_LAYOUT.match(_first_line(path)):
        con.execute(
            f"CREATE TABLE lines AS {_PARSED_LINES_SQL} FROM read_csv(?, {_RAW_LINES_OPTIONS}) "
            f"WHERE {_KEEP_LINE_SQL})",
            [str(path)],
        )
        return
    con.execute(
        "CREATE TABLE lines AS SELECT type, metric, data.time AS time, data.value AS value, "
        "coalesce(data.tags.name, data.tags.url) AS name, data.tags.status AS status, "
        "data.tags.expected_response AS expected, data.thresholds AS thresholds "
        "FROM read_json(?, format = 'newline_delimited', ignore_errors = true, columns = "
        f"{NDJSON_COLUMNS!r}) WHERE type IS NULL OR type = 'Metric' "
        f"OR metric IN {READ_METRICS!r}",
        [str(path)],
    )


def read_ndjson(path: Path, interval_s: int | None = None) -> LoadTestRun:
    """`k6 run --out json=FILE`: Metric and Point lines, streamed once into an in-memory table."""
    con = connect()
    try:
        _select_lines(con, path)
    except duckdb.Error as exc:  # bytes that are not UTF-8 text, a line DuckDB cannot split
        raise EvidenceFormatError(path, f"is not a readable k6 JSON stream ({type(exc).__name__})") from None
    con.execute(
        "CREATE TABLE points AS SELECT type, metric, try_cast(time AS TIMESTAMPTZ) AS ts, value, name, "
        "status, expected, CASE WHEN type = 'Point' THEN (CASE WHEN time LIKE '%Z' THEN 'Z' "
        "ELSE right(time, 6) END) END AS tz, "
        "CASE WHEN type = 'Metric' THEN thresholds END AS thresholds FROM lines"
    )
    con.execute("DROP TABLE lines")
    if not con.execute("SELECT count(*) FROM points WHERE type IN ('Metric', 'Point')").fetchall()[0][0]:
        raise EvidenceFormatError(path, "no k6 Metric or Point line: not a k6 --out json file")
    con.execute(
        "CREATE VIEW samples AS SELECT ts, name, value AS latency_ms, "
        "coalesce(expected = 'false', try_cast(status AS INTEGER) NOT BETWEEN 1 AND 399, true) "
        "AS failed FROM points WHERE type = 'Point' AND metric = 'http_req_duration' "
        "AND ts IS NOT NULL"
    )
    con.execute(
        "CREATE VIEW vus AS SELECT ts, value FROM points "
        "WHERE type = 'Point' AND metric = 'vus' AND ts IS NOT NULL"
    )
    declared = con.execute(
        "SELECT metric, thresholds FROM points WHERE type = 'Metric' AND thresholds IS NOT NULL"
    ).fetchall()
    thresholds = [
        Threshold(metric, str(condition), ok=None)
        for metric, raw in declared
        for condition in (json.loads(raw) or [])
    ]
    return summarise_samples(
        con,
        str(path),
        "k6",
        "k6-ndjson",
        interval_s,
        thresholds=thresholds,
        warnings=_ndjson_warnings(con, path),
    )


K6_CSV_COLUMNS = ("metric_name", "timestamp", "metric_value")
# K6_CSV_TIME_FORMAT: unix (seconds, the default), unix_milli, unix_micro… or rfc3339.
_K6_CSV_NUMBER = "TRY_CAST(timestamp AS DOUBLE)"
_K6_CSV_TIME = (
    f"CASE WHEN {_K6_CSV_NUMBER} IS NULL THEN try_cast(timestamp AS TIMESTAMPTZ) "
    f"WHEN {_K6_CSV_NUMBER} > 1e14 THEN to_timestamp({_K6_CSV_NUMBER} / 1e6) "
    f"WHEN {_K6_CSV_NUMBER} > 1e11 THEN to_timestamp({_K6_CSV_NUMBER} / 1e3) "
    f"ELSE to_timestamp({_K6_CSV_NUMBER}) END"
)
_K6_CSV_READER = "read_csv(?, header = true, all_varchar = true, null_padding = true, strict_mode = false)"


def read_csv_output(path: Path, interval_s: int | None = None) -> LoadTestRun:
    """`k6 run --out csv=FILE`: one row per sample (metric_name, timestamp, metric_value, then the
    tags: expected_response, status, name, url…). Timestamps are Unix seconds, or RFC 3339 when the
    script set `timeFormat`."""
    con = connect()
    try:
        columns = {
            row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {_K6_CSV_READER}", [str(path)]).fetchall()
        }
        missing = [c for c in K6_CSV_COLUMNS if c not in columns]
        if missing:
            raise EvidenceFormatError(path, "k6 CSV without the column(s) " + ", ".join(missing))
        tag = lambda name: name if name in columns else f"NULL AS {name}"  # noqa: E731
        con.execute(
            f"CREATE TABLE points AS SELECT metric_name AS metric, {_K6_CSV_TIME} AS ts, "
            "TRY_CAST(metric_value AS DOUBLE) AS value, "
            f"coalesce({tag('name')}, {tag('url')}) AS name, {tag('status')}, {tag('expected_response')} "
            f"FROM {_K6_CSV_READER} WHERE metric_name IN {READ_METRICS!r}",
            [str(path)],
        )
    except duckdb.Error as exc:
        raise EvidenceFormatError(path, f"is not a readable CSV file ({exc})") from None
    dropped = con.execute("SELECT count(*) FROM points WHERE ts IS NULL OR value IS NULL").fetchall()[0][0]
    con.execute(
        "CREATE VIEW samples AS SELECT ts, name, value AS latency_ms, "
        "coalesce(expected_response = 'false', try_cast(status AS INTEGER) NOT BETWEEN 1 AND 399, "
        "true) AS failed FROM points WHERE metric = 'http_req_duration' AND ts IS NOT NULL "
        "AND value IS NOT NULL"
    )
    con.execute("CREATE VIEW vus AS SELECT ts, value FROM points WHERE metric = 'vus' AND ts IS NOT NULL")
    if not con.execute("SELECT count(*) FROM samples").fetchall()[0][0]:
        raise EvidenceFormatError(path, "holds no http_req_duration sample: the run made no HTTP request")
    warnings = [f"{dropped} row(s) without a readable time or value skipped"] if dropped else []
    return summarise_samples(con, str(path), "k6", "k6-csv", interval_s, warnings=warnings)
