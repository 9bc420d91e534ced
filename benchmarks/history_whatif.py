"""History store and what-if costs, as ratios against baselines measured in the same run.

    .venv/bin/python benchmarks/history_whatif.py [--runs 500] [--repeat 3]

- History, write: recording --runs runs with HistoryStore.record (temporary file,
  fsync, atomic no-replace link) against the baseline of writing the same JSON with
  a plain ``Path.write_text`` (neither atomic nor durable). The ratio is the price
  of never showing a half record and never overwriting one.
- History, read: ``HistoryStore.runs()`` over those records (parse and check each),
  per record.
- History, concurrency: the same --runs records written by 4 processes at once,
  against 1 process (baseline): the store needs no lock, so 4 writers should not be
  slower than one.
- What-if: one re-judgement (:func:`readiness.whatif.rejudge`) on the MyMonka demo
  against the baseline of a full ``assess`` of it (collecting included). Toggling in
  the explorer costs one re-judgement, whatever the number of toggles.
The fastest of --repeat rounds is kept for each measurement (a shared machine is noisy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from readiness.history import HistoryStore, run_record  # noqa: E402
from tests.history_support import MONDAY, assessment_dict  # noqa: E402

WRITERS = 4


def fastest(repeat: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(repeat))


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _records(count: int, offset: int = 0) -> list[dict]:
    return [assessment_dict(run_id=f"r{offset + i}") for i in range(count)]


def write_plain(folder: Path, records: list[dict]) -> None:
    folder.mkdir(parents=True)
    for i, data in enumerate(records):
        entry = run_record(data, "report", MONDAY + dt.timedelta(minutes=i))
        (folder / f"{i}.json").write_text(json.dumps(entry.to_dict(), indent=1, sort_keys=True))


def write_store(folder: Path, records: list[dict]) -> None:
    store = HistoryStore(folder)
    for i, data in enumerate(records):
        store.record(data, "report", MONDAY + dt.timedelta(minutes=i))


def _writer(folder: str, worker: int, count: int, start) -> None:
    start.wait(timeout=60)
    write_store(Path(folder), _records(count, offset=worker * count))


def write_concurrently(folder: Path, total: int, writers: int) -> float:
    context = multiprocessing.get_context("fork")
    start = context.Barrier(writers + 1)
    processes = [
        context.Process(target=_writer, args=(str(folder), n, total // writers, start))
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait(timeout=60)
    began = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - began
    if any(p.exitcode for p in processes) or len(HistoryStore(folder).runs()) != total:
        raise SystemExit("concurrent writers lost or damaged records")
    return elapsed


def history_figures(runs: int, repeat: int) -> None:
    records = _records(runs)
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as tmp:
        root = Path(tmp)

        def fresh(name: str) -> Path:
            shutil.rmtree(root / name, ignore_errors=True)
            return root / name

        plain = fastest(repeat, lambda: _timed(lambda: write_plain(fresh("plain"), records)))
        store = fastest(repeat, lambda: _timed(lambda: write_store(fresh("store"), records)))
        read = fastest(repeat, lambda: _timed(lambda: HistoryStore(root / "store").runs()))
        one = fastest(repeat, lambda: write_concurrently(fresh("one"), runs, 1))
        many = fastest(repeat, lambda: write_concurrently(fresh("many"), runs, WRITERS))
    print(
        f"history write, {runs} runs: store {store:.3f} s vs plain write_text {plain:.3f} s "
        f"-> ratio {store / plain:.2f} ({1000 * store / runs:.2f} ms per run)"
    )
    print(f"history read, {runs} runs: {read:.3f} s ({1000 * read / runs:.2f} ms per run)")
    print(
        f"history concurrency: {WRITERS} writers {many:.3f} s vs 1 writer {one:.3f} s "
        f"-> ratio {many / one:.2f}"
    )


def whatif_figures(repeat: int) -> None:
    from readiness.assessment import assess
    from readiness.config import load_config
    from readiness.whatif import rejudge

    config = load_config(ROOT / "data" / "demo" / "mymonka" / "readiness.yml")
    as_of = dt.date(2026, 11, 2)
    assessment = assess(config, as_of=as_of)
    full = fastest(repeat, lambda: _timed(lambda: assess(config, as_of=as_of)))
    again = fastest(repeat, lambda: _timed(lambda: rejudge(assessment, assessment.config)))
    print(f"what-if re-judgement {again:.3f} s vs full assess {full:.3f} s -> ratio {again / full:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    history_figures(args.runs, args.repeat)
    whatif_figures(args.repeat)


if __name__ == "__main__":
    main()
