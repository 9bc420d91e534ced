"""Words the tool writes beside the evidence (collector notes, check excerpts) are written once, from
the locale files, and shown in the reader's language; facts quoted from the evidence stay as they are."""

from __future__ import annotations

import json
import pickle

from readiness.collectors.load_tests import collect_load_tests
from readiness.config import Config, EvidenceSpec
from readiness.locales import LANGS, in_lang, locale, said
from readiness.model import SourceRecord
from readiness.numbers import figure, rate_figure, score_figure
from tests.conftest import DEMO


def test_said_is_the_english_text_and_knows_every_language():
    note = said("notes", "files", count=35)
    assert note == "35 files" and isinstance(note, str)
    assert in_lang(note, "fr") == "35 fichiers"
    assert in_lang("a line of the repository", "fr") == "a line of the repository"
    assert pickle.loads(pickle.dumps(note)).by_lang == note.by_lang  # crosses the check workers


def test_a_value_may_depend_on_the_language_or_be_said_itself():
    rate = said("notes", "line_coverage", rate=lambda lang: figure(0.8125, ".1%", lang))
    assert (rate, in_lang(rate, "fr")) == ("line coverage 81.2%", "couverture des lignes 81,2\u00a0%")
    nested = said("notes", "run_warning", run="smoke.json", warning=said("notes", "no_history_csv"))
    assert in_lang(nested, "fr").startswith("smoke.json : pas de _stats_history.csv")


def test_every_section_of_words_has_the_same_keys_in_every_language():
    for section in ("notes", "excerpts", "skip_reasons", "file_kinds", "sentry_tables", "load_runs"):
        keys = [set(locale(lang)[section]) for lang in LANGS]
        assert all(k == keys[0] for k in keys), section


def test_a_source_record_keeps_english_notes_and_their_translations():
    record = SourceRecord("repositories", "/repo", notes=[said("notes", "no_git"), "binary: logo.png"])
    assert record.notes_in("fr") == ["dossier (sans git)", "binary: logo.png"]
    assert record.notes_in("en") == ["folder (no git)", "binary: logo.png"]
    out = json.loads(json.dumps(record.to_dict()))
    assert out["notes"] == ["folder (no git)", "binary: logo.png"]
    assert out["notes_by_lang"]["fr"][0] == "dossier (sans git)"


def test_load_test_notes_are_french_for_a_french_reader():
    spec = EvidenceSpec(kind="load_tests", path=DEMO / "load_tests" / "results" / "locust", name="locust")
    record = collect_load_tests(spec, Config(name="t", profile="product", path=None)).source
    assert any("256 requests, error rate 0.39%" in note for note in record.notes)
    french = " ".join(record.notes_in("fr"))
    assert "256 requêtes, taux d'erreur 0,39\u00a0%" in french and "occurrence(s) d'échec" in french
    assert "requests" not in french


def test_rates_keep_the_precision_that_keeps_them_non_zero_and_scores_may_be_missing():
    assert rate_figure(1 / 52, "en") == "1.92%" and rate_figure(1 / 100_000, "en") == "0.001%"
    assert rate_figure(0, "fr") == "0\u00a0%"
    assert score_figure(None, "fr") == "–" and score_figure(74.25, "fr") == "74,2"


def _said_keys() -> set[tuple[str, str]]:
    """(section, key) of every said / said_ref call in the package, the branches of a conditional
    key included: a rare path (a damaged file's warning) must not meet a missing key in production."""
    import ast
    from pathlib import Path

    found = set()
    for path in (Path(__file__).resolve().parents[1] / "readiness").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id == "said" and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant):
                section, key = node.args[0].value, node.args[1]
            elif node.func.id == "said_ref" and len(node.args) >= 2:
                section, key = "excerpts", node.args[1]
            else:
                continue
            found |= {(section, c.value) for c in ast.walk(key) if isinstance(c, ast.Constant)}
    return found


def test_every_key_the_code_says_is_in_every_language():
    keys = _said_keys()
    assert len(keys) > 50  # the collectors' notes and the checks' excerpts
    missing = [(lang, s, k) for lang in LANGS for s, k in keys if k not in locale(lang)[s]]
    assert missing == []
