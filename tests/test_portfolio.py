"""Portfolio: products × criteria, who blocks what, and `readiness report` on several products."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from readiness.assessment import assess
from readiness.catalogue import CRITERION_IDS, criterion
from readiness.cli import main
from readiness.config import load_config
from readiness.errors import ReportError
from readiness.history import HistoryStore
from readiness.portfolio import blocking_table, portfolio_table
from readiness.portfolio_report import PortfolioRequest, build_portfolio_report
from readiness.views.portfolio import portfolio_heatmap
from tests.history_support import FakeReportResult
from tests.whatif_support import AS_OF, DEMO


@pytest.fixture(scope="module")
def demo_assessments():
    return [
        assess(load_config(DEMO / name / "readiness.yml"), as_of=AS_OF)
        for name in ("mymonka", "clinical-engine")
    ]


class FakeBuilder:
    """Stands in for build_report (papermill is slow): writes the assessment JSON and a page."""

    def __init__(self, failing: set[str] = frozenset()):
        self.failing = failing
        self.calls = []

    def __call__(self, config_path, out_dir, lang, profile_override, as_of, pdf=False):
        self.calls.append((Path(config_path), profile_override))
        config = load_config(config_path)
        folder = Path(out_dir) / config.name.lower().replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        if config.name in self.failing:
            raise ReportError("the scorecard notebook failed: boom", str(folder / "scorecard.html"))
        assessment = assess(config, as_of=AS_OF, profile_override=profile_override)
        (folder / "assessment.json").write_text(assessment.to_json())
        (folder / "scorecard.html").write_text("<html></html>")
        return FakeReportResult(folder / "scorecard.html", folder / "assessment.json", assessment.exit_code)


def _args(tmp_path, configs=(), portfolio=None, lang="en"):
    return PortfolioRequest(
        out=tmp_path / "out",
        configs=tuple(Path(c) for c in configs),
        portfolio=portfolio,
        lang=lang,
        as_of=AS_OF.isoformat(),
    )


def test_portfolio_table_has_one_row_per_product_and_every_level(demo_assessments):
    table = portfolio_table(demo_assessments)
    assert list(table.index) == ["MyMonka", "Clinical Engine"]
    mymonka = table.loc["MyMonka"]
    assert mymonka["verdict"] == "not_ready"
    assert mymonka["secrets"] == demo_assessments[0].result("secrets").level.value
    assert set(mymonka["blocking"].split(", ")) == set(demo_assessments[0].blocking)
    assert table.loc["Clinical Engine", "blocking"] == ""
    assert portfolio_table([a.to_dict() for a in demo_assessments]).equals(table)


def test_blocking_table_names_the_failing_checks_behind_each_blocker(demo_assessments):
    table = blocking_table(demo_assessments, "en")
    assert set(table["Product"]) == {"MyMonka"}
    assert len(table) == len(demo_assessments[0].blocking)
    monitoring = table[table["Criterion"] == criterion("monitoring").name["en"]]
    failing = {
        f.check_id for f in demo_assessments[0].result("monitoring").findings if f.status.value == "fail"
    }
    assert set(monitoring.iloc[0]["Failing checks"].split(", ")) == failing


def test_heatmap_colours_levels_and_leaves_inconclusive_blank(demo_assessments):
    figure = portfolio_heatmap(demo_assessments, "fr")
    heatmap = figure.data[0]
    assert len(heatmap.y) == 2 and len(heatmap.x) == len(CRITERION_IDS)
    score = f"{demo_assessments[0].overall_score:.1f}".replace(".", ",")  # French decimal comma
    assert heatmap.y[0] == f"MyMonka ({score})"
    assert heatmap.x[0] == "Tests automatisés"
    clinical = demo_assessments[1]
    for column, cid in enumerate(CRITERION_IDS):
        rank = clinical.result(cid).level.rank
        cell = heatmap.z[1][column]
        assert math.isnan(cell) if rank < 0 else cell == rank, cid
    assert list(heatmap.colorbar.ticktext) == ["Absent", "Prototype", "Partiel", "Production"]


def test_report_on_several_configs_writes_a_portfolio_page_and_the_history(tmp_path):
    builder = FakeBuilder()
    args = _args(tmp_path, [DEMO / "mymonka" / "readiness.yml", DEMO / "clinical-engine" / "readiness.yml"])
    page, exit_code = build_portfolio_report(args, build=builder)
    assert exit_code == 1
    html = page.read_text()
    assert "<script src=" not in html and "Who is blocking what" in html
    assert "Portfolio — MyMonka, Clinical Engine" in html
    assert 'href="mymonka/scorecard.html"' in html
    assert HistoryStore(tmp_path / "out" / "history").products() == ["Clinical Engine", "MyMonka"]


def test_a_product_whose_report_fails_is_listed_and_the_others_still_render(tmp_path):
    args = _args(
        tmp_path, [DEMO / "mymonka" / "readiness.yml", DEMO / "clinical-engine" / "readiness.yml"], lang="fr"
    )
    page, exit_code = build_portfolio_report(args, build=FakeBuilder(failing={"MyMonka"}))
    html = page.read_text()
    assert exit_code == 3
    assert "N&#x27;a pas pu être évalué" in html and "boom" in html
    assert "Clinical Engine (" in html
    assert HistoryStore(tmp_path / "out" / "history").products() == ["Clinical Engine"]


def test_a_portfolio_file_with_a_bare_repository_gets_a_generated_config(tmp_path, make_repo):
    repo = make_repo({"README.md": "# Tool\n"}, name="tool")
    portfolio = tmp_path / "portfolio.yml"
    portfolio.write_text(
        f"name: Team\nproducts:\n  - config: {DEMO / 'clinical-engine' / 'readiness.yml'}\n"
        f"  - repo: {repo}\n    profile: product\n"
    )
    builder = FakeBuilder()
    page, exit_code = build_portfolio_report(_args(tmp_path, portfolio=portfolio), build=builder)
    generated = builder.calls[1][0]
    assert generated.parent == tmp_path / "out" / "configs"
    assert load_config(generated).name == "tool" and builder.calls[1][1] == "product"
    assert "Portfolio — Team" in page.read_text()
    assert exit_code == 1


def test_the_cli_routes_several_configs_to_the_portfolio(tmp_path, monkeypatch, capsys):
    builder = FakeBuilder()
    monkeypatch.setattr("readiness.report.build_report", builder)
    code = main(
        [
            "report",
            "--config",
            str(DEMO / "mymonka" / "readiness.yml"),
            "--config",
            str(DEMO / "clinical-engine" / "readiness.yml"),
            "--out",
            str(tmp_path / "out"),
            "--as-of",
            AS_OF.isoformat(),
        ]
    )
    assert code == 1
    assert capsys.readouterr().out.strip() == str(tmp_path / "out" / "portfolio.html")
    assert len(builder.calls) == 2


def test_the_cli_needs_a_config_or_a_portfolio(capsys):
    assert main(["report"]) == 2
    assert "--portfolio FILE" in capsys.readouterr().err
