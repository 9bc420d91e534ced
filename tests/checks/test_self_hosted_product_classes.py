"""Classes the calibration corpus showed wrong on self-hosted and health products (session 23's tune
batch: an Express/Expo health app, a FastAPI/Next.js therapy-notes app, NetBox, a Next.js personal
health record, two Next.js + Supabase side projects), each reproduced small: placeholders that say
how to make a secret, Python's relative imports and expected exceptions, loggers and trackers of the
team's own, restore drills run by machines, and documents that are plans, release notes or an
agent's instructions. Each test names the repository shape it stands for."""

from __future__ import annotations

from readiness.model import Level, Status
from tests.repo_check_support import cited, run_one

WORKFLOW_ON_CHANGE = "on:\n  push:\n  pull_request:\njobs:\n"


def test_placeholders_that_say_how_to_make_a_secret_are_no_secrets(make_repo):
    repo = make_repo(
        {
            ".gitignore": ".env\n",
            ".env.example": 'API_TOKEN_HMAC_KEY="REPLACE-WITH-OUTPUT-OF-openssl-rand-hex-32"\n'
            '# POSTGRES_PASSWORD="generate-with-openssl-rand-hex-32"\n'
            "SESSION_SECRET=replace-with-at-least-32-random-bytes\n",
            # a deploy script naming the Secret Manager entries each variable comes from
            "setup.sh": 'SECRETS_STRING="JWT_SECRET_KEY=JWT_SECRET_KEY:latest,DATABASE_URL=db-url:latest"\n',
            # a documentation site's navigation: a page called Token
            "mkdocs.yml": "nav:\n  - Users:\n    - Token: 'models/users/token.md'\n",
            # the settings of the test run, a key spelled as the alphabet
            "app/configuration_testing.py": "SECRET_KEY = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789'\n",
            "app/main.py": "import os\nSECRET = os.environ['SESSION_SECRET']\n",
        }
    )
    finding = run_one(repo, "secrets.no_hardcoded_secrets")
    assert finding.status is Status.PASS, finding.message


def test_a_key_with_no_placeholder_word_is_still_found(make_repo):
    repo = make_repo(
        {
            "app/settings.py": "API_TOKEN = 'q8Zr2LmW7vXc4Ny9Tb1K'\n",
            "app/main.py": "from app.settings import API_TOKEN\n",
        }
    )
    finding = run_one(repo, "secrets.no_hardcoded_secrets")
    assert finding.status is Status.FAIL, finding.message
    assert ("app/settings.py", 1) in cited(finding)


def test_a_connection_string_to_an_example_domain_is_no_default_but_one_to_a_compose_service_is(make_repo):
    example = make_repo(
        {
            "deploy/validate.mjs": "const env = {\n"
            "  DATABASE_URL: 'postgresql://app:validation@db.example.test:5432/app',\n};\n",
            "app/index.js": "const url = process.env.DATABASE_URL\n",
        }
    )
    finding = run_one(example, "secrets.no_hardcoded_fallbacks")
    assert finding.status is Status.PASS, finding.message
    compose = make_repo(
        {
            "api/db.py": "import os\nURL = os.getenv('DATABASE_URL', "
            "'postgresql://postgres:postgres@db:5432/app')\n",
        }
    )
    finding = run_one(compose, "secrets.no_hardcoded_fallbacks")
    assert finding.status is Status.FAIL, finding.message


def test_python_relative_imports_resolve_one_package_up_to_modules_not_json_files(make_repo):
    files = {
        ".gitignore": ".claude/settings.json\nlocal_settings.py\n",
        "backend/app/settings.py": "import os\nKEY = os.environ.get('KEY')\n",
        # one package up: backend/app/settings.py, not a settings.json beside the route
        "backend/app/routes/auth.py": "from ..settings import KEY\n",
    }
    finding = run_one(make_repo(files), "secrets.config_from_environment")
    assert finding.status is Status.PASS, finding.message
    local = dict(files, **{"backend/app/config.py": "from .local_settings import SECRET_KEY\n"})
    finding = run_one(make_repo(local), "secrets.config_from_environment")
    assert finding.status is Status.FAIL, finding.message
    assert ("backend/app/config.py", 1) in cited(finding)


