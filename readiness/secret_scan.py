"""Secret scanning: which lines of a repository hold a key, a token or a password.

Two stages, because one regular-expression engine cannot be both fast and exact
here. Hyperscan matches every rule at once in a single pass over the bytes of a
file (a few hundred MB/s), but only says *which* rules occur, not where their
value is; RE2 then runs only the rules Hyperscan saw, only on those files, to
find each value, its line and its context. Python's ``re`` doing the whole job
reaches about 2 MB/s with twenty rules, far too slow for a real monorepo.

The result is a table of hits (see :data:`HIT_COLUMNS`) that never holds a raw
value: each excerpt is redacted (:mod:`readiness.redact`) and each value is
kept only as a fingerprint, so two findings of the same key can be matched up.
The scan states facts (rule, place, client or server code); it does not decide
what a hit means for the verdict, except for the rule's default severity.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import json
import logging
import lzma
import math
import re
import tarfile
import threading
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import hyperscan
import pandas as pd
import re2

from readiness.deadline import FILE_SECONDS
from readiness.model import Severity
from readiness.redact import fingerprint, redact_secret

log = logging.getLogger(__name__)

HIT_COLUMNS = {
    "path": str,
    "line": "int64",
    "rule": str,
    "severity": str,
    "excerpt": str,
    "fingerprint": str,
    "variable": str,
    "client": bool,
}
EXCERPT_CONTEXT = 60
MAX_SCAN_BYTES = 1_000_000
PARTLY_SCANNED = "scanned for secrets only in part"
"""How the reason of a file the scan stopped short in begins: the secrets check reads it as unscanned."""

# Quotes written once, and without backslashes, so the rules also run in ripgrep (benchmarks/).
Q = """["']"""
DOTENV_VALUE_CHAR = r"""[^"'\s#]"""


@dataclass(frozen=True)
class SecretRule:
    """One kind of secret. ``pattern`` is valid for both Hyperscan and RE2.

    The value is the pattern's first capture group (the whole match when it has
    none). ``min_entropy`` (bits per character) screens out words and
    placeholders for rules that have no distinctive prefix.
    """

    id: str
    pattern: str
    severity: Severity
    caseless: bool = False
    min_entropy: float = 0.0


_ASSIGNED_KEYWORD = (
    r"(?:password|passwd|secret|api_?key|apikey|access_?key|auth_?token|access_?token"
    r"|client_?secret|private_?key|token)"
)

# Specific rules first: when two rules find the same value, the first one names it.
RULES: tuple[SecretRule, ...] = (
    SecretRule(
        "private_key",
        r"(-----BEGIN[A-Z ]{0,20} PRIVATE KEY(?: BLOCK)?-----\s*[A-Za-z0-9+/=]{20})",
        Severity.CRITICAL,
    ),
    SecretRule("aws_access_key_id", r"\b((?:AKIA|ASIA)[0-9A-Z]{16})\b", Severity.CRITICAL),
    SecretRule(
        "aws_secret_access_key",
        rf"aws_?secret_?access_?key{Q}?\s*[:=]\s*{Q}?([A-Za-z0-9/+]{{40}})\b",
        Severity.CRITICAL,
        caseless=True,
    ),
    SecretRule(
        "github_token",
        r"\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{60,255})\b",
        Severity.CRITICAL,
    ),
    SecretRule("gitlab_token", r"\b(glpat-[A-Za-z0-9_\-]{20,})", Severity.CRITICAL),
    SecretRule("slack_token", r"\b(xox[abposr]-[A-Za-z0-9\-]{10,})", Severity.CRITICAL),
    SecretRule(
        "slack_webhook",
        r"(https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/"
        r"[A-Za-z0-9_]{16,})",
        Severity.HIGH,
    ),
    SecretRule("stripe_live_key", r"\b((?:sk|rk)_live_[A-Za-z0-9]{20,})", Severity.CRITICAL),
    SecretRule("stripe_test_key", r"\b((?:sk|rk)_test_[A-Za-z0-9]{20,})", Severity.LOW),
    SecretRule("google_api_key", r"\b(AIza[0-9A-Za-z_\-]{35})", Severity.HIGH),
    # an OAuth client's secret as Google issues it, and a Meta Graph API access token (WhatsApp
    # Business, Facebook): the CORTEX record's tracked .env.clean holds both
    SecretRule("google_oauth_client_secret", r"\b(GOCSPX-[A-Za-z0-9_\-]{28})", Severity.CRITICAL),
    SecretRule("meta_access_token", r"\b(EAA[A-Za-z0-9]{100,})", Severity.CRITICAL),
    SecretRule(
        "anthropic_api_key", r"\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_\-]{80,})", Severity.CRITICAL
    ),
    SecretRule(
        "openai_api_key",
        r"\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,}"
        r"|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})",
        Severity.CRITICAL,
    ),
    SecretRule("twilio_api_key", r"\b(SK[0-9a-f]{32})\b", Severity.HIGH),
    SecretRule("sendgrid_api_key", r"\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})", Severity.CRITICAL),
    SecretRule("supabase_secret_key", r"\b(sb_secret_[A-Za-z0-9_\-]{20,})", Severity.CRITICAL),
    SecretRule(
        "sentry_legacy_dsn_secret",
        r"https://[0-9a-f]{32}:([0-9a-f]{32})@[\w.-]*sentry\.io",
        Severity.CRITICAL,
    ),
    SecretRule("supabase_publishable_key", r"\b(sb_publishable_[A-Za-z0-9_\-]{20,})", Severity.INFO),
    SecretRule(
        "jwt", r"\b(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})", Severity.MEDIUM
    ),
    SecretRule(
        "database_url_password",
        r"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?)://"
        r"""[A-Za-z0-9._%\-]+:([^@\s'"/:]{4,})@[A-Za-z0-9.\-]+""",
        Severity.CRITICAL,
        min_entropy=1.5,
    ),
    SecretRule(
        "dotenv_secret_assignment",
        r"^(?:export[ \t]+)?[A-Z0-9_]*(?:SECRET|PASSWORD|TOKEN"
        rf"|API_KEY|PRIVATE_KEY|SERVICE_ROLE)[A-Z0-9_]*={Q}?({DOTENV_VALUE_CHAR}{{12,}}){Q}?[ \t\r]*$",
        Severity.HIGH,
        min_entropy=3.0,
    ),
    SecretRule(
        "generic_secret_assignment",
        rf"{_ASSIGNED_KEYWORD}(?:[_\-]?(?:key|secret|token|value))?{Q}?\s*(?::=|=>|=|:)\s*"
        rf"""{Q}([^"'\s\[\](){{}}<>,;]{{12,200}}){Q}""",
        Severity.HIGH,
        caseless=True,
        min_entropy=3.5,
    ),
)

# Values written to stand for a secret in documentation and templates, whatever the rule.
_PLACEHOLDER = re2.compile(
    r"(?i)example|sample|dummy|placeholder|changeme|change_?this|change_me|your[_\-]|xxxx|(^|[_\-.])xyz"
    r"|\*\*\*|redacted|fake|fixme|todo|insecure|not[_\-]?a[_\-]?secret|<[a-z_\- ]+>"
    r"|^\[[\w \-]+\]$|^\{\{?[\w \-]+\}\}?$"  # [password], {password}
    r"|^(dev|test|local)[_\-]|[_\-](dev|test|local)\d{0,3}$"  # whsec_test123
    r"|replace[_\- ]?(with|me)|generate[_\- ]?with|openssl|validation[_\-]only",  # how to make one
)
# Runs typed, not drawn: the alphabet's hex letters, the digits or a keyboard row, in order or
# backwards (a test key of base64("fedcba9876543210…")).
_TYPED_RUNS = r"(?-i:abcdef|ABCDEF|fedcba|FEDCBA)|123456|654321|qwerty"
# For rules without a distinctive prefix, values that name or fetch a secret rather than being one:
# defaults, references to the environment, URLs, words, CONSTANT_NAMES and dotted.names.
_NOT_A_VALUE = re2.compile(
    r"(?i)\$\{|\{\{|%\(|^\$|process\.env|import\.meta|os\.environ|getenv"
    r"|localhost|127\.0\.0\.1"
    r"|^(pbkdf2_sha\d+|bcrypt|argon2\w*|sha\d+|md5)\$"
    r"|^(password|passwd|pass|pwd|secret|user|root|admin|postgres|mysql|test)$"
    # the word itself dressed up, as people pick a development default: DevPassword123!, temp-password-123
    r"|^(dev|test|demo|temp|local|default)?[_\-]?(password|passw0rd|secret)[_\-]?[0-9]{0,6}[!@#$%.]?$"
    r"|^https?://|^[A-Za-z]+$|^[a-z_]+(\.[a-z_-]+)+$|^[a-z_]+(:[a-z_-]+)+$"
    r"|(?-i:^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$)"  # a CONSTANT_NAME in capitals; NextJsBridge_74281 is a value
    r"|^[a-z]+([_\-/][a-z]+)+$"  # words that describe the value: email-server-password, primary/accent
    # a format or a size in words: base64-of-ed25519-receipt-private-jwk, session_encryption_secret_256_bits
    r"|^[a-z]+[0-9]*([_\-]([a-z]+[0-9]*|[0-9]+)){3,}$"
    r"|[^\x00-\x7f]"  # a letter outside ASCII: a translated label ("パスワードを忘れた"), not a key
    # a path or a route: Token: users/token.md, "Forgot Password": pages/ForgotPassword.tsx
    r"|(?-i:^/?([a-z][a-z0-9_-]*/)+([a-z][a-z0-9_-]*|[A-Za-z][\w-]*\.[a-z]{2,4})$)"
    r"|[A-Z][A-Z0-9_]{2,}=\w"  # settings listed (NAME=secret-name:latest,…), not one value
    rf"|{_TYPED_RUNS}",
)
_HEX = re2.compile(r"[0-9a-fA-F]{16,}")
# A comment showing how to write the line (`//   Exemplo: const CLINIC_SECRET = 'minha-clinica-…'`,
# `# e.g. SECRET_KEY = "…"`): an example in the documentation of the code, in any of the corpus's
# languages; the real assignment is on a line of its own.
_COMMENTED_EXAMPLE = re2.compile(
    r"(?i)^\s*(//|#|\*|/\*|<!--)[^\n]*(\be\.g\.|\b(example|exemplo|ejemplo|exemple|esempio|beispiel)\b)"
)
HEX_MIN_ENTROPY = 3.0
_ALLOW_COMMENT = re.compile(rb"pragma: allowlist secret|gitleaks:allow|readiness:\s*allow-secret")
_VARIABLE_BEFORE = re2.compile(r"([A-Za-z_][A-Za-z0-9_]*)[\"']?\s*(?::=|=>|=|:)\s*[\"'`]?\s*$")
_SERVER_PATH = re.compile(
    r"(^|/)(supabase/functions|server|api|backend|scripts|functions|edge-functions"
    r"|migrations)/|\.server\.[jt]sx?$|\.py$"
)
_CLIENT_PATH = re.compile(
    r"(^|/)(src|app|pages|components|public|client|frontend|web|static)/"
    r"|\.(jsx|tsx|vue|svelte|html?)$"
)


# The keys every local Supabase (the CLI's `supabase start`) prints: the same for everyone.
LOCAL_SUPABASE_KEYS = ("sb_secret_N7UND0UgjKTVK-Uodkm0", "sb_publishable_ACJWlzQHlZjBrEguHvfOxg")


def is_client_path(path: str) -> bool:
    """Whether a file is likely bundled for the browser (front-end code), by its place in the tree."""
    return bool(_CLIENT_PATH.search(path)) and not _SERVER_PATH.search(path)


def shannon_entropy(value: str) -> float:
    """Bits per character: random keys score high, words and placeholders low."""
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values()) if total else 0.0


