"""Classes the calibration corpus showed wrong on health-record products (session 25's tune batch: a
UK clinical product on FastAPI and Cloud Run, a SMART on FHIR client, a Replit-built personal health
record, an AI-written dental CRM monorepo, a wellness clinic's Next.js system), each reproduced
small: uptime alerts without a tracker, Cloud Build pipelines, a logger set up but barely used, a
DPIA named among duties, a HIPAA-aware privacy notice, Identity Platform's browser key, placeholder
fallbacks, Replit's agent folder, Caddy's cache headers, Cloud CDN, restore procedures and the
server-only packages of a monorepo. Each test names the repository shape it stands for."""

from __future__ import annotations

from readiness.assessment import assess
from readiness.model import Level, Status
from tests.repo_check_support import AS_OF, cited, repo_config, run_one

UPTIME_ALERTS = (
    'resource "google_monitoring_uptime_check_config" "health" {\n  display_name = "Health"\n}\n'
    'resource "google_monitoring_alert_policy" "uptime" {\n  display_name = "Uptime failure"\n}\n'
)


def test_uptime_alerts_without_a_tracker_are_partial_monitoring(make_repo):
    """Quill Medical: GCP uptime checks on /api/health with alert policies, no error tracker. Someone
    is told the product is down: more than a health route alone, short of tracked errors."""
    files = {
        "backend/app/main.py": "@app.get('/api/health')\ndef health():\n    return {'ok': True}\n",
        "infra/modules/monitoring/main.tf": UPTIME_ALERTS,
    }
    finding = run_one(make_repo(files), "monitoring.error_tracking")
    assert finding.status is Status.FAIL and finding.shows is Level.PARTIAL, finding.message
    assert ("infra/modules/monitoring/main.tf", 4) in cited(finding)
    level = assess(repo_config(make_repo(files)), as_of=AS_OF).result("monitoring").level
    assert level is Level.PARTIAL
    del files["infra/modules/monitoring/main.tf"]
    assert run_one(make_repo(files), "monitoring.error_tracking").shows is None


def test_a_nightly_build_smoke_test_is_no_uptime_probe(make_repo):
    """privacyIDEA's nightly workflow builds the image, starts it and smoke-tests that fresh copy;
    a scheduled workflow that only probes the live site is a probe."""
    nightly = (
        "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  smoke:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: docker compose -f deploy/compose.yaml up -d\n"
        "      - run: ./deploy/scripts/smoke-test.sh\n"
    )
    built = make_repo({".github/workflows/nightly.yml": nightly})
    assert run_one(built, "monitoring.alerting").status is Status.FAIL
    live = nightly.replace("      - run: docker compose -f deploy/compose.yaml up -d\n", "")
    assert run_one(make_repo({".github/workflows/nightly.yml": live}), "monitoring.alerting").status is (
        Status.PASS
    )


def test_a_json_formatter_imported_from_its_submodule_is_server_logging(make_repo):
    """Quill Medical's logging_config.py: `from pythonjsonlogger.json import JsonFormatter`."""
    repo = make_repo(
        {
            "backend/app/logging_config.py": "import logging\n"
            "from pythonjsonlogger.json import JsonFormatter\n\n"
            "def setup():\n    handler = logging.StreamHandler()\n"
            "    handler.setFormatter(JsonFormatter())\n",
        }
    )
    assert run_one(repo, "monitoring.server_logs").status is Status.PASS


def test_a_logger_most_catches_bypass_is_no_structured_reporting(make_repo):
    """Tabula Medica: pino set up in server/lib/logger.ts, reached by a handful of catches while
    thousands print to the console. Where the logger is what catches use, it counts."""
    printing = "\n".join(
        f"export async function route{n}(res) {{\n  try {{\n    await work();\n  }} catch (error) {{\n"
        f"    console.error('route {n} failed', error);\n    res.status(500).json({{ error: 'failed' }});\n"
        "  }\n}\n"
        for n in range(12)
    )
    logging = printing.replace("console.error(", "logger.error(")
    logger = "import pino from 'pino';\nexport const logger = pino();\n"
    files = {"package.json": '{"dependencies": {"pino": "9"}}', "server/lib/logger.ts": logger}
    bypassed = run_one(
        make_repo({**files, "server/routes.ts": printing}), "error_handling.structured_reporting"
    )
    assert bypassed.status is Status.FAIL and bypassed.shows is Level.PARTIAL, bypassed.message
    used = run_one(make_repo({**files, "server/routes.ts": logging}), "error_handling.structured_reporting")
    assert used.status is Status.PASS, used.message