def test_json_log_lines_written_by_the_team_are_a_structured_logger(make_repo):
    own = make_repo(
        {
            "package.json": '{"dependencies": {"express": "5.0.0"}}',
            "src/observability.ts": "export function logEvent(event: string, write = console.log) {\n"
            "  write(JSON.stringify({\n    timestamp: new Date().toISOString(),\n"
            "    level: 'info',\n    event,\n  }));\n}\n",
            "src/transports.ts": "export function emit(event: object) {\n"
            "  const json = JSON.stringify(event);\n  process.stdout.write(json + '\\n');\n}\n",
        }
    )
    finding = run_one(own, "error_handling.structured_reporting")
    assert finding.status is Status.PASS, finding.message
    assert {("src/observability.ts", 2), ("src/transports.ts", 3)} <= cited(finding)
    debug = make_repo(
        {
            "package.json": '{"dependencies": {"express": "5.0.0"}}',
            "src/index.ts": "export function show(data: object) {\n  console.log(JSON.stringify(data));\n}\n",
        }
    )
    finding = run_one(debug, "error_handling.structured_reporting")
    assert finding.status is Status.FAIL, finding.message


def test_a_catch_that_says_why_nothing_more_is_done_and_an_expected_exception_are_handled(make_repo):
    reasoned = "\n".join(
        f"export function read{n}() {{\n  try {{\n    return sessionStorage.getItem('k')\n  }} catch {{\n"
        "    // sessionStorage can throw in private mode; the in-memory copy still works.\n  }\n}\n"
        for n in range(6)
    )
    expected = "\n".join(
        f"def site{n}(request):\n    try:\n        return Site.objects.get(pk={n})\n"
        "    except Site.DoesNotExist:\n        pass\n"
        for n in range(6)
    )
    repo = make_repo({"src/storage.ts": reasoned, "app/sites.py": expected})
    finding = run_one(repo, "error_handling.log_inform_report")
    assert finding.status is Status.PASS, finding.message
    assert finding.data["share"] == 1.0
    careless = make_repo(
        {
            "src/storage.ts": reasoned.replace(
                "// sessionStorage can throw in private mode; the in-memory copy still works.",
                "// TODO handle this later",
            ),
            "app/sites.py": expected.replace("except Site.DoesNotExist:", "except Exception:"),
        }
    )
    finding = run_one(careless, "error_handling.log_inform_report")
    assert finding.status is Status.FAIL, finding.message
    assert finding.data["share"] == 0.0


def test_a_server_rendered_product_that_bundles_react_for_a_vendor_widget_needs_no_boundary(make_repo):
    repo = make_repo(
        {
            "requirements.txt": "Django==5.1\n",
            "static/graphiql/package.json": '{"dependencies": {"react": "18.3.1", "graphiql": "4.1.2"}}',
            "static/src/forms.ts": "export function toggle(el: HTMLElement) { el.hidden = !el.hidden }\n",
            "app/views.py": "from django.shortcuts import render\n\ndef home(request):\n"
            "    return render(request, 'home.html')\n",
        }
    )
    finding = run_one(repo, "error_handling.error_boundary")
    assert finding.status is Status.NOT_APPLICABLE, finding.message
    with_components = make_repo(
        {
            "package.json": '{"dependencies": {"react": "18.3.1"}}',
            "src/App.tsx": "export default function App() { return <main>hi</main> }\n",
        }
    )
    assert run_one(with_components, "error_handling.error_boundary").status is Status.FAIL


