"""`readiness sentry pull`: Sentry's (or GlitchTip's) web API to a folder of raw JSON snapshots.

A report must be reproducible after the API has moved on (events expire,
issues get resolved), so the pull only saves what the API answered, page by
page, into files the Sentry collector reads like any export. The token comes
from ``SENTRY_AUTH_TOKEN`` only: never from a file, never logged, never saved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from readiness.cli import subcommand
from readiness.errors import ReadinessError, UsageError

log = logging.getLogger(__name__)
TOKEN_ENV = "SENTRY_AUTH_TOKEN"
DEFAULT_BASE_URL = "https://sentry.io"
MAX_ATTEMPTS = 4
MAX_RETRY_AFTER_S = 120.0
DEFAULT_MAX_PAGES = 50
_LINK = re.compile(r'<([^>]*)>((?:\s*;\s*\w+="[^"]*")*)')
_LINK_PARAM = re.compile(r'(\w+)="([^"]*)"')


class SentryApiError(ReadinessError):
    """The Sentry API refused or failed a request; names the URL (never the token) and the reason."""

    def __init__(self, url: str, reason: str, status: int | None = None):
        self.url = url
        self.reason = reason
        self.status = status
        super().__init__(f"{url}: {reason}")


def next_page_url(link_header: str | None) -> str | None:
    """The `rel="next"` URL of a Link header, unless Sentry says it has no results.

    Sentry always sends a next link, even on the last page; only ``results="false"``
    tells the end. GlitchTip omits ``results``, so a next link without it is followed.
    """
    for match in _LINK.finditer(link_header or ""):
        params = dict(_LINK_PARAM.findall(match.group(2)))
        if params.get("rel") == "next" and params.get("results", "true") == "true":
            return match.group(1)
    return None


def retry_delay(response: requests.Response, attempt: int) -> float:
    """Retry-After when the server gives seconds; exponential backoff otherwise."""
    header = response.headers.get("Retry-After", "") if response is not None else ""
    try:
        return min(float(header), MAX_RETRY_AFTER_S)
    except ValueError:
        return float(2**attempt)


@dataclass
class SentryClient:
    """GET with bearer auth, retries on 429 / 5xx / broken bodies, and Link-header paging."""

    base_url: str
    token: str = field(repr=False)
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep
    timeout: float = 30.0

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def get(self, url: str, params: dict | None = None) -> tuple[Any, requests.Response | None]:
        """The decoded JSON of one GET, retried up to MAX_ATTEMPTS times when the failure may pass."""
        reason, response = "", None
        for attempt in range(MAX_ATTEMPTS):
            data, response, reason, delay = self._attempt(url, params, attempt)
            if reason is None:
                return data, response
            if delay is None or attempt == MAX_ATTEMPTS - 1:
                break
            log.warning("sentry request retried", extra={"url": url, "reason": reason, "wait_s": delay})
            self.sleep(delay)
        status = getattr(response, "status_code", None)
        raise SentryApiError(url, reason, status)

    def _attempt(self, url: str, params: dict | None, attempt: int):
        """(data, response, failure reason or None, retry delay or None when retrying is pointless)."""
        try:
            response = self.session.get(url, params=params, timeout=self.timeout,
                                        headers={"Authorization": f"Bearer {self.token}"})
        except requests.RequestException as exc:
            return None, None, f"connection failed ({type(exc).__name__})", float(2**attempt)
        status = response.status_code
        if status in (401, 403):
            return None, response, (f"the token was refused ({status}); check {TOKEN_ENV} and its "
                                    "scopes (org:read, project:read, event:read)"), None
        if status == 429 or status >= 500:
            return None, response, f"HTTP {status}", retry_delay(response, attempt)
        if status >= 400:
            return None, response, f"HTTP {status}: {response.text[:200]}", None
        try:
            return response.json(), response, None, None
        except ValueError:
            return None, response, "the body is truncated or not JSON", float(2**attempt)

    def pages(self, path: str, params: dict, max_pages: int) -> Iterator[list]:
        """Each page of a list endpoint, following the Link header's next cursor."""
        url: str | None = self.url(path)
        for _ in range(max_pages):
            data, response = self.get(url, params)
            if not isinstance(data, list):
                raise SentryApiError(url, "expected a JSON list from a paginated endpoint")
            yield data
            url, params = next_page_url(response.headers.get("Link")), None
            if not url or not data:
                return
        log.warning("sentry pull stopped at the page limit", extra={"path": path, "pages": max_pages})


