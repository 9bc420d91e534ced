"""Criterion 6, authentication and security: RLS, MFA, rate limiting, audit trail, headers."""

from __future__ import annotations

from pathlib import PurePosixPath

import pandas as pd
import re2

from readiness.checks import CheckContext, check, failed, not_applicable, passed
from readiness.checks.repo import (
    CODE_FILES,
    DEPENDENCY_TABLES,
    MAX_REFS,
    VENDORED,
    code_calls,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    file_roles,
    grep,
    grep_spanning,
    imported_basenames,
    is_browser_path,
    is_production_code_path,
    matching_paths,
    repo_table,
    root_scripts,
    row_refs,
    said_ref,
    texts,
)
from readiness.model import EvidenceRef, Level, Status

AUTH_CALLS = (
    r"\.auth\.(signIn\w*|signUp|getUser|getSession|onAuthStateChange|verifyOtp)$|"
    r"^(signIn|getServerSession|useSession|login_user|login_required)$"
)
AUTH_LIBRARIES = {
    "next-auth",
    "@auth/core",
    "@auth/nextjs",
    "better-auth",
    "passport",
    "flask-login",
    "django-allauth",
    "@clerk/clerk-react",
    "@clerk/nextjs",
    "@auth0/auth0-react",
    "@auth0/nextjs-auth0",
    "fastapi-users",
    "lucia",
    "@supabase/auth-helpers-nextjs",
    "@supabase/ssr",
    "@supabase/auth-ui-react",
    "firebase",
    "firebase-admin",
    "jose",
    "jsonwebtoken",
    "pyjwt",
    "python-jose",
    "djangorestframework-simplejwt",
    "express-session",
    "express-jwt",
    "passport-jwt",
    "@nestjs/jwt",
    "@nestjs/passport",
    "flask-jwt-extended",
    "flask-httpauth",
    "authlib",
    "supertokens-node",
    "@kinde-oss/kinde-auth-nextjs",
    "bcrypt",
    "bcryptjs",
    "argon2",
    "pwdlib",
    "passlib",
    "devise",
    "iron-session",
    "arctic",
    "oslo",
    "@oslojs/crypto",
    "@oslojs/encoding",
    "@node-rs/argon2",
    "@node-rs/bcrypt",
}
AUTH_CODE = (
    r"\b(django\.contrib\.auth|AUTHENTICATION_BACKENDS|OAuth2PasswordBearer|HTTPBearer|"
    r"login_user\(|signInWithPopup|signInWithEmailAndPassword|getAuth\(|supabase\.auth\.|"
    r"createUserWithEmailAndPassword|authenticate\(|check_password\(|verify_password\(|"
    r"validateSessionToken|generateSessionToken|createSession\(|invalidateSession\()|"
    # FastAPI injects everything through Depends: a user or a token is a login, a session
    # (`Depends(get_db)`) is none
    r"\bDepends\(\s*[\w.]*(user|auth|token|oauth|jwt|security|login|verify|permission|admin)"
)
RATE_LIMITERS = {
    "express-rate-limit",
    "express-slow-down",
    "slowapi",
    "@upstash/ratelimit",
    "rate-limiter-flexible",
    "django-ratelimit",
    "flask-limiter",
    "@nestjs/throttler",
    "django-axes",
    "hono-rate-limiter",
    "limiter",
    "@fastify/rate-limit",
    "koa-ratelimit",
}
# Hosted identity platforms whose sign-in has brute-force and bot protection on by default.
IDENTITY_PLATFORMS = {
    "@clerk/nextjs",
    "@clerk/clerk-react",
    "@clerk/express",
    "@auth0/nextjs-auth0",
    "@auth0/auth0-react",
    "@workos-inc/authkit-nextjs",
    "@stytch/nextjs",
}
MFA_LIBRARIES = {
    "pyotp",
    "fido2",
    "webauthn",
    "@simplewebauthn/server",
    "@simplewebauthn/browser",
    "speakeasy",
    "otplib",
    "django-otp",
    "django-two-factor-auth",
    "django-mfa2",
    "otpauth",
}
SETTINGS_AND_SCHEMAS = (".toml", ".sql", ".prisma")
MFA_CODE = (
    r"\b(twoFactor|two_factor|totp|TOTP|webauthn|WebAuthn|\.mfa\.|otp_secret|mfa_enabled)\b|"
    # the product's own second-factor screens: PatientTwoFactorPage, SharedTwoFactorManager, /2fa
    r"[a-z](TwoFactor)|\bTwoFactor|/2fa\b|[A-Za-z_]2FA\b"  # not a colour: '#3742FA'
)
# What shows a second factor in browser code: a screen of its own (PatientTwoFactorPage, a /2fa
# route) talking to the server that verifies it, TOTP or WebAuthn, a provider's call (Supabase's
# `auth.mfa`, Firebase's multiFactor). A flag in a settings form (`twoFactor: false`) shows none.
BROWSER_MFA = re2.compile(
    r"[a-z]TwoFactor|\bTwoFactor|/2fa\b|[A-Za-z_]2FA\b|\b(totp|TOTP|webauthn|WebAuthn)\b|\.mfa\.|"
    r"\bmultiFactor\b|navigator\.credentials\.|\bstart(Authentication|Registration)\("
)
RATE_CODE = (
    r"\b(rateLimit\w*\(|RateLimit\w*|Ratelimit\(|ratelimit\(|throttle_classes|DEFAULT_THROTTLE_\w+|"
    r"@Throttle|ThrottlerModule|limiter\.limit|TokenBucket|limit_req_zone|RATELIMIT_\w+)"
)
RATE_APPLIED = content_regex(RATE_CODE)
# A limiter of the team's own: the server itself answers "too many requests" (ClinicOS's makeLimiter
# sets Retry-After and a 429) from a module keeping a limiter's count. A route passing on its AI
# provider's exhausted quota as a 429 (the Venezuelan CRM's doctor/ai route) limits no one, and a
# client reading a provider's 429 answers nothing.
OWN_LIMIT_ANSWER = r"\.status\(\s*429\s*\)|\bstatus:\s*429\b|setHeader\(\s*['\"]Retry-After['\"]"
LIMITER_STATE = content_regex(
    r"(?i)\b(window_?(ms|size|seconds)?|max_?(requests|attempts|hits)|\w*limiter|rate_?limit\w*|"
    r"too_?many\w*|bucket|attempts)\b"
)
AUDIT_LIBRARIES = {
    "django-auditlog",
    "django-simple-history",
    "django-reversion",
    "paper_trail",
    "audit-log",
    "@bemi-db/prisma",
    "sqlalchemy-continuum",
    "pgaudit",
}
AUDIT_CODE = (
    r"\b(audit_?logs?|AuditLog|activity_?logs?|ActivityLog|logActivity|log_activity|auditTrail|"
    # admin frameworks' operation and login logs (fastapi_best_architecture's sys_opera_log, RuoYi's)
    r"oper(ation|a)_?logs?|Oper(ation|a)Log|login_?logs?|LoginLog)\b"
)
# Authorisation, not authentication: permissions, roles, ownership checked before data is served.
AUTHORIZATION_CODE = (
    # role decorators on views (Flask and FastAPI projects' own, Flask-Security's)
    r"@requires?_(admin|teacher|role|roles|staff|superuser|owner|permissions?|scopes?)\b|"
    r"@(admin|staff|superuser|roles?|owner)_(required|accepted)\b|@Roles\(|"
    # a role compared before serving (`user.role !== "ADMIN"`), the session's user compared to the owner
    r"\.role\s*[!=]==?\s*['\"A-Z]|session\??\.user\??\.id\s*[!=]==?\s*\w+|"
    # a role looked up among the user's (`roleTitles.includes(UserRoleTitles.ASSIGNEE)` in a router)
    r"\broles?(Titles?|Names?)?\??\.(includes|has|some)\(|"
    r"\b(permission_required|PermissionRequiredMixin|has_permission|has_object_permission|"
    r"permission_classes|UseGuards|CanActivate|RolesGuard|ability\.can|"
    r"checkPermission|hasPermission|verifyCurrentUser\w*|owner_id\s*[!=]=|"
    r"isOwner|canAccess|hasAccess\w*|user_passes_test|get_object_or_404\([^)]*user=|"
    r"allow (read|write|create|update|delete)\b|"
    # ownership: rows scoped to the signed-in user
    r"(owner|author|user)_?[iI]d\s*(==?|!=)=?\s*(current_user|user\.id|session\.user)|"
    r"(owner|author|user)_?id=current_user|Depends\(get_current_\w*user\)|"
    r"Depends\(require_\w*(admin|role|staff|owner|permission|scope)\w*\)|\brequireRoles?\(|"
    r"\broles\s*:\s*\[\s*['\"][A-Z_]+['\"]|"  # a route open to some roles only: `roles: ['ADMIN']`
    # a row's owner compared with the caller's id (`row.user_id != user_id`, `Row.user_id == user_id`)
    r"\.(owner|author|user)_?[iI]d\s*(==|!=)=?\s*(current_)?user_?[iI]d\b|"
    r"\w*Owner\(\s*(user|session))"
)
# Firebase's modules that hold no data (sign-in, analytics, messaging…): only Firestore, the
# Realtime Database and Storage (or the whole namespaced SDK) reach data from the browser.
FIREBASE_WITHOUT_DATA = re2.compile(
    r"^firebase/(compat/)?(app|auth|analytics|messaging|performance|functions|remote-config|app-check|"
    r"installations)$"
)
# Policy engines that decide who may do what (casbin's RBAC, CASL's abilities, django-guardian's
# object permissions).
AUTHORIZATION_LIBRARIES = {
    "casbin",
    "@casl/ability",
    "accesscontrol",
    "@cerbos/http",
    "@cerbos/grpc",
    "oso",
    "permitio",
    "django-guardian",
    "django-rules",
    "pycasbin",
}
SUPABASE_CLIENTS = {"@supabase/supabase-js", "@supabase/ssr"}
# A table queried or a database function called through the Supabase client.
TABLE_ACCESS = (
    r"\.from\(\s*['\"`]?[\w.-]+['\"`]?\s*\)\s*\.\s*(select|insert|update|upsert|delete)\b|\.rpc\(\s*['\"`]"
)
SIGN_IN = r"\.auth\.(signIn\w*|signUp|signOut|getSession|getUser|onAuthStateChange)\("
BROWSER_DATABASE = {"@supabase/supabase-js", "firebase", "@supabase/ssr", "pocketbase", "appwrite"}
SECURITY_HEADERS = {"content-security-policy": "CSP", "strict-transport-security": "HSTS"}
HEADER_NAMES = r"(?i)content-security-policy|strict-transport-security"
HEADER_SOURCES = r"\.(py|[cm]?[jt]sx?|html|conf|json|toml|ya?ml)$|(^|/)_headers$"


