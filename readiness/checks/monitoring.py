"""Criterion 3, monitoring: errors tracked, logs structured, health exposed (§10.3, §10.5)."""

from __future__ import annotations

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.repo import dependencies, en_fr, grep

TRACKERS = {"@sentry/react", "@sentry/browser", "@sentry/node", "@sentry/nextjs", "@sentry/vue",
            "sentry-sdk", "dd-trace", "@datadog/browser-rum", "@datadog/browser-logs",
            "@bugsnag/js", "rollbar", "@honeybadger-io/js", "ddtrace"}
STRUCTURED_LOGGERS = {"pino", "winston", "bunyan", "structlog", "python-json-logger", "loguru",
                      "@logtail/node", "consola"}


@check(
    id="monitoring.error_tracking",
    criterion="monitoring",
    looks_for=en_fr("An error-tracking SDK (Sentry, Datadog, …) initialised with its DSN from the "
                    "environment.", "Un SDK de suivi d'erreurs (Sentry, Datadog…) initialisé avec "
                    "son DSN lu dans l'environnement."),
    level="partial",
    severity="high",
    remediation=en_fr("Add @sentry/react (or sentry-sdk) and call Sentry.init({dsn: "
                      "import.meta.env.VITE_SENTRY_DSN}) at start-up.",
                      "Ajouter @sentry/react (ou sentry-sdk) et appeler Sentry.init({dsn: "
                      "import.meta.env.VITE_SENTRY_DSN}) au démarrage."),
    seed_section="10.3",
)
def error_tracking(ctx: CheckContext):
    sdks = sorted(TRACKERS & dependencies(ctx))
    if not sdks:
        return failed("No error-tracking SDK: the team learns about crashes from its users.")
    inits = grep(ctx, r"(Sentry|sentry_sdk)\.init\s*\(|datadogRum\.init|DD_TRACE|ddtrace")
    if not inits:
        return failed(f"{', '.join(sdks)} is a dependency but is never initialised.")
    return passed(f"{', '.join(sdks)} initialised.", inits, sdks=sdks)


@check(
    id="monitoring.structured_logging",
    criterion="monitoring",
    looks_for=en_fr("A structured (JSON) logger with levels instead of bare console output.",
                    "Un logger structuré (JSON) avec niveaux plutôt que la console brute."),
    level="production",
    remediation=en_fr("Log JSON with a level, a message, a timestamp and a request id (pino, "
                      "structlog), so logs can be filtered and alerted on.",
                      "Journaliser en JSON avec niveau, message, horodatage et identifiant de "
                      "requête (pino, structlog), pour filtrer et alerter."),
    seed_section="10.3",
)
def structured_logging(ctx: CheckContext):
    loggers = sorted(STRUCTURED_LOGGERS & dependencies(ctx))
    refs = grep(ctx, r"JSONFormatter|jsonlogger|json\.dumps\(.*\blevel\b|structlog\.configure")
    if loggers or refs:
        return passed(f"Structured logging: {', '.join(loggers) or 'JSON formatter'}.", refs)
    return failed("No structured logger: logs are free text that cannot be filtered or alerted on.")


@check(
    id="monitoring.health_endpoint",
    criterion="monitoring",
    looks_for=en_fr("A health (liveness / readiness) endpoint.",
                    "Un endpoint de santé (liveness / readiness)."),
    level="production",
    remediation=en_fr("Expose GET /api/health returning status, version and dependency checks; "
                      "split liveness from readiness where a platform probes them.",
                      "Exposer GET /api/health avec statut, version et état des dépendances ; "
                      "séparer liveness et readiness si la plateforme les sonde."),
    seed_section="10.5",
)
def health_endpoint(ctx: CheckContext):
    refs = grep(ctx, r"['\"/](api/)?(health|healthz|livez|readyz|liveness|readiness)['\"/]",
                r"\.(py|[jt]sx?|json|toml|ya?ml)$")
    refs += grep(ctx, r".", r"(^|/)api/health")[:1]
    if refs:
        return passed("A health endpoint is declared.", refs)
    return failed("No health endpoint: nothing can tell whether the app is alive and ready.")
