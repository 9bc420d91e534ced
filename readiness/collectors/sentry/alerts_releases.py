"""Alert rules and releases, as the API lists them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from readiness.collectors.sentry.tables import typed_table
from readiness.errors import EvidenceFormatError


def alert_rule_row(rule: dict) -> dict:
    """An issue alert rule (actions) or a metric alert (triggers, each with actions)."""
    if "triggers" in rule:
        actions = sum(len(trigger.get("actions") or []) for trigger in rule["triggers"] or [])
        kind = "metric"
    else:
        actions, kind = len(rule.get("actions") or []), "issue"
    return {
        "name": str(rule.get("name") or ""),
        "kind": kind,
        "environment": rule.get("environment") or "",
        "actions": actions,
        "status": rule.get("status") or "active",
    }


def parse_alert_rules(path: Path, data: list) -> dict[str, pd.DataFrame]:
    """Alert rules (issue or metric alerts API): the evidence that alerting exists, not just monitoring."""
    if not all(isinstance(rule, dict) for rule in data):
        raise EvidenceFormatError(path, "is not a list of alert rules")
    return {"alert_rules": typed_table("alert_rules", [alert_rule_row(rule) for rule in data])}


def parse_releases(path: Path, data: list) -> dict[str, pd.DataFrame]:
    """Release health: ``projects[].healthData.crashFreeSessions`` is already a percentage."""
    rows = []
    for release in data:
        for project in release.get("projects") or [{"healthData": release.get("healthData")}]:
            health = project.get("healthData") or {}
            for scope, key in (("sessions", "crashFreeSessions"), ("users", "crashFreeUsers")):
                if health.get(key) is not None:
                    rows.append(
                        {
                            "scope": scope,
                            "rate": health[key],
                            "release": release.get("version"),
                            "environment": "",
                        }
                    )
    if not rows:
        raise EvidenceFormatError(path, "lists releases but none carries health data")
    return {"crash_free": typed_table("crash_free", rows)}