def _settings(ctx: CheckContext, section: str) -> pd.DataFrame:
    settings = repo_table(ctx, "supabase_settings")
    if settings.empty:
        return settings
    return settings[settings["section"].str.startswith(section)]


def _sql(ctx: CheckContext) -> pd.DataFrame:
    """The SQL statements of the product's schema: an archived reference copy (seikotsuin's
    docs/archive/sql-reference-assets/rls-policies.sql) is left out, as :func:`texts` leaves it."""
    statements = repo_table(ctx, "sql_statements")
    if statements.empty:
        return statements
    return statements[~statements["path"].map(lambda path: bool(VENDORED.search(path)))]


def _statements(ctx: CheckContext, kind: str) -> pd.DataFrame:
    statements = _sql(ctx)
    return statements[statements["kind"] == kind] if not statements.empty else statements


@check(
    id="auth_security.authentication",
    reads=(
        "repositories.calls",
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="auth_security",
    looks_for=en_fr(
        "An authentication layer (Supabase Auth, Auth.js, …).",
        "Une couche d'authentification (Supabase Auth, Auth.js…).",
    ),
    level="prototype",
    severity="high",
    remediation=en_fr(
        "Use the platform's auth (Supabase Auth) rather than a hand-made login.",
        "Utiliser l'auth de la plateforme (Supabase Auth) plutôt qu'un login maison.",
    ),
    seed_section="10.1",
)
def authentication(ctx: CheckContext):
    calls = code_calls(ctx, AUTH_CALLS)
    libraries = sorted(AUTH_LIBRARIES & dependencies(ctx))
    code = production_grep(ctx, AUTH_CODE)
    if calls.empty and not libraries and not code:
        return failed(en_fr("No authentication found.", "Aucune authentification trouvée."))
    using = f" ({', '.join(libraries)})" if libraries else ""
    return passed(
        en_fr(f"Authentication is in place{using}.", f"L'authentification est en place{using}."),
        row_refs(calls, "callee") + code[:5],
    )


PRODUCTION_FILES = r"\.(py|[cm]?[jt]sx?|rb|rules|sql|toml)$"


def production_grep(ctx: CheckContext, pattern: str, limit: int = MAX_REFS) -> list[EvidenceRef]:
    """Lines of code, configuration or rules (tests left out) matching ``pattern``."""
    return grep(ctx, pattern, PRODUCTION_FILES, limit=limit, skip_tests=True)


def browser_reaches_database(ctx: CheckContext) -> bool:
    """Whether the browser talks to the database directly (Supabase client, Firebase, PocketBase):
    then row level security (or Firestore rules) is what authorises; otherwise app code does.
    A client imported only by server code, tests or scripts (the stack facts say where each file
    runs) never puts the database within the browser's reach."""
    declared = BROWSER_DATABASE & dependencies(ctx)
    if not declared:
        return False
    imports = repo_table(ctx, "imports")
    if imports.empty:
        return True
    module = imports["module"].astype(str)
    clients = imports[
        module.isin(declared)
        | module.map(lambda m: m.split("/")[0] in declared or "/".join(m.split("/")[:2]) in declared)
    ]
    data_clients = clients[
        ~clients["module"].astype(str).map(lambda m: bool(FIREBASE_WITHOUT_DATA.search(m)))
    ]
    if data_clients.empty and not clients.empty:
        return False  # Firebase for sign-in (firebase/auth) only: no database within the browser's reach
    if declared <= SUPABASE_CLIENTS and _sign_in_only(ctx):
        return False  # Supabase for sign-in (supabase.auth) only: no table is ever queried
    clients = data_clients
    roles = file_roles(ctx)
    return clients.empty or not all(
        _server_side(path, roles.get(path, ("unknown", False))[0]) for path in clients["path"].unique()
    )


def _sign_in_only(ctx: CheckContext) -> bool:
    """Whether the code signs users in through Supabase (`supabase.auth.signInWithPassword`) and
    never queries a table or calls a database function through it."""
    signs_in = grep(ctx, SIGN_IN, CODE_FILES, limit=1, skip_tests=True)
    return bool(signs_in) and not grep_spanning(ctx, TABLE_ACCESS, CODE_FILES, limit=1, skip_tests=True)


def _server_side(path: str, runtime: str) -> bool:
    """Code that certainly never ships to the browser: Python, server code, tests, scripts."""
    return path.endswith(".py") or not is_production_code_path(path) or runtime == "server"


def controls_in_place(ctx: CheckContext) -> dict[str, list[EvidenceRef]]:
    """LEVELS.md's four controls and what shows each: MFA, rate limiting, an audit log, and
    authorisation on every table (RLS where the browser reaches the database, else app code)."""
    deps = dependencies(ctx)
    mfa_settings = _settings(ctx, "auth.mfa")
    mfa_on = (
        mfa_settings[
            mfa_settings["key"].isin(["enroll_enabled", "verify_enabled"]) & (mfa_settings["value"] == "true")
        ]
        if not mfa_settings.empty
        else mfa_settings
    )
    roles, by_hand = file_roles(ctx), root_scripts(ctx)
    found = {
        "mfa": row_refs(mfa_on, "key")
        + _named(MFA_LIBRARIES & deps)
        # a column declared for it (mfa_enabled BOOLEAN DEFAULT FALSE) is MFA planned, not in place,
        # and a toggle in a browser form (patientpro-nexus's admin Settings page) is state
        + [
            ref
            for ref in production_grep(ctx, MFA_CODE, limit=500)
            if not (ref.path or "").endswith(SETTINGS_AND_SCHEMAS)
            and (not is_browser_path(ctx, ref.path or "", roles) or BROWSER_MFA.search(ref.excerpt or ""))
        ][:3],
        "rate limiting": rate_limiting_refs(ctx, deps),
        "audit log": row_refs(_audit_statements(ctx), "kind")
        + _named(AUDIT_LIBRARIES & deps)
        # a component at the root that nothing imports (an architecture infographic naming an
        # `audit_logs` table) records nothing
        + [ref for ref in production_grep(ctx, AUDIT_CODE, limit=100) if ref.path not in by_hand][:3],
    }
    if browser_reaches_database(ctx):
        rls = row_level_security(ctx)
        rules = matching_paths(ctx, r"(^|/)(firestore|database|storage)\.rules$")
        found["authorisation"] = (rls.evidence if rls.status is Status.PASS else []) + file_refs(rules)
    else:
        # a role compared in a component (`sessao.role === "medico"` choosing a label) hides a button;
        # only a check the server makes keeps anyone out
        enforced = [
            ref
            for ref in grep(ctx, AUTHORIZATION_CODE, PRODUCTION_FILES, limit=500, skip_tests=True)
            if not is_browser_path(ctx, ref.path or "", roles)
        ]
        found["authorisation"] = _named(AUTHORIZATION_LIBRARIES & deps) + enforced[:3]
    return found


def rate_limiting_refs(ctx: CheckContext, deps: set[str]) -> list[EvidenceRef]:
    """What shows rate limiting: Supabase Auth's limits, a limiter library or identity platform, a
    limiter the code applies (its own included), attempts counted by the database itself."""
    return (
        row_refs(_settings(ctx, "auth.rate_limit"), "key")
        + _named((RATE_LIMITERS | IDENTITY_PLATFORMS) & deps)
        + _reached_refs(ctx, _applied(production_grep(ctx, RATE_CODE)) + _own_limiter_answers(ctx))[:3]
        # attempts counted by the database itself (a rate_limit_log table the login function reads)
        + grep(ctx, r"(?i)\brate_?limit\w*", r"\.sql$", limit=2, skip_tests=True)
    )


# A line that defines a function, a method or a class rather than using it: `async rateLimit(key:
# string) {`, the nutrition app's `export class RateLimitError extends Error` (an error type).
DEFINITION = re2.compile(
    r"^\s*(export\s+)?(default\s+)?(async\s+)?(function\s*\*?\s*\w*\s*\(|def\s+\w+|class\s+\w+|"
    r"(public\s+|private\s+|static\s+)*\w+\s*\([^()]*\)\s*(:\s*[^{=]+)?\{\s*$)"
)


def _own_limiter_answers(ctx: CheckContext) -> list[EvidenceRef]:
    """429 answers (OWN_LIMIT_ANSWER) written in a module that keeps a limiter's count."""
    answers = production_grep(ctx, OWN_LIMIT_ANSWER)
    paths = {ref.path for ref in answers}
    counting = {path for _source, path, text in texts(ctx) if path in paths and LIMITER_STATE.search(text)}
    return [ref for ref in answers if ref.path in counting]


def _applied(refs: list[EvidenceRef]) -> list[EvidenceRef]:
    """Lines that apply a limiter, not those that only define one: umami's `rateLimit` method that
    nothing calls limits nothing (as a Sentry dependency never initialised is no monitoring)."""
    return [
        ref
        for ref in refs
        if not DEFINITION.search(ref.excerpt or "")
        and RATE_APPLIED.search(LIMIT_ERROR_TYPE.sub("", ref.excerpt or ""))
    ]


# An error type named for a limit (`this.name = "RateLimitError"`, a provider SDK's RateLimitError
# caught): what a limit answers, not a limiter; the rest of the line must still apply one.
LIMIT_ERROR_TYPE = re2.compile(r"\w*RateLimit\w*Error\w*")


# Where JavaScript keeps modules written to be imported (a route, a page or a function is an entry
# point the framework loads by its place, and is kept).
LIBRARY_MODULE = re2.compile(r"(^|/)(middlewares?|lib|libs|utils?|helpers?|common|shared)/.*\.[cm]?[jt]sx?$")


def _in_reached_modules(ctx: CheckContext, paths: list[str]) -> list[bool]:
    """Whether each module could run: a JavaScript library module counts only if another file
    imports it (its name, or its folder's for an index, ends an import): EHRConnect's
    middleware/rate-limit.js, which no file imports, limits nothing."""
    imported = {name.lower() for name in imported_basenames(ctx)}
    reached = []
    for path in paths:
        file = PurePosixPath(path)
        stem = file.name.split(".")[0].lower()
        named = file.parent.name.lower() if stem == "index" else stem
        reached.append(
            not LIBRARY_MODULE.search(path)
            or any(name.split(".")[0] == named or name == file.stem.lower() for name in imported)
        )
    return reached


def _reached_refs(ctx: CheckContext, refs: list[EvidenceRef]) -> list[EvidenceRef]:
    reached = _in_reached_modules(ctx, [ref.path or "" for ref in refs])
    return [ref for ref, kept in zip(refs, reached, strict=True) if kept]


def _named(names: set[str]) -> list[EvidenceRef]:
    return [said_ref("repositories", "dependency", name=name) for name in sorted(names)]


CONTROL_FR = {
    "mfa": "MFA",
    "rate limiting": "limitation de débit",
    "audit log": "journal d'audit",
    "authorisation": "autorisation sur chaque table",
}


@check(
    id="auth_security.controls",
    reads=(
        "attestations.attestations",
        "repositories.file_roles",
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
        "repositories.sql_statements",
        "repositories.supabase_settings",
    ),
    criterion="auth_security",
    looks_for=en_fr(
        "The four controls: MFA, rate limiting, an audit log, and authorisation on every "
        "table (row level security where the browser reaches the database, checks in the "
        "application code where only the server does).",
        "Les quatre contrôles : MFA, limitation de débit, journal d'audit, et autorisation "
        "sur chaque table (row level security là où le navigateur atteint la base, "
        "contrôles dans le code applicatif là où seul le serveur l'atteint).",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Add what is missing among MFA, rate limits on sign-in and APIs, an audit log of "
        "sensitive reads and writes, and authorisation on every table.",
        "Ajouter ce qui manque parmi MFA, limites de débit sur la connexion et les API, "
        "journal d'audit des lectures et écritures sensibles, et autorisation sur chaque "
        "table.",
    ),
    seed_section="10.1",
)
def controls(ctx: CheckContext):
    found = controls_in_place(ctx)
    present = [name for name, refs in found.items() if refs]
    missing = [name for name in found if name not in present]
    refs = [ref for name in present for ref in found[name][:3]]
    if not missing:
        return passed(
            en_fr(
                "MFA, rate limiting, an audit log and authorisation are all in place.",
                "MFA, limitation de débit, journal d'audit et autorisation : tout est en place.",
            ),
            refs,
            present=present,
        )
    return failed(
        en_fr(
            f"{len(present)} of 4 controls in place; missing: {', '.join(missing)}.",
            f"Contrôles en place : {len(present)} sur 4 ; manquent : "
            f"{', '.join(CONTROL_FR[m] for m in missing)}.",
        ),
        refs,
        shows=Level.PARTIAL if present else Level.PROTOTYPE,
        present=present,
        missing=missing,
    )


ISOLATED_OPEN_SHARE = 0.02
"""At most this share of tables without row level security is a lapse listed, not a control missing."""


@check(
    id="auth_security.row_level_security",
    reads=(
        "repositories.file_roles",
        "repositories.imports",
        *DEPENDENCY_TABLES,
        "repositories.sql_statements",
    ),
    criterion="auth_security",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "Row level security enabled, with at least one policy, on every table the migrations create.",
        "La row level security activée, avec au moins une policy, sur chaque table créée par les migrations.",
    ),
    level="partial",
    severity="critical",
    remediation=en_fr(
        "`alter table … enable row level security;` and a policy per table: with "
        "the public anon key, RLS is the only thing between a user and others' data.",
        "`alter table … enable row level security;` et une policy par table : avec "
        "la clé anon publique, le RLS est le seul rempart entre un utilisateur et "
        "les données des autres.",
    ),
    seed_section="10.4",
)
def row_level_security(ctx: CheckContext):
    if not browser_reaches_database(ctx):
        return not_applicable(
            en_fr(
                "The browser never reaches the database: authorisation is the "
                "server code's, row level security does not apply.",
                "Le navigateur n'atteint jamais la base : l'autorisation revient au "
                "code serveur, la row level security ne s'applique pas.",
            )
        )
    created = _live_tables(ctx)
    if created.empty:
        return not_applicable(
            en_fr("No SQL migration creates a table.", "Aucune migration SQL ne crée de table.")
        )
    protected = set(_statements(ctx, "enable_rls").get("target", []))
    # RLS without a policy denies every request through the API: closed, not open.
    problem = created["target"].map(lambda t: "no row level security" if t not in protected else None)
    open_tables = created.assign(problem=problem)[problem.notna()]
    open_refs = row_refs(
        open_tables.assign(shown=open_tables["target"] + ": " + open_tables["problem"]), "shown"
    )
    if not open_tables.empty and len(open_tables) / len(created) <= ISOLATED_OPEN_SHARE:
        # One lapse does not sink a criterion (LEVELS.md): a table left open among hundreds protected
        return passed(
            en_fr(
                f"{len(created) - len(open_tables)} of {len(created)} tables enable row level security; "
                f"{len(open_tables)} lack it: an isolated lapse, listed here.",
                f"Tables avec row level security : {len(created) - len(open_tables)} sur {len(created)} ; "
                f"sans : {len(open_tables)}, un écart isolé signalé ici.",
            ),
            open_refs,
            tables=sorted(open_tables["target"]),
        )
    if not open_tables.empty:
        return failed(
            en_fr(
                f"{len(open_tables)} of {len(created)} tables lack row level security or a policy.",
                f"Tables sans row level security ou sans policy : {len(open_tables)} sur {len(created)}.",
            ),
            open_refs,
            tables=sorted(open_tables["target"]),
        )
    return passed(
        en_fr(
            f"All {len(created)} tables enable row level security and have a policy.",
            f"Chaque table active la row level security et a une policy (tables : {len(created)}).",
        ),
        row_refs(created, "target"),
    )


