"""The recorder, log_security_event and the dmis.security logging handler."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from dmis_audit import AuditSettings, log_security_event
from dmis_audit.client import AuditClient
from dmis_audit.errors import InvalidRequestError
from dmis_audit.events import build_event, session_digest
from dmis_audit.log_handler import UNMAPPED_EVENT_TYPE, AuditLogHandler
from dmis_audit.outbox import Outbox
from dmis_audit.recorder import AuditRecorder
from fakes import FakeApi


def test_log_security_event_maps_redacts_and_reads_the_request(direct_recorder: AuditRecorder,
                                                               fake_api: FakeApi) -> None:
    class Request:
        def __init__(self) -> None:
            self.META = {"REMOTE_ADDR": "10.1.2.3", "HTTP_USER_AGENT": "Mozilla/5.0"}
            self.session = type("S", (), {"session_key": "abc123"})()
            self.user = None

    outcome = log_security_event("login_failed", "amy", {"password": "x", "attempt": 3}, request=Request())
    [event] = fake_api.events()
    assert outcome == "stored"
    assert event["eventType"] == "auth.login.failure" and event["outcome"] == "failure"
    assert event["actor"] == {"userId": "amy", "ip": "10.1.2.3", "userAgent": "Mozilla/5.0",
                              "sessionId": session_digest("abc123")}
    assert event["metadata"] == {"dmisAction": "login_failed", "password": "[REDACTED]", "attempt": 3}


def test_direct_mode_raises_typed_errors(direct_recorder: AuditRecorder, fake_api: FakeApi) -> None:
    fake_api.fail_next(400, "invalid_request", paths=("events[0].target.type",))
    with pytest.raises(InvalidRequestError) as raised:
        log_security_event("donation_updated", "amy", target={"type": "Bad Type", "id": "1"})
    assert raised.value.details[0].path == "events[0].target.type"


def test_outbox_mode_queues_then_drains_in_the_background(tmp_path: Path, fake_api: FakeApi,
                                                         fast_client: AuditClient) -> None:
    recorder = AuditRecorder(fast_client, Outbox(tmp_path), linger=0.01)
    try:
        results = [recorder.record(build_event("logout", f"u{i}")) for i in range(30)]
        assert results == ["queued"] * 30
        assert recorder.flush(30)
        assert len(fake_api.stored) == 30
    finally:
        recorder.close()


def test_outbox_mode_drains_what_an_earlier_process_left(tmp_path: Path, fake_api: FakeApi,
                                                         fast_client: AuditClient) -> None:
    ids = [Outbox(tmp_path).append(build_event("logout", f"u{i}"))["eventId"] for i in range(5)]
    recorder = AuditRecorder(fast_client, Outbox(tmp_path))
    try:
        assert recorder.flush(30)
        assert list(fake_api.stored) == ids
    finally:
        recorder.close()


def test_the_handler_ships_security_log_records(direct_recorder: AuditRecorder, fake_api: FakeApi) -> None:
    logger = logging.getLogger("dmis.security.test")
    handler = AuditLogHandler()
    logger.addHandler(handler)
    try:
        logger.warning("access_denied", extra={"user_id": "bob", "target": {"type": "route", "id": "/admin"}})
        logger.error("Odd token refresh for %s", "carol")
    finally:
        logger.removeHandler(handler)
    denied, other = fake_api.events()
    assert denied["eventType"] == "authz.access.denied" and denied["outcome"] == "denied"
    assert denied["actor"]["userId"] == "bob" and denied["severity"] == "medium"
    assert other["eventType"] == UNMAPPED_EVENT_TYPE and other["reason"] == "Odd token refresh for carol"
    assert other["severity"] == "high"


def test_settings_need_an_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DMIS_AUDIT_ENDPOINT", raising=False)
    with pytest.raises(ValueError, match="endpoint"):
        AuditSettings.from_env()
    monkeypatch.setenv("DMIS_AUDIT_ENDPOINT", "https://audit.example")
    assert AuditSettings.from_env(region="eu-west-1").region == "eu-west-1"


def test_a_burst_is_sent_in_few_batches(tmp_path: Path, fake_api: FakeApi, fast_client: AuditClient) -> None:
    # A linger long against a loaded disk's sync (each record waits for one): appends gather.
    recorder = AuditRecorder(fast_client, Outbox(tmp_path), linger=0.5)
    try:
        for i in range(250):
            recorder.record(build_event("logout", f"u{i}"))
        assert recorder.flush(30)
    finally:
        recorder.close()
    assert len(fake_api.stored) == 250
    assert len(fake_api.bodies) < 25  # the linger lets appends gather: not one request per event


def test_a_forked_worker_drains_with_its_own_thread(tmp_path: Path, fast_client: AuditClient) -> None:
    box = Outbox(tmp_path)
    recorder = AuditRecorder(fast_client, box, linger=0.01)
    assert recorder.drainer is not None
    recorder.drainer.stop()  # the parent's thread is gone: only the worker's own can drain
    pid = os.fork()
    if pid == 0:
        recorder.record(build_event("logout", "from-worker"))
        os._exit(0 if recorder.flush(30) else 1)
    _, status = os.waitpid(pid, 0)
    recorder.close()
    assert os.waitstatus_to_exitcode(status) == 0
    assert box.status().length == 0


def test_an_outage_backs_off_instead_of_retrying_per_append(tmp_path: Path, fake_api: FakeApi,
                                                            fast_client: AuditClient) -> None:
    fake_api.fail_next(503, "unavailable", times=100_000)
    recorder = AuditRecorder(fast_client, Outbox(tmp_path), linger=0.001)
    try:
        for i in range(200):
            recorder.record(build_event("logout", f"u{i}"))
            time.sleep(0.002)
    finally:
        recorder.close()
    assert len(fake_api.bodies) < 60  # 4 attempts per drain, drains spaced by backoff
    assert Outbox(tmp_path).status().length == 200
