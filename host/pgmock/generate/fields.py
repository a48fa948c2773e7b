"""Nested fields at generation time: the host's side of :mod:`pgmock_sdk.nested`.

The resolver turns each field a nested generator declares into a
:class:`~pgmock.schema.nested.FieldChoice`; the generator binds it to its column, which
makes a :class:`FieldStream`, and asks that for batches. A batch is drawn from the
field's own stream (``SeedSequence(seed, spawn_key=(crc32(name),))``, values and NULLs
apart), rendered as the PostgreSQL text of the field's type, redrawn where it fails the
field's domain, and NULLs are applied to the text, as the engine does for a column.

The resolver binds fields too (it instantiates every generator once to validate it), so
this module depends on nothing of the schema stage.
"""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Callable, Mapping
from typing import Any

from pgmock.generate.domains import domain_checker, enforce
from pgmock_sdk import ColumnInfo, GenContext, Generator, PgType
from pgmock_sdk.lazy import np
from pgmock_sdk.nested import derive_key

__all__ = ["FieldStream"]

Rendered = list[str | None]


class FieldStream:
    """A field bound to a column (a :class:`pgmock_sdk.nested.BoundField`): ``name`` keys
    its stream, ``pgtype`` is what it is generated as, ``make`` its generator for a
    column, ``sampler`` its bound distribution (or None), ``qualified`` the generator's
    name for messages."""

    def __init__(
        self,
        column: ColumnInfo,
        name: str,
        pgtype: PgType,
        make: Callable[[ColumnInfo], Generator],
        sampler: Any,
        null_ratio: float,
        qualified: str,
    ) -> None:
        self.name = name
        self.type = pgtype
        self.null_ratio = null_ratio
        self.qualified = qualified
        self.where = f"{column.path}.{name}"
        info = dataclasses.replace(
            column,
            name=f"{column.name}.{name}",
            type=pgtype,
            nullable=True,
            unique=False,
            key=derive_key(column.key, name),
            # The fields bound to one column agree like the columns of a row do (street,
            # city and postal code of one place), apart from other columns and values.
            table_key=derive_key(column.key, "\x00composite"),
        )
        self.generator = make(info)
        self.column = self.generator.column
        self.fork_safe = self.generator.fork_safe
        # a bound distribution is what the engine hands generators as ctx.distribution
        self.sampler = sampler
        self.checker = domain_checker(pgtype)
        self.crc = zlib.crc32(name.encode("utf-8"))

    def batch(
        self, n: int, seed: int, ctx: GenContext, rows: Mapping[str, Any]
    ) -> tuple[Any, Rendered]:
        from pgmock.render.values import render_values  # its tables: not for validate

        values_seq, nulls_seq = np.random.SeedSequence(seed, spawn_key=(self.crc,)).spawn(2)
        rng = np.random.Generator(np.random.PCG64(values_seq))
        fctx = GenContext(
            column=self.column, offset=ctx.offset, rows=rows, distribution=self.sampler
        )
        values = self._draw(n, rng, fctx)
        rendered = render_values(values, self.type, self.where)
        if self.checker is not None:
            values, rendered = enforce(
                values,
                rendered,
                self.checker,
                lambda k: self._draw(k, rng, dataclasses.replace(fctx, rows={})),
                lambda v: render_values(v, self.type, self.where),
            )
        if self.null_ratio > 0:
            nulls_rng = np.random.Generator(np.random.PCG64(nulls_seq))
            mask = nulls_rng.random(n) < self.null_ratio
            arr = np.array(rendered, dtype=object)
            arr[mask] = None
            rendered = list(arr.tolist())
        return values, rendered

    def _draw(self, n: int, rng: np.random.Generator, ctx: GenContext) -> Any:
        values = self.generator.generate(n, rng, ctx)
        if len(values) != n:
            raise ValueError(
                f"{self.where}: generator {self.qualified} returned "
                f"{len(values)} values for a batch of {n}"
            )
        return values

    def close(self) -> None:
        self.generator.close()
