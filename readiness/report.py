"""`readiness report`: run the scorecard notebook with papermill, render it as an offline HTML page.

Execution and rendering are two steps on purpose: when the notebook fails
partway, what ran is still rendered with the error visible, and the caller gets
a :class:`ReportError` naming the partial page. The assessment happens once, in
the notebook, which also writes assessment.json; this module only reads its
verdict back for the exit code.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat
import papermill
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from papermill.exceptions import PapermillExecutionError
from plotly.offline import get_plotlyjs
from traitlets.config import Config as TraitletsConfig

from readiness.assessment import verdict_exit_code
from readiness.atomic import publish_folder, staging_folder
from readiness.catalogue import LANGUAGES, profile
from readiness.errors import ReportError, UsageError
from readiness.locales import t
from readiness.logs import JsonLineFormatter, current_run_id
from readiness.names import slugify
from readiness.validation import load_validated_config

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent
# readiness/notebooks and readiness/demo link to the checkout's notebooks/ and data/demo/, and are
# copied into the wheel: the same paths work from a checkout and from an installed package.
SCORECARD_NOTEBOOK = PACKAGE / "notebooks" / "scorecard.ipynb"
DEMO_DIR = PACKAGE / "demo"
TEMPLATE_NAME = "readiness_report"
# Tags of the cells the HTML never shows (besides the prose of the other languages): papermill's parameters.
PARAMETER_TAGS = frozenset({"parameters", "injected-parameters"})
CHROMIUM: str | None = None
"""The browser to use; None finds an installed one (readiness.browser.find_chromium)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KERNEL = "python3"
# ipykernel copies whatever the process writes to its stderr into the notebook; the report's logs
# belong on the terminal of `readiness report`, not in the page.
KERNEL_ARGUMENTS = ["--IPKernelApp.capture_fd_output=False", "--IPKernelApp.log_level=ERROR"]


@dataclass(frozen=True)
class ReportResult:
    html_path: Path
    ipynb_path: Path
    json_path: Path
    exit_code: int
    pdf_path: Path | None = None


def demo_configs() -> list[Path]:
    """The demo products' readiness.yml files, from the repository's data/demo folder."""
    configs = sorted(DEMO_DIR.glob("*/readiness.yml"))
    if not configs:
        raise UsageError(
            f"no demo products found under {DEMO_DIR}: the demo needs a checkout of the "
            "readiness repository (data/demo/*/readiness.yml), not only the package"
        )
    return configs


def _as_of_text(as_of: str | dt.date | None) -> str | None:
    if as_of is None or isinstance(as_of, dt.date):
        return as_of.isoformat() if as_of else None
    try:
        return dt.date.fromisoformat(as_of).isoformat()
    except ValueError:
        raise UsageError(f"as of {as_of!r} is not a date (expected YYYY-MM-DD)") from None


def _log_settings() -> dict[str, str]:
    """The CLI's log level and format, so the notebook's logs look like the rest of the run."""
    logger = logging.getLogger("readiness")
    as_json = any(isinstance(h.formatter, JsonLineFormatter) for h in logger.handlers)
    return {
        "log_level": logging.getLevelName(logger.getEffectiveLevel()),
        "log_format": "json" if as_json else "text",
    }


def execute_scorecard(notebook: Path, output: Path, parameters: dict[str, Any]) -> None:
    """Run the notebook in one fresh kernel.

    papermill writes the output once at the end, failed or not (saving after every cell
    would rewrite the embedded plotly.js, megabytes, a dozen times).
    """
    if not notebook.is_file():
        raise UsageError(f"scorecard notebook not found: {notebook}")
    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=parameters,
        kernel_name=KERNEL,
        progress_bar=False,
        log_output=False,
        cwd=str(notebook.parent),
        request_save_on_cell_execute=False,
        extra_arguments=KERNEL_ARGUMENTS,
    )


def html_exporter(lang: str) -> HTMLExporter:
    """The lab exporter with our offline template, no code, no parameters, one language's prose."""
    config = TraitletsConfig()
    config.HTMLExporter.template_name = TEMPLATE_NAME
    config.HTMLExporter.extra_template_basedirs = [str(resources.files("readiness") / "templates")]
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.language_code = lang
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(PARAMETER_TAGS | (set(LANGUAGES) - {lang}))
    return HTMLExporter(config=config)


