"""The report pipeline's small parts, without a kernel: folders, demo discovery, exporter settings."""

from __future__ import annotations

import json

import nbformat
import pytest

from readiness import report as report_module
from readiness.errors import UsageError
from readiness.names import slugify
from readiness.report import build_report, demo_configs, exit_code_of, html_exporter
from tests.conftest import DEMO


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("MyMonka", "mymonka"),
        ("Clinical Engine", "clinical-engine"),
        ("Éclair / Santé", "eclair-sante"),
        ("***", "product"),
    ],
)
def test_slug_is_a_safe_folder_name(name, slug):
    assert slugify(name) == slug


def test_demo_configs_are_the_two_products_of_the_seed():
    assert [p.parent.name for p in demo_configs()] == ["clinical-engine", "mymonka"]


def test_demo_configs_fail_clearly_without_the_repository(tmp_path, monkeypatch):
    monkeypatch.setattr(report_module, "DEMO_DIR", tmp_path / "nowhere")
    with pytest.raises(UsageError, match="data/demo"):
        demo_configs()


@pytest.mark.parametrize(
    ("verdict", "blocking", "code"),
    [("ready", True, 0), ("not_ready", True, 1), ("inconclusive", True, 1), ("not_ready", False, 0)],
)
def test_exit_code_is_read_back_from_the_assessment_json(tmp_path, verdict, blocking, code):
    path = tmp_path / "assessment.json"
    path.write_text(json.dumps({"verdict": verdict, "profile": {"blocking": blocking}}))
    assert exit_code_of(path) == code


def test_exporter_keeps_one_language_and_drops_parameters_and_code():
    cells = [
        nbformat.v4.new_code_cell("secret_code = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("English prose", metadata={"tags": ["en"]}),
        nbformat.v4.new_markdown_cell("Prose française", metadata={"tags": ["fr"]}),
        nbformat.v4.new_code_cell(
            "visible_code = 2",
            outputs=[nbformat.v4.new_output("display_data", data={"text/html": "<p>shown output</p>"})],
        ),
    ]
    html, _ = html_exporter("fr").from_notebook_node(nbformat.v4.new_notebook(cells=cells))
    assert "Prose française" in html and "shown output" in html
    assert "English prose" not in html and "secret_code" not in html and "visible_code" not in html
    assert '<html lang="fr">' in html and "<script src=" not in html


def test_unknown_language_or_date_is_a_usage_error(tmp_path):
    config = DEMO / "clinical-engine" / "readiness.yml"
    with pytest.raises(UsageError, match="language"):
        build_report(config, out_dir=tmp_path, lang="de")
    with pytest.raises(UsageError, match="not a date"):
        build_report(config, out_dir=tmp_path, as_of="26/11/2026")
