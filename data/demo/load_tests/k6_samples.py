"""k6 outputs written to k6's documented formats, since k6 itself cannot be installed here.

One simulated run produces the four files k6 can write for it: the `--out json`
stream (Metric and Point lines, local UTC offset, slightly out of time order,
about 3 KB a request), `--summary-export` (thresholds inverted: true = failed),
the `handleSummary()` data and the machine-readable summary 1.0.0. The summaries
are computed from the same simulated requests, so all four agree.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np

ENDPOINTS = {"/api/patients": (3.0, 0.4, 0.0), "/api/patients/{id}": (2.5, 0.3, 0.0),
             "/api/patients/{id}/score": (4.2, 0.5, 0.03)}
TIMINGS = ("http_req_blocked", "http_req_connecting", "http_req_tls_handshaking", "http_req_sending",
           "http_req_waiting", "http_req_receiving")
OFFSET = timezone(timedelta(hours=1))


@dataclass
class SimulatedRequest:
    time: datetime
    endpoint: str
    duration_ms: float
    status: int


def simulate(requests: int, vus: int, start: datetime, seed: int = 6) -> list[SimulatedRequest]:
    """Requests spread over vus users, latencies log-normal per endpoint, a few 500s on the score."""
    rng = random.Random(seed)
    names = list(ENDPOINTS)
    out, clock = [], start
    for _ in range(requests):
        name = rng.choice(names)
        mu, sigma, errors = ENDPOINTS[name]
        clock += timedelta(microseconds=rng.randint(1, 2_000_000 // vus))
        status = 500 if rng.random() < errors else 200
        out.append(SimulatedRequest(clock, name, round(rng.lognormvariate(mu, sigma), 6), status))
    return out


def _stamp(moment: datetime) -> str:
    """k6 writes nanoseconds and the machine's local offset: 2026-11-20T10:00:00.123456000+01:00."""
    text = moment.astimezone(OFFSET).isoformat(timespec="microseconds")
    return text[:-6] + "000" + text[-6:]


def _point(metric: str, moment: datetime, value: float, tags: dict | None) -> str:
    return json.dumps({"type": "Point", "data": {"time": _stamp(moment), "value": value, "tags": tags},
                       "metric": metric}, separators=(",", ":"))


def _metric(metric: str, kind: str, contains: str, thresholds: list[str]) -> str:
    return json.dumps({"type": "Metric", "data": {"type": kind, "contains": contains, "tainted": None,
                                                   "thresholds": thresholds, "submetrics": None},
                       "metric": metric}, separators=(",", ":"))


def ndjson_lines(requests: list[SimulatedRequest], vus: int, host: str = "https://api.mymonka.test",
                 seed: int = 6) -> Iterator[str]:
    """The `--out json` lines of a run, shuffled a little as k6's buffered writers do."""
    rng = random.Random(seed)
    yield _metric("vus", "gauge", "default", [])
    yield _metric("http_reqs", "counter", "default", [])
    yield _metric("http_req_duration", "trend", "time", ["p(95)<500"])
    yield _metric("http_req_failed", "rate", "default", ["rate<0.01"])
    yield from (_metric(name, "trend", "time", []) for name in TIMINGS)
    window: list[str] = []
    next_vus_at = requests[0].time if requests else None
    for number, request in enumerate(requests):
        if next_vus_at is not None and request.time >= next_vus_at:
            window.append(_point("vus", request.time, vus, None))
            next_vus_at = request.time + timedelta(seconds=1)
        url = host + request.endpoint.replace("{id}", str(1000 + number % 500))
        tags = {"expected_response": "true" if request.status < 400 else "false", "group": "",
                "method": "GET", "name": request.endpoint, "proto": "HTTP/1.1", "scenario": "default",
                "status": str(request.status), "tls_version": "tls1.3", "url": url}
        window.append(_point("http_reqs", request.time, 1, tags))
        window.append(_point("http_req_duration", request.time, request.duration_ms, tags))
        window += [_point(name, request.time, round(request.duration_ms * 0.1, 6), tags)
                   for name in TIMINGS]
        window.append(_point("http_req_failed", request.time, int(request.status >= 400), tags))
        if len(window) >= 400:
            rng.shuffle(window)
            yield from window
            window = []
    rng.shuffle(window)
    yield from window


