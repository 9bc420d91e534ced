"""Criterion 5, backup: a strategy, a recovery plan and a restore that was really tried.

A repository rarely proves backups exist, so these checks say *inconclusive*
rather than *fail* when nothing is written down, and name the attestation
that would settle them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import re2

from readiness.checks import CheckContext, check, failed, inconclusive, passed
from readiness.checks.ci_cd import expanded_commands
from readiness.checks.repo import (
    DEPENDENCY_TABLES,
    content_regex,
    en_fr,
    file_refs,
    grep,
    is_production_code_path,
    is_test_path,
    matching_paths,
    named_script_refs,
    repo_table,
    said_ref,
    step_refs,
    texts,
)
from readiness.model import EvidenceRef, Level

DOCS = r"\.(md|mdx|rst|txt|adoc)$"
# A heading about backing data up: not "Backup codes" (MFA) nor a password "recovery" page.
BACKUP_HEADING = (
    r"(?i)^#{1,6}[ \t]+([\w'’&-]+[ \t]+){0,3}(backups?|sauvegardes?|restor(e|ing|ation)|"
    r"disaster recovery|respaldos?|copias? de seguridad|cópias? de segurança|ripristino)\b|"
    # Japanese and Thai headings run their words together: "## バックアップの種類", "## リストア手順",
    # "## การสำรองข้อมูล"; written in such a script (or behind an emoji), a heading keeps the English
    # term as it is ("## สถานการณ์ 2 — ข้อมูลเสีย/หาย (ต้อง restore จาก backup)", "## 💾 Backup Plan")
    # Vietnamese too, its headings numbered and dashed ("## PHẦN A — SAO LƯU & KHÔI PHỤC (F-16)")
    r"^#{1,6}[ \t]+[^\n]{0,30}(バックアップ|リストア|สำรองข้อมูล|กู้คืน|sao lưu|khôi phục)|"
    r"^#{1,6}[ \t]+[^\x00-\x7F\n][^\n]{0,60}\b(backups?|restore)\b"
)
NOT_DATA_BACKUP = re2.compile(
    r"(?i)\b(backup|recovery|restore) (codes?|phrases?|keys?|emails?|monitoring)\b|"
    r"\.sh\b|\bmonitor|\brun\b|\bsoftware\b|\bintegrations?\b|"
    # "backup" as a fall-back: a second trigger, data source or server, not a copy of the data
    r"\bbackup (triggers?|sources?|data sources?|servers?|options?|methods?|channels?|providers?|routes?|"
    r"endpoints?|apis?|urls?|mechanisms?)\b|"
    # a copy of translation files, not of the product's data
    r"\b(locale|translation|i18n)s?\b"
)
# A heading about restoring, with nothing about data: a connection's or a page's restoration.
RESTORE_ONLY = re2.compile(r"(?i)\brestor(e|ing|ation)\b")
ABOUT_DATA = re2.compile(
    r"(?i)\b(backups?|sauvegardes?|disaster|data|database|db|dumps?|snapshots?|données)\b"
)
BACKUP_TOOL = (
    r"(?i)\b(pg_dump(all)?|pg_basebackup|mysqldump|mongodump|supabase db dump|pgbackrest|"
    r"wal-g|barman|restic|borg(backup)?|dbbackup|litestream|velero)\b"
)
# Loading a dump back: what turns a copy into a backup (LEVELS: manual + documented restore).
RESTORE_COMMAND = (
    r"(?i)\b(pg_restore|mongorestore|restic restore|borg extract|litestream restore|wal-g backup-fetch)\b|"
    r"\b(psql|mysql|mariadb|sqlite3)\b[^\n<>|]*<\s*[\w./-]+\.(sql|dump|gz)\b"
)
TOOL_PROBE = re2.compile(r"--(version|help)\b")
# A Terraform input or output named for a backup setting declares a knob; only where a resource sets
# it (`retained_backups = var.backup_retention_days`) are backups configured.
TERRAFORM_DECLARATION = re2.compile(r"^\s*(variable|output)\s+\"")
# Where a machine runs a backup: a pipeline, a cron table, a cluster's job, a compose service, a
# systemd timer. A shell script alone (pnpm db:backup) is run by hand.
AUTOMATION_FILES = (
    r"(^|/)(\.github/workflows/|\.gitlab-ci|\.circleci/|cron|k8s/|kubernetes/|charts?/|"
    r"docker-compose|compose\.ya?ml)|\.(tf|ya?ml|service|timer)$|(^|/)crontab"
)
PROVIDER_BACKUP = (
    r"(?i)\b(backup_retention_period|backup_retention_days|point_in_time_recovery|"
    r"pitr_enabled|backup_configuration|backup_window|automated_backup|"
    r"aws_backup_plan|google_sql_database_instance.*backup)\b|"
    # a managed cluster's own switch (MongoDB Atlas's `backup_enabled = var.env == "staging" ? false :
    # true`, `cloud_backup = true`), unless it is set to false
    r"^\s*(backup_enabled|cloud_backup|pit_enabled)\s*[:=]\s*([^\sf#/]|f[^a])"
)
# Where a team writes how it runs its own product (not the product's user documentation).
OPS_DOCS = (
    r"(^|/)(readme|operations?|ops|runbooks?|deploy\w*|backups?|restor\w*|disaster\w*|maintenance|"
    r"infra\w*|administration|admin|self[-_]?host\w*)"
    r"(/[^/]*)?\.(md|mdx|rst|txt)$|(^|/)(docs?/)?(ops|operations|runbooks?|infra)/"
)
INFRA_FILES = r"\.(tf|tfvars|ya?ml|json|toml|bicep|hcl)$"
# A platform's scheduler calling a backup route of the product's own: Vercel runs each `crons` entry
# of vercel.json (Lover Clinic's `{"path": "/api/cron/whole-system-backup-daily", "schedule": …}`).
SCHEDULED_BACKUP_ROUTE = r"(?i)\"path\"\s*:\s*\"[^\"]*backup[^\"]*\""
# Infrastructure written in a programming language (AWS CDK, Pulumi, CDKTF) sets the same retention:
# `backupRetention: Duration.days(7)` on a DatabaseInstance, `backup_retention=...` in Python.
CODED_PROVIDER_BACKUP = r"\b(backupRetention(Period)?|backup_retention(_period)?)\s*[:=]\s*[\w(]"
INFRA_CODE = r"\.(ts|js|mjs|py|go)$"
# A plan states its objectives ("RPO 24 h, RTO 4 h") or heads a section of its own; a DPIA's to-do
# list naming "a DR plan with documented RTO/RPO" is the plan still to write.
DR_PLAN = (
    r"(?i)\b(RPO|RTO|recovery (time|point) objective)\b[^\n\d]{0,12}\d+(\.\d+)?\s*"
    r"(s|sec|seconds?|min|mins|minutes?|h|hrs?|hours?|d|days?|heures?|jours?)\b|"
    r"^\s*#{1,6}\s.*(disaster[- ]recovery|plan de reprise|reprise après sinistre)"
)
# The hosted database's own continuous backup, named where the team says how it restores ("restore via
# Neon point-in-time recovery"), not in passing ("worst case: PITR").
PROVIDER_RESTORE = (
    r"(?i)\b(restor|recover)\w*[^\n]{0,40}(point[- ]in[- ]time|\bPITR\b)|"
    r"(point[- ]in[- ]time|\bPITR\b)[^\n]{0,20}\b(restor|recover)"
)
DATE = content_regex(r"\d{4}-\d{2}-\d{2}")
# A dated record of a restore test: docs/restore-tests/2026-03-02.md, evidence/restore-drill-2026-03-02.md
DATED_RESTORE_RECORD = r"(?i)restore[-_ ]?(tests?|drills?|rehearsals?)[/_-]([^/]*/)*[^/]*\d{4}-\d{2}-\d{2}"
MAX_RESTORE_TEST_AGE_DAYS = 365


def settled_by_attestation(missing: dict[str, str], attestation: str) -> dict[str, str]:
    """What was not found, and the readiness.yml attestation that would settle it: a repository
    rarely proves a backup, so the message says how to give the proof instead."""
    return en_fr(
        f"{missing['en']}; an attestation ({attestation}) with a link would settle it.",
        f"{missing['fr']} ; une attestation ({attestation}) avec un lien suffirait à trancher.",
    )


@check(
    id="backup.strategy_documented",
    reads=("repositories.files", "repositories.packages"),
    criterion="backup",
    looks_for=en_fr(
        "A written backup and restore strategy.", "Une stratégie de sauvegarde et de restauration écrite."
    ),
    level="partial",
    remediation=en_fr(
        "Write down what is backed up, how often, where, for how long, and how to "
        "restore it; or attest it in readiness.yml with a link.",
        "Écrire ce qui est sauvegardé, à quelle fréquence, où, combien de temps, et "
        "comment restaurer ; ou l'attester dans readiness.yml avec un lien.",
    ),
    seed_section="10.1",
)
def strategy_documented(ctx: CheckContext):
    headings = [ref for ref in grep(ctx, BACKUP_HEADING, DOCS) if _about_data_backup(ref.excerpt or "")]
    contents = {path: text for _source, path, text in texts(ctx)} if headings else {}
    refs = [ref for ref in headings if _section_about_data(contents.get(ref.path or "", ""), ref.line or 0)]
    refs = refs or grep(ctx, PROVIDER_RESTORE, OPS_DOCS, limit=3)
    if refs:
        return passed(
            en_fr("A backup strategy is documented.", "Une stratégie de sauvegarde est documentée."), refs
        )
    manual = grep(ctx, BACKUP_TOOL, OPS_DOCS, limit=5) or _backup_scripts(ctx)
    restore = grep(ctx, RESTORE_COMMAND, OPS_DOCS, limit=2) if manual else []
    if restore:
        return passed(
            en_fr(
                "A manual backup and its restore are written down.",
                "Une sauvegarde manuelle et sa restauration sont écrites.",
            ),
            manual[:3] + restore,
        )
    if manual:
        return failed(
            en_fr(
                "Only manual backup commands or scripts, without a strategy "
                "(what, how often, where, how to restore).",
                "Seules des commandes ou des scripts de sauvegarde manuels, sans "
                "stratégie (quoi, à quelle fréquence, où, comment restaurer).",
            ),
            manual,
            shows=Level.PROTOTYPE,
        )
    return inconclusive(
        settled_by_attestation(
            en_fr(
                "No backup strategy found in the docs", "Aucune stratégie de sauvegarde dans la documentation"
            ),
            "criterion: backup",
        )
    )


# A backup someone runs by hand: a script named for it (scripts/backup-tenant-by-email.js,
# backup-supabase.sh) or a package script (`pnpm db:backup`).
BACKUP_SCRIPT = r"(^|/)[\w.-]*backup[\w.-]*\.(sh|js|mjs|cjs|ts|py|ps1)$"


def _backup_scripts(ctx: CheckContext) -> list[EvidenceRef]:
    files = matching_paths(ctx, BACKUP_SCRIPT)
    if not files.empty:
        files = files[~files["path"].map(is_test_path)]
        copies = _copies_of_sources(ctx, set(files["path"]))
        files = files[~files["path"].isin(copies)]
    named = named_script_refs(ctx, lambda name: "backup" in name.lower())
    return (file_refs(files) + named)[:5]


# A source file's copy kept beside it, the qualifier after its name (the clinic SaaS's
# supabase/functions/create-asaas-payment/index-backup-old.ts beside index.ts): old code, no backup
# of data. A script named for the backup it takes (backup-supabase.sh; db_backup.py beside a db.py it
# does not repeat) is no copy.
COPY_QUALIFIER = re2.compile(r"[-_.](backup|bak)([-_.][\w-]+)?(\.[\w]+)$")
COPIED_SHARE = 0.5


def _copies_of_sources(ctx: CheckContext, paths: set[str]) -> set[str]:
    """The files among ``paths`` that repeat, for the most part, the file their name qualifies."""
    twins = {path: COPY_QUALIFIER.sub(r"\3", path) for path in paths}
    twins = {path: twin for path, twin in twins.items() if twin != path}
    if not twins:
        return set()
    wanted = set(twins) | set(twins.values())
    lines = {
        path: {line.strip() for line in text.splitlines() if line.strip()}
        for _s, path, text in texts(ctx)
        if path in wanted
    }
    return {
        path
        for path, twin in twins.items()
        if lines.get(path) and len(lines[path] & lines.get(twin, set())) >= COPIED_SHARE * len(lines[path])
    }


# What a backup section is about when it backs data up: a database or a store, a dump, a schedule,
# a retention. One that only copies files of the repository before editing them (an image guide's
# `cp -r public/images/team public/images/team-backup`) keeps no data safe.
DATA_IN_SECTION = re2.compile(
    r"(?i)\b(databases?|datenbank\w*|base de (données|datos)|bases? de dados|db|dumps?|pg_dump\w*|"
    r"mysqldump|mongodump|snapshots?|postgres\w*|\w*sql\w*|rds|mongo\w*|supabase|firestore|firebase|"
    r"redis|s3|buckets?|volumes?|storage|retention|retained|retain|point[- ]in[- ]time|pitr|daily|"
    r"nightly|hourly|weekly|automated|automatic|rpo|rto|wal|drills?)\b|"
    # data, in the scripts that write no spaces between words (Thai, Japanese, Korean, Chinese)
    r"ข้อมูล|データ|데이터|数据"
)
SECTION_LINES = 60


def _section_about_data(text: str, line: int) -> bool:
    """Whether the heading at ``line`` (1-based) and the section under it, up to the next heading of
    its rank or above (lines starting with `#` inside code fences are comments), name data."""
    lines = text.splitlines()[max(line - 1, 0) : max(line - 1, 0) + SECTION_LINES]
    if not lines:
        return True  # no text to read (a heading given without its file): judged by the heading alone
    rank = len(lines[0]) - len(lines[0].lstrip("#"))
    section, fenced = [lines[0]], False
    for body_line in lines[1:]:
        fenced = fenced != body_line.lstrip().startswith("```")
        heading = not fenced and body_line.startswith("#")
        if heading and len(body_line) - len(body_line.lstrip("#")) <= rank:
            break
        section.append(body_line)
    return bool(DATA_IN_SECTION.search("\n".join(section)))


def _about_data_backup(heading: str) -> bool:
    """Whether a heading is about copying and restoring data: not "Backup codes", not a "Backup
    trigger", not "Connection Health System Restoration"."""
    if NOT_DATA_BACKUP.search(heading):
        return False
    return bool(ABOUT_DATA.search(heading)) or not RESTORE_ONLY.search(heading)


