"""One exception hierarchy, each error carrying what a person needs to fix the input.

The CLI maps :class:`ConfigError` and :class:`UsageError` to exit code 2;
:class:`EvidenceError` never reaches it: the collector runner catches it and
marks the source unavailable, so the rest of the report still renders.
"""

from __future__ import annotations


class ReadinessError(Exception):
    """Base of every error this package raises on purpose."""


class UsageError(ReadinessError):
    """The command line asks for something that cannot be done (unknown profile, missing option)."""


class ConfigError(ReadinessError):
    """readiness.yml (or another configuration file) is missing, malformed or invalid."""

    def __init__(self, file: str, reason: str, key: str | None = None, expected: str | None = None):
        self.file = str(file)
        self.key = key
        self.reason = reason
        self.expected = expected
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{where}: {self.reason}{tail}"


class EvidenceError(ReadinessError):
    """An evidence source could not be read or understood; names the file and the reason."""

    def __init__(self, file: str, reason: str, line: int | None = None):
        self.file = str(file)
        self.reason = reason
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


class EvidenceFormatError(EvidenceError):
    """The file exists and is readable but is not in a format we know (or is truncated)."""


class EvidenceMissingError(EvidenceError):
    """The file or folder named as evidence does not exist or cannot be opened."""


class ReportError(ReadinessError):
    """The scorecard notebook failed to execute or render; the partial report may still exist."""

    def __init__(self, reason: str, html_path: str | None = None):
        self.reason = reason
        self.html_path = html_path
        super().__init__(reason if not html_path else f"{reason} (partial report: {html_path})")


class HistoryStoreError(ReadinessError):
    """The history store (past runs) is damaged or is not ours; names the file and the reason."""

    def __init__(self, file: str, reason: str):
        self.file = str(file)
        self.reason = reason
        super().__init__(f"{self.file}: {reason}")
