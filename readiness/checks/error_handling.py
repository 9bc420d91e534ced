"""Criterion 2, error handling: no swallowed errors; each catch logs, informs and reports (§10.2)."""

from __future__ import annotations

import pandas as pd
import re2

from readiness.checks import CheckContext, check, failed, inconclusive, not_applicable, passed
from readiness.checks.repo import (
    CODE_FILES,
    DEPENDENCY_TABLES,
    MAX_REFS,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    grep,
    grep_spanning,
    in_each_lang,
    is_production_code_path,
    matching_paths,
    non_test_rows,
    repo_files,
    repo_table,
    root_scripts,
    row_refs,
    said_ref,
)
from readiness.model import EvidenceRef, Level
from readiness.numbers import figure
from readiness.secret_scan import is_client_path
from readiness.sentry_metrics import top_issues, unhandled_share

LOG_CALL = content_regex(
    r"(^|\.)(logger|log|logging|structlog|winston|pino|bunyan)(\.\w+)*\."
    r"(error|warn|warning|exception|critical|fatal|info)$|^logging\.exception$"
)
INFORM_CALL = content_regex(
    r"(^|\.)(toast|notify|showNotification|setError|alert|enqueueSnackbar|"
    r"flash|abort|HTTPException|showError|message\.error|st\.error|status|json|"
    r"send|sendStatus|redirect|render|JsonResponse|jsonify|Response|"
    r"HttpResponse\w*|reject|setStatus|setMessage)(\.\w+)?$"
)
FORWARD_CALL = content_regex(
    r"^(next|done|callback|cb|reject|handleError|onError|reportError|"
    r"handle_?exception)$"
)
REPORT_CALL = content_regex(
    r"(^|\.)(captureException|captureMessage|capture_exception|"
    r"capture_message|reportError|notify|addError|error)$"
)
REPORTERS = content_regex(
    r"^(Sentry|sentry_sdk|Bugsnag|Rollbar|rollbar|datadogRum|Honeybadger)\.|"
    r"^(captureException|capture_exception|reportError)$"
)
CONSOLE_CALL = content_regex(r"^(console\.\w+|print)$")
ACTIONS = ("log", "inform", "report")
WELL_HANDLED_SHARE = 0.85
"""(Nearly) every catch handles its error: production."""
BARE_LAPSE_SHARE = 0.02
"""Bare `except:` clauses up to this share of all catch blocks (or in a single file among ten Python
clauses) are lapses."""
SMALL_SAMPLE = 5
"""From this many catches, a single unhandled one is a lapse, not the norm."""
MOSTLY_HANDLED_SHARE = 0.5
"""Most catches handle their error: partial; fewer, and console output is the norm: prototype."""
CONSOLE_NORM_SHARE = 0.25
"""From this share of catches printing to the console, the console is where errors go."""
NOMINAL_LOGGER_SHARE = 0.1
"""A logger that fewer than this share of the logging catches reach is there in name only."""
NEARLY_ALL_HANDLED = 0.9
"""Nearly every catch handles its error: handling where errors happen, with no central handler."""
JUDGED_SAMPLE = 30
"""From this many catches, how they are handled is a practice rather than luck."""
BOUNDARY_METHODS = {"componentDidCatch", "getDerivedStateFromError"}
NO_CATCH_TO_JUDGE = en_fr(
    "No catch or except block in production code to judge.",
    "Aucun bloc catch ou except à juger dans le code de production.",
)


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


# A comment saying the error is ignored on purpose ("can be ignored if middleware refreshes
# sessions", "swallow — the 422 response is the contract") or why nothing more is needed: the code
# falls back, keeps a default, or the failure surfaces elsewhere ("sessionStorage can throw in
# private mode; the in-memory copy still works"). A decision, not a lost error; "nothing here: the
# screen stays empty" says what happens, not why it is fine.
DELIBERATE_IGNORE = re2.compile(
    r"(?i)\b(ignor\w*|intentional\w*|deliberate\w*|expected|on purpose|swallow\w*|"
    r"safe to|no-?op|best[- ]effort|optional|not (needed|important|critical)|non-?fatal|harmless|"
    r"doesn'?t matter|does not matter|can be|falls? (back|through)|fall-?back|default|keep|kept|still|"
    r"already|surfaces?|treat\w*|(can|may|might) (fail|throw)|unsupported|unavailable|"
    # why the failure is expected where it happens: "called from Server Components where cookies
    # cannot be set"
    r"cannot|can'?t|not allowed|read-?only)\b"
)


BROAD_EXCEPT = re2.compile(r"\b(Exception|BaseException)\b")


def expected_cases(catches: pd.DataFrame) -> pd.Series:
    """Which Python ``except`` clauses name the specific exceptions they expect (``except
    ObjectDoesNotExist: pass``, ``except ValueError: pass``): asking forgiveness, Python's way of
    testing a case, not an error lost. ``except Exception: pass`` hides every error."""
    clause = catches["excerpt"].fillna("").astype(str).map(lambda excerpt: excerpt.split(":", 1)[0])
    broad = clause.map(lambda text: bool(BROAD_EXCEPT.search(text)))
    return (catches["language"] == "python") & ~catches["bare"].astype(bool) & ~broad


