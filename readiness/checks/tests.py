"""Criterion 1, automated tests: are there tests, can they be run, of which kinds, and in CI."""

from __future__ import annotations

import re

import pandas as pd
import re2

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.artefacts import (
    DEFAULT_MIN_LINE_COVERAGE,
    case_refs,
    coverage_totals,
    junit_cases,
    report_refs,
    target_fraction,
    undercovered_refs,
)
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    VENDORED,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    grep,
    is_source_file,
    is_test_path,
    matching_paths,
    package_script_lines,
    repo_files,
    repo_table,
    script_bodies,
    script_names,
    spelled_out,
    step_refs,
    texts,
    workflow_events,
)
from readiness.model import EvidenceRef, Level
from readiness.numbers import figure

FRAMEWORKS = {
    "vitest": "Vitest",
    "jest": "Jest",
    "mocha": "Mocha",
    "@playwright/test": "Playwright",
    "cypress": "Cypress",
    "pytest": "pytest",
    "@testing-library/react": "Testing Library",
    "hypothesis": "Hypothesis",
    "pytest-playwright": "Playwright",
    "selenium": "Selenium",
}
E2E_TOOLS = {
    "@playwright/test",
    "playwright",
    "cypress",
    "pytest-playwright",
    "selenium",
    "newman",
    "@wdio/cli",
    "testcafe",
    "nightwatch",
    "puppeteer",
}
E2E_PATH = content_regex(
    r"(^|/)(e2e|cypress|playwright)([-_][\w-]+)?(/|\.)|\.e2e\.|\.e2e-spec\.", re.IGNORECASE
)
E2E_CONFIG = r"(^|/)(playwright|cypress)\.config\.[cm]?[jt]s$|(^|/)cypress\.json$"
SCRIPT_TEST = content_regex(r"\.[cm]?[jt]sx?$")
E2E_MARKER = r"@pytest\.mark\.e2e\b|^\s*pytestmark\s*=.*\bmark\.e2e\b"
INTEGRATION_PATH = content_regex(r"integration", re.IGNORECASE)
# What an integration test does: drive the app through its HTTP layer or a real database.
INTEGRATION_CODE = (
    r"\b(TestClient|AsyncClient\(|supertest|request\(app|"
    r"APIClient|self\.client\.(get|post|put|patch|delete)|client\.(get|post|put|patch|"
    r"delete)\(|testcontainers|TransactionTestCase|LiveServerTestCase|"
    r"@SpringBootTest|mongodb-memory-server|pg-mem|httptest|webtest|TestApp|test_client|"
    r"testapp\.(get|post|put|patch|delete)(_json)?)\b"
)
TEST_RUNNERS = content_regex(
    r"\b(npm|pnpm|yarn|bun)\s+(run\s+)?(-r\s+|--filter\s+\S+\s+)?test\b|"
    r"\b(vitest|jest|pytest|playwright\s+test|cypress\s+run|cypress-io/github-action|tox|nox|"
    r"python\s+-m\s+(pytest|unittest)|manage\.py\s+test|flask\s+test|coverage\s+run|"
    r"(make|just|turbo|nx)\s+(run\s+)?(run-many\s+(-t|--target)[= ])?test\w*|"
    r"go\s+test|cargo\s+test|mvn\s+\S*\s*test|gradlew?\s+test|"
    r"\S*tests?[-_]?(start|run|all)?\.sh)\b"
)
# Which layer a CI command runs. JavaScript runners are split by tool; Python's collect the whole tree
# (pytest, manage.py test), end-to-end files included, so they run every layer.
E2E_RUNNER = content_regex(r"playwright|cypress|e2e|wdio|testcafe|nightwatch|newman|puppeteer", re.IGNORECASE)
# A runner, or a script that says it runs the unit layer (test:unit, run-unit-tests.sh).
UNIT_RUNNER = content_regex(
    r"\b(vitest|jest|mocha|ava|jasmine|karma|node\s+--test)\b|[-_:]unit\b|\bunit[-_]tests?\b"
)
WHOLE_TREE_RUNNER = content_regex(
    r"\b(pytest|unittest|manage\.py\s+test|flask\s+test|tox|nox|coverage\s+run|go\s+test|cargo\s+test)\b"
)
TEST_SCRIPT_NAMES = content_regex(r"^test(:[\w-]+)?$|^(unit|e2e|integration)[-:]?test|^tests?$")
TEST_KINDS_FR = {"unit": "unitaires", "integration": "d'intégration", "e2e": "de bout en bout"}


