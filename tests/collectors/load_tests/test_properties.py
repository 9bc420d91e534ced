"""Every load-test reader, fed truncated, re-encoded, shuffled or junk files, fails only with the
typed evidence errors (readiness.errors) naming the file, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from readiness.collectors.load_tests import read_run
from readiness.errors import EvidenceError
from tests import damage_support as damage
from tests.damage_support import BOUNDED
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
    read_or_typed_error(sample.name, damage.cut(sample.read_bytes(), cut))


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), encoding=damage.ENCODINGS, crlf=st.booleans())
def test_re_encoded_files(sample, encoding, crlf):
    read_or_typed_error(sample.name, damage.re_encoded(sample.read_bytes(), encoding, crlf))


@BOUNDED
@given(sample=st.sampled_from([p for p in SAMPLES if p.suffix in (".csv", ".jtl")]), seed=st.randoms())
def test_csv_columns_shuffled(sample, seed):
    read_or_typed_error(sample.name, damage.columns_shuffled(sample.read_text(), seed))


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), junk=st.binary(max_size=400), at=st.floats(0, 1))
def test_junk_inserted(sample, junk, at):
    read_or_typed_error(sample.name, damage.with_junk(sample.read_bytes(), junk, at))


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
