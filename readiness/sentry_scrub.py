"""What of Sentry's free text may reach a report: no secret, no email, no IP address.

Titles, exception values, culprits, transaction names, messages and tags are
written by the application and by its users: they carry API keys, tokens, DSN
passwords and passwords typed into the wrong field. Every text cell the Sentry
collector keeps goes through :func:`scrub_text`. The repository scanner's rules
find provider keys; their allow-lists (placeholders, entropy) are ignored here,
because over-masking an error title costs nothing and a leak costs a key. The
patterns are RE2: Sentry text is written by strangers.
"""

from __future__ import annotations

import functools

import re2

from readiness.redact import redact_secret
from readiness.secret_scan import SecretScanner, default_scanner

# A URL's password (`https://public:secret@o1.ingest.sentry.io/1`, `redis://:pw@host`).
_URL_PASSWORD = re2.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:]*:([^\s/@…]+)@")
# `password=hunter2`, `"token": "abc"`, `api_key: abc`: any value, however short, after such a name.
_ASSIGNED = re2.compile(
    r"(?i)(?:pass(?:word|wd)?|pwd|secret|token|api[_\-]?key|apikey|auth[_\-]?key"
    r"|credentials?|session[_\-]?id|cookie)[\w\-]*[\"']?\s*(?:=>|:=|=|:)\s*[\"']?"
    r"([^\s\"'&,;)}\]…\[]+)"
)
_BEARER = re2.compile(r"(?i)\b(?:bearer|basic|token)\s+([A-Za-z0-9._~+/\-]{8,}=*)")
# A top-level domain of letters: `web@1.3.2` is a release, not an address.
_EMAIL = re2.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_IPV4 = re2.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re2.compile(r"\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b")


@functools.cache
def _scanner() -> SecretScanner:
    return default_scanner()


def secret_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of every secret-looking value in ``text`` (the scanner's rules and ours)."""
    scanner = _scanner()
    data = text.encode("utf-8", "surrogatepass")
    confirmers = [scanner.confirmers[i] for i in scanner.candidate_rules(data)]
    spans = []
    for pattern in [*confirmers, _URL_PASSWORD, _ASSIGNED, _BEARER]:
        for match in pattern.finditer(text):
            group = 1 if pattern.groups and match.start(1) >= 0 else 0
            spans.append(match.span(group))
    return spans


def redact_secrets(text: str) -> str:
    """``text`` with every secret-looking value replaced by its redaction (overlaps merged)."""
    merged: list[list[int]] = []
    for start, end in sorted(secret_spans(text)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif end > start:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + redact_secret(text[start:end]) + text[end:]
    return text


def scrub_text(text: str) -> str:
    """Secrets first (a DSN holds an `@`), then emails and IP addresses."""
    text = redact_secrets(text) if text else text
    return _IPV6.sub("[ip]", _IPV4.sub("[ip]", _EMAIL.sub("[email]", text)))
