"""Classes the calibration corpus showed wrong on session 28's tune batches (twenty-one health-tech
repositories, from a Figma mock-up and Lovable or Claude Code prototypes on Supabase and Firebase to
a Terraform-run marketplace, a pgTAP-tested Japanese SaaS and a Turkish LMS with a DR drill in CI),
each reproduced small. Authentication: a two-factor flag in a browser form, a 429 relayed from an AI
provider, a root infographic naming audit_logs, archived SQL, an access-log table. Backup: a managed
cluster's switch, a Vercel cron, a `dr:drill` step, Thai and ampersand headings, a specification's
RTO. Errors and monitoring: bare excepts among thousands of catches, Sentry in the browser as the
global rejection handler, a Sentry config left as a comment, PostHog's exception capture, a beacon's
route in a constant, a Firestore readiness probe, a JSON logger building its entry, nestjs-pino.
Environments: an optional staging heading, staging documents under docs/, a committed .env, Google
Cloud's runtime variables. Compliance: a consent recorded with its date, Korea's act, Turkey's KVKK
inventory, a spec's "BAA required", emailErr. Secrets and vendored code: Google OAuth and Meta
tokens, a .reference env file describing its values, a mock server's token, VS Code's .history/.
Performance: Create React App's unused web-vitals. Each test names the repository shape it stands
for."""

from __future__ import annotations

from readiness.model import Level, Status
from tests.repo_check_support import cited, run_one

VITE_SUPABASE = {
    "package.json": '{"dependencies": {"vite": "5", "react": "18", "@supabase/supabase-js": "2"}}'
}


def _missing(finding) -> str:
    return finding.message.split("missing:")[-1].lower() if "missing:" in finding.message else ""


def test_a_two_factor_toggle_in_a_browser_form_is_no_mfa(make_repo):
    """patientpro-nexus's admin Settings page keeps `twoFactor: false` in its state and a switch
    flips it: nothing verifies a second factor. Supabase's `auth.mfa` called from the browser does,
    so does quhealthy's two-factor screen talking to its API, and a server's two-factor module."""
    toggle = "const [settings, setSettings] = useState({\n  twoFactor: false,\n})\n"
    form = make_repo({**VITE_SUPABASE, "src/pages/admin/Settings.tsx": toggle})
    assert "mfa" in _missing(run_one(form, "auth_security.controls"))
    enrol = "const { data } = await supabase.auth.mfa.enroll({ factorType: 'totp' })\n"
    called = make_repo({**VITE_SUPABASE, "src/components/TwoFactorAuth.tsx": enrol})
    assert "mfa" not in _missing(run_one(called, "auth_security.controls"))
    screen = "export function PatientTwoFactorPage() {\n  return <SharedTwoFactorManager />\n}\n"
    page = make_repo({**VITE_SUPABASE, "src/pages/PatientTwoFactorPage.tsx": screen})
    assert "mfa" not in _missing(run_one(page, "auth_security.controls"))
    server = make_repo(
        {"server/app/auth/services.py": "def verify_two_factor(code):\n    return totp.verify(code)\n"}
    )
    assert "mfa" not in _missing(run_one(server, "auth_security.controls"))


ATLAS_CLUSTER = (
    'resource "mongodbatlas_advanced_cluster" "this" {\n'
    '  name = "${var.prefix}-cluster"\n'
    '  backup_enabled = var.environment_name == "staging" ? false : true\n'
    "}\n"
)


def test_a_managed_cluster_s_own_backup_switch_is_an_automated_backup(make_repo):
    """hospitaljobsin turns on MongoDB Atlas's backups for every environment but staging in its
    Terraform module; a switch set to false backs nothing up."""
    on = make_repo({"infrastructure/modules/mongodb/database.tf": ATLAS_CLUSTER})
    finding = run_one(on, "backup.automated")
    assert finding.status is Status.PASS
    assert ("infrastructure/modules/mongodb/database.tf", 3) in cited(finding)
    off = ATLAS_CLUSTER.replace('var.environment_name == "staging" ? false : true', "false")
    assert run_one(make_repo({"database.tf": off}), "backup.automated").status is Status.INCONCLUSIVE


def _catches(count: int) -> str:
    return "".join(
        f"export async function load{n}() {{\n  try {{\n    await fetch('/api/{n}')\n"
        f"  }} catch (error) {{\n    logger.error('load {n} failed', error)\n  }}\n}}\n"
        for n in range(count)
    )


