"""A fake audit API behind the ``Transport`` port: stores by eventId like the server, fails on cue."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from dmis_audit.errors import AuditError, error_from_response


class FakeApi:
    """Keeps events by eventId (a resend is ``duplicate: true``), in arrival order."""

    def __init__(self) -> None:
        self.stored: dict[str, dict[str, Any]] = {}
        self.bodies: list[bytes] = []
        self.failures: list[AuditError] = []
        self.before_answer: Callable[[], None] | None = None
        self.lock = threading.Lock()

    def fail_next(self, status: int, code: str, times: int = 1, paths: tuple[str, ...] = ()) -> None:
        """The next ``times`` requests answer ``status`` with ``code``."""
        body = {"error": {"code": code, "message": code, "details": [{"path": p, "message": "bad"} for p in paths]}}
        self.failures.extend(error_from_response(status, body) for _ in range(times))

    def send(self, body: bytes) -> list[dict[str, Any]]:
        """Stores the batch, or raises the next scripted failure."""
        with self.lock:
            self.bodies.append(body)
            if self.failures:
                raise self.failures.pop(0)
            accepted = []
            for event in json.loads(body)["events"]:
                duplicate = event["eventId"] in self.stored
                self.stored.setdefault(event["eventId"], event)
                accepted.append({"eventId": event["eventId"], "duplicate": duplicate})
        if self.before_answer is not None:
            self.before_answer()
        return accepted

    def events(self, event_type: str | None = None) -> list[dict[str, Any]]:
        """Stored events, optionally of one type, in arrival order."""
        return [e for e in self.stored.values() if event_type is None or e["eventType"] == event_type]
