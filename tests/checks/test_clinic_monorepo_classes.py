"""Classes the calibration corpus showed wrong on session 27's tune batch (ClinicOS's React + Express
ward app, clinicai-v2's Next.js + Supabase monorepo, a Japanese online-clinic Next.js SaaS with
hundreds of one-off scripts at its root, a Chilean React + Firebase ward census), each reproduced
small: a secret scanner's own fixture and a development-only example naming a VITE_ secret, a
fallback in a script a developer runs by hand, a script that reads the live project by name (one
that writes it into the env files still counts), a production env file on the very project
development uses, a bundle budget the pipeline checks under a name of its own; then what the
batch's spot checks and second reading found: a health route that asks the database, a limiter of
the team's own answering 429, privacy material under Japan's or Chile's law, a root script printing
a patient's name, backup headings in Japanese; and from the two later batches (a FastAPI + Next.js
device platform, a Bun microservice platform, a Lovable mock, an AI-assisted MERN app, a Django app
with its virtualenv committed, a Create React App intake form): Lovable's appended README sections,
a build tool's committed cache, `manualChunks: undefined`, an administrator's export, a base64
dummy, a role compared in a component, a root script's catches, a committed virtualenv, Django's
and CRA's generated tests, a signing key nothing overrides, a CloudFront invalidation. Each test
names the repository shape it stands for."""

from __future__ import annotations

from readiness.model import Level, Status
from tests.repo_check_support import cited, run_one

VITE_APP = {"package.json": '{"dependencies": {"vite": "5", "react": "18"}}'}


def test_a_vite_secret_no_shipped_code_reads_reaches_no_browser(make_repo):
    """ClinicOS's scripts/security/scan-frontend-secrets.mjs tests itself on `VITE_OPENAI_TOKEN`;
    the census app's .env.example lists a VITE_PASSPORT_SECRET no code reads. Vite inlines only
    the names the bundled code reads."""
    repo = make_repo(
        {
            **VITE_APP,
            "scripts/security/scan-frontend-secrets.mjs": "const s = 'import.meta.env.VITE_OPENAI_TOKEN'\n",
            ".env.example": "VITE_API_URL=http://localhost:3001\nVITE_PASSPORT_SECRET=your-secret\n",
            "src/api.ts": "export const api = import.meta.env.VITE_API_URL\n",
        }
    )
    assert run_one(repo, "secrets.vite_exposure").status is Status.PASS
    read = make_repo({**VITE_APP, "src/passport.ts": "const s = import.meta.env.VITE_PASSPORT_SECRET\n"})
    assert run_one(read, "secrets.vite_exposure").status is Status.FAIL


ONE_OFF = (
    'const ADMIN_TOKEN = process.env.ADMIN_TOKEN || "secret";\nawait fetch(URL, {headers: {ADMIN_TOKEN}})\n'
)


def test_a_fallback_in_a_root_script_nothing_runs_is_a_developer_s(make_repo):
    """em-clinic keeps check-541.mjs, backfill-all-intake.mjs and a hundred more at its root, each
    started by hand with `node`: their fallback is no default the product deploys with. A root
    module that npm start runs, or one another module imports, is the product's."""
    repo = make_repo({"check-541.mjs": ONE_OFF, "package.json": '{"scripts": {"dev": "next dev"}}'})
    assert run_one(repo, "secrets.no_hardcoded_fallbacks").status is Status.PASS
    started = make_repo({"server.mjs": ONE_OFF, "package.json": '{"scripts": {"start": "node server.mjs"}}'})
    assert run_one(started, "secrets.no_hardcoded_fallbacks").status is Status.FAIL
    imported = make_repo(
        {
            "config.js": ONE_OFF.replace("ADMIN_TOKEN", "JWT_SECRET"),
            "app.js": "const config = require('./config')\n",
            "package.json": '{"scripts": {"start": "node app.js"}}',
        }
    )
    assert run_one(imported, "secrets.no_hardcoded_fallbacks").status is Status.FAIL


SUPABASE_DEPS = '{"dependencies": {"@supabase/supabase-js": "2", "next": "15"}}'