def test_a_dpia_named_among_duties_is_no_register(make_repo):
    """Quill Medical's regulatory framework lists "UK GDPR compliance, DPIA, ICO registration" as
    duties, and the FHIR client's privacy policy tells deployers to decide on a DPA and a DPIA: no
    register is kept. A DPIA of its own, as a file or a section, is one."""
    privacy = "# Privacy\n\nWe honour the GDPR right to erasure.\n"
    named = make_repo(
        {
            "docs/privacy.md": privacy,
            "docs/regulatory-framework.md": "| **Data Protection** | UK GDPR compliance, DPIA, ICO |\n"
            "Deployers should decide their DPA, DPIA and retention.\n",
        }
    )
    assert run_one(named, "compliance.gdpr_coverage").status is Status.FAIL
    for kept in (
        {"docs/dpia.md": "# Assessment\n\nRisks.\n"},
        {"docs/legal.md": "## Sub-processors\n\n| AWS |\n"},
    ):
        finding = run_one(make_repo({"docs/privacy.md": privacy, **kept}), "compliance.gdpr_coverage")
        assert finding.status is Status.PASS, (kept, finding.message)


def test_log_calls_in_comments_and_open_literals_write_no_field(make_repo):
    """Tabula Medica: a logger's usage notes (` *   console.log("user logged in", { userId, email })`)
    and an audit line whose template literal runs on (`[HIPAA-AUDIT][PATIENT-EDUCATION] ${JSON…`).
    A caregiver's e-mail logged in code still counts."""
    repo = make_repo(
        {
            "server/lib/logger.ts": "/**\n * Conversion pattern:\n"
            ' *   console.log("user logged in", { userId, email })\n'
            " */\nexport const logger = pino();\n",
            "server/education.ts": "function audit(entry) {\n"
            "  console.log(`[HIPAA-AUDIT][PATIENT-EDUCATION] ${JSON.stringify({\n    action: entry.action,\n"
            "  })}`);\n}\n",
        }
    )
    assert run_one(repo, "compliance.personal_data_in_logs").status is Status.PASS
    logged = make_repo({"server/invite.ts": "console.log(`Inviting caregiver:`, { email, relationship });\n"})
    finding = run_one(logged, "compliance.personal_data_in_logs")
    assert finding.status is Status.FAIL and ("server/invite.ts", 1) in cited(finding)


def test_a_hipaa_privacy_notice_with_patients_rights_is_privacy_law_aware(make_repo):
    """Range Medical's privacy policy: HIPAA and a "Your Rights" list (access, correction, deletion)."""
    repo = make_repo(
        {
            "pages/privacy-policy.jsx": "export default function Privacy() {\n  return (<section>\n"
            "<h2>Your Rights</h2><li>Request access to the personal information we hold about you</li>\n"
            "<li>Request deletion of your personal information</li>\n</section>);\n}\n",
        }
    )
    finding = run_one(repo, "compliance.gdpr_documentation")
    assert finding.status is Status.PASS, finding.message


def test_identity_platforms_browser_key_and_placeholder_values_are_no_secrets(make_repo):
    """Tabula Medica's Dockerfile bakes Identity Platform's web key into the client build
    (`ENV VITE_GCIP_API_KEY=AIza…`), its mock share carries `token: 'expired-token-xyz789'`, and its
    AI clients fall back to "not-set" or "configure-in-env" when no key is given."""
    repo = make_repo(
        {
            ".gitignore": ".env\n",
            "Dockerfile": "FROM node:20\nENV VITE_GCIP_API_KEY=AIzaSyBCCtuVajEza6Qk3mPLc8vJx0Rt1uVwXyZ\n",
            "server/share.ts": "const expired = { id: 'share-002', token: 'expired-token-xyz789' };\n",
            "server/ai.ts": "const ai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY || 'not-set' });\n"
            "const secret = process.env.WEBHOOK_SECRET_EPIC || 'configure-in-env';\n",
        }
    )
    assert run_one(repo, "secrets.no_hardcoded_secrets").status is Status.PASS
    fallbacks = run_one(repo, "secrets.no_hardcoded_fallbacks")
    assert fallbacks.status is Status.FAIL and fallbacks.shows is Level.PARTIAL, fallbacks.message
    gemini = make_repo({"Dockerfile": "ENV VITE_GEMINI_API_KEY=AIzaSyBCCtuVajEza6Qk3mPLc8vJx0Rt1uVwXyZ\n"})
    assert run_one(gemini, "secrets.no_hardcoded_secrets").status is Status.FAIL


