"""Vulnerability index rules under validation."""

import pandas as pd

WEIGHTS = {"mobility": 2.0, "nutrition": 1.0, "cognition": 1.5, "isolation": 1.0}


def vulnerability_index(assessments: pd.DataFrame) -> float:
    weights = assessments["domain"].map(WEIGHTS).fillna(1.0)
    try:
        return float((assessments["value"] * weights).sum() / weights.sum())
    except ZeroDivisionError:
        pass
    return 0.0
