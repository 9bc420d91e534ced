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
import math
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from readiness.atomic import write_atomically
from readiness.commands import subcommand
from readiness.errors import ReadinessError, UsageError
from readiness.exit_codes import ExitCode

log = logging.getLogger(__name__)
TOKEN_ENV = "SENTRY_AUTH_TOKEN"
DEFAULT_BASE_URL = "https://sentry.io"
MAX_ATTEMPTS = 4
MAX_RETRY_AFTER_S = 120.0
DEFAULT_MAX_PAGES = 50
DEFAULT_DEADLINE_S = 600.0
MAX_PAGE_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
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


def retry_delay(response: requests.Response, attempt: int, now: dt.datetime | None = None) -> float:
    """Retry-After in seconds or as an HTTP date, bounded; backoff for anything else (`nan`, `-1`)."""
    header = str(response.headers.get("Retry-After", "") if response is not None else "").strip()
    backoff = float(min(2**attempt, MAX_RETRY_AFTER_S))
    try:
        seconds = float(header)
    except ValueError:
        seconds = _seconds_until(header, now or dt.datetime.now(dt.UTC))
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return backoff
    return min(seconds, MAX_RETRY_AFTER_S)


def _seconds_until(header: str, now: dt.datetime) -> float | None:
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: the only place the token may go."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


@dataclass
class SentryClient:
    """GET with bearer auth, retries on 429 / 5xx / broken bodies, and Link-header paging."""

    base_url: str
    token: str = field(repr=False)
    session: requests.Session = field(default_factory=requests.Session)
    sleep: Callable[[float], None] = time.sleep
    timeout: float = 30.0
    clock: Callable[[], float] = time.monotonic
    deadline_s: float = DEFAULT_DEADLINE_S
    max_page_bytes: int = MAX_PAGE_BYTES
    max_total_bytes: int = MAX_TOTAL_BYTES
    notes: list[str] = field(default_factory=list)
    _started: float | None = field(default=None, repr=False)
    _received: int = field(default=0, repr=False)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def scrub(self, text: str) -> str:
        """Never print the token, even when a server echoes the Authorization header back."""
        return text.replace(self.token, "[token]") if self.token else text

    def _left_s(self) -> float:
        if self._started is None:
            self._started = self.clock()
        return self.deadline_s - (self.clock() - self._started)

    def get(self, url: str, params: dict | None = None) -> tuple[Any, requests.Response | None]:
        """The decoded JSON of one GET, retried up to MAX_ATTEMPTS times when the failure may pass."""
        if origin(url) != origin(self.base_url):
            raise SentryApiError(
                self.scrub(url.split("?", 1)[0]),
                "is not on the --base-url server: the token is only sent to " + self.base_url,
            )
        reason, response = "", None
        for attempt in range(MAX_ATTEMPTS):
            data, response, reason, delay = self._attempt(url, params, attempt)
            if reason is None:
                return data, response
            if delay is None or attempt == MAX_ATTEMPTS - 1 or delay >= self._left_s():
                break
            log.warning(
                "sentry request retried", extra={"url": url, "reason": self.scrub(reason), "wait_s": delay}
            )
            self.sleep(delay)
        status = getattr(response, "status_code", None)
        raise SentryApiError(url, self.scrub(reason), status)

    def _attempt(self, url: str, params: dict | None, attempt: int):
        """(data, response, failure reason or None, retry delay or None when retrying is pointless)."""
        if self._left_s() <= 0:
            return None, None, f"the pull's total deadline ({self.deadline_s:g} s) passed", None
        try:
            response = self.session.get(
                url,
                params=params,
                timeout=self.timeout,
                stream=True,
                allow_redirects=False,
                headers={"Authorization": f"Bearer {self.token}"},
            )
            body, too_much = self._read_body(response)
        except requests.RequestException as exc:
            return None, None, f"connection failed ({type(exc).__name__})", float(2**attempt)
        if too_much:
            return None, response, too_much, None
        status = response.status_code
        if status in (401, 403):
            return (
                None,
                response,
                (
                    f"the token was refused ({status}); check {TOKEN_ENV} and its "
                    "scopes (org:read, project:read, event:read)"
                ),
                None,
            )
        if status == 429 or status >= 500:
            return None, response, f"HTTP {status}", retry_delay(response, attempt)
        if status >= 400:
            return None, response, f"HTTP {status}: {body[:200].decode('utf-8', 'replace')}", None
        if 300 <= status < 400:
            return None, response, f"HTTP {status}: redirects are not followed (the token stays here)", None
        try:
            return json.loads(body), response, None, None
        except ValueError:
            return None, response, "the body is truncated or not JSON", float(2**attempt)

    def _read_body(self, response: requests.Response) -> tuple[bytes, str | None]:
        """The body, streamed under the page and total size caps and the total deadline."""
        chunks, size = [], 0
        for chunk in response.iter_content(65536):
            size += len(chunk)
            self._received += len(chunk)
            if size > self.max_page_bytes:
                return b"", f"one page is larger than {self.max_page_bytes} bytes"
            if self._received > self.max_total_bytes:
                return b"", f"the pull exceeds {self.max_total_bytes} bytes in total"
            if self._left_s() <= 0:
                return b"", f"the pull's total deadline ({self.deadline_s:g} s) passed"
            chunks.append(chunk)
        return b"".join(chunks), None

    def pages(self, path: str, params: dict, max_pages: int) -> Iterator[list]:
        """Each page of a list endpoint, following the Link header's next cursor, never twice."""
        url: str | None = self.url(path)
        seen: set[str] = set()
        for _ in range(max_pages):
            seen.add(url)
            data, response = self.get(url, params)
            if not isinstance(data, list):
                raise SentryApiError(url, "expected a JSON list from a paginated endpoint")
            yield data
            url, params = next_page_url(response.headers.get("Link")), None
            if url in seen:
                self.notes.append(
                    f"{path}: the server's next page pointed back to a page already "
                    "saved; paging stopped there"
                )
                log.warning("sentry cursor cycle", extra={"path": path})
                return
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
    write_atomically(path, json.dumps(data, indent=1, ensure_ascii=False))


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
    snapshots = {
        "project.json": details,
        "issues.json": _collect(
            client,
            f"/api/0/projects/{org}/{project}/issues/",
            {"query": f"lastSeen:-{days}d", "statsPeriod": "14d"},
            request.max_pages,
        ),
    }
    optional: dict[str, Callable[[], Any]] = {
        "events.json": lambda: _collect(
            client,
            f"/api/0/projects/{org}/{project}/events/",
            {"full": "true", "statsPeriod": f"{days}d"},
            request.max_pages,
        ),
        "sessions.json": lambda: client.get(
            client.url(f"/api/0/organizations/{org}/sessions/"),
            {
                "project": details.get("id"),
                "field": "sum(session)",
                "interval": "1d",
                "groupBy": ["session.status", "environment", "release"],
                "statsPeriod": f"{days}d",
            },
        )[0],
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
    manifest = {
        "tool": "readiness sentry pull",
        "base_url": client.base_url,
        "org": org,
        "project": project,
        "since_days": days,
        "fetched_at": now.isoformat(timespec="seconds"),
        "files": {n: len(d) if isinstance(d, list) else 1 for n, d in snapshots.items()},
        "skipped": skipped,
        "notes": client.notes,
    }
    write_json(request.out_dir / "manifest.json", manifest)
    return manifest


def check_base_url(text: str, allow_insecure_http: bool = False) -> str:
    """An http(s) URL; plain http only to this machine unless the user explicitly allows it."""
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"--base-url {text!r} is not an http(s) URL")
    if parts.scheme == "http" and (parts.hostname or "") not in LOCAL_HOSTS and not allow_insecure_http:
        raise UsageError(
            f"--base-url {text!r} is plain http: the token would cross the network "
            "unencrypted (use https, or --allow-insecure-http if you must)"
        )
    return text.rstrip("/")


