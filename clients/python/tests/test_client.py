"""Batching, retries and typed errors of AuditClient, over the fake API."""

from __future__ import annotations

import json

import pytest

from dmis_audit.client import MAX_BATCH_BYTES, AuditClient, RetryPolicy
from dmis_audit.errors import (
    ConflictError,
    ForbiddenError,
    InvalidRequestError,
    PayloadTooLargeError,
    ThrottledError,
    UnauthorizedError,
    UnavailableError,
    error_from_response,
)
from dmis_audit.events import build_event
from fakes import FakeApi


def test_splits_at_100_events(fake_api: FakeApi, fast_client: AuditClient) -> None:
    events = [build_event("login", f"u{i}") for i in range(250)]
    accepted = fast_client.send(events)
    assert [len(json.loads(b)["events"]) for b in fake_api.bodies] == [100, 100, 50]
    assert [a["eventId"] for a in accepted] == [e["eventId"] for e in events]


def test_splits_by_size_under_1_mb(fake_api: FakeApi, fast_client: AuditClient) -> None:
    events = [build_event("login", "u", {"blob": "x" * 30_000}) for _ in range(70)]
    fast_client.send(events)
    assert len(fake_api.bodies) >= 3
    assert all(len(b) <= MAX_BATCH_BYTES for b in fake_api.bodies)
    assert len(fake_api.stored) == 70


@pytest.mark.parametrize(("status", "code"), [(429, "throttled"), (503, "unavailable"), (500, "internal")])
def test_retries_the_same_bytes_on_throttling_and_server_errors(
    fake_api: FakeApi, fast_client: AuditClient, status: int, code: str
) -> None:
    fake_api.fail_next(status, code, times=2)
    fast_client.send([build_event("logout", "amy")])
    assert len(fake_api.bodies) == 3
    assert fake_api.bodies[0] == fake_api.bodies[2]  # eventId fixed before the first attempt
    assert len(fake_api.stored) == 1


def test_retries_network_errors() -> None:
    calls: list[bytes] = []

    class Flaky:
        def send(self, body: bytes) -> list[dict[str, object]]:
            calls.append(body)
            if len(calls) < 3:
                raise UnavailableError("network_error", "ConnectionRefusedError")
            return [{"eventId": "x", "duplicate": False}]

    AuditClient(Flaky(), sleep=lambda _: None).send([build_event("logout", "amy")])
    assert len(calls) == 3


@pytest.mark.parametrize(
    ("status", "code", "error_type"),
    [(400, "invalid_request", InvalidRequestError), (401, "unauthorized", UnauthorizedError),
     (403, "forbidden", ForbiddenError), (409, "conflict", ConflictError),
     (413, "payload_too_large", PayloadTooLargeError)],
)
def test_never_retries_client_errors(
    fake_api: FakeApi, fast_client: AuditClient, status: int, code: str, error_type: type[Exception]
) -> None:
    fake_api.fail_next(status, code, paths=("events[0].actor.ip",))
    with pytest.raises(error_type) as raised:
        fast_client.send([build_event("logout", "amy")])
    assert len(fake_api.bodies) == 1
    assert getattr(raised.value, "status", None) == status


def test_errors_carry_the_servers_field_paths() -> None:
    body = {"error": {"code": "invalid_request", "message": "bad", "details": [{"path": "events[3].actor.ip",
                                                                                 "message": "must be an IP"}]}}
    error = error_from_response(400, body)
    assert isinstance(error, InvalidRequestError)
    assert [d.path for d in error.details] == ["events[3].actor.ip"]
    assert isinstance(error_from_response(429, {"error": {"code": "throttled"}}), ThrottledError)
    assert isinstance(error_from_response(502, None), UnavailableError)


def test_gives_up_after_max_attempts(fake_api: FakeApi) -> None:
    fake_api.fail_next(503, "unavailable", times=10)
    with pytest.raises(UnavailableError):
        AuditClient(fake_api, RetryPolicy(max_attempts=3), sleep=lambda _: None).send([build_event("logout", "a")])
    assert len(fake_api.bodies) == 3


def test_backoff_is_full_jitter_capped() -> None:
    policy = RetryPolicy(base_seconds=0.1, cap_seconds=2.0)
    assert policy.delay(3, rand=lambda: 1.0) == pytest.approx(0.8)
    assert policy.delay(10, rand=lambda: 1.0) == 2.0
    assert policy.delay(10, rand=lambda: 0.0) == 0.0


def test_fills_a_missing_event_id_once(fake_api: FakeApi, fast_client: AuditClient) -> None:
    fake_api.fail_next(503, "unavailable")
    event = build_event("logout", "amy")
    del event["eventId"]
    fast_client.send([event])
    assert fake_api.bodies[0] == fake_api.bodies[1]
