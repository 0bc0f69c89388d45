"""``AuditRecorder``: what ``log_security_event`` records through: outbox, background batches, or direct."""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
import weakref
from typing import Any, Literal

from .batcher import BatchSender
from .client import AuditClient, RetryPolicy
from .errors import AuditError
from .outbox import Outbox

logger = logging.getLogger("dmis_audit")
_BACKOFF = RetryPolicy(base_seconds=0.5, cap_seconds=30.0)


class OutboxDrainer:
    """A daemon thread draining the outbox: at start, on every append (after the linger), and on a poll."""

    def __init__(self, outbox: Outbox, client: AuditClient, linger: float = 0.05, poll: float = 1.0,
                 backoff: RetryPolicy = _BACKOFF) -> None:
        self.outbox, self.client, self.linger, self.poll, self.backoff = outbox, client, linger, poll, backoff
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._appends = 0  # bumped by wake(): an idle report must postdate the last append
        self._thread = threading.Thread(target=self._run, name="dmis-audit-outbox", daemon=True)

    def start(self) -> None:
        """Starts draining; anything left by an earlier process goes first."""
        self._wake.set()
        self._thread.start()

    def wake(self) -> None:
        """Something was appended."""
        self._idle.clear()
        self._appends += 1
        self._wake.set()

    def wait_idle(self, timeout: float) -> bool:
        """True once a drain found the outbox empty after the last wake."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """Stops after the batch in flight; what is left stays queued on disk."""
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _pause(self, failures: int) -> bool:
        """Waits for an append or the poll; after failures, for the backoff whatever wakes it."""
        if failures:
            # Appends during an outage must not each set off a retry.
            return not self._stop.wait(self.backoff.delay(min(failures, 10)))
        return self._wake.wait(self.poll)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            woken = self._pause(failures)
            self._wake.clear()
            if self._stop.is_set():
                break
            if woken and self.linger:
                time.sleep(self.linger)  # lets a burst gather into one batch
            appends = self._appends
            try:
                drained = self.outbox.drain(self.client, until_partial=True) is not None
                if drained and self.outbox.is_empty() and appends == self._appends:
                    self._idle.set()
                failures = 0
            except AuditError as error:
                failures += 1
                logger.warning("outbox: drain failed, events stay queued", extra={"code": error.code})
            except Exception:
                failures += 1
                logger.exception("outbox: drain failed, events stay queued")


class AuditRecorder:
    """Records events: queued durably to an outbox when given; else batched in the background,
    or sent before returning when ``synchronous`` is chosen."""

    def __init__(self, client: AuditClient, outbox: Outbox | None = None, linger: float = 0.05,
                 backoff: RetryPolicy = _BACKOFF, synchronous: bool = False) -> None:
        self.client = client
        self.outbox = outbox
        self.linger = linger
        self.backoff = backoff  # between drain attempts while the API is down
        self.synchronous = synchronous
        self.drainer: OutboxDrainer | None = None
        self.sender: BatchSender | None = None
        self._closed = False
        self._start_drainer()
        # A forked worker (gunicorn --preload) inherits no threads: it starts its own drainer.
        # A weak reference, so the fork hook does not keep a discarded recorder alive.
        ref = weakref.ref(self)

        def in_child() -> None:
            recorder = ref()
            if recorder is not None:
                recorder._start_drainer()

        def at_exit() -> None:
            recorder = ref()
            # Sends what is still batched in memory (bounded by close's timeout); an outbox keeps its own.
            if recorder is not None and recorder.sender is not None:
                recorder.sender.close()

        os.register_at_fork(after_in_child=in_child)
        atexit.register(at_exit)

    def _start_drainer(self) -> None:
        if self._closed:
            return
        if self.outbox is not None:
            self.drainer = OutboxDrainer(self.outbox, self.client, self.linger, backoff=self.backoff)
            self.drainer.start()
        elif not self.synchronous:
            # A forked child starts empty: what the parent had batched is the parent's to send.
            self.sender = BatchSender(self.client, self.linger)

    def record(self, event: dict[str, Any]) -> Literal["queued", "batched", "stored"]:
        """``"queued"`` once fsync'd to the outbox (``OutboxFullError`` when full), ``"batched"``
        once handed to the background sender, or ``"stored"`` (synchronous: sent before returning)."""
        if self.sender is not None:
            self.sender.submit(event)
            return "batched"
        if self.outbox is None or self.drainer is None:
            self.client.send([event])
            return "stored"
        self.outbox.append(event)
        self.drainer.wake()
        return "queued"

    def flush(self, timeout: float = 30.0) -> bool:
        """Waits until the outbox is empty, or every batched event was answered; True when so."""
        if self.sender is not None:
            return self.sender.flush(timeout)
        if self.drainer is None:
            return True
        self.drainer.wake()
        return self.drainer.wait_idle(timeout)

    def close(self) -> None:
        """Sends what is batched and stops; queued outbox events stay on disk for the next start."""
        if self._closed:
            return
        self._closed = True
        if self.sender is not None:
            self.sender.close()
        if self.drainer is not None:
            self.drainer.stop()
