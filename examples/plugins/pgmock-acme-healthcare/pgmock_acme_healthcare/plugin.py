"""The plugin module named by the ``acme-healthcare`` entry point.

Four generators a healthcare team ships on its own, each one vectorized (whole batches of
numpy work, no Python loop per value) and deterministic (randomness only from ``rng``):

* ``mrn`` — medical record numbers, unique by construction when the column is;
* ``icd10`` — ICD-10-CM diagnosis codes with the skewed frequency of real outpatient data;
* ``npi`` — US National Provider Identifiers with a valid Luhn check digit;
* ``drug`` — prescription drug names, optionally with strength and form, by how often
  they are prescribed.

It also refines pgmock's inference for hospital schemas (``pgmock_register_inference_rules``):
a ``drug`` table's ``name`` is a drug, a ward's beds are a few dozen, a patient's stay is
admitted before discharged.
"""

from __future__ import annotations

import numpy as np
from pydantic import Field

from pgmock_acme_healthcare import data
from pgmock_sdk import ColumnInfo, GenContext, Generator, NoParams, Params, Registrar, hookimpl
from pgmock_sdk.inference import Lifecycle, Rule, Stage
from pgmock_sdk.unique import permute

_TEXT = frozenset({"text", "varchar", "bpchar"})


def _fits(values: list[str], column: ColumnInfo) -> None:
    """Reject, at validation time, a column too short for every value we could write."""
    limit = column.type.length
    longest = max(map(len, values))
    if limit is not None and longest > limit:
        raise ValueError(f"values are up to {longest} characters, the column holds {limit}")


# --------------------------------------------------------------------------- MRN


class MrnParams(Params):
    prefix: str = Field("MRN-", description="Text before the digits.")
    digits: int = Field(8, ge=4, le=12, description="Number of digits.")


