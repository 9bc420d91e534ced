"""The exit codes every command shares, in one place (the README's table lists the same)."""

from enum import IntEnum


class ExitCode(IntEnum):
    READY = 0
    """Ready, or a profile that only informs (a POC)."""
    OK = 0
    """A command that judges nothing (lists, schemas, a pull, a schedule's next times) did its work."""
    NOT_READY = 1
    """Not ready, or inconclusive: a required criterion is below its level or lacks evidence."""
    USAGE = 2
    """A usage or configuration error: a bad option, a missing path, an invalid readiness.yml."""
    REPORT_FAILED = 3
    """The report notebook failed; a partial report was written."""
    TIMED_OUT = 4
    """`--timeout` passed: the run stopped, naming what it was doing."""
