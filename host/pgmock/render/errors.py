"""Values that cannot be written as PostgreSQL text: the run fails with exit 1."""

from __future__ import annotations

from pgmock.errors import PgmockError

__all__ = ["NulValueError", "RenderError"]


class RenderError(PgmockError, ValueError):
    """A value that cannot be written for its column's type (the run fails, exit 1)."""


class NulValueError(RenderError):
    """A generated value holding NUL, which no PostgreSQL text value can store (or, with
    ``json_escape``, a jsonb text holding the escape ``\\u0000``, which jsonb rejects).

    ``index`` is the value's position in its batch; :meth:`at_rows` turns it into the
    table's row number once the caller knows where the batch starts. The arguments stay
    in ``args`` so the error survives the trip back from a ``--jobs`` worker.
    """

    def __init__(
        self,
        where: str,
        index: int,
        value: str,
        row: int | None = None,
        json_escape: bool = False,
    ) -> None:
        super().__init__(where, index, value, row, json_escape)
        self.where, self.index, self.value, self.row = where, index, value, row
        self.json_escape = json_escape

    def __str__(self) -> str:
        at = f"row {self.row}" if self.row is not None else f"value {self.index + 1} of a batch"
        shown = self.value if len(self.value) <= 40 else self.value[:40] + "…"
        if self.json_escape:
            return (
                f"{self.where}: {at}: {shown!r}: jsonb cannot hold \\u0000 (NUL) in a "
                "string; the generator must not produce it"
            )
        return (
            f"{self.where}: {at}: {shown!r} contains a NUL character (\\x00), which "
            "PostgreSQL cannot store in text values; the generator must not produce it"
        )

    def at_rows(self, offset: int) -> NulValueError:
        """The same error naming the row (1-based) of a batch that starts at ``offset``."""
        row = offset + self.index + 1
        return NulValueError(self.where, self.index, self.value, row, self.json_escape)
