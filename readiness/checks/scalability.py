"""Criterion 11, scalability: load tested for the target (§10.1, §10.7)."""

from __future__ import annotations

import pandas as pd
import re2

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.load_runs import (
    DEFAULT_MAX_RESULT_AGE_DAYS,
    age_in_days,
    describe_run,
    load_shortfalls,
    load_targets,
    load_test_runs,
    objective_misses,
    reference_run,
    run_ref,
    unknown_objectives,
)
from readiness.checks.repo import (
    SEMICOLON,
    en_fr,
    file_refs,
    grep,
    grep_spanning,
    in_each_lang,
    matching_paths,
    repo_files,
    repo_table,
    row_refs,
)
from readiness.model import EvidenceRef, Severity
from readiness.numbers import figure, rate_figure
from readiness.sentry_metrics import crash_free_rates
from readiness.slo import PERIODS, allowed_downtime, burn_rate, error_budget, format_duration

LOAD_TEST_MODULES = {"k6": "k6", "locust": "Locust", "artillery": "Artillery", "autocannon": "autocannon"}
# A load run written down as a command (docs, scripts, CI): ApacheBench, wrk, hey, vegeta, k6 run.
LOAD_COMMAND = (
    r"(^|[\s`$/])(ab\s[^\n]*-[nc]\s*\d+|wrk\s+-[tcd]\s*\d+|hey\s+-[nc]\s*\d+|"
    r"vegeta\s+attack|k6\s+run\s|locust\s+-f|artillery\s+run|autocannon\s+-c)"
)


# A load a reviewer would call a target: a number of at least two digits (or 5k, 1.5M) of concurrent
# users or of requests, or the words of a stated target. A list item ("1. Users can…") or a feature's
# "capacity planning" (of staff, of rooms) is none.
CAPACITY_STATED = (
    r"(?i)\b((\d{2,}[\d,]*|\d+(\.\d+)?\s?[km])\s+((concurrent|simultaneous) "
    r"(users|utilisateurs)|requests? per second|req/s|rps)|expected (load|traffic)|"
    r"charge (cible|attendue)|scalability target|load target)\b"
)
STATED = re2.compile(CAPACITY_STATED)
# A count of (active) users is a target only beside words of capacity: "1,234 Active Users" on a
# dashboard, "75 users (40 tenants…)" in a seed, "halving every 1,000 users" in token rules are not.
USER_COUNT = r"\b(\d{3,}[\d,]*|\d{1,3}(,\d{3})+|\d+(\.\d+)?\s?[km])\s+(active\s+)?(users|utilisateurs)\b"
CAPACITY_WORDS = re2.compile(
    r"(?i)\b(support|handle|serve|scale|capacity|target|expected|peak|up to|load|charge|cible|prévu|"
    r"supporter|tenir)\w*"
)


# What a customer buys, not what the product must hold: "Up to 50 users | 50 seats | $299".
# A business plan's audience ("Revenue … if targeting 5000 users") is no capacity either.
SOLD = re2.compile(
    r"(?i)[$€£]\s?\d|\bseats?\b|\blicen[cs]e|\bpricing\b|\bper (seat|month|year)\b|/mo\b|"
    r"\brevenue|\bmonetis|\bmonetiz|\bsubscribers?\b|\bMRR\b|\bARR\b"
)


