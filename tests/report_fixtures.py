"""Reports built once per test session (each is a papermill run of a few seconds), shared by tests."""

from __future__ import annotations

import contextlib
import io
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

    @property
    def last_line(self) -> str:
        return self.stdout.strip().splitlines()[-1] if self.stdout.strip() else ""


def run_cli(*argv: str) -> CliRun:
    """readiness.cli.main with stdout/stderr captured, in strict mode (collector bugs surface)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        patch.setenv("READINESS_STRICT", "1")
        code = main(list(argv))
    return CliRun(code, out.getvalue(), err.getvalue())


def report(config: Path, out: Path, *extra: str) -> CliRun:
    return run_cli("report", "--config", str(config), "--out", str(out), "--as-of", AS_OF, *extra)


@pytest.fixture(scope="session")
def reports_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="session")
def mymonka_en(reports_root) -> CliRun:
    return report(MYMONKA, reports_root / "en")


@pytest.fixture(scope="session")
def mymonka_fr(reports_root) -> CliRun:
    return report(MYMONKA, reports_root / "fr", "--lang", "fr")


@pytest.fixture(scope="session")
def clinical_engine_en(reports_root) -> CliRun:
    return report(CLINICAL_ENGINE, reports_root / "en")
