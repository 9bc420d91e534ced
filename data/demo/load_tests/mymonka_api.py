"""A stand-in for the MyMonka API, served on 127.0.0.1 only, for recording load-test evidence.

It answers the four calls the load scripts make with plausible latencies (the
score is computed, so it is the slow one) and a small share of server errors,
so the recorded runs carry real percentiles and a real error rate.
"""

from __future__ import annotations

import json
import random
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATIENT_PATH = re.compile(r"^/api/patients/(\d+)(/score)?$")
SCORE_ERROR_RATE = 0.03


class MyMonkaHandler(BaseHTTPRequestHandler):
    """Fake endpoints: login, patient list, patient detail, patient score."""

    rng = random.Random(10)

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        """Silence the per-request log line; the load tools record every request already."""

    def _reply(self, status: int, body: dict, delay_ms: float) -> None:
        time.sleep(delay_ms / 1000)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path == "/api/auth/login":
            return self._reply(200, {"token": "demo-token"}, self.rng.uniform(20, 60))
        return self._reply(404, {"error": "not found"}, 1)

    def do_GET(self):  # noqa: N802 - http.server naming
        path = self.path.split("?", 1)[0]
        if path == "/api/patients":
            return self._reply(200, {"patients": list(range(20))}, self.rng.lognormvariate(3.0, 0.4))
        match = PATIENT_PATH.match(path)
        if match and match.group(2):
            if self.rng.random() < SCORE_ERROR_RATE:
                return self._reply(500, {"error": "scoring failed"}, self.rng.uniform(5, 20))
            return self._reply(200, {"score": 42}, self.rng.lognormvariate(4.2, 0.5))
        if match:
            return self._reply(200, {"id": int(match.group(1))}, self.rng.lognormvariate(2.5, 0.3))
        return self._reply(404, {"error": "not found"}, 1)


class QuietServer(ThreadingHTTPServer):
    """A load tool stopping mid-request closes its sockets; that is expected, not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_server(port: int = 0) -> ThreadingHTTPServer:
    """Serve the fake API on 127.0.0.1 in a background thread; port 0 picks a free one."""
    server = QuietServer(("127.0.0.1", port), MyMonkaHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
