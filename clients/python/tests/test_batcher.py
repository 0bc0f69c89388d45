"""Records without an outbox: gathered in memory, sent by a background thread in batches."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dmis_audit import AuditSettings
from dmis_audit.api import build_recorder
from dmis_audit.client import MAX_BATCH_BYTES, AuditClient
from dmis_audit.errors import error_from_response
from dmis_audit.events import build_event
from dmis_audit.metrics import COUNTERS
from dmis_audit.recorder import AuditRecorder
from fakes import FakeApi

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def batched(fast_client: AuditClient) -> Iterator[AuditRecorder]:
    """The default recorder (no outbox, not synchronous) over the fake API."""
    recorder = AuditRecorder(fast_client, linger=0.05)
    yield recorder
    recorder.close()


def sizes(api: FakeApi) -> list[int]:
    return [len(json.loads(body)["events"]) for body in api.bodies]


def test_a_burst_goes_in_batches_of_100_in_order(batched: AuditRecorder, fake_api: FakeApi) -> None:
    events = [build_event("logout", f"u{i}") for i in range(250)]
    assert {batched.record(e) for e in events} == {"batched"}
    assert batched.flush(30)
    assert sum(sizes(fake_api)) == 250 and max(sizes(fake_api)) <= 100
    assert len(fake_api.bodies) <= 5  # a burst shares requests, it is not one request per event
    assert [e["eventId"] for e in fake_api.events()] == [e["eventId"] for e in events]


def test_a_lone_event_waits_only_the_linger(fake_api: FakeApi, fast_client: AuditClient) -> None:
    done = threading.Event()
    fake_api.before_answer = done.set
    recorder = AuditRecorder(fast_client, linger=1.0)
    try:
        for i in range(3):
            recorder.record(build_event("logout", f"u{i}"))
        assert not done.is_set()  # still lingering for company
        assert done.wait(10)  # sent without any flush once the linger is over
        assert sizes(fake_api) == [3]
    finally:
        recorder.close()


def test_requests_stay_under_1_mb(batched: AuditRecorder, fake_api: FakeApi) -> None:
    for _ in range(70):
        batched.record(build_event("login", "u", {"blob": "x" * 30_000}))
    assert batched.flush(30)
    assert len(fake_api.bodies) >= 3 and all(len(b) <= MAX_BATCH_BYTES for b in fake_api.bodies)
    assert len(fake_api.stored) == 70


def test_retries_the_same_bytes(batched: AuditRecorder, fake_api: FakeApi) -> None:
    fake_api.fail_next(503, "unavailable", times=2)
    batched.record(build_event("logout", "amy"))
    assert batched.flush(30)
    assert len(fake_api.bodies) == 3 and fake_api.bodies[0] == fake_api.bodies[2]
    assert len(fake_api.stored) == 1


def test_a_refused_event_is_dropped_alone(fake_api: FakeApi) -> None:
    class RefusesBad(FakeApi):
        def send(self, body: bytes) -> list[dict[str, Any]]:
            if b'"bad"' in body:
                self.bodies.append(body)
                raise error_from_response(400, {"error": {"code": "invalid_request", "message": "bad"}})
            return super().send(body)

    api = RefusesBad()
    recorder = AuditRecorder(AuditClient(api, sleep=lambda _: None), linger=0.05)
    before = COUNTERS["BatchDropped"]
    try:
        for i in range(5):
            recorder.record(build_event("logout", "bad" if i == 2 else f"u{i}"))
        assert recorder.flush(30)
        assert sorted(e["actor"]["userId"] for e in api.events()) == ["u0", "u1", "u3", "u4"]
        assert recorder.sender is not None and recorder.sender.dropped == 1
        assert COUNTERS["BatchDropped"] == before + 1
    finally:
        recorder.close()


def test_the_thread_survives_an_unexpected_error(fake_api: FakeApi, fast_client: AuditClient) -> None:
    calls = []

    def explode_once() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("boom")

    fake_api.before_answer = explode_once
    recorder = AuditRecorder(fast_client, linger=0.01)
    try:
        recorder.record(build_event("logout", "first"))
        assert recorder.flush(30)
        recorder.record(build_event("logout", "second"))
        assert recorder.flush(30)
        assert len(fake_api.bodies) == 2
    finally:
        recorder.close()


def test_close_sends_what_is_batched(fake_api: FakeApi, fast_client: AuditClient) -> None:
    recorder = AuditRecorder(fast_client, linger=60)
    recorder.record(build_event("logout", "amy"))
    recorder.close()
    assert len(fake_api.stored) == 1


def test_synchronous_only_when_chosen(fake_api: FakeApi) -> None:
    default = build_recorder(AuditSettings(endpoint="http://x"), fake_api)
    chosen = build_recorder(AuditSettings(endpoint="http://x", synchronous=True), fake_api)
    try:
        assert default.sender is not None and chosen.sender is None
        assert chosen.record(build_event("logout", "amy")) == "stored"
        assert len(fake_api.stored) == 1
    finally:
        default.close()
        chosen.close()


def test_batched_events_are_sent_at_exit(tmp_path: Path) -> None:
    sent = tmp_path / "sent.jsonl"
    script = textwrap.dedent(f"""
        import json
        from dmis_audit.client import AuditClient
        from dmis_audit.events import build_event
        from dmis_audit.recorder import AuditRecorder

        class ToFile:
            def send(self, body):
                with open({str(sent)!r}, "ab") as out:
                    out.write(body + b"\\n")
                return [{{"eventId": e["eventId"], "duplicate": False}} for e in json.loads(body)["events"]]

        recorder = AuditRecorder(AuditClient(ToFile()), linger=60)
        for i in range(7):
            recorder.record(build_event("logout", f"u{{i}}"))
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60, env={"PYTHONPATH": str(SRC)})
    bodies = sent.read_bytes().splitlines()
    assert [len(json.loads(b)["events"]) for b in bodies] == [7]
