"""Builds audit event payloads: ids and timestamps fixed once, details redacted client-side."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from .catalogue import ACTION_OUTCOMES, event_type_for
from .redaction import Redactor, redact_change

OUTCOMES = ("success", "failure", "denied", "error")


def now_iso() -> str:
    """The current UTC time as the API wants it: milliseconds and ``Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def session_digest(session_key: str) -> str:
    """A live session key is a bearer credential: only this digest reaches the outbox and the wire.

    The server's own digest (``sha256:`` + 32 hex digits) of the raw key; the server hashes what
    it receives again, so one session's events still share one stored value.
    """
    return "sha256:" + hashlib.sha256(session_key.encode("utf-8")).hexdigest()[:32]


def actor_from_request(request: Any, user_id: str | None) -> dict[str, Any]:
    """The actor from a Django request (duck-typed: ``META``, ``user``, ``session``)."""
    actor: dict[str, Any] = {}
    meta = getattr(request, "META", None) or {}
    user = getattr(request, "user", None)
    if user_id is None and user is not None and getattr(user, "is_authenticated", False):
        user_id = str(user.get_username() if hasattr(user, "get_username") else user.pk)
    actor["userId"] = user_id or "anonymous"
    ip = meta.get("REMOTE_ADDR")
    if ip:
        actor["ip"] = str(ip)
    agent = meta.get("HTTP_USER_AGENT")
    if agent:
        actor["userAgent"] = str(agent)[:1024]
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None) if session is not None else None
    if key:
        actor["sessionId"] = session_digest(str(key))
    return actor


def build_event(
    action: str,
    user_id: str | None = None,
    details: dict[str, Any] | None = None,
    *,
    target: dict[str, str] | None = None,
    outcome: str | None = None,
    request: Any = None,
    severity: str | None = None,
    changes: list[dict[str, Any]] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """One event for ``POST /v1/events``, with its eventId and occurredAt fixed here."""
    resolved_outcome = outcome or ACTION_OUTCOMES.get(action, "success")
    if resolved_outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}")
    actor = actor_from_request(request, user_id) if request is not None else {"userId": user_id or "system"}
    redactor = Redactor()
    event: dict[str, Any] = {
        "eventId": str(uuid.uuid4()),
        "occurredAt": now_iso(),
        "eventType": event_type_for(action),
        "actor": actor,
        "outcome": resolved_outcome,
    }
    if "userAgent" in actor:
        actor["userAgent"] = redactor.text(actor["userAgent"], "actor.userAgent")
    if target is not None:
        event["target"] = {"type": target["type"], "id": str(target["id"])}
    if severity is not None:
        event["severity"] = severity
    if reason is not None:
        event["reason"] = redactor.text(reason[:2000], "reason")
    metadata = {"dmisAction": action, **(details or {})} if action != event["eventType"] else dict(details or {})
    if metadata:
        event["metadata"] = redactor.value(metadata, "metadata")
    if changes:
        event["changes"] = [redact_change(c, f"changes[{i}]", redactor) for i, c in enumerate(changes)]
    return event
