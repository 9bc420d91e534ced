"""``readiness schedule``: the report that arrives on its own, every week, with its history.

APScheduler's CronTrigger computes the run times (a well-kept library: daylight
saving, month lengths and misfires are its problem, not a loop of ours). Each run
builds the report into its own folder under ``OUT/runs/``; the folder is published
only when the report succeeded, so a failed run leaves the previous report in place
and shows up in ``OUT/index.html`` with its error. The last N runs are kept.

Everything but :func:`run_forever` is testable without waiting for the clock:
:func:`next_run_times` takes the starting time, :func:`run_scheduled_report` takes
``now`` and the report builder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from html import escape
from pathlib import Path
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from readiness.atomic import (
    STAGING_MARK,
    clear_dead_staging,
    publish_folder,
    staging_folder,
    write_atomically,
)
from readiness.commands import subcommand
from readiness.errors import HistoryStoreError, UsageError
from readiness.exit_codes import ExitCode
from readiness.history import default_history_dir, record_run
from readiness.locales import locale_section, t

log = logging.getLogger(__name__)

MANIFEST_NAME = "runs.json"
INDEX_NAME = "index.html"
DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_KEEP = 10
MISFIRE_GRACE_SECONDS = 3600
RUN_FOLDER = re.compile(r"\d{8}T\d{6}Z(-failed)?")


def crontab_days(field: str) -> str:
    """Cron's day-of-week numbers (0 and 7 are Sunday) as names.

    APScheduler 3 numbers days from Monday, so ``0 7 * * 1`` would run on Tuesdays;
    names mean the same thing to both, so numbers (and stepped stars) become names.
    """
    parts = []
    for part in field.split(","):
        base, _, step = part.partition("/")
        bounds = "0-6" if base == "*" and step else base
        match = re.fullmatch(r"(\d)(?:-(\d))?", bounds)
        if not match:
            parts.append(part)
            continue
        first, last = int(match[1]), int(match[2] or match[1])
        if last > 7 or first > last:
            raise UsageError(f"day of week {part!r} is not a valid cron range (0-7, Sunday is 0 or 7)")
        days = range(first, last + 1, int(step) if step else 1)
        parts.append(",".join(dict.fromkeys(DAY_NAMES[d] for d in days)))
    return ",".join(parts)


def cron_trigger(expression: str, timezone: str = "UTC") -> CronTrigger:
    """The trigger for a five-field crontab expression, with cron's meaning of day numbers."""
    fields = expression.split()
    if len(fields) != 5:
        raise UsageError(f"--cron {expression!r}: expected 5 fields (minute hour day month weekday)")
    fields[4] = crontab_days(fields[4])
    try:
        return CronTrigger.from_crontab(" ".join(fields), timezone=timezone)
    except (ValueError, LookupError) as exc:
        raise UsageError(f"--cron {expression!r} is not a valid cron expression: {exc}") from None


def next_run_times(
    expression: str, after: dt.datetime, count: int = 5, timezone: str = "UTC"
) -> list[dt.datetime]:
    """The next ``count`` run times strictly after ``after`` (which must carry a time zone)."""
    trigger = cron_trigger(expression, timezone)
    times: list[dt.datetime] = []
    previous, now = None, after + dt.timedelta(seconds=1)
    while len(times) < count:
        fire = trigger.get_next_fire_time(previous, now)
        if fire is None:
            break
        times.append(fire)
        previous, now = fire, fire + dt.timedelta(seconds=1)
    return times


@dataclass(frozen=True)
class ScheduledRun:
    """One entry of the index: when, whether it worked, and where its report is (or why not)."""

    started_at: str
    status: str
    folder: str
    html: str | None = None
    product: str | None = None
    verdict: str | None = None
    overall_score: float | None = None
    error: str | None = None


@dataclass(frozen=True)
class ScheduleOptions:
    config: Path
    out: Path
    keep: int = DEFAULT_KEEP
    lang: str = "en"
    profile: str | None = None


def read_manifest(out: Path) -> list[ScheduledRun]:
    """The runs listed in OUT/runs.json, newest first; a damaged manifest is an error, never reset."""
    path = out / MANIFEST_NAME
    if not path.exists():
        return []
    try:
        return [ScheduledRun(**entry) for entry in json.loads(path.read_text(encoding="utf-8"))]
    except (ValueError, TypeError) as exc:
        raise HistoryStoreError(
            path, f"is not a list of scheduled runs ({exc}); move it aside to start a new index"
        ) from None


