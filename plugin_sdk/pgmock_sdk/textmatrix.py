"""A column of text values kept as bytes: one row of a ``uint8`` matrix per value.

Numbers, dates and times are rendered column-wise into fixed-width byte matrices; turning
every value into a Python ``str`` only to join them into COPY rows again costs more than
making them. A :class:`TextMatrix` hands the matrix on: COPY output places such columns
side by side as bytes (:func:`pgmock_sdk.copytext.copy_bytes`), and everything else reads
it as the sequence of ``str`` it stands for (made once, on first use).

Row ``i`` of ``data`` holds value ``i``'s UTF-8 bytes in order, with NUL bytes anywhere as
padding (leading blanks, trailing fraction zeros …): a value is its row with the NULs
deleted. PostgreSQL text never holds NUL, so no value loses a character that way. A
matrix column has no NULLs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any, overload

from pgmock_sdk.lazy import np


@cache
def _copy_special() -> np.ndarray:
    """Which bytes text COPY escapes: a column holding none of them is written as it is.
    (Made on first use: importing this module does not import numpy.)"""
    table = np.zeros(256, bool)
    table[[ord(c) for c in "\\\t\n\r\b\f\v"]] = True
    return table


class _Texts(Sequence[str]):
    """A column of strings kept in another form: read as a list of them, made once."""

    __slots__ = ("_list",)

    def __init__(self) -> None:
        self._list: list[str] | None = None

    def tolist(self) -> list[str]:
        """The values as ``str`` (made once: later calls return the same list)."""
        if self._list is None:
            self._list = self._strings()
        return self._list

    def _strings(self) -> list[str]:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self.tolist()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tolist())

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and value in self.tolist()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Texts):
            return self.tolist() == other.tolist()
        if isinstance(other, list):
            return self.tolist() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # compared by value, like a list

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        arr = np.empty(len(self), dtype=object)
        arr[:] = self.tolist()
        return arr if dtype is None else arr.astype(dtype)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.tolist()!r})"


class TextMatrix(_Texts):
    """``n`` text values as an ``(n, w)`` uint8 matrix (see the module's docstring).

    *plain*: whether the values hold none of the characters COPY escapes (backslash, tab,
    newline, carriage return, backspace, form feed, vertical tab); None: find out when
    asked. The renderer's numbers and dates say True.
    """

    __slots__ = ("_plain", "data")

    def __init__(self, data: np.ndarray, plain: bool | None = None) -> None:
        super().__init__()
        if data.ndim != 2 or data.dtype != np.uint8:
            raise ValueError(f"a TextMatrix is a 2-D uint8 array, got {data.dtype} {data.shape}")
        self.data = data
        self._plain = plain

    @property
    def plain(self) -> bool:
        """Whether COPY has nothing to escape in these values."""
        if self._plain is None:
            self._plain = not bool(_copy_special()[self.data].any())
        return self._plain

    def _strings(self) -> list[str]:
        n, w = self.data.shape
        if n == 0:
            return []
        buf = np.empty((n, w + 1), np.uint8)
        if self.plain:
            # No value holds a newline: it ends each row, and the NULs go.
            buf[:, :w] = self.data
            buf[:, w] = 10
            out = buf.tobytes().translate(None, b"\x00").decode("utf-8").split("\n")
        else:
            # Any character but NUL may occur: NUL ends each row and the padding becomes
            # 0xFF first, a byte no UTF-8 text holds.
            buf[:, :w] = np.where(self.data == 0, np.uint8(0xFF), self.data)
            buf[:, w] = 0
            out = buf.tobytes().translate(None, b"\xff").decode("utf-8").split("\x00")
        out.pop()
        return out

    def __len__(self) -> int:
        return int(self.data.shape[0])

    def __reduce__(self) -> tuple[Any, ...]:
        return (TextMatrix, (self.data, self._plain))


class Labels(_Texts):
    """``n`` values drawn from a few strings: ``labels[codes[i]]`` is value ``i``.

    A generator that picks every value from a short list (a choice, an enum's labels) may
    return one when ``GenContext.labels`` is set: the host then checks and renders each
    label once and writes the rows by gathering the labels' bytes, without a Python
    string a row. Anywhere else it reads as the list of strings it stands for.

    Labels as many as the rows are only worth it when they come again: a pool the
    generator hands over as a numpy object array, the same array in every batch (a bank
    of 65,536 sentences), is checked once per process however large; other labels are
    taken when there are at most a quarter as many as rows.
    """

    __slots__ = ("codes", "labels")

    def __init__(self, codes: np.ndarray, labels: Sequence[str] | np.ndarray) -> None:
        super().__init__()
        self.codes = codes
        self.labels = labels

    def _strings(self) -> list[str]:
        labels = self.labels
        if isinstance(labels, np.ndarray) and labels.dtype == object:
            pool = labels  # a pool handed over as an array: gathered as it is
        else:
            pool = np.empty(len(labels), dtype=object)
            pool[:] = list(labels)
        return list(pool[self.codes].tolist())

    def __len__(self) -> int:
        return len(self.codes)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Labels, (self.codes, self.labels))
