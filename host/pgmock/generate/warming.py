"""Generators warmed before local workers fork, in two processes side by side.

What a generator's ``warm()`` builds (sentence banks, vocabularies drawn from Faker) is
made once, before the fork, so the workers inherit it; until the fork the main process is
the only one running, so that time is not shared by the second core. With ``--jobs`` above
1 a helper process forked here warms generators too: both take the next group of
generators from one queue until it is empty, and the helper hands what it built back
(``Generator.warm_state``) for the main process to adopt (``Generator.adopt_warm``).
Generators of one class with equal parameters form a group, since they usually share what
they build (two sentence columns of one word range share a bank): one process builds it.
What the helper could not build or hand over, the main process builds itself.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Sequence
from typing import Any

from pgmock.generate.workers import Beside
from pgmock_sdk import Generator

__all__ = ["warm"]

_TICKET = struct.Struct("<I")
_MAX_TICKETS = 4096  # what a pipe holds without a reader (16 KiB of the 64)


def warm(generators: Sequence[Generator], jobs: int) -> None:
    """Warm every generator of ``generators``; with ``jobs`` above 1, two processes share
    the work of those that can hand it over."""
    groups: dict[tuple[type, str], list[Generator]] = {}
    here: list[Generator] = []
    for gen in generators:
        if type(gen).adopt_warm is Generator.adopt_warm:
            here.append(gen)
        else:
            groups.setdefault((type(gen), repr(gen.params)), []).append(gen)
    queue = list(groups.values())[:_MAX_TICKETS]
    here += [gen for group in list(groups.values())[_MAX_TICKETS:] for gen in group]
    if jobs < 2 or len(queue) < 2:
        for gen in generators:
            gen.warm()
        return
    # The queue is a pipe of tickets (group numbers): a read of one ticket takes it from
    # the pipe for one process only, and an empty pipe with no writer says "all taken".
    read, write = os.pipe()
    try:
        os.write(write, b"".join(_TICKET.pack(i) for i in range(len(queue))))
    finally:
        os.close(write)
    try:
        helper = Beside(lambda: _take(queue, read, handover=True))
        try:
            for gen in here:
                gen.warm()
            mine = _take(queue, read, handover=False)
            theirs: dict[int, list[Any]] = helper.result() or {}
        finally:
            helper.close()
    finally:
        os.close(read)
    for i, group in enumerate(queue):
        if i in mine:
            continue
        states = theirs.get(i) or [None] * len(group)
        for gen, state in zip(group, states):
            if state is None:
                gen.warm()
            else:
                gen.adopt_warm(state)


def _take(queue: list[list[Generator]], tickets: int, handover: bool) -> dict[int, list[Any]]:
    """Warm the groups whose tickets this process takes, until none is left; their
    generators' warm states when ``handover`` (in the helper), else empty lists."""
    done: dict[int, list[Any]] = {}
    while len(ticket := os.read(tickets, _TICKET.size)) == _TICKET.size:
        (i,) = _TICKET.unpack(ticket)
        for gen in queue[i]:
            gen.warm()
        done[i] = [gen.warm_state() for gen in queue[i]] if handover else []
    return done
