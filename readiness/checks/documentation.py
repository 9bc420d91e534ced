"""Criterion 8, documentation: run, deploy, decide and repair from what is written (§10.8)."""

from __future__ import annotations

import re

import pandas as pd
import re2

from readiness.checks import CheckContext, check, failed, passed
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    content_regex,
    dependencies,
    en_fr,
    file_refs,
    grep,
    matching_paths,
    repo_table,
    row_refs,
    said_ref,
    texts,
)
from readiness.model import Level, Status

README_SECTIONS_FR = {"setup": "installation", "run": "lancement", "deploy": "déploiement"}

README = r"(^|/)readme(\.md|\.rst|\.txt)?$"
DATE = content_regex(r"(\d{4}-\d{2}-\d{2})")
# Decision records in their folder, or one named by its number wherever it sits (the meal planner's
# apps/web/ADR-001-testing-strategy.md).
ADR_FILES = r"(^|/)(adr|adrs|decisions)/.+\.md$|(^|/)(?i:adr)[-_ ]?\d+[^/]*\.md$"
ADR_DATE_LINE = r"(?i)^\s*(\*\*)?(date|statut|status)?\s*(\*\*)?\s*:?.*\d{4}-\d{2}-\d{2}"


# Where a team plans its work: a backlog item named for a runbook (04-delivery/Backlog/arch-19-create-
# operational-runbooks.md) is the runbook still to write.
PLANNING_FOLDER = re2.compile(r"(?i)(^|/)(backlog|plans?|roadmap|todos?|ideas|wishlist)/")
# A heading that asks for runbooks ("### ARCH-19: Create operational runbooks") has none to show.
RUNBOOK_TO_WRITE = re2.compile(r"(?i)\b(create|write|add|draft|define)\b[^\n]*\brunbooks?\b")


def _docs_check(ctx: CheckContext, pattern: str, what: dict[str, str]):
    """Pass on any file matching ``pattern`` outside the planning folders; ``what`` names the
    document in English and French."""
    found = matching_paths(ctx, pattern)
    if not found.empty:
        found = found[~found["path"].map(lambda p: bool(PLANNING_FOLDER.search(p)))]
    if found.empty:
        return failed(en_fr(f"No {what['en']}.", f"Aucun fichier de {what['fr']}."))
    return passed(
        en_fr(f"{len(found)} {what['en']} file(s).", f"{len(found)} fichier(s) de {what['fr']}."),
        file_refs(found),
        count=len(found),
    )


# What a README is, whatever its name: README.md and its variants (README_FUNCTIONAL_DOCUMENTATION.md,
# README.fr.md), the project overview Replit's agent keeps (replit.md), the documentation's index.
README_FILE = r"^readme([\w.-]*\.(md|rst|txt))?$|^replit\.md$|^docs?/(readme|index)\.(md|rst)$"
# Documents about the product kept in a docs folder: without a README, they are what a newcomer reads
# (ten lines at least: a heading alone says nothing).
DOCS_FOLDER = r"^docs?/.+\.(md|mdx|rst)$"


@check(
    id="documentation.readme",
    reads=("repositories.files",),
    criterion="documentation",
    looks_for=en_fr("A README at the root.", "Un README à la racine."),
    level="prototype",
    remediation=en_fr(
        "Write a README: what the product is, how to run it.",
        "Écrire un README : ce qu'est le produit, comment le lancer.",
    ),
    seed_section="10.8",
)
def readme(ctx: CheckContext):
    found = matching_paths(ctx, README_FILE)
    if not found.empty:
        # an empty README.md (the nutrition coach's, 0 bytes) says nothing to anyone
        readmes = set(found["path"])
        written = {path for _, path, text in texts(ctx) if path in readmes and text.strip()}
        found = found[found["path"].isin(written)]
    if not found.empty:
        return passed(en_fr("A README exists.", "Un README existe."), file_refs(found))
    folder = matching_paths(ctx, DOCS_FOLDER)
    candidates = set(folder["path"]) if not folder.empty else set()
    written = {
        path
        for _, path, text in texts(ctx)
        if path in candidates and sum(1 for line in text.splitlines() if line.strip()) >= 10
    }
    folder = folder[folder["path"].isin(written)] if not folder.empty else folder
    if not folder.empty:
        return passed(
            en_fr(
                f"No README at the root, but {len(folder)} document(s) about the product in docs/.",
                f"Aucun README à la racine, mais {len(folder)} document(s) sur le produit dans docs/.",
            ),
            file_refs(folder.head(3)),
        )
    return failed(en_fr("No README at the repository root.", "Aucun README à la racine du dépôt."))


