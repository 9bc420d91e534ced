"""Criterion 4 checks: each one failed and passed by a small repository, citing file and line.

The last tests plant one secret of every kind and assert that none of their
values reaches the assessment's JSON or the logs.
"""

from __future__ import annotations

import io
import json
import logging
import subprocess

import pytest

from readiness.assessment import assess
from readiness.config import config_from_data
from readiness.logs import JsonLineFormatter
from readiness.model import Level, Status
from readiness.redact import fingerprint
from tests.conftest import git_commit_all
from tests.evidence_support import AS_OF, assess_evidence, finding
from tests.secret_support import (
    ANON_KEY,
    PROVIDER_SECRETS,
    SERVICE_ROLE_KEY,
    planted_repository,
    planted_values,
)

SUPABASE_PACKAGE = '{"name": "app", "dependencies": {"@supabase/supabase-js": "^2.45.0"}}\n'
SEED_VALIDATION = (
    "const requiredEnvVars = ['VITE_SUPABASE_URL', 'VITE_SUPABASE_ANON_KEY'];\n"
    "for (const envVar of requiredEnvVars) {\n"
    "  if (!import.meta.env[envVar]) {\n"
    "    throw new Error(`Variable d'environnement manquante : ${envVar}`);\n"
    "  }\n}\n"
)


def judge(repo, check_id: str):
    return finding(assess_evidence({"repositories": [repo]}), check_id)


def cited(found) -> list[tuple[str | None, int | None]]:
    return [(ref.path, ref.line) for ref in found.evidence]


def test_tracked_env_file_fails_and_ignored_one_passes(make_repo):
    repo = make_repo(
        {".env": "API_URL=https://api.example.invalid\nJWT_SECRET=k3y-9f2Kq7Lm\n", "README.md": "# app\n"}
    )
    (repo / ".env.local").write_text("DEBUG=1\nAPI_TOKEN=t0k-4Xr8Pq2Z\n")
    found = judge(repo, "secrets.env_not_tracked")
    assert found.status is Status.FAIL and found.shows is Level.PROTOTYPE
    assert {(ref.path, ref.excerpt) for ref in found.evidence} == {
        (".env", "tracked by git: JWT_SECRET"),
        (".env.local", "not ignored by .gitignore: API_TOKEN"),
    }
    assert "k3y-9f2Kq7Lm" not in str(found.to_dict())

    # A tracked, non-ignored `.env` judged by what it holds (LEVELS.md): placeholders and local URLs
    # are no secret, listed and passed (FastAPI's template); keys left empty are where the real ones
    # will be typed, into a committed file ("`.env` not ignored": prototype). A test suite's env is
    # neither.
    placeholders = {
        ".env": "SECRET_KEY=changethis\nDATABASE_URL=postgresql://localhost/app\n",
        ".env.test": "API_TOKEN=\n",
    }
    listed = judge(make_repo(placeholders), "secrets.env_not_tracked")
    assert listed.status is Status.PASS
    assert [ref.path for ref in listed.evidence] == [".env"]
    blanks = make_repo({**placeholders, ".env": "VITE_SUPABASE_URL=\nVITE_SUPABASE_ANON_KEY=\n"})
    awaiting = judge(blanks, "secrets.env_not_tracked")
    assert awaiting.status is Status.FAIL and awaiting.shows is Level.PROTOTYPE
    assert [(ref.path, ref.excerpt) for ref in awaiting.evidence] == [
        (".env", "tracked, not ignored, keys left empty to fill in: VITE_SUPABASE_ANON_KEY")
    ]
    # The Next.js / Vite convention: a committed `.env` of public defaults, `.env*.local` ignored for secrets.
    convention = make_repo(
        {".env": "NEXT_PUBLIC_API_URL=http://localhost:3000\n", ".gitignore": ".env*.local\n"}
    )
    assert judge(convention, "secrets.env_not_tracked").status is Status.PASS

    clean = make_repo({".gitignore": ".env*\n!.env.example\n", ".env.example": "API_URL=\n"})
    (clean / ".env").write_text("API_URL=https://api.example.invalid\n")
    assert judge(clean, "secrets.env_not_tracked").status is Status.PASS


