"""The scorecard's display pieces, rendered in-process (no kernel): words, marks, escaping, redaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from html import escape
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import papermill
import plotly.graph_objects as go
import pytest

from readiness import scorecard, views
from readiness.assessment import Assessment, assess
from readiness.catalogue import criteria
from readiness.config import config_from_data, load_config
from readiness.icons import icon
from readiness.locales import locale, t
from readiness.model import EvidenceRef, Finding, Level, Severity, Status
from tests.conftest import DEMO

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def mymonka() -> Assessment:
    return assess(load_config(DEMO / "mymonka" / "readiness.yml"), as_of=AS_OF)


def bare_assessment(name: str = "shop", profile: str = "poc") -> Assessment:
    return assess(config_from_data({"name": name, "profile": profile, "evidence": {}}, None), as_of=AS_OF)


def key_paths(node, prefix: str = "") -> set[str]:
    if not isinstance(node, dict):
        return {prefix}
    assert all(isinstance(key, str) for key in node), f"YAML read a key of {prefix} as a non-string"
    return {p for key, value in node.items() for p in key_paths(value, f"{prefix}.{key}")}


def test_every_language_has_the_same_words():
    assert key_paths(locale("fr")) == key_paths(locale("en"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_status_level_and_severity_has_a_word(lang):
    for status in Status:
        assert t(lang, f"statuses.{status.value}")
    for level in Level:
        assert t(lang, f"levels.{level.value}")
    for severity in Severity:
        assert t(lang, f"severities.{severity.value}")


def row_of(table_html: str, name: str) -> str:
    return next(row for row in table_html.split("<tr>") if f"<td>{name}</td>" in row)


def test_status_table_marks_each_criterion_like_the_seed(mymonka):
    table = scorecard.status_table(mymonka, "en").data
    assert table.count("<tr>") == 1 + len(criteria())
    # The mark and its word are bound by a no-break space: "Production" never wraps below its icon.
    assert f"{icon('absent')}\u00a0Absent" in row_of(table, "Monitoring")
    assert f"{icon('meets')}\u00a0Production" in row_of(table, "Secrets management")
    assert f"{icon('short')}\u00a0Partial" in row_of(table, "Automated tests")
    assert "Missing test kinds" in row_of(table, "Automated tests")


def test_french_comment_is_the_translated_reason_not_the_english_one(mymonka):
    row = row_of(scorecard.status_table(mymonka, "fr").data, "Monitoring")
    result = mymonka.result("monitoring")
    assert escape(result.reasons["fr"]) in row and escape(result.reason[:20]) not in row


def test_french_comment_falls_back_to_the_check_words_when_untranslated(mymonka):
    result = replace(mymonka.result("monitoring"), reasons={"en": "Only English."})
    assert scorecard.criterion_comment(result, "fr").startswith("Échoué — ")


def test_banner_names_the_blocking_criteria_in_the_report_language(mymonka):
    banner = scorecard.banner(mymonka, "fr").data
    assert "Pas prêt pour la production" in banner and "Automated tests" not in banner
    assert "Gestion des erreurs" in banner and "rd-verdict-not_ready" in banner


def test_numbers_follow_the_report_language(mymonka):
    french, english = scorecard.banner(mymonka, "fr").data, scorecard.banner(mymonka, "en").data
    score = mymonka.overall_score
    assert f"Score\u00a0: <strong>{score:.1f}".replace(".", ",") in french and "100\u00a0%" in french
    assert f"Score: <strong>{score:.1f}" in english and "100%" in english


def test_a_proof_of_concept_is_never_called_ready_it_shows_its_distance_to_production():
    html = scorecard.banner(bare_assessment(profile="poc"), "en").data
    assert "Production readiness not required" in html and "Ready for production" not in html
    assert "12 of 12 criteria are below production" in html and "rd-verdict-not_required" in html


def test_what_the_user_wrote_is_escaped():
    shop = bare_assessment(name="<script>alert(1)</script>")
    html = scorecard.title(shop, "en").data + scorecard.banner(shop, "en").data
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_evidence_urls_lose_credentials_queries_and_ip_addresses(mymonka):
    ref = EvidenceRef(
        source="sentry",
        path="https://bob:hunter2@10.1.2.3/org/issues?token=s3cr3t",
        url="https://sentry.example/issues/1?email=jane@example.org",
    )
    finding = Finding(
        check_id="monitoring.demo",
        criterion="monitoring",
        status=Status.FAIL,
        severity=Severity.HIGH,
        message="demo <b>",
        evidence=[ref],
    )
    result = mymonka.result("monitoring")
    result.findings.append(finding)
    try:
        html = scorecard.findings(mymonka, "en").data
    finally:
        result.findings.remove(finding)
    for leaked in ("hunter2", "10.1.2.3", "s3cr3t", "jane@example.org", "demo <b>"):
        assert leaked not in html
    assert "sentry.example/issues/1" in html and "demo &lt;b&gt;" in html


def test_a_french_report_shows_french_messages_and_marks_untranslated_ones_as_english(mymonka):
    kinds = next(f for f in mymonka.findings if f.check_id == "tests.kinds")
    assert kinds.messages.get("fr") and escape(kinds.messages["fr"]) in scorecard.findings(mymonka, "fr").data
    assert '<span lang="en">' not in scorecard.findings(mymonka, "en").data
    english_only = replace(kinds, messages={"en": kinds.message})
    assert f'<span lang="en">{kinds.message}' in scorecard._finding_block(english_only, "fr")


def test_findings_are_collapsible_and_open_where_the_criterion_falls_short(mymonka):
    html = scorecard.findings(mymonka, "en").data
    assert html.count('<details class="rd-criterion"') == len(criteria())
    assert '<details class="rd-criterion" id="criterion-monitoring" open>' in html
    assert '<details class="rd-criterion" id="criterion-secrets">' in html
    assert "What to do" in html and "src/App.tsx:22" in html


def test_level_chart_draws_attained_levels_against_the_requirement(mymonka):
    fig = scorecard.level_chart(mymonka, "en")
    bars, scores, required = fig.data
    levels = dict(zip(bars.y, bars.x, strict=True))
    assert levels["Monitoring"] == Level.ABSENT.rank + 1 and levels["Secrets management"] == 4
    assert set(required.x) == {Level.PRODUCTION.rank + 1} and len(required.y) == len(criteria())
    assert dict(zip(scores.y, scores.x, strict=True))["Monitoring"] == 0 and scores.visible is False


def test_level_chart_menu_switches_between_levels_and_scores(mymonka):
    levels, scores = scorecard.level_chart(mymonka, "fr").layout.updatemenus[0].buttons
    assert (levels.label, scores.label) == ("Niveaux", "Scores (0–100)")
    assert levels.args[0]["visible"] == [True, False, True]
    assert scores.args[0]["visible"] == [False, True, False]
    assert scores.args[1]["xaxis"]["range"] == [0, 105]


def test_level_chart_of_an_informative_profile_has_no_requirement_marks():
    fig = scorecard.level_chart(bare_assessment(), "fr")
    assert len(fig.data) == 2 and fig.layout.title.text == t("fr", "chart.no_requirement")


def test_notices_list_expired_and_expiring_promises(mymonka):
    html = scorecard.notices(mymonka, "en").data
    assert "Attestation expired" in html and "auth_security.mfa" in html
    assert "Waiver expires soon" in html and "performance.caching" in html
    assert "No attestation" in scorecard.notices(bare_assessment(), "en").data


def test_source_locations_are_relative_to_the_configuration(tmp_path):
    config_path = tmp_path / "product" / "readiness.yml"
    config_path.parent.mkdir()
    config = config_from_data(
        {"name": "x", "profile": "poc", "evidence": {"repositories": ["../elsewhere/repo"]}}, config_path
    )
    html = scorecard.sources(assess(config, as_of=AS_OF), "en").data
    assert "<td>../elsewhere/repo</td>" in html and str(tmp_path) not in html


def test_unavailable_sources_say_why(tmp_path):
    config = config_from_data(
        {"name": "x", "profile": "product", "evidence": {"repositories": [str(tmp_path / "gone")]}}, None
    )
    html = scorecard.sources(assess(config, as_of=AS_OF), "en").data
    assert "1 source(s) could not be read" in html and "folder not found" in html
    assert '<span class="rd-badge rd-fail">Unavailable</span>' in html


def test_offline_renderer_embeds_neither_plotly_js_nor_mathjax():
    bundle = scorecard.OfflineNotebookRenderer().to_mimebundle(go.Figure(go.Bar(x=[1])).to_dict())
    html = bundle["text/html"]
    assert "plotly-graph-div" in html and "mathjax" not in html.lower() and len(html) < 20_000


def test_source_views_render_figures_tables_and_html(mymonka, monkeypatch):
    def repository_view(assessment, lang):
        return [pd.DataFrame({"file": ["<a.py>"], "lines": [3]}), go.Figure()]

    monkeypatch.setattr(views, "_VIEWS", {"repositories": ({"en": "Repositories"}, repository_view)})
    shown = []
    monkeypatch.setattr(scorecard, "display", shown.append)
    scorecard.show_source_views(mymonka, "en")
    assert "Repositories" in shown[0].data
    assert 'class="dataframe rd-table"' in shown[1].data and "&lt;a.py&gt;" in shown[1].data
    assert isinstance(shown[2], go.Figure)


def test_notebook_pair_is_in_sync_and_declares_its_parameters():
    text = jupytext.read(ROOT / "notebooks" / "scorecard.py")
    stored = nbformat.read(ROOT / "notebooks" / "scorecard.ipynb", as_version=4)
    assert stored.metadata.jupytext.formats == "ipynb,py:percent"
    assert [(c.cell_type, c.source, c.metadata.get("tags")) for c in text.cells] == [
        (c.cell_type, c.source, c.metadata.get("tags")) for c in stored.cells
    ]
    parameters = papermill.inspect_notebook(str(ROOT / "notebooks" / "scorecard.ipynb"))
    assert {"config_path", "profile_override", "lang", "as_of", "json_path", "run_id"} <= set(parameters)


def test_every_prose_cell_exists_in_both_languages():
    stored = nbformat.read(ROOT / "notebooks" / "scorecard.ipynb", as_version=4)
    tags = [c.metadata.get("tags", []) for c in stored.cells if c.cell_type == "markdown"]
    assert tags and sum("en" in tag for tag in tags) == sum("fr" in tag for tag in tags) == len(tags) / 2


def test_history_section_explains_a_report_built_without_a_store(mymonka, monkeypatch):
    shown = []
    monkeypatch.setattr(scorecard, "display", shown.append)
    scorecard.show_history(mymonka, None, "fr")
    assert len(shown) == 1 and "sans historique" in shown[0].data


def test_history_section_shows_the_first_run_then_changes(mymonka, monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(scorecard, "display", shown.append)
    scorecard.show_history(mymonka, str(tmp_path / "history"), "en")
    assert "first recorded report" in shown[0].data
    assert "performance.caching" in shown[1].data  # the waiver that expires soon


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_level_carries_its_why_its_meaning_and_its_next_step(mymonka, lang):
    html = scorecard.findings(mymonka, lang).data
    for result in mymonka.criteria:
        section = html.split(f'id="criterion-{result.criterion}"')[1].split('class="rd-criterion"')[0]
        assert escape(t(lang, "level_explained.why")) in section
        if result.level.rank >= 0:
            rungs = next(c for c in criteria() if c.id == result.criterion).levels
            assert escape(rungs[result.level.value][lang]) in section
        if result.level in (Level.ABSENT, Level.PROTOTYPE, Level.PARTIAL):
            assert escape(result.next_steps[lang]) in section
            assert escape(t(lang, "level_explained.next")) in section
        else:
            assert escape(t(lang, "level_explained.next")) not in section
