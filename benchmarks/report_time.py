"""Wall time of `readiness report` on the demo product, as a ratio to a bare papermill + nbconvert run.

The baseline executes a trivial notebook (a parameters cell and `1 + 1`) with the
same kernel and renders it with nbconvert's stock lab template; both include one
kernel start. Two more lines say where the gap comes from: a notebook that only
runs the scorecard's import cell (the kernel's imports), and the assessment alone,
timed warm in this process (the collectors' and checks' own work, which any report
of the product pays). Target: report ≤ 1.3× baseline.

Run on demand:  .venv/bin/python benchmarks/report_time.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import papermill
from nbconvert import HTMLExporter

from readiness.assessment import assess
from readiness.config import load_config
from readiness.report import KERNEL, SCORECARD_NOTEBOOK, build_report

ROOT = Path(__file__).resolve().parents[1]
DEMO_CONFIG = ROOT / "data" / "demo" / "mymonka" / "readiness.yml"
TARGET = 1.3
AS_OF = dt.date(2026, 11, 26)


def notebook_with(source: str, folder: Path, name: str) -> Path:
    parameters = nbformat.v4.new_code_cell("lang = 'en'", metadata={"tags": ["parameters"]})
    notebook = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(notebook, path)
    return path


def bare_run(notebook: Path, folder: Path) -> None:
    """papermill + nbconvert with nothing of ours: the floor any notebook report pays."""
    executed = folder / f"{notebook.stem}.out.ipynb"
    papermill.execute_notebook(
        str(notebook), str(executed), parameters={"lang": "en"}, kernel_name=KERNEL, progress_bar=False
    )
    body, _ = HTMLExporter(template_name="lab").from_filename(str(executed))
    executed.with_suffix(".html").write_text(body, encoding="utf-8")


def interleaved_medians(tasks: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each task, run in turns so a busy machine slows them all alike."""
    times: dict[str, list[float]] = {name: [] for name in tasks}
    for _ in range(repeat):
        for name, task in tasks.items():
            start = time.perf_counter()
            task()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        trivial = notebook_with("1 + 1", folder, "trivial.ipynb")
        imports = notebook_with(
            nbformat.read(SCORECARD_NOTEBOOK, as_version=4).cells[0].source, folder, "imports.ipynb"
        )
        bare_run(trivial, folder)  # warm the disk cache and the parent's imports
        medians = interleaved_medians(
            {
                "baseline": lambda: bare_run(trivial, folder),
                "imports": lambda: bare_run(imports, folder),
                "report": lambda: build_report(DEMO_CONFIG, out_dir=folder / "reports", as_of="2026-11-26"),
                "assess": lambda: assess(load_config(DEMO_CONFIG), as_of=AS_OF),
            },
            args.repeat,
        )
    baseline = medians["baseline"]
    print(f"baseline (papermill + nbconvert, trivial notebook): {baseline:6.2f} s")
    print(
        f"imports only (the scorecard's import cell):      {medians['imports']:6.2f} s "
        f"= {medians['imports'] / baseline:.2f}x baseline"
    )
    print(
        f"readiness report, MyMonka demo:                      {medians['report']:6.2f} s "
        f"= {medians['report'] / baseline:.2f}x baseline (target <= {TARGET}x)"
    )
    floor = baseline + medians["assess"]
    print(
        f"assessment alone (warm, in this process):            {medians['assess']:6.2f} s; report = "
        f"{medians['report'] / floor:.2f}x (baseline + assessment)"
    )


if __name__ == "__main__":
    main()