def test_tracked_dump_or_credentials_file_fails(make_repo):
    repo = make_repo(
        {
            "backups/prod-dump.sql": "INSERT INTO patients VALUES (1);\n",
            "service-account.json": '{"type": "service_account", "private_key": "..."}\n',
            ".npmrc": "registry=https://registry.npmjs.org/\n",
        }
    )
    found = judge(repo, "secrets.sensitive_files_not_tracked")
    assert found.status is Status.FAIL
    assert sorted(ref.path for ref in found.evidence) == ["backups/prod-dump.sql", "service-account.json"]
    assert (
        judge(make_repo({"README.md": "# app\n"}), "secrets.sensitive_files_not_tracked").status
        is Status.PASS
    )


def test_hardcoded_secrets_are_cited_at_their_line(make_repo):
    found = judge(make_repo(planted_repository()), "secrets.no_hardcoded_secrets")
    assert found.status is Status.FAIL and found.severity.value == "critical"
    refs = cited(found)
    for line, rule in enumerate(PROVIDER_SECRETS, start=1):
        assert ("server/keys.ts", line) in refs, rule
    assert {
        ("deploy/id_rsa", 1),
        ("server/db.py", 1),
        ("server/db.py", 2),
        ("src/lib/supabase.ts", 3),
    } <= set(refs)
    assert ("src/lib/supabase.ts", 2) not in refs  # the anon key is public by design
    assert found.data["by_rule"]["supabase_service_role_key"] == 1


def test_anon_key_alone_passes_and_configured_ignores_are_respected(make_repo):
    repo = make_repo(
        {
            "src/supabase.ts": f"const anon = '{ANON_KEY}';\n",
            "fixtures/keys.ts": f"const k = '{PROVIDER_SECRETS['github_token']}';\n",
        }
    )
    data = {
        "name": "app",
        "profile": "product",
        "ignore": ["fixtures/"],
        "evidence": {"repositories": [str(repo)]},
    }
    assessment = assess(config_from_data(data, None), as_of=AS_OF)
    assert finding(assessment, "secrets.no_hardcoded_secrets").status is Status.PASS


def test_service_role_in_client_code_fails(make_repo):
    # A Vite app: its src/ ships to the browser (the stack facts say so), where any service-role
    # name is the key in the browser.
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"@supabase/supabase-js": "^2.45.0", "vite": "^5"}}\n',
            "src/lib/supabase.ts": "import { createClient } from '@supabase/supabase-js';\n"
            f"export const admin = createClient(url, '{SERVICE_ROLE_KEY}');\n",
            "src/admin.tsx": "const key = import.meta.env.VITE_SUPABASE_SERVICE_ROLE_KEY;\n"
            "const client = createClient(url, config.serviceRoleKey);\n",
        }
    )
    found = judge(repo, "secrets.service_role_exposure")
    assert found.status is Status.FAIL
    assert cited(found) == [("src/lib/supabase.ts", 2), ("src/admin.tsx", 1), ("src/admin.tsx", 2)]
    assert [ref.excerpt for ref in found.evidence[1:]] == ["VITE_SUPABASE_SERVICE_ROLE_KEY", "serviceRoleKey"]


def test_service_role_only_server_side_passes_and_no_supabase_is_not_applicable(make_repo):
    repo = make_repo(
        {
            "package.json": SUPABASE_PACKAGE,
            "supabase/functions/purge/index.ts": "const key = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY');\n",
            "src/lib/supabase.ts": "// the service_role key never comes here: RLS protects the anon key\n"
            "const key = import.meta.env.VITE_SUPABASE_ANON_KEY;\n",
            "README.md": "Set SUPABASE_SERVICE_ROLE_KEY in the Edge Function secrets only.\n",
        }
    )
    assert judge(repo, "secrets.service_role_exposure").status is Status.PASS
    plain = make_repo({"app.py": "print('hello')\n"})
    assert judge(plain, "secrets.service_role_exposure").status is Status.NOT_APPLICABLE


