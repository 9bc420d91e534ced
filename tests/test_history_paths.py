"""History in the default use: relative paths resolved once, in the parent process, so a report
run twice from another folder shows its trend; `assess` keeps its history out of the repository."""

from __future__ import annotations

from pathlib import Path

from tests.report_support import run_cli
from tests.whatif_support import copy_demo

FIRST = "This is the first recorded report of the product"


def test_two_reports_from_another_folder_with_relative_paths_show_a_trend(tmp_path, monkeypatch):
    monkeypatch.delenv("READINESS_HISTORY_DIR")
    copy_demo(tmp_path)
    monkeypatch.chdir(tmp_path)  # the notebook itself runs in notebooks/: relative paths must not
    pages = []
    for as_of in ("2026-11-19", "2026-11-26"):
        monkeypatch.delenv("READINESS_RUN_ID", raising=False)  # two commands, two runs
        run = run_cli("report", "--config", "mymonka/readiness.yml", "--out", "out", "--as-of", as_of)
        assert run.exit_code in (0, 1), run.stderr
        pages.append(Path(run.last_line).read_text(encoding="utf-8"))
    assert FIRST in pages[0] and FIRST not in pages[1]
    assert (tmp_path / "out" / "history").is_dir()


def test_assess_records_in_the_users_data_folder_not_in_the_repository(
    make_repo, tmp_path, monkeypatch, capsys
):
    from readiness.cli import main

    monkeypatch.delenv("READINESS_HISTORY_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    repo = make_repo({"README.md": "# App\n"})
    monkeypatch.chdir(repo)
    main(["assess", "--repo", ".", "--profile", "poc"])
    assert not (repo / "reports").exists()
    store = tmp_path / "data" / "readiness" / "history"
    assert store.is_dir() and f"history at {store}" in capsys.readouterr().err
