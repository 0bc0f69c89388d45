"""Errors typed by the API's error codes, carrying the server's field paths."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldError:
    """One bad field: its path in the request (``events[3].actor.ip``) and what is wrong."""

    path: str
    message: str


@dataclass
class AuditError(Exception):
    """An error answer from the audit API, or a failure to reach it."""

    code: str
    message: str
    status: int | None = None
    details: list[FieldError] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(f"{self.code}: {self.message}" + (f" (HTTP {self.status})" if self.status else ""))

    def __str__(self) -> str:
        return str(self.args[0])

    @property
    def retryable(self) -> bool:
        """True for throttling, server errors and network failures; never for a client error."""
        return self.status is None or self.status == 429 or self.status >= 500


class InvalidRequestError(AuditError):
    """400: a field is invalid; ``details`` names each by path."""


class UnauthorizedError(AuditError):
    """401: no or bad credential."""


class ForbiddenError(AuditError):
    """403: the credential's role may not write."""


class ConflictError(AuditError):
    """409: an eventId was reused with different content."""


class PayloadTooLargeError(AuditError):
    """413: the request or one event is too large."""


class ThrottledError(AuditError):
    """429: the table is throttling; retried with the same eventIds."""


class UnavailableError(AuditError):
    """5xx, or the API could not be reached (``status`` None); retried with the same eventIds."""


class OutboxFullError(Exception):
    """The outbox holds its maximum: the event was NOT queued and the caller must act."""


_BY_CODE: dict[str, type[AuditError]] = {
    "invalid_request": InvalidRequestError,
    "unauthorized": UnauthorizedError,
    "forbidden": ForbiddenError,
    "conflict": ConflictError,
    "payload_too_large": PayloadTooLargeError,
    "throttled": ThrottledError,
    "unavailable": UnavailableError,
}


def error_from_response(status: int, body: Any) -> AuditError:
    """The typed error for an API error answer ``{"error": {"code", "message", "details"}}``."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        error = {}
    code = str(error.get("code") or ("unavailable" if status >= 500 else "http_error"))
    details = [
        FieldError(str(d.get("path", "")), str(d.get("message", "")))
        for d in error.get("details") or []
        if isinstance(d, dict)
    ]
    cls = _BY_CODE.get(code, UnavailableError if status >= 500 or status == 429 else AuditError)
    return cls(code, str(error.get("message") or f"HTTP {status}"), status, details)
