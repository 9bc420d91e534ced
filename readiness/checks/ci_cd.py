"""Criterion 9, CI/CD: gates before deploy, previews, and a way back (§10.6)."""

from __future__ import annotations

import pandas as pd

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.artefacts import latest_test_run, report_refs
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    MAX_REFS,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    grep,
    matching_paths,
    named_script_refs,
    repo_table,
    script_bodies,
    spelled_out,
    step_refs,
    texts,
    workflow_events,
)
from readiness.checks.tests import TEST_RUNNERS, layers_not_run, on_each_change, test_steps
from readiness.model import EvidenceRef, Level

PRE_COMMIT = content_regex(r"\b(pre-commit\s+run|prek\s+run|pre-commit/action|prek-action|lefthook\s+run)")
GATES = {
    "test": TEST_RUNNERS,
    "lint": content_regex(
        # `check` as a command word (`pnpm check`, `npm run check:all`), not a name's first word
        # (`supabase functions deploy check-ai-usage-alert`)
        r"\blint\b|lint[-:]|eslint|ruff|flake8|pylint|biome|(^|\s)check($|\s|:)|golangci|clippy|"
        + PRE_COMMIT.pattern
    ),
    # TypeScript compilers that stop on a type error count: tsc, and the next / nest / ng builds.
    "type-check": content_regex(
        r"typecheck|type-check|check-types|types?:check|\btsc\b|mypy|pyright|vue-tsc|"
        r"svelte-check|(turbo|nx)\s+(run\s+)?check\b|\bnext build\b|\bnest build\b|"
        r"\bng build\b|nx\s+(run-many\s+)?.*(--target[= ]|-t\s+)?build"
    ),
    "build": content_regex(
        r"\b(npm|pnpm|yarn|bun)\s+(run\s+)?build\b|vite build|next build|"
        r"python -m build|docker (build|buildx)|uv build|poetry build"
    ),
}
GATES_FR = {
    "test": "tests",
    "lint": "lint",
    "type-check": "vérification de types",
    "build": "build",
    "e2e": "tests de bout en bout",
}
CHANGE_EVENTS = {"push", "pull_request", "pull_request_target", "merge_request"}
DEPLOY_STEP = content_regex(
    # `npm run deploy`, `firebase deploy`, `./deploy.sh`; not a path through a deploy/ folder
    # (`shellcheck deploy/docker/entrypoint.sh` checks scripts, it deploys nothing)
    r"(?i)(^|[^/\w.-])deploy([^/\w.-]|$)|deploy[\w-]*\.(sh|py|[cm]?js|ts)\b|"
    r"vercel\b.*--prod|netlify\s+deploy|flyctl|fly\s+deploy|vercel-action|actions-netlify|gh-pages|"
    # publishing the release image the hosting runs is the pipeline's delivery
    r"docker\s+push|helm\s+upgrade|kubectl\s+(apply|set\s+image)"
)
# Deploys of something other than the product: monitoring checks, docs, coverage, and
# migrations applied to the pipeline's own test database (`prisma migrate deploy`).
NOT_THE_APP = content_regex(
    r"(?i)\b(checkly|sentry-cli|codecov|storybook|docs?|mkdocs|gh-pages|chromatic)\b|"
    r"\bmigrate\s+deploy\b"
)


def ships_the_app(command: str) -> bool:
    """Whether a pipeline step deploys the product (DEPLOY_STEP), not one of its side services."""
    return bool(DEPLOY_STEP.search(command)) and not NOT_THE_APP.search(command)


# A deploy to a preview (`vercel deploy --target=preview`) puts nothing in front of users.
PREVIEW_DEPLOY = content_regex(r"(?i)--(target|environment)[= ]preview\b")
PULL_REQUEST_EVENTS = {"pull_request", "pull_request_target"}
# …unless it says production (`vercel deploy --prod` on a pull request ships the change untested).
TO_PRODUCTION = content_regex(r"(?i)--prod\b|production")
PREVIEW_PLATFORMS = {"vercel", "netlify", "render"}
PREVIEW_NAMED = (
    r"(?i)preview[ -]?(deploy\w*|environments?|url|builds?|channels?|branch\w*|apps?)\b|deploy[ -]previews?"
)
# Platforms that build and deploy each push of the linked repository by themselves; the others
# (Heroku's Procfile, fly.toml, firebase.json) deploy when someone runs their CLI.
AUTO_DEPLOY_PLATFORMS = {"vercel", "netlify", "render", "railway"}
ROLLBACK_DOCS = r"(?i)rollback|roll back|retour arrière|revenir en arrière|blue-green|canary"
FEATURE_FLAGS = (
    r"(?i)feature[ _-]?flags?|featureFlags?|unleash|launchdarkly|growthbook|flagsmith|"
    r"posthog\.isFeatureEnabled"
)


