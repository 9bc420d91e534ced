"""The whole assessment of one product: collect, check, score, in that order.

This is the one entry point the CLI, the notebooks and the scheduler call, so
they can never disagree about a verdict.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from readiness import SCHEMA_VERSION, __version__
from readiness.atomic import write_atomically
from readiness.catalogue import Profile, profile
from readiness.checks import CheckContext, run_checks
from readiness.collectors import Evidence, collect_evidence
from readiness.config import Config
from readiness.exit_codes import ExitCode
from readiness.logs import current_run_id
from readiness.model import CriterionResult, Finding, Level, Verdict
from readiness.scoring import evidence_coverage, overall_score, score_criteria, verdict
from readiness.validation import validate_references

log = logging.getLogger(__name__)
EXPIRING_SOON_DAYS = 30


@dataclass
class Assessment:
    product: str
    profile: Profile
    as_of: dt.date
    generated_at: str
    run_id: str
    config_path: str | None
    criteria: list[CriterionResult]
    verdict: Verdict
    blocking: list[str]
    unknown: list[str]
    overall_score: float | None
    evidence_coverage: float
    notices: list[dict[str, Any]]
    evidence: Evidence = field(repr=False)
    config: Config = field(repr=False)

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.criteria for f in result.findings]

    @property
    def sources(self):
        return self.evidence.sources

    def result(self, criterion_id: str) -> CriterionResult:
        return next(r for r in self.criteria if r.criterion == criterion_id)

    @property
    def gaps_to_production(self) -> list[str]:
        """Criteria below production whatever the profile requires (a POC's distance to launch)."""
        return [r.criterion for r in self.criteria if r.level not in (Level.PRODUCTION, Level.NOT_APPLICABLE)]

    @property
    def exit_code(self) -> int:
        return verdict_exit_code(self.verdict.value, self.profile.blocking)

    @property
    def commits(self) -> dict[str, str]:
        return {
            f.name: f.values["commit"]
            for f in self.evidence.of_kind("repositories")
            if f.values.get("commit")
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "readiness", "version": __version__},
            "run_id": self.run_id,
            "generated_at": self.generated_at,
            "as_of": self.as_of.isoformat(),
            "product": self.product,
            "profile": {
                "name": self.profile.name,
                "blocking": self.profile.blocking,
                "health_data": self.profile.health_data,
            },
            "config_path": self.config_path,
            "verdict": self.verdict.value,
            "blocking": self.blocking,
            "inconclusive_required": self.unknown,
            "gaps_to_production": self.gaps_to_production,
            "overall_score": self.overall_score,
            "evidence_coverage": self.evidence_coverage,
            "commits": self.commits,
            "sources": [s.to_dict() for s in self.sources],
            "criteria": [r.to_dict() for r in self.criteria],
            "notices": self.notices,
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, default=str)


def verdict_exit_code(verdict: str, profile_blocking: bool) -> int:
    """0 when ready or when the profile only informs; 1 otherwise (CI's contract)."""
    return ExitCode.READY if verdict == Verdict.READY.value or not profile_blocking else ExitCode.NOT_READY


def expiry_notices(config: Config, as_of: dt.date) -> list[dict[str, Any]]:
    """Attestations and waivers that expired (no longer counted) or expire soon."""
    notices = []
    soon = as_of + dt.timedelta(days=EXPIRING_SOON_DAYS)
    items = [("attestation", a, a.check or a.criterion) for a in config.attestations]
    items += [("waiver", w, w.check) for w in config.waivers]
    for kind, item, subject in items:
        if item.expires is None:
            continue
        if item.expires < as_of:
            state = "expired"
        elif item.expires <= soon:
            state = "expires_soon"
        else:
            continue
        notices.append(
            {
                "kind": f"{kind}_{state}",
                "subject": subject,
                "expires": item.expires.isoformat(),
                "detail": item.to_dict(),
            }
        )
    return notices


def assess(config: Config, as_of: dt.date | None = None, profile_override: str | None = None) -> Assessment:
    as_of = as_of or dt.date.today()
    validate_references(config, config.path)
    prof = profile(profile_override or config.profile)
    log.info("assessment started", extra={"product": config.name, "profile": prof.name})
    assessment = judge_evidence(collect_evidence(config), config, prof, as_of)
    log.info(
        "assessment finished",
        extra={
            "product": config.name,
            "verdict": assessment.verdict.value,
            "score": assessment.overall_score,
        },
    )
    return assessment


def judge_evidence(evidence: Evidence, config: Config, prof: Profile, as_of: dt.date) -> Assessment:
    """Checks and scoring on evidence already collected (what-if re-judges without re-reading files)."""
    findings = run_checks(CheckContext(evidence=evidence, config=config, profile=prof, as_of=as_of))
    results = score_criteria(findings, prof)
    outcome, blocking, unknown = verdict(results, prof)
    return Assessment(
        product=config.name,
        profile=prof,
        as_of=as_of,
        generated_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        run_id=current_run_id(),
        config_path=str(config.path) if config.path else None,
        criteria=results,
        verdict=outcome,
        blocking=blocking,
        unknown=unknown,
        overall_score=overall_score(results),
        evidence_coverage=evidence_coverage(results),
        notices=expiry_notices(config, as_of),
        evidence=evidence,
        config=config,
    )


@cache
def assessment_schema() -> dict[str, Any]:
    text = resources.files("readiness").joinpath("schemas", "assessment.schema.json").read_text()
    return json.loads(text)


def validate_assessment_json(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``data`` does not follow the published schema."""
    jsonschema.Draft202012Validator(assessment_schema()).validate(data)


def write_assessment_json(assessment: Assessment, path: Path) -> Path:
    write_atomically(path, assessment.to_json())
    return path
