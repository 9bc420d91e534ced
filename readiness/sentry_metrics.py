"""Aggregates over the Sentry tables, shared by the checks and the Sentry view.

Both must quote the same figures (an unhandled share in a finding and in a chart
cannot differ), so the arithmetic lives once, here. Every function takes the
tables the collector builds and returns aggregates only: no user, no raw event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

PRODUCTION = re.compile(r"^(prod|production|prd|live)([-_.].*)?$", re.IGNORECASE)
TOP_ISSUES = 10


def is_production(environment: str) -> bool:
    return bool(PRODUCTION.match(environment or ""))


UNLABELLED = "unlabelled"


def production_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of production environments. Rows without an environment are unlabelled, never taken
    for production: an SDK left at its defaults sends them from laptops and CI as well."""
    if table.empty:
        return table
    return table[table["environment"].astype("str").map(is_production)]


def unlabelled_count(table: pd.DataFrame) -> int:
    """How many (weighted) rows carry no environment, so a report can say they were left out."""
    if table.empty:
        return 0
    return int(table.loc[table["environment"].astype("str") == "", "count"].sum())


def labelled(values: pd.Series) -> pd.Series:
    """Blank names shown as "unlabelled"; categories renamed in place, so a million rows stay cheap."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.rename_categories(lambda name: str(name) or UNLABELLED)
    return values.astype("str").replace("", UNLABELLED)


def counts_by(events: pd.DataFrame, column: str) -> pd.Series:
    """Events (weighted by count) per value of ``column``, largest first; blanks named."""
    if events.empty:
        return pd.Series(dtype="int64")
    counts = events["count"].groupby(labelled(events[column]), observed=True).sum()
    return counts.sort_values(ascending=False)


def events_per_day(events: pd.DataFrame) -> pd.DataFrame:
    """Columns: day, environment, events."""
    dated = events.dropna(subset=["timestamp"])
    if dated.empty:
        return pd.DataFrame(columns=["day", "environment", "events"])
    keys = [dated["timestamp"].dt.floor("D").rename("day"), labelled(dated["environment"])]
    return dated["count"].groupby(keys, observed=True).sum().rename("events").reset_index()


@dataclass(frozen=True)
class UnhandledShare:
    unhandled: int
    judged: int
    basis: str

    @property
    def share(self) -> float | None:
        return self.unhandled / self.judged if self.judged else None


def unhandled_share(events: pd.DataFrame, issues: pd.DataFrame) -> UnhandledShare:
    """Share of error events that reached no handler; events first, the issues' flag otherwise."""
    known = events[events["handled"].notna()] if not events.empty else events
    if not known.empty:
        total = int(known["count"].sum())
        return UnhandledShare(int(known.loc[~known["handled"].astype(bool), "count"].sum()), total, "events")
    flagged = issues[issues["is_unhandled"].notna()] if not issues.empty else issues
    if not flagged.empty:
        total = int(flagged["count"].sum())
        return UnhandledShare(
            int(flagged.loc[flagged["is_unhandled"].astype(bool), "count"].sum()), total, "issues"
        )
    return UnhandledShare(0, 0, "none")


def top_issues(
    events: pd.DataFrame, issues: pd.DataFrame, unhandled_only: bool = False, limit: int = TOP_ISSUES
) -> pd.DataFrame:
    """Title, culprit, events, users, first and last seen of the largest issues."""
    columns = ["title", "culprit", "events", "users", "first_seen", "last_seen"]
    columns += ["source"] if "source" in issues or "source" in events else []
    if not issues.empty:
        rows = issues[issues["is_unhandled"].fillna(False).astype(bool)] if unhandled_only else issues
        table = rows.rename(columns={"count": "events", "user_count": "users"})
    elif not events.empty:
        rows = events[events["handled"].eq(False).fillna(False)] if unhandled_only else events
        extra = {"source": ("source", "first")} if "source" in rows else {}
        table = rows.groupby(["title", "culprit"], as_index=False).agg(
            events=("count", "sum"),
            users=("users", "sum"),
            first_seen=("timestamp", "min"),
            last_seen=("timestamp", "max"),
            **extra,
        )
    else:
        return pd.DataFrame(columns=columns)
    return table.sort_values("events", ascending=False).head(limit)[columns].reset_index(drop=True)


def last_event(events: pd.DataFrame, issues: pd.DataFrame) -> pd.Timestamp | None:
    """When production last reported an error, from events or from the issues' lastSeen."""
    times = production_rows(events)["timestamp"].dropna() if not events.empty else pd.Series()
    if times.empty and not issues.empty:
        times = issues["last_seen"].dropna()
    return None if times.empty else times.max()


def first_and_last_seen(events: pd.DataFrame, issues: pd.DataFrame) -> tuple[str | None, str | None]:
    """The span the evidence covers, as dates: the oldest first sighting and the newest last one."""
    firsts = [t.dropna() for t in (events.get("timestamp"), issues.get("first_seen")) if t is not None]
    lasts = [t.dropna() for t in (events.get("timestamp"), issues.get("last_seen")) if t is not None]
    first = min((t.min() for t in firsts if not t.empty), default=None)
    last = max((t.max() for t in lasts if not t.empty), default=None)
    return tuple(None if t is None else f"{t:%Y-%m-%d}" for t in (first, last))