MANUAL_DEPLOY = (
    r"(?i)\b(deploy|déploi|heroku|vercel|netlify|fly\.io|render\.com|railway|"
    r"docker (build|run|compose up)|gunicorn|pm2|ENTRYPOINT|CMD|web:)"
)


def _pipeline_files(ctx: CheckContext) -> pd.DataFrame:
    steps = repo_table(ctx, "ci_steps")
    return steps.drop_duplicates("path") if not steps.empty else steps


@check(
    id="ci_cd.automated_pipeline",
    reads=("repositories.ci_steps", "repositories.files", "repositories.hosting", "repositories.packages"),
    criterion="ci_cd",
    looks_for=en_fr(
        "A way to ship: an automated pipeline, a platform's auto-deploy, or at least written deploy steps.",
        "Un moyen de livrer : un pipeline automatisé, "
        "l'auto-déploiement d'une plateforme, ou au moins des étapes de déploiement "
        "écrites.",
    ),
    level="prototype",
    remediation=en_fr(
        "Let a pipeline (GitHub Actions) or the platform build and deploy, never a laptop.",
        "Laisser un pipeline (GitHub Actions) ou la plateforme construire et déployer, jamais un portable.",
    ),
    seed_section="10.6",
)
def automated_pipeline(ctx: CheckContext):
    pipelines, hosting = _pipeline_files(ctx), repo_table(ctx, "hosting")
    if pipelines.empty and hosting.empty:
        manual = grep(
            ctx,
            MANUAL_DEPLOY,
            r"(^|/)(readme|deploy\w*|docs?/[^/]*)(\.(md|mdx|rst|txt))?$|"
            r"(^|/)(Procfile|Dockerfile|fly\.toml|app\.ya?ml|heroku\.yml)$",
            limit=3,
        )
        manual += _run_scripts(ctx)
        if manual:
            # Something builds or starts the app by hand: the seed's prototype practice (manual deploys).
            return passed(
                en_fr(
                    "No pipeline and no deploy configuration: deploys are manual (written "
                    "steps or a start or deploy script).",
                    "Ni pipeline ni "
                    "configuration de déploiement : les déploiements sont manuels (étapes "
                    "écrites ou script de démarrage ou de déploiement).",
                ),
                manual[:MAX_REFS],
            )
        return failed(
            en_fr(
                "No pipeline, no deploy configuration and no written deploy steps.",
                "Ni pipeline, ni configuration de déploiement, ni étapes de déploiement écrites.",
            )
        )
    platforms = sorted(set(hosting.get("platform", [])))
    shown = ", ".join(platforms) or "pipeline"
    return passed(
        en_fr(
            f"Builds and deploys are automated ({shown}).",
            f"Build et déploiement sont automatisés ({shown}).",
        ),
        file_refs(pipelines) + file_refs(hosting),
        platforms=platforms,
    )


# `start` and `deploy` scripts run the app where it is served; a bundler's `build`/`preview` alone
# (every Vite template has them) shows no deployment at all.
RUN_SCRIPT = content_regex(r"^(start|deploy)(:[\w-]+)?$")
APP_ENTRY = r"(^|/)(manage\.py|app\.py|main\.py|wsgi\.py|asgi\.py|streamlit_app\.py|server\.[jt]s)$"


def _run_scripts(ctx: CheckContext) -> list[EvidenceRef]:
    """Scripts that build, start or deploy the app by hand, and Python or Node entry points."""
    scripts = named_script_refs(ctx, lambda name: bool(RUN_SCRIPT.match(name)))
    return scripts + file_refs(matching_paths(ctx, APP_ENTRY))


def expanded_commands(ctx: CheckContext, steps: pd.DataFrame) -> pd.Series:
    """Each CI step's command with what it runs spelled out: the package scripts it calls and, for
    pre-commit/prek, the hooks of .pre-commit-config.yaml (mypy there is a type-check gate). The
    scripts and the hooks are read once for all the steps."""
    bodies = script_bodies(ctx)
    hooks = "\n".join(text for _source, path, text in texts(ctx) if path.endswith(".pre-commit-config.yaml"))
    return steps["command"].map(
        lambda command: (
            spelled_out(command, bodies) + (f"\n{hooks}" if hooks and PRE_COMMIT.search(command) else "")
        )
    )


