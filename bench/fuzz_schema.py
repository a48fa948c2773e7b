"""Fuzz the schema loader and resolver at length: random documents and mutants of the
example schemas (tests/support/schemafuzz.py), every distinct crash saved.

Run:  python bench/fuzz_schema.py --examples 20000 [--seed 1] [--out fuzz-crashes]
                                  [--minutes 15] [--time-limit 20] [--only mutants|random]

Prints the inputs tried (how many validated, were rejected with problems, had rows
generated) and each distinct crash: its signature (stage, message, innermost frame of
pgmock's code), how often it was hit, and the file holding its smallest input (the
schema's bytes, how it was made, the traceback). Exits 1 when anything crashed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "support"))

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from schemafuzz import Case, Oracle, Outcome, mutants, random_documents


class _TimeUp(Exception):
    """Ends the run at --minutes: hypothesis has no time budget of its own."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1, help="hypothesis seed")
    parser.add_argument("--out", default="fuzz-crashes", help="directory for crashes")
    parser.add_argument("--minutes", type=float, help="stop drawing inputs after this long")
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per input")
    parser.add_argument("--only", choices=["mutants", "random"], help="one kind of input")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix="fuzz-schema-")  # removed at exit
    oracle = Oracle(Path(scratch.name), args.time_limit)
    kinds = {"mutants": mutants(), "random": random_documents()}
    inputs = kinds[args.only] if args.only else st.one_of(kinds["mutants"], kinds["random"])
    verdicts: Counter[str] = Counter()
    crashes: dict[str, tuple[Case, Outcome]] = {}
    hits: Counter[str] = Counter()
    started = time.perf_counter()

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=inputs)
    def run(case: Case) -> None:
        if args.minutes is not None and time.perf_counter() - started > args.minutes * 60:
            raise _TimeUp
        outcome = oracle.check(case, generate=True)
        verdicts[outcome.verdict] += 1
        tried = sum(verdicts.values())
        if tried % 500 == 0:
            rate = tried / (time.perf_counter() - started)
            print(f"  … {tried:,} inputs ({rate:.1f}/s), {dict(verdicts)}", flush=True)
        if outcome.crashed:
            hits[outcome.signature] += 1
            known = crashes.get(outcome.signature)
            if known is None or len(case.data) < len(known[0].data):
                crashes[outcome.signature] = (case, outcome)

    with contextlib.suppress(_TimeUp):
        run()
    tried = sum(verdicts.values())
    elapsed = time.perf_counter() - started
    print(
        f"{tried:,} inputs tried in {elapsed / 60:.1f} min (hypothesis seed {args.seed}): "
        f"{verdicts['ok'] + verdicts['generated']:,} validated "
        f"({verdicts['generated']:,} of them generated), {verdicts['rejected']:,} rejected "
        f"with problems, {verdicts['crash']:,} crashed; {len(crashes)} distinct crashes"
    )
    for i, (signature, (case, outcome)) in enumerate(sorted(crashes.items()), 1):
        name = re.sub(r"[^a-z0-9]+", "-", signature.lower()).strip("-")[:60]
        path = out / f"{i:02d}-{name}.json"
        record = {
            "signature": signature,
            "hits": hits[signature],
            "made": case.steps,
            "origin": case.origin,
            "input": case.data.decode("utf-8", "backslashreplace"),
            "detail": outcome.detail,
        }
        path.write_text(json.dumps(record, indent=1), encoding="utf-8")
        print(f"\n{i}. {signature}  ({hits[signature]} inputs) -> {path}")
        print("   " + case.describe(600).replace("\n", "\n   "))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
