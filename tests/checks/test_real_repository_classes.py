"""Classes the calibration corpus showed wrong on real repositories (session 22's tune batches: hedy,
lnbits, HomeBake, Netflix Dispatch, Tandoor, ClinicPro, Lovable and Firebase apps…), each reproduced
small: what a pipeline runs through the repository's own scripts, reusable workflows, development
fallbacks, hosted backends and bundled names, archived and planning documents, and the spot checks'
own findings. Each test names the repository shape it stands for."""

from __future__ import annotations

from readiness.assessment import assess
from readiness.collectors.manifests import parse_manifests
from readiness.model import Status
from tests.repo_check_support import AS_OF, cited, repo_config, run_one

WORKFLOW_ON_CHANGE = "on:\n  push:\n  pull_request:\njobs:\n"


def test_a_step_runs_what_the_repository_scripts_it_calls_run():
    texts = {
        ".github/workflows/tests.yml": WORKFLOW_ON_CHANGE
        + "  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        + "      - run: build-tools/github/validate --all\n      - run: make check\n",
        "build-tools/github/validate": "#!/bin/bash\nset -eu\nscriptdir=$(cd $(dirname $0) && pwd)\n"
        + 'echo "running pytest"\n$scriptdir/validate-tests "$@"\n',
        "build-tools/github/validate-tests": "#!/bin/bash\n# the unit tests\npython -m pytest -n 4\n",
        "Makefile": "check: mypy lint\n\nmypy:\n\tuv run mypy\n\nlint:\n\t@uv run ruff check .\nX := 1\n",
        "README.md": "build-tools/github/validate is how CI checks\n",
    }
    steps = parse_manifests(texts).frames()["ci_steps"]
    followed = steps[steps["via"] != ""]
    assert set(followed["command"]) >= {
        "python -m pytest -n 4",
        "uv run mypy",
        "uv run ruff check .",
    }
    assert "running pytest" not in " ".join(followed["command"])  # echo lines are no commands
    # every followed line keeps the calling step's workflow, so its triggers still apply
    assert set(followed["path"]) == {".github/workflows/tests.yml"}
    assert set(followed["via"]) >= {"build-tools/github/validate-tests", "Makefile mypy", "Makefile lint"}
    # a direct line has no via, and no file outside the repository's texts is followed
    assert (steps[steps["via"] == ""]["command"] == "build-tools/github/validate --all").any()


def test_tests_run_through_a_script_and_the_cypress_action_are_run_in_ci(make_repo):
    repo = make_repo(
        {
            ".github/workflows/unit.yml": WORKFLOW_ON_CHANGE
            + "  unit:\n    runs-on: ubuntu-latest\n    steps:\n      - run: tools/ci/run-checks\n",
            ".github/workflows/e2e.yml": WORKFLOW_ON_CHANGE
            + "  e2e:\n    runs-on: ubuntu-latest\n    steps:\n"
            + "      - uses: cypress-io/github-action@v6\n",
            "tools/ci/run-checks": "#!/usr/bin/env bash\npytest tests\n",
            "tests/test_app.py": "from app import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
            "tests/cypress/e2e/home.cy.js": "describe('home', () => { it('loads', () => cy.visit('/')) })\n",
            "app.py": "def add(a, b):\n    return a + b\n",
        }
    )
    finding = run_one(repo, "tests.run_in_ci")
    assert finding.status is Status.PASS, finding.message
    # cited at the step that calls the script, the script named beside the command it runs
    assert "tools/ci/run-checks: pytest tests" in {ref.excerpt for ref in finding.evidence}


def test_a_reusable_workflow_that_deploys_on_release_tags_deploys_after_review(make_repo):
    repo = make_repo(
        {
            ".github/workflows/ci.yml": WORKFLOW_ON_CHANGE
            + "  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
            ".github/workflows/release.yml": "on:\n  push:\n    tags: ['v*']\njobs:\n"
            + "  docker:\n    uses: ./.github/workflows/docker.yml\n",
            ".github/workflows/docker.yml": "on:\n  workflow_call:\njobs:\n  push:\n"
            + "    runs-on: ubuntu-latest\n    steps:\n      - run: flyctl deploy --remote-only\n",
            "app.py": "print('hi')\n",
        }
    )
    finding = run_one(repo, "ci_cd.deploy_gated")
    assert finding.status is Status.PASS, finding.message
    assert (".github/workflows/docker.yml", 7) in cited(finding)


