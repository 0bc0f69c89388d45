"""Middleware: 403 answers become ``authz.access.denied``; reset requests ``auth.password.reset``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..api import log_security_event
from .context import current_request


class AuditMiddleware:
    """Place it after AuthenticationMiddleware so the actor is the logged-in user."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        match = getattr(request, "resolver_match", None)
        if response.status_code == 403:
            log_security_event("access_denied", details={"method": request.method, "path": request.path},
                               target={"type": "route", "id": request.path[:256]}, request=request)
        elif getattr(match, "url_name", None) == "password_reset" and request.method == "POST" \
                and response.status_code == 302:
            # Django answers the same whether or not the address is known: so does the event.
            log_security_event("password_reset_requested", details={"stage": "requested"}, request=request)
        return response
