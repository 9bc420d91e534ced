"""Record MyMonka's load-test evidence by really running the tools against a local stand-in API.

    .venv/bin/python data/demo/load_tests/record.py [--out DIR]

Starts the fake MyMonka API on 127.0.0.1 (never anything else), then runs,
each bounded in time: Locust (headless, 10 users, 8 s), Artillery v2 if an
`artillery` binary is found ($ARTILLERY, then PATH), JMeter if `jmeter` works.
k6 cannot be installed here, so its four outputs are written to k6's documented
formats by k6_samples.py. The runs stay well below MyMonka's target load: the
seed's story is "architecture OK, but no load test at the target".
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from k6_samples import write_k6_samples  # noqa: E402
from mymonka_api import start_server  # noqa: E402

log = logging.getLogger("record")
TOOL_TIMEOUT_S = 90


def _run(command: list[str], env: dict[str, str] | None = None) -> bool:
    """Run one tool; a failure is logged with its output's tail and the recording goes on."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TOOL_TIMEOUT_S,
                              env={**os.environ, **(env or {})})
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("%s could not run: %s", command[0], exc)
        return False
    if done.returncode != 0 or "Error in NonGUIDriver" in done.stdout:
        log.warning("%s failed (exit %s): %s", command[0], done.returncode,
                    (done.stdout + done.stderr).strip()[-400:])
        return False
    return True


def record_locust(port: int, out: Path) -> bool:
    out.mkdir(parents=True, exist_ok=True)
    locust = shutil.which("locust") or str(Path(sys.executable).with_name("locust"))
    return _run([locust, "-f", str(HERE / "locustfile.py"), "--headless", "-u", "10", "-r", "5",
                 "-t", "8s", "--host", f"http://127.0.0.1:{port}", "--csv", str(out / "mymonka"),
                 "--csv-full-history", "--only-summary", "--exit-code-on-error", "0"])


def record_artillery(port: int, out: Path) -> bool:
    binary = os.environ.get("ARTILLERY") or shutil.which("artillery")
    if not binary:
        log.warning("artillery not found (set $ARTILLERY): skipped")
        return False
    out.mkdir(parents=True, exist_ok=True)
    return _run([binary, "run", "--output", str(out / "mymonka.json"), str(HERE / "artillery.yml")],
                env={"MYMONKA_PORT": str(port), "ARTILLERY_DISABLE_TELEMETRY": "true"})


def record_jmeter(port: int, out: Path) -> bool:
    if not shutil.which("jmeter"):
        log.warning("jmeter not found: skipped")
        return False
    out.mkdir(parents=True, exist_ok=True)
    done = _run(["jmeter", "-n", "-t", str(HERE / "mymonka.jmx"), "-l", str(out / "mymonka.jtl"),
                 f"-Jport={port}", "-Jusers=4", "-Jseconds=5",
                 "-Jjmeter.save.saveservice.output_format=csv",
                 "-Jjmeter.save.saveservice.print_field_names=true", "-j", os.devnull])
    if not done:
        shutil.rmtree(out, ignore_errors=True)
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    server = start_server()
    port = server.server_address[1]
    try:
        done = {"locust": record_locust(port, args.out / "locust"),
                "artillery": record_artillery(port, args.out / "artillery"),
                "jmeter": record_jmeter(port, args.out / "jmeter")}
    finally:
        server.shutdown()
    write_k6_samples(args.out / "k6", requests=200, vus=20)
    log.info("recorded: %s; k6 samples written by hand", ", ".join(t for t, ok in done.items() if ok))
    return 0 if done["locust"] else 1


if __name__ == "__main__":
    sys.exit(main())
