"""Every load-test reader, fed truncated, re-encoded, shuffled or junk files, fails only with the
typed evidence errors (readiness.errors) naming the file, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.collectors.load_tests import read_run
from readiness.errors import EvidenceError
from tests.load_tests_support import FIXTURES

SAMPLES = [
    FIXTURES / name
    for name in (
        "k6_out.ndjson",
        "k6_summary_export.json",
        "k6_handle_summary.json",
        "k6_summary_v1.json",
        "real/k6-v0.55-out.json",
        "real/k6-v0.55-out.csv",
        "real/k6-csv-k6-learn.csv",
        "jmeter/results.jtl",
        "jmeter/results.xml",
        "artillery/mymonka.json",
    )
]
LOCUST = FIXTURES / "locust_v2"
BOUNDED = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_typed_error(name: str, data: bytes, siblings: dict[str, bytes] | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for sibling, content in (siblings or {}).items():
            (Path(folder) / sibling).write_bytes(content)
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            run = read_run(path)
        except EvidenceError as exc:
            assert folder in str(exc)  # the typed error names a file of the run
            return
        assert run.requests >= 0 and (run.failed is None or run.failed >= 0)


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(0, 1))
def test_truncated_files(sample, cut):
    data = sample.read_bytes()
    read_or_typed_error(sample.name, data[: int(len(data) * cut)])


@BOUNDED
@given(
    sample=st.sampled_from(SAMPLES),
    encoding=st.sampled_from(["utf-16", "utf-32", "latin-1", "utf-8-sig", "cp1252"]),
    crlf=st.booleans(),
)
def test_re_encoded_files(sample, encoding, crlf):
    text = sample.read_bytes().decode("utf-8", "replace")
    data = (text.replace("\n", "\r\n") if crlf else text).encode(encoding, "replace")
    read_or_typed_error(sample.name, data)


@BOUNDED
@given(sample=st.sampled_from([p for p in SAMPLES if p.suffix in (".csv", ".jtl")]), seed=st.randoms())
def test_csv_columns_shuffled(sample, seed):
    rows = [line.split(",") for line in sample.read_text().splitlines()]
    order = list(range(max(len(r) for r in rows)))
    seed.shuffle(order)
    shuffled = "\n".join(",".join(r[i] for i in order if i < len(r)) for r in rows)
    read_or_typed_error(sample.name, shuffled.encode())


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), junk=st.binary(max_size=400), at=st.floats(0, 1))
def test_junk_inserted(sample, junk, at):
    data = sample.read_bytes()
    cut = int(len(data) * at)
    read_or_typed_error(sample.name, data[:cut] + junk + data[cut:])


@BOUNDED
@given(stats_cut=st.floats(0, 1), history_cut=st.floats(0, 1))
def test_locust_runs_cut_anywhere(stats_cut, history_cut):
    stats = (LOCUST / "mymonka_stats.csv").read_bytes()
    history = (LOCUST / "mymonka_stats_history.csv").read_bytes()
    read_or_typed_error(
        "run_stats.csv",
        stats[: int(len(stats) * stats_cut)],
        {"run_stats_history.csv": history[: int(len(history) * history_cut)]},
    )