# A test written, not a test module's stub: Django's generated tests.py imports TestCase and says
# "Create your tests here."; a class deriving from a TestCase holds tests.
TEST_CODE = re2.compile(
    r"(^|\n)\s*(describe|it|test|context)(\.\w+)?\(|\bdef test_?\w*\(|class Test\w*|"
    r"\(\s*([\w.]+\.)?\w*TestCase\s*[,)]|@pytest|unittest\.main\("
)


# Create React App's own App.test.js, left as generated: a dozen lines checking that <App /> mounts,
# nothing of the product's ("renders without crashing", later "renders learn react link").
GENERATED_TEST = re2.compile(r"(it|test)\(\s*['\"](renders without crashing|renders learn react link)['\"]")
GENERATED_TEST_LINES = 15


def _generated_test(text: str) -> bool:
    return bool(GENERATED_TEST.search(text)) and text.count("\n") < GENERATED_TEST_LINES


def _test_files(ctx: CheckContext) -> pd.DataFrame:
    """Test files: in a test place or named as tests, and holding a test (setup files are not)."""
    files = repo_files(ctx)
    if files.empty:
        return files
    contents = {path: text for _source, path, text in texts(ctx)}
    return files[
        files["path"].map(
            lambda p: (
                is_source_file(p)
                and is_test_path(p)
                and not VENDORED.search(p)  # a committed virtualenv's django/test/… is Django's
                and bool(TEST_CODE.search(contents.get(p, "describe(")))
            )
        )
    ]


# A script named as a test and kept with the tests (server/tests/test-guest-eater.ts): the team's
# checks. Scattered ones (a debug route pages/api/admin/ghl-test.js, scripts/test-db.js pinging the
# database, a management command test_db.py) test nothing a reviewer would count.
CHECK_SCRIPT = content_regex(r"(^|/)(tests?|__tests__)/(.+/)?(test[_-][^/]+|[^/]+[_-]test)\.(py|[cm]?[jt]s)$")


def _check_scripts(ctx: CheckContext) -> pd.DataFrame:
    """Source files named as tests in a test folder that hold no test: checks run by hand."""
    files = repo_files(ctx)
    if files.empty:
        return files
    return files[files["path"].map(lambda p: bool(CHECK_SCRIPT.search(p)) and not VENDORED.search(p))]


def _frameworks(ctx: CheckContext) -> list[str]:
    declared = dependencies(ctx) | set(repo_table(ctx, "imports").get("module", []))
    return sorted({label for name, label in FRAMEWORKS.items() if name in declared})