@check(
    id="backup.automated",
    reads=(
        "attestations.attestations",
        "repositories.files",
        *DEPENDENCY_TABLES,
    ),
    criterion="backup",
    looks_for=en_fr(
        "Backups run by a machine: a scheduled job, a pipeline or the provider's "
        "configuration (pg_dump in a cron or workflow, point-in-time recovery, "
        "backup retention in infrastructure code).",
        "Des sauvegardes lancées par une machine : tâche planifiée, pipeline ou "
        "configuration du fournisseur (pg_dump dans un cron ou un workflow, "
        "restauration à un instant donné, rétention dans le code d'infrastructure).",
    ),
    level="partial",
    remediation=en_fr(
        "Schedule the backups (the provider's automatic backups or a job) and keep "
        "their configuration with the code, or attest them in readiness.yml.",
        "Planifier les sauvegardes (celles du fournisseur ou une tâche) et garder leur "
        "configuration avec le code, ou les attester dans readiness.yml.",
    ),
    seed_section="10.1",
)
def automated(ctx: CheckContext):
    refs = (
        grep(ctx, BACKUP_TOOL, AUTOMATION_FILES)
        + grep(ctx, SCHEDULED_BACKUP_ROUTE, r"(^|/)vercel\.json$")
        + grep(ctx, PROVIDER_BACKUP, INFRA_FILES)
        + grep(ctx, CODED_PROVIDER_BACKUP, INFRA_CODE, skip_tests=True)
    )
    # `mysqldump --version` in a test pipeline checks the tool is there; it backs nothing up
    refs = [
        ref
        for ref in refs
        if not TOOL_PROBE.search(ref.excerpt or "") and not TERRAFORM_DECLARATION.search(ref.excerpt or "")
    ]
    if refs:
        return passed(
            en_fr("Backups are run by a machine.", "Les sauvegardes sont lancées par une machine."), refs
        )
    return inconclusive(
        settled_by_attestation(
            en_fr("No scheduled backup in the repository", "Aucune sauvegarde planifiée dans le dépôt"),
            "check: backup.automated",
        )
    )


