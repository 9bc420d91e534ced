"""The examples in docs/ci-integration.md and the published pre-commit hook stay valid."""

from __future__ import annotations

import re

import jsonschema
import yaml

from readiness.config import validate_config_data
from readiness.portfolio_file import portfolio_schema
from tests.conftest import ROOT

DOC = ROOT / "docs" / "ci-integration.md"


def _yaml_blocks() -> list:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(), re.DOTALL)]


def test_readiness_yml_example_follows_the_config_schema():
    example = next(b for b in _yaml_blocks() if isinstance(b, dict) and "evidence" in b)
    validate_config_data(example, DOC)
    assert set(example["evidence"]) == {"repositories", "junit", "coverage", "lighthouse"}


def test_portfolio_example_follows_the_portfolio_schema():
    example = next(b for b in _yaml_blocks() if isinstance(b, dict) and "products" in b)
    jsonschema.Draft202012Validator(portfolio_schema()).validate(example)


def test_pipeline_examples_use_options_the_cli_accepts():
    from readiness.cli import build_parser

    commands = re.findall(r"(readiness assess [^>|#\n]*)", DOC.read_text())
    assert len(commands) >= 8
    parser = build_parser()
    for command in commands:
        args = parser.parse_args(command.split()[1:])
        assert args.command == "assess"


def test_pre_commit_hook_runs_readiness_assess_on_push():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "readiness")
    assert hook["entry"] == "readiness assess" and hook["pass_filenames"] is False
    assert hook["stages"] == ["pre-push"]
