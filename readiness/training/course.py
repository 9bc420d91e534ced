"""The course's data: its words in English and French (readiness/data/training/*.yml), the twelve
criteria, the quizzes, and the seed's tables of incidents, priorities and rollback strategies."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from readiness.catalogue import LANGUAGES, criteria
from readiness.errors import UsageError

SLO_LEVELS = (99.0, 99.5, 99.9, 99.95, 99.99)


@cache
def training_data(name: str) -> dict[str, Any]:
    text = resources.files("readiness").joinpath("data", "training", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def course() -> dict[str, Any]:
    """Intro, labels, why each criterion matters and the quizzes (course.yml)."""
    return training_data("course.yml")


def practice() -> dict[str, Any]:
    """SLO, rollback, incident, post-mortem and self-assessment texts (practice.yml)."""
    return training_data("practice.yml")


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    return lang


def label(key: str, lang: str) -> str:
    """A UI word of the course (course.yml ``labels``)."""
    return course()["labels"][key][check_language(lang)]


def section(key: str, lang: str) -> str:
    """A section heading or lead paragraph of the notebook (course.yml ``sections``)."""
    return course()["sections"][key][check_language(lang)]


def criteria_table(lang: str) -> pd.DataFrame:
    """The seed's checklist (§10.1) in the course's words, plus why each criterion matters."""
    words = course()
    rows = []
    for crit in criteria():
        health = crit.criticality_health or crit.criticality
        rows.append(
            {
                label("number", lang): crit.number,
                label("criterion", lang): crit.name[lang],
                label("prototype", lang): crit.prototype[lang],
                label("production", lang): crit.production[lang],
                label("criticality", lang): words["criticality"][crit.criticality][lang],
                label("criticality_health", lang): words["criticality"][health][lang],
                label("why", lang): words["why"][crit.id][lang],
            }
        )
    return pd.DataFrame(rows)


def quiz(criterion_id: str) -> dict[str, Any]:
    return course()["quizzes"][criterion_id]


def quiz_feedback(criterion_id: str, choice: int, lang: str) -> tuple[bool, str]:
    """Whether the choice is right, and why (every choice has its own explanation)."""
    picked = quiz(criterion_id)["choices"][choice]
    verdict = label("correct" if picked["correct"] else "incorrect", lang)
    return picked["correct"], f"{verdict} {picked['feedback'][lang]}"


def rollback_strategies_table(lang: str) -> pd.DataFrame:
    words = practice()["rollback"]
    cols = words["columns"]
    return pd.DataFrame(
        [
            {cols["strategy"][lang]: s["name"][lang], cols["how"][lang]: s["how"][lang]}
            for s in words["strategies"].values()
        ]
    )


def incident_table(lang: str) -> pd.DataFrame:
    words = practice()["incident"]
    cols = words["columns"]
    return pd.DataFrame(
        [
            {
                cols["step"][lang]: f"{i}. {step['name'][lang]}",
                cols["what"][lang]: step["what"][lang],
                cols["example"][lang]: step["example"][lang],
            }
            for i, step in enumerate(words["steps"], start=1)
        ]
    )


def priorities_table(lang: str) -> pd.DataFrame:
    words = practice()["incident"]
    cols = words["columns"]
    return pd.DataFrame(
        [
            {cols["priority"][lang]: name, cols["meaning"][lang]: text[lang]}
            for name, text in words["priorities"].items()
        ]
    )
