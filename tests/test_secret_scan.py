"""The secret-scan engine: each rule finds its secret at the right line, and never shows it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from readiness.redact import fingerprint
from readiness.secret_scan import (
    HIT_COLUMNS,
    MAX_SCAN_BYTES,
    default_scanner,
    is_client_path,
    jwt_role,
    scan_files,
    scan_texts,
    shannon_entropy,
)
from tests.secret_support import (
    ANON_KEY,
    DB_PASSWORD,
    GENERIC_PASSWORD,
    PROVIDER_SECRETS,
    SERVICE_ROLE_KEY,
    planted_repository,
    planted_values,
)


@pytest.fixture(scope="module")
def planted_hits() -> pd.DataFrame:
    return scan_texts(planted_repository())


def _hit(hits: pd.DataFrame, rule: str) -> pd.Series:
    rows = hits[hits["rule"] == rule]
    assert len(rows) == 1, f"{rule}: {rows.to_dict('records')}"
    return rows.iloc[0]


@pytest.mark.parametrize("rule", sorted(PROVIDER_SECRETS))
def test_each_provider_rule_finds_its_key_at_its_line(planted_hits, rule):
    hit = _hit(planted_hits, rule)
    expected_line = list(PROVIDER_SECRETS).index(rule) + 1
    assert (hit["path"], hit["line"]) == ("server/keys.ts", expected_line)
    assert hit["fingerprint"] == fingerprint(PROVIDER_SECRETS[rule])
    assert hit["variable"] == rule.upper()


def test_no_excerpt_shows_a_planted_value(planted_hits):
    shown = planted_hits.to_json()
    leaked = [value for value in planted_values() if value in shown]
    assert leaked == []
    assert planted_hits["excerpt"].str.contains(r"…\[sha256:[0-9a-f]{10}\]").all()


def test_private_key_database_password_and_generic_assignment(planted_hits):
    assert _hit(planted_hits, "private_key")[["path", "line"]].tolist() == ["deploy/id_rsa", 1]
    db = _hit(planted_hits, "database_url_password")
    assert (db["path"], db["line"], db["fingerprint"]) == ("server/db.py", 1, fingerprint(DB_PASSWORD))
    assert db["variable"] == "DATABASE_URL"
    generic = _hit(planted_hits, "generic_secret_assignment")
    assert (generic["line"], generic["fingerprint"]) == (2, fingerprint(GENERIC_PASSWORD))


def test_supabase_keys_are_named_by_their_jwt_role(planted_hits):
    anon = _hit(planted_hits, "supabase_anon_key")
    assert (anon["line"], anon["severity"]) == (2, "info")
    service = _hit(planted_hits, "supabase_service_role_key")
    assert (service["path"], service["line"], service["severity"]) == ("src/lib/supabase.ts", 3, "critical")
    assert bool(service["client"]) is True
    assert jwt_role(SERVICE_ROLE_KEY) == "service_role" and jwt_role(ANON_KEY) == "anon"


def test_service_role_severity_depends_on_where_it_is():
    hits = scan_texts(
        {
            ".env": f"VITE_SUPABASE_SERVICE_ROLE_KEY={SERVICE_ROLE_KEY}\n",
            "supabase/functions/admin/index.ts": f"const key = '{SERVICE_ROLE_KEY}';\n",
        }
    )
    by_path = hits.set_index("path")
    assert by_path.loc[".env", "severity"] == "critical"
    assert by_path.loc[".env", "variable"] == "VITE_SUPABASE_SERVICE_ROLE_KEY"
    assert by_path.loc["supabase/functions/admin/index.ts", "severity"] == "high"
    assert not by_path.loc["supabase/functions/admin/index.ts", "client"]


@pytest.mark.parametrize(
    "line",
    [
        'password = "your-password-here"',
        'api_key = "AKIAIOSFODNN7EXAMPLE"',
        'secret = "aaaaaaaaaaaaaaaa"',
        'token = "SOME_ENVIRONMENT_NAME"',
        "api_key = process.env.API_KEY",
        'password: "${DB_PASSWORD_FROM_ENV}"',
        'url = "postgres://postgres:postgres@localhost/app"',
        f'password = "{GENERIC_PASSWORD}"  # pragma: allowlist secret',
        "not_a_jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.c2lnbmF0dXJlYWJj'",
        "changePassword: 'label.change-password',",
        '"forgot_password": "\u30d1\u30b9\u30ef\u30fc\u30c9\u3092\u5fd8\u308c\u305f\u5834\u5408",',
    ],
)
def test_placeholders_references_and_allow_listed_lines_are_not_hits(line):
    assert scan_texts({"config.py": line + "\n"}).empty


def test_empty_scan_keeps_the_typed_columns():
    hits = scan_texts({})
    assert list(hits.columns) == list(HIT_COLUMNS)
    assert str(hits["line"].dtype) == "int64" and hits["client"].dtype == bool


def test_long_minified_line_gives_a_short_excerpt():
    key = PROVIDER_SECRETS["stripe_live_key"]
    hits = scan_texts({"dist/app.min.js": "a=1;" * 50_000 + f"k='{key}';" + "b=2;" * 50_000})
    assert hits["line"].tolist() == [1]
    assert len(hits["excerpt"].iloc[0]) < 200 and key not in hits["excerpt"].iloc[0]


def test_bytes_that_are_not_utf8_do_not_stop_the_scan():
    key = PROVIDER_SECRETS["github_token"]
    hits = default_scanner().scan("legacy.txt", b"\xff\xfe\x80 caf\xe9\ntoken " + key.encode() + b"\n")
    assert [(hit.rule, hit.line) for hit in hits] == [("github_token", 2)]
    escaped = b"caf\xe9\n".decode("utf-8", "surrogateescape") + key
    assert scan_texts({"legacy.txt": escaped})[["rule", "line"]].values.tolist() == [["github_token", 2]]


def test_scan_files_skips_binaries_and_big_files_and_agrees_across_processes(make_repo):
    key = PROVIDER_SECRETS["aws_access_key_id"]
    root = make_repo(
        {
            "app/config.js": f"const id = '{key}';\n",
            "bin/blob.bin": b"\0\1\2" + key.encode(),
            "huge.txt": "x" * MAX_SCAN_BYTES + key,
            "notes.txt": "nothing here\n",
        },
        git=False,
    )
    paths = ["app/config.js", "bin/blob.bin", "huge.txt", "notes.txt", "gone.txt"]
    single = scan_files(root, paths)
    assert single[["path", "line", "rule"]].values.tolist() == [["app/config.js", 1, "aws_access_key_id"]]
    pd.testing.assert_frame_equal(single, scan_files(root, paths, processes=2))


def test_client_paths_and_entropy():
    assert is_client_path("src/components/Login.tsx")
    assert not is_client_path("supabase/functions/admin/index.ts")
    assert not is_client_path("server/db.py")
    assert shannon_entropy("aaaa") == 0.0 and shannon_entropy("abcd") == 2.0


def test_one_scanner_serves_several_threads_at_once():
    """Assessments may run in threads (scheduler, what-if); a Hyperscan scratch serves one scan at a time."""
    scanner = default_scanner()
    key = PROVIDER_SECRETS["aws_access_key_id"]
    data = (f"id = '{key}'\n" + "a" * 20_000 + "\n").encode() * 10

    all_started = threading.Barrier(4, timeout=30)

    def scan_many(_index: int) -> tuple[int, int]:
        all_started.wait()  # four threads at once, none reusing another's
        return id(scanner._scratch()), sum(len(scanner.scan("f.py", data)) for _ in range(20))

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(scan_many, range(4)))
    assert [count for _scratch, count in results] == [200] * 4
    assert len({scratch for scratch, _count in results}) == 4
    assert scanner._scratch() is scanner._scratch()
