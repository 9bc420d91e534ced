"""The contract between collectors and checks: every table, declared once with its columns' types.

A collector declares the tables it yields when it registers (``register_collector(kind,
tables=...)``); a check declares the tables it reads (``@check(reads=...)``). Both are checked:
a collector yielding an undeclared table or column, a check naming a table nobody declares, or a
check reading a table it did not declare is a bug in readiness (or in a plugin), said at once
and in every run, never turned into an empty table that would read as "inconclusive".

Types are families, not exact pandas dtypes: an integer column may be ``int64`` or nullable
``Int64``, text may be ``str``, categorical or object. An empty table is not type-checked (a
frame built from no rows has object columns); the empty table a check receives when no source
yielded any row has the declared types.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping

import pandas as pd
from pandas.api import types

EMPTY_DTYPES = {
    "text": "str",
    "integer": "int64",
    "number": "float64",
    "boolean": "bool",
    "time": "datetime64[ns, UTC]",
    "any": "object",
}
FAMILY_OF_DTYPE: dict[str | type, str] = {
    "str": "text",
    "category": "text",
    "int64": "integer",
    "Int64": "integer",
    "float64": "number",
    "bool": "boolean",
    "boolean": "boolean",
    "datetime64[ns, UTC]": "time",
    "object": "any",
    str: "text",
    int: "integer",
    float: "number",
    bool: "boolean",
}
"""Collectors that type their frames themselves (Sentry) declare pandas dtypes; these are their families."""

log = logging.getLogger(__name__)
STRICT_ENV = "READINESS_STRICT"
"""Set by the test suite: every broken contract raises."""
_DECLARED: dict[str, dict[str, dict[str, str]]] = {}


class TableContractError(LookupError):
    """A collector or a check broke the table contract: a bug to fix, not bad evidence."""


def _family(kind: str, table: str, column: str, declared: str | type) -> str:
    family = FAMILY_OF_DTYPE.get(declared, declared)
    if family not in EMPTY_DTYPES:
        raise TableContractError(f"{kind}.{table}.{column}: unknown column type {declared!r}")
    return family


def declare_tables(kind: str, tables: Mapping[str, Mapping[str, str | type]]) -> None:
    """Record what a collector yields: table name → column → type (a family or a pandas dtype)."""
    _DECLARED[kind] = {
        name: {column: _family(kind, name, column, kind_of) for column, kind_of in columns.items()}
        for name, columns in tables.items()
    }


def declared_columns(kind: str, name: str) -> dict[str, str]:
    """The declared columns of one table; a name no collector declares is an error."""
    try:
        return _DECLARED[kind][name]
    except KeyError:
        known = ", ".join(sorted(_DECLARED.get(kind, {}))) or "none"
        raise TableContractError(
            f"no collector declares a table {name!r} for {kind!r} evidence (declared: {known})"
        ) from None


def declared_tables() -> set[str]:
    """Every declared table as ``kind.name``."""
    return {f"{kind}.{name}" for kind, tables in _DECLARED.items() for name in tables}


def empty_table(kind: str, name: str) -> pd.DataFrame:
    """The table with no row, its columns in their declared types (and the ``source`` column)."""
    columns = declared_columns(kind, name)
    frame = pd.DataFrame({c: pd.Series(dtype=EMPTY_DTYPES[f]) for c, f in columns.items()})
    return frame.assign(source=pd.Series(dtype="str"))


def _fits(series: pd.Series, family: str) -> bool:
    dtype = series.dtype
    if family == "text":
        return types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype)
    if family == "integer":  # a float column of whole numbers is integers with some missing
        return types.is_integer_dtype(dtype) or (
            types.is_float_dtype(dtype) and bool((series.dropna() % 1 == 0).all())
        )
    if family == "number":
        return types.is_numeric_dtype(dtype) and not types.is_bool_dtype(dtype)
    if family == "boolean":
        return types.is_bool_dtype(dtype)
    if family == "time":
        return types.is_datetime64_any_dtype(dtype)
    return True


def broken(problem: str) -> None:
    """A contract broken in a way the data survives (a column's type): an error under the test suite's
    strict mode, an error in the log otherwise, so one odd column does not cost a whole source."""
    if os.environ.get(STRICT_ENV):
        raise TableContractError(problem)
    log.error("table contract broken", extra={"problem": problem})


def check_yielded(kind: str, tables: Mapping[str, pd.DataFrame]) -> None:
    """A collector yielded every table it declares and no other, each with exactly the declared
    columns in their types: a check never has to wonder whether a table is there."""
    missing = set(_DECLARED.get(kind, {})) - set(tables)
    if missing:
        raise TableContractError(f"the {kind} collector did not yield {', '.join(sorted(missing))}")
    for name, frame in tables.items():
        columns = declared_columns(kind, name)
        if list(frame.columns) != list(columns):
            raise TableContractError(
                f"the {kind} collector yielded {name} with columns {list(frame.columns)}, "
                f"declared {list(columns)}"
            )
        if frame.empty:
            continue
        wrong = [
            f"{c} ({frame[c].dtype}, declared {f})" for c, f in columns.items() if not _fits(frame[c], f)
        ]
        if wrong:
            broken(f"the {kind} collector yielded {name} with {', '.join(wrong)}")


def check_reads(owner: str, reads: Iterable[str], kinds: Iterable[str] = ()) -> None:
    """Each ``kind.table`` a check declares it reads, and each evidence kind it needs, is a
    collector's: a misspelt kind would otherwise leave the check inconclusive forever."""
    for kind in kinds:
        if kind not in _DECLARED:
            known = ", ".join(sorted(_DECLARED))
            raise TableContractError(
                f"check {owner} needs {kind!r} evidence, which no collector yields ({known})"
            )
    for read in reads:
        kind, _, name = read.partition(".")
        try:
            declared_columns(kind, name)
        except TableContractError as exc:
            raise TableContractError(f"check {owner} reads {read!r}: {exc}") from None
