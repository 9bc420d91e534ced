"""Criterion 3, monitoring: errors tracked, logs structured, health exposed (§10.3, §10.5)."""

from __future__ import annotations

import re

import pandas as pd

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    MAX_REFS,
    VENDORED,
    callee_matches,
    code_calls,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    grep,
    grep_spanning,
    in_each_lang,
    is_production_code_path,
    is_test_path,
    matching_paths,
    non_test_rows,
    ref_at,
    repo_files,
    repo_table,
    row_refs,
    step_refs,
    texts,
    workflow_events,
)
from readiness.model import EvidenceRef, Level
from readiness.numbers import figure, percent_figure
from readiness.secret_scan import is_client_path
from readiness.sentry_metrics import crash_free_rates, is_production, production_rows
from readiness.slo import burn_rate

TRACKERS = {
    "raven",
    "raven-js",
    "@sentry/react",
    "@sentry/browser",
    "@sentry/node",
    "@sentry/nextjs",
    "@sentry/vue",
    "sentry-sdk",
    "dd-trace",
    "@datadog/browser-rum",
    "@datadog/browser-logs",
    "@bugsnag/js",
    "rollbar",
    "@honeybadger-io/js",
    "ddtrace",
    # Azure Application Insights: exceptions and failed requests collected by the SDK
    "applicationinsights",
    "@microsoft/applicationinsights-web",
    "@azure/monitor-opentelemetry",
    "azure-monitor-opentelemetry",
}
TRACKER_INIT = (
    r"^(Sentry\.init|sentry_sdk\.init|datadogRum\.init|Bugsnag\.start|Rollbar\.init|"
    r"tracer\.init|Honeybadger\.configure|Raven\.config|raven\.Client|"
    r"\w*[Ii]nsights\.(setup|loadAppInsights)|useAzureMonitor|configure_azure_monitor)$"
)
STRUCTURED_LOGGERS = {
    "pino",
    "winston",
    "bunyan",
    "structlog",
    "python-json-logger",
    "loguru",
    "@logtail/node",
    "consola",
    "tslog",
    "loglevel",
    # a framework's binding of one (the Philippine telehealth API's LoggerModule from nestjs-pino)
    "nestjs-pino",
    "pino-http",
    "nest-winston",
    "express-winston",
}
LOGGER_CALL = content_regex(
    r"(^|\.)([lL]ogger|[lL]og|logging|structlog)\.(?P<level>debug|info|warn|"
    r"warning|error|exception|critical|fatal|trace)$"
)
CORRELATION = (
    r"(?i)\b(x-request-id|x-correlation-id|traceparent|correlation_?id|request_?id|"
    r"requestId|correlationId|asgi_correlation_id)\b"
)
CODE = r"\.(py|[cm]?[jt]sx?)$"
CODE_SOURCE = content_regex(CODE)
ROUTE_REGISTRATION = r"(^|\.)(get|route|api_route|head|all|use|path|re_path|url)$"
# A probe may sit under the health route (`/health/live`, `/health/ready`, `/healthz/readiness`).
PROBE_PREFIX = r"^\^?/?(api/)?(v\d/)?((health|healthz|health-check)/)?"
LIVENESS = content_regex(
    PROBE_PREFIX
    + r"(health|healthz|health-check|healthcheck|heartbeat|livez|liveness|live|ping|status)/?\$?$",
    re.IGNORECASE,
)
DJANGO_ROUTE = content_regex(r"(^|\.)(path|re_path|url)$")
"""Django's routes are written without the leading slash (`path("health/", …)`)."""
READINESS = content_regex(PROBE_PREFIX + r"(readyz|readiness|ready)/?\$?$", re.IGNORECASE)
READY_FILE = content_regex(r"read(y|iness)")
"""`api/health/readiness/route.ts` and `api/readyz.ts`: "readiness" holds no "ready"."""
HEALTH_FILES = (
    r"(^|/)(api|functions|routes)/(health|healthz|heartbeat|livez|readyz|ready|readiness|status)"
    r"(/|\.[jt]sx?$|\.py$)"
)


def bare_console_calls(count: int) -> dict[str, str]:
    """The tally both structured-logging outcomes end on, in each language."""
    return en_fr(f"{count} bare console/print call(s)", f"appels console/print bruts : {count}")


ERROR_STORE_NAME = (
    r"((client|js|frontend|browser)[-_](errors?|exceptions?)|error[-_]logs?|"
    r"log[-_](client[-_])?(errors?|exceptions?)|report[-_](errors?|exceptions?)|(errors?|exceptions?)[-_]reports?)"
)
OWN_ERROR_SINK = (
    rf"\b(invoke|fetch|\w*[pP]ost\w*|insert|from|sendBeacon)\(\s*['\"`][^'\"`]*{ERROR_STORE_NAME}[^'\"`]*['\"`]|"
    # the route kept in a constant the beacon posts to (Lover Clinic's BEACON_ENDPOINT)
    rf"\b\w*(ENDPOINT|URL|PATH|Endpoint|Url|Path)\w*\s*=\s*['\"`]/[^'\"`]*{ERROR_STORE_NAME}[^'\"`]*['\"`]"
)
"""Code sending errors to the team's own store: `functions.invoke('log-client-error')`,
`fetch('/api/error-log')`, `postJson('/client_exception', …)`, `.from('app_error_logs').insert(…)`,
`BEACON_ENDPOINT = '/api/client-error'`."""


# A logger of the team's own that writes one JSON object per line: `write(JSON.stringify({
# timestamp, level: 'info', …}))`, `process.stdout.write(json + "\n")`, a logging.Formatter whose
# format() returns json.dumps(…). Printing JSON without a level is debugging, not a log line.
OWN_JSON_LOG = (
    r"\b(write|log|info|warn|error)\(\s*JSON\.stringify\(\s*\{[^;]{0,400}?\b(level|severity)['\"]?\s*:"
    # the entry built first, then written whole (the hospital LMS's logger: `const entry = { level, tag,
    # msg, ts }` … `console[level](JSON.stringify(entry))`)
    r"|=\s*\{\s*(level|severity)\b[^;]{0,200}?\}[\s\S]{0,300}?(console(\.\w+|\[[^\]]*\])|\.write)\(\s*JSON\.stringify\("
    r"|process\.std(out|err)\.write\(\s*(JSON\.stringify\(|\w*[jJ]son\w*\s*\+)"
    r"|class\s+\w+\(\s*(logging\.)?Formatter\s*\)\s*:[\s\S]{0,1000}?json\.dumps\("
)


