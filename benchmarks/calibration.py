"""Calibration: the levels `readiness` gives real repositories against a reviewer's blind labels.

    .venv/bin/python benchmarks/calibration.py [--snapshots DIR] [--split tune|holdout|all]
                                               [--disagreements] [--json FILE] [--sample-findings]

The corpus is ``benchmarks/calibration/repos.yml``: public repositories at pinned commits, each
labelled by reading its files (the twelve levels with a one-line why citing files) *before* the
tool was run on it. No third-party code is kept here: a snapshot is a local clone checked out at
the pinned commit, under ``--snapshots`` (default ``~/.cache/readiness/calibration/<slug>``):

    git clone https://github.com/OWNER/NAME ~/.cache/readiness/calibration/<slug>
    git -C ~/.cache/readiness/calibration/<slug> checkout <commit>

Every snapshot present is assessed with the ``product`` profile (levels do not depend on the
profile), and the benchmark prints exact agreement overall, per criterion and per split, the
confusion matrix (label × tool), the count of ``production`` levels where the label is lower,
and the share of spot-checked failing findings that were right (``spot_checks:`` entries).
The checks were tuned on the ``tune`` split only: the ``holdout`` figure is the one that counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

from readiness.assessment import assess
from readiness.catalogue import CRITERION_IDS
from readiness.config import config_from_data

CORPUS = Path(__file__).with_name("calibration") / "repos.yml"
SECOND_LABELS = CORPUS.with_name("second-labels.yml")
SNAPSHOTS = Path.home() / ".cache" / "readiness" / "calibration"
LEVELS = ("absent", "prototype", "partial", "production", "inconclusive", "not_applicable")
RANK = {"absent": 0, "prototype": 1, "partial": 2, "production": 3}
TARGETS = {"agreement": 0.90, "false_production": 0, "spot_checks": 0.95}


def load_corpus(path: Path) -> list[dict]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for entry in entries:
        missing = set(CRITERION_IDS) - set(entry["labels"])
        if missing:
            raise SystemExit(f"{path}: {entry['slug']} has no label for {', '.join(sorted(missing))}")
    return entries


def snapshot_commit(folder: Path) -> str | None:
    """The commit a snapshot has checked out (None for a folder that is not a clone)."""
    done = subprocess.run(
        ["git", "-c", "core.fsmonitor=false", "-C", str(folder), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() if done.returncode == 0 else None


def tool_levels(slug: str, folder: str, as_of: str) -> dict[str, str]:
    """The level `readiness` gives each criterion of one snapshot (run in a worker process)."""
    return {r.criterion: r.level.value for r in assess_snapshot(slug, folder, as_of).criteria}


def assess_snapshot(slug: str, folder: str, as_of: str):
    data = {"name": slug, "profile": "product", "evidence": {"repositories": [folder]}}
    return assess(config_from_data(data, None), as_of=dt.date.fromisoformat(as_of))


def sample_failing_findings(entries: list[dict], snapshots: Path, as_of: str, seed: int = 2026) -> None:
    """One failing finding with a cited file per repository, drawn at random (``seed``), printed for a
    reviewer to verify by reading the cited lines; verdicts go back as ``spot_checks:`` entries."""
    for entry in entries:
        rng = random.Random(f"{seed}-{entry['slug']}")  # one draw per repository, stable across changes
        result = assess_snapshot(entry["slug"], str(snapshots / entry["slug"]), as_of)
        cited = [
            (f, ref)
            for c in result.criteria
            for f in c.findings
            if f.status.value == "fail"
            for ref in f.evidence[:1]
            if ref.path
        ]
        if not cited:
            print(f"{entry['slug']}: no cited failing finding")
            continue
        finding, ref = rng.choice(cited)
        print(
            f"{entry['slug']}: {finding.check_id} cites {ref.path}:{ref.line or ''} "
            f"[{(ref.excerpt or '')[:80]}] — {finding.message[:140]}"
        )


def compare(entries: list[dict], snapshots: Path, as_of: str, workers: int) -> list[dict]:
    """One row per (repository, criterion) whose snapshot is present at its pinned commit."""
    present = []
    for entry in entries:
        folder = snapshots / entry["slug"]
        commit = snapshot_commit(folder) if folder.is_dir() else None
        if commit is None:
            print(f"  skipped {entry['slug']}: no snapshot in {folder}", file=sys.stderr)
        elif commit != entry["commit"]:
            print(
                f"  skipped {entry['slug']}: snapshot at {commit[:12]}, labelled {entry['commit'][:12]}",
                file=sys.stderr,
            )
        else:
            present.append((entry, folder))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(tool_levels, e["slug"], str(f), as_of) for e, f in present]
        levels = [future.result() for future in futures]
    return [
        {
            "slug": entry["slug"],
            "split": entry["split"],
            "criterion": cid,
            "label": entry["labels"][cid]["level"],
            "tool": got[cid],
            "why": entry["labels"][cid]["why"],
        }
        for (entry, _), got in zip(present, levels, strict=True)
        for cid in CRITERION_IDS
    ]


def agreement(rows: list[dict]) -> str:
    if not rows:
        return "–"
    same = sum(r["label"] == r["tool"] for r in rows)
    return f"{same / len(rows):6.1%} ({same}/{len(rows)})"


def false_production(rows: list[dict]) -> list[dict]:
    """Criteria the tool puts at production where the reviewer put them lower (or could not tell)."""
    return [
        r
        for r in rows
        if r["tool"] == "production" and r["label"] != "production" and r["label"] != "not_applicable"
    ]


def print_confusion(rows: list[dict]) -> None:
    counts = Counter((r["label"], r["tool"]) for r in rows)
    short = {level: level[:6] for level in LEVELS}
    corner = "label \\ tool"
    print(f"  {corner:<15}" + "".join(f"{short[t]:>8}" for t in LEVELS))
    for label in LEVELS:
        print(f"  {label:<15}" + "".join(f"{counts[(label, t)] or '·':>8}" for t in LEVELS))


def spot_check_share(entries: list[dict], split: str) -> tuple[int, int]:
    checks = [c for e in entries if split in ("all", e["split"]) for c in e.get("spot_checks", [])]
    return sum(bool(c["correct"]) for c in checks), len(checks)


def reviewer_agreement(entries: list[dict], second: list[dict]) -> tuple[int, int]:
    """How often a second blind reviewer gave the same level: the ceiling a tool can be held to."""
    first = {e["slug"]: e["labels"] for e in entries}
    pairs = [
        (first[s["slug"]][cid]["level"], level["level"])
        for s in second
        if s["slug"] in first
        for cid, level in s["labels"].items()
    ]
    return sum(a == b for a, b in pairs), len(pairs)


def report(entries: list[dict], rows: list[dict], split: str, disagreements: bool) -> None:
    chosen = [r for r in rows if split in ("all", r["split"])]
    print(f"\nrepositories assessed: {len({r['slug'] for r in chosen})} ({split})")
    for name in ("tune", "holdout"):
        if split in ("all", name):
            print(f"exact agreement, {name:<8} {agreement([r for r in rows if r['split'] == name])}")
    print("\nper criterion:")
    for cid in CRITERION_IDS:
        print(f"  {cid:<16} {agreement([r for r in chosen if r['criterion'] == cid])}")
    print("\nconfusion matrix (rows: label, columns: tool):")
    print_confusion(chosen)
    wrong_production = false_production(chosen)
    print(
        f"\nproduction where the label is lower: {len(wrong_production)}"
        + "".join(f"\n  {r['slug']} {r['criterion']} (label {r['label']})" for r in wrong_production)
    )
    right, total = spot_check_share(entries, split)
    share = f"{right / total:.1%} ({right}/{total})" if total else "–"
    print(f"spot-checked failing findings right: {share}")
    same, pairs = reviewer_agreement(entries, load_corpus(SECOND_LABELS) if SECOND_LABELS.exists() else [])
    if pairs:
        print(
            f"two blind reviewers agree: {same / pairs:.1%} ({same}/{pairs}) "
            "on the repositories labelled twice"
        )
    print(
        f"targets: agreement ≥ {TARGETS['agreement']:.0%} on holdout, {TARGETS['false_production']} "
        f"false production, spot checks ≥ {TARGETS['spot_checks']:.0%}"
    )
    if disagreements:
        print("\ndisagreements:")
        for r in chosen:
            if r["label"] != r["tool"]:
                print(
                    f"  {r['slug']:<40} {r['criterion']:<15} label {r['label']:<13} tool {r['tool']:<13}"
                    f" — {r['why']}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--snapshots", type=Path, default=SNAPSHOTS)
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument(
        "--disagreements", action="store_true", help="list each disagreement with its label's why"
    )
    parser.add_argument("--as-of", default=dt.date.today().isoformat())
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--json", type=Path, help="also write every compared row to FILE")
    parser.add_argument(
        "--sample-findings",
        action="store_true",
        help="print one random failing finding per repository for a spot check, and stop",
    )
    args = parser.parse_args()
    entries = [e for e in load_corpus(args.corpus) if args.split in ("all", e["split"])]
    if args.sample_findings:
        sample_failing_findings(entries, args.snapshots, args.as_of)
        return
    rows = compare(entries, args.snapshots, args.as_of, args.workers)
    report(entries, rows, args.split, args.disagreements)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
