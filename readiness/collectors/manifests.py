"""Manifests and configuration files turned into typed tables, each row with its file and line.

One parser per format (package.json, pyproject.toml, requirements, vercel.json,
netlify.toml and _headers, supabase/config.toml, migrations, CI pipelines,
Dockerfile, .env.example). A file that cannot be parsed is a problem note with
its line when the parser knows it; the other files still give their rows.
Values of environment files are never kept, only whether one is set.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import pandas as pd
import re2
import yaml

from readiness.errors import EvidenceFormatError

VALUE_CHARS = 200
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "packages": {
        "path": "text",
        "name": "text",
        "scripts": "any",
        "dependencies": "any",
        "script_lines": "any",
    },
    "pyprojects": {"path": "text", "name": "text", "dependencies": "any", "tools": "any"},
    "requirements": {"path": "text", "line": "integer", "name": "text"},
    "headers": {"path": "text", "line": "integer", "route": "text", "header": "text", "value": "text"},
    "hosting": {"path": "text", "platform": "text"},
    "supabase_settings": {
        "path": "text",
        "line": "integer",
        "section": "text",
        "key": "text",
        "value": "text",
    },
    "sql_statements": {"path": "text", "line": "integer", "kind": "text", "target": "text", "name": "text"},
    # ``via``: the repository script or Makefile target a command was read from, empty for the
    # pipeline's own lines (the row keeps the calling step's file, line and job).
    "ci_steps": {
        "path": "text",
        "line": "integer",
        "system": "text",
        "job": "text",
        "command": "text",
        "via": "text",
    },
    "ci_triggers": {"path": "text", "system": "text", "event": "text"},
    "ci_jobs": {"path": "text", "line": "integer", "system": "text", "job": "text", "needs": "any"},
    "dockerfile": {"path": "text", "line": "integer", "instruction": "text", "arguments": "text"},
    "env_examples": {"path": "text", "line": "integer", "name": "text", "has_value": "boolean"},
}
"""Each table's columns and their types (readiness.collectors.tables); "any" holds lists and dicts."""
HOSTING_FILES = {
    "vercel.json": "vercel",
    "netlify.toml": "netlify",
    "fly.toml": "fly",
    "render.yaml": "render",
    "app.yaml": "google-app-engine",
    "firebase.json": "firebase",
    "railway.json": "railway",
    "Procfile": "heroku",
}


def line_of(text: str, needle: str, start_line: int = 1) -> int | None:
    """The first line (1-based, from ``start_line``) that contains ``needle``."""
    for number, line in enumerate(text.splitlines()[start_line - 1 :], start=start_line):
        if needle in line:
            return number
    return None


@dataclass
class ManifestTables:
    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {name: [] for name in TABLE_COLUMNS}
    )
    problems: list[str] = field(default_factory=list)

    def add(self, table: str, **row: Any) -> None:
        self.rows[table].append(row)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {
            name: pd.DataFrame(self.rows[name], columns=list(columns))
            for name, columns in TABLE_COLUMNS.items()
        }


