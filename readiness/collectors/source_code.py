"""Source code facts, parsed with tree-sitter: catch blocks, env reads, calls, imports, JSX.

Regular expressions cannot tell a catch block's body from a string that
contains braces, nor a bare ``except:`` from ``except Exception:`` written on
two lines; a syntax tree can. tree-sitter's Python binding holds the GIL while
it parses, so threads would not help: files are parsed in a process pool, each
worker reading its own batch from disk, and only small row tuples travel back.

Nothing here judges. A catch block is described by what it contains (the calls
it makes, whether it re-raises, whether it is empty); the checks decide what
"well handled" means.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd
import tree_sitter
import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_typescript

from readiness.deadline import FILE_SECONDS

log = logging.getLogger(__name__)

LANGUAGES = {
    ".js": "javascript",
    ".jsx": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".py": "python",
}
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "catches": {
        "path": "text",
        "line": "integer",
        "language": "text",
        "bare": "boolean",
        "empty": "boolean",
        "rethrows": "boolean",
        "body_calls": "any",
        "excerpt": "text",
        "comment": "text",
    },
    "promise_chains": {"path": "text", "line": "integer", "handled": "boolean", "excerpt": "text"},
    "env_reads": {"path": "text", "line": "integer", "name": "text", "via": "text"},
    "calls": {"path": "text", "line": "integer", "callee": "text", "argument": "text"},
    "imports": {"path": "text", "line": "integer", "module": "text"},
    "jsx": {
        "path": "text",
        "line": "integer",
        "element": "text",
        "inside_boundary": "boolean",
        "contains_boundary": "boolean",
        "attributes": "any",
    },
    "definitions": {"path": "text", "line": "integer", "name": "text", "kind": "text"},
}
"""Each table's columns and their types (readiness.collectors.tables); "any" holds lists."""
BOUNDARY_ELEMENTS = {"ErrorBoundary", "Sentry.ErrorBoundary"}
EXCERPT_CHARS = 120
MIN_FILES_FOR_POOL = 64


def language_of(path: str) -> str | None:
    return LANGUAGES.get(PurePosixPath(path).suffix.lower())


@cache
def _parser(language: str) -> tree_sitter.Parser:
    grammar = {
        "javascript": tree_sitter_javascript.language,
        "typescript": tree_sitter_typescript.language_typescript,
        "tsx": tree_sitter_typescript.language_tsx,
        "python": tree_sitter_python.language,
    }[language]()
    return tree_sitter.Parser(tree_sitter.Language(grammar))


def _text(node: tree_sitter.Node) -> str:
    return node.text.decode("utf-8", errors="replace") if node.text is not None else ""


def _excerpt(node: tree_sitter.Node) -> str:
    return " ".join(_text(node).split())[:EXCERPT_CHARS]


def _line(node: tree_sitter.Node) -> int:
    return node.start_point[0] + 1


def _string_value(node: tree_sitter.Node | None) -> str | None:
    """The content of a string literal node, without quotes; None for anything else."""
    if node is None or node.type not in ("string", "template_string"):
        return None
    parts = [c for c in node.children if c.type in ("string_fragment", "string_content")]
    return "".join(_text(p) for p in parts)[:100]


@dataclass
class FileFacts:
    """The rows one file contributes to each table, plus whether it parsed cleanly."""

    path: str
    language: str
    rows: dict[str, list[tuple]] = field(default_factory=lambda: {n: [] for n in TABLE_COLUMNS})
    syntax_error: bool = False
    abandoned: bool = False
    """The parse passed its time limit: no row is kept (half a file's facts would mislead)."""

    def add(self, table: str, *values) -> None:
        self.rows[table].append((self.path, *values))


