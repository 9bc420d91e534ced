"""Criterion 12, compliance: GDPR everywhere, HDS hosting for French health data."""

from __future__ import annotations

import re2

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.backup import DOCS, settled_by_attestation
from readiness.checks.repo import (
    CODE_FILES,
    DEPENDENCY_TABLES,
    comment_marks,
    commented_out,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    grep,
    is_production_code_path,
    matching_paths,
    ref_at,
    repo_table,
    root_scripts,
    said_ref,
    texts,
)
from readiness.model import EvidenceRef, Level

NOT_HDS_PLATFORMS = {
    "vercel": "Vercel",
    "netlify": "Netlify",
    "fly": "Fly.io",
    "render": "Render",
    "firebase": "Firebase",
    "railway": "Railway",
    "heroku": "Heroku",
}
# A page or document named for it (privacy.md, PrivacyPolicy.tsx, app/terms/page.tsx), not any file
# whose name contains the word (LegalNameField.tsx).
PRIVACY_PAGES = (
    r"(?i)(^|/)(privacy|gdpr|rgpd|confidentialit\w*|donnees-personnelles|data-protection|"
    r"cookies?|terms|cgu|mentions-legales|legal-notice|imprint|impressum)(of[-_]?(service|use))?"
    r"(policy|notice|page|[-_][\w-]*)?"
    r"(/(page|index)\.[jt]sx?|/\+page\.svelte|\.(md|mdx|rst|txt|html|[jt]sx?|vue|svelte))$"
)
# A privacy page's text kept in the translations it renders (messages/en/Privacy.json).
PRIVACY_MESSAGES = r"(?i)(^|/)(messages|locales?|i18n|lang|translations?)/(.+/)?[^/]*privacy[^/]*\.json$"
# A consent banner of the team's own (components/cookie-consent.tsx): asking before setting cookies.
CONSENT_COMPONENT = (
    r"(?i)(^|/)[\w-]*(cookie[-_]?(consent|banner|notice)|consent[-_]?(banner|manager|modal|dialog))[\w-]*"
    r"\.([cm]?[jt]sx?|vue|svelte)$"
)


def consent_components(ctx: CheckContext):
    """Consent banners written by the team, in production code (CONSENT_COMPONENT)."""
    found = matching_paths(ctx, CONSENT_COMPONENT)
    return found[found["path"].map(is_production_code_path)] if not found.empty else found


