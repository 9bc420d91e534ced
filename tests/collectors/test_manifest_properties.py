"""The repository's own parsers (manifests, CI files, SQL, source code), fed any text or any shape
of JSON, TOML and YAML, never raise: a malformed file becomes a problem note, and what they yield
keeps the declared tables' columns and types."""

from __future__ import annotations

import json

import pandas as pd
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.collectors.manifests import TABLE_COLUMNS, parse_manifests
from readiness.collectors.repository import TABLES as REPOSITORY_TABLES
from readiness.collectors.source_code import TABLE_COLUMNS as SOURCE_TABLES
from readiness.collectors.source_code import parse_source
from readiness.collectors.tables import check_yielded, empty_table

MANIFESTS = [
    "package.json",
    "apps/web/package.json",
    "pyproject.toml",
    "requirements-dev.txt",
    "vercel.json",
    "netlify.toml",
    "public/_headers",
    "supabase/config.toml",
    "supabase/migrations/1_init.sql",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    ".circleci/config.yml",
    "Dockerfile",
]
BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEYS = st.sampled_from(
    ["name", "scripts", "dependencies", "project", "tool", "jobs", "steps", "run", "on", "headers", "api"]
) | st.text(max_size=6)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


def assert_parsed(texts: dict[str, str]) -> None:
    tables = parse_manifests(texts).frames()
    assert set(tables) == set(TABLE_COLUMNS)
    for name, frame in tables.items():
        assert list(frame.columns) == list(TABLE_COLUMNS[name])


@BOUNDED
@given(path=st.sampled_from(MANIFESTS), text=st.text(max_size=400))
def test_any_text_in_a_manifest(path, text):
    assert_parsed({path: text})


@BOUNDED
@given(path=st.sampled_from(MANIFESTS), data=st.dictionaries(KEYS, VALUES, max_size=5))
def test_any_shape_in_a_manifest_of_its_own_format(path, data):
    if path.endswith(".json"):
        text = json.dumps(data)
    elif path.endswith(".toml"):
        text = toml_text(data)
    else:
        text = yaml.safe_dump(data)
    assert_parsed({path: text})


def toml_text(data: dict, prefix: str = "") -> str:
    """TOML for a dictionary of the strategy's values (TOML has no null: those keys are left out)."""
    lines, tables = [], []
    for key, value in data.items():
        name = json.dumps(key)
        if isinstance(value, dict):
            tables.append(toml_text(value, f"{prefix}{name}."))
        elif value is not None:
            lines.append(f"{name} = {toml_value(value)}")
    header = f"[{prefix[:-1]}]\n" if prefix else ""
    return header + "".join(f"{line}\n" for line in lines) + "".join(tables)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return (
            "[" + ", ".join(toml_value(v) for v in value if v is not None and not isinstance(v, dict)) + "]"
        )
    return json.dumps(value)


@BOUNDED
@given(
    path=st.sampled_from(["src/app.ts", "src/App.tsx", "server/index.js", "api/main.py"]),
    data=st.binary(max_size=600) | st.text(max_size=600).map(str.encode),
)
def test_any_bytes_in_a_source_file(path, data):
    facts = parse_source(path, data)
    frames = {
        name: pd.DataFrame(facts.rows[name], columns=list(cols)) for name, cols in SOURCE_TABLES.items()
    }
    others = {name: empty_table("repositories", name).drop(columns="source") for name in REPOSITORY_TABLES}
    check_yielded("repositories", {**others, **frames})  # each column holds what it declares
