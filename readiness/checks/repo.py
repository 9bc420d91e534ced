"""Read-only views of repository facts shared by the criterion modules.

They answer "which files", "which lines match" and "which scripts" across every
repository of the product, and build the file:line evidence references.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import PurePosixPath

import pandas as pd
import re2

from readiness.checks import CheckContext
from readiness.locales import LANGS, said, t
from readiness.model import EvidenceRef
from readiness.redact import redact_secret
from readiness.secret_scan import default_scanner

MAX_REFS = 25


def repo_files(ctx: CheckContext) -> pd.DataFrame:
    """Files of every repository (columns: path, size, ext, tracked, ignored, source).

    The collector already left out the paths readiness.yml's ``ignore`` names.
    """
    return ctx.evidence.table("repositories", "files")


def repo_table(ctx: CheckContext, name: str) -> pd.DataFrame:
    """One fact table of the repository collector across every repository."""
    return ctx.evidence.table("repositories", name)


def workflow_events(ctx: CheckContext) -> dict[str, set[str]]:
    """Pipeline file → the events that start it (push, pull_request, schedule…)."""
    triggers = repo_table(ctx, "ci_triggers")
    return triggers.groupby("path")["event"].agg(set).to_dict() if not triggers.empty else {}


def non_test_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows whose ``path`` is production code: not a test, a fixture, a script, a migration or a
    generated file, none of which a user ever runs into."""
    if rows.empty:
        return rows
    outside = [path for path in rows["path"].unique() if not is_production_code_path(path)]
    return rows[~rows["path"].isin(outside)]


def safe_excerpt(path: str, text: str, limit: int = 160) -> str:
    """``text`` as evidence, every secret the scanner sees in it redacted *before* it is cut to
    ``limit`` characters (a key at the end of a long line is recognised whole, then hidden)."""
    shown = default_scanner().redact_text(path, text.strip())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def row_refs(rows: pd.DataFrame, excerpt: str | None = None, limit: int = MAX_REFS) -> list[EvidenceRef]:
    """file:line references of fact rows (``excerpt`` names the column to show, if any)."""
    refs = []
    for row in rows.head(limit).to_dict("records"):
        line = row.get("line")
        shown = row.get(excerpt) if excerpt else None
        shown = None if isinstance(shown, float) and pd.isna(shown) else shown
        refs.append(
            EvidenceRef(
                source=row["source"],
                path=row["path"],
                line=int(line) if pd.notna(line) else None,
                excerpt=safe_excerpt(row["path"], str(shown)) if shown is not None else None,
            )
        )
    return refs