def test_secret_looking_vite_variable_fails_public_ones_pass(make_repo):
    repo = make_repo(
        {
            ".env.example": "VITE_SUPABASE_URL=\nVITE_STRIPE_SECRET_KEY=\n",
            "src/pay.ts": "const key = import.meta.env.VITE_STRIPE_SECRET_KEY\n",
        }
    )
    found = judge(repo, "secrets.vite_exposure")
    assert found.status is Status.FAIL
    assert [(r.path, r.line, r.excerpt) for r in found.evidence] == [
        ("src/pay.ts", 1, "VITE_STRIPE_SECRET_KEY"),
        (".env.example", 2, "VITE_STRIPE_SECRET_KEY"),
    ]
    public = make_repo(
        {
            ".env.example": "VITE_SUPABASE_URL=\nVITE_SUPABASE_ANON_KEY=\nVITE_STRIPE_PUBLISHABLE_KEY=\n",
            "docs/secrets.md": "Never name a variable VITE_STRIPE_SECRET_KEY.\n",
        }
    )
    assert judge(public, "secrets.vite_exposure").status is Status.PASS


def test_env_file_committed_then_removed_is_still_in_history(make_repo):
    repo = make_repo({".env": "SESSION_SECRET=9fK2mQ7xLp3Rt8Vz\n", "README.md": "# app\n"})
    remove_and_commit(repo, ".env")
    found = judge(repo, "secrets.history_clean")
    assert found.status is Status.FAIL and found.shows is Level.PARTIAL and not found.blocker
    assert [ref.path for ref in found.evidence] == [".env"]
    assert "removed in commit" in found.evidence[0].excerpt
    assert judge(make_repo({"README.md": "# app\n"}), "secrets.history_clean").status is Status.PASS


def test_history_is_inconclusive_without_git(make_repo):
    found = judge(make_repo({"README.md": "# app\n"}, git=False), "secrets.history_clean")
    assert found.status is Status.INCONCLUSIVE


@pytest.mark.parametrize(
    "path, text",
    [
        ("src/config/env.ts", SEED_VALIDATION),
        ("src/env.ts", "export const env = envSchema.parse(process.env);\n"),
        ("app/settings.py", "class Settings(BaseSettings):\n    database_url: str\n"),
    ],
)
def test_startup_validation_passes_with_the_line(make_repo, path, text):
    found = judge(make_repo({path: text}), "secrets.startup_validation")
    assert found.status is Status.PASS
    assert cited(found)[0][0] == path


def test_startup_validation_fails_without_it(make_repo):
    repo = make_repo(
        {
            "src/main.ts": "const url = import.meta.env.VITE_SUPABASE_URL;\n",
            "tests/env.test.ts": "const requiredEnvVars = [];\n",
        }
    )
    assert judge(repo, "secrets.startup_validation").status is Status.FAIL


