"""Criterion 3 checks: each on a repository that fails it and one that passes it."""

from __future__ import annotations

import json

import pytest

from tests.repo_check_helpers import Case, assert_case

SENTRY = json.dumps({"dependencies": {"@sentry/react": "^8.0.0", "pino": "^9.0.0"}})
INIT_FROM_ENV = "import * as Sentry from '@sentry/react';\n\n" \
                "Sentry.init({ dsn: import.meta.env.VITE_SENTRY_DSN });\n"
INIT_HARDCODED = "import * as Sentry from '@sentry/react';\nSentry.init({ dsn: 'https://k@o1.ingest' });\n"
LOGGER = "import pino from 'pino';\nconst logger = pino();\nlogger.info('up');\nlogger.error('down');\n"
FASTAPI = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/healthz')\ndef live():\n" \
          "    return {}\n\n@app.get('/readyz')\ndef ready():\n    return {}\n"

CASES = [
    Case("monitoring.error_tracking", {"package.json": SENTRY, "src/main.ts": INIT_HARDCODED},
         {"package.json": SENTRY, "src/main.ts": INIT_FROM_ENV},
         fail_cites={("src/main.ts", 2)}, pass_cites={("src/main.ts", 3)}),
    Case("monitoring.structured_logging", {"src/a.ts": "console.log('up');\n"},
         {"package.json": SENTRY, "src/log.ts": LOGGER},
         fail_cites={("src/a.ts", 1)}, pass_cites={("src/log.ts", 1)}),
    Case("monitoring.log_levels", {"src/log.ts": "logger.error('down');\n"},
         {"src/log.ts": LOGGER}, fail_cites={("src/log.ts", 1)}, pass_cites={("src/log.ts", 3)}),
    Case("monitoring.correlation_id", {"src/a.ts": "export const a = 1;\n"},
         {"src/mw.ts": "const id = req.headers['x-request-id'];\n"},
         pass_cites={("src/mw.ts", 1)}),
    Case("monitoring.health_endpoint", {"app/main.py": "x = 1\n"}, {"app/main.py": FASTAPI},
         pass_cites={("app/main.py", 4)}),
    Case("monitoring.liveness_readiness", {"app/main.py": FASTAPI.split("\n\n@app.get('/readyz')")[0]},
         {"app/main.py": FASTAPI}, fail_cites={("app/main.py", 4)},
         pass_cites={("app/main.py", 4), ("app/main.py", 8)}),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)