def test_a_pipeline_started_only_by_hand_gates_no_change(make_repo):
    repo = make_repo(
        {
            ".github/workflows/e2e.yml": "on:\n  workflow_dispatch:\njobs:\n  e2e:\n"
            + "    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint && npx playwright test\n",
            "package.json": '{"devDependencies": {"@playwright/test": "1"}}',
        }
    )
    finding = run_one(repo, "ci_cd.quality_gates")
    assert finding.status is Status.FAIL
    assert finding.shows.value == "prototype", finding.message


def test_a_fallback_the_code_refuses_to_ship_with_is_the_development_value(make_repo):
    guarded = (
        "import os\n\n"
        "if os.getenv('IS_PRODUCTION'):\n"
        "    if not os.getenv('SECRET_KEY'):\n"
        "        raise RuntimeError('SECRET_KEY must be set outside development')\n"
        "    KEY = os.getenv('SECRET_KEY')\n"
        "else:\n"
        "    KEY = os.getenv('SECRET_KEY', 'WeAreDeveloping')\n"
    )
    probe = "const s = process.env.APP_SECRET ?? 'e2e'\n"  # a developer's script, never deployed
    passing = make_repo({"app.py": guarded, "scripts/probe.ts": probe})
    assert run_one(passing, "secrets.no_hardcoded_fallbacks").status is Status.PASS
    unguarded = make_repo({"app.py": "import os\nKEY = os.getenv('SECRET_KEY', 'WeAreDeveloping')\n"})
    assert run_one(unguarded, "secrets.no_hardcoded_fallbacks").status is Status.FAIL


def test_a_service_role_variable_ships_only_under_a_bundled_name(make_repo):
    package = '{"dependencies": {"next": "15", "@supabase/supabase-js": "2"}}'
    server_read = make_repo(
        {
            "package.json": package,
            "src/lib/config/env.ts": "export const admin = process.env.SUPABASE_SERVICE_ROLE_KEY\n",
        }
    )
    assert run_one(server_read, "secrets.service_role_exposure").status is Status.PASS
    bundled = make_repo(
        {
            "package.json": package,
            "src/lib/config/env.ts": "export const a = process.env.NEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY\n",
        }
    )
    finding = run_one(bundled, "secrets.service_role_exposure")
    assert finding.status is Status.FAIL
    assert ("src/lib/config/env.ts", 1) in cited(finding)


def test_a_hosted_backend_needs_a_development_backend_of_its_own(make_repo):
    app = {
        "package.json": '{"dependencies": {"next": "15", "@supabase/supabase-js": "2"}}',
        ".env.example": "NEXT_PUBLIC_APP_URL=http://localhost:3000\nNEXT_PUBLIC_SUPABASE_URL=your-url\n",
        "lib/env.ts": "export const where = process.env.VERCEL_ENV\n",
        "supabase/seed.sql": "insert into posts values (1);\n",
    }
    # the app runs on a laptop, but against the one Supabase project: dev = prod
    assert run_one(make_repo(app), "environments.dev_prod_separated").status is Status.FAIL
    local = {**app, ".env.example": "NEXT_PUBLIC_SUPABASE_URL=http://127.0.0.1:54321\n"}
    assert run_one(make_repo(local), "environments.dev_prod_separated").status is Status.PASS
    started = {
        **app,
        ".env.example": "# copy these from `supabase start`\nNEXT_PUBLIC_SUPABASE_URL=your-url\n",
    }
    finding = run_one(make_repo(started), "environments.dev_prod_separated")
    assert finding.status is Status.PASS and (".env.example", 1) in cited(finding)
    # the CLI's config.toml with a seed.sql beside it is the local database `supabase start` fills;
    # a config.toml alone (Lovable's, with the project id) only links the hosted project
    cli = {**app, "supabase/config.toml": 'project_id = "app"\n'}
    assert run_one(make_repo(cli), "environments.dev_prod_separated").status is Status.PASS
    linked = {k: v for k, v in cli.items() if k != "supabase/seed.sql"}
    assert run_one(make_repo(linked), "environments.dev_prod_separated").status is Status.FAIL
    # an app with its own database: naming where it runs is enough
    own = {"app.py": "import os\nENV = os.environ['APP_ENV']\n", "requirements.txt": "flask\n"}
    assert run_one(make_repo(own), "environments.dev_prod_separated").status is Status.PASS


