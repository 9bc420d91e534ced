"""A team's own checks, without forking: declarative rules, a Python function, or a plugin.

Three ways in, from least to most code, all judged and scored like built-in checks
(waivers, attestations, ``checks.disable`` and ``checks.severity`` accept their ids):

1. A declarative rule in readiness.yml, under ``checks.custom``::

       checks:
         custom:
           - id: team.codeowners
             criterion: documentation
             level: partial
             looks_for: {en: A CODEOWNERS file, fr: Un fichier CODEOWNERS}
             remediation: {en: Add .github/CODEOWNERS, fr: Ajouter .github/CODEOWNERS}
             file_exists: [CODEOWNERS, .github/CODEOWNERS]
           - id: team.no_debugger
             criterion: error_handling
             level: prototype
             content_matches: {path: "src/**/*.ts", pattern: "\\bdebugger;", expect: absent}
           - id: team.node_pinned
             criterion: environments
             level: partial
             key_has_value: {file: package.json, key: engines.node}   # any value; or value: ">=20"

   ``path`` and ``file_exists`` are gitignore-style globs; ``pattern`` is a
   regular expression matched line by line; ``key`` is dotted and read from
   JSON, YAML or TOML.

2. ``function: package.module:name`` in the same entry: ``name(ctx) -> Outcome``,
   built with :func:`readiness.checks.passed` / ``failed`` / ``inconclusive``.

3. An installed package exposing the ``readiness.checks`` entry point whose module
   registers checks with :func:`readiness.checks.check` (loaded by
   :func:`readiness.checks.registered_checks`).

A rule reads the repository facts the collector gathered; it never opens files.
"""

from __future__ import annotations

import importlib
import json
import tomllib
from collections.abc import Callable
from functools import partial
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

import pathspec
import yaml

from readiness.checks import CheckContext, CheckSpec, Outcome, check_ids, failed, inconclusive, passed
from readiness.checks.repo import MAX_REFS, content_regex, en_fr, file_refs, repo_files, safe_excerpt, texts
from readiness.errors import ConfigError
from readiness.model import EvidenceRef, Level, Severity

if TYPE_CHECKING:
    from readiness.config import Config

RULE_KINDS = ("file_exists", "content_matches", "key_has_value", "function")
_MISSING = object()


