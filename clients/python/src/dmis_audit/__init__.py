"""Record DMIS audit events: ``log_security_event``, SigV4 HTTPS, batching, retries and a durable outbox."""

from .api import AuditSettings, configure, get_recorder, log_security_event
from .client import AuditClient, RetryPolicy
from .errors import (
    AuditError,
    ConflictError,
    FieldError,
    ForbiddenError,
    InvalidRequestError,
    OutboxFullError,
    PayloadTooLargeError,
    ThrottledError,
    UnauthorizedError,
    UnavailableError,
)
from .events import build_event
from .log_handler import AuditLogHandler, sanitize_for_log
from .outbox import Outbox, OutboxStatus
from .recorder import AuditRecorder
from .transport import SigV4HttpTransport, Transport

__all__ = [
    "AuditClient", "AuditError", "AuditLogHandler", "AuditRecorder", "AuditSettings", "ConflictError",
    "FieldError", "ForbiddenError", "InvalidRequestError", "Outbox", "OutboxFullError", "OutboxStatus",
    "PayloadTooLargeError", "RetryPolicy", "SigV4HttpTransport", "ThrottledError", "Transport",
    "UnauthorizedError", "UnavailableError", "build_event", "configure", "get_recorder", "log_security_event",
    "sanitize_for_log",
]