def test_a_pipeline_deploying_to_a_pre_production_target_is_a_staging(make_repo):
    repo = make_repo(
        {
            ".github/workflows/deploy-to-alpha.yml": "on: workflow_dispatch\njobs: {}\n",
            ".github/workflows/deploy-to-prod.yml": "on: workflow_dispatch\njobs: {}\n",
            ".env-dev": "BASE_URL=http://localhost:8080/\n",
        }
    )
    assert run_one(repo, "environments.staging").status is Status.PASS
    assert run_one(repo, "environments.dev_prod_separated").status is Status.PASS


def test_tables_dropped_then_created_in_one_schema_file_are_live(make_repo):
    schema = (
        "drop table if exists posts;\n\ncreate table posts (id int);\n"
        "alter table posts enable row level security;\n"
        'create policy "own" on posts for select using (true);\n'
    )
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"@supabase/supabase-js": "2"}}',
            "supabase/schemas/public/posts.sql": schema,
            "src/db.ts": "import { createClient } from '@supabase/supabase-js'\n",
        }
    )
    assert run_one(repo, "auth_security.row_level_security").status is Status.PASS


def test_role_decorators_and_routes_are_authorisation_and_self_deletion(make_repo):
    repo = make_repo(
        {
            "website/teachers.py": "@route('/c')\n@requires_teacher\ndef classes(user):\n    return 1\n",
            "static/js/auth.ts": "export async function destroy() { await post('/auth/destroy') }\n",
            "requirements.txt": "flask\n",
        }
    )
    controls = run_one(repo, "auth_security.controls")
    assert "authorisation" not in controls.message, controls.message
    assert ("static/js/auth.ts", 1) in cited(run_one(repo, "compliance.gdpr_documentation"))


def test_uncached_pages_and_business_plans_are_no_evidence(make_repo):
    repo = make_repo(
        {
            "app/page.tsx": "export const revalidate = 0\nexport default function P() { return null }\n",
            "docs/plan.md": "## Revenue Potential (if targeting 5000 users)\n\n- 75 users (40 tenants)\n",
            "package.json": '{"dependencies": {"next": "15"}}',
        }
    )
    assert run_one(repo, "performance.caching").status is Status.FAIL
    assert run_one(repo, "scalability.target_stated").status is Status.FAIL
    pages = {f"app/{name}/page.tsx": "export const revalidate = 3600\n" for name in ("a", "b", "c")}
    cached = make_repo({**pages, "package.json": "{}"})
    assert run_one(cached, "performance.caching").status is Status.PASS


def test_a_browser_error_hook_posting_to_the_server_is_an_own_error_reporter(make_repo):
    repo = make_repo(
        {
            "static/js/app.ts": "window.onerror = function report(message) {\n"
            "  postJson('/client_exception', { message });\n}\n",
            "requirements.txt": "flask\n",
        }
    )
    finding = run_one(repo, "monitoring.error_tracking")
    assert finding.status is Status.PASS, finding.message
    assert ("static/js/app.ts", 2) in cited(finding)


def test_design_deep_dives_are_architecture_documentation(make_repo):
    repo = make_repo({"docs/deep-dive-intake-pipeline.md": "# Intake\n\nThe queue…\n", "README.md": "# A\n"})
    assert run_one(repo, "documentation.api_docs").status is Status.PASS


