"""kill -9 of a process while its threads append, three times over: every event it reported "queued" survives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from dmis_audit.client import AuditClient
from dmis_audit.events import build_event
from dmis_audit.outbox import Outbox
from fakes import FakeApi

APPENDER = """
import os, sys, threading
from dmis_audit.events import build_event
from dmis_audit.outbox import Outbox
box = Outbox(sys.argv[1])
run = int(sys.argv[2])

def caller(thread):
    for seq in range(1_000_000):
        metadata = {"run": run, "thread": thread, "seq": seq, "pad": "x" * 2000}
        event = box.append(build_event("logout", "killed", metadata))
        os.write(1, (event["eventId"] + "\\n").encode())  # only after append returned: it is "queued"

for thread in range(8):  # appends from threads at once share a write and an fdatasync
    threading.Thread(target=caller, args=(thread,)).start()
"""
KILLS = 3


def append_until_killed(folder: Path, run: int, reported: int) -> list[str]:
    """Runs the appender until it has reported ``reported`` events, kills it (-9), returns every id it reported."""
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, str(folder), str(run)], stdout=subprocess.PIPE)
    assert appender.stdout is not None
    queued = [appender.stdout.readline().decode().strip() for _ in range(reported)]
    appender.send_signal(signal.SIGKILL)  # while its threads are still appending
    rest, _ = appender.communicate(timeout=10)
    return queued + rest.decode().split()


def test_kill_9_mid_append_keeps_every_queued_event_in_order(tmp_path: Path, fake_api: FakeApi,
                                                             fast_client: AuditClient) -> None:
    queued: list[str] = []
    for run in range(KILLS):  # each restart repairs what the kill before it tore
        queued += append_until_killed(tmp_path, run, 100 * (run + 1))
    box = Outbox(tmp_path)
    box.append({"eventId": "after-restart", "eventType": "auth.logout"})
    box.drain(fast_client)
    stored = fake_api.stored
    assert [e for e in queued if e not in stored] == [], "every event reported queued is delivered"
    assert list(stored)[-1] == "after-restart"
    events = [e for e in stored.values() if e["eventId"] != "after-restart"]
    assert all(e["metadata"]["pad"] == "x" * 2000 for e in events), "nothing torn is delivered"
    written = [(e["metadata"]["run"], e["metadata"]["thread"], e["metadata"]["seq"]) for e in events]
    assert len(set(written)) == len(written), "no event delivered twice"
    for run in range(KILLS):
        for thread in range(8):
            seqs = [seq for r, t, seq in written if (r, t) == (run, thread)]
            assert seqs == list(range(len(seqs))), "each thread's events in order, none missing before the last"


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
