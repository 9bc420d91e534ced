"""Criterion 9, CI/CD: gates before deploy, previews, and a way back (§10.6)."""

from __future__ import annotations

import re

import pandas as pd

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.artefacts import latest_test_run, report_refs
from readiness.checks.repo import en_fr, file_refs, grep, repo_table, row_refs

GATES = {
    "test": re.compile(r"\b(npm|pnpm|yarn|bun)\s+(run\s+)?test\b|\b(vitest|jest|pytest|tox|nox|"
                       r"playwright\s+test|cypress\s+run)\b"),
    "lint": re.compile(r"\blint\b|eslint|ruff|flake8|pylint|biome"),
    "type-check": re.compile(r"typecheck|type-check|\btsc\b|mypy|pyright"),
    "build": re.compile(r"\b(npm|pnpm|yarn|bun)\s+(run\s+)?build\b|vite build|next build|"
                        r"python -m build|docker (build|buildx)|uv build|poetry build"),
}
CHANGE_EVENTS = {"push", "pull_request", "pull_request_target", "merge_request"}
DEPLOY_STEP = re.compile(r"(?i)\bdeploy\b|vercel\b.*--prod|netlify\s+deploy|flyctl|fly\s+deploy|"
                         r"vercel-action|actions-netlify|gh-pages")
PREVIEW_PLATFORMS = {"vercel", "netlify", "render"}
ROLLBACK_DOCS = r"(?i)rollback|roll back|retour arrière|revenir en arrière|blue-green|canary"
FEATURE_FLAGS = r"(?i)feature[ _-]?flags?|featureFlags?|unleash|launchdarkly|growthbook|flagsmith|" \
                r"posthog\.isFeatureEnabled"


def _pipeline_files(ctx: CheckContext) -> pd.DataFrame:
    steps = repo_table(ctx, "ci_steps")
    return steps.drop_duplicates("path") if not steps.empty else steps


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
    pipelines, hosting = _pipeline_files(ctx), repo_table(ctx, "hosting")
    if pipelines.empty and hosting.empty:
        return failed("No pipeline and no deploy configuration: deploys are manual.")
    platforms = sorted(set(hosting.get("platform", [])))
    return passed(f"Builds and deploys are automated ({', '.join(platforms) or 'pipeline'}).",
                  file_refs(pipelines) + file_refs(hosting), platforms=platforms)


@check(
    id="ci_cd.quality_gates",
    criterion="ci_cd",
    looks_for=en_fr("A pipeline that runs tests, lint, type-check and build on every change.",
                    "Un pipeline qui lance tests, lint, vérification de types et build à chaque "
                    "changement."),
    level="production",
    severity="high",
    remediation=en_fr("Run test, lint, type-check and build on each pull request and make them "
                      "required before merge and deploy.", "Lancer test, lint, vérification de "
                      "types et build sur chaque pull request et les rendre obligatoires avant "
                      "merge et déploiement."),
    seed_section="10.6",
)
def quality_gates(ctx: CheckContext):
    steps, triggers = repo_table(ctx, "ci_steps"), repo_table(ctx, "ci_triggers")
    if steps.empty:
        return failed("No CI pipeline: nothing checks a change before it ships.")
    found = {gate: steps[steps["command"].map(lambda c, r=regex: bool(r.search(c)))]
             for gate, regex in GATES.items()}
    refs = [ref for rows in found.values() for ref in row_refs(rows.head(1), "command")]
    missing = [gate for gate, rows in found.items() if rows.empty]
    on_change = CHANGE_EVENTS & set(triggers.get("event", []))
    if missing:
        return failed(f"The pipeline does not gate on: {', '.join(missing)}.", refs, missing=missing)
    if not on_change:
        return failed("The pipeline runs tests, lint, type-check and build, but not on each push "
                      "or pull request.", refs)
    return passed(f"Each {' / '.join(sorted(on_change))} runs tests, lint, type-check and build.",
                  refs)


