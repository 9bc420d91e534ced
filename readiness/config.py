"""readiness.yml: load, validate against its published schema, resolve paths.

Validation happens once, at start-up, so a typo in a waiver fails the run with
the file and the key instead of quietly producing a wrong verdict later.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from readiness.errors import ConfigError

EVIDENCE_KINDS_ALIASES = {"repository": "repositories", "repo": "repositories"}


@dataclass(frozen=True)
class EvidenceSpec:
    """One evidence location named in the configuration (or on the command line)."""

    kind: str
    path: Path
    name: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Attestation:
    statement: str
    owner: str
    date: dt.date
    criterion: str | None = None
    check: str | None = None
    evidence: str | None = None
    expires: dt.date | None = None
    level: str = "production"

    def is_expired(self, as_of: dt.date) -> bool:
        return self.expires is not None and self.expires < as_of

    def to_dict(self) -> dict[str, Any]:
        return _dated_dict(self.__dict__)


@dataclass(frozen=True)
class Waiver:
    check: str
    reason: str
    approver: str
    expires: dt.date

    def is_expired(self, as_of: dt.date) -> bool:
        return self.expires < as_of

    def to_dict(self) -> dict[str, Any]:
        return _dated_dict(self.__dict__)


@dataclass
class Config:
    name: str
    profile: str
    path: Path | None
    evidence: list[EvidenceSpec] = field(default_factory=list)
    targets: dict[str, Any] = field(default_factory=dict)
    attestations: list[Attestation] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    checks: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()


def _dated_dict(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


@cache
def config_schema() -> dict[str, Any]:
    text = resources.files("readiness").joinpath("schemas", "readiness.schema.json").read_text()
    return json.loads(text)


def _dates_to_text(value: Any) -> Any:
    """YAML turns 2026-01-31 into a date; the schema speaks JSON, where dates are strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    return value


def _key_path(error: jsonschema.ValidationError) -> str:
    parts = [str(p) if isinstance(p, str) else f"[{p}]" for p in error.absolute_path]
    return ".".join(parts).replace(".[", "[") or "(top level)"


def _schema_error(file: Path, error: jsonschema.ValidationError) -> ConfigError:
    best = jsonschema.exceptions.best_match([error]) or error
    expected = None
    if best.validator == "enum":
        expected = "one of " + ", ".join(map(str, best.validator_value))
    elif best.validator == "type":
        expected = f"a value of type {best.validator_value}"
    elif best.validator in ("format", "pattern") and "date" in str(best.schema):
        expected = "a date written YYYY-MM-DD"
    elif best.validator == "additionalProperties":
        allowed = sorted(best.schema.get("properties", {}))
        expected = "one of the keys " + ", ".join(allowed) if allowed else None
    return ConfigError(file, best.message, key=_key_path(best), expected=expected)


def validate_config_data(data: Any, file: Path) -> None:
    """Raise ConfigError for the first schema violation, naming the key."""
    validator = jsonschema.Draft202012Validator(
        config_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    unknown = [
        message
        for error in errors
        if error.validator == "additionalProperties"
        for message in _unknown_keys(error)
    ]
    if unknown:
        others = [e.message for e in errors if e.validator != "additionalProperties"]
        first = _schema_error(file, next(e for e in errors if e.validator == "additionalProperties"))
        raise ConfigError(file, "; ".join(unknown + others[:1]), key=first.key, expected=first.expected)
    if errors:
        raise _schema_error(file, errors[0])


def _unknown_keys(error: jsonschema.ValidationError) -> list[str]:
    """ "unknown key 'profle' (did you mean 'profile'?)" for each key the schema does not know."""
    known = sorted(error.schema.get("properties", {}))
    where = ".".join(map(str, error.absolute_path))
    out = []
    for key in sorted(set(error.instance) - set(known)) if isinstance(error.instance, dict) else []:
        near = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else f" (known keys: {', '.join(known)})"
        out.append(f"unknown key '{key}'" + (f" in {where}" if where else "") + hint)
    return out


MAX_ALIASES = 20
"""A readiness.yml needs a handful of anchors at most; an alias bomb needs billions of expansions."""


class BoundedAliasLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a document using more than MAX_ALIASES aliases, so a
    'billion laughs' readiness.yml fails at once instead of growing to gigabytes."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            self.aliases_seen = getattr(self, "aliases_seen", 0) + 1
            if self.aliases_seen > MAX_ALIASES:
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_ALIASES} aliases", event.start_mark
                )
        return super().compose_node(parent, index)


def read_config_file(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(path, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot be read: {exc}") from None
    try:
        data = yaml.load(text, Loader=BoundedAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        raise ConfigError(path, f"is not valid YAML: {getattr(exc, 'problem', exc)}", key=where) from None
    if not isinstance(data, dict):
        raise ConfigError(path, "must be a mapping of keys to values", expected="name, profile, …")
    return _dates_to_text(data)


def load_config(path: str | Path) -> Config:
    """Read and validate readiness.yml; relative evidence paths resolve against its folder."""
    path = Path(path).resolve()
    data = read_config_file(path)
    validate_config_data(data, path)
    return config_from_data(data, path)


def config_from_data(data: dict[str, Any], path: Path | None) -> Config:
    base = path.parent if path else Path.cwd()
    config = Config(
        name=data["name"],
        profile=data["profile"],
        path=path,
        description=data.get("description", ""),
        evidence=_evidence_specs(data.get("evidence", {}), base, path),
        targets=dict(data.get("targets", {})),
        attestations=[_attestation(a) for a in data.get("attestations", [])],
        waivers=[_waiver(w) for w in data.get("waivers", [])],
        ignore=list(data.get("ignore", [])),
        checks=dict(data.get("checks", {})),
    )
    return config


def _evidence_specs(raw: dict[str, list], base: Path, file: Path | None) -> list[EvidenceSpec]:
    specs = []
    for kind, entries in raw.items():
        kind = EVIDENCE_KINDS_ALIASES.get(kind, kind)
        for index, entry in enumerate(entries):
            options = {"path": entry} if isinstance(entry, str) else dict(entry)
            target = Path(options.pop("path")).expanduser()
            target = target if target.is_absolute() else (base / target)
            target = _allowed_evidence_path(target.resolve(), file, f"evidence.{kind}[{index}]")
            name = options.pop("name", None) or f"{kind}:{target.name or target}"
            specs.append(EvidenceSpec(kind=kind, path=target, name=name, options={**options, "index": index}))
    return specs


SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
"""Kernel and device pseudo-files: endless, blocking or the process's own secrets, never evidence."""


def _allowed_evidence_path(target: Path, file: Path | None, key: str) -> Path:
    """Refuse an evidence path (after resolving links) inside /proc, /sys or /dev."""
    if any(target == folder or folder in target.parents for folder in SYSTEM_FOLDERS):
        raise ConfigError(
            file or "<config>",
            f"evidence path {str(target)!r} is a system folder",
            key=key,
            expected="a file or folder outside /proc, /sys and /dev",
        )
    return target


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _attestation(raw: dict[str, Any]) -> Attestation:
    return Attestation(**{**raw, "date": _date(raw["date"]), "expires": _date(raw.get("expires"))})


def _waiver(raw: dict[str, Any]) -> Waiver:
    return Waiver(**{**raw, "expires": _date(raw["expires"])})
