"""Classes the calibration corpus showed wrong on clinic products (session 24's tune batch: a Lovable
clinic manager on TanStack Start, an Azure patient-intake app, a free clinic's volunteer hub on
Vercel, Overseerr, a Lovable patient CRM, a therapist's patient portal), each reproduced small:
sample values typed in order, hex keys, names about a secret, a test runner's setup files, preview
deploys, staging named by branch and heading, dated restore drills, the provider's point-in-time
recovery, Azure's tracker, Brazil's data-protection law and HIPAA's agreements, admin screens named
"terms", router navigation, a component's own cache map and a library fetched from a public CDN.
Each test names the repository shape it stands for."""

from __future__ import annotations

import json

from readiness.assessment import assess
from readiness.model import Level, Status
from tests.repo_check_support import AS_OF, cited, repo_config, run_one


def test_values_typed_in_order_are_test_dummies(make_repo):
    """Rallly's .env.test: a cron secret and a password spelled as digit and hex runs."""
    repo = make_repo(
        {
            ".gitignore": ".env\n",
            "apps/web/.env.test": "CRON_SECRET=1234567890abcdef1234567890abcdef1234\n"
            "SECRET_PASSWORD=abcdef1234567890abcdef1234567890\n",
            "apps/web/src/env.ts": "export const secret = process.env.CRON_SECRET;\n",
        }
    )
    finding = run_one(repo, "secrets.no_hardcoded_secrets")
    assert finding.status is Status.PASS, finding.message


def test_a_hex_api_key_written_in_server_code_is_found(make_repo):
    """Overseerr's TMDB key: 32 hex digits score under the entropy bar set for mixed alphabets."""
    repo = make_repo(
        {
            "server/api/themoviedb/index.ts": "const client = create({\n"
            "  params: {\n    api_key: 'db55323b8d3e4154498498a75642b381',\n  },\n});\n",
        }
    )
    finding = run_one(repo, "secrets.no_hardcoded_secrets")
    assert finding.status is Status.FAIL, finding.message
    assert ("server/api/themoviedb/index.ts", 3) in cited(finding)


def test_a_setting_about_a_password_is_no_secret_fallback(make_repo):
    """The intake app's breach check sends its own User-Agent; a real fallback still counts."""
    about = make_repo(
        {
            "src/lib/password-breach.ts": "const agent = process.env.PASSWORD_BREACH_USER_AGENT "
            "|| 'HealthAssistAI/1.0';\n",
        }
    )
    assert run_one(about, "secrets.no_hardcoded_fallbacks").status is Status.PASS
    real = make_repo({"src/lib/session.ts": "const key = process.env.SESSION_SECRET || 'k3y-9fQ2-zz81';\n"})
    assert run_one(real, "secrets.no_hardcoded_fallbacks").status is Status.FAIL


def test_a_test_runners_setup_file_is_test_code(make_repo):
    """HAVEN Hub's vitest.setup.ts gives the test run an AUTH_SECRET of its own."""
    repo = make_repo(
        {
            ".gitignore": ".env\n",
            "vitest.setup.ts": "process.env.AUTH_SECRET = process.env.AUTH_SECRET ?? 'test-only-value-1';\n",
            "src/auth.ts": "export const secret = process.env.AUTH_SECRET!;\n",
        }
    )
    assert run_one(repo, "secrets.no_hardcoded_fallbacks").status is Status.PASS


def test_a_preview_deploy_on_pull_requests_need_not_wait_for_the_tests(make_repo):
    """HAVEN Hub deploys each pull request to a Vercel preview beside its CI; production stays gated."""
    ci = (
        "on:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: npm test\n"
    )
    preview = (
        "on:\n  pull_request:\njobs:\n  deploy-preview:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: vercel deploy --prebuilt --target=preview --token=$TOKEN\n"
    )
    repo = make_repo(
        {
            ".github/workflows/ci.yml": ci,
            ".github/workflows/neon-preview.yml": preview,
            "vercel.json": "{}\n",
        }
    )
    assert run_one(repo, "ci_cd.deploy_gated").status is not Status.FAIL
    prod = make_repo(
        {
            ".github/workflows/ci.yml": ci,
            ".github/workflows/ship.yml": preview.replace("--target=preview", "--prod"),
        }
    )
    assert run_one(prod, "ci_cd.deploy_gated").status is Status.FAIL