# A logger module of the team's own that serialises its entries with their level (the mental-health
# MVP's src/lib/logger.ts: `createLogEntry(level, …)`, then `return JSON.stringify(entry)`; the meal
# planner's `JSON.stringify(createLogEntry('info', …))`, its safe-logger.ts beside it).
LOGGER_MODULE = content_regex(r"(^|/)([\w-]*[-_]logger|log|logger|logging)(/[\w-]+)?\.[cm]?[jt]s$")
SERIALISED_ENTRY = content_regex(r"JSON\.stringify\(\s*\w*(?i:entry|record)\w*\s*[()]")
LEVEL_FIELD = content_regex(r"\blevel\b")


def own_structured_logger(ctx: CheckContext) -> list[EvidenceRef]:
    """Where production code writes JSON log lines of its own (OWN_JSON_LOG, or a logger module
    serialising its entries with their level): a structured logger all the same, without a logging
    library. A script printing its verdict as JSON logs nothing of the product's."""
    refs = grep_spanning(ctx, OWN_JSON_LOG, CODE, limit=10, skip_tests=True)
    for source, path, text in texts(ctx):
        match = (
            SERIALISED_ENTRY.search(text) if LOGGER_MODULE.search(path) and not is_test_path(path) else None
        )
        if match and LEVEL_FIELD.search(text):
            refs.append(ref_at(source, path, text, match.start(), match.group(0)))
    return [ref for ref in refs if is_production_code_path(ref.path or "")][:3]


# A client of the team's own speaking Sentry's protocol (to GlitchTip or Sentry, without the SDK).
SENTRY_PROTOCOL = r"application/x-sentry-envelope|X-Sentry-Auth|\bsentry_key="


def own_error_reporter(ctx: CheckContext) -> list[EvidenceRef]:
    """Where production code reports errors to an endpoint or table of the team's own, or speaks a
    tracker's protocol itself (no tracker's SDK): an error reporter all the same, as a project's own
    session code is authentication."""
    return grep(ctx, f"{OWN_ERROR_SINK}|{SENTRY_PROTOCOL}", CODE, limit=3, skip_tests=True)


def _health_routes(ctx: CheckContext) -> pd.DataFrame:
    """Route registrations (`app.get("/health")`, `@router.get("/readyz")`, Django's
    `path("health/")`) and their kind. A router's path starts with "/": `searchParams.get("status")`
    reads a query parameter, it declares no route."""
    calls = code_calls(ctx, ROUTE_REGISTRATION)
    if calls.empty:
        return calls.assign(kind=pd.Series(dtype=str))
    kind = calls.apply(lambda call: _probe_kind(str(call["callee"]), str(call["argument"])), axis=1)
    return calls.assign(kind=kind)[kind.notna()]


def _probe_kind(callee: str, path: str) -> str | None:
    if not (path.startswith("/") or DJANGO_ROUTE.search(callee)):
        return None
    return "readiness" if READINESS.match(path) else "liveness" if LIVENESS.match(path) else None


# A handler that asks a dependency whether it answers: connects to or queries the database, pings
# the cache. It says whether the app is ready to serve, whatever its route is called.
DEPENDENCY_PROBE = content_regex(
    r"\bconnect(DB|Db|Database|ToDatabase)\(|\$queryRaw|(?i:select 1\b)|\.ping\(|"
    r"mongoose\.connection|\.from\(\s*['\"`]\w+['\"`]\s*\)\s*\.select\(|"
    # a Firestore read of one document (SCAGO's `firestore.collection('surveys').limit(1).get()`)
    r"\.collection\(\s*['\"`][\w-]+['\"`]\s*\)\s*\.limit\(\s*1\s*\)"
)


def _health_files(ctx: CheckContext) -> pd.DataFrame:
    """Health handlers in files of their own, told apart by name (`api/health/readiness/route.ts`)
    or, where none is named for readiness, by what one does: rajanverma's app/api/health/route.js
    answers 503 when MongoDB does not connect, the readiness probe, and no liveness is left."""
    files = matching_paths(ctx, HEALTH_FILES)
    if files.empty:
        return files.assign(kind=pd.Series(dtype=str))
    named_ready = files["path"].map(lambda p: bool(READY_FILE.search(p)))
    if not named_ready.any():
        paths = set(files["path"])
        handlers = ((path, text) for _source, path, text in texts(ctx) if path in paths)
        probing = {path for path, text in handlers if DEPENDENCY_PROBE.search(text)}
        named_ready = files["path"].isin(probing)
    return files.assign(kind=named_ready.map({True: "readiness", False: "liveness"}))


@check(
    id="monitoring.error_tracking",
    reads=(
        "repositories.calls",
        "repositories.ci_steps",
        "repositories.ci_triggers",
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
    ),
    criterion="monitoring",
    looks_for=en_fr(
        "An error-tracking SDK (Sentry, Datadog, …) initialised with its DSN from the environment.",
        "Un SDK de suivi d'erreurs (Sentry, Datadog…) initialisé avec son DSN lu dans l'environnement.",
    ),
    level="partial",
    severity="high",
    remediation=en_fr(
        "Add @sentry/react (or sentry-sdk) and call Sentry.init({dsn: "
        "import.meta.env.VITE_SENTRY_DSN}) at start-up.",
        "Ajouter @sentry/react (ou sentry-sdk) et appeler Sentry.init({dsn: "
        "import.meta.env.VITE_SENTRY_DSN}) au démarrage.",
    ),
    seed_section="10.3",
)
def error_tracking(ctx: CheckContext):
    sdks = sorted(TRACKERS & dependencies(ctx))
    mailed = mailed_errors(ctx)
    inits = tracker_inits(ctx)
    if not sdks and not inits.empty:
        return passed(
            en_fr(
                "An error tracker is configured in the settings.",
                "Un outil de suivi d'erreurs est configuré dans les réglages.",
            ),
            row_refs(inits),
            tiers=sorted(set(inits["tier"])),
        )
    own = own_error_reporter(ctx) if not sdks else []
    if own:
        return passed(
            en_fr(
                "Errors are reported to the team's own store (no tracker).",
                "Les erreurs sont signalées à un stockage de l'équipe (sans outil de suivi).",
            ),
            own,
            tiers=sorted({"browser" if is_client_path(ref.path or "") else "server" for ref in own}),
        )
    if mailed and (not sdks or inits.empty):
        # errors mailed by the server's logging are tracked, whatever SDK lies unused in the manifest
        return passed(
            en_fr(
                "Errors are mailed to the team by the server's logging (no tracker).",
                "Les erreurs sont envoyées par courriel à l'équipe par la journalisation du "
                "serveur (sans outil de suivi).",
            ),
            mailed[:5],
            tiers=["server"],
        )
    if not sdks:
        return _untracked(ctx)
    named = ", ".join(sdks)
    if inits.empty:
        return failed(
            en_fr(
                f"{named} is a dependency but is never initialised.",
                f"{named} est une dépendance mais n'est jamais initialisé.",
            ),
            shows=Level.PROTOTYPE,
            sdks=sdks,
        )
    tiers = sorted(set(inits["tier"]))
    return passed(
        en_fr(
            f"{named} initialised ({', '.join(tiers)}).",
            f"{named} initialisé ({', '.join(TIER_FR[t] for t in tiers)}).",
        ),
        row_refs(inits),
        sdks=sdks,
        tiers=tiers,
    )


