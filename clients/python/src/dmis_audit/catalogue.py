"""DMIS action names and the catalogue event types they map to: the one mapping table.

The catalogue itself is ``catalogue.json``, generated from ``lambdas/core/catalogue.ts``
(``clients/python/scripts/dump-catalogue.ts``; a jest test fails when it is stale), and a
pytest test fails when an action here maps to a type the catalogue does not have.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

#: DMIS action name -> catalogue event type.
ACTION_EVENT_TYPES: dict[str, str] = {
    "login_success": "auth.login.success",
    "login": "auth.login.success",
    "login_failed": "auth.login.failure",
    "login_failure": "auth.login.failure",
    "logout": "auth.logout",
    "password_change": "auth.password.change",
    "password_changed": "auth.password.change",
    "password_reset": "auth.password.reset",
    "password_reset_requested": "auth.password.reset",
    "password_reset_completed": "auth.password.reset",
    "mfa_change": "auth.mfa.change",
    "user_created": "account.create",
    "user_updated": "account.update",
    "user_disabled": "account.disable",
    "role_granted": "authz.role.grant",
    "role_revoked": "authz.role.revoke",
    "access_denied": "authz.access.denied",
    "permission_denied": "authz.access.denied",
    "config_change": "config.change",
    "system_error": "system.error",
    **{f"{record}_{verb}d": f"{record}.{verb}" for record in (
        "donation", "donation_intake", "transfer", "relief_request", "relief_package", "dispatch",
    ) for verb in ("create", "update")},
}

#: The outcome each mapped action implies when the caller does not say.
ACTION_OUTCOMES: dict[str, str] = {
    "login_failed": "failure",
    "login_failure": "failure",
    "access_denied": "denied",
    "permission_denied": "denied",
    "system_error": "error",
}

_CUSTOM_EVENT_TYPE = re.compile(r"^custom(\.[a-z][a-z0-9_]{0,39}){2,4}$")


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """The catalogued event types with their category, severity, action and retention."""
    text = resources.files("dmis_audit").joinpath("catalogue.json").read_text(encoding="utf-8")
    types: dict[str, dict[str, Any]] = json.loads(text)["types"]
    return types


def is_known_event_type(event_type: str) -> bool:
    """True when the server accepts the type: catalogued, or ``custom.<namespace>.<name>``."""
    return event_type in catalogue() or _CUSTOM_EVENT_TYPE.match(event_type) is not None


def event_type_for(action: str) -> str:
    """The event type for a DMIS action name, or the action itself when it is already a type."""
    mapped = ACTION_EVENT_TYPES.get(action)
    if mapped is not None:
        return mapped
    if is_known_event_type(action):
        return action
    raise ValueError(f"unknown DMIS action {action!r}: map it in dmis_audit.catalogue or use a catalogue event type")
