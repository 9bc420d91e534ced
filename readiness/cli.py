"""readiness: production-readiness evidence, judgement and reports for the twelve criteria.

Exit codes: 0 ready (or a profile that only informs), 1 not ready or inconclusive,
2 usage or configuration error, 3 the report notebook failed (partial report written).

Subcommands register themselves through :data:`SUBCOMMANDS`, so later features
(sentry pull, schedule, portfolio) add a function, not a branch here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import shutil
import sys
import textwrap
from pathlib import Path

from readiness import __version__
from readiness.commands import SUBCOMMANDS, iso_date, subcommand
from readiness.deadline import DeadlineExceeded, deadline
from readiness.errors import ConfigError, ReadinessError, ReportError, UsageError
from readiness.exit_codes import ExitCode
from readiness.locales import locale_section, t
from readiness.logs import configure_logging

log = logging.getLogger("readiness.cli")
EXIT_READY, EXIT_NOT_READY, EXIT_USAGE, EXIT_REPORT_FAILED = (
    ExitCode.READY,
    ExitCode.NOT_READY,
    ExitCode.USAGE,
    ExitCode.REPORT_FAILED,
)


SUMMARIES = {
    "assess": "judge a product and print its levels (table, JSON, SARIF or markdown); exit 0/1/2",
    "report": "build the HTML report (and PDF) of one product, or a portfolio of several",
    "demo": "build the two demo reports on the bundled evidence",
    "checks": "list every check: id, criterion, level, what it looks for",
    "schema": "print the JSON Schema of readiness.yml, of the assessment or of the plan",
    "plan": "what is missing, in order, with its effort, and the path to production",
    "sentry": "pull a Sentry snapshot (issues, events, sessions, alert rules) for later reports",
    "training": "render the training course on the twelve criteria as offline HTML handouts",
    "schedule": "build a report on a cron schedule, keeping the last runs and an index",
}
EPILOG = (
    "exit codes: 0 ready (or a profile that only informs), 1 not ready or inconclusive, "
    "2 usage or configuration error, 3 the report notebook failed (partial report written), "
    "4 --timeout passed. "
    "Global options (--log-format, --log-level) go before or after the subcommand."
)


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """--log-format and --log-level, accepted before and after the subcommand: on the subparsers
    they default to "not given", so they never undo what was said before the subcommand."""
    keep = {} if defaults else {"default": argparse.SUPPRESS}
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        help="log lines on stderr as text or JSON (each with the run id)",
        **({"default": "text"} if defaults else keep),
    )
    parser.add_argument(
        "--log-level",
        type=str.upper,
        choices=LOG_LEVELS,
        help="least severe log level shown",
        **({"default": "WARNING"} if defaults else keep),
    )


LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _assess_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, help="readiness.yml of the product")
    p.add_argument("--repo", type=Path, action="append", default=[], help="repository to assess")
    p.add_argument("--sentry", type=Path, action="append", default=[], help="Sentry export")
    p.add_argument(
        "--sentry-format",
        help="format of the --sentry files when detection guesses wrong "
        "(discover_csv, issues_json, glitchtip, events_json, sessions_json, envelope, …)",
    )
    p.add_argument("--load-test", type=Path, action="append", default=[], help="load-test result file")
    p.add_argument(
        "--load-test-format",
        help="format of the --load-test files when detection guesses "
        "wrong (k6-summary-export, k6-handle-summary, k6-summary-v1, k6-ndjson, k6-csv, "
        "locust-csv, jmeter-csv, jmeter-xml, artillery-json)",
    )
    p.add_argument("--profile", help="poc, product or health (overrides the configuration)")
    p.add_argument("--name", help="product name for an ad hoc assessment")
    p.add_argument(
        "--format",
        choices=["table", "json", "sarif", "markdown"],
        default="table",
        help="markdown: the seed's status table with the verdict, what changed since "
        "--baseline and the next three steps (a CI step summary)",
    )
    p.add_argument(
        "--lang", choices=["en", "fr"], default="en", help="language of the table and of --format markdown"
    )
    p.add_argument(
        "--baseline",
        type=Path,
        help="assessment.json of the base branch's last run, for --format markdown's changes",
    )
    p.add_argument("--out", type=Path, help="also write the JSON assessment to this file")
    p.add_argument("--as-of", type=iso_date, help="judge expiries as of this date (YYYY-MM-DD)")
    p.add_argument(
        "--history-depth",
        type=int,
        metavar="N",
        help="commits of git history each repository collector reads (0: none)",
    )
    p.add_argument(
        "--history",
        type=Path,
        metavar="DIR",
        help="record this run in the history store DIR (default: the user's data folder, "
        "e.g. ~/.local/share/readiness/history, or $READINESS_HISTORY_DIR)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop the assessment after SECONDS, naming what it was doing (exit 4)",
    )
    p.add_argument("--no-history", action="store_true", help="do not record this run")
    p.add_argument(
        "--fail-on",
        action="append",
        default=[],
        metavar="criteria=…,severity=…",
        help="exit 1 only on failed checks of these criteria / at this severity or above",
    )
    p.add_argument("--portfolio", type=Path, help="portfolio file: assess many products on Dask")
    p.add_argument(
        "--scheduler",
        default="local",
        help="Dask scheduler address for --portfolio, or 'local' (a cluster sized to this machine)",
    )
    p.add_argument("--workers", type=int, help="workers of the local cluster (default: one per core)")
    p.add_argument("--html", type=Path, help="with --portfolio, also write the portfolio page here")


def config_from_args(args: argparse.Namespace):
    """A Config from --config, or an ad hoc one from --repo/--sentry/--load-test/--profile."""
    from readiness.config import config_from_data, validate_config_data
    from readiness.validation import load_validated_config, validate_references

    if args.config:
        if args.repo or args.sentry or args.load_test:
            raise UsageError("give either --config or --repo/--sentry/--load-test, not both")
        return load_validated_config(args.config)
    if not (args.repo or args.sentry or args.load_test):
        raise UsageError("nothing to assess: give --config FILE or --repo PATH")
    if not args.profile:
        raise UsageError("an ad hoc assessment needs --profile (poc, product or health)")
    for option, paths in (("--repo", args.repo), ("--sentry", args.sentry), ("--load-test", args.load_test)):
        missing = [str(p) for p in paths if not p.exists()]
        if missing:  # a typo on the command line, not an evidence source to mark unavailable
            raise UsageError(f"{option} {missing[0]}: no such file or folder")
    evidence = {}
    for kind, paths in (("repositories", args.repo), ("sentry", args.sentry), ("load_tests", args.load_test)):
        if paths:
            evidence[kind] = [str(p.resolve()) for p in paths]
    if args.sentry and getattr(args, "sentry_format", None):
        evidence["sentry"] = [{"path": path, "format": args.sentry_format} for path in evidence["sentry"]]
    if args.load_test and getattr(args, "load_test_format", None):
        evidence["load_tests"] = [
            {"path": path, "format": args.load_test_format} for path in evidence["load_tests"]
        ]
    data = {
        "name": args.name or (args.repo[0].resolve().name if args.repo else "product"),
        "profile": args.profile,
        "evidence": evidence,
    }
    validate_config_data(data, Path("command line"))
    config = config_from_data(data, None)
    validate_references(config, Path("command line"))
    return config


def print_table(assessment, lang: str) -> None:
    """The levels as a terminal table in ``lang``: the verdict, one row per criterion with its why,
    the unavailable sources and what blocks."""
    from readiness.catalogue import criterion
    from readiness.numbers import figure, score_figure

    words = ASSESS_WORDS[lang]
    width = shutil.get_terminal_size((120, 24)).columns
    heading = words["heading"].format(
        product=assessment.product,
        profile=assessment.profile.named(lang),
        verdict=t(lang, f"verdict.{assessment.verdict.value}"),
        score=score_figure(assessment.overall_score, lang),
        coverage=figure(assessment.evidence_coverage, ".0%", lang),
    )
    print(textwrap.fill(heading, width))
    rows = []
    for result in assessment.criteria:
        crit = criterion(result.criterion)
        required = t(lang, f"levels.{result.required_level.value}") if result.required_level else "-"
        score = score_figure(result.score, lang)
        level = t(lang, f"levels.{result.level.value}")
        rows.append((str(crit.number), crit.name[lang], level, score, required, result.reason_in(lang)))
    print_wrapped_table(tuple(words["header"]), rows)
    for source in assessment.sources:
        if source.status.value != "ok":
            line = words["unavailable"].format(kind=source.kind, location=source.location, error=source.error)
            print(textwrap.fill(line, width))
    if assessment.blocking:
        names = ", ".join(criterion(cid).name[lang] for cid in assessment.blocking)
        print(textwrap.fill(words["blocking"].format(criteria=names), width))


ASSESS_WORDS = locale_section("cli_assess")  # readiness/locales/<lang>.yml


@subcommand("assess", _assess_args)
def run_assess(args: argparse.Namespace) -> int:
    from readiness.assessment import assess, write_assessment_json
    from readiness.catalogue import profile
    from readiness.collectors.repository import with_history_depth
    from readiness.history import default_history_dir, record_run
    from readiness.policy import gate_exit_code, parse_policy

    if args.portfolio:
        from readiness.distributed import portfolio_command

        return portfolio_command(args, args.as_of)
    if args.profile:
        profile(args.profile)
    policy = parse_policy(args.fail_on)
    config = with_history_depth(config_from_args(args), args.history_depth)
    with deadline(args.timeout):
        assessment = assess(config, as_of=args.as_of, profile_override=args.profile)
    if not args.no_history:
        store = args.history or default_history_dir()
        record_run(assessment, "assess", store)
        print(f"run recorded in the history at {store} (--no-history to skip)", file=sys.stderr)
    if args.out:
        write_assessment_json(assessment, args.out)
    if args.format == "json":
        sys.stdout.write(assessment.to_json() + "\n")
    elif args.format == "sarif":
        from readiness.sarif import sarif_json

        sys.stdout.write(sarif_json([assessment]) + "\n")
    elif args.format == "markdown":
        from readiness.markdown import ci_summary
        from readiness.plan import plan_assessment

        sys.stdout.write(
            ci_summary(assessment, plan_assessment(assessment), read_baseline(args.baseline), args.lang)
        )
    else:
        print_table(assessment, args.lang)
    return gate_exit_code([assessment], policy)


def read_baseline(path: Path | None) -> dict | None:
    """The base branch's assessment.json, or None; a bad file is a usage error naming it."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"--baseline {path}: not a readable assessment JSON ({type(exc).__name__})"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("criteria"), list):
        raise UsageError(f"--baseline {path}: not an assessment JSON (no criteria list)")
    return data


