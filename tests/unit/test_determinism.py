"""Same schema + seed + version → the same bytes, whatever the number of workers."""

from __future__ import annotations

import hashlib

from clihelp import EXAMPLES, pgmock

SHOP = str(EXAMPLES / "shop.json")
# Enough rows for several generation chunks per table, so --jobs really splits the work.
BIG = ["--rows", "users=25000", "--rows", "sales.orders=31000", "--rows", "sales.order_tags=12000"]


def _digest(*args: str) -> str:
    return hashlib.sha256(pgmock("generate", SHOP, *args).stdout).hexdigest()


def test_same_seed_same_bytes() -> None:
    assert _digest("--seed", "7") == _digest("--seed", "7")


def test_other_seed_other_bytes() -> None:
    assert _digest("--seed", "7") != _digest("--seed", "8")


def test_schema_seed_is_used_and_flag_overrides_it() -> None:
    assert _digest() == _digest("--seed", "42")  # shop.json says "seed": 42


def test_jobs_do_not_change_the_output() -> None:
    serial = _digest(*BIG, "--jobs", "1")
    assert serial == _digest(*BIG, "--jobs", "2")


def test_jobs_do_not_change_insert_output() -> None:
    assert _digest(*BIG, "--inserts", "--jobs", "1") == _digest(*BIG, "--inserts", "--jobs", "3")