def test_a_script_that_calls_itself_is_read_within_bounds():
    looping = "#!/bin/sh\n" + "./loop.sh\n" * 5000
    texts = {
        ".github/workflows/ci.yml": WORKFLOW_ON_CHANGE
        + "  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./loop.sh\n",
        "loop.sh": looping,
        "Makefile": "a: b\n\tmake a\nb: a\n\tmake b\n",
    }
    steps = parse_manifests(texts).frames()["ci_steps"]
    assert len(steps) <= 1 + 200
    make = {
        **texts,
        ".github/workflows/ci.yml": texts[".github/workflows/ci.yml"].replace("./loop.sh", "make a"),
    }
    followed = parse_manifests(make).frames()["ci_steps"]
    assert set(followed["command"]) == {"make a", "make b"}


# Classes of the second batch (Netflix Dispatch, Tandoor, a Firebase appointments app, a Korean
# internal tool, two Next.js starters, a Nest starter).


def test_public_web_keys_and_switches_are_no_secret_vite_variables(make_repo):
    repo = make_repo(
        {
            "src/firebase.ts": "const key = import.meta.env.VITE_FIREBASE_API_KEY\n"
            "const vapid = import.meta.env.VITE_FCM_VAPID_KEY\n"
            "const idToken = import.meta.env.VITE_AUTH_PROVIDER_USE_ID_TOKEN\n",
            "package.json": '{"dependencies": {"vite": "5", "firebase": "10"}}',
        }
    )
    assert run_one(repo, "secrets.vite_exposure").status is Status.PASS
    leaking = make_repo({"src/pay.ts": "const k = import.meta.env.VITE_STRIPE_SECRET_KEY\n"})
    assert run_one(leaking, "secrets.vite_exposure").status is Status.FAIL


def test_copies_of_pages_sample_dumps_and_escaped_ignores_are_judged_for_what_they_are(make_repo):
    repo = make_repo(
        {
            ".github/ISSUE_TEMPLATE/bug_report.md.bak": "---\nname: Bug report\n---\n",
            "data/dispatch-sample-data.dump": "PGDMP sample\n",
            ".gitignore": "\\.env\n",
            "app.py": "import os\nKEY = os.environ['SECRET_KEY']\n",
        }
    )
    assert run_one(repo, "secrets.sensitive_files_not_tracked").status is Status.PASS
    assert run_one(repo, "secrets.env_not_tracked").status is Status.PASS
    real = make_repo({"backups/prod.dump": "PGDMP\n", "settings.py.bak": "x = 1\n", "db.sqlite3.bak": "x"})
    finding = run_one(real, "secrets.sensitive_files_not_tracked")
    assert finding.status is Status.FAIL
    assert {path for path, _ in cited(finding)} == {"backups/prod.dump"}  # a copy of code is code


def test_a_tracked_env_file_of_local_servers_is_a_development_lapse(make_repo):
    local = (
        "DATABASE_HOSTNAME=localhost\nDATABASE_CREDENTIALS=dispatch:dispatch\nENCRYPTION_KEY=NJHDWDJ3PbHT8h\n"
    )
    finding = run_one(make_repo({"data/.env": local}), "secrets.env_not_tracked")
    assert finding.status is Status.FAIL and finding.shows.value == "partial"
    remote = local.replace("localhost", "db.acme-prod.com")
    assert run_one(make_repo({"data/.env": remote}), "secrets.env_not_tracked").shows.value == "prototype"


def test_a_public_demo_key_fallback_is_an_insecure_default_not_a_key(make_repo):
    repo = make_repo({"settings.py": "import os\nFDC_API_KEY = os.getenv('FDC_API_KEY', 'DEMO_KEY')\n"})
    assert run_one(repo, "secrets.no_hardcoded_fallbacks").shows.value == "partial"


