"""Criterion 7, performance: measured, cached and split, not judged on a laptop."""

from __future__ import annotations

import re

import pandas as pd

from readiness.checks import CheckContext, check, failed, inconclusive, not_applicable, passed
from readiness.checks.artefacts import (
    DEFAULT_MIN_LIGHTHOUSE_PERFORMANCE,
    lighthouse_refs,
    lighthouse_runs,
    target_fraction,
)
from readiness.checks.ci_cd import expanded_commands
from readiness.checks.load_runs import (
    LATENCY_TARGETS,
    latency_miss,
    load_test_runs,
    reference_run,
    run_ref,
)
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    DOCUMENTATION_PATH,
    SEMICOLON,
    code_calls,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    file_roles,
    frameworks,
    grep,
    in_each_lang,
    is_browser_path,
    matching_paths,
    non_test_rows,
    package_script_lines,
    repo_table,
    row_refs,
    step_refs,
    texts,
)
from readiness.model import EvidenceRef, Level
from readiness.numbers import figure
from readiness.sentry_metrics import transaction_p95

AT = {"en": "at", "fr": "à"}
OVERALL = {"en": "overall {stat}", "fr": "{stat} global"}

# Google's "good" thresholds; TBT stands in for INP, which a lab run cannot measure.
WEB_VITAL_LIMITS = {
    "largest-contentful-paint": 2500.0,
    "cumulative-layout-shift": 0.1,
    "total-blocking-time": 200.0,
}


BUNDLE_BUDGET_TOOLS = {
    "size-limit",
    "@size-limit/preset-app",
    "bundlesize",
    "bundlewatch",
    "rollup-plugin-visualizer",
    "webpack-bundle-analyzer",
    "vite-bundle-visualizer",
}
BUILD_STATS = (
    r"(^|/)(stats\.json|bundle-stats\.json|\.size-limit\.(json|js|cjs)|"
    r"bundle-report\.html|\.bundlewatch\.config\.json)$"
)


CLIENT_CACHES = {
    "swr",
    "@tanstack/react-query",
    "react-query",
    "@apollo/client",
    "urql",
    "@tanstack/vue-query",
    "sharp",
    "next-image-export-optimizer",
    "compression",
    # images made smaller in the browser before upload
    "browser-image-compression",
    "compressorjs",
    "react-image-file-resizer",
    "lru-cache",
    "node-cache",
    "cachetools",
    "flask-caching",
    "django-cacheops",
    "flask-compress",
}
PRECACHE = {
    "sw-precache-webpack-plugin",
    "workbox-webpack-plugin",
    "workbox-window",
    "vite-plugin-pwa",
    "next-pwa",
    "@ducanh2912/next-pwa",
}
"""A service worker that precaches the built assets: an ad hoc speed measure."""
TEAM_INDEX = r"(?i)^\s*create\s+index\b"
GENERATED_MIGRATIONS = content_regex(r"(^|/)prisma/migrations/")
"""SQL an ORM writes itself (Prisma's join-table indexes): not a choice the team made for speed."""
MEASUREMENT_TOOLS = {
    "web-vitals",
    "@vercel/speed-insights",
    "@next/bundle-analyzer",
    "webpack-bundle-analyzer",
    "rollup-plugin-visualizer",
    "vite-bundle-visualizer",
    "source-map-explorer",
    "lighthouse",
    "@lhci/cli",
    "django-silk",
    "django-debug-toolbar",
    "py-spy",
    "pyinstrument",
    "clinic",
    "autocannon",
    "k6",
    "locust",
    "@sentry/profiling-node",
    "newrelic",
}
SERVER_CACHING = (
    r"\b(CACHES\s*=|django_redis|RedisCache|whitenoise|WhiteNoise|COMPRESS_ENABLED|"
    r"cache_page|unstable_cache|revalidate\s*[:=]\s*([1-9]|false)|s-maxage|"  # `revalidate = 0`: no cache
    r"Cache-Control|CacheInterceptor|CacheModule|proxy_cache|TTLCache\(|"
    r"lru_cache\b|cache\.(get|set|memoize|cached)\(|redis\w*(\.client)?\.(get|set|setex)\(|"
    r"static\(.*maxAge\s*:|cacheComponents\s*:\s*true)|"
    # Decorators and directives start with a non-word character: outside the \b group, where a
    # leading space would keep them from ever matching.
    r"@cache(d|_control)?\b|@\w+\.(memoize|cached)\b|['\"]use cache['\"]"
)
# Measurement set up in code: slow-query logging, query recording, profiling middleware.
MEASURED_IN_CODE = (
    r"SQLALCHEMY_RECORD_QUERIES|get_debug_queries|log_min_duration_statement|"
    r"slow_?query|SLOW_QUERY|ProfilerMiddleware|Server-Timing|"
    # an APM's tracing switched on (Sentry's performance monitoring samples some transactions)
    r"(tracesSampleRate|traces_sample_rate)\s*[:=]\s*(1(\.0*)?|0?\.\d*[1-9]\d*)\b"
)
# A CDN configured, not named: its resources (aws_cloudfront_distribution, cloudflare_zone, Azure
# Front Door, a Google backend with `enable_cdn = true`), its domains (d111.cloudfront.net), an asset
# prefix or static URL pointing at it. "bypass Akamai" in a comment, or an empty assetPrefix, serves
# nothing; nor does a library fetched from a public CDN (cdn.jsdelivr.net/gh/…/weights): that serves
# someone else's files, not the product's.
CDN_EVIDENCE = (
    r"(?i)(\baws_cloudfront_\w+|AWS::CloudFront|(?-i:\bcloudflare_[a-z_]+)|\bazurerm_(cdn|frontdoor)_\w+|"
    r"\benable_cdn\s*[:=]\s*true\b|"
    # a deploy that purges a CDN's cache (deploy.sh's `aws cloudfront create-invalidation`) deploys behind one
    r"\bcloudfront\s+create-invalidation\b|\bcdn\s+endpoint\s+purge\b|\binvalidate-cdn-cache\b|"
    r"[\w-]+\.(cloudfront|fastly|akamaized|b-cdn|bunnycdn)\.(net|com)|\bCDN_(URL|HOST|DOMAIN)\b|"
    r"AWS_S3_CUSTOM_DOMAIN|STATIC_URL\s*=\s*['\"]https?://|assetPrefix\s*:\s*['\"`]?(https?:|process\.env))"
)


