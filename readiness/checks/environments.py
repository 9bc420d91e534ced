"""Criterion 10, environments: dev, staging and prod kept apart, every variable documented (§10.4)."""

from __future__ import annotations

import json
import logging

import pandas as pd
import re2

from readiness.checks import CheckContext, check, failed, inconclusive, not_applicable, passed
from readiness.checks.ci_cd import NOT_THE_APP, ships_the_app
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    DOCUMENTATION_PATH,
    ENV_LINE,
    MAX_REFS,
    dependencies,
    en_fr,
    file_refs,
    grep,
    is_production_code_path,
    matching_paths,
    non_test_rows,
    ref_at,
    repo_table,
    root_scripts,
    row_refs,
    said_ref,
    texts,
)
from readiness.model import EvidenceRef
from readiness.sentry_metrics import UNLABELLED, environments, is_production

log = logging.getLogger(__name__)

PLATFORM_VARIABLES = {
    "NODE_ENV",
    "MODE",
    "DEV",
    "PROD",
    "SSR",
    "BASE_URL",
    "CI",
    "PORT",
    "HOME",
    "PATH",
    "PWD",
    "TZ",
    "LANG",
    "VERCEL",
    "VERCEL_ENV",
    "VERCEL_URL",
    "NETLIFY",
    "GITHUB_ACTIONS",
    "PYTHONPATH",
    "DEBUG",
    "NODE_PATH",
    "PUBLIC_URL",
    "NEXT_RUNTIME",
    "NEXT_PHASE",
    "K_SERVICE",
    # Google Cloud's runtimes (Cloud Functions, Cloud Run) set these for the code they run
    "K_REVISION",
    "K_CONFIGURATION",
    "GCLOUD_PROJECT",
    "GCP_PROJECT",
    "GOOGLE_CLOUD_PROJECT",
    "FIREBASE_CONFIG",
    "FUNCTION_TARGET",
    "FUNCTIONS_EMULATOR",
}
# Set by the platform or the runner for every deployment or run (VERCEL_GIT_COMMIT_SHA,
# RAILWAY_ENVIRONMENT, VITEST_POOL_ID, PYTEST_CURRENT_TEST): nobody writes them into an env file.
PLATFORM_PREFIXES = (
    "VERCEL_",
    "NEXT_PUBLIC_VERCEL_",
    "RAILWAY_",
    "RENDER_",
    "FLY_",
    "GITHUB_",
    "VITEST_",
    "JEST_",
    "PYTEST_",  # PYTEST_CURRENT_TEST, PYTEST_XDIST_WORKER: pytest sets them for the test it runs
    "npm_package_",  # npm_package_version: npm hands the manifest to the scripts it runs
    "npm_config_",
    "npm_lifecycle_",
    "AWS_LAMBDA_",  # AWS_LAMBDA_FUNCTION_NAME: Lambda sets it, and Vercel's functions run on Lambda
)
DEV_CONFIG = (
    r"(^|/)\.env\.(development|dev|local)(\.[\w-]+)?$|(^|/)(config|settings)/"
    r"(dev|development|local)\.[\w]+$|(^|/)supabase/config\.toml$"
)
# A hosted Supabase project's URL, its reference (the project) captured.
SUPABASE_PROJECT_URL = r"https://(?P<project>[a-z0-9]{20})\.supabase\.co"
PRODUCTION_VALUE = (
    rf"(?i){SUPABASE_PROJECT_URL}|\b[\w.-]*prod[\w.-]*\.(com|io|app|fr|"
    r"net|co)\b|\bsk_live_|\bpk_live_|\bservice_role\b"
)


ENV_EXAMPLE = r"(^|/)(\.env(\.[\w-]+)*\.(example|sample|template|dist)|\.example\.env|env[-.]example[\w.-]*)$"
SETTINGS_MODULES = (
    r"(^|/)(settings|config|configs)(/[\w-]+)?\.(py|[cm]?[jt]s|ya?ml|toml|json)$|"
    r"(^|/)(settings|config)/|(^|/)env\.(mjs|[cm]?[jt]s|py)$"
)


