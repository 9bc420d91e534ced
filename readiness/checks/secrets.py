"""Criterion 4, secrets: none in the code, none in the history, none shipped to the browser (§10.4).

The values themselves come from the secret scan (:mod:`readiness.secret_scan`),
run by the repository collector into the ``secret_hits`` table: these checks
read that table and the file inventory, and cite file:line with an excerpt the
scan has already redacted. Where a check names a variable rather than a value,
it cites the name only, so no line of the repository is ever copied out whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

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
    MAX_REFS,
    dependencies,
    en_fr,
    grep,
    is_test_path,
    matching_paths,
    repo_files,
    texts,
)
from readiness.model import EvidenceRef, Severity
from readiness.secret_scan import is_client_path

ENV_REASON = "environment file"
# The inventory's descriptions of files that hold secrets whatever their content. A `.pem` ("private
# key or certificate") is left to the content scan, which tells a private key from a public certificate.
TRACKED_SENSITIVE_REASONS = ("private key", "credentials file", "registry credentials",
                             "database password file", "password file", "key store", "database dump",
                             "database file", "backup file")
VITE_NAME = re.compile(r"\bVITE_[A-Z0-9_]+")
SECRET_NAME = re.compile(r"SECRET|SERVICE_ROLE|PRIVATE|PASSWORD|PASSWD|TOKEN|API_KEY|CREDENTIAL")
PUBLIC_NAME = re.compile(r"ANON|PUBLIC|PUBLISHABLE|SITE_KEY")
SERVICE_ROLE_NAME = re.compile(r"\b\w*(?:SERVICE_ROLE|serviceRole|service_role_key)\w*")
DOC_FILE = re.compile(r"\.(md|mdx|rst|txt|adoc)$", re.IGNORECASE)
PUBLIC_BY_DESIGN = Severity.INFO.value
STARTUP_VALIDATION = (r"required_?(env|vars?|variables|settings)(_?vars?)?\b"
                      r"|Variable d'environnement manquante|missing (required )?(env|environment) var"
                      r"|\bcleanEnv\(|\bcreateEnv\("
                      r"|\.(safe)?[pP]arse\(\s*(process\.env|import\.meta\.env|os\.environ)"
                      r"|\(BaseSettings\)|pydantic_settings")
SEVERITY_ORDER = [s.value for s in Severity]
SCAN_NOT_RUN = en_fr("The secret scan did not run on this repository.",
                     "La recherche de secrets n'a pas tourné sur ce dépôt.")


def secret_hits(ctx: CheckContext) -> pd.DataFrame | None:
    """The scan's hits in files the configuration does not ignore, public-by-design keys left out.

    None when no repository source carries the scan's table (the scan did not run).
    """
    hits = ctx.evidence.table("repositories", "secret_hits")
    if "rule" not in hits.columns:
        return None
    if hits.empty:
        return hits
    kept = repo_files(ctx)[["source", "path"]]
    hits = hits.merge(kept, on=["source", "path"])
    return hits[hits["severity"] != PUBLIC_BY_DESIGN]


def hit_refs(hits: pd.DataFrame) -> list[EvidenceRef]:
    return [EvidenceRef(source=hit.source, path=hit.path, line=int(hit.line),
                        excerpt=f"{hit.rule}: {hit.excerpt}")
            for hit in hits.head(MAX_REFS).itertuples(index=False)]


def highest_severity(hits: pd.DataFrame) -> Severity:
    return Severity(min(hits["severity"], key=SEVERITY_ORDER.index))


def name_refs(ctx: CheckContext, names: re.Pattern, keep: Callable[[str, str], bool],
              limit: int = MAX_REFS) -> list[EvidenceRef]:
    """Lines using a variable name that ``keep(path, name)`` selects, citing the names only.

    Only the names are shown, never the line: the line may hold the value. Prose (README, docs)
    is left out: it explains variables, it does not ship them.
    """
    refs: list[EvidenceRef] = []
    for source, path, text in texts(ctx):
        if DOC_FILE.search(path):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            kept = sorted({name for name in names.findall(line) if keep(path, name)})
            if kept:
                refs.append(EvidenceRef(source=source, path=path, line=number, excerpt=", ".join(kept)))
                if len(refs) >= limit:
                    return refs
    return refs


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
def env_not_tracked(ctx: CheckContext) -> Outcome:
    envs = sensitive_files(ctx, ENV_REASON)
    exposed = envs[envs["tracked"] | ~envs["ignored"]]
    if not exposed.empty:
        refs = [EvidenceRef(source=r.source, path=r.path,
                            excerpt="tracked by git" if r.tracked else "not ignored by .gitignore")
                for r in exposed.head(MAX_REFS).itertuples(index=False)]
        return failed(en_fr(f"{len(exposed)} environment file(s) are tracked or not ignored.",
                            f"Fichiers d'environnement suivis par git ou non ignorés : {len(exposed)}."),
                      refs)
    if envs.empty:
        return passed(en_fr("No environment file in the repository.",
                            "Aucun fichier d'environnement dans le dépôt."))
    return passed(en_fr(f"The {len(envs)} environment file(s) are ignored by git.",
                        f"Fichiers d'environnement, tous ignorés par git : {len(envs)}."))


def sensitive_files(ctx: CheckContext, *reasons: str) -> pd.DataFrame:
    """Files the inventory describes as sensitive (for one of ``reasons``), minus configured ignores."""
    found = ctx.evidence.table("repositories", "tracked_sensitive")
    if found.empty:
        return pd.DataFrame(columns=["source", "path", "tracked", "ignored", "reason"])
    found = found.merge(repo_files(ctx)[["source", "path"]], on=["source", "path"])
    return found[found["reason"].isin(reasons)]


@check(
    id="secrets.sensitive_files_not_tracked",
    criterion="secrets",
    looks_for=en_fr("Credentials files, key stores and database dumps committed to git "
                    "(service-account.json, .npmrc, .pgpass, .p12, .sql dumps, SQLite files…).",
                    "Des fichiers d'identifiants, magasins de clés et dumps de base commités dans "
                    "git (service-account.json, .npmrc, .pgpass, .p12, dumps .sql, fichiers "
                    "SQLite…)."),
    level="prototype",
    severity="high",
    remediation=en_fr("Remove them from git (git rm --cached), ignore them, and rotate what they "
                      "hold; a dump may also hold personal data (criterion 12).",
                      "Les retirer de git (git rm --cached), les ignorer, et changer ce qu'ils "
                      "contiennent ; un dump peut aussi contenir des données personnelles "
                      "(critère 12)."),
    seed_section="10.4",
)
def sensitive_files_not_tracked(ctx: CheckContext) -> Outcome:
    found = sensitive_files(ctx, *TRACKED_SENSITIVE_REASONS)
    tracked = found[found["tracked"]]
    if tracked.empty:
        return passed(en_fr("No credentials file, key store or dump is tracked by git.",
                            "Aucun fichier d'identifiants, magasin de clés ou dump n'est suivi par git."))
    refs = [EvidenceRef(source=r.source, path=r.path, excerpt=f"{r.reason}, tracked by git")
            for r in tracked.head(MAX_REFS).itertuples(index=False)]
    return failed(en_fr(f"{len(tracked)} credentials file(s), key store(s) or dump(s) are tracked by "
                        "git.", "Fichiers d'identifiants, magasins de clés ou dumps suivis par git : "
                        f"{len(tracked)}."), refs)


@check(
    id="secrets.no_hardcoded_secrets",
    criterion="secrets",
    looks_for=en_fr("Keys, tokens, private keys, passwords and connection strings written in the "
                    "files (provider key formats, JWTs, high-entropy assignments); the Supabase "
                    "anon key is public by design and is not counted.",
                    "Des clés, jetons, clés privées, mots de passe et chaînes de connexion écrits "
                    "dans les fichiers (formats de clés des fournisseurs, JWT, affectations à forte "
                    "entropie) ; la clé anon Supabase est publique et n'est pas comptée."),
    level="partial",
    severity="critical",
    remediation=en_fr("Move the value to the platform's secret store (Vercel, GitHub, Supabase "
                      "secrets), read it from the environment, and rotate it: it is compromised. "
                      "A deliberate test value can carry a `pragma: allowlist secret` comment.",
                      "Déplacer la valeur dans le coffre de la plateforme (secrets Vercel, GitHub, "
                      "Supabase), la lire dans l'environnement, et la changer : elle est "
                      "compromise. Une valeur de test voulue peut porter un commentaire "
                      "`pragma: allowlist secret`."),
    seed_section="10.4",
)
def no_hardcoded_secrets(ctx: CheckContext) -> Outcome:
    if repo_files(ctx).empty:
        return inconclusive(en_fr("The repository has no readable file.",
                                  "Le dépôt n'a aucun fichier lisible."))
    hits = secret_hits(ctx)
    if hits is None:
        return inconclusive(SCAN_NOT_RUN)
    if hits.empty:
        return passed(en_fr("No secret found in the repository's files.",
                            "Aucun secret trouvé dans les fichiers du dépôt."))
    by_rule = hits["rule"].value_counts().to_dict()
    rules = ", ".join(f"{rule} ×{count}" for rule, count in by_rule.items())
    files = hits['path'].nunique()
    return failed(en_fr(f"{len(hits)} secret(s) written in {files} file(s): {rules}.",
                        f"Secrets écrits en clair : {len(hits)}, dans {files} fichier(s) : {rules}."),
                  hit_refs(hits), severity=highest_severity(hits), by_rule=by_rule)


@check(
    id="secrets.service_role_exposure",
    criterion="secrets",
    looks_for=en_fr("A Supabase service_role key (recognised by the role inside the JWT) or a "
                    "service_role variable in client code or in a VITE_ variable: it gives "
                    "admin access to the whole database, bypassing RLS.",
                    "Une clé service_role Supabase (reconnue au rôle inscrit dans le JWT) ou une "
                    "variable service_role dans le code client ou dans une variable VITE_ : elle "
                    "donne un accès admin à toute la base, sans RLS."),
    level="partial",
    severity="critical",
    remediation=en_fr("Rotate the service_role key now (Supabase dashboard, API settings), use it "
                      "only in Edge Functions or admin scripts, and give the browser the anon key "
                      "with RLS.", "Changer la clé service_role tout de suite (tableau de bord "
                      "Supabase, réglages API), ne l'utiliser que dans les Edge Functions ou les "
                      "scripts d'admin, et ne donner au navigateur que la clé anon avec le RLS."),
    seed_section="10.4",
)
def service_role_exposure(ctx: CheckContext) -> Outcome:
    hits = secret_hits(ctx)
    if hits is None:
        return inconclusive(SCAN_NOT_RUN)
    hits = hits[(hits["rule"] == "supabase_service_role_key") & hits["client"]]
    names = name_refs(ctx, SERVICE_ROLE_NAME,
                      lambda path, name: is_client_path(path) or name.upper().startswith("VITE_"))
    if not hits.empty or names:
        return failed(en_fr(f"The Supabase service_role key reaches the browser: {len(hits)} key(s) "
                            f"and {len(names)} variable use(s) in client code.", "La clé service_role "
                            f"Supabase arrive dans le navigateur : {len(hits)} clé(s) et {len(names)} "
                            "usage(s) de variable dans le code client."), hit_refs(hits) + names)
    if not _uses_supabase(ctx):
        return not_applicable(en_fr("The product does not use Supabase.",
                                    "Le produit n'utilise pas Supabase."))
    return passed(en_fr("No service_role key or variable in client code.",
                        "Aucune clé ni variable service_role dans le code client."))


def _uses_supabase(ctx: CheckContext) -> bool:
    deps = dependencies(ctx)
    return bool({"@supabase/supabase-js", "supabase"} & deps) or not matching_paths(
        ctx, r"(^|/)supabase/").empty


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
def vite_exposure(ctx: CheckContext) -> Outcome:
    refs = name_refs(ctx, VITE_NAME, lambda _path, name: _looks_secret(name))
    if refs:
        return failed(en_fr(f"{len(refs)} use(s) of secret-looking VITE_ variables, which ship to "
                            "the browser.", "Usages de variables VITE_ au nom de secret, qui partent "
                            f"dans le navigateur : {len(refs)}."), refs)
    return passed(en_fr("No secret-looking VITE_ variable.", "Aucune variable VITE_ au nom de secret."))


def _looks_secret(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not PUBLIC_NAME.search(name)


@check(
    id="secrets.history_clean",
    criterion="secrets",
    looks_for=en_fr("Secret-looking files (.env, keys, dumps) committed at some point in the git "
                    "history, even if removed since: whoever clones the repository can read them.",
                    "Des fichiers sensibles (.env, clés, dumps) commités à un moment de "
                    "l'historique git, même supprimés depuis : quiconque clone le dépôt peut les "
                    "lire."),
    level="production",
    severity="high",
    remediation=en_fr("Rotate every value those files held; then rewrite the history "
                      "(git filter-repo) if the repository is or may become shared.",
                      "Changer chaque valeur que ces fichiers contenaient ; puis réécrire "
                      "l'historique (git filter-repo) si le dépôt est ou peut devenir partagé."),
    seed_section="10.4",
)
def history_clean(ctx: CheckContext) -> Outcome:
    read = [f for f in ctx.evidence.of_kind("repositories") if f.values.get("history_available")]
    if not read:
        return inconclusive(en_fr("The git history could not be examined (not a git repository, no "
                                  "commits yet, or history_depth 0).", "L'historique git n'a pas pu "
                                  "être examiné (pas un dépôt git, pas encore de commit, ou "
                                  "history_depth à 0)."))
    depths = {lang: ", ".join(f"{f.name}{separator} {f.values.get('history_depth')} commits"
                              for f in read) for lang, separator in (("en", ":"), ("fr", " :"))}
    history = ctx.evidence.table("repositories", "history_secret_files")
    history = history[history["source"].isin({f.name for f in read})] if not history.empty else history
    if history.empty:
        return passed(en_fr(f"No secret-looking file was committed and removed ({depths['en']} "
                            "examined).", "Aucun fichier sensible commité puis supprimé "
                            f"({depths['fr']} examinés)."))
    refs = [EvidenceRef(source=row.source, path=row.path,
                        excerpt=f"removed in commit {str(row.commit)[:10]} ({row.date}), still in history")
            for row in history.head(MAX_REFS).itertuples(index=False)]
    return failed(en_fr(f"{len(history)} secret-looking file(s) were committed, then removed: they "
                        "are still in the history.", "Fichiers sensibles commités puis supprimés, "
                        f"mais toujours dans l'historique : {len(history)}."), refs)


@check(
    id="secrets.startup_validation",
    criterion="secrets",
    looks_for=en_fr("Required environment variables validated when the app starts (a required-"
                    "variables loop, a zod/envalid/t3-env schema, pydantic settings).",
                    "Les variables d'environnement requises validées au démarrage de l'appli (une "
                    "boucle sur les variables requises, un schéma zod/envalid/t3-env, des "
                    "réglages pydantic)."),
    level="production",
    remediation=en_fr("At start-up, check every required variable and stop with a clear message "
                      "naming the missing one (§10.4).", "Au démarrage, vérifier chaque variable "
                      "requise et s'arrêter avec un message clair qui la nomme (§10.4)."),
    seed_section="10.4",
)
def startup_validation(ctx: CheckContext) -> Outcome:
    found = grep(ctx, STARTUP_VALIDATION, r"\.(py|[cm]?[jt]sx?)$", flags=re.IGNORECASE, limit=500)
    refs = [EvidenceRef(source=r.source, path=r.path, line=r.line)
            for r in found if not is_test_path(r.path or "")][:MAX_REFS]
    if refs:
        return passed(en_fr("Environment variables are validated at start-up.",
                            "Les variables d'environnement sont validées au démarrage."), refs)
    return failed(en_fr("Nothing validates the environment at start-up: a missing variable surfaces "
                        "as a mysterious bug later.", "Rien ne valide les variables d'environnement "
                        "au démarrage : une variable manquante se révèle plus tard en bug "
                        "mystérieux."))