def test_replits_agent_folder_is_no_product_code(make_repo):
    """Tabula Medica's .local/skills/…/ErrorBoundary.tsx is a template the Replit agent keeps."""
    repo = make_repo(
        {
            ".local/skills/expo/files/components/ErrorBoundary.tsx": "export class ErrorBoundary extends "
            "React.Component {\n  componentDidCatch(error) {}\n}\n",
            "package.json": '{"dependencies": {"react": "19", "react-dom": "19", "vite": "6"}}',
            "src/App.tsx": "export default function App() {\n  return <Home />;\n}\n",
        }
    )
    assert run_one(repo, "error_handling.error_boundary").status is Status.FAIL


def test_a_cloud_build_pipeline_is_read_step_by_step(make_repo):
    """Tabula Medica's cloudbuild.yaml type-checks, builds and deploys to Cloud Run without tests:
    an automated deploy whose pipeline misses the test and lint gates, each step cited at its line."""
    cloudbuild = (
        "steps:\n  - id: 'install'\n    name: 'node:20-slim'\n    entrypoint: 'npm'\n    args: ['ci']\n"
        "  - id: 'type-check'\n    name: 'node:20-slim'\n    entrypoint: 'npx'\n"
        "    args: ['tsc', '--noEmit']\n"
        "  - id: 'deploy'\n    name: 'gcr.io/google.com/cloudsdktool/cloud-sdk'\n    entrypoint: 'gcloud'\n"
        "    args: ['run', 'deploy', 'api', '--region=us-central1']\n"
    )
    repo = make_repo(
        {"cloudbuild.yaml": cloudbuild, "package.json": '{"devDependencies": {"typescript": "5"}}'}
    )
    gates = run_one(repo, "ci_cd.quality_gates")
    assert gates.status is Status.FAIL and gates.data["missing"] == ["test", "lint"], gates.message
    assert ("cloudbuild.yaml", 6) in cited(gates)
    deploy = run_one(repo, "ci_cd.deploy_gated")
    assert deploy.status is Status.FAIL and ("cloudbuild.yaml", 10) in cited(deploy), deploy.message


def test_a_terraform_variable_named_for_backups_configures_none(make_repo):
    """Tabula Medica declares `variable "backup_retention_days"` and never uses it; Quill Medical's
    Cloud SQL instance sets its backup_configuration."""
    declared = make_repo({"terraform/variables.tf": 'variable "backup_retention_days" {\n  default = 7\n}\n'})
    assert run_one(declared, "backup.automated").status is Status.INCONCLUSIVE
    used = make_repo(
        {
            "infra/sql.tf": 'resource "google_sql_database_instance" "db" {\n  backup_configuration {\n'
            "    enabled = true\n  }\n}\n"
        }
    )
    assert run_one(used, "backup.automated").status is Status.PASS


def test_caddy_cache_headers_and_cloud_cdn_are_deliberate(make_repo):
    """Quill Medical's Caddyfile marks hashed assets immutable and its load balancer turns Cloud CDN
    on; the dental CRM's Cloudflare tunnel token routes traffic, it configures no CDN."""
    repo = make_repo(
        {
            "caddy/prod/Caddyfile": ":80 {\n  @hashed path /assets/*\n"
            '  header @hashed Cache-Control "public, max-age=31536000, immutable"\n}\n',
            "infra/modules/load-balancer/main.tf": 'resource "google_compute_backend_bucket" "web" {\n'
            "  enable_cdn  = true\n}\n",
        }
    )
    assert run_one(repo, "performance.caching").status is Status.PASS
    assert run_one(repo, "performance.cdn").status is Status.PASS
    tunnel = make_repo(
        {
            "infra/docker-compose.yml": "services:\n  tunnel:\n    environment:\n"
            "      - TUNNEL_TOKEN=${CLOUDFLARE_TUNNEL_TOKEN:-}\n"
        }
    )
    assert run_one(tunnel, "performance.cdn").status is Status.FAIL


def test_a_restore_procedure_section_is_a_runbook(make_repo):
    """Quill Medical's GCP guide heads a section "Restore procedure" with the commands to bring
    production back."""
    repo = make_repo(
        {"docs/infrastructure/gcp.md": "# GCP\n\n### Restore procedure\n\n```bash\nterraform apply\n```\n"}
    )
    finding = run_one(repo, "documentation.runbooks")
    assert finding.status is Status.PASS, finding.message


