"""``core.vat_number``: a VAT number in the form of the row's country.

The country is a two-letter code of a column generated earlier in the row
(``country_column``): a French account gets ``FR`` and eleven characters, a British one
``GB`` and nine digits. A country without a VAT number of this form (the United States)
gets NULL in a nullable column, else its code and nine digits; a row without a
country, one of the countries' forms in a NOT NULL column. Rows are grouped by
country and each group filled as ``core.pattern`` fills its rows, once per country.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from pgmock_builtins._vat_formats import VAT_FORMATS as FORMATS
from pgmock_builtins.pattern_gen import PatternGenerator, parse_pattern
from pgmock_sdk import ColumnInfo, GenContext, Generator, Params
from pgmock_sdk.lazy import np
from pgmock_sdk.pgtypes import TEXT_TYPES


class VatNumberParams(Params):
    country_column: str = Field(
        description="The column generated earlier in the row holding the country's "
        "two-letter code."
    )


class VatNumberGenerator(Generator[VatNumberParams]):
    """A VAT number of the row's country (``country_column``): ``FR`` and eleven
    characters for France, ``GB`` and nine digits for the United Kingdom; NULL for a
    country without one when the column is nullable, else its code and nine digits."""

    name = "vat_number"
    pg_types = frozenset(TEXT_TYPES)
    column_params = ("country_column",)

    def __init__(self, params: VatNumberParams, column: ColumnInfo) -> None:
        super().__init__(params, column)
        limit = column.type.length
        longest = max(len(parse_pattern(shape)) for shape in FORMATS.values())
        if limit is not None and limit < longest:
            raise ValueError(
                f"{column.path}: a VAT number takes up to {longest} characters, more than "
                f"{column.type.display()} holds"
            )

    def generate(self, n: int, rng: np.random.Generator, ctx: GenContext) -> list[Any]:
        values = ctx.rows.get(self.params.country_column)
        alone = values is None or len(values) != n  # used without its row
        given = np.array([None] * n if alone else values, dtype=object)
        given[given == None] = ""  # noqa: E711 (elementwise)
        codes = np.char.upper(np.char.strip(given.astype(str))).astype(object)
        if alone or not self.column.nullable:
            # no country to follow: a number of any of the countries with one
            known = np.array(sorted(FORMATS), dtype=object)
            blank = np.flatnonzero(codes == "")
            codes[blank] = known[rng.integers(0, len(known), len(blank))]
        out = np.full(n, None, dtype=object)
        for code in sorted(set(codes.tolist())):  # once per country, not per row
            shape = FORMATS.get(code)
            if shape is None:
                if self.column.nullable or len(code) != 2 or not code.isalpha():
                    continue
                shape = code + "#########"
            parsed = parse_pattern(shape)
            rows = np.flatnonzero(codes == code)
            matrix = np.zeros((len(rows), len(parsed)), np.uint8)
            PatternGenerator.fill(matrix, parsed, np.arange(len(rows)), rng)
            out[rows] = matrix.view(f"S{len(parsed)}").ravel().astype(str).astype(object)
        return list(out.tolist())