def _plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", type=Path, required=True, help="readiness.yml of the product")
    p.add_argument(
        "--format",
        choices=["table", "markdown", "csv", "json"],
        default="table",
        help="a list for people, markdown for a document, CSV or JSON for a tracker",
    )
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the steps")
    p.add_argument("--profile", help="poc, product or health (overrides the configuration)")
    p.add_argument("--as-of", type=iso_date, help="judge as of this date (YYYY-MM-DD)")


@subcommand("plan", _plan_args)
def run_plan(args: argparse.Namespace) -> int:
    """The remediation steps in order, and the path to production with its effort."""
    from readiness import markdown
    from readiness.assessment import assess
    from readiness.config import load_config
    from readiness.plan import plan_assessment

    plan = plan_assessment(assess(load_config(args.config), as_of=args.as_of, profile_override=args.profile))
    writers = {
        "markdown": lambda: markdown.plan_markdown(plan, args.lang),
        "csv": lambda: markdown.plan_csv(plan, args.lang),
        "json": lambda: markdown.plan_json(plan) + "\n",
        "table": lambda: markdown.plan_text(plan, args.lang),
    }
    sys.stdout.write(writers[args.format]())
    return ExitCode.OK


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        type=Path,
        action="append",
        default=[],
        help="readiness.yml of the product (repeat it for a portfolio)",
    )
    p.add_argument("--portfolio", type=Path, help="portfolio file listing several products")
    p.add_argument("--history", type=Path, help="history store (default: OUT/history)")
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the report")
    p.add_argument("--profile", help="override the configuration's profile")
    p.add_argument("--as-of", type=iso_date, help="judge expiries as of this date (YYYY-MM-DD)")
    p.add_argument("--pdf", action="store_true", help="also print the report to PDF (headless Chromium)")


