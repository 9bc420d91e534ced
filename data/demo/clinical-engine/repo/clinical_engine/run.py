"""Run the scoring rules over a cohort file and print the distribution."""

import sys

import pandas as pd

from clinical_engine.monitoring import init_monitoring
from clinical_engine.scoring import vulnerability_index


def main(path: str) -> None:
    init_monitoring()
    try:
        cohort = pd.read_csv(path)
    except Exception as error:
        print("could not read cohort", error)
        return
    scores = cohort.groupby("patient_id").apply(vulnerability_index)
    print(scores.describe())


if __name__ == "__main__":
    main(sys.argv[1])
