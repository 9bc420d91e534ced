"""Criteria 5, 7, 8 and 11 checks (backup, performance, documentation, scalability)."""

from __future__ import annotations

import json

import pytest

from readiness.assessment import assess
from readiness.model import Level, Status
from tests.repo_check_support import AS_OF, Case, assert_case, cited, repo_config, run_one

REACT = json.dumps({"dependencies": {"react": "^18.3.1"}})
README_FULL = "# App\n\n## Setup\nnpm ci\n\n## Run\nnpm run dev\n\n## Deploy\nRun `vercel --prod`.\n"
CACHE = json.dumps(
    {
        "headers": [
            {
                "source": "/assets/(.*)",
                "headers": [{"key": "Cache-Control", "value": "public, max-age=31536000, immutable"}],
            }
        ]
    }
)


def assess_repo(root):
    return assess(repo_config(root), as_of=AS_OF)


CASES = [
    Case(
        "performance.code_splitting",
        {"package.json": REACT, "src/App.tsx": "import Home from './Home';\n"},
        {
            "package.json": REACT,
            "src/App.tsx": "import { lazy } from 'react';\n\n"
            "const Home = lazy(() => import('./Home'));\n"
            "const Admin = lazy(() => import('./Admin'));\n"
            "const Reports = lazy(() => import('./Reports'));\n",
        },
        pass_cites={("src/App.tsx", 3)},
    ),
    Case(
        "performance.audited",
        {"src/a.ts": "x\n"},
        {"lighthouserc.json": json.dumps({"ci": {"assert": {"preset": "lighthouse:recommended"}}})},
        pass_cites={("lighthouserc.json", None)},
    ),
    Case(
        "performance.caching",
        {"vercel.json": json.dumps({"framework": "vite"})},
        {"vercel.json": CACHE},
        pass_cites={("vercel.json", 1)},
    ),
    Case(
        "documentation.readme",
        {"docs/intro.md": "# Intro\n"},
        {"README.md": "# App\n"},
        pass_cites={("README.md", None)},
    ),
    Case(
        "documentation.readme_sections",
        {"README.md": "# App\n\nA tool for teams.\n"},
        {"README.md": README_FULL},
        pass_cites={("README.md", 3), ("README.md", 6), ("README.md", 9)},
    ),
    Case(
        "documentation.adr",
        {"docs/notes.md": "x\n"},
        {"docs/adr/0001-db.md": "# 1. Database\n\nDate: 2026-01-05\n"},
        pass_cites={("docs/adr/0001-db.md", None)},
    ),
    Case(
        "documentation.runbooks",
        {"docs/notes.md": "x\n"},
        {"docs/runbooks/db-down.md": "# Runbook\n"},
        pass_cites={("docs/runbooks/db-down.md", None)},
    ),
    Case(
        "documentation.api_docs",
        {"docs/notes.md": "x\n"},
        {"api/openapi.yaml": "openapi: 3.1.0\n"},
        pass_cites={("api/openapi.yaml", None)},
    ),
    Case(
        "documentation.postmortem_template",
        {"docs/notes.md": "x\n"},
        {"docs/postmortems/TEMPLATE.md": "# Post-mortem\n"},
        pass_cites={("docs/postmortems/TEMPLATE.md", None)},
    ),
    Case(
        "scalability.load_test_scripts",
        {"src/a.ts": "x\n"},
        {"load/smoke.js": "import http from 'k6/http';\nexport default () => http.get('/');\n"},
        pass_cites={("load/smoke.js", 1)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


def test_adr_dates_come_from_the_records(make_repo):
    root = make_repo(
        {"docs/adr/0001-db.md": "Date: 2026-01-05\n", "docs/adr/2026-03-02-hosting.md": "# Hosting\n"}
    )
    finding = run_one(root, "documentation.adr")
    assert (finding.data["first"], finding.data["last"]) == ("2026-01-05", "2026-03-02")


@pytest.mark.parametrize(
    "check_id, passing",
    [
        ("backup.strategy_documented", {"docs/ops.md": "# Ops\n\n## Backup and restore\nDaily.\n"}),
        ("backup.disaster_recovery_plan", {"docs/dr.md": "RPO 24 h, RTO 4 h.\n"}),
        ("backup.restore_tested", {"docs/restore-tests/2026-10-01.md": "Restored in 12 min.\n"}),
    ],
)
def test_backup_is_inconclusive_without_documents_and_passes_with_them(make_repo, check_id, passing):
    absent = run_one(make_repo({"README.md": "# App\n"}), check_id)
    assert absent.status is Status.INCONCLUSIVE and "attestation" in absent.message
    assert run_one(make_repo(passing), check_id).status is Status.PASS


def test_backup_strategy_cites_its_heading(make_repo):
    root = make_repo({"docs/ops.md": "# Ops\n\n## Backup and restore\nDaily.\n"})
    finding = run_one(root, "backup.strategy_documented")
    assert {(r.path, r.line) for r in finding.evidence} == {("docs/ops.md", 3)}


def test_stale_restore_test_fails_citing_the_record(make_repo):
    root = make_repo({"docs/restore-tests/2025-01-10.md": "Restored.\n"})
    finding = run_one(root, "backup.restore_tested")
    assert finding.status is Status.FAIL and finding.data["age_days"] > 365
    assert finding.evidence[0].path == "docs/restore-tests/2025-01-10.md"


def test_bundle_size_is_inconclusive_without_stats_and_passes_with_a_budget(make_repo):
    plain = run_one(make_repo({"package.json": REACT}), "performance.bundle_size")
    assert plain.status is Status.INCONCLUSIVE
    budget = json.dumps(
        {
            "dependencies": {"react": "1"},
            "devDependencies": {"size-limit": "11"},
            "scripts": {"size": "size-limit"},
        },
        indent=2,
    )
    finding = run_one(make_repo({"package.json": budget}), "performance.bundle_size")
    assert finding.status is Status.PASS and finding.evidence[0].line == 9


def test_guides_count_wherever_they_are_written(make_repo):
    guide = run_one(
        make_repo({"README.md": "# App\n", "docs/self-hosting.md": "Run docker compose up.\n"}),
        "documentation.readme_sections",
    )
    assert guide.status is Status.PASS and ("docs/self-hosting.md", None) in cited(guide)
    api_only = run_one(
        make_repo({"README.md": "# App\n", "openapi.yaml": "openapi: 3.1.0\n"}),
        "documentation.readme_sections",
    )
    assert api_only.status is Status.PASS


def test_an_api_framework_that_publishes_openapi_is_api_documentation(make_repo):
    root = make_repo({"requirements.txt": "fastapi==0.110\n", "app/main.py": "app = FastAPI()\n"})
    assert run_one(root, "documentation.api_docs").status is Status.PASS


def test_runbooks_are_found_by_their_headings(make_repo):
    root = make_repo({"docs/handbook.md": "# Handbook\n\n## Runbook: database down\n1. Check.\n"})
    finding = run_one(root, "documentation.runbooks")
    assert finding.status is Status.PASS and ("docs/handbook.md", 3) in cited(finding)


def test_missing_adrs_and_post_mortem_template_hold_documentation_nowhere(make_repo):
    root = make_repo(
        {"README.md": README_FULL, "docs/runbooks/db.md": "# DB down\n", "openapi.yaml": "openapi: 3.1.0\n"}
    )
    result = assess_repo(root).result("documentation")
    assert result.level is Level.PRODUCTION, result.reason
    assert {f.check_id for f in result.findings if f.status is Status.FAIL} == {
        "documentation.adr",
        "documentation.postmortem_template",
    }


def test_names_are_not_backup_content(make_repo):
    root = make_repo(
        {
            "docs/security.md": "# Security\n\n## Backup codes\nEach user gets ten.\n",
            "SCHEDULED_DATA_COLLECTION_SETUP.md": "### Backup Trigger: GitHub Actions\nOn demand.\n",
            "project_context.md": "## Connection Health System Restoration & WebSocket Fixes\n",
            "messages/README.md": "## Locale Files Backup\n\nCopy messages/ before editing.\n",
            "emails/password-recovery.html": "<p>Reset your password</p>\n",
            "src/recovery/index.ts": "export const recover = () => null;\n",
        }
    )
    result = assess_repo(root).result("backup")
    assert result.level is Level.INCONCLUSIVE
    assert all(f.status is Status.INCONCLUSIVE for f in result.findings)
    assert any("attestation" in f.message for f in result.findings)


def test_scheduled_backups_are_partial_and_manual_steps_prototype(make_repo):
    workflow = (
        "on:\n  schedule: [{cron: '0 3 * * *'}]\njobs:\n  dump:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: pg_dump $DATABASE_URL > dump.sql\n"
    )
    scheduled = make_repo({".github/workflows/backup.yml": workflow})
    finding = run_one(scheduled, "backup.automated")
    assert finding.status is Status.PASS and (".github/workflows/backup.yml", 7) in cited(finding)
    assert assess_repo(scheduled).result("backup").level is Level.PARTIAL
    manual = make_repo({"README.md": "# App\n\nTo back up: `pg_dump $DATABASE_URL > dump.sql`.\n"})
    assert assess_repo(manual).result("backup").level is Level.PROTOTYPE


@pytest.mark.parametrize(
    "files, targets, level",
    [
        ({"README.md": "# App\n"}, {}, Level.ABSENT),
        ({"README.md": "# App\n"}, {"expected_users": 500}, Level.PROTOTYPE),
        ({"docs/capacity.md": "We expect 2,000 concurrent users at launch.\n"}, {}, Level.PROTOTYPE),
        (
            {"load/smoke.js": "import http from 'k6/http';\nexport default () => http.get('/');\n"},
            {},
            Level.PARTIAL,
        ),
    ],
)
def test_scalability_levels_follow_levels_md(make_repo, files, targets, level):
    config = repo_config(make_repo(files), targets=targets)
    assert assess(config, as_of=AS_OF).result("scalability").level is level


def test_one_lazy_module_or_one_cached_page_is_an_isolated_measure(make_repo):
    single = {"package.json": REACT, "src/App.tsx": "const Home = lazy(() => import('./Home'));\n"}
    finding = run_one(make_repo(single), "performance.code_splitting")
    assert finding.status is Status.FAIL and finding.shows is Level.PROTOTYPE
    page = {"app/page.tsx": "export const revalidate = 60;\n"}
    cached = run_one(make_repo(page), "performance.caching")
    assert cached.status is Status.FAIL and cached.shows is Level.PROTOTYPE
    settings = {"app/settings.py": "CACHES = {'default': {'BACKEND': 'django_redis.cache.RedisCache'}}\n"}
    assert run_one(make_repo(settings), "performance.caching").status is Status.PASS


def test_backup_commands_in_the_product_user_docs_are_not_the_team_backups(make_repo):
    product_docs = make_repo({"templates/docs/bash.md": "# Bash\n\npg_dump somedb | gpg --encrypt\n"})
    assert assess_repo(product_docs).result("backup").level is Level.INCONCLUSIVE


def test_readme_headings_in_restructuredtext_count_and_generated_boilerplate_does_not(make_repo):
    """Judge the README's content: an .rst Quickstart is a setup guide; the README a framework's
    generator wrote (create-next-app's "Getting Started", "Deploy on Vercel") is a basic README."""
    from readiness.model import Level, Status
    from tests.repo_check_support import run_one

    rst = make_repo({"README.rst": "Conduit\n=======\n\nQuickstart\n----------\n\nRun ``flask run``.\n"})
    found = run_one(rst, "documentation.readme_sections")
    assert found.status is Status.PASS and [(r.path, r.line) for r in found.evidence] == [("README.rst", 4)]

    generated = make_repo(
        {
            "README.md": "This is a [Next.js](https://nextjs.org/) project bootstrapped with "
            "[`create-next-app`](https://github.com/vercel/next.js).\n\n## Getting Started\n\n"
            "npm run dev\n\n## Deploy on Vercel\n\nUse the Vercel Platform.\n"
        }
    )
    boiler = run_one(generated, "documentation.readme_sections")
    assert boiler.status is Status.FAIL and boiler.shows is Level.PROTOTYPE


def test_a_setup_heading_counts_by_what_its_section_teaches(make_repo):
    """A 'Development' section that only asks contributors to get in touch, and a CONTRIBUTING.md
    about pull requests, set nothing up; a 'Getting Started' whose sub-section holds the commands does."""
    from tests.repo_check_support import run_one

    links_only = make_repo(
        {
            "README.md": "# App\n\n## Development\n\nIf you want to contribute, stay in touch first.\n\n"
            "## Installation\n\nSee [our docs](https://docs.example.org).\n",
            "CONTRIBUTING.md": "# Contributing\n\nOpen an issue before a pull request.\n",
        }
    )
    assert run_one(links_only, "documentation.readme_sections").status is Status.FAIL
    nested = make_repo(
        {
            "README.md": "# App\n\n## Getting Started\n\n### Install\n\n```\npnpm install\n```\n\n"
            "## Support\n\nMail us.\n"
        }
    )
    found = run_one(nested, "documentation.readme_sections")
    assert found.status is Status.PASS and [(r.path, r.line) for r in found.evidence] == [("README.md", 3)]
    guide = make_repo(
        {
            "README.md": "# App\n\nSee GUIDE.md.\n",
            "GUIDE.md": "## Installation\n\n```\ndocker compose up\n```\n",
        }
    )
    assert ("GUIDE.md", None) in [
        (r.path, r.line) for r in run_one(guide, "documentation.readme_sections").evidence
    ]


def test_lighthouse_with_warnings_only_measures_speed_without_enforcing_it(make_repo):
    """LEVELS.md: production asks for enforced measurement; 'warn' assertions print and pass."""
    from tests.repo_check_support import run_one

    warn = (
        "module.exports = {ci: {assert: {assertions: "
        "{'categories:performance': ['warn', {minScore: 0.85}]}}}};\n"
    )
    found = run_one(make_repo({".lighthouserc.cjs": warn}), "performance.audited")
    assert found.status is Status.FAIL and found.shows is Level.PARTIAL
    error = warn.replace("'warn'", "'error'")
    assert run_one(make_repo({".lighthouserc.cjs": error}), "performance.audited").status is Status.PASS


def test_an_operations_section_of_procedures_is_a_runbook(make_repo):
    """kitsune's docs/k8s.md: '## Operations' with '### Manually Initiating Cluster failover'."""
    from tests.repo_check_support import run_one

    ops = "# Support guide\n\n## Operations\n\n### Manually Initiating Cluster failover\n\n1. Promote.\n"
    assert run_one(make_repo({"docs/k8s.md": ops}), "documentation.runbooks").status is Status.PASS
    product = "# Features\n\n## Operations on documents\n\nUpload, share.\n"
    assert run_one(make_repo({"docs/features.md": product}), "documentation.runbooks").status is Status.FAIL


def test_api_reference_pages_anywhere_in_the_docs_are_api_documentation(make_repo):
    """privacyIDEA's Sphinx reference lives in doc/modules/api.rst and doc/modules/api/*.rst."""
    from tests.repo_check_support import run_one

    sphinx = {"doc/modules/api.rst": "API\n===\n", "doc/modules/api/auth.rst": "Auth endpoints\n"}
    assert run_one(make_repo(sphinx), "documentation.api_docs").status is Status.PASS
    config = {"doc/configuration/api_clients.rst": "Clients\n", "doc/faq/rapid.rst": "Rapid\n"}
    assert run_one(make_repo(config), "documentation.api_docs").status is Status.FAIL
