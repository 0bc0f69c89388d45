"""The Django app config: configures the recorder and connects the receivers once."""

from __future__ import annotations

from django.apps import AppConfig, apps


class DmisAuditConfig(AppConfig):  # type: ignore[misc]  # Django ships no type information
    """``dmis_audit.django``."""

    name = "dmis_audit.django"
    label = "dmis_audit"
    verbose_name = "DMIS audit trail"

    def ready(self) -> None:
        """Reads ``DMIS_AUDIT``, installs the recorder unless disabled, connects the receivers."""
        from .. import api
        from .conf import audit_options, audit_settings, tracked_models
        from .receivers import connect_auth_receivers
        from .tracking import track_changes

        options = audit_options()
        if not options.get("ENABLED", True):
            return
        if options.get("CONFIGURE", True):
            api.configure(audit_settings())
        connect_auth_receivers()
        for label, record_type in tracked_models().items():
            track_changes(apps.get_model(label), record_type)
