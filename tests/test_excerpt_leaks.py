"""Issue 13: no output shows a secret, not even one that sits beside another finding's value.

Two and three secrets are planted on one line, and a service_role key ends a 200-character README
line (a cut before the scan used to leave its header and payload readable). Every output a user
can produce — assessment JSON, SARIF, the Markdown status, the HTML report and its notebook — is
searched for every value and for every 12-character piece of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.assessment import assess
from readiness.markdown import status_table
from readiness.sarif import sarif_json
from tests.repo_check_support import repo_config
from tests.report_support import AS_OF, run_cli
from tests.secret_support import SERVICE_ROLE_KEY

GITHUB = "ghp_" + "R7kQ2mX9pL4vT8wZ3nB6yH1jF5sDcA0eG3uK"
STRIPE = "sk_live_" + "51Hq8ZtK2mLp7RxV9wN3bY6cD4fG"
SLACK = "xoxb-" + "1234567890-0987654321-Zq8WxK2mLp7RxV9wN3bY6cD4"
SECRETS = (GITHUB, STRIPE, SLACK, SERVICE_ROLE_KEY)


def pieces(value: str) -> set[str]:
    """Every 12-character piece of a value, past the provider marker a redaction may keep."""
    return {value[i : i + 12] for i in range(4, len(value) - 11)}


def leaks(text: str) -> list[str]:
    return [piece for value in SECRETS for piece in pieces(value) if piece in text]


@pytest.fixture
def crowded_repo(make_repo) -> Path:
    prose = "The deployment notes below describe how the staging stack is started by hand. " * 2
    return make_repo(
        {
            "scripts/deploy.sh": f"deploy --token {GITHUB} --env STRIPE={STRIPE}\n"
            f"notify --slack {SLACK} --token {GITHUB} --key {STRIPE}\n",
            "README.md": f"# App\n{prose[: 200 - len('key: ')]}key: {SERVICE_ROLE_KEY}\n",
            "src/client.ts": f"const k = '{SERVICE_ROLE_KEY}'; fetch('/x').then(r => r); // {GITHUB}\n",
        }
    )


def test_no_in_process_output_shows_any_planted_secret(crowded_repo):
    result = assess(repo_config(crowded_repo), as_of=None)
    outputs = {
        "json": json.dumps(result.to_dict()),
        "sarif": sarif_json([result], crowded_repo),
        "markdown": status_table(result, "en") + status_table(result, "fr"),
    }
    hits = next(c for c in result.criteria if c.criterion == "secrets").findings
    cited = [ref for f in hits for ref in f.evidence if ref.path == "scripts/deploy.sh"]
    assert {ref.line for ref in cited} >= {1, 2}, "both crowded lines are cited"
    assert {name: leaks(text) for name, text in outputs.items()} == {"json": [], "sarif": [], "markdown": []}


def test_the_html_report_and_its_notebook_show_no_planted_secret(crowded_repo, tmp_path):
    config = tmp_path / "readiness.yml"
    config.write_text(f"name: crowded\nprofile: product\nevidence:\n  repositories: ['{crowded_repo}']\n")
    run = run_cli("report", "--config", str(config), "--out", str(tmp_path / "out"), "--as-of", AS_OF)
    assert run.exit_code in (0, 1), run.stderr
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in written) and any(p.suffix == ".ipynb" for p in written)
    found = {p.name: leaks(p.read_text(encoding="utf-8", errors="replace")) for p in written}
    assert {name: pieces_ for name, pieces_ in found.items() if pieces_} == {}
