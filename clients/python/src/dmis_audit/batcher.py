"""``BatchSender``: records without an outbox are gathered in memory and sent by one background thread."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from . import metrics
from .client import MAX_BATCH_EVENTS, AuditClient, batches, encode_event, with_event_id
from .errors import AuditError

logger = logging.getLogger("dmis_audit")

#: Answers that name one bad event: the batch is resent one event at a time so only that one is lost.
_PER_EVENT_STATUSES = frozenset({400, 409, 413})


class BatchSender:
    """Gathers events for ``linger`` seconds (or until 100 wait), then sends them in order.

    Requests hold at most 100 events and 1 MB (split by size) and are retried by the client
    as in synchronous mode. An event still failing after the retries is dropped, logged by
    error code and counted (``BatchDropped``): without an outbox nothing survives the process.
    """

    def __init__(self, client: AuditClient, linger: float = 0.05, max_pending: int = 10_000) -> None:
        self.client, self.linger, self.max_pending = client, linger, max_pending
        self.dropped = 0
        self._cond = threading.Condition()
        self._pending: list[bytes] = []
        self._in_flight = 0
        self._flushing = 0  # flush() callers waiting: no lingering while one waits
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="dmis-audit-batcher", daemon=True)
        self._thread.start()

    def submit(self, event: dict[str, Any]) -> None:
        """Hands the event over; blocks only while ``max_pending`` events already wait (an outage)."""
        encoded = encode_event(with_event_id(event))  # eventId fixed now, so a retry is a duplicate
        with self._cond:
            if self._closed:
                raise AuditError("closed", "the recorder is closed")
            self._cond.wait_for(lambda: len(self._pending) < self.max_pending or self._closed)
            self._pending.append(encoded)
            self._cond.notify_all()

    def flush(self, timeout: float = 30.0) -> bool:
        """Sends what waits now; True once everything handed over was answered (stored or dropped)."""
        with self._cond:
            self._flushing += 1
            self._cond.notify_all()
            try:
                return self._cond.wait_for(lambda: not self._pending and not self._in_flight, timeout)
            finally:
                self._flushing -= 1

    def close(self, timeout: float = 5.0) -> bool:
        """Sends what waits (up to ``timeout``) and stops; True when nothing was left unsent."""
        done = self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)
        return done

    def _take(self) -> list[bytes] | None:
        """The next events to send, after the linger; None once closed and empty."""
        with self._cond:
            self._cond.wait_for(lambda: self._pending or self._closed)
            if not self._pending:
                return None
            deadline = time.monotonic() + self.linger
            # The linger lets a burst share a request; a full batch, flush or close goes at once.
            while len(self._pending) < MAX_BATCH_EVENTS and not self._flushing and not self._closed:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
            taken, self._pending = self._pending, []
            self._in_flight = len(taken)
            self._cond.notify_all()
            return taken

    def _run(self) -> None:
        while (taken := self._take()) is not None:
            try:
                for batch in batches(taken):
                    self._send(batch)
            finally:
                with self._cond:
                    self._in_flight = 0
                    self._cond.notify_all()

    def _send(self, batch: list[bytes]) -> None:
        try:
            self.client.send_batch(batch)
        except AuditError as error:
            if error.status in _PER_EVENT_STATUSES and len(batch) > 1:
                for one in batch:
                    self._send([one])
                return
            self._drop(len(batch), error.code)
        except Exception as error:  # the thread must outlive any one failure
            self._drop(len(batch), type(error).__name__)

    def _drop(self, count: int, code: str) -> None:
        self.dropped += count
        metrics.count("BatchDropped", count)
        logger.warning("audit batch: %d event(s) dropped after the retries", count, extra={"code": code})
