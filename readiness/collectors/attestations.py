"""Attestations declared in readiness.yml, as an evidence source like any other.

Some evidence lives outside the repository (a restore test, an HDS contract):
a person attests it with a link, an owner and an expiry. This collector only
tabulates what was declared; whether it still counts is the checks' business.
"""

from __future__ import annotations

import pandas as pd

from readiness.collectors import Facts, register_collector
from readiness.config import Config, EvidenceSpec
from readiness.locales import said
from readiness.model import SourceRecord

ATTESTATION_COLUMNS = {
    "criterion": "text",
    "check": "text",
    "statement": "text",
    "evidence": "text",
    "owner": "text",
    "date": "any",  # datetime.date
    "expires": "any",  # datetime.date or None
    "level": "text",
}


@register_collector(
    "attestations",
    tables={"attestations": ATTESTATION_COLUMNS},
)
def collect_attestations(spec: EvidenceSpec, config: Config) -> Facts:
    rows = [{col: getattr(att, col) for col in ATTESTATION_COLUMNS} for att in config.attestations]
    table = pd.DataFrame(rows, columns=list(ATTESTATION_COLUMNS))
    record = SourceRecord(
        kind="attestations", location=str(spec.path), notes=[said("notes", "attestations", count=len(rows))]
    )
    return Facts(source=record, name=spec.name, tables={"attestations": table})
