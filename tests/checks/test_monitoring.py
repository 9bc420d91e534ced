"""Criterion 3 checks: each on a repository that fails it and one that passes it."""

from __future__ import annotations

import json

import pytest

from readiness.assessment import assess
from readiness.model import Level, Status
from tests.repo_check_support import AS_OF, Case, assert_case, repo_config, run_one

SENTRY = json.dumps({"dependencies": {"@sentry/react": "^8.0.0", "pino": "^9.0.0"}})
INIT_FROM_ENV = (
    "import * as Sentry from '@sentry/react';\n\nSentry.init({ dsn: import.meta.env.VITE_SENTRY_DSN });\n"
)
INIT_HARDCODED = "import * as Sentry from '@sentry/react';\nSentry.init({ dsn: 'https://k@o1.ingest' });\n"
LOGGER = "import pino from 'pino';\nconst logger = pino();\nlogger.info('up');\nlogger.error('down');\n"
FASTAPI = (
    "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/healthz')\ndef live():\n"
    "    return {}\n\n@app.get('/readyz')\ndef ready():\n    return {}\n"
)

CASES = [
    Case(
        "monitoring.error_tracking",
        {"package.json": SENTRY, "src/main.ts": "export {};\n"},
        {"package.json": SENTRY, "src/main.ts": INIT_FROM_ENV},
        pass_cites={("src/main.ts", 3)},
    ),
    Case(
        "monitoring.structured_logging",
        {"src/a.ts": "console.log('up');\n"},
        {"package.json": SENTRY, "src/log.ts": LOGGER},
        fail_cites={("src/a.ts", 1)},
        pass_cites={("src/log.ts", 1)},
    ),
    Case(
        "monitoring.log_levels",
        {"src/log.ts": "logger.error('down');\n"},
        {"src/log.ts": LOGGER},
        fail_cites={("src/log.ts", 1)},
        pass_cites={("src/log.ts", 3)},
    ),
    Case(
        "monitoring.correlation_id",
        {"src/a.ts": "export const a = 1;\n"},
        {"src/mw.ts": "const id = req.headers['x-request-id'];\n"},
        pass_cites={("src/mw.ts", 1)},
    ),
    Case(
        "monitoring.health_endpoint",
        {"app/main.py": "x = 1\n"},
        {"app/main.py": FASTAPI},
        pass_cites={("app/main.py", 4)},
    ),
    Case(
        "monitoring.liveness_readiness",
        {"app/main.py": FASTAPI.split("\n\n@app.get('/readyz')")[0]},
        {"app/main.py": FASTAPI},
        fail_cites={("app/main.py", 4)},
        pass_cites={("app/main.py", 4), ("app/main.py", 8)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


FULL_STACK = json.dumps(
    {"dependencies": {"react": "18", "@sentry/react": "8", "express": "4", "@sentry/node": "8"}}
)
SERVER_INIT = "import * as Sentry from '@sentry/node';\nSentry.init({ dsn: process.env.SENTRY_DSN });\n"


def monitoring_of(make_repo, files):
    return assess(repo_config(make_repo(files)), as_of=AS_OF).result("monitoring")


@pytest.mark.parametrize(
    "files, level",
    [
        ({"README.md": "# App\n"}, Level.ABSENT),
        ({"app/main.py": FASTAPI}, Level.PROTOTYPE),
        ({"package.json": SENTRY, "src/main.ts": "export {};\n"}, Level.PROTOTYPE),
        ({"package.json": FULL_STACK, "web/main.tsx": INIT_HARDCODED}, Level.PARTIAL),
        (
            {"package.json": FULL_STACK, "web/main.tsx": INIT_HARDCODED, "server/index.ts": SERVER_INIT},
            Level.PRODUCTION,
        ),
    ],
)
def test_monitoring_levels_follow_levels_md(make_repo, files, level):
    result = monitoring_of(make_repo, files)
    assert result.level is level, result.reason


def test_a_health_route_declared_by_a_router_decorator_or_a_django_path_is_found(make_repo):
    router = (
        "from fastapi import APIRouter\nrouter = APIRouter()\n\n@router.get('/health')\n"
        "def health():\n    return {}\n"
    )
    django = "from django.urls import path\nurlpatterns = [path('healthz/', views.health)]\n"
    for files in ({"app/api.py": router}, {"app/urls.py": django}):
        finding = run_one(make_repo(files), "monitoring.health_endpoint")
        assert finding.status is Status.PASS, files


def test_server_logs_are_the_prototype_practice_and_plain_loguru_is_not_structured(make_repo):
    """LEVELS.md: platform logs only is prototype monitoring, not absent; loguru without
    serialize=True writes plain text, so it is no structured logger."""
    express = make_repo(
        {
            "package.json": '{"dependencies": {"express": "4", "morgan": "1"}}',
            "app.js": "const logger = require('morgan');\napp.use(logger('dev'));\n",
        }
    )
    assert run_one(express, "monitoring.server_logs").status is Status.PASS
    assessed = assess(repo_config(express), as_of=AS_OF)
    result = {c.criterion: c for c in assessed.criteria}["monitoring"]
    assert result.level is Level.PROTOTYPE

    plain = make_repo({"app/log.py": "from loguru import logger\nlogger.add('app.log')\n"})
    assert run_one(plain, "monitoring.structured_logging").status is Status.FAIL
    serialized = make_repo(
        {"app/log.py": "from loguru import logger\nlogger.add(sys.stderr, serialize=True)\n"}
    )
    assert run_one(serialized, "monitoring.structured_logging").status is Status.PASS
    assert (
        run_one(make_repo({"src/App.tsx": "console.log('hi');\n"}), "monitoring.server_logs").status
        is Status.FAIL
    )


def test_a_query_parameter_named_status_is_not_a_health_route(make_repo):
    """`searchParams.get('status')` reads a query parameter; a router's path starts with "/", and
    only Django writes its routes without one."""
    toaster = "const status = searchParams.get('status');\nconst error = searchParams.get('error');\n"
    assert run_one(make_repo({"components/toaster.tsx": toaster}), "monitoring.health_endpoint").status is (
        Status.FAIL
    )
    for files in (
        {"server/app.js": "app.get('/status', (req, res) => res.json({ ok: true }));\n"},
        {"app/urls.py": "urlpatterns = [path('health/', views.health)]\n"},
        {"server/app.js": "app.get('/heartbeat', (req, res) => res.json({ ok: true }));\n"},
        {"src/app/api/heartbeat/route.ts": "export async function GET() {\n  return Response.json({});\n}\n"},
    ):
        assert run_one(make_repo(files), "monitoring.health_endpoint").status is Status.PASS, files


def test_errors_sent_to_the_teams_own_store_are_error_tracking(make_repo):
    """A client helper invoking a `log-client-error` function that writes an error-log table is an
    error reporter the team built: tracking on one tier (partial), and reporting for criterion 2."""
    helper = (
        "export function logClientError(payload) {\n"
        "  void supabase.functions.invoke('log-client-error', { body: payload });\n}\n"
    )
    repo = make_repo({"src/lib/errorLogger.ts": helper})
    found = run_one(repo, "monitoring.error_tracking")
    assert found.status is Status.PASS and found.data["tiers"] == ["browser"]
    assert run_one(repo, "error_handling.structured_reporting").status is Status.PASS
    quiet = make_repo({"src/lib/api.ts": "export const list = () => supabase.from('orders').select();\n"})
    assert run_one(quiet, "monitoring.error_tracking").status is Status.FAIL


def test_djangos_mail_admins_reports_errors_only_to_the_admins_the_settings_name(make_repo):
    """shynet's LOGGING routes django.request errors to mail_admins but sets no ADMINS: Django mails
    nobody, so neither error tracking (criterion 3) nor central reporting (criterion 2) is there."""
    logging = (
        "LOGGING = {'handlers': {'mail_admins': {'level': 'ERROR', "
        "'class': 'django.utils.log.AdminEmailHandler'}}}\n"
    )
    nobody = make_repo({"app/settings.py": logging})
    assert run_one(nobody, "monitoring.error_tracking").status is Status.FAIL
    assert run_one(nobody, "error_handling.central_handling").status is Status.FAIL
    admins = make_repo({"app/settings.py": "ADMINS = [\n    ('Ops', 'ops@example.org'),\n]\n" + logging})
    assert run_one(admins, "monitoring.error_tracking").status is Status.PASS
    assert run_one(admins, "error_handling.central_handling").status is Status.PASS
    smtp = make_repo({"app/log.py": "handler = SMTPHandler('smtp', 'app@x', ['ops@example.org'], 'Error')\n"})
    assert run_one(smtp, "monitoring.error_tracking").status is Status.PASS


def test_health_routes_in_their_own_files_are_told_apart_by_name(make_repo):
    """spliit: src/app/api/health/liveness/route.ts and .../readiness/route.ts, two probes."""
    handler = "export async function GET() {\n  return Response.json({});\n}\n"
    files = {f"src/app/api/health/{probe}/route.ts": handler for probe in ("liveness", "readiness")}
    assert run_one(make_repo(files), "monitoring.liveness_readiness").status is Status.PASS


def test_winston_formatted_as_plain_text_is_no_structured_logger(make_repo):
    """codimd's winston writes `${timestamp} ${level}: ${message}` through format.printf."""
    plain = (
        "const { createLogger, format, transports } = require('winston')\n"
        "module.exports = createLogger({\n  format: format.combine(format.timestamp(),\n"
        "    format.printf(info => `${info.timestamp} ${info.level}: ${info.message}`)),\n"
        "  transports: [new transports.Console()]\n})\n"
    )
    for check in ("monitoring.structured_logging", "error_handling.structured_reporting"):
        assert run_one(make_repo({"lib/logger.js": plain}), check).status is Status.FAIL, check
    json_logs = plain.replace("format.timestamp(),", "format.timestamp(), format.json(),")
    assert run_one(make_repo({"lib/logger.js": json_logs}), "error_handling.structured_reporting").status is (
        Status.PASS
    )
