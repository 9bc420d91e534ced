"""How a portfolio looks: the products × criteria heatmap and the self-contained portfolio page.

The data (levels, blockers) comes from :mod:`readiness.portfolio`; this module only
draws it, so the notebook, the ``report`` command and the Dask runner show the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from readiness.catalogue import CRITERION_IDS, criterion
from readiness.locales import t
from readiness.model import ORDERED_LEVELS, Level
from readiness.numbers import figure, score_figure
from readiness.portfolio import ProductReport, blocking_table, portfolio_table, portfolio_text

LEVEL_COLOURS = ["#c0392b", "#e67e22", "#f1c40f", "#27ae60"]
PAGE_STYLE = (
    "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
    "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
)


def _rank_or_blank(level: str) -> float | None:
    rank = Level(level).rank
    return float(rank) if rank >= 0 else None


def portfolio_heatmap(assessments: Iterable[Any], lang: str = "en") -> go.Figure:
    """Products × criteria coloured by level (absent red … production green), score in the labels.

    Inconclusive and not-applicable cells have no colour, only their label: they are not
    on the scale, and painting them red would read as "absent".
    """
    table = portfolio_table(assessments)
    levels = table[list(CRITERION_IDS)]
    products = [
        f"{name} ({score_figure(score, lang)})"
        for name, score in zip(table.index, table["overall_score"], strict=True)
    ]
    chart = go.Figure(
        go.Heatmap(
            z=levels.map(_rank_or_blank).to_numpy(dtype=float),
            x=[criterion(cid).name[lang] for cid in CRITERION_IDS],
            y=products,
            text=levels.map(lambda level: t(lang, f"levels.{level}")).to_numpy(),
            texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            zmin=0,
            zmax=3,
            colorscale=[[i / 3, colour] for i, colour in enumerate(LEVEL_COLOURS)],
            xgap=2,
            ygap=2,
            colorbar={
                "tickvals": [0, 1, 2, 3],
                "ticktext": [t(lang, f"levels.{level.value}") for level in ORDERED_LEVELS],
            },
        )
    )
    chart.update_layout(
        title=portfolio_text(lang)["heatmap"],
        template="plotly_white",
        height=180 + 45 * len(products),
        xaxis={"tickangle": -35},
        yaxis={"autorange": "reversed"},
    )
    return chart


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{body}</section>"


def _product_row(product: ProductReport, lang: str, out_dir: Path) -> str:
    text = portfolio_text(lang)
    data = product.assessment
    if data is None:
        cells = [product.name, text["failed"], "", "", product.error or ""]
    else:
        blocking = ", ".join(criterion(cid).name[lang] for cid in data["blocking"])
        cells = [
            product.name,
            t(lang, f"verdict.{data['verdict']}"),
            score_figure(data["overall_score"], lang),
            figure(data["evidence_coverage"], ".0%", lang),
            blocking,
        ]
    link = ""
    if product.html_path:
        href = escape(os.path.relpath(product.html_path, out_dir))
        link = f'<a href="{href}">{href}</a>'
    return "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + f"<td>{link}</td></tr>"


def portfolio_page(products: list[ProductReport], name: str, lang: str, out_dir: Path) -> str:
    """The portfolio as one self-contained HTML page (plotly inlined: it makes no request)."""
    text = portfolio_text(lang)
    assessed = [p.assessment for p in products if p.assessment]
    sections = []
    if assessed:
        sections.append(portfolio_heatmap(assessed, lang).to_html(full_html=False, include_plotlyjs=True))
        blockers = blocking_table(assessed, lang)
        body = blockers.to_html(index=False) if len(blockers) else f"<p>{escape(text['none'])}</p>"
        sections.append(_section(text["blockers"], body))
    header = "".join(
        f"<th>{escape(text[key])}</th>"
        for key in ("product", "verdict", "score", "coverage", "blocking", "report")
    )
    rows = "".join(_product_row(p, lang, out_dir) for p in products)
    sections.append(_section(text["product"], f"<table><tr>{header}</tr>{rows}</table>"))
    title = escape(text["title"].format(name=name))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{PAGE_STYLE}</style></head><body><h1>{title}</h1>{''.join(sections)}</body></html>\n"
    )
