"""The package as a user installs it (`pip install .`, not editable): a wheel built from the
checkout, installed in a fresh virtual environment outside it, runs `readiness demo` and
`readiness report` from another folder — the notebooks, templates, schemas and demo data travel
in the wheel."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
from pathlib import Path

from tests.conftest import ROOT


def test_an_installed_wheel_builds_the_reports_from_another_folder(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT), "-w", str(wheels)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("readiness-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    target = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The wheel alone; its dependencies are borrowed from this environment (no network needed),
    # whose editable readiness is not on the path (its .pth files are not processed from here).
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (target / "borrowed.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Borrowed dependencies keep their data files (nbconvert's base templates) in this prefix.
    env = {**os.environ, "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    run = lambda *args: subprocess.run(  # noqa: E731
        [str(python), "-m", "readiness", *args],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    where = run("--version")
    assert where.returncode == 0, where.stderr
    located = subprocess.run(
        [str(python), "-c", "import readiness; print(readiness.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert located.startswith(str(target)), located
    demo = run("demo", "--out", "reports")
    assert demo.returncode == 0, demo.stderr[-2000:]
    pages = sorted(elsewhere.glob("reports/*/scorecard.html"))
    assert [p.parent.name for p in pages] == ["clinical-engine", "mymonka"]
    config = next(target.glob("readiness/demo/mymonka/readiness.yml"))
    report = run("report", "--config", str(config), "--out", "again", "--as-of", "2026-11-26")
    assert report.returncode in (0, 1), report.stderr[-2000:]
    assert (elsewhere / "again" / "mymonka" / "scorecard.html").exists()
