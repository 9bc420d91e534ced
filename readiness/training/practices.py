"""The practices the calculators teach (§10.6-10.8): error budgets, choosing a rollback strategy,
writing a post-mortem."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from readiness.slo import PERIODS, budget_consumed, burn_rate
from readiness.training.course import practice


@dataclass(frozen=True)
class BudgetStatus:
    """Where a month's error budget stands after some days at an observed error rate."""

    availability: float
    error_rate_percent: float
    days_elapsed: float
    burn_rate: float
    consumed: float
    lasts: dt.timedelta | None

    @property
    def advice(self) -> str:
        """on_track / slow_down / freeze / spent: the seed's rule, stop deploying once it is spent."""
        if self.consumed >= 1:
            return "spent"
        if self.burn_rate <= 1:
            return "on_track"
        return "slow_down" if self.burn_rate <= 2 else "freeze"


def budget_status(availability: float, error_rate_percent: float, days_elapsed: float) -> BudgetStatus:
    """The calculator's arithmetic, all of it from readiness.slo."""
    rate = error_rate_percent / 100
    burn = burn_rate(rate, availability)
    consumed = budget_consumed(rate, availability, dt.timedelta(days=days_elapsed))
    lasts = PERIODS["month"] / burn if burn > 0 else None
    return BudgetStatus(
        availability, error_rate_percent, days_elapsed, round(burn, 3), round(consumed, 4), lasts
    )


@dataclass(frozen=True)
class RollbackNeeds:
    """The chooser's questions (practice.yml rollback.questions), answered yes or no."""

    history: bool = False
    two_stacks: bool = False
    traffic_split: bool = False
    risky_feature: bool = False
    schema_change: bool = False


@dataclass(frozen=True)
class RollbackAdvice:
    strategies: list[str]
    warnings: list[str] = field(default_factory=list)


def choose_rollback(needs: RollbackNeeds) -> RollbackAdvice:
    """The strongest way back the team can run, a flag for a risky feature, and the data caveat."""
    strategies = ["feature_flags"] if needs.risky_feature else []
    if needs.traffic_split:
        strategies.append("canary")
    elif needs.two_stacks:
        strategies.append("blue_green")
    elif needs.history:
        strategies.append("simple_rollback")
    warnings = [] if strategies else ["no_way_back"]
    if needs.schema_change:
        warnings.append("schema_warning")
    return RollbackAdvice(strategies, warnings)


def postmortem_markdown(lang: str, answers: dict[str, str] | None = None) -> str:
    """The blameless post-mortem as Markdown; an unanswered field shows its prompt in italics."""
    words = practice()["postmortem"]
    answers = answers or {}
    lines = [f"# {words['title'][lang]}", "", f"> {words['blameless'][lang]}", ""]
    for key, item in words["fields"].items():
        text = (answers.get(key) or "").strip() or f"_{item['prompt'][lang]}_"
        lines += [f"## {item['title'][lang]}", "", text, ""]
    return "\n".join(lines)