def production_catches(ctx: CheckContext) -> pd.DataFrame:
    """Catch and except blocks of production code, each with the actions it performs: ``handled``
    when it logs, informs, reports, rethrows or forwards the error; ``console`` when it only prints;
    ``swallowed`` when it does nothing at all."""
    catches = non_test_rows(repo_table(ctx, "catches"))
    if catches.empty:
        return catches
    # a developer's one-off script at the root (api-endpoint-test.js) is no part of the product
    catches = catches[~catches["path"].isin(root_scripts(ctx))]
    actions = catches["body_calls"].map(lambda calls: catch_actions(list(calls)))
    console_only = catches["body_calls"].map(
        lambda calls: bool(len(calls)) and all(CONSOLE_CALL.match(c) for c in calls)
    )
    forwards = catches["body_calls"].map(lambda calls: any(FORWARD_CALL.match(c) for c in calls))
    rethrows = catches["rethrows"].astype(bool)
    explained = (
        catches["comment"].fillna("").map(lambda text: bool(DELIBERATE_IGNORE.search(text)))
        if "comment" in catches
        else False
    )
    swallowed = catches["empty"].astype(bool) & ~rethrows & ~explained & ~expected_cases(catches)
    # Returning a fallback or recording a state is handling too (graceful degradation, §10.2).
    handled = (actions.map(len) > 0) | rethrows | forwards | ~(swallowed | console_only)
    return catches.assign(
        actions=actions,
        action_count=actions.map(len),
        handled=handled,
        console=console_only & ~handled,
        swallowed=swallowed,
    )


FRAMEWORK_HTTP_ERRORS = (
    r"\b(throw\s+new\s+\w*(HttpException|(NotFound|BadRequest|Unauthorized|Forbidden|Conflict)"
    r"Exception)\(|raise\s+(HTTPException|Http404|PermissionDenied|ValidationError|NotFound)\b|"
    r"\babort\(\s*[45]\d\d)"
)
"""Errors a web framework's own handler answers with a status (Nest, FastAPI, Django, Flask)."""


@check(
    id="error_handling.no_swallowed_errors",
    reads=(
        "repositories.catches",
        "repositories.files",
        "repositories.promise_chains",
        "repositories.imports",
    ),
    criterion="error_handling",
    looks_for=en_fr(
        "Catch blocks that are empty: an error nobody will ever hear of.",
        "Des blocs catch vides : une erreur dont personne n'entendra parler.",
    ),
    level="prototype",
    severity="high",
    remediation=en_fr(
        "In every catch: log with context, tell the user what happened, report to "
        "monitoring (Sentry.captureException).",
        "Dans chaque catch : journaliser avec le contexte, informer l'utilisateur, "
        "remonter au monitoring (Sentry.captureException).",
    ),
    seed_section="10.2",
)
def no_swallowed_errors(ctx: CheckContext):
    catches = production_catches(ctx)
    if catches.empty:
        chains = non_test_rows(repo_table(ctx, "promise_chains"))
        handled = chains[chains["handled"].astype(bool)] if not chains.empty else chains
        if not handled.empty:
            return passed(
                en_fr(
                    f"{len(handled)} promise chain(s) catch their rejection.",
                    f"Chaînes de promesses qui attrapent leur rejet : {len(handled)}.",
                ),
                row_refs(handled, "excerpt"),
            )
        raised = production_grep(ctx, FRAMEWORK_HTTP_ERRORS)
        if raised:
            return passed(
                en_fr(
                    "No catch, but the code raises the framework's HTTP errors, which its default "
                    "handler turns into responses: the client hears of them, nobody else does.",
                    "Aucun catch, mais le code lève les erreurs HTTP du framework, que son "
                    "gestionnaire par défaut change en réponses : le client les voit, personne d'autre.",
                ),
                raised[:MAX_REFS],
                shows=Level.PROTOTYPE,
            )
        return inconclusive(NO_CATCH_TO_JUDGE)
    bad = catches[catches["swallowed"]]
    counts = {"swallowed": len(bad), "console_only": int(catches["console"].sum()), "total": len(catches)}
    if len(bad) == len(catches):
        return failed(
            en_fr(
                f"All {len(catches)} catch blocks swallow the error.",
                f"Tous les blocs catch avalent l'erreur (blocs examinés : {len(catches)}).",
            ),
            row_refs(bad, "excerpt"),
            shows=Level.ABSENT,
            **counts,
        )
    if not bad.empty:
        return passed(
            en_fr(
                f"{len(bad)} of {len(catches)} catch blocks swallow the error; the others "
                "do something with it.",
                "Blocs catch qui avalent l'erreur : "
                f"{len(bad)} sur {len(catches)} ; les autres en font quelque chose.",
            ),
            row_refs(bad, "excerpt"),
            **counts,
        )
    return passed(
        en_fr(
            f"None of the {len(catches)} catch blocks swallows its error.",
            f"Aucun bloc catch n'avale son erreur (blocs examinés : {len(catches)}).",
        ),
        **counts,
    )


