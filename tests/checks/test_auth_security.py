"""Criterion 6 checks: each on a repository that fails it and one that passes it."""

from __future__ import annotations

import json

import pytest

from readiness.model import Level, Status
from tests.repo_check_support import Case, assert_case, run_one

TABLE = "create table public.notes (\n  id uuid primary key\n);\n"
RLS = "alter table public.notes enable row level security;\n"
POLICY = 'create policy "own notes" on public.notes for select using (auth.uid() = id);\n'
MIGRATION = "supabase/migrations/20260101000000_notes.sql"
SUPABASE = json.dumps({"dependencies": {"@supabase/supabase-js": "2"}})
AUDIT = (
    "create table public.audit_log (id bigserial);\n"
    "create trigger notes_audit after update on public.notes\n"
    "  for each row execute function public.write_audit_log();\n"
)
HEADERS = json.dumps(
    {
        "headers": [
            {
                "source": "/(.*)",
                "headers": [
                    {"key": "Content-Security-Policy", "value": "default-src 'self'"},
                    {"key": "Strict-Transport-Security", "value": "max-age=63072000"},
                ],
            }
        ]
    },
    indent=1,
)

CASES = [
    Case(
        "auth_security.authentication",
        {"src/a.ts": "export const a = 1;\n"},
        {"src/login.ts": "await supabase.auth.signInWithOtp({ email });\n"},
        pass_cites={("src/login.ts", 1)},
    ),
    Case(
        "auth_security.row_level_security",
        {MIGRATION: TABLE, "package.json": SUPABASE},
        {MIGRATION: TABLE + RLS + POLICY, "package.json": SUPABASE},
        fail_cites={(MIGRATION, 1)},
        pass_cites={(MIGRATION, 1)},
    ),
    Case(
        "auth_security.mfa",
        {"supabase/config.toml": "[auth.mfa.totp]\nenroll_enabled = false\n"},
        {"supabase/config.toml": "[auth]\nenabled = true\n[auth.mfa.totp]\nenroll_enabled = true\n"},
        pass_cites={("supabase/config.toml", 4)},
    ),
    Case(
        "auth_security.rate_limiting",
        {"supabase/config.toml": "[auth]\nenabled = true\n"},
        {"supabase/config.toml": "[auth.rate_limit]\nsign_in_sign_ups = 30\n"},
        pass_cites={("supabase/config.toml", 2)},
    ),
    Case(
        "auth_security.audit_log",
        {MIGRATION: TABLE},
        {MIGRATION: TABLE + AUDIT},
        pass_cites={(MIGRATION, 4), (MIGRATION, 5)},
    ),
    Case(
        "auth_security.security_headers",
        {"vercel.json": json.dumps({"framework": "vite"})},
        {"vercel.json": HEADERS},
        pass_cites={("vercel.json", 7), ("vercel.json", 11)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


def test_table_without_rls_is_cited_at_its_create_table_line(make_repo):
    from tests.repo_check_support import run_one

    root = make_repo({MIGRATION: "-- notes\n\n" + TABLE, "package.json": SUPABASE})
    finding = run_one(root, "auth_security.row_level_security")
    assert [(r.path, r.line, r.excerpt) for r in finding.evidence] == [
        (MIGRATION, 3, "notes: no row level security")
    ]


def auth_level(make_repo, files):
    from readiness.assessment import assess
    from tests.repo_check_support import AS_OF, repo_config

    return assess(repo_config(make_repo(files)), as_of=AS_OF).result("auth_security")


@pytest.mark.parametrize(
    "files",
    [
        {"app/settings.py": "INSTALLED_APPS = ['django.contrib.auth']\n"},
        {"package.json": json.dumps({"dependencies": {"better-auth": "1"}})},
        {"src/firebase.ts": "import { getAuth } from 'firebase/auth';\nexport const auth = getAuth(app);\n"},
        {"app/security.py": "oauth2_scheme = OAuth2PasswordBearer(tokenUrl='token')\n"},
        {"src/lib/session.ts": "export async function validateSessionToken(token: string) {}\n"},
    ],
)
def test_authentication_by_a_library_or_framework_counts(make_repo, files):
    assert run_one(make_repo(files), "auth_security.authentication").status is Status.PASS


def test_server_side_orm_is_judged_by_app_authorisation_not_rls(make_repo):
    prisma = {
        "package.json": json.dumps({"dependencies": {"next-auth": "4", "@prisma/client": "5"}}),
        "app/api/posts/route.ts": "const session = await getServerSession(authOptions);\n"
        "if (!(await verifyCurrentUserHasAccessToPost(id))) {\n"
        "  return new Response(null, { status: 403 });\n}\n",
    }
    result = auth_level(make_repo, prisma)
    assert result.level is Level.PARTIAL, result.reason
    controls = next(f for f in result.findings if f.check_id == "auth_security.controls")
    assert controls.data["present"] == ["authorisation"]


def test_levels_count_the_four_controls(make_repo):
    assert auth_level(make_repo, {"README.md": "# App\n"}).level is Level.ABSENT
    basic = {"package.json": json.dumps({"dependencies": {"passport": "0.7"}})}
    assert auth_level(make_repo, basic).level is Level.PROTOTYPE
    all_four = {
        "package.json": json.dumps(
            {"dependencies": {"passport": "0.7", "express-rate-limit": "7", "otplib": "12"}}
        ),
        "src/routes.ts": "router.delete('/posts/:id', checkPermission('posts:delete'), remove);\n",
        "src/audit.ts": "export async function logActivity(userId: string, action: string) {}\n",
    }
    assert auth_level(make_repo, all_four).level is Level.PRODUCTION


def test_authentication_alone_is_not_authorisation(make_repo):
    signed_in_only = {
        "package.json": json.dumps({"dependencies": {"next-auth": "4", "@prisma/client": "5"}}),
        "app/api/posts/route.ts": "const session = await getServerSession(authOptions);\n"
        "if (!session) return new Response(null, { status: 401 });\n",
    }
    assert auth_level(make_repo, signed_in_only).level is Level.PROTOTYPE


def test_rls_does_not_apply_where_only_the_server_reaches_the_database(make_repo):
    prisma = {
        "prisma/migrations/0001_init/migration.sql": TABLE,
        "package.json": json.dumps({"dependencies": {"@prisma/client": "5"}}),
    }
    assert run_one(make_repo(prisma), "auth_security.row_level_security").status is Status.NOT_APPLICABLE
    closed = {MIGRATION: TABLE + RLS, "package.json": SUPABASE}  # RLS without a policy denies all
    assert run_one(make_repo(closed), "auth_security.row_level_security").status is Status.PASS


def test_rls_is_demanded_only_where_browser_code_imports_the_database_client(make_repo):
    server_only = {
        MIGRATION: TABLE,
        "package.json": SUPABASE,
        "src/server/db.ts": "import { createClient } from '@supabase/supabase-js'\n",
        "scripts/seed.ts": "import { createClient } from '@supabase/supabase-js'\n",
    }
    finding = run_one(make_repo(server_only), "auth_security.row_level_security")
    assert finding.status is Status.NOT_APPLICABLE
    spa = json.dumps({"dependencies": {"@supabase/supabase-js": "2", "vite": "5"}})
    browser = {
        **server_only,
        "package.json": spa,
        "src/lib/supabase.ts": "import { createClient } from '@supabase/supabase-js'\n",
    }
    assert run_one(make_repo(browser), "auth_security.row_level_security").status is Status.FAIL


def test_an_oauth_client_authorising_its_own_requests_is_not_authorisation(make_repo):
    files = {
        "requirements.txt": "django\n",
        "app/settings.py": "INSTALLED_APPS = ['django.contrib.auth']\n",
        "app/gmail.py": "http_auth = delegated_credentials.authorize(Http())\n",
    }
    assert auth_level(make_repo, files).level is Level.PROTOTYPE
    checked = {**files, "app/views.py": "class Edit(PermissionRequiredMixin, UpdateView):\n    pass\n"}
    assert auth_level(make_repo, checked).level is Level.PARTIAL


def test_a_table_dropped_by_a_later_migration_needs_no_rls(make_repo):
    root = make_repo(
        {
            MIGRATION: TABLE,
            "package.json": SUPABASE,
            "supabase/migrations/20991231000000_drop.sql": "DROP TABLE IF EXISTS notes;\n",
        }
    )
    assert run_one(root, "auth_security.row_level_security").status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    "files, control",
    [
        (
            {"api/articles.py": "a = Article.query.filter_by(slug=s, author_id=current_user.id).first()\n"},
            "authorisation",
        ),
        (
            {"api/routers/tweets.py": "def read(user: User = Depends(get_current_active_user)):\n    pass\n"},
            "authorisation",
        ),
        ({"package.json": json.dumps({"dependencies": {"@clerk/nextjs": "6"}})}, "rate limiting"),
    ],
)
def test_ownership_checks_and_identity_platforms_are_controls(make_repo, files, control):
    found = run_one(make_repo(files), "auth_security.controls")
    missing = found.message.split("missing: ", 1)[1]
    assert control not in missing and found.shows is Level.PARTIAL


def test_a_rate_limiter_defined_but_never_called_limits_nothing(make_repo):
    """umami's redis client defines `async rateLimit(key, limit, seconds)` and nothing calls it."""
    defined = (
        "export class Redis {\n"
        "  async rateLimit(key: string, limit: number, seconds: number): Promise<boolean> {\n"
        "    return true;\n  }\n}\n"
    )
    found = run_one(make_repo({"src/lib/redis.ts": defined}), "auth_security.controls")
    assert "rate limiting" in found.data["missing"]
    # umami calls it from an API route, which imports the client
    route = (
        "import { redis } from '@/lib/redis';\n"
        "export async function POST(req: Request) {\n  await redis.rateLimit(ip(req), 10, 60);\n}\n"
    )
    files = {"src/lib/redis.ts": defined, "src/app/api/send/route.ts": route}
    found = run_one(make_repo(files), "auth_security.controls")
    assert "rate limiting" not in found.data["missing"]