def _globs(value: str | list[str]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([value] if isinstance(value, str) else value)


def file_exists(rule: str | list[str], ctx: CheckContext) -> Outcome:
    files = repo_files(ctx)
    spec = _globs(rule)
    found = files[files["path"].map(spec.match_file)] if not files.empty else files
    if found.empty:
        return failed(en_fr(f"No file matches {rule}.", f"Aucun fichier ne correspond à {rule}."))
    return passed(
        en_fr(f"{len(found)} file(s) match.", f"Fichiers correspondants : {len(found)}."), file_refs(found)
    )


def lines_matching(count: int, pattern: str) -> dict[str, str]:
    """A content rule's tally: the same words whether matching lines are wanted or forbidden."""
    return en_fr(f"{count} line(s) match {pattern!r}.", f"Lignes qui correspondent à {pattern!r} : {count}.")


def no_line_matching(pattern: str, where: dict[str, str] | None = None) -> dict[str, str]:
    """No line matched; ``where`` (per language) says where the rule looked, when it matters."""
    place = {
        lang: f" {preposition} {where[lang]}" if where else ""
        for lang, preposition in (("en", "in"), ("fr", "dans"))
    }
    return en_fr(
        f"No line matches {pattern!r}{place['en']}.",
        f"Aucune ligne ne correspond à {pattern!r}{place['fr']}.",
    )


def content_matches(rule: dict[str, Any], ctx: CheckContext) -> Outcome:
    spec, regex = _globs(rule.get("path", "**")), content_regex(rule["pattern"])
    refs = [
        EvidenceRef(source=source, path=path, line=number, excerpt=safe_excerpt(path, line))
        for source, path, text in texts(ctx)
        if spec.match_file(path) and regex.search(text)  # one linear-time screen of the whole file
        for number, line in enumerate(text.splitlines(), start=1)
        if regex.search(line)
    ]
    if rule.get("expect", "present") == "absent":
        if refs:
            return failed(lines_matching(len(refs), rule["pattern"]), refs[:MAX_REFS], count=len(refs))
        return passed(no_line_matching(rule["pattern"]))
    if refs:
        return passed(lines_matching(len(refs), rule["pattern"]), refs[:MAX_REFS])
    where = en_fr(rule["path"], rule["path"]) if "path" in rule else en_fr("the repository", "le dépôt")
    return failed(no_line_matching(rule["pattern"], where))


def _parse_structured(path: str, text: str) -> Any:
    suffix = PurePosixPath(path).suffix.lower()
    if suffix == ".json":
        return json.loads(text)
    if suffix == ".toml":
        return tomllib.loads(text)
    return yaml.safe_load(text)


def _dig(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, dict) or part not in data:
            return _MISSING
        data = data[part]
    return data


def key_has_value(rule: dict[str, Any], ctx: CheckContext) -> Outcome:
    documents = [(source, path, text) for source, path, text in texts(ctx) if path == rule["file"]]
    if not documents:
        return failed(
            en_fr(f"{rule['file']} is not in the repository.", f"{rule['file']} n'est pas dans le dépôt.")
        )
    source, path, text = documents[0]
    try:
        value = _dig(_parse_structured(path, text), rule["key"])
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        return inconclusive(
            en_fr(
                f"{path} cannot be parsed ({type(exc).__name__}).",
                f"{path} est illisible ({type(exc).__name__}).",
            )
        )
    ref = [
        EvidenceRef(source=source, path=path, excerpt=safe_excerpt(path, f"{rule['key']} = {value!r}"))
        if value is not _MISSING
        else EvidenceRef(source=source, path=path)
    ]
    key = rule["key"]
    if value is _MISSING:
        return failed(en_fr(f"{path} has no {key}.", f"{path} n'a pas de clé {key}."), ref)
    if "value" in rule and value != rule["value"]:
        return failed(
            en_fr(
                f"{path}: {key} is {value!r}, expected {rule['value']!r}.",
                f"{path} : {key} vaut {value!r}, {rule['value']!r} attendu.",
            ),
            ref,
        )
    return passed(en_fr(f"{path}: {key} is {value!r}.", f"{path} : {key} vaut {value!r}."), ref)


def _function(dotted: str, file: str, key: str) -> Callable[[CheckContext], Outcome]:
    module_name, _, attribute = dotted.partition(":")
    try:
        function = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(
            file,
            f"cannot load {dotted!r} ({exc})",
            key=key,
            expected="package.module:function importable here",
        ) from None
    if not callable(function):
        raise ConfigError(file, f"{dotted!r} is not a function", key=key)
    return function


def _bilingual(value: str | dict[str, str] | None, default: str) -> dict[str, str]:
    if isinstance(value, dict):
        return {
            "en": value.get("en") or value.get("fr", default),
            "fr": value.get("fr") or value.get("en", default),
        }
    return {"en": value or default, "fr": value or default}


def _rule_fn(entry: dict[str, Any], file: str, key: str) -> Callable[[CheckContext], Outcome]:
    kinds = [kind for kind in RULE_KINDS if kind in entry]
    if len(kinds) != 1:
        raise ConfigError(file, f"a custom check needs exactly one of {', '.join(RULE_KINDS)}", key=key)
    kind = kinds[0]
    if kind == "function":
        return _function(entry["function"], file, f"{key}.function")
    if kind == "content_matches":
        try:
            content_regex(entry[kind]["pattern"])  # RE2: a team's pattern cannot hang on hostile lines
        except ValueError as exc:
            raise ConfigError(
                file,
                f"invalid regular expression for RE2, which matches in linear time (no backreferences "
                f"or lookaround): {exc}",
                key=f"{key}.content_matches.pattern",
            ) from None
    rule = {"file_exists": file_exists, "content_matches": content_matches, "key_has_value": key_has_value}[
        kind
    ]
    return partial(rule, entry[kind])


def custom_check_specs(config: Config) -> list[CheckSpec]:
    """The checks ``checks.custom`` of this configuration declares; ConfigError if one is wrong."""
    file = str(config.path or "<config>")
    built_in = check_ids()
    specs, seen = [], set()
    for index, entry in enumerate(config.checks.get("custom", [])):
        key = f"checks.custom[{index}]"
        if entry["id"] in built_in or entry["id"] in seen:
            raise ConfigError(file, f"custom check id {entry['id']!r} is already taken", key=key)
        seen.add(entry["id"])
        described = entry.get("looks_for") or entry["id"]
        specs.append(
            CheckSpec(
                id=entry["id"],
                criterion=entry["criterion"],
                level=Level(entry["level"]),
                looks_for=_bilingual(described, entry["id"]),
                remediation=_bilingual(entry.get("remediation"), "See the team's rule."),
                severity=Severity(entry.get("severity", "medium")),
                seed_section=str(entry.get("seed_section", "")),
                sources=("repositories",),
                fn=_rule_fn(entry, file, key),
                # A team's function may read any table; the declarative rules read the file list.
                reads=None if "function" in entry else frozenset({"repositories.files"}),
            )
        )
    return specs


def custom_check_ids(config: Config) -> set[str]:
    return {spec.id for spec in custom_check_specs(config)}
