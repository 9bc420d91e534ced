"""The CI artefact readers (JUnit XML, Cobertura and lcov coverage, Lighthouse results), fed
truncated, re-encoded, reordered or junk files, fail only with the typed evidence errors naming the
file, never another exception; what they do read is counted sensibly."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from readiness.collectors.coverage import collect_coverage
from readiness.collectors.junit import collect_junit
from readiness.collectors.lighthouse import collect_lighthouse
from readiness.config import EvidenceSpec
from readiness.errors import EvidenceError
from tests import damage_support as damage
from tests.damage_support import BOUNDED
from tests.evidence_support import FIXTURES

COLLECTORS = {"junit": collect_junit, "coverage": collect_coverage, "lighthouse": collect_lighthouse}
SAMPLES = [
    ("junit", FIXTURES / "junit" / "pytest.xml"),
    ("junit", FIXTURES / "junit" / "jest-junit.xml"),
    ("junit", FIXTURES / "junit" / "reruns-repeated.xml"),
    ("coverage", FIXTURES / "coverage" / "cobertura.xml"),
    ("coverage", FIXTURES / "coverage" / "lcov.info"),
    ("lighthouse", FIXTURES / "lighthouse" / "lhr-desktop.json"),
    ("lighthouse", FIXTURES / "lighthouse" / "real" / "lhr-12.8.2-report-page.json"),
]


def read_or_typed_error(kind: str, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            facts = COLLECTORS[kind](EvidenceSpec(kind, path, kind, {}), None)
        except EvidenceError as exc:
            assert folder in str(exc)  # the typed error names the file
            return
        for table in facts.tables.values():
            numbers = table.select_dtypes("number")
            assert not (numbers < 0).any().any()  # no negative count, duration or score


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), cut=st.floats(0, 1))
def test_truncated_files(sample, cut):
    kind, path = sample
    read_or_typed_error(kind, path.name, damage.cut(path.read_bytes(), cut))


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), encoding=damage.ENCODINGS, crlf=st.booleans())
def test_re_encoded_files(sample, encoding, crlf):
    kind, path = sample
    read_or_typed_error(kind, path.name, damage.re_encoded(path.read_bytes(), encoding, crlf))


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), junk=st.binary(max_size=400), at=st.floats(0, 1))
def test_junk_inserted(sample, junk, at):
    kind, path = sample
    read_or_typed_error(kind, path.name, damage.with_junk(path.read_bytes(), junk, at))


@BOUNDED
@given(sample=st.sampled_from(SAMPLES), seed=st.randoms())
def test_lines_shuffled(sample, seed):
    """Elements and records out of order, as a merge of reports or a hand edit leaves them."""
    kind, path = sample
    lines = path.read_bytes().splitlines()
    seed.shuffle(lines)
    read_or_typed_error(kind, path.name, b"\n".join(lines))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


@BOUNDED
@given(
    key=st.sampled_from(["categories", "audits", "configSettings", "finalUrl", "fetchTime"]),
    value=JSON_VALUES,
)
def test_lighthouse_fields_of_the_wrong_shape(key, value):
    """A Lighthouse result whose top-level fields hold anything JSON can hold."""
    report = json.loads((FIXTURES / "lighthouse" / "lhr-desktop.json").read_text(encoding="utf-8"))
    report[key] = value
    read_or_typed_error("lighthouse", "lhr.json", json.dumps(report).encode())


@BOUNDED
@given(cut=st.floats(0, 1), victim=st.integers(0, 7))
def test_a_lighthouse_ci_folder_with_one_file_cut_short(cut, victim):
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "lhci"
        shutil.copytree(FIXTURES / "lighthouse" / "lhci", copy)
        files = sorted(copy.iterdir())
        target = files[victim % len(files)]
        data = target.read_bytes()
        target.write_bytes(data[: int(len(data) * cut)])
        try:
            facts = collect_lighthouse(EvidenceSpec("lighthouse", copy, "lighthouse", {}), None)
        except EvidenceError as exc:
            assert folder in str(exc)
            return
        assert len(facts.tables["runs"]) >= 1
