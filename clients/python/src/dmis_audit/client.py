"""``AuditClient``: batches events (<= 100 and <= 1 MB per request) and retries with backoff."""

from __future__ import annotations

import json
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import AuditError
from .transport import Transport

MAX_BATCH_EVENTS = 100
MAX_BATCH_BYTES = 1_000_000
_ENVELOPE_BYTES = len(b'{"events":[]}')


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter: sleep uniform(0, min(cap, base * 2**attempt))."""

    max_attempts: int = 6
    base_seconds: float = 0.1
    cap_seconds: float = 5.0

    def delay(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """The sleep before retry number ``attempt`` (0 for the first retry)."""
        return rand() * min(self.cap_seconds, self.base_seconds * (1 << attempt))


def encode_event(event: dict[str, Any]) -> bytes:
    """The compact JSON of one event, as it goes on the wire and into the outbox."""
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def with_event_id(event: dict[str, Any]) -> dict[str, Any]:
    """The event with an eventId, fixed before the first attempt so a retry is a duplicate, not a copy."""
    return event if "eventId" in event else {**event, "eventId": str(uuid.uuid4())}


def batches(encoded: Iterable[bytes]) -> Iterator[list[bytes]]:
    """Groups encoded events into requests of at most 100 events and 1 MB, in order."""
    batch: list[bytes] = []
    size = _ENVELOPE_BYTES
    for item in encoded:
        if batch and (len(batch) == MAX_BATCH_EVENTS or size + len(item) + 1 > MAX_BATCH_BYTES):
            yield batch
            batch, size = [], _ENVELOPE_BYTES
        batch.append(item)
        size += len(item) + 1
    if batch:
        yield batch


def batch_body(batch: list[bytes]) -> bytes:
    """``{"events":[...]}`` from already encoded events (no re-encoding: bytes are sent as stored)."""
    return b'{"events":[' + b",".join(batch) + b"]}"


class AuditClient:
    """Sends events synchronously: split into batches, each retried until stored or refused."""

    def __init__(
        self,
        transport: Transport,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.transport = transport
        self.retry = retry or RetryPolicy()
        self._sleep = sleep

    def send(self, events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Stores every event (each must carry its eventId); the accepted list in order."""
        return self.send_encoded(encode_event(with_event_id(e)) for e in events)

    def send_encoded(self, encoded: Iterable[bytes]) -> list[dict[str, Any]]:
        """As ``send``, for events already encoded."""
        accepted: list[dict[str, Any]] = []
        for batch in batches(encoded):
            accepted.extend(self.send_batch(batch))
        return accepted

    def send_batch(self, batch: list[bytes]) -> list[dict[str, Any]]:
        """One request, retried on 429/5xx/network errors; the same bytes (and eventIds) each time."""
        body = batch_body(batch)
        attempt = 0
        while True:
            try:
                return self.transport.send(body)
            except AuditError as error:
                if not error.retryable or attempt + 1 >= self.retry.max_attempts:
                    raise
                self._sleep(self.retry.delay(attempt))
                attempt += 1
