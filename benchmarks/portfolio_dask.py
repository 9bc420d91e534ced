"""Portfolio speed-up on Dask: the same generated portfolio on 1 worker, then on 2, in one run.

    .venv/bin/python benchmarks/portfolio_dask.py [--products 200] [--files 40]

Generates ``--products`` small git repositories (JavaScript and Python sources,
tests, manifests, a pipeline) under a temporary folder, then assesses them with
:func:`readiness.distributed.run_portfolio` on a local cluster of one
single-threaded worker process (the named baseline) and of two. Each cluster is
warmed up first (imports, first task) so the timing is the steady state a CTO's
portfolio sees. The target is a speed-up of at least 1.8x from 1 to 2 workers on
a 2-core machine. The machine may be shared: the two set-ups alternate
``--repeats`` times and the best time of each is kept, and the load average is
printed beside them; a ratio measured on a busy machine says little.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readiness.distributed import connect, run_portfolio
from readiness.portfolio_file import PortfolioEntry

AS_OF = dt.date(2026, 11, 25)
TARGET_SPEEDUP = 1.8
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "PATH": "/usr/bin:/bin",
}


def source_file(index: int) -> str:
    handlers = "\n".join(
        f"export async function handler{n}(req) {{\n  try {{\n    const res = await fetch(`/api/{n}`);\n"
        f"    return res.json();\n  }} catch (error) {{\n    console.error(error);\n    throw error;\n"
        f"  }}\n}}\n"
        for n in range(index % 5 + 3)
    )
    return f"import {{ useState }} from 'react';\n\n{handlers}"


def generate_repo(root: Path, index: int, files: int) -> Path:
    """A small product repository, varied a little so the checks do not all see the same thing."""
    tree = {
        "package.json": f'{{"name": "product-{index}", "scripts": {{"test": "vitest", "build": '
        f'"vite build"}}, "dependencies": {{"react": "^18.3.0"}}}}',
        "README.md": f"# Product {index}\n\nRun `npm test`.\n"
        + ("## Rollback\nVercel instant rollback.\n" if index % 3 else ""),
        ".github/workflows/ci.yml": "on: [push]\njobs:\n  ci:\n    runs-on: ubuntu-latest\n    "
        "steps:\n      - run: npm test\n      - run: npm run lint\n",
        "pyproject.toml": f'[project]\nname = "svc{index}"\ndependencies = ["fastapi"]\n'
        "[tool.pytest.ini_options]\n",
    }
    for n in range(files):
        tree[f"src/module{n}.js"] = source_file(n + index)
        if n % 4 == 0:
            tree[f"src/module{n}.test.js"] = (
                f"import {{ handler0 }} from './module{n}';\n"
                "test('works', () => expect(handler0).toBeDefined());\n"
            )
        if n % 5 == 0:
            tree[f"app/service{n}.py"] = (
                "import logging\n\nlog = logging.getLogger(__name__)\n\n"
                "def run(x):\n    try:\n        return 1 / x\n    except "
                "ZeroDivisionError:\n        log.exception('x')\n        raise\n"
            )
    for rel, text in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "initial"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=GIT_ENV)
    return root


def generate_portfolio(folder: Path, products: int, files: int) -> list[PortfolioEntry]:
    return [
        PortfolioEntry(
            name=f"product-{i}", repo=generate_repo(folder / f"product-{i}", i, files), profile="product"
        )
        for i in range(products)
    ]


def timed_run(entries: list[PortfolioEntry], workers: int) -> float:
    with connect("local", workers=workers) as client:
        run_portfolio(entries[: workers * 2], client, AS_OF, progress=None)  # warm-up
        start = time.perf_counter()
        run = run_portfolio(entries, client, AS_OF, progress=sys.stderr)
        elapsed = time.perf_counter() - start
    if not run.failures.empty:
        raise SystemExit(f"{len(run.failures)} product(s) failed:\n{run.failures.to_string()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=200)
    parser.add_argument("--files", type=int, default=40, help="source files per repository")
    parser.add_argument("--repeats", type=int, default=2, help="alternated runs of each set-up")
    args = parser.parse_args()
    best = {1: float("inf"), 2: float("inf")}
    with tempfile.TemporaryDirectory(prefix="readiness-portfolio-") as tmp:
        start = time.perf_counter()
        entries = generate_portfolio(Path(tmp), args.products, args.files)
        print(f"generated {len(entries)} repositories in {time.perf_counter() - start:.1f} s")
        for _ in range(args.repeats):
            for workers in best:
                elapsed = timed_run(entries, workers)
                best[workers] = min(best[workers], elapsed)
                print(f"{workers} worker(s): {elapsed:.1f} s, load average {os.getloadavg()[0]:.1f}")
    one, two = best[1], best[2]
    speedup = one / two
    print(f"baseline 1 worker (best): {one:.1f} s ({one / len(entries) * 1000:.0f} ms per product)")
    print(f"2 workers (best):         {two:.1f} s ({two / len(entries) * 1000:.0f} ms per product)")
    print(f"speed-up 1 -> 2 workers: {speedup:.2f}x (target >= {TARGET_SPEEDUP}x)")
    return 0 if speedup >= TARGET_SPEEDUP else 1


if __name__ == "__main__":
    sys.exit(main())
