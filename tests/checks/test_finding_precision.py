"""Failing findings that a spot check of real repositories found wrong, each reproduced small.

Calibration (benchmarks/calibration.py) samples failing findings at random and a reviewer reads the
cited files; every class found wrong there has its fixture here.
"""

from __future__ import annotations

import json

from readiness.assessment import assess
from readiness.model import Status
from tests.repo_check_support import AS_OF, repo_config, run_one


def test_third_party_widgets_and_hashed_bundles_are_not_the_products_code(make_repo):
    repo = make_repo(
        {
            "app/static/ckeditor/plugins/filebrowser/plugin.js": "try { a() } catch (e) {}\n",
            "app/themes/core/static/assets/index.94b01c79.js": "console.log(user.email);\n",
            "app/views.py": "def index():\n    return 'ok'\n",
        }
    )
    assert run_one(repo, "error_handling.no_swallowed_errors").status is Status.INCONCLUSIVE
    assert run_one(repo, "compliance.personal_data_in_logs").status is Status.PASS


def test_a_test_suites_env_file_holds_dummies(make_repo):
    repo = make_repo(
        {
            ".env.test": "SECRET_KEY=F0E5AD933D7F6FD8F4DBB3E038C501C0\nGITHUB_SECRET=9aZk27Lq\n",
            ".gitignore": ".env\n",
        }
    )
    assert run_one(repo, "secrets.env_not_tracked").status is Status.PASS
    # Its real-looking values are still LEVELS.md's lapse of a tracked env file (partial), not a key
    # committed (absent): rallly's apps/web/.env.test, bulletproof-nodejs's .env.example sample.
    assert run_one(repo, "secrets.no_hardcoded_secrets").shows.value == "partial"


def test_browser_keys_meant_to_be_public_are_not_secret_looking(make_repo):
    repo = make_repo(
        {
            "src/map.ts": "const key = import.meta.env.VITE_GOOGLE_MAPS_API_KEY;\n"
            "const ph = import.meta.env.VITE_POSTHOG_API_KEY;\n"
        }
    )
    assert run_one(repo, "secrets.vite_exposure").status is Status.PASS


def test_local_and_documented_connection_strings_are_not_committed_passwords(make_repo):
    repo = make_repo(
        {
            "docs/database.mdx": "DATABASE_URL=postgresql://documenso:Zk27LqW9x@localhost:5432/db\n",
            "server/validators.ts": " * - Single host: postgresql://user:pass@host:port/db\n",
        }
    )
    assert run_one(repo, "secrets.no_hardcoded_secrets").status is Status.PASS
    assert run_one(repo, "secrets.no_hardcoded_fallbacks").status is Status.PASS


def test_a_list_of_email_sending_errors_is_not_an_email_address(make_repo):
    code = "console.error(JSON.stringify(sendEmailResultErrorList));\nconsole.log(user.email);\n"
    found = run_one(make_repo({"src/invite.ts": code}), "compliance.personal_data_in_logs")
    assert [ref.line for ref in found.evidence] == [2]


def test_a_typescript_build_that_type_checks_is_a_type_check_gate(make_repo):
    repo = make_repo(
        {
            "package.json": json.dumps(
                {"scripts": {"build": "nx run api:build:production"}, "devDependencies": {"typescript": "5"}}
            ),
            ".github/workflows/ci.yml": "on: pull_request\njobs:\n  c:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n"
            "      - run: npm test\n      - run: npm run build\n",
        }
    )
    assert run_one(repo, "ci_cd.quality_gates").status is Status.PASS


def test_bracketed_placeholders_paths_named_full_name_and_a_root_boundary(make_repo):
    docs = make_repo(
        {"docs/db.mdx": "URL=postgresql://postgres:[password]@db.ref.supabase.co:5432/postgres\n"}
    )
    assert run_one(docs, "secrets.no_hardcoded_secrets").status is Status.PASS
    export = make_repo({"export.py": 'print("Exported {filename}".format(filename=full_name))\n'})
    assert run_one(export, "compliance.personal_data_in_logs").status is Status.PASS
    app = make_repo(
        {
            "package.json": json.dumps({"dependencies": {"react": "19"}}),
            "app/index.tsx": "root.render(<ErrorBoundary><Routes /></ErrorBoundary>);\n",
            "app/routes/authenticated.tsx": "export default () => <Route path='/doc' />;\n",
        }
    )
    assert run_one(app, "error_handling.routes_wrapped").status is Status.PASS


def test_sample_values_in_api_docs_and_a_capitalised_logger(make_repo):
    docs = make_repo({"docs/api/recipients.mdx": '{"token": "abc123def456xyz", "role": "SIGNER"}\n'})
    assert run_one(docs, "secrets.no_hardcoded_secrets").status is Status.PASS
    server = make_repo({"server/a.ts": "Logger.error('failed', err);\nLogger.info('started');\n"})
    assert run_one(server, "monitoring.log_levels").status is Status.PASS