# A line of an env file (`NAME=value`, `export NAME=value`): the variable's name and its value.
ENV_LINE = re2.compile(r"(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*([^\r\n#]*)")
# A documentation folder: what lies there describes or illustrates the product, or serves the docs'
# own site (docs/portal/nginx.conf); it configures no part of the product.
DOCUMENTATION_PATH = re2.compile(r"(^|/)(docs?|documentation)/")
VENDORED = re2.compile(
    r"\.min\.(js|css|mjs)$|(^|/)(vendor|vendors|third_party|node_modules|bower_components|"
    # Yarn Berry commits its own release and plugins (.yarn/releases/yarn-4.10.3.cjs): the tool's code
    r"\.yarn/releases|\.yarn/plugins|\.yarn/sdks|"
    # a build tool's cache committed by mistake (.expo/web/cache/…/babel-loader/*.json): compiled code
    r"\.expo|\.next|\.nuxt|\.svelte-kit|\.turbo|\.parcel-cache|"
    # an editor's local history of every saved version (VS Code's Local History: .history/…_20250825.js)
    r"\.history|"
    # a virtualenv committed with the code (env/lib/python3.8/site-packages/django/…): Django's own
    r"site-packages|dist-packages|(\.?venv|env|virtualenv)/(lib|Lib|bin|Scripts|include|share)|"
    r"dist|build|public/build|static/vendor)/|\.bundle\.js$|(^|/)(package-lock\.json|"
    r"yarn\.lock|pnpm-lock\.yaml|poetry\.lock|uv\.lock|bun\.lock)$|"
    # third-party widgets copied into static folders, and content-hashed bundles
    r"(^|/)(static|assets|public)/(.*/)?(ckeditor|tinymce|jquery|bootstrap|echarts|codemirror|"
    r"mathjax|pdfjs|highlight|fontawesome|font-awesome|select2|moment|plugins)[^/]*(/|\.js$)|"
    r"(^|/)assets/[\w.-]+[.-][A-Za-z0-9_]{8,}\.(js|css|mjs)$|"
    # AI assistants' folders (Replit's agent keeps its skills in .local/): installed skills (a generic
    # Postgres backup guide) and instructions describing a pipeline or a staging the repository does
    # not have; claims, not evidence. A project's design specs (.kiro/specs) are the team's documents.
    r"(^|/)\.(agents|cursor|claude|windsurf|codex|gemini|specify|lovable|bolt|local|kiro/steering)/|"
    r"(^|/)\.github/(skills|agents|prompts|instructions|chatmodes)/|(^|/)\.github/copilot-instructions\.md$|"
    r"^(CLAUDE|AGENTS|GEMINI|claude|agents|gemini)\.md$|(^|/)\.(cursorrules|windsurfrules)$|"
    # a spec-driven tool's feature plans (spec-kit's specs/015-add-images/quickstart.md): what an
    # agent is asked to build next, not what the product does
    r"(^|/)specs/\d{3}-[\w.-]+/|"
    # the superpowers plugin's brainstormed designs and plans (docs/superpowers/specs/2026-06-06-…md)
    r"(^|/)docs/superpowers/|"
    # a draft says what is planned (README.draft.md: "Status: work in progress")
    r"\.draft\.(md|mdx|rst)$|(^|/)drafts?/|"
    # release notes say what changed ("titles can be renamed with rollback"), not how the team works
    r"(^|/)(CHANGELOG|CHANGES|HISTORY|NEWS|changelog)(\.\w+)?$|(^|/)(release[-_]?notes|changelogs?)/|"
    # Archived documents and scripts: what the team once planned or ran, not what it does (a
    # "### Staging" in docs/archive/…/reorder-plan.md). A product's own `archive` feature stays.
    r"(^|/)(docs?|documentation|scripts?|project[-_]management|planning|notes)/(.*/)?"
    r"(?i:archives?|archived|deprecated|obsolete)/|^(?i:archives?|archived)/|"
    # a scaffold's templates of the projects it generates (their workflows, their hosting)
    r"(^|/)(templates?|scaffolds?|blueprints)/(.*/)?\.github/|(^|/)create-[\w-]+/templates/"
)


def texts(ctx: CheckContext, vendored: bool = False) -> Iterator[tuple[str, str, str]]:
    """(source, path, text) of every readable text file the team wrote: minified, vendored and lock
    files are left out (a word list in a minified library is no evidence of anything) unless
    ``vendored`` asks for every text read (a file judged by what it holds wherever it sits)."""
    for facts in ctx.evidence.of_kind("repositories"):
        for path, text in facts.values.get("texts", {}).items():
            if vendored or not VENDORED.search(path):
                yield facts.name, path, text


def code_calls(ctx: CheckContext, pattern: str | None = None) -> pd.DataFrame:
    """Calls made by production code (tests left out), only those whose callee matches ``pattern``
    when one is given."""
    calls = non_test_rows(repo_table(ctx, "calls"))
    return callee_matches(calls, pattern) if pattern else calls


def callee_matches(calls: pd.DataFrame, pattern: str) -> pd.DataFrame:
    """Calls whose callee (e.g. ``Sentry.init``, ``logger.error``) matches a regular expression."""
    if calls.empty:
        return calls
    regex = content_regex(pattern)
    wanted = [callee for callee in calls["callee"].unique() if regex.search(callee or "")]
    return calls[calls["callee"].isin(wanted)]


