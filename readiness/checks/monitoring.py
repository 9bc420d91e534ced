"""Criterion 3, monitoring: errors tracked, logs structured, health exposed (§10.3, §10.5)."""

from __future__ import annotations

import pandas as pd

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.repo import dependencies, en_fr, grep
from readiness.sentry_metrics import crash_free_rates, production_rows
from readiness.slo import burn_rate

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


RECENT_EVENT_DAYS = 14


def last_production_signal(ctx: CheckContext) -> pd.Timestamp | None:
    """The newest production error, transaction or session Sentry holds (issues' lastSeen otherwise)."""
    times = [production_rows(ctx.evidence.table("sentry", name))[column].dropna()
             for name, column in (("events", "timestamp"), ("transactions", "timestamp"),
                                  ("sessions", "date"))]
    times = [t for t in times if not t.empty]
    if not times:
        times = [ctx.evidence.table("sentry", "issues")["last_seen"].dropna()]
    latest = pd.concat(times).max() if times else None
    return None if latest is None or pd.isna(latest) else latest


@check(
    id="monitoring.sentry_recent_production_events",
    criterion="monitoring",
    looks_for=en_fr(f"Sentry receiving events from the production environment in the last "
                    f"{RECENT_EVENT_DAYS} days: a silent project means the SDK is not wired.",
                    f"Sentry qui reçoit des événements de l'environnement de production depuis moins "
                    f"de {RECENT_EVENT_DAYS} jours : un projet muet veut dire un SDK mal branché."),
    level="partial",
    severity="high",
    remediation=en_fr("Initialise Sentry in the production build with environment: 'production' and "
                      "the DSN from the platform's variables; check that a test error shows up.",
                      "Initialiser Sentry dans le build de production avec environment: 'production' "
                      "et le DSN des variables de la plateforme ; vérifier qu'une erreur de test "
                      "remonte."),
    seed_section="10.3",
    sources=("sentry",),
)
def sentry_recent_production_events(ctx: CheckContext):
    latest = last_production_signal(ctx)
    if latest is None:
        return failed("Sentry holds nothing from production: monitoring is not wired, or nobody "
                      "would know the app is failing.")
    age = (ctx.as_of - latest.date()).days
    seen = f"{latest:%Y-%m-%d}"
    if age > RECENT_EVENT_DAYS:
        return failed(f"Production last reported to Sentry on {seen}, {age} days before {ctx.as_of}: "
                      "the project is stale.", last_seen=seen, age_days=age)
    return passed(f"Production reports to Sentry (last signal {seen}).", last_seen=seen,
                  age_days=age)


@check(
    id="monitoring.sentry_crash_free_rate",
    criterion="monitoring",
    looks_for=en_fr("Crash-free sessions in production against targets.crash_free_sessions "
                    "(or targets.availability), as an error budget (§10.7).",
                    "Les sessions sans crash en production face à targets.crash_free_sessions "
                    "(ou targets.availability), lues comme un budget d'erreur (§10.7)."),
    level="production",
    severity="high",
    remediation=en_fr("Fix the top crashing issues first; stop shipping features while the error "
                      "budget is spent, as §10.7 prescribes.",
                      "Corriger d'abord les issues qui font le plus planter ; geler les nouveautés "
                      "tant que le budget d'erreur est consommé, comme le prescrit le §10.7."),
    seed_section="10.7",
    sources=("sentry",),
)
def sentry_crash_free_rate(ctx: CheckContext):
    rates = crash_free_rates(ctx.evidence.table("sentry", "sessions"),
                             ctx.evidence.table("sentry", "crash_free"))
    if "sessions" not in rates:
        return inconclusive("The Sentry evidence has no release-health (session) data.")
    observed = rates["sessions"]
    target = ctx.targets.get("crash_free_sessions", ctx.targets.get("availability"))
    if target is None:
        return inconclusive(f"{observed:.2f} % of production sessions are crash-free, but "
                            "readiness.yml sets no targets.crash_free_sessions.", rates=rates)
    burn = burn_rate(1 - observed / 100, target) if target < 100 else None
    data = {"rates": rates, "target": target, "burn_rate": burn}
    pace = f"; the error budget burns {burn:.1f}× the allowed pace" if burn is not None else ""
    if observed >= target:
        return passed(f"{observed:.2f} % crash-free sessions meets the {target} % objective{pace}.",
                      **data)
    return failed(f"{observed:.2f} % crash-free sessions misses the {target} % objective{pace}.",
                  **data)
