"""Criterion 6, authentication and security: RLS, MFA, rate limiting, audit trail."""

from __future__ import annotations

import re

from readiness.checks import CheckContext, check, failed, not_applicable, passed
from readiness.checks.repo import dependencies, en_fr, grep, texts
from readiness.model import EvidenceRef

MIGRATION = re.compile(r"supabase/migrations/.+\.sql$")
CREATE_TABLE = re.compile(r"create\s+table\s+(if\s+not\s+exists\s+)?(?P<name>[\w.\"]+)",
                          re.IGNORECASE)
ENABLE_RLS = re.compile(r"alter\s+table\s+(?P<name>[\w.\"]+)\s+enable\s+row\s+level\s+security",
                        re.IGNORECASE)


def _bare(name: str) -> str:
    return name.replace('"', "").split(".")[-1].lower()


@check(
    id="auth_security.authentication",
    criterion="auth_security",
    looks_for=en_fr("An authentication layer (Supabase Auth, Auth.js, …).",
                    "Une couche d'authentification (Supabase Auth, Auth.js…)."),
    level="prototype",
    severity="high",
    remediation=en_fr("Use the platform's auth (Supabase Auth) rather than a hand-made login.",
                      "Utiliser l'auth de la plateforme (Supabase Auth) plutôt qu'un login maison."),
    seed_section="10.1",
)
def authentication(ctx: CheckContext):
    refs = grep(ctx, r"\.auth\.(signIn|signUp|getUser|getSession|onAuthStateChange)|"
                r"next-auth|passport\.|fastapi\.security|flask_login", r"\.(py|[jt]sx?)$")
    if refs:
        return passed("Authentication is in place.", refs)
    return failed("No authentication found.")


@check(
    id="auth_security.row_level_security",
    criterion="auth_security",
    looks_for=en_fr("Row level security enabled on every table the migrations create.",
                    "La row level security activée sur chaque table créée par les migrations."),
    level="partial",
    severity="critical",
    remediation=en_fr("`alter table … enable row level security;` and a policy per table: with "
                      "the public anon key, RLS is the only thing between a user and others' data.",
                      "`alter table … enable row level security;` et une policy par table : avec "
                      "la clé anon publique, le RLS est le seul rempart entre un utilisateur et "
                      "les données des autres."),
    seed_section="10.4",
)
def row_level_security(ctx: CheckContext):
    created, protected = {}, set()
    for source, path, text in texts(ctx):
        if not MIGRATION.search(path):
            continue
        for match in CREATE_TABLE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            created[_bare(match.group("name"))] = EvidenceRef(source, path, line,
                                                              match.group(0))
        protected |= {_bare(m.group("name")) for m in ENABLE_RLS.finditer(text)}
    if not created:
        return not_applicable("No Supabase migration creates a table.")
    open_tables = [ref for name, ref in created.items() if name not in protected]
    if open_tables:
        return failed(f"{len(open_tables)} of {len(created)} tables have no row level security.",
                      open_tables)
    return passed(f"All {len(created)} tables enable row level security.")


def _supabase_setting(ctx: CheckContext, pattern: str) -> list[EvidenceRef]:
    return grep(ctx, pattern, r"supabase/config\.toml$")


@check(
    id="auth_security.mfa",
    criterion="auth_security",
    looks_for=en_fr("Multi-factor authentication enabled.", "L'authentification multifacteur "
                    "activée."),
    level="production",
    remediation=en_fr("Enable TOTP MFA ([auth.mfa.totp] enroll_enabled = true) and require it for "
                      "clinicians and admins.", "Activer le MFA TOTP ([auth.mfa.totp] "
                      "enroll_enabled = true) et l'exiger pour les soignants et admins."),
    seed_section="10.1",
)
def mfa(ctx: CheckContext):
    refs = _supabase_setting(ctx, r"^\s*(enroll_enabled|verify_enabled)\s*=\s*true")
    refs += grep(ctx, r"auth\.mfa\.(enroll|challenge)", r"\.[jt]sx?$")
    if refs:
        return passed("MFA is enabled.", refs)
    return failed("MFA is not enabled.")


@check(
    id="auth_security.rate_limiting",
    criterion="auth_security",
    looks_for=en_fr("Rate limits on authentication and APIs.", "Des limites de débit sur "
                    "l'authentification et les API."),
    level="production",
    remediation=en_fr("Set [auth.rate_limit] in supabase/config.toml and limit API routes.",
                      "Régler [auth.rate_limit] dans supabase/config.toml et limiter les routes."),
    seed_section="10.1",
)
def rate_limiting(ctx: CheckContext):
    refs = _supabase_setting(ctx, r"^\s*\[auth\.rate_limit\]")
    refs += grep(ctx, r"rateLimit|rate_limit|slowapi|express-rate-limit|@upstash/ratelimit",
                 r"\.(py|[jt]sx?)$")
    if refs or {"express-rate-limit", "slowapi", "@upstash/ratelimit"} & dependencies(ctx):
        return passed("Rate limiting is configured.", refs)
    return failed("No rate limiting found.")


@check(
    id="auth_security.audit_log",
    criterion="auth_security",
    looks_for=en_fr("An audit log of who read or changed sensitive data.",
                    "Un journal d'audit de qui a lu ou modifié les données sensibles."),
    level="production",
    remediation=en_fr("Add an audit_log table filled by triggers on sensitive tables.",
                      "Ajouter une table audit_log alimentée par des triggers sur les tables "
                      "sensibles."),
    seed_section="10.1",
)
def audit_log(ctx: CheckContext):
    refs = grep(ctx, r"(?i)create\s+table\s+(if\s+not\s+exists\s+)?[\w.]*audit|pgaudit|"
                r"create\s+trigger\s+\w*audit", r"\.sql$")
    if refs:
        return passed("An audit log is recorded.", refs)
    return failed("No audit log table or trigger.")