@pytest.fixture
def captured_logs():
    """Every log line of the package at DEBUG, formatted as JSON lines with their extras."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLineFormatter())
    logger = logging.getLogger("readiness")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield stream
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_planted_secrets_never_reach_the_json_or_the_logs(make_repo, captured_logs):
    repo = make_repo(planted_repository())
    assessment = assess_evidence({"repositories": [repo]})
    outputs = {"json": json.dumps(assessment.to_dict(), ensure_ascii=False), "logs": captured_logs.getvalue()}
    assert "no_hardcoded_secrets" in outputs["json"]
    leaks = [
        (name, value[:6]) for name, text in outputs.items() for value in planted_values() if value in text
    ]
    assert leaks == []


@pytest.mark.slow
def test_planted_secrets_never_reach_the_report(make_repo, tmp_path, captured_logs):
    """The whole pipeline: executed notebook, HTML page and JSON written by ``readiness report``."""
    from readiness.report import build_report

    repo = make_repo(planted_repository())
    config = tmp_path / "readiness.yml"
    config.write_text(f"name: Leaky\nprofile: product\nevidence:\n  repositories:\n    - path: {repo}\n")
    result = build_report(config, out_dir=tmp_path / "reports", lang="en", as_of=AS_OF)
    outputs = {
        path.suffix: path.read_text(encoding="utf-8")
        for path in (result.html_path, result.ipynb_path, result.json_path)
    }
    outputs["logs"] = captured_logs.getvalue()
    shown = fingerprint(PROVIDER_SECRETS["aws_access_key_id"])
    assert all(shown in outputs[suffix] for suffix in (".html", ".ipynb", ".json"))
    leaks = [
        (name, value[:6]) for name, text in outputs.items() for value in planted_values() if value in text
    ]
    assert leaks == []


def test_names_and_dummies_are_not_secrets(make_repo):
    demo_service_role = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNl"
        "cnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU"
    )
    repo = make_repo(
        {
            "supabase/migrations/0001_setup.sql": f"service_role_key TEXT := '{demo_service_role}';\n",
            "src/Login.tsx": '<input type="password" autoComplete="current-password" name="password" />\n',
            "src/session.ts": "export const SESSION_COOKIE = 'sb-access-token-cookie-name';\n",
            "tests/fixtures/users.json": '{"password": "pbkdf2_sha256$600000$Zx3kQ9$abcDEFghiJKLmnoPQR"}\n',
            "tests/api.test.ts": "const token = 'tok_9fK2mQ7xR4tL8wZ3kP6nB1yH';\n",
            ".npmrc": "registry=https://registry.npmjs.org/\n",
        }
    )
    assert judge(repo, "secrets.no_hardcoded_secrets").status is Status.PASS
    assert judge(repo, "secrets.sensitive_files_not_tracked").status is Status.PASS


def test_a_pipelines_throwaway_database_password_is_no_secret_one_in_the_product_is(make_repo):
    password = "FmTKs5vX52ufKR1rd8tn4MoSP7zvCJwb"  # pragma: allowlist secret
    service = f'    POSTGRES_PASSWORD: "{password}"\n    DATABASE_URL: "postgresql://pg:{password}@db/pg"\n'
    ci_only = make_repo({".ci/compose.ci.yaml": f"services:\n  app:\n    environment:\n{service}"})
    assert judge(ci_only, "secrets.no_hardcoded_secrets").status is Status.PASS
    shipped = make_repo({"compose.yaml": f"services:\n  app:\n    environment:\n{service}"})
    assert sorted(cited(judge(shipped, "secrets.no_hardcoded_secrets"))) == [
        ("compose.yaml", 4),
        ("compose.yaml", 5),
    ]


def test_a_real_key_is_a_blocker(make_repo):
    repo = make_repo({"src/pay.ts": f"const key = '{PROVIDER_SECRETS['github_token']}';\n"})
    found = judge(repo, "secrets.no_hardcoded_secrets")
    assert found.status is Status.FAIL and found.blocker and found.shows is Level.ABSENT


def test_example_pem_in_history_and_local_urls_are_not_secrets(make_repo):
    repo = make_repo(
        {"config.py": 'REDIS_URL = "redis://localhost:6379"  # or: password: "redis://:pw@localhost"\n'}
    )
    assert judge(repo, "secrets.no_hardcoded_secrets").status is Status.PASS
    history = make_repo(
        {"compose/nginx/dhparams.example.pem": "-----BEGIN DH PARAMETERS-----\n", "README.md": "# app\n"}
    )
    subprocess.run(["git", "-C", str(history), "rm", "-q", "compose/nginx/dhparams.example.pem"], check=True)
    git_commit_all(history, "drop the example")
    assert judge(history, "secrets.history_clean").status is Status.PASS


def test_a_settings_module_with_a_literal_signing_key_is_an_insecure_default(make_repo):
    found = judge(
        make_repo({"app/configs/default.py": 'SECRET_KEY = "secret key"\n'}), "secrets.no_hardcoded_fallbacks"
    )
    assert found.status is Status.FAIL and found.shows is Level.PARTIAL


def test_removed_env_file_is_judged_by_what_it_held(make_repo):
    """A `.env` committed then removed is still in the history: a leak only if it held a secret."""
    empty = make_repo(
        {".env": 'NEXT_PUBLIC_FIREBASE_API_KEY=""\nNEXT_PUBLIC_FIREBASE_APP_ID=""\n', "README.md": "# app\n"}
    )
    remove_and_commit(empty, ".env")
    assert judge(empty, "secrets.history_clean").status is Status.PASS

    leaked = make_repo(
        {".env": "STRIPE_KEY=" + "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc\n", "README.md": "# app\n"}
    )
    remove_and_commit(leaked, ".env")
    found = judge(leaked, "secrets.history_clean")
    assert found.status is Status.FAIL and found.shows is Level.ABSENT and found.blocker
    assert "stripe_live_key" in found.evidence[0].excerpt and "4eC39Hq" not in str(found.to_dict())


def remove_and_commit(repo, path: str) -> None:
    subprocess.run(["git", "-C", str(repo), "rm", "-q", "--cached", path], check=True)
    (repo / path).unlink()
    git_commit_all(repo, f"remove {path}")


def test_descriptive_placeholder_in_a_template_is_no_secret(make_repo):
    repo = make_repo(
        {
            ".env.example": "SMTP_PASSWORD=email-server-password\nJWT_SECRET=thisisasamplesecret\n",
            "README.md": "```\nSMTP_PASSWORD=email-server-password\n```\n",
        }
    )
    assert judge(repo, "secrets.no_hardcoded_secrets").status is Status.PASS


def test_env_reads_without_an_ignored_env_and_inline_db_credentials_are_lapses(make_repo):
    """A project reading secrets from the environment with nothing keeping `.env` out of git, and a
    connection string with its password in the code, are the partial level's lapses."""
    repo = make_repo(
        {
            "app/settings.py": "import os\nJWT_SECRET = os.environ['JWT_SECRET']\n",
            "app/db.py": "URL = 'postgresql://postgres:postgres@db:5432/app'\n",
        }
    )
    # (no .gitignore at all: nothing keeps a local `.env` out)
    unignored = judge(repo, "secrets.env_not_tracked")
    assert unignored.status is Status.FAIL and unignored.shows is Level.PARTIAL
    inline = judge(repo, "secrets.no_hardcoded_fallbacks")
    assert inline.status is Status.FAIL and inline.shows is Level.PARTIAL
    assert [(ref.path, ref.line) for ref in inline.evidence] == [("app/db.py", 1)]
    assert "postgres@" not in str(inline.to_dict())

    careful = make_repo(
        {
            ".gitignore": ".env\n",
            "app/settings.py": "import os\nJWT_SECRET = os.environ['JWT_SECRET']\n",
            "scripts/setup.py": "URL = 'postgresql://postgres:postgres@localhost:5432/app'\n",
        }
    )
    assert judge(careful, "secrets.env_not_tracked").status is Status.PASS
    assert judge(careful, "secrets.no_hardcoded_fallbacks").status is Status.PASS