def test_a_readme_in_any_language_sets_up_with_its_commands(make_repo):
    # the `# comment` inside the fenced block is no heading that would cut the section short
    readme = (
        "# 점포평가\n\n## 1. 준비\n\n```bash\n# 설치\nnpm install\n```\n\n### 실행\n\n```\nnpm run dev\n```\n"
    )
    finding = run_one(make_repo({"README.md": readme}), "documentation.readme_sections")
    assert finding.status is Status.PASS and {path for path, _ in cited(finding)} == {"README.md"}
    prose = make_repo({"README.md": "# 앱\n\n## 소개\n\n사내 도구입니다.\n"})
    assert run_one(prose, "documentation.readme_sections").status is Status.FAIL
    install_only = make_repo(
        {"README.md": "# App\n\n### 1. Clonar\n\n```bash\npip install -r requirements.txt\n```\n"}
    )
    assert run_one(install_only, "documentation.readme_sections").status is Status.FAIL


def test_one_lapse_among_a_handful_of_catches_is_not_the_practice(make_repo):
    handled = "try { a() } catch (e) { logger.error(e) }\n" * 5
    repo = make_repo(
        {
            "src/app.ts": "import { logger } from './log'\n"
            + handled
            + "try { b() } catch (e) { console.log(e) }\n",
            "src/log.ts": "export const logger = { error: (e: unknown) => e }\n",
        }
    )
    assert run_one(repo, "error_handling.log_inform_report").status is Status.PASS


def test_a_few_bare_excepts_in_a_large_codebase_are_lapses(make_repo):
    named = "try:\n    a()\nexcept ValueError:\n    raise\n" * 60
    repo = make_repo({"app.py": named + "try:\n    b()\nexcept:\n    raise\n"})
    assert run_one(repo, "error_handling.bare_except").status is Status.PASS
    sloppy = make_repo({"app.py": "try:\n    b()\nexcept:\n    pass\n" * 3 + named[:200]})
    assert run_one(sloppy, "error_handling.bare_except").status is Status.FAIL


def test_rejections_caught_by_an_http_client_interceptor_reach_a_handler(make_repo):
    calls = "".join(f"api.get('/x{n}').then((r) => use(r))\n" for n in range(5))
    interceptor = "api.interceptors.response.use((res) => res, (err) => notify(err))\n"
    floating = {"src/store.js": calls}
    assert run_one(make_repo(floating), "error_handling.promise_rejections").status is Status.FAIL
    central = run_one(make_repo({**floating, "src/api.js": interceptor}), "error_handling.promise_rejections")
    assert central.status is Status.PASS and ("src/api.js", 1) in cited(central)
    success_only = {**floating, "src/api.js": "api.interceptors.response.use((res) => res.data);\n"}
    assert run_one(make_repo(success_only), "error_handling.promise_rejections").status is Status.FAIL


def test_apm_tracing_switched_on_measures_speed(make_repo):
    on = make_repo({"src/instrumentation.ts": "Sentry.init({ dsn, tracesSampleRate: 0.2 })\n"})
    assert run_one(on, "performance.measured").status is Status.PASS
    off = make_repo({"src/instrumentation.ts": "Sentry.init({ dsn, tracesSampleRate: 0 })\n"})
    assert run_one(off, "performance.measured").status is Status.FAIL


def test_role_and_owner_comparisons_are_authorisation(make_repo):
    repo = make_repo(
        {
            "app/admin/layout.tsx": 'if (!user || user.role !== "ADMIN") redirect("/login")\n',
            "package.json": '{"dependencies": {"next": "15", "next-auth": "5"}}',
        }
    )
    assert "authorisation" not in run_one(repo, "auth_security.controls").message


def test_a_cookie_utility_is_no_privacy_page(make_repo):
    repo = make_repo({"vue3/src/utils/cookie.ts": "export const get = (n: string) => document.cookie\n"})
    assert run_one(repo, "compliance.gdpr_documentation").status is not Status.FAIL


def test_operators_restore_and_upgrade_procedures_are_runbooks(make_repo):
    repo = make_repo({"docs/system/updating.md": "# Updating\n\n1. Back up\n2. docker compose pull\n"})
    assert run_one(repo, "documentation.runbooks").status is Status.PASS
    templates = make_repo({"templates/password_recovery.md": "# Recover your password\n"})
    assert run_one(templates, "documentation.runbooks").status is Status.FAIL


