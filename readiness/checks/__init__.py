"""Checks: read facts, return one outcome each. One module per criterion.

A check is a plain function decorated with :func:`check`, whose arguments are
its description as data (what it looks for, the level a pass evidences, the
remediation in French and English, the seed section that teaches it). The
decorator registers it; :func:`run_checks` runs every registered check,
applies waivers and attestations, and returns findings.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from readiness.catalogue import CRITERION_IDS, EFFORT_HOURS, Profile, effort_of, effort_words
from readiness.collectors import STRICT_ENV, Evidence, collector_label
from readiness.collectors.tables import check_reads
from readiness.deadline import DeadlineExceeded, doing
from readiness.model import EvidenceRef, Finding, Level, Severity, Status
from readiness.secret_scan import default_scanner

if TYPE_CHECKING:
    from readiness.config import Config

log = logging.getLogger(__name__)


Message = str | dict[str, str]
"""A check's message: English text, or {"en": ..., "fr": ...} (English is required)."""


@dataclass
class Outcome:
    """What a check function returns; the runner adds the check's description to it."""

    status: Status
    message: Message
    evidence: list[EvidenceRef] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None
    shows: Level | None = None
    blocker: bool = False


def bilingual(message: Message) -> dict[str, str]:
    """Normalise a message to {"en": ...[, "fr": ...]}."""
    if isinstance(message, str):
        return {"en": message}
    if "en" not in message:
        raise ValueError(f"a check message needs English text: {message!r}")
    return dict(message)


def passed(
    message: Message, evidence: Iterable[EvidenceRef] = (), shows: Level | None = None, **data: Any
) -> Outcome:
    """The check's aspect reaches its declared level, or ``shows`` a higher one."""
    return Outcome(Status.PASS, message, list(evidence), data, shows=shows)


def failed(
    message: Message,
    evidence: Iterable[EvidenceRef] = (),
    severity: Severity | None = None,
    shows: Level | None = None,
    blocker: bool = False,
    **data: Any,
) -> Outcome:
    """The check's aspect falls short of its declared level.

    A graded check says which level its evidence does show (``shows``): six swallowed catches
    among forty-three are a *partial* showing, not an absence. A failure may show its own level when
    other evidence stands in for the missing aspect (no error tracker, but alerts that say the
    product is down). Ungraded, a failure only says "below the declared level". ``blocker`` marks
    the few failures that sink a criterion on their own (a real secret committed), so the report can
    say so."""
    return Outcome(Status.FAIL, message, list(evidence), data, severity, shows=shows, blocker=blocker)


def inconclusive(message: Message, evidence: Iterable[EvidenceRef] = (), **data: Any) -> Outcome:
    return Outcome(Status.INCONCLUSIVE, message, list(evidence), data)


def not_applicable(message: Message, **data: Any) -> Outcome:
    return Outcome(Status.NOT_APPLICABLE, message, [], data)


@dataclass
class CheckContext:
    """What a check may read: the evidence, the product's targets and profile, and today's date."""

    evidence: Evidence
    config: Config
    profile: Profile
    as_of: dt.date

    @property
    def targets(self) -> dict[str, Any]:
        return self.config.targets


CheckFn = Callable[[CheckContext], Outcome]


@dataclass(frozen=True)
class CheckSpec:
    id: str
    criterion: str
    looks_for: dict[str, str]
    level: Level
    severity: Severity
    remediation: dict[str, str]
    seed_section: str
    sources: tuple[str, ...]
    fn: CheckFn
    health_only: bool = False
    caps: bool = True
    evidences: bool = True
    reads: frozenset[str] | None = frozenset()
    """The tables the check reads (``kind.name``); None for a team's own function, which may read any."""

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "criterion": self.criterion,
            "looks_for": self.looks_for,
            "level": self.level.value,
            "severity": self.severity.value,
            "remediation": self.remediation,
            "seed_section": self.seed_section,
            "sources": list(self.sources),
            "health_only": self.health_only,
            "caps": self.caps,
            "evidences": self.evidences,
            "effort": self.effort,
        }

    @property
    def effort(self) -> dict[str, Any]:
        """The remediation's usual size and who usually does it, worded in each language."""
        size = effort_of(self.id)
        return {
            "size": size["effort"],
            "hours": list(EFFORT_HOURS[size["effort"]]),
            "role": size["role"],
            **{lang: effort_words(size["effort"], lang) for lang in ("en", "fr")},
        }