@check(
    id="scalability.target_stated",
    criterion="scalability",
    caps=False,
    looks_for=en_fr(
        "A stated load target or capacity (targets.expected_users in readiness.yml, or "
        "the expected load written in the docs).",
        "Une cible de charge ou une capacité énoncée (targets.expected_users dans "
        "readiness.yml, ou la charge attendue écrite dans la documentation).",
    ),
    level="prototype",
    remediation=en_fr(
        "Say how many users (or requests per second) the product must hold at launch, "
        "in readiness.yml targets.",
        "Dire combien d'utilisateurs (ou de requêtes par "
        "seconde) le produit doit tenir au lancement, dans les targets de readiness.yml.",
    ),
    seed_section="10.7",
)
def target_stated(ctx: CheckContext):
    declared = {
        key: ctx.targets[key] for key in ("expected_users", "requests_per_second") if ctx.targets.get(key)
    }
    if declared:
        shown = ", ".join(f"{key} {value}" for key, value in declared.items())
        return passed(
            en_fr(f"Load target declared: {shown}.", f"Cible de charge déclarée : {shown}."), **declared
        )
    written = grep(ctx, f"{CAPACITY_STATED}|{USER_COUNT}", r"\.(md|mdx|rst|txt)$", limit=50)
    refs = [
        ref
        for ref in written
        if not SOLD.search(ref.excerpt or "")
        and (STATED.search(ref.excerpt or "") or CAPACITY_WORDS.search(ref.excerpt or ""))
    ][:5]
    if refs:
        return passed(
            en_fr(
                "The expected load is written in the docs.",
                "La charge attendue est écrite dans la documentation.",
            ),
            refs,
        )
    return failed(
        en_fr(
            "Nobody has said what load the product must hold.",
            "Personne n'a dit quelle charge le produit doit tenir.",
        )
    )


SCRIPT_ARGUMENT = re2.compile(r"(?:^|[\s<])([\w./-]+\.(?:js|ts|mjs|py|ya?ml|json|jmx))\b")


def _runnable(ctx: CheckContext, commands: list[EvidenceRef]) -> list[EvidenceRef]:
    """Load runs someone can start from the repository: a self-contained command (`ab -n 1000 -c 50
    URL`), or one whose script is there. A guide's `k6 run load-tests/baseline.js` with no such file
    plans a test; it is none."""
    tracked = {p.rsplit("/", 1)[-1] for p in repo_files(ctx)["path"]}
    return [
        ref
        for ref in commands
        if all(arg.rsplit("/", 1)[-1] in tracked for arg in SCRIPT_ARGUMENT.findall(ref.excerpt or ""))
    ]


@check(
    id="scalability.load_test_scripts",
    reads=("repositories.files", "repositories.imports"),
    criterion="scalability",
    looks_for=en_fr(
        "Load-test scripts (k6, Locust, JMeter, Artillery).",
        "Des scripts de test de charge (k6, Locust, JMeter, Artillery).",
    ),
    level="partial",
    remediation=en_fr(
        "Script the main journeys with k6 or Locust and run them at the expected load before launch.",
        "Scénariser les parcours principaux avec k6 ou "
        "Locust et les lancer à la charge prévue avant le lancement.",
    ),
    seed_section="10.7",
)
def load_test_scripts(ctx: CheckContext):
    files = matching_paths(
        ctx,
        r"locustfile[^/]*\.py$|\.jmx$|artillery[^/]*\.ya?ml$|"
        r"(^|/)gatling/.+\.(scala|java|kt)$",
    )
    imports = repo_table(ctx, "imports")
    tools = (
        imports[imports["module"].map(lambda m: LOAD_TEST_MODULES.get(str(m).split("/")[0]) is not None)]
        if not imports.empty
        else imports
    )
    written = grep(ctx, LOAD_COMMAND, r"\.(md|mdx|rst|txt|sh|ya?ml|json)$|(^|/)Makefile$")
    own = _own_load_scripts(ctx)
    commands = _runnable(ctx, written)[:3] + own
    if files.empty and tools.empty and not commands:
        return failed(
            en_fr(
                "No load-test script: nobody knows how many users the product holds.",
                "Aucun script de test de charge : personne ne sait combien d'utilisateurs le produit tient.",
            )
        )
    names = sorted({LOAD_TEST_MODULES[str(m).split("/")[0]] for m in tools.get("module", [])})
    kinds = {
        "en": ", ".join(names + (["a script of the team's own"] if own else [])) or "tool configuration",
        "fr": ", ".join(names + (["un script de l'équipe"] if own else [])) or "configuration des outils",
    }
    return passed(
        en_fr(
            f"Load-test scripts exist ({kinds['en']}).",
            f"Des scripts de test de charge existent ({kinds['fr']}).",
        ),
        row_refs(tools.drop_duplicates("path"), "module") + file_refs(files) + commands,
        tools=names,
    )


