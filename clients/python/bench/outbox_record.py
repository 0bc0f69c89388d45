"""How long ``record`` takes: queued to the outbox (append + fsync), and handed to the batch sender.

Run: ``clients/python/.venv/bin/python clients/python/bench/outbox_record.py [events]``; prints one
JSON line of milliseconds. No API is involved: the outbox's drainer points at a closed port, so
every event stays queued; the batch sender's transport accepts in process, so only the hand-off
(and the sender thread competing for the GIL) is measured.
"""

from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from typing import Any

from dmis_audit.client import AuditClient, RetryPolicy
from dmis_audit.events import build_event
from dmis_audit.outbox import Outbox
from dmis_audit.recorder import AuditRecorder
from dmis_audit.transport import SigV4HttpTransport


class _Accepting:
    """Answers every batch as stored, without a network."""

    def send(self, body: bytes) -> list[dict[str, Any]]:
        return [{"eventId": e["eventId"], "duplicate": False} for e in json.loads(body)["events"]]


def _timed(recorder: AuditRecorder, n: int) -> list[float]:
    events = [build_event("donation_updated", "bench", {"seq": i}) for i in range(n)]
    took: list[float] = []
    for event in events:
        start = time.perf_counter()
        recorder.record(event)
        took.append((time.perf_counter() - start) * 1000)
    recorder.close()
    return sorted(took)


def main(n: int) -> dict[str, float]:
    """Records ``n`` events one by one in each mode; the latency quantiles in milliseconds."""
    from botocore.credentials import Credentials

    closed = SigV4HttpTransport("http://127.0.0.1:9", "local", credentials=Credentials("AKIDEXAMPLE", "x"))
    with tempfile.TemporaryDirectory() as folder:
        queued = _timed(AuditRecorder(AuditClient(closed, RetryPolicy(max_attempts=1)), Outbox(folder)), n)
    batched = _timed(AuditRecorder(AuditClient(_Accepting())), n)
    return {"events": n, "p50_ms": queued[n // 2], "p99_ms": queued[int(n * 0.99)], "max_ms": queued[-1],
            "batched_p50_ms": batched[n // 2], "batched_p99_ms": batched[int(n * 0.99)]}


if __name__ == "__main__":
    logging.getLogger("dmis_audit").addHandler(logging.NullHandler())  # the closed port's drain warnings
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))
