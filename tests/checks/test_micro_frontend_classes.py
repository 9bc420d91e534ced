"""Classes the calibration corpus showed wrong on session 26's tune batches (OpenMRS's patient-chart
micro-frontends, CSIRO's SMART forms on AWS CDK, an AI-built dermatology EHR, a Lovable mental-health
EHR, a Next.js document library with an Apps Script bridge, then a NestJS and a Next.js + Keycloak
EHR), each reproduced small: a shared secret in mixed case, Yarn's committed release, a generated
README beside a real guide, an MFA column nobody uses, backups kept by CDK code, modules loaded on
demand by an app shell, the commands a job hands to a reusable workflow, a comment in a guide's
code block, a rate limiter no file imports, a development container's default password and a
password rule read by the browser. Each test names the repository shape it stands for."""

from __future__ import annotations

import json

from readiness.model import Level, Status
from readiness.secret_scan import default_scanner
from tests.repo_check_support import cited, run_one


def test_a_mixed_case_shared_secret_is_a_value_not_a_constant_name():
    """google_bridge.gs: `const SECRET_KEY = "NextJsBridge_74281"`. Only capitals make a
    CONSTANT_NAME (a setting that names the secret); mixed case with digits is the secret itself."""
    scanner = default_scanner()
    found = scanner.scan("google_bridge.gs", b'const SECRET_KEY = "NextJsBridge_74281";\n')
    assert [hit.rule for hit in found] == ["generic_secret_assignment"]
    assert scanner.scan("app.js", b'const SECRET_KEY = "SUPABASE_SERVICE_ROLE_KEY";\n') == []
    # a sample's dummy, in mixed case too (TeleHealth-Cancer-Backend's example.env)
    assert scanner.scan("example.env", b"STRIPE_WEBHOOK_SECRET='whsec_test123'\n") == []


def test_yarn_release_committed_in_the_repository_is_the_tool_s_code(make_repo):
    """OpenMRS commits .yarn/releases/yarn-4.10.3.cjs, which embeds Algolia's public search key;
    Yarn's code is no secret of the product's."""
    bundle = 'var c={appId:"OFCNCOG2CU",apiKey:"e8e1bd300d860104bb8c58453ffa1eb4",indexName:"npm-search"};\n'
    repo = make_repo({".yarn/releases/yarn-4.10.3.cjs": bundle})
    assert run_one(repo, "secrets.no_hardcoded_secrets").status is Status.PASS
    moved = make_repo({"src/search.js": bundle})
    assert run_one(moved, "secrets.no_hardcoded_secrets").status is Status.FAIL


LOVABLE_README = (
    "# Welcome to your Lovable project\n\n## Project info\n\n**URL**: https://lovable.dev/projects/x\n\n"
    + (
        "## How can I edit this code?\n\n```sh\ngit clone <YOUR_GIT_URL>\nnpm i\nnpm run dev\n```\n\n"
        "## How can I deploy this project?\n\nSimply open Lovable and click on Share -> Publish.\n"
    )
    + "\n".join(f"Lovable's generic line {n}." for n in range(50))
)


def test_the_app_builder_s_readme_is_boilerplate(make_repo):
    """valorwell-first-ehr: Lovable's stock README, the same for every app it generates (about 70
    lines, longer than a framework's); a README the team wrote sets the product up."""
    finding = run_one(make_repo({"README.md": LOVABLE_README}), "documentation.readme_sections")
    assert finding.status is Status.FAIL and finding.shows is Level.PROTOTYPE, finding.message
    # myhealth_checkup: the same README, and a restore runbook the team wrote (docs/)
    runbook = "# Restore runbook\n\n1. Restore the dump\n\n```sh\npg_restore db.dump\n```\n"
    operated = make_repo({"README.md": LOVABLE_README, "docs/BACKUP_RESTORE_TEST_RUNBOOK.md": runbook})
    assert run_one(operated, "documentation.readme_sections").status is Status.PASS
    own = LOVABLE_README.replace("# Welcome to your Lovable project", "# Valorwell clinician portal")
    assert run_one(make_repo({"README.md": own}), "documentation.readme_sections").status is Status.PASS


