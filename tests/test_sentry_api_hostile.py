"""`readiness sentry pull` against a hostile or broken server: the token stays home, nothing hangs."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from readiness.errors import UsageError
from readiness.sentry_api import SentryApiError, SentryClient, check_base_url, retry_delay

TOKEN = "sntrys_hostile_token_0123456789abcdef"


class Scripted(BaseHTTPRequestHandler):
    """Answers every path with ``self.server.answer(handler)`` and records who asked with what."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.seen.append((self.path, self.headers.get("Authorization", "")))
        status, body, headers = self.server.answer(self)
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def servers():
    started = []

    def start(answer):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
        server.answer, server.seen = answer, []
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        started.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def client(base: str, **options) -> SentryClient:
    return SentryClient(base, TOKEN, sleep=lambda s: None, timeout=5, **options)


def test_link_to_another_host_is_refused_and_gets_no_token(servers):
    other, other_url = servers(lambda h: (200, b"[]", {}))
    link = f'<{other_url}/api/0/x/?cursor=1>; rel="next"; results="true"'
    _, base = servers(lambda h: (200, b"[1]", {"Link": link}))
    pages = client(base).pages("/api/0/x/", {}, 5)
    assert next(pages) == [1]
    with pytest.raises(SentryApiError) as caught:
        next(pages)
    assert "not on the --base-url server" in str(caught.value)
    assert other.seen == []


def test_plain_http_only_to_this_machine_unless_allowed():
    with pytest.raises(UsageError, match="plain http"):
        check_base_url("http://sentry.example.com")
    assert check_base_url("http://sentry.example.com", allow_insecure_http=True)
    assert check_base_url("http://localhost:9000/") == "http://localhost:9000"


def test_echoed_authorization_header_is_scrubbed(servers):
    _, base = servers(lambda h: (400, f"bad request: {h.headers['Authorization']}".encode(), {}))
    with pytest.raises(SentryApiError) as caught:
        client(base).get(base + "/api/0/x/")
    assert "bad request" in str(caught.value) and TOKEN not in str(caught.value)


def test_link_cycle_saves_one_page_and_notes_it(servers):
    holder = {}
    _, base = servers(lambda h: (200, b"[1]", {"Link": f'<{holder["url"]}>; rel="next"; results="true"'}))
    holder["url"] = base + "/api/0/x/"
    sentry = client(base)
    assert list(sentry.pages("/api/0/x/", None, 50)) == [[1]]
    assert "pointed back" in sentry.notes[0]


def test_page_size_cap_stops_a_huge_page(servers):
    _, base = servers(lambda h: (200, json.dumps(list(range(5000))).encode(), {}))
    with pytest.raises(SentryApiError, match="larger than 1000 bytes"):
        client(base, max_page_bytes=1000).get(base + "/api/0/x/")


def test_total_deadline_ends_the_pull(servers):
    ticks = iter(range(0, 10_000, 400))
    _, base = servers(lambda h: (503, b"{}", {"Retry-After": "1"}))
    with pytest.raises(SentryApiError, match="deadline"):
        client(base, clock=lambda: next(ticks), deadline_s=600).get(base + "/api/0/x/")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nan", 2.0),
        ("-1", 2.0),
        ("garbage", 2.0),
        ("", 2.0),
        ("inf", 2.0),
        ("7", 7.0),
        ("100000", 120.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ],
)
def test_retry_after_is_read_tolerantly(header, expected):
    response = requests.Response()
    response.headers["Retry-After"] = header
    assert retry_delay(response, 1) == expected
