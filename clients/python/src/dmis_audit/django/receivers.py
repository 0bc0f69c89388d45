"""Receivers for Django's auth signals and for password changes and resets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_save

from ..api import log_security_event
from .context import current_request

# URL names of django.contrib.auth's reset views: a password set through one is a reset.
_RESET_VIEWS = frozenset({"password_reset_confirm"})


def _username(user: Any) -> str | None:
    return None if user is None else str(user.get_username())


def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """``auth.login.success``."""
    log_security_event("login_success", _username(user), request=request)


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    """``auth.login.failure``; Django has already removed the password from ``credentials``."""
    username = credentials.get("username")
    log_security_event("login_failed", str(username) if username else "anonymous",
                       {"credentials": credentials}, request=request)


def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """``auth.logout``."""
    log_security_event("logout", _username(user), request=request)


def on_user_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """``auth.password.change`` or ``.reset`` when a saved user's password hash differs from the stored one."""
    if raw or instance.pk is None:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is None or stored == instance.password:
        return
    request = current_request.get()
    match = getattr(request, "resolver_match", None)
    action = "password_reset_completed" if getattr(match, "url_name", None) in _RESET_VIEWS else "password_change"
    log_security_event(action, str(instance.get_username()), target={"type": "user", "id": str(instance.pk)},
                       request=request)


def connect_auth_receivers() -> None:
    """Connects every receiver once (``dispatch_uid`` makes a second call a no-op)."""
    user_logged_in.connect(on_logged_in, dispatch_uid="dmis_audit.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="dmis_audit.login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="dmis_audit.logout")
    pre_save.connect(on_user_saved, sender=get_user_model(), dispatch_uid="dmis_audit.password")