def test_a_script_that_talks_to_the_live_project_binds_no_build_to_it(make_repo):
    """em-clinic's scripts/check-12-detail.mjs calls createClient("https://<project>.supabase.co")
    to inspect production by hand; the app reads its URL from the environment and e2e starts a
    local Supabase."""
    bound_by_script = (
        'const supabase = createClient("https://fzfkgemtaxsrocbucmza.supabase.co", process.env.KEY)\n'
    )
    files = {
        "package.json": SUPABASE_DEPS,
        "scripts/check-12-detail.mjs": bound_by_script,
        "lib/supabase.ts": "export const db = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, key)\n",
        "e2e/scripts/setup-local-db.sh": "npx supabase start\n",
    }
    assert run_one(make_repo(files), "environments.dev_prod_separated").status is Status.PASS
    generated = make_repo({**files, "src/integrations/supabase/client.ts": bound_by_script})
    assert run_one(generated, "environments.dev_prod_separated").status is Status.FAIL
    # booktifi's scripts/update-supabase-env.js writes the live project into the env files
    writer = (
        "const SUPABASE_URL = 'https://pivmdulophbdciygvegx.supabase.co';\nwriteFileSync('.env', lines)\n"
    )
    configured = make_repo({**files, "scripts/update-supabase-env.js": writer})
    assert run_one(configured, "environments.dev_prod_separated").status is Status.FAIL


PROJECT = "https://oqboitkpcvuaudouwvkl.supabase.co"


def test_a_production_env_file_on_the_project_development_uses_separates_nothing(make_repo):
    """clinicai-v2's apps/flipbook/.env.production and apps/lara/.env.local.example name the same
    Supabase project: whatever the file names say, development runs on production's backend."""
    shared = make_repo(
        {
            "package.json": SUPABASE_DEPS,
            "apps/flipbook/.env.production": f"NEXT_PUBLIC_SUPABASE_URL={PROJECT}\n",
            "apps/lara/.env.local.example": f"NEXT_PUBLIC_SUPABASE_URL={PROJECT}\n",
        }
    )
    assert run_one(shared, "environments.dev_prod_separated").status is Status.FAIL
    apart = make_repo(
        {
            "package.json": SUPABASE_DEPS,
            "apps/flipbook/.env.production": f"NEXT_PUBLIC_SUPABASE_URL={PROJECT}\n",
            "apps/lara/.env.local.example": "NEXT_PUBLIC_SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co\n",
        }
    )
    found = run_one(apart, "environments.dev_prod_separated")
    assert found.status is Status.PASS
    assert "apps/flipbook/.env.production" in [path for path, _line in cited(found)]


def test_a_bundle_budget_script_the_pipeline_runs_is_an_enforced_audit(make_repo):
    """The census app's ci-cd.yml runs `npm run check:bundle-budget` after the build
    (scripts/check-bundle-budget.mjs fails over the budget)."""
    workflow = (
        "on: [push, pull_request]\njobs:\n  budget:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: npm run build\n      - run: npm run check:bundle-budget\n"
    )
    scripts = (
        '{"scripts": {"build": "vite build", "check:bundle-budget": "node scripts/check-bundle-budget.mjs"}}'
    )
    repo = make_repo({".github/workflows/ci-cd.yml": workflow, "package.json": scripts})
    found = run_one(repo, "performance.audited")
    assert found.status is Status.PASS
    assert (".github/workflows/ci-cd.yml", 7) in cited(found)
    unchecked = make_repo({".github/workflows/ci-cd.yml": workflow.replace("check:bundle-budget", "lint")})
    assert run_one(unchecked, "performance.audited").status is Status.FAIL


def test_a_health_route_that_asks_the_database_is_the_readiness_probe(make_repo):
    """rajanverma's app/api/health/route.js answers 503 when MongoDB does not connect: readiness,
    and no dependency-free liveness is left. A route named for readiness still decides by name."""
    probing = "export async function GET() {\n  await connectDB();\n  return Response.json({ok: true});\n}\n"
    one = run_one(make_repo({"app/api/health/route.js": probing}), "monitoring.liveness_readiness")
    assert one.status is Status.FAIL
    assert one.message == "Missing probe(s): liveness."
    handler = "export async function GET() {\n  return Response.json({});\n}\n"
    named = make_repo({"app/api/health/route.js": probing, "app/api/readiness/route.js": handler})
    assert run_one(named, "monitoring.liveness_readiness").status is Status.PASS


