"""The one ``DMIS_AUDIT`` settings dict and what it means."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from ..api import AuditSettings

#: Keys of ``DMIS_AUDIT`` and the ``AuditSettings`` field each sets.
_SETTING_FIELDS = {
    "ENDPOINT": "endpoint",
    "REGION": "region",
    "SERVICE": "service",
    "OUTBOX_DIR": "outbox_dir",
    "OUTBOX_MAX_BYTES": "outbox_max_bytes",
    "LINGER_MS": "linger_ms",
    "MAX_ATTEMPTS": "max_attempts",
    "SYNCHRONOUS": "synchronous",
}


def audit_options() -> dict[str, Any]:
    """The ``DMIS_AUDIT`` dict (empty when absent)."""
    options: dict[str, Any] = dict(getattr(settings, "DMIS_AUDIT", {}) or {})
    return options


def audit_settings() -> AuditSettings:
    """Client settings from ``DMIS_AUDIT``, the environment filling what it leaves out."""
    options = audit_options()
    return AuditSettings.from_env(**{field: options[key] for key, field in _SETTING_FIELDS.items() if key in options})


def tracked_models() -> dict[str, str]:
    """``{"app_label.ModelName": record_type}`` from ``DMIS_AUDIT["TRACKED_MODELS"]``."""
    models: dict[str, str] = dict(audit_options().get("TRACKED_MODELS", {}))
    return models
