"""The action mapping against the catalogue copy generated from lambdas/core/catalogue.ts."""

from __future__ import annotations

import pytest

from dmis_audit.catalogue import ACTION_EVENT_TYPES, catalogue, event_type_for, is_known_event_type


def test_every_mapped_action_names_a_catalogued_type() -> None:
    missing = {a: t for a, t in ACTION_EVENT_TYPES.items() if t not in catalogue()}
    assert missing == {}


def test_every_dmis_record_type_has_its_change_actions_mapped() -> None:
    record_types = {t.rsplit(".", 1)[0] for t, e in catalogue().items() if e["category"] == "data_change"}
    assert len(record_types) == 6
    for record in record_types:
        assert event_type_for(f"{record}_created") == f"{record}.create"
        assert event_type_for(f"{record}_updated") == f"{record}.update"


def test_catalogue_types_and_custom_types_pass_through() -> None:
    assert event_type_for("auth.mfa.change") == "auth.mfa.change"
    assert event_type_for("custom.warehouse.stock_count") == "custom.warehouse.stock_count"
    assert not is_known_event_type("toString")


def test_an_unknown_action_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unknown DMIS action"):
        event_type_for("donation_teleported")
