"""`readiness sentry pull` against a local server that plays the Sentry API (never the internet)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from readiness import cli
from readiness.collectors import collect_source
from readiness.config import Config, EvidenceSpec
from readiness.sentry_api import (
    PullRequest,
    SentryApiError,
    SentryClient,
    next_page_url,
    pull,
)
from tests.sentry_support import FIXTURES

TOKEN = "sntrys_fake_token_0123456789abcdef"
NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
ISSUES = json.loads((FIXTURES / "issues_sentry.json").read_text())
EVENTS = json.loads((FIXTURES / "events_api.json").read_text())
SESSIONS = json.loads((FIXTURES / "sessions.json").read_text())
RULES = json.loads((FIXTURES / "alert_rules.json").read_text())


class FakeSentry(BaseHTTPRequestHandler):
    """Routes of the Sentry API with scripted failures: `faults` maps a path to statuses to send first."""

    faults: dict[str, list] = {}
    requests: list[tuple[str, dict, str]] = []

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        self.requests.append((parts.path, query, self.headers.get("Authorization", "")))
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(401, {"detail": "Invalid token"})
        fault = (self.faults.get(parts.path) or [None]).pop(0) if self.faults.get(parts.path) else None
        if fault == "truncated":
            return self._send(200, raw=b'[{"id": "1", "title": "cut')
        if fault:
            return self._send(fault, {"detail": "scripted"}, {"Retry-After": "7"} if fault == 429 else {})
        self._route(parts.path, query)

    def _route(self, path: str, query: dict):
        if path == "/api/0/projects/mymonka/web/":
            return self._send(200, {"id": "42", "slug": "web"})
        if path == "/api/0/organizations/mymonka/sessions/":
            return self._send(200, SESSIONS)
        if path == "/api/0/projects/mymonka/web/rules/":
            return self._send(200, RULES)
        items = {
            "/api/0/projects/mymonka/web/issues/": ISSUES,
            "/api/0/projects/mymonka/web/events/": EVENTS,
        }.get(path)
        if items is None:
            return self._send(404, {"detail": "not found"})
        start = int(query.get("cursor", ["0:0:0"])[0].split(":")[1])
        page = items[start : start + 2]
        more = start + 2 < len(items)
        base = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        back = max(start - 2, 0)
        link = (
            f'<{base}?cursor=0:{back}:1>; rel="previous"; results="{str(start > 0).lower()}"; '
            f'cursor="0:{back}:1", <{base}?cursor=0:{start + 2}:0>; rel="next"; '
            f'results="{str(more).lower()}"; cursor="0:{start + 2}:0"'
        )
        self._send(200, page, {"Link": link})

    def _send(self, status: int, body=None, headers: dict | None = None, raw: bytes | None = None):
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def fake_sentry():
    FakeSentry.faults, FakeSentry.requests = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSentry)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def client_for(base_url: str, sleeps: list, token: str = TOKEN) -> SentryClient:
    return SentryClient(base_url, token, sleep=sleeps.append, timeout=5)


def test_next_page_stops_on_sentry_results_false_and_follows_glitchtip_links():
    sentry_last = (
        '<https://s/x?cursor=1>; rel="previous"; results="true"; cursor="1", '
        '<https://s/x?cursor=2>; rel="next"; results="false"; cursor="2"'
    )
    assert next_page_url(sentry_last) is None
    assert next_page_url('<https://g/api/0/x?cursor=abc>; rel="next"') == "https://g/api/0/x?cursor=abc"
    assert next_page_url(None) is None


def test_pull_pages_through_every_endpoint_and_saves_snapshots(fake_sentry, tmp_path, caplog):
    sleeps: list[float] = []
    FakeSentry.faults = {
        "/api/0/projects/mymonka/web/events/": [429],
        "/api/0/organizations/mymonka/sessions/": [500],
    }
    caplog.set_level(logging.DEBUG)
    manifest = pull(client_for(fake_sentry, sleeps), PullRequest("mymonka", "web", 7, tmp_path), NOW)
    assert manifest["files"] == {
        "project.json": 1,
        "issues.json": 4,
        "events.json": 2,
        "sessions.json": 1,
        "alert_rules.json": 2,
    }
    assert sleeps == [7.0, 1.0]  # Retry-After honoured, then backoff after the 500
    issue_pages = [q for p, q, _ in FakeSentry.requests if p.endswith("/issues/")]
    assert len(issue_pages) == 2 and issue_pages[0]["query"] == ["lastSeen:-7d"]
    assert json.loads((tmp_path / "issues.json").read_text())[3]["shortId"] == "MYMONKA-WEB-1D"
    assert manifest["fetched_at"] == "2026-03-20T12:00:00+00:00"
    saved = " ".join(p.read_text() for p in tmp_path.iterdir())
    assert TOKEN not in saved and TOKEN not in caplog.text


def test_snapshot_folder_is_sentry_evidence(fake_sentry, tmp_path):
    pull(client_for(fake_sentry, []), PullRequest("mymonka", "web", 7, tmp_path), NOW)
    spec = EvidenceSpec(kind="sentry", path=tmp_path, name="sentry:snapshot")
    facts = collect_source(spec, Config(name="t", profile="product", path=None))
    assert facts.ok, facts.source.error
    assert len(facts.tables["issues"]) == 4 and len(facts.tables["events"]) == 2
    assert facts.tables["sessions"]["count"].sum() == 9280
    assert len(facts.tables["alert_rules"]) == 2
    assert facts.source.notes[0].startswith(f"pulled from {fake_sentry} mymonka/web at 2026-03-20")


def test_refused_token_is_an_error_that_never_shows_the_token(fake_sentry, tmp_path):
    with pytest.raises(SentryApiError) as caught:
        pull(
            client_for(fake_sentry, [], token="wrong-secret-token"),
            PullRequest("mymonka", "web", 7, tmp_path),
            NOW,
        )
    assert caught.value.status == 401 and "SENTRY_AUTH_TOKEN" in str(caught.value)
    assert "wrong-secret-token" not in str(caught.value)
    assert len(FakeSentry.requests) == 1  # a refused token is not retried


def test_truncated_body_is_retried_then_reported(fake_sentry, tmp_path):
    path = "/api/0/projects/mymonka/web/issues/"
    FakeSentry.faults = {path: ["truncated"]}
    manifest = pull(client_for(fake_sentry, []), PullRequest("mymonka", "web", 7, tmp_path), NOW)
    assert manifest["files"]["issues.json"] == 4
    FakeSentry.faults = {path: ["truncated"] * 4}
    with pytest.raises(SentryApiError, match="truncated") as caught:
        pull(client_for(fake_sentry, []), PullRequest("mymonka", "web", 7, tmp_path / "b"), NOW)
    assert path in caught.value.url


def test_persistent_server_error_gives_up_after_the_attempts(fake_sentry, tmp_path):
    sleeps: list[float] = []
    FakeSentry.faults = {"/api/0/projects/mymonka/web/": [500] * 10}
    with pytest.raises(SentryApiError, match="HTTP 500"):
        pull(client_for(fake_sentry, sleeps), PullRequest("mymonka", "web", 7, tmp_path), NOW)
    assert sleeps == [1.0, 2.0, 4.0]


def test_server_without_release_health_skips_sessions(fake_sentry, tmp_path):
    FakeSentry.faults = {"/api/0/organizations/mymonka/sessions/": [404]}
    manifest = pull(client_for(fake_sentry, []), PullRequest("mymonka", "web", 7, tmp_path), NOW)
    assert "sessions.json" not in manifest["files"] and manifest["skipped"]


def test_cli_pull_reads_the_token_from_the_environment_only(fake_sentry, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SENTRY_AUTH_TOKEN", raising=False)
    args = [
        "sentry",
        "pull",
        "--org",
        "mymonka",
        "--project",
        "web",
        "--base-url",
        fake_sentry,
        "--out",
        str(tmp_path / "snap"),
    ]
    assert cli.main(args) == cli.EXIT_USAGE
    monkeypatch.setenv("SENTRY_AUTH_TOKEN", TOKEN)
    assert cli.main(args) == 0
    assert (tmp_path / "snap" / "manifest.json").exists()
    assert TOKEN not in capsys.readouterr().out
    assert cli.main([*args[:-4], "--base-url", "ftp://nowhere", "--out", str(tmp_path)]) == cli.EXIT_USAGE


def test_glitchtip_like_server_without_events_sessions_or_rules(fake_sentry, tmp_path):
    FakeSentry.faults = {
        "/api/0/projects/mymonka/web/events/": [404],
        "/api/0/organizations/mymonka/sessions/": [404],
        "/api/0/projects/mymonka/web/rules/": [403],
    }
    manifest = pull(client_for(fake_sentry, []), PullRequest("mymonka", "web", 7, tmp_path), NOW)
    assert set(manifest["files"]) == {"project.json", "issues.json"} and len(manifest["skipped"]) == 3