@subcommand("report", _report_args)
def run_report(args: argparse.Namespace) -> int:
    from readiness.history import default_history_dir, record_assessment_file
    from readiness.portfolio_report import run_portfolio_report
    from readiness.report import build_report

    if args.portfolio or len(args.config) > 1:
        return run_portfolio_report(args)
    if not args.config:
        raise UsageError("give --config FILE (repeat it for a portfolio) or --portfolio FILE")
    history = args.history or default_history_dir(args.out)
    result = build_report(
        args.config[0],
        out_dir=args.out,
        lang=args.lang,
        profile_override=args.profile,
        as_of=args.as_of,
        pdf=args.pdf,
        history_dir=history,
    )
    record_assessment_file(result.json_path, "report", history)
    if result.pdf_path:
        print(result.pdf_path)
    print(result.html_path)
    return result.exit_code


def _demo_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the report")


@subcommand("demo", _demo_args)
def run_demo(args: argparse.Namespace) -> int:
    from readiness.report import build_report, demo_configs

    paths = []
    for config_path in demo_configs():
        result = build_report(config_path, out_dir=args.out, lang=args.lang)
        paths.append(result.html_path)
    for path in paths:
        print(path)
    return ExitCode.OK


def _checks_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="a table for people, or each check's full description as JSON",
    )
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the table")


