"""Check messages travel in every language a check writes them in, down to the scorecard."""

import datetime as dt

import pytest

from readiness.catalogue import profile
from readiness.checks import CheckContext, CheckSpec, bilingual, failed, run_check
from readiness.collectors import Evidence, Facts
from readiness.config import config_from_data
from readiness.model import Level, Severity, SourceRecord
from readiness.scorecard import criterion_comment
from readiness.scoring import score_criterion


def _spec(fn) -> CheckSpec:
    text = {"en": "x", "fr": "x"}
    return CheckSpec(
        id="tests.example",
        criterion="tests",
        looks_for=text,
        level=Level.PARTIAL,
        severity=Severity.MEDIUM,
        remediation=text,
        seed_section="10.1",
        sources=("repositories",),
        fn=fn,
    )


def _context() -> CheckContext:
    config = config_from_data({"name": "p", "profile": "product"}, None)
    evidence = Evidence([Facts(SourceRecord("repositories", "x"), "repo")])
    return CheckContext(
        evidence=evidence, config=config, profile=profile("product"), as_of=dt.date(2026, 11, 26)
    )


def test_a_translated_message_reaches_the_finding_the_criterion_and_the_scorecard():
    message = {"en": "No test runs in CI.", "fr": "Aucun test ne tourne en CI."}
    finding = run_check(_spec(lambda ctx: failed(message)), _context())
    assert finding.message == "No test runs in CI."
    assert finding.message_in("fr") == ("Aucun test ne tourne en CI.", "fr")
    result = score_criterion("tests", [finding], profile("product"))
    assert result.reasons == message
    assert criterion_comment(result, "fr") == "Aucun test ne tourne en CI."
    assert finding.to_dict()["messages"] == message


def test_an_untranslated_message_falls_back_to_english_and_says_so():
    finding = run_check(_spec(lambda ctx: failed("Only English.")), _context())
    assert finding.message_in("fr") == ("Only English.", "en")


def test_a_message_without_english_is_refused():
    with pytest.raises(ValueError, match="needs English"):
        bilingual({"fr": "seulement en français"})


def test_missing_evidence_is_explained_in_both_languages():
    config = config_from_data({"name": "p", "profile": "product"}, None)
    ctx = CheckContext(
        evidence=Evidence([]), config=config, profile=profile("product"), as_of=dt.date(2026, 11, 26)
    )
    finding = run_check(_spec(lambda ctx: failed("unreachable")), ctx)
    assert finding.messages["fr"].startswith("Aucune preuve fournie")