def test_a_handful_of_floating_chains_among_careful_error_handling_is_an_isolated_lapse(make_repo):
    catches = "\n".join(
        f"def step{n}():\n    try:\n        run({n})\n    except ValueError as error:\n"
        "        logger.warning('step failed: %s', error)\n"
        for n in range(30)
    )
    chains = "".join(f"fetch('/api/{n}').then((r) => r.json())\n" for n in range(4)) + "".join(
        f"fetch('/api/ok{n}').then((r) => r.json()).catch(report)\n" for n in range(2)
    )
    repo = make_repo({"app/steps.py": catches, "static/src/ui.ts": chains})
    finding = run_one(repo, "error_handling.promise_rejections")
    assert finding.status is Status.PASS, finding.message
    many = "".join(f"fetch('/api/{n}').then((r) => r.json())\n" for n in range(12))
    repo = make_repo({"app/steps.py": catches, "static/src/ui.ts": many + chains})
    assert run_one(repo, "error_handling.promise_rejections").status is Status.FAIL


def test_firebase_for_sign_in_only_leaves_authorisation_to_the_application_code(make_repo):
    files = {
        "frontend/package.json": '{"dependencies": {"firebase": "11.0.0", "next": "15.0.0"}}',
        "frontend/src/lib/auth.ts": "import { initializeApp } from 'firebase/app'\n"
        "import { getAuth } from 'firebase/auth'\nexport const auth = getAuth(initializeApp({}))\n",
        "backend/requirements.txt": "fastapi==0.115\npyotp==2.9\nslowapi==0.1.9\n",
        "backend/app/routes/admin.py": "from fastapi import Depends\n\n"
        "@router.get('/admin/users')\ndef users(_admin: User = Depends(require_admin)):\n    return []\n",
        "backend/app/repositories/patient.py": "def get(patient_id, user_id):\n    row = load(patient_id)\n"
        "    if row is None or row.user_id != user_id:\n        return None\n    return row\n",
    }
    finding = run_one(make_repo(files), "auth_security.controls")
    assert "authorisation" not in finding.data.get("missing", []), finding.message
    assert ("backend/app/repositories/patient.py", 3) in cited(finding)
    firestore = dict(
        files,
        **{
            "frontend/src/lib/db.ts": "import { getFirestore } from 'firebase/firestore'\n"
            "export const db = 1\n"
        },
    )
    finding = run_one(make_repo(firestore), "auth_security.controls")
    assert "authorisation" in finding.data["missing"], finding.message  # then security rules decide


def test_pytest_in_ci_does_not_run_a_typescript_playwright_suite(make_repo):
    repo = make_repo(
        {
            ".github/workflows/ci.yml": WORKFLOW_ON_CHANGE
            + "  backend:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: cd backend && pytest tests/\n",
            "backend/tests/test_api.py": "def test_ok():\n    assert True\n",
            "frontend/e2e/patients.spec.ts": "import { test } from '@playwright/test'\n"
            "test('patients', async ({ page }) => { await page.goto('/') })\n",
            "frontend/package.json": '{"devDependencies": {"@playwright/test": "1.50.0"}}',
        }
    )
    finding = run_one(repo, "tests.run_in_ci")
    assert finding.status is Status.FAIL, finding.message
    assert finding.shows is Level.PARTIAL
    python_e2e = make_repo(
        {
            ".github/workflows/ci.yml": WORKFLOW_ON_CHANGE
            + "  backend:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
            "tests/test_api.py": "def test_ok():\n    assert True\n",
            "tests/e2e/test_browser.py": "def test_home(page):\n    page.goto('/')\n",
        }
    )
    assert run_one(python_e2e, "tests.run_in_ci").status is Status.PASS


def test_a_module_readme_and_generated_types_are_no_product_documentation(make_repo):
    repo = make_repo(
        {
            "README.md": "# PurrView\n\n## Core Product Vision\n\nTrack sneakers.\n",
            "components/add-item-form/README.md": "# Add item form\n\n## Usage Example\n\n"
            "```tsx\n<AddItemForm onSave={save} />\n```\n",
            "components/pdf/USAGE.md": "# PDF\n\n```tsx\nnpm run pdf\n```\n",
            "types/database.types.ts": "export type Database = { public: { Tables: {} } }\n",
            "docs/react-pdf/complete-reference.md": "# react-pdf\n\n"
            "## Font.registerHyphenationCallback()\n\nx\n",
        }
    )
    assert run_one(repo, "documentation.readme_sections").status is Status.FAIL
    assert run_one(repo, "documentation.api_docs").status is Status.FAIL
    assert run_one(repo, "documentation.runbooks").status is Status.FAIL