@check(
    id="environments.configuration",
    reads=("repositories.env_reads", "repositories.files"),
    criterion="environments",
    looks_for=en_fr(
        "Configuration read from the environment (variables, settings modules), so the "
        "same code can run in more than one place.",
        "Une configuration lue dans l'environnement (variables, modules de réglages), "
        "pour que le même code puisse tourner à plusieurs endroits.",
    ),
    level="prototype",
    remediation=en_fr(
        "Read URLs and keys from environment variables instead of writing them in the code.",
        "Lire URL et clés dans des variables d'environnement plutôt que de les écrire dans le code.",
    ),
    seed_section="10.4",
)
def configuration(ctx: CheckContext):
    reads = non_test_rows(repo_table(ctx, "env_reads"))
    files = matching_paths(ctx, ENV_EXAMPLE + "|" + SETTINGS_MODULES + r"|(^|/)\.env$")
    if reads.empty and files.empty:
        return failed(
            en_fr(
                "No configuration of any kind: nothing can run anywhere but where it was written.",
                "Aucune configuration : rien ne peut tourner ailleurs que là où ça a été écrit.",
            )
        )
    return passed(
        en_fr(
            f"Configuration comes from the environment ({len(set(reads.get('name', [])))} variable(s) read).",
            "La configuration vient de l'environnement (variables "
            f"lues : {len(set(reads.get('name', [])))}).",
        ),
        row_refs(reads.drop_duplicates("name"), "name") + file_refs(files),
    )


@check(
    id="environments.env_example",
    reads=("repositories.files",),
    criterion="environments",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "A `.env.example` listing the variables the app needs.",
        "Un `.env.example` qui liste les variables dont l'appli a besoin.",
    ),
    level="prototype",
    remediation=en_fr(
        "Commit a .env.example with every variable name and no value.",
        "Versionner un .env.example avec chaque nom de variable et aucune valeur.",
    ),
    seed_section="10.4",
)
def env_example(ctx: CheckContext):
    found = matching_paths(ctx, ENV_EXAMPLE)
    if found.empty:
        return failed(
            en_fr(
                "No .env.example: nobody knows which variables to set.",
                "Aucun .env.example : personne ne sait quelles variables d'environnement renseigner.",
            )
        )
    return passed(
        en_fr(
            "Variables are documented in an example file.",
            "Les variables d'environnement sont documentées dans un fichier d'exemple.",
        ),
        file_refs(found),
    )


# An env file the team commits on purpose (Create React App's .env and .env.development, holding
# only flags and public URLs) documents the variables it sets as an example file does.
COMMITTED_ENV_FILE = re2.compile(r"(^|/)\.env(\.[\w-]+)*$")


def _committed_env_names(ctx: CheckContext) -> set[str]:
    return {
        name
        for _source, path, text in texts(ctx)
        if COMMITTED_ENV_FILE.search(path)
        for name, _value in ENV_LINE.findall(text)
    }


@check(
    id="environments.env_documented",
    reads=("repositories.env_examples", "repositories.env_reads", "repositories.files"),
    criterion="environments",
    caps=False,
    evidences=False,
    looks_for=en_fr(
        "Every environment variable the code reads listed in a `.env.example`.",
        "Chaque variable d'environnement lue par le code listée dans un `.env.example`.",
    ),
    level="partial",
    remediation=en_fr(
        "Add each missing name to .env.example (without its value), with a comment saying where to get it.",
        "Ajouter chaque nom manquant au .env.example "
        "(sans sa valeur), avec un commentaire disant où l'obtenir.",
    ),
    seed_section="10.4",
)
def env_documented(ctx: CheckContext):
    reads = non_test_rows(repo_table(ctx, "env_reads"))
    reads = (
        reads[~reads["name"].isin(PLATFORM_VARIABLES) & ~reads["name"].str.startswith(PLATFORM_PREFIXES)]
        if not reads.empty
        else reads
    )
    if reads.empty:
        return not_applicable(
            en_fr(
                "The code reads no environment variable by name.",
                "Le code ne lit aucune variable d'environnement par son nom.",
            )
        )
    documented = set(repo_table(ctx, "env_examples").get("name", [])) | _committed_env_names(ctx)
    missing = reads[~reads["name"].isin(documented)].drop_duplicates("name")
    names = sorted(set(reads["name"]))
    if not missing.empty:
        listed = ", ".join(sorted(missing["name"]))
        return failed(
            en_fr(
                f"{len(missing)} of {len(names)} variables read by the code are not in "
                f"any .env.example: {listed}.",
                "Variables d'environnement lues par le code absentes de tout "
                f".env.example ({len(missing)} sur {len(names)}) : {listed}.",
            ),
            row_refs(missing, "name"),
            missing=sorted(missing["name"]),
        )
    return passed(
        en_fr(
            f"All {len(names)} variables read by the code are documented.",
            f"Toutes les variables d'environnement lues par le code sont documentées ({len(names)}).",
        ),
        row_refs(reads.drop_duplicates("name"), "name"),
        variables=names,
    )


