"""The ``dmis_audit.django`` app: logins, denials and record changes recorded as audit events.

Add ``"dmis_audit.django"`` to ``INSTALLED_APPS``, ``"dmis_audit.django.middleware.AuditMiddleware"``
to ``MIDDLEWARE``, and a ``DMIS_AUDIT`` dict to settings (see ``conf.py``).
"""