OCR_SERVICE = "".join(
    f"def read_{n}(image):\n    try:\n        return ocr(image)\n    except:\n        return None\n"
    for n in range(5)
)


def test_a_side_service_s_bare_excepts_among_thousands_of_catches_are_a_lapse(make_repo):
    """MedFlow's OCR service has five bare `except:` among the 2,888 catches of the product; in a
    Python product of a few dozen clauses, the same five are its habit."""
    product = make_repo(
        {"backend/controllers/visits.js": _catches(300), "ocr-service/app/ocr.py": OCR_SERVICE}
    )
    assert run_one(product, "error_handling.bare_except").status is Status.PASS
    python_only = make_repo(
        {f"app/module_{n}.py": OCR_SERVICE.replace("read_", f"read_{n}_") for n in range(2)}
        | {"app/named.py": "def f():\n    try:\n        g()\n    except ValueError:\n        raise\n"}
    )
    assert run_one(python_only, "error_handling.bare_except").status is Status.FAIL


def test_two_bare_fallbacks_in_one_file_are_one_lapse(make_repo):
    """hospitaljobsin's mail parser falls back to the raw payload twice with a bare `except:`; its
    other except clauses name what they catch."""
    parser = (
        "def decode(payload):\n    try:\n        return payload.decode()\n"
        "    except:\n        return payload\n"
    ) * 2
    named = "".join(
        f"def step_{n}():\n    try:\n        run({n})\n"
        "    except KeyError as exc:\n        log.warning(exc)\n"
        for n in range(12)
    )
    repo = make_repo({"server/app/mailbox/messages.py": parser, "server/app/jobs/services.py": named})
    assert run_one(repo, "error_handling.bare_except").status is Status.PASS


def test_a_pre_production_step_a_report_calls_optional_is_no_staging(make_repo):
    """MedFlow's final verification report lists recommendations under "### Pre-Production
    (Optional)"; a deployment guide's "## Staging server" describes one that exists."""
    report = "## Recommendations\n\n### Pre-Production (Optional)\n1. Add validation messages\n"
    optional = make_repo({"docs/reports/final-verification.md": report})
    assert run_one(optional, "environments.staging").status is Status.FAIL
    guide = "## Staging server\nstaging.example.org runs the release candidate.\n"
    assert run_one(make_repo({"docs/DEPLOYMENT.md": guide}), "environments.staging").status is Status.PASS


def test_a_consent_the_product_records_with_its_date_is_a_consent_feature(make_repo):
    """MedFlow's Patient model keeps `consentGiven` and `consentDate` before storing a face
    encoding: the product asks, and keeps the proof."""
    model = (
        "const biometricSchema = new mongoose.Schema({\n"
        "  consentGiven: { type: Boolean, default: false },\n"
        "  consentDate: { type: Date, default: null },\n"
        "})\n"
    )
    finding = run_one(make_repo({"backend/models/Patient.js": model}), "compliance.gdpr_documentation")
    assert finding.status is Status.PASS
    assert ("backend/models/Patient.js", 2) in cited(finding)
    silent = make_repo(
        {"backend/models/Patient.js": "const schema = new mongoose.Schema({ name: String })\n"}
    )
    assert run_one(silent, "compliance.gdpr_documentation").status is Status.INCONCLUSIVE


def test_a_sentry_config_file_left_with_a_comment_initialises_nothing(make_repo):
    """PatientFlow removed Sentry for PostHog and left sentry.server.config.ts and
    instrumentation-client.ts holding a comment; the same files calling Sentry.init, loaded by
    next.config's withSentryConfig, set it up."""
    stub = {
        "package.json": '{"dependencies": {"next": "15", "react": "19"}}',
        "sentry.server.config.ts": "// Sentry has been removed. PostHog is now used for analytics.\n",
        "instrumentation-client.ts": (
            "// PostHog is used instead of Sentry.\nexport const onRouterTransitionStart = undefined\n"
        ),
    }
    assert run_one(make_repo(stub), "monitoring.error_tracking").status is Status.FAIL
    wired = stub | {
        "sentry.server.config.ts": (
            'import * as Sentry from "@sentry/nextjs"\nSentry.init({ dsn: process.env.SENTRY_DSN })\n'
        ),
        "next.config.ts": (
            'import { withSentryConfig } from "@sentry/nextjs"\nexport default withSentryConfig({})\n'
        ),
    }
    finding = run_one(make_repo(wired), "monitoring.error_tracking")
    assert finding.status is Status.PASS
    assert ("sentry.server.config.ts", None) in cited(finding)


