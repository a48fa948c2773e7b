"""The contract (issue 12): every schema ``validate`` accepts restores into a real
PostgreSQL, does what it says, and passes ``pgmock verify``.

Hypothesis builds random schemas from the features of the format
(tests/support/contract.py); each one that validates is generated in a drawn variant
(``-F p``/``c``/``d``/``t``, ``--inserts``, ``--column-inserts``, ``--rows-per-insert``,
``-j 2``), restored with ``pg_restore -e`` or ``psql -v ON_ERROR_STOP=1``, checked in SQL
(``from``, ``after``, ``cases``, counts per parent, tree depths) and verified without the
database. Any failure fails the test, with the schema and what broke.

Profiles (``PGMOCK_CONTRACT_PROFILE``): ``ci`` (default) runs a fixed, derandomized set of
examples in about a minute and draws around the combinations that fail today
(``KNOWN_BUGS``); ``long`` draws everything, at random, ``PGMOCK_CONTRACT_EXAMPLES``
times (bench/contract_fuzz.py is the long run with counts and minimized failures).

Each known bug has a minimal reproduction here, as a strict xfail: it fails the suite the
day the bug is fixed, so the entry (and the CI profile's detour) can go; it then moves to
``FIXED_BUGS``, whose reproductions must pass.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from contract import AVOID, FIXED_BUGS, KNOWN_BUGS, PROFILE, Contract, Drawn, KnownBug, schemas
from pgharness import PgCluster

_COMMON = {
    "database": None,
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile(
    "contract-ci",
    max_examples=100,
    derandomize=True,
    # no shrinking: the failure prints the whole schema, its tags and the broken stage;
    # bench/contract_fuzz.py minimizes
    phases=[Phase.explicit, Phase.generate],
    **_COMMON,  # type: ignore[arg-type]
)
settings.register_profile(
    "contract-long",
    max_examples=int(os.environ.get("PGMOCK_CONTRACT_EXAMPLES", "1000")),
    **_COMMON,  # type: ignore[arg-type]
)


@settings(settings.get_profile(f"contract-{PROFILE}"))
@given(drawn=schemas(avoid=AVOID))
def test_every_accepted_schema_restores_and_verifies(pg: PgCluster, drawn: Drawn) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        outcome = Contract(pg, Path(tmp)).check(drawn.schema, drawn.variant)
    assert not outcome.failed, f"{outcome.describe()}\n{drawn!r}"


class ContractBroken(AssertionError):
    """A known bug reproduced: its minimal schema fails at the stage it is known for."""


@pytest.mark.parametrize(
    "bug",
    [
        pytest.param(bug, id=bug.tag, marks=pytest.mark.xfail(
            strict=True, raises=ContractBroken, reason=bug.what))
        for bug in KNOWN_BUGS.values()
    ] + [pytest.param(bug, id=f"fixed-{bug.tag}") for bug in FIXED_BUGS.values()],
)  # fmt: skip
def test_known_bug_reproduces(pg: PgCluster, tmp_path: Path, bug: KnownBug) -> None:
    """A known bug still fails as known (strict xfail); a fixed one passes."""
    outcome = Contract(pg, tmp_path).check(bug.schema, bug.variant)
    if outcome.stage == bug.signature and bug.tag in KNOWN_BUGS:
        raise ContractBroken(outcome.describe())
    assert not outcome.failed, f"fails ({bug.signature} before): {outcome.describe()}"