def test_staging_named_by_its_branch_or_its_heading_is_staging(make_repo):
    branch = make_repo(
        {
            "vercel.json": json.dumps(
                {
                    "ignoreCommand": '[ "$VERCEL_GIT_COMMIT_REF" != "main" ] && '
                    '[ "$VERCEL_GIT_COMMIT_REF" != "staging" ]'
                }
            )
        }
    )
    assert run_one(branch, "environments.staging").status is Status.PASS
    heading = make_repo({"docs/DEPLOY.md": "# Deploy\n\n## Staging environment (`staging.example.org`)\n"})
    assert run_one(heading, "environments.staging").status is Status.PASS
    neither = make_repo({"docs/DEPLOY.md": "# Deploy\n\n## Stage 1 build the image\n"})
    assert run_one(neither, "environments.staging").status is Status.FAIL


def test_a_dated_restore_drill_report_is_a_restore_test(make_repo):
    """The intake app keeps docs/compliance/evidence/restore-drill-2026-03-02.md."""
    repo = make_repo(
        {"docs/compliance/evidence/restore-drill-2026-03-02.md": "# Backup and Restore Drill Report\n"}
    )
    finding = run_one(repo, "backup.restore_tested")
    assert finding.status is Status.PASS, finding.message
    assert finding.data["last"] == "2026-03-02"


def test_point_in_time_recovery_named_in_the_operations_guide_is_a_strategy(make_repo):
    """HAVEN Hub's deploy guide restores through Neon's point-in-time recovery."""
    repo = make_repo(
        {"docs/DEPLOY.md": "# Deploy\n\nIf it partially applied, restore via Neon point-in-time recovery.\n"}
    )
    assert run_one(repo, "backup.strategy_documented").status is Status.PASS
    product = make_repo({"docs/features.md": "# Features\n\nPITR explained for our users' own databases.\n"})
    assert run_one(product, "backup.strategy_documented").status is not Status.PASS


def test_application_insights_is_an_error_tracker(make_repo):
    repo = make_repo(
        {
            "package.json": json.dumps({"dependencies": {"next": "15", "applicationinsights": "2"}}),
            "src/lib/telemetry.ts": "import * as appInsights from 'applicationinsights';\n"
            "appInsights.setup(process.env.APPLICATIONINSIGHTS_CONNECTION_STRING).start();\n",
        }
    )
    finding = run_one(repo, "monitoring.error_tracking")
    assert finding.status is Status.PASS, finding.message
    assert ("src/lib/telemetry.ts", 2) in cited(finding)


def test_consent_under_brazils_data_protection_law_is_gdpr_aware(make_repo):
    """The Lovable clinic manager asks consent for facial biometrics under the LGPD."""
    repo = make_repo(
        {
            "src/components/clientes/cliente-form.tsx": "<DialogTitle>Consentimento LGPD — biometria facial"
            "</DialogTitle>\n",
        }
    )
    assert run_one(repo, "compliance.gdpr_documentation").status is Status.PASS


def test_a_business_associate_agreement_register_is_a_processors_agreement(make_repo):
    repo = make_repo(
        {
            "docs/privacy.md": "# Privacy\n\nWe honour the GDPR right to erasure.\n",
            "docs/compliance/vendor-baa-register.md": "# Vendor BAA register\n\nAzure: BAA signed.\n",
        }
    )
    assert run_one(repo, "compliance.gdpr_coverage").status is Status.PASS
    baas = make_repo(
        {"docs/privacy.md": "# Privacy\n\nGDPR.\n", "docs/stack.md": "# Stack\n\nSupabase is a BaaS.\n"}
    )
    assert run_one(baas, "compliance.gdpr_coverage").status is not Status.PASS
    # HAVEN Hub's agent-written design plans production hosting "under Yale's BAA": a plan, no register
    plan = make_repo(
        {
            "docs/privacy.md": "# Privacy\n\nGDPR.\n",
            "docs/superpowers/specs/2026-06-06-platform-design.md": "Hosting under Yale's BAA register.\n",
            "docs/design.md": "# Design\n\nProduction is hosted under the university's BAA.\n",
        }
    )
    assert run_one(plan, "compliance.gdpr_coverage").status is not Status.PASS


