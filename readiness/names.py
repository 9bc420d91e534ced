"""File-system names for products and runs, shared by the report folders and the history store."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path


def slugify(name: str) -> str:
    """`MyMonka` → `mymonka`, `Clinique Été` → `clinique-ete`: a folder name for any product."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "product"


def shown_path(path: str, base: Path | None) -> str:
    """A path as the user wrote it: relative to readiness.yml's folder, never a local absolute path
    (/home/<user>/… names a person and means nothing on the reader's machine); URLs unchanged."""
    if base is None or "://" in path or not os.path.isabs(path):
        return path
    return os.path.relpath(path, base)
