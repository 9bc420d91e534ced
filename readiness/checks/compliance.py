"""Criterion 12, compliance: GDPR everywhere, HDS hosting for French health data."""

from __future__ import annotations

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.repo import en_fr, file_refs, grep, matching_paths
from readiness.model import EvidenceRef

NOT_HDS_HOSTS = {
    "vercel.json": "Vercel",
    "netlify.toml": "Netlify",
    "supabase/config.toml": "Supabase (hosted)",
    "fly.toml": "Fly.io",
}


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
    found = matching_paths(ctx, r"(privacy|gdpr|rgpd|confidentialit|registre|dpia|aipd)[^/]*\.md$")
    if found.empty:
        return failed("No GDPR documentation.")
    return passed("GDPR documentation is kept.", file_refs(found))


@check(
    id="compliance.hds_hosting",
    criterion="compliance",
    looks_for=en_fr("Health data hosted by an HDS-certified provider.",
                    "Des données de santé hébergées chez un hébergeur certifié HDS."),
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
    files = matching_paths(ctx, "|".join(rf"(^|/){name}$" for name in NOT_HDS_HOSTS))
    hosts = [EvidenceRef(source=row.source, path=row.path,
                         excerpt=f"{NOT_HDS_HOSTS[k]} is not HDS-certified")
             for row in files.itertuples(index=False)
             for k in NOT_HDS_HOSTS if row.path.endswith(k)]
    if hosts:
        return failed("Health data would be hosted on providers that are not HDS-certified.",
                      hosts)
    refs = grep(ctx, r"(?i)\bHDS\b.*(certifi|hébergeur|hosting)", r"\.md$")
    if refs:
        return passed("An HDS-certified host is documented.", refs)
    return failed("Nothing shows that health data is hosted by an HDS-certified provider.")