@check(
    id="backup.disaster_recovery_plan",
    criterion="backup",
    looks_for=en_fr(
        "A disaster-recovery plan (who does what, recovery objectives).",
        "Un plan de reprise après sinistre (qui fait quoi, objectifs de reprise).",
    ),
    level="partial",
    remediation=en_fr(
        "Write a DR plan with RPO / RTO and the steps to rebuild from backups.",
        "Rédiger un PRA avec RPO / RTO et les étapes de reconstruction.",
    ),
    seed_section="10.8",
)
def disaster_recovery_plan(ctx: CheckContext):
    # a specification's objectives (specs/SRS-1-ARCHITECTURE.md's "RTO ≤1 hour") are what is to be
    # built, not a plan the team keeps
    refs = grep(ctx, DR_PLAN, DOCS, skip_tests=True)
    if refs:
        return passed(
            en_fr("A disaster-recovery plan is written.", "Un plan de reprise après sinistre est rédigé."),
            refs,
        )
    return inconclusive(
        settled_by_attestation(
            en_fr("No disaster-recovery plan found", "Aucun plan de reprise après sinistre"),
            "check: backup.disaster_recovery_plan",
        )
    )


# A restore rehearsed by a machine: a pipeline step (or the package script it calls) running a
# restore smoke test, or a job of the product's own that restores the latest backup on a schedule
# (src/lib/jobs/restore-drill.ts).
RESTORE_DRILL = (
    r"(?i)restore[-_ ]?(drill|smoke|tests?|verif\w*|check|rehearsal)|"
    # a disaster-recovery drill by its short name (the hospital LMS's `pnpm dr:drill` in CI)
    r"\bdr[-_:]drill\b|disaster[-_ ]?recovery[-_ ]?drill"
)
CODE_FILE = content_regex(r"\.(py|[cm]?[jt]s)$")


