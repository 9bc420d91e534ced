"""The twelve criteria and the product profiles, loaded from the package's data files.

They are data, not code, so the training notebook, the report and the scoring
read the same text and a translation is a YAML edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from readiness.errors import UsageError
from readiness.locales import LANGS
from readiness.model import Level

CRITERION_IDS = (
    "tests",
    "error_handling",
    "monitoring",
    "secrets",
    "backup",
    "auth_security",
    "performance",
    "documentation",
    "ci_cd",
    "environments",
    "scalability",
    "compliance",
)
CRITICALITY_WEIGHTS = {"critical": 3, "important": 2, "nice_to_have": 1}
LANGUAGES = LANGS


@dataclass(frozen=True)
class Criterion:
    id: str
    number: int
    criticality: str
    criticality_health: str | None
    seed_section: str
    name: dict[str, str]
    description: dict[str, str]
    prototype: dict[str, str]
    production: dict[str, str]
    levels: dict[str, dict[str, str]]
    """What each rung means for this criterion, as a reviewer reads it (shared/LEVELS.md)."""

    def criticality_for(self, profile: Profile) -> str:
        if profile.health_data and self.criticality_health:
            return self.criticality_health
        return self.criticality


@dataclass(frozen=True)
class Profile:
    name: str
    label: dict[str, str]
    """What a reader calls the profile, by language ("Données de santé"); ``name`` is its id."""
    blocking: bool
    health_data: bool
    description: dict[str, str]
    required: dict[str, Level]

    def required_level(self, criterion_id: str) -> Level | None:
        return self.required.get(criterion_id)

    def named(self, lang: str) -> str:
        """The label a page shows, with the id a readiness.yml uses: "Données de santé (health)"."""
        return f"{self.label[lang]} ({self.name})"


def _load_yaml(name: str):
    text = resources.files("readiness").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def criteria() -> tuple[Criterion, ...]:
    """The twelve criteria in the seed's order."""
    items = tuple(Criterion(**{"criticality_health": None, **raw}) for raw in _load_yaml("criteria.yml"))
    if tuple(c.id for c in items) != CRITERION_IDS:
        raise RuntimeError("criteria.yml does not list the twelve criteria in the seed's order")
    return items


def criterion(criterion_id: str) -> Criterion:
    for item in criteria():
        if item.id == criterion_id:
            return item
    raise UsageError(f"unknown criterion {criterion_id!r}; known: {', '.join(CRITERION_IDS)}")


@cache
def profiles() -> dict[str, Profile]:
    out = {}
    for name, raw in _load_yaml("profiles.yml").items():
        required = raw["required"]
        if required == "all":
            required = {cid: Level.PRODUCTION for cid in CRITERION_IDS}
        else:
            required = {cid: Level(level) for cid, level in required.items()}
        out[name] = Profile(
            name=name,
            label=raw["label"],
            blocking=raw["blocking"],
            health_data=raw["health_data"],
            description=raw["description"],
            required=required,
        )
    return out


def profile(name: str) -> Profile:
    try:
        return profiles()[name]
    except KeyError:
        raise UsageError(f"unknown profile {name!r}; known: {', '.join(profiles())}") from None


EFFORT_HOURS = {"S": (1, 4), "M": (4, 16), "L": (16, 40)}
"""A remediation's usual size in one person's hours."""
ROLES = ("developer", "ops", "product", "legal")
DEFAULT_EFFORT = {"effort": "M", "role": "developer"}


@cache
def efforts() -> dict[str, dict[str, str]]:
    """Each check's usual remediation effort (S/M/L) and role, from data/remediation.yml."""
    return _load_yaml("remediation.yml")


def effort_of(check_id: str) -> dict[str, str]:
    """The effort and role of a check's remediation (custom checks: M, developer)."""
    return efforts().get(check_id, DEFAULT_EFFORT)


def effort_words(size: str, lang: str) -> str:
    """ "M (4–16 h)" / "M (4 à 16 h)"."""
    low, high = EFFORT_HOURS[size]
    return f"{size} ({low}–{high} h)" if lang == "en" else f"{size} ({low} à {high} h)"
