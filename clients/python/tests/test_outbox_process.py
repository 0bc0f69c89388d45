"""kill -9 of a process in the middle of appending: every event it reported "queued" survives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from dmis_audit.client import AuditClient
from dmis_audit.events import build_event
from dmis_audit.outbox import Outbox
from fakes import FakeApi

APPENDER = """
import sys
from dmis_audit.events import build_event
from dmis_audit.events import build_event
from dmis_audit.outbox import Outbox
box = Outbox(sys.argv[1])
for seq in range(1_000_000):
    event = box.append(build_event("logout", "killed", {"seq": seq, "pad": "x" * 2000}))
    print(event["eventId"], flush=True)  # only after append returned: it is "queued"
"""


def test_kill_9_mid_append_keeps_every_queued_event_in_order(tmp_path: Path, fake_api: FakeApi,
                                                             fast_client: AuditClient) -> None:
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, str(tmp_path)], stdout=subprocess.PIPE)
    assert appender.stdout is not None
    queued = [appender.stdout.readline().decode().strip() for _ in range(200)]
    time.sleep(0.05)  # let it get well into further appends before the kill
    appender.send_signal(signal.SIGKILL)
    rest, _ = appender.communicate(timeout=10)
    queued += rest.decode().split()
    box = Outbox(tmp_path)
    box.append({"eventId": "after-restart", "eventType": "auth.logout"})  # cuts any torn tail
    box.drain(fast_client)
    stored = list(fake_api.stored)
    assert stored[: len(queued)] == queued
    assert stored[-1] == "after-restart"
    assert len(stored) - 1 - len(queued) in (0, 1)  # at most the one written but not yet reported


def test_status_command_prints_length_and_oldest_age(tmp_path: Path) -> None:
    box = Outbox(tmp_path)
    for i in range(3):
        box.append(build_event("logout", f"u{i}"))
    done = subprocess.run([sys.executable, "-m", "dmis_audit", "outbox", "status", "--dir", str(tmp_path)],
                          capture_output=True, check=True, timeout=60)
    status = json.loads(done.stdout)
    assert status["length"] == 3 and status["rejected"] == 0
    assert 0 <= status["oldest_age_seconds"] < 60


def test_drain_command_without_endpoint_is_a_usage_error(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DMIS_AUDIT_ENDPOINT"}
    done = subprocess.run([sys.executable, "-m", "dmis_audit", "outbox", "drain", "--dir", str(tmp_path)],
                          capture_output=True, env=env, timeout=60, check=False)
    assert done.returncode == 2 and b"endpoint" in done.stderr