def matching_paths(ctx: CheckContext, pattern: str) -> pd.DataFrame:
    """Files whose path matches a regular expression (case-insensitive), vendored, generated,
    archived and AI-assistant files left out as :func:`texts` leaves them out."""
    files = repo_files(ctx)
    if files.empty:
        return files
    regex = content_regex(pattern, re.IGNORECASE)
    return files[files["path"].map(lambda path: bool(regex.search(path)) and not VENDORED.search(path))]


def step_refs(steps: pd.DataFrame, limit: int = MAX_REFS) -> list[EvidenceRef]:
    """file:line of CI steps with their command; a line read from a repository script or Makefile
    target names it (`build-tools/github/validate-tests: python -m pytest`), for the step cited is
    the one that calls it."""
    if steps.empty or "via" not in steps:
        return row_refs(steps, "command", limit)
    shown = [
        f"{via}: {command}" if isinstance(via, str) and via else command
        for via, command in zip(steps["via"], steps["command"], strict=True)
    ]
    return row_refs(steps.assign(shown=shown), "shown", limit)


def file_refs(rows: pd.DataFrame) -> list[EvidenceRef]:
    return [
        EvidenceRef(source=row.source, path=row.path) for row in rows.head(MAX_REFS).itertuples(index=False)
    ]


@cache
def content_regex(pattern: str, flags: int = 0, multiline: bool = False):
    """A pattern applied to repository content, compiled with RE2: linear time whatever the line
    (a 3,000-space line or "production " × 90,000 cannot make it backtrack). A pattern RE2 cannot
    run is a bug in the check, said at once rather than run slowly on hostile input."""
    inline = (
        ("(?m)" if multiline else "")
        + ("(?i)" if flags & re.IGNORECASE else "")
        + ("(?s)" if flags & re.DOTALL else "")
    )
    try:
        return re2.compile(inline + pattern)
    except re2.error as exc:
        raise ValueError(f"pattern not supported by RE2 ({exc}): {pattern[:80]}") from exc


REQUIREMENT_NAME_END = content_regex(r"[<>=!~\[; ]")


SLASH_COMMENTED = content_regex(
    r"\.([cm]?[jt]sx?|vue|svelte|go|java|kt|cs|rs|php|swift|dart)$", re.IGNORECASE
)
HASH_COMMENTED = content_regex(
    r"\.(py|rb|sh|toml|ya?ml|conf|ini|cfg|env|r)$|(^|/)(Dockerfile|_headers|Makefile|Procfile|\.env[^/]*)$",
    re.IGNORECASE,
)
COMMENT_START = {"slash": ("//", "/*", "*"), "hash": ("#",), "sql": ("--",)}


def commented_out(line: str, marks: tuple[str, ...]) -> bool:
    """Whether ``line`` (or the part of it before a match) is a whole-line comment, ``marks`` being
    how one starts in the file's language (:func:`comment_marks`)."""
    return bool(marks) and line.lstrip().startswith(marks)


def comment_marks(path: str) -> tuple[str, ...]:
    """How a whole-line comment starts in this file's language (none for prose: a Markdown "#" is a
    heading)."""
    if SLASH_COMMENTED.search(path):
        return COMMENT_START["slash"]
    if HASH_COMMENTED.search(path):
        return COMMENT_START["hash"]
    return COMMENT_START["sql"] if path.lower().endswith(".sql") else ()


