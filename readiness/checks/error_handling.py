"""Criterion 2, error handling: no swallowed errors; each catch logs, informs and reports (§10.2)."""

from __future__ import annotations

import re

import pandas as pd

from readiness.checks import CheckContext, check, failed, inconclusive, not_applicable, passed
from readiness.checks.repo import (
    MAX_REFS,
    dependencies,
    en_fr,
    figure,
    non_test_rows,
    repo_files,
    repo_table,
    row_refs,
)
from readiness.model import EvidenceRef
from readiness.sentry_metrics import top_issues, unhandled_share

LOG_CALL = re.compile(r"(^|\.)(logger|log|logging|structlog|winston|pino|bunyan)(\.\w+)*\."
                      r"(error|warn|warning|exception|critical|fatal|info)$|^logging\.exception$")
INFORM_CALL = re.compile(r"(^|\.)(toast|notify|showNotification|setError|alert|enqueueSnackbar|"
                         r"flash|abort|HTTPException|showError|message\.error|st\.error)(\.\w+)?$")
REPORT_CALL = re.compile(r"(^|\.)(captureException|captureMessage|capture_exception|"
                         r"capture_message|reportError|notify|addError|error)$")
REPORTERS = re.compile(r"^(Sentry|sentry_sdk|Bugsnag|Rollbar|rollbar|datadogRum|Honeybadger)\.|"
                       r"^(captureException|capture_exception|reportError)$")
CONSOLE_CALL = re.compile(r"^(console\.\w+|print)$")
ACTIONS = ("log", "inform", "report")
WELL_HANDLED_SHARE = 0.8
BOUNDARY_METHODS = {"componentDidCatch", "getDerivedStateFromError"}
NO_CATCH_TO_JUDGE = en_fr("No catch or except block in production code to judge.",
                          "Aucun bloc catch ou except à juger dans le code de production.")


def catch_actions(callees: list[str]) -> set[str]:
    """Which of the seed's three actions a catch body performs, judged from the calls it makes."""
    found = set()
    if any(LOG_CALL.search(c) for c in callees):
        found.add("log")
    if any(INFORM_CALL.search(c) for c in callees):
        found.add("inform")
    if any(REPORTERS.search(c) and REPORT_CALL.search(c) for c in callees):
        found.add("report")
    return found


def production_catches(ctx: CheckContext) -> pd.DataFrame:
    """Catch and except blocks of production code, each with the actions it performs."""
    catches = non_test_rows(repo_table(ctx, "catches"))
    if catches.empty:
        return catches
    actions = catches["body_calls"].map(lambda calls: catch_actions(list(calls)))
    console_only = catches["body_calls"].map(
        lambda calls: bool(len(calls)) and all(CONSOLE_CALL.match(c) for c in calls))
    swallowed = (catches["empty"] | console_only) & ~catches["rethrows"].astype(bool)
    return catches.assign(actions=actions, action_count=actions.map(len), swallowed=swallowed)


@check(
    id="error_handling.no_swallowed_errors",
    criterion="error_handling",
    looks_for=en_fr("Catch blocks that are empty or only print to the console.",
                    "Des blocs catch vides ou qui ne font qu'écrire dans la console."),
    level="prototype",
    severity="high",
    remediation=en_fr("In every catch: log with context, tell the user what happened, report to "
                      "monitoring (Sentry.captureException).",
                      "Dans chaque catch : journaliser avec le contexte, informer l'utilisateur, "
                      "remonter au monitoring (Sentry.captureException)."),
    seed_section="10.2",
)
def no_swallowed_errors(ctx: CheckContext):
    catches = production_catches(ctx)
    if catches.empty:
        return inconclusive(NO_CATCH_TO_JUDGE)
    bad = catches[catches["swallowed"]]
    if not bad.empty:
        return failed(en_fr(f"{len(bad)} of {len(catches)} catch blocks swallow the error or only "
                            "print it.", "Blocs catch qui avalent l'erreur ou se contentent de "
                            f"l'afficher : {len(bad)} sur {len(catches)}."),
                      row_refs(bad, "excerpt"), swallowed=len(bad), total=len(catches))
    return passed(en_fr(f"None of the {len(catches)} catch blocks swallows its error.",
                        f"Aucun bloc catch n'avale son erreur (blocs examinés : {len(catches)})."),
                  total=len(catches))


