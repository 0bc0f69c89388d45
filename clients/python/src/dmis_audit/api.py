"""The module-level API: ``configure`` once, then ``log_security_event`` anywhere."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any, Literal

from .client import AuditClient, RetryPolicy
from .events import build_event
from .outbox import DEFAULT_MAX_BYTES, Outbox
from .recorder import AuditRecorder
from .transport import SigV4HttpTransport, Transport


@dataclass(frozen=True)
class AuditSettings:
    """Where and how to record. ``outbox_dir`` turns on disaster mode (recommended); without it
    events are batched in memory and sent in the background, unless ``synchronous`` is chosen."""

    endpoint: str
    region: str = "us-east-1"
    service: str = "execute-api"
    outbox_dir: str | None = None
    outbox_max_bytes: int = DEFAULT_MAX_BYTES
    linger_ms: int = 50
    max_attempts: int = 6
    synchronous: bool = False

    @classmethod
    def from_env(cls, **overrides: Any) -> AuditSettings:
        """From ``DMIS_AUDIT_ENDPOINT``, ``_REGION``, ``_SERVICE``, ``_OUTBOX_DIR``; keywords win."""
        env = {
            "endpoint": os.environ.get("DMIS_AUDIT_ENDPOINT"),
            "region": os.environ.get("DMIS_AUDIT_REGION"),
            "service": os.environ.get("DMIS_AUDIT_SERVICE"),
            "outbox_dir": os.environ.get("DMIS_AUDIT_OUTBOX_DIR"),
        }
        merged = {k: v for k, v in {**env, **overrides}.items() if v is not None}
        if "endpoint" not in merged:
            raise ValueError("the audit API endpoint is not set (DMIS_AUDIT_ENDPOINT or ENDPOINT in DMIS_AUDIT)")
        return cls(**merged)


_lock = threading.Lock()
_recorder: AuditRecorder | None = None


def build_recorder(settings: AuditSettings, transport: Transport | None = None) -> AuditRecorder:
    """A recorder for the settings; ``transport`` replaces SigV4 HTTPS (tests, lambda:Invoke)."""
    transport = transport or SigV4HttpTransport(settings.endpoint, settings.region, service=settings.service)
    client = AuditClient(transport, RetryPolicy(max_attempts=settings.max_attempts))
    outbox = Outbox(settings.outbox_dir, settings.outbox_max_bytes) if settings.outbox_dir else None
    return AuditRecorder(client, outbox, settings.linger_ms / 1000, synchronous=settings.synchronous)


def configure(settings: AuditSettings, transport: Transport | None = None) -> AuditRecorder:
    """Installs the process-wide recorder (closing any previous one) and returns it."""
    global _recorder
    with _lock:
        if _recorder is not None:
            _recorder.close()
        _recorder = build_recorder(settings, transport)
        return _recorder


def get_recorder() -> AuditRecorder:
    """The configured recorder; configured from the environment on first use."""
    global _recorder
    with _lock:
        if _recorder is None:
            _recorder = build_recorder(AuditSettings.from_env())
        return _recorder


def log_security_event(
    action: str,
    user_id: str | None = None,
    details: dict[str, Any] | None = None,
    *,
    target: dict[str, str] | None = None,
    outcome: str = "success",
    request: Any = None,
    severity: str | None = None,
) -> Literal["queued", "batched", "stored"]:
    """Records a DMIS security event: ``"queued"`` (fsync'd to the outbox), ``"batched"`` or ``"stored"``."""
    outcome_or_default = None if outcome == "success" else outcome
    event = build_event(action, user_id, details, target=target, outcome=outcome_or_default,
                        request=request, severity=severity)
    return get_recorder().record(event)
