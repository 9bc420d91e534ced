"""Every Sentry reader, fed truncated, re-encoded, shuffled or junk files, fails only with the
typed evidence errors (readiness.errors), never another exception."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.collectors.sentry import parse_file
from readiness.collectors.sentry.formats import FORMATS
from readiness.collectors.sentry.tables import TABLE_COLUMNS
from readiness.errors import EvidenceError
from tests import damage_support as damage
from tests.sentry_support import DEMO, FIXTURES

SAMPLES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".json", ".csv", ".jsonl"))
SAMPLES += sorted((DEMO / "envelopes").glob("*.envelope"))[:2]
BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_typed_error(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            name_found, tables = parse_file(path, None, False)
        except EvidenceError as exc:
            assert name in str(exc)  # the typed error names the file
            return
        assert name_found in FORMATS
        assert all(set(t.columns) == set(TABLE_COLUMNS[k]) for k, t in tables.items())


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(0, 1))
def test_truncated_files(sample, cut):
    read_or_typed_error(sample.name, damage.cut(sample.read_bytes(), cut))


@BOUNDED
@given(
    sample=st.sampled_from(SAMPLES),
    encoding=st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1", "utf-8-sig", "cp1252"]),
    crlf=st.booleans(),
    zipped=st.booleans(),
)
def test_re_encoded_files(sample, encoding, crlf, zipped):
    data = damage.re_encoded(sample.read_bytes(), encoding, crlf)
    read_or_typed_error(sample.name, gzip.compress(data) if zipped else data)


@BOUNDED
@given(sample=st.sampled_from([p for p in SAMPLES if p.suffix == ".csv"]), seed=st.randoms())
def test_csv_columns_shuffled(sample, seed):
    text = sample.read_bytes().decode("utf-8", "replace")
    read_or_typed_error(sample.name, damage.columns_shuffled(text, seed))


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), junk=st.binary(max_size=200), where=st.floats(0, 1))
def test_junk_inserted(sample, junk, where):
    read_or_typed_error(sample.name, damage.with_junk(sample.read_bytes(), junk, where))


@BOUNDED
@given(
    name=st.sampled_from(["x.json", "x.csv", "x.envelope", "x.jsonl"]),
    data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
)
def test_pure_junk(name, data):
    read_or_typed_error(name, data)
