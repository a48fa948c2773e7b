"""What ``generate`` tells the user while it runs, on stderr.

On a terminal a live display (rich): rows done of the run's total with rate and ETA,
bytes made, the table being written and the worker count. On a pipe or with ``-q``
nothing: logs and CI output get no control codes. ``-v`` adds one line per finished
table (rows, bytes, seconds), on a terminal above the live display.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


def payload_bytes(payload: object) -> int:
    """How many bytes a writer made of one chunk: its bytes (an archive's piece holds
    them in ``data``, compressed), or a text's UTF-8 length."""
    data = getattr(payload, "data", payload)
    if isinstance(data, bytes | bytearray | memoryview):
        return len(data)
    if isinstance(data, str):
        return len(data.encode("utf-8", "surrogatepass"))
    return 0


def human_bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


class RunProgress:
    """The ``progress`` callback of :func:`pgmock.dump.pipeline.build_dump`, reporting as
    the writer pulls each table's chunks (tables are written one after the other)."""

    def __init__(self, *, live: bool, per_table: bool, jobs: int, err: TextIO) -> None:
        self.live = live
        self.per_table = per_table
        self.jobs = jobs
        self.err = err
        self.rows = 0
        self.bytes = 0
        self._table_bytes = 0
        self._table_started = self._started = time.monotonic()
        self._done: dict[str, int] = {}
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    @property
    def active(self) -> bool:
        return self.live or self.per_table

    def start(self, total_rows: int) -> None:
        if not self.live or not total_rows:  # -s: no data, nothing to show
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        workers = f"{self.jobs} workers" if self.jobs > 1 else "1 process"
        self._progress = Progress(
            TextColumn("[bold]{task.fields[table]}"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("rows  {task.fields[rate]}  {task.fields[size]}  " + workers),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(file=self.err, stderr=True),
            # Redrawn from __call__, not by a thread: -j N forks workers mid-run, and a
            # fork must not copy a thread holding the console's lock.
            auto_refresh=False,
        )
        self._task = self._progress.add_task(
            "generate", total=total_rows, table="starting", rate="", size=""
        )
        self._progress.start()
        self._started = self._table_started = self._drawn = time.monotonic()

    def __call__(self, table: str, done: int, total: int, payload: object) -> None:
        size = payload_bytes(payload)
        # Reports carry the table's running total of rows.
        self.rows += done - self._done.get(table, 0)
        self._done[table] = done
        self.bytes += size
        self._table_bytes += size
        if self._progress is not None and self._task is not None:
            elapsed = max(time.monotonic() - self._started, 1e-9)
            self._progress.update(
                self._task,
                completed=self.rows,
                table=table,
                rate=f"{self.rows / elapsed:,.0f}/s",
                size=human_bytes(self.bytes),
            )
            if time.monotonic() - self._drawn >= 0.1 or done >= total:
                self._progress.refresh()
                self._drawn = time.monotonic()
        if done >= total:
            now = time.monotonic()
            if self.per_table:
                self._echo(
                    f"pgmock: {table}: {total:,} rows, {human_bytes(self._table_bytes)}, "
                    f"{now - self._table_started:.2f} s"
                )
            self._table_bytes = 0
            self._table_started = now

    def _echo(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            click.echo(line, file=self.err)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
