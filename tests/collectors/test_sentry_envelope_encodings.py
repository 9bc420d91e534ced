"""Envelopes as they reach users: CRLF line endings, a UTF-8 BOM, a gzip body saved as `.envelope`."""

from __future__ import annotations

import gzip

import pytest

from readiness.collectors.sentry import collect_sentry, parse_file
from readiness.config import Config, EvidenceSpec
from readiness.errors import EvidenceFormatError
from tests.sentry_support import DEMO

ENVELOPE = sorted((DEMO / "envelopes").glob("*.envelope"))[0]


def notes_of(path) -> list[str]:
    spec = EvidenceSpec(kind="sentry", path=path, name="sentry:envelope")
    return collect_sentry(spec, Config(name="t", profile="product", path=None)).source.notes


def events_of(path):
    return parse_file(path, None, False)[1]


def test_crlf_and_bom_envelope_reads_like_the_original(tmp_path):
    original = ENVELOPE.read_bytes()
    assert b"\r\n" not in original
    target = tmp_path / "windows.envelope"
    target.write_bytes(b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"))
    expected, got = events_of(ENVELOPE), events_of(target)
    assert expected.keys() == got.keys()
    for name, table in expected.items():
        assert table.equals(got[name]), name


def test_crlf_bom_and_gzip_are_noted_as_warnings(tmp_path):
    target = tmp_path / "saved.envelope"
    target.write_bytes(gzip.compress(b"\xef\xbb\xbf" + ENVELOPE.read_bytes()))
    notes = notes_of(target)
    assert any("gzip-compressed" in note for note in notes)
    crlf = tmp_path / "crlf.envelope"
    crlf.write_bytes(b"\xef\xbb\xbf" + ENVELOPE.read_bytes().replace(b"\n", b"\r\n"))
    notes = notes_of(crlf)
    assert any("CRLF" in note for note in notes) and any("BOM" in note for note in notes)


def test_gzip_envelope_is_decompressed(tmp_path):
    target = tmp_path / "saved.envelope"
    target.write_bytes(gzip.compress(ENVELOPE.read_bytes()))
    expected = events_of(ENVELOPE)
    got = events_of(target)
    assert all(table.equals(got[name]) for name, table in expected.items())


@pytest.mark.parametrize("body", [gzip.compress(b"{}\n" * 50)[:20], b"\x1f\x8bnot gzip at all"])
def test_broken_gzip_envelope_is_a_typed_error_naming_the_file(tmp_path, body):
    target = tmp_path / "broken.envelope"
    target.write_bytes(body)
    with pytest.raises(EvidenceFormatError) as caught:
        parse_file(target, None, False)
    assert "broken.envelope" in str(caught.value) and "gzip" in str(caught.value)


@pytest.mark.parametrize("item", [b"[1]", b'{"type":"event","length":"x"}', b'{"type":"event","length":-4}'])
def test_bad_item_header_is_a_typed_error(tmp_path, item):
    target = tmp_path / "bad.envelope"
    target.write_bytes(b'{"event_id":"0"}\n' + item + b"\n{}\n")
    with pytest.raises(EvidenceFormatError):
        parse_file(target, None, False)
