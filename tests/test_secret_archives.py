"""Secrets committed inside an archive (LEVELS.md: "in any form, archives included").

handy-hub commits `HOLY HAND CLUB -- NEED NODE MODULES.zip`, whose `.env` holds the database
password: the archive's text members are scanned in memory, within bounds, and cited at the archive.
"""

from __future__ import annotations

import io
import json
import tarfile
import zipfile

from readiness.model import Level, Status
from readiness.secret_scan import MAX_ARCHIVE_MEMBERS, scan_archive
from tests.repo_check_support import run_one
from tests.secret_support import GENERIC_PASSWORD, PROVIDER_SECRETS

DOT_ENV = f"DB_PASSWORD='{GENERIC_PASSWORD}'\nGITHUB_TOKEN={PROVIDER_SECRETS['github_token']}\n"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tarred(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_a_secret_inside_a_committed_zip_or_tarball_is_committed(make_repo):
    for name, packed in (
        ("HOLY HAND CLUB -- NEED NODE MODULES.zip", zipped),
        ("backup/site.tar.gz", tarred),
    ):
        repo = make_repo({name: packed({"src/App.jsx": b"export default 1;\n", ".env": DOT_ENV.encode()})})
        found = run_one(repo, "secrets.no_hardcoded_secrets")
        assert found.status is Status.FAIL and found.blocker and found.shows is Level.ABSENT, name
        assert {ref.path for ref in found.evidence} == {name}
        shown = json.dumps([ref.excerpt for ref in found.evidence])
        assert (
            "[.env]" in shown
            and GENERIC_PASSWORD not in shown
            and PROVIDER_SECRETS["github_token"] not in shown
        )


def test_a_clean_archive_is_read_and_a_broken_one_leaves_the_scan_inconclusive(make_repo):
    clean = make_repo({"docs/assets.zip": zipped({"README.md": b"# Assets\n"})})
    assert run_one(clean, "secrets.no_hardcoded_secrets").status is Status.PASS
    broken = make_repo({"docs/assets.zip": b"PK\x03\x04\x00\x00 not really a zip\x00"})
    found = run_one(broken, "secrets.no_hardcoded_secrets")
    assert found.status is Status.INCONCLUSIVE and "docs/assets.zip" in found.message


def test_hostile_archives_are_read_within_bounds(tmp_path):
    """A bomb member is read only up to the scan cap; past the member limit the archive is said to
    be read in part, never trusted as clean."""
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(zipped({"zeros.txt": b"0" * (32 << 20), ".env": DOT_ENV.encode()}))
    hits, reason = scan_archive("bomb.zip", bomb)
    assert reason.startswith("archive, its members scanned") and {h.rule for h in hits} >= {"github_token"}
    many = tmp_path / "many.zip"
    many.write_bytes(zipped({f"f{i}.txt": b"x\n" for i in range(MAX_ARCHIVE_MEMBERS + 1)}))
    assert scan_archive("many.zip", many)[1].startswith("scanned for secrets only in part")
    odd = tmp_path / "odd.tar.gz"
    odd.write_bytes(tarred({"\x1b[31mred\x07.env": DOT_ENV.encode()}))
    hits, _ = scan_archive("odd.tar.gz", odd)
    assert hits and all("\x1b" not in h.excerpt and "\x07" not in h.excerpt for h in hits)


def test_a_damaged_member_ends_the_reading_with_a_reason(tmp_path):
    data = bytearray(zipped({"notes.txt": b"hello secrets " * 4000}))
    start = data.index(b"notes.txt") + len("notes.txt")
    data[start + 10 : start + 40] = b"\xff" * 30  # the deflated stream, broken
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    hits, reason = scan_archive("damaged.zip", damaged)
    assert hits == [] and reason == "unreadable (archive: zlib.error)"
