"""The Django test project recording to the real local runtime over SigV4."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_project.relief.models import Donation
from dmis_audit import api
from dmis_audit.client import AuditClient
from dmis_audit.recorder import AuditRecorder
from stack import LocalStack

pytestmark = pytest.mark.stack


@pytest.fixture
def to_stack(stack: LocalStack) -> Iterator[None]:
    previous = api._recorder
    recorder = api._recorder = AuditRecorder(AuditClient(stack.writer()))  # the default: batched in the background
    yield
    recorder.close()
    api._recorder = previous


def test_login_failure_denial_and_donation_update_reach_the_trail(to_stack: None, stack: LocalStack) -> None:
    name = f"dj-{uuid.uuid4().hex[:12]}"
    user = User.objects.create_user(name, password="correct-horse")
    donation = Donation.objects.create(donor="WFP", item="rice", quantity=40)
    client = Client()
    client.post("/login/", {"username": name, "password": "wrong"})
    client.post("/login/", {"username": name, "password": "correct-horse"})
    client.get("/admin-only/")
    client.post(f"/donations/{donation.pk}/", {"status": "received", "quantity": "38"})
    user.delete()
    assert api.get_recorder().flush(30)

    by_type = {e["eventType"]: e for e in stack.events_of(name)}
    assert set(by_type) == {"auth.login.failure", "auth.login.success", "authz.access.denied", "donation.update"}
    assert by_type["auth.login.failure"]["outcome"] == "failure"
    assert by_type["authz.access.denied"]["target"] == {"type": "route", "id": "/admin-only/"}
    changes = {c["field"]: (c["oldValue"], c["newValue"]) for c in by_type["donation.update"]["changes"]}
    assert changes == {"quantity": (40, 38), "status": ("pledged", "received")}
    # The session id is personal data: the trail stores it sealed under the user's own key.
    assert by_type["auth.login.success"]["actor"]["sessionId"].startswith("pii:v1:")
