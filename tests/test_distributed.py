"""The Dask portfolio runner: a handful of small products on a local cluster, one of them broken."""

from __future__ import annotations

import io
import json

import pytest

from readiness.cli import main
from readiness.distributed import (
    ProgressBar,
    connect,
    print_portfolio_table,
    run_portfolio,
)
from readiness.errors import ConfigError
from readiness.model import Verdict
from readiness.portfolio_file import load_portfolio
from tests.evidence_support import AS_OF

GOOD_CONFIG = "name: billing\nprofile: poc\nevidence:\n  repositories: [repo]\n"


@pytest.fixture
def portfolio(tmp_path, make_repo):
    """Three bare repositories, one readiness.yml product, and one product whose YAML is broken."""
    for name in ("web", "api", "jobs"):
        make_repo(
            {
                "package.json": f'{{"name": "{name}", "scripts": {{"test": "vitest"}}}}',
                f"src/{name}.test.js": "test('ok', () => {});\n",
            },
            git=False,
            name=name,
        )
    billing = tmp_path / "billing"
    (billing / "repo").mkdir(parents=True)
    (billing / "readiness.yml").write_text(GOOD_CONFIG, encoding="utf-8")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "readiness.yml").write_text("name: broken\nprofile: [unclosed\n", encoding="utf-8")
    path = tmp_path / "portfolio.yml"
    path.write_text(
        "name: acme\nprofile: product\nproducts:\n  - repo: web\n  - repo: api\n"
        "  - repo: jobs\n    profile: poc\n  - config: billing/readiness.yml\n"
        "  - config: broken/readiness.yml\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def client():
    with connect("local", workers=2, processes=False) as dask_client:
        yield dask_client


def test_portfolio_file_resolves_paths_and_default_profile(portfolio):
    name, entries = load_portfolio(portfolio)
    assert name == "acme"
    assert [(e.name, e.profile) for e in entries] == [
        ("web", "product"),
        ("api", "product"),
        ("jobs", "poc"),
        ("billing", None),
        ("broken", None),
    ]
    assert entries[0].repo == portfolio.parent / "web"


def test_every_product_is_assessed_and_the_broken_one_reported(portfolio, client):
    name, entries = load_portfolio(portfolio)
    stream = io.StringIO()
    run = run_portfolio(entries, client, AS_OF, name=name, progress=stream)
    assert [a.product for a in run.assessments] == ["web", "api", "jobs", "billing"]
    assert run.failures[["product", "error_type"]].values.tolist() == [["broken", "ConfigError"]]
    assert "not valid YAML" in run.failures.loc[0, "error"]
    assert stream.getvalue().splitlines()[-1].startswith("5/5 products assessed")
    assert "\r" not in stream.getvalue() and len(stream.getvalue().splitlines()) == 5
    assert {a.profile.name for a in run.assessments} == {"product", "poc"}
    assert all(a.verdict in Verdict for a in run.assessments)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_redrawn_on_a_terminal_and_tenths_in_a_log():
    terminal, log = _Terminal(), io.StringIO()
    for stream in (terminal, log):
        bar = ProgressBar(20, stream)
        for i in range(20):
            bar.advance(f"product-{i}")
    assert terminal.getvalue().count("\r") == 20 and "] 20/20 product-19" in terminal.getvalue()
    assert [line.split()[0] for line in log.getvalue().splitlines()] == [f"{n}/20" for n in range(2, 21, 2)]


def test_results_travel_without_raw_evidence(portfolio, client):
    _, entries = load_portfolio(portfolio)
    run = run_portfolio(entries[:1], client, AS_OF, progress=None)
    repo_facts = run.assessments[0].evidence.of_kind("repositories")[0]
    assert "texts" not in repo_facts.values and repo_facts.tables == {}
    assert repo_facts.values["root"] == str(entries[0].repo)
    assert run.assessments[0].result("tests").level.value != "inconclusive"


def test_an_invalid_portfolio_names_the_key(tmp_path):
    path = tmp_path / "portfolio.yml"
    path.write_text("products:\n  - repository: web\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="products"):
        load_portfolio(path)


def test_a_bare_repository_needs_a_profile(tmp_path):
    path = tmp_path / "portfolio.yml"
    path.write_text("products:\n  - repo: web\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no profile"):
        load_portfolio(path)


def test_table_lists_every_product_and_the_failure(portfolio, client, capsys):
    name, entries = load_portfolio(portfolio)
    print_portfolio_table(run_portfolio(entries, client, AS_OF, name=name, progress=None))
    out = capsys.readouterr().out
    assert all(product in out for product in ("web", "api", "jobs", "billing"))
    assert "FAILED broken: ConfigError" in out


def test_cli_portfolio_on_worker_processes_writes_json_and_the_page(portfolio, tmp_path, capsys):
    """The real path: a local cluster of worker processes, as `readiness assess --portfolio` runs it."""
    page = tmp_path / "out" / "portfolio.html"
    code = main(
        [
            "assess",
            "--portfolio",
            str(portfolio),
            "--workers",
            "1",
            "--format",
            "json",
            "--html",
            str(page),
            "--as-of",
            "2026-11-25",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [a["product"] for a in out["assessments"]] == ["web", "api", "jobs", "billing"]
    assert out["failures"][0]["product"] == "broken"
    html = page.read_text(encoding="utf-8")
    assert "Portfolio — acme" in html and "broken" in html and "plotly" in html.lower()


def test_a_scheduler_address_connects_to_an_existing_cluster(portfolio):
    from distributed import LocalCluster

    _, entries = load_portfolio(portfolio)
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0")
    with cluster, connect(cluster.scheduler_address) as client:
        run = run_portfolio(entries[:2], client, AS_OF, progress=None)
    assert [a.product for a in run.assessments] == ["web", "api"]
    assert run.failures.empty
