"""The ``pgmock`` program's entry point (the console script and ``python -m pgmock``)."""

from __future__ import annotations

from pgmock.collector import collection_paused, program_start


def main() -> None:
    program_start()
    with collection_paused():
        from pgmock.cli import main as cli_main
    cli_main()