@check(
    id="error_handling.bare_except",
    reads=(
        "repositories.catches",
        "repositories.files",
        "repositories.imports",
    ),
    criterion="error_handling",
    evidences=False,
    looks_for=en_fr(
        "Bare `except:` clauses, which also catch KeyboardInterrupt and SystemExit.",
        "Des clauses `except:` nues, qui attrapent aussi KeyboardInterrupt et SystemExit.",
    ),
    level="production",
    remediation=en_fr(
        "Catch the exceptions you expect (`except ValueError:`), or at least "
        "`except Exception:` with logging.",
        "Attraper les exceptions attendues "
        "(`except ValueError:`), ou au moins `except Exception:` avec journalisation.",
    ),
    seed_section="10.2",
)
def bare_except(ctx: CheckContext):
    catches = production_catches(ctx)
    python = catches[catches["language"] == "python"] if not catches.empty else catches
    if python.empty:
        return not_applicable(
            en_fr(
                "No Python except clause in production code.",
                "Aucune clause except Python dans le code de production.",
            )
        )
    bare = python[python["bare"].astype(bool)]
    # Weighed against every catch of the product, Python's or not (MedFlow's five in its OCR side
    # service among 2,888), and one file's habit (a mail parser's two fallbacks) is a single lapse.
    one_place = bare["path"].nunique() == 1 and len(python) >= 10
    lapse = len(bare) <= BARE_LAPSE_SHARE * len(catches) or one_place
    if not bare.empty and not lapse:
        return failed(
            en_fr(f"{len(bare)} bare `except:` clause(s).", f"Clauses `except:` nues : {len(bare)}."),
            row_refs(bare, "excerpt"),
        )
    if not bare.empty:  # LEVELS.md: one lapse does not sink a criterion
        return passed(
            en_fr(
                f"{len(python) - len(bare)} of {len(python)} except clauses name what they catch; "
                f"{len(bare)} bare `except:` is a lapse, not the practice.",
                f"Clauses except qui nomment ce qu'elles attrapent : {len(python) - len(bare)} sur "
                f"{len(python)} ; {len(bare)} `except:` nue(s) : un écart, pas la pratique.",
            ),
            row_refs(bare, "excerpt"),
        )
    return passed(
        en_fr(
            f"All {len(python)} except clauses name what they catch.",
            f"Chaque clause except nomme ce qu'elle attrape (clauses examinées : {len(python)}).",
        )
    )


@check(
    id="error_handling.log_inform_report",
    reads=(
        "repositories.calls",
        "repositories.catches",
        "repositories.definitions",
        "repositories.files",
        "repositories.imports",
        "repositories.jsx",
        *DEPENDENCY_TABLES,
    ),
    criterion="error_handling",
    looks_for=en_fr(
        "The share of catch blocks that log, inform the user or report the error, or pass "
        "it on (§10.2's rule asks all three).",
        "La part des catch qui journalisent, informent l'utilisateur ou remontent l'erreur, "
        "ou la transmettent (la règle du §10.2 demande les trois).",
    ),
    level="production",
    remediation=en_fr(
        "Wrap the three actions in one helper (e.g. handleError(error, message)) and "
        "call it from every catch.",
        "Regrouper les trois actions dans une fonction "
        "(ex. handleError(error, message)) appelée depuis chaque catch.",
    ),
    seed_section="10.2",
)
def log_inform_report(ctx: CheckContext):
    catches = production_catches(ctx)
    if catches.empty:
        return inconclusive(NO_CATCH_TO_JUDGE)
    handled = catches[catches["handled"]]
    share = len(handled) / len(catches)
    counts = {n: int((catches["action_count"] == n).sum()) for n in range(len(ACTIONS) + 1)}
    per_action = {a: int(catches["actions"].map(lambda found, a=a: a in found).sum()) for a in ACTIONS}
    unhandled = catches[~catches["handled"]]
    refs = row_refs(
        unhandled.assign(
            missing=unhandled["console"].map(lambda console: "console only" if console else "nothing done")
        ),
        "missing",
    )
    tally = in_each_lang(
        lambda lang: ", ".join(f"{WITH_ACTIONS[lang][n]} {count}" for n, count in counts.items())
    )
    message = en_fr(
        f"{len(handled)} of {len(catches)} catch blocks ({share:.0%}) log, inform, report "
        f"or pass the error on (of the three actions, a logger, a message to the user and a "
        f"report, blocks {tally['en']}).",
        "Blocs catch qui journalisent, informent, remontent ou transmettent l'erreur : "
        f"{len(handled)} sur {len(catches)} ({figure(share, '.0%', 'fr')}) (des trois actions, "
        f"un logger, un message à l'utilisateur et un signalement, blocs {tally['fr']}).",
    )
    data = {
        "share": round(share, 4),
        "actions_per_block": counts,
        "blocks_per_action": per_action,
        "offenders": [f"{row.path}:{row.line}" for row in unhandled.itertuples(index=False)],
    }
    # LEVELS.md: one lapse does not sink a criterion, and in a handful of catches one is 17 %.
    if share >= WELL_HANDLED_SHARE or (len(unhandled) <= 1 and len(catches) >= SMALL_SAMPLE):
        return passed(message, refs, **data)
    central = bool(boundary_refs(ctx) or central_handler_refs(ctx))
    shows = Level.PARTIAL if share >= MOSTLY_HANDLED_SHARE or central else Level.PROTOTYPE
    return failed(message, refs, shows=shows, **data)


