"""readiness: a production-readiness workbook (evidence → judgement → scorecard → report)."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"
