"""MyMonka's main journey for Locust: log in, list patients, open one, compute its score."""

import random

from locust import HttpUser, between, task


class Caregiver(HttpUser):
    wait_time = between(0.2, 0.6)

    def on_start(self):
        self.client.post("/api/auth/login", json={"email": "demo@example.invalid", "password": "x"})

    @task(3)
    def browse_patients(self):
        self.client.get("/api/patients")
        patient = random.randint(1, 500)
        self.client.get(f"/api/patients/{patient}", name="/api/patients/{id}")

    @task(2)
    def score_patient(self):
        patient = random.randint(1, 500)
        self.client.get(f"/api/patients/{patient}/score", name="/api/patients/{id}/score")