def _descendants(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _callee(call: tree_sitter.Node) -> str:
    """What a call calls, or what a ``new`` builds (``new Response(...)`` answers a request)."""
    function = call.child_by_field_name("function") or call.child_by_field_name("constructor")
    return "".join(_text(function).split()) if function is not None else ""


def _first_argument(call: tree_sitter.Node) -> str | None:
    arguments = call.child_by_field_name("arguments")
    named = arguments.named_children if arguments is not None else []
    return _string_value(named[0]) if named else None


def _comment(body: tree_sitter.Node | None) -> str:
    """The comments a catch body carries (checks read whether one says the error is ignored on
    purpose), cut to the excerpt length."""
    if body is None:
        return ""
    return " ".join(_text(child) for child in body.children if child.type == "comment")[:EXCERPT_CHARS]


def _body_facts(body: tree_sitter.Node | None) -> tuple[bool, bool, list[str]]:
    """(empty, re-raises, callees) of a catch or except body."""
    if body is None:
        return True, False, []
    statements = [c for c in body.named_children if c.type not in ("comment", "pass_statement")]
    nodes = list(_descendants(body))
    rethrows = any(n.type in ("throw_statement", "raise_statement") for n in nodes)
    callees = [_callee(n) for n in nodes if n.type in ("call_expression", "call", "new_expression")]
    return not statements, rethrows, callees


# --- Queries: tree-sitter matches in C, Python only sees the nodes of interest ------------------

JS_QUERY = """
(catch_clause) @catch
(call_expression function: (_) @fn) @call
(member_expression object: (_) @obj property: (property_identifier) @name
  (#any-of? @obj "import.meta.env" "process.env")) @env
(subscript_expression object: (_) @obj index: (string) @name
  (#any-of? @obj "import.meta.env" "process.env")) @env
(expression_statement (call_expression) @chain) @statement
(import_statement source: (string) @module) @import
(method_definition name: (_) @name) @definition
(function_declaration name: (_) @name) @definition
(class_declaration name: (_) @name) @definition
"""
JSX_QUERY = """
(jsx_element open_tag: (jsx_opening_element) @open) @element
(jsx_self_closing_element) @element
"""
PY_QUERY = """
(except_clause) @except
(call function: (_) @fn) @call
(subscript value: (_) @obj subscript: (string) @name (#eq? @obj "os.environ")) @env
(import_statement name: (_) @module) @import
(import_from_statement module_name: (_) @module) @import
(function_definition name: (identifier) @name) @definition
(class_definition name: (identifier) @name) @definition
"""
PY_ENV_CALLS = {"os.getenv", "os.environ.get", "getenv", "environ.get"}


@cache
def _query(language: str) -> tree_sitter.QueryCursor:
    source = {"python": PY_QUERY, "typescript": JS_QUERY}.get(language, JS_QUERY + JSX_QUERY)
    return tree_sitter.QueryCursor(tree_sitter.Query(_parser(language).language, source))


def _chain_methods(call: tree_sitter.Node) -> list[tuple[str, int]]:
    """Methods called along a promise chain, outermost first, with their argument counts."""
    methods = []
    while call is not None and call.type == "call_expression":
        function = call.child_by_field_name("function")
        if function is None or function.type != "member_expression":
            break
        arguments = call.child_by_field_name("arguments")
        count = len(arguments.named_children) if arguments is not None else 0
        methods.append((_text(function.child_by_field_name("property")), count))
        call = function.child_by_field_name("object")
    return methods


def _promise_chain(statement: tree_sitter.Node, call: tree_sitter.Node, facts: FileFacts) -> None:
    """A `.then(...)` chain used as a statement: nobody awaits it, so only .catch handles it."""
    if b".then" not in (call.text or b""):
        return
    methods = _chain_methods(call)
    if not any(name == "then" for name, _ in methods):
        return
    handled = any(name == "catch" or (name == "then" and count >= 2) for name, count in methods)
    facts.add("promise_chains", _line(statement), handled, _excerpt(statement))


def _jsx_name(node: tree_sitter.Node) -> str:
    name = node.child_by_field_name("name")
    return _text(name) if name is not None else ""


def _jsx_attributes(node: tree_sitter.Node) -> list[str]:
    return [
        _text(a.named_children[0])
        for a in node.named_children
        if a.type == "jsx_attribute" and a.named_children
    ]


def _jsx_rows(elements: list[tuple[tree_sitter.Node, tree_sitter.Node]], facts: FileFacts) -> None:
    """JSX elements with whether an Error Boundary surrounds them or sits inside them."""
    boundaries = [
        (node.start_byte, node.end_byte) for node, tag in elements if _jsx_name(tag) in BOUNDARY_ELEMENTS
    ]
    for node, tag in elements:
        start, end = node.start_byte, node.end_byte
        inside = any(s <= start and end <= e and (s, e) != (start, end) for s, e in boundaries)
        contains = any(start <= s and e <= end and (s, e) != (start, end) for s, e in boundaries)
        facts.add("jsx", _line(node), _jsx_name(tag), inside, contains, _jsx_attributes(tag))


def _catch_row(node: tree_sitter.Node, facts: FileFacts) -> None:
    if facts.language == "python":
        body = next((c for c in node.named_children if c.type == "block"), None)
        bare = not [c for c in node.named_children if c.type not in ("block", "comment")]
    else:
        body, bare = node.child_by_field_name("body"), False
    empty, rethrows, callees = _body_facts(body)
    facts.add(
        "catches",
        _line(node),
        facts.language,
        bare,
        empty,
        rethrows,
        callees,
        _excerpt(node),
        _comment(body) or _comment(node),
    )


def _promise_catch_row(node: tree_sitter.Node, callee: str, facts: FileFacts) -> None:
    """``.catch(handler)`` on a promise is a catch block too: its handler's body is described."""
    arguments = node.child_by_field_name("arguments")
    handler = arguments.named_children[0] if arguments is not None and arguments.named_children else None
    if (
        not callee.endswith(".catch")
        or handler is None
        or handler.type not in ("arrow_function", "function_expression", "function")
    ):
        return
    body = handler.child_by_field_name("body")
    if body is not None and body.type == "statement_block":
        empty, rethrows, callees = _body_facts(body)
    else:  # an expression body: `(e) => console.log(e)`
        nodes = [body, *_descendants(body)] if body is not None else []
        empty, rethrows = body is None, False
        callees = [_callee(n) for n in nodes if n.type == "call_expression"]
    facts.add(
        "catches",
        _line(node),
        facts.language,
        False,
        empty,
        rethrows,
        callees,
        _excerpt(node),
        _comment(body),
    )


def _call_row(node: tree_sitter.Node, facts: FileFacts) -> None:
    callee, argument = _callee(node), _first_argument(node)
    facts.add("calls", _line(node), callee, argument)
    if facts.language != "python":
        _promise_catch_row(node, callee, facts)
    if callee == "import" or (callee == "require" and facts.language != "python" and argument):
        # Dynamic import() and CommonJS require('x') load a module as an import statement does.
        facts.add("imports", _line(node), argument or "")
    elif facts.language == "python" and callee in PY_ENV_CALLS and argument:
        facts.add("env_reads", _line(node), argument, callee)


READ_CHUNK = 1 << 16


def _parse_within(parser: tree_sitter.Parser, data: bytes, seconds: float) -> tree_sitter.Tree | None:
    """The tree, or None when parsing passed ``seconds``. The parser reads through a callback that
    answers "end of input" once the time is up (an exception raised there would crash tree-sitter)."""
    deadline = time.monotonic() + seconds
    late = False

    def read(offset: int, _point: Any) -> bytes:
        nonlocal late
        late = late or time.monotonic() > deadline
        return b"" if late else data[offset : offset + READ_CHUNK]

    tree = parser.parse(read)
    return None if late else tree


def parse_source(path: str, data: bytes, seconds: float = FILE_SECONDS) -> FileFacts:
    """Every fact of one source file; a syntax error still yields what parsed."""
    language = language_of(path)
    if language is None:
        raise ValueError(f"{path}: not a JavaScript, TypeScript or Python file")
    facts = FileFacts(path=path, language=language)
    tree = _parse_within(_parser(language), data, seconds)
    if tree is None:
        facts.abandoned = True
        return facts
    facts.syntax_error = tree.root_node.has_error
    elements = []
    for _pattern, match in _query(language).matches(tree.root_node):
        if "catch" in match or "except" in match:
            _catch_row((match.get("catch") or match["except"])[0], facts)
        elif "call" in match:
            _call_row(match["call"][0], facts)
        elif "env" in match:
            name = match["name"][0]
            value = _string_value(name) if name.type == "string" else _text(name)
            if value:
                facts.add("env_reads", _line(match["env"][0]), value, _text(match["obj"][0]))
        elif "statement" in match:
            _promise_chain(match["statement"][0], match["chain"][0], facts)
        elif "import" in match:
            module = match["module"][0]
            facts.add("imports", _line(module), _string_value(module) or _text(module))
        elif "element" in match:
            node = match["element"][0]
            elements.append((node, match.get("open", [node])[0]))
        elif "definition" in match:
            node = match["definition"][0]
            facts.add("definitions", _line(node), _text(match["name"][0]), node.type)
    _jsx_rows(elements, facts)
    _drop_foreign_environ(facts)
    return facts


BARE_ENV_CALLS = {"environ.get", "getenv"}


def _drop_foreign_environ(facts: FileFacts) -> None:
    """A bare `environ.get(...)` reads the process environment only where `environ` comes from os:
    in a WSGI handler it is the request's (`environ.get("SERVER_NAME")`), no configuration."""
    if facts.language != "python" or any(row[2] == "os" for row in facts.rows["imports"]):
        return
    facts.rows["env_reads"] = [row for row in facts.rows["env_reads"] if row[3] not in BARE_ENV_CALLS]


# --- Many files, several processes ----------------------------------------------------------


@dataclass
class SourceFacts:
    """The merged tables of many files, the files that did not parse cleanly, and any unread."""

    tables: dict[str, pd.DataFrame]
    syntax_errors: list[str]
    unreadable: list[str]


def _parse_batch(
    root: str, paths: list[str], seconds: float = FILE_SECONDS
) -> tuple[dict[str, list[tuple]], list[str], list[str]]:
    rows: dict[str, list[tuple]] = {name: [] for name in TABLE_COLUMNS}
    syntax_errors, unreadable = [], []
    for path in paths:
        try:
            data = (Path(root) / path).read_bytes()
        except OSError as exc:
            unreadable.append(f"{path}: {exc.strerror or exc}")
            continue
        facts = parse_source(path, data.removeprefix(b"\xef\xbb\xbf"), seconds)
        if facts.abandoned:
            unreadable.append(f"{path}: abandoned, parsing took over {seconds:g} s")
        for name, table_rows in facts.rows.items():
            rows[name].extend(table_rows)
        if facts.syntax_error:
            syntax_errors.append(path)
    return rows, syntax_errors, unreadable


def _batches(paths: list[str], count: int) -> list[list[str]]:
    """Interleaved batches so large and small files spread over the workers."""
    return [batch for batch in (paths[i::count] for i in range(count)) if batch]


BATCHES_PER_WORKER = 16
"""Many small batches handed out in turn: a worker that drew heavy files is not waited for."""


@contextmanager
def sources_parsed_aside(
    root: Path, paths: list[str], workers: int = 1, seconds: float = FILE_SECONDS
) -> Iterator[Callable[[], SourceFacts]]:
    """Parse every source file under ``root`` in a pool of ``workers`` processes (when it pays off)
    while the caller does its own work; the callable yielded waits for the parse and merges it."""
    paths = [p for p in paths if language_of(p)]
    if workers < 2 or len(paths) < MIN_FILES_FOR_POOL:
        yield lambda: _merged([_parse_batch(str(root), paths, seconds)])
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        batches = _batches(paths, workers * BATCHES_PER_WORKER)
        futures = [pool.submit(_parse_batch, str(root), batch, seconds) for batch in batches]
        yield lambda: _merged([future.result() for future in futures])


def parse_sources(root: Path, paths: list[str], workers: int = 1) -> SourceFacts:
    """Parse every source file under ``root`` and wait for it."""
    with sources_parsed_aside(root, paths, workers) as parsed:
        return parsed()


def _merged(results: list[tuple[dict[str, list[tuple]], list[str], list[str]]]) -> SourceFacts:
    merged: dict[str, list[tuple]] = {name: [] for name in TABLE_COLUMNS}
    syntax_errors, unreadable = [], []
    for rows, errors, unread in results:
        for name, table_rows in rows.items():
            merged[name].extend(table_rows)
        syntax_errors += errors
        unreadable += unread
    tables = {
        name: pd.DataFrame(merged[name], columns=list(columns)) for name, columns in TABLE_COLUMNS.items()
    }
    return SourceFacts(tables=tables, syntax_errors=sorted(syntax_errors), unreadable=sorted(unreadable))