# Classes of the third batch (a web3 starter with a docs/archive of 688 files, a New Zealand
# clinical scribe with its project-management folder, an Express + Mongoose boilerplate).


def test_archived_documents_are_no_evidence_of_the_present(make_repo):
    repo = make_repo(
        {
            "docs/archive/planning/ARCHITECTURE.md": "# Architecture\n",
            "docs/archive/homepage/reorder-plan.md": "### Staging\n\nDeploy there first.\n",
            "scripts/Archive/initialauth/TROUBLESHOOTING.md": "# Troubleshooting\n",
            "app/archive/page.tsx": "export default function Archive() { return null }\n",
        }
    )
    assert run_one(repo, "environments.staging").status is Status.FAIL
    assert run_one(repo, "documentation.api_docs").status is Status.FAIL
    assert run_one(repo, "documentation.runbooks").status is Status.FAIL
    current = make_repo({"docs/architecture.md": "# Architecture\n"})
    assert run_one(current, "documentation.api_docs").status is Status.PASS


def test_a_dr_plan_states_its_objectives_a_to_do_list_does_not(make_repo):
    todo = "## Mitigations\n\n- DR plan with documented RTO/RPO for NZ-hosted storage\n"
    assert (
        run_one(make_repo({"docs/dpia.md": todo}), "backup.disaster_recovery_plan").status is not Status.PASS
    )
    plan = "## Objectives\n\nRPO: 24 hours, RTO = 4h.\n"
    assert run_one(make_repo({"docs/dr.md": plan}), "backup.disaster_recovery_plan").status is Status.PASS


def test_a_count_of_users_is_a_target_only_beside_words_of_capacity(make_repo):
    counts = "- 1,234 Active Users\n- Halving every 1,000 users\n"
    assert run_one(make_repo({"docs/report.md": counts}), "scalability.target_stated").status is Status.FAIL
    target = "The platform must support 10,000 users at launch.\n"
    assert run_one(make_repo({"docs/plan.md": target}), "scalability.target_stated").status is Status.PASS


def test_a_test_deleting_the_user_it_created_is_no_deletion_feature(make_repo):
    cleanup = "afterAll(async () => { await admin.auth.admin.deleteUser(user.id) })\n"
    repo = make_repo({"__tests__/integration/auth.test.ts": cleanup, "app/page.tsx": "export default 1\n"})
    assert run_one(repo, "compliance.gdpr_documentation").status is not Status.PASS


# Classes the spot checks of session 22 found wrong on tune repositories.


def test_an_optional_variable_commented_out_in_the_example_file_is_documented(make_repo):
    repo = make_repo(
        {
            ".env.example": "APP_URL=http://localhost:3000\n#SMTP_SENDER_NAME=\n# SMTP_PASS=\n",
            "lib/mail.ts": "export const s = [process.env.SMTP_SENDER_NAME, process.env.SMTP_PASS]\n",
            "lib/app.ts": "export const u = process.env.APP_URL\n",
        }
    )
    assert run_one(repo, "environments.env_documented").status is Status.PASS


def test_a_nest_unit_spec_built_on_a_testing_module_is_a_unit_test(make_repo):
    spec = (
        "import { Test } from '@nestjs/testing'\n"
        "describe('PasswordService', () => {\n"
        "  it('is defined', async () => {\n"
        "    const m = await Test.createTestingModule({ providers: [PasswordService] }).compile()\n"
        "    expect(m.get(PasswordService)).toBeDefined()\n  })\n})\n"
    )
    e2e = (
        "import * as request from 'supertest'\ndescribe('app', () => it('ok', () => request(app).get('/')))\n"
    )
    repo = make_repo(
        {
            "src/auth/password.service.spec.ts": spec,
            "test/app.e2e-spec.ts": e2e,
            "package.json": '{"devDependencies": {"jest": "29"}}',
        }
    )
    assert "unit" not in run_one(repo, "tests.kinds").message


