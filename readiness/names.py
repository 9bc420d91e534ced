"""File-system names for products and runs, shared by the report folders and the history store."""

from __future__ import annotations

import re
import unicodedata


def slugify(name: str) -> str:
    """`MyMonka` → `mymonka`, `Clinique Été` → `clinique-ete`: a folder name for any product."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "product"
