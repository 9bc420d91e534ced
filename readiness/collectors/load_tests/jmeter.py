"""JMeter JTL results, CSV (with its header line) or XML: one raw sample per request.

Quirks handled: `timeStamp` is epoch milliseconds unless
jmeter.save.saveservice.timestamp_format made it a local date without a zone;
`success` is written `true`/`false`; a Transaction Controller adds a parent
sample ("Number of samples in transaction : …") that would count its requests
twice; in XML, redirects and embedded resources nest sub-samples inside their
parent, and only the top-level samples are requests the test made.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pandas as pd

from readiness.collectors.load_tests.model import LoadTestRun
from readiness.collectors.load_tests.samples import connect, summarise_samples
from readiness.errors import EvidenceFormatError
from readiness.locales import said

REQUIRED_CSV_COLUMNS = ("timeStamp", "elapsed", "label", "success")
OPTIONAL_CSV_COLUMNS = ("responseMessage", "allThreads")
TRANSACTION_PARENT = "Number of samples in transaction"
XML_SAMPLE_TAGS = ("httpSample", "sample")
EPOCH_SQL = "to_timestamp(TRY_CAST(timeStamp AS BIGINT) / 1000.0)"
FORMATTED_SQL = (
    "coalesce(try_cast(timeStamp AS TIMESTAMPTZ), "
    "try_strptime(timeStamp, '%Y/%m/%d %H:%M:%S.%g')::TIMESTAMPTZ)"
)


def _load_samples(con, path: Path, source_sql: str, columns: list[str], params: list) -> list[str]:
    """Read the JTL rows once into the `timed` table, expose `samples` and `vus`; returns warnings.

    Whether timestamps are epoch milliseconds or formatted dates is decided from
    the first row, so the per-row work stays a cast.
    """
    missing = [c for c in REQUIRED_CSV_COLUMNS if c not in columns]
    if missing:
        raise EvidenceFormatError(
            path,
            "JTL without the column(s) "
            + ", ".join(missing)
            + " (set jmeter.save.saveservice.print_field_names=true)",
        )
    first = con.execute(f"SELECT timeStamp FROM {source_sql} LIMIT 1", params).fetchall()
    epoch = bool(first) and str(first[0][0]).strip().isdigit()
    parent = (
        f"coalesce(starts_with(responseMessage, '{TRANSACTION_PARENT}'), false)"
        if "responseMessage" in columns
        else "false"
    )
    threads = "TRY_CAST(allThreads AS DOUBLE)" if "allThreads" in columns else "NULL::DOUBLE"
    con.execute(
        f"CREATE TABLE timed AS SELECT {EPOCH_SQL if epoch else FORMATTED_SQL} AS ts, "
        "label AS name, TRY_CAST(elapsed AS DOUBLE) AS latency_ms, "
        f"lower(trim(success)) <> 'true' AS failed, {parent} AS transaction_parent, "
        f"{threads} AS threads FROM {source_sql}",
        params,
    )
    con.execute(
        "CREATE VIEW samples AS SELECT ts, name, latency_ms, failed FROM timed "
        "WHERE NOT transaction_parent AND ts IS NOT NULL AND latency_ms IS NOT NULL "
        "AND failed IS NOT NULL"
    )
    con.execute(
        "CREATE VIEW vus AS SELECT ts, threads AS value FROM timed "
        "WHERE threads IS NOT NULL AND ts IS NOT NULL"
    )
    parents, untimed, cut, kept = con.execute(
        "SELECT count(*) FILTER (WHERE transaction_parent), count(*) FILTER (WHERE ts IS NULL), "
        "count(*) FILTER (WHERE ts IS NOT NULL AND (failed IS NULL OR latency_ms IS NULL)), "
        "(SELECT count(*) FROM samples) FROM timed"
    ).fetchall()[0]
    if not kept:
        raise EvidenceFormatError(path, "holds no sample: JMeter recorded no request in this run")
    warnings = []
    if cut:
        warnings.append(said("notes", "jmeter_cut", cut=cut, kept=kept))
    if parents:
        warnings.append(said("notes", "jmeter_parents", count=parents))
    if untimed:
        warnings.append(said("notes", "jmeter_untimed", count=untimed))
    if not epoch:
        warnings.append(said("notes", "jmeter_local_dates"))
    return warnings


def read_jtl_csv(path: Path, interval_s: int | None = None) -> LoadTestRun:
    """A CSV JTL, reading only the columns the run needs (all as text, cast once)."""
    con = connect()
    # null_padding + strict_mode off: a file cut short mid-row keeps its header and its whole rows.
    reader = (
        "read_csv(?, header = true, all_varchar = true, quote = '\"', escape = '\"', "
        "null_padding = true, strict_mode = false)"
    )
    try:
        columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {reader}", [str(path)]).fetchall()]
        wanted = [c for c in (*REQUIRED_CSV_COLUMNS, *OPTIONAL_CSV_COLUMNS) if c in columns]
        source = f"(SELECT {', '.join(wanted)} FROM {reader})" if wanted else reader
        warnings = _load_samples(con, path, source, columns, [str(path)])
    except duckdb.Error as exc:
        raise EvidenceFormatError(path, f"is not a readable CSV file ({exc})") from None
    return summarise_samples(con, str(path), "jmeter", "jmeter-csv", interval_s, warnings=warnings)


def _xml_rows(path: Path, warnings: list[str]) -> pd.DataFrame:
    """Top-level samples of a JTL XML file, streamed (nested sub-samples are not requests).

    A file cut short (a test killed mid-run) keeps the samples read before the cut.
    """
    rows, depth = [], 0
    try:
        for event, element in ET.iterparse(path, events=("start", "end")):
            if element.tag not in XML_SAMPLE_TAGS:
                continue
            depth += 1 if event == "start" else -1
            if event == "end" and depth == 0:
                get = element.attrib.get
                rows.append((get("ts"), get("t"), get("lb"), get("s"), get("rm"), get("na")))
                element.clear()
    except ET.ParseError as exc:
        if not rows:
            raise EvidenceFormatError(path, f"is not well-formed XML ({exc})", line=exc.position[0]) from None
        warnings.append(said("notes", "jmeter_xml_cut", line=exc.position[0], kept=len(rows)))
    return pd.DataFrame(
        rows, columns=["timeStamp", "elapsed", "label", "success", "responseMessage", "allThreads"]
    )


def read_jtl_xml(path: Path, interval_s: int | None = None) -> LoadTestRun:
    con = connect()
    warnings: list[str] = []
    rows = _xml_rows(path, warnings)
    con.register("xml_rows", rows)
    warnings += _load_samples(con, path, "xml_rows", list(rows.columns), [])
    return summarise_samples(con, str(path), "jmeter", "jmeter-xml", interval_s, warnings=warnings)