def test_a_dr_plan_documents_recovery_but_only_a_dated_restore_test_proves_it(make_repo):
    repo = make_repo(
        {
            "docs/backup.md": "# Backups\n\nNightly dumps.\n\n### Disaster recovery on a new host\n\n1. …\n",
            ".github/workflows/migrations.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: mysqldump --version\n",
        }
    )
    assessment = assess(repo_config(repo), as_of=AS_OF)
    assert assessment.result("backup").level.value == "partial"
    assert run_one(repo, "backup.automated").status is not Status.PASS  # printing a version backs nothing up


def test_a_product_without_env_files_has_no_env_to_keep_out_of_git(make_repo):
    """codimd reads its settings from config.json and the platform's variables: its .gitignore need
    not name a `.env` the team never writes. With a dotenv loader, or no .gitignore at all, it must."""
    code = {"lib/config.js": "module.exports = { secret: process.env.CMD_SESSION_SECRET }\n"}
    json_configured = make_repo({**code, ".gitignore": "node_modules/\nconfig.json\n", "package.json": "{}"})
    assert run_one(json_configured, "secrets.env_not_tracked").status is Status.PASS
    dotenv = make_repo(
        {**code, ".gitignore": "node_modules/\n", "package.json": '{"dependencies": {"dotenv": "16"}}'}
    )
    assert run_one(dotenv, "secrets.env_not_tracked").shows.value == "partial"


def test_a_supabase_client_bound_to_one_project_in_the_code_is_dev_equals_prod(make_repo):
    """Lovable generates src/integrations/supabase/client.ts with the project's URL written in: the
    env files and guides around it cannot give development a backend of its own."""
    client = (
        'const SUPABASE_URL = "https://lerjhxchglztvhbsdjjn.supabase.co";\nexport const s = createClient(x)\n'
    )
    repo = make_repo(
        {
            "src/integrations/supabase/client.ts": client,
            "config/production.env": "REDIS_URL=redis://cache\n",
            "package.json": '{"dependencies": {"@supabase/supabase-js": "2", "vite": "5"}}',
        }
    )
    finding = run_one(repo, "environments.dev_prod_separated")
    assert finding.status is Status.FAIL and ("src/integrations/supabase/client.ts", 1) in cited(finding)


def test_an_env_file_in_docs_is_no_api_documentation(make_repo):
    assert run_one(make_repo({"docs/api.env": "API_KEY=x\n"}), "documentation.api_docs").status is Status.FAIL
    assert run_one(make_repo({"docs/api.md": "# API\n"}), "documentation.api_docs").status is Status.PASS


# Classes of the last batch (a Makerkit-based template, a Nuxt starter that generates projects).


def test_ci_configuration_runs_at_the_repository_root_only():
    workflow = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pnpm test\n"
    texts = {
        ".github/workflows/ci.yml": workflow,
        "template/scripts/templates/github/.github/workflows/deploy-staging.yml": workflow,
    }
    steps = parse_manifests(texts).frames()["ci_steps"]
    assert set(steps["path"]) == {".github/workflows/ci.yml"}


def test_a_scaffolds_templates_are_the_generated_projects_not_this_one(make_repo):
    repo = make_repo(
        {
            "template/scripts/templates/github/.github/workflows/deploy-staging.yml": "on: push\n",
            "packages/create-app/templates/features/deploy-vercel/vercel.json": "{}\n",
            "packages/create-app/templates/base/.npmrc": "save-exact=true\n",
        }
    )
    assert run_one(repo, "environments.staging").status is Status.FAIL
    assert run_one(repo, "secrets.sensitive_files_not_tracked").status is Status.PASS


def test_a_backup_script_run_by_hand_is_no_automated_backup(make_repo):
    script = "#!/bin/bash\nsupabase db dump -f backup.sql\n"
    manual = make_repo(
        {"scripts/backup-supabase.sh": script, "package.json": '{"scripts": {"db:backup": "x"}}'}
    )
    assert run_one(manual, "backup.automated").status is not Status.PASS
    cron = make_repo({"deploy/crontab": "0 3 * * * pg_dump app > /backups/app.sql\n"})
    assert run_one(cron, "backup.automated").status is Status.PASS
