"""Logs on stderr, as text for people or JSON lines for machines, always carrying the run id.

The run id ties a CLI invocation, the notebook it executes and the report it
writes together, the way a correlation id ties a request's log lines (§10.3).
"""

from __future__ import annotations

import json
import logging
import os
import sys
import uuid
from datetime import UTC, datetime

RUN_ID_ENV = "READINESS_RUN_ID"
_STANDARD_ATTRS = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def current_run_id() -> str:
    """The run id of this process, created once and shared with child processes via the env."""
    run_id = os.environ.get(RUN_ID_ENV)
    if not run_id:
        run_id = uuid.uuid4().hex[:12]
        os.environ[RUN_ID_ENV] = run_id
    return run_id


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "run_id": current_run_id(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extras = {k: v for k, v in record.__dict__.items() if k not in _STANDARD_ATTRS}
        tail = " ".join(f"{k}={v}" for k, v in extras.items())
        line = f"{record.levelname.lower():7} {record.getMessage()}" + (f"  [{tail}]" if tail else "")
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(fmt: str = "text", level: str = "INFO") -> None:
    """Send the package's logs to stderr in the chosen format (idempotent)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter() if fmt == "json" else TextFormatter())
    logger = logging.getLogger("readiness")
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False
