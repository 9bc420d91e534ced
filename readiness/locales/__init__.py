"""Every word of the package's pages and messages, one YAML file per language (criterion, check and
course texts live with their data).

A translation is a new YAML file here with the same keys; :func:`t` raises on a
missing key, so a gap shows up in the tests instead of as a blank in a report.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def locale(lang: str) -> dict[str, Any]:
    """Every word of one language (readiness/locales/<lang>.yml)."""
    text = resources.files("readiness.locales").joinpath(f"{lang}.yml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


LANGS = ("en", "fr")
"""The languages of every page and message: one YAML file each here."""


def locale_section(name: str) -> dict[str, Any]:
    """One section of every language's file, by language: ``{"en": {...}, "fr": {...}}``, the shape a
    module's own word table had before all words moved here."""
    return {lang: locale(lang)[name] for lang in LANGS}


def t(lang: str, key: str, **values: Any) -> str:
    """The word at a dotted key, formatted with ``values``."""
    node: Any = locale(lang)
    for part in key.split("."):
        node = node[part]
    return str(node).format(**values) if values else str(node)