MIGRATION_PATH = re2.compile(r"(^|/)(migrations|alembic|versions)/")
LOCAL_ENV_FILE = re2.compile(r"(^|/)\.env\.local(\.[\w-]+)?$")
SEPARATE_FILES = (
    r"(^|/)\.env[.-](development|production|dev|prod|local|test)(\.[\w-]+)?$|"
    r"(^|/)(config|settings)/(dev|development|local|prod|production)\.|"
    r"(^|/)(dev|development|local|prod|production)[-_.]?settings\.py$|"
    r"(^|/)(docker-)?compose[.-](dev|development|local|prod|production|"
    r"override)[\w.-]*\.ya?ml$|(^|/)\.env\.local\.example$"
)
# One compose file, a firebase.json or an emulator started for functions alone is a single
# environment (LEVELS.md: "dev = prod" is prototype); these show the app told where it runs.
# Code that names where it runs: enough for an app with its own database, whose development
# copy is local; not for one on a hosted backend (Supabase, Firebase), where the question is
# whether development has a backend of its own.
ENVIRONMENT_NAMES = (
    r"\b(APP_ENV|FLASK_ENV|DJANGO_SETTINGS_MODULE|RAILS_ENV|VERCEL_ENV|DJANGO_DEBUG)\b|"
    r"\b(env\.|environ\[?['\"]?|getenv\(['\"])STAGE\b|"
    r"class \w*(Development|Production|Testing|Local)(Config|Settings)\b"
)
SINGLE_DJANGO_SETTINGS = re2.compile(
    r"setdefault\(\s*['\"]DJANGO_SETTINGS_MODULE['\"]\s*,\s*['\"][\w.]*\bsettings['\"]\s*\)"
)
DEBUG_ALWAYS_ON = r"(?m)^DEBUG\s*=\s*True\s*(#.*)?$"
# Emulators connected by a call; the call quoted in an error message (Firebase's own list of auth
# errors: "…Try calling 'connectAuthEmulator()' sooner.") connects nothing.
LOCAL_BACKEND_CODE = r"sqlite:///|(^|[^'\"`\w])connect\w*Emulator\(|\buseEmulator\(|supabase start"
# A backend's variable set to a local server in an example file or a package script.
LOCAL_BACKEND_VALUE = (
    r"(?i)(SUPABASE|DATABASE|DB|POSTGRES|PG|MYSQL|MONGO|FIREBASE|FIRESTORE|REDIS)\w*\s*=\s*['\"]?"
    r"[\w+.:/@\[\]-]*(localhost|127\.0\.0\.1|0\.0\.0\.0)|sqlite:"
)
# A client created with a hosted project's URL written in the code, not read from the environment.
BOUND_PROJECT = rf"(SUPABASE_URL\s*=\s*|createClient\(\s*)['\"`]{SUPABASE_PROJECT_URL}"
HOSTED_BACKENDS = {"@supabase/supabase-js", "@supabase/ssr", "firebase"}
# Their server-side clients (Python's supabase, the Admin SDKs): a container of one's own still
# talks to the one hosted project.
HOSTED_BACKEND_CLIENTS = {"supabase", "firebase-admin", "pyrebase4"}