def test_a_monorepos_server_only_package_keeps_the_database_from_the_browser(make_repo):
    """MedicalCor's packages/core (pg, pino) and its Trigger.dev jobs use the Supabase client;
    the Next.js app only in a 'use server' action: row level security does not apply. A React
    package using the client would put the database within the browser's reach."""
    files = {
        "package.json": '{"private": true, "workspaces": ["apps/*", "packages/*"]}',
        "packages/core/package.json": '{"name": "@x/core", "dependencies": {"@supabase/supabase-js": "2",'
        ' "pg": "8", "pino": "9"}}',
        "packages/core/src/dsr-service.ts": "import { createClient } from '@supabase/supabase-js';\n"
        "export const db = createClient(url, key);\n",
        "supabase/migrations/1_init.sql": "create table patients (id uuid primary key);\n",
    }
    finding = run_one(make_repo(files), "auth_security.row_level_security")
    assert finding.status is Status.NOT_APPLICABLE, finding.message
    files["packages/core/package.json"] = files["packages/core/package.json"].replace(
        '"pg": "8"', '"react": "19"'
    )
    assert run_one(make_repo(files), "auth_security.row_level_security").status is Status.FAIL


def test_a_script_printing_json_is_no_structured_logger(make_repo):
    """The FHIR client's scripts/loop/gate.mjs prints its verdict as JSON; the app's catches print
    to the console. The same JSON line written by the server, and used by the catches, is a logger
    of the team's own."""
    line = "process.stdout.write(JSON.stringify({ level: 'error', msg: message }) + '\\n');\n"
    app = {"src/app.ts": "try {\n  run();\n} catch (error) {\n  console.error(error);\n}\n"}
    scripted = run_one(
        make_repo({**app, "scripts/loop/gate.mjs": line}), "error_handling.structured_reporting"
    )
    assert scripted.status is Status.FAIL and scripted.shows is None, scripted.message
    logged = {"src/app.ts": app["src/app.ts"].replace("console.error", "log.error"), "server/log.ts": line}
    served = run_one(make_repo(logged), "error_handling.structured_reporting")
    assert served.status is Status.PASS, served.message


# Session 25's second batch: a Lovable clinic SaaS, a Next.js doctor marketplace, a React + FastAPI
# patient demo and a Django clinic system.


def test_a_test_importing_only_its_runner_is_a_placeholder(make_repo):
    """The Lovable clinic SaaS's src/test/example.test.ts imports vitest and expects true to be
    true; a test importing the product's code is a test."""
    placeholder = (
        'import { describe, it, expect } from "vitest";\n\ndescribe("example", () => {\n'
        '  it("should pass", () => {\n    expect(true).toBe(true);\n  });\n});\n'
    )
    repo = make_repo(
        {"package.json": '{"devDependencies": {"vitest": "3"}}', "src/test/example.test.ts": placeholder}
    )
    finding = run_one(repo, "tests.test_files")
    assert finding.status is Status.FAIL and finding.shows is Level.PROTOTYPE, finding.message
    real = placeholder.replace('from "vitest";\n', 'from "vitest";\nimport { total } from "../lib/total";\n')
    repo = make_repo({"package.json": '{"devDependencies": {"vitest": "3"}}', "src/test/total.test.ts": real})
    assert run_one(repo, "tests.test_files").status is Status.PASS


def test_a_function_named_check_is_no_lint_gate(make_repo):
    """The Lovable SaaS deploys an edge function named check-ai-usage-alert on each push: no lint
    runs. `pnpm check` is one."""
    workflow = (
        "on:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: supabase functions deploy check-ai-usage-alert --project-ref $REF\n"
    )
    deployed = run_one(make_repo({".github/workflows/deploy.yml": workflow}), "ci_cd.quality_gates")
    assert deployed.status is Status.FAIL and "lint" in deployed.data["missing"], deployed.message
    checked = workflow.replace("      - run: supabase", "      - run: pnpm check\n      - run: supabase")
    gated = run_one(make_repo({".github/workflows/deploy.yml": checked}), "ci_cd.quality_gates")
    assert "lint" not in gated.data.get("missing", []), gated.message


def test_a_dev_servers_instant_preview_is_no_preview_deployment(make_repo):
    """Lovable's template README: "Start the development server with … an instant preview"."""
    readme = "# App\n\n```sh\n# Step 4: Start the development server with an instant preview.\n```\n"
    assert run_one(make_repo({"README.md": readme}), "ci_cd.preview_deploys").status is Status.FAIL
    named = readme + "\nEach pull request gets a preview deployment on Netlify.\n"
    assert run_one(make_repo({"README.md": named}), "ci_cd.preview_deploys").status is Status.PASS