def _json(path: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise EvidenceFormatError(path, f"not valid JSON ({exc.msg})", line=exc.lineno) from None


def _toml(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EvidenceFormatError(path, f"not valid TOML ({exc})") from None


def _yaml(path: str, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise EvidenceFormatError(
            path, f"not valid YAML ({getattr(exc, 'problem', exc)})", line=mark.line + 1 if mark else None
        ) from None


def _mapping(path: str, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise EvidenceFormatError(path, "expected a mapping at the top level")
    return data


def parse_package_json(path: str, text: str, out: ManifestTables) -> None:
    data = _mapping(path, _json(path, text))
    scripts = data.get("scripts") or {}
    deps = {**(data.get("dependencies") or {}), **(data.get("devDependencies") or {})}
    lines = {name: line_of(text, f'"{name}"') for name in scripts}
    out.add(
        "packages", path=path, name=data.get("name"), scripts=scripts, dependencies=deps, script_lines=lines
    )


def parse_pyproject(path: str, text: str, out: ManifestTables) -> None:
    data = _toml(path, text)
    project = data.get("project", {})
    deps = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        deps += extra
    deps += list(data.get("tool", {}).get("poetry", {}).get("dependencies", {}))
    out.add(
        "pyprojects",
        path=path,
        name=project.get("name"),
        dependencies=deps,
        tools=sorted(data.get("tool", {})),
    )


def parse_requirements(path: str, text: str, out: ManifestTables) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        name = REQUIREMENT_NAME.match(line.split("#", 1)[0])
        if name and not line.lstrip().startswith("-"):
            out.add("requirements", path=path, line=number, name=name.group(1).lower())


def parse_vercel_json(path: str, text: str, out: ManifestTables) -> None:
    data = _mapping(path, _json(path, text))
    for rule in data.get("headers") or []:
        for header in rule.get("headers") or []:
            key = str(header.get("key", ""))
            out.add(
                "headers",
                path=path,
                line=line_of(text, f'"{key}"'),
                route=rule.get("source"),
                header=key.lower(),
                value=str(header.get("value", ""))[:VALUE_CHARS],
            )


def parse_netlify_toml(path: str, text: str, out: ManifestTables) -> None:
    data = _toml(path, text)
    for rule in data.get("headers") or []:
        for key, value in (rule.get("values") or {}).items():
            out.add(
                "headers",
                path=path,
                line=line_of(text, key),
                route=rule.get("for"),
                header=key.lower(),
                value=str(value)[:VALUE_CHARS],
            )


def parse_headers_file(path: str, text: str, out: ManifestTables) -> None:
    """Netlify / Cloudflare Pages `_headers`: a route line, then indented `Header: value` lines."""
    route = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            route = line.strip()
        elif ":" in line:
            key, value = line.split(":", 1)
            out.add(
                "headers",
                path=path,
                line=number,
                route=route,
                header=key.strip().lower(),
                value=value.strip()[:VALUE_CHARS],
            )


def parse_supabase_config(path: str, text: str, out: ManifestTables) -> None:
    """Each `key = value` of supabase/config.toml with its section and line (after a TOML check)."""
    _toml(path, text)
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip()
        header = TOML_HEADER.fullmatch(stripped)
        if header:
            section = header.group(1).strip()
        elif "=" in stripped:
            key, value = (part.strip() for part in stripped.split("=", 1))
            out.add(
                "supabase_settings",
                path=path,
                line=number,
                section=section,
                key=key,
                value=value.strip("\"'")[:VALUE_CHARS],
            )


SQL_IDENTIFIER = r"(?P<target>[\w.\"]+)"
SQL_STATEMENTS = {
    "create_table": re2.compile(
        r"(?i)\bcreate\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?" + SQL_IDENTIFIER
    ),
    "drop_table": re2.compile(r"(?i)\bdrop\s+table\s+(?:if\s+exists\s+)?" + SQL_IDENTIFIER),
    "enable_rls": re2.compile(
        r"(?i)\balter\s+table\s+(?:only\s+)?(?:if\s+exists\s+)?"
        + SQL_IDENTIFIER
        + r"\s+enable\s+row\s+level\s+security"
    ),
    "create_policy": re2.compile(
        r"(?i)\bcreate\s+policy\s+(?P<name>\"[^\"]+\"|\w+)\s+on\s+" + SQL_IDENTIFIER
    ),
    "create_trigger": re2.compile(
        r"(?is)\bcreate\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+"
        r"(?P<name>\w+)[^;]*?\bon\s+" + SQL_IDENTIFIER
    ),
    "create_extension": re2.compile(r"(?i)\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?" + SQL_IDENTIFIER),
}


def bare_table_name(name: str) -> str:
    return name.replace('"', "").split(".")[-1].lower()


# Every pattern here reads repository content: RE2, linear whatever the line.
REQUIREMENT_NAME = re2.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
TOML_HEADER = re2.compile(r"\[\[?([^\]]+)\]\]?")
NOT_NEWLINE = re2.compile(r"[^\n]")
CIRCLECI_FILE = re2.compile(r"(^|/)(circle\.yml|\.circleci/config\.ya?ml)$")
CLOUDBUILD_FILE = re2.compile(r"(^|/)cloudbuild\.ya?ml$")
STEP_ITEM = re2.compile(r"^ {0,2}-\s+(name|id|entrypoint|args)\s*:")
DOCKER_INSTRUCTION = re2.compile(r"\s*([A-Za-z]+)\s+(.*)")
COMMENTED_ASSIGNMENT = re2.compile(r"\s*#\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=")
ENV_ASSIGNMENT = re2.compile(r"\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
SQL_COMMENT = re2.compile(r"(?s)--[^\n]*|/\*.*?\*/")  # RE2: an unclosed /* cannot make it quadratic


def _without_sql_comments(text: str) -> str:
    """Comments blanked out with spaces, so offsets (and so line numbers) do not move."""
    blank = lambda match: NOT_NEWLINE.sub(" ", match.group(0))  # noqa: E731
    return SQL_COMMENT.sub(blank, text)


def parse_sql(path: str, text: str, out: ManifestTables) -> None:
    code = _without_sql_comments(text)
    for kind, regex in SQL_STATEMENTS.items():
        for match in regex.finditer(code):
            name = match.groupdict().get("name")
            out.add(
                "sql_statements",
                path=path,
                line=code.count("\n", 0, match.start()) + 1,
                kind=kind,
                target=bare_table_name(match.group("target")),
                name=name.strip('"') if name else None,
            )


def _commands(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _commands(item)


def _github_event(event: str, spec: Any) -> str:
    """The event's name; a push filtered to tags alone is ``push_tag``: a release, not a change."""
    tags_only = isinstance(spec, dict) and bool({"tags", "tags-ignore"} & spec.keys())
    if event == "push" and tags_only and not ({"branches", "branches-ignore"} & spec.keys()):
        return "push_tag"
    return event


def _github_steps(path: str, text: str, data: dict[str, Any], out: ManifestTables) -> None:
    triggers = data.get("on", data.get(True, {}))
    events = [triggers] if isinstance(triggers, str) else list(triggers or [])
    for event in events:
        spec = triggers.get(event) if isinstance(triggers, dict) else None
        out.add("ci_triggers", path=path, system="github", event=_github_event(str(event), spec))
    for job_id, job in (data.get("jobs") or {}).items():
        job_line = line_of(text, f"{job_id}:") or 1
        needs = (job or {}).get("needs") or []
        out.add(
            "ci_jobs",
            path=path,
            line=job_line,
            system="github",
            job=str(job_id),
            needs=[needs] if isinstance(needs, str) else list(needs),
        )
        for step in (job or {}).get("steps") or []:
            command = step.get("run") or (f"uses: {step['uses']}" if step.get("uses") else None)
            args = (step.get("with") or {}).get("args") if isinstance(step.get("with"), dict) else None
            if command and not step.get("run") and isinstance(args, str):
                command += f" args: {args}"  # a container action runs its `args` as the command
            if command:
                first = command.strip().splitlines()[0] if command.strip() else command
                out.add(
                    "ci_steps",
                    path=path,
                    line=line_of(text, first, job_line),
                    system="github",
                    job=str(job_id),
                    command=command.strip()[:VALUE_CHARS],
                )
        if job and job.get("uses"):
            out.add(
                "ci_steps",
                path=path,
                line=job_line,
                system="github",
                job=str(job_id),
                command=f"uses: {job['uses']}",
            )
            for command in _command_inputs(job.get("with")):
                out.add(
                    "ci_steps",
                    path=path,
                    line=line_of(text, command.splitlines()[0], job_line),
                    system="github",
                    job=str(job_id),
                    command=command[:VALUE_CHARS],
                )


# An input a reusable workflow runs as a command (`verify_command: yarn verify`, `test-cmd: make test`)
COMMAND_INPUT = re2.compile(r"(?i)(^|[_-])(command|cmd|script|run)s?$")


def _command_inputs(inputs: Any) -> Iterator[str]:
    """The commands a job hands to the reusable workflow it calls, which runs them as its steps."""
    for key, value in (inputs or {}).items() if isinstance(inputs, dict) else ():
        if COMMAND_INPUT.search(str(key)) and isinstance(value, str) and value.strip():
            yield value.strip()


GITLAB_KEYWORDS = {
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
}


def _gitlab_steps(path: str, text: str, data: dict[str, Any], out: ManifestTables) -> None:
    out.add("ci_triggers", path=path, system="gitlab", event="push")
    for job_id, job in data.items():
        if job_id in GITLAB_KEYWORDS or not isinstance(job, dict):
            continue
        job_line = line_of(text, f"{job_id}:") or 1
        needs = [n if isinstance(n, str) else n.get("job") for n in job.get("needs") or []]
        out.add("ci_jobs", path=path, line=job_line, system="gitlab", job=str(job_id), needs=needs)
        for key in ("before_script", "script"):
            for command in _commands(job.get(key)):
                out.add(
                    "ci_steps",
                    path=path,
                    line=line_of(text, command.splitlines()[0] if command else "", job_line),
                    system="gitlab",
                    job=str(job_id),
                    command=command.strip()[:VALUE_CHARS],
                )


def _add_steps(
    path: str,
    text: str,
    system: str,
    job: str,
    commands: Iterator[str],
    out: ManifestTables,
    starts: list[int] | None = None,
) -> None:
    """One job and its steps, each cited at the line its command is written on or, when ``starts``
    gives where each step begins (commands rebuilt from arguments), at that line."""
    job_line = line_of(text, f"{job}:") or 1
    out.add("ci_jobs", path=path, line=job_line, system=system, job=job, needs=[])
    for index, command in enumerate(commands):
        command = command.strip()
        if not command:
            continue
        if starts is None:
            line = line_of(text, command.splitlines()[0], job_line)
        else:
            line = starts[index] if index < len(starts) else job_line
        out.add("ci_steps", path=path, line=line, system=system, job=job, command=command[:VALUE_CHARS])


def _circleci_commands(steps: Any) -> Iterator[str]:
    """Commands of CircleCI 2 steps: `- run: cmd` or `- run: {command: cmd}`."""
    for step in steps if isinstance(steps, list) else []:
        run = step.get("run") if isinstance(step, dict) else None
        yield from _commands(run.get("command") if isinstance(run, dict) else run)


def _circleci_steps(path: str, text: str, data: dict[str, Any], out: ManifestTables) -> None:
    """CircleCI builds every pushed branch; version 2 has jobs of steps, version 1 (circle.yml)
    phases (test, deployment…) of commands."""
    out.add("ci_triggers", path=path, system="circleci", event="push")
    jobs = data.get("jobs")
    if isinstance(jobs, dict):
        for job_id, job in jobs.items():
            steps = job.get("steps") if isinstance(job, dict) else None
            _add_steps(path, text, "circleci", str(job_id), _circleci_commands(steps), out)
        # Reusable commands (version 2.1) hold the steps the jobs invoke by name.
        commands = data.get("commands")
        for name, command in commands.items() if isinstance(commands, dict) else ():
            steps = command.get("steps") if isinstance(command, dict) else None
            _add_steps(path, text, "circleci", f"command {name}", _circleci_commands(steps), out)
        return
    for phase, body in data.items():
        if isinstance(body, dict):
            commands = [
                c
                for value in body.values()
                for c in _commands(value.get("commands") if isinstance(value, dict) else value)
            ]
            _add_steps(path, text, "circleci", str(phase), iter(commands), out)


TRAVIS_PHASES = (
    "before_install",
    "install",
    "before_script",
    "script",
    "after_success",
    "before_deploy",
    "deploy",
)


def _travis_steps(path: str, text: str, data: dict[str, Any], out: ManifestTables) -> None:
    """Travis CI builds pushes and pull requests, phase by phase in one job."""
    for event in ("push", "pull_request"):
        out.add("ci_triggers", path=path, system="travis", event=event)
    commands = [c for phase in TRAVIS_PHASES for c in _commands(data.get(phase))]
    _add_steps(path, text, "travis", "build", iter(commands), out)


def _cloudbuild_command(step: Any) -> str:
    """A Cloud Build step as the command it runs: its entrypoint (or the builder image's program,
    `gcr.io/cloud-builders/docker` runs docker) and its arguments; `bash -c SCRIPT` is the script."""
    if not isinstance(step, dict):
        return ""
    args = [str(arg) for arg in step.get("args") or [] if isinstance(arg, (str, int, float))]
    program = str(step.get("entrypoint") or str(step.get("name") or "").split("/")[-1].split(":")[0])
    if program in ("bash", "sh") and len(args) >= 2 and args[0] == "-c":
        return args[1]
    return " ".join([program, *args]) if step.get("args") is not None or step.get("entrypoint") else ""


def _cloudbuild_steps(path: str, text: str, data: dict[str, Any], out: ManifestTables) -> None:
    """Google Cloud Build runs its steps one after the other when a trigger fires (a push, as
    triggers are usually set): one job, like Travis's build."""
    out.add("ci_triggers", path=path, system="cloudbuild", event="push")
    steps = data.get("steps") if isinstance(data.get("steps"), list) else []
    # each step starts at a list item (`- name: node:20`, `- id: 'type-check'`), in order: its
    # command is rebuilt from a list of arguments, so it is cited where the step starts
    starts = [number for number, line in enumerate(text.splitlines(), start=1) if STEP_ITEM.match(line)]
    commands = (_cloudbuild_command(step) for step in steps)
    _add_steps(path, text, "cloudbuild", "steps", commands, out, starts)


def parse_pipeline(path: str, text: str, out: ManifestTables) -> None:
    data = _mapping(path, _yaml(path, text) or {})
    if path.endswith(".gitlab-ci.yml"):
        _gitlab_steps(path, text, data, out)
    elif CLOUDBUILD_FILE.search(path):
        _cloudbuild_steps(path, text, data, out)
    elif path.endswith(".travis.yml"):
        _travis_steps(path, text, data, out)
    elif CIRCLECI_FILE.search(path):
        _circleci_steps(path, text, data, out)
    else:
        _github_steps(path, text, data, out)


def parse_dockerfile(path: str, text: str, out: ManifestTables) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        match = DOCKER_INSTRUCTION.match(line)
        if match and not line.lstrip().startswith("#"):
            out.add(
                "dockerfile",
                path=path,
                line=number,
                instruction=match.group(1).upper(),
                arguments=match.group(2)[:VALUE_CHARS],
            )


def parse_env_example(path: str, text: str, out: ManifestTables) -> None:
    """Each variable an example file documents, with whether it gives a value; an optional one left
    commented out (`#SMTP_USER=`) is documented too, without a value."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = ENV_ASSIGNMENT.match(line)
        commented = None if match else COMMENTED_ASSIGNMENT.match(line)
        if match:
            has_value = bool(match.group(2).strip().strip("\"'"))
        elif commented:
            match, has_value = commented, False
        else:
            continue
        out.add("env_examples", path=path, line=number, name=match.group(1), has_value=has_value)


def parser_for(path: str) -> Callable[[str, str, ManifestTables], None] | None:
    """The parser of a path, or None for files that are not manifests."""
    pure = PurePosixPath(path)
    name, parts = pure.name, pure.parts
    if "node_modules" in parts:
        return None
    if name == "package.json":
        return parse_package_json
    if name == "pyproject.toml":
        return parse_pyproject
    if re.fullmatch(r"requirements[\w.-]*\.(txt|in)", name) or (
        len(parts) > 1 and parts[-2] == "requirements" and pure.suffix in (".txt", ".in")
    ):  # requirements.txt, requirements-dev.in, and the requirements/base.txt, prod.txt… convention
        return parse_requirements
    if name == "vercel.json":
        return parse_vercel_json
    if name == "netlify.toml":
        return parse_netlify_toml
    if name == "_headers":
        return parse_headers_file
    if path.endswith("supabase/config.toml"):
        return parse_supabase_config
    if name.endswith(".sql"):
        return parse_sql
    # CI services read their configuration at the repository's root only: a workflow a scaffold keeps
    # in templates/…/.github/workflows/ runs in the projects it generates, never here.
    if re.search(
        r"^\.github/workflows/[^/]+\.ya?ml$|^\.gitlab-ci\.yml$|"
        r"^(circle\.yml|\.circleci/config\.ya?ml|\.travis\.yml|cloudbuild\.ya?ml)$",
        path,
    ):
        return parse_pipeline
    if name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".dockerfile"):
        return parse_dockerfile
    if re.fullmatch(
        r"\.env(\.[\w-]+)*\.(example|sample|template|dist|reference)|\.?(example|sample|template)\.env|"
        r"env\.(example|sample|template)",
        name,
    ):  # .env.example, .example.env, env.sample
        return parse_env_example
    return None


def parse_manifests(texts: dict[str, str]) -> ManifestTables:
    """Every manifest among the texts; a malformed one becomes a problem note, not an error."""
    out = ManifestTables()
    for path, text in texts.items():
        parse = parser_for(path)
        if PurePosixPath(path).name in HOSTING_FILES:
            out.add("hosting", path=path, platform=HOSTING_FILES[PurePosixPath(path).name])
        if parse is None:
            continue
        try:
            parse(path, text, out)
        except EvidenceFormatError as exc:
            out.problems.append(str(exc))
        except (AttributeError, TypeError) as exc:
            out.problems.append(f"{path}: unexpected structure ({exc})")
    follow_scripts(texts, out)
    return out


# Following what a pipeline step runs: `build-tools/validate --all`, `bash ./scripts/test.sh`,
# `$scriptdir/validate-tests` inside a script, and `make lint test`.
SHELL_WORD = re2.compile(r"[^\s;&|()<>'\"`]+")
MAKE_CALL = re2.compile(r"\bmake\s+((?:-[\w-]+\s+)*)([\w.-]+(?:\s+[\w.-]+)*)")
MAKE_RULE = re2.compile(r"^([\w./-]+(?:[ \t]+[\w./-]+)*)[ \t]*:(?:[ \t]+(.*))?$")
SCRIPT_PREFIX = re2.compile(r"^(?:\./|\$\{?\w+\}?/|\$\(dirname[^)]*\)/)+")
SHELL_SCRIPT = re2.compile(r"\.(sh|bash)$")
SHEBANG_SHELL = re2.compile(r"^#!\S*\b(ba|z|da)?sh\b|^#!/usr/bin/env\s+(ba|z|da)?sh\b")
SKIPPED_LINE = re2.compile(r"^\s*(#|echo\b|printf\b|set\s|$)")
FOLLOW_DEPTH = 3
FOLLOWED_LINES = 200  # per step
FOLLOWED_ROWS = 5000  # per repository: a thousand steps calling one long script stay bounded


def _script_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if not SKIPPED_LINE.search(line)]


def _is_script(path: str, texts: dict[str, str]) -> bool:
    return path in texts and (
        bool(SHELL_SCRIPT.search(path)) or bool(SHEBANG_SHELL.search(texts[path][:200]))
    )


@functools.lru_cache(maxsize=4)
def _makefile_rules(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """Each target of a Makefile with its prerequisites and recipe lines."""
    rules: dict[str, tuple[list[str], list[str]]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("\t"):
            for target in current:
                rules[target][1].append(line.strip().lstrip("@-"))
            continue
        rule = MAKE_RULE.match(line) if ":=" not in line and "=" not in line.split(":", 1)[0] else None
        current = rule.group(1).split() if rule else []
        for target in current:
            rules.setdefault(target, ([], []))[0].extend((rule.group(2) or "").split())
    return rules


def _called_scripts(command: str, here: str, texts: dict[str, str]) -> list[str]:
    """Repository shell scripts one command runs, by path from the root or from the calling script."""
    found = []
    for word in SHELL_WORD.findall(command):
        name = SCRIPT_PREFIX.sub("", word)
        beside = [str(PurePosixPath(here).parent / name)] if here else []
        candidate = next((c for c in [name, *beside] if c not in found and _is_script(c, texts)), None)
        if candidate:
            found.append(candidate)
    return found


def _make_recipes(command: str, texts: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(``Makefile target``, recipe line) for the targets a `make` call names, prerequisites first."""
    rules = _makefile_rules(texts["Makefile"]) if "Makefile" in texts else {}
    seen: set[str] = set()

    def expand(target: str, depth: int) -> Iterator[tuple[str, str]]:
        if target in seen or target not in rules or depth < 0:
            return
        seen.add(target)
        prerequisites, recipe = rules[target]
        for prerequisite in prerequisites:
            yield from expand(prerequisite, depth - 1)
        for line in recipe:
            yield f"Makefile {target}", line

    for call in MAKE_CALL.finditer(command):
        if "-C" not in call.group(1) and "-f" not in call.group(1):
            for target in call.group(2).split():
                yield from expand(target, FOLLOW_DEPTH)


def _followed(command: str, here: str, texts: dict[str, str], depth: int) -> Iterator[tuple[str, str]]:
    """(script, line) for each line the command runs through repository scripts and make targets."""
    if depth <= 0:
        return
    for script in _called_scripts(command, here, texts):
        for line in _script_lines(texts[script]):
            yield script, line
            yield from _followed(line, script, texts, depth - 1)
    for target, line in _make_recipes(command, texts):
        yield target, line
        yield from _followed(line, "", texts, depth - 1)


def follow_scripts(texts: dict[str, str], out: ManifestTables) -> None:
    """Add the lines a pipeline step runs through the repository's scripts and Makefile: a
    `validate` script that calls pytest runs the tests as surely as the step itself would."""
    added = 0
    for step in list(out.rows["ci_steps"]):
        step.setdefault("via", "")
        seen: set[tuple[str, str]] = set()
        for read, (via, line) in enumerate(_followed(step["command"], "", texts, FOLLOW_DEPTH)):
            # a script that calls itself on every line repeats, it does not add: bound the reading too
            if len(seen) >= FOLLOWED_LINES or added >= FOLLOWED_ROWS or read >= 10 * FOLLOWED_LINES:
                break
            if (via, line) not in seen:
                seen.add((via, line))
                added += 1
                out.add("ci_steps", **{**step, "command": line[:VALUE_CHARS], "via": via})