def test_a_privacy_page_under_korea_s_data_protection_act_is_aware(make_repo):
    """patient-signal's privacy page is written under 개인정보 보호법 (Korea's Personal Information
    Protection Act), with the rights of the 정보주체; a page that names no law is generic."""
    page = (
        "export default function Privacy() {\n"
        "  return <p>개인정보 보호법에 따라 열람과 삭제를 요구할 수 있습니다.</p>\n}\n"
    )
    aware = make_repo({"apps/web/src/app/privacy/page.tsx": page})
    assert run_one(aware, "compliance.gdpr_documentation").status is Status.PASS
    generic = make_repo({"apps/web/src/app/privacy/page.tsx": page.replace("개인정보 보호법에 따라 ", "")})
    assert run_one(generic, "compliance.gdpr_documentation").status is Status.FAIL


def test_a_vercel_cron_calling_a_backup_route_is_an_automated_backup(make_repo):
    """Lover Clinic's vercel.json schedules /api/cron/whole-system-backup-daily every night; its other
    crons send reminders and back nothing up."""
    crons = (
        '{\n  "crons": [\n    { "path": "/api/cron/line-reminder-fire", "schedule": "*/5 * * * *" },\n'
        '    { "path": "/api/cron/whole-system-backup-daily", "schedule": "0 20 * * *" }\n  ]\n}\n'
    )
    finding = run_one(make_repo({"vercel.json": crons}), "backup.automated")
    assert finding.status is Status.PASS
    assert ("vercel.json", 4) in cited(finding)
    reminders = crons.replace("whole-system-backup-daily", "stock-lot-cleanup")
    assert run_one(make_repo({"vercel.json": reminders}), "backup.automated").status is Status.INCONCLUSIVE


def test_a_thai_runbook_heading_keeping_the_english_terms_documents_a_backup(make_repo):
    """Lover Clinic's restore runbook is written in Thai and keeps "restore" and "backup" in English
    under its second scenario's heading; a Thai heading about something else documents nothing."""
    runbook = "# RUNBOOK\n\n## สถานการณ์ 2 — ข้อมูลเสีย/หาย (ต้อง restore จาก backup)\n1. เปิด Backup Manager\n"
    finding = run_one(make_repo({"docs/RUNBOOK-restore.md": runbook}), "backup.strategy_documented")
    assert finding.status is Status.PASS
    assert ("docs/RUNBOOK-restore.md", 3) in cited(finding)
    other = "# RUNBOOK\n\n## สถานการณ์ 1 — Deploy แล้วแอปพัง\n1. rollback\n"
    assert run_one(make_repo({"docs/RUNBOOK-restore.md": other}), "backup.strategy_documented").status is (
        Status.INCONCLUSIVE
    )


def test_an_error_beacon_posting_to_a_route_kept_in_a_constant_reports_errors(make_repo):
    """Lover Clinic's errorBeacon.js keeps `BEACON_ENDPOINT = '/api/client-error'` and posts each
    browser crash there; a constant naming any other route reports nothing."""
    beacon = (
        "export const BEACON_ENDPOINT = '/api/client-error';\n"
        "export function report(body) {\n  navigator.sendBeacon(BEACON_ENDPOINT, body)\n}\n"
    )
    vite = {"package.json": '{"dependencies": {"vite": "5", "react": "18"}}'}
    finding = run_one(make_repo({**vite, "src/lib/errorBeacon.js": beacon}), "monitoring.error_tracking")
    assert finding.status is Status.PASS
    assert ("src/lib/errorBeacon.js", 1) in cited(finding)
    elsewhere = beacon.replace("/api/client-error", "/api/patients")
    assert run_one(make_repo({**vite, "src/lib/api.js": elsewhere}), "monitoring.error_tracking").status is (
        Status.FAIL
    )


def test_a_health_route_that_reads_one_firestore_document_is_the_readiness_probe(make_repo):
    """SCAGO's app/api/health/route.ts reads one survey from Firestore and reports the database
    down when it cannot: readiness, with no dependency-free liveness beside it."""
    probing = (
        "export async function GET() {\n  const firestore = getAdminFirestore();\n"
        "  await firestore.collection('surveys').limit(1).get();\n  return Response.json({ ok: true });\n}\n"
    )
    finding = run_one(make_repo({"src/app/api/health/route.ts": probing}), "monitoring.liveness_readiness")
    assert finding.message == "Missing probe(s): liveness."


