"""Real-stack tests: the client's SigV4 path against the local runtime (bin/local.ts)."""

from __future__ import annotations

import uuid

import pytest

from dmis_audit.catalogue import catalogue, event_type_for
from dmis_audit.client import AuditClient
from dmis_audit.errors import ForbiddenError, InvalidRequestError, UnauthorizedError
from dmis_audit.events import build_event
from dmis_audit.transport import SigV4HttpTransport
from stack import LocalStack

pytestmark = pytest.mark.stack


def test_every_event_type_round_trips(stack: LocalStack) -> None:
    actor = f"py-{uuid.uuid4()}"
    types = sorted(catalogue())
    events = [build_event(t, actor, {"n": i, "password": "hunter2"}) for i, t in enumerate(types)]
    accepted = AuditClient(stack.writer()).send(events)
    assert [a["duplicate"] for a in accepted] == [False] * len(types)
    stored = {e["eventId"]: e for e in stack.events_of(actor)}
    assert sorted(e["eventType"] for e in stored.values()) == types
    for sent in events:
        got = stack.read(f"/v1/events/{sent['eventId']}")
        assert got["eventType"] == sent["eventType"] and got["occurredAt"] == sent["occurredAt"]
        assert got["metadata"]["password"] == "[REDACTED]"
        assert got["source"] == "local:writer"


def test_a_resend_is_a_duplicate_not_a_copy(stack: LocalStack) -> None:
    actor = f"py-{uuid.uuid4()}"
    event = build_event(event_type_for("logout"), actor)
    client = AuditClient(stack.writer())
    client.send([event])
    [again] = client.send([event])
    assert again["duplicate"] is True
    assert len(stack.events_of(actor)) == 1


def test_field_errors_come_back_typed_with_paths(stack: LocalStack) -> None:
    event = build_event("logout", "someone")
    event["actor"]["ip"] = "not-an-ip"
    with pytest.raises(InvalidRequestError) as raised:
        AuditClient(stack.writer()).send([event])
    assert "events[0].actor.ip" in [d.path for d in raised.value.details] or \
        "actor.ip" in [d.path for d in raised.value.details]


def test_wrong_keys_are_refused_without_retry(stack: LocalStack) -> None:
    creds, region, service = stack.keys("writer")
    from botocore.credentials import Credentials

    bad = SigV4HttpTransport(stack.url, region, service=service, credentials=Credentials(creds.access_key, "wrong"))
    with pytest.raises(UnauthorizedError):
        AuditClient(bad).send([build_event("logout", "x")])
    reader, _, _ = stack.keys("reader")
    as_reader = SigV4HttpTransport(stack.url, region, service=service, credentials=reader)
    with pytest.raises(ForbiddenError):
        AuditClient(as_reader).send([build_event("logout", "x")])
