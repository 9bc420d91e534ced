"""The performance, documentation, CI/CD, environments, scalability and compliance checks speak French.

Every finding of these criteria that concludes something (pass, fail, inconclusive) must carry a
French message of its own, on small repositories built here, on the evidence fixtures the other
tests use, and on the two demo products.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from readiness.assessment import Assessment, assess
from readiness.config import config_from_data, load_config
from readiness.model import Status
from readiness.numbers import figure
from tests.conftest import DEMO

CRITERIA = {"performance", "documentation", "ci_cd", "environments", "scalability", "compliance"}
CONCLUDED = {Status.PASS, Status.FAIL, Status.INCONCLUSIVE}
AS_OF = dt.date(2026, 11, 26)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

WORKFLOW = """\
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: npm run lint
      - run: npx tsc --noEmit
      - run: npm test
      - run: npm run build
      - run: npx lhci autorun
  deploy:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - run: npx vercel deploy --prod
"""

WELL_KEPT = {
    "README.md": "# Shop\n\n## Installation\nnpm ci\n\n## Run\nnpm run dev\n\n## Deploy\nVercel, "
    "preview per pull request. Rollback: Vercel instant rollback.\n",
    "package.json": json.dumps(
        {
            "name": "shop",
            "dependencies": {"react": "18.0.0"},
            "devDependencies": {"size-limit": "11.0.0", "k6": "0.0.0"},
            "scripts": {"size": "size-limit", "test": "vitest"},
        }
    ),
    "vercel.json": json.dumps(
        {
            "headers": [
                {
                    "source": "/assets/(.*)",
                    "headers": [{"key": "Cache-Control", "value": "public, max-age=31536000, immutable"}],
                }
            ]
        }
    ),
    ".github/workflows/ci.yml": WORKFLOW,
    "src/App.jsx": "const Page = React.lazy(() => import('./Page'));\n"
    "const url = import.meta.env.VITE_API_URL;\n"
    "if (featureFlags.newCheckout) { console.log('order', order.id); }\n",
    ".env.example": "VITE_API_URL=\n",
    ".env.development": "VITE_API_URL=http://localhost:54321\n",
    ".env.production": "VITE_API_URL=\n",
    ".env.staging": "VITE_API_URL=\n",
    "loadtests/journey.js": "import http from 'k6/http';\nexport default () => http.get('/');\n",
    "docs/adr/0001-supabase.md": "# Supabase\n\nDate: 2026-03-02\n",
    "docs/adr/0002-vercel.md": "# Vercel\n\nDate: 2026-05-10\n",
    "docs/runbooks/database.md": "# Base de données inaccessible\n",
    "docs/openapi.yaml": "openapi: 3.0.0\n",
    "docs/postmortems/TEMPLATE.md": "# Post-mortem\n",
    "docs/privacy.md": "# Confidentialité\n\nRegistre des traitements.\nDurée de conservation : "
    "3 ans.\nConsentement recueilli à l'inscription.\nHébergeur certifié HDS "
    "(HDS hosting certificate).\n",
}

NEGLECTED = {
    "package.json": json.dumps(
        {"name": "app", "dependencies": {"react": "18.0.0"}, "scripts": {"build": "vite build"}}
    ),
    "vercel.json": "{}",
    "supabase/config.toml": "[api]\nport = 54321\n",
    ".env.development": "VITE_SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co\n",
    ".github/workflows/deploy.yml": "on: [workflow_dispatch]\njobs:\n  deploy:\n    runs-on: x\n"
    "    steps:\n      - run: npm run build\n"
    "      - run: npx vercel deploy --prod\n",
    "src/main.js": "const key = process.env.STRIPE_KEY;\nconsole.log(patient.email);\n",
}


def _assess(repo: Path, evidence: dict[str, list[str]], targets: dict, profile: str) -> Assessment:
    data = {
        "name": "shop",
        "profile": profile,
        "targets": targets,
        "evidence": {"repositories": [str(repo)], **evidence},
    }
    return assess(config_from_data(data, None), as_of=AS_OF)


def _untranslated(assessment: Assessment) -> list[str]:
    """The concluded findings of our criteria whose French message is missing or merely English."""
    return [
        f"{f.check_id} [{f.status.value}]: {f.messages}"
        for f in assessment.findings
        if f.criterion in CRITERIA
        and f.status in CONCLUDED
        and not (f.messages.get("fr", "").strip() and f.messages["fr"] != f.messages["en"])
    ]


def _statuses(assessment: Assessment) -> set[tuple[str, Status]]:
    return {(f.check_id, f.status) for f in assessment.findings if f.criterion in CRITERIA}


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> dict[str, Path]:
    from tests.conftest import git_commit_all, write_tree

    built = {}
    for name, files in (("well_kept", WELL_KEPT), ("neglected", NEGLECTED)):
        root = write_tree(tmp_path_factory.mktemp(name), files)
        git_commit_all(root)
        built[name] = root
    return built


SCENARIOS = {
    "well kept, modest targets": (
        "well_kept",
        "health",
        {
            "load_tests": [str(FIXTURES / "load_tests" / "k6_summary_export.json")],
            "lighthouse": [str(FIXTURES / "lighthouse" / "lhr-desktop.json")],
            "junit": [str(FIXTURES / "junit" / "pytest.xml")],
            "sentry": [
                str(FIXTURES / "sentry" / "discover_transactions.csv"),
                str(FIXTURES / "sentry" / "discover_errors.csv"),
            ],
        },
        {"expected_users": 1, "latency_p95_ms": 100000, "error_rate": 0.5, "availability": 50},
    ),
    "neglected, demanding targets": (
        "neglected",
        "health",
        {
            "load_tests": [str(FIXTURES / "load_tests" / "locust_v2")],
            "lighthouse": [str(FIXTURES / "lighthouse" / "lhci")],
            "junit": [str(FIXTURES / "junit" / "jest-junit.xml")],
            "sentry": [str(FIXTURES / "sentry" / "discover_errors.csv")],
        },
        {
            "expected_users": 100000,
            "latency_p95_ms": 1,
            "latency_p99_ms": 1,
            "error_rate": 0.0,
            "availability": 99.999,
            "endpoints": {"/api/none": {"latency_p95_ms": 5}},
        },
    ),
    "neglected, no targets, no other evidence": ("neglected", "product", {}, {}),
    "well kept, broken evidence": (
        "well_kept",
        "product",
        {
            "load_tests": [str(FIXTURES / "load_tests" / "wrong_tool.json")],
            "lighthouse": [str(FIXTURES / "lighthouse" / "truncated.json")],
        },
        {},
    ),
}


BROKEN = {"well kept, broken evidence"}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_concluded_finding_has_its_own_french_message(repos, scenario, monkeypatch):
    if scenario in BROKEN:
        monkeypatch.delenv("READINESS_STRICT")  # broken evidence must become unavailable, not raise
    repo, profile, evidence, targets = SCENARIOS[scenario]
    assessment = _assess(repos[repo], evidence, targets, profile)
    assert any(f.criterion in CRITERIA and f.status in CONCLUDED for f in assessment.findings)
    assert _untranslated(assessment) == []


def test_the_scenarios_reach_both_outcomes_of_most_checks(repos, monkeypatch):
    """The scenarios above are only worth something if they drive checks into their branches."""
    monkeypatch.delenv("READINESS_STRICT")
    seen: set[tuple[str, Status]] = set()
    for repo, profile, evidence, targets in SCENARIOS.values():
        seen |= _statuses(_assess(repos[repo], evidence, targets, profile))
    both = {check for check, status in seen if status is Status.PASS} & {
        check for check, status in seen if status is Status.FAIL
    }
    assert len(both) >= 20, sorted(seen)


@pytest.mark.parametrize("product", ["mymonka", "clinical-engine"])
def test_the_demo_products_speak_french_for_these_criteria(product):
    assessment = assess(load_config(DEMO / product / "readiness.yml"), as_of=AS_OF)
    assert _untranslated(assessment) == []


def test_french_figures_take_a_decimal_comma_and_spaced_percent():
    # Babel's French: a no-break space before %, a narrow no-break space between thousands.
    assert figure(0.125, ".2%", "fr") == "12,50\u00a0%"
    assert figure(1234.5, ",.1f", "fr") == "1\u202f234,5"
    assert figure(0.125, ".2%", "en") == "12.50%"