LIMITER = (
    "export function makeLimiter(windowMs, max) {\n  return (req, res, next) => {\n"
    "    if (tooMany(req)) {\n      res.setHeader('Retry-After', 60);\n"
    "      res.status(429).json({ error: 'Troppe richieste' });\n      return;\n    }\n    next();\n  };\n}\n"
)


def test_a_limiter_of_the_team_s_own_that_answers_429_is_rate_limiting(make_repo):
    """ClinicOS's backend/src/ai/rate-limit.ts: a sliding window of its own answering 429 with
    Retry-After. The four-controls finding and the rate-limiting finding agree on it."""
    repo = make_repo({"backend/src/ai/rate-limit.ts": LIMITER})
    assert run_one(repo, "auth_security.rate_limiting").status is Status.PASS
    assert ("backend/src/ai/rate-limit.ts", 5) in cited(run_one(repo, "auth_security.controls"))
    client = make_repo({"src/api.ts": "if (response.status === 429) { await wait(1000) }\n"})
    assert run_one(client, "auth_security.rate_limiting").status is Status.FAIL


def test_privacy_material_under_another_country_s_data_protection_law_is_aware(make_repo):
    """em-clinic's privacy page follows Japan's APPI (個人情報保護法); GDPR is not the only law a
    privacy policy answers to."""
    page = "export default function Privacy() {\n  return <p>当社は個人情報保護法を遵守します。</p>\n}\n"
    repo = make_repo({"app/privacy/page.tsx": page})
    assert run_one(repo, "compliance.gdpr_documentation").status is Status.PASS
    chile = make_repo({"docs/privacy.md": "# Privacidad\n\nTratamos los datos según la Ley 19.628.\n"})
    assert run_one(chile, "compliance.gdpr_documentation").status is Status.PASS
    generic = make_repo({"app/privacy/page.tsx": page.replace("個人情報保護法", "法令")})
    assert run_one(generic, "compliance.gdpr_documentation").status is Status.FAIL


def test_a_root_script_printing_a_patient_s_name_writes_no_log(make_repo):
    """em-clinic's check-541-all.mjs prints intake.patient_name on the developer's terminal; the
    same line in an API route goes to the platform's logs."""
    line = "console.log(intake.patient_name)\n"
    repo = make_repo({"check-541-all.mjs": line, "package.json": '{"scripts": {"dev": "next dev"}}'})
    assert run_one(repo, "compliance.personal_data_in_logs").status is Status.PASS
    routed = make_repo({"app/api/intake/route.ts": line})
    assert run_one(routed, "compliance.personal_data_in_logs").status is Status.FAIL


def test_backup_headings_in_japanese_document_a_strategy(make_repo):
    """em-clinic's docs/restore-guide.md: "## バックアップの種類" (snapshots, PITR) and "## リストア手順"."""
    guide = "# DB リストアテスト手順\n\n## バックアップの種類\n\n日次スナップショット、PITR。\n"
    found = run_one(make_repo({"docs/restore-guide.md": guide}), "backup.strategy_documented")
    assert found.status is Status.PASS
    assert ("docs/restore-guide.md", 3) in cited(found)


LOVABLE_TAIL = (
    "\n## Build with Lovable\n\nContinue developing this project in the [Lovable editor](https://lovable.dev).\n"
    "\n## Development\n\nPrefer working locally? You need Node.js and npm.\n\n"
    "```sh\ngit clone <this-repository-url>\nnpm i\nnpm run dev\n```\n"
)


def test_the_sections_an_app_builder_appends_to_a_prompt_teach_nothing(make_repo):
    """bion-telemedicina-simples: the README is the prompt the app was generated from, then the
    "Build with Lovable" and "Development" sections Lovable appends to every app."""
    prompt = "# BION: Telemedicina Simples\n\nCrie o aplicativo BION do zero.\n" + "Conceito.\n" * 150
    repo = make_repo({"README.md": prompt + LOVABLE_TAIL})
    assert run_one(repo, "documentation.readme_sections").status is Status.FAIL
    own = prompt + "\n## Setup\n\n```sh\nnpm install\nnpm run dev\n```\n"
    assert run_one(make_repo({"README.md": own + LOVABLE_TAIL}), "documentation.readme_sections").status is (
        Status.PASS
    )


