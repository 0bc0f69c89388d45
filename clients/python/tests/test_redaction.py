"""The Python redaction mirror against the vectors the TypeScript redaction is tested with."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dmis_audit import sanitize_for_log
from dmis_audit.events import build_event
from dmis_audit.redaction import REDACTED, Redactor, is_secret_key, redact_string
from stack import REPO_ROOT

VECTORS: list[dict[str, Any]] = json.loads((REPO_ROOT / "test/fixtures/redaction-vectors.json").read_text())["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_matches_the_shared_vector(vector: dict[str, Any]) -> None:
    redactor = Redactor()
    output = redactor.value(vector["input"], "metadata")
    assert output == vector["output"]
    assert redactor.paths == vector["redactedPaths"]


def test_key_rules() -> None:
    assert is_secret_key("newPassword") and is_secret_key("user_pw") and is_secret_key("X-Session")
    assert not is_secret_key("session_count") and not is_secret_key("compass")


def test_no_quadratic_blowup_on_many_jwt_starts() -> None:
    assert redact_string("eyJ" * 20_000) == "eyJ" * 20_000


def test_details_are_redacted_before_they_leave_the_process() -> None:
    event = build_event("login_failed", "amy", {"password": "hunter2", "note": "Bearer abcdefgh12345678"},
                        changes=[{"field": "profile.pin", "oldValue": "1234", "newValue": "9999"}])
    assert event["metadata"]["password"] == REDACTED
    assert event["metadata"]["note"] == REDACTED
    assert event["changes"][0] == {"field": "profile.pin", "oldValue": REDACTED, "newValue": REDACTED}


def test_sanitize_for_log_applies_the_same_rules() -> None:
    assert sanitize_for_log({"user": "amy", "token": "abc", "note": "key AKIAIOSFODNN7EXAMPLE"}) == {
        "user": "amy", "token": REDACTED, "note": f"key {REDACTED}"}
