"""CPU per value of the orders table's string generators, in-process (generate only).

Each generator fills its orders column (bench/orders_bench.py) as the engine sets it up:
a table key (so the person group's draws are shared as in a table), a million-row column,
batches of 10,000 rows (the engine's chunk). Prints the best of several rounds of ten
batches, in CPU time (``time.process_time``), which other jobs on the machine move less
than wall time. Run it under two checkouts in turn to compare them.

Run:  python bench/column_bench.py [--locale de_DE] [--rounds 7] [email json …]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from pgmock_builtins import binary_gen, document_gen, faker_gen
from pgmock_sdk import ColumnInfo, GenContext, parse_type

# label -> (generator class, column type, unique), as in orders_bench.SCHEMA
CASES: dict[str, tuple[Any, str, bool]] = {
    "email": (faker_gen.EmailGenerator, "varchar(255)", True),
    "full_name": (faker_gen.FullNameGenerator, "text", False),
    "json": (document_gen.JsonGenerator, "jsonb", False),
    "uuid": (binary_gen.UuidGenerator, "uuid", False),
}
BATCH, BATCHES = 10_000, 10


def ns_per_value(label: str, locale: str, rounds: int) -> float:
    cls, type_name, unique = CASES[label]
    column = ColumnInfo(
        "public", "orders", label, parse_type(type_name), unique=unique,
        row_count=1_000_000, key=42, locale=locale, table_key=7,
    )  # fmt: skip
    gen = cls(cls.Params.model_validate({}), column)

    def run() -> None:
        for b in range(BATCHES):
            gen.generate(BATCH, np.random.default_rng(b), GenContext(column, b * BATCH))

    run()  # vocabularies, imports
    best = float("inf")
    for _ in range(rounds):
        t0 = time.process_time()
        run()
        best = min(best, time.process_time() - t0)
    return best / (BATCH * BATCHES) * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("generators", nargs="*", help=f"some of {', '.join(CASES)} (all)")
    parser.add_argument("--locale", default="en_US")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    unknown = sorted(set(args.generators) - set(CASES))
    if unknown:
        parser.error(f"unknown generators: {', '.join(unknown)} (known: {', '.join(CASES)})")
    for label in args.generators or CASES:
        print(f"{label:10} {ns_per_value(label, args.locale, args.rounds):7.0f} ns/value CPU")


if __name__ == "__main__":
    main()
