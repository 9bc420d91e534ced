"""Criterion 1, automated tests: are there tests, can they be run, and of which kinds."""

from __future__ import annotations

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.repo import (
    dependencies,
    en_fr,
    file_refs,
    is_source_file,
    is_test_path,
    package_scripts,
    repo_files,
)
from readiness.model import EvidenceRef

E2E_TOOLS = {"@playwright/test", "playwright", "cypress", "pytest-playwright", "selenium"}


def _test_files(ctx: CheckContext):
    files = repo_files(ctx)
    if files.empty:
        return files
    return files[files["path"].map(lambda p: is_source_file(p) and is_test_path(p))]


@check(
    id="tests.test_files",
    criterion="tests",
    looks_for=en_fr("Automated test files in the repository.",
                    "Des fichiers de tests automatisés dans le dépôt."),
    level="prototype",
    severity="high",
    remediation=en_fr("Add a test runner (Vitest, Jest, pytest) and a first test of the riskiest "
                      "logic.", "Ajouter un runner (Vitest, Jest, pytest) et un premier test de la "
                      "logique la plus risquée."),
    seed_section="10.1",
)
def test_files_exist(ctx: CheckContext):
    found = _test_files(ctx)
    if found.empty:
        return failed("No automated test file found: testing is manual.")
    return passed(f"{len(found)} test file(s) found.", file_refs(found), count=len(found))


@check(
    id="tests.test_command",
    criterion="tests",
    looks_for=en_fr("A single command that runs the tests (a `test` script, pytest configuration).",
                    "Une commande unique qui lance les tests (script `test`, configuration pytest)."),
    level="partial",
    remediation=en_fr("Declare a `test` script in package.json, or configure pytest in "
                      "pyproject.toml, so anyone and any pipeline runs the same tests.",
                      "Déclarer un script `test` dans package.json, ou configurer pytest dans "
                      "pyproject.toml, pour que tout le monde lance les mêmes tests."),
    seed_section="10.1",
)
def test_command_declared(ctx: CheckContext):
    scripts = package_scripts(ctx)
    if "test" in scripts and "no test specified" not in scripts["test"][2]:
        source, path, command = scripts["test"]
        return passed(f"`test` script: {command}",
                      [EvidenceRef(source=source, path=path, excerpt=f'"test": "{command}"')])
    pyprojects = ctx.evidence.table("repositories", "pyprojects")
    for row in pyprojects.itertuples(index=False):
        if "pytest" in row.tools:
            return passed("pytest is configured in pyproject.toml.",
                          [EvidenceRef(source=row.source, path=row.path)])
    return failed("No declared test command (no `test` script, no pytest configuration).")


@check(
    id="tests.kinds",
    criterion="tests",
    looks_for=en_fr("Unit, integration and end-to-end tests, all three.",
                    "Des tests unitaires, d'intégration et de bout en bout, les trois."),
    level="production",
    remediation=en_fr("Cover the critical journeys end to end (Playwright, Cypress) and the "
                      "boundaries with the database and APIs with integration tests.",
                      "Couvrir les parcours critiques de bout en bout (Playwright, Cypress) et les "
                      "frontières avec la base et les API par des tests d'intégration."),
    seed_section="10.1",
)
def test_kinds_present(ctx: CheckContext):
    found = _test_files(ctx)
    paths = list(found["path"]) if not found.empty else []
    kinds = {
        "unit": any(not ("integration" in p or "e2e" in p or "cypress" in p) for p in paths),
        "integration": any("integration" in p for p in paths),
        "e2e": any("e2e" in p or "cypress" in p for p in paths)
        or bool(E2E_TOOLS & dependencies(ctx)),
    }
    missing = [kind for kind, present in kinds.items() if not present]
    if missing:
        return failed(f"Missing test kinds: {', '.join(missing)}.", file_refs(found), kinds=kinds)
    return passed("Unit, integration and end-to-end tests are all present.", file_refs(found),
                  kinds=kinds)