PLOTLY_INIT_MARK = "window.PlotlyConfig"
"""Written by plotly's notebook renderer where it embeds plotly.js (readiness.scorecard, embed_plotly)."""


def embeds_plotly(notebook: nbformat.NotebookNode) -> bool:
    return any(
        PLOTLY_INIT_MARK in output.get("data", {}).get("text/html", "")
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )


def export_html(exporter: HTMLExporter, notebook: nbformat.NotebookNode, html_path: Path) -> Path:
    """Write the page with plotly.js inlined once in its head, unless the notebook already carries it
    (a notebook run in Jupyter does; the one a report keeps holds only each figure's JSON)."""
    plotly_js = "" if embeds_plotly(notebook) else get_plotlyjs()
    body, _resources = exporter.from_notebook_node(notebook, resources={"plotly_js": plotly_js})
    html_path.write_text(body, encoding="utf-8")
    return html_path


def render_html(ipynb_path: Path, html_path: Path, lang: str, product: str) -> Path:
    notebook = nbformat.read(ipynb_path, as_version=4)
    notebook.metadata["title"] = t(lang, "title", product=product)
    notebook.metadata["readiness"] = {"filter_placeholder": t(lang, "search")}
    return export_html(html_exporter(lang), notebook, html_path)


NOTEBOOK_FAILURES = (PapermillExecutionError, CellTimeoutError, DeadKernelError)


def execute_and_render(
    notebook: Path, ipynb_path: Path, parameters: dict[str, Any], render: Callable[[], Path]
) -> Exception | None:
    """Run the notebook, then render what ran, whole or partial: a page showing the failing cell
    beats no page. The notebook's failure, if any, is returned for the caller to report."""
    failure: Exception | None = None
    try:
        execute_scorecard(notebook, ipynb_path, parameters)
    except NOTEBOOK_FAILURES as exc:
        failure = exc
    if ipynb_path.exists():
        render()
    return failure


def _failure_reason(exc: Exception) -> str:
    if isinstance(exc, PapermillExecutionError):
        return f"the scorecard notebook failed in cell {exc.cell_index}: {exc.ename}: {exc.evalue}"
    return f"the scorecard notebook failed: {type(exc).__name__}: {str(exc).strip()[:300]}"


def exit_code_of(assessment_json: Path) -> int:
    """Assessment.exit_code, read back from the JSON the notebook wrote (0 ready or informative)."""
    data = json.loads(assessment_json.read_text(encoding="utf-8"))
    return verdict_exit_code(data["verdict"], data["profile"]["blocking"])


def build_report(
    config_path: str | Path,
    out_dir: Path = Path("reports"),
    lang: str = "en",
    profile_override: str | None = None,
    as_of: str | dt.date | None = None,
    notebook: Path | None = None,
    pdf: bool = False,
    history_dir: Path | None = None,
) -> ReportResult:
    """Execute the scorecard for one product and write reports/<slug>/{scorecard.ipynb,.html,json}.

    ``notebook`` replaces the scorecard notebook (tests use it to make a run fail partway);
    ``history_dir`` is the history store the report compares with (the CLI records the run there).
    Raises ReportError, after rendering the partial page, when the notebook fails.
    """
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    config = load_validated_config(config_path)
    if profile_override:
        profile(profile_override)
    folder = Path(out_dir) / slugify(config.name)
    # The run is built aside and published whole: killed midway, it leaves the previous report as
    # it was, never a new assessment.json beside an old page (readiness.atomic).
    staging = staging_folder(folder)
    ipynb_path, html_path = staging / "scorecard.ipynb", staging / "scorecard.html"
    json_path = staging / "assessment.json"
    parameters = {
        "config_path": str(config.path),
        "profile_override": profile_override,
        "lang": lang,
        "as_of": _as_of_text(as_of),
        "json_path": str(json_path.resolve()),
        "run_id": current_run_id(),
        # Resolved here: the notebook runs in notebooks/, where a relative path means another folder.
        "history_dir": str(Path(history_dir).resolve()) if history_dir else None,
        "embed_plotly": False,  # the page inlines plotly.js once; the kept notebook stays small
        **_log_settings(),
    }
    log.info("report started", extra={"product": config.name, "lang": lang})
    failure = execute_and_render(
        notebook or SCORECARD_NOTEBOOK,
        ipynb_path,
        parameters,
        lambda: render_html(ipynb_path, html_path, lang, config.name),
    )
    if failure:
        partial = html_path.exists()
        publish_folder(staging, folder)
        raise ReportError(
            _failure_reason(failure), str(folder / html_path.name) if partial else None
        ) from failure
    pdf_path = print_pdf(html_path, html_path.with_suffix(".pdf")) if pdf else None
    publish_folder(staging, folder)
    log.info("report written", extra={"html": str(folder / html_path.name)})
    return ReportResult(
        html_path=folder / html_path.name,
        ipynb_path=folder / ipynb_path.name,
        json_path=folder / json_path.name,
        exit_code=exit_code_of(folder / json_path.name),
        pdf_path=folder / pdf_path.name if pdf_path else None,
    )


