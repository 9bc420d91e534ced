"""Criteria 9, 10 and 12 checks (CI/CD, environments, compliance)."""

from __future__ import annotations

import json

import pytest

from readiness.model import Level, Status
from tests.repo_check_support import Case, assert_case, cited, run_one

WORKFLOW = (
    "name: ci\non:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - run: npm ci\n      - run: npm run lint\n      - run: npm run typecheck\n"
    "      - run: npm test\n      - run: npm run build\n"
)
DEPLOY_JOB = (
    "  deploy:\n    runs-on: ubuntu-latest\n{needs}    steps:\n      - run: npx vercel deploy --prod\n"
)
CI = ".github/workflows/ci.yml"

CASES = [
    Case("ci_cd.automated_pipeline", {"src/a.ts": "x\n"}, {CI: WORKFLOW}, pass_cites={(CI, None)}),
    Case(
        "ci_cd.quality_gates",
        {CI: WORKFLOW.replace("npm run lint", "echo ok")},
        {CI: WORKFLOW},
        fail_cites={(CI, 11)},
        pass_cites={(CI, 9), (CI, 10), (CI, 11), (CI, 12)},
    ),
    Case(
        "ci_cd.deploy_gated",
        {CI: WORKFLOW + DEPLOY_JOB.format(needs="")},
        {CI: WORKFLOW + DEPLOY_JOB.format(needs="    needs: test\n")},
        fail_cites={(CI, 16)},
        pass_cites={(CI, 17)},
    ),
    Case("ci_cd.preview_deploys", {CI: WORKFLOW}, {"vercel.json": "{}"}, pass_cites={("vercel.json", None)}),
    Case(
        "ci_cd.rollback",
        {"README.md": "# App\n"},
        {"docs/runbooks/rollback.md": "# Roll back a release\n\nUse Vercel's instant rollback.\n"},
        pass_cites={("docs/runbooks/rollback.md", 3)},
    ),
    Case(
        "environments.env_example",
        {"src/a.ts": "x\n"},
        {".env.example": "API_URL=\n"},
        pass_cites={(".env.example", None)},
    ),
    Case(
        "environments.env_documented",
        {".env.example": "A=\n", "src/a.ts": "const a = import.meta.env.VITE_A;\n"},
        {".env.example": "VITE_A=\n", "src/a.ts": "const a = import.meta.env.VITE_A;\n"},
        fail_cites={("src/a.ts", 1)},
        pass_cites={("src/a.ts", 1)},
    ),
    Case(
        "environments.dev_prod_separated",
        {".env.example": "A=\n"},
        {".env.development.example": "A=\n", ".env.production.example": "A=\n"},
        pass_cites={(".env.development.example", None)},
    ),
    Case(
        "environments.no_production_in_development",
        {".env.development": "VITE_SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co\n"},
        {".env.development": "VITE_SUPABASE_URL=http://127.0.0.1:54321\n"},
        fail_cites={(".env.development", 1)},
    ),
    Case(
        "environments.staging",
        {".env.example": "A=\n"},
        {".env.staging.example": "A=\n"},
        pass_cites={(".env.staging.example", None)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


def test_production_url_in_development_is_cited_without_its_value(make_repo):
    root = make_repo({".env.development": "URL=https://abcdefghijklmnopqrst.supabase.co\n"})
    finding = run_one(root, "environments.no_production_in_development")
    assert "abcdefghijklmnopqrst" not in json.dumps(finding.to_dict())


def test_hds_hosting_fails_on_vercel_and_defers_to_an_attestation(make_repo):
    root = make_repo({"vercel.json": "{}", "docs/hds.md": "HDS-certified hosting (OVH).\n"})
    finding = run_one(root, "compliance.hds_hosting", "health")
    assert finding.status is Status.FAIL and finding.evidence[0].path == "vercel.json"
    attestation = {
        "check": "compliance.hds_hosting",
        "statement": "Data on OVH HDS",
        "owner": "CTO",
        "date": "2026-10-01",
    }
    attested = run_one(root, "compliance.hds_hosting", "health", attestations=[attestation])
    assert attested.status is Status.INCONCLUSIVE
    passing = run_one(
        make_repo({"docs/hds.md": "HDS-certified hosting (OVH).\n"}), "compliance.hds_hosting", "health"
    )
    assert passing.status is Status.PASS and passing.evidence[0].line == 1


def test_gitlab_deploy_in_a_later_stage_waits_for_the_tests(make_repo):
    gitlab = (
        "stages: [test, deploy]\ntest:\n  stage: test\n  script:\n    - npm test\n"
        "deploy:\n  stage: deploy\n  script:\n    - npx vercel deploy --prod\n"
    )
    finding = run_one(make_repo({".gitlab-ci.yml": gitlab}), "ci_cd.deploy_gated")
    assert finding.status is Status.PASS
    assert {(r.path, r.line) for r in finding.evidence} == {(".gitlab-ci.yml", 9)}


def test_a_typescript_project_must_type_check_and_pre_commit_counts_as_lint(make_repo):
    typescript = json.dumps({"devDependencies": {"typescript": "5"}})
    untyped = run_one(
        make_repo({CI: WORKFLOW.replace("npm run typecheck", "echo ok"), "package.json": typescript}),
        "ci_cd.quality_gates",
    )
    assert untyped.status is Status.FAIL and untyped.data["missing"] == ["type-check"]
    assert untyped.shows is Level.PARTIAL
    pre_commit = WORKFLOW.replace("npm run lint", "pre-commit run --all-files").replace(
        "npm run typecheck", "npx tsc --noEmit"
    )
    finding = run_one(make_repo({CI: pre_commit, "package.json": typescript}), "ci_cd.quality_gates")
    assert finding.status is Status.PASS, finding.message


def test_ci_levels_follow_levels_md(make_repo):
    from readiness.assessment import assess
    from tests.repo_check_support import AS_OF, repo_config

    def level(files):
        return assess(repo_config(make_repo(files)), as_of=AS_OF).result("ci_cd").level.value

    assert level({"README.md": "# App\n"}) == "absent"
    assert level({"README.md": "# App\n\n## Deploy\nPush to Heroku by hand.\n"}) == "prototype"
    assert level({CI: WORKFLOW}) == "partial"
    assert level({CI: WORKFLOW + DEPLOY_JOB.format(needs="    needs: test\n")}) == "production"


def test_ci_gates_count_what_scripts_and_pre_commit_hooks_run(make_repo):
    package = json.dumps(
        {
            "devDependencies": {"typescript": "5"},
            "scripts": {"build": "tsc -p tsconfig.build.json && vite build", "test": "vitest"},
        }
    )
    workflow = WORKFLOW.replace("npm run lint", "pre-commit run --all-files").replace(
        "npm run typecheck", "echo ok"
    )
    hooks = "repos:\n  - repo: local\n    hooks:\n      - id: mypy\n        entry: mypy app\n"
    finding = run_one(
        make_repo({CI: workflow, "package.json": package, ".pre-commit-config.yaml": hooks}),
        "ci_cd.quality_gates",
    )
    assert finding.status is Status.PASS, finding.message


def test_a_deploy_on_push_to_main_waits_for_tests_run_on_every_pull_request(make_repo):
    deploy = "name: deploy\non:\n  push:\n    branches: [main]\njobs:\n" + DEPLOY_JOB.format(needs="")
    reviewed = {CI: WORKFLOW, ".github/workflows/deploy.yml": deploy}
    assert run_one(make_repo(reviewed), "ci_cd.deploy_gated").status is Status.PASS
    pushed_tests = {CI: WORKFLOW.replace("pull_request", "push"), ".github/workflows/deploy.yml": deploy}
    assert run_one(make_repo(pushed_tests), "ci_cd.deploy_gated").status is Status.FAIL
    on_each_pr = deploy.replace("push:\n    branches: [main]", "pull_request:")
    unreviewed = {CI: WORKFLOW, ".github/workflows/deploy.yml": on_each_pr}
    assert run_one(make_repo(unreviewed), "ci_cd.deploy_gated").status is Status.FAIL


@pytest.mark.parametrize(
    "path, pipeline",
    [
        ("circle.yml", "test:\n  override:\n    - npm run lint\n    - npm test\n"),
        (
            ".circleci/config.yml",
            "version: 2.1\njobs:\n  build:\n    steps:\n      - checkout\n"
            "      - run: npm run lint\n      - run:\n          command: npm test\n",
        ),
        (".travis.yml", "language: node_js\nscript:\n  - npm run lint\n  - npm test\n"),
        (  # kitsune: the steps live in a reusable command that the jobs invoke by name
            ".circleci/config.yml",
            "version: 2.1\ncommands:\n  run-tests:\n    steps:\n      - run: npm run lint\n"
            "      - run:\n          command: npm test\njobs:\n  build:\n    steps:\n      - checkout\n"
            "      - run-tests\n",
        ),
    ],
)
def test_circleci_and_travis_pipelines_are_read_for_their_gates(make_repo, path, pipeline):
    finding = run_one(make_repo({path: pipeline}), "ci_cd.quality_gates")
    assert finding.status is Status.PASS, finding.message
    assert {"test", "lint"} <= set(finding.data["gates"])


def test_migrations_applied_to_the_pipelines_test_database_are_not_a_deploy(make_repo):
    ci = WORKFLOW.replace(
        "      - run: npm test\n", "      - run: npx prisma migrate deploy\n      - run: npm test\n"
    )
    finding = run_one(make_repo({CI: ci}), "ci_cd.deploy_gated")
    assert finding.status is Status.FAIL and not finding.evidence, finding.message


def test_a_procfile_is_a_deploy_run_by_hand_but_a_vercel_project_deploys_itself(make_repo):
    by_hand = run_one(make_repo({CI: WORKFLOW, "Procfile": "web: npm start\n"}), "ci_cd.deploy_gated")
    assert by_hand.status is Status.FAIL and {ref.path for ref in by_hand.evidence} == {"Procfile"}
    linked = run_one(make_repo({CI: WORKFLOW, "vercel.json": "{}"}), "ci_cd.deploy_gated")
    assert linked.status is Status.INCONCLUSIVE


def test_manual_deploys_are_the_prototype_practice_and_image_publishing_is_delivery(make_repo):
    """LEVELS.md ci_cd: manual deploys are prototype, not absent; a pipeline that pushes the image
    the hosting runs delivers; `flask test` is a test gate."""
    from readiness.model import Status
    from tests.repo_check_support import run_one

    scripted = make_repo({"package.json": '{"scripts": {"deploy": "firebase deploy", "build": "vite"}}'})
    manual = run_one(scripted, "ci_cd.automated_pipeline")
    assert manual.status is Status.PASS and "manual" in manual.message
    assert [ref.excerpt for ref in manual.evidence] == ["deploy: firebase deploy"]
    vite_only = make_repo({"package.json": '{"scripts": {"build": "vite build", "preview": "vite preview"}}'})
    assert run_one(vite_only, "ci_cd.automated_pipeline").status is Status.FAIL

    pipeline = make_repo(
        {
            ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: flask test\n      - run: flake8\n",
            ".github/workflows/deploy.yml": "on:\n  push:\n    branches: [main]\njobs:\n"
            "  b:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: docker push org/app:latest\n",
        }
    )
    assert run_one(pipeline, "ci_cd.quality_gates").status is Status.PASS
    gated = run_one(pipeline, "ci_cd.deploy_gated")  # the push is a deploy step, run before any test
    assert gated.status is Status.FAIL and gated.message.startswith("1 deploy step")
    assert [ref.path for ref in gated.evidence] == [".github/workflows/deploy.yml"]


def test_one_backend_is_dev_equals_prod_and_two_firebase_projects_are_separate(make_repo):
    """LEVELS.md environments: one compose stack, a firebase.json or a word like TWO-STAGE in a log
    line show no separate environments; a .firebaserc naming a dev and a prod project does."""
    from readiness.model import Status
    from tests.repo_check_support import run_one

    single = make_repo(
        {
            "compose.yml": "services:\n  db:\n    image: postgres\n",
            "firebase.json": "{}",
            "src/a.ts": "console.log(`[TWO-STAGE FILTERING] ${n}`);\n",
        }
    )
    assert run_one(single, "environments.dev_prod_separated").status is Status.FAIL
    aliases = make_repo({".firebaserc": '{"projects": {"default": "app-dev", "prod": "app-prod"}}'})
    found = run_one(aliases, "environments.dev_prod_separated")
    assert found.status is Status.PASS and found.evidence[0].excerpt == "projects: default, prod"


def test_a_staging_server_described_in_the_deployment_guide_is_staging(make_repo):
    """kitsune's docs/deployments.md lists its development, staging and production servers."""
    guide = "# Servers\n\n## Development\n\nsupport-dev\n\n## Staging\n\nWe deploy to stage first.\n"
    assert run_one(make_repo({"docs/deployments.md": guide}), "environments.staging").status is Status.PASS
    claimed = "## Environment-Specific Configurations\n\n### Staging\n- Production-like environment\n"
    assert run_one(
        make_repo({".claude/workflows/deployment.md": claimed}), "environments.staging"
    ).status is (Status.FAIL)
    git = "# Contributing\n\n## Staging your changes\n\nRun git add.\n"
    assert run_one(make_repo({"docs/contributing.md": git}), "environments.staging").status is Status.FAIL


def test_a_configuration_with_development_and_production_sections_separates_them(make_repo):
    """codimd's config.json.example has a development and a production section."""
    sections = '{"test": {}, "development": {"db": "sqlite"}, "production": {"db": "postgres"}}\n'
    found = run_one(make_repo({"config.json.example": sections}), "environments.dev_prod_separated")
    assert found.status is Status.PASS and ("config.json.example", None) in cited(found)
    one = '{"production": {"db": "postgres"}}\n'
    assert run_one(make_repo({"config.json": one}), "environments.dev_prod_separated").status is Status.FAIL
