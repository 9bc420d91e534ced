"""What is missing, as a plan: the remediation steps in the order that unblocks the profile first,
and the path to production — the cheapest set of steps after which every criterion reaches the
level the profile requires (production for a proof of concept, which requires nothing).

The plan is never guessed: each candidate set of steps is judged by the same scoring as
``readiness assess``, on the same findings with the ones a step closes assumed fixed (and an
attestation assumed given where evidence cannot settle a criterion). The same evidence gives the
same plan, and a step keeps its id across runs (``fix:<check id>``, ``attest:<criterion>``), so the
history can say which steps were done since the last report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from itertools import combinations
from pathlib import Path
from typing import Any

from readiness.assessment import Assessment
from readiness.catalogue import CRITICALITY_WEIGHTS, EFFORT_HOURS, Profile, criterion, effort_of
from readiness.model import CriterionResult, Finding, Level, Severity, Status
from readiness.names import shown_path
from readiness.scoring import score_criterion, verdict

EFFORT_ORDER = ("S", "M", "L")
SETTLED_BY_ATTESTATION = {"backup": "ops", "compliance": "legal"}
"""Criteria the repository rarely shows either way, and who signs the attestation that settles them."""
MAX_EXACT_STEPS = 12
"""Past this many fixes for one criterion, the cheapest set is grown greedily instead of searched."""


@cache
def plan_schema() -> dict[str, Any]:
    """The published JSON Schema of ``readiness plan --format json``."""
    return json.loads(resources.files("readiness").joinpath("schemas", "plan.schema.json").read_text())


@dataclass
class Step:
    """One thing to do: fix what a check found, or obtain an attestation the evidence cannot give."""

    id: str
    kind: str
    criterion: str
    title: dict[str, str]
    effort: str
    role: str
    rung: Level = Level.PRODUCTION
    """The level the step builds (its check's declared level): among steps of equal effort, the lower
    rungs come first."""
    closes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    blocking: bool = False
    on_path: bool = False
    level_after: str | None = None
    verdict_after: str | None = None

    @property
    def hours(self) -> tuple[int, int]:
        return EFFORT_HOURS[self.effort]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "criterion": self.criterion,
            "title": self.title,
            "effort": self.effort,
            "hours": list(self.hours),
            "role": self.role,
            "closes": self.closes,
            "files": self.files,
            "blocking": self.blocking,
            "on_path": self.on_path,
            "level_after": self.level_after,
            "verdict_after": self.verdict_after,
        }


@dataclass
class Plan:
    product: str
    profile: str
    targets: dict[str, str]
    steps: list[Step]
    reached: dict[str, str]
    verdict_after_path: str

    @property
    def path(self) -> list[Step]:
        return [step for step in self.steps if step.on_path]

    @property
    def path_hours(self) -> tuple[int, int]:
        return (sum(s.hours[0] for s in self.path), sum(s.hours[1] for s in self.path))

    def to_dict(self) -> dict[str, Any]:
        low, high = self.path_hours
        return {
            "product": self.product,
            "profile": self.profile,
            "targets": self.targets,
            "path_to_production": {
                "steps": [s.id for s in self.path],
                "hours": [low, high],
                "reached": self.reached,
                "verdict": self.verdict_after_path,
            },
            "steps": [s.to_dict() for s in self.steps],
        }


def target_levels(results: list[CriterionResult], profile: Profile) -> dict[str, Level]:
    """The level each criterion must reach: the profile's, or production when it requires nothing."""
    return {
        r.criterion: (r.required_level if profile.blocking and r.required_level else Level.PRODUCTION)
        for r in results
    }


def fix_step(finding: Finding, base: Path | None = None) -> Step:
    size = effort_of(finding.check_id)
    files = sorted(
        {shown_path(ref.path, base) for ref in finding.evidence if ref.path and "://" not in ref.path}
    )
    kind = "fix" if finding.status is Status.FAIL else "evidence"
    return Step(
        id=f"fix:{finding.check_id}",
        kind=kind,
        criterion=finding.criterion,
        title={
            "en": finding.remediation.get("en", finding.message),
            "fr": finding.remediation.get("fr") or finding.remediation.get("en", finding.message),
        },
        effort=size["effort"],
        role=size["role"],
        rung=finding.level,
        closes=[finding.check_id],
        files=files,
    )


def attestation_step(criterion_id: str, target: Level) -> Step:
    """Where evidence cannot settle a criterion: the proof to obtain, and who signs it."""
    meaning = criterion(criterion_id).levels[target.value]
    name = criterion(criterion_id).name
    signer = SETTLED_BY_ATTESTATION.get(criterion_id, "product")
    return Step(
        id=f"attest:{criterion_id}",
        kind="attest",
        criterion=criterion_id,
        title={
            "en": f"{name['en']}: obtain an attestation signed and dated by {signer}, linked to "
            f"its proof in readiness.yml, that this holds — {meaning['en']}",
            "fr": f"{name['fr']} : obtenir une attestation signée et datée ({SIGNER_FR[signer]}), "
            f"avec le lien vers sa preuve dans readiness.yml, que ceci est vrai — "
            f"{meaning['fr']}",
        },
        effort="M",
        role=signer,
        rung=target,
    )


SIGNER_FR = {
    "ops": "exploitation",
    "legal": "juridique / DPO",
    "product": "produit",
    "developer": "développement",
}


def assumed_done(findings: list[Finding], steps: list[Step], target: Level) -> list[Finding]:
    """The findings as they would be with ``steps`` done: what they close passes, an attestation
    adds a criterion-level pass at the target."""
    closed = {check for step in steps for check in step.closes}
    open_ = (Status.FAIL, Status.INCONCLUSIVE)
    out = [
        replace(f, status=Status.PASS, shows=None) if f.check_id in closed and f.status in open_ else f
        for f in findings
    ]
    for step in steps:
        if step.kind == "attest":
            out.append(
                Finding(
                    check_id=f"{step.criterion}.attested",
                    criterion=step.criterion,
                    status=Status.PASS,
                    severity=Severity.INFO,
                    message=step.title["en"],
                    level=target,
                )
            )
    return out


def _reaches(result: CriterionResult, target: Level) -> bool:
    return result.level is Level.NOT_APPLICABLE or result.level.rank >= target.rank


def _cost(steps: tuple[Step, ...]) -> tuple[int, int, tuple[str, ...]]:
    """Cheapest first by total hours (middle of each range), then fewer steps, then by id: stable."""
    return (sum(sum(s.hours) for s in steps), len(steps), tuple(sorted(s.id for s in steps)))


def cheapest_steps(
    result: CriterionResult, candidates: list[Step], target: Level, profile: Profile
) -> tuple[Step, ...] | None:
    """The cheapest set of candidate steps after which the criterion reaches ``target``."""

    def level_with(steps: tuple[Step, ...]) -> CriterionResult:
        return score_criterion(result.criterion, assumed_done(result.findings, list(steps), target), profile)

    if len(candidates) > MAX_EXACT_STEPS:
        chosen = tuple(sorted(candidates, key=lambda s: _cost((s,))))
        return chosen if _reaches(level_with(chosen), target) else None
    best = None
    for size in range(len(candidates) + 1):
        for steps in combinations(candidates, size):
            if (best is None or _cost(steps) < _cost(best)) and _reaches(level_with(steps), target):
                best = steps
    return best


def criterion_candidates(result: CriterionResult, base: Path | None) -> list[Step]:
    """A step per failing check, and per check that lacked evidence (its remediation gives it)."""
    fixes = [fix_step(f, base) for f in result.findings if f.status in (Status.FAIL, Status.INCONCLUSIVE)]
    return sorted(fixes, key=lambda s: s.id)


def plan_assessment(assessment: Assessment) -> Plan:
    """The plan for one assessment: every step, in order, and the path to production marked."""
    profile = assessment.profile
    targets = target_levels(assessment.criteria, profile)
    base = Path(assessment.config_path).parent if assessment.config_path else None
    steps, path = [], set()
    for result in assessment.criteria:
        target = targets[result.criterion]
        candidates = criterion_candidates(result, base)
        if result.criterion in SETTLED_BY_ATTESTATION or result.level is Level.INCONCLUSIVE:
            candidates.append(attestation_step(result.criterion, target))
        if not _reaches(result, target):
            chosen = cheapest_steps(result, candidates, target, profile) or ()
            path |= {s.id for s in chosen}
        steps += [s for s in candidates if s.kind == "fix" or s.id in path]
    blocking = {r.criterion for r in assessment.criteria if not _reaches(r, targets[r.criterion])}
    for step in steps:
        step.on_path, step.blocking = step.id in path, step.criterion in blocking
    steps.sort(key=lambda s: step_order(s, assessment))
    reached, verdict_after = annotate_outcomes(assessment, steps, targets)
    return Plan(
        product=assessment.product,
        profile=profile.name,
        targets={cid: level.value for cid, level in targets.items()},
        steps=steps,
        reached=reached,
        verdict_after_path=verdict_after,
    )


def step_order(step: Step, assessment: Assessment) -> tuple:
    """What unblocks the profile first: path steps of blocking criteria by criticality, then effort."""
    criticality = CRITICALITY_WEIGHTS[assessment.result(step.criterion).criticality]
    return (
        not step.on_path,
        not step.blocking,
        -criticality,
        EFFORT_ORDER.index(step.effort),
        step.rung.rank,
        step.criterion,
        step.id,
    )


def annotate_outcomes(
    assessment: Assessment, steps: list[Step], targets: dict[str, Level]
) -> tuple[dict[str, str], str]:
    """Each step's criterion level and verdict once it and every step before it are done; returns
    the levels and verdict the whole path to production leads to."""
    profile = assessment.profile
    judged_profile = profile if profile.blocking else _production_profile(profile, targets)
    done: list[Step] = []
    for step in steps:
        done.append(step)
        results = _rejudged(assessment, done, targets, judged_profile)
        step.level_after = next(r.level.value for r in results if r.criterion == step.criterion)
        step.verdict_after = verdict(results, judged_profile)[0].value
    path_results = _rejudged(assessment, [s for s in steps if s.on_path], targets, judged_profile)
    return (
        {r.criterion: r.level.value for r in path_results},
        verdict(path_results, judged_profile)[0].value,
    )


def _rejudged(
    assessment: Assessment, done: list[Step], targets: dict[str, Level], profile: Profile
) -> list[CriterionResult]:
    return [
        score_criterion(
            r.criterion,
            assumed_done(r.findings, [s for s in done if s.criterion == r.criterion], targets[r.criterion]),
            profile,
        )
        for r in assessment.criteria
    ]


def _production_profile(profile: Profile, targets: dict[str, Level]) -> Profile:
    """A proof of concept judged as if it had to launch: its distance to production as a verdict."""
    return replace(profile, blocking=True, required=dict(targets))


def steps_done_since(previous_ids: list[str], plan: Plan) -> list[str]:
    """Steps of an earlier plan that no longer appear: done (or made moot) since."""
    current = {step.id for step in plan.steps}
    return [step_id for step_id in previous_ids if step_id not in current]
