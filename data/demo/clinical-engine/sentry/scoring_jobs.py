"""MyMonka's nightly job, in miniature: recompute each patient's vulnerability score.

Instrumented with the real sentry-sdk. `record.py` runs it against a local ingest
endpoint so the demo's envelopes are what the SDK really sends: a handled
Supabase timeout, a transaction per run, a release-health session, and in
production an unhandled crash on a patient without assessments (the same bug
the web app's Sentry export shows in computeVulnerabilityScore).
"""

from __future__ import annotations

import argparse
import os

import sentry_sdk

PATIENTS = {"p-101": [(0.4, 2), (0.7, 1)], "p-102": [(0.2, 1)], "p-103": [], "p-104": [(0.9, 3)]}


class SupabaseTimeout(Exception):
    """The REST call to Supabase did not answer in time."""


def fetch_assessments(patient_id: str, flaky: bool) -> list[tuple[float, int]]:
    if flaky and patient_id == "p-102":
        raise SupabaseTimeout(f"GET /rest/v1/assessments?patient_id=eq.{patient_id} timed out after 10s")
    return PATIENTS[patient_id]


def vulnerability_score(assessments: list[tuple[float, int]]) -> float:
    total_weight = sum(weight for _, weight in assessments)
    return round(sum(value * weight for value, weight in assessments) / total_weight, 1)


def recompute(patient_id: str, flaky: bool) -> float | None:
    with sentry_sdk.start_span(op="db.query", name="select assessments"):
        try:
            assessments = fetch_assessments(patient_id, flaky)
        except SupabaseTimeout as exc:
            sentry_sdk.capture_exception(exc)
            return None
    with sentry_sdk.start_span(op="function", name="vulnerability_score"):
        return vulnerability_score(assessments)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--environment", required=True)
    parser.add_argument("--release", required=True)
    parser.add_argument("--crash", action="store_true", help="reach the patient without assessments")
    args = parser.parse_args()
    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], environment=args.environment, release=args.release,
                    traces_sample_rate=1.0, server_name="mymonka-jobs", send_default_pii=False,
                    include_local_variables=False)
    sentry_sdk.set_tag("job", "recompute_scores")
    sentry_sdk.set_user({"id": "nurse-7f3a", "email": "camille.demo@example.org"})
    scope = sentry_sdk.get_isolation_scope()
    scope.start_session(session_mode="application")
    patients = list(PATIENTS) if args.crash else ["p-101", "p-102", "p-104"]
    with sentry_sdk.start_transaction(op="task", name="recompute_scores"):
        for patient_id in patients:
            recompute(patient_id, flaky=True)
    scope.end_session()


if __name__ == "__main__":
    main()
