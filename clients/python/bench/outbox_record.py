"""How long ``record`` takes when it queues to the outbox (append + fsync): p50, p99, max.

Run: ``clients/python/.venv/bin/python clients/python/bench/outbox_record.py [events]``.
No API is involved: the drainer points at a closed port, so every event stays queued.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time

from dmis_audit.client import AuditClient, RetryPolicy
from dmis_audit.events import build_event
from dmis_audit.outbox import Outbox
from dmis_audit.recorder import AuditRecorder
from dmis_audit.transport import SigV4HttpTransport


def main(n: int) -> dict[str, float]:
    """Records ``n`` events one by one; the latency quantiles in milliseconds."""
    from botocore.credentials import Credentials

    closed = SigV4HttpTransport("http://127.0.0.1:9", "local", credentials=Credentials("AKIDEXAMPLE", "x"))
    with tempfile.TemporaryDirectory() as folder:
        recorder = AuditRecorder(AuditClient(closed, RetryPolicy(max_attempts=1)), Outbox(folder))
        events = [build_event("donation_updated", "bench", {"seq": i}) for i in range(n)]
        took: list[float] = []
        for event in events:
            start = time.perf_counter()
            recorder.record(event)
            took.append((time.perf_counter() - start) * 1000)
        recorder.close()
    took.sort()
    return {"events": n, "p50_ms": took[n // 2], "p99_ms": took[int(n * 0.99)], "max_ms": took[-1]}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))