def _live_tables(ctx: CheckContext) -> pd.DataFrame:
    """Tables the migrations create and do not drop later (migrations apply in file-name order,
    a file's statements in line order: `drop table if exists posts; create table posts` keeps
    posts), each with its last creation."""
    created = _statements(ctx, "create_table")
    if created.empty:
        return created
    created = created.sort_values(["path", "line"]).drop_duplicates("target", keep="last")
    dropped = _statements(ctx, "drop_table")
    if dropped.empty:
        return created
    last_drop = {
        row.target: (row.path, row.line)
        for row in dropped.sort_values(["path", "line"]).drop_duplicates("target", keep="last").itertuples()
    }
    return created[
        [
            target not in last_drop or last_drop[target] < (path, line)
            for target, path, line in zip(created["target"], created["path"], created["line"], strict=True)
        ]
    ]


@check(
    id="auth_security.mfa",
    reads=("repositories.calls", "repositories.supabase_settings"),
    criterion="auth_security",
    caps=False,
    evidences=False,
    looks_for=en_fr("Multi-factor authentication enabled.", "L'authentification multifacteur activée."),
    level="production",
    remediation=en_fr(
        "Enable TOTP MFA ([auth.mfa.totp] enroll_enabled = true) and require it for clinicians and admins.",
        "Activer le MFA TOTP ([auth.mfa.totp] "
        "enroll_enabled = true) et l'exiger pour les soignants et admins.",
    ),
    seed_section="10.1",
)
def mfa(ctx: CheckContext):
    settings = _settings(ctx, "auth.mfa")
    enabled = (
        settings[settings["key"].isin(["enroll_enabled", "verify_enabled"]) & (settings["value"] == "true")]
        if not settings.empty
        else settings
    )
    calls = code_calls(ctx, r"\.mfa\.(enroll|challenge)")
    if enabled.empty and calls.empty:
        return failed(en_fr("MFA is not enabled.", "Le MFA n'est pas activé."))
    return passed(
        en_fr("MFA is enabled.", "Le MFA est activé."), row_refs(enabled, "key") + row_refs(calls, "callee")
    )


