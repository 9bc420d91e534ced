"""Criterion 2, error handling: no swallowed errors; each catch logs, informs and reports (§10.2)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from readiness.checks import CheckContext, check, failed, inconclusive, not_applicable, passed
from readiness.checks.repo import MAX_REFS, dependencies, en_fr, grep, is_test_path, texts
from readiness.model import EvidenceRef

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