def test_a_build_tool_s_committed_cache_and_a_default_chunk_setting_are_no_speed_work(make_repo):
    """lenchoajema's mobile-app/.expo/web/cache holds babel-loader output with `cache.get(` in it;
    its vite.config.js says `manualChunks: undefined`, the bundler's default."""
    compiled = (
        "{\"code\":\"var c = new Map(); cache.set(key, value); res.set('Cache-Control', 'max-age=60')\"}\n"
    )
    vite = "export default {\n  build: { rollupOptions: { output: { manualChunks: undefined } } }\n}\n"
    repo = make_repo(
        {
            "mobile-app/.expo/web/cache/development/babel-loader/0b38.json": compiled,
            "frontend/vite.config.js": vite,
            "package.json": '{"dependencies": {"react": "18", "vite": "5"}}',
        }
    )
    assert run_one(repo, "performance.caching").status is Status.FAIL
    assert run_one(repo, "performance.code_splitting").status is Status.FAIL
    split = make_repo(
        {
            **{"frontend/vite.config.js": vite.replace("undefined", "{ vendor: ['react'] }")},
            "package.json": '{"dependencies": {"react": "18", "vite": "5"}}',
        }
    )
    assert run_one(split, "performance.code_splitting").status is Status.PASS


def test_an_administrator_exporting_every_user_is_no_data_subject_right(make_repo):
    """lenchoajema's modules/admin/dashboard.controller.js exports all users for the operator; a
    person exporting their own data (routes/account.js) exercises a right."""
    export = "export const exportUserData = async (req, res) => { res.send(await User.find()) }\n"
    admin = make_repo({"backend/src/modules/admin/dashboard.controller.js": export})
    assert run_one(admin, "compliance.gdpr_documentation").status is not Status.PASS
    own = make_repo({"backend/src/routes/account.js": export})
    assert run_one(own, "compliance.gdpr_documentation").status is Status.PASS


def test_a_base64_of_digits_typed_in_order_is_a_dummy(make_repo):
    """telemed-monorepo's backend/.env.test: DEVICE_SECRET_ENCRYPTION_KEY is base64 of
    "0123456789abcdef…", random-looking only once encoded. Random bytes so encoded are a key."""
    dummy = "DEVICE_SECRET_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"
    assert (
        run_one(make_repo({"backend/.env.test": dummy}), "secrets.no_hardcoded_secrets").status is Status.PASS
    )
    real = "DEVICE_SECRET_ENCRYPTION_KEY=q8Vw3nZk1Tf0Yp5sLr2Xc7Gh4Jm9Bd6Ne1Ua8Wz3Ko0=\n"
    assert (
        run_one(make_repo({"backend/.env.test": real}), "secrets.no_hardcoded_secrets").status is Status.FAIL
    )


def test_a_role_compared_in_a_component_authorises_nothing(make_repo):
    """bion-telemedicina-simples compares `sessao.role === "medico"` in a component to pick a label;
    with no server, nothing is kept from anyone. The same comparison in an API route is a check."""
    line = 'const medico = sessao.role === "medico" ? sessao.nome : "Dra. Ana"\n'
    deps = {"package.json": '{"dependencies": {"react": "18", "vite": "5"}}'}
    browser = run_one(make_repo({**deps, "src/components/Receitas.tsx": line}), "auth_security.controls")
    assert "authorisation" in browser.message
    server = run_one(make_repo({**deps, "server/routes/recipes.ts": line}), "auth_security.controls")
    assert "authorisation" not in server.message.split("missing:")[-1]


def test_the_catches_of_a_root_script_are_not_the_product_s(make_repo):
    """lenchoajema keeps api-endpoint-test.js and a hundred more ad hoc scripts at its root; their
    console-only catches say nothing of how the product handles errors."""
    script = "try {\n  await fetch(url)\n} catch (e) {\n  console.log(e)\n}\n"
    handled = "try {\n  await save()\n} catch (e) {\n  toast.error('Could not save')\n}\n"
    files = {"package.json": '{"scripts": {"dev": "vite"}}', "src/save.ts": handled}
    repo = make_repo({**files, **{f"debug-{n}.js": script for n in range(4)}})
    assert run_one(repo, "error_handling.log_inform_report").status is Status.PASS
    shipped = make_repo({**files, **{f"src/debug-{n}.js": script for n in range(4)}})
    assert run_one(shipped, "error_handling.log_inform_report").status is Status.FAIL


SITE = "env/lib/python3.8/site-packages"


