"""How long a 1-million-row Discover CSV takes to load and aggregate, against plain pandas.read_csv.

Run on demand: ``.venv/bin/python benchmarks/sentry_discover_csv.py [--rows N]``.
The objective (issue 5) is at most 2 s for load + aggregates at 1 000 000 rows;
the baseline is ``pandas.read_csv`` of the same file in the same run, so the
ratio holds across machines.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from readiness.collectors.sentry import parse_file
from readiness.sentry_metrics import counts_by, events_per_day, top_issues, unhandled_share

OBJECTIVE_S = 2.0
TITLES = [
    "TypeError: Cannot read properties of undefined (reading 'score')",
    "FetchError: network timeout",
    "'=SUM(A1:A9)",
    "AuthApiError: Invalid login for a@b.example",
    "ChunkLoadError: Loading chunk 412 failed.",
    "'-1 is not a valid dose",
    "RangeError: Maximum call stack size exceeded",
    "SyntaxError: Unexpected token '<'",
]


def write_export(path: Path, rows: int, seed: int = 5) -> None:
    """A Discover export of single events, shaped like the UI's (ISO timestamps, escaped cells)."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-02-01T00:00:00Z").value // 10**9
    frame = pd.DataFrame(
        {
            "title": np.array(TITLES)[rng.integers(0, len(TITLES), rows)],
            "project": "mymonka-web",
            "environment": np.where(rng.random(rows) < 0.9, "production", "staging"),
            "release": np.where(rng.random(rows) < 0.8, "mymonka-web@1.3.2", "mymonka-web@1.4.0-rc.1"),
            "error.handled": np.where(rng.random(rows) < 0.7, "true", "false"),
            "level": np.array(["error", "warning", "fatal"])[rng.integers(0, 3, rows)],
            "timestamp": pd.to_datetime(
                start + rng.integers(0, 40 * 86400, rows), unit="s", utc=True
            ).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        }
    )
    frame.to_csv(path, index=False)


def timed(fn) -> tuple[float, float, object]:
    """Wall time and CPU time (all threads): on a shared machine the second is the fair figure."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def load_and_aggregate(path: Path) -> dict:
    _, tables = parse_file(path, None, False)
    events, issues = tables["events"], tables["issues"] if "issues" in tables else pd.DataFrame()
    empty_issues = pd.DataFrame(columns=["is_unhandled", "count"])
    return {
        "per_day": events_per_day(events),
        "by_env": counts_by(events, "environment"),
        "unhandled": unhandled_share(events, issues if not issues.empty else empty_issues),
        "top": top_issues(events, pd.DataFrame()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "discover.csv"
        write_export(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        base_wall, base_cpu, _ = min(
            (timed(lambda: pd.read_csv(path)) for _ in range(args.repeat)), key=lambda run: run[0]
        )
        wall, cpu, result = min(
            (timed(lambda: load_and_aggregate(path)) for _ in range(args.repeat)), key=lambda run: run[0]
        )
    share = result["unhandled"].share
    print(
        f"rows: {args.rows:,}  file: {size_mb:.1f} MB  best of {args.repeat}  "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"baseline pandas.read_csv:     wall {base_wall:5.2f} s  cpu {base_cpu:5.2f} s")
    print(
        f"readiness load + aggregates:  wall {wall:5.2f} s  cpu {cpu:5.2f} s  "
        f"({wall / base_wall:.2f}x wall, {cpu / base_cpu:.2f}x cpu of the baseline)"
    )
    print(
        f"objective {OBJECTIVE_S:.1f} s (wall): {'met' if wall <= OBJECTIVE_S else 'MISSED'}"
        f"  (unhandled share {share:.1%}, {len(result['per_day'])} day×environment rows)"
    )


if __name__ == "__main__":
    main()