def restore_drills(ctx: CheckContext) -> list[EvidenceRef]:
    """Where a restore test runs unattended (RESTORE_DRILL): each run is a dated test."""
    drill = content_regex(RESTORE_DRILL)
    steps = repo_table(ctx, "ci_steps")
    in_ci = (
        steps[expanded_commands(ctx, steps).map(lambda c: bool(drill.search(c)))]
        if not steps.empty
        else steps
    )
    jobs = matching_paths(ctx, RESTORE_DRILL)
    jobs = (
        jobs[jobs["path"].map(lambda p: is_production_code_path(p) and bool(CODE_FILE.search(p)))]
        if not jobs.empty
        else jobs
    )
    return (step_refs(in_ci) + file_refs(jobs))[:3]


# A restore test written down with its date where the team keeps its operations ("Last PITR drill:
# 2026-07-03, passed"; the Turkish guide's "Son PITR provası: 2026-07-03").
RESTORE_TEST_LINE = (
    r"(?i)\b(restor\w*|PITR|point[- ]in[- ]time)\b[^\n]{0,60}\b(drill|test|rehearsal|prova|essai|prueba)\w*"
    r"[^\n]{0,40}\d{4}-\d{2}-\d{2}"
)


def _restore_tests_written(ctx: CheckContext) -> pd.DataFrame:
    """Dated restore tests recorded in the operations docs, one row per line (with its date)."""
    refs = grep(ctx, RESTORE_TEST_LINE, OPS_DOCS, limit=10)
    dated = [(ref, DATE.search(ref.excerpt or "")) for ref in refs]
    rows = [  # a drill dated after the assessment is planned, not done
        {"source": ref.source, "path": ref.path, "date": found.group(0)}
        for ref, found in dated
        if found and found.group(0) <= ctx.as_of.isoformat()
    ]
    return pd.DataFrame(rows, columns=["source", "path", "date"])


