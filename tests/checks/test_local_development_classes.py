"""Classes the calibration corpus showed wrong in session 30, each reproduced small. Environments:
a product with a database of its own whose developers work in a dev container, or in a compose
stack mounting the source, while production is shipped by a pipeline (a media-request manager's
Dockerfile.local, a clinic's `target: dev` beside its VPS deploy workflow, a Next.js + FastAPI
monorepo's dev container); a SQLite file as the development database; an emulator call quoted in
an error message; variables npm and Lambda set. Secrets: a test key encoding the hex digits
backwards, a development password that is the word itself dressed up (DevPassword123!).
Monitoring: Sentry config files nothing loads, a JSON logger building its entry in the call.
Error handling: scripts at a workspace package's root, benchmarks. Documentation: a decision
record named by its number, an empty README. Compliance: consent to sign electronically.
Dependencies: a manifest among an assistant's templates. Backup: a source file's copy named
backup. Authentication: an error type named for a rate limit. Each test names the repository
shape it stands for."""

from __future__ import annotations

from readiness.model import Level, Status
from tests.repo_check_support import cited, run_one

DEV_COMPOSE = (
    "services:\n"
    "  app:\n"
    "    build:\n"
    "      context: ./\n"
    "      target: dev\n"
    "    volumes:\n"
    "      - .:/app\n"
    "    ports:\n"
    "      - '3000:3000'\n"
)
VPS_DEPLOY = (
    "name: Deploy\n"
    "on:\n  push:\n    branches: [master]\n"
    "jobs:\n"
    "  deploy:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: actions/checkout@v4\n"
    "      - uses: appleboy/ssh-action@master\n"
    "        with:\n"
    "          script: sh ~/deploy.sh\n"
)
OWN_DATABASE_APP = {
    "package.json": '{"dependencies": {"next": "14.0.0", "mongoose": "8.0.0"}}\n',
    "libs/db.ts": "export const url = process.env.MONGODB_URI\n",
}


def test_a_development_compose_stack_beside_a_deployed_production_is_a_development_environment(make_repo):
    """The polyclinic's docker-compose.yml builds the Dockerfile's `dev` target with the source
    mounted, while a workflow ships master to the VPS: developers run their own copy, production
    runs elsewhere (LEVELS.md's partial: isolated local/dev and prod)."""
    repo = make_repo(
        {**OWN_DATABASE_APP, "docker-compose.yml": DEV_COMPOSE, ".github/workflows/deploy.yml": VPS_DEPLOY}
    )
    finding = run_one(repo, "environments.dev_prod_separated")
    assert finding.status is Status.PASS
    assert "docker-compose.yml" in {path for path, _line in cited(finding)}


def test_a_compose_stack_that_is_the_only_way_the_product_runs_is_one_environment(make_repo):
    """The tweet API's compose.yml mounts its source and reloads, and nothing deploys it anywhere
    else: the one stack is development and production alike ("dev = prod", prototype)."""
    repo = make_repo({**OWN_DATABASE_APP, "docker-compose.yml": DEV_COMPOSE})
    assert run_one(repo, "environments.dev_prod_separated").status is Status.FAIL


def test_a_dev_container_is_a_development_environment_of_its_own(make_repo):
    """The Next.js + FastAPI monorepo's .devcontainer/devcontainer.json gives every developer a
    database and services of their own, apart from the hosted production."""
    repo = make_repo({**OWN_DATABASE_APP, ".devcontainer/devcontainer.json": '{"name": "dev"}\n'})
    finding = run_one(repo, "environments.dev_prod_separated")
    assert finding.status is Status.PASS
    assert ".devcontainer/devcontainer.json" in {path for path, _line in cited(finding)}


def test_a_dev_container_does_not_give_a_hosted_backend_a_copy(make_repo):
    """A Streamlit app on one hosted Supabase project: the dev container holds the editor's tools,
    the data still lives in the one project."""
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"@supabase/supabase-js": "2.0.0"}}\n',
            "src/client.ts": "export const url = process.env.SUPABASE_URL\n",
            ".devcontainer/devcontainer.json": '{"name": "dev"}\n',
        }
    )
    assert run_one(repo, "environments.dev_prod_separated").status is Status.FAIL


