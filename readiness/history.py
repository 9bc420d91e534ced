"""The history of runs: what each assess / report run concluded, so reports can show change.

One JSON file per run, under ``<store>/<product>/``. Two runs at the same time (the
weekly scheduled report and someone's ``readiness assess``) each write their own
file, so nothing needs a lock. A record is written to a temporary file and then
published with :func:`os.link`, which is atomic and refuses to replace an existing
file: a reader never sees half a record and no record is ever overwritten. SQLite in
WAL mode would be as safe, but a folder of JSON files can be read, diffed, backed up
and pruned with ordinary tools, which is what a team does with its history.

A damaged store (a record that does not parse, a folder that is not a history
store) raises :class:`~readiness.errors.HistoryStoreError` naming the file; nothing
is repaired, skipped or replaced silently.

A record keeps levels, scores, check ids and statuses, never messages or excerpts:
those may quote evidence, and the history outlives the reports it came from.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import platformdirs
import plotly.graph_objects as go

from readiness.atomic import write_atomically
from readiness.catalogue import CRITERION_IDS, criterion
from readiness.errors import HistoryStoreError
from readiness.locales import locale_section
from readiness.model import Level
from readiness.names import slugify

log = logging.getLogger(__name__)

STORE_FORMAT = "readiness-history"
STORE_VERSION = 1
MARKER_NAME = "readiness-history.json"
RECORD_SUFFIX = ".run.json"
RUN_KINDS = ("assess", "report", "schedule")


HISTORY_DIR_ENV = "READINESS_HISTORY_DIR"


def default_history_dir(reports_dir: str | Path | None = None) -> Path:
    """History lives beside the reports being written; a run that writes none (`assess`) uses
    READINESS_HISTORY_DIR when set, else the user's data folder (platformdirs: ~/.local/share/
    readiness/history on Linux), never a folder inside whatever repository it was run from."""
    if reports_dir is not None:
        return (Path(reports_dir) / "history").resolve()
    if os.environ.get(HISTORY_DIR_ENV):
        return Path(os.environ[HISTORY_DIR_ENV]).resolve()
    return platformdirs.user_data_path("readiness") / "history"


@dataclass(frozen=True)
class RunRecord:
    """One past run of one product, as the history keeps it."""

    product: str
    recorded_at: dt.datetime
    kind: str
    run_id: str
    as_of: dt.date
    profile: str
    verdict: str
    overall_score: float | None
    evidence_coverage: float
    commits: dict[str, str]
    criteria: dict[str, dict[str, Any]]
    findings: dict[str, dict[str, str]]
    notices: list[dict[str, str]]
    plan_steps: list[str] = field(default_factory=list)
    """Ids of the plan's steps at this run (``fix:<check>``, ``attest:<criterion>``), so a later
    run can say which were done since."""
    path: Path | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("path")
        out["recorded_at"] = self.recorded_at.isoformat()
        out["as_of"] = self.as_of.isoformat()
        return {"format": STORE_FORMAT, "version": STORE_VERSION, **out}

    @classmethod
    def from_dict(cls, data: Any, path: Path) -> RunRecord:
        """Parse a stored record; anything unexpected is a damaged store, named by file."""
        if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
            raise HistoryStoreError(path, f'is not a run record (no "format": "{STORE_FORMAT}")')
        try:
            return cls(
                product=str(data["product"]),
                recorded_at=_aware(data["recorded_at"]),
                kind=str(data["kind"]),
                run_id=str(data["run_id"]),
                as_of=dt.date.fromisoformat(data["as_of"]),
                profile=str(data["profile"]),
                verdict=str(data["verdict"]),
                overall_score=data["overall_score"],
                evidence_coverage=float(data["evidence_coverage"]),
                commits=dict(data["commits"]),
                criteria=_catalogue_order(data["criteria"]),
                findings=dict(data["findings"]),
                notices=list(data["notices"]),
                plan_steps=list(data.get("plan_steps", [])),
                path=path,
            )
        except KeyError as exc:
            raise HistoryStoreError(path, f"run record lacks the key {exc.args[0]!r}") from None
        except (TypeError, ValueError) as exc:
            raise HistoryStoreError(path, f"run record has a malformed value ({exc})") from None

    def level(self, criterion_id: str) -> str | None:
        return self.criteria.get(criterion_id, {}).get("level")

    def checks_with_status(self, *statuses: str) -> set[str]:
        return {check_id for check_id, f in self.findings.items() if f["status"] in statuses}


def _catalogue_order(levels: dict[str, Any]) -> dict[str, Any]:
    """Criteria in the seed's order (JSON objects have none), unknown ones last."""
    rank = {cid: i for i, cid in enumerate(CRITERION_IDS)}
    return dict(sorted(levels.items(), key=lambda item: rank.get(item[0], len(rank))))


