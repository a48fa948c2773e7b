"""The plugin's own tests, written with the fixtures pgmock installs as a pytest plugin.

The fixtures (``pgmock.testing``): ``pgmock_host`` (built-ins plus what a test registers),
``pgmock_generate`` (one batch), ``pgmock_contract`` (what every generator must do) and
``pgmock_cli`` (the real command line).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from pgmock_acme_healthcare import plugin
from pgmock_acme_healthcare.plugin import npi_check_digits

Generate = Callable[..., Any]


@pytest.fixture(autouse=True)
def _acme(pgmock_host: Any) -> None:
    # Registered as a module, the way the entry point loads it (under the module's name
    # here, not "acme-healthcare"), so the tests use short names: mrn, npi, …
    pgmock_host.register(plugin)


@pytest.mark.parametrize(
    ("name", "pg_type", "bad"),
    [
        ("mrn", "varchar(20)", [{"digits": 3}, {"digits": 12, "prefix": "MEDICAL-RECORD-"}]),
        ("icd10", "varchar(8)", [{"dotted": "sometimes"}]),
        ("npi", "char(10)", []),
        ("npi", "int8", []),
        ("drug", "text", [{"strength": "maybe"}]),
    ],
)
def test_every_generator_fulfils_the_contract(
    pgmock_contract: Callable[..., None], name: str, pg_type: str, bad: list[dict[str, Any]]
) -> None:
    pgmock_contract(name, type=pg_type, bad_params=bad)


def test_columns_too_short_are_rejected(pgmock_generate: Generate) -> None:
    with pytest.raises(ValueError, match="up to 8 characters, the column holds 5"):
        pgmock_generate("icd10", 10, type="varchar(5)")
    with pytest.raises(ValueError, match="the column holds 9"):
        pgmock_generate("npi", 10, type="char(9)")


def test_mrn_unique_across_batches(pgmock_generate: Generate) -> None:
    from pgmock_sdk.testing import column_info

    info = column_info("text", unique=True, row_count=200_000)
    first = pgmock_generate("mrn", 100_000, seed=1, column=info, params={"digits": 6})
    second = pgmock_generate(
        "mrn", 100_000, seed=2, column=info, offset=100_000, params={"digits": 6}
    )
    values = first + second
    assert len(set(values)) == 200_000
    assert all(re.fullmatch(r"MRN-\d{6}", v) for v in values)


def test_icd10_follows_outpatient_frequencies(pgmock_generate: Generate) -> None:
    counts = Counter(pgmock_generate("icd10", 100_000, seed=7))
    top = [code for code, _ in counts.most_common(3)]
    assert top[0] == "I10"
    assert set(top[1:]) <= {"E11.9", "E78.5", "Z00.00"}
    assert counts["I10"] > 20 * counts["S93.401A"] > 0  # a long tail, still present
    undotted = pgmock_generate("icd10", 1000, params={"dotted": False})
    assert "." not in "".join(undotted) and "I10" in undotted


def _luhn_ok(npi: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed("80840" + npi)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_npi_check_digits_are_valid(pgmock_generate: Generate) -> None:
    # A published example: 123456789 has check digit 3.
    assert npi_check_digits(np.array([123456789]))[0] == 3
    values = pgmock_generate("npi", 20_000, seed=3, type="char(10)")
    assert all(len(v) == 10 and v[0] in "12" and _luhn_ok(v) for v in values)
    as_int = pgmock_generate("npi", 100, seed=3, type="int8")
    assert as_int.dtype == np.int64 and all(_luhn_ok(str(v)) for v in as_int)
    # One wrong digit is caught by the check digit.
    bad = values[0][:4] + str((int(values[0][4]) + 1) % 10) + values[0][5:]
    assert not _luhn_ok(bad)


def test_drugs_by_prescription_frequency(pgmock_generate: Generate) -> None:
    values = pgmock_generate("drug", 50_000, seed=5)
    names = Counter(v.split(" ")[0] for v in values)
    assert names["Atorvastatin"] > names["Citalopram"] * 3
    assert all(
        re.fullmatch(r"[A-Z][a-z]+( [a-z]+)? [\d.]+ [a-zA-Z/]+ [a-z -]+", v) for v in values[:500]
    )
    assert "Metformin 500 mg tablet" in values and "Tamsulosin 0.4 mg capsule" in values
    plain = pgmock_generate("drug", 1000, params={"strength": False})
    assert "Metformin" in plain and not any(ch.isdigit() for v in plain for ch in v)


def test_the_command_line_knows_the_plugin(pgmock_cli: Any) -> None:
    listing = pgmock_cli("generators", plugins=["acme-healthcare"]).stdout
    for name in ("mrn", "icd10", "npi", "drug"):
        assert f"acme-healthcare.{name}" in listing
    schema = {
        "version": "1.0",
        "tables": {"visits": {"rowCount": 10, "columns": {"dx": {"type": "varchar(4)"}}}},
    }
    path = pgmock_cli.schema_file(schema)
    # Inferred from the name but too long for the column: the type's default fills it,
    # and a warning says why.
    err = pgmock_cli("validate", str(path), plugins=["acme-healthcare"], check=False).stderr
    assert "tables.visits.columns.dx.type: acme-healthcare.icd10 (inferred from the column" in err
    assert "values are up to 8 characters, the column holds 4; filled by core.text" in err