@check(
    id="tests.test_files",
    reads=(
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
    ),
    criterion="tests",
    looks_for=en_fr(
        "Automated test files in the repository, and the frameworks they use.",
        "Des fichiers de tests automatisés dans le dépôt, et leurs frameworks.",
    ),
    level="partial",
    severity="high",
    remediation=en_fr(
        "Add a test runner (Vitest, Jest, pytest) and a first test of the riskiest logic.",
        "Ajouter un runner (Vitest, Jest, pytest) et un premier test de la logique la plus risquée.",
    ),
    seed_section="10.1",
)
def test_files_exist(ctx: CheckContext):
    found = _test_files(ctx)
    frameworks = _frameworks(ctx)
    if found.empty:
        scripts = _check_scripts(ctx)
        if not scripts.empty:
            # Scripts named as tests that assert nothing a runner could collect: someone runs them and
            # reads what they print (LEVELS.md: manual or ad-hoc checks only, the prototype).
            return failed(
                en_fr(
                    f"Only hand-run check scripts ({len(scripts)}): no automated test.",
                    f"Seulement des scripts de vérification lancés à la main ({len(scripts)}) : "
                    "aucun test automatisé.",
                ),
                file_refs(scripts),
                shows=Level.PROTOTYPE,
                frameworks=frameworks,
            )
        return failed(
            en_fr(
                "No automated test file found: testing is manual.",
                "Aucun fichier de test automatisé : les tests sont manuels.",
            ),
            shows=Level.ABSENT,
            frameworks=frameworks,
        )
    contents = {path: text for _source, path, text in texts(ctx)}
    if all(_placeholder(path, contents.get(path, "import")) for path in found["path"]):
        return failed(
            en_fr(
                f"Only placeholder tests ({len(found)} file(s)) that import nothing of the product.",
                f"Seulement des tests de façade ({len(found)} fichier(s)) qui n'importent rien du produit.",
            ),
            file_refs(found),
            shows=Level.PROTOTYPE,
            frameworks=frameworks,
        )
    using = f" ({', '.join(frameworks)})" if frameworks else ""
    return passed(
        en_fr(f"{len(found)} test file(s) found{using}.", f"Fichiers de test trouvés : {len(found)}{using}."),
        file_refs(found),
        count=len(found),
        frameworks=frameworks,
    )


IMPORTED_MODULE = re2.compile(
    r"(?m)^\s*import\s+(?:[^'\"\n]*?\s+from\s+)?['\"]([^'\"]+)['\"]|^\s*from\s+([\w.]+)\s+import\b|"
    r"^\s*import\s+([\w.]+)|\brequire\(\s*['\"]([^'\"]+)['\"]|\bimport\(\s*['\"]([^'\"]+)['\"]"
)
# What a test imports to be a test at all: its runner and assertion library, nothing of the product.
TEST_RUNNER_MODULES = {
    "vitest",
    "@jest/globals",
    "jest",
    "mocha",
    "chai",
    "node:test",
    "node:assert",
    "assert",
    "bun:test",
    "pytest",
    "unittest",
    "@testing-library/jest-dom",
}
FIXTURE_TEST = re2.compile(r"\bdef test\w*\(\s*\w")


def _placeholder(path: str, text: str) -> bool:
    """A unit test file that imports nothing but its runner and uses no fixture (Lovable's
    `import { describe, it, expect } from "vitest"` then `expect(true).toBe(true)`) tests none of the
    product. End-to-end specs drive the app through globals (Cypress's `cy`) and are spared."""
    if E2E_PATH.search(path):
        return False
    if _generated_test(text):
        return True  # Create React App's App.test.js, as generated
    modules = {next(group for group in match.groups() if group) for match in IMPORTED_MODULE.finditer(text)}
    return not (modules - TEST_RUNNER_MODULES) and not FIXTURE_TEST.search(text)


@check(
    id="tests.test_command",
    reads=("repositories.files", "repositories.packages", "repositories.pyprojects"),
    criterion="tests",
    caps=False,
    looks_for=en_fr(
        "A single command that runs the tests (a `test` script, pytest configuration).",
        "Une commande unique qui lance les tests (script `test`, configuration pytest).",
    ),
    level="partial",
    remediation=en_fr(
        "Declare a `test` script in package.json, or configure pytest in "
        "pyproject.toml, so anyone and any pipeline runs the same tests.",
        "Déclarer un script `test` dans package.json, ou configurer pytest dans "
        "pyproject.toml, pour que tout le monde lance les mêmes tests.",
    ),
    seed_section="10.1",
)
def test_command_declared(ctx: CheckContext):
    scripts = package_script_lines(ctx)
    for name, (source, path, command, line) in sorted(scripts.items()):
        if TEST_SCRIPT_NAMES.search(name) and "no test specified" not in command:
            ref = EvidenceRef(source=source, path=path, line=line, excerpt=f'"{name}": "{command}"')
            return passed(en_fr(f"`{name}` script: {command}", f"Script `{name}` : {command}"), [ref])
    for row in repo_table(ctx, "pyprojects").itertuples(index=False):
        if "pytest" in row.tools:
            return passed(
                en_fr("pytest is configured in pyproject.toml.", "pytest est configuré dans pyproject.toml."),
                [EvidenceRef(source=row.source, path=row.path)],
            )
    runners = matching_paths(
        ctx,
        r"(^|/)(pytest\.ini|tox\.ini|noxfile\.py|manage\.py|setup\.cfg|"
        r"jest\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s|"
        r"vitest\.workspace\.[jt]s)$",
    )
    made = grep(ctx, r"^test\w*\s*:", r"(^|/)(Makefile|justfile)$", limit=1)
    if not runners.empty or made:
        return passed(
            en_fr("A test runner is configured.", "Un lanceur de tests est configuré."),
            file_refs(runners) + made,
        )
    return failed(
        en_fr(
            "No declared test command (no `test` script, no pytest configuration).",
            "Aucune commande de test déclarée (ni script `test`, ni configuration pytest).",
        )
    )


