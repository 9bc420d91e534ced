"""Findings → criterion levels and scores → overall score and verdict.

Scoring never reads files. Two rules carry the weight:
- a level is reached when no check at or below it fails and some check at or
  above it passes (a pass at a higher level evidences the lower ones);
- missing evidence is *inconclusive*, never zero: it is left out of the score
  and counted in the evidence-coverage figure instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from readiness.catalogue import CRITICALITY_WEIGHTS, Profile, criteria
from readiness.model import CriterionResult, Finding, Level, Status, Verdict

LEVEL_WEIGHTS = {Level.PROTOTYPE: 1, Level.PARTIAL: 2, Level.PRODUCTION: 3}
DECISIVE = {Status.PASS, Status.FAIL, Status.WAIVED}
COUNTS_AS_PASS = {Status.PASS, Status.WAIVED}


def attained_level(decisive: list[Finding]) -> Level:
    attained = Level.ABSENT
    for level in (Level.PROTOTYPE, Level.PARTIAL, Level.PRODUCTION):
        if any(f.status is Status.FAIL and Level(f.level) is level for f in decisive):
            break
        if not any(f.status in COUNTS_AS_PASS and Level(f.level).rank >= level.rank
                   for f in decisive):
            break
        attained = level
    return attained


SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


def _headline(decisive: list[Finding]) -> Finding:
    """The finding that best explains the level: the most basic failure, else the strongest pass."""
    failing = [f for f in decisive if f.status is Status.FAIL]
    if failing:
        return min(failing, key=lambda f: (Level(f.level).rank, SEVERITY_ORDER.index(f.severity)))
    return max(decisive, key=lambda f: (Level(f.level).rank, -SEVERITY_ORDER.index(f.severity)))


def criterion_score(decisive: list[Finding]) -> float:
    total = sum(LEVEL_WEIGHTS[Level(f.level)] for f in decisive)
    got = sum(LEVEL_WEIGHTS[Level(f.level)] for f in decisive if f.status in COUNTS_AS_PASS)
    return round(100 * got / total, 1) if total else 0.0


def score_criterion(criterion_id: str, findings: list[Finding], profile: Profile) -> CriterionResult:
    crit = next(c for c in criteria() if c.id == criterion_id)
    base = dict(criterion=criterion_id, required_level=profile.required_level(criterion_id),
                criticality=crit.criticality_for(profile), findings=findings)
    applicable = [f for f in findings if f.status is not Status.NOT_APPLICABLE]
    if findings and not applicable:
        return CriterionResult(level=Level.NOT_APPLICABLE, score=None,
                               **_reasons(findings[0].messages, findings[0].message), **base)
    decisive = [f for f in applicable if f.status in DECISIVE]
    if not decisive:
        whys = {lang: "; ".join(sorted({f.message_in(lang)[0] for f in applicable})) or "–"
                for lang in ("en", "fr")}
        return CriterionResult(level=Level.INCONCLUSIVE, score=None, **_reasons(
            {"en": f"No evidence either way: {whys['en']}",
             "fr": f"Rien ne permet de conclure : {whys['fr']}"}), **base)
    headline = _headline(decisive)
    return CriterionResult(level=attained_level(decisive), score=criterion_score(decisive),
                           **_reasons(headline.messages, headline.message), **base)


def _reasons(messages: dict[str, str], english: str | None = None) -> dict:
    """CriterionResult's reason (English) and reasons (every language the messages have)."""
    reasons = {"en": english or messages["en"], **messages}
    return {"reason": reasons["en"], "reasons": reasons}


def score_criteria(findings: Iterable[Finding], profile: Profile) -> list[CriterionResult]:
    findings = list(findings)
    return [score_criterion(c.id, [f for f in findings if f.criterion == c.id], profile)
            for c in criteria()]


def overall_score(results: list[CriterionResult]) -> float | None:
    scored = [r for r in results if r.score is not None]
    weight = sum(CRITICALITY_WEIGHTS[r.criticality] for r in scored)
    if not weight:
        return None
    return round(sum(CRITICALITY_WEIGHTS[r.criticality] * r.score for r in scored) / weight, 1)


def evidence_coverage(results: list[CriterionResult]) -> float:
    """Share of applicable criteria on which the evidence (or an attestation) concluded."""
    applicable = [r for r in results if r.level is not Level.NOT_APPLICABLE]
    concluded = [r for r in applicable if r.level is not Level.INCONCLUSIVE]
    return round(len(concluded) / len(applicable), 3) if applicable else 0.0


def verdict(results: list[CriterionResult]) -> tuple[Verdict, list[str], list[str]]:
    """The verdict, the criteria that block it and those that lack evidence."""
    blocking = [r.criterion for r in results if r.meets_requirement is False]
    unknown = [r.criterion for r in results
               if r.required_level is not None and r.level is Level.INCONCLUSIVE]
    if blocking:
        return Verdict.NOT_READY, blocking, unknown
    if unknown:
        return Verdict.INCONCLUSIVE, blocking, unknown
    return Verdict.READY, blocking, unknown