def grep(
    ctx: CheckContext,
    pattern: str,
    path_pattern: str = r".",
    flags: int = 0,
    limit: int = MAX_REFS,
    redact: str | None = None,
    skip_tests: bool = False,
    prose_only: bool = False,
) -> list[EvidenceRef]:
    """Lines matching ``pattern`` in files whose path matches ``path_pattern``.

    ``redact`` names a regex group holding a value that must never be shown; ``skip_tests`` leaves
    tests, specs and fixtures out (before the ``limit`` is counted); ``prose_only`` leaves out the
    fenced code blocks of Markdown (a `# comment` there is no heading).
    Whole files are screened first (one C-level search), so only files that
    match are split into lines: most of a large tree never is. A line commented out in code or
    configuration (``// cacheComponents: true``) is not what the product does: it never matches.
    """
    regex, path_regex = content_regex(pattern, flags), content_regex(path_pattern, re.IGNORECASE)
    anywhere = content_regex(pattern, flags, multiline=True)
    refs: list[EvidenceRef] = []
    for source, path, text in texts(ctx):
        if not path_regex.search(path) or (skip_tests and is_test_path(path)) or not anywhere.search(text):
            continue
        commented, fenced = comment_marks(path), False
        for number, line in enumerate(text.splitlines(), start=1):
            if prose_only and line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            match = regex.search(line)
            if not match or commented_out(line, commented) or fenced:
                continue
            hidden = match.group(redact) if redact else None
            excerpt = safe_excerpt(path, line.replace(hidden, redact_secret(hidden)) if hidden else line)
            refs.append(EvidenceRef(source=source, path=path, line=number, excerpt=excerpt))
            if len(refs) >= limit:
                return refs
    return refs


def line_at(text: str, offset: int) -> int:
    """The number of the line holding character ``offset`` of a file's text."""
    return text.count("\n", 0, offset) + 1


def ref_at(source: str, path: str, text: str, offset: int, excerpt: str) -> EvidenceRef:
    """A citation of the line holding character ``offset`` of a file's text."""
    return EvidenceRef(source=source, path=path, line=line_at(text, offset), excerpt=excerpt)


def grep_spanning(
    ctx: CheckContext, pattern: str, path_pattern: str = r".", limit: int = MAX_REFS, skip_tests: bool = False
) -> list[EvidenceRef]:
    """Matches of a linear-time (RE2) ``pattern`` that may span lines, such as a function signature
    written one parameter per line; each cited at the line where it starts, the excerpt redacted."""
    regex, path_regex = re2.compile(pattern), content_regex(path_pattern, re.IGNORECASE)
    refs: list[EvidenceRef] = []
    for source, path, text in texts(ctx):
        if not path_regex.search(path) or (skip_tests and is_test_path(path)):
            continue
        for match in regex.finditer(text):
            start, end = text.rfind("\n", 0, match.start()) + 1, text.find("\n", match.start())
            line = text[start : end if end >= 0 else None]
            refs.append(
                EvidenceRef(
                    source=source,
                    path=path,
                    line=line_at(text, match.start()),
                    excerpt=safe_excerpt(path, line),
                )
            )
            if len(refs) >= limit:
                return refs
    return refs


# A package script called from a pipeline or another script: `npm run lint`, `pnpm -r test`,
# `pnpm --filter web test`, `yarn --cwd netbox/project-static validate`, `npm --prefix mobile run
# typecheck`; the script's name comes after the options that say where it runs.
_SCRIPT_OPTIONS = (
    r"(?:(?:--filter|--cwd|--prefix|--dir|-C|--workspace|workspace)\s+\S+\s+|"
    r"(?:-r|--recursive|-w|--workspaces)\s+)*"
)
SCRIPT_CALL = content_regex(
    rf"\b(?:npm|pnpm|yarn|bun)\s+{_SCRIPT_OPTIONS}(?:run\s+)?{_SCRIPT_OPTIONS}([\w:][\w:.-]*)"
)
# A monorepo runner's tasks, each the script of that name in every package: `turbo run lint typescript
# test --color` runs the packages' lint, typescript (tsc) and test scripts.
TASK_RUN = content_regex(r"\b(?:turbo|nx)\s+run(?:-many)?\s+([^\n&|;]*)")
SCRIPT_DEPTH = 3
"""How deep package scripts calling package scripts are followed from a CI step."""


