"""Percentiles computed from raw points must equal numpy's on the same points, per interval too."""

from __future__ import annotations

import json
import random

import numpy as np
import pandas as pd
import pytest

from readiness.collectors.load_tests import read_run
from readiness.collectors.load_tests.model import QUANTILES
from tests.load_tests_support import FIXTURES


def _raw_durations(path) -> pd.DataFrame:
    rows = []
    for line in path.read_text().splitlines():
        try:
            point = json.loads(line)
        except ValueError:
            continue
        if point["type"] == "Point" and point["metric"] == "http_req_duration":
            rows.append(
                {
                    "time": pd.Timestamp(point["data"]["time"]).tz_convert("UTC"),
                    "name": point["data"]["tags"]["name"],
                    "value": point["data"]["value"],
                }
            )
    return pd.DataFrame(rows)


def _numpy_stats(values) -> dict[str, float]:
    data = np.asarray(values, dtype="float64")
    return {
        **{stat: float(np.percentile(data, 100 * q)) for stat, q in QUANTILES.items()},
        "max": float(data.max()),
    }


def test_ndjson_overall_percentiles_equal_numpy():
    run = read_run(FIXTURES / "k6_out.ndjson")
    expected = _numpy_stats(_raw_durations(FIXTURES / "k6_out.ndjson")["value"])
    assert run.exact_percentiles
    for stat, value in expected.items():
        assert run.latency[stat] == pytest.approx(value, rel=1e-12)


def test_ndjson_per_endpoint_percentiles_equal_numpy():
    run = read_run(FIXTURES / "k6_out.ndjson")
    raw = _raw_durations(FIXTURES / "k6_out.ndjson")
    for row in run.endpoints.itertuples():
        expected = _numpy_stats(raw.loc[raw["name"] == row.endpoint, "value"])
        assert row.requests == (raw["name"] == row.endpoint).sum()
        for stat, value in expected.items():
            assert getattr(row, stat) == pytest.approx(value, rel=1e-12)


def test_ndjson_per_interval_percentiles_equal_numpy():
    run = read_run(FIXTURES / "k6_out.ndjson", interval_s=2)
    raw = _raw_durations(FIXTURES / "k6_out.ndjson")
    raw["bucket"] = raw["time"].dt.floor("2s")
    assert run.timeseries["requests"].sum() == len(raw)
    for row in run.timeseries.itertuples():
        expected = _numpy_stats(raw.loc[raw["bucket"] == row.time, "value"])
        for stat, value in expected.items():
            assert getattr(row, stat) == pytest.approx(value, rel=1e-12)


def test_jmeter_percentiles_on_random_samples_equal_numpy(tmp_path):
    rng = random.Random(42)
    elapsed = [rng.randint(1, 2000) for _ in range(997)]
    lines = ["timeStamp,elapsed,label,success"]
    lines += [
        f"{1795651200000 + 37 * i},{e},/api/x,{'true' if i % 50 else 'false'}" for i, e in enumerate(elapsed)
    ]
    path = tmp_path / "random.jtl"
    path.write_text("\n".join(lines) + "\n")
    run = read_run(path)
    for stat, value in _numpy_stats(elapsed).items():
        assert run.latency[stat] == pytest.approx(value, rel=1e-12)
    assert run.failed == sum(1 for i in range(997) if i % 50 == 0)
