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
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

import pandas as pd
import tree_sitter
import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_typescript

log = logging.getLogger(__name__)

LANGUAGES = {".js": "javascript", ".jsx": "javascript", ".mjs": "javascript", ".cjs": "javascript",
             ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "tsx",
             ".py": "python"}
TABLE_COLUMNS: dict[str, list[str]] = {
    "catches": ["path", "line", "language", "bare", "empty", "rethrows", "body_calls", "excerpt"],
    "promise_chains": ["path", "line", "handled", "excerpt"],
    "env_reads": ["path", "line", "name", "via"],
    "calls": ["path", "line", "callee", "argument"],
    "imports": ["path", "line", "module"],
    "jsx": ["path", "line", "element", "inside_boundary", "contains_boundary", "attributes"],
    "definitions": ["path", "line", "name", "kind"],
}
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

    def add(self, table: str, *values) -> None:
        self.rows[table].append((self.path, *values))


def _descendants(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = list(reversed(node.children))
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _callee(call: tree_sitter.Node) -> str:
    function = call.child_by_field_name("function")
    return "".join(_text(function).split()) if function is not None else ""


def _first_argument(call: tree_sitter.Node) -> str | None:
    arguments = call.child_by_field_name("arguments")
    named = arguments.named_children if arguments is not None else []
    return _string_value(named[0]) if named else None


def _body_facts(body: tree_sitter.Node | None) -> tuple[bool, bool, list[str]]:
    """(empty, re-raises, callees) of a catch or except body."""
    if body is None:
        return True, False, []
    statements = [c for c in body.named_children if c.type not in ("comment", "pass_statement")]
    nodes = list(_descendants(body))
    rethrows = any(n.type in ("throw_statement", "raise_statement") for n in nodes)
    callees = [_callee(n) for n in nodes if n.type in ("call_expression", "call")]
    return not statements, rethrows, callees


# --- JavaScript / TypeScript ------------------------------------------------------------------


def _js_member_chain(node: tree_sitter.Node) -> str:
    return "".join(_text(node).split())


def _js_env_read(node: tree_sitter.Node, facts: FileFacts) -> None:
    """import.meta.env.X, process.env.X and process.env["X"]."""
    obj = node.child_by_field_name("object")
    if obj is None:
        return
    base = _js_member_chain(obj)
    if base not in ("import.meta.env", "process.env"):
        return
    if node.type == "member_expression":
        name = _text(node.child_by_field_name("property"))
    else:
        name = _string_value(node.child_by_field_name("index"))
    if name:
        facts.add("env_reads", _line(node), name, base)


def _js_catch(node: tree_sitter.Node, facts: FileFacts) -> None:
    empty, rethrows, callees = _body_facts(node.child_by_field_name("body"))
    facts.add("catches", _line(node), facts.language, False, empty, rethrows, callees,
              _excerpt(node))


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


def _js_statement_chain(node: tree_sitter.Node, facts: FileFacts) -> None:
    """A `.then(...)` chain used as a statement: nobody awaits it, so only .catch handles it."""
    expression = node.named_children[0] if node.named_children else None
    if expression is None or expression.type != "call_expression":
        return
    methods = _chain_methods(expression)
    if not any(name == "then" for name, _ in methods):
        return
    handled = any(name == "catch" or (name == "then" and count >= 2) for name, count in methods)
    facts.add("promise_chains", _line(node), handled, _excerpt(node))


def _jsx_name(node: tree_sitter.Node) -> str:
    name = node.child_by_field_name("name")
    return _text(name) if name is not None else ""


def _jsx_attributes(node: tree_sitter.Node) -> list[str]:
    return [_text(a.named_children[0]) for a in node.named_children
            if a.type == "jsx_attribute" and a.named_children]


def _js_jsx(node: tree_sitter.Node, facts: FileFacts) -> None:
    opening = node if node.type == "jsx_self_closing_element" else node.child_by_field_name(
        "open_tag")
    if opening is None:
        return
    element = _jsx_name(opening)
    inside = False
    parent = node.parent
    while parent is not None:
        if parent.type == "jsx_element" and _jsx_name(parent.child_by_field_name("open_tag")
                                                      or parent) in BOUNDARY_ELEMENTS:
            inside = True
            break
        parent = parent.parent
    contains = any(n.type in ("jsx_opening_element", "jsx_self_closing_element")
                   and _jsx_name(n) in BOUNDARY_ELEMENTS for n in _descendants(node))
    facts.add("jsx", _line(node), element, inside, contains, _jsx_attributes(opening))


def _js_node(node: tree_sitter.Node, facts: FileFacts) -> None:
    kind = node.type
    if kind == "catch_clause":
        _js_catch(node, facts)
    elif kind == "call_expression":
        callee = _callee(node)
        facts.add("calls", _line(node), callee, _first_argument(node))
        if callee == "import":
            facts.add("imports", _line(node), _first_argument(node) or "")
    elif kind in ("member_expression", "subscript_expression"):
        _js_env_read(node, facts)
    elif kind == "expression_statement":
        _js_statement_chain(node, facts)
    elif kind == "import_statement":
        facts.add("imports", _line(node), _string_value(node.child_by_field_name("source")) or "")
    elif kind in ("jsx_element", "jsx_self_closing_element"):
        _js_jsx(node, facts)
    elif kind in ("method_definition", "function_declaration", "class_declaration"):
        name = node.child_by_field_name("name")
        facts.add("definitions", _line(node), _text(name) if name is not None else "", kind)


# --- Python ----------------------------------------------------------------------------------


def _py_except(node: tree_sitter.Node, facts: FileFacts) -> None:
    body = next((c for c in node.named_children if c.type == "block"), None)
    caught = [c for c in node.named_children if c.type not in ("block", "comment")]
    empty, rethrows, callees = _body_facts(body)
    facts.add("catches", _line(node), "python", not caught, empty, rethrows, callees,
              _excerpt(node))


def _py_env_read(node: tree_sitter.Node, facts: FileFacts) -> None:
    """os.environ["X"], os.environ.get("X") and os.getenv("X")."""
    if node.type == "subscript":
        if _text(node.child_by_field_name("value")) == "os.environ":
            name = _string_value(node.child_by_field_name("subscript"))
            if name:
                facts.add("env_reads", _line(node), name, "os.environ")
        return
    if _callee(node) in ("os.getenv", "os.environ.get", "getenv", "environ.get"):
        name = _first_argument(node)
        if name:
            facts.add("env_reads", _line(node), name, _callee(node))


def _py_node(node: tree_sitter.Node, facts: FileFacts) -> None:
    kind = node.type
    if kind == "except_clause":
        _py_except(node, facts)
    elif kind == "call":
        facts.add("calls", _line(node), _callee(node), _first_argument(node))
        _py_env_read(node, facts)
    elif kind == "subscript":
        _py_env_read(node, facts)
    elif kind in ("import_statement", "import_from_statement"):
        module = node.child_by_field_name("module_name") or node.child_by_field_name("name")
        facts.add("imports", _line(node), _text(module) if module is not None else "")
    elif kind in ("function_definition", "class_definition"):
        facts.add("definitions", _line(node), _text(node.child_by_field_name("name")), kind)


def parse_source(path: str, data: bytes) -> FileFacts:
    """Every fact of one source file; a syntax error still yields what parsed."""
    language = language_of(path)
    if language is None:
        raise ValueError(f"{path}: not a JavaScript, TypeScript or Python file")
    facts = FileFacts(path=path, language=language)
    tree = _parser(language).parse(data)
    facts.syntax_error = tree.root_node.has_error
    visit = _py_node if language == "python" else _js_node
    for node in _descendants(tree.root_node):
        visit(node, facts)
    return facts


# --- Many files, several processes ----------------------------------------------------------


@dataclass
class SourceFacts:
    """The merged tables of many files, the files that did not parse cleanly, and any unread."""

    tables: dict[str, pd.DataFrame]
    syntax_errors: list[str]
    unreadable: list[str]


def _parse_batch(root: str, paths: list[str]) -> tuple[dict[str, list[tuple]], list[str],
                                                       list[str]]:
    rows: dict[str, list[tuple]] = {name: [] for name in TABLE_COLUMNS}
    syntax_errors, unreadable = [], []
    for path in paths:
        try:
            data = (Path(root) / path).read_bytes()
        except OSError as exc:
            unreadable.append(f"{path}: {exc.strerror or exc}")
            continue
        facts = parse_source(path, data.removeprefix(b"\xef\xbb\xbf"))
        for name, table_rows in facts.rows.items():
            rows[name].extend(table_rows)
        if facts.syntax_error:
            syntax_errors.append(path)
    return rows, syntax_errors, unreadable


def _batches(paths: list[str], count: int) -> list[list[str]]:
    """Interleaved batches so large and small files spread over the workers."""
    return [batch for batch in (paths[i::count] for i in range(count)) if batch]


def parse_sources(root: Path, paths: list[str], workers: int = 1) -> SourceFacts:
    """Parse every source file under ``root``; a pool of ``workers`` processes when it pays off."""
    paths = [p for p in paths if language_of(p)]
    if workers > 1 and len(paths) >= MIN_FILES_FOR_POOL:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_parse_batch, [str(root)] * (workers * 4),
                                    _batches(paths, workers * 4)))
    else:
        results = [_parse_batch(str(root), paths)]
    merged: dict[str, list[tuple]] = {name: [] for name in TABLE_COLUMNS}
    syntax_errors, unreadable = [], []
    for rows, errors, unread in results:
        for name, table_rows in rows.items():
            merged[name].extend(table_rows)
        syntax_errors += errors
        unreadable += unread
    tables = {name: pd.DataFrame(merged[name], columns=columns)
              for name, columns in TABLE_COLUMNS.items()}
    return SourceFacts(tables=tables, syntax_errors=sorted(syntax_errors),
                       unreadable=sorted(unreadable))
