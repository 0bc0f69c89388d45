"""The outbox's on-disk spool: append-only segment files and a durable read cursor.

Layout of the outbox folder:
- ``segments/<n>.log``: lines ``<crc32 hex> <queuedAtMs> <event JSON>\\n``. Appends take
  ``append.lock`` (flock), so several processes may share one outbox; the appends of one
  process that arrive together share one write and one ``fdatasync`` (group commit), which
  ends before any of their callers hears "queued"; a new segment's folder entry is fsync'd.
- ``cursor``: ``{"segment", "offset"}`` of the first event not yet acknowledged by the
  server; replaced atomically (write, fsync, rename, fsync the folder).
A kill mid-append leaves a line without its newline or with a bad CRC: that event was never
reported queued, and the next append cuts it off. A kill mid-drain leaves the cursor before
events the server may already hold: they are sent again with the same eventIds and answered
``duplicate: true``, so nothing is lost and nothing is stored twice.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from .files import fsync_dir

SEGMENT_BYTES = 8 * 1024 * 1024
logger = logging.getLogger("dmis_audit.outbox")


@dataclass(frozen=True)
class Position:
    """A place in the spool: segment number and byte offset in it."""

    segment: int
    offset: int


@dataclass(frozen=True)
class SpooledEvent:
    """One spooled event: its exact bytes, when it was queued, and the position after it."""

    event: bytes
    queued_at_ms: int
    end: Position


def encode_line(event: bytes, queued_at_ms: int) -> bytes:
    """One spool line with its checksum."""
    payload = str(queued_at_ms).encode() + b" " + event
    return b"%08x " % zlib.crc32(payload) + payload + b"\n"


def decode_line(line: bytes) -> tuple[int, bytes] | None:
    """``(queuedAtMs, event)`` of a whole line, or None when it is torn or corrupt."""
    if len(line) < 12 or not line.endswith(b"\n") or line[8:9] != b" ":
        return None
    payload = line[9:-1]
    if line[:8] != b"%08x" % zlib.crc32(payload):
        return None
    stamp, _, event = payload.partition(b" ")
    return (int(stamp), event) if stamp.isdigit() else None


class Spool:
    """Segment files and cursor of one outbox folder."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.segments = self.folder / "segments"
        self.segments.mkdir(parents=True, exist_ok=True, mode=0o700)

    def segment_path(self, n: int) -> Path:
        """The file of segment ``n``."""
        return self.segments / f"{n:010d}.log"

    def segment_numbers(self) -> list[int]:
        """Existing segments, oldest first."""
        return sorted(int(p.stem) for p in self.segments.glob("*.log") if p.stem.isdigit())

    def load_cursor(self) -> Position:
        """The first unacknowledged position (the oldest segment's start when none saved)."""
        try:
            raw = json.loads((self.folder / "cursor").read_text())
            return Position(int(raw["segment"]), int(raw["offset"]))
        except FileNotFoundError:
            numbers = self.segment_numbers()
            return Position(numbers[0] if numbers else 1, 0)

    def save_cursor(self, position: Position) -> None:
        """Replaces the cursor atomically and durably, then deletes fully drained segments."""
        tmp = self.folder / f"cursor.{os.getpid()}.tmp"
        with open(tmp, "w") as f:
            f.write(json.dumps({"segment": position.segment, "offset": position.offset}))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.folder / "cursor")
        fsync_dir(self.folder)
        for n in self.segment_numbers():
            if n < position.segment:
                self.segment_path(n).unlink(missing_ok=True)

    def pending_bytes(self, cursor: Position) -> int:
        """Bytes of spool not yet acknowledged."""
        total = 0
        for n in self.segment_numbers():
            if n >= cursor.segment:
                total += self.segment_path(n).stat().st_size
        return max(0, total - cursor.offset)

    def read(self, start: Position, max_events: int, max_bytes: int) -> list[SpooledEvent]:
        """Up to ``max_events`` whole events (``max_bytes`` of event JSON) from ``start``, in order."""
        out: list[SpooledEvent] = []
        position = start
        while len(out) < max_events:
            # Checked before reading: once a later segment exists, nothing more is appended here.
            next_exists = self.segment_path(position.segment + 1).exists()
            budget = max_bytes - sum(len(e.event) for e in out)
            got, at_end = self._read_segment(position, max_events - len(out), budget, bool(out))
            out.extend(got)
            if not (at_end and next_exists):
                break
            position = Position(position.segment + 1, 0)
        return out

    def _read_segment(self, at: Position, limit: int, budget: int, have_some: bool) -> tuple[list[SpooledEvent], bool]:
        """Events of one segment from ``at``, and whether its end was reached."""
        out: list[SpooledEvent] = []
        path = self.segment_path(at.segment)
        if not path.exists():
            return out, True
        with open(path, "rb") as f:
            f.seek(at.offset)
            offset = at.offset
            while len(out) < limit:
                line = f.readline()
                decoded = decode_line(line)
                if decoded is None and line.endswith(b"\n"):
                    # A whole line with a bad checksum can only be damage on disk: skip it, loudly.
                    logger.error("outbox: skipping a corrupt spool line", extra={"segment": at.segment, "at": offset})
                    offset += len(line)
                    continue
                if decoded is None:
                    return out, line == b""  # the end, or a line still being written
                if (out or have_some) and len(decoded[1]) > budget:
                    return out, False
                budget -= len(decoded[1])
                offset += len(line)
                out.append(SpooledEvent(decoded[1], decoded[0], Position(at.segment, offset)))
        return out, False
