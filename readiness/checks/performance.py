"""Criterion 7, performance: measured, cached and split, not judged on a laptop."""

from __future__ import annotations

from readiness.checks import CheckContext, check, failed, not_applicable, passed
from readiness.checks.repo import dependencies, en_fr, grep, matching_paths


@check(
    id="performance.code_splitting",
    criterion="performance",
    looks_for=en_fr("Route-level code splitting (lazy-loaded screens).",
                    "Un découpage du code par route (écrans chargés à la demande)."),
    level="partial",
    remediation=en_fr("Load each route with React.lazy(() => import('./Page')) so the first paint "
                      "does not wait for the whole app.", "Charger chaque route avec "
                      "React.lazy(() => import('./Page')) pour ne pas attendre toute l'appli."),
    seed_section="10.1",
)
def code_splitting(ctx: CheckContext):
    if "react" not in dependencies(ctx):
        return not_applicable("No React front end in the repositories.")
    refs = grep(ctx, r"\blazy\s*\(\s*\(\)\s*=>\s*import\(|\bimport\(\s*['\"]", r"\.[jt]sx?$")
    if refs:
        return passed("Screens are loaded on demand.", refs)
    return failed("No code splitting: the whole bundle loads before the first screen.")


@check(
    id="performance.audited",
    criterion="performance",
    looks_for=en_fr("A performance audit (Lighthouse reports or CI budgets).",
                    "Un audit de performance (rapports Lighthouse ou budgets en CI)."),
    level="production",
    remediation=en_fr("Run Lighthouse CI on each deploy with budgets, and keep the reports.",
                      "Lancer Lighthouse CI à chaque déploiement avec des budgets, et garder les "
                      "rapports."),
    seed_section="10.1",
)
def audited(ctx: CheckContext):
    files = matching_paths(ctx, r"(lighthouserc|lhci|lighthouse[^/]*\.json$)")
    if not files.empty:
        return passed("Lighthouse audits are set up.",
                      grep(ctx, r".", r"(lighthouserc|lhci)")[:1])
    return failed("No performance audit: speed has never been measured.")


@check(
    id="performance.caching",
    criterion="performance",
    looks_for=en_fr("Cache-Control headers for static assets.",
                    "Des en-têtes Cache-Control pour les fichiers statiques."),
    level="production",
    remediation=en_fr("Serve hashed assets with `Cache-Control: public, max-age=31536000, "
                      "immutable` (vercel.json headers).", "Servir les fichiers hachés avec "
                      "`Cache-Control: public, max-age=31536000, immutable` (headers de "
                      "vercel.json)."),
    seed_section="10.1",
)
def caching(ctx: CheckContext):
    refs = grep(ctx, r"(?i)cache-control", r"(vercel\.json|netlify\.toml|_headers|nginx)")
    if refs:
        return passed("Caching headers are configured.", refs)
    return failed("No caching headers configured.")