GUIDE_HEADINGS = {
    "setup": re2.compile(
        r"(?i)(setup|install|getting started|quick ?start|prerequisites|local development|"
        r"development|prérequis|démarrage)"
    ),
    "run": re2.compile(r"(?i)(\brun|usage|develop|lancer|utilisation|démarrer)"),
    "deploy": re2.compile(r"(?i)(deploy|release|hosting|production|déploi|mise en prod)"),
}
# Markdown `# Heading`, and reStructuredText / setext headings: a line underlined with = - ~ ^.
ATX_HEADING = re2.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
UNDERLINE = re2.compile(r"^(={3,}|-{3,}|~{3,}|\^{3,})\s*$")
# The first lines a framework's or an app builder's generator writes in the README it creates, with
# the length of such a README left untouched: longer, the team has written its own sections in it.
GENERATED_READMES = (
    (
        re2.compile(
            r"(?im)bootstrapped with \[?`?(create[- ]next[- ]app|create react app)|"
            r"this template provides a minimal setup to get react working in vite|"
            r"^# (react \+ typescript \+ vite|react \+ vite|vue 3 \+ vite)\s*$"
        ),
        60,
    ),
    # Lovable's: how to edit in Lovable or an IDE, the stack, "Share -> Publish"; the same for every app
    (re2.compile(r"(?im)^# welcome to your lovable project\s*$"), 100),
)
# Sections an app builder appends under the team's own text (Lovable's "## Build with Lovable" and
# "## Development": "Prefer working locally? You need Node.js and npm"): the same in every app.
GENERATED_SECTION = re2.compile(
    r"(?i)prefer working locally\? you need node|continue developing this project in the \[lovable editor\]"
)


# Something a newcomer can follow: a code block, a shell prompt, a command in a code span, an
# reStructuredText literal block. A section that only links elsewhere teaches nothing here.
COMMANDS = (
    r"(npm|pnpm|yarn|bun|npx|pip3?|uv|poetry|python3?|docker|docker-compose|make|git|cp|cd|"
    r"manage\.py|flask|uvicorn|supabase|vercel|heroku|brew|apt(-get)?|go|cargo|node)"
)
INSTRUCTION = re2.compile(
    r"(?m)^\s*(```|~~~|\$ |\.\. code)|::\s*$|^( {4}|\t)\s*\S|"
    rf"^\s*{COMMANDS}\s|(?i:\b(run|execute|type|launch)\s+){COMMANDS}\b|"
    rf"`[^`\n]*\b{COMMANDS}\b[^`\n]*`"
)
RST_LEVELS = {"=": 1, "-": 2, "~": 3, "^": 4}
# The commands that install and start the product: a section holding both in its instructions sets it
# up whatever the language of its heading ("## 🚀 التثبيت والتشغيل", "## 1. 처음 한 번만 하는 준비");
# install steps alone (clone, venv, pip install) start nothing.
INSTALL_COMMAND = re2.compile(
    r"\b(npm|pnpm|yarn|bun)\s+(install|i|ci)\b|\bpip3?\s+install\b|\buv\s+sync\b|\bpoetry\s+install\b|"
    r"docker[- ]compose\s+(up|build)\b"
)
RUN_COMMAND = re2.compile(
    r"\b(npm|pnpm|yarn|bun)\s+(run\s+)?(dev|start)\b|docker[- ]compose\s+up\b|manage\.py\s+runserver\b|"
    r"\buvicorn\s+\S|\bflask\s+run\b|\bstreamlit\s+run\b|\bpython3?\s+[\w/]+\.py\b"
)


