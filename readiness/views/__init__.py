"""Views: what the scorecard shows for one evidence kind (charts, tables), registered by kind.

The scorecard notebook calls :func:`render_source_sections`; a new evidence
source adds a view module here (and its import below) to get its own section.
A view takes the assessment and the language and returns IPython-displayable
objects; it never collects or judges.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from IPython.display import HTML

from readiness.locales import LANGS, locale

ViewFn = Callable[[Any, str], list[Any]]
_VIEWS: dict[str, tuple[dict[str, str], ViewFn]] = {}


def register_view(kind: str, title: dict[str, str] | None = None):
    """Decorator: ``fn`` draws the report's section for evidence of ``kind``. A built-in view's title
    is in the locale files (section ``view_titles``); a plugin may bring its own by language."""

    def decorate(fn: ViewFn) -> ViewFn:
        _VIEWS[kind] = (title or {lang: locale(lang)["view_titles"][kind] for lang in LANGS}, fn)
        return fn

    return decorate


def heading(text: str) -> HTML:
    """A section's sub-heading inside a view, escaped."""
    return HTML(f"<h4>{escape(text)}</h4>")


def source_views(assessment, lang: str = "en") -> list[tuple[str, list[Any]]]:
    """(section title, displayables) for every evidence kind that has usable facts and a view."""
    out = []
    for kind, (title, fn) in _VIEWS.items():
        if assessment.evidence.has(kind):
            out.append((title.get(lang, title["en"]), fn(assessment, lang)))
    return out


# Built-in views register themselves on import; the import order is the order of the report's
# sections, hence one import per view (isort would otherwise sort them).
from readiness.views import sentry  # noqa: E402, F401

# isort: split
from readiness.views import load_tests  # noqa: E402, F401

# isort: split
from readiness.views import ci_artefacts  # noqa: E402, F401
