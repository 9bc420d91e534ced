"""`readiness report`: the scorecard notebook really executed by papermill, rendered, opened offline."""

from __future__ import annotations

import html as html_module
import json
import os
import re
import unicodedata
from pathlib import Path

import nbformat
import plotly.offline
import pytest

from readiness import report as report_module
from readiness.assessment import validate_assessment_json
from readiness.catalogue import criteria
from readiness.errors import ReportError
from readiness.report import offline_page, print_pdf
from tests.report_support import AS_OF, CLINICAL_ENGINE, MYMONKA, CliRun, report, run_cli
from tests.sentry_support import DEMO as SENTRY_DEMO

pytestmark = pytest.mark.slow
PLOTLY_JS_HEAD = plotly.offline.get_plotlyjs()[:300]


# Each report is one papermill run (seconds): built once per session and shared.
@pytest.fixture(scope="session")
def reports_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="session")
def mymonka_en(reports_root) -> CliRun:
    return report(MYMONKA, reports_root / "en", "--history", str(reports_root / "history"))


@pytest.fixture(scope="session")
def mymonka_fr(reports_root, mymonka_en) -> CliRun:
    """The second MyMonka report in the same history store (another run): it has a trend to show."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("READINESS_RUN_ID", "second-run")
        return report(
            MYMONKA, reports_root / "fr", "--lang", "fr", "--history", str(reports_root / "history")
        )


@pytest.fixture(scope="session")
def clinical_engine_en(reports_root) -> CliRun:
    return report(CLINICAL_ENGINE, reports_root / "en")


def html_of(run) -> str:
    return Path(run.last_line).read_text(encoding="utf-8")


def test_mymonka_report_is_not_ready_and_prints_the_html_path_last(mymonka_en):
    html_path = Path(mymonka_en.last_line)
    assert mymonka_en.exit_code == 1
    assert html_path.name == "scorecard.html" and html_path.parent.name == "mymonka"
    assert {p.name for p in html_path.parent.iterdir()} >= {
        "scorecard.html",
        "scorecard.ipynb",
        "assessment.json",
    }


def test_report_holds_every_criterion_the_verdict_and_one_copy_of_plotly(mymonka_en):
    html = html_of(mymonka_en)
    for crit in criteria():
        assert crit.name["en"] in html
    assert "Not ready for production" in html
    assert html.count('class="plotly-graph-div"') >= 1
    assert html.count(PLOTLY_JS_HEAD) == 1
    assert "cdnjs" not in html and 'src="http' not in html and "require.js" not in html


def test_report_shows_no_code_no_parameters_and_one_language(mymonka_en):
    html = html_of(mymonka_en)
    assert "injected-parameters" not in html and "celltag_parameters" not in html
    assert "scorecard.open_assessment" not in html and "config_path =" not in html
    assert "celltag_fr" not in html and "Les douze critères" not in html
    assert "The twelve criteria" in html


def test_assessment_json_follows_the_schema_and_carries_the_cli_run_id(mymonka_en):
    data = json.loads((Path(mymonka_en.last_line).parent / "assessment.json").read_text())
    validate_assessment_json(data)
    assert data["verdict"] == "not_ready" and data["as_of"] == "2026-11-26"
    assert data["run_id"] == mymonka_en.run_id


def test_executed_notebook_ran_every_cell_with_the_given_parameters(mymonka_en):
    notebook = nbformat.read(Path(mymonka_en.last_line).with_suffix(".ipynb"), as_version=4)
    assert notebook.metadata.papermill.parameters["lang"] == "en"
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert outputs and not [o for o in outputs if o.output_type == "error"]


@pytest.mark.parametrize("fixture", ["mymonka_en", "mymonka_fr"])
def test_status_marks_are_drawn_not_emoji_a_machine_without_an_emoji_font_shows_as_boxes(fixture, request):
    html = html_of(request.getfixturevalue(fixture))
    assert [
        mark for mark in ("\u2705", "\u274c", "\u2754", "\u2753", "\u26a0", "\u2796") if mark in html
    ] == []
    assert html.count('class="rd-icon rd-icon-') >= 24  # the status table and each criterion's findings


def test_the_kept_notebook_holds_each_figure_as_json_not_plotly_js(mymonka_en):
    """A year of weekly runs keeps 52 notebooks: without the 3.5 MB library each is a few hundred KB."""
    ipynb_path = Path(mymonka_en.last_line).with_suffix(".ipynb")
    text = ipynb_path.read_text(encoding="utf-8")
    assert PLOTLY_JS_HEAD not in text and "Plotly.newPlot" in text
    assert ipynb_path.stat().st_size < 1_000_000


def test_first_report_says_it_has_no_history_the_second_shows_the_trend(mymonka_en, mymonka_fr):
    first, second = html_of(mymonka_en), html_of(mymonka_fr)
    assert "This is the first recorded report of the product" in first
    charts = 'class="plotly-graph-div"'
    assert second.count(charts) == first.count(charts) + 1  # the trend
    assert "Depuis le dernier rapport" in second and "performance.caching" in second


def test_proof_of_concept_informs_and_exits_zero(clinical_engine_en):
    html = html_of(clinical_engine_en)
    assert clinical_engine_en.exit_code == 0
    assert "Clinical Engine" in html and "informs and never blocks" in html
    assert "Production readiness not required" in html and "Ready for production" not in html
    assert "No requirement (this profile informs)" in html


def test_french_report_speaks_french_throughout(mymonka_fr):
    html = html_of(mymonka_fr)
    assert mymonka_fr.exit_code == 1
    for crit in criteria():
        assert crit.name["fr"].replace("&", "&amp;") in html
    assert '<html lang="fr">' in html
    assert "Pas prêt pour la production" in html and "Les douze critères" in html
    assert "Où en est le produit ?" in html and "Que faire" in html
    assert "The twelve criteria" not in html and "Not ready for production" not in html


def _catalogue_sentences(lang: str) -> dict[str, str]:
    """Every message of a locale file, by its dotted key."""
    from readiness.locales import locale

    def leaves(node, prefix=""):
        for key, value in node.items():
            if isinstance(value, dict):
                yield from leaves(value, f"{prefix}{key}.")
            else:
                yield f"{prefix}{key}", str(value)

    return dict(leaves(locale(lang)))


def test_the_french_page_holds_no_english_sentence_of_the_catalogue_and_french_numbers(mymonka_fr):
    page = html_of(mymonka_fr)
    visible = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    text = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", visible)).split())
    english, french = _catalogue_sentences("en"), _catalogue_sentences("fr")
    pieces = {
        piece.strip()
        for key, sentence in english.items()
        if french.get(key) != sentence
        for piece in re.split(r"\{[^}]*\}", sentence)
        if len(piece.strip()) >= 12
    }
    assert sorted(p for p in pieces if p in text) == []
    # The words the tool writes itself beside the evidence are French too: the title and profile,
    # the collectors' notes on each source, the run summaries cited as evidence, the k6 verdict row.
    assert "Préparation à la production — MyMonka" in text and "Profil Données de santé (health)" in text
    assert "256 requêtes, taux d'erreur 0,39 %" in text and "seuil(s) fixé(s) par le script" in text
    assert "exécution k6 k6-raw.ndjson : 20 utilisateurs, 20 req/s, p95 101 ms, erreurs 0,50 %" in text
    assert "35 fichiers ; arbre de travail git" in text and "3 attestation(s) déclarée(s)" in text
    assert "les seuils du script, jugés ensemble" in text and "thresholds of the script" not in text
    assert "Vercel n'est pas certifié HDS" in text and "is not HDS-certified" not in text
    # Every check's French message writes its figures the French way (no "99.5 %" beside "98,69 %").
    assessment = json.loads(Path(mymonka_fr.last_line).with_name("assessment.json").read_text())
    messages = [
        f["messages"]["fr"] for c in assessment["criteria"] for f in c["findings"] if "fr" in f["messages"]
    ]
    assert messages and [m for m in messages if re.search(r"\d\.\d+\s?%", m)] == []
    # The charts: decimal comma and narrow no-break space between thousands, dates without month names.
    assert '"separators":",\\u202f"' in page
    assert '"tickformat":"%d\\u002f%m\\u002f%Y %H:%M"' in page  # plotly's JSON escapes "/"


def test_malformed_configuration_exits_two_naming_the_file(tmp_path):
    config = tmp_path / "readiness.yml"
    config.write_text("name: [unclosed\nprofile: poc\n", encoding="utf-8")
    run = report(config, tmp_path / "out")
    assert run.exit_code == 2
    assert str(config) in run.stderr and "not valid YAML" in run.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_profile_exits_two(tmp_path):
    run = report(CLINICAL_ENGINE, tmp_path / "out", "--profile", "enterprise")
    assert run.exit_code == 2 and "unknown profile 'enterprise'" in run.stderr


def test_notebook_failing_partway_renders_what_ran_and_exits_three(tmp_path, monkeypatch):
    notebook = nbformat.read(report_module.SCORECARD_NOTEBOOK, as_version=4)
    setup = next(i for i, c in enumerate(notebook.cells) if "open_assessment" in c.source)
    notebook.cells.insert(setup + 1, nbformat.v4.new_code_cell('raise RuntimeError("view exploded")'))
    broken = tmp_path / "broken.ipynb"
    nbformat.write(notebook, broken)
    monkeypatch.setattr(report_module, "SCORECARD_NOTEBOOK", broken)
    run = report(MYMONKA, tmp_path / "out")
    assert run.exit_code == 3
    html = Path(run.last_line).read_text(encoding="utf-8")
    assert "view exploded" in html and "RuntimeError" in html
    assert "Not ready for production" in html  # the cells before the failure are there


def test_missing_evidence_folder_leaves_the_source_unavailable_and_the_report_rendered(tmp_path, capfd):
    config = tmp_path / "readiness.yml"
    config.write_text(
        "name: Ghost shop\nprofile: product\nevidence:\n  repositories: [no-such-repo]\n", encoding="utf-8"
    )
    run = run_cli(
        "--log-format",
        "json",
        "report",
        "--config",
        str(config),
        "--out",
        str(tmp_path / "out"),
        "--as-of",
        AS_OF,
    )
    kernel_logs = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    html = Path(run.last_line).read_text(encoding="utf-8")
    assert run.exit_code == 1
    assert Path(run.last_line).parent.name == "ghost-shop"
    assert "Unavailable" in html and "folder not found" in html
    assert "Not enough evidence to decide" in html
    unavailable = [entry for entry in kernel_logs if entry["message"] == "evidence source unavailable"]
    assert unavailable and unavailable[0]["run_id"] == os.environ["READINESS_RUN_ID"]
    assert "evidence source unavailable" not in html  # logs go to the terminal, not into the page


def test_every_registered_view_renders_and_no_personal_data_reaches_the_page(tmp_path):
    """Sentry and load-test views (other modules) get their sections; planted e-mails and IPs stay out."""
    demo = MYMONKA.parents[1]
    config = tmp_path / "readiness.yml"
    config.write_text(
        f"name: MyMonka observed\nprofile: health\nevidence:\n"
        f"  repositories: [{demo / 'mymonka' / 'repo'}]\n  sentry: [{SENTRY_DEMO}]\n"
        f"  load_tests: [{demo / 'load_tests' / 'results'}]\n",
        encoding="utf-8",
    )
    run = report(config, tmp_path / "out")
    html = Path(run.last_line).read_text(encoding="utf-8")
    planted = re.findall(
        r'"(?:email|ip_address)": *"([^"]+)"',
        (SENTRY_DEMO / "exports" / "events.json").read_text(encoding="utf-8"),
    )
    assert run.exit_code == 1 and planted
    assert html.count('<h3 class="rd-view-title">') == 2
    assert html.count('class="plotly-graph-div"') > 2 and html.count(PLOTLY_JS_HEAD) == 1
    assert [value for value in planted if value in html] == []


@pytest.mark.browser
@pytest.mark.parametrize("fixture", ["mymonka_en", "mymonka_fr"])
def test_report_opens_offline_with_every_chart_and_table_drawn(fixture, request):
    html_path = Path(request.getfixturevalue(fixture).last_line)
    with offline_page(html_path) as view:
        charts = view.page.evaluate(
            "() => Array.from(document.querySelectorAll('.plotly-graph-div')).map(div => {"
            " const box = div.querySelector('svg.main-svg').getBoundingClientRect();"
            " return {width: box.width, height: box.height, traces: div.querySelectorAll('.trace').length};"
            "})"
        )
        tables = view.page.evaluate(
            "() => Array.from(document.querySelectorAll('table.rd-table'))"
            ".map(t => ({rows: t.tBodies[0].rows.length, height: t.getBoundingClientRect().height,"
            " overflow: t.getBoundingClientRect().right - t.parentElement.getBoundingClientRect().right}))"
        )
        findings = view.page.locator("details.rd-criterion").count()
    assert view.blocked_requests == []
    assert view.console_errors == []
    assert charts and all(c["width"] > 0 and c["height"] > 0 and c["traces"] > 0 for c in charts)
    assert len(tables) >= 3 and all(t["rows"] > 0 and t["height"] > 0 for t in tables)
    assert [t for t in tables if t["overflow"] > 1] == []  # no table wider than its column
    assert findings == 12


@pytest.mark.browser
def test_tables_sort_and_filter_and_the_chart_menu_switches_in_the_static_page(mymonka_en):
    with offline_page(Path(mymonka_en.last_line)) as view:
        page = view.page
        status = page.locator("table.rd-table").first
        status.locator("th").nth(5).click()  # score, ascending
        scores = status.locator("tbody tr td:nth-child(6)").all_inner_texts()
        page.locator("input.rd-filter").first.fill("Monitoring")
        visible = status.locator("tbody tr:visible").count()
        page.locator(".updatemenu-header-group").first.click()
        page.locator(".updatemenu-item-text", has_text="Scores").first.click()
        axis_title = page.locator(".g-xtitle").first.text_content()
    assert scores == sorted(scores, key=lambda s: float(s) if s[0].isdigit() else -1)
    assert visible == 1
    assert axis_title == "Score (0–100)"
    assert view.console_errors == []


@pytest.mark.browser
def pdf_text(pdf: Path) -> str:
    """The PDF's words, ligatures undone and lines joined (a hyphen at a line's end is the word's)."""
    import pypdf

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)
    return " ".join(unicodedata.normalize("NFKC", text).replace("-\n", "-").split())


