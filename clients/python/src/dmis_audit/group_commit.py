"""Group commit: appends that arrive while a write and fsync run share the next one.

The first caller to find no commit running leads: it takes every append waiting at that
moment and commits them in one call; callers arriving meanwhile wait, and one of them leads
the next commit. Each ``submit`` returns only once the commit holding its own item is done
(or raises that item's error), so "returned" still means "on disk".
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")

# Commits a run of items at once; one result per item: None (committed) or its error.
Commit = Callable[[Sequence[T]], Sequence[Exception | None]]


class _Ticket(Generic[T]):
    __slots__ = ("done", "error", "item", "lead", "wake")

    def __init__(self, item: T) -> None:
        self.item = item
        self.done = False
        self.lead = False
        self.error: Exception | None = None
        self.wake = threading.Event()


class GroupCommit(Generic[T]):
    """Serialises commits of items and lets the items waiting for one share it.

    Each waiter sleeps on its own event and is woken once: when its item is committed, or
    when it is the oldest waiter and the commit before it is done (then it leads the next).
    No herd of threads wakes to find it must sleep again.
    """

    def __init__(self, commit: Commit[T]) -> None:
        self._commit = commit
        self._lock = threading.Lock()
        self._waiting: list[_Ticket[T]] = []
        self._leading = False

    def submit(self, item: T) -> None:
        """Returns once ``item`` is committed; raises the error the commit gave it."""
        ticket = _Ticket(item)
        with self._lock:
            self._waiting.append(ticket)
            if not self._leading:
                self._leading = ticket.lead = True
        if not ticket.lead:
            ticket.wake.wait()
        if not ticket.done:  # it leads: everything waiting now goes in one commit
            with self._lock:
                taken, self._waiting = self._waiting, []
            self._lead(taken)
        if ticket.error is not None:
            raise ticket.error

    def _lead(self, taken: list[_Ticket[T]]) -> None:
        results: Sequence[Exception | None] = [RuntimeError("the commit was interrupted")] * len(taken)
        try:
            results = self._commit([t.item for t in taken])
        except Exception as error:
            results = [error] * len(taken)
        finally:
            # Even when interrupted (KeyboardInterrupt), the waiters are told and one leads next.
            for ticket, result in zip(taken, results, strict=True):
                ticket.error, ticket.done = result, True
            with self._lock:
                successor = self._waiting[0] if self._waiting else None
                if successor is None:
                    self._leading = False
                else:
                    successor.lead = True
            for ticket in taken:
                ticket.wake.set()
            if successor is not None:
                successor.wake.set()
