"""Redaction: what a report may say about a secret or a person without revealing it.

A redacted value keeps a hash (enough to tell two findings apart) and, when the
value starts with a provider's public marker (`AKIA`, `sk_live_`, `ghp_`, a JWT's
`eyJ`…), that marker (enough to recognise which key it is); never the value
itself, and never the first letters of a password or other free-form secret.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

_PREFIX = 4
PROVIDER_MARKERS = re.compile(
    r"^(AKIA|ASIA|sk_live|sk_test|rk_live|pk_live|gh[pousr]_|glpat-|xox[abpsr]-|eyJ|sk-|AIza|SG\.|"
    r"SK[0-9a-f]|AC[0-9a-f]|-----BEGIN)"
)


def fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def redact_secret(value: str) -> str:
    """`sk_live_abcdef…` becomes `sk_l…[sha256:1a2b3c4d5e]`; `hunter2-password` becomes
    `…[sha256:…]`: only a provider's public marker is ever shown."""
    prefix = value[:_PREFIX] if len(value) > 3 * _PREFIX and PROVIDER_MARKERS.match(value) else ""
    return f"{prefix}…[sha256:{fingerprint(value)}]"


def mask_identifier(value: str) -> str:
    """A person's id the user asked to see: its first letters (to find them) and a hash."""
    prefix = value[:_PREFIX] if len(value) > 3 * _PREFIX else ""
    return f"{prefix}…[sha256:{fingerprint(value)}]"


def redact_in_line(line: str, secret: str, max_length: int = 160) -> str:
    """The source line with the secret replaced by its redaction, cut to a readable length."""
    shown = line.replace(secret, redact_secret(secret)).strip()
    return shown if len(shown) <= max_length else shown[: max_length - 1] + "…"


_ASSIGNMENT = re.compile(r"^(\s*(?:export\s+)?[\w.\-]+\s*[:=]\s*)(['\"]?)(.+?)\2\s*$")


def redact_assignment(line: str) -> str:
    """For env-style lines (`KEY=value`), keep the key and redact the value."""
    match = _ASSIGNMENT.match(line)
    if not match or not match.group(3):
        return line.strip()
    return f"{match.group(1).strip()}{redact_secret(match.group(3))}"


_IP_SHAPE = re.compile(r"^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:]+)$", re.IGNORECASE)


def redact_url(url: str) -> str:
    """A URL fit for a report: no credentials, query or fragment, and no IP address as host.

    Query strings carry tokens and e-mail addresses; an IP address can identify a person.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _IP_SHAPE.match(host):
        host = redact_secret(host)
    port = f":{parts.port}" if parts.port else ""
    scheme = f"{parts.scheme}://" if parts.scheme else ""
    return f"{scheme}{host}{port}{parts.path}"