def test_a_setup_guide_beside_a_generated_readme_is_documentation(make_repo):
    """next_todo_supabase: create-next-app's README and SETUP_STORAGE.md, the steps to create the
    storage bucket. The guide is there whatever the README is, and is found by what it sets up."""
    readme = (
        "This is a [Next.js](https://nextjs.org) project bootstrapped with "
        "[`create-next-app`](https://nextjs.org/docs).\n\n## Getting Started\n\n```bash\nnpm run dev\n```\n"
    )
    guide = (
        "# Storage Bucket Setup\n\n1. Open the SQL editor\n\n"
        "```sql\ninsert into storage.buckets values ('documents');\n```\n"
    )
    alone = run_one(make_repo({"README.md": readme}), "documentation.readme_sections")
    assert alone.status is Status.FAIL and alone.shows is Level.PROTOTYPE
    finding = run_one(
        make_repo({"README.md": readme, "SETUP_STORAGE.md": guide}), "documentation.readme_sections"
    )
    assert finding.status is Status.PASS, finding.message
    assert "SETUP_STORAGE.md" in {path for path, _line in cited(finding)}


def test_an_mfa_column_nobody_reads_is_no_mfa(make_repo):
    """dermatology-ehr: `mfa_enabled BOOLEAN DEFAULT FALSE` in a migration and a colour '#3742FA' in
    a seed; no code enrols or checks a second factor. MFA code in the application counts."""
    files = {
        "package.json": '{"dependencies": {"express": "4", "express-rate-limit": "7", "jsonwebtoken": "9"}}',
        "backend/migrations/076_patient_intake.sql": "create table portal_accounts (\n"
        "  id uuid primary key,\n  mfa_enabled BOOLEAN DEFAULT FALSE\n);\n",
        "backend/src/db/seed.sql": "insert into categories values ('Biopsies', 12, 'scalpel', '#3742FA');\n",
    }
    planned = run_one(make_repo(files), "auth_security.controls")
    assert "mfa" in planned.message.split("missing:")[-1], planned.message
    files["backend/src/auth/totp.ts"] = (
        "export function verify(user, code) {\n  return totp.check(code, user.totp_secret);\n}\n"
    )
    built = run_one(make_repo(files), "auth_security.controls")
    assert "mfa" not in built.message.split("missing:")[-1], built.message


def test_backup_retention_set_in_cdk_code_is_automated_backup(make_repo):
    """smart-forms: an RDS DatabaseInstance with `backupRetention: Duration.days(7)` in AWS CDK
    TypeScript: the provider's automated backups, configured in code rather than in Terraform."""
    stack = (
        "this.database = new DatabaseInstance(this, 'Db', {\n  engine: DatabaseInstanceEngine.postgres({}),\n"
        "  backupRetention: Duration.days(7),\n  deletionProtection: true,\n});\n"
    )
    finding = run_one(make_repo({"deployment/shared/hapi-endpoint/lib/index.ts": stack}), "backup.automated")
    assert finding.status is Status.PASS
    assert ("deployment/shared/hapi-endpoint/lib/index.ts", 3) in cited(finding)
    test = make_repo({"deployment/shared/hapi-endpoint/test/index.test.ts": stack})
    assert run_one(test, "backup.automated").status is Status.INCONCLUSIVE


def test_modules_an_app_shell_loads_on_demand_are_code_splitting(make_repo):
    """OpenMRS: each micro-frontend registers its widgets as `getAsyncLifecycle(() =>
    import('./conditions/conditions-widget.component'), options)`, bundled by webpack/rspack, not
    Vite. Each import() of the app's own module in browser code is a chunk of its own."""
    registrations = "\n".join(
        f"export const widget{n} = getAsyncLifecycle(() => import('./widgets/widget{n}.component'), options);"
        for n in range(4)
    )
    manifest = {"dependencies": {"react": "18", "react-dom": "18"}, "devDependencies": {"webpack": "5"}}
    files = {"package.json": json.dumps(manifest), "packages/esm-conditions-app/src/index.ts": registrations}
    finding = run_one(make_repo(files), "performance.code_splitting")
    assert finding.status is Status.PASS, finding.message
    assert ("packages/esm-conditions-app/src/index.ts", 1) in cited(finding)
    server = make_repo({**files, "package.json": json.dumps({"dependencies": {"react": "18", "next": "15"}})})
    assert run_one(server, "performance.code_splitting").status is Status.FAIL
    # PatientNova's constants.ts names types by import(): nothing is loaded
    types = "\n".join(f"type Slot{n} = import('@/src/types/Appointment').Appointment;" for n in range(4))
    typed = make_repo({**files, "packages/esm-conditions-app/src/index.ts": types})
    assert run_one(typed, "performance.code_splitting").status is Status.FAIL