# A load script of the team's own: named for it (scripts/load_test_pos.py) and firing requests
# concurrently (asyncio.gather over httpx, Promise.all over fetch, a thread pool).
OWN_LOAD_SCRIPT = r"(^|/)[\w.-]*(load|stress)[-_]?tests?[\w.-]*\.(py|[cm]?[jt]s)$"
CONCURRENT_REQUESTS = (
    r"(?s)(asyncio\.gather|Promise\.all|ThreadPoolExecutor|Semaphore\()"
    r".*(httpx|aiohttp|requests\.|fetch\(|axios)|(httpx|aiohttp|requests\.|fetch\(|axios)"
    r".*(asyncio\.gather|Promise\.all|ThreadPoolExecutor|Semaphore\()"
)


def _own_load_scripts(ctx: CheckContext) -> list[EvidenceRef]:
    """Load scripts of the team's own (OWN_LOAD_SCRIPT) that send requests concurrently."""
    return grep_spanning(ctx, CONCURRENT_REQUESTS, OWN_LOAD_SCRIPT, limit=3)


@check(
    id="scalability.load_test_results",
    reads=("load_tests.runs",),
    criterion="scalability",
    looks_for=en_fr(
        "Results of a load-test run (k6, Locust, JMeter or Artillery output).",
        "Les résultats d'un test de charge (sortie de k6, Locust, JMeter ou Artillery).",
    ),
    level="partial",
    remediation=en_fr(
        "Run the load-test scripts and keep their output (k6 --summary-export or "
        "--out json, Locust --csv, JMeter .jtl, Artillery --output) as evidence.",
        "Lancer les scripts de charge et garder leur sortie (k6 --summary-export ou "
        "--out json, Locust --csv, JMeter .jtl, Artillery --output) comme preuve.",
    ),
    seed_section="10.1",
    sources=("load_tests",),
)
def load_test_results(ctx: CheckContext):
    runs = load_test_runs(ctx)
    heaviest = reference_run(runs)
    return passed(
        en_fr(
            f"{len(runs)} load-test run(s); the heaviest: {describe_run(heaviest)}.",
            f"{len(runs)} test(s) de charge ; le plus lourd : {describe_run(heaviest, 'fr')}.",
        ),
        [run_ref(row) for _, row in runs.iterrows()],
        runs=len(runs),
    )


@check(
    id="scalability.load_tested_at_target",
    reads=("load_tests.runs",),
    criterion="scalability",
    looks_for=en_fr(
        "A load-test run at or above the target load (targets.expected_users / "
        "requests_per_second) that meets the latency and error-rate objectives.",
        "Un test de charge à la charge cible ou au-delà (targets.expected_users / "
        "requests_per_second) qui tient les objectifs de latence et de taux d'erreur.",
    ),
    level="production",
    remediation=en_fr(
        "Run the load test at the expected number of users (ramp up to it, hold it a "
        "few minutes) and fix what breaks before launch.",
        "Lancer le test de charge au nombre d'utilisateurs prévu (montée progressive, "
        "palier de quelques minutes) et corriger ce qui casse avant le lancement.",
    ),
    seed_section="10.1",
    severity=Severity.HIGH,
    sources=("load_tests",),
)
def load_tested_at_target(ctx: CheckContext):
    if not load_targets(ctx.targets):
        return inconclusive(
            en_fr(
                "readiness.yml declares no load target (targets.expected_users or "
                "targets.requests_per_second): nothing to test against.",
                "readiness.yml ne déclare aucune charge cible "
                "(targets.expected_users ou targets.requests_per_second) : rien "
                "à quoi comparer le test.",
            )
        )
    runs = load_test_runs(ctx)
    judged = [
        (row, load_shortfalls(row, ctx.targets), objective_misses(row, ctx.targets))
        for _, row in runs.iterrows()
    ]
    at_target = [(row, misses) for row, short, misses in judged if short == []]
    for row, misses in at_target:
        unknown = unknown_objectives(row, ctx.targets)
        if not misses and unknown:
            return inconclusive(
                en_fr(
                    f"At the target load, but the run does not say: {'; '.join(unknown)}.",
                    "À la charge cible, mais l'exécution ne le dit pas : "
                    f"{SEMICOLON['fr'].join(unknown_objectives(row, ctx.targets, 'fr'))}.",
                ),
                [run_ref(row)],
                run=row["run"],
            )
        if not misses:
            return passed(
                en_fr(
                    f"Load tested at the target: {describe_run(row)}.",
                    f"Test de charge à la cible : {describe_run(row, 'fr')}.",
                ),
                [run_ref(row)],
                run=row["run"],
            )
    if at_target:
        row, misses = at_target[0]
        return failed(
            en_fr(
                f"At the target load but objectives missed: {'; '.join(misses)}.",
                "À la charge cible, mais objectifs manqués : "
                f"{SEMICOLON['fr'].join(objective_misses(row, ctx.targets, 'fr'))}.",
            ),
            [run_ref(row)],
            run=row["run"],
            misses=misses,
        )
    below = [row for row, short, _ in judged if short]
    if not below:
        return inconclusive(
            en_fr(
                "No run says how much load it applied (peak users or throughput unknown).",
                "Aucune exécution ne dit quelle charge elle a "
                "appliquée (pic d'utilisateurs ou débit inconnus).",
            ),
            [run_ref(row) for row, _, _ in judged],
        )
    row = reference_run(pd.DataFrame(below))
    short = load_shortfalls(row, ctx.targets)
    return failed(
        en_fr(
            f"No load test at the target: the heaviest run reached {'; '.join(short)}.",
            "Aucun test de charge à la cible : l'exécution la plus lourde a atteint "
            f"{SEMICOLON['fr'].join(load_shortfalls(row, ctx.targets, 'fr'))}.",
        ),
        [run_ref(row)],
        run=row["run"],
        shortfall=short,
    )


