"""Criterion 12, compliance: GDPR everywhere, HDS hosting for French health data."""

from __future__ import annotations

import re

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.repo import en_fr, file_refs, grep, matching_paths, repo_table, texts
from readiness.model import EvidenceRef

NOT_HDS_PLATFORMS = {"vercel": "Vercel", "netlify": "Netlify", "fly": "Fly.io", "render": "Render",
                     "firebase": "Firebase", "railway": "Railway", "heroku": "Heroku"}
GDPR_DOCS = r"(privacy|gdpr|rgpd|confidentialit|registre|dpia|aipd|retention|conservation|consent)" \
            r"[^/]*\.(md|mdx|rst|txt)$"
GDPR_TOPICS = {
    "processing register": r"(?i)registre des traitements|record of processing|processing register|"
                           r"registre",
    "retention": r"(?i)retention|conservation|durée de conservation",
    "consent": r"(?i)\bconsent|consentement",
}
GDPR_TOPICS_FR = {"processing register": "registre des traitements",
                  "retention": "durées de conservation", "consent": "consentement"}
LOG_CALL = re.compile(r"\b(console\.\w+|logger\.\w+|log\.\w+|logging\.\w+|print)\s*\((?P<args>.*)")
STRINGS = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`")
PERSONAL_FIELD = re.compile(r"(?i)\b\w*(email|e_mail|phone|telephone|address|adresse|birth|"
                            r"naissance|ssn|\bnir\b|social_?security|first_?name|last_?name|"
                            r"full_?name|display_?name|diagnos\w*|patient(?!_?id\b|Id\b))\w*\b")
CODE = re.compile(r"\.(py|[cm]?[jt]sx?)$")


@check(
    id="compliance.gdpr_documentation",
    criterion="compliance",
    looks_for=en_fr("GDPR documentation: privacy notice, processing register, retention.",
                    "Documentation RGPD : politique de confidentialité, registre des traitements, "
                    "durées de conservation."),
    level="partial",
    severity="high",
    remediation=en_fr("Keep a processing register, a privacy notice and retention periods in the "
                      "repository's docs.", "Tenir un registre des traitements, une politique de "
                      "confidentialité et des durées de conservation dans la doc du dépôt."),
    seed_section="10.1",
)
def gdpr_documentation(ctx: CheckContext):
    found = matching_paths(ctx, GDPR_DOCS)
    if found.empty:
        return failed(en_fr("No GDPR documentation.", "Aucune documentation RGPD."))
    return passed(en_fr("GDPR documentation is kept.", "Une documentation RGPD est tenue."),
                  file_refs(found))


@check(
    id="compliance.gdpr_coverage",
    criterion="compliance",
    looks_for=en_fr("The GDPR documentation covers the processing register, retention periods "
                    "and consent.", "La documentation RGPD couvre le registre des traitements, "
                    "les durées de conservation et le consentement."),
    level="production",
    remediation=en_fr("Complete the privacy docs: each processing with its legal basis, how long "
                      "each kind of data is kept, and how consent is collected and withdrawn.",
                      "Compléter la doc RGPD : chaque traitement avec sa base légale, la durée de "
                      "conservation de chaque donnée, et comment le consentement est recueilli et "
                      "retiré."),
    seed_section="10.1",
)
def gdpr_coverage(ctx: CheckContext):
    covered = {topic: grep(ctx, pattern, GDPR_DOCS, limit=1) for topic, pattern in
               GDPR_TOPICS.items()}
    refs = [ref for refs in covered.values() for ref in refs]
    missing = [topic for topic, found in covered.items() if not found]
    if missing:
        return failed(en_fr(f"The GDPR documentation does not cover: {', '.join(missing)}.",
                            "La documentation RGPD ne couvre pas : "
                            f"{', '.join(GDPR_TOPICS_FR[topic] for topic in missing)}."), refs,
                      missing=missing)
    return passed(en_fr("Processing register, retention and consent are documented.",
                        "Registre des traitements, durées de conservation et consentement sont "
                        "documentés."), refs)


def _attested(ctx: CheckContext, check_id: str) -> bool:
    return any(a.check == check_id and not a.is_expired(ctx.as_of)
               for a in ctx.config.attestations)


@check(
    id="compliance.hds_hosting",
    criterion="compliance",
    looks_for=en_fr("Health data hosted by an HDS-certified provider; other hosts are a finding "
                    "unless attested.", "Des données de santé hébergées chez un hébergeur "
                    "certifié HDS ; les autres hébergeurs sont un constat sauf attestation."),
    level="production",
    severity="critical",
    remediation=en_fr("Move health data to an HDS-certified host (or a certified region/contract) "
                      "and attest it with the certificate in readiness.yml.",
                      "Déplacer les données de santé chez un hébergeur certifié HDS (ou une "
                      "région / un contrat certifié) et l'attester avec le certificat dans "
                      "readiness.yml."),
    seed_section="10.1",
    health_only=True,
)
def hds_hosting(ctx: CheckContext):
    hosting = repo_table(ctx, "hosting")
    hosts = [EvidenceRef(source=row.source, path=row.path,
                         excerpt=f"{NOT_HDS_PLATFORMS[row.platform]} is not HDS-certified")
             for row in hosting.itertuples(index=False) if row.platform in NOT_HDS_PLATFORMS]
    hosts += [EvidenceRef(source=row.source, path=row.path,
                          excerpt="hosted Supabase is not HDS-certified")
              for row in matching_paths(ctx, r"(^|/)supabase/config\.toml$").itertuples(index=False)]
    if hosts and _attested(ctx, "compliance.hds_hosting"):
        return inconclusive(en_fr("Hosts that are not HDS-certified appear in the repository; an "
                                  "attestation says health data lives elsewhere.",
                                  "Des hébergeurs non certifiés HDS apparaissent dans le dépôt ; "
                                  "une attestation dit que les données de santé sont ailleurs."),
                            hosts)
    if hosts:
        return failed(en_fr("Health data would be hosted on providers that are not HDS-certified.",
                            "Les données de santé seraient hébergées chez des prestataires non "
                            "certifiés HDS."), hosts)
    refs = grep(ctx, r"(?i)\bHDS\b.*(certifi|hébergeur|hosting)", r"\.md$")
    if refs:
        return passed(en_fr("An HDS-certified host is documented.",
                            "Un hébergeur certifié HDS est documenté."), refs)
    return failed(en_fr("Nothing shows that health data is hosted by an HDS-certified provider.",
                        "Rien ne montre que les données de santé sont chez un hébergeur certifié "
                        "HDS."))


def personal_data_logged(ctx: CheckContext) -> list[EvidenceRef]:
    """Log calls whose arguments (string literals aside) name personal or patient fields."""
    refs = []
    for source, path, text in texts(ctx):
        if not CODE.search(path) or re.search(r"(^|/)(tests?|__tests__|e2e)/|\.test\.|\.spec\.",
                                              path):
            continue
        for call in LOG_CALL.finditer(text):
            field = PERSONAL_FIELD.search(STRINGS.sub("", call.group("args")))
            if field:
                refs.append(EvidenceRef(source=source, path=path,
                                        line=text.count("\n", 0, call.start()) + 1,
                                        excerpt=f"{call.group(1)}(… {field.group(0)} …)"))
    return refs


@check(
    id="compliance.personal_data_in_logs",
    criterion="compliance",
    looks_for=en_fr("Personal or patient data written to logs.",
                    "Des données personnelles ou de patients écrites dans les journaux."),
    level="partial",
    severity="high",
    remediation=en_fr("Log identifiers that mean nothing outside the database (a pseudonymous id), "
                      "never names, e-mails, birth dates or diagnoses; logs leave the HDS "
                      "perimeter.", "Journaliser des identifiants sans signification hors de la "
                      "base (id pseudonyme), jamais de noms, e-mails, dates de naissance ou "
                      "diagnostics ; les journaux sortent du périmètre HDS."),
    seed_section="10.3",
)
def personal_data_in_logs(ctx: CheckContext):
    refs = personal_data_logged(ctx)
    if refs:
        return failed(en_fr(f"{len(refs)} log call(s) write personal data.",
                            f"{len(refs)} appel(s) de journalisation écrivent des données "
                            "personnelles."), refs[:25], count=len(refs))
    return passed(en_fr("No log call writes a personal or patient field.",
                        "Aucun appel de journalisation n'écrit de champ personnel ou de patient."))