@check(
    id="tests.kinds",
    reads=(
        "repositories.files",
        "repositories.imports",
        *DEPENDENCY_TABLES,
        "repositories.sql_statements",
        "repositories.supabase_settings",
    ),
    criterion="tests",
    looks_for=en_fr(
        "Unit, integration and end-to-end tests, all three.",
        "Des tests unitaires, d'intégration et de bout en bout, les trois.",
    ),
    level="production",
    remediation=en_fr(
        "Cover the critical journeys end to end (Playwright, Cypress) and the "
        "boundaries with the database and APIs with integration tests.",
        "Couvrir les parcours critiques de bout en bout (Playwright, Cypress) et les "
        "frontières avec la base et les API par des tests d'intégration.",
    ),
    seed_section="10.1",
)
def test_kinds_present(ctx: CheckContext):
    found = _test_files(ctx)
    paths = list(found["path"]) if not found.empty else []
    test_paths = set(paths)
    integration_code = {
        ref.path for ref in grep(ctx, INTEGRATION_CODE, r".", limit=1000) if ref.path in test_paths
    }
    kinds = {
        "unit": any(
            not (INTEGRATION_PATH.search(p) or E2E_PATH.search(p) or p in integration_code) for p in paths
        ),
        "integration": any(INTEGRATION_PATH.search(p) for p in paths) or bool(integration_code),
        "e2e": any(E2E_PATH.search(p) for p in paths)
        or bool(_e2e_test_tools(ctx, test_paths))
        or bool(grep(ctx, r"\bnewman run\b|postman_collection", r"\.(ya?ml|json|sh)$", limit=1))
        # a suite that marks its end-to-end tests (`@pytest.mark.e2e`) wherever they live
        or any(ref.path in test_paths for ref in grep(ctx, E2E_MARKER, r"\.py$", limit=1000)),
    }
    # An end-to-end suite drives every layer together: it stands for the integration layer too.
    missing = [
        kind
        for kind, present in kinds.items()
        if not present and not (kind == "integration" and kinds["e2e"])
    ]
    if missing:
        return failed(
            en_fr(
                f"Missing test kinds: {', '.join(missing)}.",
                f"Tests manquants : {', '.join(TEST_KINDS_FR[kind] for kind in missing)}.",
            ),
            file_refs(found),
            shows=Level.PARTIAL if paths else None,
            kinds=kinds,
        )
    return passed(
        en_fr(
            "Unit, integration and end-to-end tests are all present.",
            "Tests unitaires, d'intégration et de bout en bout : les trois sont présents.",
        ),
        file_refs(found),
        kinds=kinds,
    )


