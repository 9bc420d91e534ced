import pytest

from readiness.catalogue import CRITERION_IDS, criteria, criterion, profile, profiles
from readiness.checks import registered_checks
from readiness.errors import UsageError
from readiness.model import Level


def test_twelve_criteria_in_seed_order_with_both_languages():
    items = criteria()
    assert [c.id for c in items] == list(CRITERION_IDS)
    assert [c.number for c in items] == list(range(1, 13))
    for item in items:
        for text in (item.name, item.description, item.prototype, item.production):
            assert text["en"].strip() and text["fr"].strip()
        assert item.criticality in {"critical", "important", "nice_to_have"}
        assert item.seed_section.startswith("10.")


def test_compliance_is_critical_only_for_health_products():
    compliance = criterion("compliance")
    assert compliance.criticality_for(profile("product")) == "important"
    assert compliance.criticality_for(profile("health")) == "critical"


def test_profiles_say_what_is_required():
    assert set(profiles()) == {"poc", "product", "health"}
    assert profile("poc").required == {} and not profile("poc").blocking
    for name in ("product", "health"):
        assert profile(name).blocking
        assert set(profile(name).required) == set(CRITERION_IDS)
        assert set(profile(name).required.values()) == {Level.PRODUCTION}
    assert profile("health").health_data and not profile("product").health_data


def test_unknown_profile_and_criterion_are_usage_errors():
    with pytest.raises(UsageError, match="unknown profile 'prod'"):
        profile("prod")
    with pytest.raises(UsageError, match="unknown criterion"):
        criterion("speed")


def test_every_criterion_has_checks_described_as_data():
    specs = registered_checks()
    assert {s.criterion for s in specs} == set(CRITERION_IDS)
    for spec in specs:
        described = spec.describe()
        assert described["looks_for"]["en"] and described["looks_for"]["fr"]
        assert described["remediation"]["en"] and described["remediation"]["fr"]
        assert described["level"] in {"prototype", "partial", "production"}
    assert len({s.id for s in specs}) == len(specs)


def test_every_list_of_criterion_ids_agrees_with_the_catalogue():
    """The ids live in criteria.yml, CRITERION_IDS and two schemas' enums: one list, told apart by a test."""
    import json
    import re
    from importlib import resources

    from readiness.catalogue import CRITERION_IDS, criteria

    assert tuple(c.id for c in criteria()) == CRITERION_IDS
    schemas = resources.files("readiness").joinpath("schemas")
    for name in ("assessment.schema.json", "readiness.schema.json"):
        text = schemas.joinpath(name).read_text(encoding="utf-8")
        enums = [json.loads(e) for e in re.findall(r'"enum": (\[[^\]]*"error_handling"[^\]]*\])', text)]
        assert enums and all(tuple(e) == CRITERION_IDS for e in enums), name
