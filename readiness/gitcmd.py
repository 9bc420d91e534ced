"""git, run so that the repository being read cannot run anything.

A repository under assessment is hostile input: its ``.git/config`` can name an fsmonitor, a
pager, hooks, diff or textconv drivers, filters and aliases that git would execute. Every call
goes through :func:`run_git`, which neutralises them on the command line (those options win over
any configuration file), ignores the system and global configuration, runs with a minimal
environment (no inherited ``GIT_*`` variable can point git elsewhere), and trusts the folder
explicitly instead of asking the user to mark it safe.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

HARDENING = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.pager=cat",
    "-c",
    "core.sshCommand=false",
    "-c",
    "core.askPass=",
    "-c",
    "diff.external=",
    "-c",
    "protocol.allow=never",
    "-c",
    "uploadpack.packObjectsHook=",
    "-c",
    "core.quotepath=off",
)
SAFE_ENV_KEYS = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")


def git_environment() -> dict[str, str]:
    """A clean environment: no GIT_DIR, GIT_CONFIG_*, pager or editor from the caller's shell."""
    env = {key: os.environ[key] for key in SAFE_ENV_KEYS if key in os.environ}
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "HOME": tempfile.gettempdir(),
            "LC_ALL": "C.UTF-8",
        }
    )
    return env


def run_git(root: Path, *args: str, text: bool = True) -> subprocess.CompletedProcess:
    """``git -C root args`` with the hardening above; never raises for git's own failures."""
    command = ["git", *HARDENING, "-c", f"safe.directory={Path(root).resolve()}", "-C", str(root), *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=text,
        encoding="utf-8" if text else None,
        errors="replace" if text else None,
        env=git_environment(),
        check=False,
    )
