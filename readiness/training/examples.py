"""Bad and good examples, each a small git repository written to a folder and assessed by the
product's own checks, so the course and `readiness assess` can never disagree about what is wrong."""

from __future__ import annotations

import copy
import datetime as dt
import json
import logging
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from readiness.assessment import assess
from readiness.catalogue import CRITERION_IDS, criterion
from readiness.checks import CheckSpec, registered_checks
from readiness.config import config_from_data
from readiness.gitcmd import run_git
from readiness.model import Finding, Level, Status
from readiness.training.course import course, label, training_data

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Variant:
    """One side of an example: a small repository and the file the lesson shows."""

    name: str
    caption: dict[str, str]
    focus: str
    files: dict[str, str]


@dataclass(frozen=True)
class Example:
    """A bad and a good version of the same thing, and the check that tells them apart."""

    id: str
    criterion: str
    check: str
    profile: str
    bad: Variant
    good: Variant

    @property
    def variants(self) -> tuple[Variant, Variant]:
        return self.bad, self.good


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = _merged(out.get(key, {}), value) if isinstance(value, dict) else value
    return out


def _variant(name: str, raw: dict[str, Any], base: dict[str, Any]) -> Variant:
    files = dict(base.get("files", {}))
    package = _merged(base.get("package", {}), raw.get("package", {}))
    if package:
        files["package.json"] = json.dumps(package, indent=2) + "\n"
    files.update(raw["files"])
    if raw["focus"] not in files:
        raise ValueError(f"examples.yml: {name} focus {raw['focus']!r} is not one of its files")
    return Variant(name=name, caption=raw["caption"], focus=raw["focus"], files=files)


@cache
def examples() -> tuple[Example, ...]:
    """Every example of examples.yml, in the criteria's order."""
    data = training_data("examples.yml")
    out = []
    for raw in data["examples"]:
        base = data["bases"][raw["base"]] if raw.get("base") else {}
        out.append(
            Example(
                id=raw["id"],
                criterion=raw["criterion"],
                check=raw["check"],
                profile=raw.get("profile", "product"),
                bad=_variant("bad", raw["bad"], base),
                good=_variant("good", raw["good"], base),
            )
        )
    order = {cid: i for i, cid in enumerate(CRITERION_IDS)}
    return tuple(sorted(out, key=lambda e: order[e.criterion]))


def examples_for(criterion_id: str) -> list[Example]:
    criterion(criterion_id)
    return [e for e in examples() if e.criterion == criterion_id]


def write_repository(files: dict[str, str], root: Path) -> Path:
    """Write the files into a new folder and stage them in a fresh git repository.

    Git matters: whether a `.env` is tracked or ignored is only real in a work tree.
    """
    root.mkdir(parents=True, exist_ok=False)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    _stage_in_git(root)
    return root


def _stage_in_git(root: Path) -> None:
    """Without git the example is still judged, as a plain folder, and the log says why."""
    for args in (["init", "-q"], ["add", "-A"]):
        try:
            result = run_git(root, *args)
            reason = result.stderr.strip() if result.returncode else None
        except OSError as exc:
            reason = str(exc)
        if reason:
            log.warning(
                "git could not stage the example; it is judged as a plain folder",
                extra={"folder": str(root), "reason": reason},
            )
            return


@dataclass
class ExampleResult:
    """What the product's own checks said about one variant of an example."""

    example: Example
    variant: Variant
    finding: Finding
    level: Level

    @property
    def flagged(self) -> bool:
        """The check did not pass: it failed, or could not find what a product needs."""
        return self.finding.status is not Status.PASS


def judge_variant(example: Example, variant: Variant, workdir: Path, as_of: dt.date) -> ExampleResult:
    """Assess the variant's repository with every real check; keep the example's finding."""
    root = write_repository(variant.files, Path(tempfile.mkdtemp(dir=workdir)) / "repo")
    config = config_from_data(
        {
            "name": f"{example.id}-{variant.name}",
            "profile": example.profile,
            "evidence": {"repositories": [str(root)]},
        },
        None,
    )
    assessment = assess(config, as_of=as_of)
    finding = next((f for f in assessment.findings if f.check_id == example.check), None)
    if finding is None:
        raise LookupError(f"examples.yml: {example.id} names check {example.check!r}, which did not run")
    return ExampleResult(example, variant, finding, assessment.result(example.criterion).level)


def judge_example(example: Example, workdir: Path, as_of: dt.date) -> list[ExampleResult]:
    return [judge_variant(example, variant, workdir, as_of) for variant in example.variants]


def judge_criterion(criterion_id: str, workdir: Path, as_of: dt.date) -> list[ExampleResult]:
    """Every example of a criterion, bad then good, each judged in its own repository."""
    return [r for example in examples_for(criterion_id) for r in judge_example(example, workdir, as_of)]


def _where(finding: Finding) -> str:
    return ", ".join(ref.label() for ref in finding.evidence[:3])


def results_table(results: list[ExampleResult], lang: str) -> pd.DataFrame:
    """One row per variant: what the check concluded and where the criterion's level stands."""
    words = course()
    return pd.DataFrame(
        [
            {
                label("check", lang): r.example.check,
                "": label(r.variant.name, lang),
                label("status", lang): words["statuses"][r.finding.status.value][lang],
                label("level", lang): words["levels"][r.level.value][lang],
                label("message", lang): r.finding.message,
                label("where", lang): _where(r.finding),
            }
            for r in results
        ]
    )


def check_spec(check_id: str) -> CheckSpec:
    spec = next((spec for spec in registered_checks() if spec.id == check_id), None)
    if spec is None:
        raise LookupError(f"examples.yml names check {check_id!r}, which is not registered")
    return spec
