import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from readiness.config import config_schema, load_config
from readiness.errors import ConfigError
from readiness.validation import load_validated_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "readiness.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_evidence_paths_resolve_against_the_file(tmp_path):
    (tmp_path / "app").mkdir()
    config = load_config(
        write(
            tmp_path,
            "name: A\nprofile: product\nevidence:\n"
            "  repositories: [app]\n  repository:\n"
            "    - {path: ../elsewhere, name: other}\n",
        )
    )
    assert [s.path for s in config.evidence] == [tmp_path / "app", (tmp_path / "../elsewhere").resolve()]
    assert [s.kind for s in config.evidence] == ["repositories", "repositories"]
    assert config.evidence[1].name == "other"


def test_attestations_and_waivers_are_parsed_with_dates(tmp_path):
    config = load_config(
        write(
            tmp_path,
            """
name: A
profile: health
attestations:
  - {criterion: backup, statement: daily backups, owner: ops, date: 2026-01-02, expires: 2026-07-01}
waivers:
  - {check: ci_cd.rollback, reason: later, approver: cto, expires: 2026-12-31}
""",
        )
    )
    assert config.attestations[0].expires == dt.date(2026, 7, 1)
    assert config.attestations[0].is_expired(dt.date(2026, 7, 2))
    assert not config.waivers[0].is_expired(dt.date(2026, 12, 31))


@pytest.mark.parametrize(
    ("text", "key", "fragment"),
    [
        ("name: A\nprofile: prod\n", "profile", "one of poc, product, health"),
        ("name: A\n", "(top level)", "'profile' is a required property"),
        ("name: A\nprofile: poc\ntargets: {latency_p95: 300}\n", "targets", "latency_p95_ms"),
        (
            "name: A\nprofile: poc\nwaivers: [{check: ci_cd.rollback, reason: r, approver: a}]\n",
            "waivers[0]",
            "'expires' is a required property",
        ),
        (
            "name: A\nprofile: poc\nwaivers: [{check: nope.nothing, reason: r, approver: a, "
            "expires: 2026-01-01}]\n",
            "waivers[0].check",
            "unknown check 'nope.nothing'",
        ),
        (
            "name: A\nprofile: poc\nattestations: [{criterion: speed, statement: s, owner: o, "
            "date: 2026-01-01}]\n",
            "attestations[0].criterion",
            "unknown criterion 'speed'",
        ),
        ("name: A\nprofile: poc\nevidence: {logs: [x]}\n", "evidence.logs", "unknown evidence kind"),
        (
            "name: A\nprofile: poc\nattestations: [{criterion: backup, statement: s, owner: o, "
            "date: 31/01/2026}]\n",
            "attestations[0].date",
            "expected a date written YYYY-MM-DD",
        ),
    ],
)
def test_invalid_configuration_names_file_key_and_expectation(tmp_path, text, key, fragment):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_validated_config(path)  # the schema, then the registries (readiness.validation)
    error = caught.value
    assert error.file == str(path.resolve())
    assert error.key == key
    assert fragment in str(error)


def test_malformed_yaml_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not valid YAML") as caught:
        load_config(write(tmp_path, "name: [unclosed\nprofile: poc\n"))
    assert caught.value.key.startswith("line ")
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "absent.yml")


def test_loading_never_modifies_the_file(tmp_path):
    text = "name: A  # keep me\nprofile: poc\n"
    path = write(tmp_path, text)
    load_config(path)
    assert path.read_text(encoding="utf-8") == text


def test_published_schemas_are_valid_json_schemas():
    jsonschema.Draft202012Validator.check_schema(config_schema())
    root = Path(__file__).resolve().parents[1] / "readiness" / "schemas"
    for schema_file in root.glob("*.schema.json"):
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_file.read_text()))


def test_demo_configurations_validate():
    root = Path(__file__).resolve().parents[1] / "data" / "demo"
    for path in root.glob("*/readiness.yml"):
        assert load_config(path).name


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    import time

    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
    bomb = tmp_path / "readiness.yml"
    bomb.write_text("\n".join(lines) + "\nname: x\nprofile: poc\n")
    started = time.monotonic()
    with pytest.raises(ConfigError, match="aliases") as caught:
        load_config(bomb)
    assert str(bomb) in str(caught.value)
    assert time.monotonic() - started < 20  # a bound on hanging, not a benchmark


@pytest.mark.parametrize("system_path", ["/proc/self/environ", "/sys/kernel", "/dev/zero"])
def test_evidence_paths_in_system_folders_are_refused(tmp_path, system_path):
    config = tmp_path / "readiness.yml"
    config.write_text(f"schema_version: 1\nname: x\nprofile: poc\nevidence:\n  sentry: [{system_path}]\n")
    with pytest.raises(ConfigError, match="system folder") as caught:
        load_config(config)
    assert str(config) in str(caught.value)


def test_a_misspelt_key_is_named_with_the_near_key(tmp_path):
    """`profle:` used to say only "'profile' is a required property"."""
    path = tmp_path / "readiness.yml"
    path.write_text("name: x\nprofle: product\nevidence:\n  repositories: [.]\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "unknown key 'profle' (did you mean 'profile'?)" in message
    assert "'profile' is a required property" in message
