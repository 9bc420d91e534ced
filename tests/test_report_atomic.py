"""A report killed midway (SIGKILL) leaves the previous report whole — its assessment.json and
page from one run — and the next run clears what the killed one left behind; a scheduled run's
index is readable by others (0644 under the usual umask, not mkstemp's 0600)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time

from tests.report_support import AS_OF, CLINICAL_ENGINE


def report_command(out):
    return [
        sys.executable,
        "-m",
        "readiness",
        "report",
        "--config",
        str(CLINICAL_ENGINE),
        "--out",
        str(out),
        "--as-of",
        AS_OF,
    ]


def test_a_killed_report_leaves_the_previous_one_whole(tmp_path):
    out = tmp_path / "reports"
    subprocess.run(report_command(out), check=False, capture_output=True, timeout=300)
    folder = out / "clinical-engine"
    before = json.loads((folder / "assessment.json").read_text())["run_id"]
    page = (folder / "scorecard.html").read_bytes()

    running = subprocess.Popen(report_command(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while not list(out.glob(".clinical-engine.partial-*/scorecard.ipynb")) and time.monotonic() < deadline:
        time.sleep(0.02)  # papermill saves the notebook as it starts running it: mid-run from here
    os.kill(running.pid, signal.SIGKILL)
    running.wait()
    assert list(out.glob(".clinical-engine.partial-*")), "the run was killed while building aside"
    assert json.loads((folder / "assessment.json").read_text())["run_id"] == before
    assert (folder / "scorecard.html").read_bytes() == page

    done = subprocess.run(report_command(out), check=False, capture_output=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr.decode()[-2000:]
    assert not list(out.glob(".clinical-engine.*")), "stale staging folders are cleared"
    assert json.loads((folder / "assessment.json").read_text())["run_id"] != before
    mode = stat.S_IMODE((folder / "assessment.json").stat().st_mode)
    assert mode & 0o044 == 0o044, oct(mode)
