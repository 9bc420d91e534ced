"""Criterion 10, environments: dev, staging and prod kept apart (§10.4)."""

from __future__ import annotations

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.repo import en_fr, file_refs, grep, matching_paths


@check(
    id="environments.env_example",
    criterion="environments",
    looks_for=en_fr("A `.env.example` listing the variables the app needs.",
                    "Un `.env.example` qui liste les variables dont l'appli a besoin."),
    level="prototype",
    remediation=en_fr("Commit a .env.example with every variable name and no value.",
                      "Versionner un .env.example avec chaque nom de variable et aucune valeur."),
    seed_section="10.4",
)
def env_example(ctx: CheckContext):
    found = matching_paths(ctx, r"(^|/)\.env\.(example|sample|template)$")
    if found.empty:
        return failed("No .env.example: nobody knows which variables to set.")
    return passed("Variables are documented in an example file.", file_refs(found))


@check(
    id="environments.dev_prod_separated",
    criterion="environments",
    looks_for=en_fr("Development and production configured separately.",
                    "Développement et production configurés séparément."),
    level="partial",
    remediation=en_fr("Give development its own Supabase project and keys; never point a laptop "
                      "at production data.", "Donner au développement son propre projet "
                      "Supabase et ses clés ; ne jamais brancher un portable sur les données de "
                      "production."),
    seed_section="10.4",
)
def dev_prod_separated(ctx: CheckContext):
    files = matching_paths(ctx, r"(^|/)\.env\.(development|production|dev|prod)(\.example)?$|"
                           r"(^|/)(config|settings)/(dev|development|prod|production)\.")
    refs = grep(ctx, r"(?i)\b(development|production)\b.*(project|url|environment)",
                r"\.(md|toml|ya?ml)$", limit=2)
    if not files.empty or len(refs) >= 2:
        return passed("Development and production are configured apart.", file_refs(files) + refs)
    return failed("Development and production share one configuration.")


@check(
    id="environments.staging",
    criterion="environments",
    looks_for=en_fr("A staging environment between development and production.",
                    "Un environnement de staging entre développement et production."),
    level="production",
    remediation=en_fr("Add a staging environment (its own Supabase project, a Vercel preview or "
                      "branch deploy) where releases are tried on realistic data.",
                      "Ajouter un environnement de staging (projet Supabase dédié, preview ou "
                      "branche Vercel) où les versions sont essayées sur des données réalistes."),
    seed_section="10.4",
)
def staging(ctx: CheckContext):
    files = matching_paths(ctx, r"(^|/)\.env\.staging|staging\.(ya?ml|json|toml)$")
    refs = grep(ctx, r"(?i)\benvironment:\s*staging|--env[= ]staging|STAGING_",
                r"\.(ya?ml|json|toml|[jt]sx?)$")
    if not files.empty or refs:
        return passed("A staging environment exists.", file_refs(files) + refs)
    return failed("No staging environment: releases go from a laptop straight to users.")
