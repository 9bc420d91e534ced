"""Criterion 12, compliance, judged by content (LEVELS.md): nothing in the repository is inconclusive."""

from __future__ import annotations

import json

import pytest

from readiness.assessment import assess
from readiness.model import Level, Status
from tests.repo_check_support import AS_OF, Case, assert_case, cited, repo_config, run_one

PRIVACY_GDPR = (
    "# Privacy policy\n\nWe process your data under GDPR Article 6 (legal basis: contract).\n"
    "You have a right to erasure: write to dpo@example.org.\n"
)

CASES = [
    Case(
        "compliance.gdpr_documentation",
        {"app/privacy/page.tsx": "export default () => <p>Privacy.</p>;\n"},
        {"docs/privacy.md": PRIVACY_GDPR},
        fail_cites={("app/privacy/page.tsx", None)},
        pass_cites={("docs/privacy.md", 3)},
    ),
    Case(
        "compliance.gdpr_coverage",
        {"docs/privacy.md": PRIVACY_GDPR},
        {"docs/privacy.md": PRIVACY_GDPR, "docs/gdpr/registre.md": "# Registre des traitements\n"},
        pass_cites={("docs/gdpr/registre.md", 1)},
    ),
    Case(
        "compliance.personal_data_in_logs",
        {"src/a.ts": "const p = load();\nconsole.log('loaded', p.email);\n"},
        {"src/a.ts": "const p = load();\nconsole.log('patient email loaded', p.id);\n"},
        fail_cites={("src/a.ts", 2)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_check_fails_and_passes_with_citations(make_repo, case):
    assert_case(make_repo, case)


def levels(root):
    return assess(repo_config(root), as_of=AS_OF).result("compliance")


def test_nothing_about_personal_data_is_inconclusive_and_names_the_attestation(make_repo):
    result = levels(make_repo({"README.md": "# App\n", "src/a.ts": "console.log('started');\n"}))
    assert result.level is Level.INCONCLUSIVE
    assert any("attestation" in f.message for f in result.findings)


@pytest.mark.parametrize(
    "files, level",
    [
        ({"app/terms/page.tsx": "export default () => <p>Terms.</p>;\n"}, Level.PROTOTYPE),
        ({"docs/privacy.md": PRIVACY_GDPR}, Level.PARTIAL),
        ({"package.json": json.dumps({"dependencies": {"vanilla-cookieconsent": "3"}})}, Level.PARTIAL),
        (
            {"src/account.ts": "export async function deleteAccount(id: string) { await db.remove(id); }\n"},
            Level.PARTIAL,
        ),
        ({"shynet/core/models.py": "respect_dnt = models.BooleanField(default=True)\n"}, Level.PARTIAL),
        ({"src/lib/analytics/context.tsx": "track(anonymizePath(pathname));\n"}, Level.PARTIAL),
        (
            {
                "docs/privacy.md": PRIVACY_GDPR,
                "docs/dpia.md": "# DPIA\n\nData protection impact assessment.\n",
            },
            Level.PRODUCTION,
        ),
    ],
)
def test_compliance_levels_follow_the_artefacts(make_repo, files, level):
    assert levels(make_repo(files)).level is level


def test_a_flag_or_an_id_about_a_personal_field_is_not_personal_data(make_repo):
    code = (
        "log.info('signup', { emailPresent: !!email, userId: user.id });\n"
        "logger.info('ok', user.emailVerified, patientId, Boolean(phone));\n"
        "console.log('sent', payload.email);\n"
    )
    finding = run_one(make_repo({"src/signup.ts": code}), "compliance.personal_data_in_logs")
    assert finding.status is Status.FAIL and cited(finding) == {("src/signup.ts", 3)}


def test_clean_logs_alone_conclude_nothing_and_leaky_logs_cap_at_partial(make_repo):
    clean = make_repo({"src/a.ts": "console.log('ok', user.id);\n"})
    assert levels(clean).level is Level.INCONCLUSIVE
    leaky = make_repo(
        {
            "docs/privacy.md": PRIVACY_GDPR,
            "docs/dpia.md": "# DPIA\n",
            "src/a.ts": "console.log('user', user.email);\n",
        }
    )
    assert levels(leaky).level is Level.PARTIAL


def test_a_component_named_legal_is_no_legal_page_and_classname_is_no_ssn(make_repo):
    root = make_repo(
        {
            "src/components/LegalNameField.tsx": "export const LegalNameField = () => null;\n",
            "src/a.ts": "console.log('mounted', container.className);\n",
        }
    )
    assert levels(root).level is Level.INCONCLUSIVE
    assert run_one(root, "compliance.personal_data_in_logs").status is Status.PASS


def test_placeholders_rights_wording_and_self_deletion_are_levelled(make_repo):
    """LEVELS.md compliance: links to pages that do not exist are placeholders (prototype); a policy
    naming the user's rights under data-protection law, or the user deleting their own account,
    is GDPR-aware (partial); an admin deleting users is not a deletion feature."""
    footer = make_repo(
        {"src/Footer.tsx": '<a href="/privacy">Privacy</a>\n<span>Terms of Service (coming soon)</span>\n'}
    )
    placeholder = run_one(footer, "compliance.gdpr_documentation")
    assert placeholder.status is Status.FAIL and placeholder.shows is Level.PROTOTYPE

    policy = make_repo(
        {
            "src/pages/PrivacyPolicy.tsx": "<p>Under data protection laws you have the right to "
            "request access, erasure, or to withdraw consent.</p>\n"
        }
    )
    assert run_one(policy, "compliance.gdpr_documentation").status is Status.PASS
    own = make_repo(
        {
            "api/routers/users.py": "@router.delete('/users')\nasync def remove(db, current_user):\n"
            "    return await user_api.delete_user(db, current_user)\n"
        }
    )
    assert run_one(own, "compliance.gdpr_documentation").status is Status.PASS
    admin = make_repo({"src/admin/users.ts": "export async function deleteUser(id) { await db.del(id) }\n"})
    assert run_one(admin, "compliance.gdpr_documentation").status is Status.INCONCLUSIVE