def _untracked(ctx: CheckContext):
    """No tracker at all. Monitors or alert rules configured with the code (uptime checks with alert
    policies, scheduled probes) still tell the team the product is down: more than the seed's
    prototype (a health route, platform logs), short of tracked errors."""
    alerts, tools = configured_alerting(ctx)
    if alerts or tools:
        return failed(
            en_fr(
                "No error-tracking SDK, but configured alerts tell the team when the product is down.",
                "Aucun SDK de suivi d'erreurs, mais des alertes configurées préviennent l'équipe quand "
                "le produit tombe.",
            ),
            alerts,
            shows=Level.PARTIAL,
            tools=tools,
        )
    return failed(
        en_fr(
            "No error-tracking SDK: the team learns about crashes from its users.",
            "Aucun SDK de suivi d'erreurs : l'équipe apprend les plantages par ses utilisateurs.",
        )
    )


ERROR_MAIL = r"\b(SMTPHandler|AdminEmailHandler|mail_admins)\b"
DJANGO_ERROR_MAIL = content_regex(r"\b(AdminEmailHandler|mail_admins)\b")
ADMINS_SET = content_regex(r"(?m)^[ \t]*ADMINS[ \t]*(:[^=\n]*)?=[ \t]*([^\s\[\(]|[\[\(]\s*[^\s\]\)])")
"""Django's ADMINS given a value or read from the environment: `ADMINS = []` mails nobody."""


def mailed_errors(ctx: CheckContext) -> list[EvidenceRef]:
    """Where server logging mails errors to someone: an SMTPHandler names its recipients; Django's
    mail_admins handler reaches only the ADMINS the settings name, and with none it mails nobody."""
    mailed = grep(ctx, ERROR_MAIL, CODE, skip_tests=True)
    if any(DJANGO_ERROR_MAIL.search(ref.excerpt or "") for ref in mailed) and not any(
        ADMINS_SET.search(text) for _source, path, text in texts(ctx) if path.endswith(".py")
    ):
        return [ref for ref in mailed if not DJANGO_ERROR_MAIL.search(ref.excerpt or "")]
    return mailed


METRICS = {
    "statsd",
    "prometheus-client",
    "prometheus_client",
    "prom-client",
    "@opentelemetry/api",
    "opentelemetry-api",
    "opentelemetry-sdk",
    "django-prometheus",
    "datadog",
    "hot-shots",
    "@opentelemetry/sdk-node",
    "prometheus-fastapi-instrumentator",
}


@check(
    id="monitoring.metrics",
    reads=("repositories.packages", "repositories.pyprojects", "repositories.requirements"),
    criterion="monitoring",
    caps=False,
    looks_for=en_fr(
        "Application metrics exported (StatsD, Prometheus, OpenTelemetry), so dashboards "
        "and alerts have something to watch.",
        "Des métriques applicatives exportées "
        "(StatsD, Prometheus, OpenTelemetry), pour que tableaux de bord et alertes aient "
        "quelque chose à surveiller.",
    ),
    level="partial",
    remediation=en_fr(
        "Export request counts, error counts and latencies (OpenTelemetry or Prometheus).",
        "Exporter nombre de requêtes, d'erreurs et latences (OpenTelemetry ou Prometheus).",
    ),
    seed_section="10.3",
)
def metrics(ctx: CheckContext):
    found = sorted(METRICS & dependencies(ctx))
    if found:
        return passed(
            en_fr(
                f"Metrics are exported ({', '.join(found)}).",
                f"Des métriques sont exportées ({', '.join(found)}).",
            ),
            tools=found,
        )
    return failed(en_fr("No application metrics.", "Aucune métrique applicative."))


SERVER_FRAMEWORKS = {
    "django",
    "flask",
    "fastapi",
    "starlette",
    "express",
    "@nestjs/core",
    "fastify",
    "koa",
    "hono",
    "next",
    "@remix-run/node",
    "@sveltejs/kit",
    "nuxt",
    "firebase-functions",
    "@supabase/functions-js",
    "tornado",
    "aiohttp",
    "sanic",
    "litestar",
}
BROWSER_FRAMEWORKS = {
    "react",
    "vue",
    "svelte",
    "@angular/core",
    "next",
    "solid-js",
    "preact",
    "nuxt",
    "@sveltejs/kit",
    "@remix-run/react",
}
SERVER_PATH = content_regex(r"(server|edge|instrumentation\.[jt]s$|api/)")
SERVER_SDKS = content_regex(
    r"^@sentry/(node|nestjs|bun|deno|serverless|aws-serverless|google-cloud-"
    r"serverless|remix|sveltekit)$|^sentry_sdk|^dd-trace|^ddtrace|^applicationinsights$|"
    r"^@azure/monitor-opentelemetry$|^azure\.monitor"
)
TIER_FR = {"browser": "navigateur", "server": "serveur"}
# Next.js and SvelteKit keep the SDK's initialisation in these files (the client's and the server's).
SENTRY_CONFIG_FILES = (
    r"(^|/)(sentry\.(client|server|edge)\.config|instrumentation-client|"
    r"hooks\.(client|server))\.[cm]?[jt]s$"
)


# PostHog's error tracking, switched on in its init (`capture_exceptions: true`, HAVEN's
# instrumentation-client.ts) or called (`posthog.captureException(error)`): its analytics alone
# track no error.
POSTHOG_ERROR_TRACKING = r"\bcapture_exceptions\s*:\s*true\b|\bposthog\.captureException\("
# What a config file that sets Sentry up holds, outside comments: the SDK, its init, its DSN.
SENTRY_CONFIGURED = r"@sentry/|\bSentry\.\w|\bdsn\s*[:=]|handleErrorWithSentry"