def _e2e_test_tools(ctx: CheckContext, test_paths: set[str]) -> set[str]:
    """Browser-automation tools a test imports, or declared or configured (playwright.config.ts)
    beside browser specs to run. One the product drives from its own code and never from a test
    (Selenium or Playwright fetching pages, Puppeteer printing PDFs) is a feature of the product, not
    an end-to-end suite; a configuration beside Python tests only (a testDir holding nothing) drives
    no browser."""
    imports = repo_table(ctx, "imports")
    tested: set[str] = set()
    product: set[str] = set()
    for path, module in zip(imports.get("path", []), imports.get("module", []), strict=True):
        tool = _e2e_tool(module)
        if tool and path in test_paths:
            tested.add(tool)
        elif tool and not is_test_path(path):
            product.add(tool)
    if not any(SCRIPT_TEST.search(p) for p in test_paths):
        return tested
    configured = (
        {"a Playwright or Cypress configuration"} if not matching_paths(ctx, E2E_CONFIG).empty else set()
    )
    return tested | ((E2E_TOOLS & dependencies(ctx)) - product) | configured


def _e2e_tool(module: object) -> str | None:
    name = str(module)
    root = name.split(".")[0]
    return name if name in E2E_TOOLS else root if root in E2E_TOOLS else None


@check(
    id="tests.run_in_ci",
    reads=(
        "repositories.ci_steps",
        "repositories.ci_triggers",
        "repositories.packages",
        "repositories.files",
    ),
    criterion="tests",
    looks_for=en_fr(
        "A pipeline step that runs the tests on every change.",
        "Une étape de pipeline qui lance les tests à chaque changement.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Add `npm test` (or `pytest`) to the CI workflow and make it a required check before merge.",
        "Ajouter `npm test` (ou `pytest`) au workflow de CI "
        "et en faire une vérification obligatoire avant fusion.",
    ),
    seed_section="10.6",
)
def tests_run_in_ci(ctx: CheckContext):
    steps = repo_table(ctx, "ci_steps")
    if steps.empty:
        return failed(
            en_fr(
                "No CI pipeline step: tests only run when someone remembers to.",
                "Aucune étape de pipeline de CI : les tests ne tournent que si quelqu'un y pense.",
            )
        )
    running = test_steps(ctx, steps)
    if running.empty:
        pipelines = ", ".join(sorted(set(steps["path"])))
        return failed(
            en_fr(
                f"The pipelines ({pipelines}) never run the tests.",
                f"Les pipelines ({pipelines}) ne lancent jamais les tests.",
            )
        )
    left_out = layers_not_run(ctx, on_each_change(ctx, running))
    if left_out:
        kinds = {"unit": ("unit", "unitaires"), "e2e": ("end-to-end", "de bout en bout")}
        return failed(
            en_fr(
                "Tests run in CI, but not the " + " nor the ".join(kinds[k][0] for k in left_out) + " tests.",
                "Les tests tournent en CI, mais pas les tests "
                + " ni les tests ".join(kinds[k][1] for k in left_out)
                + ".",
            ),
            step_refs(running),
            shows=Level.PARTIAL,
            layers_not_run=left_out,
        )
    return passed(en_fr("Tests run in CI.", "Les tests tournent en CI."), step_refs(running))


# Triggers that start a pipeline for a release, on a timer or by hand: never for a change under review.
NOT_A_CHANGE = {"push_tag", "release", "workflow_dispatch", "schedule", "repository_dispatch", "deployment"}


def test_steps(ctx: CheckContext, steps: pd.DataFrame) -> pd.DataFrame:
    """The CI steps that run a test runner, themselves or through the package scripts they call
    (`yarn verify` → `turbo run lint typescript test` → `vitest run`)."""
    bodies = script_bodies(ctx)
    return steps[
        steps["command"].map(lambda command: bool(TEST_RUNNERS.search(spelled_out(command, bodies))))
    ]


def on_each_change(ctx: CheckContext, steps: pd.DataFrame) -> pd.DataFrame:
    """Steps of pipelines that may run on a change: a suite started only by release tags, a timer or a
    hand tests no change before it lands. A reusable workflow (``workflow_call``) runs for its caller."""
    events = workflow_events(ctx)
    if not events:
        return steps
    return steps[steps["path"].map(lambda path: not (events.get(path) and events[path] <= NOT_A_CHANGE))]