# Code that handles cookies or terms is no page about them: vue3/src/utils/cookie.ts, lib/terms.ts,
# libs/providers/cookies-provider.tsx (a React context to read and set cookies); nor is an admin
# screen, behind a login, managing the school's terms (app/(app)/admin/terms/page.tsx).
ADMIN_PATH = r"(^|/)admin/"
NOT_A_PAGE = re2.compile(
    r"(^|/)(utils?|lib|libs|helpers?|hooks|services|stores?|middlewares?|providers?|contexts?)/|" + ADMIN_PATH
)
GDPR_AWARE = (
    r"(?i)\b(GDPR|RGPD|LGPD|PIPEDA|LFPDPPP|derechos ARCO|ARCO rights|General Data Protection|"
    r"Lei Geral de Proteção de Dados|HIPAA|Notice of Privacy Practices|CCPA|CPRA|"
    r"California Consumer Privacy|request (access|deletion|correction) (to|of)|"
    r"right to (delete|deletion|correct|correction)|"
    r"data subjects?|right to (erasure|access|be "
    r"forgotten)|droit (d'accès|à l'effacement|de rectification|à l'oubli)|DPO|data "
    r"protection officer|délégué à la protection|CNIL|lawful basis|legal basis|base légale|"
    r"Article 6|legitimate interests?|data protection laws?|your legal rights|"
    r"right to (request|object|withdraw)|withdraw (your )?consent|restriction of processing|"
    r"data portability|intérêt légitime|portabilité|"
    # the data-protection laws of the corpus's other countries: Japan's APPI, Chile's, Spain's, Italy's,
    # Korea's
    r"APPI|Act on the Protection of Personal Information|Ley (N[°º.]?\s*)?(19\.628|21\.719)|LOPDGDD|"
    r"protección de datos personales|derechos? (de acceso|de rectificación|de supresión)|"
    r"proteção de dados pessoais|protezione dei dati personali)\b|"
    # no word boundary between CJK characters; Korea's Personal Information Protection Act is written
    # with or without its space (개인정보 보호법), its data subject is the 정보주체
    r"個人情報保護法|個人情報の保護に関する法律|개인정보\s?보호법|정보주체"
)
# The product asking consent or erasing data under a named data-protection law, in its own code:
# "Consentimento LGPD para biometria", "(direito de exclusão — LGPD)", "GDPR consent".
LAW_BOUND_FEATURE = (
    r"(?i)\b(GDPR|RGPD|LGPD)\b[^\n]{0,60}\b(consent\w*|exclus\w*|erasure|effacement|suppression)|"
    r"\b(consent\w*|exclus\w*|erasure|effacement|suppression)\b[^\n]{0,60}\b(GDPR|RGPD|LGPD)\b"
)
# A consent the product records, with its date or answer (MedFlow's Patient model keeps
# `consentGiven` and `consentDate` for biometric storage): asking, and keeping the proof.
CONSENT_RECORD = (
    r"\b(consent(ed)?_(at|date|given|timestamp|accepted)|consent(ed)?(At|Date|Given|Timestamp|Accepted)|"
    r"has_?[Cc]onsented)\b"
)
# An e-signature module records the signer's consent to sign electronically (the caregiver
# portal's supabase/functions/esign's consent_timestamp): a contract's formality, not a person's
# consent to the processing of their data.
E_SIGNATURE = re2.compile(r"(?i)(^|/|[-_])(e-?sign\w*|docusign|signatures?)([-_./]|$)")
# A footer's link to a privacy or terms page, or its "coming soon": placeholders when no page exists.
PRIVACY_PLACEHOLDER = (
    r"(?i)href=\{?[\"'`](/(privacy|terms|legal|cgu|confidentialite)[\w/-]*)[\"'`]|"
    r"(privacy policy|terms of (service|use)|confidentialité)[^<\n]{0,20}coming soon"
)
# An administrator's screen exporting or deleting every user (modules/admin/dashboard.controller.js's
# exportUserData) serves the operator, not a person exercising a right over their own data.
ADMIN_MODULE = re2.compile(ADMIN_PATH)
CONSENT_LIBRARIES = {
    "react-cookie-consent",
    "vanilla-cookieconsent",
    "cookieconsent",
    "tarteaucitronjs",
    "@cookiehub/cookiehub",
    "klaro",
    "django-cookie-consent",
    "@axeptio/sdk",
    "react-cookie-banner",
    "@osano/cookieconsent",
    "orejime",
}
DELETION_FEATURE = (
    r"(?i)/(auth|account|profile|me)/(destroy|delete)\b|"  # the route a self-deletion button posts to
    r"\b(delete_?account|deleteAccount|delete_?user_?data|deleteUserData|"
    # the user deleting themselves, not an admin deleting users
    r"delete_?(current|my|own)_?user|delete_?me|deleteMe|close_?account|closeAccount|"
    # the requester's own records (MindBridge's deleteAnonymousOwnerJourneys)
    r"(?-i:delete\w*(Own|Owner)[A-Z]\w*)|"
    r"destroy_?account|destroyAccount|remove_?account|removeAccount|cancelAccount|"
    r"delete_?user\([^)]*current_?user|"
    r"export_?user_?data|exportUserData|anonymi[sz]e_?user|"
    r"right_?to_?erasure|supprimer mon compte|delete my account)\b|"
    # Supabase's admin call deleting the caller (`auth.admin.deleteUser(user.id)`), not a rollback of
    # an account just created nor a clean-up of a named one
    r"auth\.admin\.deleteUser\(\s*(user|currentUser|session\.user|caller)\??\.id\s*\)|"
    # a user cancelling their own account (Taiga's user_cancel_account signal)
    r"(^|[^a-z])cancel_account\b"
)
# Privacy by design in the code: honouring Do Not Track, not collecting or anonymising IP addresses
# and the paths analytics reports.
PRIVACY_FEATURE = (
    r"(?i)\b(respect_?dnt|doNotTrack|do_?not_?track|collect_?ips|anonymi[sz]e_?(ips?|paths?|urls?)|"
    r"anonymi[sz]e(Ip|Path|Url)s?)\b"
)
# HIPAA's counterpart of a DPA is the business associate agreement: kept (a BAA register, a signed
# BAA), not named in a plan ("hosted under Yale's BAA").
REGISTER_TERMS = (
    r"\b(registre des traitements|records? of processing|processing register|ROPA|DPIA|"
    r"AIPD|data protection impact assessment|analyse d'impact|data processing agreement|"
    r"sub-?processors?|sous-traitants?|business associate agreements?|"
    r"(?-i:BAAs?)[ -](register|signed|executed|execution|log|review)|"
    # Turkey's KVKK: the processing inventory (veri işleme envanteri) and the controllers' registry
    r"veri [İIi]şleme envanteri|VERB[İI]S)\b"
)
# A register is a document of its own or a section headed by its name (`# DPIA`, `## Sub-processors`);
# a sentence that names one among a deployer's duties ("decide on the DPA, the DPIA…") keeps none.
REGISTER_HEADING = (
    r"(?im)^[ \t]*(#{1,6}[ \t][^\n]{0,60}?|<h[1-6][^>]*>[^<\n]{0,60}?|\*\*[^*\n]{0,60}?)" + REGISTER_TERMS
)
REGISTER_FILE = (
    r"(?i)((^|/)[^/]*(dpia|aipd|ropa|records?[-_ ]of[-_ ]processing|processing[-_ ]register|"
    r"registre[-_ ]des[-_ ]traitements|sub-?processors|sous-traitants|data[-_ ]processing[-_ ]agreement|"
    r"veri[-_ ]isleme[-_ ]envanteri)"
    r"[^/]*|(^|/)([^/]*[-_ ])?(dpa|baa)([-_ ][^/]*)?)\.(md|mdx|rst|txt|adoc|pdf|docx?)$"
)
TEMPLATE_DOCUMENT = re2.compile(
    r"(?i)(^|[/_. -])(templates?|mẫu|mau|modèle|modele|plantilla|vorlage)([/_. -]|$)"
)
CODE = content_regex(r"\.(py|[cm]?[jt]sx?)$")
LOG_CALL = re2.compile(r"\b(console\.\w+|logger\.\w+|log\.\w+|logging\.\w+|print)\s*\((?P<args>[^\n]*)")
# A literal left open runs on to the next line (a template literal whose JSON.stringify({…}) spans
# lines): its text to the end of the call's line is still literal, no field.
STRINGS = re2.compile(r"'[^'\n]*('|$)|\"[^\"\n]*(\"|$)|`[^`]*(`|$)")
LOGGED_NAME = re2.compile(r"(!!\s*|Boolean\(\s*|\bbool\(\s*)?([A-Za-z_][\w.]*)")
PERSONAL_FIELD = re2.compile(
    r"(?i)(email|e_mail|phone|telephone|address|adresse|birth|naissance|^ssn$|"
    r"social_?security|first_?name|last_?name|full_?name|display_?name|"
    r"diagnos|patient|^nir$)"
)
# A name that says something *about* a personal field is not the field: emailPresent, patientId, the
# emailErr a failed e-mail send throws.
ABOUT_THE_FIELD = re2.compile(
    r"(?i)(present|exists?|valid|verified(_?at)?|count|length|_?ids?|hash|domain|"
    r"type|enabled|sent|required|changed|confirmed|pattern|regex|error|err|exc|exception|field|"
    r"label|key|template|status|provider|format|column|placeholder|input|"
    r"visible|missing|masked|redacted|schema|url|errors|list|results?|queue|jobs?|"
    r"service|client|sender|config|settings|options)$"
)