WITH_ACTIONS = {
    "en": {0: "with no action:", 1: "with one:", 2: "with two:", 3: "with all three:"},
    "fr": {0: "sans action :", 1: "avec une :", 2: "avec deux :", 3: "avec les trois :"},
}


FRAMEWORK_BOUNDARY_FILES = (
    r"(^|/)app/(.+/)?(error|global-error)\.[jt]sx?$|(^|/)pages/_error\.[jt]sx?$|"
    r"(^|/)routes/(.+/)?\+error\.svelte$|(^|/)error\.vue$"
)
FRAMEWORK_BOUNDARY_CODE = (
    r"\b(errorComponent|defaultErrorComponent|errorElement|ErrorBoundary|"
    r"app\.config\.errorHandler|useRouteError|isRouteErrorResponse)\b"
)
SERVER_HANDLERS = (
    r"\b(app\.use\(\s*(async\s*)?(function\s*\w*\s*)?\(\s*err\b|errorHandler|"
    r"@\w+\.(app_)?errorhandler|\w+\.errorhandler\(|register_error_?handlers?|exception_handler|"
    r"add_exception_handler|@Catch\(|ExceptionFilter|handler500|"
    r"process\.on\(\s*['\"](uncaughtException|unhandledRejection)|"
    r"addEventListener\(\s*['\"](error|unhandledrejection)|window\.onerror|sys\.excepthook|"
    r"onRequestError|setErrorHandler|useGlobalFilters\(|APP_FILTER\b|exceptionFactory\s*[:=])|"
    r"\(\s*err\w*\s*(:\s*[\w.]+)?\s*,\s*req\w*\s*(:\s*[\w.]+)?\s*,\s*res\w*\s*(:\s*[\w.]+)?\s*,"
    r"\s*next"
)
# Express's error middleware, its four parameters often one per line and typed.
EXPRESS_ERROR_SIGNATURE = (
    r"\(\s*err\w*\s*(:[^,()]{1,80})?,\s*req\w*\s*(:[^,()]{1,80})?,"
    r"\s*res\w*\s*(:[^,()]{1,80})?,\s*_?next\w*\s*(:[^,()]{1,80})?,?\s*\)\s*(=>|\{)"
)


def _boundaries(ctx: CheckContext) -> pd.DataFrame:
    """Where production code defines or uses an Error Boundary: a class method, the library, or its
    element (a test's, or an assistant's template kept in .local/, guards no screen)."""
    definitions = repo_table(ctx, "definitions")
    jsx, imports = repo_table(ctx, "jsx"), repo_table(ctx, "imports")
    frames = [
        definitions[definitions["name"].isin(BOUNDARY_METHODS)] if not definitions.empty else None,
        imports[imports["module"] == "react-error-boundary"] if not imports.empty else None,
        jsx[jsx["element"].str.endswith("ErrorBoundary")] if not jsx.empty else None,
    ]
    frames = [f for f in frames if f is not None and not f.empty]
    return non_test_rows(pd.concat(frames, ignore_index=True)) if frames else pd.DataFrame()


def production_grep(ctx: CheckContext, pattern: str) -> list[EvidenceRef]:
    """Lines of production code (tests left out) matching ``pattern``."""
    return grep(ctx, pattern, CODE_FILES, skip_tests=True)


def boundary_refs(ctx: CheckContext) -> list[EvidenceRef]:
    """Error boundaries of React or of the framework: Next.js error.tsx / global-error.tsx,
    TanStack Router's errorComponent, React Router's errorElement, SvelteKit's +error.svelte."""
    return (
        row_refs(_boundaries(ctx))
        + file_refs(matching_paths(ctx, FRAMEWORK_BOUNDARY_FILES))
        + production_grep(ctx, FRAMEWORK_BOUNDARY_CODE)
    )


def central_handler_refs(ctx: CheckContext) -> list[EvidenceRef]:
    """Errors handled in one place: a server's error middleware or handler, global handlers, errors
    mailed to someone, or an error tracker initialised (central reporting)."""
    from readiness.checks.monitoring import mailed_errors, tracker_inits

    return (
        production_grep(ctx, SERVER_HANDLERS)
        + grep_spanning(ctx, EXPRESS_ERROR_SIGNATURE, r"\.[cm]?[jt]sx?$", skip_tests=True)
        + mailed_errors(ctx)
        + row_refs(tracker_inits(ctx))
    )