@check(
    id="performance.ad_hoc_measures",
    reads=("repositories.files", "repositories.stack", *DEPENDENCY_TABLES),
    criterion="performance",
    caps=False,
    looks_for=en_fr(
        "Isolated measures for speed: client query caching, image optimisation, compression.",
        "Des mesures isolées pour la vitesse : cache de requêtes côté client, images "
        "optimisées, compression.",
    ),
    level="prototype",
    remediation=en_fr(
        "Cache the client's queries (SWR, TanStack Query) and serve optimised images.",
        "Mettre en cache les requêtes côté client (SWR, TanStack Query) et servir des images optimisées.",
    ),
    seed_section="10.1",
)
def ad_hoc_measures(ctx: CheckContext):
    """The seed's prototype column: a client query cache, optimised images, a precaching service
    worker, a database index the team wrote; Next.js counts for its built-in image optimisation and
    per-route splitting. Alone, each is isolated; deliberate work is judged by the other checks."""
    tools = sorted((CLIENT_CACHES | PRECACHE) & dependencies(ctx))
    tools += ["Next.js"] if "Next.js" in frameworks(ctx) else []
    indexes = [
        ref for ref in grep(ctx, TEAM_INDEX, r"\.sql$", limit=3) if not GENERATED_MIGRATIONS.search(ref.path)
    ]
    named = tools + (["CREATE INDEX"] if indexes else [])
    if named:
        return passed(
            en_fr(
                f"Ad hoc speed measures: {', '.join(named)}.",
                f"Mesures ponctuelles pour la vitesse : {', '.join(named)}.",
            ),
            indexes,
            tools=named,
        )
    return failed(en_fr("Nothing done for speed.", "Rien de fait pour la vitesse."))


@check(
    id="performance.measured",
    reads=(
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
    ),
    criterion="performance",
    caps=False,
    looks_for=en_fr(
        "Measurement tools: bundle analysis, web-vitals or speed insights, profilers, kept audit reports.",
        "Des outils de mesure : analyse du bundle, web-vitals ou "
        "speed insights, profileurs, rapports d'audit conservés.",
    ),
    level="partial",
    remediation=en_fr(
        "Measure before optimising: web-vitals from real users, a bundle analyser in the "
        "build, a profiler on the slow endpoints.",
        "Mesurer avant d'optimiser : "
        "web-vitals des vrais utilisateurs, analyse du bundle au build, profileur sur les "
        "endpoints lents.",
    ),
    seed_section="10.1",
)
def measured(ctx: CheckContext):
    tools = sorted(
        MEASUREMENT_TOOLS & dependencies(ctx) - ({"web-vitals"} if _template_vitals(ctx) else set())
    )
    files = matching_paths(ctx, r"(lighthouserc|(^|/)\.lighthouseci/|lighthouse[^/]*\.json$)|" + BUILD_STATS)
    in_code = grep(ctx, MEASURED_IN_CODE, r"\.(py|[cm]?[jt]sx?)$", limit=3, skip_tests=True)
    if tools or not files.empty or in_code:
        return passed(
            en_fr(
                f"Speed is measured ({', '.join(tools) or 'kept reports or slow-query logs'}).",
                "La vitesse est mesurée "
                f"({', '.join(tools) or 'rapports conservés ou requêtes lentes journalisées'}).",
            ),
            file_refs(files) + in_code,
            tools=tools,
        )
    return failed(
        en_fr(
            "No measurement tool: speed is judged on a laptop.",
            "Aucun outil de mesure : la vitesse est jugée sur un portable.",
        )
    )