def _pull_args(p: argparse.ArgumentParser) -> None:
    actions = p.add_subparsers(dest="sentry_command", required=True)
    pull_parser = actions.add_parser("pull", help="save the Sentry API's answers as JSON snapshots")
    pull_parser.add_argument("--org", required=True, help="organization slug")
    pull_parser.add_argument("--project", required=True, help="project slug")
    pull_parser.add_argument(
        "--since", type=int, default=14, metavar="DAYS", help="how many days back (default 14)"
    )
    pull_parser.add_argument(
        "--base-url", default=DEFAULT_BASE_URL, help="Sentry or GlitchTip server (self-hosted included)"
    )
    pull_parser.add_argument(
        "--out", type=Path, help="snapshot folder (default: sentry-snapshots/ORG-PROJECT-TIMESTAMP)"
    )
    pull_parser.add_argument(
        "--max-pages", type=int, default=DEFAULT_MAX_PAGES, help="stop after this many pages per endpoint"
    )
    pull_parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="accept a plain http --base-url on another machine (sends the token unencrypted)",
    )
    pull_parser.add_argument(
        "--deadline",
        type=float,
        default=DEFAULT_DEADLINE_S,
        metavar="SECONDS",
        help="give up after this long in total (default 600)",
    )


@subcommand("sentry", _pull_args)
def run_sentry(args: argparse.Namespace) -> int:
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UsageError(f"set {TOKEN_ENV} to a Sentry auth token (it is never read from a file)")
    if args.since < 1:
        raise UsageError("--since must be at least 1 day")
    now = dt.datetime.now(dt.UTC)
    out_dir = args.out or Path("sentry-snapshots") / f"{args.org}-{args.project}-{now:%Y%m%dT%H%M%SZ}"
    client = SentryClient(
        check_base_url(args.base_url, args.allow_insecure_http), token, deadline_s=args.deadline
    )
    manifest = pull(client, PullRequest(args.org, args.project, args.since, out_dir, args.max_pages), now)
    print(out_dir)
    for name, count in manifest["files"].items():
        print(f"  {name}: {count}")
    return ExitCode.OK