def test_an_agents_instructions_a_feature_plan_and_release_notes_are_no_evidence(make_repo):
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"@supabase/supabase-js": "2.45.0"}}',
            "CLAUDE.md": "# Notes\n\nRun `supabase start` for a local database.\n",
            "specs/015-add-images/quickstart.md": "# Quickstart\n\n```\nsupabase start\n```\n",
            ".specify/templates/plan-template.md": "**Scale/Scope**: e.g. 10k users\n",
            "CHANGELOG.md": "## 1.2.0\n\n- titles can be renamed with rollback\n",
            ".env.local.example": "NEXT_PUBLIC_SUPABASE_URL=https://your-project.supabase.co\n",
            "src/lib/supabase.ts": "export const url = process.env.NEXT_PUBLIC_SUPABASE_URL\n",
        }
    )
    assert run_one(repo, "environments.dev_prod_separated").status is Status.FAIL
    assert run_one(repo, "scalability.target_stated").status is Status.FAIL
    assert run_one(repo, "ci_cd.rollback").status is Status.FAIL


def test_a_cdn_is_configured_not_named_in_a_comment(make_repo):
    named = make_repo(
        {
            "lib/scrape.ts": "export const opts = {\n  useProxy: true, // bypass Akamai and Cloudflare\n}\n",
            "next.config.js": "module.exports = { assetPrefix: '' }\n",
        }
    )
    assert run_one(named, "performance.cdn").status is Status.FAIL
    configured = make_repo(
        {"next.config.js": "module.exports = { assetPrefix: 'https://d111111abcdef8.cloudfront.net' }\n"}
    )
    assert run_one(configured, "performance.cdn").status is Status.PASS


def test_a_client_of_the_team_s_own_speaking_sentry_s_protocol_is_error_tracking(make_repo):
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"next": "15.0.0"}}',
            "server/glitchtip.ts": "export async function send(url: string, body: string) {\n"
            "  return fetch(url, { method: 'POST', body,\n"
            "    headers: { 'content-type': 'application/x-sentry-envelope' } })\n}\n",
        }
    )
    finding = run_one(repo, "monitoring.error_tracking")
    assert finding.status is Status.PASS, finding.message
    assert ("server/glitchtip.ts", 3) in cited(finding)


def test_a_restore_rehearsed_by_a_machine_is_a_tested_restore(make_repo):
    in_ci = make_repo(
        {
            ".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n"
            "  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run release:check\n",
            "package.json": '{"scripts": {"release:check": "node scripts/pg-restore-smoke.mjs"}}',
            "scripts/pg-restore-smoke.mjs": "// dump, restore into a scratch database, compare\n",
        }
    )
    finding = run_one(in_ci, "backup.restore_tested")
    assert finding.status is Status.PASS, finding.message
    scheduled = make_repo({"src/lib/jobs/restore-drill.ts": "export const QUEUE = 'data-restore-drill'\n"})
    assert run_one(scheduled, "backup.restore_tested").status is Status.PASS
    written = make_repo({"docs/restore-test.md": "# Restore test\n\nWe should restore once a year.\n"})
    assert run_one(written, "backup.restore_tested").status is Status.INCONCLUSIVE


def test_a_manual_dump_with_its_restore_written_down_is_a_documented_strategy(make_repo):
    guide = (
        "# Replicating\n\n### Export the Database\n\n```\npg_dump app > app.sql\n```\n\n"
        "### Load an Exported Database\n\n```\npsql app < app.sql\n```\n"
    )
    repo = make_repo({"docs/administration/replicating.md": guide})
    finding = run_one(repo, "backup.strategy_documented")
    assert finding.status is Status.PASS, finding.message
    dump_only = make_repo({"docs/administration/replicating.md": guide.split("### Load")[0]})
    finding = run_one(dump_only, "backup.strategy_documented")
    assert finding.status is Status.FAIL and finding.shows is Level.PROTOTYPE