@check(
    id="performance.cdn",
    reads=("repositories.hosting",),
    criterion="performance",
    # A hosting platform's edge is there by default: required for production, it shows no
    # deliberate work on its own (LEVELS.md: "Next.js defaults" are not partial).
    evidences=False,
    looks_for=en_fr(
        "Static assets served by a CDN (a hosting platform's edge network, CloudFront, Cloudflare…).",
        "Des ressources statiques servies par un CDN (réseau de la "
        "plateforme d'hébergement, CloudFront, Cloudflare…).",
    ),
    level="production",
    remediation=en_fr(
        "Serve the static assets from a CDN (Vercel and Netlify do by default; else "
        "CloudFront or Cloudflare in front of the origin).",
        "Servir les ressources "
        "statiques depuis un CDN (Vercel et Netlify le font d'office ; sinon CloudFront ou "
        "Cloudflare devant l'origine).",
    ),
    seed_section="10.1",
)
def cdn(ctx: CheckContext):
    hosting = repo_table(ctx, "hosting")
    edge = hosting[hosting["platform"].isin(EDGE_PLATFORMS)] if not hosting.empty else hosting
    # A third party's asset host in a URL (an avatar on cdn.discordapp.com) or a test fixture says
    # nothing of where the product's own assets are served from.
    # …nor does a static URL on the developer's machine (STATIC_URL = "http://localhost:8000/static/").
    refs = (
        file_refs(edge)
        + [
            ref
            for ref in grep(ctx, CDN_EVIDENCE, CDN_FILES, limit=6, skip_tests=True)
            if not LOCAL_URL.search(ref.excerpt or "")
        ][:3]
    )
    if refs:
        return passed(
            en_fr("Static assets are served by a CDN.", "Les ressources statiques sont servies par un CDN."),
            refs,
        )
    return failed(
        en_fr("No CDN in front of the static assets.", "Aucun CDN devant les ressources statiques.")
    )


CDN_FILES = r"\.(py|[cm]?[jt]s|json|toml|ya?ml|tf|conf|sh)$"
LOCAL_URL = content_regex(r"://(localhost|127\.0\.0\.1|0\.0\.0\.0)\b")
EDGE_PLATFORMS = {"vercel", "netlify", "cloudflare", "firebase"}
NO_CACHE = content_regex(r"(?i)no-cache|no-store|max-age=0\b")
DELIBERATE = 3
"""Fewer places than this (one lazy import, one page's revalidate) is an isolated measure."""
CACHE_CONFIGURATION = content_regex(
    r"(^|/)(settings[^/]*\.py|settings/[^/]+\.py|next\.config\.[cm]?[jt]s|"
    r"middleware\.[jt]s|(server|app)\.[cm]?[jt]s|nginx[^/]*\.conf|_headers|app\.py|"
    r"vercel\.json|netlify\.toml|Caddyfile)$"
)


# `manualChunks: undefined` keeps the bundler's default: no chunk is split by hand.
NO_CHUNKS = content_regex(r"manualChunks\s*:\s*(undefined|null|false)\b")
LAZY_LOADERS = r"^(lazy|React\.lazy|dynamic|defineAsyncComponent|loadable)$"
# A module of the product's own, named by a relative or aliased path: import('./conditions/widget')
LOCAL_MODULE = content_regex(r"^(\.{1,2}/|[@~#]/)")
ARROW_LOADER = r"=>\s*import\("
SOURCE_FILES = r"\.([cm]?[jt]sx?|vue|svelte)$"


def _lazy_modules(ctx: CheckContext) -> pd.DataFrame:
    """Modules loaded on demand: through a lazy loader, or handed as `() => import('./Page')` to
    whatever loads it when needed (a router's lazy route, an app shell's async lifecycle) in code
    shipped to the browser; the bundler makes each a chunk of its own. An `import('./x')` in a type
    (`import('./types').Appointment`) loads nothing. One per line: `lazy(() => import('./Page'))`
    is one."""
    loaded = code_calls(ctx, LAZY_LOADERS)
    imports = code_calls(ctx, r"^import$")
    if imports.empty:
        return loaded
    roles = file_roles(ctx)
    handed = {
        (ref.path, ref.line) for ref in grep(ctx, ARROW_LOADER, SOURCE_FILES, limit=10_000, skip_tests=True)
    }
    kept = [
        (path, line) in handed
        and bool(LOCAL_MODULE.search(str(argument or "")))
        and is_browser_path(ctx, path, roles)
        for path, line, argument in zip(imports["path"], imports["line"], imports["argument"], strict=True)
    ]
    return pd.concat([loaded, imports[kept]]).drop_duplicates(["path", "line"])