def _aware(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def run_record(
    assessment: Any,
    kind: str = "assess",
    recorded_at: dt.datetime | None = None,
    plan_steps: list[str] | None = None,
) -> RunRecord:
    """What the history keeps of an Assessment (or of its ``to_dict()``, e.g. a report's JSON).

    The plan's step ids come with an Assessment (planned here) or are given with a JSON."""
    if kind not in RUN_KINDS:
        raise ValueError(f"unknown run kind {kind!r}; known: {', '.join(RUN_KINDS)}")
    if plan_steps is None and not isinstance(assessment, dict):
        from readiness.plan import plan_assessment

        plan_steps = [step.id for step in plan_assessment(assessment).steps]
    data = assessment if isinstance(assessment, dict) else assessment.to_dict()
    criteria = {
        r["criterion"]: {"level": r["level"], "score": r["score"], "required_level": r["required_level"]}
        for r in data["criteria"]
    }
    findings = {
        f["check_id"]: {"criterion": f["criterion"], "status": f["status"], "severity": f["severity"]}
        for r in data["criteria"]
        for f in r["findings"]
    }
    notices = [
        {"kind": n["kind"], "subject": n["subject"] or "", "expires": n["expires"]}
        for n in data.get("notices", [])
    ]
    return RunRecord(
        product=data["product"],
        recorded_at=recorded_at or _aware(data["generated_at"]),
        kind=kind,
        run_id=data["run_id"],
        as_of=dt.date.fromisoformat(data["as_of"]),
        profile=data["profile"]["name"],
        verdict=data["verdict"],
        overall_score=data["overall_score"],
        evidence_coverage=data["evidence_coverage"],
        commits=dict(data.get("commits", {})),
        criteria=criteria,
        findings=findings,
        notices=notices,
        plan_steps=list(plan_steps or []),
    )


def publish_new_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically; raise FileExistsError rather than replace a file."""
    write_atomically(path, text, replace=False)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise HistoryStoreError(
            path,
            f"is not valid JSON (line {exc.lineno}: {exc.msg}); move it aside or restore it from a backup",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryStoreError(path, f"cannot be read ({exc})") from None


class HistoryStore:
    """A folder of run records; see the module docstring for why it is shaped this way."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    @property
    def marker(self) -> Path:
        return self.root / MARKER_NAME

    def verify(self) -> None:
        """Raise HistoryStoreError unless the folder is absent, empty, or a store we can read."""
        if not self.root.exists():
            return
        if not self.root.is_dir():
            raise HistoryStoreError(self.root, "is not a folder")
        if not self.marker.exists():
            # List first, then look for the marker again: a process that creates the store at the
            # same moment publishes its marker before anything else, so entries seen before that
            # second look belong to a store and not to a stranger's folder.
            # Hidden files are records being written (readiness.atomic's staged files), never records.
            entries = [p for p in self.root.iterdir() if not p.name.startswith(".")]
            if not self.marker.exists():
                if entries:
                    raise HistoryStoreError(
                        self.root,
                        f"is not empty and has no {MARKER_NAME}: not "
                        "a readiness history store; choose another folder",
                    )
                return
        data = _read_json(self.marker)
        if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
            raise HistoryStoreError(self.marker, "is not a readiness history marker")
        if data.get("version", 0) > STORE_VERSION:
            raise HistoryStoreError(
                self.marker,
                f"was written by a newer readiness (store version "
                f"{data['version']}, this one reads {STORE_VERSION})",
            )

    def _initialise(self) -> None:
        """Create the folder and its marker; another process doing the same at once is fine."""
        self.verify()
        marker = json.dumps({"format": STORE_FORMAT, "version": STORE_VERSION}) + "\n"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            publish_new_file(self.marker, marker)
        except FileExistsError:
            self.verify()
        except OSError as exc:
            raise HistoryStoreError(self.root, f"cannot be written ({exc.strerror or exc})") from None

    def record(
        self,
        assessment: Any,
        kind: str = "assess",
        recorded_at: dt.datetime | None = None,
        plan_steps: list[str] | None = None,
    ) -> RunRecord:
        """Add one run; returns the stored record with its path. Never touches other records."""
        entry = run_record(assessment, kind, recorded_at, plan_steps)
        stamp = entry.recorded_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = (
            self.root
            / slugify(entry.product)
            / f"{stamp}-{slugify(entry.run_id)}-{secrets.token_hex(4)}{RECORD_SUFFIX}"
        )
        text = json.dumps(entry.to_dict(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        self._initialise()
        try:
            path.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise HistoryStoreError(path.parent, f"cannot be created ({exc.strerror or exc})") from None
        try:
            publish_new_file(path, text)
        except FileExistsError:
            raise HistoryStoreError(path, "a run record with this name exists; not overwritten") from None
        except OSError as exc:
            raise HistoryStoreError(path.parent, f"cannot be written ({exc.strerror or exc})") from None
        log.info("run recorded in history", extra={"product": entry.product, "file": str(path)})
        return RunRecord(**{**entry.__dict__, "path": path})

    def runs(self, product: str | None = None) -> list[RunRecord]:
        """Every run (of one product, if named), oldest first."""
        self.verify()
        if not self.root.exists():
            return []
        pattern = f"{slugify(product)}/*{RECORD_SUFFIX}" if product else f"*/*{RECORD_SUFFIX}"
        records = [RunRecord.from_dict(_read_json(p), p) for p in sorted(self.root.glob(pattern))]
        records = [r for r in records if product is None or r.product == product]
        return sorted(records, key=lambda r: (r.recorded_at, r.path.name if r.path else ""))

    def products(self) -> list[str]:
        return sorted({r.product for r in self.runs()})

    def previous(self, current: RunRecord) -> RunRecord | None:
        """The run of the same product just before ``current`` (the 'last report')."""
        earlier = [
            r
            for r in self.runs(current.product)
            if r.recorded_at < current.recorded_at and r.path != current.path
        ]
        return earlier[-1] if earlier else None


def trend_table(runs: Iterable[RunRecord]) -> pd.DataFrame:
    """One row per run and criterion: level, its rank on the ordered scale, score."""
    rows = [
        {
            "product": r.product,
            "recorded_at": r.recorded_at,
            "criterion": cid,
            "level": values["level"],
            "level_rank": Level(values["level"]).rank,
            "score": values["score"],
        }
        for r in runs
        for cid, values in r.criteria.items()
    ]
    columns = ["product", "recorded_at", "criterion", "level", "level_rank", "score"]
    return pd.DataFrame(rows, columns=columns)


TREND_TEXT = locale_section("history_trend")  # readiness/locales/<lang>.yml


def trend_figure(runs: Iterable[RunRecord], lang: str = "en") -> go.Figure:
    """Scores per criterion (one line each, toggled from the legend) and the overall score."""
    runs = list(runs)
    text = TREND_TEXT.get(lang, TREND_TEXT["en"])
    table = trend_table(runs)
    figure = go.Figure()
    for cid in dict.fromkeys(table["criterion"]):
        rows = table[table["criterion"] == cid]
        figure.add_trace(
            go.Scatter(
                x=rows["recorded_at"],
                y=rows["score"],
                mode="lines+markers",
                name=criterion(cid).name.get(lang, cid),
                customdata=rows["level"],
                hovertemplate="%{x}<br>%{y} (%{customdata})<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[r.recorded_at for r in runs],
            y=[r.overall_score for r in runs],
            mode="lines+markers",
            name=text["overall"],
            line={"width": 4, "color": "black"},
        )
    )
    figure.update_layout(
        title=text["title"],
        xaxis_title=text["when"],
        yaxis_title=text["score"],
        yaxis_range=[0, 105],
        template="plotly_white",
    )
    return figure


@dataclass(frozen=True)
class SinceLast:
    """What changed between the previous run of a product and this one."""

    previous: RunRecord | None
    new_failures: list[str]
    fixed: list[str]
    level_changes: list[tuple[str, str | None, str]]
    expired: list[dict[str, str]]
    expiring_soon: list[dict[str, str]]
    steps_done: list[str] = field(default_factory=list)
    """Steps of the previous run's plan that are no longer needed."""


def since_last(current: RunRecord, previous: RunRecord | None) -> SinceLast:
    """New failures, fixed findings, level changes, and expiries newly passed or coming soon.

    With no previous run every current failure is new: the first report has nothing to
    compare with, and saying "nothing changed" would be wrong.
    """
    failing_now = current.checks_with_status("fail")
    failing_before = previous.checks_with_status("fail") if previous else set()
    passing_now = current.checks_with_status("pass", "not_applicable")
    expired_before = {(n["kind"], n["subject"]) for n in previous.notices} if previous else set()
    changes = [
        (cid, previous.level(cid) if previous else None, values["level"])
        for cid, values in current.criteria.items()
        if not previous or previous.level(cid) != values["level"]
    ]
    return SinceLast(
        previous=previous,
        new_failures=sorted(failing_now - failing_before),
        fixed=sorted(failing_before & passing_now),
        level_changes=changes,
        expired=[
            n
            for n in current.notices
            if n["kind"].endswith("_expired") and (n["kind"], n["subject"]) not in expired_before
        ],
        expiring_soon=[n for n in current.notices if n["kind"].endswith("_expires_soon")],
        steps_done=[
            step for step in (previous.plan_steps if previous else []) if step not in current.plan_steps
        ],
    )


SINCE_LAST_TEXT = locale_section("history_since_last")  # readiness/locales/<lang>.yml


def since_last_table(change: SinceLast, lang: str = "en") -> pd.DataFrame:
    """The "since last report" section as one table, in the report's language."""
    text = SINCE_LAST_TEXT.get(lang, SINCE_LAST_TEXT["en"])
    rows = [(text["new_failure"], check_id, "") for check_id in change.new_failures]
    rows += [(text["fixed"], check_id, "") for check_id in change.fixed]
    rows += [
        (text["level"], criterion(cid).name.get(lang, cid), f"{before or text['first']} → {after}")
        for cid, before, after in change.level_changes
    ]
    rows += [
        (text["expired"], n["subject"], f"{n['kind'].split('_')[0]} {n['expires']}") for n in change.expired
    ]
    rows += [
        (text["expires_soon"], n["subject"], f"{n['kind'].split('_')[0]} {n['expires']}")
        for n in change.expiring_soon
    ]
    if change.previous and change.previous.plan_steps:
        counts = text["of"].format(done=len(change.steps_done), total=len(change.previous.plan_steps))
        rows += [(text["steps_done"], counts, ", ".join(change.steps_done))]
    return pd.DataFrame(rows, columns=[text["change"], text["subject"], text["detail"]])


def record_run(
    assessment: Any,
    kind: str,
    history_dir: str | Path | None,
    recorded_at: dt.datetime | None = None,
    plan_steps: list[str] | None = None,
) -> RunRecord | None:
    """Record a run for a command; a store problem is reported, never fatal to the run itself."""
    if history_dir is None:
        return None
    try:
        return HistoryStore(history_dir).record(assessment, kind, recorded_at, plan_steps)
    except HistoryStoreError as exc:
        log.error("run not recorded in history", extra={"reason": str(exc)})
        return None


def record_assessment_file(
    json_path: str | Path, kind: str, history_dir: str | Path | None, recorded_at: dt.datetime | None = None
) -> RunRecord | None:
    """Record a run from the assessment.json a report wrote (the report runs in another process),
    with the step ids of the plan.json beside it."""
    try:
        data = json.loads(Path(json_path).read_text(encoding="utf-8"))
        plan_file = Path(json_path).with_name("plan.json")
        plan = json.loads(plan_file.read_text(encoding="utf-8")) if plan_file.exists() else {"steps": []}
    except (OSError, ValueError) as exc:
        log.error("run not recorded in history", extra={"file": str(json_path), "reason": str(exc)})
        return None
    return record_run(data, kind, history_dir, recorded_at, [step["id"] for step in plan["steps"]])


@dataclass(frozen=True)
class ReportHistory:
    """What a report shows of the past: trends, "since last report", or why it cannot."""

    trend: go.Figure | None
    since_last: pd.DataFrame | None
    runs: int
    error: str | None = None


def report_history(assessment: Any, history_dir: str | Path, lang: str = "en") -> ReportHistory:
    """The trend figure and the "since last report" table for the run being reported.

    The run itself is recorded after the report is built, so it is appended here to
    the stored runs. A damaged store is reported in ``error`` (naming the file), so the
    report still renders and says why its history is missing.
    """
    current = run_record(assessment, "report")
    try:
        past = [r for r in HistoryStore(history_dir).runs(current.product) if r.run_id != current.run_id]
    except HistoryStoreError as exc:
        log.error("history unreadable", extra={"reason": str(exc)})
        return ReportHistory(trend=None, since_last=None, runs=0, error=str(exc))
    runs = [*past, current]
    trend = trend_figure(runs, lang) if len(runs) > 1 else None
    change = since_last(current, past[-1] if past else None)
    return ReportHistory(trend=trend, since_last=since_last_table(change, lang), runs=len(runs))