@check(
    id="backup.restore_tested",
    reads=("repositories.files", "repositories.ci_steps", "repositories.packages"),
    criterion="backup",
    looks_for=en_fr(
        "A dated record of a restore test, or a restore test a machine runs (a pipeline step, a "
        "scheduled job).",
        "Un compte rendu daté de test de restauration, ou un test de restauration qu'une machine "
        "exécute (une étape de pipeline, une tâche planifiée).",
    ),
    level="production",
    remediation=en_fr(
        "Restore a backup into a scratch project, time it, and record the date and "
        "result (docs/restore-tests/YYYY-MM-DD.md).",
        "Restaurer une sauvegarde dans un projet jetable, chronométrer, et noter la "
        "date et le résultat (docs/restore-tests/AAAA-MM-JJ.md).",
    ),
    seed_section="10.1",
)
def restore_tested(ctx: CheckContext):
    files = matching_paths(ctx, DATED_RESTORE_RECORD)
    files = (
        files.assign(date=files["path"].map(lambda p: DATE.search(p).group(0)))
        if not files.empty
        else _restore_tests_written(ctx)
    )
    drills = restore_drills(ctx)
    if files.empty and drills:
        return passed(
            en_fr(
                "A machine restores a backup and checks it: the test repeats on every run.",
                "Une machine restaure une sauvegarde et la vérifie : le test se répète à chaque exécution.",
            ),
            drills,
        )
    if files.empty:
        return inconclusive(
            settled_by_attestation(
                en_fr("No dated restore test found", "Aucun test de restauration daté"),
                "check: backup.restore_tested",
            )
        )
    dated = files.sort_values("date")
    last = dated.iloc[-1]
    age = (ctx.as_of - dt.date.fromisoformat(last["date"])).days
    refs = [said_ref(last["source"], "restore_test", last["path"], date=last["date"])]
    if age > MAX_RESTORE_TEST_AGE_DAYS:
        return failed(
            en_fr(
                f"The last restore test ({last['date']}) is {age} days old; one a year "
                "at least keeps the procedure true.",
                "Le dernier test de restauration "
                f"({last['date']}) date de {age} jours ; au moins un par an garde la "
                "procédure fiable.",
            ),
            refs,
            last=last["date"],
            age_days=age,
        )
    return passed(
        en_fr(
            f"Restore tested, last on {last['date']} ({age} days ago).",
            f"Restauration testée, la dernière fois le {last['date']} (il y a {age} jour(s)).",
        ),
        refs,
        last=last["date"],
        age_days=age,
    )
