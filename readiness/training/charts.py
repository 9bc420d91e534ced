"""The SLO table and the downtime chart (§10.7), from readiness.slo."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from readiness.slo import PERIODS, allowed_downtime, format_duration
from readiness.training.course import SLO_LEVELS, practice


def slo_table(lang: str, availabilities: tuple[float, ...] = SLO_LEVELS) -> pd.DataFrame:
    """Allowed downtime per year, month, week and day for each availability objective."""
    columns = practice()["slo"]["columns"]
    rows = []
    for availability in availabilities:
        row = {
            columns["availability"][lang]: availability,
            columns["budget"][lang]: f"{100 - availability:.2f} %",
        }
        row.update(
            {
                columns[period][lang]: format_duration(allowed_downtime(availability, period))
                for period in PERIODS
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


def downtime_figure(lang: str, availabilities: tuple[float, ...] = SLO_LEVELS) -> go.Figure:
    """Hours of downtime a year each objective allows: each extra nine divides it by ten."""
    words = practice()["slo"]
    hours = [allowed_downtime(a, "year").total_seconds() / 3600 for a in availabilities]
    fig = go.Figure(
        go.Bar(
            x=[f"{a} %" for a in availabilities],
            y=hours,
            text=[format_duration(allowed_downtime(a, "year")) for a in availabilities],
            textposition="outside",
            marker_color="#1565c0",
        )
    )
    fig.update_layout(
        title=words["chart_title"][lang],
        yaxis={"type": "log", "title": words["chart_axis"][lang]},
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        plot_bgcolor="white",
    )
    return fig
