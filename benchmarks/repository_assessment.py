"""Whole repository collection and assessment on one large real tree, one worker against two.

    .venv/bin/python benchmarks/repository_assessment.py [--tree PATH] [--workers 1 2]

The default tree is a copy of this virtualenv's site-packages (several hundred
MB of Python, some JavaScript and TypeScript), initialised as a git repository
under /tmp once and reused, so ``git ls-files``, the history and the gitignore
rules take the same path as on a product's repository. Each run collects the
repository (inventory, texts, manifests, tree-sitter parse in a process pool)
and then runs every check (in a pool of as many processes forked from the one holding the facts);
the baseline, named in the output, is the same run
with one worker. The machine may be shared: configurations alternate over ``--repeat`` rounds and
each timing is the median; read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from readiness.assessment import judge_evidence
from readiness.catalogue import profile
from readiness.collectors import collect_evidence
from readiness.config import config_from_data

SITE_PACKAGES = (
    Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
)
DEFAULT_COPY = Path("/tmp/readiness-bench/site-packages")
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "PATH": "/usr/bin:/bin",
}


def prepare_tree(source: Path, copy: Path) -> Path:
    """A git repository holding a copy of ``source`` (made once, then reused)."""
    if (copy / ".git").is_dir():
        return copy
    print(f"copying {source} to {copy} and committing it (once)…", flush=True)
    shutil.copytree(source, copy, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "tree"]):
        subprocess.run(["git", "-C", str(copy), *args], check=True, env=GIT_ENV)
    return copy


def run(tree: Path, workers: int) -> dict:
    data = {
        "name": "bench",
        "profile": "product",
        "evidence": {"repositories": [{"path": str(tree), "workers": workers, "history_depth": 50}]},
        "checks": {"workers": workers},
    }
    config = config_from_data(data, None)
    started = time.perf_counter()
    evidence = collect_evidence(config)
    collected = time.perf_counter()
    judge_evidence(evidence, config, profile("product"), dt.date(2026, 11, 26))
    judged = time.perf_counter()
    facts = evidence.facts[0]
    return {
        "workers": workers,
        "files": len(facts.tables["files"]),
        "parsed": int(facts.tables["files"]["path"].map(_is_source).sum()),
        "text_mb": sum(len(t) for t in facts.values["texts"].values()) / 1e6,
        "collect_s": collected - started,
        "checks_s": judged - collected,
        "total_s": judged - started,
    }


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_parallelism(workers: int, n: int = 20_000_000) -> float:
    """Speed-up of pure CPU work on ``workers`` processes here and now: the ceiling for ours.

    On a shared machine the second core is often busy; this says how busy, in the same run.
    """
    started = time.perf_counter()
    for _ in range(workers):
        _burn(n)
    serial = time.perf_counter() - started
    with ProcessPoolExecutor(max_workers=workers) as pool:
        started = time.perf_counter()
        list(pool.map(_burn, [n] * workers))
        parallel = time.perf_counter() - started
    return serial / parallel


def median_run(runs: list[dict]) -> dict:
    """Each timing's median over the rounds: a shared machine's bursts land in one round, not all."""
    timings = ("collect_s", "checks_s", "total_s")
    return {**runs[0], **{key: statistics.median(r[key] for r in runs) for key in timings}}


def _is_source(path: str) -> bool:
    return path.endswith((".py", ".js", ".jsx", ".ts", ".tsx", ".mjs", ".cjs"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--tree", type=Path, help="a git repository to assess (default: a copy of site-packages under /tmp)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--repeat", type=int, default=3, help="rounds, each configuration once per round (medians shown)"
    )
    args = parser.parse_args()
    tree = args.tree or prepare_tree(SITE_PACKAGES, DEFAULT_COPY)
    ceiling = statistics.median(machine_parallelism(max(args.workers)) for _ in range(args.repeat))
    rounds = [[run(tree, workers) for workers in args.workers] for _ in range(args.repeat)]
    results = [median_run([r[i] for r in rounds]) for i in range(len(args.workers))]
    baseline = results[0]
    print(
        f"tree: {tree}  files: {baseline['files']}  source files parsed: {baseline['parsed']}  "
        f"text read: {baseline['text_mb']:.0f} MB"
    )
    print(
        f"{'workers':>7} {'collect s':>10} {'checks s':>9} {'total s':>8} {'files/s':>8} "
        f"{'speed-up vs ' + str(baseline['workers']) + ' worker':>22}"
    )
    for result in results:
        print(
            f"{result['workers']:>7} {result['collect_s']:>10.1f} {result['checks_s']:>9.1f} "
            f"{result['total_s']:>8.1f} {result['files'] / result['total_s']:>8.0f} "
            f"{baseline['total_s'] / result['total_s']:>21.2f}×"
        )
    print(
        f"collection speed-up with {results[-1]['workers']} workers: "
        f"{baseline['collect_s'] / results[-1]['collect_s']:.2f}×; pure CPU work on "
        f"{max(args.workers)} processes, same machine, same run: {ceiling:.2f}×"
    )


if __name__ == "__main__":
    main()