def personal_field(args: str) -> str | None:
    """The first personal field a log call's arguments write out (string literals aside): the
    value itself, not a flag or an id about it (``!!email``, ``emailPresent``, ``patientId``)."""
    for match in LOGGED_NAME.finditer(STRINGS.sub("", args)):
        coerced, name = match.group(1), match.group(2)
        last = name.rsplit(".", 1)[-1]
        if not coerced and PERSONAL_FIELD.search(last) and not ABOUT_THE_FIELD.search(last):
            return name
    return None


def gdpr_artefacts(ctx: CheckContext) -> dict[str, list[EvidenceRef]]:
    """What the repository holds about personal data, by kind: pages, GDPR-aware text, consent,
    deletion or export features, privacy by design (Do Not Track, IP anonymisation), and register /
    DPIA / DPA documents."""
    pages = matching_paths(ctx, PRIVACY_PAGES)
    pages = (
        pages[~pages["path"].map(lambda p: bool(NOT_A_PAGE.search(p))).astype(bool)]
        if not pages.empty
        else pages
    )
    consent = sorted(CONSENT_LIBRARIES & dependencies(ctx))
    registers = file_refs(matching_paths(ctx, REGISTER_FILE)) + grep(
        ctx, REGISTER_HEADING, DOCS, skip_tests=True
    )
    # a form to fill in (a DPIA template, pharmacy-os's "Mẫu DPIA"): awareness, not a register kept
    forms = [
        ref
        for ref in registers
        if TEMPLATE_DOCUMENT.search(ref.path or "") or TEMPLATE_DOCUMENT.search(ref.excerpt or "")
    ]
    return {
        "pages": file_refs(pages),
        "aware": grep(ctx, GDPR_AWARE, f"{PRIVACY_PAGES}|{PRIVACY_MESSAGES}", limit=5) + forms[:3],
        "consent": [said_ref("repositories", "consent_library", name=name) for name in consent]
        + file_refs(consent_components(ctx))
        + grep(ctx, LAW_BOUND_FEATURE, CODE_FILES, limit=3, skip_tests=True)
        + [
            ref
            for ref in grep(ctx, CONSENT_RECORD, CODE_FILES, limit=20, skip_tests=True)
            if is_production_code_path(ref.path or "") and not E_SIGNATURE.search(ref.path or "")
        ][:3],
        # a test that deletes the user it created cleans up after itself: no feature of the product
        # nor does a maintenance script: the feature is the product's own
        "deletion": [
            ref
            for ref in grep(ctx, DELETION_FEATURE, r"\.(py|[cm]?[jt]sx?|sql|vue|svelte)$", skip_tests=True)
            if is_production_code_path(ref.path or "") and not ADMIN_MODULE.search(ref.path or "")
        ][:5],
        "privacy_features": grep(ctx, PRIVACY_FEATURE, CODE_FILES, limit=5, skip_tests=True),
        # a specification's "Business Associate Agreements Required" asks for one, it keeps none
        "register": [ref for ref in registers if ref not in forms][:5],
        "placeholders": grep(
            ctx, PRIVACY_PLACEHOLDER, r"\.([cm]?[jt]sx|html?|vue|svelte)$", limit=3, skip_tests=True
        )
        if pages.empty
        else [],
    }


