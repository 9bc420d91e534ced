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
        {
            "src/app.ts": "export const a = 1;\n",
            "src/app.test.ts": "import { a } from './app';\n\ntest('a', () => expect(a).toBe(1));\n",
        },
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
            "src/a.test.ts": "import { a } from './a'\ntest('a', () => expect(a).toBe(1))\n",
            "tests/integration/api.test.ts": "import { api } from '../api'\ntest('api', () => expect(api))\n",
            "playwright.config.ts": "export default {};\n",
        }
    )
    assert run_one(root, "tests.kinds").data["kinds"]["e2e"] is True
    # beside Python tests only, a Playwright configuration (its testDir empty) drives no browser
    python_only = make_repo(
        {
            "backend/tests/test_api.py": "from app import api\n\ndef test_api():\n    assert api\n",
            "playwright.config.ts": "import { defineConfig } from '@playwright/test'\n",
        }
    )
    assert run_one(python_only, "tests.kinds").data["kinds"]["e2e"] is False


def test_setup_files_are_not_tests_and_an_e2e_suite_covers_integration(make_repo):
    setup_only = make_repo({"src/test/setup.ts": "import '@testing-library/jest-dom';\n"})
    assert run_one(setup_only, "tests.test_files").status.value == "fail"
    unit_and_e2e = make_repo(
        {"src/a.test.ts": "test('a', () => {});\n", "e2e/login.spec.ts": "test('login', async () => {});\n"}
    )
    assert run_one(unit_and_e2e, "tests.kinds").status.value == "pass"


def test_a_layer_whose_runner_no_pipeline_starts_is_not_run_in_ci(make_repo):
    """LEVELS.md: layers not run in CI are partial. Unit tests in CI and a Cypress suite run by hand
    (umami), or only the Playwright suite in CI (linkwarden), leave one layer out; `pytest` collects
    the whole tree."""
    files = {
        "package.json": PACKAGE.replace('"vitest run"', '"vitest run", "e2e": "cypress run"'),
        "src/a.test.ts": "test('a', () => {});\n",
        "cypress/e2e/login.cy.ts": "describe('login', () => {});\n",
        ".github/workflows/ci.yml": WORKFLOW,
    }
    unit_only = run_one(make_repo(files), "tests.run_in_ci")
    assert unit_only.data["layers_not_run"] == ["e2e"] and unit_only.shows.value == "partial"
    e2e_only = run_one(
        make_repo({**files, ".github/workflows/ci.yml": WORKFLOW.replace("npm test", "npx cypress run")}),
        "tests.run_in_ci",
    )
    assert e2e_only.data["layers_not_run"] == ["unit"]
    both = WORKFLOW + "      - run: npx cypress run\n"
    assert (
        run_one(make_repo({**files, ".github/workflows/ci.yml": both}), "tests.run_in_ci").status.value
        == "pass"
    )
    python = {
        "tests/test_a.py": "def test_a():\n    pass\n",
        "tests/e2e/test_login.py": "def test_login(page):\n    pass\n",
        ".github/workflows/ci.yml": WORKFLOW.replace("npm test", "pytest"),
    }
    assert run_one(make_repo(python), "tests.run_in_ci").status.value == "pass"


def test_a_suite_run_only_on_release_tags_does_not_test_each_change(make_repo):
    """spliit runs its Playwright suite on tags and by hand: it runs in CI, not on each change."""
    release = (
        "on:\n  workflow_dispatch:\n  push:\n    tags: ['*']\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: npx playwright test\n"
    )
    files = {
        "package.json": PACKAGE,
        "src/a.test.ts": "test('a', () => {});\n",
        "e2e/login.spec.ts": "test('login', async () => {});\n",
        ".github/workflows/ci.yml": WORKFLOW,
        ".github/workflows/e2e.yml": release,
    }
    on_tags = run_one(make_repo(files), "tests.run_in_ci")
    assert on_tags.data["layers_not_run"] == ["e2e"]
    # kitsune keeps its suite in playwright_tests/ and starts it by hand
    by_hand = {k: v for k, v in files.items() if k != "e2e/login.spec.ts"}
    by_hand[".github/workflows/e2e.yml"] = release.replace("  push:\n    tags: ['*']\n", "")
    by_hand["playwright_tests/tests/test_login.py"] = "def test_login(page):\n    page.goto('/')\n"
    assert run_one(make_repo(by_hand), "tests.run_in_ci").data["layers_not_run"] == ["e2e"]
    by_hand[".github/workflows/ci.yml"] = WORKFLOW.replace("npm test", "./bin/run-unit-tests.sh")
    assert run_one(make_repo(by_hand), "tests.run_in_ci").data["layers_not_run"] == ["e2e"]
    reusable = release.replace("workflow_dispatch:\n  push:\n    tags: ['*']", "workflow_call:")
    assert run_one(
        make_repo({**files, ".github/workflows/e2e.yml": reusable}), "tests.run_in_ci"
    ).status.value == ("pass")
    on_main = release.replace("tags: ['*']", "branches: [main]\n    tags: ['*']")
    assert run_one(
        make_repo({**files, ".github/workflows/e2e.yml": on_main}), "tests.run_in_ci"
    ).status.value == ("pass")


def test_a_browser_tool_the_product_drives_is_no_end_to_end_suite(make_repo):
    """changedetection.io fetches pages with Selenium: a dependency of the product, not a test layer."""
    files = {
        "requirements.txt": "flask\nselenium\n",
        "app/fetchers/browser.py": "from selenium import webdriver\n\ndef fetch(url):\n    return url\n",
        "tests/test_fetch.py": "def test_fetch(client):\n    client.get('/')\n",
    }
    product = run_one(make_repo(files), "tests.kinds")
    assert product.status.value == "fail" and product.data["kinds"]["e2e"] is False
    ui = "from selenium import webdriver\n\ndef test_login():\n    webdriver.Chrome()\n"
    tested = run_one(make_repo({**files, "tests/ui/test_login.py": ui}), "tests.kinds")
    assert tested.data["kinds"]["e2e"] is True


def test_a_placeholder_test_that_imports_nothing_tests_nothing(make_repo):
    """bulletproof-nodejs's only test checks that 1 + 2 is 3: a prototype, not a test layer."""
    sample = (
        "describe('Sample Test', () => {\n  it('can add 2 numbers', () => {\n"
        "    expect(1 + 2).toBe(3);\n  });\n});\n"
    )
    found = run_one(make_repo({"tests/sample.test.ts": sample}), "tests.test_files")
    assert found.status.value == "fail" and found.shows.value == "prototype"
    real = "import { add } from '../src/math';\n\ntest('adds', () => expect(add(1, 2)).toBe(3));\n"
    assert run_one(make_repo({"tests/math.test.ts": real}), "tests.test_files").status.value == "pass"
    fixture = "def test_home(client):\n    assert client.get('/').status_code == 200\n"
    assert run_one(make_repo({"tests/test_home.py": fixture}), "tests.test_files").status.value == "pass"
