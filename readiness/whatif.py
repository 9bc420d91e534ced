"""What-if: toggle a waiver or an attestation and see the levels and the verdict change.

Before a CTO meeting the question is "what if we accept this risk until March?" or
"what if the restore test counts?". These functions answer it on the evidence
already collected (no file is read again): the configuration is copied with the
change, the declared attestations are tabulated again from it, and the same checks
and scoring as ``readiness assess`` judge the result. readiness.yml is written only
by :func:`save_config`, only when asked, after backing up the user's file.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from readiness.assessment import Assessment, judge_evidence
from readiness.atomic import staged_file
from readiness.catalogue import CRITERION_IDS
from readiness.checks import check_ids
from readiness.collectors import Evidence, collect_source
from readiness.config import Attestation, Config, EvidenceSpec, Waiver
from readiness.errors import ConfigError, UsageError
from readiness.validation import load_validated_config

WHAT_IF_DAYS = 90
WHAT_IF_AUTHOR = "what-if"


def rejudge(assessment: Assessment, config: Config) -> Assessment:
    """The assessment as ``config`` (changed waivers or attestations) would judge the same evidence."""
    return judge_evidence(
        _with_declared_attestations(assessment.evidence, config), config, assessment.profile, assessment.as_of
    )


def _with_declared_attestations(evidence: Evidence, config: Config) -> Evidence:
    """Attestations are evidence tabulated from the configuration: tabulate them again."""
    facts = []
    for item in evidence.facts:
        if item.source.kind == "attestations":
            spec = EvidenceSpec(kind="attestations", path=Path(item.source.location), name=item.name)
            item = collect_source(spec, config)
        facts.append(item)
    return Evidence(facts=facts)


def with_waiver(
    config: Config,
    check_id: str,
    waived: bool,
    as_of: dt.date,
    reason: str = WHAT_IF_AUTHOR,
    approver: str = WHAT_IF_AUTHOR,
    expires: dt.date | None = None,
) -> Config:
    """``config`` with a waiver for ``check_id`` (expiring in 90 days unless told), or without any."""
    if check_id not in check_ids():
        raise UsageError(f"unknown check {check_id!r}; `readiness checks` lists them")
    kept = [w for w in config.waivers if w.check != check_id]
    if waived:
        expires = expires or as_of + dt.timedelta(days=WHAT_IF_DAYS)
        kept.append(Waiver(check=check_id, reason=reason, approver=approver, expires=expires))
    return replace(config, waivers=kept)


def with_attestation(
    config: Config,
    subject: str,
    attested: bool,
    as_of: dt.date,
    statement: str = WHAT_IF_AUTHOR,
    owner: str = WHAT_IF_AUTHOR,
    level: str = "production",
    expires: dt.date | None = None,
) -> Config:
    """``config`` attesting a check or a whole criterion (``subject`` is either id), or not."""
    is_criterion = subject in CRITERION_IDS
    if not is_criterion and subject not in check_ids():
        raise UsageError(f"unknown check or criterion {subject!r}")
    kept = [a for a in config.attestations if not _attests(a, subject)]
    if attested:
        target = {"criterion": subject} if is_criterion else {"check": subject}
        kept.append(
            Attestation(statement=statement, owner=owner, date=as_of, expires=expires, level=level, **target)
        )
    return replace(config, attestations=kept)


def set_waived(assessment: Assessment, check_id: str, waived: bool, **waiver: Any) -> Assessment:
    """The assessment re-judged with (or without) a waiver for ``check_id``; see :func:`with_waiver`."""
    return rejudge(assessment, with_waiver(assessment.config, check_id, waived, assessment.as_of, **waiver))


def set_attested(assessment: Assessment, subject: str, attested: bool, **attestation: Any) -> Assessment:
    """The assessment re-judged with (or without) an attestation; see :func:`with_attestation`."""
    return rejudge(
        assessment, with_attestation(assessment.config, subject, attested, assessment.as_of, **attestation)
    )


def _attests(attestation: Attestation, subject: str) -> bool:
    """A check attestation names its check; a criterion attestation names only its criterion."""
    return attestation.check == subject or (not attestation.check and attestation.criterion == subject)


def level_changes(before: Assessment, after: Assessment) -> pd.DataFrame:
    """Criteria whose level or score differ, plus a ``verdict`` row when the verdict moved."""
    rows = [
        {
            "criterion": old.criterion,
            "before": old.level.value,
            "after": new.level.value,
            "score_before": old.score,
            "score_after": new.score,
        }
        for old, new in zip(before.criteria, after.criteria, strict=True)
        if (old.level, old.score) != (new.level, new.score)
    ]
    if before.verdict is not after.verdict:
        rows.append(
            {
                "criterion": "verdict",
                "before": before.verdict.value,
                "after": after.verdict.value,
                "score_before": before.overall_score,
                "score_after": after.overall_score,
            }
        )
    return pd.DataFrame(rows, columns=["criterion", "before", "after", "score_before", "score_after"])


def _declared(items: list[Attestation] | list[Waiver]) -> list[dict]:
    return [{k: v for k, v in item.to_dict().items() if v is not None} for item in items]


def _replace_top_level_block(text: str, key: str, block: str) -> str:
    """Swap one top-level YAML key's block, leaving every other line (and comment) as written."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"{key}\s*:", line)), None)
    if start is None:
        return text.rstrip("\n") + "\n\n" + block if block else text
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0] in " \t-#"):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return "".join(lines[:start]) + block + "".join(lines[end:])


def _block(key: str, items: list[dict]) -> str:
    if not items:
        return ""
    return yaml.safe_dump({key: items}, sort_keys=False, allow_unicode=True, width=4096)


def _validate_as(candidate: str, path: Path) -> None:
    """Validate the candidate text, naming the user's file (not the temporary one) in errors."""
    try:
        load_validated_config(candidate)
    except ConfigError as exc:
        raise ConfigError(
            path,
            f"the what-if changes would make it invalid: {exc.reason}",
            key=exc.key,
            expected=exc.expected,
        ) from None


def save_config(config: Config, now: dt.datetime) -> Path:
    """Write ``config``'s waivers and attestations into its readiness.yml; returns the backup's path.

    Only those two blocks are rewritten; the rest of the file keeps its comments. The
    new text is validated before anything is written, the original is copied to
    ``readiness.yml.<time>.bak`` first, and the file is replaced atomically.
    """
    if config.path is None:
        raise UsageError("this assessment was not made from a readiness.yml; nothing to save")
    path = Path(config.path)
    text = path.read_text(encoding="utf-8-sig")
    text = _replace_top_level_block(text, "waivers", _block("waivers", _declared(config.waivers)))
    text = _replace_top_level_block(
        text, "attestations", _block("attestations", _declared(config.attestations))
    )
    backup = path.with_name(f"{path.name}.{now:%Y%m%dT%H%M%S}.bak")
    with staged_file(path) as temp:
        temp.write_text(text, encoding="utf-8")
        _validate_as(temp, path)
        if backup.exists():
            raise ConfigError(backup, "a backup with this name exists; not overwritten, try again")
        shutil.copy2(path, backup)
        os.replace(temp, path)
    return backup