# --- the report in a browser -------------------------------------------------------------------


@dataclass
class OfflinePage:
    """A report opened in headless Chromium with the network cut off, and what it tried to do."""

    page: Any
    blocked_requests: list[str]
    console_errors: list[str]


def chromium_path() -> str:
    """CHROMIUM when set, else an installed Chromium or Chrome; a clear error when there is none."""
    from readiness.browser import find_chromium

    path = CHROMIUM or find_chromium()
    if not path:
        raise ReportError(
            "no Chromium or Chrome is installed (python -m readiness.browser says how to get one)", None
        )
    return path


A4_MARGINS = {"top": "12mm", "bottom": "12mm", "left": "12mm", "right": "12mm"}
A4_PRINTABLE = {"width": 703, "height": 1032}
"""An A4 page less its margins, in CSS pixels: the charts are laid out at the width they print at."""


@contextmanager
def offline_page(html_path: Path, viewport: dict[str, int] | None = None) -> Iterator[OfflinePage]:
    """Open a report from disk; every non-file request is aborted and recorded, errors collected.

    Uses Debian's Chromium (no downloaded browser) with a throw-away profile.
    """
    from playwright.sync_api import sync_playwright

    with (
        tempfile.TemporaryDirectory(prefix="readiness-chromium-") as profile_dir,
        sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile_dir, executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        try:
            view = OfflinePage(page=context.new_page(), blocked_requests=[], console_errors=[])
            if viewport:
                view.page.set_viewport_size(viewport)
            context.route("**/*", lambda route: _only_local(route, view.blocked_requests))
            view.page.on("console", lambda msg: msg.type == "error" and view.console_errors.append(msg.text))
            view.page.on("pageerror", lambda exc: view.console_errors.append(str(exc)))
            view.page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
            wait_for_charts(view.page)
            yield view
        finally:
            context.close()


def _only_local(route: Any, blocked: list[str]) -> None:
    url = route.request.url
    if url.startswith(("file://", "data:", "about:")):
        route.continue_()
    else:
        blocked.append(url)
        route.abort()


def wait_for_charts(page: Any, timeout_ms: int = 15000) -> None:
    """plotly draws after load; wait until every chart has its svg."""
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.plotly-graph-div'))"
        ".every(div => div.querySelector('svg.main-svg'))",
        timeout=timeout_ms,
    )


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """The report as PDF, printed by the same offline browser once the charts are drawn.

    Raises ReportError naming the HTML report (which is complete) when the browser fails.
    """
    from playwright.sync_api import Error as BrowserError

    try:
        chromium_path()
    except ReportError as exc:
        raise ReportError(exc.reason, str(html_path)) from None
    try:
        with offline_page(html_path, viewport=A4_PRINTABLE) as view:
            view.page.emulate_media(media="print")
            view.page.evaluate("() => window.rdPreparePrint && window.rdPreparePrint()")
            view.page.pdf(path=str(pdf_path), format="A4", print_background=True, margin=A4_MARGINS)
    except BrowserError as exc:
        raise ReportError(
            f"the PDF could not be printed with {chromium_path()}: {str(exc).strip().splitlines()[0]}",
            str(html_path),
        ) from exc
    return pdf_path
