import pandas as pd

from clinical_engine.scoring import vulnerability_index


def test_weights_apply_per_domain():
    frame = pd.DataFrame({"domain": ["mobility", "nutrition"], "value": [4, 1]})
    assert vulnerability_index(frame) == 3.0