def test_a_test_key_encoding_the_hex_digits_backwards_is_a_dummy(make_repo):
    """The telemetry monorepo's backend/.env.test: TWO_FACTOR_SECRET_ENCRYPTION_KEY is
    base64("fedcba9876543210…"), typed backwards, as its neighbour is typed forwards."""
    repo = make_repo(
        {
            "backend/.env.test": (
                "DEVICE_SECRET_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
                "TWO_FACTOR_SECRET_ENCRYPTION_KEY=ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=\n"
            ),
            "backend/app/config.py": "import os\nKEY = os.environ['TWO_FACTOR_SECRET_ENCRYPTION_KEY']\n",
        }
    )
    assert run_one(repo, "secrets.no_hardcoded_secrets").status is Status.PASS


def test_the_word_password_dressed_up_is_a_development_default_not_a_secret(make_repo):
    """The dermatology EHR's .env.local.example seeds its users with DEFAULT_USER_PASSWORD=
    DevPassword123!: a default anyone can guess, documented as such, not a leaked credential. A
    drawn password beside it still is one."""
    seeded = make_repo(
        {
            ".env.local.example": "# dev only\nDEFAULT_USER_PASSWORD=DevPassword123!\n",
            "src/seed.ts": "const p = process.env.DEFAULT_USER_PASSWORD\n",
        }
    )
    assert run_one(seeded, "secrets.no_hardcoded_secrets").status is Status.PASS
    drawn = make_repo(
        {
            ".env.local.example": "DEFAULT_USER_PASSWORD=DevPassword123!\nSMTP_PASSWORD=q7Vt2mXw9LrZ4kPj\n",
            "src/seed.ts": "const p = process.env.SMTP_PASSWORD\n",
        }
    )
    finding = run_one(drawn, "secrets.no_hardcoded_secrets")
    assert finding.status is Status.FAIL
    assert {line for _path, line in cited(finding)} == {2}


SENTRY_CLIENT_CONFIG = (
    "import * as Sentry from '@sentry/nextjs';\n"
    "Sentry.init({ dsn: process.env.NEXT_PUBLIC_SENTRY_DSN, tracesSampleRate: 0.1 });\n"
)
SENTRY_SERVER_CONFIG = (
    "import * as Sentry from '@sentry/nextjs';\nSentry.init({ dsn: process.env.SENTRY_DSN });\n"
)
NEXT_APP = {
    "apps/web/package.json": (
        '{"dependencies": {"next": "15.0.0", "react": "19.0.0", "@sentry/nextjs": "10.0.0"}}\n'
    ),
    "apps/web/sentry.client.config.ts": SENTRY_CLIENT_CONFIG,
    "apps/web/sentry.server.config.ts": SENTRY_SERVER_CONFIG,
    "apps/web/src/app/page.tsx": "export default function Home() { return <main>Plans</main> }\n",
}


def test_sentry_config_files_nothing_loads_initialise_nothing(make_repo):
    """The meal planner keeps sentry.client/server.config.ts, but its next.config has no
    withSentryConfig and its instrumentation.ts imports neither: Next.js never runs them, no error
    is tracked (LEVELS.md: a dependency never initialised is no monitoring)."""
    bare = make_repo(
        {**NEXT_APP, "apps/web/next.config.ts": "const nextConfig = {}\nexport default nextConfig\n"}
    )
    assert run_one(bare, "monitoring.error_tracking").status is Status.FAIL
    wrapped = make_repo(
        {
            **NEXT_APP,
            "apps/web/next.config.ts": (
                "import { withSentryConfig } from '@sentry/nextjs'\n"
                "export default withSentryConfig({}, { silent: true })\n"
            ),
        }
    )
    assert run_one(wrapped, "monitoring.error_tracking").status is Status.PASS
    imported = make_repo(
        {
            **NEXT_APP,
            "apps/web/next.config.ts": "export default {}\n",
            "apps/web/src/instrumentation.ts": (
                "export async function register() {\n  await import('../sentry.server.config')\n}\n"
            ),
        }
    )
    assert run_one(imported, "monitoring.error_tracking").status is Status.PASS


JSON_LOGGER = (
    "type LogLevel = 'debug' | 'info' | 'warn' | 'error';\n"
    "function createLogEntry(level: LogLevel, message: string, meta?: object) {\n"
    "  return { level, message, timestamp: new Date().toISOString(), ...meta };\n"
    "}\n"
    "export const logger = {\n"
    "  info: (message: string, meta?: object) =>\n"
    "    console.log(JSON.stringify(createLogEntry('info', message, meta))),\n"
    "  error: (message: string, meta?: object) =>\n"
    "    console.error(JSON.stringify(createLogEntry('error', message, meta))),\n"
    "};\n"
)