# Next.js runs sentry.{client,server,edge}.config.ts only when something loads them: the SDK's
# build wrapper (withSentryConfig in next.config) or an import (instrumentation.ts's register());
# Nuxt's Sentry module loads its own. Left alone, they initialise nothing (zs-nutrition's
# configs beside a next.config without the wrapper). instrumentation-client.ts Next loads itself.
NEXT_SENTRY_CONFIG = r"(^|/)sentry\.(client|server|edge)\.config\.[cm]?[jt]s$"
IS_NEXT_SENTRY_CONFIG = content_regex(NEXT_SENTRY_CONFIG)
LOADS_SENTRY_CONFIG = r"withSentryConfig|@sentry/nuxt/module|sentry\.(client|server|edge)\.config"


def _unloaded_sentry_configs(ctx: CheckContext) -> set[str]:
    configs = matching_paths(ctx, NEXT_SENTRY_CONFIG)
    if configs.empty:
        return set()
    loaders = [
        ref
        for ref in grep(ctx, LOADS_SENTRY_CONFIG, r"\.[cm]?[jt]sx?$", limit=20)
        if not IS_NEXT_SENTRY_CONFIG.search(ref.path or "")
    ]
    return set() if loaders else set(configs["path"])


def product_tiers(ctx: CheckContext) -> set[str]:
    """The runtimes the product's own code runs in: the browser, a server, or both."""
    deps = dependencies(ctx)
    own_scripts = matching_paths(ctx, r"(^|/)(static|assets|public|js)/.*\.(js|ts|mjs)$")
    own_scripts = (
        own_scripts[~own_scripts["path"].map(lambda p: bool(VENDORED.search(p)))]
        if not own_scripts.empty
        else own_scripts
    )
    tiers = {"browser"} if deps & BROWSER_FRAMEWORKS or not own_scripts.empty else set()
    python = matching_paths(ctx, r"\.py$")
    python = python[python["path"].map(is_production_code_path)] if not python.empty else python
    if (
        deps & SERVER_FRAMEWORKS
        or not python.empty
        or not matching_paths(ctx, r"(^|/)supabase/functions/.+\.ts$").empty
    ):
        tiers.add("server")
    return tiers or {"server"}


def _init_tier(path: str, modules: set[str], tiers: set[str]) -> str:
    """Where one tracker initialisation runs, from the SDK its file imports and its name."""
    if len(tiers) == 1:
        return next(iter(tiers))
    if path.endswith(".py") or any(SERVER_SDKS.search(m) for m in modules) or SERVER_PATH.search(path):
        return "server"
    return "browser"


def tracker_inits(ctx: CheckContext) -> pd.DataFrame:
    """Error-tracker initialisations in production code, each with the tier it runs in."""
    inits = code_calls(ctx, TRACKER_INIT)
    # a config file counts by what it holds: PatientFlow's sentry.server.config.ts left behind with
    # only "// Sentry has been removed" initialises nothing
    configured = {ref.path for ref in grep(ctx, SENTRY_CONFIGURED, SENTRY_CONFIG_FILES, limit=500)}
    configs = matching_paths(ctx, SENTRY_CONFIG_FILES)
    configs = (
        configs[configs["path"].isin(configured - _unloaded_sentry_configs(ctx))]
        if not configs.empty
        else configs
    )
    posthog = [
        {"source": ref.source, "path": ref.path, "line": ref.line, "callee": "posthog.init", "argument": None}
        for ref in grep(ctx, POSTHOG_ERROR_TRACKING, CODE, limit=10, skip_tests=True)
        if is_production_code_path(ref.path or "")
    ]
    if posthog:
        inits = (
            pd.concat([inits, pd.DataFrame(posthog)], ignore_index=True)
            if not inits.empty
            else pd.DataFrame(posthog)
        )
    settings = {ref.path for ref in grep(ctx, r"\b(RAVEN_CONFIG|raven\.contrib\.django)\b", r"\.py$")}
    if settings:
        configs = pd.concat(
            [configs, repo_files(ctx)[repo_files(ctx)["path"].isin(settings)]], ignore_index=True
        )
    if not configs.empty:
        configs = configs.assign(line=None, callee="Sentry.init", argument=None)[
            ["source", "path", "line", "callee", "argument"]
        ]
        inits = pd.concat([inits, configs], ignore_index=True) if not inits.empty else configs
    if inits.empty:
        return inits.assign(tier=pd.Series(dtype=str))
    imports = repo_table(ctx, "imports")
    modules = imports.groupby("path")["module"].agg(set).to_dict() if not imports.empty else {}
    tiers = product_tiers(ctx)
    return inits.assign(tier=[_init_tier(p, modules.get(p, set()), tiers) for p in inits["path"]])


@check(
    id="monitoring.every_tier_tracked",
    reads=(
        "repositories.calls",
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
    ),
    criterion="monitoring",
    looks_for=en_fr(
        "Error tracking initialised in every runtime the product has: the browser and the server.",
        "Un suivi d'erreurs initialisé dans chaque environnement "
        "d'exécution du produit : le navigateur et le serveur.",
    ),
    level="production",
    remediation=en_fr(
        "Initialise the tracker on the other tier too (e.g. @sentry/react in the "
        "browser and sentry-sdk or @sentry/node on the server).",
        "Initialiser aussi le suivi sur l'autre tiers (ex. @sentry/react dans le "
        "navigateur et sentry-sdk ou @sentry/node côté serveur).",
    ),
    seed_section="10.3",
)
def every_tier_tracked(ctx: CheckContext):
    inits, tiers = tracker_inits(ctx), product_tiers(ctx)
    covered = set(inits["tier"]) if not inits.empty else set()
    missing = sorted(tiers - covered)
    if missing:
        return failed(
            en_fr(
                f"No error tracking on the {' or '.join(missing)} side.",
                f"Aucun suivi d'erreurs côté {' ni '.join(TIER_FR[t] for t in missing)}.",
            ),
            row_refs(inits),
            tiers=sorted(tiers),
            covered=sorted(covered),
        )
    return passed(
        en_fr(
            f"Error tracking covers every tier ({', '.join(sorted(tiers))}).",
            f"Le suivi d'erreurs couvre chaque tiers ({', '.join(TIER_FR[t] for t in sorted(tiers))}).",
        ),
        row_refs(inits),
    )