@dataclass(frozen=True)
class PullRequest:
    org: str
    project: str
    since_days: int
    out_dir: Path
    max_pages: int = DEFAULT_MAX_PAGES


def write_json(path: Path, data: Any) -> None:
    """Write through a temporary file so an interrupted pull never leaves half a snapshot file."""
    partial = path.with_suffix(path.suffix + ".partial")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)


def _collect(client: SentryClient, path: str, params: dict, max_pages: int) -> list:
    return [item for page in client.pages(path, params, max_pages) for item in page]


def pull(client: SentryClient, request: PullRequest, now: dt.datetime) -> dict[str, Any]:
    """Project and issues, then whatever else the server offers, saved raw; returns the manifest.

    Events, sessions and alert rules are skipped (and said so in the manifest) when the
    server or the token does not offer them: GlitchTip has no release health, and an
    alert rule needs the alerts:read scope.
    """
    org, project, days = request.org, request.project, request.since_days
    request.out_dir.mkdir(parents=True, exist_ok=True)
    details, _ = client.get(client.url(f"/api/0/projects/{org}/{project}/"))
    snapshots = {"project.json": details,
                 "issues.json": _collect(client, f"/api/0/projects/{org}/{project}/issues/",
                                         {"query": f"lastSeen:-{days}d", "statsPeriod": "14d"},
                                         request.max_pages)}
    optional: dict[str, Callable[[], Any]] = {
        "events.json": lambda: _collect(client, f"/api/0/projects/{org}/{project}/events/",
                                        {"full": "true", "statsPeriod": f"{days}d"}, request.max_pages),
        "sessions.json": lambda: client.get(
            client.url(f"/api/0/organizations/{org}/sessions/"),
            {"project": details.get("id"), "field": "sum(session)", "interval": "1d",
             "groupBy": ["session.status", "environment", "release"], "statsPeriod": f"{days}d"})[0],
        "alert_rules.json": lambda: client.get(client.url(f"/api/0/projects/{org}/{project}/rules/"))[0],
    }
    skipped = []
    for name, fetch in optional.items():
        try:
            snapshots[name] = fetch()
        except SentryApiError as exc:
            if exc.status not in (400, 403, 404):
                raise
            skipped.append(f"{name}: {exc.reason} (not offered by this server or token)")
            log.warning("sentry endpoint skipped", extra={"file": name, "reason": exc.reason})
    for name, data in snapshots.items():
        write_json(request.out_dir / name, data)
    manifest = {"tool": "readiness sentry pull", "base_url": client.base_url, "org": org,
                "project": project, "since_days": days, "fetched_at": now.isoformat(timespec="seconds"),
                "files": {n: len(d) if isinstance(d, list) else 1 for n, d in snapshots.items()},
                "skipped": skipped}
    write_json(request.out_dir / "manifest.json", manifest)
    return manifest


def _check_base_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--base-url {text!r} is not an http(s) URL")
    return text.rstrip("/")


def _pull_args(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="sentry_command", required=True)
    pull_parser = actions.add_parser("pull", help="save the Sentry API's answers as JSON snapshots")
    pull_parser.add_argument("--org", required=True, help="organization slug")
    pull_parser.add_argument("--project", required=True, help="project slug")
    pull_parser.add_argument("--since", type=int, default=14, metavar="DAYS",
                             help="how many days back (default 14)")
    pull_parser.add_argument("--base-url", default=DEFAULT_BASE_URL,
                             help="Sentry or GlitchTip server (self-hosted included)")
    pull_parser.add_argument("--out", type=Path, help="snapshot folder (default: "
                             "sentry-snapshots/ORG-PROJECT-TIMESTAMP)")
    pull_parser.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES,
                             help="stop after this many pages per endpoint")


@subcommand("sentry", _pull_args)
def run_sentry(args: argparse.Namespace) -> int:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UsageError(f"set {TOKEN_ENV} to a Sentry auth token (it is never read from a file)")
    if args.since < 1:
        raise UsageError("--since must be at least 1 day")
    now = dt.datetime.now(dt.UTC)
    out_dir = args.out or Path("sentry-snapshots") / f"{args.org}-{args.project}-{now:%Y%m%dT%H%M%SZ}"
    client = SentryClient(_check_base_url(args.base_url), token)
    manifest = pull(client, PullRequest(args.org, args.project, args.since, out_dir, args.max_pages),
                    now)
    print(out_dir)
    for name, count in manifest["files"].items():
        print(f"  {name}: {count}")
    return 0
