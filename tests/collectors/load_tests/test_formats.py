"""Each load-test format on realistic samples, with the quirks real exports carry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from readiness.collectors import collect_source
from readiness.collectors.files import read_head
from readiness.collectors.load_tests import collect_runs, detect_format, read_run
from readiness.config import EvidenceSpec, config_from_data
from readiness.errors import EvidenceFormatError, EvidenceMissingError
from readiness.model import SourceStatus
from tests.load_tests_support import FIXTURES


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("k6_summary_export.json", "k6-summary-export"),
        ("k6_handle_summary.json", "k6-handle-summary"),
        ("k6_summary_v1.json", "k6-summary-v1"),
        ("k6_out.ndjson", "k6-ndjson"),
        ("locust_v2/mymonka_stats.csv", "locust-csv"),
        ("jmeter/results.jtl", "jmeter-csv"),
        ("jmeter/results.xml", "jmeter-xml"),
        ("artillery/mymonka.json", "artillery-json"),
    ],
)
def test_format_is_recognised_from_content(name, fmt):
    detected = detect_format(FIXTURES / name, read_head(FIXTURES / name))
    if fmt.startswith("k6-summary") or fmt.startswith("k6-handle") or fmt == "artillery-json":
        assert detected == "json"
        assert read_run(FIXTURES / name).format == fmt
    else:
        assert detected == fmt


def test_k6_summary_formats_agree_with_each_other():
    runs = [
        read_run(FIXTURES / name)
        for name in ("k6_summary_export.json", "k6_handle_summary.json", "k6_summary_v1.json")
    ]
    assert {run.requests for run in runs} == {40}
    assert len({round(run.latency["p95"], 6) for run in runs}) == 1
    assert {run.peak_vus for run in runs} == {5}


def test_summary_export_threshold_true_means_failed():
    run = read_run(FIXTURES / "k6_summary_export.json")
    by_condition = {t.condition: t.ok for t in run.thresholds if t.metric == "http_req_duration"}
    # the fixture's p95 is above 50 ms, so k6 wrote {"p(95)<50": true}: the threshold FAILED
    assert json.loads((FIXTURES / "k6_summary_export.json").read_text())["metrics"]["http_req_duration"][
        "thresholds"
    ] == {"p(95)<50": True}
    assert by_condition == {"p(95)<50": False}


def test_handle_summary_thresholds_read_as_ok_flags():
    run = read_run(FIXTURES / "k6_handle_summary.json")
    assert {t.condition: t.ok for t in run.thresholds} == {"p(95)<50": False, "rate<0.01": True}


def test_http_req_failed_passes_count_failed_requests(tmp_path):
    data = json.loads((FIXTURES / "k6_summary_export.json").read_text())
    data["metrics"]["http_req_failed"] = {"passes": 4, "fails": 36, "value": 0.1}
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(data))
    run = read_run(path)
    assert (run.failed, run.error_rate) == (4, 0.1)


def test_contradicting_passes_fall_back_on_the_rate_with_a_warning():
    run = read_run(FIXTURES / "k6_summary_v1.json")  # written with passes = failed, consistent
    assert not any("contradicts" in w for w in run.warnings)
    data = json.loads((FIXTURES / "k6_summary_v1.json").read_text())
    metric = next(m for m in data["results"]["metrics"] if m["name"] == "http_req_failed")
    metric["values"] = {"rate": 0.05, "passes": 38, "fails": 2}  # passes/fails swapped by an exporter
    from readiness.collectors.load_tests.k6 import read_machine_summary

    swapped = read_machine_summary(data, "summary.json")
    assert swapped.failed == 2
    assert any("contradicts its rate" in w for w in swapped.warnings)


def test_machine_summary_dates_the_run_from_generated_at():
    run = read_run(FIXTURES / "k6_summary_v1.json")
    assert str(run.end.tz) == "UTC"
    assert run.start == run.end - (run.end - run.start)
    assert run.duration_s == pytest.approx((run.end - run.start).total_seconds())


def test_summary_export_endpoints_come_from_submetrics():
    run = read_run(FIXTURES / "k6_summary_export.json")
    assert set(run.endpoints["endpoint"]) == {
        "/api/patients",
        "/api/patients/{id}",
        "/api/patients/{id}/score",
    }


def test_ndjson_truncated_last_line_is_counted_and_skipped():
    run = read_run(FIXTURES / "k6_out.ndjson")
    assert run.requests == 40
    assert "1 malformed line(s) skipped (the last line is truncated)" in run.warnings


def test_ndjson_mixed_offsets_are_converted_to_utc():
    run = read_run(FIXTURES / "k6_out.ndjson")
    assert any("several UTC offsets" in w and "+01:00" in w and "Z" in w for w in run.warnings)
    assert run.start.isoformat().startswith("2026-11-20T09:00")
    assert run.peak_vus == 5


def test_ndjson_endpoints_drop_hosts_and_ids():
    run = read_run(FIXTURES / "k6_out.ndjson")
    assert all("mymonka.test" not in e and not any(c.isdigit() for c in e) for e in run.endpoints["endpoint"])


def test_ndjson_of_another_tool_is_rejected(tmp_path):
    path = tmp_path / "events.ndjson"
    path.write_text('{"type": "Other", "x": 1}\n{"type": "Other", "x": 2}\n')
    with pytest.raises(EvidenceFormatError, match="not a k6 --out json"):
        read_run(path, "k6-ndjson")


def test_locust_current_columns_and_history():
    run = read_run(FIXTURES / "locust_v2" / "mymonka_stats.csv")
    assert run.tool == "locust" and run.requests > 0 and run.peak_vus == 10
    assert run.start < run.end and not run.timeseries.empty
    assert run.timeseries["requests"].sum() == run.requests
    assert not run.exact_percentiles


def test_locust_old_column_names_total_row_and_na_cells():
    run = read_run(FIXTURES / "locust_old" / "old_stats.csv")
    assert (run.requests, run.failed) == (180, 6)
    assert run.latency["p95"] == 130 and run.latency["max"] == 400
    login = run.endpoints.set_index("endpoint").loc["/api/auth/login"]
    assert login["requests"] == 0 and login.isna()["p95"]
    assert "/api/patients/{id}/score" in set(run.endpoints["endpoint"])
    assert any("no _stats_history.csv" in w for w in run.warnings)


def test_locust_missing_percentile_columns_are_warned_not_invented():
    run = read_run(FIXTURES / "locust_old" / "nopct_stats.csv")
    assert run.latency["p90"] is None and run.latency["p99"] is None and run.latency["p50"] == 20
    assert any("no column for p90, p95, p99" in w for w in run.warnings)


def test_locust_zero_requests_is_a_typed_error():
    with pytest.raises(EvidenceFormatError, match="zero requests"):
        read_run(FIXTURES / "locust_old" / "zero_stats.csv")


def test_jmeter_csv_leaves_transaction_parents_out():
    run = read_run(FIXTURES / "jmeter" / "results.jtl")
    assert (run.requests, run.failed, run.peak_vus) == (6, 1, 3)
    assert any("Transaction Controller" in w for w in run.warnings)
    assert set(run.endpoints["endpoint"]) == {"/api/patients", "/api/patients/{id}/score"}


def test_jmeter_xml_counts_top_level_samples_only():
    run = read_run(FIXTURES / "jmeter" / "results.xml")
    assert (run.requests, run.failed) == (4, 1)
    assert run.latency["max"] == 250


def test_jmeter_truncated_xml_keeps_complete_samples(tmp_path):
    text = (FIXTURES / "jmeter" / "results.xml").read_text()
    path = tmp_path / "cut.jtl"
    path.write_text(text[: text.index("<sample ")])
    run = read_run(path)
    assert run.requests == 3
    assert any("cut short" in w for w in run.warnings)


def test_jmeter_formatted_timestamps_are_read_as_utc_with_a_warning(tmp_path):
    path = tmp_path / "dated.jtl"
    path.write_text(
        "timeStamp,elapsed,label,success\n2026/11/20 10:00:00.000,20,/a,true\n"
        "2026/11/20 10:00:01.500,40,/a,true\n"
    )
    run = read_run(path)
    assert run.start.isoformat() == "2026-11-20T10:00:00+00:00"
    assert any("without a time zone" in w for w in run.warnings)


def test_artillery_report_with_server_errors_counted_as_failed():
    data = json.loads((FIXTURES / "artillery" / "mymonka.json").read_text())
    counters = data["aggregate"]["counters"]
    counters["http.codes.200"] -= 3
    counters["http.codes.500"] = 3
    counters["errors.ETIMEDOUT"] = 2
    from readiness.collectors.load_tests.artillery import read_artillery

    run = read_artillery(data, "report.json")
    assert (run.requests, run.failed) == (60, 5)
    assert set(run.endpoints["endpoint"]) == {
        "/api/patients",
        "/api/patients/{id}",
        "/api/patients/{id}/score",
    }
    assert any("estimated" in w for w in run.warnings)


def test_every_request_failed_is_a_warning_not_an_error(tmp_path):
    path = tmp_path / "all_failed.jtl"
    path.write_text("timeStamp,elapsed,label,success\n1795651200000,20,/a,false\n1795651201000,30,/a,false\n")
    run = read_run(path)
    assert run.error_rate == 1.0
    assert any("no request succeeded" in w for w in run.warnings)


@pytest.mark.parametrize("name", ["wrong_tool.json", "wrong_tool.csv"])
def test_file_of_another_tool_is_a_typed_error(name):
    with pytest.raises(EvidenceFormatError, match="k6, Locust, JMeter or Artillery"):
        read_run(FIXTURES / name)


def test_folder_keeps_readable_runs_and_lists_skipped_files(tmp_path):
    shutil.copytree(FIXTURES / "locust_v2", tmp_path / "locust")
    shutil.copy(FIXTURES / "wrong_tool.json", tmp_path / "package.json")
    shutil.copy(FIXTURES / "locust_old" / "zero_stats.csv", tmp_path / "zero_stats.csv")
    runs, skipped = collect_runs(tmp_path, {})
    assert list(runs) == ["locust/mymonka"]
    assert len(skipped) == 2 and any("zero requests" in s for s in skipped)


def test_unknown_format_option_is_refused():
    with pytest.raises(EvidenceFormatError, match="unknown load-test format"):
        collect_runs(FIXTURES / "k6_out.ndjson", {"format": "gatling"})


def test_format_option_overrides_detection():
    with pytest.raises(EvidenceFormatError):
        collect_runs(FIXTURES / "jmeter" / "results.jtl", {"format": "k6-ndjson"})


def test_missing_path_is_a_missing_error():
    with pytest.raises(EvidenceMissingError):
        collect_runs(FIXTURES / "nowhere.json", {})


def test_unreadable_source_becomes_unavailable_and_the_rest_goes_on(tmp_path):
    config = config_from_data({"name": "x", "profile": "product"}, None)
    spec = EvidenceSpec(kind="load_tests", path=FIXTURES / "wrong_tool.json", name="bad")
    facts = collect_source(spec, config)
    assert facts.source.status is SourceStatus.UNAVAILABLE
    assert facts.source.error_type == "EvidenceFormatError"
    assert "wrong_tool.json" in facts.source.error


def test_collector_tables_and_notes():
    config = config_from_data({"name": "x", "profile": "product"}, None)
    spec = EvidenceSpec(kind="load_tests", path=FIXTURES / "jmeter", name="jmeter")
    facts = collect_source(spec, config)
    assert facts.ok
    assert set(facts.tables) == {"runs", "endpoints", "timeseries", "thresholds"}
    assert list(facts.tables["runs"]["run"]) == ["results.jtl", "results.xml"]
    assert any("Transaction Controller" in note for note in facts.source.notes)
    assert not any("10.0.0.12" in note for note in facts.source.notes)


def test_ndjson_re_serialised_with_spaces_is_still_read(tmp_path):
    lines = [json.loads(line) for line in (FIXTURES / "k6_out.ndjson").read_text().splitlines()[:-1]]
    path = tmp_path / "spaced.ndjson"
    path.write_text("\n".join(json.dumps(line, indent=None) for line in lines) + "\n")
    spaced, compact = read_run(path), read_run(FIXTURES / "k6_out.ndjson")
    assert spaced.requests == compact.requests == 40
    assert spaced.latency == compact.latency
    assert not any("malformed" in w for w in spaced.warnings)


def test_locust_history_rows_before_the_first_window_have_no_percentiles():
    run = read_run(FIXTURES / "locust_v2" / "mymonka_stats.csv")
    first = run.timeseries.iloc[0]
    assert first[["p50", "p95", "max"]].isna().all()
    assert (run.timeseries["p95"].dropna() > 0).all()


def test_threshold_metric_names_lose_hosts_and_ids(tmp_path):
    data = json.loads((FIXTURES / "k6_handle_summary.json").read_text())
    data["metrics"]["http_req_duration{url:https://10.1.2.3/api/patients/42?email=a@b.fr}"] = {
        "type": "trend",
        "contains": "time",
        "values": {"p(95)": 10.0},
        "thresholds": {"p(95)<300": {"ok": True}},
    }
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(data))
    metrics = {t.metric for t in read_run(path).thresholds}
    assert "http_req_duration{url:/api/patients/{id}}" in metrics
    assert not any("10.1.2.3" in m or "@" in m for m in metrics)


REAL = FIXTURES / "real"


def test_real_k6_out_json_with_metric_first_points_is_read():
    """k6 v0.55 writes Points as {"metric":…,"type":"Point",…}: every one was dropped before."""
    run = read_run(REAL / "k6-v0.55-out.json")
    assert (run.format, run.requests, run.failed) == ("k6-ndjson", 3, 0)
    assert run.latency["max"] == 30.453 and run.peak_vus == 1
    assert {(t.metric, t.condition) for t in run.thresholds} == {
        ("http_req_duration", "p(95)<500"),
        ("http_req_failed", "rate<0.01"),
    }


def test_k6_out_json_out_of_order_and_truncated_is_read_with_a_warning(tmp_path):
    lines = (REAL / "k6-v0.55-out.json").read_text().splitlines()
    shuffled = tmp_path / "out.json"
    points = [line for line in lines if '"type":"Point"' in line]
    metrics = [line for line in lines if '"type":"Metric"' in line]
    shuffled.write_text("\n".join([*reversed(points), *metrics, lines[-1][:40]]) + "\n")
    run = read_run(shuffled)
    assert run.requests == 3 and any("malformed" in w for w in run.warnings)


def test_unknown_failures_are_unknown_not_zero(tmp_path):
    """A k6 summary without http_req_failed, a Locust stats file without its failure column:
    the error rate is unknown (None), never 0.00 %."""
    data = json.loads((FIXTURES / "k6_summary_export.json").read_text())
    del data["metrics"]["http_req_failed"]
    summary = tmp_path / "summary.json"
    summary.write_text(json.dumps(data))
    k6 = read_run(summary)
    assert (k6.failed, k6.error_rate) == (None, None)
    assert any("error rate is unknown" in w for w in k6.warnings)

    stats = pd.read_csv(FIXTURES / "locust_v2" / "mymonka_stats.csv")
    without_failures = stats.drop(columns=[c for c in stats.columns if "Failure" in c])
    without_failures.to_csv(tmp_path / "x_stats.csv", index=False)
    locust = read_run(tmp_path / "x_stats.csv")
    assert (locust.failed, locust.error_rate) == (None, None)
    assert locust.summary_row("r")["error_rate"] is None


def test_artillery_plugin_codes_are_not_counted_twice():
    """metrics-by-endpoint repeats each code under its prefix: 13 failures happened, not 26."""
    data = json.loads((FIXTURES / "artillery" / "mymonka.json").read_text())
    counters = data["aggregate"]["counters"]
    counters["http.codes.200"] -= 13
    counters["http.codes.500"] = 13
    counters["plugins.metrics-by-endpoint./api/patients.codes.200"] -= 13
    counters["plugins.metrics-by-endpoint./api/patients.codes.500"] = 13
    from readiness.collectors.load_tests.artillery import read_artillery

    run = read_artillery(data, "report.json")
    assert (run.requests, run.failed) == (60, 13)
    by_endpoint = run.endpoints.set_index("endpoint")["failed"]
    assert by_endpoint["/api/patients"] == 13 and by_endpoint.sum() == 13


def _cut(source: Path, target: Path, keep: int) -> Path:
    target.write_bytes(source.read_bytes()[:keep])
    return target


def test_files_cut_short_keep_their_whole_rows_and_name_themselves(tmp_path):
    """A JTL or Locust file cut mid-row keeps its header and whole rows, with a warning naming the
    file; a JTL with a header and no row is a typed error, not a traceback."""
    jtl = tmp_path / "run.jtl"
    rows = ["timeStamp,elapsed,label,responseCode,success"] + [
        f"{1795651200000 + i * 100},{20 + i % 7},/a,200,true" for i in range(300)
    ]
    jtl.write_text("\n".join(rows)[:-7])
    run = read_run(jtl)
    assert run.requests == 299 and any("cut short" in w for w in run.warnings)

    history = FIXTURES / "locust_v2" / "mymonka_stats_history.csv"
    _cut(FIXTURES / "locust_v2" / "mymonka_stats.csv", tmp_path / "x_stats.csv", 10**6)
    _cut(history, tmp_path / "x_stats_history.csv", 1500)
    locust = read_run(tmp_path / "x_stats.csv")
    assert any(w.startswith("x_stats_history.csv was cut short") for w in locust.warnings)

    empty = tmp_path / "empty.jtl"
    empty.write_text("timeStamp,elapsed,label,responseCode,success\n")
    with pytest.raises(EvidenceFormatError, match="empty.jtl: holds no sample"):
        read_run(empty)


def test_load_test_figures_and_thresholds_reach_the_assessment_json(tmp_path):
    from readiness.assessment import assess, validate_assessment_json
    from readiness.config import config_from_data

    config = config_from_data(
        {
            "name": "app",
            "profile": "product",
            "evidence": {"load_tests": [str(FIXTURES / "k6_summary_export.json")]},
        },
        None,
    )
    data = assess(config).to_dict()
    validate_assessment_json(data)
    (source,) = [s for s in data["sources"] if s["kind"] == "load_tests"]
    (run,) = source["figures"]["runs"].values()
    assert run["requests"] > 0 and run["p95"] is not None and isinstance(run["thresholds_failed"], list)
    assert run["thresholds_set"] == len(read_run(FIXTURES / "k6_summary_export.json").thresholds)
    noted = any("threshold(s) set by the script" in note for note in source["notes"])
    assert run["thresholds_set"] > 0 and noted


@pytest.mark.parametrize(
    ("name", "requests", "failed"), [("k6-csv-k6-learn.csv", 1, 0), ("k6-v0.55-out.csv", 12, 1)]
)
def test_k6_csv_output_is_recognised_and_read(name, requests, failed):
    assert detect_format(REAL / name, read_head(REAL / name)) == "k6-csv"
    run = read_run(REAL / name)
    assert (run.format, run.requests, run.failed, run.peak_vus) == ("k6-csv", requests, failed, 1.0)


def test_k6_csv_in_milliseconds_is_dated_right(tmp_path):
    text = (REAL / "k6-csv-k6-learn.csv").read_text().replace("1645006050,", "1645006050000,")
    (tmp_path / "out.csv").write_text(text)
    assert read_run(tmp_path / "out.csv").end.year == 2022
