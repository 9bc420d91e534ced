"""The history store: records, concurrent writers, damaged stores, trends and "since last report"."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing

import pytest

from readiness.errors import HistoryStoreError
from readiness.history import (
    MARKER_NAME,
    HistoryStore,
    record_run,
    report_history,
    run_record,
    since_last,
    since_last_table,
    trend_figure,
    trend_table,
)
from tests.history_support import MONDAY, assessment_dict

WEEK = dt.timedelta(days=7)


def _write_runs(root: str, worker: int, count: int, start) -> None:
    start.wait(timeout=30)
    store = HistoryStore(root)
    for i in range(count):
        store.record(
            assessment_dict(run_id=f"w{worker}-{i}"), "report", recorded_at=MONDAY + dt.timedelta(seconds=i)
        )


def test_record_keeps_levels_scores_commit_and_finding_ids_but_no_messages(tmp_path):
    stored = HistoryStore(tmp_path / "h").record(assessment_dict(), "report", recorded_at=MONDAY)
    text = stored.path.read_text()
    assert stored.commits == {"app": "abc123"}
    assert stored.criteria["tests"] == {"level": "partial", "score": 50.0, "required_level": "production"}
    assert stored.findings["tests.kinds"]["status"] == "fail"
    assert "secret-looking" not in text
    assert HistoryStore(tmp_path / "h").runs("Shop") == [stored]


def test_record_from_a_real_assessment(make_repo, tmp_path):
    from readiness.assessment import assess
    from readiness.config import config_from_data

    repo = make_repo({"README.md": "# Shop\n", "tests/test_a.py": "def test_a():\n    pass\n"})
    config = config_from_data(
        {"name": "Shop", "profile": "product", "evidence": {"repositories": [str(repo)]}}, None
    )
    assessment = assess(config, as_of=dt.date(2026, 11, 2))
    stored = HistoryStore(tmp_path / "h").record(assessment, "assess", recorded_at=MONDAY)
    assert stored.product == "Shop"
    assert set(stored.criteria) == {r.criterion for r in assessment.criteria}
    assert set(stored.findings) == {f.check_id for f in assessment.findings}
    assert stored.commits == assessment.commits and stored.commits


def test_four_processes_creating_and_writing_the_store_at_once_lose_nothing(tmp_path):
    root = str(tmp_path / "h")
    context = multiprocessing.get_context("fork")
    start = context.Barrier(4)
    workers = [context.Process(target=_write_runs, args=(root, n, 15, start)) for n in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(timeout=60)
    assert [p.exitcode for p in workers] == [0, 0, 0, 0]
    runs = HistoryStore(root).runs()
    assert len(runs) == 60
    assert len({r.run_id for r in runs}) == 60
    assert not list((tmp_path / "h").rglob(".*.part"))


def test_a_damaged_record_is_named_and_left_alone(tmp_path):
    store = HistoryStore(tmp_path / "h")
    stored = store.record(assessment_dict(), recorded_at=MONDAY)
    stored.path.write_text('{"format": "readiness-history", "product": ', encoding="utf-8")
    with pytest.raises(HistoryStoreError) as caught:
        store.runs()
    assert stored.path.name in str(caught.value) and "not valid JSON" in str(caught.value)
    store.record(assessment_dict(run_id="run2"), recorded_at=MONDAY + WEEK)
    assert stored.path.read_text(encoding="utf-8") == '{"format": "readiness-history", "product": '


def test_a_record_missing_a_key_is_a_damaged_store(tmp_path):
    store = HistoryStore(tmp_path / "h")
    stored = store.record(assessment_dict(), recorded_at=MONDAY)
    data = json.loads(stored.path.read_text())
    del data["criteria"]
    stored.path.write_text(json.dumps(data))
    with pytest.raises(HistoryStoreError, match="lacks the key 'criteria'"):
        store.runs()


def test_a_folder_that_is_not_a_store_is_never_written_into(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(HistoryStoreError, match="not a readiness history store"):
        HistoryStore(tmp_path).record(assessment_dict(), recorded_at=MONDAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_damaged_marker_stops_recording(tmp_path):
    store = HistoryStore(tmp_path / "h")
    store.record(assessment_dict(), recorded_at=MONDAY)
    (tmp_path / "h" / MARKER_NAME).write_text("{}")
    with pytest.raises(HistoryStoreError, match=MARKER_NAME):
        store.record(assessment_dict(), recorded_at=MONDAY + WEEK)


def test_record_run_reports_a_store_problem_without_failing_the_command(tmp_path, caplog):
    (tmp_path / "notes.txt").write_text("mine")
    assert record_run(assessment_dict(), "assess", tmp_path, recorded_at=MONDAY) is None
    assert "run not recorded" in caplog.text
    assert record_run(assessment_dict(), "assess", None) is None


def test_runs_are_per_product_and_oldest_first(tmp_path):
    store = HistoryStore(tmp_path / "h")
    store.record(assessment_dict(run_id="late"), recorded_at=MONDAY + WEEK)
    store.record(assessment_dict(run_id="early"), recorded_at=MONDAY)
    store.record(assessment_dict(product="Other"), recorded_at=MONDAY)
    assert [r.run_id for r in store.runs("Shop")] == ["early", "late"]
    assert store.products() == ["Other", "Shop"]
    latest = store.runs("Shop")[-1]
    assert store.previous(latest).run_id == "early"
    assert store.previous(store.runs("Shop")[0]) is None


def test_since_last_lists_new_failures_fixes_level_changes_and_expiries():
    before = run_record(
        assessment_dict(
            statuses={"tests.kinds": "fail", "ci_cd.rollback": "pass"},
            notices=[{"kind": "waiver_expired", "subject": "a.b", "expires": "2026-10-01"}],
        ),
        recorded_at=MONDAY,
    )
    notices = [
        {"kind": "waiver_expired", "subject": "a.b", "expires": "2026-10-01"},
        {"kind": "attestation_expired", "subject": "backup", "expires": "2026-11-01"},
        {"kind": "waiver_expires_soon", "subject": "c.d", "expires": "2026-11-20"},
    ]
    after = run_record(
        assessment_dict(
            statuses={"tests.kinds": "pass", "ci_cd.rollback": "fail"},
            levels={"tests": "production"},
            notices=notices,
        ),
        recorded_at=MONDAY + WEEK,
    )
    change = since_last(after, before)
    assert change.new_failures == ["ci_cd.rollback"]
    assert change.fixed == ["tests.kinds"]
    assert change.level_changes == [("tests", "partial", "production")]
    assert [n["subject"] for n in change.expired] == ["backup"]
    assert [n["subject"] for n in change.expiring_soon] == ["c.d"]
    table = since_last_table(change, "fr")
    assert list(table["Changement"]) == [
        "Nouvel échec",
        "Corrigé",
        "Niveau modifié",
        "Expiré",
        "Expire bientôt",
    ]


def test_the_first_run_reports_every_failure_as_new():
    first = run_record(assessment_dict(), recorded_at=MONDAY)
    change = since_last(first, None)
    assert change.new_failures == ["tests.kinds"] and change.fixed == []
    assert len(change.level_changes) == 12


def test_trends_give_one_point_per_run_and_criterion(tmp_path):
    store = HistoryStore(tmp_path / "h")
    store.record(assessment_dict(score=40.0), recorded_at=MONDAY)
    store.record(assessment_dict(score=60.0, levels={"tests": "production"}), recorded_at=MONDAY + WEEK)
    runs = store.runs("Shop")
    table = trend_table(runs)
    tests_rows = table[table["criterion"] == "tests"]
    assert list(tests_rows["score"]) == [40.0, 60.0]
    assert list(tests_rows["level_rank"]) == [2, 3]
    figure = trend_figure(runs, "fr")
    assert len(figure.data) == 13
    assert figure.data[0].name == "Tests automatisés"
    assert list(figure.data[-1].y) == [40.0, 60.0]


def test_assess_records_the_run_when_given_a_history_folder(make_repo, tmp_path, capsys):
    from readiness.cli import main

    repo = make_repo({"README.md": "# Shop\n"}, name="shop")
    history = tmp_path / "history"
    main(
        [
            "assess",
            "--repo",
            str(repo),
            "--profile",
            "poc",
            "--history",
            str(history),
            "--as-of",
            "2026-11-02",
            "--format",
            "json",
        ]
    )
    runs = HistoryStore(history).runs("shop")
    assert [(r.kind, r.as_of) for r in runs] == [("assess", dt.date(2026, 11, 2))]
    assert json.loads(capsys.readouterr().out)["run_id"] == runs[0].run_id


def test_report_history_adds_the_run_being_reported_to_the_stored_ones(tmp_path):
    store = HistoryStore(tmp_path / "h")
    store.record(
        assessment_dict(statuses={"tests.kinds": "fail"}, run_id="last-week"),
        "report",
        recorded_at=MONDAY - WEEK,
    )
    now = assessment_dict(statuses={"tests.kinds": "pass", "ci_cd.rollback": "fail"}, run_id="today")
    history = report_history(now, tmp_path / "h", "en")
    assert history.runs == 2 and history.error is None
    assert len(history.trend.data[-1].x) == 2
    changes = dict(zip(history.since_last["Subject"], history.since_last["Change"], strict=False))
    assert changes["tests.kinds"] == "Fixed" and changes["ci_cd.rollback"] == "New failure"


def test_report_history_of_a_first_run_has_no_trend_and_a_damaged_store_says_why(tmp_path):
    assert report_history(assessment_dict(), tmp_path / "empty").trend is None
    (tmp_path / "h" / "shop").mkdir(parents=True)
    (tmp_path / "h" / MARKER_NAME).write_text('{"format": "readiness-history", "version": 1}')
    (tmp_path / "h" / "shop" / "x.run.json").write_text("not json")
    history = report_history(assessment_dict(), tmp_path / "h")
    assert history.trend is None and "x.run.json" in history.error


def test_an_unwritable_store_is_a_history_error_naming_the_folder(tmp_path):
    (tmp_path / "h").write_text("a file where the store's folder should be")
    with pytest.raises(HistoryStoreError, match="is not a folder"):
        HistoryStore(tmp_path / "h").record(assessment_dict(), recorded_at=MONDAY)
    store = HistoryStore(tmp_path / "ok")
    store.record(assessment_dict(product="Other"), recorded_at=MONDAY)
    (tmp_path / "ok" / "shop").write_text("a file where the product's folder should be")
    with pytest.raises(HistoryStoreError, match="shop: cannot be created"):
        store.record(assessment_dict(), recorded_at=MONDAY)
