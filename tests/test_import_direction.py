"""The dependency arrows point one way: a module imports only from its own layer or below, counting
imports made inside functions too (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "readiness"
# Lowest first. A module belongs to the first layer that names it or its package.
LAYERS = [
    [
        "readiness",
        "readiness.errors",
        "readiness.model",
        "readiness.names",
        "readiness.exit_codes",
        "readiness.logs",
        "readiness.redact",
        "readiness.atomic",
        "readiness.locales",
        "readiness.slo",
        "readiness.gitcmd",
        "readiness.browser",
        "readiness.commands",
        "readiness.deadline",
        "readiness.icons",
        "readiness.numbers",
    ],
    [
        "readiness.catalogue",
        "readiness.config",
        "readiness.secret_scan",
        "readiness.sentry_scrub",
        "readiness.sentry_metrics",
    ],
    ["readiness.collectors"],
    ["readiness.checks"],
    ["readiness.scoring", "readiness.policy"],
    [
        "readiness.validation",
        "readiness.portfolio_file",
        "readiness.assessment",
        "readiness.plan",
        "readiness.history",
        "readiness.whatif",
        "readiness.markdown",
        "readiness.sarif",
    ],
    [
        "readiness.views",
        "readiness.scorecard",
        "readiness.explore",
        "readiness.report",
        "readiness.training",
        "readiness.training.widgets",
        "readiness.handouts",
        "readiness.portfolio",
        "readiness.portfolio_report",
        "readiness.distributed",
    ],
    ["readiness.schedule", "readiness.sentry_api"],
    ["readiness.cli", "readiness.__main__"],
]


def layer_of(module: str) -> int:
    for index, names in enumerate(LAYERS):
        if any(module == name or module.startswith(name + ".") for name in names if name != "readiness"):
            return index
    if module == "readiness":
        return 0
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def imports() -> list[tuple[str, str]]:
    edges = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("readiness"):
                edges.append((module, node.module))
            elif isinstance(node, ast.Import):
                edges += [(module, alias.name) for alias in node.names if alias.name.startswith("readiness")]
    return edges


def test_every_module_is_placed_in_a_layer():
    assert {layer_of(module) for module, _ in imports()} <= set(range(len(LAYERS)))


def test_no_module_imports_from_a_layer_above_its_own():
    upward = sorted(
        {
            f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
            for module, target in imports()
            if layer_of(target) > layer_of(module)
        }
    )
    assert upward == []


def test_only_the_command_line_imports_the_command_line():
    importers = {module for module, target in imports() if target == "readiness.cli"}
    assert importers == {"readiness.__main__"}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` (a list of modules, the first repeated at the end), or []."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return []
        for target in sorted(graph.get(module, ())):
            found = visit(target, [*path, module])
            if found:
                return found
        done.add(module)
        return []

    return next((c for c in (visit(m, []) for m in sorted(graph)) if c), [])


def test_no_modules_import_each_other_even_lazily_within_a_layer():
    """A package may import its own modules (registries fill on import); two modules may not depend
    on each other, as portfolio and distributed once did through function-level imports."""
    graph: dict[str, set[str]] = {}
    for module, target in imports():
        if not (target.startswith(module + ".") or module.startswith(target + ".") or module == target):
            graph.setdefault(module, set()).add(target)
    assert _cycle(graph) == []