def script_names(line: str) -> list[str]:
    """The package scripts a command line calls, directly (`pnpm test`) or as monorepo tasks."""
    tasks = [word for found in TASK_RUN.findall(line) for word in found.split() if not word.startswith("-")]
    return SCRIPT_CALL.findall(line) + tasks


def script_bodies(ctx: CheckContext) -> dict[str, list[str]]:
    """Script name → its command in each package.json that defines it."""
    bodies: dict[str, list[str]] = {}
    for row in ctx.evidence.table("repositories", "packages").itertuples(index=False):
        for name, command in (row.scripts or {}).items():
            bodies.setdefault(name, []).append(command)
    return bodies


def spelled_out(command: str, bodies: dict[str, list[str]]) -> str:
    """A command followed by the package scripts it calls, and the scripts those call (`pnpm
    verify` → `pnpm build:verify` → `pnpm check:bundle-size`), each once."""
    parts, seen, pending = [command], set(), [command]
    for _ in range(SCRIPT_DEPTH):
        called = [name for line in pending for name in script_names(line) if name in bodies]
        called = [name for name in dict.fromkeys(called) if name not in seen]
        seen.update(called)
        pending = [body for name in called for body in bodies[name]]
        parts += pending
    return "\n".join(parts)


def named_script_refs(ctx: CheckContext, named: Callable[[str], bool]) -> list[EvidenceRef]:
    """Package scripts whose name ``named`` accepts, cited at their line as `name: command`."""
    return [
        EvidenceRef(source=source, path=path, line=line, excerpt=f"{name}: {command}"[:160])
        for name, (source, path, command, line) in package_script_lines(ctx).items()
        if named(name)
    ]


def package_script_lines(ctx: CheckContext) -> dict[str, tuple[str, str, str, int | None]]:
    """Script name → (source, package.json path, command, line) across every package.json."""
    packages = ctx.evidence.table("repositories", "packages")
    out: dict[str, tuple[str, str, str, int | None]] = {}
    for row in packages.itertuples(index=False):
        lines = row.script_lines or {}
        for name, command in (row.scripts or {}).items():
            out.setdefault(name, (row.source, row.path, command, lines.get(name)))
    return out


DEPENDENCY_TABLES = ("repositories.packages", "repositories.pyprojects", "repositories.requirements")
"""What :func:`dependencies` reads: a check calling it declares ``reads=(*DEPENDENCY_TABLES, ...)``."""


def dependencies(ctx: CheckContext) -> set[str]:
    """Names of every JavaScript and Python dependency declared in a manifest; a Python name also
    under its normalised form (PEP 503: ``Flask_Caching`` is ``flask-caching``). A manifest in an
    assistant's folder or a vendored tree (bookphysio's .claude/templates/package.json, another
    project's) declares nothing the product installs."""
    names: set[str] = set()
    for row in ctx.evidence.table("repositories", "packages").itertuples(index=False):
        if not VENDORED.search(str(row.path)):
            names |= set(row.dependencies or {})
    requirements = ctx.evidence.table("repositories", "requirements")
    python: set[str] = {
        name
        for path, name in zip(requirements.get("path", []), requirements.get("name", []), strict=True)
        if not VENDORED.search(str(path))
    }
    for row in ctx.evidence.table("repositories", "pyprojects").itertuples(index=False):
        if not VENDORED.search(str(row.path)):
            python |= {REQUIREMENT_NAME_END.split(dep, maxsplit=1)[0].lower() for dep in row.dependencies}
    return names | python | {PYTHON_NAME_SEPARATORS.sub("-", name) for name in python}


PYTHON_NAME_SEPARATORS = content_regex(r"[-_.]+")


