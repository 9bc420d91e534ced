"""Error reporting for the scoring runs and the scoring API: Sentry, when SENTRY_DSN is set."""

import os
from importlib.metadata import version

import sentry_sdk


def init_monitoring() -> None:
    """Without SENTRY_DSN (a laptop, the tests) the SDK stays silent; the runs report nothing."""
    sentry_sdk.init(
        dsn=os.environ.get("SENTRY_DSN"),
        environment=os.environ.get("CLINICAL_ENGINE_ENV", "development"),
        release=f"clinical-engine@{version('clinical-engine')}",
        traces_sample_rate=0.2,
        send_default_pii=False,
    )
