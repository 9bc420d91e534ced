"""Criterion 1 checks: each on a repository that fails it and one that passes it."""

from __future__ import annotations

import json

import pytest

from tests.repo_check_support import Case, assert_case, run_one

PACKAGE = json.dumps(
    {
        "name": "app",
        "scripts": {"build": "vite build", "test": "vitest run"},
        "devDependencies": {"vitest": "^2.0.0"},
    },
    indent=2,
)
WORKFLOW = (
    "on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - run: npm ci\n      - run: npm test\n"
)

CASES = [
    Case(
        "tests.test_files",
        {"src/app.ts": "export const a = 1;\n"},
        {"src/app.ts": "export const a = 1;\n", "src/app.test.ts": "test('a', () => {});\n"},
        pass_cites={("src/app.test.ts", None)},
    ),
    Case(
        "tests.test_command",
        {"package.json": json.dumps({"scripts": {"build": "vite build"}})},
        {"package.json": PACKAGE},
        pass_cites={("package.json", 5)},
    ),
    Case(
        "tests.kinds",
        {"src/a.test.ts": "test('a', () => {});\n"},
        {
            "src/a.test.ts": "test('a', () => {});\n",
            "tests/integration/db.test.ts": "test('db', () => {});\n",
            "e2e/login.spec.ts": "test('login', async () => {});\n",
        },
        fail_cites={("src/a.test.ts", None)},
    ),
    Case(
        "tests.run_in_ci",
        {".github/workflows/ci.yml": WORKFLOW.replace("npm test", "npm run lint")},
        {".github/workflows/ci.yml": WORKFLOW},
        pass_cites={(".github/workflows/ci.yml", 7)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


def test_frameworks_are_named_from_dependencies_and_imports(make_repo):
    from tests.repo_check_support import run_one

    root = make_repo(
        {
            "package.json": PACKAGE,
            "src/a.test.ts": "import { test } from 'vitest';\n",
            "tests/test_api.py": "import pytest\n",
        }
    )
    finding = run_one(root, "tests.test_files")
    assert finding.data["frameworks"] == ["Vitest", "pytest"]


def test_playwright_config_counts_as_end_to_end(make_repo):
    from tests.repo_check_support import run_one

    root = make_repo(
        {
            "src/a.test.ts": "x\n",
            "tests/integration/api.test.ts": "x\n",
            "playwright.config.ts": "export default {};\n",
        }
    )
    assert run_one(root, "tests.kinds").data["kinds"]["e2e"] is True


def test_setup_files_are_not_tests_and_an_e2e_suite_covers_integration(make_repo):
    setup_only = make_repo({"src/test/setup.ts": "import '@testing-library/jest-dom';\n"})
    assert run_one(setup_only, "tests.test_files").status.value == "fail"
    unit_and_e2e = make_repo(
        {"src/a.test.ts": "test('a', () => {});\n", "e2e/login.spec.ts": "test('login', async () => {});\n"}
    )
    assert run_one(unit_and_e2e, "tests.kinds").status.value == "pass"