def test_a_staging_server_configuration_is_staging_and_a_migration_named_staging_is_not(make_repo):
    caddy = make_repo({"deploy/Caddyfile.staging": "staging.example.com {\n  reverse_proxy app:3000\n}\n"})
    assert run_one(caddy, "environments.staging").status is Status.PASS
    migration = make_repo({"app/extras/migrations/0124_remove_staging.py": "operations = []\n"})
    assert run_one(migration, "environments.staging").status is Status.FAIL


def test_deleting_the_caller_is_a_deletion_feature_but_a_rollback_or_a_script_is_not(make_repo):
    rollback = make_repo(
        {
            "supabase/functions/create-employee/index.ts": "if (error) {\n"
            "  await supabaseAdmin.auth.admin.deleteUser(authUser.user.id)\n}\n",
            "scripts/fix-users.js": "await supabase.auth.admin.deleteUser('7137da17-537f-4b02-89e0')\n",
        }
    )
    assert run_one(rollback, "compliance.gdpr_documentation").status is not Status.PASS
    self_deletion = make_repo(
        {
            "supabase/functions/delete-account/index.ts": "const { data: { user } } = await getUser()\n"
            "await admin.auth.admin.deleteUser(user.id)\n",
        }
    )
    finding = run_one(self_deletion, "compliance.gdpr_documentation")
    assert finding.status is Status.PASS, finding.message


def test_a_readme_by_another_name_is_a_readme(make_repo):
    for name in ("README_FUNCTIONAL_DOCUMENTATION.md", "replit.md", "docs/index.md"):
        finding = run_one(make_repo({name: "# gobook\n\nWhat it is.\n"}), "documentation.readme")
        assert finding.status is Status.PASS, (name, finding.message)
    assert run_one(make_repo({"NOTES.md": "# notes\n"}), "documentation.readme").status is Status.FAIL


def test_a_backup_script_run_by_hand_is_a_manual_backup(make_repo):
    for files in (
        {"scripts/backup-tenant-by-email.js": "// node scripts/backup-tenant-by-email.js EMAIL\n"},
        {"package.json": '{"scripts": {"db:backup": "bash ops/dump.sh"}}'},
    ):
        finding = run_one(make_repo(files), "backup.strategy_documented")
        assert finding.status is Status.FAIL and finding.shows is Level.PROTOTYPE, finding.message
    assert (
        run_one(make_repo({"app.py": "print(1)\n"}), "backup.strategy_documented").status
        is Status.INCONCLUSIVE
    )


def test_core_web_vitals_sent_from_production_are_measured_but_the_generated_stub_is_not(make_repo):
    sent = make_repo(
        {
            "package.json": '{"dependencies": {"web-vitals": "5.0.0", "react": "18.3.1"}}',
            "src/lib/webVitals.ts": "import { onCLS, onINP, onLCP } from 'web-vitals'\n"
            "const send = (m) => navigator.sendBeacon('/api/vitals', JSON.stringify(m))\n"
            "onCLS(send); onINP(send); onLCP(send)\n",
        }
    )
    finding = run_one(sent, "performance.audited")
    assert finding.status is Status.PASS, finding.message
    assert ("src/lib/webVitals.ts", None) in cited(finding)
    stub = make_repo(
        {
            "package.json": '{"dependencies": {"web-vitals": "2.1.4", "react": "18.3.1"}}',
            "src/reportWebVitals.js": "const reportWebVitals = (onPerfEntry) => {\n"
            "  import('web-vitals').then(({ getCLS, getLCP }) => {\n"
            "    getCLS(onPerfEntry); getLCP(onPerfEntry)\n  })\n"
            "}\nexport default reportWebVitals\n",
            "src/index.js": "import reportWebVitals from './reportWebVitals'\nreportWebVitals()\n",
        }
    )
    assert run_one(stub, "performance.audited").status is Status.FAIL