@check(
    id="environments.dev_prod_separated",
    reads=(
        "repositories.files",
        "repositories.imports",
        "repositories.hosting",
        "repositories.ci_steps",
        *DEPENDENCY_TABLES,
    ),
    criterion="environments",
    looks_for=en_fr(
        "Development and production configured separately.",
        "Développement et production configurés séparément.",
    ),
    level="partial",
    remediation=en_fr(
        "Give development its own Supabase project and keys; never point a laptop at production data.",
        "Donner au développement son propre projet "
        "Supabase et ses clés ; ne jamais brancher un portable sur les données de "
        "production.",
    ),
    seed_section="10.4",
)
def dev_prod_separated(ctx: CheckContext):
    found = grep(ctx, BOUND_PROJECT, r"\.[cm]?[jt]sx?$", limit=50, skip_tests=True)
    bound = _bound_in_builds(ctx, found)[:2]
    if bound:
        # Lovable's generated client.ts: whatever the env files say, every build talks to one project.
        return failed(
            en_fr(
                "The Supabase client is bound in the code to one hosted project: development, "
                "previews and production all use it.",
                "Le client Supabase est lié dans le code à un seul projet hébergé : développement, "
                "préversions et production l'utilisent tous.",
            ),
            bound,
        )
    hosted = bool(HOSTED_BACKENDS & dependencies(ctx))
    files = matching_paths(ctx, SEPARATE_FILES)
    if hosted and not files.empty:
        # `.env.local` is where a hosted project's keys go on each machine: the same project.
        files = files[~files["path"].map(lambda p: bool(LOCAL_ENV_FILE.search(p)))]
        shared = _shared_project_files(ctx)
        files = files[~files["path"].isin(shared)]
    files = pd.concat([files, _local_supabase_seeds(ctx)])
    local = (
        grep(ctx, LOCAL_BACKEND_VALUE, ENV_EXAMPLE + r"|(^|/)package\.json$", limit=2)
        if hosted
        else grep(ctx, r"localhost|127\.0\.0\.1|sqlite:|=\s*['\"]?file:", ENV_EXAMPLE, limit=2)
    )
    code = local + grep(
        ctx,
        LOCAL_BACKEND_CODE if hosted else f"{ENVIRONMENT_NAMES}|{LOCAL_BACKEND_CODE}",
        r"\.(py|[cm]?[jt]sx?|json|ya?ml|toml|example|sample|template)$|"
        r"(^|/)\.env[\w.-]*$",
        limit=5,
        skip_tests=True,
    )
    # Django's generated manage.py / wsgi.py point at the one settings module; when that module
    # hard-codes DEBUG = True, there is no second environment to point at
    if grep(ctx, DEBUG_ALWAYS_ON, r"(^|/)settings[^/]*\.py$", limit=1):
        code = [ref for ref in code if not SINGLE_DJANGO_SETTINGS.search(ref.excerpt or "")]
    code += firebase_aliases(ctx) + environment_sections(ctx) + _local_backend_started(ctx)
    if not (HOSTED_BACKENDS | HOSTED_BACKEND_CLIENTS) & dependencies(ctx):
        code += _development_stack(ctx)
    if not files.empty or code:
        return passed(
            en_fr(
                "Development and production are configured apart.",
                "Développement et production sont configurés séparément.",
            ),
            file_refs(files) + code,
        )
    return failed(
        en_fr(
            "Development and production share one configuration.",
            "Développement et production partagent une même configuration.",
        )
    )


def _bound_in_builds(ctx: CheckContext, refs: list[EvidenceRef]) -> list[EvidenceRef]:
    """The references that bind what the product builds to one project. A developer's script that
    names the live project (em-clinic's scripts/check-12-detail.mjs) inspects production by hand;
    one that writes the project's URL into the env files (booktifi's update-supabase-env.js) does
    configure development on it."""
    by_hand = root_scripts(ctx)
    scripts = {ref.path for ref in refs if not is_production_code_path(ref.path or "") or ref.path in by_hand}
    writers = {path for _source, path, text in texts(ctx) if path in scripts and WRITES_ENV_FILE.search(text)}
    return [ref for ref in refs if ref.path not in scripts or ref.path in writers]