@check(
    id="auth_security.rate_limiting",
    reads=(
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
        "repositories.supabase_settings",
    ),
    criterion="auth_security",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "Rate limits on authentication and APIs.", "Des limites de débit sur l'authentification et les API."
    ),
    level="production",
    remediation=en_fr(
        "Set [auth.rate_limit] in supabase/config.toml and limit API routes.",
        "Régler [auth.rate_limit] dans supabase/config.toml et limiter les routes.",
    ),
    seed_section="10.1",
)
def rate_limiting(ctx: CheckContext):
    """What the four controls count as rate limiting, so the two findings never disagree."""
    deps = dependencies(ctx)
    refs = rate_limiting_refs(ctx, deps)
    if not refs:
        return failed(en_fr("No rate limiting found.", "Aucune limitation de débit trouvée."))
    return passed(
        en_fr("Rate limiting is configured.", "La limitation de débit est configurée."),
        refs,
        libraries=sorted(RATE_LIMITERS & deps),
    )


def _audit_statements(ctx: CheckContext) -> pd.DataFrame:
    statements = _sql(ctx)
    if statements.empty:
        return statements
    return statements[
        (
            statements["kind"].isin(["create_table", "create_trigger"])
            & (
                # an access log the product keeps of who read what (hbmedical's phi_access_log)
                statements["target"].str.contains("audit|activity_log|access_log")
                | statements["name"].fillna("").str.contains("audit")
            )
        )
        | ((statements["kind"] == "create_extension") & (statements["target"] == "pgaudit"))
    ]


