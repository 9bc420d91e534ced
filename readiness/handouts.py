"""`readiness training`: the training notebook as offline HTML handouts, for trainers and learners.

The notebook is executed with papermill and rendered with the report's offline
exporter (:mod:`readiness.report`), so a handout, like a report, fetches nothing
when opened. The two versions differ by configuration only: the learner's
leaves out the cells tagged ``answers`` (TagRemovePreprocessor), the trainer's
keeps them.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from readiness.commands import iso_date, subcommand
from readiness.errors import ReportError, UsageError
from readiness.locales import t
from readiness.report import PACKAGE, execute_and_render, export_html, html_exporter
from readiness.training import check_language, course

log = logging.getLogger(__name__)
TRAINING_NOTEBOOK = PACKAGE / "notebooks" / "training.ipynb"
VERSIONS = ("trainer", "learner")
ANSWER_TAGS = frozenset({"answers"})


@dataclass(frozen=True)
class Handout:
    html_path: Path
    ipynb_path: Path
    readiness_yml: Path


def handout_exporter(lang: str, version: str) -> HTMLExporter:
    """The report's exporter; the learner's version also drops the answer cells."""
    config = copy.deepcopy(html_exporter(lang).config)
    if version == "learner":
        removed = set(config.TagRemovePreprocessor.remove_cell_tags) | ANSWER_TAGS
        config.TagRemovePreprocessor.remove_cell_tags = removed
    return HTMLExporter(config=config)


def strip_answers(ipynb_path: Path) -> Path:
    """The learner's executed notebook loses its answer cells too, not only its HTML."""
    notebook = nbformat.read(ipynb_path, as_version=4)
    remover = TagRemovePreprocessor(enabled=True, remove_cell_tags=set(ANSWER_TAGS))
    notebook, _resources = remover.preprocess(notebook, {})
    nbformat.write(notebook, ipynb_path)
    return ipynb_path


def render_handout(ipynb_path: Path, html_path: Path, lang: str, version: str) -> Path:
    notebook = nbformat.read(ipynb_path, as_version=4)
    notebook.metadata["title"] = course()["title"][lang]
    notebook.metadata["readiness"] = {"filter_placeholder": t(lang, "search")}
    return export_html(handout_exporter(lang, version), notebook, html_path)


def _render_version(ipynb_path: Path, html_path: Path, lang: str, version: str) -> Path:
    """The learner's notebook loses its answers before its page is rendered, even a partial one."""
    if version == "learner":
        strip_answers(ipynb_path)
    return render_handout(ipynb_path, html_path, lang, version)


def build_handout(
    lang: str, version: str, out_dir: Path, as_of: dt.date | None = None, notebook: Path = TRAINING_NOTEBOOK
) -> Handout:
    """Run the course without widgets and write training-<lang>-<version>.{ipynb,html}.

    The example repositories go to a temporary folder removed afterwards; the
    self-assessment's readiness.yml stays beside the handout, which shows how to assess
    it. On a failing cell the partial handout is still rendered and a ReportError names it.
    """
    check_language(lang)
    if version not in VERSIONS:
        raise UsageError(f"unknown handout version {version!r}; known: {', '.join(VERSIONS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ipynb_path = out_dir / f"training-{lang}-{version}.ipynb"
    html_path = ipynb_path.with_suffix(".html")
    readiness_yml = out_dir / f"training-{lang}-{version}-readiness.yml"
    readiness_yml.unlink(missing_ok=True)  # our own output of an earlier run
    log.info("handout started", extra={"lang": lang, "version": version})
    with tempfile.TemporaryDirectory(prefix="readiness-training-") as workdir:
        parameters = {
            "lang": lang,
            "interactive": False,
            "workdir": workdir,
            "as_of": as_of.isoformat() if as_of else None,
            "self_assessment_file": str(readiness_yml.resolve()),
            "version": version,
        }
        failure = execute_and_render(
            notebook, ipynb_path, parameters, lambda: _render_version(ipynb_path, html_path, lang, version)
        )
    if failure:
        partial = str(html_path) if html_path.exists() else None
        raise ReportError(f"the training notebook failed: {failure}".splitlines()[0], partial) from failure
    log.info("handout written", extra={"html": str(html_path)})
    return Handout(html_path=html_path, ipynb_path=ipynb_path, readiness_yml=readiness_yml)


def _training_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=["en", "fr"], default="en", help="language of the handout")
    p.add_argument(
        "--audience",
        dest="version",
        choices=list(VERSIONS),
        default="learner",
        help="trainer (answers shown) or learner (answers hidden); not --version, which "
        "is the tool's own version",
    )
    p.add_argument("--out", type=Path, default=Path("reports") / "training", help="output folder")
    p.add_argument("--as-of", type=iso_date, help="judge the examples as of this date (YYYY-MM-DD)")


@subcommand("training", _training_args)
def run_training(args: argparse.Namespace) -> int:
    handout = build_handout(args.lang, args.version, args.out, as_of=args.as_of)
    print(handout.html_path)
    return 0
