"""Secrets that were never read: the scan says which files it could not read, decodes UTF-16/32,
and streams files over the size cap instead of skipping them."""

from __future__ import annotations

import zipfile

from readiness.collectors import repository
from readiness.model import Status
from tests.repo_check_support import run_one

KEY = "ghp_" + "R7kQ2mX9pL4vT8wZ3nB6yH1jF5sDcA0eG3uK"


def test_files_the_scan_could_not_read_make_it_inconclusive(make_repo):
    repo = make_repo({"README.md": "# App\n", "logo.png": b"\x89PNG\r\n\x1a\n\0\0\0"})
    assert run_one(repo, "secrets.no_hardcoded_secrets").status is Status.PASS  # media holds no key
    (repo / "backup.bin").write_bytes(b"\0\x01" + f"GITHUB_TOKEN={KEY}\n".encode())
    found = run_one(repo, "secrets.no_hardcoded_secrets")
    assert found.status is Status.INCONCLUSIVE and "backup.bin (binary)" in found.message
    # an archive is no longer beyond the scan: its members are read (tests/test_secret_archives.py)
    (repo / "backup.bin").unlink()
    with zipfile.ZipFile(repo / "backup.zip", "w") as archive:
        archive.writestr(".env", f"GITHUB_TOKEN={KEY}\n")
    assert run_one(repo, "secrets.no_hardcoded_secrets").status is Status.FAIL


def test_utf16_and_utf32_files_are_decoded_and_scanned(make_repo):
    for encoding in ("utf-16", "utf-16-le", "utf-32"):
        repo = make_repo({"config/keys.txt": f"token={KEY}\n".encode(encoding)})
        found = run_one(repo, "secrets.no_hardcoded_secrets")
        assert found.status is Status.FAIL, encoding
        assert [(r.path, r.line) for r in found.evidence] == [("config/keys.txt", 1)]


def test_a_minified_bundle_over_the_cap_is_scanned_in_chunks(make_repo):
    filler = "var a=1;" * 200_000  # 1.6 MB on one line, over the 1 MB cap
    repo = make_repo({"public/app.js": "\n" * 5 + filler + f'\nconst t="{KEY}";\n'})
    found = run_one(repo, "secrets.no_hardcoded_secrets")
    assert found.status is Status.FAIL
    assert [(r.path, r.line) for r in found.evidence] == [("public/app.js", 7)]


def test_a_file_that_outlasts_its_time_limit_is_abandoned_named_and_inconclusive(make_repo, monkeypatch):
    """A file the scan gives up on is said to be, and "no secret" is not claimed for it."""
    monkeypatch.setattr(repository, "FILE_SECONDS", 1e-9)
    filler = "var a=1;" * 200_000
    repo = make_repo({"public/app.js": filler + f'\nconst t="{KEY}";\n', "README.md": "# App\n"})
    found = run_one(repo, "secrets.no_hardcoded_secrets")
    assert found.status is Status.INCONCLUSIVE
    assert "public/app.js (abandoned, secret scanning took too long (1e-09 s, 0 MB in)" in found.message