_CHECKS: dict[str, CheckSpec] = {}


def check(
    id: str,
    criterion: str,
    looks_for: dict[str, str],
    level: Level | str,
    remediation: dict[str, str],
    seed_section: str,
    severity: Severity | str = Severity.MEDIUM,
    sources: tuple[str, ...] = ("repositories",),
    health_only: bool = False,
    caps: bool = True,
    evidences: bool = True,
    reads: Iterable[str] = (),
) -> Callable[[CheckFn], CheckFn]:
    """Register a check. ``level`` is the level a pass evidences; ``sources`` the kinds it needs;
    ``reads`` the tables it reads (``kind.name``, as the collectors declare them): reading another is a
    bug the test suite stops at.

    ``caps=False`` marks a practice that lifts a criterion when present but whose absence alone
    does not hold it down (ADRs are welcome, not required): its failure is reported with its
    remediation and weighs nothing. ``evidences=False`` marks a hygiene check (no personal data in
    logs, no bare except): finding nothing wrong shows no level by itself, a failure still caps."""
    if criterion not in CRITERION_IDS:
        raise ValueError(f"check {id}: unknown criterion {criterion!r}")
    if not {"en", "fr"} <= set(looks_for) or not {"en", "fr"} <= set(remediation):
        raise ValueError(f"check {id}: looks_for and remediation need 'en' and 'fr'")

    def decorate(fn: CheckFn) -> CheckFn:
        if id in _CHECKS and _CHECKS[id].fn is not fn:
            raise ValueError(f"check id {id!r} registered twice")
        _CHECKS[id] = CheckSpec(
            id=id,
            criterion=criterion,
            looks_for=looks_for,
            level=Level(level),
            severity=Severity(severity),
            remediation=remediation,
            seed_section=seed_section,
            sources=tuple(sources),
            fn=fn,
            health_only=health_only,
            caps=caps,
            evidences=evidences,
            reads=frozenset(reads),
        )
        return fn

    return decorate


_plugins_loaded = False


def registered_checks() -> list[CheckSpec]:
    """Every check, built-in and plugged in, in criterion order."""
    global _plugins_loaded
    if not _plugins_loaded:
        for entry in entry_points(group="readiness.checks"):
            entry.load()
        for spec in _CHECKS.values():
            check_reads(spec.id, spec.reads or (), spec.sources)
        _plugins_loaded = True
    order = {cid: i for i, cid in enumerate(CRITERION_IDS)}
    return sorted(_CHECKS.values(), key=lambda spec: (order[spec.criterion], spec.id))


def check_ids() -> set[str]:
    return {spec.id for spec in registered_checks()} | {attestation_check_id(cid) for cid in CRITERION_IDS}


def attestation_check_id(criterion_id: str) -> str:
    return f"{criterion_id}.attested"


def _missing_sources_outcome(spec: CheckSpec, evidence: Evidence) -> Outcome | None:
    """A check whose sources are all absent or unavailable cannot conclude anything."""
    if any(evidence.has(kind) for kind in spec.sources):
        return None
    broken = [s for kind in spec.sources for s in evidence.unavailable(kind)]
    labels = {lang: " / ".join(collector_label(kind, lang) for kind in spec.sources) for lang in ("en", "fr")}
    if broken:
        reasons = "; ".join(f"{s.location}: {s.error}" for s in broken)
        return inconclusive(
            {
                "en": f"No usable {labels['en']} evidence (unavailable: {reasons}).",
                "fr": f"Aucune preuve exploitable ({labels['fr']}) : source indisponible ({reasons}).",
            },
            missing_sources=list(spec.sources),
            unavailable_sources=[s.location for s in broken],
        )
    return inconclusive(
        {"en": f"No {labels['en']} evidence was given.", "fr": f"Aucune preuve fournie ({labels['fr']})."},
        missing_sources=list(spec.sources),
    )


