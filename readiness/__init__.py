"""readiness: a production-readiness workbook (evidence → judgement → scorecard → report)."""

import sys

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"

# When rfc3987_syntax is installed (JupyterLab's dependencies bring it), importing jsonschema
# (ours, or nbformat's) compiles about 35 Earley parsers to check the `iri` formats: close to a
# second on every command and every report kernel (python-jsonschema/jsonschema#1428). Marked
# absent before any import, jsonschema skips those two formats, which no schema here uses.
sys.modules.setdefault("rfc3987_syntax", None)