# A README or usage note beside the code (components/pdf/USAGE.md, lib/cache/README.md) tells how to
# call a module, not how to set up, run or deploy the product.
MODULE_NOTE = content_regex(r"(^|/)(src|lib|components|hooks|utils|app|pages|internal)/")


def readme_headings(ctx: CheckContext) -> pd.DataFrame:
    """Every heading of every README (Markdown or reStructuredText), whether its section (down to the
    next heading of its rank) holds instructions, and whether that README is a framework's untouched
    boilerplate."""
    rows = []
    regex = content_regex(README, re.IGNORECASE)
    for source, path, text in texts(ctx):
        if not regex.search(path) or MODULE_NOTE.search(path):
            continue
        lines = text.splitlines()
        boilerplate = any(regex.search(text) and len(lines) < most for regex, most in GENERATED_READMES)
        found = []
        fenced = False  # a `# comment` in a fenced shell block is no heading
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            if fenced:
                continue
            atx = ATX_HEADING.match(line)
            underlined = (
                number < len(lines)
                and UNDERLINE.match(lines[number])
                and line.strip()
                and not UNDERLINE.match(line)
            )
            if atx:
                found.append((number, atx.group(1).strip()[:120], len(line) - len(line.lstrip("#"))))
            elif underlined:
                found.append((number, line.strip()[:120], RST_LEVELS[lines[number][0]]))
        appended = _appended_lines(lines, found)
        for index, (number, heading, rank) in enumerate(found):
            end = next((n for n, _, r in found[index + 1 :] if r <= rank), len(lines) + 1)
            body = "\n".join(
                line for n, line in enumerate(lines[number : end - 1], number + 1) if n not in appended
            )
            # The document's title ("Web Development Final Project") heads all of it: what its name
            # promises is judged on the introduction, up to the next heading; the install and run
            # commands anywhere below still set the product up.
            titled = index == 0 and rank == 1 and index + 1 < len(found)
            intro = "\n".join(lines[number : found[1][0] - 1]) if titled else body
            instructions = bool(INSTRUCTION.search(intro))
            commands = bool(
                INSTRUCTION.search(body) and INSTALL_COMMAND.search(body) and RUN_COMMAND.search(body)
            )
            rows.append(
                (source, path, number, heading, instructions, commands, boilerplate or number in appended)
            )
    columns = ["source", "path", "line", "heading", "instructions", "setup_commands", "boilerplate"]
    return pd.DataFrame(rows, columns=columns)


def _appended_lines(lines: list[str], found: list[tuple[int, str, int]]) -> set[int]:
    """Line numbers (headings included) of the sections an app builder appended to the team's own
    README (GENERATED_SECTION), each section taken up to the next heading of any rank: their commands
    are nobody's instructions, under whichever heading they fall."""
    appended: set[int] = set()
    for index, (number, _heading, _rank) in enumerate(found):
        end = found[index + 1][0] - 1 if index + 1 < len(found) else len(lines)
        if GENERATED_SECTION.search("\n".join(lines[number:end])):
            appended.update(range(number, end + 1))
    return appended


GUIDE_FILES = (
    r"(^|/)(docs?|documentation|guides?)/.*(setup|install|getting[-_ ]started|deploy|"
    r"self[-_]?host|development|contributing|quick[-_]?start)[^/]*\.(md|mdx|rst|txt)$|"
    r"(^|/)(contributing|install(ation)?|deploy(ment)?|setup|development|guide|usage|self[-_]?host(ing)?|"
    r"getting[-_]started|quick[-_]?start)\.(md|mdx|rst|txt)$|"
    # a guide named for what it sets up: SETUP_STORAGE.md, SUPABASE_SETUP.md, DEPLOYMENT_CHECKLIST.md
    r"(^|/)([\w.-]*[_-])?(setup|install(ation)?|deploy(ment)?|getting[-_]started|quick[-_]?start)"
    r"([_-][\w.-]*)?\.(md|mdx|rst|txt)$"
)
DOC_TEXT = r"\.(md|mdx|rst|txt|adoc)$"