def run_check(spec: CheckSpec, ctx: CheckContext) -> Finding:
    if spec.health_only and not ctx.profile.health_data:
        outcome = not_applicable(
            {
                "en": "Applies to products that handle health data only.",
                "fr": "Ne concerne que les produits qui traitent des données de santé.",
            }
        )
    else:
        outcome = _missing_sources_outcome(spec, ctx.evidence) or _call(spec, ctx)
    severity = Severity(ctx.config.checks.get("severity", {}).get(spec.id, outcome.severity or spec.severity))
    messages = bilingual(outcome.message)
    return Finding(
        check_id=spec.id,
        criterion=spec.criterion,
        status=outcome.status,
        severity=severity,
        message=messages["en"],
        messages=messages,
        evidence=outcome.evidence,
        remediation=spec.remediation,
        level=spec.level,
        data=outcome.data,
        shows=_shown(spec, outcome),
        blocker=outcome.blocker,
        caps=spec.caps,
        evidences=spec.evidences,
    )


def _shown(spec: CheckSpec, outcome: Outcome) -> Level | None:
    """A graded outcome's level, kept only where it says more than the status already does."""
    if outcome.shows is None or outcome.status not in (Status.PASS, Status.FAIL):
        return None
    shows = Level(outcome.shows)
    if outcome.status is Status.PASS:
        return shows if shows.rank > spec.level.rank else None
    if shows.rank > spec.level.rank:
        raise ValueError(f"check {spec.id}: a failure cannot show {shows} above its level {spec.level}")
    return shows


def _call(spec: CheckSpec, ctx: CheckContext) -> Outcome:
    try:
        return spec.fn(replace(ctx, evidence=ctx.evidence.for_check(spec.id, spec.reads)))
    except DeadlineExceeded:
        raise  # the whole run stops: not this check's failure
    except Exception as exc:
        if os.environ.get(STRICT_ENV):
            raise
        log.error("check failed unexpectedly", exc_info=True, extra={"check": spec.id})
        cause = default_scanner().redact_text("exception", f"{type(exc).__name__}: {exc}")[:200]
        return inconclusive(
            {
                "en": f"The check could not run ({cause}); this is a bug in readiness, please "
                "report it with the run id.",
                "fr": f"La vérification n'a pas pu s'exécuter ({cause}) ; c'est un bogue de "
                "readiness : merci de le signaler avec l'identifiant d'exécution.",
            }
        )


PARALLEL_MIN_FILES = 2000
"""Below this many repository files the checks take less time than starting processes for them."""
_FORKED: tuple[list[CheckSpec], CheckContext] | None = None


def _run_forked(index: int) -> Finding:
    assert _FORKED is not None  # set by _run_in_processes before the pool forks
    specs, ctx = _FORKED
    return run_check(specs[index], ctx)


def _run_in_processes(specs: list[CheckSpec], ctx: CheckContext, workers: int) -> list[Finding]:
    """Each check in a forked process: the children share the parent's facts (copy on write)
    instead of receiving a pickled copy per check; only findings travel back. Checks are handed
    out one at a time, so a slow one does not hold a batch behind it."""
    global _FORKED
    _FORKED = (specs, ctx)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run_forked, range(len(specs)), chunksize=1)
    finally:
        _FORKED = None


def check_workers(ctx: CheckContext) -> int:
    """Processes for the checks: ``checks.workers`` (default one per core), one for small evidence."""
    if len(ctx.evidence.table("repositories", "files")) < PARALLEL_MIN_FILES:
        return 1
    return ctx.config.checks.get("workers") or os.cpu_count() or 1


def run_checks(ctx: CheckContext) -> list[Finding]:
    """Every enabled check, then waivers and attestations applied to the findings."""
    from readiness.checks.attestations import apply_attestations, apply_waivers
    from readiness.checks.custom import custom_check_specs

    disabled = set(ctx.config.checks.get("disable", []))
    specs = [
        spec for spec in (*registered_checks(), *custom_check_specs(ctx.config)) if spec.id not in disabled
    ]
    workers = check_workers(ctx)
    with doing("running the checks"):
        if workers > 1:
            findings = _run_in_processes(specs, ctx, workers)
        else:
            findings = [run_check(spec, ctx) for spec in specs]
    findings = apply_attestations(findings, ctx)
    return apply_waivers(findings, ctx)


# Built-in checks, one module per criterion, register themselves on import.
from readiness.checks import (  # noqa: E402, F401
    auth_security,
    backup,
    ci_cd,
    compliance,
    documentation,
    environments,
    error_handling,
    monitoring,
    performance,
    scalability,
    secrets,
    tests,
)
