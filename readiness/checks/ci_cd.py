"""Criterion 9, CI/CD: gates before deploy, and a way back (§10.6)."""

from __future__ import annotations

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.repo import en_fr, file_refs, grep, matching_paths

PIPELINES = r"^\.github/workflows/.+\.ya?ml$|^\.gitlab-ci\.yml$|^\.circleci/config\.yml$|" \
            r"^azure-pipelines\.yml$|^Jenkinsfile$|^bitbucket-pipelines\.yml$"
DEPLOYS = r"(^|/)(vercel\.json|netlify\.toml|fly\.toml|render\.yaml)$"


@check(
    id="ci_cd.automated_pipeline",
    criterion="ci_cd",
    looks_for=en_fr("An automated pipeline or platform auto-deploy.",
                    "Un pipeline automatisé ou l'auto-déploiement d'une plateforme."),
    level="prototype",
    remediation=en_fr("Let a pipeline (GitHub Actions) or the platform build and deploy, never a "
                      "laptop.", "Laisser un pipeline (GitHub Actions) ou la plateforme "
                      "construire et déployer, jamais un portable."),
    seed_section="10.6",
)
def automated_pipeline(ctx: CheckContext):
    found = matching_paths(ctx, f"{PIPELINES}|{DEPLOYS}")
    if found.empty:
        return failed("No pipeline and no deploy configuration: deploys are manual.")
    return passed("Builds and deploys are automated.", file_refs(found))


@check(
    id="ci_cd.quality_gates",
    criterion="ci_cd",
    looks_for=en_fr("A pipeline that runs tests, lint and build on every change.",
                    "Un pipeline qui lance tests, lint et build à chaque changement."),
    level="production",
    severity="high",
    remediation=en_fr("Run test, lint, type-check and build on each pull request and make them "
                      "required before merge and deploy.", "Lancer test, lint, vérification de "
                      "types et build sur chaque pull request et les rendre obligatoires avant "
                      "merge et déploiement."),
    seed_section="10.6",
)
def quality_gates(ctx: CheckContext):
    gates = {
        "test": grep(ctx, r"(npm|pnpm|yarn)( run)? test|vitest|jest|pytest", PIPELINES, limit=1),
        "lint": grep(ctx, r"\blint\b|eslint|ruff|flake8", PIPELINES, limit=1),
        "build": grep(ctx, r"(npm|pnpm|yarn)( run)? build|vite build|python -m build", PIPELINES,
                      limit=1),
    }
    missing = [gate for gate, refs in gates.items() if not refs]
    refs = [ref for refs in gates.values() for ref in refs]
    if missing:
        return failed(f"The pipeline does not gate on: {', '.join(missing)}.", refs)
    return passed("The pipeline runs tests, lint and build.", refs)


@check(
    id="ci_cd.rollback",
    criterion="ci_cd",
    looks_for=en_fr("A rollback path: platform rollbacks, a documented procedure or feature flags.",
                    "Un chemin de retour arrière : rollback de plateforme, procédure écrite ou "
                    "feature flags."),
    level="production",
    remediation=en_fr("Document how to roll back in 30 seconds (Vercel instant rollback, "
                      "blue-green) and put risky features behind flags.", "Écrire comment "
                      "revenir en arrière en 30 secondes (rollback Vercel, blue-green) et mettre "
                      "les fonctionnalités risquées derrière des flags."),
    seed_section="10.6",
)
def rollback(ctx: CheckContext):
    refs = grep(ctx, r"(?i)rollback|roll back|retour arrière|featureFlags?|unleash|launchdarkly|"
                r"growthbook", r"\.(md|[jt]sx?|py|ya?ml)$")
    if refs:
        return passed("A rollback path exists.", refs)
    return failed("No rollback procedure or feature flags.")
