"""Appends to the outbox's spool: bounded, one writer at a time across processes, group-committed.

Blocks of spool lines handed to ``append`` by threads of one process while a commit runs are
written together with one ``write`` and one ``fdatasync`` (see ``group_commit``); each caller
returns only after the commit that holds its block. Across processes ``append.lock`` (flock)
serialises commits. The bound is checked per block, so a block that does not fit is refused
alone (``OutboxFullError``) and nothing already queued is touched.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .errors import OutboxFullError
from .files import datasync, flocked, fsync_dir, write_all
from .group_commit import GroupCommit
from .metrics import count
from .spool import SEGMENT_BYTES, Spool


class SpoolAppender:
    """The append side of one outbox folder."""

    def __init__(self, spool: Spool, max_bytes: int) -> None:
        self.spool = spool
        self.max_bytes = max_bytes
        self._commits: GroupCommit[bytes] = GroupCommit(self._commit)

    def append(self, block: bytes) -> None:
        """Returns once ``block`` (whole spool lines) is written and fdatasync'd; raises ``OutboxFullError``."""
        self._commits.submit(block)

    def _commit(self, blocks: Sequence[bytes]) -> list[Exception | None]:
        """Writes the blocks that fit under the bound with one write and one fdatasync."""
        results: list[Exception | None] = []
        accepted: list[bytes] = []
        with flocked(self.spool.folder / "append.lock"):
            pending = self.spool.pending_bytes(self.spool.load_cursor())
            for block in blocks:
                if pending + len(block) > self.max_bytes:
                    count("OutboxFull")
                    results.append(OutboxFullError(
                        f"outbox {self.spool.folder} is full ({pending} of {self.max_bytes} bytes pending): "
                        "the event was NOT queued; restore the API connection or drain the outbox"))
                    continue
                pending += len(block)
                accepted.append(block)
                results.append(None)
            if accepted:
                self._write(b"".join(accepted))
        return results

    def _write(self, data: bytes) -> None:
        fd = self._open_active()
        try:
            size = os.fstat(fd).st_size
            try:
                write_all(fd, data)
                datasync(fd)
            except OSError:
                # None of these callers hears "queued": none of their lines may be drained either.
                os.ftruncate(fd, size)
                raise
        finally:
            os.close(fd)

    def _open_active(self) -> int:
        """The newest segment, its torn tail (a crashed append) cut off; a new one when it is big."""
        numbers = self.spool.segment_numbers()
        n = numbers[-1] if numbers else self.spool.load_cursor().segment
        path = self.spool.segment_path(n)
        fd = self._open_segment(path)
        size = os.fstat(fd).st_size
        if size and os.pread(fd, 1, size - 1) != b"\n":
            tail = os.pread(fd, min(size, 1 << 20), max(0, size - (1 << 20)))
            os.ftruncate(fd, size - len(tail) + tail.rfind(b"\n") + 1)
            size = os.fstat(fd).st_size
        if size < SEGMENT_BYTES:
            return fd
        os.close(fd)
        return self._open_segment(self.spool.segment_path(n + 1))

    def _open_segment(self, path: Path) -> int:
        """Opens a segment for appending; a new one's name is made durable before anything is queued in it."""
        created = not path.exists()
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        if created:
            fsync_dir(self.spool.segments)
        return fd