def jwt_role(token: str) -> str | None:
    """The ``role`` claim of a JWT's payload (Supabase keys carry ``anon`` or ``service_role``), or
    ``demo`` for the well-known keys of a local Supabase (``iss: supabase-demo``), public by design.

    The signature is not checked: the role is read to name the key, not to trust it.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(claims, dict):
        return None
    if claims.get("iss") == "supabase-demo":
        return "demo"
    role = claims.get("role")
    return role if isinstance(role, str) else None


@dataclass(frozen=True)
class SecretHit:
    path: str
    line: int
    rule: str
    severity: str
    excerpt: str
    fingerprint: str
    variable: str
    client: bool


class SecretScanner:
    """All :data:`RULES` compiled once: a Hyperscan database plus one RE2 regex per rule."""

    def __init__(self, rules: tuple[SecretRule, ...] = RULES):
        self.rules = rules
        flags = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_PREFILTER | hyperscan.HS_FLAG_MULTILINE
        self.database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.database.compile(
            expressions=[rule.pattern.encode() for rule in rules],
            ids=list(range(len(rules))),
            elements=len(rules),
            flags=[flags | (hyperscan.HS_FLAG_CASELESS if rule.caseless else 0) for rule in rules],
        )
        self.confirmers = [
            re2.compile(("(?im)" if rule.caseless else "(?m)") + rule.pattern) for rule in rules
        ]
        self._per_thread = threading.local()

    def _scratch(self) -> hyperscan.Scratch:
        """Hyperscan's scratch space serves one scan at a time: each thread gets its own."""
        scratch = getattr(self._per_thread, "scratch", None)
        if scratch is None:
            scratch = self._per_thread.scratch = hyperscan.Scratch(self.database)
        return scratch

    def candidate_rules(self, data: bytes) -> list[int]:
        """Indexes of the rules that may match somewhere in ``data`` (the fast stage)."""
        seen: list[int] = []
        self.database.scan(
            data,
            match_event_handler=lambda rule, start, end, flags, ctx: seen.append(rule),
            scratch=self._scratch(),
        )
        return sorted(seen)

    def _confirmed(self, path: str, data: bytes) -> list[tuple[SecretHit, str]]:
        """(hit, raw value) of every confirmed secret; the raw values never leave this module."""
        candidates = self.candidate_rules(data)
        if not candidates:
            return []
        lines = _LineIndex(data)
        found: dict[tuple[int, str], tuple[SecretHit, str]] = {}
        for index in candidates:
            rule = self.rules[index]
            for match in self.confirmers[index].finditer(data):
                confirmed = _confirmed_hit(rule, match, path, lines)
                if confirmed is not None:
                    found.setdefault((confirmed[0].line, confirmed[0].fingerprint), confirmed)
        return list(found.values())

    def scan(self, path: str, data: bytes) -> list[SecretHit]:
        """Every confirmed secret in one file's bytes. Each excerpt is cut from its line only after
        every secret on that line was redacted: two keys on one line never show each other."""
        confirmed = self._confirmed(path, data)
        values_by_line: dict[int, list[str]] = {}
        for hit, value in confirmed:
            values_by_line.setdefault(hit.line, []).append(value)
        return [
            replace(hit, excerpt=_excerpt_around(hit.excerpt, value, values_by_line[hit.line]))
            for hit, value in confirmed
        ]

    def redact_text(self, path: str, text: str) -> str:
        """``text`` with every secret the scan confirms in it (any rule, public-by-design keys too)
        and every truncated token replaced by its redaction: scan the whole text, then cut."""
        values = sorted(
            {value for _hit, value in self._confirmed(path, text.encode("utf-8", "replace"))},
            key=len,
            reverse=True,
        )
        for value in values:
            text = text.replace(value, redact_secret(value))
        return _TRUNCATED_TOKEN.sub(lambda m: redact_secret(m.group(0)), text)


