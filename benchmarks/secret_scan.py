"""Secret-scan throughput on one large real tree, against detect-secrets and ripgrep, in one run.

    .venv/bin/python benchmarks/secret_scan.py [--tree PATH] [--skip-detect-secrets]

Every tool scans the same tree with a warm page cache. Throughput is the bytes
of text our scanner reads (files under its 1 MB cap, binaries left out) over
wall time, and over CPU time for the per-core figure, so the ratios compare
time on the same input whatever each tool decides to read. Baselines, named in
the output: detect-secrets (``detect-secrets scan --all-files``), ripgrep with
the same rules (``rg -f``), and Python's ``re`` with the same rules on a sample.
The machine may be shared: run it twice and read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from readiness.secret_scan import RULES, default_scanner, read_small_text, scan_files, scan_texts

DEFAULT_TREE = (
    Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
)
MB = 1_000_000


@dataclass
class Timing:
    name: str
    wall: float
    cpu: float
    scanned: int

    @property
    def throughput(self) -> float:
        return self.scanned / MB / self.wall

    @property
    def per_core(self) -> float:
        return self.scanned / MB / max(self.cpu, 1e-9)

    def line(self, ours: Timing | None = None) -> str:
        """One row; with ``ours``, how many times faster than this baseline readiness is."""
        versus = (
            f"   readiness {ours.throughput / self.throughput:6.1f}× faster, "
            f"{ours.per_core / self.per_core:6.1f}× per core"
            if ours
            else ""
        )
        return (
            f"{self.name:48} {self.wall:8.2f} s {self.throughput:9.1f} MB/s "
            f"{self.per_core:9.1f} MB/s/core{versus}"
        )


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (worker pools, detect-secrets, rg)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(name: str, scanned: int, run: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), _cpu_seconds()
    run()
    return Timing(name, time.perf_counter() - wall, _cpu_seconds() - cpu, scanned)


def tree_files(root: Path) -> list[str]:
    """Regular files under ``root``, symlinks left out, as paths relative to it."""
    paths = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            full = os.path.join(folder, name)
            if not os.path.islink(full):
                paths.append(os.path.relpath(full, root))
    return sorted(paths)


def ripgrep_patterns(folder: Path, ascii_only: bool) -> Path:
    """The scanner's rules, written for ``rg -f`` (one regex a line, flags inline).

    ``ascii_only`` adds ``(?-u)``: \\w, \\s and \\b then mean what they mean to Hyperscan on bytes,
    which is the like-for-like comparison; ripgrep's default Unicode classes are much slower.
    """
    path = folder / ("rules-ascii.txt" if ascii_only else "rules-unicode.txt")
    flags = "(?-u)" if ascii_only else ""
    path.write_text(
        "".join(flags + ("(?i)" if rule.caseless else "") + rule.pattern + "\n" for rule in RULES)
    )
    return path


def run_ripgrep(root: Path, patterns: Path, threads: int) -> None:
    subprocess.run(
        [
            "rg",
            "--no-config",
            "--hidden",
            "--no-ignore",
            "--max-filesize",
            "1M",
            "-c",
            "-j",
            str(threads),
            "-f",
            str(patterns),
            ".",
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        check=False,
    )


def run_detect_secrets(root: Path) -> None:
    """detect-secrets only scans paths under its working directory, so it runs from the tree."""
    executable = shutil.which("detect-secrets", path=str(Path(sys.executable).parent)) or "detect-secrets"
    subprocess.run([executable, "scan", "--all-files", "."], cwd=root, stdout=subprocess.DEVNULL, check=True)


def python_re_scan(contents: list[bytes]) -> None:
    """The naive engine: every rule with Python's ``re`` over every file."""
    compiled = [
        re.compile((b"(?im)" if rule.caseless else b"(?m)") + rule.pattern.encode()) for rule in RULES
    ]
    for data in contents:
        for regex in compiled:
            for _match in regex.finditer(data):
                pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=DEFAULT_TREE)
    parser.add_argument(
        "--sample-mb", type=float, default=10.0, help="text scanned by the slow Python `re` baseline"
    )
    parser.add_argument("--skip-detect-secrets", action="store_true")
    args = parser.parse_args()

    root = args.tree.resolve()
    paths = tree_files(root)
    tree_bytes = sum((root / p).stat().st_size for p in paths)
    contents = {p: read_small_text(root / p) for p in paths}  # also warms the page cache
    scanned = sum(len(data) for data in contents.values())
    print(
        f"tree {root}: {len(paths)} files, {tree_bytes / MB:.0f} MB on disk, "
        f"{scanned / MB:.0f} MB of text under the 1 MB cap; {os.cpu_count()} cores"
    )
    default_scanner()  # compile outside the timings

    texts = {p: data.decode("utf-8", "replace") for p, data in contents.items() if data}
    hits = scan_texts(texts)
    print(f"readiness finds {len(hits)} hits in {hits['path'].nunique()} files")

    sample, size = [], 0
    for data in contents.values():
        if size >= args.sample_mb * MB:
            break
        sample.append(data)
        size += len(data)

    with tempfile.TemporaryDirectory() as tmp:
        timings = [
            timed("readiness scan_files, 1 process (from disk)", scanned, lambda: scan_files(root, paths)),
            timed(
                "readiness scan_files, 2 processes (from disk)",
                scanned,
                lambda: scan_files(root, paths, processes=2),
            ),
            timed("readiness scan_texts (collector, in memory)", scanned, lambda: scan_texts(texts)),
            timed(f"python re, same rules ({size / MB:.0f} MB sample)", size, lambda: python_re_scan(sample)),
        ]
        if shutil.which("rg"):
            unicode, ascii_only = ripgrep_patterns(Path(tmp), False), ripgrep_patterns(Path(tmp), True)
            timings += [
                timed(
                    "ripgrep -j1, same rules, Unicode classes", scanned, lambda: run_ripgrep(root, unicode, 1)
                ),
                timed(
                    "ripgrep -j1, same rules, ASCII (?-u)", scanned, lambda: run_ripgrep(root, ascii_only, 1)
                ),
                timed(
                    "ripgrep all cores, same rules, ASCII (?-u)",
                    scanned,
                    lambda: run_ripgrep(root, ascii_only, os.cpu_count() or 1),
                ),
            ]
        else:
            print("ripgrep is not installed (apt-get install ripgrep): its baseline is left out")
        if not args.skip_detect_secrets:
            timings.append(
                timed("detect-secrets scan --all-files", scanned, lambda: run_detect_secrets(root))
            )

    ours, baselines = timings[0], timings[3:]
    print(f"\nreadiness = {ours.name}; the ratios compare throughputs on the same input")
    for timing in timings[:3]:
        print(timing.line())
    for timing in baselines:
        print(timing.line(ours))


if __name__ == "__main__":
    main()