@check(
    id="ci_cd.deploy_gated",
    criterion="ci_cd",
    looks_for=en_fr("Deploy steps that run only after the quality gates pass.",
                    "Des étapes de déploiement qui ne tournent qu'après le succès des contrôles."),
    level="production",
    severity="high",
    remediation=en_fr("Make the deploy job depend on the test job (`needs: test`), or deploy from "
                      "the platform with the CI workflow as a required status check.", "Faire "
                      "dépendre le job de déploiement du job de test (`needs: test`), ou déployer "
                      "depuis la plateforme avec le workflow de CI comme vérification requise."),
    seed_section="10.6",
)
def deploy_gated(ctx: CheckContext):
    steps, jobs = repo_table(ctx, "ci_steps"), repo_table(ctx, "ci_jobs")
    deploys = steps[steps["command"].map(lambda c: bool(DEPLOY_STEP.search(c)))] \
        if not steps.empty else steps
    if deploys.empty:
        if repo_table(ctx, "hosting").empty:
            return inconclusive("No deploy step and no hosting configuration in the repository.")
        return inconclusive("The platform deploys on its own; whether it waits for CI (a required "
                            "status check) is set outside the repository: attest it with a link.")
    testing = steps[steps["command"].map(lambda c: bool(GATES["test"].search(c)))]
    gated_jobs = set(zip(testing["path"], testing["job"], strict=True))
    needs = {(row.path, row.job): set(row.needs) for row in jobs.itertuples(index=False)}

    def waits_for_tests(path: str, job: str, system: str) -> bool:
        """Same job, a job it `needs`, or (GitLab, whose stages run in order) any test job."""
        if system == "gitlab":
            return any(test_path == path for test_path, _ in gated_jobs)
        return bool({(path, name) for name in {job} | needs.get((path, job), set())} & gated_jobs)

    ungated = deploys[[not waits_for_tests(*row) for row in
                       zip(deploys["path"], deploys["job"], deploys["system"], strict=True)]]
    if not ungated.empty:
        return failed(f"{len(ungated)} deploy step(s) do not wait for the tests.",
                      row_refs(ungated, "command"))
    return passed("Every deploy step runs after the tests.", row_refs(deploys, "command"))


@check(
    id="ci_cd.preview_deploys",
    criterion="ci_cd",
    looks_for=en_fr("Preview deployments of each change before production.",
                    "Des déploiements de prévisualisation de chaque changement avant la "
                    "production."),
    level="production",
    remediation=en_fr("Deploy every pull request to a preview URL (Vercel and Netlify do it by "
                      "default) and review it there.", "Déployer chaque pull request sur une URL "
                      "de prévisualisation (Vercel et Netlify le font par défaut) et la relire "
                      "là."),
    seed_section="10.6",
)
def preview_deploys(ctx: CheckContext):
    hosting = repo_table(ctx, "hosting")
    platforms = hosting[hosting["platform"].isin(PREVIEW_PLATFORMS)] if not hosting.empty \
        else hosting
    refs = grep(ctx, r"(?i)preview", r"^\.github/workflows/|\.gitlab-ci\.yml$|^README", limit=3)
    if platforms.empty and not refs:
        return failed("No preview deployments: changes are first seen in production.")
    return passed("Changes are deployed to previews first.", file_refs(platforms) + refs)


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
    documented = grep(ctx, ROLLBACK_DOCS, r"\.(md|mdx|rst|txt)$", limit=5)
    flags = grep(ctx, FEATURE_FLAGS, r"\.([cm]?[jt]sx?|py)$", limit=5)
    if not documented and not flags:
        return failed("No rollback procedure or feature flags.")
    return passed("A rollback path exists"
                  f"{' (procedure written)' if documented else ''}"
                  f"{' (feature flags)' if flags else ''}.", documented + flags,
                  procedure=bool(documented), feature_flags=bool(flags))


MAX_TEST_RESULT_AGE_DAYS = 30


@check(
    id="ci_cd.recent_test_results",
    criterion="ci_cd",
    looks_for=en_fr(f"JUnit results younger than {MAX_TEST_RESULT_AGE_DAYS} days: the pipeline "
                    "really runs the tests, not only declares them.",
                    f"Des résultats JUnit de moins de {MAX_TEST_RESULT_AGE_DAYS} jours : le "
                    "pipeline lance vraiment les tests, il ne se contente pas de les déclarer."),
    level="production",
    severity="low",
    remediation=en_fr("Publish the JUnit report of every pipeline run as an artefact and give "
                      "the assessment the latest one.", "Publier le rapport JUnit de chaque "
                      "exécution du pipeline comme artefact et donner le dernier à l'évaluation."),
    seed_section="10.6",
    sources=("junit",),
)
def recent_test_results(ctx: CheckContext):
    latest = latest_test_run(ctx)
    if latest is None:
        return inconclusive("The JUnit reports carry no timestamp: their age is unknown.")
    age = max((ctx.as_of - latest).days, 0)
    refs = report_refs(ctx, "junit", excerpt=f"last run {latest.isoformat()}")
    if age > MAX_TEST_RESULT_AGE_DAYS:
        return failed(f"The latest test results are {age} days old ({latest.isoformat()}).", refs,
                      age_days=age)
    return passed(f"Tests ran {age} day(s) before {ctx.as_of.isoformat()}.", refs, age_days=age)