def test_posthog_s_exception_capture_is_error_tracking_its_analytics_are_not(make_repo):
    """HAVEN's instrumentation-client.ts starts PostHog with `capture_exceptions: true`, PostHog's
    error tracking; a PostHog started for page views alone tracks no error."""
    init = (
        'import posthog from "posthog-js";\n\nposthog.init(process.env.NEXT_PUBLIC_POSTHOG_KEY!, {\n'
        '  api_host: "/ingest",\n  capture_exceptions: true,\n});\n'
    )
    deps = {"package.json": '{"dependencies": {"next": "15", "react": "19", "posthog-js": "1"}}'}
    finding = run_one(make_repo({**deps, "instrumentation-client.ts": init}), "monitoring.error_tracking")
    assert finding.status is Status.PASS
    assert ("instrumentation-client.ts", 5) in cited(finding)
    analytics = init.replace("  capture_exceptions: true,\n", "")
    assert run_one(
        make_repo({**deps, "instrumentation-client.ts": analytics}), "monitoring.error_tracking"
    ).status is (Status.FAIL)


def test_a_specification_s_objectives_are_no_plan_nor_agreement(make_repo):
    """telehealth-booking's specs/SRS-1-ARCHITECTURE.md requires "RTO ≤1 hour" and its security
    spec a heading "Business Associate Agreements Required": what is to be built. The same lines in
    the team's operations docs are a plan and a register."""
    srs = "## 13.5 Backup & Disaster Recovery\n| NFR-RELY-3 | Recovery Time Objective (RTO) | 4 hours |\n"
    baa = "#### Business Associate Agreements Required\n- hosting provider\n"
    specs = make_repo({"specs/SRS-1-ARCHITECTURE.md": srs, "specs/SRS-4-COMMS-SECURITY.md": baa})
    assert run_one(specs, "backup.disaster_recovery_plan").status is Status.INCONCLUSIVE
    assert run_one(specs, "compliance.gdpr_coverage").status is Status.INCONCLUSIVE
    kept = make_repo({"docs/operations/dr-plan.md": srs, "docs/compliance/agreements.md": baa})
    assert run_one(kept, "backup.disaster_recovery_plan").status is Status.PASS
    assert run_one(kept, "compliance.gdpr_coverage").status is Status.PASS


AI_ROUTE = (
    "export async function POST(req) {\n  const result = await callModels(req)\n"
    "  if (result.quotaExhausted) {\n"
    "    return new Response('models returned 429', { status: 429, headers: { 'Retry-After': '60' } })\n"
    "  }\n  return Response.json(result)\n}\n"
)


def test_passing_on_a_provider_s_exhausted_quota_limits_no_one(make_repo):
    """The Venezuelan CRM's doctor/ai route answers 429 with Retry-After when every AI model it
    calls is out of quota; a module that counts each client's requests in a window and answers 429
    limits them."""
    relay = make_repo({"app/api/doctor/ai/route.ts": AI_ROUTE})
    assert run_one(relay, "auth_security.rate_limiting").status is Status.FAIL
    counted = AI_ROUTE.replace(
        "const result", "const windowMs = 60_000\n  if (hits(req, windowMs) > 30) {}\n  const result"
    )
    assert run_one(
        make_repo({"app/api/doctor/ai/route.ts": counted}), "auth_security.rate_limiting"
    ).status is (Status.PASS)


def test_a_root_component_nothing_imports_records_no_audit_log(make_repo):
    """The Venezuelan CRM keeps project-architecture-infographic.jsx at its root, a diagram naming an
    `audit_logs` table; nothing imports it, and no audit trail is written anywhere."""
    diagram = 'export default function Infographic() {\n  return <Table name="audit_logs" />\n}\n'
    deps = {"package.json": '{"dependencies": {"next": "15", "react": "19"}, "scripts": {"dev": "next dev"}}'}
    repo = make_repo({**deps, "project-architecture-infographic.jsx": diagram})
    assert "audit log" in _missing(run_one(repo, "auth_security.controls"))
    used = make_repo(
        {**deps, "src/lib/audit.ts": "export const logAudit = (e) => db.insert(audit_logs).values(e)\n"}
    )
    assert "audit log" not in _missing(run_one(used, "auth_security.controls"))


