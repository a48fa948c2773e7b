"""The garbage collector during start-up.

Start-up (importing the command line, loading plugins, resolving a schema) makes tens of
thousands of objects that live until the process exits and almost no cyclic garbage:
the collector's passes over them free nothing and cost about 5 % of a ``validate`` run.
Reference counting still frees everything else while collection is paused.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Set by pgmock.entry: this process is the pgmock program, not a program embedding it
# (tests, notebooks) that may run commands again and again.
_program = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """No collector passes inside the block (unless collection was off already).

    In the pgmock program, what exists at the block's end is then moved out of the
    collector's sight (``gc.freeze``): otherwise the first pass after it would walk
    every object the block made. An embedding program's objects are never frozen: that
    would keep the garbage of each command it runs until it exits."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if _program:
            gc.freeze()
        gc.enable()


def program_start() -> None:
    """Mark this process as the pgmock program (see :func:`collection_paused`)."""
    global _program
    _program = True