@check(
    id="scalability.load_test_fresh",
    reads=("load_tests.runs",),
    criterion="scalability",
    evidences=False,
    looks_for=en_fr(
        "A load-test result younger than targets.max_result_age_days (90 days by default).",
        "Un résultat de test de charge de moins de targets.max_result_age_days jours (90 par défaut).",
    ),
    level="production",
    remediation=en_fr(
        "Re-run the load test after significant changes, and at least each quarter.",
        "Relancer le test de charge après chaque changement important, et au moins chaque trimestre.",
    ),
    seed_section="10.1",
    severity=Severity.LOW,
    sources=("load_tests",),
)
def load_test_fresh(ctx: CheckContext):
    runs = load_test_runs(ctx)
    dated = runs[runs["when"].notna()]
    if dated.empty:
        return inconclusive(
            en_fr(
                "No load-test result carries a date; add `date:` to the evidence entry.",
                "Aucun résultat de test de charge n'est daté ; ajouter `date:` à l'entrée de preuve.",
            )
        )
    newest = dated.sort_values("when").iloc[-1]
    limit = int(ctx.targets.get("max_result_age_days", DEFAULT_MAX_RESULT_AGE_DAYS))
    age = age_in_days(newest["when"], ctx.as_of)
    if age > limit:
        return failed(
            en_fr(
                f"Stale: the newest load-test result is {age} days old (limit {limit}).",
                f"Périmé : le résultat de test de charge le plus récent date de {age} "
                f"jours (limite {limit}).",
            ),
            [run_ref(newest)],
            age_days=age,
            limit_days=limit,
        )
    return passed(
        en_fr(
            f"The newest load-test result is {age} day(s) old (limit {limit}).",
            f"Le résultat de test de charge le plus récent date de {age} jour(s) (limite {limit}).",
        ),
        [run_ref(newest)],
        age_days=age,
        limit_days=limit,
    )


BURN = {
    "en": "{measure}: {share} failed, burn rate {rate}×",
    "fr": "{measure} : {share} en échec, taux de consommation {rate}×",
}
BUDGET = {
    "en": "SLO {slo}% → budget {budget} ({month} a month)",
    "fr": "SLO {slo} % → budget d'erreur {budget} ({month} par mois)",
}