class _LineIndex:
    """Line numbers and line text for byte offsets of one file, computed once per file with hits."""

    def __init__(self, data: bytes):
        self.data = data
        self.starts = [0] + [m.end() for m in re.finditer(rb"\n", data)]

    def number(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def bounds(self, number: int) -> tuple[int, int]:
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.data)
        return start, end


def _value_span(match) -> tuple[int, int]:
    return match.span(1) if match.re.groups and match.start(1) >= 0 else match.span(0)


def _confirmed_hit(rule: SecretRule, match, path: str, lines: _LineIndex) -> tuple[SecretHit, str] | None:
    """(the hit, its raw value) for one RE2 match — the excerpt still the whole line — or None when
    allow-lists, entropy or the JWT payload say it is not one."""
    start, end = _value_span(match)
    value = lines.data[start:end].decode("utf-8", "replace")
    number = lines.number(start)
    line_start, line_end = lines.bounds(number)
    if _ALLOW_COMMENT.search(lines.data, line_start, line_end):
        return None
    before = lines.data[line_start:start].decode("utf-8", "replace")
    if _COMMENTED_EXAMPLE.search(before):
        return None
    if _PLACEHOLDER.search(value) or (rule.min_entropy and _is_weak(value, rule.min_entropy)):
        return None
    if _encodes_a_typed_run(value):
        return None
    head = lines.data[line_start : max(line_start, match.start(0))].decode("utf-8", "replace")
    variable = _assigned_variable(head) or _assigned_variable(before)
    client = is_client_path(path) or variable.startswith("VITE_")
    rule_id, severity = _classify(rule, value, client)
    if rule_id is None:
        return None
    if rule.id == "database_url_password" and _container_default(match.group(0), value):
        # a lapse (the default ships with the compose file), not a leaked production credential
        rule_id, severity = "container_default_password", Severity.LOW
    line = lines.data[line_start:line_end].decode("utf-8", "replace")
    return SecretHit(
        path=path,
        line=number,
        rule=rule_id,
        severity=severity.value,
        excerpt=line,
        fingerprint=fingerprint(value),
        variable=variable,
        client=client,
    ), value