def test_commands_handed_to_a_reusable_workflow_gate_the_change(make_repo):
    """OpenMRS's ci.yml calls the organisation's build workflow with `verify_command: yarn verify`,
    and `verify` is `turbo run lint typescript test`: each package's eslint, tsc and vitest run on
    every pull request."""
    workflow = (
        "on:\n  pull_request:\n    branches: [main]\n  push:\n    branches: [main]\njobs:\n  build:\n"
        "    uses: openmrs/openmrs-contrib-gha-workflows/.github/workflows/build-frontend-module.yml@main\n"
        "    with:\n      verify_command: yarn verify\n"
    )
    root = {
        "scripts": {"verify": "turbo run lint typescript test --color"},
        "devDependencies": {"typescript": "5", "turbo": "2", "vitest": "3"},
    }
    package = {"scripts": {"lint": "eslint src", "typescript": "tsc", "test": "vitest run"}}
    files = {
        ".github/workflows/ci.yml": workflow,
        "package.json": json.dumps(root),
        "packages/esm-vitals-app/package.json": json.dumps(package),
        "packages/esm-vitals-app/src/vitals.test.ts": "test('renders', () => {});\n",
    }
    repo = make_repo(files)
    gates = run_one(repo, "ci_cd.quality_gates")
    assert gates.status is Status.PASS, gates.message
    assert (".github/workflows/ci.yml", 10) in cited(gates)
    assert run_one(repo, "tests.run_in_ci").status is Status.PASS
    handed = workflow.replace("verify_command: yarn verify", "node-version: 22")
    assert run_one(
        make_repo({**files, ".github/workflows/ci.yml": handed}), "ci_cd.quality_gates"
    ).status is (Status.FAIL)


def test_a_shell_comment_in_a_guide_s_code_block_is_no_runbook_heading(make_repo):
    """EHRConnect's integration guide: `# Execute with automatic failover` inside a ```js block. A
    comment in code is no section of the docs; the same words as a heading are."""
    guide = "# Integrations\n\n```js\n// retry\n# Execute with automatic failover\nawait run();\n```\n"
    assert run_one(make_repo({"docs/INTEGRATIONS.md": guide}), "documentation.runbooks").status is Status.FAIL
    written = guide.replace("```js\n// retry\n# Execute", "## Execute").replace("await run();\n```\n", "")
    assert (
        run_one(make_repo({"docs/INTEGRATIONS.md": written}), "documentation.runbooks").status is Status.PASS
    )


RATE_LIMIT_MODULE = (
    "const rateLimit = require('express-rate-limit');\n"
    "function createLimiter(options) {\n  const limiterConfig = { windowMs: 60000, max: 100, ...options };\n"
    "  return rateLimit(limiterConfig);\n}\nmodule.exports = { createLimiter };\n"
)


def test_a_rate_limit_middleware_no_file_imports_limits_nothing(make_repo):
    """EHRConnect's ehr-api/src/middleware/rate-limit.js builds limiters that index.js never
    requires. Mounted by the app, the same module limits every request."""
    index = "const express = require('express');\nconst app = express();\napp.listen(8000);\n"
    files = {"ehr-api/src/middleware/rate-limit.js": RATE_LIMIT_MODULE, "ehr-api/src/index.js": index}
    assert run_one(make_repo(files), "auth_security.rate_limiting").status is Status.FAIL
    mounted = index.replace(
        "const app = express();\n",
        "const { createLimiter } = require('./middleware/rate-limit');\nconst app = express();\n"
        "app.use(createLimiter());\n",
    )
    finding = run_one(make_repo({**files, "ehr-api/src/index.js": mounted}), "auth_security.rate_limiting")
    assert finding.status is Status.PASS
    assert ("ehr-api/src/middleware/rate-limit.js", 4) in cited(finding)