def test_archived_sql_and_documents_about_staging_are_not_the_product_s(make_repo):
    """seikotsuin keeps an archived copy of old SQL (docs/archive/sql-reference-assets/) whose tables
    have no row level security, and a docs/…/staging/README.md saying "Status: NOT_RUN" beside
    release gates planning `environment: staging`; its migrations secure every table."""
    migration = (
        "create table public.customers (id uuid primary key);\n"
        "alter table public.customers enable row level security;\n"
        "create policy own on public.customers using (auth.uid() = id);\n"
    )
    repo = make_repo(
        {
            **VITE_SUPABASE,
            "supabase/migrations/0001_init.sql": migration,
            "docs/archive/sql-reference-assets/schema.sql": "create table roles (id int primary key);\n",
            "docs/evidence/staging/README.md": "# Staging evidence\n\nStatus: **NOT_RUN**.\n",
            "docs/releases/gate-status.yaml": "gates:\n  - environment: staging\n    status: planned\n",
        }
    )
    assert run_one(repo, "auth_security.row_level_security").status is Status.PASS
    assert run_one(repo, "environments.staging").status is Status.FAIL


def test_the_error_an_email_send_throws_is_no_email_address(make_repo):
    """The Venezuelan CRM logs `console.error('Error sending email:', emailErr)` when the
    confirmation mail fails: an error, not the patient's address; logging the address is."""
    catch = (
        "try {\n  await sendMail(patient)\n} catch (emailErr) {\n"
        "  console.error('Error sending email:', emailErr)\n}\n"
    )
    page = "app/doctor/consultations/page.tsx"
    assert run_one(make_repo({page: catch}), "compliance.personal_data_in_logs").status is Status.PASS
    leaked = catch.replace("emailErr)\n}", "emailErr, patient.email)\n}")
    assert run_one(make_repo({page: leaked}), "compliance.personal_data_in_logs").status is Status.FAIL


def test_a_google_oauth_secret_and_a_meta_token_are_real_secrets_committed(make_repo):
    """CORTEX's tracked .env.clean holds a Google OAuth client secret (GOCSPX-…) and a WhatsApp
    Business access token (EAA…): provider keys, real wherever written; a placeholder is not."""
    secret = "GOCSPX-" + "Rk7Tq2Vw9Zc4Xb8Nm3Lp6Hj1Fd5S"
    token = "EAA" + "GzT4kQ9vLm2Rx7Nc5Wb8Jh3Pd6Fs1Yt0Ua" * 4
    env = f"GOOGLE_CLIENT_SECRET={secret}\nMETA_WHATSAPP_TOKEN={token}\n"
    finding = run_one(make_repo({"backend/settings.env": env}), "secrets.no_hardcoded_secrets")
    assert finding.status is Status.FAIL and finding.shows is Level.ABSENT
    assert {("backend/settings.env", 1), ("backend/settings.env", 2)} <= cited(finding)
    placeholder = make_repo(
        {"backend/settings.env": "GOOGLE_CLIENT_SECRET=GOCSPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"}
    )
    assert run_one(placeholder, "secrets.no_hardcoded_secrets").status is Status.PASS


def test_a_table_logging_who_read_patient_data_is_an_audit_log(make_repo):
    """hbmedical's phi_access_log records each read of protected health information, inserted by
    the server; a table of page views is no audit trail."""
    table = "create table public.phi_access_log (id bigserial primary key, user_id uuid, resource text);\n"
    logged = make_repo({"supabase/migrations/0001_phi_access_log.sql": table})
    assert run_one(logged, "auth_security.audit_log").status is Status.PASS
    views = make_repo({"supabase/migrations/0001_views.sql": table.replace("phi_access_log", "page_views")})
    assert run_one(views, "auth_security.audit_log").status is Status.FAIL


def test_a_committed_env_file_documents_its_variables_and_the_platform_sets_its_own(make_repo):
    """Open Hospital's client commits .env and .env.development with its flags, which document them
    as an example file would; the portal's Cloud Functions read GCLOUD_PROJECT and FIREBASE_CONFIG,
    which Google's runtime sets. A variable nothing lists is still undocumented."""
    code = (
        "const mock = process.env.REACT_APP_USE_MOCK_API\nconst project = process.env.GCLOUD_PROJECT\n"
        "const firebase = process.env.FIREBASE_CONFIG\n"
    )
    files = {"src/index.js": code, ".env": "REACT_APP_USE_MOCK_API=false\n"}
    assert run_one(make_repo(files), "environments.env_documented").status is Status.PASS
    extra = {**files, "src/flags.js": "const flag = process.env.LABORAL_ESCRITURA_SIN_RRHH\n"}
    finding = run_one(make_repo(extra), "environments.env_documented")
    assert finding.status is Status.FAIL
    assert "LABORAL_ESCRITURA_SIN_RRHH" in finding.message and "GCLOUD_PROJECT" not in finding.message


