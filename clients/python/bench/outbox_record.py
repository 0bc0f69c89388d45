"""How long ``record`` takes: queued to the outbox (append + fdatasync), and handed to the batch sender.

Run: ``clients/python/.venv/bin/python clients/python/bench/outbox_record.py [events] [threads]``;
prints one JSON line of milliseconds. No API is involved: the outbox's drainer points at a
closed port, so every event stays queued; the batch sender's transport accepts in process, so
only the hand-off (and the sender thread competing for the GIL) is measured. The outbox is
timed with one caller, and with ``threads`` (64) callers at once, whose appends share a write
and an fdatasync (group commit); the baseline is the disk's own write + fdatasync of one line.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import threading
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


def _quantiles(took: list[float], prefix: str) -> dict[str, float]:
    took = sorted(took)
    return {f"{prefix}p50_ms": took[len(took) // 2], f"{prefix}p99_ms": took[int(len(took) * 0.99)]}


def _timed(recorder: AuditRecorder, n: int, threads: int = 1) -> list[float]:
    """``n`` records from ``threads`` callers at once, each timing its own records one after another."""
    took: list[float] = []
    start_together = threading.Barrier(threads)

    def caller(first: int) -> None:
        events = [build_event("donation_updated", "bench", {"seq": i}) for i in range(first, n, threads)]
        start_together.wait()
        for event in events:
            start = time.perf_counter()
            recorder.record(event)
            took.append((time.perf_counter() - start) * 1000)  # list.append is atomic under the GIL

    callers = [threading.Thread(target=caller, args=(first,)) for first in range(threads)]
    for thread in callers:
        thread.start()
    for thread in callers:
        thread.join()
    recorder.close()
    return took


def _raw_sync(folder: str, n: int) -> list[float]:
    """The floor under any outbox: one line written and fdatasync'd, each awaited, on the same disk."""
    line = json.dumps(build_event("donation_updated", "bench", {"seq": 0})).encode() + b"\n"
    fd = os.open(os.path.join(folder, "raw"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    took: list[float] = []
    try:
        for _ in range(n):
            start = time.perf_counter()
            os.write(fd, line)
            os.fdatasync(fd)
            took.append((time.perf_counter() - start) * 1000)
    finally:
        os.close(fd)
    return took


def _queued(n: int, threads: int) -> list[float]:
    from botocore.credentials import Credentials

    closed = SigV4HttpTransport("http://127.0.0.1:9", "local", credentials=Credentials("AKIDEXAMPLE", "x"))
    with tempfile.TemporaryDirectory() as folder:
        return _timed(AuditRecorder(AuditClient(closed, RetryPolicy(max_attempts=1)), Outbox(folder)), n, threads)


def main(n: int, threads: int = 64) -> dict[str, float]:
    """Records ``n`` events in each mode; the latency quantiles in milliseconds."""
    with tempfile.TemporaryDirectory() as folder:
        raw = _raw_sync(folder, n)
    return {"events": n, "threads": threads, **_quantiles(raw, "raw_sync_"), **_quantiles(_queued(n, 1), ""),
            **_quantiles(_queued(n, threads), "concurrent_"),
            **_quantiles(_timed(AuditRecorder(AuditClient(_Accepting())), n), "batched_")}


if __name__ == "__main__":
    logging.getLogger("dmis_audit").addHandler(logging.NullHandler())  # the closed port's drain warnings
    args = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(main(*args) if args else main(2000)))
