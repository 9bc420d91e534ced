"""The clinician's main journey: open the dashboard, then a patient."""

from locust import HttpUser, between, task


class Clinician(HttpUser):
    wait_time = between(1, 3)

    @task(3)
    def dashboard(self):
        self.client.get("/rest/v1/patients?select=id,display_name,last_score", name="patients")

    @task(1)
    def patient(self):
        self.client.get("/rest/v1/assessments?patient_id=eq.demo", name="assessments")
