"""Collectors: one evidence source in, facts out. They never judge.

A collector is a function ``collect(spec, config) -> Facts`` registered for an
evidence kind (the key under ``evidence:`` in readiness.yml). Adding a source is
one new module here plus its import at the bottom of this file, or a package
exposing the ``readiness.collectors`` entry point.

The runner turns any failure into an *unavailable* source: the error names the
file and the reason, the criteria that needed it become inconclusive, and the
report still renders everything else.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from readiness.collectors.tables import (
    STRICT_ENV,
    broken,
    check_yielded,
    declare_tables,
    declared_columns,
    empty_table,
)
from readiness.deadline import DeadlineExceeded, doing
from readiness.errors import EvidenceError
from readiness.locales import LANGS, locale
from readiness.model import SourceRecord, SourceStatus
from readiness.secret_scan import default_scanner

if TYPE_CHECKING:
    from readiness.config import Config, EvidenceSpec

log = logging.getLogger(__name__)


@dataclass
class Facts:
    """What one source yielded: typed tables, plain values, and the source's record."""

    source: SourceRecord
    name: str
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.source.status is SourceStatus.OK


@dataclass
class Evidence:
    """All facts of one assessment, looked up by evidence kind."""

    facts: list[Facts] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Facts]:
        """The usable facts of a kind (unavailable sources left out)."""
        return [f for f in self.facts if f.source.kind == kind and f.ok]

    def has(self, kind: str) -> bool:
        return bool(self.of_kind(kind))

    _tables: dict[tuple[str, str], tuple[list, pd.DataFrame]] = field(
        default_factory=dict, repr=False, compare=False
    )
    reads: frozenset[str] | None = None
    """The tables the check being run declared (``kind.name``); None outside a check."""
    reader: str = ""

    def for_check(self, check_id: str, reads: frozenset[str] | None) -> Evidence:
        """The same facts (and table cache), as one check may read them: only its declared tables."""
        return replace(self, reads=reads, reader=check_id)

    def table(self, kind: str, name: str) -> pd.DataFrame:
        """One table across every usable source of a kind, with a ``source`` column.

        Every check asks for the same few tables: each is concatenated once and handed out as a
        shallow copy (pandas 3 copies on write, so a caller's edits stay its own). The cache
        keeps the very frames it concatenated, so facts edited afterwards are never served stale."""
        declared_columns(kind, name)  # a table no collector declares is a bug, said at once
        if self.reads is not None and f"{kind}.{name}" not in self.reads:
            broken(f"check {self.reader} reads {kind}.{name} without declaring it (@check reads=)")
        parts = [f.tables.get(name) for f in self.of_kind(kind)]
        cached = self._tables.get((kind, name))
        if (
            cached is None
            or len(cached[0]) != len(parts)
            or any(a is not b for a, b in zip(cached[0], parts, strict=True))
        ):
            cached = self._tables[(kind, name)] = (parts, self._concatenated(kind, name))
        return cached[1].copy(deep=False)

    def _concatenated(self, kind: str, name: str) -> pd.DataFrame:
        frames = [f.tables[name].assign(source=f.name) for f in self.of_kind(kind) if name in f.tables]
        frames = [frame for frame in frames if not frame.empty]
        return pd.concat(frames, ignore_index=True) if frames else empty_table(kind, name)

    def unavailable(self, kind: str) -> list[SourceRecord]:
        return [f.source for f in self.facts if f.source.kind == kind and not f.ok]

    @property
    def sources(self) -> list[SourceRecord]:
        return [f.source for f in self.facts]


CollectFn = Callable[["EvidenceSpec", "Config"], Facts]
_COLLECTORS: dict[str, CollectFn] = {}
_LABELS: dict[str, dict[str, str]] = {}


def register_collector(
    kind: str, label: dict[str, str] | None = None, tables: Mapping[str, Mapping[str, Any]] | None = None
):
    """Decorator: make ``fn`` the collector for evidence of ``kind``, yielding the declared ``tables``
    (name → column → type; readiness.collectors.tables). Checks can read no other table. A built-in
    collector's name for readers is in the locale files (section ``source_kinds``); a plugin may
    bring its own ``label`` by language."""

    def decorate(fn: CollectFn) -> CollectFn:
        _COLLECTORS[kind] = fn
        _LABELS[kind] = label or {lang: locale(lang)["source_kinds"].get(kind, kind) for lang in LANGS}
        declare_tables(kind, tables or {})
        return fn

    return decorate


def collector_kinds() -> set[str]:
    _load_plugins()
    return set(_COLLECTORS)


def collector_label(kind: str, lang: str = "en") -> str:
    return _LABELS.get(kind, {}).get(lang, kind)


_plugins_loaded = False


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for entry in entry_points(group="readiness.collectors"):
        entry.load()


def unavailable_facts(spec: EvidenceSpec, error: Exception) -> Facts:
    record = SourceRecord(
        kind=spec.kind,
        location=str(spec.path),
        status=SourceStatus.UNAVAILABLE,
        error=str(error),
        error_type=type(error).__name__,
    )
    return Facts(source=record, name=spec.name)


def unexpected_failure(exc: Exception) -> str:
    """What a user reads when a reader or check fails in a way nobody foresaw: the exception's
    kind and (secrets redacted, cut short) its words, and that it is a bug to report, never a
    traceback."""
    words = default_scanner().redact_text("exception", str(exc))[:200]
    return (
        f"could not be read: unexpected {type(exc).__name__} ({words}); this is a bug in readiness, "
        "please report it with the run id"
    )


def collect_source(spec: EvidenceSpec, config: Config) -> Facts:
    """Run one collector; never raises for bad input."""
    collect = _COLLECTORS[spec.kind]
    try:
        with doing(f"collecting {spec.kind} evidence {spec.path}"):
            facts = collect(spec, config)
            check_yielded(spec.kind, facts.tables)
    except EvidenceError as exc:
        log.warning("evidence source unavailable", extra={"source": spec.name, "reason": str(exc)})
        return unavailable_facts(spec, exc)
    except DeadlineExceeded:
        raise  # the whole run stops: not this source's failure
    except Exception as exc:
        if os.environ.get(STRICT_ENV):
            raise
        log.error("collector failed unexpectedly", exc_info=True, extra={"source": spec.name})
        return unavailable_facts(spec, EvidenceError(spec.path, unexpected_failure(exc)))
    log.info("evidence collected", extra={"source": spec.name, "kind": spec.kind})
    return facts


def collect_evidence(config: Config) -> Evidence:
    """Every source the configuration names, plus the configuration's own attestations."""
    from readiness.config import EvidenceSpec

    _load_plugins()
    declared = EvidenceSpec(
        kind="attestations", path=config.path or Path("command line"), name="attestations"
    )
    specs = [*config.evidence, declared]
    return Evidence(facts=[collect_source(spec, config) for spec in specs])


# Built-in collectors register themselves on import.
from readiness.collectors import (  # noqa: E402, F401
    attestations,
    coverage,
    junit,
    lighthouse,
    load_tests,
    repository,
    sentry,
)