# A host without a dot resolves only inside a private network (a compose service, a cluster's);
# a lowercase word there (postgres://medplum:medplum123@postgres) is the development container's
# default: a lapse to fix before production, not a leaked credential. A drawn password on such a
# host is still a secret.
_PRIVATE_HOST = re2.compile(r"@[A-Za-z][\w-]*$")
_DEFAULT_WORD = re2.compile(r"^[a-z]+[0-9]{0,4}$")


def _container_default(url: str, password: str) -> bool:
    """Whether ``url`` (ending at its host) reaches a private-network host with a default word as
    its password: a development container's database, the same in every clone."""
    return bool(_PRIVATE_HOST.search(url)) and bool(_DEFAULT_WORD.match(password))


def _is_weak(value: str, min_entropy: float) -> bool:
    """A value that names rather than holds a secret, or too regular to be drawn at random. Hex
    digits carry at most 4 bits each: a random 32-digit key scores about 3.5, so hex is held to
    detect-secrets' lower bar (HEX_MIN_ENTROPY)."""
    if _HEX.fullmatch(value):
        min_entropy = min(min_entropy, HEX_MIN_ENTROPY)
    return bool(_NOT_A_VALUE.search(value)) or shannon_entropy(value) < min_entropy


_BASE64 = re2.compile(r"^[A-Za-z0-9+/]{16,}={0,2}$")
_TYPED_RUN = re2.compile(f"(?i){_TYPED_RUNS}")