def _build_into(
    folder: Path, options: ScheduleOptions, now: dt.datetime, build: Callable[..., Any]
) -> ScheduledRun:
    """Build one report into a staging folder and publish it under its final name."""
    staging = staging_folder(folder)
    # The report compares with the schedule's own history, so a scheduled report shows its trend.
    result = build(
        options.config,
        out_dir=staging,
        lang=options.lang,
        profile_override=options.profile,
        as_of=now.date(),
        history_dir=default_history_dir(options.out),
    )
    data = json.loads(Path(result.json_path).read_text(encoding="utf-8"))
    html = Path(result.html_path).relative_to(staging)
    publish_folder(staging, folder)
    record_run(data, "schedule", default_history_dir(folder.parents[1]), now)
    return ScheduledRun(
        started_at=now.isoformat(),
        status="ok",
        folder=folder.name,
        html=f"runs/{folder.name}/{html.as_posix()}",
        product=data["product"],
        verdict=data["verdict"],
        overall_score=data["overall_score"],
    )


def run_scheduled_report(
    options: ScheduleOptions, now: dt.datetime, build: Callable[..., Any] | None = None
) -> ScheduledRun:
    """Run one scheduled report now; whatever happens, the index lists it and older reports stay."""
    if build is None:
        from readiness.report import build_report as build
    previous = read_manifest(options.out)  # a damaged index stops here, before any work
    entry = _attempt(options, now, build)
    _publish_index(options, previous, entry)
    return entry


def _attempt(options: ScheduleOptions, now: dt.datetime, build: Callable[..., Any]) -> ScheduledRun:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = options.out / "runs" / stamp
    folder.parent.mkdir(parents=True, exist_ok=True)
    for stale in clear_dead_staging(folder.parent):
        log.warning("cleared what a killed run left", extra={"folder": str(stale)})
    try:
        return _build_into(folder, options, now, build)
    except Exception as exc:  # a scheduler must outlive any failure of one run: logged, then listed
        log.error("scheduled report failed", exc_info=True, extra={"config": str(options.config)})
        failed = folder.with_name(f"{stamp}-failed")
        for staging in folder.parent.glob(f".{stamp}{STAGING_MARK}*"):
            publish_folder(staging, failed)
        return ScheduledRun(
            started_at=now.isoformat(),
            status="failed",
            folder=failed.name,
            error=f"{type(exc).__name__}: {exc}".splitlines()[0],
        )


def _publish_index(options: ScheduleOptions, previous: list[ScheduledRun], entry: ScheduledRun) -> None:
    """Prune what falls out of the kept runs, then rewrite runs.json and index.html atomically."""
    runs = runs_to_keep([entry, *previous], options.keep)
    for old in previous:
        if old not in runs:
            _remove_run_folder(options.out / "runs", old.folder)
    write_atomically(
        options.out / MANIFEST_NAME,
        json.dumps([asdict(r) for r in runs], indent=1, ensure_ascii=False) + "\n",
    )
    write_atomically(options.out / INDEX_NAME, index_page(runs, options.lang))


def runs_to_keep(runs: list[ScheduledRun], keep: int) -> list[ScheduledRun]:
    """The newest ``keep`` runs, and the last good one even if older: failures never erase it."""
    kept = runs[:keep]
    last_good = next((r for r in runs if r.status == "ok"), None)
    if last_good and last_good not in kept:
        kept.append(last_good)
    return kept


def _remove_run_folder(runs_dir: Path, name: str) -> None:
    """Prune one old run; only folder names this module creates, so an edited manifest cannot aim higher."""
    folder = runs_dir / name
    if not RUN_FOLDER.fullmatch(name) or not folder.exists():
        return
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        log.warning("old scheduled run not removed", extra={"folder": str(folder), "reason": str(exc)})


INDEX_TEXT = locale_section("schedule_index")  # readiness/locales/<lang>.yml


def _when(run: ScheduledRun) -> str:
    """Minutes are what a reader compares; the manifest keeps the full time."""
    return dt.datetime.fromisoformat(run.started_at).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _index_row(run: ScheduledRun, lang: str) -> str:
    text = INDEX_TEXT[lang]
    verdict = t(lang, f"verdict.{run.verdict}") if run.verdict else ""
    score = "" if run.overall_score is None else str(run.overall_score)
    report = (
        f'<a href="{escape(run.html)}">{escape(run.product or "")}</a>'
        if run.html
        else escape(run.error or "")
    )
    cells = [escape(_when(run)), escape(text[run.status]), escape(verdict), escape(score)]
    css = ' class="failed"' if run.status == "failed" else ""
    return f"<tr{css}>" + "".join(f"<td>{c}</td>" for c in cells) + f"<td>{report}</td></tr>"


