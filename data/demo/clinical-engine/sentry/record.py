"""Record the demo's Sentry envelopes from the real sentry-sdk, then write the documented exports.

    .venv/bin/python data/demo/clinical-engine/sentry/record.py [--as-of YYYY-MM-DD]

Starts an ingest endpoint on 127.0.0.1 (never anything else) that accepts what
the SDK posts to /api/<project>/envelope/, undoes its gzip or brotli
compression and saves each envelope byte for byte under envelopes/. It runs
scoring_jobs.py twice with a DSN pointing there: in production on the 0.3.1
hotfix (it crashes on an assessment without a domain) and in staging on 0.3.0.
The fortnight of history a single run cannot produce is written by exports.py
in Sentry's documented formats, dated up to --as-of so every piece of evidence
tells the same story.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import logging
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import brotli

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from exports import write_exports  # noqa: E402

log = logging.getLogger("record")
RUNS = [("production", "clinical-engine@0.3.1", True), ("staging", "clinical-engine@0.3.0", False)]
RUN_TIMEOUT_S = 60


class IngestHandler(BaseHTTPRequestHandler):
    """Sentry's ingest endpoint, reduced to: accept the envelope, keep it, answer 200."""

    received: list[bytes] = []

    def log_message(self, *args):
        log.debug("ingest: " + args[0], *args[1:])

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        if self.path.rstrip("/").endswith("/envelope"):
            self.received.append(body)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")


def run_jobs(port: int) -> None:
    """Each run is its own process, so its exit (and the SDK's exit flush) is real."""
    for environment, release, crash in RUNS:
        command = [sys.executable, str(HERE / "scoring_jobs.py"), "--environment", environment,
                   "--release", release] + (["--crash"] if crash else [])
        env = {**os.environ, "SENTRY_DSN": f"http://public@127.0.0.1:{port}/1"}
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
        log.info("%s run exited with %s", environment, done.returncode)


def record_envelopes(out: Path) -> int:
    IngestHandler.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), IngestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        run_jobs(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.envelope"):
        old.unlink()
    for number, body in enumerate(IngestHandler.received, start=1):
        (out / f"{number:03d}.envelope").write_bytes(body)
    return len(IngestHandler.received)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="last day the exports cover (default: today)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    count = record_envelopes(HERE / "envelopes")
    log.info("recorded %d envelopes in %s", count, HERE / "envelopes")
    for path in write_exports(HERE / "exports", args.as_of):
        log.info("wrote %s", path)


if __name__ == "__main__":
    main()