ALERTING_DEPENDENCIES = {
    "checkly",
    "@checkly/cli",
    "pagerduty",
    "@pagerduty/pdjs",
    "opsgenie-sdk",
    "uptime-kuma",
    "@betterstack/cli",
    "pdpyras",
}
ALERTING_CONFIG = (
    r"(?i)\b(alertmanager|alert_rules?|alerting:|PrometheusRule|datadog_monitor|"
    r"uptimerobot_monitor|betteruptime_monitor|google_monitoring_alert_policy|"
    r"aws_cloudwatch_metric_alarm|pagerduty_service|opsgenie_|grafana_rule_group|"
    r"sentry_issue_alert|sentry_metric_alert|hc-ping\.com|healthchecks\.io/ping|"
    r"cronitor|statuspage)\b"
)
ALERTING_FILES = r"\.(ya?ml|tf|json|toml|hcl|sh)$|(^|/)checkly\.config\.[jt]s$|(^|/)crontab$"


# A pipeline that probes the live product on a schedule (synthetic route checks, an uptime ping):
# when a probe fails, the failed run notifies the team.
PROBE_STEP = content_regex(r"(?i)synthetic|uptime|health[-_ ]?check|smoke[-_ ]?test|\bcurl\b[^\n]*\s-f")
# A pipeline that builds and starts the product itself probes that fresh copy (a nightly build's
# smoke test against `docker compose up`), not the one users reach.
STARTS_ITS_OWN_COPY = content_regex(
    r"(?i)\bdocker([ -]compose)?\b[^\n]*\b(build|up|run)\b|\b(npm|pnpm|yarn)( run)? (build|start|dev)\b"
)


def scheduled_probes(ctx: CheckContext) -> list[EvidenceRef]:
    """Steps of scheduled pipelines (``on: schedule``) that probe the running product."""
    steps = repo_table(ctx, "ci_steps")
    scheduled = {path for path, events in workflow_events(ctx).items() if "schedule" in events}
    if steps.empty or not scheduled:
        return []
    starting = steps["command"].map(lambda command: bool(STARTS_ITS_OWN_COPY.search(command)))
    scheduled -= set(steps.loc[starting, "path"])
    probing = steps["command"].map(lambda command: bool(PROBE_STEP.search(command)))
    probes = steps[steps["path"].isin(scheduled) & probing]
    return step_refs(probes, limit=3)


def configured_alerting(ctx: CheckContext) -> tuple[list[EvidenceRef], list[str]]:
    """Alerting set up with the code: monitors and alert rules in configuration, scheduled probes
    of the live product, and the paging or uptime tools the project depends on."""
    refs = grep(ctx, ALERTING_CONFIG, ALERTING_FILES, limit=10, skip_tests=True) + scheduled_probes(ctx)
    return refs, sorted(ALERTING_DEPENDENCIES & dependencies(ctx))


@check(
    id="monitoring.alerting",
    reads=(
        "repositories.calls",
        "repositories.ci_steps",
        "repositories.ci_triggers",
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
    ),
    criterion="monitoring",
    looks_for=en_fr(
        "Alerting or uptime checks: monitors, alert rules or paging configured with the "
        "code, or Sentry covering every runtime (its default issue alerts then count).",
        "Des alertes ou une surveillance de disponibilité : moniteurs, règles d'alerte "
        "ou astreinte configurés avec le code, ou Sentry sur chaque environnement "
        "d'exécution (ses alertes d'issue par défaut comptent alors).",
    ),
    level="production",
    remediation=en_fr(
        "Add an uptime check on the health endpoint and an alert that pages someone "
        "(Sentry issue alerts, Checkly, Better Stack, Prometheus Alertmanager).",
        "Ajouter une surveillance de disponibilité sur l'endpoint de santé et une "
        "alerte qui prévient quelqu'un (alertes Sentry, Checkly, Better Stack, "
        "Alertmanager).",
    ),
    seed_section="10.3",
)
def alerting(ctx: CheckContext):
    refs, tools = configured_alerting(ctx)
    if refs or tools:
        return passed(
            en_fr("Alerting is configured with the code.", "Des alertes sont configurées avec le code."),
            refs,
            tools=tools,
        )
    inits, tiers = tracker_inits(ctx), product_tiers(ctx)
    sentry = inits[inits["callee"].str.startswith(("Sentry.", "sentry_sdk."))] if not inits.empty else inits
    if not sentry.empty and tiers <= set(sentry["tier"]):
        return passed(
            en_fr(
                "Sentry covers every runtime: its default issue alerts notify the team.",
                "Sentry couvre chaque environnement d'exécution : ses alertes d'issue "
                "par défaut préviennent l'équipe.",
            ),
            row_refs(sentry),
        )
    return failed(
        en_fr(
            "No alerting evidence: nothing would page anyone when the app fails.",
            "Aucune trace d'alerte : rien ne préviendrait quelqu'un si l'appli tombe.",
        )
    )


def structured_logger_imports(ctx: CheckContext) -> pd.DataFrame:
    """Imports of a structured logger in production code. loguru writes plain text unless told to
    serialize, so it counts only where ``serialize=True`` is configured; winston writes JSON unless
    its only formats are plain text."""
    imports = non_test_rows(repo_table(ctx, "imports"))
    if imports.empty:
        return imports
    # a Python package's submodule names it too (`from pythonjsonlogger.json import JsonFormatter`)
    packages = imports["module"].map(lambda module: module.split(".")[0])
    used = imports[packages.isin(STRUCTURED_LOGGERS | {"pythonjsonlogger"})]
    if (used["module"] == "loguru").any() and not grep(ctx, r"serialize\s*=\s*True", r"\.py$", limit=1):
        used = used[used["module"] != "loguru"]
    if (used["module"] == "winston").any() and _winston_plain_text(ctx):
        used = used[used["module"] != "winston"]
    return used


WINSTON_FORMAT = content_regex(r"\bprintf\(|\b(simple|cli)\(\)")
WINSTON_JSON = content_regex(r"format\.(json|logstash)\(|\b(json|logstash)\(\)")


def _winston_plain_text(ctx: CheckContext) -> bool:
    """winston writes JSON by default; a logger formatted only with printf, simple or cli (codimd's
    `format.printf(info => `${info.timestamp} ${info.level}: ${info.message}`)`) writes plain text."""
    configured = [
        text for _source, path, text in texts(ctx) if CODE_SOURCE.search(path) and "winston" in text
    ]
    formats = [text for text in configured if WINSTON_FORMAT.search(text) or WINSTON_JSON.search(text)]
    return bool(formats) and not any(WINSTON_JSON.search(text) for text in formats)