def environments(events: pd.DataFrame, transactions: pd.DataFrame, sessions: pd.DataFrame) -> pd.DataFrame:
    """Per environment: events, transactions, sessions and the releases seen (production vs staging)."""
    parts = [
        (name, frame)
        for name, frame in (("events", events), ("transactions", transactions), ("sessions", sessions))
        if not frame.empty
    ]
    if not parts:
        return pd.DataFrame(columns=["environment", "events", "transactions", "sessions", "releases"])
    keyed = pd.concat(
        [frame.assign(kind=name)[["environment", "release", "count", "kind"]] for name, frame in parts],
        ignore_index=True,
    )
    keyed["environment"] = labelled(keyed["environment"])
    counts = keyed.pivot_table(
        index="environment", columns="kind", values="count", aggfunc="sum", fill_value=0
    )
    releases = (
        keyed[keyed["release"] != ""]
        .groupby("environment")["release"]
        .agg(lambda r: ", ".join(sorted(set(r))))
    )
    table = counts.reindex(columns=["events", "transactions", "sessions"], fill_value=0).rename_axis(
        columns=None
    )
    return table.assign(releases=releases.reindex(table.index).fillna("")).reset_index()


def session_counts(sessions: pd.DataFrame) -> pd.Series:
    """Sessions per status (healthy, errored, crashed, abnormal) in production."""
    rows = production_rows(sessions)
    return rows.groupby("status")["count"].sum() if not rows.empty else pd.Series(dtype="int64")


def crash_free_rates(sessions: pd.DataFrame, crash_free: pd.DataFrame) -> dict[str, float]:
    """Crash-free sessions (and users when reported), in percent, in production.

    Sentry's own figure wins when the export carries it, the lowest one when several
    releases report (the objective holds for every release); otherwise sessions are
    counted: crash-free = 1 − crashed / all sessions.
    """
    return {scope: round(rate, 3) for scope, rate in crash_free_exact(sessions, crash_free).items()}


def crash_free_exact(sessions: pd.DataFrame, crash_free: pd.DataFrame) -> dict[str, float]:
    """:func:`crash_free_rates` unrounded, for the figures the JSON carries."""
    reported = production_rows(crash_free).dropna(subset=["rate"])
    rates = {str(scope): float(rate) for scope, rate in reported.groupby("scope")["rate"].min().items()}
    counts = session_counts(sessions)
    total = int(counts.sum()) if not counts.empty else 0
    if "sessions" not in rates and total:
        rates["sessions"] = 100 * (1 - int(counts.get("crashed", 0)) / total)
    return rates


def transaction_p95(transactions: pd.DataFrame) -> pd.DataFrame:
    """p95 duration per transaction in production: measured from single events or as exported."""
    rows = production_rows(transactions)
    if rows.empty:
        return pd.DataFrame(columns=["transaction", "p95_ms", "count"])
    single = (
        rows[rows["statistic"] == "single"]
        .groupby("transaction")
        .agg(p95_ms=("duration_ms", lambda d: d.quantile(0.95)), count=("count", "sum"))
    )
    exported = (
        rows[rows["statistic"] == "p95"]
        .groupby("transaction")
        .agg(p95_ms=("duration_ms", "max"), count=("count", "sum"))
    )
    table = (
        pd.concat([single, exported]).groupby(level=0).agg(p95_ms=("p95_ms", "max"), count=("count", "sum"))
    )
    return table.sort_values("p95_ms", ascending=False).reset_index()


def regressions(issues: pd.DataFrame) -> int:
    return int(issues["substatus"].eq("regressed").sum()) if not issues.empty else 0


def users_affected(events: pd.DataFrame, issues: pd.DataFrame) -> int:
    """At least this many people met an error.

    Distinct fingerprints count the users events name; an issue's user count is
    exact for that issue; aggregated export rows give per-row user counts. Users
    overlap across issues, so the largest of these is a floor, never a sum.
    """
    named = events.loc[events["user"] != "", "user"].nunique() if not events.empty else 0
    per_issue = issues["user_count"].max() if not issues.empty else 0
    per_row = events["users"].max() if not events.empty else 0
    return int(max(named, per_issue, per_row))


def _weighted_by(table: pd.DataFrame, column: str) -> dict[str, int]:
    if table.empty:
        return {}
    counts = table["count"].groupby(labelled(table[column]), observed=True).sum()
    return {str(key): int(value) for key, value in counts.items()}


def source_figures(tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """The figures a Sentry source puts in the assessment JSON, unrounded: what dashboards read.

    Environments without a name are counted under "unlabelled"; crash-free rates
    (production only, in percent) appear only when sessions or Sentry's own rate exist.
    """
    events, sessions = tables["events"], tables["sessions"]
    share = unhandled_share(events, tables["issues"])
    figures: dict[str, object] = {
        "events": int(events["count"].sum()),
        "unhandled": share.unhandled,
        "handled_known": share.judged,
        "events_by_environment": _weighted_by(events, "environment"),
        "events_by_release": _weighted_by(events, "release"),
        "unlabelled_events": unlabelled_count(events),
        "transactions": int(tables["transactions"]["count"].sum()),
        "issues": len(tables["issues"]),
        "sessions": int(sessions["count"].sum()),
        "sessions_by_environment": _weighted_by(sessions, "environment"),
    }
    rates = crash_free_exact(sessions, tables["crash_free"])
    if rates:
        figures["crash_free_percent"] = rates
    return figures