@check(
    id="auth_security.audit_log",
    reads=("repositories.sql_statements",),
    criterion="auth_security",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "An audit log of who read or changed sensitive data (a table filled by triggers, or pgaudit).",
        "Un journal d'audit de qui a lu ou modifié les "
        "données sensibles (table alimentée par triggers, ou pgaudit).",
    ),
    level="production",
    remediation=en_fr(
        "Add an audit_log table filled by triggers on sensitive tables.",
        "Ajouter une table audit_log alimentée par des triggers sur les tables sensibles.",
    ),
    seed_section="10.1",
)
def audit_log(ctx: CheckContext):
    statements = _sql(ctx)
    if statements.empty:
        return failed(
            en_fr(
                "No SQL migration: no audit log table or trigger.",
                "Aucune migration SQL : ni table ni trigger de journal d'audit.",
            )
        )
    audit = _audit_statements(ctx)
    if audit.empty:
        return failed(en_fr("No audit log table or trigger.", "Ni table ni trigger de journal d'audit."))
    return passed(
        en_fr(
            f"An audit log is recorded ({len(audit)} table/trigger statement(s)).",
            f"Un journal d'audit est tenu ({len(audit)} instruction(s) table/trigger).",
        ),
        row_refs(audit, "kind"),
    )


@check(
    id="auth_security.security_headers",
    reads=(
        "repositories.headers",
        *DEPENDENCY_TABLES,
    ),
    criterion="auth_security",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "Security headers (Content-Security-Policy, Strict-Transport-Security) set by "
        "the hosting configuration or the server.",
        "Des en-têtes de sécurité "
        "(Content-Security-Policy, Strict-Transport-Security) posés par la "
        "configuration d'hébergement ou le serveur.",
    ),
    level="production",
    remediation=en_fr(
        "Send a Content-Security-Policy and HSTS on every response (vercel.json "
        "`headers`, middleware, helmet).",
        "Envoyer une Content-Security-Policy et "
        "HSTS sur chaque réponse (`headers` de vercel.json, middleware, helmet).",
    ),
    seed_section="10.1",
)
def security_headers(ctx: CheckContext):
    declared = repo_table(ctx, "headers")
    declared = declared[declared["header"].isin(SECURITY_HEADERS)] if not declared.empty else declared
    in_code = [
        ref
        for ref in grep(ctx, HEADER_NAMES, HEADER_SOURCES, limit=50)
        if not ref.path or "test" not in ref.path
    ]
    found = set(declared.get("header", [])) | {
        name for name in SECURITY_HEADERS for ref in in_code if name in (ref.excerpt or "").lower()
    }
    if "helmet" in dependencies(ctx):
        found |= set(SECURITY_HEADERS)
    refs = row_refs(declared, "header") + in_code
    missing = [SECURITY_HEADERS[name] for name in SECURITY_HEADERS if name not in found]
    if missing:
        shown = ", ".join(missing)
        return failed(
            en_fr(f"Missing security header(s): {shown}.", f"En-tête(s) de sécurité manquant(s) : {shown}."),
            refs,
        )
    return passed(en_fr("CSP and HSTS are sent.", "CSP et HSTS sont envoyés."), refs)
