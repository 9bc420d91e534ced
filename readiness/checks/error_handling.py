"""Criterion 2, error handling: no swallowed errors; each catch logs, informs and reports (§10.2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from readiness.checks import CheckContext, check, failed, inconclusive, not_applicable, passed
from readiness.checks.repo import MAX_REFS, dependencies, en_fr, grep, is_test_path, repo_files, texts
from readiness.model import EvidenceRef
from readiness.sentry_metrics import top_issues, unhandled_share

JS_CATCH = re.compile(r"\bcatch\s*(\([^)]*\))?\s*\{")
PY_EXCEPT = re.compile(r"^(\s*)except\b[^:\n]*:[ \t]*(.*)$", re.MULTILINE)
LOGS = re.compile(r"\b(logger|log)\.(error|warn|warning|exception|fatal)\b|logging\.(error|exception)")
INFORMS = re.compile(r"\b(toast|notify|showNotification|setError|alert|enqueueSnackbar|"
                     r"HTTPException|abort|flash)\b")
REPORTS = re.compile(r"\b(Sentry\.)?capture(Exception|Message)\b|\breportError\b|\brollbar\b|"
                     r"\bbugsnag\b|datadogRum\.addError")
CONSOLE_ONLY = re.compile(r"^\s*(console\.(log|error|warn)\([^;]*\);?|print\(.*\)|pass)\s*$")


@dataclass(frozen=True)
class CatchBlock:
    source: str
    path: str
    line: int
    body: str

    @property
    def actions(self) -> set[str]:
        found = set()
        if LOGS.search(self.body):
            found.add("log")
        if INFORMS.search(self.body):
            found.add("inform")
        if REPORTS.search(self.body):
            found.add("report")
        return found

    @property
    def is_empty(self) -> bool:
        code = re.sub(r"//[^\n]*|/\*.*?\*/|#[^\n]*", "", self.body, flags=re.DOTALL)
        return not code.strip() or code.strip() == "pass"

    @property
    def is_console_only(self) -> bool:
        lines = [ln for ln in self.body.splitlines() if ln.strip()]
        return bool(lines) and all(CONSOLE_ONLY.match(ln) for ln in lines)

    def ref(self) -> EvidenceRef:
        return EvidenceRef(source=self.source, path=self.path, line=self.line,
                           excerpt=" ".join(self.body.split())[:120] or "(empty)")


def _js_body(text: str, start: int) -> str:
    depth, index = 1, start
    while index < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        index += 1
    return text[start : index - 1]


def _py_body(text: str, match: re.Match) -> str:
    indent, inline = len(match.group(1)), match.group(2)
    if inline:
        return inline
    body = []
    for line in text[match.end() + 1 :].splitlines():
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    return "\n".join(body)


def catch_blocks(ctx: CheckContext) -> list[CatchBlock]:
    """Every catch / except block of production code (tests left out)."""
    blocks = []
    for source, path, text in texts(ctx):
        if is_test_path(path):
            continue
        if re.search(r"\.(m|c)?[jt]sx?$", path):
            for match in JS_CATCH.finditer(text):
                blocks.append(CatchBlock(source, path, text.count("\n", 0, match.start()) + 1,
                                         _js_body(text, match.end())))
        elif path.endswith(".py"):
            for match in PY_EXCEPT.finditer(text):
                blocks.append(CatchBlock(source, path, text.count("\n", 0, match.start()) + 1,
                                         _py_body(text, match)))
    return blocks


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
    blocks = catch_blocks(ctx)
    if not blocks:
        return inconclusive("No catch or except block in production code to judge.")
    bad = [b for b in blocks if b.is_empty or b.is_console_only]
    if bad:
        return failed(f"{len(bad)} of {len(blocks)} catch blocks swallow the error or only print "
                      "it.", [b.ref() for b in bad[:MAX_REFS]], swallowed=len(bad),
                      total=len(blocks))
    return passed(f"None of the {len(blocks)} catch blocks swallows its error.", total=len(blocks))


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
    blocks = catch_blocks(ctx)
    if not blocks:
        return inconclusive("No catch or except block in production code to judge.")
    complete = [b for b in blocks if len(b.actions) == 3]
    share = len(complete) / len(blocks)
    counts = {n: sum(1 for b in blocks if len(b.actions) == n) for n in range(4)}
    incomplete = [b for b in blocks if len(b.actions) < 3]
    message = (f"{len(complete)} of {len(blocks)} catch blocks ({share:.0%}) log, inform and report"
               f"; actions per block: {counts}.")
    refs = [b.ref() for b in incomplete[:MAX_REFS]]
    if share >= 0.8:
        return passed(message, refs, share=share, actions_per_block=counts)
    return failed(message, refs, share=share, actions_per_block=counts)


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
        return not_applicable("No React front end in the repositories.")
    refs = grep(ctx, r"componentDidCatch|getDerivedStateFromError|<ErrorBoundary\b|"
                r"from ['\"]react-error-boundary['\"]", r"\.[jt]sx?$")
    if refs:
        return passed("An Error Boundary is in place.", refs)
    return failed("No Error Boundary: any component crash blanks the whole screen.")


MAX_UNHANDLED_SHARE = 0.2
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
            if (key.endswith("/" + repo_key) or repo_key.endswith("/" + key) or key == repo_key) and \
                    (path, line) not in seen:
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
        return inconclusive("The Sentry evidence does not say which errors were handled.")
    top = top_issues(events, issues, unhandled_only=True, limit=5)
    refs = [EvidenceRef(source=row.source, excerpt=f"{row.title} ({row.events} events)"[:160])
            for row in top.itertuples(index=False)]
    refs += linked_repo_refs(ctx, set(top["title"]))
    message = (f"{share.unhandled} of {share.judged} error events ({share.share:.0%}) reached no "
               f"handler (from {share.basis}).")
    data = {"unhandled": share.unhandled, "judged": share.judged, "share": round(share.share, 4),
            "top_unhandled": top["title"].tolist()}
    if share.share <= MAX_UNHANDLED_SHARE:
        return passed(message, refs, **data)
    return failed(message, refs, **data)
