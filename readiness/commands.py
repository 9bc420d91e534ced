"""The registry of `readiness` subcommands: a module adds its own (``@subcommand``) without the
command line importing it back, so library modules never depend on :mod:`readiness.cli`."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

SUBCOMMANDS: dict[
    str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
] = {}


def subcommand(name: str, configure: Callable[[argparse.ArgumentParser], None]):
    """Register ``run(args) -> exit code`` as ``readiness NAME`` with its argument setup."""

    def decorate(run: Callable[[argparse.Namespace], int]):
        SUBCOMMANDS[name] = (configure, run)
        return run

    return decorate


def iso_date(text: str) -> dt.date:
    """argparse type of every --as-of option: a bad date is a usage error (exit 2) naming it."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None