# A script that writes env files: `writeFileSync('.env', …)` or a path to one written later.
WRITES_ENV_FILE = re2.compile(r"(?s)writeFile(Sync)?\(.*\.env|\.env.*writeFile(Sync)?\(")


SUPABASE_PROJECT = re2.compile(SUPABASE_PROJECT_URL)
DEVELOPMENT_ENV = re2.compile(f"{DEV_CONFIG}|{ENV_EXAMPLE}")
ENV_CONFIGS = re2.compile(f"{SEPARATE_FILES}|{DEV_CONFIG}|{ENV_EXAMPLE}")


def _shared_project_files(ctx: CheckContext) -> set[str]:
    """Env files that name only a hosted project the development configuration names too
    (clinicai's .env.production and its .env.local.example both on one project): however the
    files are named, development and production are one backend."""
    projects = {
        path: set(SUPABASE_PROJECT.findall(text))
        for _source, path, text in texts(ctx)
        if ENV_CONFIGS.search(path)
    }
    development = {path for path in projects if DEVELOPMENT_ENV.search(path)}
    in_development = set().union(*(projects[path] for path in development))
    return {
        path
        for path, named in projects.items()
        if path not in development and named and named <= in_development
    }


# A container set up for development: a dev container, or a compose service that mounts the
# source tree into the container (`.:/app`, `../..:/workspaces`) or builds a development target.
DEV_CONTAINER = r"(^|/)\.devcontainer(/devcontainer)?\.json$"
COMPOSE_FILE = r"(^|/)(docker-)?compose\.ya?ml$"
SOURCE_MOUNTED = (
    r"^\s*-\s*['\"]?(\.{1,2}/?)+:/|^\s*-\s*['\"]?\./[\w-]+/?:/(app|code|src|usr/src|workspaces?)\b|"
    r"^\s*target:\s*['\"]?(dev|development|local)['\"]?\s*$|"
    r"^\s*dockerfile:\s*\S*Dockerfile[.-](dev|development|local)\b"
)


def _development_stack(ctx: CheckContext) -> list[EvidenceRef]:
    """For a product with its own database, a development container beside a deployment: the
    developers run a copy of their own (a dev container; a compose stack mounting the source),
    while production is deployed from a pipeline or a hosting platform. A compose stack that is
    the only way the product runs (nothing deployed elsewhere) is one environment."""
    containers = file_refs(matching_paths(ctx, DEV_CONTAINER))[:1]
    stack = grep(ctx, SOURCE_MOUNTED, COMPOSE_FILE, limit=1, skip_tests=True)
    deployed = not repo_table(ctx, "hosting").empty or _deploy_steps(ctx)
    return containers + (stack if deployed else [])


def _deploy_steps(ctx: CheckContext) -> bool:
    """Whether a pipeline ships the product: a deploy command, a release image built and pushed,
    a server reached over SSH, or a workflow named for deploying."""
    steps = repo_table(ctx, "ci_steps")
    if steps.empty:
        return False
    ships = steps["command"].map(
        lambda c: ships_the_app(c) or (bool(SHIPPING_ACTION.search(c)) and not NOT_THE_APP.search(c))
    )
    return bool(ships.any() or steps["path"].map(lambda p: bool(DEPLOY_WORKFLOW.search(p))).any())


SHIPPING_ACTION = re2.compile(r"docker/build-push-action|appleboy/ssh-action|easingthemes/ssh-deploy")
DEPLOY_WORKFLOW = re2.compile(r"(?i)(^|/)(deploy|cd|release)[\w-]*\.ya?ml$")


LOCAL_BACKEND_START = re2.compile(r"\bsupabase\s+(start|db\s+start)\b|\bfirebase\s+emulators:start\b")
START_DOCUMENTED = re2.compile(r"\.(md|mdx|rst|txt|sh)$|(^|/)\.env[\w.-]*$|(^|/)package\.json$")


def _local_backend_started(ctx: CheckContext) -> list[EvidenceRef]:
    """Where the team starts a local copy of its hosted backend (`supabase start`, the Firebase
    emulators): in a guide, a script or a comment of the example env file, comments included."""
    refs = []
    for source, path, text in texts(ctx):
        match = LOCAL_BACKEND_START.search(text) if START_DOCUMENTED.search(path) else None
        if match and not _emulates_no_data(text[match.end() : text.find("\n", match.end())]):
            refs.append(ref_at(source, path, text, match.start(), match.group(0)))
    return refs[:3]