def write_ndjson(path: Path, requests: list[SimulatedRequest], vus: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for line in ndjson_lines(requests, vus):
            handle.write(line + "\n")
    return path


def _trend(values: list[float]) -> dict[str, float]:
    data = np.asarray(values, dtype="float64")
    return {"avg": float(data.mean()), "min": float(data.min()), "med": float(np.median(data)),
            "max": float(data.max()), "p(90)": float(np.percentile(data, 90)),
            "p(95)": float(np.percentile(data, 95)), "p(99)": float(np.percentile(data, 99))}


def _figures(requests: list[SimulatedRequest]) -> dict:
    duration_s = (requests[-1].time - requests[0].time).total_seconds()
    failed = sum(r.status >= 400 for r in requests)
    return {"duration_s": duration_s, "count": len(requests), "rate": len(requests) / duration_s,
            "failed": failed, "fail_rate": failed / len(requests),
            "trend": _trend([r.duration_ms for r in requests]),
            "by_endpoint": {name: _trend([r.duration_ms for r in requests if r.endpoint == name])
                            for name in ENDPOINTS}}


def summary_export(requests: list[SimulatedRequest], vus: int, p95_limit_ms: float = 500) -> dict:
    """`--summary-export`: flat values; thresholds map to true when they FAILED (k6 issue 1498)."""
    fig = _figures(requests)
    duration = {**fig["trend"], "thresholds": {f"p(95)<{p95_limit_ms:g}":
                                               not fig["trend"]["p(95)"] < p95_limit_ms}}
    metrics = {
        "http_reqs": {"count": fig["count"], "rate": fig["rate"]},
        "http_req_duration": duration,
        "http_req_failed": {"passes": fig["failed"], "fails": fig["count"] - fig["failed"],
                            "value": fig["fail_rate"],
                            "thresholds": {"rate<0.01": not fig["fail_rate"] < 0.01}},
        "vus": {"value": vus, "min": 1, "max": vus},
        "vus_max": {"value": vus, "min": vus, "max": vus},
    }
    for name, trend in fig["by_endpoint"].items():
        metrics[f"http_req_duration{{name:{name}}}"] = {**trend, "thresholds": {"p(95)<800": False}}
    return {"root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e",
                           "groups": {}, "checks": {}}, "metrics": metrics}


def handle_summary_data(requests: list[SimulatedRequest], vus: int, p95_limit_ms: float = 500) -> dict:
    """The object k6 passes to handleSummary(): values nested, thresholds as {ok: bool}."""
    fig = _figures(requests)
    metrics = {
        "http_reqs": {"type": "counter", "contains": "default",
                      "values": {"count": fig["count"], "rate": fig["rate"]}},
        "http_req_duration": {"type": "trend", "contains": "time", "values": fig["trend"],
                              "thresholds": {f"p(95)<{p95_limit_ms:g}":
                                             {"ok": fig["trend"]["p(95)"] < p95_limit_ms}}},
        "http_req_failed": {"type": "rate", "contains": "default",
                            "values": {"rate": fig["fail_rate"], "passes": fig["failed"],
                                       "fails": fig["count"] - fig["failed"]},
                            "thresholds": {"rate<0.01": {"ok": fig["fail_rate"] < 0.01}}},
        "vus_max": {"type": "gauge", "contains": "default",
                    "values": {"value": vus, "min": vus, "max": vus}},
    }
    return {"root_group": {"name": "", "path": "", "id": "d41d8cd98f00b204e9800998ecf8427e",
                           "groups": [], "checks": []},
            "options": {"summaryTrendStats": ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
                        "summaryTimeUnit": "", "noColor": False},
            "state": {"isStdOutTTY": False, "isStdErrTTY": False,
                      "testRunDurationMs": fig["duration_s"] * 1000},
            "metrics": metrics}


def machine_summary(requests: list[SimulatedRequest], vus: int) -> dict:
    """The machine-readable end-of-test summary, schema 1.0.0 (grafana/k6-summary)."""
    fig = _figures(requests)
    end = requests[-1].time.astimezone(UTC).isoformat().replace("+00:00", "Z")

    def metric(name: str, kind: str, contains: str, category: str, values: dict) -> dict:
        return {"name": name, "type": kind, "contains": contains, "category": category, "values": values}

    return {
        "version": "1.0.0",
        "metadata": {"generatedAt": end, "k6Version": "1.1.0"},
        "config": {"execution": "local", "script": "mymonka.js", "duration": fig["duration_s"]},
        "results": {"passed": fig["trend"]["p(95)"] < 500 and fig["fail_rate"] < 0.01, "metrics": [
            metric("http_reqs", "counter", "default", "http", {"count": fig["count"], "rate": fig["rate"]}),
            metric("http_req_duration", "trend", "time", "http", {**fig["trend"], "count": fig["count"]}),
            metric("http_req_failed", "rate", "default", "http",
                   {"rate": fig["fail_rate"], "passes": fig["failed"],
                    "fails": fig["count"] - fig["failed"]}),
            metric("vus_max", "gauge", "default", "execution", {"value": vus, "min": vus, "max": vus}),
        ]},
    }


def write_k6_samples(out_dir: Path, requests: int = 600, vus: int = 20,
                     start: datetime = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)) -> list[Path]:
    """All four k6 files for one simulated run, under ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    simulated = simulate(requests, vus, start)
    written = [write_ndjson(out_dir / "k6-raw.ndjson", simulated, vus)]
    for name, data in (("k6-summary-export.json", summary_export(simulated, vus)),
                       ("k6-handle-summary.json", handle_summary_data(simulated, vus)),
                       ("k6-summary-v1.json", machine_summary(simulated, vus))):
        path = out_dir / name
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written
