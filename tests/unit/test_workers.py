"""The worker pool hands back results, and errors, in task order."""

from __future__ import annotations

import time

import pytest

from pgmock.generate.workers import Workers


def _run(task: tuple[int, float, bool]) -> int:
    index, delay, fail = task
    time.sleep(delay)
    if fail:
        raise ValueError(f"task {index} failed")
    return index


def test_results_come_in_task_order() -> None:
    pool = Workers(2, _run)
    try:
        tasks = [(i, 0.05 if i % 2 == 0 else 0.0, False) for i in range(8)]
        assert list(pool.imap(tasks)) == list(range(8))
    finally:
        pool.close()


def test_the_first_failing_task_is_reported_not_the_first_to_fail() -> None:
    # task 1 fails at once, task 0 only after a while: under -j 1 task 0's error is the
    # one reported, and the message must not depend on which worker finished first
    pool = Workers(2, _run)
    try:
        tasks = [(0, 0.3, True), (1, 0.0, True), (2, 0.0, False)]
        with pytest.raises(ValueError, match="task 0 failed"):
            list(pool.imap(tasks))
    finally:
        pool.close()