# Loggers whose output lands in the server's (platform's) logs: request loggers and logging set-ups.
SERVER_LOGGERS = {"morgan", "loguru", "log4js", "pino-http", "express-winston", "logging.config"}
# A logging set-up: Django's LOGGING, basicConfig or a dictConfig, Flask's app.logger, or handlers
# given their format by hand (dentalpin's `handler.setFormatter(formatter)` on the root logger).
LOGGING_SETUP = (
    r"^LOGGING\s*=|logging\.(basicConfig|config\.dictConfig|config\.fileConfig)\(|app\.logger\.|"
    r"\.setFormatter\(\s*\w"
)


def server_log_refs(ctx: CheckContext) -> list[EvidenceRef]:
    """Where server code writes logs the platform keeps: a request logger, or a logging set-up."""
    imports = non_test_rows(repo_table(ctx, "imports"))
    used = imports[imports["module"].isin(SERVER_LOGGERS)] if not imports.empty else imports
    return (
        row_refs(used)
        + grep(ctx, LOGGING_SETUP, r"\.py$", skip_tests=True)
        + grep_spanning(ctx, OWN_REQUEST_LOGGER, CODE, limit=2, skip_tests=True)
    )


# A request logger of the team's own: Express middleware that, once the response is sent, logs the
# method, path, status and duration (the Replit template's `res.on("finish", …) log(...)`).
OWN_REQUEST_LOGGER = (
    r"res\.on\(\s*['\"]finish['\"][\s\S]{0,600}?\b(req\.method|res\.statusCode)[\s\S]{0,400}?"
    r"\b(log|console\.\w+|logger\.\w+)\("
)


@check(
    id="monitoring.server_logs",
    reads=("repositories.imports",),
    criterion="monitoring",
    caps=False,
    looks_for=en_fr(
        "Logs written by server code that the platform keeps: a request logger (morgan), "
        "a logging set-up (Django LOGGING, dictConfig, loguru) or a structured logger.",
        "Des logs écrits par le code serveur et gardés par la plateforme : un logger de "
        "requêtes (morgan), une configuration de journalisation (LOGGING de Django, "
        "dictConfig, loguru) ou un logger structuré.",
    ),
    level="prototype",
    remediation=en_fr(
        "Log each request and each error on the server, so the platform's logs show "
        "what happened; then move to a structured logger and error tracking.",
        "Journaliser chaque requête et chaque erreur côté serveur, pour que les logs de "
        "la plateforme montrent ce qui s'est passé ; puis passer à un logger structuré "
        "et au suivi des erreurs.",
    ),
    seed_section="10.3",
)
def server_logs(ctx: CheckContext):
    refs = server_log_refs(ctx) + row_refs(structured_logger_imports(ctx)) + own_structured_logger(ctx)
    if refs:
        return passed(
            en_fr(
                "Server code writes logs the platform keeps.",
                "Le code serveur écrit des logs que la plateforme garde.",
            ),
            refs[:MAX_REFS],
        )
    return failed(
        en_fr(
            "No server logging: at best someone watches the browser console.",
            "Aucun log côté serveur : au mieux, quelqu'un surveille la console du navigateur.",
        )
    )


@check(
    id="monitoring.structured_logging",
    reads=(
        "repositories.calls",
        "repositories.imports",
        *DEPENDENCY_TABLES,
        "repositories.sql_statements",
    ),
    criterion="monitoring",
    caps=False,
    looks_for=en_fr(
        "A structured (JSON) logger used by production code rather than bare console output.",
        "Un logger structuré (JSON) utilisé par le code de production plutôt que la console brute.",
    ),
    level="prototype",
    remediation=en_fr(
        "Log JSON with a level, a message, a timestamp and a request id (pino, "
        "structlog), so logs can be filtered and alerted on.",
        "Journaliser en JSON avec niveau, message, horodatage et identifiant de "
        "requête (pino, structlog), pour filtrer et alerter.",
    ),
    seed_section="10.3",
)
def structured_logging(ctx: CheckContext):
    calls = code_calls(ctx)
    console = callee_matches(calls, r"^(console\.\w+|print)$")
    loggers = sorted(STRUCTURED_LOGGERS & dependencies(ctx))
    used = structured_logger_imports(ctx)
    formatter = grep(ctx, r"JSONFormatter|jsonlogger|structlog\.configure", CODE) + own_structured_logger(ctx)
    tally = bare_console_calls(len(console))
    if used.empty and not formatter:
        imports = non_test_rows(repo_table(ctx, "imports"))
        imported = sorted(set(loggers) & set(imports["module"] if not imports.empty else []))
        declared = ", ".join(loggers)
        if imported:
            # loguru without serialize=True, winston formatted with printf: text lines, not records
            detail = en_fr(
                f" ({', '.join(imported)} imported but writing plain text)",
                f" ({', '.join(imported)} importé(s) mais écrivant du texte brut)",
            )
        elif loggers:
            detail = en_fr(
                f" ({declared} declared but never imported)",
                f" ({declared} déclaré(s) mais jamais importé(s))",
            )
        else:
            detail = en_fr("", "")
        return failed(
            en_fr(
                f"No structured logger in production code{detail['en']}; {tally['en']}.",
                f"Aucun logger structuré dans le code de production{detail['fr']} ; {tally['fr']}.",
            ),
            row_refs(console),
            console_calls=len(console),
        )
    names = ", ".join(sorted(set(used.get("module", []))))
    return passed(
        en_fr(
            f"Structured logging ({names or 'JSON formatter'}); {tally['en']} remain.",
            f"Journalisation structurée ({names or 'formateur JSON'}) ; {tally['fr']}.",
        ),
        row_refs(used) + formatter,
        console_calls=len(console),
    )