def test_an_admin_screen_managing_terms_is_no_legal_page(make_repo):
    """HAVEN Hub's admin/terms lists the clinic's semesters; its compliance stays inconclusive."""
    repo = make_repo(
        {"src/app/(app)/admin/terms/page.tsx": "export default function TermsListPage() { return null; }\n"}
    )
    result = assess(repo_config(repo), as_of=AS_OF).result("compliance")
    assert result.level is Level.INCONCLUSIVE


def test_router_navigation_chains_are_no_floating_promises(make_repo):
    """Overseerr scrolls to the top once the router has navigated."""
    calls = "\n".join(
        f"export function go{i}(router) {{ router.push('/page/{i}').then(() => window.scrollTo(0, 0)); }}"
        for i in range(8)
    )
    repo = make_repo({"src/hooks/useSearchInput.ts": calls + "\n"})
    assert run_one(repo, "error_handling.promise_rejections").status is Status.PASS
    fetches = "\n".join(
        f"export function get{i}() {{ fetch('/api/{i}').then((r) => r.json()); }}" for i in range(8)
    )
    assert (
        run_one(make_repo({"src/api.ts": fetches + "\n"}), "error_handling.promise_rejections").status
        is Status.FAIL
    )


def test_a_components_own_cache_map_is_no_caching_layer(make_repo):
    """The patient CRM memoises HEIC conversions in a Map called cache inside a hook."""
    repo = make_repo(
        {
            "package.json": json.dumps({"dependencies": {"react": "18", "vite": "5"}}),
            "src/hooks/useHeicUrl.tsx": "const cache = new Map();\n"
            "export function useHeicUrl(url) {\n  if (cache.has(url)) return cache.get(url);\n"
            "  cache.set(url, convert(url));\n  return cache.get(url);\n}\n",
        }
    )
    assert run_one(repo, "performance.caching").status is Status.FAIL


def test_a_library_fetched_from_a_public_cdn_is_not_the_products_cdn(make_repo):
    repo = make_repo(
        {
            "src/lib/face-recognition.ts": 'const MODEL_URL = "https://cdn.jsdelivr.net/gh/someone/face-api.js'
            '@master/weights";\n',
        }
    )
    assert run_one(repo, "performance.cdn").status is Status.FAIL


def test_documents_in_docs_stand_for_a_missing_readme(make_repo):
    """The clinic manager has no README but architecture notes and a restore guide in docs/."""
    notes = "# Arquitetura da agenda\n\n" + "".join(f"- parte {i}\n" for i in range(12))
    repo = make_repo({"docs/agenda/arquitetura.md": notes})
    assert run_one(repo, "documentation.readme").status is Status.PASS
    assert run_one(repo, "documentation.api_docs").status is Status.PASS


def test_an_api_clients_collection_holds_sample_passwords(make_repo):
    """PatientNova's Bruno collection changes a password from one sample to another."""
    body = '{\n  "currentPassword": "OldPassword123!",\n  "newPassword": "NewPassword456!"\n}\n'
    repo = make_repo(
        {
            "Bruno Collection/Users/Change Password.bru": "body:json {\n" + body + "}\n",
            "api.postman_collection.json": body,
        }
    )
    assert run_one(repo, "secrets.no_hardcoded_secrets").status is Status.PASS


def test_a_providers_key_in_an_example_or_a_test_page_is_a_lapse_not_a_blocker(make_repo):
    """LEVELS.md: dummy keys in tests and fixtures are no secrets, real-looking values outside
    production a lapse; the same key in the product's code sinks the criterion."""
    key = "AKIA" + "QZ7RWM2KJ4TN5XPL"
    sample = make_repo(
        {
            "examples/upload.py": f"s3 = boto3.client('s3', aws_access_key_id='{key}')\n",
            "static/js/api-tests.html": f"<script>var k = '{key}';</script>\n",
        }
    )
    finding = run_one(sample, "secrets.no_hardcoded_secrets")
    assert finding.status is Status.FAIL and not finding.blocker and finding.shows is Level.PARTIAL
    live = make_repo({"app/storage.py": f"s3 = boto3.client('s3', aws_access_key_id='{key}')\n"})
    finding = run_one(live, "secrets.no_hardcoded_secrets")
    assert finding.blocker and finding.shows is Level.ABSENT


