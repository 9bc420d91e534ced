"""Secrets written into Sentry text (titles, exception values, culprits, transactions, messages,
tags) never reach the assessment JSON or the Sentry view, whole or in 12-character pieces."""

from __future__ import annotations

import datetime as dt
import json

from readiness.assessment import assess
from readiness.config import config_from_data
from readiness.sentry_scrub import scrub_text
from tests.sentry_support import view_html

STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
GITHUB = "ghp_" + "Zq8pLm3Nx7Rt2Vb6Yc1Kd9Wf4Hs5Jg0AeUi"
DSN_SECRET = "9f2c4e1a7b3d4c8e9a1f2b3c4d5e6f7a"
TYPED = "Tr0ub4dor&3horse"
AWS = "AKIA" + "QW7RT2YU8IOP3ASD"
TAG_TOKEN = "xoxb-" + "2918273645-Zm9vYmFyYmF6cXV4"
PLANTED = [STRIPE, GITHUB, DSN_SECRET, TYPED, AWS, TAG_TOKEN]


def events() -> list[dict]:
    unhandled = {"type": "generic", "handled": False}
    return [
        {
            "event_id": "a1",
            "timestamp": "2026-03-18T10:00:00Z",
            "environment": "production",
            "title": f"CardError: invalid key {STRIPE}",
            "culprit": f"charge(token={GITHUB})",
            "exception": {
                "values": [{"type": "CardError", "value": f"invalid key {STRIPE}", "mechanism": unhandled}]
            },
        },
        {
            "event_id": "a2",
            "timestamp": "2026-03-18T11:00:00Z",
            "environment": "production",
            "message": f"cannot reach https://0a1b2c3d4e5f60718293a4b5c6d7e8f9:{DSN_SECRET}@o1.ingest.sentry.io/5",
            "exception": {
                "values": [
                    {"type": "LoginError", "value": f"login failed password={TYPED}", "mechanism": unhandled}
                ]
            },
        },
        {
            "event_id": "a3",
            "timestamp": "2026-03-18T12:00:00Z",
            "message": f"boto key {AWS}",
            "tags": [["release", f"web@1.0+{TAG_TOKEN}"], ["environment", "production"]],
        },
        {
            "event_id": "t1",
            "type": "transaction",
            "timestamp": "2026-03-18T12:00:01Z",
            "start_timestamp": "2026-03-18T12:00:00Z",
            "environment": "production",
            "transaction": f"GET /reset?password={TYPED}&key={STRIPE}",
        },
    ]


def pieces(value: str, size: int = 12) -> list[str]:
    return [value[i : i + size] for i in range(len(value) - size + 1)] or [value]


def test_every_planted_secret_is_redacted_from_json_and_view(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(events()), encoding="utf-8")
    assert all(value in path.read_text() for value in PLANTED)
    config = config_from_data(
        {"name": "t", "profile": "product", "evidence": {"sentry": [{"path": str(path)}]}}, None
    )
    assessment = assess(config, as_of=dt.date(2026, 3, 20))
    outputs = {"json": assessment.to_json(), "view": view_html(assessment)}
    assert "CardError" in outputs["view"] + outputs["json"]
    for where, text in outputs.items():
        for value in PLANTED:
            for piece in pieces(value):
                assert piece not in text, (where, value, piece)


def test_scrub_is_idempotent_and_keeps_plain_text():
    assert scrub_text("KeyError: 'domain'") == "KeyError: 'domain'"
    assert scrub_text("mymonka-web@1.3.2") == "mymonka-web@1.3.2"
    once = scrub_text(f"password={TYPED} {STRIPE} https://a:{DSN_SECRET}@h/x")
    assert scrub_text(once) == once and TYPED not in once and DSN_SECRET not in once