@check(
    id="error_handling.bare_except",
    criterion="error_handling",
    looks_for=en_fr("Bare `except:` clauses, which also catch KeyboardInterrupt and SystemExit.",
                    "Des clauses `except:` nues, qui attrapent aussi KeyboardInterrupt et "
                    "SystemExit."),
    level="partial",
    remediation=en_fr("Catch the exceptions you expect (`except ValueError:`), or at least "
                      "`except Exception:` with logging.", "Attraper les exceptions attendues "
                      "(`except ValueError:`), ou au moins `except Exception:` avec journalisation."),
    seed_section="10.2",
)
def bare_except(ctx: CheckContext):
    catches = production_catches(ctx)
    python = catches[catches["language"] == "python"] if not catches.empty else catches
    if python.empty:
        return not_applicable(en_fr("No Python except clause in production code.",
                                    "Aucune clause except Python dans le code de production."))
    bare = python[python["bare"].astype(bool)]
    if not bare.empty:
        return failed(en_fr(f"{len(bare)} bare `except:` clause(s).",
                            f"Clauses `except:` nues : {len(bare)}."), row_refs(bare, "excerpt"))
    return passed(en_fr(f"All {len(python)} except clauses name what they catch.",
                        "Chaque clause except nomme ce qu'elle attrape (clauses examinées : "
                        f"{len(python)})."))


@check(
    id="error_handling.log_inform_report",
    criterion="error_handling",
    looks_for=en_fr("The share of catch blocks that log, inform the user and report (§10.2's rule).",
                    "La part des catch qui journalisent, informent et remontent (règle du §10.2)."),
    level="production",
    remediation=en_fr("Wrap the three actions in one helper (e.g. handleError(error, message)) and "
                      "call it from every catch.", "Regrouper les trois actions dans une fonction "
                      "(ex. handleError(error, message)) appelée depuis chaque catch."),
    seed_section="10.2",
)
def log_inform_report(ctx: CheckContext):
    catches = production_catches(ctx)
    if catches.empty:
        return inconclusive(NO_CATCH_TO_JUDGE)
    complete = catches[catches["action_count"] == len(ACTIONS)]
    share = len(complete) / len(catches)
    counts = {n: int((catches["action_count"] == n).sum()) for n in range(len(ACTIONS) + 1)}
    per_action = {a: int(catches["actions"].map(lambda found, a=a: a in found).sum())
                  for a in ACTIONS}
    incomplete = catches[catches["action_count"] < len(ACTIONS)]
    refs = row_refs(incomplete.assign(missing=incomplete["actions"].map(
        lambda found: "missing: " + ", ".join(a for a in ACTIONS if a not in found))), "missing")
    message = en_fr(f"{len(complete)} of {len(catches)} catch blocks ({share:.0%}) log, inform and "
                    f"report; blocks by number of actions: {counts}.",
                    "Blocs catch qui journalisent, informent et remontent au monitoring : "
                    f"{len(complete)} sur {len(catches)} ({figure(share, '.0%', 'fr')}) ; blocs par "
                    f"nombre d'actions : {counts}.")
    data = {"share": round(share, 4), "actions_per_block": counts, "blocks_per_action": per_action,
            "offenders": [f"{row.path}:{row.line}" for row in incomplete.itertuples(index=False)]}
    if share >= WELL_HANDLED_SHARE:
        return passed(message, refs, **data)
    return failed(message, refs, **data)


