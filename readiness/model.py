"""The assessment's vocabulary: statuses, levels, findings and results.

Every stage speaks these types, so a collector, a check and the scorecard can be
written by different people without agreeing on anything but this module.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from readiness.locales import LANGS, Said, in_lang


class Status(StrEnum):
    """What one check concluded."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    """How much a failing check matters, highest first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for critical … 4 for info: sort by it to put the gravest first."""
        return list(Severity).index(self)


class Level(StrEnum):
    """How far a criterion has come. Only the first four are ordered."""

    ABSENT = "absent"
    PROTOTYPE = "prototype"
    PARTIAL = "partial"
    PRODUCTION = "production"
    NOT_APPLICABLE = "not_applicable"
    INCONCLUSIVE = "inconclusive"

    @property
    def rank(self) -> int:
        """Order of the attained levels; -1 for the two that are not on the scale."""
        order = [Level.ABSENT, Level.PROTOTYPE, Level.PARTIAL, Level.PRODUCTION]
        return order.index(self) if self in order else -1

    def below(self) -> Level:
        """The rung under this one (absent stays absent)."""
        return ORDERED_LEVELS[max(self.rank - 1, 0)]

    def above(self) -> Level | None:
        """The rung over this one, None at production."""
        return ORDERED_LEVELS[self.rank + 1] if 0 <= self.rank < 3 else None


ORDERED_LEVELS = (Level.ABSENT, Level.PROTOTYPE, Level.PARTIAL, Level.PRODUCTION)


class Verdict(StrEnum):
    """The profile's answer. ``not_required``: a profile that only informs (a POC) is never "ready"."""

    READY = "ready"
    NOT_READY = "not_ready"
    INCONCLUSIVE = "inconclusive"
    NOT_REQUIRED = "not_required"


class SourceStatus(StrEnum):
    OK = "ok"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class EvidenceRef:
    """Where a verdict comes from: a source, and a file and line inside it when there is one.

    ``excerpt`` must already be redacted by whoever builds the reference
    (see :mod:`readiness.redact`): nothing downstream looks at it again.
    """

    source: str
    path: str | None = None
    line: int | None = None
    excerpt: str | None = None
    url: str | None = None
    excerpts: dict[str, str] = field(default_factory=dict)
    """The excerpt in other languages when a check wrote it (a run's summary, "Vercel is not
    HDS-certified"); a line quoted from the evidence has none and reads the same in every language."""

    def excerpt_in(self, lang: str) -> str | None:
        return self.excerpts.get(lang, self.excerpt)

    def label(self) -> str:
        where = self.path or self.source
        return f"{where}:{self.line}" if self.line else where


@dataclass
class Finding:
    """The outcome of one check on one product."""

    check_id: str
    criterion: str
    status: Status
    severity: Severity
    message: str
    evidence: list[EvidenceRef] = field(default_factory=list)
    remediation: dict[str, str] = field(default_factory=dict)
    level: Level = Level.PRODUCTION
    waiver: dict[str, Any] | None = None
    attestation: dict[str, Any] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    shows: Level | None = None
    """The level this finding's evidence shows for its aspect, when the check graded it."""
    blocker: bool = False
    """A failure that caps the criterion on its own (a real secret committed), said as such."""
    caps: bool = True
    """False for a practice that lifts a criterion when present but whose absence holds nothing down."""
    evidences: bool = True
    """False for a hygiene check: finding nothing wrong shows no level by itself."""

    def __post_init__(self) -> None:
        """Enums stay enums whoever builds the finding (a plugin may pass "partial"): scoring compares
        ranks, never strings."""
        self.status, self.severity, self.level = (
            Status(self.status),
            Severity(self.severity),
            Level(self.level),
        )
        self.shows = Level(self.shows) if self.shows is not None else None

    def message_in(self, lang: str) -> tuple[str, str]:
        """The message in ``lang`` when the check translated it, else in English: (text, its language)."""
        if lang in self.messages:
            return self.messages[lang], lang
        return self.message, "en"

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["status"] = self.status.value
        out["severity"] = self.severity.value
        out["level"] = self.level.value
        out["shows"] = self.shows.value if self.shows else None
        out["messages"] = {"en": self.message, **self.messages}
        return out


@dataclass
class CriterionResult:
    criterion: str
    level: Level
    score: float | None
    required_level: Level | None
    criticality: str
    findings: list[Finding]
    reason: str = ""
    reasons: dict[str, str] = field(default_factory=dict)
    next_steps: dict[str, str] = field(default_factory=dict)
    """What would make the next level, by language; empty at production or when inconclusive."""

    def reason_in(self, lang: str) -> str:
        """Why this level, in ``lang`` when the deciding check translated it, else in English."""
        return self.reasons.get(lang) or self.reason

    @property
    def meets_requirement(self) -> bool | None:
        """True/False against the profile; None when evidence cannot tell or nothing is required."""
        if self.required_level is None or self.level is Level.NOT_APPLICABLE:
            return None if self.required_level is None else True
        if self.level is Level.INCONCLUSIVE:
            return None
        return self.level.rank >= self.required_level.rank

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "level": self.level.value,
            "score": self.score,
            "required_level": self.required_level.value if self.required_level else None,
            "meets_requirement": self.meets_requirement,
            "criticality": self.criticality,
            "reason": self.reason,
            "reasons": {"en": self.reason, **self.reasons},
            "next_steps": self.next_steps,
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass
class SourceRecord:
    """One evidence source as the report lists it: what, where, and whether it could be read."""

    kind: str
    location: str
    status: SourceStatus = SourceStatus.OK
    error: str | None = None
    error_type: str | None = None
    notes: list[str] = field(default_factory=list)
    """What the collector noticed, in English; a note :func:`readiness.locales.said` in every
    language also fills ``notes_by_lang``."""
    figures: dict[str, Any] = field(default_factory=dict)
    """Summary figures at full precision (counts, rates, percentiles) that dashboards and CI read;
    each collector documents its own under ``$defs/source`` in the assessment schema."""
    notes_by_lang: dict[str, list[str]] = field(default_factory=dict)
    """Every note in each language; a note only written in English stays English there."""

    def __post_init__(self) -> None:
        if any(isinstance(note, Said) for note in self.notes):
            self.notes_by_lang = {lang: [in_lang(n, lang) for n in self.notes] for lang in LANGS}

    def notes_in(self, lang: str) -> list[str]:
        return self.notes_by_lang.get(lang, self.notes)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["notes"] = [str(note) for note in self.notes]
        out["status"] = self.status.value
        return out