def test_a_bundle_budget_a_pipeline_enforces_through_scripts_is_an_audit(make_repo):
    """MPB Health's CI runs `pnpm verify:crm-bundle`, which builds and runs check:bundle-size."""
    repo = make_repo(
        {
            "package.json": json.dumps({"scripts": {"verify:crm-bundle": "pnpm build:verify"}}),
            "apps/crm/package.json": json.dumps(
                {
                    "scripts": {
                        "build:verify": "pnpm build && pnpm check:bundle-size",
                        "check:bundle-size": "node x.mjs",
                    }
                }
            ),
            ".github/workflows/ci.yml": "on:\n  pull_request:\njobs:\n  build:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: pnpm verify:crm-bundle\n",
        }
    )
    assert run_one(repo, "performance.audited").status is Status.PASS


def test_a_table_left_open_among_hundreds_is_a_lapse_not_a_missing_control(make_repo):
    tables = "".join(
        f"create table public.t{i} (id int);\nalter table public.t{i} enable row level security;\n"
        f"create policy p{i} on public.t{i} for select using (auth.uid() is not null);\n"
        for i in range(60)
    )
    repo = make_repo(
        {
            "package.json": json.dumps({"dependencies": {"@supabase/supabase-js": "2", "react": "18"}}),
            "src/lib/client.ts": "import { createClient } from '@supabase/supabase-js';\n"
            "export const db = createClient(url, key);\nexport const rows = () => db.from('t1').select();\n",
            "supabase/migrations/1_tables.sql": tables
            + "create table public.failed_login_attempts (id int);\n",
        }
    )
    finding = run_one(repo, "auth_security.row_level_security")
    assert finding.status is Status.PASS and finding.data["tables"] == ["failed_login_attempts"]


def test_a_draft_document_is_a_plan_not_evidence(make_repo):
    """The SaaS template's README.draft.md plans a backup strategy and a 1000 RPS target."""
    repo = make_repo(
        {
            "backend/docs/README.draft.md": "# README draft\n\n## Status\nWork in progress\n\n"
            "## Backup Strategy\nDaily pg_dump to R2.\n\nDesigned to handle up to 1000 RPS.\n"
        }
    )
    assert run_one(repo, "backup.strategy_documented").status is not Status.PASS
    assert run_one(repo, "scalability.target_stated").status is not Status.PASS


def test_point_in_time_recovery_named_in_passing_is_no_strategy(make_repo):
    repo = make_repo(
        {"docs/rebrand/README.md": "# Rebrand\n\nIf anything regresses, roll back. (Worst case: PITR.)\n"}
    )
    assert run_one(repo, "backup.strategy_documented").status is not Status.PASS


def test_a_terms_of_use_page_component_is_a_legal_page(make_repo):
    """The Health Equity Tracker's TermsOfUsePage.tsx holds a generic US privacy policy."""
    repo = make_repo(
        {
            "frontend/src/pages/TermsOfUsePage/TermsOfUsePage.tsx": "export default () => "
            "<p>We are committed to protecting your online privacy.</p>;\n"
        }
    )
    result = assess(repo_config(repo), as_of=AS_OF).result("compliance")
    assert result.level is Level.PROTOTYPE


def test_a_privacy_notice_under_mexicos_law_is_gdpr_aware(make_repo):
    repo = make_repo({"app/privacy/page.tsx": "<h2>Derechos ARCO</h2><p>Conforme a la LFPDPPP…</p>\n"})
    assert run_one(repo, "compliance.gdpr_documentation").status is Status.PASS


def test_the_products_own_second_factor_screens_are_mfa(make_repo):
    """The health marketplace's front end has a 2FA settings page for patients and providers."""
    repo = make_repo(
        {
            "app/patient/dashboard/settings/security/2fa/page.tsx": "import { SharedTwoFactorManager } from "
            "'@/components/auth/SharedTwoFactorManager';\nexport default function PatientTwoFactorPage() "
            "{ return <SharedTwoFactorManager />; }\n"
        }
    )
    finding = run_one(repo, "auth_security.controls")
    assert "mfa" not in finding.message.split("missing:")[-1], finding.message


def test_a_chat_widgets_website_token_in_the_page_is_public_by_design(make_repo):
    """The marketplace's layout embeds its chat widget with the website token every visitor receives."""
    token = "8NAP7B6kCJdHWj4S3vem" + "xeJb"
    widget = make_repo(
        {"app/[locale]/layout.tsx": f"window.chatwootSDK.run({{\n  websiteToken: '{token}',\n}});\n"}
    )
    assert run_one(widget, "secrets.no_hardcoded_secrets").status is Status.PASS
    server = make_repo({"server/chat.py": f"API_TOKEN = '{token}'\n"})
    assert run_one(server, "secrets.no_hardcoded_secrets").status is Status.FAIL


