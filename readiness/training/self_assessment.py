"""The guided self-assessment: one answer per criterion becomes attestations in a readiness.yml
that load_config reads back, and a table of what was declared."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from readiness.assessment import assess
from readiness.catalogue import CRITERION_IDS, criterion
from readiness.config import Config, validate_config_data
from readiness.errors import UsageError
from readiness.training.course import course, label, practice
from readiness.validation import load_validated_config

SELF_ASSESSMENT_CHOICES = ("absent", "prototype", "partial", "production")


ATTESTATION_VALID_DAYS = 90


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _mid_sentence(text: str) -> str:
    """`Des suites…` → `des suites…` inside a sentence; acronyms such as `GDPR` keep their case."""
    text = text.rstrip(".")
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def self_assessment_choices(criterion_id: str, lang: str) -> dict[str, str]:
    """Level → the sentence a learner recognises their product in."""
    crit = criterion(criterion_id)
    words = practice()["self_assessment"]
    return {
        "absent": words["absent"][lang],
        "prototype": crit.prototype[lang],
        "partial": words["partial"][lang].format(production=_mid_sentence(crit.production[lang])),
        "production": crit.production[lang],
    }


def self_assessment_data(
    name: str,
    profile: str,
    answers: dict[str, str],
    owner: str,
    on: dt.date,
    lang: str = "en",
    repositories: tuple[str, ...] = (),
    valid_days: int = ATTESTATION_VALID_DAYS,
) -> dict[str, Any]:
    """A readiness.yml as data: one attestation per criterion answered above `absent`.

    Attestations expire, so a self-assessment has to be redone rather than trusted forever.
    """
    if EMAIL.search(owner):
        raise UsageError(
            "the owner looks like an e-mail address; give a name or a role, since the "
            "file and the reports built from it show the owner"
        )
    unknown = set(answers) - set(CRITERION_IDS)
    if unknown:
        raise UsageError(f"unknown criteria in the answers: {', '.join(sorted(unknown))}")
    statement = practice()["self_assessment"]["statement"][lang]
    attestations = []
    for criterion_id in CRITERION_IDS:
        level = answers.get(criterion_id, "absent")
        if level not in SELF_ASSESSMENT_CHOICES:
            raise UsageError(f"{criterion_id}: {level!r} is not one of {', '.join(SELF_ASSESSMENT_CHOICES)}")
        if level == "absent":
            continue
        answer = self_assessment_choices(criterion_id, lang)[level]
        attestations.append(
            {
                "criterion": criterion_id,
                "level": level,
                "statement": statement.format(answer=answer),
                "owner": owner,
                "date": on.isoformat(),
                "expires": (on + dt.timedelta(days=valid_days)).isoformat(),
            }
        )
    data: dict[str, Any] = {"schema_version": 1, "name": name, "profile": profile}
    if repositories:
        data["evidence"] = {"repositories": [str(Path(repo).resolve()) for repo in repositories]}
    data["attestations"] = attestations
    return data


def self_assessment_summary(config: Config, as_of: dt.date, lang: str) -> pd.DataFrame:
    """What `readiness assess` concludes from the file: each criterion's level against the profile."""
    assessment = assess(config, as_of=as_of)
    levels = course()["levels"]
    return pd.DataFrame(
        [
            {
                label("criterion", lang): criterion(r.criterion).name[lang],
                label("level", lang): levels[r.level.value][lang],
                label("required", lang): levels[r.required_level.value][lang] if r.required_level else "",
                "✓": {True: "✓", False: "✗", None: "–"}[r.meets_requirement],
            }
            for r in assessment.criteria
        ]
    )


def unused_path(path: Path) -> Path:
    """readiness.yml, else readiness-2.yml, …: each press of the button keeps the earlier files."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def self_assessment_path(chosen: str | Path | None) -> Path:
    """Where the self-assessment's readiness.yml goes: where the learner chose, else the folder they
    work in (a temporary folder would lose it), under a name no file there has yet."""
    return Path(chosen) if chosen else unused_path(Path.cwd() / "readiness.yml")


def write_self_assessment(path: Path, data: dict[str, Any]) -> Config:
    """Validate, write and read the file back the way `readiness assess --config` will.

    Refuses to overwrite an existing file: a readiness.yml the user wrote is theirs.
    """
    path = Path(path)
    validate_config_data(data, path)
    if path.exists():
        raise UsageError(f"{path} already exists; choose another path for the self-assessment")
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Written by the readiness training's self-assessment; edit freely.\n"
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_validated_config(path)