def test_a_logger_serialising_the_entry_it_builds_in_place_is_structured(make_repo):
    """The meal planner's safe-logger.ts writes `JSON.stringify(createLogEntry('info', …))`: the
    entry is built in the call, not named first; each line is JSON with its level all the same."""
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"next": "15.0.0"}}\n',
            "src/lib/safe-logger.ts": JSON_LOGGER,
            "src/app/api/plan/route.ts": (
                "import { logger } from '@/lib/safe-logger'\n"
                "export async function GET() { logger.info('plan read'); return Response.json({}) }\n"
            ),
        }
    )
    finding = run_one(repo, "monitoring.structured_logging")
    assert finding.status is Status.PASS
    assert "src/lib/safe-logger.ts" in {path for path, _line in cited(finding)}


def test_scripts_at_a_workspace_package_root_and_benchmarks_are_not_the_product(make_repo):
    """The meal planner's apps/web/test-feature-270.js (run by hand with node, beside the app's
    package.json) and packages/engine/src/__benchmarks__/run-ingredient-test.ts print their
    failures: that is how a developer's script reports, not how the product handles errors."""
    printing = (
        "async function main() {\n  try {\n    await run()\n  } catch (e) {\n    console.log(e)\n  }\n}\n"
    )
    handled = (
        "import { toast } from './toast'\n"
        "export async function save() {\n  try {\n    await send()\n  } catch (e) {\n"
        "    toast.error('Could not save')\n  }\n}\n"
    )
    repo = make_repo(
        {
            "apps/web/package.json": '{"scripts": {"dev": "next dev"}, "dependencies": {"next": "15.0.0"}}\n',
            "apps/web/test-feature-270.js": printing,
            "packages/engine/package.json": '{"name": "engine"}\n',
            "packages/engine/src/__benchmarks__/run-ingredient-test.ts": printing,
            "apps/web/src/lib/save.ts": handled,
        }
    )
    finding = run_one(repo, "error_handling.log_inform_report")
    assert finding.status is Status.PASS
    assert not {path for path, _line in cited(finding)} & {
        "apps/web/test-feature-270.js",
        "packages/engine/src/__benchmarks__/run-ingredient-test.ts",
    }


def test_a_decision_record_named_by_its_number_is_one_wherever_it_sits(make_repo):
    """The meal planner's apps/web/ADR-001-testing-strategy.md is a decision record outside any
    adr/ folder."""
    repo = make_repo(
        {"apps/web/ADR-001-testing-strategy.md": "# ADR-001: Testing strategy\n\nStatus: accepted\n"}
    )
    assert run_one(repo, "documentation.adr").status is Status.PASS


def test_consent_to_sign_electronically_is_no_consent_to_processing(make_repo):
    """The caregiver portal's supabase/functions/esign records when a signer accepted to sign
    electronically (consent_timestamp): a formality of the contract, not a person's consent to the
    processing of their data. A consent recorded at sign-up is one."""
    esign = make_repo(
        {"supabase/functions/esign/index.ts": "const envelope = { signed: true, consent_timestamp: now }\n"}
    )
    assert run_one(esign, "compliance.gdpr_documentation").status is Status.INCONCLUSIVE
    signup = make_repo(
        {"src/features/signup/save.ts": "await db.insert({ email, consent_timestamp: new Date() })\n"}
    )
    assert run_one(signup, "compliance.gdpr_documentation").status is Status.PASS


def test_a_manifest_in_an_assistants_folder_declares_nothing_the_product_installs(make_repo):
    """The physiotherapy marketplace keeps another project's package.json among Claude's templates
    (.claude/templates/package.json, with @sentry/browser): the product depends on none of it, so no
    tracker lies unused in its manifest."""
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"next": "15.0.0"}}\n',
            ".claude/templates/package.json": '{"dependencies": {"@sentry/browser": "7.0.0"}}\n',
            "src/app/page.tsx": "export default function Home() { return <main>Book</main> }\n",
        }
    )
    finding = run_one(repo, "monitoring.error_tracking")
    assert finding.status is Status.FAIL and finding.shows is None