@check(
    id="error_handling.central_handling",
    reads=(
        "attestations.attestations",
        "repositories.calls",
        "repositories.catches",
        "repositories.definitions",
        "repositories.files",
        "repositories.imports",
        "repositories.jsx",
        *DEPENDENCY_TABLES,
    ),
    criterion="error_handling",
    looks_for=en_fr(
        "Errors caught in one place: an error boundary, a server error handler or "
        "middleware, global handlers, or central reporting to an error tracker; short of "
        "that, catches that mostly log through a logger (more than a console line).",
        "Des erreurs rattrapées en un seul endroit : error boundary, gestionnaire "
        "d'erreurs ou middleware du serveur, gestionnaires globaux, ou signalement "
        "central à un outil de suivi ; à défaut, des catch qui journalisent surtout par un "
        "logger (plus qu'une ligne de console).",
    ),
    level="partial",
    severity="high",
    remediation=en_fr(
        "Add an error boundary around the app's routes and one error handler on the "
        "server that logs and reports what escaped the catches.",
        "Ajouter une error boundary autour des routes de l'appli et un gestionnaire "
        "d'erreurs côté serveur qui journalise et remonte ce qui échappe aux catch.",
    ),
    seed_section="10.2",
)
def central_handling(ctx: CheckContext):
    refs = boundary_refs(ctx) + central_handler_refs(ctx)
    if refs:
        return passed(
            en_fr(
                "Errors are also handled in one place.", "Les erreurs sont aussi traitées en un seul endroit."
            ),
            refs[:MAX_REFS],
        )
    catches = production_catches(ctx)
    logged = catches["actions"].map(lambda actions: "log" in actions) if not catches.empty else catches
    if not catches.empty and logged.mean() >= MOSTLY_HANDLED_SHARE:
        # Beyond the seed's prototype (console.log in catches): the team logs where errors happen.
        return passed(
            en_fr(
                f"No error boundary or central handler, but {int(logged.sum())} of {len(catches)} catch "
                "blocks log through a logger: errors are recorded where they happen, not in one place.",
                "Ni error boundary ni gestionnaire central, mais des blocs catch journalisent par un "
                f"logger ({int(logged.sum())} sur {len(catches)}) : les erreurs sont consignées là où "
                "elles surviennent, pas en un seul endroit.",
            ),
            logged_share=round(float(logged.mean()), 4),
        )
    if len(catches) >= JUDGED_SAMPLE and catches["handled"].mean() >= NEARLY_ALL_HANDLED:
        handled = catches["handled"]
        # LEVELS.md's partial: catches that inform the user or pass the error on, nearly everywhere,
        # in a codebase large enough for that to be a practice rather than luck.
        return passed(
            en_fr(
                f"No error boundary or central handler, but {int(handled.sum())} of {len(catches)} catch "
                "blocks inform, log or pass the error on: handled where it happens, not in one place.",
                "Ni error boundary ni gestionnaire central, mais des blocs catch informent, journalisent "
                f"ou transmettent l'erreur ({int(handled.sum())} sur {len(catches)}) : elle est traitée là "
                "où elle survient, pas en un seul endroit.",
            ),
            handled_share=round(float(handled.mean()), 4),
        )
    return failed(
        en_fr(
            "No error boundary, central error handler or error reporter: what escapes a catch is lost.",
            "Ni error boundary, ni gestionnaire d'erreurs central, ni "
            "outil de signalement : ce qui échappe à un catch est perdu.",
        )
    )


@check(
    id="error_handling.error_boundary",
    reads=(
        "repositories.definitions",
        "repositories.files",
        "repositories.imports",
        "repositories.jsx",
        *DEPENDENCY_TABLES,
    ),
    criterion="error_handling",
    looks_for=en_fr(
        "An error boundary in the front end (React's, or the framework's: Next.js "
        "error.tsx, TanStack Router errorComponent, React Router errorElement), so one "
        "crashing component does not blank the app.",
        "Une error boundary dans le front-end (celle de React ou du framework : error.tsx "
        "de Next.js, errorComponent de TanStack Router, errorElement de React Router), "
        "pour qu'un composant qui plante ne vide pas l'appli.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Wrap each route (and risky widgets) in an Error Boundary with a fallback "
        "(react-error-boundary, or componentDidCatch).",
        "Entourer chaque route (et les composants à risque) d'un Error Boundary avec "
        "un fallback (react-error-boundary, ou componentDidCatch).",
    ),
    seed_section="10.2",
)
def error_boundary(ctx: CheckContext):
    if not {"react", "next", "vue", "svelte", "@sveltejs/kit"} & dependencies(ctx):
        return not_applicable(en_fr("No front end in the repositories.", "Pas de front-end dans les dépôts."))
    if not _own_components(ctx):
        return not_applicable(
            en_fr(
                "No component of the team's own: the pages are rendered on the server, a front-end "
                "framework is only bundled for a third-party widget.",
                "Aucun composant écrit par l'équipe : les pages sont rendues côté serveur, un "
                "framework front-end n'est embarqué que pour un widget tiers.",
            )
        )
    found = boundary_refs(ctx)
    if found:
        return passed(
            en_fr("An error boundary is in place.", "Une error boundary est en place."), found[:MAX_REFS]
        )
    return failed(
        en_fr(
            "No error boundary: any component crash blanks the whole screen.",
            "Aucune error boundary : le moindre composant qui plante vide tout l'écran.",
        )
    )