def required_gates(ctx: CheckContext) -> list[str]:
    """Tests and lint always; a type-check where the stack has types to check (TypeScript)."""
    typed = (
        "typescript" in dependencies(ctx)
        or not repo_table(ctx, "files")
        .pipe(lambda f: f[f["path"].str.endswith("tsconfig.json")] if not f.empty else f)
        .empty
    )
    return ["test", "lint", *(["type-check"] if typed else [])]


@check(
    id="ci_cd.quality_gates",
    reads=(
        "repositories.ci_steps",
        "repositories.ci_triggers",
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="ci_cd",
    looks_for=en_fr(
        "A pipeline that runs tests, lint, type-check and build on every change.",
        "Un pipeline qui lance tests, lint, vérification de types et build à chaque changement.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Run test, lint, type-check and build on each pull request and make them "
        "required before merge and deploy.",
        "Lancer test, lint, vérification de "
        "types et build sur chaque pull request et les rendre obligatoires avant "
        "merge et déploiement.",
    ),
    seed_section="10.6",
)
def quality_gates(ctx: CheckContext):
    steps, triggers = repo_table(ctx, "ci_steps"), repo_table(ctx, "ci_triggers")
    if steps.empty:
        return failed(
            en_fr(
                "No CI pipeline: nothing checks a change before it ships.",
                "Aucun pipeline de CI : rien ne vérifie un changement avant sa mise en production.",
            )
        )
    steps = on_each_change(ctx, steps)
    if steps.empty:
        return failed(
            en_fr(
                "No pipeline runs on a change: the CI starts only by hand, on a timer or for a release.",
                "Aucun pipeline ne tourne à chaque changement : la CI ne part qu'à la main, "
                "à heure fixe ou pour une version.",
            ),
            shows=Level.PROTOTYPE,
        )
    expanded = expanded_commands(ctx, steps)
    found = {gate: steps[expanded.map(lambda c, r=regex: bool(r.search(c)))] for gate, regex in GATES.items()}
    refs = [ref for rows in found.values() for ref in step_refs(rows.head(1))]
    present = [gate for gate, rows in found.items() if not rows.empty]
    missing = [gate for gate in required_gates(ctx) if gate not in present]
    running = test_steps(ctx, steps)
    if not running.empty and "e2e" in layers_not_run(ctx, running):
        missing.append("e2e")  # LEVELS.md: a CI that misses the E2E gate is partial
    on_change = CHANGE_EVENTS & set(triggers.get("event", []))
    some = Level.PARTIAL if {"test", "lint"} & set(present) else None
    if missing:
        return failed(
            en_fr(
                f"The pipeline does not gate on: {', '.join(missing)}.",
                f"Le pipeline ne bloque pas sur : {', '.join(GATES_FR[gate] for gate in missing)}.",
            ),
            refs,
            shows=some,
            missing=missing,
        )
    if not on_change:
        return failed(
            en_fr(
                "The pipeline runs its gates, but not on each push or pull request.",
                "Le pipeline lance ses contrôles, mais pas à chaque push ni à chaque pull request.",
            ),
            refs,
            shows=some,
        )
    events = " / ".join(sorted(on_change))
    gates = ", ".join(present)
    return passed(
        en_fr(
            f"Each {events} runs {gates}.",
            f"Chaque {events} lance {', '.join(GATES_FR[g] for g in present)}.",
        ),
        refs,
        gates=present,
    )


def _pull_request_only(ctx: CheckContext) -> set[str]:
    """Workflows run for pull requests only: what they deploy is a preview of the change."""
    return {path for path, names in workflow_events(ctx).items() if names <= PULL_REQUEST_EVENTS}


@check(
    id="ci_cd.deploy_gated",
    reads=(
        "repositories.ci_jobs",
        "repositories.ci_steps",
        "repositories.ci_triggers",
        "repositories.hosting",
        "repositories.packages",
    ),
    criterion="ci_cd",
    looks_for=en_fr(
        "Deploy steps that run only after the quality gates pass.",
        "Des étapes de déploiement qui ne tournent qu'après le succès des contrôles.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Make the deploy job depend on the test job (`needs: test`), or deploy from "
        "the platform with the CI workflow as a required status check.",
        "Faire "
        "dépendre le job de déploiement du job de test (`needs: test`), ou déployer "
        "depuis la plateforme avec le workflow de CI comme vérification requise.",
    ),
    seed_section="10.6",
)
def deploy_gated(ctx: CheckContext):
    steps, jobs = repo_table(ctx, "ci_steps"), repo_table(ctx, "ci_jobs")
    previews = _pull_request_only(ctx)
    deploys = (
        steps[
            steps["command"].map(lambda c: ships_the_app(c) and not PREVIEW_DEPLOY.search(c))
            & ~(steps["path"].isin(previews) & ~steps["command"].map(lambda c: bool(TO_PRODUCTION.search(c))))
        ]
        if not steps.empty
        else steps
    )
    if deploys.empty:
        if repo_table(ctx, "hosting").empty:
            return failed(
                en_fr(
                    "No automated deploy: neither a deploy step nor a platform that "
                    "deploys on its own is defined.",
                    "Aucun déploiement automatisé : "
                    "ni étape de déploiement ni plateforme qui déploie d'elle-même.",
                )
            )
        if not AUTO_DEPLOY_PLATFORMS & set(repo_table(ctx, "hosting")["platform"]):
            return failed(
                en_fr(
                    "Deploy configuration only (Procfile, fly.toml, firebase.json): "
                    "someone runs the deploy by hand, no pipeline deploys.",
                    "Seulement une configuration de déploiement (Procfile, fly.toml, "
                    "firebase.json) : quelqu'un lance le déploiement à la main, aucun "
                    "pipeline ne déploie.",
                ),
                file_refs(repo_table(ctx, "hosting")),
            )
        return inconclusive(
            en_fr(
                "The platform deploys on its own; whether it waits for CI (a required "
                "status check) is set outside the repository: attest it with a link.",
                "La plateforme déploie d'elle-même ; qu'elle attende la CI "
                "(vérification requise) se règle hors du dépôt : l'attester avec "
                "un lien.",
            )
        )
    testing = test_steps(ctx, steps)
    gated_jobs = set(zip(testing["path"], testing["job"], strict=True))
    needs = {(row.path, row.job): set(row.needs) for row in jobs.itertuples(index=False)}

    def waits_for_tests(path: str, job: str, system: str) -> bool:
        """Same job, a job it `needs`, or (GitLab, Travis and CircleCI, whose stages or phases run
        in order) any test job of the same pipeline."""
        if system in ("gitlab", "travis", "circleci"):
            return any(test_path == path for test_path, _ in gated_jobs)
        return bool({(path, name) for name in {job} | needs.get((path, job), set())} & gated_jobs)

    ungated = deploys[
        [
            not waits_for_tests(*row)
            for row in zip(deploys["path"], deploys["job"], deploys["system"], strict=True)
        ]
    ]
    ungated = ungated[~ungated["path"].isin(_deployed_after_review(ctx, set(testing["path"])))]
    if not ungated.empty:
        return failed(
            en_fr(
                f"{len(ungated)} deploy step(s) do not wait for the tests.",
                f"{len(ungated)} étape(s) de déploiement n'attendent pas les tests.",
            ),
            step_refs(ungated),
        )
    return passed(
        en_fr(
            "Every deploy step runs after the tests.", "Chaque étape de déploiement tourne après les tests."
        ),
        step_refs(deploys),
    )


MERGE_EVENTS = {"push", "push_tag", "release", "workflow_dispatch", "workflow_run"}


def _deployed_after_review(ctx: CheckContext, test_paths: set[str]) -> set[str]:
    """Workflows that deploy only what reached a branch (push, release, manual) when the tests
    run on every pull request: the merge waits for the tests, so the deploy does too."""
    events = workflow_events(ctx)
    if not events:
        return set()
    events = _callers_events(ctx, events)
    if not any("pull_request" in events.get(path, set()) for path in test_paths):
        return set()
    return {path for path, on in events.items() if on and on <= MERGE_EVENTS}


def _callers_events(ctx: CheckContext, events: dict[str, set[str]]) -> dict[str, set[str]]:
    """A reusable workflow (``workflow_call``) runs on its callers' events: release.yml's tags
    for the docker.yml it calls (``uses: ./.github/workflows/docker.yml``)."""
    steps = repo_table(ctx, "ci_steps")
    resolved = dict(events)
    for path, on in events.items():
        if "workflow_call" in on and not steps.empty:
            callers = steps[steps["command"] == f"uses: ./{path}"]["path"]
            resolved[path] = (on - {"workflow_call"}).union(*(events.get(c, set()) for c in callers))
    return resolved


@check(
    id="ci_cd.preview_deploys",
    reads=("repositories.hosting",),
    criterion="ci_cd",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "Preview deployments of each change before production.",
        "Des déploiements de prévisualisation de chaque changement avant la production.",
    ),
    level="production",
    remediation=en_fr(
        "Deploy every pull request to a preview URL (Vercel and Netlify do it by "
        "default) and review it there.",
        "Déployer chaque pull request sur une URL "
        "de prévisualisation (Vercel et Netlify le font par défaut) et la relire "
        "là.",
    ),
    seed_section="10.6",
)
def preview_deploys(ctx: CheckContext):
    hosting = repo_table(ctx, "hosting")
    platforms = hosting[hosting["platform"].isin(PREVIEW_PLATFORMS)] if not hosting.empty else hosting
    # a preview deployment named, not Lovable's README promising "an instant preview" of the dev server
    refs = grep(ctx, PREVIEW_NAMED, r"^\.github/workflows/|\.gitlab-ci\.yml$|^README", limit=3)
    if platforms.empty and not refs:
        return failed(
            en_fr(
                "No preview deployments: changes are first seen in production.",
                "Aucun déploiement de prévisualisation : les changements se découvrent en production.",
            )
        )
    return passed(
        en_fr(
            "Changes are deployed to previews first.",
            "Les changements sont d'abord déployés en prévisualisation.",
        ),
        file_refs(platforms) + refs,
    )


