"""Criterion 11, scalability: load tested for the target (§10.1, §10.7)."""

from __future__ import annotations

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.repo import en_fr, file_refs, grep, matching_paths


@check(
    id="scalability.load_test_scripts",
    criterion="scalability",
    looks_for=en_fr("Load-test scripts (k6, Locust, JMeter, Artillery).",
                    "Des scripts de test de charge (k6, Locust, JMeter, Artillery)."),
    level="partial",
    remediation=en_fr("Script the main journeys with k6 or Locust and run them at the expected "
                      "load before launch.", "Scénariser les parcours principaux avec k6 ou "
                      "Locust et les lancer à la charge prévue avant le lancement."),
    seed_section="10.7",
)
def load_test_scripts(ctx: CheckContext):
    files = matching_paths(ctx, r"locustfile[^/]*\.py$|\.jmx$|artillery[^/]*\.ya?ml$")
    refs = grep(ctx, r"from ['\"]k6(/http)?['\"]|from locust import", r"\.(js|ts|py)$")
    if files.empty and not refs:
        return failed("No load-test script: nobody knows how many users the product holds.")
    return passed("Load-test scripts exist.", file_refs(files) + refs)