def test_a_development_container_s_default_password_is_a_lapse_not_a_leak(make_repo):
    """EHRConnect's docker-compose.yml: `postgres://medplum:medplum123@postgres:5432/medplum`, the
    compose service's default, on a host only the compose network resolves: a lapse to fix before
    production (partial), as umami's `POSTGRES_PASSWORD: umami` is, not a leaked credential that
    sinks the criterion. A drawn password there, or a default on a real host, is still a secret."""
    scanner = default_scanner()
    default = b"      DATABASE_URL: postgres://medplum:medplum123@postgres:5432/medplum\n"
    assert [hit.rule for hit in scanner.scan("docker-compose.yml", default)] == ["container_default_password"]
    lapse = run_one(make_repo({"docker-compose.yml": default.decode()}), "secrets.no_hardcoded_secrets")
    assert lapse.status is Status.FAIL and lapse.shows is Level.PARTIAL
    drawn = "      DATABASE_URL: postgres://app:Xk93jfQ2pz8@db:5432/app\n"
    leak = run_one(make_repo({"docker-compose.yml": drawn}), "secrets.no_hardcoded_secrets")
    assert leak.status is Status.FAIL and leak.shows is Level.ABSENT
    public = b"      DATABASE_URL: postgres://app:medplum123@db.prod.internal:5432/app\n"
    assert [hit.rule for hit in scanner.scan("docker-compose.yml", public)] == ["database_url_password"]


def test_a_password_rule_read_by_the_browser_is_no_secret(make_repo):
    """mentalspace-ehr's environmentConfig.ts reads VITE_PASSWORD_MIN_LENGTH: a setting about
    passwords, no password. VITE_ADMIN_PASSWORD would ship one to every visitor."""
    rule = "export const minLength = Number(import.meta.env.VITE_PASSWORD_MIN_LENGTH ?? 12);\n"
    repo = make_repo({"apps/frontend/src/utils/environmentConfig.ts": rule})
    assert run_one(repo, "secrets.vite_exposure").status is Status.PASS
    shipped = rule.replace("VITE_PASSWORD_MIN_LENGTH", "VITE_ADMIN_PASSWORD")
    exposed = make_repo({"apps/frontend/src/utils/environmentConfig.ts": shipped})
    assert run_one(exposed, "secrets.vite_exposure").status is Status.FAIL


def test_loguru_writing_text_is_said_to_be_imported_not_missing(make_repo):
    """fastapi_best_architecture's backend/common/log.py imports loguru and formats text lines with
    the request id: the finding says the logger is there but writes text, not that it is unused."""
    log = "from loguru import logger\n\nlogger.add('app.log', format='{time} | {request_id} | {message}')\n"
    files = {
        "pyproject.toml": '[project]\nname = "fba"\ndependencies = ["loguru>=0.7"]\n',
        "backend/log.py": log,
    }
    finding = run_one(make_repo(files), "monitoring.structured_logging")
    assert finding.status is Status.FAIL and "loguru imported but writing plain text" in finding.message
    serialized = log.replace("format='{time} | {request_id} | {message}'", "serialize=True")
    assert run_one(
        make_repo({**files, "backend/log.py": serialized}), "monitoring.structured_logging"
    ).status is (Status.PASS)


def test_an_admin_framework_s_operation_log_is_an_audit_log(make_repo):
    """fastapi_best_architecture records who did what in sys_opera_log and every login in
    sys_login_log (OperaLog, LoginLog models): the audit trail of admin frameworks (RuoYi's too)."""
    model = "class OperaLog(DataClassBase):\n    __tablename__ = 'sys_opera_log'\n    username: str\n"
    found = run_one(make_repo({"backend/app/admin/model/opera_log.py": model}), "auth_security.controls")
    assert "audit log" not in found.data["missing"], found.message
    other = model.replace("OperaLog", "Dictionary").replace("sys_opera_log", "sys_dict")
    found = run_one(make_repo({"backend/app/admin/model/dictionary.py": other}), "auth_security.controls")
    assert "audit log" in found.data["missing"]


def test_a_provider_that_reads_cookies_is_no_cookie_page(make_repo):
    """The Polyclinic's libs/providers/cookies-provider.tsx is a React context to get and set cookies:
    code, not a page telling visitors about cookies. app/cookies/page.tsx would be one."""
    provider = "'use client';\nexport const CookiesProvider = ({ children }) => children;\n"
    code = make_repo({"libs/providers/cookies-provider.tsx": provider})
    assert run_one(code, "compliance.gdpr_documentation").status is Status.INCONCLUSIVE
    page = make_repo(
        {"app/cookies/page.tsx": "export default function Cookies() { return <p>Cookies</p>; }\n"}
    )
    assert run_one(page, "compliance.gdpr_documentation").status is Status.FAIL