def test_a_mock_server_s_token_is_the_mock_s(make_repo):
    """Open Hospital's client develops against src/mockServer, whose login route answers a made-up
    JWT; the same token in the client's own code would be written into the product."""
    route = (
        'export const login = () => ({\n  token: "'
        + "eyJhbGciOi"
        + 'JIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.Qk3vX9pLm2Rt7Wz4",\n})\n'
    )
    assert run_one(
        make_repo({"src/mockServer/routes/auth.js": route}), "secrets.no_hardcoded_secrets"
    ).status is (Status.PASS)
    assert run_one(make_repo({"src/libraries/auth.js": route}), "secrets.no_hardcoded_secrets").status is (
        Status.FAIL
    )


def test_a_browser_tracker_catches_the_rejections_no_chain_handles(make_repo):
    """The hospital LMS leaves a third of its promise chains without .catch, but Sentry runs in the
    browser (sentry.client.config.ts), whose global handlers report every unhandled rejection; a
    server-only Sentry reports none of the browser's."""
    chains = "".join(
        f"export function copy{n}(t) {{\n"
        "  navigator.clipboard.writeText(t).then(() => { toast('ok') })\n}\n"
        for n in range(6)
    )
    sentry = 'import * as Sentry from "@sentry/nextjs"\nSentry.init({ dsn: process.env.SENTRY_DSN })\n'
    files = {
        "package.json": '{"dependencies": {"next": "15", "react": "19"}}',
        "apps/web/src/components/copy.tsx": chains,
    }
    browser = make_repo({**files, "apps/web/sentry.client.config.ts": sentry})
    assert run_one(browser, "error_handling.promise_rejections").status is Status.PASS
    server = make_repo({**files, "apps/web/sentry.server.config.ts": sentry})
    assert run_one(server, "error_handling.promise_rejections").status is Status.FAIL


def test_a_disaster_recovery_drill_the_pipeline_runs_is_a_restore_test(make_repo):
    """The hospital LMS's CI runs `pnpm --filter web dr:drill` (backup, wipe, restore, verify) on
    every change; a pipeline that only builds tests no restore."""
    workflow = (
        "on: [push, pull_request]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: pnpm --filter web dr:drill\n"
    )
    finding = run_one(make_repo({".github/workflows/ci.yml": workflow}), "backup.restore_tested")
    assert finding.status is Status.PASS
    built = workflow.replace("dr:drill", "build")
    assert run_one(make_repo({".github/workflows/ci.yml": built}), "backup.restore_tested").status is (
        Status.INCONCLUSIVE
    )


def test_a_kvkk_processing_inventory_is_a_register(make_repo):
    """The hospital LMS keeps docs/kvkk-veri-isleme-envanteri.md, Turkey's KVKK processing inventory
    ("# KVKK Veri İşleme Envanteri"): the register the GDPR calls a record of processing."""
    inventory = "# KVKK Veri İşleme Envanteri, Yurt Dışı Aktarım\n\n| Veri kategorisi | Amaç |\n"
    finding = run_one(
        make_repo({"docs/kvkk-veri-isleme-envanteri.md": inventory}), "compliance.gdpr_coverage"
    )
    assert finding.status is Status.PASS
    assert ("docs/kvkk-veri-isleme-envanteri.md", None) in cited(finding)


def test_a_reference_env_file_describing_its_values_holds_no_secret(make_repo):
    """The hospital LMS's .env.production.reference writes
    `LICENSE_RECEIPT_PRIVATE_KEY=base64-of-ed25519-receipt-private-jwk`: a description of the value,
    in a file written to show the variables. A drawn key there is still a secret."""
    described = make_repo(
        {".env.production.reference": "LICENSE_RECEIPT_PRIVATE_KEY=base64-of-ed25519-receipt-private-jwk\n"}
    )
    assert run_one(described, "secrets.no_hardcoded_secrets").status is Status.PASS
    assert run_one(described, "secrets.env_not_tracked").status is Status.PASS
    drawn = make_repo(
        {".env.production.reference": "LICENSE_RECEIPT_PRIVATE_KEY=q8Vz3KpL0wXr7NtY2mB5cJ9hF4\n"}
    )
    assert run_one(drawn, "secrets.no_hardcoded_secrets").status is Status.FAIL