def layers_not_run(ctx: CheckContext, steps: pd.DataFrame) -> list[str]:
    """The layers (``unit``, ``e2e``) with test files that no CI step runs: LEVELS.md's partial
    "layers not run in CI". A command whose runner cannot be told is taken to run everything; a line
    read from a script that names its layer (`run-unit-tests.sh` running `manage.py test`) runs that
    layer."""
    scripts = script_bodies(ctx)
    files = _test_files(ctx)
    paths = list(files["path"]) if not files.empty else []
    # pytest or manage.py test runs every Python test, end-to-end ones included, never a Playwright
    # spec written in TypeScript.
    python_e2e = any(E2E_PATH.search(p) and p.endswith(".py") for p in paths)
    whole_tree = {"unit", "e2e"} if python_e2e else {"unit"}
    run = set().union(
        *(
            set()
            if NAMED_TEST_FILE.search(command)
            else _named_layers(via) or _layers_run(command, scripts, whole_tree) or {"unit", "e2e"}
            for command, via in zip(steps["command"], steps["via"], strict=True)
        )
    )
    present = {
        "unit": any(not E2E_PATH.search(p) for p in paths),
        "e2e": any(E2E_PATH.search(p) for p in paths),
    }
    return [layer for layer in ("unit", "e2e") if present[layer] and layer not in run]


# A runner given one test file (`vitest run src/admin/__tests__/categoryMapping.test.ts`, `playwright
# test accredited-providers-bar.spec.ts`) checks that file, not its layer.
NAMED_TEST_FILE = content_regex(
    r"\s\S+\.(test|spec|e2e|cy)\.[cm]?[jt]sx?\b|\stests?/\S+\.py::|\stest_\w+\.py\b"
)


def _named_layers(via: str) -> set[str]:
    """The layer a script's name promises (``run-unit-tests.sh``, ``e2e.sh``), empty if none."""
    return ({"unit"} if UNIT_RUNNER.search(via) else set()) | ({"e2e"} if E2E_RUNNER.search(via) else set())


def _layers_run(
    command: str, scripts: dict[str, list[str]], whole_tree: set[str], depth: int = 3
) -> set[str]:
    """The layers one command is seen to run, following package scripts (``pnpm test`` →
    ``vitest run``); empty when no runner is named. A Python runner runs ``whole_tree``."""
    if WHOLE_TREE_RUNNER.search(command):
        return set(whole_tree)
    layers = {"e2e"} if E2E_RUNNER.search(command) else set()
    if UNIT_RUNNER.search(command):
        layers.add("unit")
    if depth:
        for name in script_names(command):
            for body in scripts.get(name, []):
                layers |= _layers_run(body, scripts, whole_tree, depth - 1)
    return layers


@check(
    id="tests.coverage",
    reads=("coverage.files",),
    criterion="tests",
    looks_for=en_fr(
        "A coverage report (Cobertura or lcov) reaching the line-coverage target "
        "(80% unless targets.min_line_coverage says otherwise).",
        "Un rapport de couverture (Cobertura ou lcov) qui atteint l'objectif de "
        "couverture de lignes (80 % sauf si targets.min_line_coverage dit autre chose).",
    ),
    level="production",
    remediation=en_fr(
        "Test the uncovered files listed here first, starting with the riskiest "
        "logic, and publish the coverage report from CI on every change.",
        "Tester d'abord les fichiers non couverts listés ici, en commençant par la "
        "logique la plus risquée, et publier le rapport de couverture depuis la CI à "
        "chaque changement.",
    ),
    seed_section="10.1",
    sources=("coverage",),
)
def coverage_reaches_target(ctx: CheckContext):
    minimum = target_fraction(ctx, "min_line_coverage", DEFAULT_MIN_LINE_COVERAGE)
    reports = coverage_totals(ctx)
    short = [(name, totals) for name, totals in reports if totals["line_rate"] < minimum]
    rates, target = (
        {
            lang: ", ".join(f"{name} {figure(totals['line_rate'], '.1%', lang)}" for name, totals in reports)
            for lang in ("en", "fr")
        },
        {lang: figure(minimum, ".0%", lang) for lang in ("en", "fr")},
    )
    if short:
        return failed(
            en_fr(
                f"Line coverage below {target['en']}: {rates['en']}.",
                f"Couverture de lignes sous les {target['fr']} : {rates['fr']}.",
            ),
            undercovered_refs(ctx, minimum),
            line_rates=dict(reports),
        )
    return passed(
        en_fr(
            f"Line coverage reaches {target['en']}: {rates['en']}.",
            f"La couverture de lignes atteint {target['fr']} : {rates['fr']}.",
        ),
        report_refs(ctx, "coverage"),
        line_rates=dict(reports),
    )