def test_an_app_router_page_runs_on_the_server(make_repo):
    """The doctor marketplace's admin health page (app/[locale]/(admin)/admin/health/page.tsx, no
    'use client') lists which variables are set, SUPABASE_SERVICE_ROLE_KEY among them: a server
    component, no key sent to the browser. The same name read in a client component is."""
    page = 'const checks = [envStatus("SUPABASE_SERVICE_ROLE_KEY")];\nexport default function Page() {}\n'
    files = {
        "package.json": '{"dependencies": {"next": "15", "@supabase/supabase-js": "2"}}',
        "src/app/[locale]/admin/health/page.tsx": page,
    }
    assert run_one(make_repo(files), "secrets.service_role_exposure").status is Status.PASS
    files["src/app/[locale]/admin/health/page.tsx"] = '"use client";\n' + page
    assert run_one(make_repo(files), "secrets.service_role_exposure").status is Status.FAIL


def test_bracketed_placeholders_in_a_tracked_env_template_are_no_values(make_repo):
    """The FastAPI demo tracks backend/.env.supabase, a template whose URLs say [PASSWORD] and [region]."""
    template = "DATABASE_URL=postgresql+psycopg://postgres.abc:[PASSWORD]@aws-0-[region].pooler.supabase.com:6543/db\n"
    repo = make_repo({".gitignore": ".env\n", "backend/.env.supabase": template})
    assert run_one(repo, "secrets.env_not_tracked").status is Status.PASS


def test_a_database_session_injected_by_fastapi_is_no_login(make_repo):
    """The FastAPI demo's patients API takes `db = Depends(get_db)` and nothing else: anyone may
    call it. `Depends(get_current_user)` is a login."""
    route = (
        "from fastapi import APIRouter, Depends\nrouter = APIRouter()\n\n@router.get('/patients')\n"
        "def patients(db = Depends(get_db)):\n    return []\n"
    )
    assert run_one(make_repo({"app/routes.py": route}), "auth_security.authentication").status is Status.FAIL
    guarded = route.replace("db = Depends(get_db)", "user = Depends(get_current_user)")
    assert (
        run_one(make_repo({"app/routes.py": guarded}), "auth_security.authentication").status is Status.PASS
    )


def test_copilot_agents_folder_is_no_evidence(make_repo):
    """The FastAPI demo's .github/agents/speckit.specify.agent.md gives "10,000 concurrent users"
    as an example requirement: the assistant's template, not the product's target."""
    repo = make_repo(
        {".github/agents/speckit.specify.agent.md": '- "System supports 10,000 concurrent users"\n'}
    )
    assert run_one(repo, "scalability.target_stated").status is not Status.PASS


def test_djangos_generated_settings_pointer_is_no_second_environment(make_repo):
    """The Django clinic's manage.py sets DJANGO_SETTINGS_MODULE to its one settings module, which
    hard-codes DEBUG = True: one environment. Settings that read DEBUG from the environment, or a
    pointer at config.settings.local, serve two."""
    manage = "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'clinica_project.settings')\n"
    single = make_repo({"manage.py": manage, "clinica_project/settings.py": "DEBUG = True\n"})
    assert run_one(single, "environments.dev_prod_separated").status is Status.FAIL
    local = manage.replace("clinica_project.settings", "config.settings.local")
    assert run_one(make_repo({"manage.py": local}), "environments.dev_prod_separated").status is Status.PASS
    from_env = {"manage.py": manage, "clinica_project/settings.py": "DEBUG = env.bool('DEBUG', False)\n"}
    assert run_one(make_repo(from_env), "environments.dev_prod_separated").status is Status.PASS


def test_login_attempts_counted_in_the_cache_are_no_caching(make_repo):
    """The Django clinic counts login attempts per IP in Django's cache (core/tokens.py): rate
    limiting, not a measure for speed. A view's cached page is caching."""
    counter = (
        "def allowed(request):\n    tentativas = cache.get(chave, 0)\n    cache.set(chave, tentativas + 1)\n"
    )
    finding = run_one(make_repo({"core/tokens.py": counter}), "performance.caching")
    assert finding.status is Status.FAIL and not finding.evidence, finding.message
    cached = make_repo({"core/views.py": "@cache_page(60)\ndef home(request):\n    pass\n"})
    assert cited(run_one(cached, "performance.caching")) == {("core/views.py", 1)}
