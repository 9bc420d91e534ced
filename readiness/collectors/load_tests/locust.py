"""Locust `--csv PREFIX` results: PREFIX_stats.csv and, when present, its sibling files.

Quirks handled: column names changed across versions (`# requests` became
`Request Count`, `Method` became `Type`), the total row is `Aggregated` (once
`Total`), percentile columns depend on the version and on
PERCENTILES_TO_REPORT, empty windows are written `N/A`, and the history's
percentiles cover a rolling window, not the interval. Locust's own
percentiles are rounded estimates, so they are never called exact.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from readiness.collectors.load_tests.model import (
    ENDPOINT_COLUMNS,
    LATENCY_STATS,
    TIMESERIES_COLUMNS,
    LoadTestRun,
    endpoint_label,
    utc_timestamp,
    with_error_rate,
)
from readiness.collectors.load_tests.samples import connect
from readiness.errors import EvidenceFormatError
from readiness.locales import said

SUFFIXES = ("_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv")
TOTAL_ROW_NAMES = ("Aggregated", "Total")
ALIASES = {
    "requests": ("Request Count", "# requests", "Total Request Count"),
    "failed": ("Failure Count", "# failures", "Total Failure Count"),
    "p50": ("50%", "Median Response Time", "Median response time"),
    "p90": ("90%",),
    "p95": ("95%",),
    "p99": ("99%",),
    "max": ("100%", "Max Response Time", "Max response time"),
    "rps": ("Requests/s",),
}
NUMERIC_COLUMNS = {name for names in ALIASES.values() for name in names} | {
    "Timestamp",
    "User Count",
    "Occurrences",
    "Count",
}


def prefix_of(path: Path) -> str | None:
    """`out/mymonka_stats_history.csv` → `out/mymonka`; None for a file that is not Locust's."""
    return next((str(path)[: -len(s)] for s in SUFFIXES if path.name.endswith(s)), None)


def read_csv(path: Path, totals_only: bool = False) -> pd.DataFrame:
    """The columns this reader uses from a Locust CSV, numbers cast once, `N/A` and blanks as missing.

    DuckDB reads only those columns (a stats history runs to millions of rows);
    ``totals_only`` keeps the Aggregated rows before anything reaches pandas.
    """
    con = connect()
    # null_padding + strict_mode off: a file cut short mid-row keeps its header and its whole rows.
    reader = "read_csv(?, header = true, all_varchar = true, null_padding = true, strict_mode = false)"
    try:
        present = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {reader}", [str(path)]).fetchall()]
        numbers = [
            f"TRY_CAST(NULLIF(NULLIF(trim(\"{c}\"), 'N/A'), '') AS DOUBLE) AS \"{c}\""
            for c in present
            if c in NUMERIC_COLUMNS
        ]
        names = ['"Name"'] if "Name" in present else []
        where = f' WHERE "Name" IN {TOTAL_ROW_NAMES!r}' if totals_only and names else ""
        return con.execute(
            f"SELECT {', '.join(names + numbers) or '*'} FROM {reader}{where}", [str(path)]
        ).df()
    except duckdb.Error as exc:
        raise EvidenceFormatError(path, f"is not a readable CSV file ({exc})") from None


