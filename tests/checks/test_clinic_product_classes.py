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
            "vitest.setup.ts": "process.env.AUTH_SECRET = process.env.AUTH_SECRET ?? 'test-only-secret-value';\n",
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
                    "ignoreCommand": '[ "$VERCEL_GIT_COMMIT_REF" != "main" ] && [ "$VERCEL_GIT_COMMIT_REF" != "staging" ]'
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


def test_related_rows_loaded_eagerly_are_an_ad_hoc_speed_measure(make_repo):
    """lootmann's tweet API loads each tweet's author with selectinload: the N+1 avoided."""
    repo = make_repo(
        {
            "app/crud.py": "stmt = select(Tweet).options(selectinload(Tweet.author))\n",
            "requirements.txt": "fastapi\n",
        }
    )
    assert run_one(repo, "performance.ad_hoc_measures").status is Status.PASS
    plain = make_repo({"app/crud.py": "stmt = select(Tweet)\n", "requirements.txt": "fastapi\n"})
    assert run_one(plain, "performance.ad_hoc_measures").status is Status.FAIL
