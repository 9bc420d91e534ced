"""Custom checks from readiness.yml: declarative rules, a function by module path, validation."""

from __future__ import annotations

import json
import sys

import pytest

from readiness.assessment import assess
from readiness.checks import passed
from readiness.errors import ConfigError
from readiness.model import Status
from tests.repo_check_support import AS_OF, repo_config

CODEOWNERS = {
    "id": "team.codeowners",
    "criterion": "documentation",
    "level": "partial",
    "looks_for": {"en": "A CODEOWNERS file", "fr": "Un fichier CODEOWNERS"},
    "file_exists": [".github/CODEOWNERS", "CODEOWNERS"],
}
NO_DEBUGGER = {
    "id": "team.no_debugger",
    "criterion": "error_handling",
    "level": "prototype",
    "content_matches": {"path": "src/**/*.ts", "pattern": r"\bdebugger;", "expect": "absent"},
}
NODE_PINNED = {
    "id": "team.node_pinned",
    "criterion": "environments",
    "level": "partial",
    "key_has_value": {"file": "package.json", "key": "engines.node", "value": ">=20"},
}


def _findings(root, custom, **extra):
    config = repo_config(root, checks={"custom": custom}, **extra)
    assessment = assess(config, as_of=AS_OF)
    return {f.check_id: f for f in assessment.findings}


def test_declarative_rules_fail_with_citations(make_repo):
    root = make_repo(
        {"src/a.ts": "const a = 1;\ndebugger;\n", "package.json": json.dumps({"engines": {"node": ">=18"}})}
    )
    found = _findings(root, [CODEOWNERS, NO_DEBUGGER, NODE_PINNED])
    assert found["team.codeowners"].status is Status.FAIL
    assert found["team.no_debugger"].status is Status.FAIL
    assert {(r.path, r.line) for r in found["team.no_debugger"].evidence} == {("src/a.ts", 2)}
    assert found["team.node_pinned"].status is Status.FAIL
    assert "'>=18'" in found["team.node_pinned"].message


def test_declarative_rules_pass(make_repo):
    root = make_repo(
        {
            "src/a.ts": "const a = 1;\n",
            ".github/CODEOWNERS": "* @team\n",
            "package.json": json.dumps({"engines": {"node": ">=20"}}),
        }
    )
    found = _findings(root, [CODEOWNERS, NO_DEBUGGER, NODE_PINNED])
    assert {found[i].status for i in ("team.codeowners", "team.no_debugger", "team.node_pinned")} == {
        Status.PASS
    }
    assert found["team.codeowners"].evidence[0].path == ".github/CODEOWNERS"


def always_passes(ctx):
    return passed(f"{len(ctx.evidence.facts)} sources seen")


def test_function_by_module_path_and_custom_ids_accepted_in_waivers(make_repo, monkeypatch):
    monkeypatch.setitem(sys.modules, "team_rules", sys.modules[__name__])
    rule = {
        "id": "team.own_rule",
        "criterion": "ci_cd",
        "level": "prototype",
        "function": "team_rules:always_passes",
    }
    waiver = {"check": "team.own_rule", "reason": "r", "approver": "a", "expires": "2027-01-01"}
    found = _findings(make_repo({"README.md": "x\n"}), [rule], waivers=[waiver])
    assert found["team.own_rule"].status is Status.PASS
    assert found["team.own_rule"].message == "2 sources seen"


@pytest.mark.parametrize(
    "entry, reason",
    [
        ({**CODEOWNERS, "function": "x:y"}, "exactly one of"),
        ({**NODE_PINNED, "id": "tests.test_files"}, "already taken"),
        (
            {"id": "team.f", "criterion": "ci_cd", "level": "partial", "function": "no_such_mod:f"},
            "cannot load",
        ),
        ({**NO_DEBUGGER, "content_matches": {"pattern": "("}}, "invalid regular expression"),
        # A backreference could backtrack for minutes on a hostile line: RE2 refuses it at load.
        ({**NO_DEBUGGER, "content_matches": {"pattern": r"(a+)\1"}}, "RE2, which matches in linear time"),
    ],
)
def test_bad_custom_checks_are_config_errors_naming_the_key(make_repo, entry, reason):
    from readiness.validation import validate_references

    with pytest.raises(ConfigError, match=reason) as error:
        validate_references(repo_config(make_repo({"a.txt": "x\n"}), checks={"custom": [entry]}))
    assert error.value.key.startswith("checks.custom[0]")


def test_schema_rejects_an_unknown_rule_key():
    from pathlib import Path

    from readiness.config import validate_config_data

    data = {"name": "x", "profile": "poc", "checks": {"custom": [{**CODEOWNERS, "grep": "x"}]}}
    with pytest.raises(ConfigError):
        validate_config_data(data, Path("readiness.yml"))


def test_disable_and_severity_overrides_apply_to_built_in_and_custom_checks(make_repo):
    root = make_repo({"src/a.ts": "x\n"})
    checks = {
        "custom": [CODEOWNERS],
        "disable": ["tests.kinds"],
        "severity": {"team.codeowners": "critical", "tests.test_files": "low"},
    }
    findings = {f.check_id: f for f in assess(repo_config(root, checks=checks), as_of=AS_OF).findings}
    assert "tests.kinds" not in findings
    assert findings["team.codeowners"].severity.value == "critical"
    assert findings["tests.test_files"].severity.value == "low"


def test_severity_override_of_an_unknown_check_names_the_key(make_repo):
    from readiness.validation import validate_references

    config = repo_config(make_repo({"a.txt": "x\n"}), checks={"severity": {"no.such": "low"}})
    with pytest.raises(ConfigError, match="unknown check 'no.such'") as error:
        validate_references(config)
    assert error.value.key == "checks.severity.no.such"
