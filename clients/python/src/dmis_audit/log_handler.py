"""A ``logging.Handler`` shipping records of the ``dmis.security`` logger as audit events."""

from __future__ import annotations

import logging
from typing import Any

from .api import get_recorder
from .catalogue import ACTION_EVENT_TYPES, is_known_event_type
from .events import build_event
from .recorder import AuditRecorder
from .redaction import Redactor

SECURITY_LOGGER = "dmis.security"
# Records with no mapped action are still kept, as this custom type, with the message as reason.
UNMAPPED_EVENT_TYPE = "custom.dmis.security_log"
_SEVERITY_OF_LEVEL = ((logging.CRITICAL, "critical"), (logging.ERROR, "high"), (logging.WARNING, "medium"))


def sanitize_for_log(value: Any) -> Any:
    """A copy of a value safe to put in any log line: the audit redaction rules applied."""
    return Redactor().value(value, "value")


def _severity(levelno: int) -> str | None:
    return next((name for level, name in _SEVERITY_OF_LEVEL if levelno >= level), None)


class AuditLogHandler(logging.Handler):
    """Turns each record into an event.

    The action is ``extra={"action": ...}`` or the message itself when it is a mapped DMIS
    action; ``user_id``, ``details``, ``target``, ``outcome`` and ``request`` are read from
    ``extra`` too. Any other record becomes ``custom.dmis.security_log`` with the message as
    ``reason``. A failure to record goes to ``handleError``, never up into the caller.
    """

    def __init__(self, recorder: AuditRecorder | None = None, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self._recorder = recorder

    def emit(self, record: logging.LogRecord) -> None:
        """Records the event (queued to the outbox when one is configured)."""
        try:
            (self._recorder or get_recorder()).record(self.to_event(record))
        except Exception:
            self.handleError(record)

    def to_event(self, record: logging.LogRecord) -> dict[str, Any]:
        """The audit event for a log record."""
        fields = record.__dict__
        message = record.getMessage()
        action = fields.get("action") or message
        mapped = isinstance(action, str) and (action in ACTION_EVENT_TYPES or is_known_event_type(action))
        return build_event(
            action if mapped else UNMAPPED_EVENT_TYPE,
            fields.get("user_id"),
            fields.get("details"),
            target=fields.get("target"),
            outcome=fields.get("outcome"),
            request=fields.get("request"),
            severity=fields.get("severity") or _severity(record.levelno),
            reason=None if mapped and action == message else message,
        )
