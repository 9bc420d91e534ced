import json
import re

from readiness.assessment import validate_assessment_json
from readiness.cli import main
from tests.conftest import DEMO

AS_OF = ["--as-of", "2026-11-26"]


def test_poc_informs_and_exits_zero(capsys):
    code = main(["assess", "--config", str(DEMO / "clinical-engine" / "readiness.yml"), *AS_OF])
    out = capsys.readouterr().out
    assert code == 0
    assert "Clinical Engine" in out and "profile Proof of concept (poc)" in out
    assert "Production readiness not required" in out


def test_the_levels_table_speaks_french_with_lang_fr(capsys):
    """--lang fr gives the whole table in French: heading, columns, criterion names, levels, whys and
    numbers with a decimal comma; nothing of the English table is left."""
    config = str(DEMO / "mymonka" / "readiness.yml")
    code = main(["assess", "--config", config, "--lang", "fr", "--no-history", *AS_OF])
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("MyMonka — profil Données de santé (health) — Pas prêt pour la production (score ")
    assert "couverture des preuves" in out and "CRITÈRE" in out and "POURQUOI" in out
    assert "Tests automatisés" in out and "Partiel" in out and "bloquants : " in out
    assert re.search(r"\b\d+,\d\b", out) and not re.search(r"\b\d+\.\d\b", out)
    for english in ("profile", "CRITERION", "WHY", "blocking:", "Automated tests", "Not ready"):
        assert english not in out, english


def test_health_product_not_ready_exits_one_with_schema_valid_json(capsys):
    code = main(["assess", "--config", str(DEMO / "mymonka" / "readiness.yml"), "--format", "json", *AS_OF])
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    validate_assessment_json(data)
    assert code == 1
    assert data["verdict"] == "not_ready" and "monitoring" in data["blocking"]
    assert [c["criterion"] for c in data["criteria"]][0] == "tests"
    assert any(n["kind"] == "attestation_expired" for n in data["notices"])


def test_ad_hoc_assessment_of_a_repository(make_repo, capsys):
    repo = make_repo({"README.md": "# x\n", "tests/test_x.py": "def test_x():\n    assert 1\n"})
    code = main(["assess", "--repo", str(repo), "--profile", "product", "--format", "json", *AS_OF])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["sources"][0]["kind"] == "repositories" and data["sources"][0]["status"] == "ok"
    assert data["commits"]


def test_usage_and_configuration_errors_exit_two(tmp_path, capsys):
    assert main(["assess", "--repo", str(tmp_path), "--profile", "prod"]) == 2
    assert "unknown profile 'prod'" in capsys.readouterr().err
    assert main(["assess", "--repo", str(tmp_path)]) == 2
    assert "needs --profile" in capsys.readouterr().err
    bad = tmp_path / "readiness.yml"
    bad.write_text("name: x\nprofile: poc\ntargets: {users: 3}\n")
    assert main(["assess", "--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad.resolve()) in err and "targets" in err
    assert main(["assess", "--bogus"]) == 2


def test_missing_evidence_makes_the_source_unavailable_not_a_crash(tmp_path, capsys):
    config = tmp_path / "readiness.yml"
    config.write_text("name: x\nprofile: product\nevidence:\n  repositories: [nowhere]\n")
    code = main(["assess", "--config", str(config), "--format", "json", *AS_OF])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    source = data["sources"][0]
    assert source["status"] == "unavailable" and "nowhere" in source["error"]
    assert source["error_type"] == "EvidenceMissingError"
    assert data["verdict"] == "inconclusive"
    assert all(
        c["level"] in {"inconclusive", "not_applicable"}
        for c in data["criteria"]
        if c["criterion"] != "backup"
    )


def test_json_logs_carry_the_run_id(make_repo, capsys):
    repo = make_repo({"README.md": "# x\n"})
    main(
        [
            "--log-format",
            "json",
            "--log-level",
            "INFO",
            "assess",
            "--repo",
            str(repo),
            "--profile",
            "poc",
            "--format",
            "json",
        ]
    )
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.err.splitlines() if line.startswith("{")]
    assert lines and len({line["run_id"] for line in lines}) == 1
    assert json.loads(captured.out)["run_id"] == lines[0]["run_id"]


def test_assess_records_its_run_in_the_history_unless_told_not_to(make_repo, tmp_path, capsys):
    from readiness.history import HistoryStore

    repo = make_repo({"README.md": "# x\n"})
    store = tmp_path / "history"  # READINESS_HISTORY_DIR, set for every test by conftest
    main(["assess", "--repo", str(repo), "--profile", "poc", "--name", "Tiny", *AS_OF])
    assert HistoryStore(store).products() == ["Tiny"]
    main(["assess", "--repo", str(repo), "--profile", "poc", "--name", "Other", "--no-history", *AS_OF])
    assert HistoryStore(store).products() == ["Tiny"]


def test_a_repository_path_that_does_not_exist_is_a_usage_error(capsys):
    """Whatever the profile, a typo in --repo is exit 2 naming the path, not a verdict."""
    for profile in ("poc", "product"):
        assert main(["assess", "--repo", "/no/such/dir", "--profile", profile]) == 2
        assert "--repo /no/such/dir: no such file or folder" in capsys.readouterr().err


def test_declared_evidence_that_cannot_be_read_makes_its_criteria_inconclusive(tmp_path, make_repo, capsys):
    """A missing Sentry export and load-test file no longer leave 'evidence coverage 100 %': the
    criteria they feed are inconclusive, naming the file."""
    repo = make_repo({"README.md": "# App\n"})
    config = tmp_path / "readiness.yml"
    config.write_text(
        f"name: app\nprofile: product\nevidence:\n  repositories: ['{repo}']\n"
        f"  sentry: ['{tmp_path / 'missing-sentry.json'}']\n"
        f"  load_tests: ['{tmp_path / 'missing-k6.json'}']\n"
    )
    main(["assess", "--config", str(config), "--format", "json", "--as-of", "2026-12-01"])
    data = json.loads(capsys.readouterr().out)
    levels = {c["criterion"]: c for c in data["criteria"]}
    assert levels["scalability"]["level"] == "inconclusive"
    assert "missing-k6.json" in levels["scalability"]["reason"]
    assert levels["monitoring"]["level"] == "inconclusive"
    assert data["evidence_coverage"] < 1.0


def test_timeout_stops_the_assessment_naming_what_it_was_doing(make_repo, monkeypatch, capsys):
    """--timeout: past the deadline the run stops with exit 4, naming the source being collected."""
    import time

    from readiness.collectors import _COLLECTORS

    slow = _COLLECTORS["repositories"]

    def slow_collect(spec, config):
        time.sleep(5)
        return slow(spec, config)

    monkeypatch.setitem(_COLLECTORS, "repositories", slow_collect)
    repo = make_repo({"README.md": "# App\n"})
    code = main(["assess", "--repo", str(repo), "--profile", "product", "--timeout", "0.5", "--no-history"])
    err = capsys.readouterr().err
    assert code == 4
    assert "passed its 0.5-second deadline while collecting repositories evidence" in err and str(repo) in err