@check(
    id="ci_cd.rollback",
    criterion="ci_cd",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "A rollback path: platform rollbacks, a documented procedure or feature flags.",
        "Un chemin de retour arrière : rollback de plateforme, procédure écrite ou feature flags.",
    ),
    level="production",
    remediation=en_fr(
        "Document how to roll back in 30 seconds (Vercel instant rollback, "
        "blue-green) and put risky features behind flags.",
        "Écrire comment "
        "revenir en arrière en 30 secondes (rollback Vercel, blue-green) et mettre "
        "les fonctionnalités risquées derrière des flags.",
    ),
    seed_section="10.6",
)
def rollback(ctx: CheckContext):
    documented = grep(ctx, ROLLBACK_DOCS, r"\.(md|mdx|rst|txt)$", limit=5)
    flags = grep(ctx, FEATURE_FLAGS, r"\.([cm]?[jt]sx?|py)$", limit=5)
    if not documented and not flags:
        return failed(
            en_fr("No rollback procedure or feature flags.", "Ni procédure de rollback ni feature flags.")
        )
    return passed(
        en_fr(
            "A rollback path exists"
            f"{' (procedure written)' if documented else ''}"
            f"{' (feature flags)' if flags else ''}.",
            "Un chemin de retour arrière existe"
            f"{' (procédure écrite)' if documented else ''}"
            f"{' (feature flags)' if flags else ''}.",
        ),
        documented + flags,
        procedure=bool(documented),
        feature_flags=bool(flags),
    )