def _boundaries(ctx: CheckContext) -> pd.DataFrame:
    """Where an Error Boundary is defined or used: a class method, the library, or its element."""
    definitions = repo_table(ctx, "definitions")
    jsx, imports = repo_table(ctx, "jsx"), repo_table(ctx, "imports")
    frames = [
        definitions[definitions["name"].isin(BOUNDARY_METHODS)] if not definitions.empty else None,
        imports[imports["module"] == "react-error-boundary"] if not imports.empty else None,
        jsx[jsx["element"].str.endswith("ErrorBoundary")] if not jsx.empty else None,
    ]
    frames = [f for f in frames if f is not None and not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@check(
    id="error_handling.error_boundary",
    criterion="error_handling",
    looks_for=en_fr("A React Error Boundary, so one crashing component does not blank the app.",
                    "Un Error Boundary React, pour qu'un composant qui plante ne vide pas l'appli."),
    level="partial",
    severity="high",
    remediation=en_fr("Wrap each route (and risky widgets) in an Error Boundary with a fallback "
                      "(react-error-boundary, or componentDidCatch).",
                      "Entourer chaque route (et les composants à risque) d'un Error Boundary avec "
                      "un fallback (react-error-boundary, ou componentDidCatch)."),
    seed_section="10.2",
)
def error_boundary(ctx: CheckContext):
    if "react" not in dependencies(ctx):
        return not_applicable(en_fr("No React front end in the repositories.",
                                    "Pas de front-end React dans les dépôts."))
    found = _boundaries(ctx)
    if not found.empty:
        return passed(en_fr("An Error Boundary is in place.", "Un Error Boundary est en place."),
                      row_refs(found))
    return failed(en_fr("No Error Boundary: any component crash blanks the whole screen.",
                        "Aucun Error Boundary : le moindre composant qui plante vide tout l'écran."))


@check(
    id="error_handling.routes_wrapped",
    criterion="error_handling",
    looks_for=en_fr("Every route rendered inside an Error Boundary (or with an errorElement).",
                    "Chaque route rendue dans un Error Boundary (ou avec un errorElement)."),
    level="production",
    remediation=en_fr("Put one Error Boundary around the routes, and one around each screen that "
                      "can fail on its own, so the navigation survives.", "Placer un Error "
                      "Boundary autour des routes, et un autour de chaque écran qui peut planter "
                      "seul, pour que la navigation survive."),
    seed_section="10.2",
)
def routes_wrapped(ctx: CheckContext):
    jsx = non_test_rows(repo_table(ctx, "jsx"))
    routes = jsx[jsx["element"] == "Route"] if not jsx.empty else jsx
    if routes.empty:
        return not_applicable(en_fr("No JSX <Route> in the code.", "Aucune <Route> JSX dans le code."))
    wrapped = (routes["inside_boundary"].astype(bool) | routes["contains_boundary"].astype(bool)
               | routes["attributes"].map(lambda names: "errorElement" in names))
    bare = routes[~wrapped]
    message = en_fr(f"{int(wrapped.sum())} of {len(routes)} routes are wrapped in an Error Boundary.",
                    f"Routes entourées d'un Error Boundary : {int(wrapped.sum())} sur {len(routes)}.")
    if bare.empty:
        return passed(message, row_refs(routes))
    return failed(message, row_refs(bare), wrapped=int(wrapped.sum()), total=len(routes))


@check(
    id="error_handling.promise_rejections",
    criterion="error_handling",
    looks_for=en_fr("Promise chains (`.then(...)`) left without a rejection handler.",
                    "Des chaînes de promesses (`.then(...)`) sans gestion du rejet."),
    level="production",
    remediation=en_fr("End each chain with `.catch(handleError)`, or `await` it inside a try/catch.",
                      "Terminer chaque chaîne par `.catch(handleError)`, ou l'attendre (`await`) "
                      "dans un try/catch."),
    seed_section="10.2",
)
def promise_rejections(ctx: CheckContext):
    chains = non_test_rows(repo_table(ctx, "promise_chains"))
    if chains.empty:
        return passed(en_fr("No floating promise chain in production code.",
                            "Aucune chaîne de promesses laissée sans suite dans le code de production."))
    unhandled = chains[~chains["handled"].astype(bool)]
    if unhandled.empty:
        return passed(en_fr(f"All {len(chains)} promise chains handle rejection.",
                            f"Chaque chaîne de promesses gère le rejet (chaînes examinées : {len(chains)})."))
    return failed(en_fr(f"{len(unhandled)} of {len(chains)} promise chains have no rejection handler.",
                        f"Chaînes de promesses sans gestion du rejet : {len(unhandled)} sur {len(chains)}."),
                  row_refs(unhandled, "excerpt", limit=MAX_REFS))



MAX_UNHANDLED_SHARE = 0.2
SHARE_BASIS_FR = {"events": "les événements", "issues": "les issues"}
_FRAME_PREFIX = re.compile(r"^([a-z]+://[^/]*/?|https?://[^/]+/|~/|\./)+")
_CULPRIT_PATH = re.compile(r"\(([\w@./-]+)\)\s*$|^([\w.]+) in \w")


def _code_key(path: str) -> str:
    """A path with scheme, leading ./ and extension dropped, so frames, culprits and files compare."""
    path = _FRAME_PREFIX.sub("", path.strip()).lstrip("/")
    return re.sub(r"\.(m|c)?[jt]sx?$|\.py$", "", path)


def culprit_key(culprit: str) -> str | None:
    """`computeScore(src/features/scoring/computeScore)` or `app.jobs.scoring in compute` → a path."""
    match = _CULPRIT_PATH.search(culprit or "")
    if not match:
        return None
    return match.group(1) or match.group(2).replace(".", "/")


def sentry_code_locations(ctx: CheckContext, titles: set[str]) -> list[tuple[str, int | None, str]]:
    """(path key, line, issue title) of in-app frames and culprits of the given issues."""
    frames = ctx.evidence.table("sentry", "frames")
    frames = frames[frames["title"].isin(titles) & frames["in_app"].fillna(True).astype(bool)]
    found = [(_code_key(row.filename or row.abs_path), None if pd.isna(row.lineno) else int(row.lineno),
              row.title) for row in frames.itertuples(index=False)]
    for table in ("issues", "events"):
        rows = ctx.evidence.table("sentry", table)
        for title, culprit in rows.loc[rows["title"].isin(titles), ["title", "culprit"]].itertuples(
                index=False):
            key = culprit_key(culprit)
            if key:
                found.append((key, None, title))
    return found


def linked_repo_refs(ctx: CheckContext, titles: set[str]) -> list[EvidenceRef]:
    """Repository files that a Sentry frame or culprit points at: the two pieces of evidence, joined."""
    by_stem: dict[str, list[tuple[str, str]]] = {}
    for row in repo_files(ctx).itertuples(index=False):
        key = _code_key(row.path)
        by_stem.setdefault(key.rsplit("/", 1)[-1], []).append((key, row.source, row.path))
    refs, seen = [], set()
    for key, line, title in sentry_code_locations(ctx, titles):
        for repo_key, source, path in by_stem.get(key.rsplit("/", 1)[-1], []):
            same = key.endswith("/" + repo_key) or repo_key.endswith("/" + key) or key == repo_key
            cited = (path, line) in seen or (line is None and any(p == path for p, _ in seen))
            if same and not cited:
                seen.add((path, line))
                refs.append(EvidenceRef(source=source, path=path, line=line,
                                        excerpt=f"Sentry: {title}"[:160]))
    return refs[:MAX_REFS]


@check(
    id="error_handling.sentry_unhandled_share",
    criterion="error_handling",
    looks_for=en_fr(f"The share of production errors that reached no handler (at most "
                    f"{MAX_UNHANDLED_SHARE:.0%}), with the top unhandled issues linked to the code.",
                    f"La part des erreurs de production qu'aucun handler n'a rattrapées (au plus "
                    f"{MAX_UNHANDLED_SHARE:.0%}), avec les principales issues reliées au code."),
    level="production",
    severity="high",
    remediation=en_fr("Start with the unhandled issues listed: catch where the failure is expected "
                      "(network, Supabase calls), log, tell the user, report; wrap screens in an "
                      "Error Boundary.", "Commencer par les issues non gérées listées : attraper là "
                      "où l'échec est prévisible (réseau, appels Supabase), journaliser, informer, "
                      "remonter ; entourer les écrans d'un Error Boundary."),
    seed_section="10.2",
    sources=("sentry",),
)
def sentry_unhandled_share(ctx: CheckContext):
    events, issues = ctx.evidence.table("sentry", "events"), ctx.evidence.table("sentry", "issues")
    share = unhandled_share(events, issues)
    if share.share is None:
        return inconclusive(en_fr("The Sentry evidence does not say which errors were handled.",
                                  "Les preuves Sentry ne disent pas quelles erreurs ont été rattrapées."))
    top = top_issues(events, issues, unhandled_only=True, limit=5)
    refs = [EvidenceRef(source=row.source, excerpt=f"{row.title} ({row.events} events)"[:160])
            for row in top.itertuples(index=False)]
    refs += linked_repo_refs(ctx, set(top["title"]))
    message = en_fr(f"{share.unhandled} of {share.judged} error events ({share.share:.0%}) reached no "
                    f"handler (from {share.basis}).",
                    "Événements d'erreur qu'aucun handler n'a rattrapés : "
                    f"{share.unhandled} sur {share.judged} ({figure(share.share, '.0%', 'fr')}), "
                    f"d'après {SHARE_BASIS_FR.get(share.basis, share.basis)}.")
    data = {"unhandled": share.unhandled, "judged": share.judged, "share": round(share.share, 4),
            "top_unhandled": top["title"].tolist()}
    if share.share <= MAX_UNHANDLED_SHARE:
        return passed(message, refs, **data)
    return failed(message, refs, **data)
