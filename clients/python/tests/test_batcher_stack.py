"""Real stack: the default recorder's background batches reach the local runtime over SigV4."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from dmis_audit.client import AuditClient
from dmis_audit.events import build_event
from dmis_audit.recorder import AuditRecorder
from stack import LocalStack

pytestmark = pytest.mark.stack


def test_a_burst_of_records_arrives_in_few_requests(stack: LocalStack) -> None:
    actor = f"py-batch-{uuid.uuid4()}"
    writer = stack.writer()
    requests: list[int] = []

    class Counting:
        def send(self, body: bytes) -> list[dict[str, Any]]:
            requests.append(len(json.loads(body)["events"]))
            return writer.send(body)

    recorder = AuditRecorder(AuditClient(Counting()))
    try:
        events = [build_event("donation_updated", actor, {"seq": i}) for i in range(300)]
        assert {recorder.record(e) for e in events} == {"batched"}
        assert recorder.flush(60)
    finally:
        recorder.close()
    assert sum(requests) == 300 and max(requests) <= 100
    assert len(requests) <= 10  # 300 one-at-a-time records share requests
    stored = stack.events_of(actor)
    assert sorted(e["eventId"] for e in stored) == sorted(e["eventId"] for e in events)