def test_an_ai_builders_folder_design_tokens_and_routes_are_no_secrets(make_repo):
    repo = make_repo(
        {
            ".lovable/migrate/theme-port.json": '[{ "token": "q8Zr2LmW7vXc4Ny9Tb1K", "source": "x" }]\n',
            "src/theme.json": '[{ "token": "health-primary/secondary/accent/heading" }]\n',
            "src/figma/mapping.ts": 'export const map = { "Forgot Password": "pages/ForgotPassword.tsx" }\n',
            "server/routes/canva.mjs": 'export const routes = { verifyToken: "/api/canva/verify-token" }\n',
        }
    )
    finding = run_one(repo, "secrets.no_hardcoded_secrets")
    assert finding.status is Status.FAIL, finding.message  # a key in .lovable is still a key
    assert {ref.path for ref in finding.evidence} == {".lovable/migrate/theme-port.json"}


def test_a_pipeline_that_runs_one_named_test_file_does_not_run_its_layer(make_repo):
    files = {
        ".github/workflows/regression.yml": WORKFLOW_ON_CHANGE
        + "  one:\n    runs-on: ubuntu-latest\n    steps:\n"
        + "      - run: bunx vitest run src/admin/__tests__/categoryMapping.test.ts\n",
        "src/admin/__tests__/categoryMapping.test.ts": "test('maps', () => expect(1).toBe(1))\n",
        "src/lib/__tests__/price.test.ts": "test('price', () => expect(1).toBe(1))\n",
        "package.json": '{"devDependencies": {"vitest": "2.0.0"}}',
    }
    finding = run_one(make_repo(files), "tests.run_in_ci")
    assert finding.status is Status.FAIL and finding.shows is Level.PARTIAL, finding.message
    suite = dict(files)
    suite[".github/workflows/regression.yml"] = suite[".github/workflows/regression.yml"].replace(
        "bunx vitest run src/admin/__tests__/categoryMapping.test.ts", "bunx vitest run"
    )
    assert run_one(make_repo(suite), "tests.run_in_ci").status is Status.PASS


def test_a_fallback_called_default_is_an_insecure_default_not_a_real_key(make_repo):
    repo = make_repo({"server/spans.mjs": 'const salt = process.env.JWT_SECRET || "mmhb-default-salt";\n'})
    finding = run_one(repo, "secrets.no_hardcoded_fallbacks")
    assert finding.status is Status.FAIL and finding.shows is Level.PARTIAL, finding.message


def test_a_load_run_in_a_guide_counts_only_when_its_script_is_there(make_repo):
    guide = (
        "# Load testing\n\n```\nk6 run load-tests/baseline.js\n"
        "docker run -i grafana/k6 run - <script.js\n```\n"
    )
    planned = make_repo({"docs/load-testing.md": guide})
    assert run_one(planned, "scalability.load_test_scripts").status is Status.FAIL
    present = make_repo(
        {"docs/load-testing.md": guide, "load-tests/baseline.js": "export default function () {}\n"}
    )
    assert run_one(present, "scalability.load_test_scripts").status is Status.PASS
    self_contained = make_repo({"docs/bench.md": "```\nab -n 1000 -c 50 http://localhost:3000/\n```\n"})
    assert run_one(self_contained, "scalability.load_test_scripts").status is Status.PASS


def test_a_policy_engine_or_routes_open_to_some_roles_are_authorisation(make_repo):
    base = {
        "package.json": '{"dependencies": {"next": "15.0.0", "@prisma/client": "6.0.0", "otplib": "12.0.1",'
        ' "@upstash/ratelimit": "2.0.0"}}',
        "prisma/migrations/1_init/migration.sql": "CREATE TABLE audit_log (id int);\n",
    }
    for extra in (
        {"package.json": base["package.json"].replace('"otplib"', '"casbin": "5.45.0", "otplib"')},
        {
            "src/app/api/flags/route.ts": "export const GET = createProtectedRoute(handler, {\n"
            "    roles: ['ADMIN'],\n})\n"
        },
        {"src/app/api/notes/route.ts": "export const GET = requireRoles(['ADMIN', 'PHYSICIAN'])(handler)\n"},
    ):
        finding = run_one(make_repo({**base, **extra}), "auth_security.controls")
        assert "authorisation" not in finding.data.get("missing", []), (extra, finding.message)
    finding = run_one(make_repo(base), "auth_security.controls")
    assert "authorisation" in finding.data["missing"]


