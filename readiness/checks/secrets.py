"""Criterion 4, secrets: none in the code, none in the history, none shipped to the browser (§10.4).

The values themselves come from the secret scan (:mod:`readiness.secret_scan`),
run by the repository collector into the ``secret_hits`` table: these checks
read that table and the file inventory, and cite file:line with an excerpt the
scan has already redacted. Where a check names a variable rather than a value,
it cites the name only, so no line of the repository is ever copied out whole.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable
from typing import Any

import pandas as pd
import re2

from readiness.checks import (
    CheckContext,
    Outcome,
    check,
    failed,
    inconclusive,
    not_applicable,
    passed,
)
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    ENV_LINE,
    MAX_REFS,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    file_roles,
    grep,
    is_browser_path,
    is_production_code_path,
    is_test_path,
    line_at,
    matching_paths,
    non_test_rows,
    repo_files,
    repo_table,
    root_scripts,
    said_ref,
    texts,
)
from readiness.locales import phrased
from readiness.model import EvidenceRef, Level, Severity
from readiness.secret_scan import PARTLY_SCANNED, is_client_path

ENV_REASON = "environment file"
# The inventory's descriptions of files that hold secrets whatever their content. A `.pem` ("private
# key or certificate") is left to the content scan, which tells a private key from a public certificate.
TRACKED_SENSITIVE_REASONS = (
    "private key",
    "credentials file",
    "registry credentials",
    "database password file",
    "password file",
    "key store",
    "database dump",
    "backup file",
)
# A registry or credentials file is a secret only when it holds one: an `.npmrc` naming a registry
# is configuration, one with an `_authToken` is a credential.
HOLDS_CREDENTIAL = re2.compile(
    r"(?i)(_auth(Token)?\s*=\s*[^$\s{]|\bpassword\s*[=:]\s*[^$\s{]|"
    r"private_key|client_secret|aws_secret_access_key\s*=\s*\S)"
)
# Rules that recognise a provider's key by its format: a hit is a real secret committed.
REAL_SECRET_RULES = {
    "sentry_legacy_dsn_secret",
    "private_key",
    "aws_access_key_id",
    "aws_secret_access_key",
    "github_token",
    "gitlab_token",
    "slack_token",
    "slack_webhook",
    "stripe_live_key",
    "anthropic_api_key",
    "openai_api_key",
    "twilio_api_key",
    "sendgrid_api_key",
    "supabase_secret_key",
    "supabase_service_role_key",
    "database_url_password",
    "google_api_key",
    "google_oauth_client_secret",
    "meta_access_token",
}
# Keys a provider issues, real wherever they are written. A private key or a database password in a
# test is the suite's own (a key generated to sign test tokens), like any other test dummy.
PROVIDER_KEY_RULES = REAL_SECRET_RULES - {"private_key", "database_url_password"}
FALLBACK = re2.compile(
    r"""(?:(?:os\.environ\.get|os\.getenv|getenv|environ\.get|env\.str|envsecret|env)\(\s*['"]"""
    r"""(?P<py>[A-Z0-9_]*(?:SECRET|KEY|TOKEN|PASSWORD|PASSWD)[A-Z0-9_]*)['"]\s*,\s*['"](?P<pyv>[^'"]+)['"]"""
    r"""|(?:os\.environ\.get|os\.getenv)\(\s*['"](?P<py2>[A-Z0-9_]*(?:SECRET|KEY|TOKEN|PASSWORD)"""
    r"""[A-Z0-9_]*)['"]\s*\)\s*or\s*['"](?P<py2v>[^'"]+)['"]"""
    r"""|process\.env\.(?P<js>[A-Z0-9_]*(?:SECRET|KEY|TOKEN|PASSWORD)[A-Z0-9_]*)\s*(?:\|\||\?\?)\s*"""
    r"""['"`](?P<jsv>[^'"`]+)['"`])"""
)
# A default that says it is one (a development value, a placeholder) is an insecure default, the
# partial level's lapse; a key that looks real is a key hard-coded as a fallback (prototype).
WEAK_DEFAULT = re2.compile(
    r"(?i)^.{0,4}$|change|dummy|example|placeholder|insecure|unsafe|fixme|todo|default|^-+$|"
    r"\bdev\b|^dev[-_]|dev$|development|^local[-_ ]|only[-_ ]?use|do[-_ ]?not[-_ ]?use|dont[-_ ]?use|"
    r"[-_ ]here$|your[-_ ]|xxx|^<.*>$|(^|[-_ ])demo([-_ ]|$)|"
    # the word itself: `SMTP_PASSWORD || "password"` defaults to a guessable word, not a key
    r"^(password|passwd|pass|secret|admin|root|guest|user|test)\d*$|"
    # a value that says the key is missing or where to put it (`OPENAI_API_KEY || "not-set"`,
    # `"configure-in-env"`) opens nothing
    r"not[-_ ]?(set|configured|provided)|^unset$|configure|^set[-_ ]?me$"
)
CHANGE_ME_NOTE = re2.compile(r"(?i)(#|//).*(change|todo|fixme|insecure|dev only|not for production)")
VITE_NAME = re2.compile(r"\bVITE_[A-Z0-9_]+")
BUNDLED_SOURCE = content_regex(r"\.([cm]?[jt]sx?|vue|svelte|astro|html?)$")
SECRET_NAME = content_regex(r"SECRET|SERVICE_ROLE|PRIVATE|PASSWORD|PASSWD|TOKEN|API_KEY|CREDENTIAL")
# Values meant for the browser: anon and publishable keys, site keys, a restricted Maps key,
# product-analytics project keys, a Sentry DSN, the Firebase web config's API key (Google Identity
# Platform's, GCIP, is the same web key) and the web-push (VAPID) key a browser subscribes with;
# the VAPID *private* key is not matched.
PUBLIC_NAME = content_regex(
    r"ANON|PUBLIC|PUBLISHABLE|SITE_KEY|MAPS|POSTHOG|ANALYTICS|MEASUREMENT_ID|SENTRY_DSN|"
    r"FIREBASE_API_KEY|FIREBASE_WEB_API_KEY|GCIP_API_KEY|IDENTITY_PLATFORM_API_KEY|VAPID_KEY"
)
# A name that reads as a switch about a secret (`…_USE_ID_TOKEN`, `ENABLE_API_KEY_AUTH`), not a secret.
SWITCH_NAME = content_regex(r"(^|_)(USE|ENABLE|ENABLED|DISABLE|DISABLED|IS|HAS|SHOW|REQUIRE|ALLOW)_")
# The names a bundler writes into the browser's code (Vite, Next.js, Create React App, Expo, Nuxt,
# Gatsby, SvelteKit and Astro): any other variable read by client code is undefined there, not leaked.
BUNDLED_NAME = re2.compile(r"(?i)(VITE|NEXT_PUBLIC|REACT_APP|EXPO_PUBLIC|NUXT_PUBLIC|GATSBY|PUBLIC)_")
SERVICE_ROLE_NAME = re2.compile(r"\b\w*(?:SERVICE_ROLE|serviceRole|service_role_key)\w*")
CI_CONFIG = content_regex(
    r"(^|/)(\.ci|\.github|\.circleci|\.buildkite|\.gitlab|ci)/|"
    r"(^|/)(\.gitlab-ci|\.travis|\.drone|bitbucket-pipelines|azure-pipelines|cloudbuild)\.ya?ml$|"
    r"(^|/)(docker-)?compose[.-](ci|test|e2e|cypress)\.ya?ml$"
)
# Requests written to try an API by hand (auth.graphql's `refreshToken(token: "eyJ…")`, a .http file,
# an API client's collection: Bruno's .bru, Postman's and Insomnia's exports).
REQUEST_SAMPLE = re2.compile(
    r"(?i)\.(http|rest|graphql|gql|bru)$|\.postman_collection\.json$|(^|/)insomnia[^/]*\.(json|ya?ml)$"
)
DOC_FILE = content_regex(r"\.(md|mdx|rst|txt|adoc)$", re.IGNORECASE)
PUBLIC_BY_DESIGN = Severity.INFO.value
STARTUP_VALIDATION = (
    r"required_?(env|vars?|variables|settings)(_?vars?)?\b"
    r"|Variable d'environnement manquante|missing (required )?(env|environment) var"
    r"|\bcleanEnv\(|\bcreateEnv\("
    r"|\.(safe)?[pP]arse\(\s*(process\.env|import\.meta\.env|os\.environ)"
    r"|\(BaseSettings\)|pydantic_settings"
)


def secret_hits(ctx: CheckContext) -> pd.DataFrame:
    """The scan's hits in files the configuration does not ignore, public-by-design keys left out."""
    hits = ctx.evidence.table("repositories", "secret_hits")
    if hits.empty:
        return hits
    kept = repo_files(ctx)[["source", "path"]]
    hits = hits.merge(kept, on=["source", "path"])
    hits = hits[hits["severity"] != PUBLIC_BY_DESIGN]
    if hits.empty:
        return hits
    # Tests and fixtures hold dummy keys, and documentation sample values ("token": "abc123def456"
    # in an API guide): there only a provider's key format counts.
    in_tests = (
        ~hits["path"].map(is_production_code_path)
        & ~hits["path"].map(
            lambda p: p.endswith((".env", ".yml", ".yaml", ".json", ".toml")) and not is_test_path(p)
        )
    ) | hits["path"].map(_written_to_show)
    # A pipeline's own configuration starts throwaway services that live for one run.
    pipeline_dummy = hits["path"].map(lambda p: bool(CI_CONFIG.search(p))) & ~hits["rule"].isin(
        PROVIDER_KEY_RULES
    )
    browser_key_name = hits["variable"].fillna("").map(lambda name: bool(BROWSER_GOOGLE_KEY.search(name)))
    browser_maps_key = (hits["rule"] == "google_api_key") & (
        hits["path"].map(is_client_path) | in_tests | browser_key_name
    )
    local_database = (hits["rule"] == "database_url_password") & hits["excerpt"].fillna("").map(
        _local_database_url
    )
    # A browser widget is configured with the identifier its vendor publishes in every page (a chat
    # widget's websiteToken, a Segment writeKey): public by design, not a secret.
    widget_id = (
        hits["variable"].fillna("").map(lambda name: bool(WIDGET_ID_NAME.search(name)))
        & hits["path"].map(is_client_path)
        & ~hits["rule"].isin(PROVIDER_KEY_RULES)
    )
    dummy = (in_tests & ~hits["rule"].isin(PROVIDER_KEY_RULES)) | pipeline_dummy
    return hits[~dummy & ~browser_maps_key & ~local_database & ~widget_id]


# The Google keys a browser is given on purpose, restricted by referrer: Maps, Firebase's and
# Identity Platform's (GCIP) web keys.
BROWSER_GOOGLE_KEY = re2.compile(r"(?i)map|firebase|browser|public|^apiKey$|gcip|identity_?platform")
WIDGET_ID_NAME = re2.compile(r"(?i)^(website_?token|site_?key|write_?key|publishable_?key|measurement_?id)$")


DATABASE_HOST = re2.compile(r"://[^@\s'\"/]*@([\w.-]+)")


def _local_database_url(line: str) -> bool:
    """Whether a connection string on ``line`` reaches a database of the developer's machine or
    of an example domain (LOCAL_DATABASE_HOST)."""
    found = DATABASE_HOST.search(line)
    return bool(found) and bool(LOCAL_DATABASE_HOST.search(found.group(1)))


# Binary files that hold no secret by their nature: media, fonts, compiled code, wrapper jars.
MEDIA_FILE = re2.compile(
    r"(?i)\.(png|jpe?g|gif|webp|avif|ico|icns|bmp|tiff?|svgz|heic|mp[34]|m4a|wav|ogg|"
    r"webm|mov|avi|woff2?|ttf|otf|eot|pdf|psd|ai|sketch|fig|pyc|class|wasm|so|dylib|dll|exe|"
    r"jar|lockb|node|mo|xcf|blend|glb|gltf|fbx|obj|riv|lottie)$"
)
UNSCANNED_REASONS = ("binary", "unreadable", "abandoned", PARTLY_SCANNED)


def unscanned_files(ctx: CheckContext) -> pd.DataFrame:
    """Files the secret scan could not read (binary archives or databases, unreadable files),
    configured ignores and media left out."""
    skipped = ctx.evidence.table("repositories", "skipped")
    if skipped.empty:
        return skipped
    kept = skipped.merge(repo_files(ctx)[["source", "path"]], on=["source", "path"])
    return kept[
        kept["reason"].str.startswith(UNSCANNED_REASONS)
        & ~kept["path"].map(lambda p: bool(MEDIA_FILE.search(p))).astype(bool)
    ]


def hit_refs(hits: pd.DataFrame) -> list[EvidenceRef]:
    return [
        EvidenceRef(
            source=hit.source, path=hit.path, line=int(hit.line), excerpt=f"{hit.rule}: {hit.excerpt}"
        )
        for hit in hits.head(MAX_REFS).itertuples(index=False)
    ]


def highest_severity(hits: pd.DataFrame) -> Severity:
    return min(map(Severity, hits["severity"]), key=lambda severity: severity.rank)


def name_refs(
    ctx: CheckContext,
    names: Any,
    keep: Callable[[str, str], bool],
    limit: int = MAX_REFS,
    keep_line: Callable[[str, str], bool] | None = None,
) -> list[EvidenceRef]:
    """Lines using a variable name that ``keep(path, name)`` selects, citing the names only.

    Only the names are shown, never the line: the line may hold the value. Prose (README, docs)
    is left out: it explains variables, it does not ship them. A file is screened whole first (one
    linear-time search): only the few that name the variable are split into lines.
    """
    refs: list[EvidenceRef] = []
    for source, path, text in texts(ctx):
        if DOC_FILE.search(path) or not names.search(text):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            kept = sorted(
                {
                    name
                    for name in names.findall(line)
                    if keep(path, name) and (keep_line is None or keep_line(line, name))
                }
            )
            if kept:
                refs.append(EvidenceRef(source=source, path=path, line=number, excerpt=", ".join(kept)))
                if len(refs) >= limit:
                    return refs
    return refs


@check(
    id="secrets.env_not_tracked",
    reads=(
        "repositories.env_examples",
        "repositories.env_reads",
        "repositories.files",
        *DEPENDENCY_TABLES,
        "repositories.tracked_sensitive",
    ),
    criterion="secrets",
    looks_for=en_fr(
        "`.env` files tracked by git or not ignored that hold real-looking values "
        "(placeholders and local URLs are fine).",
        "Des fichiers `.env` suivis par git ou non ignorés qui contiennent des valeurs "
        "plausibles (valeurs fictives et URL locales admises).",
    ),
    level="production",
    severity="critical",
    remediation=en_fr(
        "Remove the file from git (git rm --cached), add `.env*` to .gitignore, "
        "rotate every value it held, and keep only a `.env.example` without values.",
        "Retirer le fichier de git (git rm --cached), ajouter `.env*` au .gitignore, "
        "changer chaque valeur qu'il contenait, et ne garder qu'un `.env.example` "
        "sans valeurs.",
    ),
    seed_section="10.4",
)
def env_not_tracked(ctx: CheckContext) -> Outcome:
    envs = sensitive_files(ctx, ENV_REASON)
    exposed = envs[envs["tracked"] | ~envs["ignored"]]
    contents = {path: text for _source, path, text in texts(ctx)}
    # A test suite's env file (tests/.env, .env.test) holds the suite's dummies (LEVELS.md: dummy
    # keys in tests are no secret).
    real = (
        exposed[
            exposed["path"].map(
                lambda p: (
                    not (is_test_path(p) or TEST_ENV_FILE.search(p))
                    and bool(real_values(contents.get(p, "")))
                )
            )
        ]
        if not exposed.empty
        else exposed
    )
    if not real.empty:
        refs = [
            said_ref(
                r.source,
                "tracked_values" if r.tracked else "unignored_values",
                r.path,
                values=", ".join(real_values(contents.get(r.path, ""))[:5]),
            )
            for r in real.head(MAX_REFS).itertuples(index=False)
        ]
        # The main env file is the prototype's `.env` with its keys, unless it only points at local
        # servers: then its values are a development setup's (LEVELS.md's partial lapse).
        main = (
            real["path"]
            .map(lambda p: bool(MAIN_ENV_FILE.search(p)) and not _local_setup(contents.get(p, "")))
            .any()
        )
        return failed(
            en_fr(
                f"{len(real)} environment file(s) holding real-looking values are tracked or not ignored.",
                "Fichiers d'environnement aux valeurs plausibles suivis par "
                f"git ou non ignorés : {len(real)}.",
            ),
            refs,
            shows=Level.PROTOTYPE if main else Level.PARTIAL,
        )
    lapse = exposed[
        ~exposed["ignored"].astype(bool)
        & exposed["path"]
        .map(lambda p: bool(DOT_ENV.search(p)) and not _local_env_convention(contents, p))
        .astype(bool)
    ]
    awaiting = lapse[lapse["path"].map(lambda p: bool(empty_key_slots(contents.get(p, ""))))]
    if not awaiting.empty:
        # Git does not ignore `.env` and it leaves the keys blank for the team to fill in: the real
        # keys will be typed into a committed file (LEVELS.md: "`.env` not ignored" is prototype).
        refs = [
            said_ref(
                r.source,
                "empty_slots",
                r.path,
                names=", ".join(empty_key_slots(contents.get(r.path, ""))[:5]),
            )
            for r in awaiting.head(MAX_REFS).itertuples(index=False)
        ]
        return failed(
            en_fr(
                f"{len(awaiting)} `.env` file(s) tracked and not ignored by git leave the keys "
                "empty to be filled in: the real keys will be written into a committed file.",
                f"Fichiers `.env` suivis et non ignorés par git qui laissent les clés vides à "
                f"remplir : {len(awaiting)} ; les vraies clés seront écrites dans un fichier versionné.",
            ),
            refs,
            shows=Level.PROTOTYPE,
        )
    if not lapse.empty:
        # Placeholders, public values or local URLs only, nothing to fill in: LEVELS.md judges a
        # tracked env file by what it holds, and this one holds no secret (FastAPI's template, a
        # Vite app's public Supabase endpoint).
        return passed(
            en_fr(
                f"{len(lapse)} `.env` file(s) are tracked, holding placeholders or public values only.",
                f"Fichiers `.env` suivis : {len(lapse)}, qui ne contiennent que des valeurs d'exemple "
                "ou publiques.",
            ),
            [said_ref(r.source, "lapse", r.path) for r in lapse.head(MAX_REFS).itertuples(index=False)],
        )
    if (
        not _env_ignored(contents)
        and not _local_env_convention(contents, ".env")
        and _reads_secret_env(ctx)
        and _uses_env_files(ctx, contents)
    ):
        # The code reads its settings from the environment, yet nothing keeps a local `.env` out
        # of git: the first one written is committed with the next `git add .`. A lapse.
        return failed(
            en_fr(
                "The code reads environment variables but no .gitignore covers `.env`: a "
                "local env file would be committed.",
                "Le code lit des variables "
                "d'environnement mais aucun .gitignore ne couvre `.env` : un fichier local "
                "partirait dans le dépôt.",
            ),
            shows=Level.PARTIAL,
        )
    if envs.empty:
        return passed(
            en_fr("No environment file in the repository.", "Aucun fichier d'environnement dans le dépôt.")
        )
    if not exposed.empty:
        return passed(
            en_fr(
                f"{len(exposed)} tracked environment file(s) hold placeholders only.",
                "Fichiers d'environnement suivis, mais qui ne contiennent que des valeurs "
                f"fictives : {len(exposed)}.",
            ),
            placeholders=sorted(exposed["path"]),
        )
    return passed(
        en_fr(
            f"The {len(envs)} environment file(s) are ignored by git.",
            f"Fichiers d'environnement, tous ignorés par git : {len(envs)}.",
        )
    )


SECRET_VARIABLE = re2.compile(r"SECRET|KEY|TOKEN|PASSWORD|PASSWD|DSN|DATABASE_URL|CREDENTIAL|PRIVATE")
NOT_REAL = re2.compile(
    r"(?i)^$|^['\"]?['\"]?$|change|dummy|fake|mock|example|sample|placeholder|fixme|todo|"
    r"your[_-]|^test[_-]|[_-]test$|"
    r"xxx|\*\*\*|<[^>]*>|\[[\w -]+\]|\$\{|localhost|127\.0\.0\.1|0\.0\.0\.0|^(true|false|\d+)$|"
    r"^(dev|test|local|secret|password|postgres|root|admin)$"
)
TEST_ENV_FILE = re2.compile(r"(^|/)\.env\.(test|testing|ci|e2e)(\.local)?$")
DOT_ENV = re2.compile(r"(^|/)\.env$")
# A .gitignore keeping `.env.local` (or `.env*.local`) out: the Vite / Next.js convention of a
# committed `.env` for public defaults and a local file for secrets.
LOCAL_ENV_IGNORED = re2.compile(r"(?m)^\s*/?\.env(\*|\.\*)?\.local\s*$")


def _reads_secret_env(ctx: CheckContext) -> bool:
    """Whether production code reads a secret-looking variable (not a public VITE_/NEXT_PUBLIC_ one)."""
    reads = non_test_rows(repo_table(ctx, "env_reads"))
    return (
        not reads.empty
        and reads["name"]
        .map(
            lambda name: (
                bool(SECRET_VARIABLE.search(name.upper()))
                and not PUBLIC_NAME.search(name.upper())
                and not name.startswith(("VITE_", "NEXT_PUBLIC_"))
            )
        )
        .any()
    )


GITIGNORE_ESCAPE = re2.compile(r"\\(.)")


# What loads a `.env` file: a dotenv library, or a framework that reads one by itself.
ENV_FILE_LOADERS = {
    "dotenv",
    "dotenv-flow",
    "dotenv-cli",
    "env-cmd",
    "python-dotenv",
    "django-environ",
    "environs",
    "pydantic-settings",
    "vite",
    "next",
    "@nestjs/config",
    "nuxt",
    "@sveltejs/kit",
}
MENTIONS_ENV_FILE = re2.compile(r"(^|[\s`'\"(/])\.env\b")


def _uses_env_files(ctx: CheckContext, contents: dict[str, str]) -> bool:
    """Whether the team keeps settings in `.env` files: a loader among the dependencies, an example
    env file, or a guide that says to write one (or no .gitignore at all, which keeps nothing out).
    A product configured by a JSON file and the platform's variables (codimd's config.json) has no
    `.env` for git to keep out."""
    return (
        bool(ENV_FILE_LOADERS & dependencies(ctx))
        or not repo_table(ctx, "env_examples").empty
        or not any(path.rsplit("/", 1)[-1] == ".gitignore" for path in contents)  # nothing is kept out
        or any(MENTIONS_ENV_FILE.search(text) for path, text in contents.items() if DOC_FILE.search(path))
    )


def _env_ignored(contents: dict[str, str]) -> bool:
    """Whether some .gitignore line covers a file named `.env` (`.env`, `.env*`, `*.env`, `/.env`)."""
    lines = (
        line.strip().lstrip("/").removeprefix("**/")
        for path, text in contents.items()
        if path.rsplit("/", 1)[-1] == ".gitignore"
        for line in text.splitlines()
    )
    return any(
        line and not line.startswith(("#", "!")) and fnmatch.fnmatchcase(".env", _as_glob(line))
        for line in lines
    )


def _as_glob(line: str) -> str:
    """A .gitignore pattern as an fnmatch one: git's backslash escapes a character (`\\.env` is
    `.env`), fnmatch has no escapes but brackets (`\\*` becomes `[*]`)."""
    return GITIGNORE_ESCAPE.sub(lambda m: f"[{m.group(1)}]" if m.group(1) in "*?[" else m.group(1), line)


def _local_env_convention(contents: dict[str, str], env_path: str) -> bool:
    """Whether a .gitignore that governs ``env_path`` ignores `.env.local` only: the framework's
    convention of a committed `.env` of defaults. A nested app's .gitignore (app/.gitignore) says
    nothing of the root's `.env`."""
    return any(
        LOCAL_ENV_IGNORED.search(text)
        for path, text in contents.items()
        if path.rsplit("/", 1)[-1] == ".gitignore" and _governs(path, env_path)
    )


def _governs(gitignore: str, path: str) -> bool:
    """Whether a .gitignore applies to a file: it sits in the file's folder or above it."""
    return path.startswith(gitignore[: -len(".gitignore")])


MAIN_ENV_FILE = re2.compile(r"(^|/)\.env(\.(local|production|prod))?$")
LOCAL_SERVER = re2.compile(r"(?i)\b(localhost|127\.0\.0\.1|0\.0\.0\.0)\b")
REMOTE_SERVER = re2.compile(r"(?i)\b[\w-]+\.(com|io|net|org|co|app|dev|cloud|fr|de|uk|eu)\b")


def _local_setup(text: str) -> bool:
    """Whether an env file points only at servers on the developer's machine."""
    return bool(LOCAL_SERVER.search(text)) and not REMOTE_SERVER.search(text)


def real_values(text: str) -> list[str]:
    """Names of secret-looking variables an env file gives a real-looking value (never the value)."""
    return [
        name
        for name, value in ENV_LINE.findall(text)
        if SECRET_VARIABLE.search(name.upper())
        and not PUBLIC_NAME.search(name.upper())
        and not NOT_REAL.search(value.strip().strip("'\""))
    ]


def empty_key_slots(text: str) -> list[str]:
    """Names of key-like variables an env file leaves empty (``SUPABASE_KEY=``): the slots where
    the team will type its real keys."""
    return [
        name
        for name, value in ENV_LINE.findall(text)
        if SECRET_VARIABLE.search(name.upper()) and not value.strip().strip("'\"")
    ]


def sensitive_files(ctx: CheckContext, *reasons: str) -> pd.DataFrame:
    """Files the inventory describes as sensitive (for one of ``reasons``), minus configured ignores."""
    found = ctx.evidence.table("repositories", "tracked_sensitive")
    if found.empty:
        return pd.DataFrame(columns=["source", "path", "tracked", "ignored", "reason"])
    found = found.merge(repo_files(ctx)[["source", "path"]], on=["source", "path"])
    return found[found["reason"].isin(reasons)]


CONFIG_MODULE = re2.compile(
    r"(?i)^[^/*?\[]*(config|settings|secrets?|credentials|keys)[^/*?\[]*\.(js|jsx|ts|tsx|mjs|cjs|py|json)$"
)
JS_IMPORT_SUFFIXES = ("", ".js", ".ts", ".jsx", ".tsx", ".mjs", ".cjs", ".json", "/index.js", "/index.ts")
PY_IMPORT_SUFFIXES = (".py", "/__init__.py")  # Python imports modules and packages, never a .json


def ignored_config_modules(contents: dict[str, str]) -> set[str]:
    """Names of configuration modules that a .gitignore keeps out of git (`**/firebaseConfig.js`,
    `src/config.ts`, `local_settings.py`): where a team keeps its keys in a local file."""
    names = set()
    for path, text in contents.items():
        if path.rsplit("/", 1)[-1] != ".gitignore":
            continue
        for line in text.splitlines():
            entry = line.strip().lstrip("/").removeprefix("**/")
            name = entry.rsplit("/", 1)[-1]
            if entry and not entry.startswith(("#", "!")) and CONFIG_MODULE.search(name):
                names.add(name)
    return names


def _resolved(importer: str, module: str) -> str:
    """A relative import (``../wrappers/firebaseConfig``, Python's ``.local_settings`` or
    ``..settings``, one package up) as a path."""
    if importer.endswith(".py"):
        name = module.lstrip(".")
        module = "../" * (len(module) - len(name) - 1) + "./" + name.replace(".", "/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(importer), module))


def local_config_imports(ctx: CheckContext) -> list[EvidenceRef]:
    """Imports of a configuration module that git ignores and the repository does not hold: the
    code needs a file kept on each machine, not settings from the environment or a vault."""
    ignored = ignored_config_modules({path: text for _source, path, text in texts(ctx)})
    if not ignored:
        return []
    tracked = set(repo_files(ctx)["path"])
    imports = non_test_rows(repo_table(ctx, "imports"))
    refs = []
    for row in imports.itertuples(index=False):
        if not str(row.module).startswith("."):
            continue
        target = _resolved(row.path, str(row.module))
        suffixes = PY_IMPORT_SUFFIXES if row.path.endswith(".py") else JS_IMPORT_SUFFIXES
        candidates = [target + suffix for suffix in suffixes]
        if any(c in tracked for c in candidates):
            continue
        name = next((c.rsplit("/", 1)[-1] for c in candidates if c.rsplit("/", 1)[-1] in ignored), None)
        if name:
            refs.append(said_ref(row.source, "local_config", row.path, int(row.line), name=name))
    return refs[:MAX_REFS]


@check(
    id="secrets.config_from_environment",
    reads=("repositories.files", "repositories.imports"),
    criterion="secrets",
    evidences=False,
    looks_for=en_fr(
        "Configuration read from a module git ignores (`import config from './firebaseConfig'`, "
        "`from .local_settings import *`): keys kept in a file on each machine, not in the environment.",
        "De la configuration lue dans un module que git ignore (`import config from './firebaseConfig'`, "
        "`from .local_settings import *`) : des clés gardées dans un fichier sur chaque machine, pas "
        "dans l'environnement.",
    ),
    level="production",
    severity="medium",
    remediation=en_fr(
        "Read the keys from environment variables set on the host (or a vault), fail at start-up "
        "when one is missing, and keep a `.env.example` naming them.",
        "Lire les clés dans des variables d'environnement définies sur l'hébergeur (ou un coffre), "
        "échouer au démarrage quand l'une manque, et garder un `.env.example` qui les nomme.",
    ),
    seed_section="10.4",
)
def config_from_environment(ctx: CheckContext) -> Outcome:
    refs = local_config_imports(ctx)
    if refs:
        return failed(
            en_fr(
                f"The code reads its configuration from {len(refs)} module(s) git ignores: the keys "
                "live in a local file on each machine, not in the host's environment.",
                f"Le code lit sa configuration dans des modules que git ignore ({len(refs)}) : les "
                "clés vivent dans un fichier local sur chaque machine, pas dans l'environnement de "
                "l'hébergeur.",
            ),
            refs,
            shows=Level.PARTIAL,
        )
    return passed(
        en_fr(
            "No configuration is read from a module git ignores.",
            "Aucune configuration n'est lue dans un module que git ignore.",
        )
    )


@check(
    id="secrets.sensitive_files_not_tracked",
    reads=("repositories.files", "repositories.tracked_sensitive"),
    criterion="secrets",
    looks_for=en_fr(
        "Credentials files, key stores and database dumps committed to git "
        "(service-account.json, .npmrc, .pgpass, .p12, .sql dumps, SQLite files…).",
        "Des fichiers d'identifiants, magasins de clés et dumps de base commités dans "
        "git (service-account.json, .npmrc, .pgpass, .p12, dumps .sql, fichiers "
        "SQLite…).",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Remove them from git (git rm --cached), ignore them, and rotate what they "
        "hold; a dump may also hold personal data (criterion 12).",
        "Les retirer de git (git rm --cached), les ignorer, et changer ce qu'ils "
        "contiennent ; un dump peut aussi contenir des données personnelles "
        "(critère 12).",
    ),
    seed_section="10.4",
)
def sensitive_files_not_tracked(ctx: CheckContext) -> Outcome:
    found = sensitive_files(ctx, *TRACKED_SENSITIVE_REASONS)
    # Key stores and dumps kept as examples or test fixtures are the dummies LEVELS.md exempts.
    fixture = found["path"].map(_fixture).astype(bool)
    tracked = found[found["tracked"].astype(bool) & ~fixture]
    if not tracked.empty:
        # vendored texts included: a template's .npmrc is judged by what it holds too
        contents = {path: text for _source, path, text in texts(ctx, vendored=True)}
        judged_by_content = tracked["reason"].isin(("credentials file", "registry credentials"))
        holds = tracked["path"].map(lambda p: p not in contents or bool(HOLDS_CREDENTIAL.search(contents[p])))
        tracked = tracked[~judged_by_content | holds]
    if tracked.empty:
        return passed(
            en_fr(
                "No credentials file, key store or dump is tracked by git.",
                "Aucun fichier d'identifiants, magasin de clés ou dump n'est suivi par git.",
            )
        )
    refs = [
        said_ref(r.source, "kind_tracked", r.path, kind=phrased("file_kinds", r.reason))
        for r in tracked.head(MAX_REFS).itertuples(index=False)
    ]
    return failed(
        en_fr(
            f"{len(tracked)} credentials file(s), key store(s) or dump(s) are tracked by git.",
            f"Fichiers d'identifiants, magasins de clés ou dumps suivis par git : {len(tracked)}.",
        ),
        refs,
        shows=Level.ABSENT,
        blocker=True,
    )


@check(
    id="secrets.no_hardcoded_secrets",
    reads=("repositories.files", "repositories.secret_hits", "repositories.skipped"),
    criterion="secrets",
    looks_for=en_fr(
        "Keys, tokens, private keys, passwords and connection strings written in the "
        "files (provider key formats, JWTs, high-entropy assignments); the Supabase "
        "anon key is public by design and is not counted.",
        "Des clés, jetons, clés privées, mots de passe et chaînes de connexion écrits "
        "dans les fichiers (formats de clés des fournisseurs, JWT, affectations à forte "
        "entropie) ; la clé anon Supabase est publique et n'est pas comptée.",
    ),
    level="production",
    severity="critical",
    remediation=en_fr(
        "Move the value to the platform's secret store (Vercel, GitHub, Supabase "
        "secrets), read it from the environment, and rotate it: it is compromised. "
        "A deliberate test value can carry a `pragma: allowlist secret` comment.",
        "Déplacer la valeur dans le coffre de la plateforme (secrets Vercel, GitHub, "
        "Supabase), la lire dans l'environnement, et la changer : elle est "
        "compromise. Une valeur de test voulue peut porter un commentaire "
        "`pragma: allowlist secret`.",
    ),
    seed_section="10.4",
)
def no_hardcoded_secrets(ctx: CheckContext) -> Outcome:
    if repo_files(ctx).empty:
        return inconclusive(
            en_fr("The repository has no readable file.", "Le dépôt n'a aucun fichier lisible.")
        )
    hits = secret_hits(ctx)
    if hits.empty:
        unscanned = unscanned_files(ctx)
        if not unscanned.empty:
            # "No secret found" would be said of files nobody read: unknown is not clean.
            shown = "; ".join(f"{r.path} ({r.reason})" for r in unscanned.head(5).itertuples(index=False))
            return inconclusive(
                en_fr(
                    f"No secret in the files read, but {len(unscanned)} file(s) that could "
                    f"hold one were not scanned: {shown}.",
                    f"Aucun secret dans les fichiers lus, mais {len(unscanned)} fichier(s) "
                    f"qui pourraient en contenir n'ont pas été analysés : {shown}.",
                ),
                file_refs(unscanned),
                unscanned=len(unscanned),
            )
        return passed(
            en_fr(
                "No secret found in the repository's files.",
                "Aucun secret trouvé dans les fichiers du dépôt.",
            )
        )
    by_rule = hits["rule"].value_counts().to_dict()
    rules = ", ".join(f"{rule} ×{count}" for rule, count in by_rule.items())
    files = hits["path"].nunique()
    real = hits[hits["rule"].isin(REAL_SECRET_RULES)]
    # A provider's key in a test, an example or a guide is still cited, but weighs as a real-looking
    # value outside production (LEVELS.md: a lapse); written where the product runs, it sinks the
    # criterion on its own.
    live = real[~real["path"].map(_sample_place)]
    return failed(
        en_fr(
            f"{len(hits)} secret(s) written in {files} file(s): {rules}.",
            f"Secrets écrits en clair : {len(hits)}, dans {files} fichier(s) : {rules}.",
        ),
        hit_refs(pd.concat([real, hits]).drop_duplicates()),
        severity=highest_severity(hits),
        shows=Level.ABSENT if not live.empty else Level.PARTIAL,
        blocker=not live.empty,
        by_rule=by_rule,
    )


def _sample_place(path: str) -> bool:
    """Tests, fixtures, examples, documentation and hand-written requests: where keys are samples."""
    return _fixture(path) or _written_to_show(path)


def _fixture(path: str) -> bool:
    """A test, or an example or fixture kept as one (SAMPLE_PATH)."""
    return is_test_path(path) or bool(SAMPLE_PATH.search(path))


def _written_to_show(path: str) -> bool:
    """Documentation, or a request written to try an API by hand: its values illustrate."""
    return bool(DOC_FILE.search(path) or REQUEST_SAMPLE.search(path))


@check(
    id="secrets.service_role_exposure",
    reads=(
        "repositories.files",
        "repositories.file_roles",
        *DEPENDENCY_TABLES,
        "repositories.secret_hits",
    ),
    criterion="secrets",
    looks_for=en_fr(
        "A Supabase service_role key (recognised by the role inside the JWT) or a "
        "service_role variable in client code or in a VITE_ variable: it gives "
        "admin access to the whole database, bypassing RLS.",
        "Une clé service_role Supabase (reconnue au rôle inscrit dans le JWT) ou une "
        "variable service_role dans le code client ou dans une variable VITE_ : elle "
        "donne un accès admin à toute la base, sans RLS.",
    ),
    level="partial",
    severity="critical",
    remediation=en_fr(
        "Rotate the service_role key now (Supabase dashboard, API settings), use it "
        "only in Edge Functions or admin scripts, and give the browser the anon key "
        "with RLS.",
        "Changer la clé service_role tout de suite (tableau de bord "
        "Supabase, réglages API), ne l'utiliser que dans les Edge Functions ou les "
        "scripts d'admin, et ne donner au navigateur que la clé anon avec le RLS.",
    ),
    seed_section="10.4",
)
def service_role_exposure(ctx: CheckContext) -> Outcome:
    hits = secret_hits(ctx)
    hits = hits[(hits["rule"] == "supabase_service_role_key") & hits["client"]]
    roles = file_roles(ctx)
    names = name_refs(
        ctx,
        SERVICE_ROLE_NAME,
        # in browser code by the stack facts, any service-role name (`config.serviceRoleKey`) is
        # the key in the browser; elsewhere only a name the bundler ships is
        lambda path, name: bool(BUNDLED_NAME.match(name)) or is_browser_path(ctx, path, roles),
    )
    if not hits.empty or names:
        return failed(
            en_fr(
                f"The Supabase service_role key reaches the browser: {len(hits)} key(s) in client "
                f"code and {len(names)} use(s) of a variable named for the browser bundle.",
                "La clé service_role "
                f"Supabase arrive dans le navigateur : {len(hits)} clé(s) dans le code client et "
                f"{len(names)} usage(s) d'une variable nommée pour le bundle du navigateur.",
            ),
            hit_refs(hits) + names,
        )
    if not _uses_supabase(ctx):
        return not_applicable(
            en_fr("The product does not use Supabase.", "Le produit n'utilise pas Supabase.")
        )
    return passed(
        en_fr(
            "No service_role key or variable in client code.",
            "Aucune clé ni variable service_role dans le code client.",
        )
    )


def _uses_supabase(ctx: CheckContext) -> bool:
    deps = dependencies(ctx)
    return (
        bool({"@supabase/supabase-js", "supabase"} & deps) or not matching_paths(ctx, r"(^|/)supabase/").empty
    )


@check(
    id="secrets.vite_exposure",
    reads=("repositories.file_roles",),
    criterion="secrets",
    looks_for=en_fr(
        "`VITE_` variables whose names look secret: everything prefixed VITE_ ships to the browser.",
        "Des variables `VITE_` au nom de secret : tout ce qui est préfixé VITE_ part dans le navigateur.",
    ),
    level="production",
    severity="critical",
    remediation=en_fr(
        "Drop the VITE_ prefix and use the value only server-side (Edge Function, "
        "API route); the Supabase anon key is public by design, the service_role "
        "key never is.",
        "Retirer le préfixe VITE_ et n'utiliser la valeur que côté "
        "serveur (Edge Function, route API) ; la clé anon Supabase est publique, "
        "la clé service_role jamais.",
    ),
    seed_section="10.4",
)
def vite_exposure(ctx: CheckContext) -> Outcome:
    """Only what the bundler ships counts: a VITE_ name in a test, a script (a secret scanner's own
    fixtures) or server code reaches no browser, and Vite inlines only the names the code reads, so
    an env file's VITE_ secret is cited only beside a read of it."""
    roles = file_roles(ctx)

    def bundled(path: str) -> bool:
        runtime = roles.get(path, ("unknown", False))[0]
        return bool(BUNDLED_SOURCE.search(path)) and runtime != "server" and is_production_code_path(path)

    read = name_refs(
        ctx, VITE_NAME, lambda path, name: _looks_secret(name) and bundled(path), keep_line=_reads_name
    )
    names = {name for ref in read for name in (ref.excerpt or "").split(", ")}
    refs = name_refs(ctx, VITE_NAME, lambda path, name: name in names and not BUNDLED_SOURCE.search(path))
    refs = (read + refs)[:MAX_REFS]
    if refs:
        return failed(
            en_fr(
                f"{len(refs)} use(s) of secret-looking VITE_ variables, which ship to the browser.",
                f"Usages de variables VITE_ au nom de secret, qui partent dans le navigateur : {len(refs)}.",
            ),
            refs,
        )
    return passed(en_fr("No secret-looking VITE_ variable.", "Aucune variable VITE_ au nom de secret."))


def _reads_name(line: str, name: str) -> bool:
    """Whether ``line`` reads the variable (`import.meta.env.VITE_X`, `env['VITE_X']`, `{ VITE_X }`
    destructured), not only names it: a validator's list of forbidden names ('VITE_JWT_SECRET') or a
    type declaration (`readonly VITE_X?: string`) ships no value."""
    return bool(re2.search(r"(\.\s*|[\w\])]\s*\[\s*['\"`]|[{,]\s*)" + re2.escape(name) + r"\b", line))


def _looks_secret(name: str) -> bool:
    """A VITE_ name that holds a secret: not a switch, nor a setting about one (PASSWORD_MIN_LENGTH)."""
    return (
        bool(SECRET_NAME.search(name))
        and not PUBLIC_NAME.search(name)
        and not SWITCH_NAME.search(name)
        and name.upper().split("_")[-1] not in SETTING_WORDS
    )


# A switch or a number is no key, whatever the variable's name (REDASH_PASSWORD_LOGIN_ENABLED='true').
SETTING_VALUE = re2.compile(r"(?i)^\s*(true|false|yes|no|on|off|none|null|\d+(\.\d+)?)\s*$")
# Before "KEY", a word that makes it the name of a field (LDAP_EMAIL_KEY, SORT_KEY), not a key.
FIELD_WORDS = {"NAME", "EMAIL", "MAIL", "FIELD", "ATTR", "ATTRIBUTE", "COLUMN", "SORT", "CACHE", "LOOKUP"}


# A last word that makes the variable a setting about a secret: where it lives, how long it lasts,
# how it is checked or sent (PASSWORD_BREACH_USER_AGENT, JWT_EXPIRES_IN, PASSWORD_MIN_LENGTH).
SETTING_WORDS = {
    "FILE",
    "PATH",
    "DIR",
    "URL",
    "URI",
    "HOST",
    "PORT",
    "ENDPOINT",
    "ENABLED",
    "LENGTH",
    "MIN",
    "MAX",
    "EXPIRY",
    "EXPIRES",
    "IN",
    "EXPIRATION",
    "LIFETIME",
    "TTL",
    "TIMEOUT",
    "ROUNDS",
    "AGENT",
    "ISSUER",
    "AUDIENCE",
    "ALGORITHM",
    "HEADER",
    "POLICY",
    "WORDS",
    "MODE",
    "TYPE",
    "PREFIX",
}


def _names_a_secret(name: str) -> bool:
    """Whether an environment variable's name says it holds a secret, word by word: the setting
    SQLPARSE_FORMAT_KEYWORD_CASE merely contains the letters K-E-Y, and SSL_PRIVKEY_FILE names
    where a key lives."""
    words = name.upper().split("_")
    return words[-1] not in SETTING_WORDS and any(
        any(mark in word for mark in ("SECRET", "TOKEN", "PASSWORD", "PASSWD"))
        or (word.endswith("KEY") and not (word == "KEY" and i and words[i - 1] in FIELD_WORDS))
        for i, word in enumerate(words)
    )


@check(
    id="secrets.no_hardcoded_fallbacks",
    reads=(
        "repositories.calls",
        "repositories.env_reads",
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
    ),
    criterion="secrets",
    looks_for=en_fr(
        "Keys written in the code as the fallback of an environment variable "
        "(`process.env.JWT_SECRET || 'superSecret'`, `os.getenv('SECRET_KEY', '...')`).",
        "Des clés écrites dans le code en repli d'une variable d'environnement "
        "(`process.env.JWT_SECRET || 'superSecret'`, `os.getenv('SECRET_KEY', '...')`).",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Fail at start-up when the variable is missing instead of falling back to a "
        "value everyone can read in the repository; rotate the key if it was ever used.",
        "Échouer au démarrage quand la variable manque plutôt que de se rabattre sur une "
        "valeur que tout le monde peut lire dans le dépôt ; changer la clé si elle a "
        "servi.",
    ),
    seed_section="10.4",
)
def no_hardcoded_fallbacks(ctx: CheckContext) -> Outcome:
    found, by_hand = [], root_scripts(ctx)
    refused: set[str] | None = None  # read from the code only once a fallback needs weighing
    for source, path, text in texts(ctx):
        if (
            path in by_hand
            or not CODE_FILE.search(path)
            or is_test_path(path)
            or DEVELOPER_SCRIPT.search(path)
        ):
            continue
        for match in FALLBACK.finditer(text):
            name = match.group("py") or match.group("py2") or match.group("js")
            value = match.group("pyv") or match.group("py2v") or match.group("jsv")
            if not _names_a_secret(name) or PUBLIC_NAME.search(name) or SETTING_VALUE.match(value):
                continue
            if _refused_without(text, name):
                continue
            refused = _refused_defaults(ctx) if refused is None else refused
            if value in refused:
                continue
            line_end = text.find("\n", match.end())
            rest_of_line = text[match.end() : line_end if line_end >= 0 else None]
            weak = bool(WEAK_DEFAULT.search(value) or CHANGE_ME_NOTE.search(rest_of_line))
            found.append(
                (said_ref(source, "falls_back", path, line_at(text, match.start()), name=name), weak)
            )
    read = set(non_test_rows(repo_table(ctx, "env_reads")).get("name", []))
    for source, path, text in texts(ctx):
        if SETTINGS_FILE.search(path) and not is_test_path(path):
            for match in SECRET_CONSTANT.finditer(text):
                line, name = line_at(text, match.start()), match.group(1)
                # a default that production's settings override (DJANGO_SECRET_KEY from the
                # environment), or a placeholder ("secret key"), is an insecure default; a drawn key
                # nothing overrides is the key itself, written in the code. Django's generator labels
                # the keys it draws `django-insecure-`: the label says nothing of the value.
                value = match.group(2).removeprefix("django-insecure-")
                guessable = bool(WEAK_DEFAULT.search(value) or WORDS_ONLY.match(value))
                weak = guessable or any(str(other).endswith(name) for other in read)
                found.append((said_ref(source, "literal_default", path, line, name=name), weak))
    found += [(ref, True) for ref in inline_db_credentials(ctx)]
    if not found:
        return passed(
            en_fr(
                "No key falls back to a value written in the code.",
                "Aucune clé ne se rabat sur une valeur écrite dans le code.",
            )
        )
    real = [ref for ref, weak in found if not weak]
    return failed(
        en_fr(
            f"{len(found)} secret variable(s) fall back to a value written in the code.",
            f"Variables secrètes qui se rabattent sur une valeur écrite dans le code : {len(found)}.",
        ),
        [ref for ref, _ in found][:MAX_REFS],
        shows=Level.PROTOTYPE if real else Level.PARTIAL,
        count=len(found),
    )


# A developer's script (a seed, a probe, a migration) runs on a laptop with its own values: its
# fallback is no default the product can be deployed with, nor is one in the development settings
# module (config/settings/local.py). Provider-issued keys there are the scan's.
DEVELOPER_SCRIPT = re2.compile(
    r"(^|/)(scripts?|tools|seeds?|migrations)/|(^|/)(settings|config)/(local|dev|development)\.py$"
)


# A literal a check compares the setting with (`if (secret === 'development-secret-…' && production)
# throw`), or a constant holding it that one compares with (validateEnv.ts's `DEFAULT_JWT_SECRET =
# '…'`, then `jwtSecret === DEFAULT_JWT_SECRET` → FATAL in production).
COMPARED_LITERAL = re2.compile(r"""[!=]==?\s*['"`]([^'"`\n]{6,})['"`]|['"`]([^'"`\n]{6,})['"`]\s*[!=]==?""")
NAMED_LITERAL = re2.compile(
    r"""(?m)^\s*(?:export\s+)?(?:const|let|var)\s+([A-Z][A-Z0-9_]+)\s*=\s*['"`]([^'"`\n]{6,})['"`]"""
)


def _refused_defaults(ctx: CheckContext) -> set[str]:
    """The development defaults the code itself refuses: a fallback equal to one of them is a value
    a production start stops on, not a default anyone can ship with."""
    refused: set[str] = set()
    for _source, path, text in texts(ctx):
        if not CODE_FILE.search(path) or is_test_path(path):
            continue
        refused |= {a or b for a, b in COMPARED_LITERAL.findall(text)}
        for name, value in NAMED_LITERAL.findall(text):
            if re2.search(
                r"[!=]==?\s*" + re2.escape(name) + r"\b|\b" + re2.escape(name) + r"\s*[!=]==?", text
            ):
                refused.add(value)
    return refused


def _refused_without(text: str, name: str) -> bool:
    """Whether the file stops when ``name`` is missing (``if not os.getenv('X'): raise``, ``if
    (!process.env.X) throw``): its fallback is then the development value of a branch production
    never takes, not a default anyone can ship with."""
    guard = re2.compile(
        r"\bif\s*\(?\s*(?:not\s+|!\s*)[^\n]*\b" + re2.escape(name) + r"\b[^\n]*\n"
        r"(?:[^\n]*\n){0,2}?[^\n]*\b(?:raise|throw)\b"
    )
    return bool(guard.search(text))


# Where an example or a fixture is kept: its folder (fixtures/, testdata/) or its name
# (dispatch-sample-data.dump, the documented evaluation data set).
SAMPLE_PATH = re2.compile(
    r"(?i)(^|/)(examples?|samples?|demo|fixtures?|testdata)/|"
    r"(^|[/._-])(examples?|samples?|demo|fixtures?|seed)[-_.][^/]*$"
)
NOT_SECRET_FILE = re2.compile(
    r"(?i)(example|sample|template|dist|dhparams?|public|\.crt$|\.cer$|"
    r"\.pub$|cert(ificate)?s?\.pem$|chain\.pem$)"
)
# A settings module that sets its signing key to a literal: an insecure default for whoever forgets
# to override it (settings/base.py, configs/default.py).
SETTINGS_FILE = re2.compile(r"(^|/)(settings|config|configs)(/[\w.-]+)?\.py$|(^|/)(settings|config)\.py$")
# Words and nothing drawn ("secret key", "my-super-secret"): a phrase anyone can guess, not a key.
WORDS_ONLY = re2.compile(r"^[A-Za-z][A-Za-z _-]{0,40}$")
SECRET_CONSTANT = re2.compile(
    r"(?m)^[ \t]*(SECRET_KEY|JWT_SECRET\w*|SESSION_SECRET\w*)[ \t]*=[ \t]*"
    r"['\"]([^'\"\n]+)['\"]"
)
# A connection string with its credentials inline (postgresql://postgres:postgres@db/app): an
# insecure default whoever deploys must remember to override. Real passwords are the scan's.
CREDENTIALS_IN_URL = (
    r"\b(postgres(ql)?|mysql|mongodb(\+srv)?|redis|amqp)://[\w.-]+:(?P<password>[^@/\s'\"$]+)@"
    r"(?P<host>[\w.-]+)"
)
# A database on the developer's own machine or at a domain reserved for examples (db.example.test)
# holds a local default or a placeholder, not a secret. A compose service (`@db:5432`) is where the
# product runs: a password written for it is a default someone deploys.
LOCAL_DATABASE_HOST = re2.compile(
    r"(?i)^(localhost|127\.0\.0\.1|0\.0\.0\.0|[\w.-]+\.(test|example|invalid|localhost|local)"
    r"|([\w.-]+\.)?example\.(com|org|net))$"
)
COMMENT_LINE = re2.compile(r"^\s*(//|#|\*|/\*)")
PLACEHOLDER_PASSWORD = re2.compile(r"(?i)^(pass|password|passwd|pwd|secret|\*+|x+|changeme)$|<|\$\{|\{\{")


def inline_db_credentials(ctx: CheckContext) -> list[EvidenceRef]:
    """Connection strings in production code (not comments) with a password that is not a
    placeholder, towards a host that is not the developer's own machine."""
    regex = re2.compile(CREDENTIALS_IN_URL)
    refs = []
    for source, path, text in texts(ctx):
        if not CODE_FILE.search(path) or is_test_path(path) or not regex.search(text):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = regex.search(line)
            if (
                match
                and not COMMENT_LINE.search(line)
                and not LOCAL_DATABASE_HOST.search(match.group("host"))
                and not PLACEHOLDER_PASSWORD.search(match.group("password"))
            ):
                refs.append(said_ref(source, "connection_password", path, number))
    return refs[:MAX_REFS]


CODE_FILE = content_regex(r"\.(py|[cm]?[jt]sx?)$")


@check(
    id="secrets.history_clean",
    reads=("repositories.history_secret_files",),
    criterion="secrets",
    looks_for=en_fr(
        "Secret-looking files (.env, keys, dumps) committed at some point in the git "
        "history, even if removed since: whoever clones the repository can read them.",
        "Des fichiers sensibles (.env, clés, dumps) commités à un moment de "
        "l'historique git, même supprimés depuis : quiconque clone le dépôt peut les "
        "lire.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Rotate every value those files held; then rewrite the history "
        "(git filter-repo) if the repository is or may become shared.",
        "Changer chaque valeur que ces fichiers contenaient ; puis réécrire "
        "l'historique (git filter-repo) si le dépôt est ou peut devenir partagé.",
    ),
    seed_section="10.4",
)
def history_clean(ctx: CheckContext) -> Outcome:
    read = [f for f in ctx.evidence.of_kind("repositories") if f.values.get("history_available")]
    if not read:
        return inconclusive(
            en_fr(
                "The git history could not be examined (not a git repository, no "
                "commits yet, or history_depth 0).",
                "L'historique git n'a pas pu "
                "être examiné (pas un dépôt git, pas encore de commit, ou "
                "history_depth à 0).",
            )
        )
    depths = {
        lang: ", ".join(f"{f.name}{separator} {f.values.get('history_depth')} commits" for f in read)
        for lang, separator in (("en", ":"), ("fr", " :"))
    }
    history = ctx.evidence.table("repositories", "history_secret_files")
    history = history[history["source"].isin({f.name for f in read})] if not history.empty else history
    # Example and public material is no secret, committed or not: dhparams, certificates, samples;
    # nor is a removed file whose last content the scan read and found nothing secret in.
    if not history.empty:
        history = history[~history["path"].map(lambda p: bool(NOT_SECRET_FILE.search(p)))]
        history = history[~history["content_read"].astype(bool) | (history["secret_rules"] != "")]
    if history.empty:
        return passed(
            en_fr(
                f"No secret-looking file was committed and removed ({depths['en']} examined).",
                f"Aucun fichier sensible commité puis supprimé ({depths['fr']} examinés).",
            )
        )
    refs = [
        said_ref(
            row.source,
            "removed_in_history_held" if row.secret_rules else "removed_in_history",
            row.path,
            commit=str(row.commit)[:10],
            date=row.date,
            rules=row.secret_rules,
        )
        for row in history.head(MAX_REFS).itertuples(index=False)
    ]
    real = history["secret_rules"].map(lambda rules: bool(set(rules.split(",")) & REAL_SECRET_RULES))
    unread = ~history["content_read"].astype(bool)
    return failed(
        en_fr(
            f"{len(history)} secret-looking file(s) were committed, then removed: they "
            "are still in the history.",
            f"Fichiers sensibles commités puis supprimés, mais toujours dans l'historique : {len(history)}.",
        ),
        refs,
        shows=Level.ABSENT if real.any() else None if unread.any() else Level.PARTIAL,
        blocker=bool(real.any()),
    )


@check(
    id="secrets.startup_validation",
    criterion="secrets",
    caps=False,
    looks_for=en_fr(
        "Required environment variables validated when the app starts (a required-"
        "variables loop, a zod/envalid/t3-env schema, pydantic settings).",
        "Les variables d'environnement requises validées au démarrage de l'appli (une "
        "boucle sur les variables requises, un schéma zod/envalid/t3-env, des "
        "réglages pydantic).",
    ),
    level="production",
    remediation=en_fr(
        "At start-up, check every required variable and stop with a clear message "
        "naming the missing one (§10.4).",
        "Au démarrage, vérifier chaque variable "
        "requise et s'arrêter avec un message clair qui la nomme (§10.4).",
    ),
    seed_section="10.4",
)
def startup_validation(ctx: CheckContext) -> Outcome:
    found = grep(ctx, STARTUP_VALIDATION, r"\.(py|[cm]?[jt]sx?)$", flags=re.IGNORECASE, limit=500)
    refs = [
        EvidenceRef(source=r.source, path=r.path, line=r.line)
        for r in found
        if not is_test_path(r.path or "")
    ][:MAX_REFS]
    if refs:
        return passed(
            en_fr(
                "Environment variables are validated at start-up.",
                "Les variables d'environnement sont validées au démarrage.",
            ),
            refs,
        )
    return failed(
        en_fr(
            "Nothing validates the environment at start-up: a missing variable surfaces "
            "as a mysterious bug later.",
            "Rien ne valide les variables d'environnement "
            "au démarrage : une variable manquante se révèle plus tard en bug "
            "mystérieux.",
        )
    )