COMPONENT_FILE = content_regex(r"\.(jsx|tsx|vue|svelte)$")


def _own_components(ctx: CheckContext) -> bool:
    """Whether production code holds components (JSX anywhere, or .tsx/.vue/.svelte files): a
    Django app that bundles React only for a vendor's GraphiQL page has no component tree to guard."""
    if not non_test_rows(repo_table(ctx, "jsx")).empty:
        return True
    files = repo_files(ctx)["path"]
    return bool(files.map(lambda p: bool(COMPONENT_FILE.search(p)) and is_production_code_path(p)).any())


@check(
    id="error_handling.structured_reporting",
    reads=(
        "repositories.calls",
        "repositories.catches",
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
    ),
    criterion="error_handling",
    looks_for=en_fr(
        "Errors go to a structured logger or an error reporter, not only to the console.",
        "Les erreurs partent vers un logger structuré ou un outil de signalement, pas "
        "seulement dans la console.",
    ),
    level="production",
    remediation=en_fr(
        "Report caught errors to Sentry (captureException) or log them with a "
        "structured logger (pino, structlog) so they can be searched and alerted on.",
        "Remonter les erreurs rattrapées à Sentry (captureException) ou les journaliser "
        "avec un logger structuré (pino, structlog), pour les retrouver et alerter.",
    ),
    seed_section="10.2",
)
def structured_reporting(ctx: CheckContext):
    from readiness.checks.monitoring import (
        own_error_reporter,
        own_structured_logger,
        structured_logger_imports,
        tracker_inits,
    )

    inits = tracker_inits(ctx)
    loggers = structured_logger_imports(ctx)
    own = own_error_reporter(ctx) + own_structured_logger(ctx)
    if inits.empty and loggers.empty and not own:
        return failed(
            en_fr(
                "Errors end in the console: no error reporter nor structured logger.",
                "Les erreurs finissent dans la console : ni outil de signalement ni logger structuré.",
            )
        )
    printed, logged = _console_and_logger_catches(ctx)
    if inits.empty and printed and logged / (printed + logged) < NOMINAL_LOGGER_SHARE:
        return failed(
            en_fr(
                f"A structured logger is set up, but {printed} catch blocks print to the console and "
                f"{logged} reach the logger.",
                f"Un logger structuré est en place, mais {printed} blocs catch écrivent dans la console "
                f"et {logged} passent par le logger.",
            ),
            row_refs(loggers) + own,
            shows=Level.PARTIAL,
        )
    return passed(
        en_fr(
            "Errors reach an error reporter or a structured logger.",
            "Les erreurs parviennent à un outil de signalement ou à un logger structuré.",
        ),
        row_refs(inits) + row_refs(loggers) + own,
    )


def _console_and_logger_catches(ctx: CheckContext) -> tuple[int, int]:
    """How many catches print to the console and how many log through a logger, when printing is
    the codebase's norm (a quarter of its catches or more); (0, 0) otherwise. A logger the Replit
    template set up, reached by 75 catches while 4,850 print, does not make the logging structured."""
    catches = production_catches(ctx)
    if catches.empty:
        return 0, 0
    calls = catches["body_calls"].map(list)
    printed = int(calls.map(lambda found: any(CONSOLE_CALL.match(c) for c in found)).sum())
    logged = int(calls.map(lambda found: any(LOG_CALL.search(c) for c in found)).sum())
    return (printed, logged) if printed >= CONSOLE_NORM_SHARE * len(catches) else (0, 0)


BOUNDARY_NAMES = {"ErrorBoundary", "Sentry.ErrorBoundary"}
APP_ENTRY_FILE = re2.compile(r"(^|/)(index|main|App|app|root|_app|layout)\.[jt]sx$")


@check(
    id="error_handling.routes_wrapped",
    reads=("repositories.jsx",),
    criterion="error_handling",
    caps=False,
    looks_for=en_fr(
        "Every route rendered inside an Error Boundary (or with an errorElement).",
        "Chaque route rendue dans un Error Boundary (ou avec un errorElement).",
    ),
    level="production",
    remediation=en_fr(
        "Put one Error Boundary around the routes, and one around each screen that "
        "can fail on its own, so the navigation survives.",
        "Placer un Error "
        "Boundary autour des routes, et un autour de chaque écran qui peut planter "
        "seul, pour que la navigation survive.",
    ),
    seed_section="10.2",
)
def routes_wrapped(ctx: CheckContext):
    jsx = non_test_rows(repo_table(ctx, "jsx"))
    routes = jsx[jsx["element"] == "Route"] if not jsx.empty else jsx
    if routes.empty:
        return not_applicable(en_fr("No JSX <Route> in the code.", "Aucune <Route> JSX dans le code."))
    # A boundary around the whole app in its entry file (index.tsx, main.tsx, App.tsx) holds every
    # route, wherever the routes are declared.
    at_root = not jsx[
        jsx["element"].isin(BOUNDARY_NAMES) & jsx["path"].map(lambda p: bool(APP_ENTRY_FILE.search(p)))
    ].empty
    wrapped = (
        routes["inside_boundary"].astype(bool)
        | routes["contains_boundary"].astype(bool)
        | routes["attributes"].map(lambda names: "errorElement" in names)
        | at_root
    )
    bare = routes[~wrapped]
    message = en_fr(
        f"{int(wrapped.sum())} of {len(routes)} routes are wrapped in an Error Boundary.",
        f"Routes entourées d'un Error Boundary : {int(wrapped.sum())} sur {len(routes)}.",
    )
    if bare.empty:
        return passed(message, row_refs(routes))
    return failed(message, row_refs(bare), wrapped=int(wrapped.sum()), total=len(routes))


