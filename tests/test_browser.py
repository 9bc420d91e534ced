"""Finding an installed Chromium or Chrome, never downloading one."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from readiness import browser


def executable(path):
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_environment_variable_wins(monkeypatch, tmp_path):
    chosen = executable(tmp_path / "my-chrome")
    monkeypatch.setenv("READINESS_CHROMIUM", str(chosen))
    assert browser.find_chromium() == str(chosen)
    monkeypatch.setenv("READINESS_CHROMIUM", str(tmp_path / "missing"))
    assert browser.find_chromium() is None


def test_a_chrome_on_path_is_found(monkeypatch, tmp_path):
    monkeypatch.delenv("READINESS_CHROMIUM", raising=False)
    executable(tmp_path / "google-chrome")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(browser, "PATHS", ())
    assert browser.find_chromium() == str(tmp_path / "google-chrome")


def test_without_any_browser_the_command_says_what_is_missing(tmp_path):
    env = {
        **os.environ,
        "PATH": str(tmp_path),
        "HOME": str(tmp_path),
        "READINESS_CHROMIUM": str(tmp_path / "none"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "readiness.browser"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1 and "apt-get install chromium" in done.stderr
