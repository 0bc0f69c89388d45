"""The outbox: durable, ordered, bounded; torn appends and interrupted drains lose nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dmis_audit import spool
from dmis_audit.client import AuditClient, RetryPolicy
from dmis_audit.errors import OutboxFullError, UnavailableError
from dmis_audit.events import build_event
from dmis_audit.files import flocked
from dmis_audit.metrics import COUNTERS
from dmis_audit.outbox import Outbox
from fakes import FakeApi


def queue(box: Outbox, n: int, prefix: str = "u") -> list[str]:
    return [box.append(build_event("login", f"{prefix}{i}"))["eventId"] for i in range(n)]


def test_drains_everything_in_order(tmp_path: Path, fake_api: FakeApi, fast_client: AuditClient) -> None:
    box = Outbox(tmp_path)
    ids = queue(box, 250)
    assert box.status().length == 250
    assert box.drain(fast_client) == 250
    assert list(fake_api.stored) == ids
    assert box.status().length == 0 and box.status().oldest_age_seconds is None


def test_status_reports_length_and_oldest_age(tmp_path: Path) -> None:
    box = Outbox(tmp_path)
    queue(box, 3)
    status = box.status()
    assert status.length == 3
    assert status.oldest_age_seconds is not None and 0 <= status.oldest_age_seconds < 60
    assert status.pending_bytes > 0


def test_a_torn_append_is_cut_off_and_earlier_events_kept(tmp_path: Path, fake_api: FakeApi,
                                                          fast_client: AuditClient) -> None:
    box = Outbox(tmp_path)
    ids = queue(box, 2)
    segment = box.spool.segment_path(box.spool.segment_numbers()[-1])
    with open(segment, "ab") as f:  # what a kill -9 in the middle of a write leaves
        f.write(spool.encode_line(b'{"eventId":"never-acknowledged"}', 1)[:20])
    assert box.status().length == 2
    ids += queue(box, 1, "after")
    box.drain(fast_client)
    assert list(fake_api.stored) == ids


def test_an_interrupted_drain_resends_and_the_server_dedupes(tmp_path: Path, fake_api: FakeApi,
                                                            fast_client: AuditClient) -> None:
    box = Outbox(tmp_path)
    ids = queue(box, 150)

    def crash() -> None:  # the server stored the batch; the client dies before saving its cursor
        fake_api.before_answer = None
        raise UnavailableError("network_error", "ConnectionResetError")

    fake_api.before_answer = crash
    with pytest.raises(UnavailableError):
        box.drain(AuditClient(fake_api, RetryPolicy(max_attempts=1), sleep=lambda _: None))
    assert len(fake_api.stored) == 100 and box.status().length == 150
    box.drain(fast_client)
    assert list(fake_api.stored) == ids
    duplicates = sum(1 for b in fake_api.bodies for e in json.loads(b)["events"]) - len(ids)
    assert duplicates == 100


def test_a_full_outbox_refuses_loudly_and_keeps_what_it_accepted(tmp_path: Path, fake_api: FakeApi,
                                                               fast_client: AuditClient) -> None:
    box = Outbox(tmp_path, max_bytes=4_000)
    accepted: list[str] = []
    full_before = COUNTERS["OutboxFull"]
    with pytest.raises(OutboxFullError, match="NOT queued"):
        for i in range(100):
            accepted.append(box.append(build_event("login", f"u{i}"))["eventId"])
    assert COUNTERS["OutboxFull"] == full_before + 1
    assert 0 < len(accepted) < 100
    box.drain(fast_client)
    assert list(fake_api.stored) == accepted
    box.append(build_event("logout", "room-again"))  # drained: space again


def test_segments_roll_and_drained_ones_are_deleted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    fake_api: FakeApi, fast_client: AuditClient) -> None:
    monkeypatch.setattr("dmis_audit.appender.SEGMENT_BYTES", 2_000)
    box = Outbox(tmp_path)
    ids = queue(box, 40)
    assert len(box.spool.segment_numbers()) > 3
    box.drain(fast_client)
    assert list(fake_api.stored) == ids
    assert len(box.spool.segment_numbers()) == 1
    ids2 = queue(box, 5, "later")
    box.drain(fast_client)
    assert list(fake_api.stored) == ids + ids2


def test_a_refused_event_is_set_aside_not_dropped(tmp_path: Path, fake_api: FakeApi,
                                                  fast_client: AuditClient) -> None:
    box = Outbox(tmp_path)
    ids = queue(box, 3)
    fake_api.fail_next(400, "invalid_request", paths=("events[0].actor.ip",))  # the whole batch
    fake_api.fail_next(400, "invalid_request", paths=("actor.ip",))  # then the first event alone
    box.drain(fast_client)
    rejected = [json.loads(line) for line in (tmp_path / "rejected.jsonl").read_text().splitlines()]
    assert [r["event"]["eventId"] for r in rejected] == [ids[0]]
    assert list(fake_api.stored) == ids[1:]
    assert box.status().rejected == 1 and box.status().length == 0


def test_only_one_drainer_at_a_time(tmp_path: Path, fast_client: AuditClient) -> None:
    box = Outbox(tmp_path)
    queue(box, 1)
    with flocked(tmp_path / "drain.lock"):
        assert box.drain(fast_client) is None
    assert box.drain(fast_client) == 1


def test_spool_files_are_private(tmp_path: Path) -> None:
    box = Outbox(tmp_path / "box")
    queue(box, 1)
    segment = box.spool.segment_path(box.spool.segment_numbers()[0])
    assert os.stat(segment).st_mode & 0o077 == 0
