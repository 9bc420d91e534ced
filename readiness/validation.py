"""Configuration checked against the registries: evidence kinds the collectors know, checks and
criteria that exist. It lives above both layers (config below collectors and checks, which import
it), so the configuration never imports what it configures."""

from __future__ import annotations

from pathlib import Path

from readiness.catalogue import CRITERION_IDS
from readiness.checks import check_ids
from readiness.checks.custom import custom_check_ids
from readiness.collectors import collector_kinds
from readiness.config import Config, load_config
from readiness.errors import ConfigError


def load_validated_config(path: str | Path) -> Config:
    """load_config, then :func:`validate_references`: what every command reads a readiness.yml with."""
    config = load_config(path)
    validate_references(config, config.path)
    return config


def validate_references(config: Config, file: Path | None = None) -> None:
    """Evidence kinds, criteria and check ids the configuration names must exist."""
    where = file or config.path or "<config>"
    for spec in config.evidence:
        if spec.kind not in collector_kinds():
            raise ConfigError(
                where,
                f"unknown evidence kind {spec.kind!r}",
                key=f"evidence.{spec.kind}",
                expected="one of " + ", ".join(sorted(collector_kinds())),
            )
    known_checks = check_ids() | custom_check_ids(config)
    for i, att in enumerate(config.attestations):
        if att.criterion and att.criterion not in CRITERION_IDS:
            raise ConfigError(
                where,
                f"unknown criterion {att.criterion!r}",
                key=f"attestations[{i}].criterion",
                expected="one of " + ", ".join(CRITERION_IDS),
            )
        if att.check and att.check not in known_checks:
            raise ConfigError(
                where,
                f"unknown check {att.check!r}",
                key=f"attestations[{i}].check",
                expected="a check id listed by `readiness checks`",
            )
    for i, waiver in enumerate(config.waivers):
        if waiver.check not in known_checks:
            raise ConfigError(
                where,
                f"unknown check {waiver.check!r}",
                key=f"waivers[{i}].check",
                expected="a check id listed by `readiness checks`",
            )
    for i, check_id in enumerate(config.checks.get("disable", [])):
        if check_id not in known_checks:
            raise ConfigError(
                where,
                f"unknown check {check_id!r}",
                key=f"checks.disable[{i}]",
                expected="a check id listed by `readiness checks`",
            )
    for check_id in config.checks.get("severity", {}):
        if check_id not in known_checks:
            raise ConfigError(
                where,
                f"unknown check {check_id!r}",
                key=f"checks.severity.{check_id}",
                expected="a check id listed by `readiness checks`",
            )