EMULATED_ONLY = re2.compile(r"--only[= ]([\w,]+)")
DATA_EMULATORS = re2.compile(r"firestore|database|auth|storage")


def _emulates_no_data(rest_of_line: str) -> bool:
    """`firebase emulators:start --only functions` (the Functions template's `serve` script) runs the
    functions against the hosted project's data: no development backend of its own."""
    only = EMULATED_ONLY.search(rest_of_line)
    return bool(only) and not DATA_EMULATORS.search(only.group(1))


def _local_supabase_seeds(ctx: CheckContext) -> pd.DataFrame:
    """A seed.sql beside the Supabase CLI's config.toml: the local database `supabase start` fills.
    Alone, a seed.sql is a script pasted into the hosted project's editor; alone, a config.toml
    (Lovable commits one with its project id) links the hosted project."""
    seeds = matching_paths(ctx, r"(^|/)supabase/seed\.sql$")
    configs = set(matching_paths(ctx, r"(^|/)supabase/config\.toml$")["path"])
    return seeds[seeds["path"].map(lambda p: p[: -len("seed.sql")] + "config.toml" in configs)]


SECTIONED_CONFIG = re2.compile(r"(?i)(^|/)(config|database|settings)[\w-]*\.json(\.(example|sample|dist))?$")


def environment_sections(ctx: CheckContext) -> list[EvidenceRef]:
    """A JSON configuration with a "development" and a "production" section (codimd's
    config.json.example, Sequelize's config/config.json): each environment has its own settings."""
    refs = []
    for source, path, text in texts(ctx):
        if not SECTIONED_CONFIG.search(path):
            continue
        try:
            config = json.loads(text)
        except json.JSONDecodeError as exc:
            log.info("unreadable configuration", extra={"path": path, "reason": type(exc).__name__})
            continue
        if isinstance(config, dict) and {"development", "production"} <= config.keys():
            refs.append(EvidenceRef(source=source, path=path, excerpt="development, production"))
    return refs


def firebase_aliases(ctx: CheckContext) -> list[EvidenceRef]:
    """A .firebaserc naming two or more projects (`firebase use dev|prod`): separate backends."""
    refs = []
    for source, path, text in texts(ctx):
        if path.rsplit("/", 1)[-1] == ".firebaserc":
            try:
                projects = json.loads(text).get("projects", {})
            except (json.JSONDecodeError, AttributeError) as exc:
                log.info("unreadable .firebaserc", extra={"path": path, "reason": type(exc).__name__})
                continue
            if isinstance(projects, dict) and len(set(projects.values())) >= 2:
                refs.append(said_ref(source, "projects", path, names=", ".join(projects)))
    return refs


@check(
    id="environments.no_production_in_development",
    reads=("repositories.files",),
    criterion="environments",
    evidences=False,
    looks_for=en_fr(
        "Production URLs or keys written in development configuration.",
        "Des URL ou clés de production écrites dans la configuration de développement.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Point development at a local stack (supabase start) or a dev project; keep "
        "production values only in the platform's production scope.",
        "Faire "
        "pointer le développement vers une pile locale (supabase start) ou un projet "
        "de dev ; ne garder les valeurs de production que dans la portée "
        "production de la plateforme.",
    ),
    seed_section="10.4",
)
def no_production_in_development(ctx: CheckContext):
    dev_files = matching_paths(ctx, DEV_CONFIG)
    if dev_files.empty:
        return not_applicable(
            en_fr(
                "No development configuration file in the repository.",
                "Aucun fichier de configuration de développement dans le dépôt.",
            )
        )
    leaks = grep(ctx, PRODUCTION_VALUE, DEV_CONFIG)
    if leaks:
        shown = [said_ref(ref.source, "production_value", ref.path, ref.line) for ref in leaks]
        return failed(
            en_fr(
                f"{len(leaks)} production value(s) in development configuration.",
                f"{len(leaks)} valeur(s) de production dans la configuration de développement.",
            ),
            shown,
        )
    return passed(
        en_fr(
            "Development configuration points at no production service.",
            "La configuration de développement ne pointe vers aucun service de production.",
        ),
        file_refs(dev_files),
    )