def test_supabase_for_sign_in_only_puts_no_table_within_the_browser_s_reach(make_repo):
    files = {
        "apps/mobile/package.json": '{"dependencies": {"@supabase/supabase-js": "2.58.0"}}',
        "apps/mobile/src/services/supabase.ts": "import { createClient } from '@supabase/supabase-js'\n"
        "export const supabase = createClient(url, key)\n"
        "export const signIn = (email, password) => supabase.auth.signInWithPassword({ email, password })\n",
        "apps/web/src/app/api/notes/route.ts": "export const GET = requireRoles(['ADMIN'])(handler)\n",
    }
    finding = run_one(make_repo(files), "auth_security.controls")
    assert "authorisation" not in finding.data.get("missing", []), finding.message
    querying = {
        **files,
        "apps/mobile/src/notes.ts": "import { supabase } from './services/supabase'\n"
        "export const notes = () => supabase\n  .from('notes')\n  .select('*')\n",
    }
    finding = run_one(make_repo(querying), "auth_security.controls")
    assert "authorisation" in finding.data["missing"], finding.message  # then RLS must guard the tables


def test_a_consent_banner_of_the_team_s_own_and_privacy_text_in_translations_are_gdpr_aware(make_repo):
    banner = make_repo(
        {
            "components/cookie-consent.tsx": "export function CookieConsent() {\n"
            "  const accept = () => localStorage.setItem('cookie-consent', 'true')\n  return null\n}\n",
        }
    )
    assert run_one(banner, "compliance.gdpr_documentation").status is Status.PASS
    translated = make_repo(
        {
            "app/[locale]/privacy/page.tsx": "export default () => t('rights.title')\n",
            "messages/en/Privacy.json": '{"rights": {"title": "Your rights under the GDPR"}}\n',
        }
    )
    finding = run_one(translated, "compliance.gdpr_documentation")
    assert finding.status is Status.PASS, finding.message
    assert ("messages/en/Privacy.json", 1) in cited(finding)
    bare = make_repo({"app/privacy/page.tsx": "export default function Privacy() { return 'We care.' }\n"})
    assert run_one(bare, "compliance.gdpr_documentation").status is Status.FAIL


def test_a_package_script_run_in_another_folder_is_followed(make_repo):
    repo = make_repo(
        {
            ".github/workflows/ci.yml": WORKFLOW_ON_CHANGE
            + "  checks:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ruff check .\n"
            + "      - run: python manage.py test\n      - run: yarn --cwd static validate\n",
            "static/package.json": '{"scripts": {"validate": "tsc --noEmit && eslint src"}, '
            '"devDependencies": {"typescript": "5.6.0"}}',
            "static/tsconfig.json": "{}\n",
            "manage.py": "import django\n",
        }
    )
    finding = run_one(repo, "ci_cd.quality_gates")
    assert finding.status is Status.PASS, finding.message


def test_caching_is_counted_after_the_no_store_lines_are_set_aside(make_repo):
    files = {
        f"src/app/api/a{n}/route.ts": "export const GET = () => new Response('x', "
        "{ headers: { 'Cache-Control': 'no-store' } })\n"
        for n in range(6)
    }
    files |= {
        f"src/app/api/z{n}/route.ts": "export const GET = () => new Response('x', "
        "{ headers: { 'Cache-Control': 'private, max-age=60' } })\n"
        for n in range(3)
    }
    finding = run_one(make_repo(files), "performance.caching")
    assert finding.status is Status.PASS, finding.message
    assert len(finding.evidence) == 3