def test_a_setting_whose_name_merely_contains_key_has_no_secret_fallback(make_repo):
    settings = (
        "import os\nLDAP_EMAIL_KEY = os.environ.get('REDASH_LDAP_EMAIL_KEY', 'mail')\n"
        "CASE = os.environ.get('SQLPARSE_FORMAT_KEYWORD_CASE', 'upper')\n"
        "LOGIN = os.environ.get('REDASH_PASSWORD_LOGIN_ENABLED', 'true')\n"
        "PEM = os.getenv('SSL_PRIVKEY_FILE', 'privkey.pem')\n"
        "ANON = os.environ.get('SUPABASE_ANON_KEY', 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl')\n"
    )
    assert judge(make_repo({"app/settings.py": settings}), "secrets.no_hardcoded_fallbacks").status is (
        Status.PASS
    )
    keyed = settings + "STRIPE = os.environ.get('STRIPE_API_KEY', 'sk_9fK2mQ7xR4tL8wZ3')\n"
    found = judge(make_repo({"app/settings.py": keyed}), "secrets.no_hardcoded_fallbacks")
    assert cited(found) == [("app/settings.py", 7)] and found.shows is Level.PROTOTYPE


def test_a_default_that_says_it_is_one_is_a_lapse_a_real_looking_one_a_hard_coded_key(make_repo):
    """LEVELS.md: insecure default fallbacks are the partial level's lapse; keys hard-coded as
    fallbacks are prototype."""
    said = make_repo(
        {
            "app/settings.py": "import os\nSECRET = os.environ.get('SECRET_KEY', 'dev key')\n"
            "JWT = os.getenv('JWT_SECRET', 'secret-key')  # TODO: change me\n"
            "SIGNING = os.getenv('DJANGO_SECRET_KEY', 'onlyusethisindev')\n"
            "AQICN = os.getenv('AQICN_API_KEY', 'api_key_here')\n"
        }
    )
    assert judge(said, "secrets.no_hardcoded_fallbacks").shows is Level.PARTIAL
    real = make_repo(
        {"app/settings.py": "import os\nSECRET = os.environ.get('SECRET_KEY', 'you-will-never-guess')\n"}
    )
    assert judge(real, "secrets.no_hardcoded_fallbacks").shows is Level.PROTOTYPE


