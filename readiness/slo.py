"""Service-level objectives and error budgets (§10.7), as plain arithmetic.

Shared by the load-test judgement, the Sentry judgement and the training
notebook's calculator, so the three always give the same figures.
"""

from __future__ import annotations

from datetime import timedelta

from readiness.locales import t

PERIODS = {
    "year": timedelta(days=365),
    "month": timedelta(days=30),
    "week": timedelta(days=7),
    "day": timedelta(days=1),
}


def error_budget(availability_percent: float) -> float:
    """The share of time (or requests) allowed to fail: 99.9 → 0.001."""
    if not 0 < availability_percent < 100:
        raise ValueError(f"availability must be between 0 and 100 (exclusive), got {availability_percent}")
    return round(1 - availability_percent / 100, 12)


def allowed_downtime(availability_percent: float, period: str = "year") -> timedelta:
    """99.9 % over a year → about 8 h 45 min; over a 30-day month → about 43 min."""
    return PERIODS[period] * error_budget(availability_percent)


def burn_rate(observed_error_rate: float, availability_percent: float) -> float:
    """How many times faster than allowed the budget burns: 1.0 spends it exactly over the period."""
    return observed_error_rate / error_budget(availability_percent)


def budget_consumed(
    observed_error_rate: float, availability_percent: float, elapsed: timedelta, period: str = "month"
) -> float:
    """Share of the period's budget spent after ``elapsed`` at the observed error rate."""
    return burn_rate(observed_error_rate, availability_percent) * (elapsed / PERIODS[period])


def format_duration(delta: timedelta | float, lang: str = "en") -> str:
    """8 h 45 min style, the way the seed writes budgets (``delta`` a timedelta or seconds); days in
    the language's unit (2 d, 2 j)."""
    seconds = delta.total_seconds() if isinstance(delta, timedelta) else delta
    minutes = round(seconds / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    day = t(lang, "units.day")
    parts = [f"{days} {day}" if days else "", f"{hours} h" if hours else "", f"{minutes} min"]
    return " ".join(p for p in parts if p and (p != "0 min" or not (days or hours))) or "0 min"
