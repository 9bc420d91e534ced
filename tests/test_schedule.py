"""The schedule: run times from a cron expression, one job run now, the index, failures and pruning."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from readiness.errors import HistoryStoreError, ReportError, UsageError
from readiness.history import HistoryStore
from readiness.schedule import (
    ScheduleOptions,
    add_report_job,
    cron_trigger,
    crontab_days,
    next_run_times,
    read_manifest,
    run_scheduled_report,
)
from tests.history_support import FakeReportResult, assessment_dict

SUNDAY = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


class FakeBuilder:
    """Writes what build_report writes (OUT/<slug>/scorecard.html and assessment.json), or fails."""

    def __init__(self, fail: bool = False, score: float = 50.0):
        self.fail, self.score, self.calls = fail, score, []

    def __call__(self, config_path, out_dir, lang, profile_override, as_of, history_dir=None):
        self.calls.append(
            {"out_dir": Path(out_dir), "lang": lang, "as_of": as_of, "history_dir": history_dir}
        )
        folder = Path(out_dir) / "shop"
        folder.mkdir(parents=True)
        (folder / "scorecard.html").write_text("<html>report</html>")
        if self.fail:
            raise ReportError("the scorecard notebook failed: KeyError", str(folder / "scorecard.html"))
        (folder / "assessment.json").write_text(json.dumps(assessment_dict(score=self.score)))
        return FakeReportResult(folder / "scorecard.html", folder / "assessment.json")


def _options(tmp_path, keep=3, lang="en"):
    return ScheduleOptions(config=tmp_path / "readiness.yml", out=tmp_path / "out", keep=keep, lang=lang)


def test_next_runs_of_a_weekly_cron_are_the_next_mondays_at_seven():
    times = next_run_times("0 7 * * MON", SUNDAY, count=3)
    assert times == [dt.datetime(2026, 11, d, 7, 0, tzinfo=dt.UTC) for d in (2, 9, 16)]


def test_day_numbers_mean_what_they_mean_in_crontab():
    assert next_run_times("0 7 * * 1", SUNDAY, 1) == next_run_times("0 7 * * MON", SUNDAY, 1)
    assert next_run_times("0 7 * * 0", SUNDAY, 1)[0].strftime("%a") == "Sun"
    assert crontab_days("1-5") == "mon,tue,wed,thu,fri"
    assert crontab_days("*/2") == "sun,tue,thu,sat"
    assert crontab_days("0,7") == "sun,sun"
    assert crontab_days("mon-fri") == "mon-fri"


def test_a_run_time_equal_to_the_start_is_not_repeated():
    monday_seven = dt.datetime(2026, 11, 2, 7, 0, tzinfo=dt.UTC)
    assert next_run_times("0 7 * * MON", monday_seven, 1)[0].day == 9


def test_the_time_zone_of_the_expression_is_honoured():
    times = next_run_times("0 7 * * MON", SUNDAY, 1, timezone="Europe/Paris")
    assert times[0].astimezone(dt.UTC).hour == 6


@pytest.mark.parametrize("expression", ["0 7 * *", "61 7 * * MON", "0 7 * * 3-9", "0 7 * * funday"])
def test_bad_cron_expressions_are_usage_errors(expression):
    with pytest.raises(UsageError, match="cron|day of week"):
        cron_trigger(expression)


def test_one_job_runs_now_and_lands_in_the_index_and_the_history(tmp_path):
    builder = FakeBuilder()
    entry = run_scheduled_report(_options(tmp_path), SUNDAY, build=builder)
    out = tmp_path / "out"
    assert entry.status == "ok" and entry.verdict == "not_ready"
    assert (out / entry.html).read_text() == "<html>report</html>"
    assert builder.calls[0]["as_of"] == SUNDAY.date()
    index = (out / "index.html").read_text()
    assert f'href="{entry.html}"' in index and "Not ready for production" in index
    assert "2026-11-01 12:00 UTC" in index
    assert [r.run_id for r in HistoryStore(out / "history").runs("Shop")] == ["run1"]
    assert not list((out / "runs").glob(".*"))


def test_a_run_clears_the_staging_folders_killed_runs_left_and_spares_a_live_ones(tmp_path):
    """A killed scheduled run leaves runs/.<its time>.partial-<pid>/; the next run, named after
    another time, clears it, but not the staging folder of a run still going."""
    runs = tmp_path / "out" / "runs"
    dead, live = (
        runs / ".20261025T120000Z.partial-999999999",
        runs / f".20261101T115900Z.partial-{os.getpid()}",
    )
    for folder in (dead, live):
        folder.mkdir(parents=True)
        (folder / "scorecard.ipynb").write_text("{}")
    entry = run_scheduled_report(_options(tmp_path), SUNDAY, build=FakeBuilder())
    assert entry.status == "ok"
    assert not dead.exists() and live.exists()


def test_a_failed_run_keeps_the_previous_report_and_shows_in_the_index(tmp_path):
    options = _options(tmp_path, lang="fr")
    good = run_scheduled_report(options, SUNDAY, build=FakeBuilder())
    bad = run_scheduled_report(options, SUNDAY + dt.timedelta(days=7), build=FakeBuilder(fail=True))
    out = tmp_path / "out"
    assert bad.status == "failed" and "KeyError" in bad.error
    assert (out / good.html).exists()
    assert (out / "runs" / bad.folder / "shop" / "scorecard.html").exists()
    index = (out / "index.html").read_text()
    assert "Dernier rapport" in index and f'href="{good.html}"' in index.split("</p>")[0]
    assert 'class="failed"' in index and "KeyError" in index
    assert [r.status for r in read_manifest(out)] == ["failed", "ok"]


def test_only_the_last_n_runs_are_kept(tmp_path):
    options = _options(tmp_path, keep=2)
    entries = [
        run_scheduled_report(options, SUNDAY + dt.timedelta(days=7 * i), build=FakeBuilder(score=i))
        for i in range(4)
    ]
    runs_dir = tmp_path / "out" / "runs"
    assert sorted(p.name for p in runs_dir.iterdir()) == sorted(e.folder for e in entries[2:])
    assert [r.overall_score for r in read_manifest(tmp_path / "out")] == [3, 2]
    assert len(HistoryStore(tmp_path / "out" / "history").runs()) == 4


def test_a_damaged_index_manifest_stops_the_run_and_is_not_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "runs.json").write_text("[{broken")
    with pytest.raises(HistoryStoreError, match="runs.json"):
        run_scheduled_report(_options(tmp_path), SUNDAY, build=FakeBuilder())
    assert (out / "runs.json").read_text() == "[{broken"


def test_the_scheduler_gets_one_job_on_the_cron_trigger_and_runs_it(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(
        "readiness.schedule.run_scheduled_report", lambda options, now: built.append((options, now))
    )
    scheduler = BackgroundScheduler(timezone="UTC")
    job = add_report_job(scheduler, cron_trigger("30 6 * * *"), _options(tmp_path))
    assert job.max_instances == 1 and job.coalesce
    assert str(job.trigger) == str(cron_trigger("30 6 * * *"))
    job.func(*job.args)
    assert built and built[0][0].out == tmp_path / "out"


def test_the_cli_prints_the_next_runs(capsys):
    from readiness.cli import main

    assert (
        main(
            [
                "schedule",
                "--cron",
                "0 7 * * MON",
                "--config",
                "x.yml",
                "--next",
                "2",
                "--after",
                "2026-11-01T12:00",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == ["2026-11-02T07:00:00+00:00", "2026-11-09T07:00:00+00:00"]


def test_failures_never_prune_the_last_good_report(tmp_path):
    options = _options(tmp_path, keep=2)
    good = run_scheduled_report(options, SUNDAY, build=FakeBuilder())
    for week in (1, 2, 3):
        run_scheduled_report(options, SUNDAY + dt.timedelta(days=7 * week), build=FakeBuilder(fail=True))
    runs = read_manifest(tmp_path / "out")
    assert [r.status for r in runs] == ["failed", "failed", "ok"]
    assert (tmp_path / "out" / good.html).exists()
    assert len(list((tmp_path / "out" / "runs").iterdir())) == 3
    assert f'href="{good.html}"' in (tmp_path / "out" / "index.html").read_text()


def test_schedule_once_prints_where_the_report_is(tmp_path, capsys, monkeypatch):
    """`schedule --once` used to print nothing; it prints the report's path, like `report` does."""
    import readiness.schedule as schedule
    from readiness.cli import main
    from tests.conftest import DEMO

    def fake_run(options):
        return schedule.ScheduledRun(
            started_at="2026-11-02T07:00:00+00:00",
            status="ok",
            folder="x",
            html="runs/x/mymonka/scorecard.html",
        )

    monkeypatch.setattr(schedule, "run_due_report", fake_run)
    out = tmp_path / "scheduled"
    assert (
        main(
            [
                "schedule",
                "--cron",
                "0 7 * * MON",
                "--config",
                str(DEMO / "mymonka" / "readiness.yml"),
                "--out",
                str(out),
                "--once",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == str(out / "runs/x/mymonka/scorecard.html")
