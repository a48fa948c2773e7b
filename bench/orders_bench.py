"""Throughput of the main path: a 10-column orders-like table to plain COPY text.

Columns: bigint id (bigserial), FK to customers, timestamptz, numeric(10,2), weighted
status enum, email (unique), full name, boolean, jsonb, uuid. Measures generation +
rendering + COPY formatting, writing to a byte-counting sink (no disk), on one core unless
--jobs says otherwise. Also times Faker called once per row for the same columns, the way
per-row tools work, as a baseline.

Run:  python bench/orders_bench.py [--rows 1000000] [--jobs 1] [--no-baseline]
Target (issue 2): >= 300,000 rows/s on one core.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from pgmock.dump.pipeline import Options, build_dump
from pgmock.generate.heap import pad_heap
from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema

SCHEMA: dict[str, Any] = {
    "version": "1.0",
    "seed": 1,
    "types": {"order_status": {"enum": ["pending", "paid", "shipped", "cancelled"]}},
    "tables": {
        "customers": {
            "rowCount": 1000,
            "columns": {"id": {"type": "serial", "primaryKey": True}},
        },
        "orders": {
            "rowCount": 1_000_000,
            "columns": {
                "id": {"type": "bigserial", "primaryKey": True},
                "customer_id": {"type": "integer", "references": "customers.id"},
                "created_at": {"type": "timestamptz"},
                "amount": {"type": "numeric(10,2)"},
                "status": {
                    "type": "order_status",
                    "distribution": {"name": "weighted", "weights": [0.1, 0.5, 0.35, 0.05]},
                },
                "email": {"type": "varchar(255)", "generator": "email", "unique": True},
                "customer_name": {"type": "text", "generator": "full_name"},
                "gift": {"type": "boolean"},
                "details": {"type": "jsonb"},
                "tracking": {"type": "uuid"},
            },
        },
    },
}


class CountingSink:
    """A binary stream that only counts what is written."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        return len(data)

    def flush(self) -> None:
        pass


PERSON_COLUMNS: dict[str, Any] = {
    # Generated before email and username, which then use the same person's names.
    "first_name": {"type": "text"},
    "last_name": {"type": "text"},
    "username": {"type": "varchar(64)", "generator": "username", "unique": True},
}


def with_person_columns(schema: dict[str, Any]) -> dict[str, Any]:
    """The orders table with correlated person columns (issue 5's benchmark)."""
    columns = schema["tables"]["orders"]["columns"]
    reordered: dict[str, Any] = {}
    for name, spec in columns.items():
        if name == "email":
            reordered.update(PERSON_COLUMNS)
        reordered[name] = spec
    schema["tables"]["orders"]["columns"] = reordered
    return schema


def run_pgmock(rows: int, jobs: int) -> tuple[float, int]:
    host = make_host(env={})
    SCHEMA["tables"]["orders"]["rowCount"] = rows
    schema = resolve_schema(SCHEMA, {}, ["bench"], host.registry)
    writer = host.registry.writer("p").obj()
    sink = CountingSink()
    options = Options(include=["orders", "customers"], data_only=True, jobs=jobs)
    t0 = time.perf_counter()
    with build_dump(schema, options) as (dump, write_options, _):
        writer.write(dump, sink, write_options)  # type: ignore[arg-type]
    return time.perf_counter() - t0, sink.bytes


def run_faker_per_row(rows: int) -> float:
    import json
    import uuid

    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(1)
    statuses = ["pending", "paid", "shipped", "cancelled"]
    t0 = time.perf_counter()
    lines = []
    for i in range(rows):
        lines.append(
            "\t".join(
                (
                    str(i + 1),
                    str(fake.random_int(1, 1000)),
                    fake.date_time_between("-5y", "now").isoformat(),
                    f"{fake.pydecimal(left_digits=6, right_digits=2, positive=True)}",
                    fake.random_element(statuses),
                    fake.unique.email(),
                    fake.name(),
                    "t" if fake.pybool() else "f",
                    json.dumps({"note": fake.word()}),
                    str(uuid.UUID(int=fake.random.getrandbits(128), version=4)),
                )
            )
        )
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--person",
        action="store_true",
        help="add correlated first_name, last_name, username before email",
    )
    args = parser.parse_args()
    pad_heap()  # as the pgmock program does at its start (pgmock.entry)
    if args.person:
        with_person_columns(SCHEMA)
    run_pgmock(20_000, args.jobs)  # warm-up: vocabularies, imports
    seconds, size = run_pgmock(args.rows, args.jobs)
    customers = 1000
    total_rows = args.rows + customers
    print(
        f"pgmock: {total_rows:,} rows, {size / 1e6:.1f} MB COPY text in {seconds:.2f} s "
        f"(jobs={args.jobs}): {total_rows / seconds:,.0f} rows/s, "
        f"{size / 1e6 / seconds:.1f} MB/s"
    )
    if not args.no_baseline:
        n = 5000
        faker_s = run_faker_per_row(n)
        per_row = n / faker_s
        print(
            f"Faker per row: {per_row:,.0f} rows/s; pgmock is {total_rows / seconds / per_row:.0f}x"
        )


if __name__ == "__main__":
    main()
