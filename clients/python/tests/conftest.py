"""Shared fixtures: a fake API, a client with instant retries, and Django set up on sqlite."""

from __future__ import annotations

import os
from collections.abc import Iterator

import django
import pytest
from django.core.management import call_command

from dmis_audit import api
from dmis_audit.client import AuditClient, RetryPolicy
from dmis_audit.recorder import AuditRecorder
from fakes import FakeApi
from stack import LocalStack

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "django_project.settings")
django.setup()
call_command("migrate", run_syncdb=True, verbosity=0)


@pytest.fixture
def fake_api() -> FakeApi:
    """A fresh fake API."""
    return FakeApi()


@pytest.fixture
def fast_client(fake_api: FakeApi) -> AuditClient:
    """A client over the fake API that retries without sleeping."""
    return AuditClient(fake_api, RetryPolicy(max_attempts=4), sleep=lambda _: None)


@pytest.fixture
def direct_recorder(fast_client: AuditClient) -> Iterator[AuditRecorder]:
    """The process-wide recorder, sending straight to the fake API (no outbox, synchronous)."""
    recorder = AuditRecorder(fast_client, synchronous=True)
    previous = api._recorder
    api._recorder = recorder
    yield recorder
    api._recorder = previous


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalStack]:
    """The local runtime, started once for the real-stack tests that do not restart it."""
    running = LocalStack(tmp_path_factory.mktemp("stack"))
    try:
        running.start()
        yield running
    finally:
        running.close()