def test_an_example_env_named_the_other_way_documents_variables(make_repo):
    repo = make_repo(
        {
            ".example.env": "JWT_SECRET=\nLINK_ALPHABET=abc\n",
            "knexfile.js": "module.exports = { secret: process.env.JWT_SECRET,\n"
            "  a: process.env.LINK_ALPHABET };\n",
        }
    )
    assert run_one(repo, "environments.env_documented").status is Status.PASS


def test_example_key_stores_webtest_suites_and_build_tool_variables(make_repo):
    store = make_repo({"apps/remix/example/cert.p12": "binary-ish example certificate\n"})
    assert run_one(store, "secrets.sensitive_files_not_tracked").status is Status.PASS
    flask = make_repo(
        {
            "tests/conftest.py": "from webtest import TestApp\n",
            "tests/test_articles.py": "def test_list(testapp):\n    testapp.get('/api')\n",
        }
    )
    kinds = run_one(flask, "tests.kinds")
    assert "integration" not in kinds.message
    cra = make_repo({"config/env.js": "const p = process.env.NODE_PATH || process.env.PUBLIC_URL;\n"})
    assert run_one(cra, "environments.env_documented").status is Status.NOT_APPLICABLE


def test_load_targets_and_load_commands_are_read_from_what_they_say(make_repo):
    guide = make_repo({"docs/guide.md": "1. Users can only access their own sites\n### Capacity Planning\n"})
    assert run_one(guide, "scalability.target_stated").status is Status.FAIL
    seats = (
        "| **Organization** | Up to 50 users | 50 seats | $299 |\n\nFor more than 50 users, buy a licence.\n"
    )
    assert (
        run_one(make_repo({"docs/licensing.mdx": seats}), "scalability.target_stated").status is Status.FAIL
    )
    target = make_repo({"docs/launch.md": "We expect 500 concurrent users at launch.\n"})
    assert run_one(target, "scalability.target_stated").status is Status.PASS
    bench = make_repo(
        {
            "docs/benchmarking.md": "```bash\nab -H 'Authorization: Bearer x' -n 100 -c 10 http://localhost:3000/\n```\n"
        }
    )
    assert run_one(bench, "scalability.load_test_scripts").status is Status.PASS


def test_an_ai_assistants_reference_skills_say_nothing_of_the_product(make_repo):
    """papermark keeps `.agents/skills/postgres/references/backup-recovery.md`, a generic guide with
    RPO/RTO, and a React guide counting '1000 users': neither is this product's backup or target."""
    guide = (
        "# Backup and Recovery\n\n## Logical Backups (pg_dump)\n\nNightly dumps.\n\n## RPO/RTO\n\nRPO 1 h.\n"
    )
    repo = make_repo(
        {
            ".agents/skills/postgres/references/backup-recovery.md": guide,
            ".claude/skills/react/SKILL.md": "For 1000 orders × 1000 users: 1M ops.\n",
            "app/page.tsx": "export default function Page() { return null; }\n",
        }
    )
    assessment = assess(repo_config(repo), as_of=AS_OF)
    assert assessment.result("backup").level.value == "inconclusive"
    assert run_one(repo, "scalability.target_stated").status is Status.FAIL


def test_a_key_generated_for_a_test_is_the_suites_own_and_a_cache_key_name_is_no_token(make_repo):
    """kitsune signs test tokens with an RSA key written in kitsune/users/tests/test_views.py, and its
    settings name a cache key WIKI_REBUILD_TOKEN = "sumo:wiki:full-rebuild"."""
    from tests.secret_support import PRIVATE_KEY_BODY

    pem = f'PEM = """-----BEGIN RSA PRIVATE KEY-----\n{PRIVATE_KEY_BODY}\n-----END RSA PRIVATE KEY-----"""\n'
    settings = 'WIKI_REBUILD_TOKEN = "sumo:wiki:full-rebuild"\n'
    suite = make_repo({"app/users/tests/test_views.py": pem, "app/settings.py": settings})
    assert run_one(suite, "secrets.no_hardcoded_secrets").status is Status.PASS
    shipped = make_repo({"app/users/keys.py": pem})
    assert run_one(shipped, "secrets.no_hardcoded_secrets").status is Status.FAIL


def test_a_cloudflare_tunnel_is_no_cdn(make_repo):
    """uptime-kuma starts `cloudflared` to expose itself: a tunnel, not static assets on a CDN."""
    tunnel = "const token = args['cloudflared-token'] || process.env.UPTIME_KUMA_CLOUDFLARED_TOKEN;\n"
    assert run_one(make_repo({"server/server.js": tunnel}), "performance.cdn").status is Status.FAIL
    assets = "export default { assetPrefix: 'https://static.example.org' };\n"
    assert run_one(make_repo({"next.config.js": assets}), "performance.cdn").status is Status.PASS