def _encodes_a_typed_run(value: str) -> bool:
    """A base64 value that decodes to digits or letters typed in order (a test's
    DEVICE_SECRET_ENCRYPTION_KEY=base64("0123456789abcdef…")): a dummy, however random it looks."""
    if len(value) % 4 or not _BASE64.match(value):
        return False
    try:
        decoded = base64.b64decode(value, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return False  # not text: random bytes, the shape of a real key
    return bool(_TYPED_RUN.search(decoded))


def _assigned_variable(before: str) -> str:
    """The name a value is assigned to (`NAME=`, `name: `, `"name": `), looked for just before it."""
    found = _VARIABLE_BEFORE.search(before)
    return found.group(1) if found else ""


def _classify(rule: SecretRule, value: str, client: bool) -> tuple[str | None, Severity]:
    """Name JWTs by their role: Supabase's anon key is public by design, service_role is admin access."""
    if value.startswith(LOCAL_SUPABASE_KEYS):
        return "supabase_local_demo_key", Severity.INFO
    if rule.id != "jwt":
        return rule.id, rule.severity
    role = jwt_role(value)
    if role is None:
        return None, rule.severity
    if role in ("anon", "demo"):
        return ("supabase_anon_key" if role == "anon" else "supabase_local_demo_key"), Severity.INFO
    if role == "service_role":
        return "supabase_service_role_key", Severity.CRITICAL if client else Severity.HIGH
    return rule.id, rule.severity


def _excerpt_around(line: str, value: str, values_on_line: list[str]) -> str:
    """The line around ``value``, cut only after every secret on it was replaced by its redaction."""
    for other in sorted(set(values_on_line), key=len, reverse=True):
        # A value spanning lines (a private key block) is replaced from its first line on.
        line = line.replace(other.split("\n", 1)[0], redact_secret(other))
    line = _TRUNCATED_TOKEN.sub(lambda m: redact_secret(m.group(0)), line)
    shown = redact_secret(value)
    at = line.find(shown)
    if at < 0:
        return line.strip()[: 2 * EXCERPT_CONTEXT]
    return (
        line[max(0, at - EXCERPT_CONTEXT) : at].lstrip()
        + shown
        + line[at + len(shown) : at + len(shown) + EXCERPT_CONTEXT].rstrip()
    )


# What is left of a token a cut went through: a JWT's header and payload, a provider key's head.
_TRUNCATED_TOKEN = re2.compile(
    r"eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}"
    r"|\b(?:sk|rk|pk)_live_[A-Za-z0-9]{4,}|\bgh[pousr]_[A-Za-z0-9]{8,}"
    r"|\bsbp_[A-Za-z0-9]{8,}|\bsb_secret_[A-Za-z0-9_-]{8,}|\bAKIA[A-Z0-9]{8,}"
)


@cache
def default_scanner() -> SecretScanner:
    """One compiled scanner per process (compiling the database takes tens of milliseconds)."""
    return SecretScanner()


def hits_frame(hits: Iterable[SecretHit]) -> pd.DataFrame:
    """The typed table of hits (columns :data:`HIT_COLUMNS`), sorted by path and line."""
    rows = [hit.__dict__ for hit in hits]
    frame = pd.DataFrame(rows, columns=list(HIT_COLUMNS)).astype(HIT_COLUMNS)
    return frame.sort_values(["path", "line", "rule"], ignore_index=True)


def scan_texts(texts: Mapping[str, str]) -> pd.DataFrame:
    """Scan files already read by the repository collector (path → text).

    Text decoded with ``surrogateescape`` may hold lone surrogates: they become U+FFFD, not an error.
    """
    scanner = default_scanner()
    hits = [
        hit for path, text in texts.items() for hit in scanner.scan(path, text.encode("utf-8", "replace"))
    ]
    log.info("secret scan done", extra={"files": len(texts), "hits": len(hits)})
    return hits_frame(hits)


CHUNK_BYTES = 1 << 20
CHUNK_OVERLAP = 8192  # longer than any key a rule recognises: a key on a boundary is seen whole
MAX_STREAMED_BYTES = 256 << 20


def scan_large_file(
    path: str, full: Path, seconds: float = FILE_SECONDS
) -> tuple[list[SecretHit], str | None]:
    """Scan a file too large to keep in memory (a minified bundle) in overlapping chunks, each hit
    at its true line; hits seen twice in an overlap are kept once. The second value says why the
    scan stopped short of the end (its time limit, or the streamed size cap), None when it did not."""
    scanner = default_scanner()
    hits: dict[tuple[int, str], SecretHit] = {}
    lines_before, offset = 0, 0
    deadline = time.monotonic() + seconds
    stopped = _stopped_short(offset, deadline, seconds)
    with full.open("rb") as handle:
        while stopped is None:
            handle.seek(offset)
            chunk = handle.read(CHUNK_BYTES + CHUNK_OVERLAP)
            for hit in scanner.scan(path, chunk):
                moved = replace(hit, line=hit.line + lines_before)
                hits.setdefault((moved.line, moved.fingerprint), moved)
            if len(chunk) <= CHUNK_BYTES:
                break  # the end of the file is scanned
            lines_before += chunk[:CHUNK_BYTES].count(b"\n")
            offset += CHUNK_BYTES
            stopped = _stopped_short(offset, deadline, seconds)
    return list(hits.values()), stopped


def _stopped_short(offset: int, deadline: float, seconds: float) -> str | None:
    """Why a streamed scan stops before the end of its file: the size cap, or its time limit."""
    if offset >= MAX_STREAMED_BYTES:
        return f"{PARTLY_SCANNED} (its first {MAX_STREAMED_BYTES >> 20} MB)"
    if time.monotonic() > deadline:
        return f"abandoned, secret scanning took too long ({seconds:g} s, {offset >> 20} MB in)"
    return None


ARCHIVE_FILE = re2.compile(r"(?i)\.(zip|tar|tgz|tar\.gz|tar\.bz2|tar\.xz)$")
# What a hostile or damaged archive raises while read: each ends the reading with a reason, never a crash.
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
MAX_ARCHIVE_MEMBERS = 2000
MAX_ARCHIVE_READ_BYTES = 64 << 20
SKIPPED_MEMBER_BYTES = 64 * MAX_SCAN_BYTES
"""A tar member declaring more than this is not skipped over: skipping it decompresses it."""
ARCHIVE_SCANNED = "archive, its members scanned for secrets"


def scan_archive(path: str, full: Path, seconds: float = FILE_SECONDS) -> tuple[list[SecretHit], str]:
    """Scan the text members of a committed zip or tar archive (LEVELS.md: a secret committed "in any
    form, archives included"), each hit cited at the archive with the member named in its excerpt.
    Read in memory within bounds (members, bytes, time), nothing extracted to disk; the second
    value is the archive's skipped-file reason, saying when it was read only in part or not at all."""
    scanner, hits, read, scanned = default_scanner(), [], 0, 0
    deadline = time.monotonic() + seconds
    try:
        for member, data, stop in _archive_members(full):
            if stop:
                return hits, f"{PARTLY_SCANNED} (archive: {stop})"
            read += len(data)
            if read > MAX_ARCHIVE_READ_BYTES or time.monotonic() > deadline:
                return hits, f"{PARTLY_SCANNED} (archive: size or time limit)"
            if not _small_text(data) or ARCHIVE_FILE.search(member):
                continue
            scanned += 1
            named = _printable(member)
            hits += [
                replace(hit, path=path, excerpt=f"[{named}] {hit.excerpt}")
                for hit in scanner.scan(named, data)
            ]
    except ARCHIVE_ERRORS as exc:
        kind = type(exc)
        named = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
        return [], f"unreadable (archive: {named})"
    return hits, f"{ARCHIVE_SCANNED} ({scanned} text file(s))"


def _archive_members(full: Path) -> Iterator[tuple[str, bytes, str | None]]:
    """(name, first bytes, why the reading stops) of each regular member, at most
    :data:`MAX_ARCHIVE_MEMBERS`; a member's bytes are read up to just over the scan cap."""
    if full.name.lower().endswith(".zip"):
        with zipfile.ZipFile(full) as archive:
            for count, info in enumerate(archive.infolist()):
                if count >= MAX_ARCHIVE_MEMBERS:
                    yield "", b"", "member limit"
                    return
                if info.is_dir():
                    continue
                if info.flag_bits & 0x1:
                    yield "", b"", "encrypted members"
                    return
                with archive.open(info) as handle:
                    yield info.filename, handle.read(MAX_SCAN_BYTES + 1), None
        return
    with tarfile.open(full, "r:*") as archive:
        for count, info in enumerate(archive):
            if count >= MAX_ARCHIVE_MEMBERS or info.size > SKIPPED_MEMBER_BYTES:
                yield "", b"", "member limit"
                return
            handle = archive.extractfile(info) if info.isfile() else None
            if handle is not None:
                yield info.name, handle.read(MAX_SCAN_BYTES + 1), None


def _printable(name: str) -> str:
    """A member's name as shown in an excerpt: printable characters, bounded (names are hostile too)."""
    return "".join(c if c.isprintable() else "?" for c in name)[:120]


def _scan_file_batch(root: str, paths: list[str]) -> list[SecretHit]:
    scanner = default_scanner()
    return [hit for path in paths for hit in scanner.scan(path, read_small_text(Path(root) / path))]


def read_small_text(path: Path) -> bytes:
    """The bytes of a text file under the size cap; empty for binaries, big or unreadable files."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SCAN_BYTES + 1)
    except OSError as exc:
        log.warning("file not scanned for secrets", extra={"path": str(path), "reason": str(exc)})
        return b""
    return data if _small_text(data) else b""


def _small_text(data: bytes) -> bool:
    """Bytes the scan reads: under the size cap, and text (no NUL byte early on, as binaries have)."""
    return len(data) <= MAX_SCAN_BYTES and b"\0" not in data[:8192]


def _batches(paths: list[str], count: int) -> Iterator[list[str]]:
    size = max(1, math.ceil(len(paths) / count))
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


def scan_files(root: Path, paths: list[str], processes: int = 1) -> pd.DataFrame:
    """Scan files straight from disk (paths relative to ``root``), in ``processes`` worker processes.

    Files over :data:`MAX_SCAN_BYTES` and binaries are skipped, as the collector skips them.
    """
    if processes <= 1:
        return hits_frame(_scan_file_batch(str(root), paths))
    batches = list(_batches(paths, processes * 8))
    with ProcessPoolExecutor(processes) as pool:
        results = pool.map(_scan_file_batch, [str(root)] * len(batches), batches)
        return hits_frame(hit for batch in results for hit in batch)