def test_a_logger_that_builds_its_entry_then_writes_it_as_json_is_structured(make_repo):
    """The hospital LMS's src/lib/logger.ts builds `{ level, tag, msg, ts }` and writes
    `console[level](JSON.stringify(entry))` in production; printing a message as is stays bare."""
    logger = (
        "function log(level, tag, message) {\n"
        "  const entry = { level, tag, msg: message, ts: new Date().toISOString() }\n"
        "  console[level === 'info' ? 'log' : level](JSON.stringify(entry))\n}\n"
        "export const logger = { info: (t, m) => log('info', t, m) }\n"
    )
    finding = run_one(make_repo({"apps/web/src/lib/logger.ts": logger}), "monitoring.structured_logging")
    assert finding.status is Status.PASS
    bare = "export const log = (message) => console.log(message)\n"
    assert run_one(
        make_repo({"apps/web/src/lib/logger.ts": bare}), "monitoring.structured_logging"
    ).status is (Status.FAIL)


def test_an_editor_s_local_history_is_no_code_of_the_product(make_repo):
    """A student's MERN project commits VS Code's .history/ snapshots, among them an old
    index_20250830174328.js applying express-rate-limit that the current backend no longer has."""
    old = "const limiter = rateLimit({ windowMs: 60000, max: 100 })\napp.use(limiter)\n"
    history = make_repo(
        {".history/backend/index_20250830174328.js": old, "backend/index.js": "app.listen(5000)\n"}
    )
    assert run_one(history, "auth_security.rate_limiting").status is Status.FAIL
    live = make_repo({"backend/index.js": old})
    assert run_one(live, "auth_security.rate_limiting").status is Status.PASS


def test_create_react_app_s_unused_web_vitals_measures_nothing(make_repo):
    """Create React App's template imports web-vitals in src/reportWebVitals.js and calls
    `reportWebVitals()` with nothing to report to; passing it a function measures."""
    files = {
        "package.json": '{"dependencies": {"react": "18", "react-scripts": "5", "web-vitals": "2"}}',
        "src/reportWebVitals.js": "import { getCLS } from 'web-vitals';\n"
        "const reportWebVitals = (onPerfEntry) => { if (onPerfEntry) getCLS(onPerfEntry) };\n"
        "export default reportWebVitals;\n",
        "src/index.js": "import reportWebVitals from './reportWebVitals';\nreportWebVitals();\n",
    }
    assert run_one(make_repo(files), "performance.measured").status is Status.FAIL
    sent = {
        **files,
        "src/index.js": (
            "import reportWebVitals from './reportWebVitals';\nreportWebVitals(sendToAnalytics);\n"
        ),
    }
    assert run_one(make_repo(sent), "performance.measured").status is Status.PASS


def test_a_heading_joining_words_with_an_ampersand_names_backups(make_repo):
    """The Philippine telehealth app's deploy notes keep "## Cost & backups": RDS automated backups
    and the manual snapshots taken before a change."""
    notes = "## Cost & backups\n- RDS automated backups ON (daily window); manual snapshots before changes\n"
    finding = run_one(make_repo({"deploy/aws/README.md": notes}), "backup.strategy_documented")
    assert finding.status is Status.PASS
    assert ("deploy/aws/README.md", 1) in cited(finding)


def test_a_framework_s_binding_of_a_structured_logger_is_one(make_repo):
    """The Philippine telehealth API imports LoggerModule from nestjs-pino, Nest's binding of pino;
    a Nest app with only its console Logger writes plain text."""
    module = (
        'import { LoggerModule } from "nestjs-pino"\n\n'
        "@Module({ imports: [LoggerModule.forRoot()] })\nexport class AppModule {}\n"
    )
    bound = make_repo({"apps/api/src/app.module.ts": module})
    assert run_one(bound, "error_handling.structured_reporting").status is Status.PASS
    plain = make_repo({"apps/api/src/app.module.ts": module.replace("nestjs-pino", "@nestjs/common")})
    assert run_one(plain, "error_handling.structured_reporting").status is Status.FAIL
