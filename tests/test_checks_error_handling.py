"""Criterion 2 checks: each on a repository that fails it and one that passes it."""

from __future__ import annotations

import json

import pytest

from tests.repo_check_helpers import Case, assert_case, run_one

REACT = json.dumps({"dependencies": {"react": "^18.3.1", "react-error-boundary": "^4.0.0"}})
SWALLOWED = "export async function load() {\n  try {\n    await fetch('/x');\n  } catch (e) {\n  }\n}\n"
CONSOLE_ONLY = "try {\n  run();\n} catch (e) {\n  console.log(e);\n}\n"
WELL_HANDLED = ("try {\n  run();\n} catch (error) {\n  logger.error('run failed', { error });\n"
                "  toast.error('Try again');\n  Sentry.captureException(error);\n}\n")
APP_BARE = "<Routes>\n  <Route path='/' element={<Home />} />\n</Routes>\n"
APP_WRAPPED = "<ErrorBoundary fallback={<p />}>\n  <Routes>\n    <Route path='/' element={<Home />} />\n" \
              "  </Routes>\n</ErrorBoundary>\n"

CASES = [
    Case("error_handling.no_swallowed_errors", {"src/a.ts": SWALLOWED, "src/b.ts": CONSOLE_ONLY},
         {"src/a.ts": WELL_HANDLED}, fail_cites={("src/a.ts", 4), ("src/b.ts", 3)}),
    Case("error_handling.bare_except",
         {"app/run.py": "def f():\n    try:\n        g()\n    except:\n        log.error('x')\n"},
         {"app/run.py": "def f():\n    try:\n        g()\n    except ValueError:\n        raise\n"},
         fail_cites={("app/run.py", 4)}),
    Case("error_handling.log_inform_report", {"src/a.ts": CONSOLE_ONLY, "src/b.ts": WELL_HANDLED},
         {"src/b.ts": WELL_HANDLED}, fail_cites={("src/a.ts", 3)}),
    Case("error_handling.error_boundary", {"package.json": REACT, "src/App.tsx": APP_BARE},
         {"package.json": REACT, "src/App.tsx": APP_WRAPPED}, pass_cites={("src/App.tsx", 1)}),
    Case("error_handling.routes_wrapped", {"package.json": REACT, "src/App.tsx": APP_BARE},
         {"package.json": REACT, "src/App.tsx": APP_WRAPPED}, fail_cites={("src/App.tsx", 2)}),
    Case("error_handling.promise_rejections",
         {"src/a.ts": "const a = 1;\nfetch('/x').then((r) => r.json());\n"},
         {"src/a.ts": "fetch('/x').then((r) => r.json()).catch(report);\n"},
         fail_cites={("src/a.ts", 2)}),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


def test_share_counts_actions_per_block_and_ignores_tests(make_repo):
    root = make_repo({"src/a.ts": WELL_HANDLED, "src/b.ts": "try { a() } catch (e) { toast(e) }\n",
                      "src/b.test.ts": SWALLOWED})
    finding = run_one(root, "error_handling.log_inform_report")
    assert finding.data["actions_per_block"] == {0: 0, 1: 1, 2: 0, 3: 1}
    assert finding.data["share"] == 0.5
    assert [ref.excerpt for ref in finding.evidence] == ["missing: log, report"]
    assert finding.data["offenders"] == ["src/b.ts:1"]


def test_rethrowing_catch_is_not_swallowed(make_repo):
    root = make_repo({"src/a.ts": "try { a() } catch (e) { console.error(e); throw e; }\n"})
    assert run_one(root, "error_handling.no_swallowed_errors").status.value == "pass"


def test_cited_code_never_shows_a_secret_it_holds(make_repo):
    token = "ghp_9fK2mQ7xR4tL8wZ3kP6nB1yH5jF0sDaB3cE7"
    root = make_repo({"src/a.ts": f'try {{ a() }} catch (e) {{ console.log("{token}", e) }}\n'})
    finding = run_one(root, "error_handling.no_swallowed_errors")
    assert (finding.evidence[0].line, finding.evidence[0].excerpt) == (
        1, "[excerpt withheld: github_token]")
    assert token not in json.dumps(finding.to_dict())
