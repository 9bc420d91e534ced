"""Running `readiness report` from tests: the CLI in-process, output captured, strict mode on."""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from readiness.cli import main
from tests.conftest import DEMO

AS_OF = "2026-11-26"
MYMONKA = DEMO / "mymonka" / "readiness.yml"
CLINICAL_ENGINE = DEMO / "clinical-engine" / "readiness.yml"


@dataclass(frozen=True)
class CliRun:
    exit_code: int
    stdout: str
    stderr: str
    run_id: str | None = None
    """The run id the command used (each process has one; it is kept in the environment)."""

    @property
    def last_line(self) -> str:
        return self.stdout.strip().splitlines()[-1] if self.stdout.strip() else ""


def run_cli(*argv: str) -> CliRun:
    """readiness.cli.main with stdout/stderr captured, in strict mode (collector bugs surface)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        patch.setenv("READINESS_STRICT", "1")
        code = main(list(argv))
        run_id = os.environ.get("READINESS_RUN_ID")
    return CliRun(code, out.getvalue(), err.getvalue(), run_id)


def report(config: Path, out: Path, *extra: str) -> CliRun:
    return run_cli("report", "--config", str(config), "--out", str(out), "--as-of", AS_OF, *extra)
