"""The plugin module named by the ``acme-healthcare`` entry point."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from pgmock_sdk import GenContext, Generator, Params, Registry, hookimpl
from pgmock_sdk.unique import permute

_TEXT = frozenset({"text", "varchar", "bpchar"})


class MrnParams(Params):
    prefix: str = Field("MRN-", description="Text before the digits.")
    digits: int = Field(8, ge=4, le=12, description="Number of digits.")


class Mrn(Generator):
    """Medical record numbers such as MRN-00412345; unique when the column is."""

    name = "mrn"
    pg_types = _TEXT
    Params = MrnParams
    supports_unique = True
    column_names = (r"mrn|medical_record_(number|no)",)

    def domain_size(self) -> int:
        return int(10**self.params.digits)  # type: ignore[attr-defined]

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        p: MrnParams = self.params  # type: ignore[assignment]
        domain = 10**p.digits
        if ctx.column.unique:
            numbers = permute(ctx.row_numbers(n), domain, ctx.column.key)
        else:
            numbers = rng.integers(0, domain, size=n, dtype=np.int64)
        text = np.char.zfill(numbers.astype(str), p.digits)
        return list(np.char.add(p.prefix, text).tolist())


# Chapter letters with rough relative frequencies of outpatient diagnoses.
_CODES = [
    ("I10", 14.0),
    ("E11.9", 9.0),
    ("E78.5", 8.0),
    ("J06.9", 7.0),
    ("M54.5", 6.0),
    ("Z00.00", 6.0),
    ("F41.1", 4.0),
    ("F32.9", 4.0),
    ("K21.9", 3.5),
    ("J45.909", 3.0),
    ("N39.0", 2.5),
    ("E66.9", 2.5),
    ("M17.11", 2.0),
    ("R51.9", 2.0),
    ("J02.9", 2.0),
    ("L30.9", 1.5),
    ("G43.909", 1.5),
    ("H10.9", 1.0),
    ("B34.9", 1.0),
    ("S93.401A", 0.8),
]


class Icd10(Generator):
    """ICD-10-like diagnosis codes; common ones (I10, E11.9 …) appear more often."""

    name = "icd10"
    pg_types = _TEXT
    column_names = (r"(diagnosis|dx|icd10?)(_code)?",)

    def domain_size(self) -> int:
        return len(_CODES)

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[str]:
        codes = np.array([c for c, _ in _CODES], dtype=object)
        weights = np.array([w for _, w in _CODES])
        picks = rng.choice(len(codes), size=n, p=weights / weights.sum())
        return list(codes[picks].tolist())


@hookimpl
def pgmock_register_generators(registry: Registry) -> None:
    registry.add_generator(Mrn)
    registry.add_generator(Icd10)
