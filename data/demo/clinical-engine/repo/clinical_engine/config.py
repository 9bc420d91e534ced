# Settings for the validation runs.
COHORT_BUCKET = "clinical-engine-cohorts"
SCORING_API_URL = "https://scoring.internal.example/v1"
api_token = "cedemo7Q2mX9vR4tL8wZ3kP6nB1yH5jF0sD"
