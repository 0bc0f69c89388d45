"""Records creates and updates of DMIS records with the fields that changed."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save

from .context import current_request

_OLD = "_dmis_audit_old_values"


def _values(instance: Any, fields: list[str]) -> dict[str, Any]:
    return {name: _jsonable(getattr(instance, name, None)) for name in fields}


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


def track_changes(model: Any, record_type: str, fields: list[str] | None = None) -> None:
    """Records ``<record_type>.create`` / ``.update`` (e.g. ``donation``) for saves of ``model``.

    ``fields`` defaults to every concrete field; an update that changes none of them records nothing.
    """
    names = fields or [f.attname for f in model._meta.concrete_fields]

    def before(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw or instance.pk is None:
            return
        old = sender.objects.filter(pk=instance.pk).values(*names).first()
        setattr(instance, _OLD, {k: _jsonable(v) for k, v in old.items()} if old else None)

    def after(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
        if raw:
            return
        new = _values(instance, names)
        old = None if created else getattr(instance, _OLD, None)
        changes = [{"field": k, **({"oldValue": old[k]} if old else {}), "newValue": v}
                   for k, v in new.items() if old is None or old.get(k) != v]
        if not changes:
            return
        record(record_type, "create" if old is None else "update", instance, changes)

    uid = f"dmis_audit.track.{model._meta.label}"
    pre_save.connect(before, sender=model, weak=False, dispatch_uid=uid + ".pre")
    post_save.connect(after, sender=model, weak=False, dispatch_uid=uid + ".post")


def record(record_type: str, verb: str, instance: Any, changes: list[dict[str, Any]]) -> None:
    """One change event through the configured recorder, attributed to the current request's user."""
    from ..api import get_recorder
    from ..events import build_event

    request = current_request.get()
    event = build_event(f"{record_type}_{verb}d", None if request is not None else "system",
                        target={"type": record_type, "id": str(instance.pk)}, request=request, changes=changes)
    get_recorder().record(event)