class Mrn(Generator[MrnParams]):
    """Medical record numbers such as MRN-00412345; unique when the column is."""

    name = "mrn"
    pg_types = _TEXT
    supports_unique = True
    column_names = (r"mrn|medical_record_(number|no)",)

    def __init__(self, params: MrnParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        _fits([params.prefix + "0" * params.digits], column)

    def domain_size(self) -> int:
        return int(10**self.params.digits)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p = self.params
        domain = 10**p.digits
        if ctx.column.unique:
            # A keyed bijection of row numbers: distinct across batches, no retry loop.
            numbers = permute(ctx.row_numbers(n), domain, ctx.column.key)
        else:
            numbers = rng.integers(0, domain, size=n, dtype=np.int64)
        text = np.char.zfill(numbers.astype(str), p.digits)
        return list(np.char.add(p.prefix, text).tolist())


# --------------------------------------------------------------------------- ICD-10


class Icd10Params(Params):
    dotted: bool = Field(True, description="Write E11.9 (True) or E119 (False).")


class Icd10(Generator[Icd10Params]):
    """ICD-10-CM diagnosis codes with the frequency of outpatient visits (I10 and E11.9
    lead, a long tail follows)."""

    name = "icd10"
    pg_types = _TEXT
    column_names = (r"(diagnosis|dx|icd10?)(_code)?",)

    def __init__(self, params: Icd10Params, column: ColumnInfo) -> None:
        super().__init__(params, column)
        codes = [code if params.dotted else code.replace(".", "") for code, _ in data.ICD10]
        _fits(codes, column)
        self._codes = np.array(codes, dtype=object)
        weights = np.array([w for _, w in data.ICD10], dtype=np.float64)
        self._cdf = np.cumsum(weights / weights.sum())

    def domain_size(self) -> int:
        return len(data.ICD10)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        # Inverse-CDF sampling: one searchsorted for the whole batch.
        picks = np.searchsorted(self._cdf, rng.random(n), side="right")
        return list(self._codes[np.minimum(picks, len(self._codes) - 1)].tolist())


# --------------------------------------------------------------------------- NPI

_NPI_BODY = 10**8  # digits 2-9; the first digit is 1 or 2


def npi_check_digits(first9: np.ndarray) -> np.ndarray:
    """Luhn check digits of 9-digit NPI bodies, with the 80840 prefix the standard adds."""
    digits = (first9[:, None] // 10 ** np.arange(8, -1, -1, dtype=np.int64)) % 10
    doubled = digits[:, 0::2] * 2  # the rightmost of the nine and every second one leftwards
    doubled -= 9 * (doubled > 9)
    total = 24 + doubled.sum(axis=1) + digits[:, 1::2].sum(axis=1)  # 24: the prefix's share
    return (10 - total % 10) % 10  # type: ignore[no-any-return]


class Npi(Generator[NoParams]):
    """US National Provider Identifiers (10 digits, valid Luhn check digit); unique when
    the column is."""

    name = "npi"
    pg_types = _TEXT | {"int8"}
    supports_unique = True
    column_names = (r"(.*_)?npi",)

    def __init__(self, params: NoParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        if column.type.key in _TEXT:
            _fits(["0" * 10], column)

    def domain_size(self) -> int:
        return 2 * _NPI_BODY

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> np.ndarray | list[str]:
        if ctx.column.unique:
            x = permute(ctx.row_numbers(n), 2 * _NPI_BODY, ctx.column.key)
        else:
            x = rng.integers(0, 2 * _NPI_BODY, size=n, dtype=np.int64)
        first9 = (1 + x // _NPI_BODY) * _NPI_BODY + x % _NPI_BODY
        npi = first9 * 10 + npi_check_digits(first9)
        if ctx.column.type.key == "int8":
            return npi
        return list(npi.astype(str).tolist())


# --------------------------------------------------------------------------- drugs


class DrugParams(Params):
    strength: bool = Field(True, description='Add strength and form: "Atorvastatin 20 mg tablet".')


class Drug(Generator[DrugParams]):
    """Prescription drugs by how often they are prescribed in the US, with a common
    strength and form ("Metformin 500 mg tablet")."""

    name = "drug"
    pg_types = _TEXT
    column_names = (r"(.*_)?(drug|medication|medicine)(_name)?",)

    def __init__(self, params: DrugParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        weights = np.array([w for _, w, _, _ in data.DRUGS], dtype=np.float64)
        self._cdf = np.cumsum(weights / weights.sum())
        if params.strength:
            # Every (drug, strength) text once; a value is start[drug] + strength index.
            texts = [
                f"{name} {s:g} {unit} {form}"
                for name, _, (unit, form), strengths in data.DRUGS
                for s in strengths
            ]
            counts = np.array([len(d[3]) for d in data.DRUGS], dtype=np.int64)
        else:
            texts = [name for name, *_ in data.DRUGS]
            counts = np.ones(len(data.DRUGS), dtype=np.int64)
        _fits(texts, column)
        self._texts = np.array(texts, dtype=object)
        self._counts = counts
        self._starts = np.concatenate(([0], np.cumsum(counts)[:-1]))

    def domain_size(self) -> int:
        return len(self._texts)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        u = rng.random((2, n))
        drug = np.minimum(np.searchsorted(self._cdf, u[0], side="right"), len(self._cdf) - 1)
        pick = self._starts[drug] + (u[1] * self._counts[drug]).astype(np.int64)
        return list(self._texts[pick].tolist())


@hookimpl
def pgmock_register_generators(registry: Registrar) -> None:
    for cls in (Mrn, Icd10, Npi, Drug):
        registry.add_generator(cls)


@hookimpl
def pgmock_register_inference_rules(registry: Registrar) -> None:
    # A table of drugs names them in its "name" column (pgmock would infer product names).
    registry.add_rule(
        Rule(
            "drug",
            table=r"drug|medication|medicine|formulary(_item)?",
            column=r"name|title",
            types=("text",),
            note="a drug, in a table of drugs",
        )
    )
    registry.add_rule(
        Rule(
            "core.integer",
            table=r"ward|unit|department",
            column=r"beds|bed_count|capacity",
            types=("integer",),
            params={"min": 4, "max": 40},
            note="beds of one hospital ward",
        )
    )
    registry.add_lifecycle(
        Lifecycle(
            "admission",
            (
                Stage(r"admitted(_at|_on)?|admission(_date|_time)?"),
                Stage(r"discharged(_at|_on)?|discharge(_date|_time)?", within="21 days"),
            ),
            note="admitted ≤ discharged",
        )
    )