def cut_short(path: Path) -> bool:
    """Whether a CSV file ends mid-row (no final newline): a run killed while Locust wrote it."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        if not handle.tell():
            return False
        handle.seek(-1, 2)
        return handle.read(1) not in (b"\n", b"\r")


def _column(frame: pd.DataFrame, stat: str) -> str | None:
    return next((name for name in ALIASES[stat] if name in frame.columns), None)


def _normalised(frame: pd.DataFrame, path: Path, warnings: list[str]) -> pd.DataFrame:
    """Stats rows with our column names; a missing percentile column becomes NaN, with a warning."""
    if _column(frame, "requests") is None or "Name" not in frame.columns:
        raise EvidenceFormatError(path, "has no Name / Request Count columns: not a Locust stats file")
    out = pd.DataFrame({"name": frame["Name"].astype(str)})
    missing = []
    for stat in ("requests", "failed", *LATENCY_STATS):
        column = _column(frame, stat)
        if column is None:
            missing.append(stat)
        out[stat] = pd.to_numeric(frame[column], errors="coerce") if column else float("nan")
    if missing:
        warnings.append(said("notes", "locust_no_column", file=path.name, columns=", ".join(missing)))
    # Unknown is not zero: without a failure column the failures stay NaN (an unknown error rate).
    return out.astype({"requests": "float64", "failed": "float64"}).fillna({"requests": 0})


def _history(path: Path, warnings: list[str]) -> dict:
    """Run fields from the Aggregated rows of _stats_history.csv: time series, span, peak users.

    Counts per interval come from differences of the running totals.
    """
    raw = read_csv(path, totals_only=True)
    if "Timestamp" not in raw.columns:
        raise EvidenceFormatError(path, "has no Timestamp column: not a Locust stats history")
    if cut_short(path) and not raw.empty:
        raw = raw.iloc[:-1]
        warnings.append(said("notes", "locust_cut", file=path.name))
    raw = raw.dropna(subset=["Timestamp"]).sort_values("Timestamp")
    totals = _normalised(raw, path, warnings)
    times = pd.to_datetime(raw["Timestamp"].astype("int64"), unit="s", utc=True)
    missing = pd.Series(float("nan"), index=raw.index)
    frame = pd.DataFrame(
        {
            "time": times,
            "interval_s": times.diff().dt.total_seconds(),
            "requests": totals["requests"].diff().clip(lower=0),
            "failed": totals["failed"].diff().clip(lower=0),
            "rps": raw.get(_column(raw, "rps") or "", missing),
            "vus": raw.get("User Count", missing),
            **{stat: totals[stat] for stat in LATENCY_STATS},
        }
    ).iloc[1:]
    # Before its rolling window holds a response, Locust writes 0 for every percentile: not a latency.
    empty_window = (frame[list(LATENCY_STATS)] == 0).all(axis=1)
    frame.loc[empty_window, list(LATENCY_STATS)] = float("nan")
    series = with_error_rate(frame)[TIMESERIES_COLUMNS]
    return dict(
        timeseries=series,
        peak_vus=_number(series["vus"].max()),
        start=utc_timestamp(times.min()),
        end=utc_timestamp(times.max()),
    )


def read_locust(prefix: str) -> LoadTestRun:
    """One run from the files sharing ``prefix``; only PREFIX_stats.csv is required."""
    stats_path = Path(prefix + "_stats.csv")
    if not stats_path.exists():
        raise EvidenceFormatError(
            prefix + "_stats_history.csv",
            f"Locust history without its {stats_path.name}: the run's totals are missing",
        )
    warnings: list[str] = []
    raw_stats = read_csv(stats_path)
    if cut_short(stats_path) and not raw_stats.empty:
        raw_stats = raw_stats.iloc[:-1]
        warnings.append(said("notes", "locust_cut", file=stats_path.name))
    stats = _normalised(raw_stats, stats_path, warnings)
    total = stats[stats["name"].isin(TOTAL_ROW_NAMES)]
    endpoints = stats[~stats["name"].isin(TOTAL_ROW_NAMES)].rename(columns={"name": "endpoint"})
    endpoints["endpoint"] = endpoints["endpoint"].map(endpoint_label)
    if total.empty:
        warnings.append(said("notes", "locust_no_total", file=stats_path.name))
        total = pd.DataFrame([{"requests": endpoints["requests"].sum(), "failed": endpoints["failed"].sum()}])
    row = total.iloc[0]
    if not row["requests"]:
        raise EvidenceFormatError(stats_path, "Locust recorded zero requests")
    fields = {}
    history_path = Path(prefix + "_stats_history.csv")
    if history_path.exists():
        fields = _history(history_path, warnings)
    else:
        warnings.append(said("notes", "no_history_csv"))
    warnings += _side_file_notes(prefix)
    return LoadTestRun(
        tool="locust",
        format="locust-csv",
        path=str(stats_path),
        requests=int(row["requests"]),
        failed=None if pd.isna(row["failed"]) else int(row["failed"]),
        exact_percentiles=False,
        latency={stat: _number(row.get(stat)) for stat in LATENCY_STATS},
        endpoints=with_error_rate(endpoints)[ENDPOINT_COLUMNS],
        warnings=warnings,
        **fields,
    )


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _side_file_notes(prefix: str) -> list[str]:
    """Counts from _failures.csv and _exceptions.csv (their text may quote user data: not copied)."""
    notes: list[str] = []
    for suffix, column, key in (
        ("_failures.csv", "Occurrences", "locust_failures"),
        ("_exceptions.csv", "Count", "locust_exceptions"),
    ):
        path = Path(prefix + suffix)
        if path.exists():
            frame = read_csv(path)
            count = int(pd.to_numeric(frame.get(column), errors="coerce").sum()) if len(frame) else 0
            if count:
                notes.append(said("notes", key, file=path.name, count=count))
    return notes
