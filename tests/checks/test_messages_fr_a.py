"""Every outcome of the tests, error-handling, monitoring, secrets, backup and authentication checks,
and of the declarative custom rules, reads in French: `readiness report --lang fr` switches the whole
report, not only the criteria and remediations.

Real assessments on small repositories that fail and pass these checks, with the Sentry, JUnit and
coverage fixtures their own tests use, and the two demo products.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from readiness.assessment import Assessment, assess
from readiness.config import config_from_data, load_config
from readiness.model import Finding, Status
from tests.conftest import DEMO
from tests.secret_support import PROVIDER_SECRETS, SERVICE_ROLE_KEY

AS_OF = dt.date(2026, 11, 26)
CRITERIA = {"tests", "error_handling", "monitoring", "secrets", "backup", "auth_security"}
JUDGED = {Status.PASS, Status.FAIL, Status.INCONCLUSIVE}
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

NEGLECTED = {
    "package.json": json.dumps(
        {
            "dependencies": {
                "react": "18.3.0",
                "@sentry/react": "8.0.0",
                "pino": "9.0.0",
                "@supabase/supabase-js": "2.45.0",
            },
            "scripts": {"build": "vite build"},
        }
    ),
    "src/App.jsx": (
        "import { Route } from 'react-router-dom';\n"
        "export function App() {\n"
        "  fetch('/api/me').then((r) => r.json());\n"
        "  try { load(); } catch (error) { console.log(error); }\n"
        '  return <Route path="/" element={<Home />} />;\n'
        "}\n"
    ),
    "src/admin.js": (
        "const key = import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY;\n"
        "const stripe = import.meta.env.VITE_STRIPE_SECRET_KEY;\n"
    ),
    "src/pay.js": f'export const token = "{PROVIDER_SECRETS["stripe_live_key"]}";\n',
    "src/client.js": f'export const admin = "{SERVICE_ROLE_KEY}";\n',
    "jobs/sync.py": "def sync():\n    try:\n        run()\n    except:\n        pass\n",
    "supabase/migrations/001_init.sql": "create table patients (id int primary key);\n",
    ".github/workflows/ci.yml": (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run build\n"
    ),
    "docs/restore-tests/2024-01-10.md": "# Restore test\nRestored in 40 minutes.\n",
    ".env": "API_URL=https://api.example.invalid\n",
    "service-account.json": "{}\n",
}

CARED_FOR = {
    "package.json": json.dumps(
        {
            "dependencies": {
                "react": "18.3.0",
                "react-error-boundary": "4.0.0",
                "@sentry/react": "8.0.0",
                "pino": "9.0.0",
                "@supabase/supabase-js": "2.45.0",
                "express-rate-limit": "7.0.0",
                "helmet": "7.0.0",
            },
            "devDependencies": {"vitest": "2.0.0", "@playwright/test": "1.47.0"},
            "scripts": {"test": "vitest run"},
        }
    ),
    "src/main.jsx": (
        "import * as Sentry from '@sentry/react';\nSentry.init({ dsn: import.meta.env.VITE_SENTRY_DSN });\n"
    ),
    "src/App.jsx": (
        "import { ErrorBoundary } from 'react-error-boundary';\n"
        "import pino from 'pino';\n"
        "const logger = pino();\n"
        "export function App() {\n"
        "  fetch('/api/me').then((r) => r.json()).catch(handleError);\n"
        "  try { load(); } catch (error) {\n"
        "    logger.error(error); toast.error('Oups'); Sentry.captureException(error);\n"
        "  }\n"
        "  logger.info('started', { requestId });\n"
        '  return <ErrorBoundary fallback={<p />}><Route path="/" element={<Home />} /></ErrorBoundary>;\n'
        "}\n"
    ),
    "src/env.js": (
        "const required_env = ['VITE_SUPABASE_URL'];\n"
        "for (const name of required_env) if (!import.meta.env[name]) "
        "throw new Error(`Variable d'environnement manquante : ${name}`);\n"
    ),
    "api/health.js": "export default () => new Response('ok');\n",
    "api/ready.js": "export default () => new Response('ready');\n",
    "src/score.test.js": "test('score', () => expect(1).toBe(1));\n",
    "tests/integration/api.test.js": "test('api', () => expect(1).toBe(1));\n",
    "e2e/login.spec.ts": "test('login', async () => {});\n",
    "supabase/migrations/001_init.sql": (
        "create table patients (id int primary key);\n"
        "alter table patients enable row level security;\n"
        "create policy own on patients for select using (auth.uid() = id);\n"
        "create table audit_log (id int primary key);\n"
        "alter table audit_log enable row level security;\n"
        "create policy admins on audit_log for select using (true);\n"
    ),
    "supabase/config.toml": (
        "[auth.mfa.totp]\nenroll_enabled = true\n\n[auth.rate_limit]\nsign_in_sign_ups = 30\n"
    ),
    "vercel.json": json.dumps(
        {
            "headers": [
                {
                    "source": "/(.*)",
                    "headers": [
                        {"key": "Content-Security-Policy", "value": "default-src 'self'"},
                        {"key": "Strict-Transport-Security", "value": "max-age=63072000"},
                    ],
                }
            ]
        }
    ),
    ".github/workflows/ci.yml": (
        "on: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: npm test\n"
    ),
    "docs/backup.md": "# Backup and restore\nDaily dumps, RPO 24 h, RTO 4 h: disaster recovery plan.\n",
    "docs/restore-tests/2026-10-01.md": "# Restore test\nRestored in 12 minutes.\n",
    ".gitignore": ".env*\n",
    "team.yml": "owner: platform\n",
    "broken.json": "{not json\n",
}

CUSTOM_RULES = [
    {
        "id": "team.codeowners",
        "criterion": "tests",
        "level": "partial",
        "file_exists": [".github/CODEOWNERS"],
    },
    {"id": "team.package", "criterion": "tests", "level": "partial", "file_exists": "package.json"},
    {
        "id": "team.no_debugger",
        "criterion": "error_handling",
        "level": "prototype",
        "content_matches": {"path": "src/**", "pattern": r"\bconsole\.log\(", "expect": "absent"},
    },
    {
        "id": "team.logs",
        "criterion": "monitoring",
        "level": "partial",
        "content_matches": {"path": "src/**", "pattern": r"\blogger\.error\("},
    },
    {
        "id": "team.logs_anywhere",
        "criterion": "monitoring",
        "level": "partial",
        "content_matches": {"pattern": r"\bstructlog\b"},
    },
    {
        "id": "team.no_todo",
        "criterion": "backup",
        "level": "partial",
        "content_matches": {"pattern": "TODO-NEVER", "expect": "absent"},
    },
    {
        "id": "team.owner",
        "criterion": "auth_security",
        "level": "partial",
        "key_has_value": {"file": "team.yml", "key": "owner", "value": "security"},
    },
    {
        "id": "team.owner_any",
        "criterion": "auth_security",
        "level": "partial",
        "key_has_value": {"file": "team.yml", "key": "owner"},
    },
    {
        "id": "team.owner_missing",
        "criterion": "secrets",
        "level": "partial",
        "key_has_value": {"file": "team.yml", "key": "security.contact"},
    },
    {
        "id": "team.no_file",
        "criterion": "secrets",
        "level": "partial",
        "key_has_value": {"file": "absent.toml", "key": "x"},
    },
    {
        "id": "team.broken",
        "criterion": "secrets",
        "level": "partial",
        "key_has_value": {"file": "broken.json", "key": "x"},
    },
]


def _assess(repos: Iterable[Path], **evidence: list[Path]) -> Assessment:
    data = {
        "name": "fixture",
        "profile": "product",
        "evidence": {
            "repositories": [str(r) for r in repos],
            **{kind: [str(p) for p in paths] for kind, paths in evidence.items()},
        },
        "targets": {"crash_free_sessions": 99.5},
        "checks": {"custom": CUSTOM_RULES},
    }
    return assess(config_from_data(data, None), as_of=AS_OF)


def _judged(assessment: Assessment) -> list[Finding]:
    return [f for f in assessment.findings if f.criterion in CRITERIA and f.status in JUDGED]


def _untranslated(findings: Iterable[Finding]) -> list[tuple[str, str, str | None]]:
    """Findings whose French is missing, empty or the English text again."""
    return [
        (f.check_id, f.message, f.messages.get("fr"))
        for f in findings
        if not (f.messages.get("fr") or "").strip() or f.messages["fr"] == f.messages["en"]
    ]


@pytest.fixture(scope="module")
def fixture_assessments(tmp_path_factory) -> list[Assessment]:
    """A neglected and a cared-for repository, judged alone and with CI artefacts and Sentry."""
    from tests.conftest import git_commit_all, write_tree

    def repo(name: str, files: dict[str, str]) -> Path:
        root = write_tree(tmp_path_factory.mktemp(name), files)
        git_commit_all(root)
        return root

    neglected, cared_for = repo("neglected", NEGLECTED), repo("cared_for", CARED_FOR)
    sentry, junit, coverage = FIXTURES / "sentry", FIXTURES / "junit", FIXTURES / "coverage"
    return [
        _assess([neglected]),
        _assess(
            [cared_for],
            junit=[junit / "pytest.xml"],
            coverage=[coverage / "lcov.info"],
            sentry=[sentry / "discover_errors.csv", sentry / "sessions.json", sentry / "alert_rules.json"],
        ),
        _assess(
            [neglected],
            junit=[junit / "reruns-repeated.xml"],
            coverage=[coverage / "cobertura.xml"],
            sentry=[sentry / "issues_sentry.json"],
        ),
        _assess(
            [cared_for], sentry=[sentry / "metric_alert_rules.json", sentry / "sessions_crash_free.json"]
        ),
    ]


def test_every_judged_finding_of_these_criteria_has_its_own_french(fixture_assessments):
    findings = [f for a in fixture_assessments for f in _judged(a)]
    assert _untranslated(findings) == []


def test_the_fixtures_reach_passes_failures_and_inconclusive_outcomes(fixture_assessments):
    """The French is checked on every kind of outcome, built-in and custom, not on one branch."""
    findings = [f for a in fixture_assessments for f in _judged(a)]
    outcomes = {(f.check_id, f.status) for f in findings}
    assert {status for _, status in outcomes} == JUDGED
    checks_judged_both_ways = {cid for cid, status in outcomes if status is Status.PASS} & {
        cid for cid, status in outcomes if status is Status.FAIL
    }
    assert len(checks_judged_both_ways) >= 25, sorted(checks_judged_both_ways)
    assert {"team.owner", "team.owner_any", "team.broken", "team.no_debugger"} <= {cid for cid, _ in outcomes}


def test_counts_and_labels_are_worded_in_french(fixture_assessments):
    neglected = {f.check_id: f.messages["fr"] for f in _judged(fixture_assessments[0])}
    assert neglected["tests.kinds"] == "Tests manquants : unitaires, d'intégration, de bout en bout."
    assert neglected["error_handling.no_swallowed_errors"].startswith("Blocs catch qui avalent l'erreur : ")
    assert neglected["backup.restore_tested"].startswith("Le dernier test de restauration (2024-01-10)")
    assert neglected["team.owner"] == "team.yml n'est pas dans le dépôt."
    cared_for = {f.check_id: f.messages["fr"] for f in _judged(fixture_assessments[1])}
    assert cared_for["team.owner"] == "team.yml : owner vaut 'platform', 'security' attendu."


def test_figures_take_a_decimal_comma_and_a_space_before_percent(fixture_assessments):
    judged = {f.check_id: f for f in fixture_assessments[1].findings}
    crash_free = judged["monitoring.sentry_crash_free_rate"]
    assert crash_free.status in {Status.PASS, Status.FAIL}
    rate = crash_free.messages["fr"].split("\u00a0%", 1)[0]  # French puts a no-break space before %
    assert "," in rate and "." not in rate, crash_free.messages
    coverage = judged["tests.coverage"]
    assert coverage.messages["en"] == "Line coverage below 80%: coverage:lcov.info 78.6%."
    assert (
        coverage.messages["fr"] == "Couverture de lignes sous les 80\u00a0% : coverage:lcov.info 78,6\u00a0%."
    )


@pytest.mark.parametrize("product", ["mymonka", "clinical-engine"])
def test_the_demo_products_read_in_french(product):
    assessment = assess(load_config(DEMO / product / "readiness.yml"), as_of=AS_OF)
    findings = _judged(assessment)
    assert {f.criterion for f in findings} == CRITERIA
    assert _untranslated(findings) == []