@check(
    id="tests.results_pass",
    reads=("junit.cases",),
    criterion="tests",
    looks_for=en_fr(
        "JUnit test results in which no test fails or errors and some test ran.",
        "Des résultats de tests JUnit où aucun test n'échoue ni ne plante, et où des tests ont tourné.",
    ),
    level="partial",
    severity="high",
    remediation=en_fr(
        "Fix or delete the failing tests listed here; a red suite that everyone "
        "ignores protects nothing. Make the pipeline stop on a failing test.",
        "Réparer ou supprimer les tests en échec listés ici : une suite rouge que "
        "tout le monde ignore ne protège rien. Faire s'arrêter le pipeline sur un "
        "test en échec.",
    ),
    seed_section="10.1",
    sources=("junit",),
)
def test_results_pass(ctx: CheckContext):
    cases = junit_cases(ctx)
    broken = cases[cases["outcome"].isin(["failed", "error"])]
    ran = cases[cases["outcome"] != "skipped"]
    counts = cases["outcome"].value_counts().to_dict()
    if not broken.empty:
        return failed(
            en_fr(
                f"{len(broken)} of {len(cases)} test(s) fail or error.",
                f"{len(broken)} test(s) sur {len(cases)} en échec ou en erreur.",
            ),
            case_refs(ctx, broken, "case_fails"),
            counts=counts,
        )
    if ran.empty:
        return failed(
            en_fr(
                f"All {len(cases)} test(s) were skipped: nothing was verified.",
                f"Les {len(cases)} test(s) ont été ignorés : rien n'a été vérifié.",
            ),
            report_refs(ctx, "junit"),
            counts=counts,
        )
    skipped = counts.get("skipped", 0)
    return passed(
        en_fr(
            f"{len(ran)} test(s) ran and passed ({skipped} skipped).",
            f"{len(ran)} test(s) lancés et réussis ({skipped} ignorés).",
        ),
        report_refs(ctx, "junit"),
        counts=counts,
    )


@check(
    id="tests.not_flaky",
    reads=("junit.cases",),
    criterion="tests",
    looks_for=en_fr(
        "Tests that pass the first time: no test passing only after a rerun.",
        "Des tests qui passent du premier coup : aucun test qui ne passe qu'après une relance.",
    ),
    level="production",
    severity="low",
    remediation=en_fr(
        "Quarantine each flaky test listed here and fix its cause (shared state, "
        "timing, network); automatic reruns hide real failures.",
        "Mettre en quarantaine chaque test instable listé ici et corriger sa cause "
        "(état partagé, délais, réseau) : les relances automatiques cachent de "
        "vraies pannes.",
    ),
    seed_section="10.1",
    sources=("junit",),
)
def tests_not_flaky(ctx: CheckContext):
    cases = junit_cases(ctx)
    flaky = cases[(cases["outcome"] == "passed") & (cases["flaky_failures"] > 0)]
    if not flaky.empty:
        return failed(
            en_fr(
                f"{len(flaky)} test(s) passed only after a rerun.",
                f"{len(flaky)} test(s) ne sont passés qu'après une relance.",
            ),
            case_refs(ctx, flaky, "case_flaky"),
            flaky=len(flaky),
        )
    return passed(
        en_fr(
            f"No rerun among {len(cases)} test case(s).", f"Aucune relance parmi {len(cases)} cas de test."
        ),
        report_refs(ctx, "junit"),
    )
