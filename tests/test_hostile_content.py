"""Hostile repository content never hangs an assessment: every pattern applied to it is RE2.

Each pathological file is assessed in a subprocess with a generous time limit: the assertion is
"it finishes" (before, each of these ran for minutes in Python's backtracking `re`), not a timing.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

LIMIT_SECONDS = 120
PATHOLOGICAL = {
    "adr with a 3,000-space line": {"docs/adr/0001-db.md": "# ADR\nDate: 2026-01-01\n" + " " * 3000 + "x\n"},
    "production × 90,000 in markdown": {
        "README.md": "# " + "production " * 90_000 + "\n",
        "docs/notes.md": "production " * 90_000 + "\n",
    },
    "an unclosed SQL comment repeated": {"supabase/migrations/1_x.sql": "/* " * 60_000 + "\n"},
    "a long run before an assignment": {"src/a.ts": "x" + " " * 50_000 + "= 'k3y-9f2Kq7Lm8x'\n"},
}


@pytest.mark.parametrize("files", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_content_is_assessed_to_the_end(make_repo, files):
    repo = make_repo(files)
    command = [
        sys.executable,
        "-m",
        "readiness",
        "assess",
        "--repo",
        str(repo),
        "--profile",
        "product",
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=LIMIT_SECONDS, check=False)
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert '"criteria"' in done.stdout


def test_a_pattern_re2_cannot_run_is_refused_at_once():
    from readiness.checks.repo import content_regex

    with pytest.raises(ValueError, match="not supported by RE2"):
        content_regex(r"(a)\1")