def _nothing_about_personal_data(what: str) -> dict[str, str]:
    return settled_by_attestation(
        en_fr(
            f"The repository holds nothing about {what} (such documents usually live elsewhere)",
            f"Le dépôt ne contient rien sur {what} (ces documents vivent souvent ailleurs)",
        ),
        "criterion: compliance",
    )


@check(
    id="compliance.gdpr_documentation",
    reads=(
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="compliance",
    looks_for=en_fr(
        "A GDPR-aware privacy policy, consent collection or account deletion and export features.",
        "Une politique de confidentialité au fait du RGPD, un "
        "recueil du consentement ou des fonctions de suppression et d'export du compte.",
    ),
    level="partial",
    severity="high",
    remediation=en_fr(
        "Write a privacy policy that names the legal basis, the data subjects' rights "
        "and how to exercise them; offer account deletion and data export.",
        "Rédiger une politique de confidentialité qui nomme la base légale, les droits "
        "des personnes et comment les exercer ; proposer la suppression du compte et "
        "l'export des données.",
    ),
    seed_section="10.1",
)
def gdpr_documentation(ctx: CheckContext):
    found = gdpr_artefacts(ctx)
    strong = (
        found["aware"] + found["consent"] + found["deletion"] + found["privacy_features"] + found["register"]
    )
    if strong:
        return passed(
            en_fr(
                "GDPR-aware privacy material or features are in place.",
                "Des documents ou fonctions au fait du RGPD sont en place.",
            ),
            strong,
        )
    if found["placeholders"]:
        return failed(
            en_fr(
                "Links to privacy or terms pages that do not exist yet (placeholders).",
                "Des liens vers des pages de confidentialité ou de conditions qui n'existent "
                "pas encore (des emplacements réservés).",
            ),
            found["placeholders"],
            shows=Level.PROTOTYPE,
        )
    if found["pages"]:
        return failed(
            en_fr(
                "Privacy or terms pages exist but say nothing GDPR-specific (legal basis, rights, contact).",
                "Des pages de confidentialité ou de conditions "
                "existent mais ne disent rien de propre au RGPD (base légale, droits, "
                "contact).",
            ),
            found["pages"],
            shows=Level.PROTOTYPE,
        )
    return inconclusive(_nothing_about_personal_data("privacy"))


@check(
    id="compliance.gdpr_coverage",
    reads=(
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="compliance",
    looks_for=en_fr(
        "A processing register, a DPIA or data-processing agreements kept with the product.",
        "Un registre des traitements, une AIPD ou des contrats de sous-traitance tenus avec le produit.",
    ),
    level="production",
    remediation=en_fr(
        "Keep the processing register (each processing with its legal basis and "
        "retention), the DPIA where required and the processors' DPAs, or attest them.",
        "Tenir le registre des traitements (chaque traitement avec sa base légale et "
        "sa durée de conservation), l'AIPD si elle est requise et les contrats des "
        "sous-traitants, ou les attester.",
    ),
    seed_section="10.1",
)
def gdpr_coverage(ctx: CheckContext):
    found = gdpr_artefacts(ctx)
    if found["register"]:
        return passed(
            en_fr(
                "A processing register, DPIA or processors' agreements are kept.",
                "Un registre des traitements, une AIPD ou des contrats de sous-traitance sont tenus.",
            ),
            found["register"],
        )
    if any(found.values()):
        return failed(
            en_fr(
                "No processing register, DPIA or processors' agreement beside the privacy material.",
                "Aucun registre des traitements, AIPD ni contrat de "
                "sous-traitance à côté des documents de confidentialité.",
            )
        )
    return inconclusive(_nothing_about_personal_data("a GDPR register or DPIA"))


def _attested(ctx: CheckContext, check_id: str) -> bool:
    return any(a.check == check_id and not a.is_expired(ctx.as_of) for a in ctx.config.attestations)


@check(
    id="compliance.hds_hosting",
    reads=("repositories.files", "repositories.hosting"),
    criterion="compliance",
    looks_for=en_fr(
        "Health data hosted by an HDS-certified provider; other hosts are a finding unless attested.",
        "Des données de santé hébergées chez un hébergeur "
        "certifié HDS ; les autres hébergeurs sont un constat sauf attestation.",
    ),
    level="production",
    severity="critical",
    remediation=en_fr(
        "Move health data to an HDS-certified host (or a certified region/contract) "
        "and attest it with the certificate in readiness.yml.",
        "Déplacer les données de santé chez un hébergeur certifié HDS (ou une "
        "région / un contrat certifié) et l'attester avec le certificat dans "
        "readiness.yml.",
    ),
    seed_section="10.1",
    health_only=True,
)
def hds_hosting(ctx: CheckContext):
    hosting = repo_table(ctx, "hosting")
    hosts = [
        said_ref(row.source, "not_hds", row.path, platform=NOT_HDS_PLATFORMS[row.platform])
        for row in hosting.itertuples(index=False)
        if row.platform in NOT_HDS_PLATFORMS
    ]
    hosts += [
        said_ref(row.source, "supabase_not_hds", row.path)
        for row in matching_paths(ctx, r"(^|/)supabase/config\.toml$").itertuples(index=False)
    ]
    if hosts and _attested(ctx, "compliance.hds_hosting"):
        return inconclusive(
            en_fr(
                "Hosts that are not HDS-certified appear in the repository; an "
                "attestation says health data lives elsewhere.",
                "Des hébergeurs non certifiés HDS apparaissent dans le dépôt ; "
                "une attestation dit que les données de santé sont ailleurs.",
            ),
            hosts,
        )
    if hosts:
        return failed(
            en_fr(
                "Health data would be hosted on providers that are not HDS-certified.",
                "Les données de santé seraient hébergées chez des prestataires non certifiés HDS.",
            ),
            hosts,
        )
    refs = grep(ctx, r"(?i)\bHDS\b.*(certifi|hébergeur|hosting)", r"\.md$")
    if refs:
        return passed(
            en_fr("An HDS-certified host is documented.", "Un hébergeur certifié HDS est documenté."), refs
        )
    return failed(
        en_fr(
            "Nothing shows that health data is hosted by an HDS-certified provider.",
            "Rien ne montre que les données de santé sont chez un hébergeur certifié HDS.",
        )
    )


FILE_MESSAGE = re2.compile(r"(?i)['\"][^'\"]*\b(file ?name|file|path|directory|export(ed)?|saved|written)\b")


# An operator's command line (Django's management commands): what it prints goes back to the
# terminal of whoever ran it, not into the product's logs.
CLI_COMMAND = re2.compile(r"(^|/)management/commands/")


def personal_data_logged(ctx: CheckContext) -> list[EvidenceRef]:
    """Log calls whose arguments (string literals aside) name personal or patient fields, in code the
    product runs: a developer's one-off script at the root (check-541-all.mjs) prints to a terminal."""
    refs, by_hand = [], root_scripts(ctx)
    for source, path, text in texts(ctx):
        if not CODE.search(path) or not is_production_code_path(path) or path in by_hand:
            continue
        command, commented = bool(CLI_COMMAND.search(path)), comment_marks(path)
        for call in LOG_CALL.finditer(text):
            line_start = text.rfind("\n", 0, call.start()) + 1
            if commented_out(text[line_start : call.start()], commented):
                continue  # a call shown in a comment (a logger's usage notes) writes nothing
            if FILE_MESSAGE.search(call.group("args")):
                continue  # "Exported {filename}": a variable named full_name there is a path
            if command and call.group(1) == "print":
                continue  # a command answering the operator who typed the address: no log
            field = personal_field(call.group("args"))
            if field:
                refs.append(ref_at(source, path, text, call.start(), f"{call.group(1)}(… {field} …)"))
    return refs


@check(
    id="compliance.personal_data_in_logs",
    reads=("repositories.files", "repositories.imports"),
    criterion="compliance",
    evidences=False,
    looks_for=en_fr(
        "Personal or patient data written to logs.",
        "Des données personnelles ou de patients écrites dans les journaux.",
    ),
    level="production",
    severity="high",
    remediation=en_fr(
        "Log identifiers that mean nothing outside the database (a pseudonymous id), "
        "never names, e-mails, birth dates or diagnoses; logs leave the HDS "
        "perimeter.",
        "Journaliser des identifiants sans signification hors de la "
        "base (id pseudonyme), jamais de noms, e-mails, dates de naissance ou "
        "diagnostics ; les journaux sortent du périmètre HDS.",
    ),
    seed_section="10.3",
)
def personal_data_in_logs(ctx: CheckContext):
    refs = personal_data_logged(ctx)
    if refs:
        return failed(
            en_fr(
                f"{len(refs)} log call(s) write personal data.",
                f"{len(refs)} appel(s) de journalisation écrivent des données personnelles.",
            ),
            refs[:25],
            count=len(refs),
        )
    return passed(
        en_fr(
            "No log call writes a personal or patient field.",
            "Aucun appel de journalisation n'écrit de champ personnel ou de patient.",
        )
    )