@subcommand("checks", _checks_args)
def run_checks_list(args: argparse.Namespace) -> int:
    from readiness.checks import registered_checks

    specs = registered_checks()
    if args.format == "json":
        print(json.dumps([s.describe() for s in specs], indent=2, ensure_ascii=False))
        return ExitCode.OK

    header = CHECKS_HEADER[args.lang]
    rows = [
        (
            s.id,
            t(args.lang, f"levels.{s.level.value}"),
            t(args.lang, f"severities.{s.severity.value}"),
            s.looks_for[args.lang],
        )
        for s in specs
    ]
    print_wrapped_table(header, rows)
    return ExitCode.OK


CHECKS_HEADER = locale_section("cli_checks_header")  # readiness/locales/<lang>.yml


def print_wrapped_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Columns sized to their content; the last one wraps at word boundaries to the terminal's width."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header) - 1)]
    indent = sum(widths) + 2 * len(widths)
    room = max(shutil.get_terminal_size((120, 24)).columns - indent, 20)
    for row in [header, *rows]:
        lines = textwrap.wrap(str(row[-1]), room) or [""]
        left = "  ".join(f"{str(cell):<{width}}" for cell, width in zip(row, widths, strict=False))
        print(f"{left}  {lines[0]}")
        for line in lines[1:]:
            print(" " * indent + line)


def _schema_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("which", choices=["config", "assessment", "plan"])


@subcommand("schema", _schema_args)
def run_schema(args: argparse.Namespace) -> int:
    from readiness.assessment import assessment_schema
    from readiness.config import config_schema
    from readiness.plan import plan_schema

    schema = {"config": config_schema, "assessment": assessment_schema, "plan": plan_schema}[args.which]()
    print(json.dumps(schema, indent=2))
    return ExitCode.OK


# Modules that register more subcommands with @subcommand when imported.
COMMAND_MODULES: tuple[str, ...] = ("readiness.sentry_api", "readiness.handouts", "readiness.schedule")


def build_parser() -> argparse.ArgumentParser:
    for module in COMMAND_MODULES:
        importlib.import_module(module)
    parser = _Parser(prog="readiness", description=__doc__.splitlines()[0], epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"readiness {__version__}")
    _global_options(parser, defaults=True)
    subs = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    for name, (configure, _run) in SUBCOMMANDS.items():
        summary = SUMMARIES.get(name, "")
        sub = subs.add_parser(name, help=summary, description=summary, epilog=EPILOG)
        configure(sub)
        _global_options(sub, defaults=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # `readiness checks | head`: the reader left; say nothing more, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.OK


def _main(argv: list[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"readiness: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(args.log_format, args.log_level)
    try:
        return SUBCOMMANDS[args.command][1](args)
    except (UsageError, ConfigError) as exc:
        print(f"readiness: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DeadlineExceeded as exc:
        print(f"readiness: error: {exc}", file=sys.stderr)
        return ExitCode.TIMED_OUT
    except ReportError as exc:
        log.error("report failed", extra={"reason": exc.reason, "html": exc.html_path})
        if exc.html_path:
            print(exc.html_path)
        return EXIT_REPORT_FAILED
    except ReadinessError as exc:
        print(f"readiness: error: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
