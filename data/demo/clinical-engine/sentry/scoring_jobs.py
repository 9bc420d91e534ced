"""The clinical engine's scoring API, in miniature, instrumented with the real sentry-sdk.

`record.py` runs it against a local ingest endpoint so the demo's envelopes are
what the SDK really sends. It mirrors the repository's code without its
dependencies (stdlib and sentry_sdk only): `vulnerability_index` is
clinical_engine/scoring.py's rule, with the same silent ZeroDivisionError and the
same KeyError on an assessment without a `domain`; `read_cohort` fails like
run.py's `pd.read_csv` on a missing cohort. Each request is a transaction
(`POST /v1/score`, `GET /v1/cohorts/:id`), each run a release-health session.
In production (the 0.3.1 hotfix) the run reaches the assessment without a
domain and crashes unhandled.
"""

from __future__ import annotations

import argparse
import os

import sentry_sdk

WEIGHTS = {"mobility": 2.0, "nutrition": 1.0, "cognition": 1.5, "isolation": 1.0}
COHORTS = {"c-2040": {"p-101": [{"domain": "mobility", "value": 0.4}, {"domain": "cognition", "value": 0.7}],
                      "p-102": [{"domain": "nutrition", "value": 0.2}],
                      "p-103": [],
                      "p-104": [{"value": 0.9}]}}
REQUESTS = [("GET /v1/cohorts/:id", "c-2040"), ("POST /v1/score", "p-101"), ("GET /v1/cohorts/:id", "c-2041"),
            ("POST /v1/score", "p-102"), ("POST /v1/score", "p-103")]
CRASHING_REQUEST = ("POST /v1/score", "p-104")


def vulnerability_index(assessments: list[dict]) -> float:
    weights = [WEIGHTS.get(row["domain"], 1.0) for row in assessments]
    try:
        weighted = sum(row["value"] * weight for row, weight in zip(assessments, weights, strict=True))
        return weighted / sum(weights)
    except ZeroDivisionError:
        pass
    return 0.0


def read_cohort(cohort_id: str) -> dict[str, list[dict]]:
    if cohort_id not in COHORTS:
        raise FileNotFoundError(2, "No such file or directory", f"cohorts/{cohort_id}.csv")
    return COHORTS[cohort_id]


def get_cohort(cohort_id: str) -> int:
    """The API answers 404 on a missing cohort, and reports it: a handled error."""
    with sentry_sdk.start_span(op="file.read", name="read cohort csv"):
        try:
            return len(read_cohort(cohort_id))
        except FileNotFoundError as exc:
            sentry_sdk.capture_exception(exc)
            return 0


def post_score(patient_id: str) -> float:
    with sentry_sdk.start_span(op="function", name="vulnerability_index"):
        return vulnerability_index(COHORTS["c-2040"][patient_id])


def serve(endpoint: str, argument: str) -> None:
    with sentry_sdk.start_transaction(op="http.server", name=endpoint, source="route"):
        sentry_sdk.set_tag("endpoint", endpoint)
        if endpoint.startswith("GET"):
            get_cohort(argument)
        else:
            post_score(argument)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--environment", required=True)
    parser.add_argument("--release", required=True)
    parser.add_argument("--crash", action="store_true", help="score the assessment without a domain")
    args = parser.parse_args()
    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], environment=args.environment, release=args.release,
                    traces_sample_rate=1.0, server_name="clinical-engine-api", send_default_pii=False,
                    include_local_variables=False)
    sentry_sdk.set_user({"id": "analyst-4b2e", "email": "camille.demo@example.org"})
    scope = sentry_sdk.get_isolation_scope()
    scope.start_session(session_mode="application")
    for endpoint, argument in REQUESTS + ([CRASHING_REQUEST] if args.crash else []):
        serve(endpoint, argument)
    scope.end_session()


if __name__ == "__main__":
    main()
