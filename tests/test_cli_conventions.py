"""The command line as a user meets it: help, global options anywhere, pipes, choices, tables."""

from __future__ import annotations

import subprocess
import sys

import pytest

from readiness import __version__
from readiness.cli import SUBCOMMANDS, build_parser, main
from tests.conftest import DEMO


def cli(*args: str, columns: int = 100) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "readiness.cli", *args],
        capture_output=True,
        text=True,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin", "READINESS_STRICT": "1"},
        check=False,
    )


def test_help_describes_every_subcommand_and_the_exit_codes():
    text = build_parser().format_help()
    assert "The `readiness` command." not in text
    for name in SUBCOMMANDS:
        line = next(line for line in text.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split()) > 2, f"{name} has no description"
    assert "exit codes: 0 ready" in " ".join(text.split())


def test_every_option_has_help_text():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in subparsers.items():
        for action in sub._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"readiness {name} {action.option_strings[0]} has no help"


def test_global_options_are_accepted_after_the_subcommand_and_choices_are_checked():
    args = build_parser().parse_args(["checks", "--log-format", "json", "--log-level", "info"])
    assert (args.log_format, args.log_level) == ("json", "INFO")
    before = build_parser().parse_args(["--log-format", "json", "checks"])
    assert before.log_format == "json"
    assert main(["--log-level", "verbose", "checks"]) == 2


def test_a_closed_pipe_ends_quietly():
    done = subprocess.run(
        f"{sys.executable} -m readiness.cli checks | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.startswith("CHECK")
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


def test_training_audience_does_not_clash_with_the_tool_version(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--version"])
    assert __version__ in capsys.readouterr().out
    args = build_parser().parse_args(["training", "--audience", "trainer"])
    assert args.version == "trainer"


@pytest.mark.parametrize("lang, header, word", [("en", "CHECK", "Looks"), ("fr", "VÉRIFICATION", "CHERCHE")])
def test_checks_has_a_header_wraps_to_the_terminal_and_speaks_french(lang, header, word):
    done = cli("checks", "--lang", lang, columns=100)
    lines = done.stdout.splitlines()
    assert lines[0].startswith(header) and word.upper() in lines[0]
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    assert len(lines) > len(SUBCOMMANDS) + 70


def test_the_assess_table_wraps_comments_at_words():
    done = cli(
        "assess",
        "--config",
        str(DEMO / "mymonka" / "readiness.yml"),
        "--as-of",
        "2026-11-26",
        "--no-history",
        columns=100,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 1 and all(len(line) <= 100 for line in lines)
    assert "WHY" in next(line for line in lines if line.startswith("#"))
    text = " ".join(" ".join(line.split()) for line in lines)
    assert "No error-tracking SDK: the team learns about crashes from its users." in text
