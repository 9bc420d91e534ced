"""The Sentry tables every format lands in: their columns and dtypes, declared once, and the
conversions (times to UTC, yes/no tags to booleans, free text scrubbed once per distinct value)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from readiness.redact import fingerprint
from readiness.sentry_scrub import scrub_text

UTC_TIME = "datetime64[ns, UTC]"
TABLE_COLUMNS: dict[str, dict[str, Any]] = {
    "issues": {
        "issue_id": "str",
        "short_id": "str",
        "title": "str",
        "culprit": "str",
        "level": "str",
        "status": "str",
        "substatus": "str",
        "count": "int64",
        "user_count": "int64",
        "first_seen": UTC_TIME,
        "last_seen": UTC_TIME,
        "is_unhandled": "boolean",
        "project": "str",
    },
    "events": {
        "event_id": "str",
        "timestamp": UTC_TIME,
        "environment": "str",
        "release": "str",
        "level": "str",
        "title": "str",
        "culprit": "str",
        "handled": "boolean",
        "count": "int64",
        "users": "int64",
        "user": "str",
        "project": "str",
    },
    "frames": {
        "event_id": "str",
        "title": "str",
        "filename": "str",
        "abs_path": "str",
        "function": "str",
        "lineno": "Int64",
        "in_app": "boolean",
    },
    "transactions": {
        "timestamp": UTC_TIME,
        "transaction": "str",
        "op": "str",
        "environment": "str",
        "release": "str",
        "duration_ms": "float64",
        "statistic": "str",
        "count": "int64",
    },
    "sessions": {"date": UTC_TIME, "environment": "str", "release": "str", "status": "str", "count": "int64"},
    "crash_free": {"scope": "str", "rate": "float64", "environment": "str", "release": "str"},
    "alert_rules": {"name": "str", "kind": "str", "environment": "str", "actions": "int64", "status": "str"},
}
SCRUBBED = {
    "title",
    "culprit",
    "transaction",
    "op",
    "release",
    "environment",
    "project",
    "filename",
    "abs_path",
    "function",
    "name",
    "level",
    "status",
    "substatus",
}

EPOCH = re.compile(r"^\d+(\.\d+)?$")


def per_unique(values: pd.Series, fn: Callable[[str], Any], dtype: str = "str") -> pd.Series:
    """Apply ``fn`` once per distinct value: titles and users repeat, a million rows do not.

    Text comes back as a categorical (missing values as ""), so later group-bys
    reuse its codes instead of hashing a million strings again.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        if values.dtype == object and values.map(lambda v: isinstance(v, list | dict)).any():
            values = values.map(json.dumps, na_action="ignore")  # JSON arrays, e.g. error.handled [1]
        codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    if dtype != "str":
        mapped = [fn(str(u)) for u in uniques] + [None]
        return pd.Series(pd.array(mapped, dtype=dtype)[codes], index=values.index)
    mapped_codes, categories = pd.factorize(pd.Series([fn(str(u)) for u in uniques] + [""], dtype="str"))
    return pd.Series(
        pd.Categorical.from_codes(mapped_codes[codes], categories=categories), index=values.index
    )


def user_key(value: str) -> str:
    """A fingerprint that counts a person without naming them; empty stays empty."""
    return fingerprint(value) if value else ""


def typed_table(name: str, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A table with every expected column, in its dtype; missing columns are empty."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    out = {
        column: _as_dtype(frame[column].reset_index(drop=True), dtype)
        if column in frame
        else empty_column(dtype, len(frame))
        for column, dtype in TABLE_COLUMNS[name].items()
    }
    return pd.DataFrame(
        {
            column: per_unique(values, scrub_text) if column in SCRUBBED else values
            for column, values in out.items()
        }
    )


def empty_column(dtype: Any, length: int) -> pd.Series:
    """A column the source does not have: "" for text, 0 for counts, missing otherwise."""
    if dtype == "str":
        return pd.Series(
            pd.Categorical.from_codes(np.zeros(length, dtype="int8"), categories=pd.Index([""], dtype="str"))
        )
    if dtype == "int64":
        return pd.Series(np.zeros(length, dtype="int64"))
    missing = pd.NaT if dtype == UTC_TIME else pd.NA if dtype in ("boolean", "Int64") else np.nan
    return pd.Series(missing, index=pd.RangeIndex(length), dtype=dtype)


def _as_dtype(series: pd.Series, dtype: Any) -> pd.Series:
    if dtype == UTC_TIME:
        return to_utc(series)
    if dtype in ("int64", "Int64", "float64"):
        numbers = pd.to_numeric(series, errors="coerce")
        return numbers.fillna(0).astype(dtype) if dtype == "int64" else numbers.astype(dtype)
    if dtype == "boolean":
        return per_unique(series, as_bool, "boolean")
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series if not series.hasnans else per_unique(series, str)
    return series.fillna("").astype("str")


def as_bool(value: Any) -> bool | None:
    """True/False from booleans, yes/no tags, 1/0 and Discover's one-element arrays (`[1]`)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, bool) or value is None:
        return value
    text = str(value).strip().strip("[]").strip().lower()
    return {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}.get(text)


def to_utc(series: pd.Series) -> pd.Series:
    """ISO strings (Z, +00:00, microseconds) and epoch seconds alike, as UTC timestamps."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").astype(UTC_TIME)
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return pd.to_datetime(series, unit="s", utc=True).astype(UTC_TIME)
    present = series.dropna()
    if len(present) and EPOCH.match(str(present.iloc[0])):
        numbers = pd.to_numeric(series, errors="coerce")
        return pd.to_datetime(numbers, unit="s", utc=True).astype(UTC_TIME)
    return pd.to_datetime(series, utc=True, errors="coerce", format="ISO8601").astype(UTC_TIME)