NOT_YET = re2.compile(r"(?i)\((optional|planned|future|to ?do|later|facultati\w*|à venir|opcional)\)")


@check(
    id="environments.staging",
    reads=(
        "repositories.files",
        *DEPENDENCY_TABLES,
        "repositories.sql_statements",
        "repositories.supabase_settings",
    ),
    criterion="environments",
    looks_for=en_fr(
        "A staging environment between development and production.",
        "Un environnement de staging entre développement et production.",
    ),
    level="production",
    remediation=en_fr(
        "Add a staging environment (its own Supabase project, a Vercel preview or "
        "branch deploy) where releases are tried on realistic data.",
        "Ajouter un environnement de staging (projet Supabase dédié, preview ou "
        "branche Vercel) où les versions sont essayées sur des données réalistes.",
    ),
    seed_section="10.4",
)
def staging(ctx: CheckContext):
    files = matching_paths(
        ctx,
        r"(^|/)\.env\.staging|staging\.(ya?ml|json|toml|py|tf)$|"
        r"(^|/)(staging|stage)/|[-_.]staging(\.(ya?ml|json|toml|conf))?$|"
        # a pipeline that deploys to a pre-production target of its own (deploy-to-alpha.yml)
        r"(^|/)\.github/workflows/[\w.-]*deploy[\w.-]*[-_.](alpha|staging|stage|preprod|pre-prod|uat|qa)"
        r"[-_.][\w.-]*ya?ml$",
    )
    # A migration that drops a feature named "staging" (0124_remove_staging.py) is no environment, nor
    # is a document about one: seikotsuin's docs/…/staging/README.md ("Status: NOT_RUN") and its
    # release gates' YAML planning `environment: staging`.
    files = (
        files[~files["path"].map(lambda p: bool(MIGRATION_PATH.search(p) or DOCUMENTATION_PATH.search(p)))]
        if not files.empty
        else files
    )
    refs = [
        ref
        for ref in grep(
            ctx,
            r"(?i)\benvironment:\s*['\"]?staging|--env[= ]staging|\bSTAGING_[A-Z_]+|"
            r"\bstaging\b.*(deploy|environment|url)|"
            # a staging branch the pipeline or the platform builds (vercel.json's ignoreCommand)
            r"(\bbranch(es)?\b|COMMIT_REF\b)[^\n]*[\"'\[ ]staging\b",
            r"\.(ya?ml|json|toml|tf)$|(^|/)\.github/",
            limit=100,
        )
        if not DOCUMENTATION_PATH.search(ref.path or "")
    ][:MAX_REFS]
    # A deployment guide that describes its staging server under a heading of its own; a step the
    # heading calls optional or still to come (MedFlow's "Pre-Production (Optional)" to-do list) is
    # no environment that exists.
    refs += [
        ref
        for ref in grep(
            ctx,
            r"(?i)^#{1,6}\s+(staging|stage|pre-?production)( (server|environment|site))?\s*([(:][^\n]*)?$",
            r"\.(md|mdx|rst)$",
            prose_only=True,
        )
        if not NOT_YET.search(ref.excerpt or "")
    ]
    if not files.empty or refs:
        return passed(
            en_fr("A staging environment exists.", "Un environnement de staging existe."),
            file_refs(files) + refs,
        )
    return failed(
        en_fr(
            "No staging environment: releases go from a laptop straight to users.",
            "Aucun environnement de staging : les versions passent directement d'un "
            "portable aux utilisateurs.",
        )
    )


def sentry_environments(ctx: CheckContext):
    """Per-environment counts and releases across every Sentry table."""
    return environments(
        *(ctx.evidence.table("sentry", name) for name in ("events", "transactions", "sessions"))
    )