def test_pdf_is_printed_by_the_offline_browser(mymonka_en, tmp_path):
    html = Path(mymonka_en.last_line)
    pdf = print_pdf(html, tmp_path / "scorecard.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    with offline_page(html) as view:
        comments = view.page.evaluate(
            "() => Array.from(document.querySelector('table.rd-table').tBodies[0].rows)"
            ".map(row => row.cells[row.cells.length - 1].textContent)"
        )
    text = pdf_text(pdf)
    assert [c.name["en"] for c in criteria() if c.name["en"] not in text] == []
    assert len(comments) == 12 and [c for c in comments if " ".join(c.split()) not in text] == []
    assert "▼" not in text  # the chart's menu is not printed
    import pypdf

    first_page = pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    # The levels chart, sized for the page, follows the verdict instead of leaving half a page blank.
    assert "Attained level" in first_page and all(c.name["en"] in first_page for c in criteria())


@pytest.mark.browser
def test_a_browser_failure_while_printing_names_the_html_report(mymonka_en, tmp_path, monkeypatch):
    monkeypatch.setattr(report_module, "CHROMIUM", str(tmp_path / "no-chromium"))
    html = Path(mymonka_en.last_line)
    with pytest.raises(ReportError, match="PDF could not be printed") as caught:
        print_pdf(html, tmp_path / "scorecard.pdf")
    assert caught.value.html_path == str(html)


def test_the_report_shows_the_plan_and_leaves_the_pasteable_formats_beside_it(mymonka_en, mymonka_fr):
    html = html_of(mymonka_en)
    folder = Path(mymonka_en.last_line).parent
    plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    assert "Path to production: " in html and plan["steps"][0]["title"]["en"] in html
    assert html.index("Path to production: ") < html.index("Findings, evidence and what to do")
    assert "Chemin vers la production" in html_of(mymonka_fr)
    for lang, heading in (("en", "## Where does MyMonka stand?"), ("fr", "## Où en est MyMonka ?")):
        text = (folder / f"status.{lang}.md").read_text(encoding="utf-8")
        assert text.startswith(heading) and plan["steps"][0]["title"][lang] in text