def test_keys_read_from_a_local_module_git_ignores_are_not_the_environment(make_repo):
    """`**/firebaseConfig.js` ignored and imported, `src/config.ts` ignored with only its `.example`
    tracked, Django's `from .local_settings import *`: the keys live in a file on each machine
    (partial); an ignored name nothing imports, or an import the repository holds, is not that."""
    firebase = {
        ".gitignore": "/node_modules\n**/firebaseConfig.js\n",
        "src/wrappers/firebase/index.js": "import config from './firebaseConfig';\nexport default config;\n",
    }
    found = judge(make_repo(firebase), "secrets.config_from_environment")
    assert found.status is Status.FAIL and found.shows is Level.PARTIAL
    assert [(r.path, r.line) for r in found.evidence] == [("src/wrappers/firebase/index.js", 1)]
    nest = {
        ".gitignore": "src/config.ts\n",
        "src/config.ts.example": "export const SECRET = 'secret-key';\n",
        "src/user/user.service.ts": "import { SECRET } from '../config';\nexport const s = SECRET;\n",
    }
    assert judge(make_repo(nest), "secrets.config_from_environment").status is Status.FAIL
    django = {
        ".gitignore": "local_settings.py\n",
        "app/settings.py": (
            "DEBUG = False\ntry:\n    from .local_settings import *\nexcept ImportError:\n    pass\n"
        ),
    }
    assert judge(make_repo(django), "secrets.config_from_environment").status is Status.FAIL
    template_only = {".gitignore": "local_settings.py\nlib/firebase/config.js\n", "app.py": "import os\n"}
    assert judge(make_repo(template_only), "secrets.config_from_environment").status is Status.PASS
    held = {**firebase, "src/wrappers/firebase/firebaseConfig.js": "export default {};\n"}
    assert judge(make_repo(held), "secrets.config_from_environment").status is Status.PASS
