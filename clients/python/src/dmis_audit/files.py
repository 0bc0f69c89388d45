"""File helpers for the outbox: an exclusive flock, fsync of a folder after a rename, whole writes, datasync."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def flocked(path: Path, blocking: bool = True) -> Iterator[bool]:
    """Holds an exclusive flock on ``path``; yields False at once when non-blocking and busy."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


def fsync_dir(folder: Path) -> None:
    """Makes a rename inside ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """Writes every byte: ``os.write`` may write less than asked (a signal, a full disk)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def datasync(fd: int) -> None:
    """Flushes a file's data and the size an append changed (fdatasync; fsync where there is none).

    Cheaper than fsync: it skips the timestamps no reader of the spool needs.
    """
    if hasattr(os, "fdatasync"):
        os.fdatasync(fd)
    else:
        os.fsync(fd)