@check(
    id="error_handling.promise_rejections",
    reads=(
        "repositories.promise_chains",
        "repositories.catches",
        "repositories.files",
        "repositories.imports",
    ),
    criterion="error_handling",
    evidences=False,
    looks_for=en_fr(
        "Promise chains (`.then(...)`) left without a rejection handler.",
        "Des chaînes de promesses (`.then(...)`) sans gestion du rejet.",
    ),
    level="production",
    remediation=en_fr(
        "End each chain with `.catch(handleError)`, or `await` it inside a try/catch.",
        "Terminer chaque chaîne par `.catch(handleError)`, ou l'attendre (`await`) dans un try/catch.",
    ),
    seed_section="10.2",
)
def promise_rejections(ctx: CheckContext):
    chains = non_test_rows(repo_table(ctx, "promise_chains"))
    if chains.empty:
        return passed(
            en_fr(
                "No floating promise chain in production code.",
                "Aucune chaîne de promesses laissée sans suite dans le code de production.",
            )
        )
    # A Supabase call resolves with its error instead of rejecting: `.then(({ error }) => …)` handles it.
    resolves_with_error = chains["excerpt"].fillna("").map(lambda text: bool(RESOLVED_ERROR.search(text)))
    navigation = chains["excerpt"].fillna("").map(lambda text: bool(ROUTER_NAVIGATION.search(text)))
    unhandled = chains[~chains["handled"].astype(bool) & ~resolves_with_error & ~navigation]
    if unhandled.empty:
        return passed(
            en_fr(
                f"All {len(chains)} promise chains handle rejection.",
                f"Chaque chaîne de promesses gère le rejet (chaînes examinées : {len(chains)}).",
            )
        )
    refs = row_refs(unhandled, "excerpt", limit=MAX_REFS)
    central = (
        grep_spanning(ctx, GLOBAL_REJECTION_HANDLER, CODE_FILES, limit=2, skip_tests=True)
        or [
            ref
            for ref in grep(ctx, BROWSER_TRACKER_INIT, CODE_FILES, limit=20, skip_tests=True)
            if _runs_in_browser(ref.path or "")
        ][:2]
    )
    if central:
        return passed(
            en_fr(
                f"{len(unhandled)} of {len(chains)} promise chains have no rejection handler of their "
                "own; rejections reach a global handler.",
                f"Chaînes de promesses sans gestion propre du rejet : {len(unhandled)} sur "
                f"{len(chains)} ; les rejets arrivent à un gestionnaire global.",
            ),
            central + refs,
            lapses=len(unhandled),
        )
    # One lapse does not sink a criterion (LEVELS.md): a single floating chain, a small share of the
    # chains, or a handful that are a small share of the places where the code meets an error (four
    # chains in the script of a Python product with 400 careful except clauses) is listed, not held
    # against the level.
    sites = len(chains) + len(production_catches(ctx))
    few = len(unhandled) <= SMALL_SAMPLE and len(unhandled) / sites <= MAX_UNHANDLED_SHARE
    if len(unhandled) == 1 or len(unhandled) / len(chains) <= MAX_UNHANDLED_SHARE or few:
        return passed(
            en_fr(
                f"{len(unhandled)} of {len(chains)} promise chains have no rejection handler: "
                "an isolated lapse, listed here, not held against the level.",
                f"Chaînes de promesses sans gestion du rejet : {len(unhandled)} sur "
                f"{len(chains)} ; un écart isolé, signalé ici sans peser sur le niveau.",
            ),
            refs,
            lapses=len(unhandled),
        )
    return failed(
        en_fr(
            f"{len(unhandled)} of {len(chains)} promise chains have no rejection handler.",
            f"Chaînes de promesses sans gestion du rejet : {len(unhandled)} sur {len(chains)}.",
        ),
        refs,
    )