@check(
    id="environments.sentry_environments_separated",
    reads=("sentry.events", "sentry.sessions", "sentry.transactions"),
    criterion="environments",
    looks_for=en_fr(
        "Sentry events tagged by environment, production apart from staging and development.",
        "Des événements Sentry étiquetés par environnement, la "
        "production séparée du staging et du développement.",
    ),
    level="partial",
    remediation=en_fr(
        "Set `environment` in Sentry.init from the build (VITE_APP_ENV: production, "
        "staging, development) so a staging crash never pages anyone as production.",
        "Renseigner `environment` dans Sentry.init depuis le build (VITE_APP_ENV : "
        "production, staging, development) pour qu'un crash de staging ne passe "
        "jamais pour de la production.",
    ),
    seed_section="10.4",
    sources=("sentry",),
)
def sentry_environments_separated(ctx: CheckContext):
    table = sentry_environments(ctx)
    if table.empty:
        return inconclusive(
            en_fr(
                "The Sentry evidence holds no event, transaction or session to tell environments apart.",
                "Les preuves Sentry ne contiennent "
                "aucun événement, transaction ou session pour distinguer les "
                "environnements.",
            )
        )
    names = set(table["environment"])
    production = sorted(n for n in names if is_production(n))
    others = sorted(names - set(production) - {UNLABELLED})
    data = {"environments": sorted(names)}
    if UNLABELLED in names:
        return failed(
            en_fr(
                "Some Sentry events carry no environment: production and test errors mix.",
                "Des événements Sentry ne portent aucun environnement : les "
                "erreurs de production et de test se mélangent.",
            ),
            **data,
        )
    if not production:
        return failed(
            en_fr(
                f"No Sentry environment is production (only {', '.join(others)}).",
                f"Aucun environnement Sentry n'est la production (seulement {', '.join(others)}).",
            ),
            **data,
        )
    if not others:
        return failed(
            en_fr(
                "Only production reports to Sentry: other environments are unmonitored "
                "or report as production.",
                "Seule la production remonte au "
                "monitoring Sentry : les autres environnements ne sont pas surveillés "
                "ou se déclarent comme production.",
            ),
            **data,
        )
    return passed(
        en_fr(
            f"Sentry separates {', '.join(production)} from {', '.join(others)}.",
            f"Sentry sépare {', '.join(production)} de {', '.join(others)}.",
        ),
        **data,
    )


@check(
    id="environments.sentry_releases_staged",
    reads=("sentry.events", "sentry.sessions", "sentry.transactions"),
    criterion="environments",
    looks_for=en_fr(
        "Every release seen in production by Sentry was seen in staging first.",
        "Chaque version vue en production par Sentry est d'abord passée par le staging.",
    ),
    level="production",
    remediation=en_fr(
        "Promote builds: deploy the same release to staging, watch Sentry, then promote it to production.",
        "Promouvoir les builds : déployer la même "
        "version en staging, surveiller Sentry, puis la promouvoir en production.",
    ),
    seed_section="10.4",
    sources=("sentry",),
)
def sentry_releases_staged(ctx: CheckContext):
    table = sentry_environments(ctx)
    releases = {
        row.environment: set(filter(None, row.releases.split(", "))) for row in table.itertuples(index=False)
    }
    production = set().union(*(r for env, r in releases.items() if is_production(env)))
    staged = set().union(*(r for env, r in releases.items() if not is_production(env)))
    if not production:
        return inconclusive(
            en_fr(
                "The Sentry evidence names no production release.",
                "Les preuves Sentry ne nomment aucune version de production.",
            )
        )
    if not staged:
        return inconclusive(
            en_fr(
                "No non-production environment reports releases to Sentry.",
                "Aucun environnement hors production ne remonte de version à Sentry.",
            )
        )
    unstaged = sorted(production - staged)
    data = {"production_releases": sorted(production), "staging_releases": sorted(staged)}
    if unstaged:
        return failed(
            en_fr(
                f"Production runs release(s) staging never ran: {', '.join(unstaged)}.",
                "La production fait tourner des versions jamais passées par le "
                f"staging : {', '.join(unstaged)}.",
            ),
            unstaged=unstaged,
            **data,
        )
    return passed(
        en_fr(
            "Every production release ran in staging first.",
            "Chaque version de production est d'abord passée par le staging.",
        ),
        **data,
    )