def _burn(label: str, failure_share: float, availability: float) -> dict:
    """One measured failure share against the budget: burn rate and time to spend a month's budget."""
    rate = burn_rate(failure_share, availability)
    month = PERIODS["month"] * error_budget(availability)
    exhausted = (PERIODS["month"] / rate).total_seconds() if rate > 0 else None
    return {
        "measure": label,
        "failure_share": failure_share,
        "burn_rate": round(rate, 3),
        "month_budget_spent_in_s": exhausted,
        "month_budget_s": month.total_seconds(),
    }


def _sentry_failure_share(ctx: CheckContext) -> float | None:
    if not ctx.evidence.has("sentry"):
        return None
    rates = crash_free_rates(
        ctx.evidence.table("sentry", "sessions"), ctx.evidence.table("sentry", "crash_free")
    )
    rate = rates.get("sessions")
    return None if rate is None or pd.isna(rate) else 1 - rate / 100


@check(
    id="scalability.error_budget",
    reads=("load_tests.runs", "sentry.crash_free", "sentry.sessions"),
    criterion="scalability",
    evidences=False,
    looks_for=en_fr(
        "An availability objective (SLO) whose error budget the measured error rate "
        "does not burn faster than allowed (load test, and Sentry crash-free sessions "
        "when given).",
        "Un objectif de disponibilité (SLO) dont le taux d'erreur mesuré ne consomme pas "
        "le budget d'erreur plus vite que permis (test de charge, et sessions sans "
        "crash de Sentry si fournies).",
    ),
    level="production",
    remediation=en_fr(
        "Set targets.availability (99.9 leaves 43 min a month), then bring the error "
        "rate under the budget before launch; once in production, stop deploying "
        "features when the budget is spent.",
        "Fixer targets.availability (99,9 laisse 43 min par mois), puis ramener le "
        "taux d'erreur sous le budget avant le lancement ; en production, geler les "
        "déploiements de fonctionnalités quand le budget est épuisé.",
    ),
    seed_section="10.7",
    sources=("load_tests",),
)
def load_error_budget(ctx: CheckContext):
    availability = ctx.targets.get("availability")
    if availability is None:
        return inconclusive(
            en_fr(
                "readiness.yml declares no targets.availability: no error budget to measure against.",
                "readiness.yml ne déclare aucun targets.availability : pas de budget d'erreur de référence.",
            )
        )
    run = reference_run(load_test_runs(ctx))
    measures = [en_fr(f"load test {run['run']}", f"test de charge {run['run']}")]
    burns = [_burn(measures[0]["en"], float(run["error_rate"]), availability)]
    crash_share = _sentry_failure_share(ctx)
    if crash_share is not None:
        measures.append(en_fr("Sentry crashed sessions", "sessions Sentry en crash"))
        burns.append(_burn(measures[1]["en"], crash_share, availability))
    data = {
        "availability": availability,
        "budget": error_budget(availability),
        "allowed_downtime_s": {
            period: allowed_downtime(availability, period).total_seconds()
            for period in ("year", "month", "week")
        },
        "burns": burns,
    }
    over = [b for b in burns if b["burn_rate"] > 1]
    summary = in_each_lang(
        lambda lang: SEMICOLON[lang].join(
            BURN[lang].format(
                measure=measure[lang],
                share=rate_figure(b["failure_share"], lang),
                rate=figure(b["burn_rate"], "g", lang),
            )
            for measure, b in zip(measures, burns, strict=True)
        )
    )
    budget = in_each_lang(
        lambda lang: BUDGET[lang].format(
            slo=figure(availability, "g", lang),
            budget=figure(error_budget(availability), ".2%", lang),
            month=format_duration(data["allowed_downtime_s"]["month"], lang),
        )
    )
    if over:
        spent = over[0]["month_budget_spent_in_s"]
        return failed(
            en_fr(
                f"{budget['en']}; {summary['en']}: a month's budget would be spent in "
                f"{format_duration(spent, 'en')}.",
                f"{budget['fr']} ; {summary['fr']} : le budget d'un mois "
                f"serait consommé en {format_duration(spent, 'fr')}.",
            ),
            [run_ref(run)],
            **data,
        )
    return passed(
        en_fr(
            f"{budget['en']}; {summary['en']}: within budget.",
            f"{budget['fr']} ; {summary['fr']} : dans le budget.",
        ),
        [run_ref(run)],
        **data,
    )