MAX_TEST_RESULT_AGE_DAYS = 30


@check(
    id="ci_cd.recent_test_results",
    reads=("junit.cases",),
    criterion="ci_cd",
    evidences=False,
    looks_for=en_fr(
        f"JUnit results younger than {MAX_TEST_RESULT_AGE_DAYS} days: the pipeline "
        "really runs the tests, not only declares them.",
        f"Des résultats JUnit de moins de {MAX_TEST_RESULT_AGE_DAYS} jours : le "
        "pipeline lance vraiment les tests, il ne se contente pas de les déclarer.",
    ),
    level="production",
    severity="low",
    remediation=en_fr(
        "Publish the JUnit report of every pipeline run as an artefact and give "
        "the assessment the latest one.",
        "Publier le rapport JUnit de chaque "
        "exécution du pipeline comme artefact et donner le dernier à l'évaluation.",
    ),
    seed_section="10.6",
    sources=("junit",),
)
def recent_test_results(ctx: CheckContext):
    latest = latest_test_run(ctx)
    if latest is None:
        return inconclusive(
            en_fr(
                "The JUnit reports carry no timestamp: their age is unknown.",
                "Les rapports JUnit ne portent pas d'horodatage : leur âge est inconnu.",
            )
        )
    age = max((ctx.as_of - latest).days, 0)
    refs = report_refs(ctx, "junit", key="last_run", date=latest.isoformat())
    if age > MAX_TEST_RESULT_AGE_DAYS:
        return failed(
            en_fr(
                f"The latest test results are {age} days old ({latest.isoformat()}).",
                f"Les derniers résultats de tests datent de {age} jours ({latest.isoformat()}).",
            ),
            refs,
            age_days=age,
        )
    return passed(
        en_fr(
            f"Tests ran {age} day(s) before {ctx.as_of.isoformat()}.",
            f"Les tests ont tourné {age} jour(s) avant le {ctx.as_of.isoformat()}.",
        ),
        refs,
        age_days=age,
    )
