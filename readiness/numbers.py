"""Numbers in the reader's language, from Babel's locale data: one formatter for the whole package.

A figure is first formatted with a Python format spec (``".2%"``, ``",.0f"``, ``"g"``), which says
how many digits; then its symbols become the locale's: the decimal mark, the thousands separator
and the spacing of "%" (in French ``1 250,5 ms`` and ``0,50 %``, with the narrow no-break spaces
French typography uses). Checks, views, the scorecard and the charts all call :func:`figure`.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

PLACEHOLDER = "\0"


@cache
def _symbols(lang: str) -> tuple[str, str, str]:
    """The decimal mark, the thousands separator and what goes before "%" in ``lang``."""
    locale = Locale.parse(lang)
    pattern = locale.percent_formats[None].pattern  # "#,##0 %" in French, "#,##0%" in English
    before_percent = pattern[pattern.rindex("0") + 1 : pattern.index("%")] if "%" in pattern else ""
    return get_decimal_symbol(locale), get_group_symbol(locale), before_percent


def figure(value: float, spec: str, lang: str) -> str:
    """``value`` formatted with ``spec``, in the symbols of ``lang``."""
    text = format(value, spec)
    decimal, group, before_percent = _symbols(lang)
    text = text.replace(",", PLACEHOLDER).replace(".", decimal).replace(PLACEHOLDER, group)
    return text.replace("%", f"{before_percent}%")


def score_figure(score: float | None, lang: str) -> str:
    """A 0–100 score with one decimal, or "–" when the evidence gave none."""
    return "–" if score is None or score != score else figure(score, ".1f", lang)


def rate_figure(rate: float, lang: str) -> str:
    """A share (0.0192) as a percentage with the precision that keeps it non-zero: 1 failure in 52
    is 1,92 %, 1 in 100,000 is 0,001 %, never 0.0; zero is 0 %."""
    digits = 2
    while rate and round(rate * 100, digits) == 0 and digits < 6:
        digits += 1
    return figure(rate, f".{digits if rate else 0}%", lang)


def percent_figure(value: float, lang: str) -> str:
    """A number already in percent (an SLO of 99.9), written the way ``lang`` writes percentages."""
    return f"{figure(value, 'g', lang)}{_symbols(lang)[2]}%"


def chart_separators(lang: str) -> str:
    """plotly's ``layout.separators``: the decimal mark then the thousands separator."""
    decimal, group, _ = _symbols(lang)
    return decimal + group