# A client router's navigation (`router.push(…).then(() => window.scrollTo(0, 0))`): the router
# settles its own failures (a cancelled route), it reads nothing that can fail.
ROUTER_NAVIGATION = re2.compile(r"^\s*(this\.)?(router|\$router|navigation)\s*\.\s*(push|replace)\s*\(")
RESOLVED_ERROR = re2.compile(r"\.then\(\s*(async\s*)?\(\s*[\[{][^\]}]*\berr(or)?\b")
MAX_UNHANDLED_SHARE = 0.2
# Where a rejection nobody awaits still ends: the HTTP client's error interceptor (axios), or the
# runtime's unhandled-rejection hook.
GLOBAL_REJECTION_HANDLER = (
    # an interceptor with an error handler after its success one: `use((res) => res, (err) => …)`
    r"interceptors\.response\.use\((?s:[^;]{0,400}?),\s*(async\s+)?(function\s*\w*\s*\(\s*\w*|\(?\s*\w*)"
    r"(err|error|e)\b|"
    r"addEventListener\(\s*['\"]unhandledrejection|onunhandledrejection\s*=|"
    r"process\.on\(\s*['\"]unhandledRejection"
)
# An error tracker started in the browser hooks the runtime's unhandled rejections itself (Sentry's
# GlobalHandlers integration): the hospital LMS's sentry.client.config.ts.
BROWSER_TRACKER_INIT = r"\bSentry\.init\("
BROWSER_CONFIG = re2.compile(r"(^|/)(sentry\.client\.config|instrumentation-client)\.[cm]?[jt]s$")
SERVER_CONFIG = re2.compile(r"(^|/)(sentry\.(server|edge)\.config|instrumentation)\.[cm]?[jt]s$")


def _runs_in_browser(path: str) -> bool:
    """Whether a tracker started in this file runs in the browser: Next.js's client config, or
    front-end code that is none of the server's configs."""
    return bool(BROWSER_CONFIG.search(path)) or (is_client_path(path) and not SERVER_CONFIG.search(path))


SHARE_BASIS_FR = {"events": "les événements", "issues": "les issues"}
SOURCE_SUFFIX = content_regex(r"\.(m|c)?[jt]sx?$|\.py$")
_FRAME_PREFIX = content_regex(r"^([a-z]+://[^/]*/?|https?://[^/]+/|~/|\./)+")
_CULPRIT_PATH = content_regex(r"\(([\w@./-]+)\)\s*$|^([\w.]+) in \w")


def _code_key(path: str) -> str:
    """A path with scheme, leading ./ and extension dropped, so frames, culprits and files compare."""
    path = _FRAME_PREFIX.sub("", path.strip()).lstrip("/")
    return SOURCE_SUFFIX.sub("", path)


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
    found = [
        (_code_key(row.filename or row.abs_path), None if pd.isna(row.lineno) else int(row.lineno), row.title)
        for row in frames.itertuples(index=False)
    ]
    for table in ("issues", "events"):
        rows = ctx.evidence.table("sentry", table)
        for title, culprit in rows.loc[rows["title"].isin(titles), ["title", "culprit"]].itertuples(
            index=False
        ):
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
                refs.append(
                    EvidenceRef(source=source, path=path, line=line, excerpt=f"Sentry: {title}"[:160])
                )
    return refs[:MAX_REFS]


@check(
    id="error_handling.sentry_unhandled_share",
    reads=("repositories.files", "sentry.events", "sentry.frames", "sentry.issues"),
    criterion="error_handling",
    looks_for=en_fr(
        f"The share of production errors that reached no handler (at most "
        f"{MAX_UNHANDLED_SHARE:.0%}), with the top unhandled issues linked to the code.",
        f"La part des erreurs de production qu'aucun handler n'a rattrapées (au plus "
        f"{MAX_UNHANDLED_SHARE:.0%}), avec les principales issues reliées au code.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Start with the unhandled issues listed: catch where the failure is expected "
        "(network, Supabase calls), log, tell the user, report; wrap screens in an "
        "Error Boundary.",
        "Commencer par les issues non gérées listées : attraper là "
        "où l'échec est prévisible (réseau, appels Supabase), journaliser, informer, "
        "remonter ; entourer les écrans d'un Error Boundary.",
    ),
    seed_section="10.2",
    sources=("sentry",),
)
def sentry_unhandled_share(ctx: CheckContext):
    events, issues = ctx.evidence.table("sentry", "events"), ctx.evidence.table("sentry", "issues")
    share = unhandled_share(events, issues)
    if share.share is None:
        return inconclusive(
            en_fr(
                "The Sentry evidence does not say which errors were handled.",
                "Les preuves Sentry ne disent pas quelles erreurs ont été rattrapées.",
            )
        )
    top = top_issues(events, issues, unhandled_only=True, limit=5)
    refs = [
        said_ref(
            row.source,
            "issue_events",
            title=row.title,
            events=lambda lang, n=row.events: figure(n, ",.0f", lang),
        )
        for row in top.itertuples(index=False)
    ]
    refs += linked_repo_refs(ctx, set(top["title"]))
    message = en_fr(
        f"{share.unhandled} of {share.judged} error events ({share.share:.0%}) reached no "
        f"handler (from {share.basis}).",
        "Événements d'erreur qu'aucun handler n'a rattrapés : "
        f"{share.unhandled} sur {share.judged} ({figure(share.share, '.0%', 'fr')}), "
        f"d'après {SHARE_BASIS_FR.get(share.basis, share.basis)}.",
    )
    data = {
        "unhandled": share.unhandled,
        "judged": share.judged,
        "share": round(share.share, 4),
        "top_unhandled": top["title"].tolist(),
    }
    if share.share <= MAX_UNHANDLED_SHARE:
        return passed(message, refs, **data)
    return failed(message, refs, **data)
