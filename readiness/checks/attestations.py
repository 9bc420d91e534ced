"""How declared attestations and waivers change findings.

An attestation settles what evidence cannot show (it turns an inconclusive
check into a pass, or adds a criterion-level pass); it never overrides a
failing automated check: that is what a waiver, with an approver, is for.
Expired ones no longer count; the assessment lists them as notices.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from readiness.catalogue import CRITERION_IDS
from readiness.model import EvidenceRef, Finding, Level, Severity, Status

if TYPE_CHECKING:
    from readiness.checks import CheckContext


EVIDENCE_WINS = {
    "en": " (an attestation says otherwise; the evidence wins — use a waiver if the failure is accepted)",
    "fr": " (une attestation dit le contraire ; la preuve l'emporte — une dérogation s'impose si l'échec "
    "est accepté)",
}


def _attested(row: dict) -> dict[str, str]:
    return {"en": f"Attested: {row['statement']}", "fr": f"Attesté : {row['statement']}"}


def _valid_attestations(ctx: CheckContext) -> list[dict]:
    table = ctx.evidence.table("attestations", "attestations")
    if table.empty:
        return []
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    return [row for row in rows if not (row["expires"] and row["expires"] < ctx.as_of)]


def _attestation_ref(row: dict) -> EvidenceRef:
    return EvidenceRef(
        source="attestations",
        path=row.get("evidence") or None,
        excerpt=f"{row['statement']} — {row['owner']}, {row['date']}",
    )


def _as_record(row: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items() if k != "source"}


def apply_attestations(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    from readiness.checks import attestation_check_id

    valid = _valid_attestations(ctx)
    by_check = {row["check"]: row for row in valid if row.get("check")}
    out = []
    for finding in findings:
        row = by_check.get(finding.check_id)
        if row and finding.status is Status.INCONCLUSIVE:
            finding = replace(
                finding,
                status=Status.PASS,
                attestation=_as_record(row),
                message=f"Attested: {row['statement']}",
                messages=_attested(row),
                evidence=[*finding.evidence, _attestation_ref(row)],
            )
        elif row and finding.status is Status.FAIL:
            finding = replace(
                finding,
                message=finding.message + EVIDENCE_WINS["en"],
                messages={lang: text + EVIDENCE_WINS[lang] for lang, text in finding.messages.items()},
            )
        out.append(finding)
    for row in valid:
        if row.get("criterion") and not row.get("check") and row["criterion"] in CRITERION_IDS:
            out.append(
                Finding(
                    check_id=attestation_check_id(row["criterion"]),
                    criterion=row["criterion"],
                    status=Status.PASS,
                    severity=Severity.INFO,
                    message=f"Attested: {row['statement']}",
                    messages=_attested(row),
                    evidence=[_attestation_ref(row)],
                    level=Level(row.get("level") or "production"),
                    attestation=_as_record(row),
                )
            )
    return out


def apply_waivers(findings: list[Finding], ctx: CheckContext) -> list[Finding]:
    active = {w.check: w for w in ctx.config.waivers if not w.is_expired(ctx.as_of)}
    out = []
    for finding in findings:
        waiver = active.get(finding.check_id)
        if waiver and finding.status is Status.FAIL:
            tails = {
                "en": f" (waived until {waiver.expires}: {waiver.reason} — {waiver.approver})",
                "fr": f" (dérogation jusqu'au {waiver.expires} : {waiver.reason} — {waiver.approver})",
            }
            finding = replace(
                finding,
                status=Status.WAIVED,
                waiver=waiver.to_dict(),
                message=finding.message + tails["en"],
                messages={lang: text + tails[lang] for lang, text in finding.messages.items()},
            )
        out.append(finding)
    return out