def test_a_committed_virtualenv_is_django_s_code_not_the_team_s(make_repo):
    """lxaw's django-health-app commits env/lib/python3.8/site-packages: Django's own tests,
    pip's RateLimiter and Django's lru_caches are none of the product's."""
    stub = "from django.test import TestCase\n\n# Create your tests here.\n"
    repo = make_repo(
        {
            "core/tests.py": stub,
            f"{SITE}/django/test/testcases.py": "class TestCase:\n    def test_x(self): ...\n",
            f"{SITE}/pip/_internal/utils/ui.py": "class RateLimiter(object):\n    pass\n",
        }
    )
    assert run_one(repo, "tests.test_files").status is Status.FAIL
    assert run_one(repo, "auth_security.rate_limiting").status is Status.FAIL
    written = make_repo(
        {"core/tests.py": stub + "\nclass HomeTests(TestCase):\n    def test_home(self):\n        pass\n"}
    )
    assert run_one(written, "tests.test_files").status is Status.PASS


def test_create_react_app_s_generated_test_is_a_placeholder(make_repo):
    """MondayHealth's src/App.test.js is CRA's "renders without crashing", untouched."""
    generated = (
        "import React from 'react';\nimport ReactDOM from 'react-dom';\nimport App from './App';\n\n"
        "it('renders without crashing', () => {\n  const div = document.createElement('div');\n"
        "  ReactDOM.render(<App />, div);\n});\n"
    )
    found = run_one(make_repo({"src/App.test.js": generated}), "tests.test_files")
    assert found.status is Status.FAIL and found.shows is Level.PROTOTYPE
    grown = generated + "".join(f"\nit('submits form {n}', () => {{ submit({n}) }});\n" for n in range(8))
    assert run_one(make_repo({"src/App.test.js": grown}), "tests.test_files").status is Status.PASS


def test_a_signing_key_written_in_the_only_settings_is_hard_coded(make_repo):
    """lxaw's settings.py sets SECRET_KEY = 'django-insecure-…' and nothing reads it from the
    environment: the key is written in the code (prototype). Beside a production settings module
    that reads DJANGO_SECRET_KEY, the same line is an insecure default (partial)."""
    settings = "SECRET_KEY = 'django-insecure-lafeej+_457t)@aq0@14doxuy14i'\nDEBUG = True\n"
    alone = run_one(make_repo({"project/settings.py": settings}), "secrets.no_hardcoded_fallbacks")
    assert alone.status is Status.FAIL and alone.shows is Level.PROTOTYPE
    production = "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\n"
    both = make_repo({"project/settings/base.py": settings, "project/settings/production.py": production})
    assert run_one(both, "secrets.no_hardcoded_fallbacks").shows is Level.PARTIAL


def test_a_deploy_that_invalidates_cloudfront_deploys_behind_a_cdn(make_repo):
    """MondayHealth's deploy.sh syncs the build to S3, then `aws cloudfront create-invalidation`."""
    deploy = "npm run build\naws s3 sync build s3://patient.example\n"
    deploy += "aws cloudfront create-invalidation --paths /\n"
    assert run_one(make_repo({"deploy.sh": deploy}), "performance.cdn").status is Status.PASS
    plain = make_repo({"deploy.sh": "npm run build\naws s3 sync build s3://patient.example\n"})
    assert run_one(plain, "performance.cdn").status is Status.FAIL


def test_a_commented_example_of_the_assignment_is_no_secret(make_repo):
    """clinicai's legacy supabase.js documents the line in a comment (`//   Exemplo: const
    CLINIC_SECRET = 'minha-clinica-…'`) above the real one; the example is no secret, the real
    line and a key merely commented out still are."""
    example = "//   Exemplo: const CLINIC_SECRET = 'minha-clinica-s3cr3t-2026xQ'\n"
    assert run_one(
        make_repo({"public/legacy/js/supabase.js": example}), "secrets.no_hardcoded_secrets"
    ).status is (Status.PASS)
    disabled = "// const CLINIC_SECRET = '0b6e63c7c320a5211d9bea3145416b33b0cc070de170ebe05c07d0b8914ab5fa'\n"
    assert run_one(
        make_repo({"public/legacy/js/supabase.js": disabled}), "secrets.no_hardcoded_secrets"
    ).status is (Status.FAIL)
