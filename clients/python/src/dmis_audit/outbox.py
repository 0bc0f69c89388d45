"""Disaster-mode outbox: events are fsync'd to a local spool, then drained to the API in order."""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .appender import SpoolAppender
from .client import MAX_BATCH_BYTES, MAX_BATCH_EVENTS, AuditClient, encode_event, with_event_id
from .errors import AuditError, ConflictError, InvalidRequestError, PayloadTooLargeError
from .files import flocked
from .metrics import count
from .spool import Position, Spool, SpooledEvent, encode_line

logger = logging.getLogger("dmis_audit.outbox")
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# Refusals that no retry can fix: the event is set aside in rejected.jsonl (never dropped silently).
_REFUSED = (InvalidRequestError, ConflictError, PayloadTooLargeError)


@dataclass(frozen=True)
class OutboxStatus:
    """What is waiting: events, bytes, the oldest event's age, and events the server refused."""

    length: int
    pending_bytes: int
    oldest_age_seconds: float | None
    rejected: int
    max_bytes: int


class Outbox:
    """A durable, bounded, ordered queue of events in one folder, shareable by processes."""

    def __init__(self, folder: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.spool = Spool(folder)
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._appender = SpoolAppender(self.spool, max_bytes)

    def append(self, event: dict[str, Any]) -> dict[str, Any]:
        """Queues one event durably (fsync'd before returning); raises ``OutboxFullError`` when full."""
        fixed = with_event_id(event)
        self.append_encoded([encode_event(fixed)])
        return fixed

    def append_encoded(self, events: list[bytes]) -> None:
        """Queues encoded events durably, all or none; appends from other threads meanwhile share the fsync."""
        now = int(time.time() * 1000)
        self._appender.append(b"".join(encode_line(e, now) for e in events))
        count("OutboxQueued", len(events))

    def is_empty(self) -> bool:
        """True when no byte of the spool awaits acknowledgement (cheap: file sizes only)."""
        return self.spool.pending_bytes(self.spool.load_cursor()) == 0

    def status(self) -> OutboxStatus:
        """Length and oldest age, read from the spool."""
        cursor = self.spool.load_cursor()
        length, oldest = 0, None
        while batch := self.spool.read(cursor, 10_000, 1 << 40):
            oldest = batch[0].queued_at_ms if oldest is None else oldest
            length += len(batch)
            cursor = batch[-1].end
        rejected_file = self.folder / "rejected.jsonl"
        rejected = len(rejected_file.read_bytes().splitlines()) if rejected_file.exists() else 0
        age = None if oldest is None else max(0.0, time.time() - oldest / 1000)
        pending = self.spool.pending_bytes(self.spool.load_cursor())
        return OutboxStatus(length, pending, age, rejected, self.max_bytes)

    def drain(self, client: AuditClient, max_batches: int | None = None, until_partial: bool = False) -> int | None:
        """Sends what is queued, in order; the number sent, or None when another drainer holds it.

        ``until_partial`` stops after a batch that was not full, so a background drainer can
        linger for more events instead of chasing a burst one small batch at a time.
        """
        with flocked(self.folder / "drain.lock", blocking=False) as held:
            if not held:
                return None
            sent = 0
            cursor = self.spool.load_cursor()
            while max_batches is None or max_batches > 0:
                batch = self.spool.read(cursor, MAX_BATCH_EVENTS, MAX_BATCH_BYTES - 1024)
                if not batch:
                    break
                self._deliver(client, batch)
                cursor = batch[-1].end
                self.spool.save_cursor(cursor)
                sent += len(batch)
                count("OutboxDrained", len(batch))
                max_batches = None if max_batches is None else max_batches - 1
                if until_partial and len(batch) < MAX_BATCH_EVENTS:
                    break
            return sent

    def _deliver(self, client: AuditClient, batch: list[SpooledEvent]) -> None:
        try:
            client.send_batch([e.event for e in batch])
        except _REFUSED:
            # One bad event must not hold back the rest: find it by sending one at a time.
            for item in batch:
                try:
                    client.send_batch([item.event])
                except _REFUSED as error:
                    self._set_aside(item, error)

    def _set_aside(self, item: SpooledEvent, error: AuditError) -> None:
        count("OutboxRejected")
        logger.error("outbox: the API refused an event; kept in rejected.jsonl", extra={"code": error.code})
        entry = {"error": {"code": error.code, "message": error.message, "details": [asdict(d) for d in error.details]},
                 "event": json.loads(item.event)}
        with open(self.folder / "rejected.jsonl", "ab") as f:
            f.write(json.dumps(entry).encode() + b"\n")
            f.flush()
            os.fsync(f.fileno())


__all__ = ["DEFAULT_MAX_BYTES", "Outbox", "OutboxStatus", "Position"]
