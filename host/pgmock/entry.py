"""The ``pgmock`` program's entry point (the console script and ``python -m pgmock``)."""

from __future__ import annotations

from pgmock.collector import collection_paused, program_start
from pgmock.generate.heap import pad_heap


def main() -> None:
    program_start()
    pad_heap()
    with collection_paused():
        from pgmock.pydantic_plugins import skip_empty_plugin_scan

        skip_empty_plugin_scan()
        from pgmock.cli import main as cli_main
    cli_main()