def test_variables_npm_and_the_function_platform_set_need_no_documentation(make_repo):
    """The meal planner's health route reads npm_package_version, which npm sets, beside
    CRON_SECRET, which someone must set: only the second belongs in .env.example."""
    repo = make_repo(
        {
            ".env.example": "DATABASE_URL=postgresql://user:password@localhost:5432/app\n",
            "src/app/api/health/route.ts": (
                "const version = process.env.npm_package_version\n"
                "const fn = process.env.AWS_LAMBDA_FUNCTION_NAME\n"
                "const secret = process.env.CRON_SECRET\n"
                "const db = process.env.DATABASE_URL\n"
            ),
        }
    )
    finding = run_one(repo, "environments.env_documented")
    assert finding.status is Status.FAIL
    assert "CRON_SECRET" in finding.message
    assert "npm_package_version" not in finding.message and "AWS_LAMBDA" not in finding.message


PAYMENT_FUNCTION = (
    "import { serve } from 'https://deno.land/std/http/server.ts'\n"
    "const ASAAS_URL = Deno.env.get('ASAAS_BASE_URL')\n"
    "serve(async (req) => {\n"
    "  const body = await req.json()\n"
    "  const res = await fetch(`${ASAAS_URL}/payments`, { method: 'POST', body: JSON.stringify(body) })\n"
    "  return new Response(await res.text())\n"
    "})\n"
)


def test_a_source_files_copy_named_backup_is_old_code_not_a_backup_script(make_repo):
    """The clinic SaaS keeps supabase/functions/create-asaas-payment/index-backup-old.ts, an earlier
    version of index.ts beside it: a copy of code, no manual backup of any data. A script named for
    the backup it takes stays one."""
    copies = make_repo(
        {
            "supabase/functions/create-asaas-payment/index.ts": PAYMENT_FUNCTION,
            "supabase/functions/create-asaas-payment/index-backup-old.ts": PAYMENT_FUNCTION + "// v1\n",
        }
    )
    assert run_one(copies, "backup.strategy_documented").status is Status.INCONCLUSIVE
    script = make_repo({"scripts/backup-supabase.sh": 'pg_dump "$DATABASE_URL" > dump.sql\n'})
    finding = run_one(script, "backup.strategy_documented")
    assert finding.status is Status.FAIL and finding.shows is Level.PROTOTYPE


def test_an_empty_readme_is_no_readme(make_repo):
    """The nutrition coach's README.md holds nothing: a newcomer learns nothing from it."""
    assert run_one(make_repo({"README.md": ""}), "documentation.readme").status is Status.FAIL
    assert run_one(make_repo({"README.md": "# Plans\n"}), "documentation.readme").status is Status.PASS


def test_an_error_type_named_for_a_rate_limit_is_no_limiter(make_repo):
    """The nutrition app's src/lib/errors.ts declares `class RateLimitError extends Error` and names
    it: what an exhausted provider answers, not a limit the app applies."""
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"next": "15.0.0"}}\n',
            "src/lib/errors.ts": (
                "export class RateLimitError extends Error {\n  constructor(message: string) {\n"
                "    super(message)\n    this.name = 'RateLimitError'\n  }\n}\n"
            ),
            "src/app/api/ai/route.ts": (
                "import { RateLimitError } from '@/lib/errors'\n"
                "export async function POST() { throw new RateLimitError('quota') }\n"
            ),
        }
    )
    assert run_one(repo, "auth_security.rate_limiting").status is Status.FAIL


def test_an_emulator_call_quoted_in_an_error_message_connects_nothing(make_repo):
    """The meal planner copies Firebase's auth error messages, one of which says "Try calling
    'connectAuthEmulator()' sooner": no emulator is connected, development uses the one project."""
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"next": "13.0.0", "firebase": "9.0.0"}}\n',
            "services/firebase.ts": "export const key = process.env.NEXT_PUBLIC_FIREBASE_APIKEY\n",
            "features/auth/errors.ts": (
                "export const messages = {\n  'auth/emulator-config-failed':\n"
                '    "Auth can no longer use the emulator. "\n'
                "    + \"Try calling 'connectAuthEmulator()' sooner.\",\n}\n"
            ),
        }
    )
    assert run_one(repo, "environments.dev_prod_separated").status is Status.FAIL


def test_a_sqlite_file_in_the_example_is_a_development_database_of_its_own(make_repo):
    """The nutrition coach's .env.example points DATABASE_URL at a SQLite file (`file:./local.db`):
    development works on a database of its own, apart from the server's."""
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"next": "15.0.0", "drizzle-orm": "0.30.0"}}\n',
            "src/server/db.ts": "export const url = process.env.DATABASE_URL\n",
            ".env.example": 'DATABASE_URL="file:./local.db"\n',
        }
    )
    assert run_one(repo, "environments.dev_prod_separated").status is Status.PASS