CODE_FILES = r"\.(py|[cm]?[jt]sx?|vue|svelte)$"
"""Where code of any of the stacks read lives, components included (a path pattern for :func:`grep`)."""


def is_source_file(path: str) -> bool:
    return PurePosixPath(path).suffix in {".js", ".jsx", ".ts", ".tsx", ".py", ".mjs", ".cjs"}


TEST_PATH = re2.compile(
    r"(^|/)(tests?|__tests__|__mocks__|e2e|cypress|playwright|spec|specs|fixtures?|"
    # a mock of the API the client develops and runs its e2e suite against (Open Hospital's mockServer)
    r"testing|test-utils|mocks?|[mM]ock[-_]?([sS]erver|[aA]pi|[bB]ackend)s?)/|(^|/)[\w-]+[-_]tests?/|(^|/)(e2e|cypress|playwright)[-_][\w-]+/|\.(test|spec|e2e|cy|stories)\.[cm]?[jt]sx?$|"
    r"\.e2e-spec\.[jt]s$|(^|/)test_[^/]+\.py$|_test(ing)?\.py$|(^|/)tests?\.py$|"
    r"(^|/)conftest\.py$|"
    # a test runner's own files at the root: vitest.setup.ts, jest.setup.js, setupTests.ts
    r"(^|/)(vitest|jest|playwright|cypress)\.[\w.-]+\.[cm]?[jt]sx?$|(^|/)setup-?[Tt]ests\.[cm]?[jt]sx?$|"
    # a browser test runner's page (QUnit's, Mocha's): test.html, api-tests.html
    r"(^|/)([\w-]+[-_.])?tests?\.html?$"
)
TOOLING_PATH = re2.compile(
    r"(^|/)(scripts?|tools|bin|migrations|alembic|seeds?|\.storybook|benchmarks?|__benchmarks__|"
    r"__generated__|generated|gen|dist|build|out|coverage|vendor|node_modules|_static)/|"
    r"(^|/)vendors?\.js$|\.min\.js$|"
    r"\.(generated|gen|min|d)\.[cm]?[jt]sx?$|_pb2\.py$|(^|/)[^/]*\.config\.[cm]?[jt]s$|"
    r"(^|/)(manage|setup|noxfile|fabfile)\.py$|(^|/)seed\.([cm]?[jt]s|py)$"
)


ROOT_MODULE = re2.compile(r"^[^/]+\.[cm]?[jt]sx?$")
SOURCE_MODULE = re2.compile(r"\.[cm]?[jt]sx?$")
# Where a repository names the modules it runs: its manifests, container and platform files.
ENTRY_MANIFESTS = re2.compile(
    r"(^|/)(package\.json|Dockerfile[\w.-]*|Procfile|[\w.-]*compose[\w.-]*\.ya?ml|vercel\.json|"
    r"netlify\.toml|fly\.toml|app\.ya?ml|nixpacks\.toml|ecosystem\.config\.[cm]?js)$"
)


def imported_basenames(ctx: CheckContext) -> set[str]:
    """The last part of every module name an import statement names (`./lib/rate-limit.js` →
    `rate-limit.js`, `app.core.limiter` → `app.core.limiter`): which of the repository's files
    some other file loads."""
    imports = repo_table(ctx, "imports")
    return {PurePosixPath(str(module)).name for module in (imports["module"] if not imports.empty else [])}


