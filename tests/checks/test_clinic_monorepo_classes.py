"""Classes the calibration corpus showed wrong on session 27's tune batch (ClinicOS's React + Express
ward app, clinicai-v2's Next.js + Supabase monorepo, a Japanese online-clinic Next.js SaaS with
hundreds of one-off scripts at its root, a Chilean React + Firebase ward census), each reproduced
small: a secret scanner's own fixture and a development-only example naming a VITE_ secret, a
fallback in a script a developer runs by hand, a script that reads the live project by name (one
that writes it into the env files still counts), a production env file on the very project
development uses, and a bundle budget the pipeline checks under a name of its own. Each test
names the repository shape it stands for."""

from __future__ import annotations

from readiness.model import Status
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
