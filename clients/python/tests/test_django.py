"""The Django app in a real Django project (sqlite), recording to the fake API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.test import Client

from django_project.relief.models import Donation
from dmis_audit.recorder import AuditRecorder
from fakes import FakeApi


@pytest.fixture
def amy(direct_recorder: AuditRecorder) -> Iterator[User]:
    user = User.objects.create_user("amy", password="correct-horse")
    yield user
    user.delete()


def test_login_and_logout(amy: User, fake_api: FakeApi) -> None:
    client = Client(HTTP_USER_AGENT="pytest-browser")
    assert client.post("/login/", {"username": "amy", "password": "correct-horse"}).status_code == 200
    client.get("/logout/")
    [login] = fake_api.events("auth.login.success")
    [logout] = fake_api.events("auth.logout")
    assert login["actor"]["userId"] == "amy" and login["actor"]["userAgent"] == "pytest-browser"
    assert login["actor"]["ip"] == "127.0.0.1" and "sessionId" in login["actor"]
    assert logout["actor"]["userId"] == "amy"


def test_failed_login_never_carries_the_password(amy: User, fake_api: FakeApi) -> None:
    Client().post("/login/", {"username": "amy", "password": "wrong-guess"})
    [failure] = fake_api.events("auth.login.failure")
    assert failure["outcome"] == "failure" and failure["actor"]["userId"] == "amy"
    assert "wrong-guess" not in str(failure)


def test_a_403_is_recorded_as_access_denied(amy: User, fake_api: FakeApi) -> None:
    client = Client()
    client.force_login(amy)
    assert client.get("/admin-only/").status_code == 403
    [denied] = fake_api.events("authz.access.denied")
    assert denied["outcome"] == "denied" and denied["actor"]["userId"] == "amy"
    assert denied["target"] == {"type": "route", "id": "/admin-only/"}


def test_donation_create_and_update_carry_changed_fields(amy: User, fake_api: FakeApi) -> None:
    donation = Donation.objects.create(donor="Red Cross", item="water", quantity=100)
    client = Client()
    client.force_login(amy)
    client.post(f"/donations/{donation.pk}/", {"status": "received", "quantity": "100"})
    [created] = fake_api.events("donation.create")
    [updated] = fake_api.events("donation.update")
    assert created["actor"]["userId"] == "system"
    assert {c["field"] for c in created["changes"]} == {"id", "donor", "item", "quantity", "status"}
    assert updated["actor"]["userId"] == "amy"
    assert updated["target"] == {"type": "donation", "id": str(donation.pk)}
    assert updated["changes"] == [{"field": "status", "oldValue": "pledged", "newValue": "received"}]


def test_a_save_without_changes_records_nothing(amy: User, fake_api: FakeApi) -> None:
    donation = Donation.objects.create(donor="NGO", item="tents", quantity=5)
    donation.save()
    assert len(fake_api.events("donation.update")) == 0


def test_password_change_is_recorded_without_the_hash(amy: User, fake_api: FakeApi) -> None:
    amy.set_password("new-horse-battery")
    amy.save()
    [change] = fake_api.events("auth.password.change")
    assert change["target"] == {"type": "user", "id": str(amy.pk)}
    assert amy.password not in str(change)


def test_password_reset_request_and_completion(amy: User, fake_api: FakeApi) -> None:
    client = Client()
    assert client.post("/reset/", {"email": "amy@example.org"}).status_code == 302
    client.post("/reset/amy/", {"new_password": "reset-horse-battery"})
    requested, completed = fake_api.events("auth.password.reset")
    assert requested["metadata"] == {"dmisAction": "password_reset_requested", "stage": "requested"}
    assert completed["metadata"]["dmisAction"] == "password_reset_completed"
    assert completed["target"] == {"type": "user", "id": str(amy.pk)}
    assert len(fake_api.events("auth.password.change")) == 0