def test_end_to_end_tests_marked_by_pytest_are_end_to_end(make_repo):
    """The FastAPI SaaS template marks its full-flow tests @pytest.mark.e2e beside its integration ones."""
    test = (
        "import pytest\n\n@pytest.mark.e2e\ndef test_signup_flow(client):\n"
        "    assert client.get('/').status_code\n"
    )
    repo = make_repo(
        {
            "backend/tests/api/test_flows.py": test,
            "backend/tests/test_units.py": "def test_x():\n    assert 1\n",
        }
    )
    finding = run_one(repo, "tests.kinds")
    assert finding.data["kinds"]["e2e"], finding.message


def test_variables_the_platform_sets_need_no_example(make_repo):
    """HAVEN Hub reads NEXT_RUNTIME and VERCEL_ENV, which Next.js and Vercel set themselves."""
    repo = make_repo(
        {
            ".env.example": "DATABASE_URL=postgresql://localhost/app\n",
            "src/instrumentation.ts": "const edge = process.env.NEXT_RUNTIME === 'edge';\n"
            "const phase = process.env.NEXT_PHASE;\nconst sha = process.env.VERCEL_GIT_COMMIT_SHA;\n"
            "const db = process.env.DATABASE_URL;\n",
        }
    )
    assert run_one(repo, "environments.env_documented").status is Status.PASS


def test_login_attempts_counted_by_the_database_are_rate_limiting(make_repo):
    """The Lovable patient CRM's login function refuses a sixth attempt within 15 minutes."""
    sql = (
        "create table public.rate_limit_log (ip text, at timestamptz);\n"
        "create function public.check_login(ip text) returns boolean as $$\n"
        "declare rate_limit_count integer;\nbegin\n"
        "  select count(*) into rate_limit_count from public.rate_limit_log\n"
        "  where at > now() - interval '15 min';\n"
        "  return rate_limit_count < 5;\nend $$ language plpgsql;\n"
    )
    repo = make_repo({"supabase/migrations/1_login.sql": sql})
    finding = run_one(repo, "auth_security.controls")
    assert "rate limiting" not in finding.message.split("missing:")[-1], finding.message


def test_a_fallback_to_the_word_password_is_an_insecure_default_not_a_key(make_repo):
    """Taiga's Docker settings and the hospital demo fall back to 'password' for the mail server."""
    repo = make_repo(
        {
            "docker/config.py": "import os\n"
            "EMAIL_HOST_PASSWORD = os.getenv('EMAIL_HOST_PASSWORD', 'password')\n",
            "app/lib/send-email.ts": "const pass = process.env.SMTP_PASSWORD || 'password';\n",
        }
    )
    finding = run_one(repo, "secrets.no_hardcoded_fallbacks")
    assert finding.status is Status.FAIL and finding.shows is Level.PARTIAL


def test_a_static_url_on_localhost_is_no_cdn(make_repo):
    local = make_repo({"settings/common.py": 'STATIC_URL = "http://localhost:8000/static/"\n'})
    assert run_one(local, "performance.cdn").status is Status.FAIL
    cdn = make_repo({"settings/common.py": 'STATIC_URL = "https://d111.cloudfront.net/static/"\n'})
    assert run_one(cdn, "performance.cdn").status is Status.PASS


def test_errors_mailed_to_admins_track_errors_beside_an_unused_sdk(make_repo):
    """Taiga lists sentry-sdk among optional requirements but mails server errors to its admins."""
    logging = (
        "LOGGING = {\n    'handlers': {\n        'mail_admins': {'level': 'ERROR', "
        "'class': 'django.utils.log.AdminEmailHandler'},\n    },\n"
        "    'loggers': {'django': {'handlers': ['mail_admins']}},\n}\n"
    )
    admins = "ADMINS = (('Admin', 'ops@example.org'),)\n"
    repo = make_repo({"requirements.txt": "django\nsentry-sdk\n", "settings/common.py": admins + logging})
    assert run_one(repo, "monitoring.error_tracking").status is Status.PASS


