"""The request being served, set by the middleware, so signal receivers can attribute events."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

current_request: ContextVar[Any] = ContextVar("dmis_audit_current_request", default=None)