def root_scripts(ctx: CheckContext) -> set[str]:
    """JavaScript modules and components at the repository's root, or at a workspace package's
    (apps/web/ beside its package.json), that nothing runs or imports: the one-off check-541.mjs and
    backfill-intake.mjs a developer starts by hand with `node` against the live data, the meal
    planner's apps/web/test-feature-270.js, a project-architecture.jsx diagram. No manifest names
    them (a server.js that `npm start` runs is named), no module imports them (a root config.js
    is), and a tool's configuration (vite.config.ts) is no script either."""
    paths = repo_files(ctx)["path"]
    packages = {
        str(PurePosixPath(path).parent) for path in paths if PurePosixPath(path).name == "package.json"
    }
    candidates = {
        path
        for path in paths
        if (
            ROOT_MODULE.search(path)
            or (SOURCE_MODULE.search(path) and str(PurePosixPath(path).parent) in packages)
        )
        and not TOOLING_PATH.search(path)
        and not is_test_path(path)
    }
    if not candidates:
        return set()
    imported = {name.split(".")[0] for name in imported_basenames(ctx)}
    named = "\n".join(text for _source, path, text in texts(ctx) if ENTRY_MANIFESTS.search(path))
    names = {path: PurePosixPath(path).name for path in candidates}
    return {path for path, name in names.items() if name not in named and name.split(".")[0] not in imported}


def is_test_path(path: str) -> bool:
    """Tests, specs, end-to-end suites and their fixtures."""
    return bool(TEST_PATH.search(path))


def is_production_code_path(path: str) -> bool:
    """Code a user of the product runs: not a test, a script, a migration, a build output or a
    generated file (and not a tool's configuration)."""
    return not (TEST_PATH.search(path) or TOOLING_PATH.search(path) or VENDORED.search(path))


def en_fr(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


SEMICOLON = {lang: t(lang, "semicolon") for lang in LANGS}
"""Between the parts of a list in a message: French puts a space before the semicolon."""


def said_ref(
    source: str, key: str, path: str | None = None, line: int | None = None, **values
) -> EvidenceRef:
    """A reference whose excerpt is the check's own words (section ``excerpts`` of the locale
    files), in every language; a value may be a function of the language (a figure, a word)."""
    texts = {lang: text[:160] for lang, text in said("excerpts", key, **values).by_lang.items()}
    return EvidenceRef(source=source, path=path, line=line, excerpt=texts["en"], excerpts=texts)


def in_each_lang(build: Callable[[str], str]) -> dict[str, str]:
    """A message in every language from one function of the language, so that counts, plurals and
    joined pieces are computed once for both."""
    return {lang: build(lang) for lang in LANGS}


def stack(ctx: CheckContext, kind: str | None = None) -> set[str]:
    """Names of the stack the collector saw (``kind``: framework, orm, auth or workspace; None for
    all), e.g. ``"Prisma" in stack(ctx, "orm")``: checks consult facts instead of guessing."""
    rows = repo_table(ctx, "stack")
    if rows.empty:
        return set()
    return set(rows["name"] if kind is None else rows[rows["kind"] == kind]["name"])


def frameworks(ctx: CheckContext) -> set[str]:
    """Frameworks of the product (Next.js, Vite, Express, Django, FastAPI…)."""
    return stack(ctx, "framework")


def file_roles(ctx: CheckContext) -> dict[str, tuple[str, bool]]:
    """Path → (runtime: browser, server or unknown; generated) for every source file. Build it
    once when asking about many paths; the single-path helpers below rebuild it each call."""
    roles = repo_table(ctx, "file_roles")
    return {row.path: (row.runtime, bool(row.generated)) for row in roles.itertuples(index=False)}


def is_browser_path(ctx: CheckContext, path: str, roles: dict[str, tuple[str, bool]] | None = None) -> bool:
    """Whether the file ships to the browser: client code by its framework's layout or a
    'use client' directive, and production code (never a test, e2e spec, script, config, server
    code, API route, migration or generated file). Pass ``roles`` (:func:`file_roles`) when asking
    about many paths."""
    runtime, generated = (roles if roles is not None else file_roles(ctx)).get(path, ("unknown", False))
    return runtime == "browser" and not generated and is_production_code_path(path)


def is_generated_path(ctx: CheckContext, path: str) -> bool:
    """Whether a file is generated (by its path or an @generated / DO NOT EDIT header): nobody
    writes it, so it is no evidence of the team's practices."""
    return file_roles(ctx).get(path, ("unknown", False))[1]