def test_a_user_cancelling_their_account_is_a_deletion_feature(make_repo):
    repo = make_repo(
        {"taiga/users/signals.py": "from django.dispatch import Signal\nuser_cancel_account = Signal()\n"}
    )
    assert run_one(repo, "compliance.gdpr_documentation").status is Status.PASS


def test_a_catch_that_says_why_the_failure_is_expected_is_deliberate(make_repo):
    """The telehealth portal's Supabase client: cookies cannot be set from a Server Component."""
    code = (
        "export function setAll(store, cookies) {\n  try {\n    cookies.forEach((c) => store.set(c));\n"
        "  } catch {\n    // setAll is called from Server Components where cookies cannot be set.\n  }\n}\n"
    )
    finding = run_one(make_repo({"src/lib/supabase/server.ts": code}), "error_handling.no_swallowed_errors")
    assert finding.status is Status.PASS and not finding.evidence, finding.message


def test_a_management_command_printing_to_its_operator_is_no_log(make_repo):
    """Taiga's dump_project_async prints the user it was given back to the terminal."""
    command = "def handle(self, username_or_email):\n    print('Sent as user {}'.format(username_or_email))\n"
    repo = make_repo({"taiga/export_import/management/commands/dump_project_async.py": command})
    assert run_one(repo, "compliance.personal_data_in_logs").status is Status.PASS
    logged = make_repo({"taiga/users/api.py": "logger.info('cancel %s', user.email)\n"})
    assert run_one(logged, "compliance.personal_data_in_logs").status is Status.FAIL


def test_a_nested_apps_gitignore_does_not_govern_the_roots_env(make_repo):
    """Twilio's telehealth app tracks a root .env of empty key slots; only app/.gitignore ignores
    .env.local, for the Next.js app inside."""
    repo = make_repo(
        {
            ".gitignore": "node_modules\n.env.localhost\n",
            "app/.gitignore": ".env.local\n",
            ".env": "APPLICATION_NAME=telehealth\nTWILIO_API_KEY_SECRET=\nADMINISTRATOR_PASSWORD=\n",
            "functions/auth.js": "const key = process.env.TWILIO_API_KEY_SECRET;\n",
        }
    )
    finding = run_one(repo, "secrets.env_not_tracked")
    assert finding.status is Status.FAIL and finding.shows is Level.PROTOTYPE, finding.message


def test_a_fallback_in_the_development_settings_module_is_a_local_value(make_repo):
    """The cancer-care API's config/settings/local.py defaults the compose database's password."""
    local = "import os\nPASSWORD = os.getenv('POSTGRES_PASSWORD', 'telehealth_pass')\n"
    assert run_one(
        make_repo({"config/settings/local.py": local}), "secrets.no_hardcoded_fallbacks"
    ).status is (Status.PASS)
    prod = make_repo({"config/settings/production.py": local})
    assert run_one(prod, "secrets.no_hardcoded_fallbacks").status is Status.FAIL


def test_a_dated_restore_drill_written_in_the_deploy_guide_is_a_restore_test(make_repo):
    """The Turkish telehealth platform's DEPLOY.md records its last PITR drill and its steps."""
    guide = "# Deploy\n\n## Yedekleme\n\n- **Son PITR provası: 2026-07-03 (neonctl ile, GEÇTİ).**\n"
    finding = run_one(make_repo({"DEPLOY.md": guide}), "backup.restore_tested")
    assert finding.status is Status.PASS and finding.data["last"] == "2026-07-03", finding.message
    planned = make_repo({"DEPLOY.md": "# Deploy\n\nPlan a restore drill for 2027-01-15.\n"})
    assert run_one(planned, "backup.restore_tested").status is not Status.PASS


def test_a_scheduled_pipeline_probing_the_live_product_is_uptime_monitoring(make_repo):
    """The Turkish telehealth platform checks eight live routes every thirty minutes from Actions."""
    synthetic = (
        "on:\n  schedule:\n    - cron: '*/30 * * * *'\njobs:\n  probe:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: node scripts/synthetic-checks.mjs\n"
    )
    repo = make_repo({".github/workflows/synthetic.yml": synthetic})
    assert run_one(repo, "monitoring.alerting").status is Status.PASS
    on_push = make_repo(
        {".github/workflows/ci.yml": synthetic.replace("schedule:\n    - cron: '*/30 * * * *'", "push:")}
    )
    assert run_one(on_push, "monitoring.alerting").status is Status.FAIL
