"""The contract property test, long: many random schemas, every failure minimized.

Each example is a random schema from tests/support/contract.py (every feature of the
format, known bugs included), run through ``pgmock validate``, ``generate`` in a drawn
output variant, a restore into a real PostgreSQL, SQL checks of from/after/cases/counts/
depths and ``pgmock verify``. Failures are grouped by signature (the stage that broke and
its normalized message); each distinct one is minimized (tables, columns, constraints,
keys and counts removed while the failure stays the same) and saved as JSON in --out,
with the known bug it matches (tests/support/contract.py's KNOWN_BUGS) or NEW.

Run:  python bench/contract_fuzz.py --examples 2000 [--seed 1] [--out contract-failures]
                                    [--avoid-known] [--budget 150]

Prints how many schemas were tried, how many validate accepted, how many restored, and
each distinct failure: how often, the tags its examples share, the minimized schema's
file. Exits 1 when a failure matches no known bug.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from hypothesis import HealthCheck, Phase, given, seed, settings

from contract import KNOWN_BUGS, Contract, Drawn, Outcome, minimize, schemas
from pgharness import PgCluster


@dataclass
class Failure:
    signature: str
    first: Drawn
    outcome: Outcome
    count: int = 0
    tags: set[str] = field(default_factory=set)  # shared by every example


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1, help="hypothesis seed")
    parser.add_argument("--out", default="contract-failures", help="directory for failures")
    parser.add_argument("--avoid-known", action="store_true", help="draw around KNOWN_BUGS")
    parser.add_argument("--budget", type=int, default=150, help="attempts per minimization")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    avoid = frozenset(KNOWN_BUGS) if args.avoid_known else frozenset()

    pg = PgCluster.start()
    work = Path(tempfile.mkdtemp(prefix="contract-fuzz-"))
    contract = Contract(pg, work)
    stages: Counter[str] = Counter()
    failures: dict[str, Failure] = {}
    known: dict[str, str] = {}  # signature of a known bug's minimal schema -> its tag
    started = time.perf_counter()
    try:
        for bug in KNOWN_BUGS.values():
            known.setdefault(contract.check(bug.schema, bug.variant).signature, bug.tag)

        @seed(args.seed)
        @settings(
            max_examples=args.examples,
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(drawn=schemas(avoid=avoid))
        def run(drawn: Drawn) -> None:
            outcome = contract.check(drawn.schema, drawn.variant)
            stages[outcome.stage] += 1
            tried = sum(stages.values())
            if tried % 100 == 0:
                print(f"  … {tried:,} schemas, {dict(stages)}", flush=True)
            if not outcome.failed:
                return
            found = failures.get(outcome.signature)
            if found is None:
                found = failures[outcome.signature] = Failure(
                    outcome.signature, drawn, outcome, tags=set(drawn.tags)
                )
            found.count += 1
            found.tags &= drawn.tags

        run()
        tried = sum(stages.values())
        validated = tried - stages["rejected"]
        generated = validated - stages["validate"] - stages["generate"]
        restored = generated - stages["restore"]
        elapsed = time.perf_counter() - started
        print(
            f"{tried:,} schemas tried, {validated:,} validated, {generated:,} generated, "
            f"{restored:,} restored, {stages['ok']:,} held every check "
            f"({elapsed / 60:.1f} min, hypothesis seed {args.seed})"
        )
        new = 0
        for i, f in enumerate(sorted(failures.values(), key=lambda f: -f.count), 1):
            small, variant, attempts = minimize(
                contract, f.first.schema, f.first.variant, f.signature, args.budget
            )
            final = contract.check(small, variant)
            tag = known.get(f.signature)
            matched = [t for t in KNOWN_BUGS if t in f.tags]
            # another message of a known combination: every example has its tag, and it
            # breaks at the stage the known bug does
            alike = [t for t in matched if KNOWN_BUGS[t].signature == f.outcome.stage]
            if tag:
                verdict = f"known: {tag}"
            elif len(alike) == 1:
                verdict = f"known: {alike[0]} (another message of it)"
            else:
                verdict = "NEW"
            if not tag:
                new += 1
            path = out / f"{i:02d}-{slug(f.signature)}.json"
            record: dict[str, Any] = {
                "signature": f.signature,
                "examples": f.count,
                "verdict": verdict,
                "tags_shared_by_all_examples": sorted(f.tags),
                "known_tags_among_them": matched,
                "variant": list(variant),
                "schema": small,
                "detail": final.describe(),
                "original_variant": list(f.first.variant),
                "original_schema": f.first.schema,
            }
            path.write_text(json.dumps(record, indent=1), encoding="utf-8")
            print(
                f"\n{i}. {f.signature}  [{verdict}]  {f.count} examples; tags of all: "
                f"{', '.join(sorted(f.tags)) or '-'}\n   minimized in {attempts} attempts "
                f"-> {path} ({len(json.dumps(small))} bytes)\n   "
                + final.describe().strip().replace("\n", "\n   ")[:800]
            )
        return 1 if new else 0
    finally:
        pg.stop()


if __name__ == "__main__":
    sys.exit(main())
