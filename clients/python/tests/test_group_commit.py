"""Group commit: threads' appends share one write and fdatasync; each returns only once its line is synced."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from dmis_audit.errors import OutboxFullError
from dmis_audit.events import build_event
from dmis_audit.group_commit import GroupCommit
from dmis_audit.outbox import Outbox

THREADS = 16
PER_THREAD = 20


def synced_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the file size each real fdatasync made durable."""
    sizes: list[int] = []
    real = os.fdatasync

    def recording(fd: int) -> None:
        real(fd)
        sizes.append(os.fstat(fd).st_size)

    monkeypatch.setattr(os, "fdatasync", recording)
    return sizes


def test_concurrent_appends_share_syncs_and_return_only_once_synced(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = synced_sizes(monkeypatch)
    box = Outbox(tmp_path)
    start = threading.Barrier(THREADS)
    unsynced: list[str] = []
    order: dict[int, list[str]] = {}

    def producer(t: int) -> None:
        start.wait()
        order[t] = []
        for i in range(PER_THREAD):
            event_id = box.append(build_event("login", f"t{t}", {"seq": i}))["eventId"]
            durable = max(sizes)
            segment = box.spool.segment_path(box.spool.segment_numbers()[-1])
            if event_id.encode() not in segment.read_bytes()[:durable]:
                unsynced.append(event_id)
            order[t].append(event_id)

    threads = [threading.Thread(target=producer, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert unsynced == [], "an append returned before the sync that covers its line"
    assert len(sizes) < THREADS * PER_THREAD, "appends arriving together share one sync"
    queued = [e.event for e in box.spool.read(box.spool.load_cursor(), 10_000, 1 << 30)]
    assert len(queued) == THREADS * PER_THREAD
    for ids in order.values():  # each thread's events in the order it appended them
        positions = [next(i for i, line in enumerate(queued) if e.encode() in line) for e in ids]
        assert positions == sorted(positions)


def test_each_caller_gets_its_own_items_result() -> None:
    committed: list[list[int]] = []

    def commit(items: Sequence[int]) -> list[Exception | None]:
        committed.append(list(items))
        return [OutboxFullError("full") if item < 0 else None for item in items]

    group: GroupCommit[int] = GroupCommit(commit)
    group.submit(1)
    with pytest.raises(OutboxFullError):
        group.submit(-1)
    group.submit(2)
    assert committed == [[1], [-1], [2]]


def test_a_failed_commit_fails_every_waiter_and_the_next_commit_still_runs() -> None:
    calls = 0

    def commit(items: Sequence[str]) -> list[Exception | None]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError("disk full")
        return [None]

    group: GroupCommit[str] = GroupCommit(commit)
    with pytest.raises(OSError, match="disk full"):
        group.submit("a")
    group.submit("b")
    assert calls == 2
