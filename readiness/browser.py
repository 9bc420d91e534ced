"""Which Chromium or Chrome prints PDFs and opens reports in the browser tests.

No browser is ever downloaded (this machine's network, and many CI runners, forbid it): an
installed one is found instead — ``READINESS_CHROMIUM``, then the usual names on PATH, then the
usual install paths on Linux and macOS, then a browser Playwright installed earlier.

``python -m readiness.browser`` prints the path found, or says what is missing and exits 1.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PATHS = (
    "/usr/bin/chromium",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
PLAYWRIGHT_CACHE = Path.home() / ".cache" / "ms-playwright"


def find_chromium() -> str | None:
    """The first Chromium or Chrome executable found, or None."""
    chosen = os.environ.get("READINESS_CHROMIUM")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    found = next((shutil.which(name) for name in NAMES if shutil.which(name)), None)
    if found:
        return found
    found = next((path for path in PATHS if os.access(path, os.X_OK)), None)
    if found:
        return found
    bundled = sorted(PLAYWRIGHT_CACHE.glob("chromium-*/chrome-*/chrome"), reverse=True)
    return str(bundled[0]) if bundled else None


def main() -> int:
    path = find_chromium()
    if path:
        print(path)
        return 0
    print(
        "No Chromium or Chrome found: the browser tests and --pdf need one. Install it with your "
        "system's package manager (Debian/Ubuntu: apt-get install chromium; macOS: brew install "
        "--cask chromium) or point READINESS_CHROMIUM at one.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