def followable_guides(ctx: CheckContext) -> pd.DataFrame:
    """Setup, deploy and contributing guides that hold instructions: a CONTRIBUTING.md about the
    code of conduct and pull requests sets nothing up."""
    guides = matching_paths(ctx, GUIDE_FILES)
    regex = content_regex(GUIDE_FILES, re.IGNORECASE)
    followable = {
        (source, path)
        for source, path, text in texts(ctx)
        if regex.search(path) and not MODULE_NOTE.search(path) and INSTRUCTION.search(text)
    }
    return guides[[(row.source, row.path) in followable for row in guides.itertuples(index=False)]]


@check(
    id="documentation.readme_sections",
    reads=(
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="documentation",
    looks_for=en_fr(
        "Instructions a newcomer can follow to set up, run or deploy the product "
        "(README sections or guides), or API documentation.",
        "Des instructions qu'un nouveau venu peut suivre pour installer, lancer ou "
        "déployer le produit (sections du README ou guides), ou une doc d'API.",
    ),
    level="partial",
    remediation=en_fr(
        "Add Setup / Run / Deploy sections a newcomer can follow.",
        "Ajouter des sections Installation / Lancement / Déploiement qu'un nouveau venu peut suivre.",
    ),
    seed_section="10.8",
)
def readme_sections(ctx: CheckContext):
    headings = readme_headings(ctx)
    guides = followable_guides(ctx)
    generated = not headings.empty and headings["boilerplate"].all()
    # A generated README is all the team wrote only when no guide, API doc or runbook is there either.
    if generated and guides.empty and not api_documents(ctx) and runbooks(ctx).status is not Status.PASS:
        return failed(
            en_fr(
                "The README is the one a framework or an app builder generates: nothing about this "
                "product's setup or deployment.",
                "Le README est celui que génère un framework ou un générateur d'applications : rien "
                "sur l'installation ni le déploiement de ce produit.",
            ),
            row_refs(headings.head(1)),
            shows=Level.PROTOTYPE,
        )
    # a generated README's sections ("How can I deploy this project?") are no one's instructions
    own = headings[~headings["boilerplate"].astype(bool)] if not headings.empty else headings
    followable = own[own["instructions"].astype(bool)] if not own.empty else own
    found = {
        name: row_refs(followable[followable["heading"].map(pattern.search).astype(bool)], "heading", limit=1)
        if not followable.empty
        else []
        for name, pattern in GUIDE_HEADINGS.items()
    }
    if not any(found.values()) and not own.empty:
        found["setup"] = row_refs(own[own["setup_commands"].astype(bool)], "heading", limit=1)
    refs = [ref for refs in found.values() for ref in refs]
    covered = [name for name, refs in found.items() if refs]
    covered_fr = ", ".join(README_SECTIONS_FR[name] for name in covered) or "aucune"
    if covered or not guides.empty:
        return passed(
            en_fr(
                f"Setup, run or deploy instructions: README sections "
                f"({', '.join(covered) or 'none'}), {len(guides)} guide file(s).",
                "Des instructions d'installation, de lancement ou de déploiement : "
                f"sections du README ({covered_fr}), {len(guides)} guide(s).",
            ),
            refs + file_refs(guides),
            sections=covered,
            guides=len(guides),
        )
    api = api_documents(ctx)
    if api:
        return passed(
            en_fr(
                "No setup or deploy guide, but the API is documented.",
                "Aucun guide d'installation ou de déploiement, mais l'API est documentée.",
            ),
            api,
        )
    operated = runbooks(ctx)
    if operated.status is Status.PASS:
        return passed(
            en_fr(
                "No setup or deploy guide, but runbooks say how the product is operated.",
                "Aucun guide d'installation ou de déploiement, mais des runbooks disent comment "
                "exploiter le produit.",
            ),
            operated.evidence,
        )
    return failed(
        en_fr(
            "No setup, run or deploy instructions: a newcomer cannot start the product from what is written.",
            "Aucune instruction d'installation, de lancement ou "
            "de déploiement : un nouveau venu ne peut pas démarrer le produit à partir "
            "de ce qui est écrit.",
        )
    )


def _adr_dates(ctx: CheckContext, adrs: pd.DataFrame) -> list[str]:
    """The date of each ADR: written in it, else in its file name, else its last commit."""
    written = {
        ref.path: DATE.search(ref.excerpt or "").group(1)
        for ref in grep(ctx, ADR_DATE_LINE, ADR_FILES, limit=1000)
    }
    changes = repo_table(ctx, "last_changes")
    committed = dict(zip(changes.get("path", []), changes.get("date", []), strict=False))
    dates = []
    for path in adrs["path"]:
        named = DATE.search(path)
        date = written.get(path) or (named.group(1) if named else None) or committed.get(path)
        if date:
            dates.append(str(date)[:10])
    return sorted(dates)


@check(
    id="documentation.adr",
    reads=("repositories.files", "repositories.last_changes"),
    criterion="documentation",
    caps=False,
    looks_for=en_fr(
        "Architecture decision records, with how many and when.",
        "Des décisions d'architecture (ADR), combien et quand.",
    ),
    level="production",
    remediation=en_fr(
        "Record each structuring decision in docs/adr/NNNN-title.md (context, decision, consequences, date).",
        "Consigner chaque décision structurante "
        "dans docs/adr/NNNN-titre.md (contexte, décision, conséquences, date).",
    ),
    seed_section="10.8",
)
def adr(ctx: CheckContext):
    adrs = matching_paths(ctx, ADR_FILES)
    if adrs.empty:
        return failed(
            en_fr("No architecture decision record.", "Aucune décision d'architecture consignée (ADR).")
        )
    dates = _adr_dates(ctx, adrs)
    span = (
        en_fr(f", {dates[0]} to {dates[-1]}", f", du {dates[0]} au {dates[-1]}") if dates else en_fr("", "")
    )
    return passed(
        en_fr(
            f"{len(adrs)} architecture decision record(s){span['en']}.",
            f"{len(adrs)} décision(s) d'architecture consignée(s) (ADR){span['fr']}.",
        ),
        file_refs(adrs),
        count=len(adrs),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
    )


@check(
    id="documentation.runbooks",
    reads=("repositories.files",),
    criterion="documentation",
    looks_for=en_fr("Runbooks for the usual incidents.", "Des runbooks pour les incidents courants."),
    level="production",
    remediation=en_fr(
        "Write a runbook per likely incident: symptoms, diagnosis, resolution (§10.8).",
        "Écrire un runbook par incident probable : symptômes, diagnostic, résolution (§10.8).",
    ),
    seed_section="10.8",
)
def runbooks(ctx: CheckContext):
    named = _docs_check(
        ctx,
        r"(^|/)(runbooks?|playbooks?|on-?call)/.+\.(md|mdx|rst)$|"
        r"(runbook|playbook|on-?call|incident[-_ ]response)[^/]*\.(md|mdx|rst)$|"
        # an operator's procedures for a running instance: operating it (dentalpin's
        # docs/user-manual/en/operations.md), restoring it, upgrading it, fixing it
        r"(^|/)docs?/(.+/)?(operations?|operating|operator[-_]guide|restor\w*|disaster[-_]recovery|upgrad\w*|"
        r"updating|troubleshoot\w*)\.(md|mdx|rst)$",
        en_fr("runbook", "runbook"),
    )
    if named.status is Status.PASS:
        return named
    # An "Operations" section, or a procedure for failing over or restoring: how the team runs the
    # service.
    written = grep(
        ctx,
        r"(?i)^#+ .*(runbook|incident response|\bon-?call\b|réponse aux incidents|astreinte|failover|"
        r"(restore|recovery|rollback) (procedure|steps)|procédure de (restauration|reprise))|"
        r"^#+\s+(operations|exploitation)\s*$",
        DOC_TEXT,
        prose_only=True,  # `# Execute with automatic failover` in a shell block is a comment
    )
    # a task to write one ("### ARCH-19: Create operational runbooks" in an improvement backlog)
    written = [
        ref
        for ref in written
        if not PLANNING_FOLDER.search(ref.path or "") and not RUNBOOK_TO_WRITE.search(ref.excerpt or "")
    ]
    if written:
        return passed(
            en_fr(
                "Runbook sections are written in the docs.",
                "Des sections de runbook sont écrites dans la documentation.",
            ),
            written,
        )
    return named


API_FILES = (
    r"(openapi|swagger)[^/]*\.(ya?ml|json)$|(^|/)docs?/api(/|([-_.][^/]*)?\.(md|mdx|rst|txt|html?|ya?ml|json)$)|"
    r"(^|/)api[-_]?docs?/|"
    r"(^|/)docs?/([^/]+/)+api(/|\.(md|mdx|rst|txt)$)|"
    r"(^|/)(architecture|design)(\.md|/)|"
    r"(^|/)docs?/.*(architecture|arquitetura|arquitectura|architektur|deep[-_]dive|internals|system[-_]design|technical[-_]design)[^/]*\.(md|mdx|rst)$|"
    rf"{ADR_FILES}"
)
API_GENERATORS = {
    "@nestjs/swagger",
    "swagger-jsdoc",
    "swagger-ui-express",
    "next-swagger-doc",
    "drf-spectacular",
    "drf-yasg",
    "flasgger",
    "flask-smorest",
    "apispec",
    "typedoc",
    "fastapi",
    "@fastify/swagger",
    "@asteasolutions/zod-to-openapi",
    "hono-openapi",
    "@hono/zod-openapi",
    "trpc-openapi",
    "django-ninja",
    "redoc",
}


def api_documents(ctx: CheckContext) -> list:
    """API or architecture documentation: written files, or an API framework that publishes its
    OpenAPI description (FastAPI, django-ninja, Nest's swagger module…)."""
    refs = file_refs(matching_paths(ctx, API_FILES))
    generators = sorted(API_GENERATORS & dependencies(ctx))
    if generators:
        refs += [said_ref("repositories", "openapi", name=name) for name in generators]
    return refs


@check(
    id="documentation.api_docs",
    reads=(
        "repositories.env_reads",
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="documentation",
    looks_for=en_fr(
        "API or architecture documentation (OpenAPI, a framework that publishes it, "
        "architecture notes or decision records).",
        "Une documentation d'API ou d'architecture (OpenAPI, un framework qui la publie, "
        "notes d'architecture ou décisions consignées).",
    ),
    level="production",
    remediation=en_fr(
        "Publish an OpenAPI file (or let the framework publish it) and write down the architecture "
        "(docs/architecture.md, decision records).",
        "Publier un fichier OpenAPI (ou laisser le framework le publier) et décrire l'architecture "
        "(docs/architecture.md, décisions consignées).",
    ),
    seed_section="10.8",
)
def api_docs(ctx: CheckContext):
    refs = api_documents(ctx)
    if not refs:
        return failed(
            en_fr("No API or architecture documentation.", "Aucune documentation d'API ni d'architecture.")
        )
    return passed(
        en_fr(
            f"API or architecture documentation: {len(refs)} source(s).",
            f"Documentation d'API ou d'architecture : {len(refs)} source(s).",
        ),
        refs,
        count=len(refs),
    )


@check(
    id="documentation.postmortem_template",
    reads=("repositories.files",),
    criterion="documentation",
    caps=False,
    looks_for=en_fr(
        "A blameless post-mortem template (or past post-mortems).",
        "Un modèle de post-mortem sans reproches (ou des post-mortems passés).",
    ),
    level="production",
    remediation=en_fr(
        "Add docs/postmortems/TEMPLATE.md: summary, impact, timeline, root cause, "
        "what went well, actions with owners (§10.8).",
        "Ajouter "
        "docs/postmortems/TEMPLATE.md : résumé, impact, chronologie, cause racine, "
        "ce qui a marché, actions avec responsables (§10.8).",
    ),
    seed_section="10.8",
)
def postmortem_template(ctx: CheckContext):
    return _docs_check(
        ctx, r"post-?mortems?[^/]*(/.+)?\.md$|(^|/)incidents?/.+\.md$", en_fr("post-mortem", "post-mortem")
    )
