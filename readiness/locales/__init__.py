"""Every word of the package's pages and messages, one YAML file per language: the report, the CLI,
the views' titles and words, the evidence sources' names, the collectors' notes and the excerpts a
check writes itself (:func:`said`).

Two kinds of text live elsewhere, each with what it describes: the criteria and the course (their
YAML data files), and each check's own description and messages, which it registers with itself by
language, so that a team's plugin check brings its words the same way a built-in one does.

A translation is a new YAML file here with the same keys; :func:`t` raises on a
missing key, so a gap shows up in the tests instead of as a blank in a report.
"""

from __future__ import annotations

from collections.abc import Callable
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


class Said(str):
    """A text in English that also knows itself in every other language: where a plain string is
    expected (a note, a warning, a test's ``in``) it is the English; a page asks :func:`in_lang`."""

    by_lang: dict[str, str]

    def __new__(cls, by_lang: dict[str, str]) -> Said:
        text = super().__new__(cls, by_lang["en"])
        text.by_lang = by_lang
        return text

    def __reduce__(self):
        return Said, (self.by_lang,)


def in_lang(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it was :func:`said` in it, else as it is (a fact from the evidence)."""
    return text.by_lang.get(lang, text) if isinstance(text, Said) else text


def said(section: str, key: str, **values: Any) -> Said:
    """One text of a section of the locale files in every language, formatted with ``values``; a
    value may be a function of the language (a figure in the reader's format, a translated word, or
    another :class:`Said`). A collector's note or a check's excerpt is written this way once and
    shown in the reader's language."""

    def text(lang: str) -> str:
        shown = {name: _valued(value, lang) for name, value in values.items()}
        return locale(lang)[section][key].format(**shown)

    return Said({lang: text(lang) for lang in LANGS})


def _valued(value: Any, lang: str) -> Any:
    if isinstance(value, Said):
        return in_lang(value, lang)
    return value(lang) if callable(value) else value


def phrased(section: str, text: str) -> Callable[[str], str]:
    """A fixed English phrase of the evidence (a skipped file's reason, a kind of file) as a function
    of the language, for :func:`said`: its translation in ``section``, or itself when it has none."""
    return lambda lang: locale(lang)[section].get(text, text)


def t(lang: str, key: str, **values: Any) -> str:
    """The word at a dotted key, formatted with ``values``."""
    node: Any = locale(lang)
    for part in key.split("."):
        node = node[part]
    return str(node).format(**values) if values else str(node)
