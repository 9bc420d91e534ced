"""tree-sitter facts: catches with their calls, env reads, promise chains, JSX, in one or two processes."""

from __future__ import annotations

from readiness.collectors.manifests import parse_manifests
from readiness.collectors.source_code import parse_source, parse_sources, sources_parsed_aside

TSX = b"""import { ErrorBoundary } from "react-error-boundary";
const url = import.meta.env.VITE_API_URL;
const key = process.env["SERVER_KEY"];
export function Page() {
  fetch(url).then((r) => r.json());
  fetch(url).then(ok).catch(report);
  try {
    run();
  } catch (error) {
    logger.error("failed", { error });
    toast.error("Try again");
    Sentry.captureException(error);
  }
  return <Routes><Route path="/" element={<ErrorBoundary><Home /></ErrorBoundary>} />
    <Route path="/x" element={<X />} /></Routes>;
}
"""
PYTHON = b"""import os
import logging

TOKEN = os.environ["API_TOKEN"]
HOST = os.getenv("DB_HOST")

def load():
    try:
        return 1
    except:
        pass
    try:
        return 2
    except ValueError as exc:
        logging.exception("bad")
        raise
"""


def test_typescript_catch_records_its_calls_and_line():
    facts = parse_source("src/Page.tsx", TSX)
    (catch,) = facts.rows["catches"]
    assert catch[1] == 9 and catch[3:6] == (False, False, False)
    assert catch[6] == ["logger.error", "toast.error", "Sentry.captureException"]


def test_env_reads_promise_chains_and_jsx_boundaries():
    facts = parse_source("src/Page.tsx", TSX)
    assert [(r[1], r[2], r[3]) for r in facts.rows["env_reads"]] == [
        (2, "VITE_API_URL", "import.meta.env"),
        (3, "SERVER_KEY", "process.env"),
    ]
    assert [(r[1], r[2]) for r in facts.rows["promise_chains"]] == [(5, False), (6, True)]
    routes = [(r[1], r[3], r[4]) for r in facts.rows["jsx"] if r[2] == "Route"]
    assert routes == [(14, False, True), (15, False, False)]
    assert ("src/Page.tsx", 1, "react-error-boundary") in facts.rows["imports"]


def test_python_bare_except_env_reads_and_reraise():
    facts = parse_source("app/load.py", PYTHON)
    catches = [(r[1], r[3], r[4], r[5]) for r in facts.rows["catches"]]
    assert catches == [(10, True, True, False), (14, False, False, True)]
    assert [(r[1], r[2]) for r in facts.rows["env_reads"]] == [(4, "API_TOKEN"), (5, "DB_HOST")]


def test_a_wsgi_environ_is_the_requests_not_the_configuration():
    """privacyIDEA's Apache module reads environ.get("SERVER_NAME") from the WSGI request."""
    wsgi = b"def _generate_key(username, environ):\n    return environ.get('SERVER_NAME', '')\n"
    assert parse_source("authmodules/apache2/app.py", wsgi).rows["env_reads"] == []
    imported = b"from os import environ, getenv\nURL = environ.get('DATABASE_URL')\nKEY = getenv('KEY')\n"
    assert [r[2] for r in parse_source("app/config.py", imported).rows["env_reads"]] == [
        "DATABASE_URL",
        "KEY",
    ]


def test_two_processes_give_the_same_tables_as_one(tmp_path):
    paths = []
    for i in range(70):
        name = f"src/m{i}.tsx" if i % 2 else f"pkg/m{i}.py"
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(TSX if i % 2 else PYTHON)
        paths.append(name)
    serial, pooled = parse_sources(tmp_path, paths, 1), parse_sources(tmp_path, paths, 2)
    for name, table in serial.tables.items():
        ordered = [
            table.sort_values(["path", "line"]).reset_index(drop=True)
            for table in (table, pooled.tables[name])
        ]
        assert ordered[0].astype(str).equals(ordered[1].astype(str)), name
    assert len(serial.tables["catches"]) == 35 + 70


def test_manifest_tables_carry_lines_and_never_env_values():
    tables = parse_manifests(
        {
            ".env.example": "# comment\nAPI_URL=\nSECRET_KEY=changeme\n",
            "supabase/config.toml": "[auth.mfa.totp]\nenroll_enabled = true\n",
            "supabase/migrations/1.sql": "-- create table fake (\ncreate table public.notes (id int);\n",
            "Dockerfile": "FROM node:20\nRUN npm ci\n",
            "vercel.json": '{"headers": [{"source": "/(.*)", "headers": [\n'
            '{"key": "Cache-Control", "value": "max-age=60"}]}]}',
        }
    ).frames()
    assert tables["env_examples"][["line", "name", "has_value"]].values.tolist() == [
        [2, "API_URL", False],
        [3, "SECRET_KEY", True],
    ]
    assert "changeme" not in tables["env_examples"].to_string()
    assert tables["supabase_settings"][["line", "section", "key"]].values.tolist() == [
        [2, "auth.mfa.totp", "enroll_enabled"]
    ]
    assert tables["sql_statements"][["line", "kind", "target"]].values.tolist() == [
        [2, "create_table", "notes"]
    ]
    assert tables["dockerfile"]["instruction"].tolist() == ["FROM", "RUN"]
    assert tables["headers"][["line", "header"]].values.tolist() == [[2, "cache-control"]]


def test_a_file_whose_parse_outlasts_its_time_limit_is_abandoned_and_named(tmp_path):
    (tmp_path / "slow.ts").write_text("try { a() } catch (e) {}\n" * 2000, encoding="utf-8")
    (tmp_path / "quick.py").write_text("x = 1\n", encoding="utf-8")
    facts = parse_sources(tmp_path, ["quick.py", "slow.ts"], 1)
    assert facts.unreadable == [] and len(facts.tables["catches"]) == 2000
    with sources_parsed_aside(tmp_path, ["quick.py", "slow.ts"], 1, seconds=1e-9) as parsed:
        abandoned = parsed()
    assert abandoned.unreadable == [
        "quick.py: abandoned, parsing took over 1e-09 s",
        "slow.ts: abandoned, parsing took over 1e-09 s",
    ]
    assert abandoned.tables["catches"].empty  # half a file's facts would mislead
