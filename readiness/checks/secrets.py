"""Criterion 4, secrets: none in the code, none shipped to the browser (§10.4)."""

from __future__ import annotations

import re

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.repo import en_fr, grep, matching_paths, repo_files
from readiness.model import EvidenceRef, Severity
from readiness.redact import redact_assignment

ENV_FILE = r"(^|/)\.env(\.[\w-]+)?$"
TEMPLATE_ENV = r"\.(example|sample|template|dist)$"
SECRET_PATTERNS = (
    r"(?P<v>AKIA[0-9A-Z]{16})",
    r"(?P<v>-----BEGIN (?:RSA |EC |OPENSSH |)PRIVATE KEY-----)",
    r"(?P<v>sk_live_[0-9a-zA-Z]{20,})",
    r"(?P<v>gh[pousr]_[0-9A-Za-z]{36,})",
    r"(?P<v>xox[baprs]-[0-9A-Za-z-]{10,})",
    r"(?i)(?:password|passwd|secret|api_?key|token)\s*[:=]\s*['\"](?P<v>[^'\"\s]{12,})['\"]",
)
SECRET_NAME = re.compile(r"SECRET|SERVICE_ROLE|PRIVATE|PASSWORD|TOKEN|API_KEY", re.IGNORECASE)


@check(
    id="secrets.env_not_tracked",
    criterion="secrets",
    looks_for=en_fr("`.env` files tracked by git or not ignored.",
                    "Des fichiers `.env` suivis par git ou non ignorés."),
    level="prototype",
    severity="critical",
    remediation=en_fr("Remove the file from git (git rm --cached), add `.env*` to .gitignore, "
                      "rotate every value it held, and keep only a `.env.example` without values.",
                      "Retirer le fichier de git (git rm --cached), ajouter `.env*` au .gitignore, "
                      "changer chaque valeur qu'il contenait, et ne garder qu'un `.env.example` "
                      "sans valeurs."),
    seed_section="10.4",
)
def env_not_tracked(ctx: CheckContext):
    envs = matching_paths(ctx, ENV_FILE)
    envs = envs[~envs["path"].map(lambda path: bool(re.search(TEMPLATE_ENV, path)))]
    exposed = envs[envs["tracked"] | ~envs["ignored"]] if not envs.empty else envs
    if not exposed.empty:
        refs = [EvidenceRef(source=r.source, path=r.path,
                            excerpt="tracked by git" if r.tracked else "not ignored by .gitignore")
                for r in exposed.itertuples(index=False)]
        return failed(f"{len(exposed)} environment file(s) are tracked or not ignored.", refs)
    return passed("No environment file is tracked or left unignored.")


@check(
    id="secrets.no_hardcoded_secrets",
    criterion="secrets",
    looks_for=en_fr("Keys, tokens and passwords written in the code.",
                    "Des clés, jetons et mots de passe écrits dans le code."),
    level="partial",
    severity="critical",
    remediation=en_fr("Move the value to the platform's secret store (Vercel, GitHub, Supabase "
                      "secrets), read it from the environment, and rotate it: it is compromised.",
                      "Déplacer la valeur dans le coffre de la plateforme (secrets Vercel, GitHub, "
                      "Supabase), la lire dans l'environnement, et la changer : elle est "
                      "compromise."),
    seed_section="10.4",
)
def no_hardcoded_secrets(ctx: CheckContext):
    if repo_files(ctx).empty:
        return inconclusive("The repository has no readable file.")
    refs = []
    for pattern in SECRET_PATTERNS:
        refs += grep(ctx, pattern, r"^(?!.*\.(example|sample|template|md)$)", redact="v")
    if refs:
        return failed(f"{len(refs)} secret-looking value(s) in the code.", refs,
                      severity=Severity.CRITICAL)
    return passed("No secret-looking value found in the code.")


@check(
    id="secrets.vite_exposure",
    criterion="secrets",
    looks_for=en_fr("`VITE_` variables whose names look secret: everything prefixed VITE_ ships to "
                    "the browser.", "Des variables `VITE_` au nom de secret : tout ce qui est "
                    "préfixé VITE_ part dans le navigateur."),
    level="production",
    severity="critical",
    remediation=en_fr("Drop the VITE_ prefix and use the value only server-side (Edge Function, "
                      "API route); the Supabase anon key is public by design, the service_role "
                      "key never is.", "Retirer le préfixe VITE_ et n'utiliser la valeur que côté "
                      "serveur (Edge Function, route API) ; la clé anon Supabase est publique, "
                      "la clé service_role jamais."),
    seed_section="10.4",
)
def vite_exposure(ctx: CheckContext):
    refs = [ref for ref in grep(ctx, r"\bVITE_[A-Z0-9_]+", limit=500)
            if any(SECRET_NAME.search(name) for name in re.findall(r"VITE_[A-Z0-9_]+",
                                                                   ref.excerpt or ""))]
    if refs:
        shown = [EvidenceRef(source=r.source, path=r.path, line=r.line,
                             excerpt=redact_assignment(r.excerpt or "")) for r in refs]
        return failed(f"{len(refs)} secret-looking VITE_ variable use(s) ship to the browser.",
                      shown)
    return passed("No secret-looking VITE_ variable.")


@check(
    id="secrets.startup_validation",
    criterion="secrets",
    looks_for=en_fr("Required environment variables validated when the app starts.",
                    "Les variables d'environnement requises validées au démarrage de l'appli."),
    level="production",
    remediation=en_fr("At start-up, check every required variable and stop with a clear message "
                      "naming the missing one (§10.4).", "Au démarrage, vérifier chaque variable "
                      "requise et s'arrêter avec un message clair qui la nomme (§10.4)."),
    seed_section="10.4",
)
def startup_validation(ctx: CheckContext):
    refs = grep(ctx, r"required(Env|_env)|missing.*(env|variable)|Variable d'environnement "
                r"manquante|envSchema|z\.object\(.*env|os\.environ\[", r"\.(py|[jt]sx?)$")
    if refs:
        return passed("Environment variables are validated at start-up.", refs)
    return failed("Nothing validates the environment at start-up: a missing variable surfaces as "
                  "a mysterious bug later.")
