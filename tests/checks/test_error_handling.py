"""Criterion 2 checks: each on a repository that fails it and one that passes it."""

from __future__ import annotations

import json

import pytest

from readiness.assessment import assess
from readiness.model import Level, Status
from tests.repo_check_support import AS_OF, Case, assert_case, cited, repo_config, run_one

REACT = json.dumps({"dependencies": {"react": "^18.3.1", "react-error-boundary": "^4.0.0"}})
SWALLOWED = "export async function load() {\n  try {\n    await fetch('/x');\n  } catch (e) {\n  }\n}\n"
CONSOLE_ONLY = "try {\n  run();\n} catch (e) {\n  console.log(e);\n}\n"
WELL_HANDLED = (
    "try {\n  run();\n} catch (error) {\n  logger.error('run failed', { error });\n"
    "  toast.error('Try again');\n  Sentry.captureException(error);\n}\n"
)
APP_BARE = "<Routes>\n  <Route path='/' element={<Home />} />\n</Routes>\n"
APP_WRAPPED = (
    "<ErrorBoundary fallback={<p />}>\n  <Routes>\n    <Route path='/' element={<Home />} />\n"
    "  </Routes>\n</ErrorBoundary>\n"
)

CASES = [
    Case(
        "error_handling.no_swallowed_errors",
        {"src/a.ts": SWALLOWED},
        {"src/a.ts": WELL_HANDLED, "src/b.ts": CONSOLE_ONLY},
        fail_cites={("src/a.ts", 4)},
    ),
    Case(
        "error_handling.bare_except",
        {"app/run.py": "def f():\n    try:\n        g()\n    except:\n        log.error('x')\n"},
        {"app/run.py": "def f():\n    try:\n        g()\n    except ValueError:\n        raise\n"},
        fail_cites={("app/run.py", 4)},
    ),
    Case(
        "error_handling.log_inform_report",
        {"src/a.ts": CONSOLE_ONLY, "src/b.ts": WELL_HANDLED},
        {"src/b.ts": WELL_HANDLED},
        fail_cites={("src/a.ts", 3)},
    ),
    Case(
        "error_handling.error_boundary",
        {"package.json": REACT, "src/App.tsx": APP_BARE},
        {"package.json": REACT, "src/App.tsx": APP_WRAPPED},
        pass_cites={("src/App.tsx", 1)},
    ),
    Case(
        "error_handling.routes_wrapped",
        {"package.json": REACT, "src/App.tsx": APP_BARE},
        {"package.json": REACT, "src/App.tsx": APP_WRAPPED},
        fail_cites={("src/App.tsx", 2)},
    ),
    Case(
        "error_handling.promise_rejections",
        {
            "src/a.ts": "const a = 1;\nfetch('/x').then((r) => r.json());\nfetch('/y').then(show);\n"
            "fetch('/z').then((r) => r.json()).catch(report);\n"
        },
        {"src/a.ts": "fetch('/x').then((r) => r.json()).catch(report);\n"},
        fail_cites={("src/a.ts", 2)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


def test_share_counts_actions_per_block_and_ignores_tests(make_repo):
    root = make_repo(
        {
            "src/a.ts": WELL_HANDLED,
            "src/b.ts": "try { a() } catch (e) { toast(e) }\n",
            "src/c.ts": "try { a() } catch (e) { console.log(e) }\n",
            "src/b.test.ts": SWALLOWED,
        }
    )
    finding = run_one(root, "error_handling.log_inform_report")
    assert finding.data["actions_per_block"] == {0: 1, 1: 1, 2: 0, 3: 1}
    assert finding.data["share"] == round(2 / 3, 4)
    assert [ref.excerpt for ref in finding.evidence] == ["console only"]
    assert finding.data["offenders"] == ["src/c.ts:1"]
    assert finding.status.value == "fail" and finding.shows is Level.PARTIAL


def test_rethrowing_catch_is_not_swallowed(make_repo):
    root = make_repo({"src/a.ts": "try { a() } catch (e) { console.error(e); throw e; }\n"})
    assert run_one(root, "error_handling.no_swallowed_errors").status.value == "pass"


def test_cited_code_never_shows_a_secret_it_holds(make_repo):
    token = "ghp_9fK2mQ7xR4tL8wZ3kP6nB1yH5jF0sDaB3cE7"
    root = make_repo({"src/a.ts": f'fetch("/x", {{ headers: {{ token: "{token}" }} }}).then(show);\n'})
    finding = run_one(root, "error_handling.promise_rejections")
    assert finding.evidence[0].line == 1
    assert 'token: "ghp_…[sha256:' in finding.evidence[0].excerpt
    shown = json.dumps(finding.to_dict())
    assert token not in shown and not any(token[i : i + 12] in shown for i in range(4, len(token) - 11))


NEXT = json.dumps({"dependencies": {"next": "15", "react": "19"}})
TANSTACK = (
    "export const Route = createFileRoute('/patients')({\n  component: Patients,\n"
    "  errorComponent: PatientsError,\n});\n"
)


@pytest.mark.parametrize(
    "files, cites",
    [
        (
            {
                "package.json": NEXT,
                "app/dashboard/error.tsx": "'use client';\nexport default function E() {}\n",
            },
            ("app/dashboard/error.tsx", None),
        ),
        (
            {"package.json": NEXT, "app/global-error.tsx": "'use client';\nexport default function G() {}\n"},
            ("app/global-error.tsx", None),
        ),
        ({"package.json": REACT, "src/routes/patients.tsx": TANSTACK}, ("src/routes/patients.tsx", 3)),
    ],
)
def test_framework_error_boundaries_are_error_boundaries(make_repo, files, cites):
    finding = run_one(make_repo(files), "error_handling.error_boundary")
    assert finding.status is Status.PASS and cites in cited(finding)


def test_a_server_error_middleware_is_central_handling(make_repo):
    server = (
        "const app = express();\napp.use((err, req, res, next) => {\n"
        "  res.status(500).json({ error: 'internal' });\n});\n"
    )
    finding = run_one(make_repo({"server/app.js": server}), "error_handling.central_handling")
    assert finding.status is Status.PASS and ("server/app.js", 2) in cited(finding)


NEST_SERVICE = (
    "@Injectable()\nexport class UserService {\n  async findOne(id: string) {\n"
    "    const user = await this.repo.findOne(id);\n"
    "    if (!user) {\n      throw new HttpException({ errors: { user: 'not found' } }, 404);\n    }\n"
    "    return user;\n  }\n}\n"
)


def test_framework_http_errors_without_a_catch_are_prototype_and_nest_global_handling_is_central(make_repo):
    """A Nest service that throws HttpException and catches nothing informs the client through the
    framework's default filter: prototype, not absent. A global filter or a ValidationPipe's
    exceptionFactory handles errors in one place."""
    thrown = make_repo({"src/user/user.service.ts": NEST_SERVICE})
    assert run_one(thrown, "error_handling.no_swallowed_errors").status is Status.PASS
    assert error_handling_of(make_repo, {"src/user/user.service.ts": NEST_SERVICE}).level is Level.PROTOTYPE
    main = (
        "async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n"
        "  app.useGlobalPipes(new ValidationPipe(validationOptions));\n"
        "  app.useGlobalFilters(new AllExceptionsFilter());\n}\n"
    )
    options = (
        "export default {\n  exceptionFactory: (errors) => new UnprocessableEntityException(errors),\n};\n"
    )
    for files in ({"src/main.ts": main}, {"src/utils/validation-options.ts": options}):
        assert run_one(make_repo(files), "error_handling.central_handling").status is Status.PASS
    assert (
        run_one(
            make_repo({"src/user/user.service.ts": NEST_SERVICE}), "error_handling.central_handling"
        ).status
        is Status.FAIL
    )


def catch_blocks(count: int, body: str) -> str:
    block = "export function f{i}() {{\n  try {{\n    run();\n  }} catch (e) {{\n    {body}\n  }}\n}}\n"
    return "".join(block.format(i=i, body=body) for i in range(count))


def error_handling_of(make_repo, files):
    return assess(repo_config(make_repo(files)), as_of=AS_OF).result("error_handling")


def test_console_log_in_catches_is_prototype_not_absent(make_repo):
    result = error_handling_of(make_repo, {"src/a.ts": catch_blocks(5, "console.log(e);")})
    assert result.level is Level.PROTOTYPE, result.reason


def test_six_swallowed_catches_among_forty_three_do_not_sink_a_careful_codebase(make_repo):
    files = {
        "package.json": REACT,
        "src/App.tsx": APP_WRAPPED,
        "src/handled.ts": catch_blocks(37, "toast.error('Try again'); Sentry.captureException(e);"),
        "src/swallowed.ts": catch_blocks(6, ""),
        "src/main.ts": "Sentry.init({ dsn: import.meta.env.VITE_SENTRY_DSN });\n",
    }
    result = error_handling_of(make_repo, files)
    assert result.level is Level.PRODUCTION, result.reason
    files["src/handled.ts"] = catch_blocks(25, "toast.error('Try again');")
    files["src/console.ts"] = catch_blocks(12, "console.error(e);")
    assert error_handling_of(make_repo, files).level is Level.PARTIAL


def test_scripts_generated_files_and_e2e_specs_are_not_production_code(make_repo):
    root = make_repo(
        {
            "src/a.ts": WELL_HANDLED,
            "scripts/seed.ts": SWALLOWED,
            "src/api/client.generated.ts": SWALLOWED,
            "e2e/login.spec.ts": SWALLOWED,
            "supabase/migrations/seed.ts": SWALLOWED,
            "vite.config.ts": SWALLOWED,
        }
    )
    finding = run_one(root, "error_handling.no_swallowed_errors")
    assert finding.status is Status.PASS and finding.data["total"] == 1


def test_a_supabase_call_that_resolves_with_its_error_is_handled(make_repo):
    code = "supabase.rpc('f').then(({ error }) => { if (error) toast(error.message); });\n"
    assert run_one(make_repo({"src/a.ts": code}), "error_handling.promise_rejections").status is Status.PASS


def test_one_floating_promise_chain_is_a_listed_lapse_not_a_failure(make_repo):
    """LEVELS.md: one lapse does not sink a criterion. One chain in five is listed, not held against."""
    handled = "".join(f"fetch('/{n}').then(show).catch(report);\n" for n in "abcd")
    found = run_one(
        make_repo({"src/a.ts": handled + "fetch('/e').then(show);\n"}), "error_handling.promise_rejections"
    )
    assert found.status is Status.PASS and "isolated lapse" in found.message
    assert [(ref.path, ref.line) for ref in found.evidence] == [("src/a.ts", 5)]


def test_promise_catch_handlers_and_multiline_express_error_middleware_are_seen(make_repo):
    """`.catch((e) => console.log(e))` is a catch block (prototype handling, not none), and Express's
    four-parameter error middleware written one typed parameter per line is central handling."""
    repo = make_repo(
        {
            "package.json": '{"dependencies": {"express": "4"}}',
            "src/main.ts": "app.use(\n  (\n    err: Error | HttpException,\n"
            "    req: express.Request,\n    res: express.Response,\n"
            "    next: express.NextFunction,\n  ) => {\n"
            "    res.status(500).json(err.message);\n  },\n);\n"
            "load().catch((e) => console.log(e));\n",
        }
    )
    assert run_one(repo, "error_handling.central_handling").status is Status.PASS
    swallowed = run_one(repo, "error_handling.no_swallowed_errors")
    assert swallowed.status is Status.PASS and "1 catch" in swallowed.message


def test_an_empty_catch_that_says_why_is_a_decision_not_a_swallowed_error(make_repo):
    code = (
        "try { cookies.set(n, v) } catch (error) {\n"
        "  // Called from a Server Component: can be ignored.\n}\n"
        "try { parse(x) } catch (e) {}\n"
    )
    found = run_one(make_repo({"src/a.ts": code}), "error_handling.no_swallowed_errors")
    assert found.message.startswith("1 of 2 catch blocks swallow")
    assert [ref.line for ref in found.evidence] == [4]


def test_a_comment_that_gives_no_reason_does_not_excuse_an_empty_catch(make_repo):
    code = "try { load() } catch (e) {\n  // nothing here: the screen stays empty\n}\n"
    found = run_one(make_repo({"src/a.ts": code}), "error_handling.no_swallowed_errors")
    assert found.status is Status.FAIL


@pytest.mark.parametrize(
    "files",
    [
        {"conduit/app.py": "def register_errorhandlers(app):\n    app.errorhandler(InvalidUsage)(handle)\n"},
        {"server/helpers.js": "function error(error, req, res, _next) {\n  res.status(500).end();\n}\n"},
    ],
)
def test_flask_error_handlers_and_express_middleware_with_unused_next_are_central(make_repo, files):
    assert run_one(make_repo(files), "error_handling.central_handling").status is Status.PASS


def test_a_django_logging_setting_alone_is_no_central_error_handling(make_repo):
    repo = make_repo({"app/settings.py": "LOGGING = {'version': 1, 'handlers': {'console': {}}}\n"})
    assert run_one(repo, "error_handling.central_handling").status is Status.FAIL


def test_a_catch_that_answers_the_request_with_an_error_response_informs(make_repo):
    """`return new Response(..., { status: 400 })` in a route handler's catch tells the caller what
    went wrong: with a console line beside it, it is handled, not "console only"."""
    route = (
        "export async function POST(req) {\n  try {\n    await handle(req);\n  } catch (err) {\n"
        "    console.log(`Error message: ${err.message}`);\n"
        "    return new Response(`Webhook Error: ${err.message}`, { status: 400 });\n  }\n}\n"
    )
    found = run_one(make_repo({"app/api/webhooks/route.ts": route}), "error_handling.log_inform_report")
    assert found.status is Status.PASS and found.data["share"] == 1.0


def test_catches_that_log_through_a_logger_are_beyond_the_prototype_without_a_central_handler(make_repo):
    """LEVELS.md's prototype is console output in catches; a codebase whose catches log through a
    logger handles errors where they happen (partial) even with no boundary or central handler."""
    from tests.repo_check_support import run_one

    logged = (
        "from loguru import logger\n\n"
        "def fetch(url):\n    try:\n        return get(url)\n    except Exception as e:\n"
        "        logger.error(f'fetch failed: {e}')\n        return None\n"
    )
    found = run_one(make_repo({"app/worker.py": logged}), "error_handling.central_handling")
    assert found.status.value == "pass" and found.data["logged_share"] == 1.0
    printed = logged.replace("logger.error", "print")
    assert (
        run_one(make_repo({"app/worker.py": printed}), "error_handling.central_handling").status.value
        == "fail"
    )
