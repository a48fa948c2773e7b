"""The ``pgmock`` program's entry point (the console script and ``python -m pgmock``).

Importing the command line makes some 35,000 tracked objects (modules, classes,
functions) that live until the process exits; the garbage collector's passes while they
are made find nothing to free and cost about 5 % of a ``validate`` run. So collection
waits until the command line is imported, and what exists by then is frozen
(``gc.freeze``) out of later passes.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    try:
        from pgmock.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    cli_main()