@check(
    id="performance.code_splitting",
    reads=(
        "repositories.calls",
        "repositories.file_roles",
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="performance",
    caps=False,
    looks_for=en_fr(
        "Route-level code splitting (lazy-loaded screens).",
        "Un découpage du code par route (écrans chargés à la demande).",
    ),
    level="partial",
    remediation=en_fr(
        "Load each route with React.lazy(() => import('./Page')) so the first paint "
        "does not wait for the whole app.",
        "Charger chaque route avec React.lazy(() => import('./Page')) pour ne pas attendre toute l'appli.",
    ),
    seed_section="10.1",
)
def code_splitting(ctx: CheckContext):
    if "react" not in dependencies(ctx):
        return not_applicable(
            en_fr("No React front end in the repositories.", "Aucun front-end React dans les dépôts.")
        )
    imports = _lazy_modules(ctx)
    plugin = [
        ref
        for ref in grep(ctx, r"autoCodeSplitting\s*:\s*true|manualChunks", r"\.[cm]?[jt]s$", limit=10)
        if not NO_CHUNKS.search(ref.excerpt or "")
    ][:2]
    if plugin:
        return passed(
            en_fr(
                "The bundle is split by configuration (the router plugin's autoCodeSplitting or "
                "the bundler's manualChunks).",
                "Le bundle est découpé par configuration (autoCodeSplitting du plugin du routeur ou "
                "manualChunks du bundler).",
            ),
            plugin,
        )
    if 0 < len(imports) < DELIBERATE:
        return failed(
            en_fr(
                f"Only {len(imports)} module(s) loaded on demand: an isolated measure, not "
                "route-level splitting.",
                f"Seulement {len(imports)} module(s) chargé(s) à la "
                "demande : une mesure isolée, pas un découpage par route.",
            ),
            row_refs(imports, "argument"),
            shows=Level.PROTOTYPE,
        )
    if imports.empty:
        return failed(
            en_fr(
                "No code splitting: the whole bundle loads before the first screen.",
                "Aucun découpage du code : tout le bundle se charge avant le premier écran.",
            )
        )
    return passed(
        en_fr(
            f"{len(imports)} module(s) loaded on demand (dynamic import).",
            f"{len(imports)} module(s) chargé(s) à la demande (import dynamique).",
        ),
        row_refs(imports, "argument"),
    )


@check(
    id="performance.audited",
    reads=("repositories.ci_steps", "repositories.files", "repositories.imports", "repositories.packages"),
    criterion="performance",
    looks_for=en_fr(
        "A performance audit set up (Lighthouse CI configuration or kept reports), a bundle-size "
        "budget the pipeline enforces, or real users' Core Web Vitals reported from production.",
        "Un audit de performance en place (configuration Lighthouse CI ou rapports conservés), un "
        "budget de taille du bundle imposé par le pipeline, ou les Core Web Vitals des vrais "
        "utilisateurs remontés de la production.",
    ),
    level="production",
    remediation=en_fr(
        "Run Lighthouse CI on each deploy with budgets, and keep the reports.",
        "Lancer Lighthouse CI à chaque déploiement avec des budgets, et garder les rapports.",
    ),
    seed_section="10.1",
)
def audited(ctx: CheckContext):
    files = matching_paths(
        ctx, r"(lighthouserc|(^|/)\.lighthouseci/|lighthouse[^/]*\.json$|(^|/)budgets?\.json$)"
    )
    steps = repo_table(ctx, "ci_steps")
    runs = steps[steps["command"].str.contains(r"lhci|lighthouse", case=False)] if not steps.empty else steps
    if files.empty and runs.empty:
        # no Lighthouse: a bundle budget the pipeline runs, or field data, may still measure speed
        budget = (
            steps[expanded_commands(ctx, steps).map(lambda c: bool(BUNDLE_BUDGET.search(c)))]
            if not steps.empty
            else steps
        )
        if not budget.empty:
            return passed(
                en_fr(
                    "A bundle-size budget fails the pipeline on a regression.",
                    "Un budget de taille du bundle fait échouer le pipeline en cas de régression.",
                ),
                step_refs(budget),
            )
        field = web_vitals_reported(ctx)
        if field:
            return passed(
                en_fr(
                    "Real users' Core Web Vitals are reported from production (web-vitals tracking).",
                    "Les Core Web Vitals des vrais utilisateurs remontent de la production "
                    "(suivi web-vitals).",
                ),
                field,
            )
        return failed(
            en_fr(
                "No performance audit: speed has never been measured.",
                "Aucun audit de performance : la vitesse n'a jamais été mesurée.",
            )
        )
    refs = file_refs(files) + step_refs(runs)
    if not _audit_enforced(ctx, runs):
        return failed(
            en_fr(
                "Lighthouse runs, but no assertion or budget fails on a regression: "
                "speed is measured, not enforced.",
                "Lighthouse tourne, mais aucune assertion ni aucun budget n'échoue sur une régression : "
                "la vitesse est mesurée, pas garantie.",
            ),
            refs,
            shows=Level.PARTIAL,
        )
    return passed(
        en_fr("Lighthouse audits enforce a budget.", "Des audits Lighthouse imposent un budget."), refs
    )


# A pipeline step (or the package scripts it calls) checking the bundle against a budget.
BUNDLE_BUDGET = content_regex(
    r"(?i)\b(size-limit|bundlesize|bundlewatch)\b|check[-_:]?bundle[-_]?size|\bbundle[-_]?budget"
)
WEB_VITALS_CALL = content_regex(r"\b(on|get)(LCP|CLS|INP|FID|FCP|TTFB)\b")
# Where the measures go: an endpoint, a function, an analytics call. CRA's reportWebVitals(), called
# with nothing, sends nothing.
VITALS_SINK = content_regex(
    r"sendBeacon|\bfetch\(|\.invoke\(|\bgtag\(|\b(analytics|posthog)\.\w+\(|\bcapture\("
)


# Create React App's template: src/reportWebVitals.js imports web-vitals and index.js calls
# `reportWebVitals()` with nothing to report to; a function passed in (or web-vitals used elsewhere)
# measures.
VITALS_TEMPLATE = content_regex(r"(^|/)reportWebVitals\.[jt]sx?$")
EMPTY_VITALS_CALL = content_regex(r"\breportWebVitals\(\s*\)")
VITALS_CALL = content_regex(r"\breportWebVitals\(")


def _template_vitals(ctx: CheckContext) -> bool:
    """Whether web-vitals is only Create React App's unused template."""
    imports = non_test_rows(repo_table(ctx, "imports"))
    using = set(imports[imports["module"] == "web-vitals"]["path"]) if not imports.empty else set()
    if not using or not all(VITALS_TEMPLATE.search(path) for path in using):
        return False
    calls = [
        line
        for _source, path, text in texts(ctx)
        if not VITALS_TEMPLATE.search(path)
        for line in text.splitlines()
        if VITALS_CALL.search(line) and "import" not in line
    ]
    return all(EMPTY_VITALS_CALL.search(line) for line in calls)


def web_vitals_reported(ctx: CheckContext) -> list[EvidenceRef]:
    """Production code that measures Core Web Vitals in the field with the web-vitals library and
    sends them somewhere (LEVELS.md: web-vitals tracking is enforced measurement)."""
    imports = non_test_rows(repo_table(ctx, "imports"))
    if imports.empty:
        return []
    using = set(imports[imports["module"] == "web-vitals"]["path"])
    if not using:
        return []  # most products: no file worth reading
    return [
        EvidenceRef(source=source, path=path, excerpt="web-vitals")
        for source, path, text in texts(ctx)
        if path in using and WEB_VITALS_CALL.search(text) and VITALS_SINK.search(text)
    ][:3]


# lighthouserc, or a budget file (budget.json, lighthouse-budget.json given to lighthouse-ci-action)
LIGHTHOUSE_CONFIG = content_regex(
    r"(^|/)\.?lighthouserc(\.[\w]+)?$|(^|/)[\w.-]*budgets?\.json$", re.IGNORECASE
)
ENFORCING = content_regex(
    r"['\"]error['\"]|\bpreset\b|budgets?(Path|File)?['\"]?\s*[:=]|\"resourceSizes\"|\"timings\""
)


def _audit_enforced(ctx: CheckContext, runs: pd.DataFrame) -> bool:
    """LEVELS.md's production asks for enforced measurement: an assertion at level "error", an
    assertion preset or a budget makes the run fail, in a configuration file or on the command line
    (`lhci autorun --assert.preset=lighthouse:recommended`); "warn" assertions only print."""
    if not runs.empty and runs["command"].str.contains(r"--assert\.|--budget-path", regex=True).any():
        return True
    return any(ENFORCING.search(text) for _source, path, text in texts(ctx) if LIGHTHOUSE_CONFIG.search(path))


SETTINGS_MODULE = content_regex(r"(^|/)(config|settings|conf)(\.py$|/)")
MEMOISED = content_regex(r"lru_cache|@cache\b")
MAP_CACHE = content_regex(r"\bcache\.(get|set|has)\(")


def _not_caching(ref: EvidenceRef, browser: bool) -> bool:
    """``@lru_cache`` on the function that reads the settings makes them a singleton; it does not
    make the product faster. Nor is a component's own ``Map`` named cache (``cache.get(url)`` in a
    hook) a caching layer: at most an ad hoc measure of the client. A counter of login attempts kept
    in the cache (`tentativas = cache.get(chave, 0)`) is rate limiting, not speed."""
    excerpt = ref.excerpt or ""
    return (
        bool(SETTINGS_MODULE.search(ref.path or "") and MEMOISED.search(excerpt))
        or (browser and bool(MAP_CACHE.search(excerpt)))
        or bool(ATTEMPT_COUNTER.search(excerpt))
    )


ATTEMPT_COUNTER = content_regex(r"(?i)attempt|tentativ|intentos|throttl|rate[_-]?limit|lockout|failed_login")


CACHING_LINES_READ = 100


@check(
    id="performance.caching",
    reads=(
        "repositories.file_roles",
        "repositories.files",
        "repositories.headers",
        "repositories.requirements",
    ),
    criterion="performance",
    caps=False,
    looks_for=en_fr(
        "Cache-Control headers for static assets.", "Des en-têtes Cache-Control pour les fichiers statiques."
    ),
    level="partial",
    remediation=en_fr(
        "Serve hashed assets with `Cache-Control: public, max-age=31536000, "
        "immutable` (vercel.json headers).",
        "Servir les fichiers hachés avec "
        "`Cache-Control: public, max-age=31536000, immutable` (headers de "
        "vercel.json).",
    ),
    seed_section="10.1",
)
def caching(ctx: CheckContext):
    headers = repo_table(ctx, "headers")
    cache = (
        headers[
            (headers["header"] == "cache-control")
            & ~headers["path"].map(lambda p: bool(DOCUMENTATION_PATH.search(p)))
        ]
        if not headers.empty
        else headers
    )
    roles = file_roles(ctx)
    in_code = [
        ref
        for ref in grep(
            ctx,
            SERVER_CACHING,
            r"\.(py|[cm]?[jt]sx?|conf|toml|json)$|"
            r"(^|/)(_headers|Caddyfile)$",
            limit=CACHING_LINES_READ,
            skip_tests=True,
        )
        if not NO_CACHE.search(ref.excerpt or "")
        and not DOCUMENTATION_PATH.search(ref.path or "")  # the docs site's own server
        and not _not_caching(ref, is_browser_path(ctx, ref.path or "", roles))
    ][:5]  # counted after `no-store` lines are set aside, not before
    if cache.empty and not in_code:
        return failed(en_fr("No caching headers configured.", "Aucun en-tête de cache configuré."))
    configured = [ref for ref in in_code if CACHE_CONFIGURATION.search(ref.path or "")]
    if cache.empty and not configured and len(in_code) < DELIBERATE:
        return failed(
            en_fr(
                f"Caching in {len(in_code)} place(s) only: an isolated measure.",
                f"Du cache à {len(in_code)} endroit(s) seulement : une mesure isolée.",
            ),
            in_code,
            shows=Level.PROTOTYPE,
        )
    return passed(
        en_fr("Caching headers are configured.", "Des en-têtes de cache sont configurés."),
        row_refs(cache, "value") + in_code,
    )


@check(
    id="performance.bundle_size",
    reads=(
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="performance",
    caps=False,
    looks_for=en_fr(
        "A bundle-size budget or build statistics kept with the code.",
        "Un budget de taille de bundle ou des statistiques de build gardés avec le code.",
    ),
    level="production",
    remediation=en_fr(
        "Add size-limit (or bundlewatch) with a budget per entry point and run it "
        "in CI, so a heavy dependency is caught in review.",
        "Ajouter size-limit "
        "(ou bundlewatch) avec un budget par point d'entrée et le lancer en CI, "
        "pour repérer une dépendance lourde en revue.",
    ),
    seed_section="10.1",
)
def bundle_size(ctx: CheckContext):
    if not repo_table(ctx, "packages").shape[0]:
        return not_applicable(
            en_fr(
                "No JavaScript package: no bundle to measure.",
                "Aucun paquet JavaScript : pas de bundle à mesurer.",
            )
        )
    tools = sorted(BUNDLE_BUDGET_TOOLS & dependencies(ctx))
    stats = matching_paths(ctx, BUILD_STATS)
    scripts = {
        name: value
        for name, value in package_script_lines(ctx).items()
        if any(tool in value[2] for tool in ("size-limit", "bundlesize", "bundlewatch"))
    }
    refs = file_refs(stats) + [
        EvidenceRef(source=s, path=p, line=line, excerpt=command) for s, p, command, line in scripts.values()
    ]
    if tools or refs:
        return passed(
            en_fr(
                f"Bundle size is measured ({', '.join(tools) or 'build statistics'}).",
                f"La taille du bundle est mesurée ({', '.join(tools) or 'statistiques de build'}).",
            ),
            refs,
            tools=tools,
        )
    return inconclusive(
        en_fr(
            "No build statistics or bundle budget in the repository; a size-limit "
            "budget (or a kept stats.json) would settle it.",
            "Ni statistiques de build ni budget de bundle dans le dépôt ; un "
            "budget size-limit (ou un stats.json conservé) trancherait.",
        )
    )


def _score_excerpt(run) -> str:
    return f"{run.url}: performance {run.performance * 100:.0f}"


@check(
    id="performance.lighthouse_scores",
    reads=("lighthouse.assertions", "lighthouse.runs"),
    criterion="performance",
    looks_for=en_fr(
        "Lighthouse reports in which every audited URL reaches the performance score "
        "target (90 unless targets.min_lighthouse_performance says otherwise) and no "
        "Lighthouse CI assertion at level error fails.",
        "Des rapports Lighthouse où chaque URL auditée atteint l'objectif de score de "
        "performance (90 sauf si targets.min_lighthouse_performance dit autre chose) "
        "et où aucune assertion Lighthouse CI de niveau error n'échoue.",
    ),
    level="production",
    remediation=en_fr(
        "Start with the slowest pages listed here: split their bundles, compress and "
        "size images, cache static assets; then hold the gain with Lighthouse CI "
        "budgets at level error.",
        "Commencer par les pages les plus lentes listées "
        "ici : découper leurs bundles, compresser et dimensionner les images, mettre "
        "les fichiers statiques en cache ; puis tenir le gain avec des budgets "
        "Lighthouse CI au niveau error.",
    ),
    seed_section="10.1",
    sources=("lighthouse",),
)
def lighthouse_scores(ctx: CheckContext):
    minimum = target_fraction(ctx, "min_lighthouse_performance", DEFAULT_MIN_LIGHTHOUSE_PERFORMANCE)
    runs = lighthouse_runs(ctx)
    unscored = runs[runs["performance"].isna()]
    slow = runs[runs["performance"] < minimum].sort_values("performance")
    assertions = ctx.evidence.table("lighthouse", "assertions")
    broken = (
        assertions[(assertions["level"] == "error") & ~assertions["passed"].astype(bool)]
        if not assertions.empty
        else assertions
    )
    refs = lighthouse_refs(ctx, slow, _score_excerpt)
    refs += lighthouse_refs(ctx, unscored, lambda r: f"{r.url}: no score ({r.runtime_error})")
    audits = ", ".join(sorted(set(broken["audit"].astype(str)))) if not broken.empty else ""
    problems = (
        [
            (
                f"{len(slow)} URL run(s) under {minimum * 100:.0f}",
                f"{len(slow)} exécution(s) d'URL sous {minimum * 100:.0f}",
            )
        ]
        if not slow.empty
        else []
    )
    problems += (
        [(f"{len(unscored)} run(s) without a score", f"{len(unscored)} exécution(s) sans score")]
        if not unscored.empty
        else []
    )
    problems += (
        [
            (
                f"{len(broken)} failing LHCI assertion(s): {audits}",
                f"{len(broken)} assertion(s) LHCI en échec : {audits}",
            )
        ]
        if audits
        else []
    )
    if problems:
        return failed(
            en_fr(
                "Lighthouse: " + "; ".join(en for en, _ in problems) + ".",
                "Lighthouse : " + " ; ".join(fr for _, fr in problems) + ".",
            ),
            refs,
        )
    worst = f"{runs['performance'].min() * 100:.0f}"
    return passed(
        en_fr(
            f"Every audited URL scores at least {worst} in performance ({len(runs)} run(s)).",
            f"Chaque URL auditée obtient au moins {worst} en performance ({len(runs)} exécution(s)).",
        ),
        lighthouse_refs(ctx, runs, _score_excerpt),
    )


@check(
    id="performance.web_vitals",
    reads=("lighthouse.metrics",),
    criterion="performance",
    looks_for=en_fr(
        "Lab Core Web Vitals within Google's 'good' thresholds on every audited URL: "
        "LCP ≤ 2.5 s, CLS ≤ 0.1, TBT ≤ 200 ms.",
        "Des Core Web Vitals de laboratoire dans les seuils « bons » de Google sur "
        "chaque URL auditée : LCP ≤ 2,5 s, CLS ≤ 0,1, TBT ≤ 200 ms.",
    ),
    level="production",
    remediation=en_fr(
        "LCP: preload the hero image and render above-the-fold content on the "
        "server; CLS: give images and embeds their size; TBT: defer and split "
        "JavaScript that runs on load.",
        "LCP : précharger l'image principale et "
        "rendre le haut de page côté serveur ; CLS : donner leur taille aux images "
        "et intégrations ; TBT : différer et découper le JavaScript exécuté au "
        "chargement.",
    ),
    seed_section="10.1",
    sources=("lighthouse",),
)
def web_vitals(ctx: CheckContext):
    metrics = ctx.evidence.table("lighthouse", "metrics")
    vitals = metrics[metrics["metric"].isin(list(WEB_VITAL_LIMITS))] if not metrics.empty else metrics
    if vitals.empty:
        return inconclusive(
            en_fr(
                "The Lighthouse reports hold no LCP, CLS or TBT measurement.",
                "Les rapports Lighthouse ne contiennent aucune mesure LCP, CLS ou TBT.",
            )
        )
    over = vitals[vitals["value"] > vitals["metric"].map(WEB_VITAL_LIMITS)]
    if not over.empty:
        names = ", ".join(sorted(set(over["metric"])))
        return failed(
            en_fr(
                f"{len(over)} measurement(s) over the 'good' threshold ({names}).",
                f"{len(over)} mesure(s) au-delà du seuil « bon » ({names}).",
            ),
            lighthouse_refs(
                ctx, over, lambda r: f"{r.url}: {r.metric} {r.value:g} > {WEB_VITAL_LIMITS[r.metric]:g}"
            ),
        )
    urls = vitals["url"].nunique()
    return passed(
        en_fr(
            f"LCP, CLS and TBT are within the 'good' thresholds on {urls} URL(s).",
            f"LCP, CLS et TBT sont dans les seuils « bons » sur {urls} URL.",
        ),
        lighthouse_refs(ctx, vitals.drop_duplicates("report"), lambda r: f"{r.url}: web vitals good"),
    )


def transaction_target(ctx: CheckContext, transaction: str) -> float | None:
    """The p95 objective of one transaction: its own under targets.endpoints, else the global one."""
    endpoint = ctx.targets.get("endpoints", {}).get(transaction, {})
    return endpoint.get("latency_p95_ms", ctx.targets.get("latency_p95_ms"))


@check(
    id="performance.sentry_transaction_durations",
    reads=("sentry.transactions",),
    criterion="performance",
    looks_for=en_fr(
        "Production transaction durations traced by Sentry (p95) within "
        "targets.latency_p95_ms (or a per-endpoint objective).",
        "Les durées des transactions de production tracées par Sentry (p95) sous "
        "targets.latency_p95_ms (ou l'objectif propre à l'endpoint).",
    ),
    level="production",
    remediation=en_fr(
        "Open the slowest transactions in Sentry Performance, find the span that "
        "dominates (a Supabase query, a waterfall of fetches) and fix it first.",
        "Ouvrir les transactions les plus lentes dans Sentry Performance, trouver le "
        "span qui domine (requête Supabase, cascade de fetch) et le corriger d'abord.",
    ),
    seed_section="10.7",
    sources=("sentry",),
)
def sentry_transaction_durations(ctx: CheckContext):
    p95 = transaction_p95(ctx.evidence.table("sentry", "transactions"))
    if p95.empty:
        return inconclusive(
            en_fr(
                "The Sentry evidence holds no production transaction (tracing is off).",
                "Les preuves Sentry ne contiennent aucune transaction de "
                "production (le tracing est désactivé).",
            )
        )
    p95["target_ms"] = [transaction_target(ctx, name) for name in p95["transaction"]]
    judged = p95[p95["target_ms"].notna()]
    slowest = in_each_lang(
        lambda lang: (
            f"{p95['transaction'].iloc[0]} {AT[lang]} {figure(p95['p95_ms'].iloc[0], '.0f', lang)} ms"
        )
    )
    if judged.empty:
        return inconclusive(
            en_fr(
                f"Slowest production transaction: {slowest['en']} (p95), but "
                "readiness.yml sets no targets.latency_p95_ms.",
                f"Transaction de production la plus lente : {slowest['fr']} (p95), "
                "mais readiness.yml ne fixe aucun targets.latency_p95_ms.",
            )
        )
    slow = judged[judged["p95_ms"] > judged["target_ms"]]
    data = {"transactions": len(judged), "over_target": slow["transaction"].tolist()}
    if slow.empty:
        return passed(
            en_fr(
                f"All {len(judged)} production transactions meet their p95 objective "
                f"(slowest: {slowest['en']}).",
                f"Les {len(judged)} transactions de "
                f"production tiennent leur objectif p95 (la plus lente : {slowest['fr']}).",
            ),
            **data,
        )
    listed = in_each_lang(
        lambda lang: SEMICOLON[lang].join(
            f"{r.transaction} {figure(r.p95_ms, '.0f', lang)} ms > {figure(r.target_ms, '.0f', lang)} ms"
            for r in slow.head(5).itertuples(index=False)
        )
    )
    return failed(
        en_fr(
            f"{len(slow)} of {len(judged)} production transactions miss their p95 objective: {listed['en']}.",
            f"{len(slow)} des {len(judged)} transactions "
            f"de production manquent leur objectif p95 : {listed['fr']}.",
        ),
        **data,
    )


def _endpoint_misses(endpoints, objectives: dict, lang: str = "en") -> tuple[list[str], list[str]]:
    """(misses in ``lang``, endpoints without figures) for targets.endpoints.{name}.latency_p95_ms/p99."""
    misses, unmeasured = [], []
    for name, limits in objectives.items():
        rows = endpoints[endpoints["endpoint"] == name]
        for key, stat in LATENCY_TARGETS.items():
            if key not in limits:
                continue
            if rows.empty or rows[stat].isna().all():
                unmeasured.append(f"{name} {stat}")
            elif not rows[stat].max() < limits[key]:
                misses.append(latency_miss(f"{name} {stat}", rows[stat].max(), limits[key], lang))
    return misses, unmeasured


@check(
    id="performance.load_latency_objectives",
    reads=("load_tests.endpoints", "load_tests.runs"),
    criterion="performance",
    looks_for=en_fr(
        "Latencies under load within the objectives, overall (targets.latency_p95_ms / "
        "p99) and per endpoint (targets.endpoints).",
        "Des latences sous charge dans les objectifs, globalement (targets.latency_p95_ms "
        "/ p99) et par endpoint (targets.endpoints).",
    ),
    level="production",
    remediation=en_fr(
        "Profile the slow endpoints from the load test (queries, N+1, missing indexes, "
        "caching), then re-run it.",
        "Profiler les endpoints lents du test de charge (requêtes, N+1, index "
        "manquants, cache), puis le relancer.",
    ),
    seed_section="10.7",
    sources=("load_tests",),
)
def load_latency_objectives(ctx: CheckContext):
    overall = {key: ctx.targets[key] for key in LATENCY_TARGETS if key in ctx.targets}
    per_endpoint = ctx.targets.get("endpoints", {})
    if not overall and not per_endpoint:
        return inconclusive(
            en_fr(
                "readiness.yml declares no latency objective "
                "(targets.latency_p95_ms, latency_p99_ms or endpoints).",
                "readiness.yml ne déclare aucun objectif de latence "
                "(targets.latency_p95_ms, latency_p99_ms ou endpoints).",
            )
        )
    run = reference_run(load_test_runs(ctx))
    endpoints = ctx.evidence.table("load_tests", "endpoints")
    endpoints = endpoints[(endpoints["run"] == run["run"]) & (endpoints["source"] == run["source"])]

    def misses_in(lang: str) -> list[str]:
        """Overall misses first, then per endpoint, worded in ``lang``."""
        return [
            latency_miss(OVERALL[lang].format(stat=stat), run[stat], overall[key], lang)
            for key, stat in LATENCY_TARGETS.items()
            if key in overall and not run[stat] < overall[key]
        ] + _endpoint_misses(endpoints, per_endpoint, lang)[0]

    misses, unmeasured = misses_in("en"), _endpoint_misses(endpoints, per_endpoint)[1]
    if misses:
        return failed(
            en_fr(
                "Latency objectives missed under load: " + "; ".join(misses) + ".",
                "Objectifs de latence manqués sous charge : " + SEMICOLON["fr"].join(misses_in("fr")) + ".",
            ),
            [run_ref(run)],
            misses=misses,
            unmeasured=unmeasured,
        )
    if unmeasured:
        return inconclusive(
            en_fr(
                "The load test has no figures for " + ", ".join(unmeasured) + ".",
                "Le test de charge ne donne aucun chiffre pour " + ", ".join(unmeasured) + ".",
            ),
            [run_ref(run)],
            unmeasured=unmeasured,
        )
    return passed(
        en_fr("Latency objectives met under load.", "Objectifs de latence tenus sous charge."), [run_ref(run)]
    )
