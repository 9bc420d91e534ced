"""Disk kept per report run: the executed notebook, the page and the JSON, lean against embedded.

    .venv/bin/python benchmarks/report_disk.py [--config data/demo/mymonka/readiness.yml]

Every `readiness report` and every scheduled run keeps its executed notebook beside the HTML page.
The baseline, named in the output, is the notebook as it was kept before: plotly.js (several MB)
embedded in it, beside a page that carries it too. The lean run is what `readiness report` does
now: the notebook keeps each figure's JSON and the page inlines plotly.js once. Sizes are bytes on
disk, so the ratio is exact; a year of weekly runs is 52 of them.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from readiness.report import SCORECARD_NOTEBOOK, execute_and_render, render_html

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo" / "mymonka" / "readiness.yml"
WEEKLY_RUNS_A_YEAR = 52


def run_sizes(config: Path, embed_plotly: bool, folder: Path) -> dict[str, int]:
    """Bytes of each file one run keeps."""
    ipynb, html, json_path = folder / "scorecard.ipynb", folder / "scorecard.html", folder / "assessment.json"
    parameters = {
        "config_path": str(config.resolve()),
        "json_path": str(json_path),
        "as_of": "2026-12-05",
        "embed_plotly": embed_plotly,
    }
    failure = execute_and_render(
        SCORECARD_NOTEBOOK, ipynb, parameters, lambda: render_html(ipynb, html, "en", "bench")
    )
    if failure:
        raise SystemExit(f"the scorecard failed: {failure}")
    return {path.name: path.stat().st_size for path in (ipynb, html, json_path)}


def megabytes(size: int) -> str:
    return f"{size / 1e6:7.2f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=DEMO)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readiness-disk-") as tmp:
        runs = {}
        for label, embed in (("embedded (baseline)", True), ("lean", False)):
            folder = Path(tmp) / label.split()[0]
            folder.mkdir()
            runs[label] = run_sizes(args.config, embed, folder)
    baseline = sum(runs["embedded (baseline)"].values())
    print(f"{'run':<20} {'notebook':>10} {'page':>10} {'json':>10} {'per run':>10} {'a year':>10} ratio")
    for label, sizes in runs.items():
        total = sum(sizes.values())
        print(
            f"{label:<20} {megabytes(sizes['scorecard.ipynb'])} {megabytes(sizes['scorecard.html'])} "
            f"{megabytes(sizes['assessment.json'])} {megabytes(total)} "
            f"{megabytes(total * WEEKLY_RUNS_A_YEAR)} {total / baseline:.2f}×"
        )
    lean = runs["lean"]
    print(
        f"lean notebook: {runs['embedded (baseline)']['scorecard.ipynb'] / lean['scorecard.ipynb']:.1f}× "
        f"smaller than the baseline's; a year of weekly runs keeps "
        f"{sum(lean.values()) * WEEKLY_RUNS_A_YEAR / 1e6:.0f} MB"
    )


if __name__ == "__main__":
    main()