def index_page(runs: list[ScheduledRun], lang: str = "en") -> str:
    """OUT/index.html: the latest good report first, then every kept run, failed ones in red."""
    lang = lang if lang in INDEX_TEXT else "en"
    text = INDEX_TEXT[lang]
    latest = next((r for r in runs if r.status == "ok"), None)
    link = (
        f'<a href="{escape(latest.html)}">{escape(_when(latest))}</a>'
        if latest and latest.html
        else text["none"]
    )
    header = "".join(
        f"<th>{escape(h)}</th>"
        for h in (text["when"], text["status"], text["verdict"], text["score"], text["report"])
    )
    rows = "".join(_index_row(r, lang) for r in runs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(text['title'])}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
        ".failed{background:#fdecea}</style></head>"
        f"<body><h1>{escape(text['title'])}</h1><p>{escape(text['latest'])}: {link}</p>"
        f"<table><tr>{header}</tr>{rows}</table></body></html>\n"
    )


def add_report_job(scheduler: BaseScheduler, trigger: CronTrigger, options: ScheduleOptions):
    """One job, never two at once; a run missed by up to an hour (a sleeping laptop) still runs."""
    return scheduler.add_job(
        run_due_report,
        trigger,
        args=[options],
        id="readiness-report",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=MISFIRE_GRACE_SECONDS,
    )


def run_due_report(options: ScheduleOptions) -> ScheduledRun:
    """The job itself: the only place that reads the wall clock."""
    return run_scheduled_report(options, dt.datetime.now(dt.UTC))


def _schedule_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cron", required=True, help='crontab expression, e.g. "0 7 * * MON"')
    p.add_argument("--config", type=Path, required=True, help="readiness.yml of the product")
    p.add_argument("--out", type=Path, default=Path("reports") / "scheduled", help="output folder")
    p.add_argument("--keep", type=int, default=DEFAULT_KEEP, help="how many runs to keep")
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the reports")
    p.add_argument("--profile", help="override the configuration's profile")
    p.add_argument("--timezone", default="UTC", help="time zone of the cron expression")
    p.add_argument("--next", type=int, metavar="N", help="print the next N run times and exit")
    p.add_argument("--after", help="with --next: count from this ISO date-time instead of now")
    p.add_argument("--once", action="store_true", help="run one report now and exit")


@subcommand("schedule", _schedule_args)
def run_schedule(args: argparse.Namespace) -> int:
    from readiness.validation import load_validated_config

    if args.keep < 1:
        raise UsageError("--keep must be at least 1")
    trigger = cron_trigger(args.cron, args.timezone)
    if args.next:
        for moment in next_run_times(args.cron, _start(args.after), args.next, args.timezone):
            print(moment.isoformat())
        return ExitCode.OK
    load_validated_config(args.config)
    options = ScheduleOptions(
        config=args.config, out=args.out, keep=args.keep, lang=args.lang, profile=args.profile
    )
    if args.once:
        entry = run_due_report(options)
        if entry.status == "ok":
            print(options.out / entry.html)  # where the report is, as `readiness report` prints it
            return ExitCode.READY
        print(
            f"scheduled report failed: {entry.error} (listed in {options.out / 'index.html'})",
            file=sys.stderr,
        )
        return ExitCode.NOT_READY
    return run_forever(trigger, options)


def _start(after: str | None) -> dt.datetime:
    if not after:
        return dt.datetime.now(dt.UTC)
    try:
        moment = dt.datetime.fromisoformat(after)
    except ValueError:
        raise UsageError(f"--after {after!r} is not an ISO date-time (e.g. 2026-11-02T07:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def run_forever(trigger: CronTrigger, options: ScheduleOptions) -> int:
    """Block, running the report on every trigger, until interrupted (Ctrl-C or SIGTERM)."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone=trigger.timezone)
    job = add_report_job(scheduler, trigger, options)
    log.warning("scheduled", extra={"cron": str(trigger), "out": str(options.out)})
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        log.warning("scheduler stopped", extra={"job": job.id})
    return ExitCode.OK
