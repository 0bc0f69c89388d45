"""Real faults against the real local runtime: the API stops mid-stream, the client is killed mid-drain.

``DMIS_FAULT_EVENTS`` sets how many events each test sends (default 10,000, the figure the
outbox is held to; a smaller number gives a quicker run by hand).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from dmis_audit.client import AuditClient, RetryPolicy, encode_event, with_event_id
from dmis_audit.errors import OutboxFullError
from dmis_audit.events import build_event
from dmis_audit.metrics import COUNTERS
from dmis_audit.outbox import Outbox
from dmis_audit.recorder import AuditRecorder
from dmis_audit.transport import SigV4HttpTransport
from stack import LocalStack, free_port

pytestmark = pytest.mark.stack
N = int(os.environ.get("DMIS_FAULT_EVENTS", "10000"))
QUICK_RETRY = RetryPolicy(max_attempts=2, base_seconds=0.05, cap_seconds=0.2)
# The drainer's pause between attempts while the API is down (30 s cap by default).
QUICK_BACKOFF = RetryPolicy(base_seconds=0.2, cap_seconds=1.0)


def wait_until(condition: Any, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)


def drained_so_far() -> int:
    """Events drained by this process: the counter, not a read of the whole spool (which would slow the run)."""
    return COUNTERS["OutboxDrained"]


def queue_in_blocks(box: Outbox, events: list[dict[str, Any]], block: int = 100) -> list[str]:
    """Queues events in order, a hundred to a write and fsync (quicker than one by one); their ids."""
    fixed = [with_event_id(e) for e in events]
    for start in range(0, len(fixed), block):
        box.append_encoded([encode_event(e) for e in fixed[start:start + block]])
    return [e["eventId"] for e in fixed]


def assert_stored_once_in_order(stack: LocalStack, actor: str, sent: list[str]) -> None:
    stored = stack.events_of(actor)
    ids = [e["eventId"] for e in stored]
    assert len(ids) == len(set(ids)) == len(sent), "each event stored exactly once"
    assert set(ids) == set(sent)
    by_seq = sorted(stored, key=lambda e: e["metadata"]["seq"])
    ingested = [e["ingestedAt"] for e in by_seq]
    assert ingested == sorted(ingested), "stored in the order recorded"


def test_api_stopped_mid_stream_loses_nothing(stack: LocalStack, tmp_path: Path) -> None:
    actor = f"py-stop-{uuid.uuid4()}"
    box = Outbox(tmp_path / "outbox")
    recorder = AuditRecorder(AuditClient(stack.writer(), QUICK_RETRY), box, linger=0.05, backoff=QUICK_BACKOFF)
    sent: list[str] = []

    def produce() -> None:
        for seq in range(N):
            event = build_event("donation_updated", actor, {"seq": seq}, target={"type": "donation", "id": "D-1"})
            assert recorder.record(event) == "queued"
            sent.append(event["eventId"])
            time.sleep(0.0005 if seq < N // 2 else 0)  # spread the first half over the outage

    producer = threading.Thread(target=produce)
    try:
        producer.start()
        before = drained_so_far()
        wait_until(lambda: len(sent) > N // 4 and drained_so_far() - before > N // 8)
        stack.stop()
        at_stop = drained_so_far() - before
        producer.join(120)
        assert box.status().length > 0 and at_stop < N, "events queued while the API was down"
        stack.start()
        wait_until(box.is_empty, timeout=600)
    finally:
        recorder.close()
        if stack.process is None:
            stack.start()
    assert_stored_once_in_order(stack, actor, sent)


def test_client_killed_mid_drain_loses_nothing_and_stores_nothing_twice(stack: LocalStack, tmp_path: Path) -> None:
    actor = f"py-kill-{uuid.uuid4()}"
    folder = tmp_path / "outbox"
    box = Outbox(folder)
    sent = queue_in_blocks(box, [build_event("logout", actor, {"seq": seq}) for seq in range(N)])
    creds, region, service = stack.keys("writer")
    env = {**os.environ, "AWS_ACCESS_KEY_ID": creds.access_key, "AWS_SECRET_ACCESS_KEY": creds.secret_key,
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/dev/null",
           "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "DMIS_AUDIT_SERVICE": service}
    command = [sys.executable, "-m", "dmis_audit", "outbox", "drain", "--dir", str(folder),
               "--endpoint", stack.url, "--region", region]
    drainer = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_until(lambda: (folder / "cursor").exists() or drainer.poll() is not None)
    drainer.send_signal(signal.SIGKILL)
    drainer.wait(10)
    assert drainer.returncode == -signal.SIGKILL, "killed before it finished"
    left = box.status().length
    assert 0 < left < N
    again = subprocess.run(command, env=env, capture_output=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr.decode()
    assert json.loads(again.stdout)["status"]["length"] == 0
    assert_stored_once_in_order(stack, actor, sent)


def test_a_full_outbox_is_a_clear_error_and_keeps_what_it_accepted(stack: LocalStack, tmp_path: Path) -> None:
    actor = f"py-full-{uuid.uuid4()}"
    creds, region, service = stack.keys("writer")
    unreachable = SigV4HttpTransport(f"http://127.0.0.1:{free_port()}", region, service=service, credentials=creds)
    box = Outbox(tmp_path / "outbox", max_bytes=20_000)
    recorder = AuditRecorder(AuditClient(unreachable, QUICK_RETRY), box)
    accepted: list[str] = []
    try:
        with pytest.raises(OutboxFullError, match="NOT queued"):
            for seq in range(1000):
                event = build_event("login", actor, {"seq": seq})
                recorder.record(event)
                accepted.append(event["eventId"])
    finally:
        recorder.close()
    assert 10 < len(accepted) < 1000
    assert box.drain(AuditClient(stack.writer())) == len(accepted)
    assert_stored_once_in_order(stack, actor, accepted)