def test_express_middleware_logging_each_request_is_a_server_log(make_repo):
    logger = (
        "app.use((req, res, next) => {\n  const start = Date.now()\n"
        "  res.on('finish', () => {\n"
        "    const line = `${req.method} ${req.path} ${res.statusCode} in ${Date.now() - start}ms`\n"
        "    log(line)\n  })\n  next()\n})\n"
    )
    repo = make_repo({"package.json": '{"dependencies": {"express": "4.21.0"}}', "server/index.ts": logger})
    finding = run_one(repo, "monitoring.server_logs")
    assert finding.status is Status.PASS, finding.message
    assert ("server/index.ts", 3) in cited(finding)
    cleanup = make_repo(
        {
            "package.json": '{"dependencies": {"express": "4.21.0"}}',
            "server/index.ts": "app.use((req, res, next) => {\n  res.on('finish', release)\n  next()\n})\n",
        }
    )
    assert run_one(cleanup, "monitoring.server_logs").status is Status.FAIL


def test_a_path_through_a_deploy_folder_is_no_deploy(make_repo):
    ci = WORKFLOW_ON_CHANGE + "  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
    lint_only = make_repo(
        {
            ".github/workflows/ci.yml": ci,
            ".github/workflows/docker.yml": WORKFLOW_ON_CHANGE
            + "  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
            + "      - run: shellcheck deploy/docker/entrypoint.sh\n",
            "app.py": "print('hi')\n",
        }
    )
    finding = run_one(lint_only, "ci_cd.deploy_gated")
    assert finding.status is Status.FAIL and "No automated deploy" in finding.message, finding.message
    scripted = make_repo(
        {
            ".github/workflows/ci.yml": ci,
            ".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n"
            + "  ship:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy.sh production\n",
            "deploy.sh": "#!/bin/sh\nrsync -a dist/ host:/srv/app\n",
            "app.py": "print('hi')\n",
        }
    )
    finding = run_one(scripted, "ci_cd.deploy_gated")
    assert finding.status is Status.PASS, finding.message


def test_emulating_the_functions_alone_runs_them_against_the_hosted_data(make_repo):
    files = {
        "package.json": '{"dependencies": {"firebase": "10.0.0", "next": "14.0.0"}}',
        "src/firebase/clientApp.ts": "export const app = initializeApp(config)\n",
        "functions/package.json": '{"scripts": {"serve": "firebase emulators:start --only functions"}}',
    }
    assert run_one(make_repo(files), "environments.dev_prod_separated").status is Status.FAIL
    files["functions/package.json"] = files["functions/package.json"].replace(
        'functions"', 'functions,firestore"'
    )
    assert run_one(make_repo(files), "environments.dev_prod_separated").status is Status.PASS


def test_a_readme_title_naming_development_is_no_setup_section(make_repo):
    readme = (
        "# Web Development Final Project - HandyHub\n\nA course project.\n\n## Features\n\n"
        "- [x] `npm` packages listed\n- [x] users can post\n"
    )
    assert run_one(make_repo({"README.md": readme}), "documentation.readme_sections").status is Status.FAIL
    intro = "# HandyHub\n\n```\nnpm install\nnpm run dev\n```\n\n## Features\n\n- posts\n"
    assert run_one(make_repo({"README.md": intro}), "documentation.readme_sections").status is Status.PASS


def test_a_request_sample_holds_dummies_unless_a_provider_issued_them(make_repo):
    sample = (
        'mutation {\n  refreshToken(token: "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VySWQiOiIx'
        'In0.q8Zr2LmW7vXc4Ny9Tb1Kp3") { accessToken }\n}\n'
    )
    assert (
        run_one(make_repo({"graphql/auth.graphql": sample}), "secrets.no_hardcoded_secrets").status
        is Status.PASS
    )
    stripe = "sk_live_" + "51HxYz8aBcDeFgHiJkLmNoPq"
    real = make_repo({"requests/pay.http": f"POST /v1/charges\nAuthorization: Bearer {stripe}\n"})
    assert run_one(real, "secrets.no_hardcoded_secrets").status is Status.FAIL