@check(
    id="monitoring.log_levels",
    reads=(
        "repositories.calls",
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="monitoring",
    caps=False,
    looks_for=en_fr(
        "Log calls at several levels (error, warn, info), so alerts can filter.",
        "Des journaux à plusieurs niveaux (error, warn, info), pour filtrer les alertes.",
    ),
    level="prototype",
    remediation=en_fr(
        "Use logger.error for failures that need someone, warn for degraded paths "
        "and info for business events (§10.3).",
        "Utiliser logger.error pour ce qui "
        "demande une intervention, warn pour les modes dégradés et info pour les "
        "événements métier (§10.3).",
    ),
    seed_section="10.3",
)
def log_levels(ctx: CheckContext):
    calls = code_calls(ctx)
    logged = callee_matches(calls, LOGGER_CALL.pattern)
    levels = sorted({LOGGER_CALL.search(c).group("level") for c in logged.get("callee", [])})
    used = ", ".join(levels)
    if "error" in levels and len(levels) >= 2:
        return passed(
            en_fr(f"Logs at levels {used}.", f"Journalisation aux niveaux {used}."),
            row_refs(logged),
            levels=levels,
        )
    return failed(
        en_fr(
            f"Logger levels used: {used or 'none'}; at least error and one other level are expected.",
            f"Niveaux de log utilisés : {used or 'aucun'} ; il faut au moins error et un autre niveau.",
        ),
        row_refs(logged),
        levels=levels,
    )


@check(
    id="monitoring.correlation_id",
    reads=("repositories.packages", "repositories.pyprojects", "repositories.requirements"),
    criterion="monitoring",
    caps=False,
    looks_for=en_fr(
        "A correlation / request id carried from request to logs.",
        "Un identifiant de corrélation / de requête porté de la requête aux journaux.",
    ),
    level="prototype",
    remediation=en_fr(
        "Generate or read X-Request-Id at the edge, put it in every log line and "
        "pass it to downstream calls.",
        "Générer ou lire X-Request-Id à l'entrée, "
        "l'ajouter à chaque ligne de log et le transmettre aux appels suivants.",
    ),
    seed_section="10.3",
)
def correlation_id(ctx: CheckContext):
    refs = grep(ctx, CORRELATION, CODE, skip_tests=True)
    if {"asgi-correlation-id", "cls-rtracer", "express-request-id"} & dependencies(ctx) or refs:
        return passed(
            en_fr(
                "A request / correlation id is carried.",
                "Un identifiant de requête / de corrélation est transmis.",
            ),
            refs,
        )
    return failed(
        en_fr(
            "No correlation id: the lines of one request cannot be found together.",
            "Aucun identifiant de corrélation : impossible de retrouver ensemble les "
            "lignes d'une même requête.",
        )
    )


# A health page the reverse proxy answers itself, before the app (nginx `location /health`).
PROXY_HEALTH = r"^\s*(location\s+=?\s*/(health|healthz|ping|status)\b|respond\s+/(health|healthz)\b)"


@check(
    id="monitoring.health_endpoint",
    reads=("repositories.calls", "repositories.files"),
    criterion="monitoring",
    caps=False,
    looks_for=en_fr(
        "A health endpoint (GET /health or /api/health).",
        "Un endpoint de santé (GET /health ou /api/health).",
    ),
    level="prototype",
    remediation=en_fr(
        "Expose GET /api/health returning status, version and dependency checks (§10.5).",
        "Exposer GET /api/health avec statut, version et état des dépendances (§10.5).",
    ),
    seed_section="10.5",
)
def health_endpoint(ctx: CheckContext):
    routes, files = _health_routes(ctx), _health_files(ctx)
    # the reverse proxy's own page (nginx `location /health { return 200; }` before the app)
    proxied = grep(ctx, PROXY_HEALTH, r"(^|/)nginx[^/]*\.conf$|\.conf\.template$|(^|/)Caddyfile$", limit=2)
    if routes.empty and files.empty and not proxied:
        return failed(
            en_fr(
                "No health endpoint: nothing can tell whether the app is alive and ready.",
                "Aucun endpoint de santé : rien ne dit si l'appli est vivante et prête.",
            )
        )
    return passed(
        en_fr("A health endpoint is declared.", "Un endpoint de santé est déclaré."),
        row_refs(routes, "argument") + file_refs(files) + proxied,
    )


@check(
    id="monitoring.liveness_readiness",
    reads=("repositories.calls", "repositories.files"),
    criterion="monitoring",
    caps=False,
    looks_for=en_fr(
        "Separate liveness and readiness endpoints (§10.5).",
        "Des endpoints de liveness et de readiness distincts (§10.5).",
    ),
    level="prototype",
    remediation=en_fr(
        "Answer liveness without touching dependencies, and readiness only when "
        "the database and required services respond, so a platform restarts or "
        "routes correctly.",
        "Répondre à la liveness sans toucher aux dépendances, "
        "et à la readiness seulement quand la base et les services requis "
        "répondent, pour que la plateforme redémarre ou route correctement.",
    ),
    seed_section="10.5",
)
def liveness_readiness(ctx: CheckContext):
    found = pd.concat([_health_routes(ctx), _health_files(ctx)], ignore_index=True)
    kinds = set(found["kind"]) if not found.empty else set()
    refs = row_refs(found) if not found.empty else []
    if {"liveness", "readiness"} <= kinds:
        return passed(
            en_fr(
                "Liveness and readiness are answered separately.",
                "Liveness et readiness ont chacune leur réponse.",
            ),
            refs,
        )
    missing = ", ".join(sorted({"liveness", "readiness"} - kinds))
    return failed(en_fr(f"Missing probe(s): {missing}.", f"Sonde(s) manquante(s) : {missing}."), refs)


RECENT_EVENT_DAYS = 14


def last_production_signal(ctx: CheckContext) -> pd.Timestamp | None:
    """The newest production error, transaction or session Sentry holds (issues' lastSeen otherwise)."""
    times = [
        production_rows(ctx.evidence.table("sentry", name))[column].dropna()
        for name, column in (("events", "timestamp"), ("transactions", "timestamp"), ("sessions", "date"))
    ]
    times = [t for t in times if not t.empty]
    if not times:
        times = [ctx.evidence.table("sentry", "issues")["last_seen"].dropna()]
    latest = pd.concat(times).max() if times else None
    return None if latest is None or pd.isna(latest) else latest


@check(
    id="monitoring.sentry_recent_production_events",
    reads=("sentry.events", "sentry.issues", "sentry.sessions", "sentry.transactions"),
    criterion="monitoring",
    looks_for=en_fr(
        f"Sentry receiving events from the production environment in the last "
        f"{RECENT_EVENT_DAYS} days: a silent project means the SDK is not wired.",
        f"Sentry qui reçoit des événements de l'environnement de production depuis moins "
        f"de {RECENT_EVENT_DAYS} jours : un projet muet veut dire un SDK mal branché.",
    ),
    level="partial",
    severity="high",
    remediation=en_fr(
        "Initialise Sentry in the production build with environment: 'production' and "
        "the DSN from the platform's variables; check that a test error shows up.",
        "Initialiser Sentry dans le build de production avec environment: 'production' "
        "et le DSN des variables de la plateforme ; vérifier qu'une erreur de test "
        "remonte.",
    ),
    seed_section="10.3",
    sources=("sentry",),
)
def sentry_recent_production_events(ctx: CheckContext):
    latest = last_production_signal(ctx)
    if latest is None:
        return failed(
            en_fr(
                "Sentry holds nothing from production: monitoring is not wired, or "
                "nobody would know the app is failing.",
                "Sentry n'a rien reçu de la "
                "production : le monitoring n'est pas branché, ou personne ne saurait "
                "que l'appli est en panne.",
            )
        )
    age = (ctx.as_of - latest.date()).days
    seen = f"{latest:%Y-%m-%d}"
    if age > RECENT_EVENT_DAYS:
        return failed(
            en_fr(
                f"Production last reported to Sentry on {seen}, {age} days before "
                f"{ctx.as_of}: the project is stale.",
                "La production a remonté à Sentry "
                f"pour la dernière fois le {seen}, {age} jours avant le {ctx.as_of} : le "
                "projet est muet.",
            ),
            last_seen=seen,
            age_days=age,
        )
    return passed(
        en_fr(
            f"Production reports to Sentry (last signal {seen}).",
            f"La production remonte à Sentry (dernier signal le {seen}).",
        ),
        last_seen=seen,
        age_days=age,
    )


@check(
    id="monitoring.sentry_crash_free_rate",
    reads=("sentry.crash_free", "sentry.sessions"),
    criterion="monitoring",
    looks_for=en_fr(
        "Crash-free sessions in production against targets.crash_free_sessions "
        "(or targets.availability), as an error budget (§10.7).",
        "Les sessions sans crash en production face à targets.crash_free_sessions "
        "(ou targets.availability), lues comme un budget d'erreur (§10.7).",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Fix the top crashing issues first; stop shipping features while the error "
        "budget is spent, as §10.7 prescribes.",
        "Corriger d'abord les issues qui font le plus planter ; geler les nouveautés "
        "tant que le budget d'erreur est consommé, comme le prescrit le §10.7.",
    ),
    seed_section="10.7",
    sources=("sentry",),
)
def sentry_crash_free_rate(ctx: CheckContext):
    rates = crash_free_rates(
        ctx.evidence.table("sentry", "sessions"), ctx.evidence.table("sentry", "crash_free")
    )
    if "sessions" not in rates:
        return inconclusive(
            en_fr(
                "The Sentry evidence has no release-health (session) data.",
                "Les preuves Sentry ne contiennent aucune donnée de release health (sessions).",
            )
        )
    observed = rates["sessions"]
    shown = in_each_lang(lambda lang: percent_figure(round(observed, 2), lang))
    target = ctx.targets.get("crash_free_sessions", ctx.targets.get("availability"))
    if target is None:
        return inconclusive(
            en_fr(
                f"{shown['en']} of production sessions are crash-free, but "
                "readiness.yml sets no targets.crash_free_sessions.",
                f"{shown['fr']} des sessions de production sont sans "
                "crash, mais readiness.yml ne fixe pas de targets.crash_free_sessions.",
            ),
            rates=rates,
        )
    objective = in_each_lang(lambda lang: percent_figure(target, lang))
    burn = burn_rate(1 - observed / 100, target) if target < 100 else None
    data = {"rates": rates, "target": target, "burn_rate": burn}
    pace = (
        en_fr(
            f"; the error budget burns {burn:.1f}× the allowed pace",
            f" ; le budget d'erreur se consomme à {figure(burn, '.1f', 'fr')}× le rythme permis",
        )
        if burn is not None
        else en_fr("", "")
    )
    if observed >= target:
        return passed(
            en_fr(
                f"{shown['en']} crash-free sessions meets the {objective['en']} objective{pace['en']}.",
                f"{shown['fr']} de sessions sans crash : l'objectif de {objective['fr']} "
                f"est atteint{pace['fr']}.",
            ),
            **data,
        )
    return failed(
        en_fr(
            f"{shown['en']} crash-free sessions misses the {objective['en']} objective{pace['en']}.",
            f"{shown['fr']} de sessions sans crash : l'objectif de {objective['fr']} "
            f"n'est pas atteint{pace['fr']}.",
        ),
        **data,
    )


@check(
    id="monitoring.sentry_alert_rules",
    reads=("sentry.alert_rules",),
    criterion="monitoring",
    looks_for=en_fr(
        "An active Sentry alert rule that covers production and notifies someone; "
        "without alert-rule evidence, alerting stays a matter of attestation.",
        "Une règle d'alerte Sentry active qui couvre la production et prévient quelqu'un ; "
        "sans preuve de règles, l'alerte reste affaire d'attestation.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Create an issue alert (new issue or regression in production → Slack or "
        "e-mail) and a metric alert on crash-free sessions; pull them with "
        "`readiness sentry pull`.",
        "Créer une alerte d'issue (nouvelle issue ou "
        "régression en production → Slack ou e-mail) et une alerte métrique sur les "
        "sessions sans crash ; les récupérer avec `readiness sentry pull`.",
    ),
    seed_section="10.3",
    sources=("sentry",),
)
def sentry_alert_rules(ctx: CheckContext):
    rules = ctx.evidence.table("sentry", "alert_rules")
    if rules.empty:
        return inconclusive(
            en_fr(
                "The Sentry evidence holds no alert rules: alerting can only be attested.",
                "Les preuves Sentry ne contiennent aucune règle "
                "d'alerte : l'alerte ne peut qu'être attestée.",
            )
        )
    active = rules[(rules["status"].astype("str") == "active") & (rules["actions"] > 0)]
    covering = active[active["environment"].astype("str").map(lambda env: not env or is_production(env))]
    data = {"rules": len(rules), "active_with_actions": len(active), "covering_production": len(covering)}
    if covering.empty:
        return failed(
            en_fr(
                f"None of the {len(rules)} Sentry alert rules is active, notifies "
                "someone and covers production.",
                "Aucune des règles d'alerte Sentry "
                f"({len(rules)}) n'est à la fois active, reliée à une notification et "
                "appliquée à la production.",
            ),
            **data,
        )
    names = ", ".join(covering["name"].astype("str").head(5))
    return passed(
        en_fr(
            f"{len(covering)} active alert rule(s) notify on production: {names}.",
            f"Règles d'alerte actives qui préviennent sur la production : {len(covering)} ({names}).",
        ),
        **data,
    )
