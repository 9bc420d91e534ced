"""What the training's examples and handouts cost, as ratios against a baseline measured in the same run.

    .venv/bin/python benchmarks/training_examples.py [--handout]

- Baseline: one `assess` of a one-file repository (git init + add + every check),
  the least a lesson can cost.
- Examples: every bad and good example of the course judged once, as the notebook does.
  The goal: about 2 × the baseline per variant or less (writing the files and the
  example's own content are all that is added).
- --handout: one learner handout (papermill + nbconvert), against the examples' time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from readiness import training
from readiness.assessment import assess
from readiness.config import config_from_data
from readiness.handouts import build_handout

AS_OF = dt.date(2026, 1, 31)


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def baseline(workdir: Path) -> None:
    root = training.write_repository({"README.md": "# baseline\n"}, workdir / "baseline")
    assess(
        config_from_data(
            {"name": "baseline", "profile": "product", "evidence": {"repositories": [str(root)]}}, None
        ),
        as_of=AS_OF,
    )


def all_examples(workdir: Path) -> None:
    for example in training.examples():
        training.judge_example(example, workdir, AS_OF)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handout", action="store_true", help="also time one HTML handout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readiness-bench-training-") as tmp:
        workdir = Path(tmp)
        timed(baseline, workdir / "warm-up")
        base = timed(baseline, workdir)
        variants = 2 * len(training.examples())
        examples = timed(all_examples, workdir)
        print(f"baseline (one-file repo, one assess): {base * 1000:.0f} ms")
        each = examples / variants
        print(
            f"examples: {variants} variants in {examples:.2f} s = {each * 1000:.0f} ms each, "
            f"{each / base:.2f} × baseline (goal ≤ 2)"
        )
        if args.handout:
            handout = timed(build_handout, "en", "learner", workdir / "out", AS_OF)
            print(f"handout (papermill + nbconvert): {handout:.1f} s = {handout / examples:.1f} × examples")


if __name__ == "__main__":
    main()
