"""Fuzzing the schema loader and resolver (tests/support/schemafuzz.py): random
documents and mutants of the example schemas either validate (and then generate a few
rows in plain format) or are rejected with problems naming file and JSON path, one line
each; never another exception, a hang or a huge allocation.

Profiles (``PGMOCK_FUZZ_PROFILE``): ``ci`` (default) runs a fixed, derandomized set of
inputs in well under a minute; ``long`` draws ``PGMOCK_FUZZ_EXAMPLES`` (default 5,000)
at random. bench/fuzz_schema.py is the long run with counts and every distinct crash
saved. Each crash found so far is a regression test next to the code it fixed (the
tests say "Found by bench/fuzz_schema.py").
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from schemafuzz import Case, Oracle, mutants, random_documents

_COMMON = {
    "database": None,
    "deadline": None,
    "suppress_health_check": list(HealthCheck),
}
settings.register_profile(
    "fuzz-ci",
    max_examples=250,
    derandomize=True,
    # no shrinking: the failure prints the input and how it was made
    phases=[Phase.explicit, Phase.generate],
    **_COMMON,  # type: ignore[arg-type]
)
settings.register_profile(
    "fuzz-long",
    max_examples=int(os.environ.get("PGMOCK_FUZZ_EXAMPLES", "5000")),
    **_COMMON,  # type: ignore[arg-type]
)
PROFILE = os.environ.get("PGMOCK_FUZZ_PROFILE", "ci")


@pytest.fixture(scope="module")
def oracle() -> Iterator[Oracle]:
    with tempfile.TemporaryDirectory(prefix="fuzz-schema-") as work:
        yield Oracle(Path(work))


@settings(settings.get_profile(f"fuzz-{PROFILE}"))
@given(case=st.one_of(mutants(), random_documents()))
def test_every_input_validates_or_is_rejected_cleanly(oracle: Oracle, case: Case) -> None:
    outcome = oracle.check(case, generate=True)
    assert not outcome.crashed, f"{outcome.signature}\n{case.describe()}\n{outcome.detail}"


def test_the_oracle_catches_what_it_must(oracle: Oracle, monkeypatch: pytest.MonkeyPatch) -> None:
    """The oracle itself: an exception, a hang, a huge allocation and a problem without a
    path are crashes; a clean rejection and a valid schema are not."""
    import pgmock.schema.resolver as resolver
    from pgmock.errors import Problem, SchemaError

    valid = Case(b'{"version": "1.0", "tables": {"t": {"rowCount": 5, "columns": '
                 b'{"a": {"type": "int"}}}}}', "random")  # fmt: skip
    assert oracle.check(valid, generate=True).verdict == "generated"
    assert oracle.check(Case(b'{"version": "2.0"}', "random")).verdict == "rejected"
    original = resolver.Resolver.resolve

    def fails(exc: BaseException):  # type: ignore[no-untyped-def]
        def resolve(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise exc

        return resolve

    def stalls(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        while True:
            pass

    def allocates(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return bytearray(8 << 30)

    for patched, expected in [
        (fails(KeyError("x")), "validate: KeyError: … at "),
        (fails(SchemaError([Problem("elsewhere.json", "", "x")])), "names another file"),
        (
            fails(SchemaError([Problem(str(oracle.folder("random") / "schema.json"), "", "x")])),
            "problem without a JSON path",
        ),
        (stalls, "validate: hang (over N s)"),
        (allocates, "validate: huge allocation (MemoryError)"),
    ]:
        monkeypatch.setattr(resolver.Resolver, "resolve", patched)
        quick = Oracle(oracle.workdir, time_limit=1, memory_limit=1 << 30)
        outcome = quick.check(valid)
        assert outcome.crashed and expected in outcome.signature, outcome
    monkeypatch.setattr(resolver.Resolver, "resolve", original)
