"""Distributions: how numbers (and choices among categories) are drawn.

A distribution samples numbers in the column's own units. For date/time columns the host
converts location parameters written as dates (``"mean": "2024-06-01"``) into epoch
seconds (days for ``date``) and scale parameters written as intervals (``"7 days"``) into
the same unit before building ``Params``; the ``location_params`` and ``scale_params``
class attributes say which is which.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic

from pgmock_sdk.generator import NoParams, P, ParamsModel, bind_params
from pgmock_sdk.lazy import np

if TYPE_CHECKING:
    from numpy.typing import NDArray


class Distribution(Generic[P]):
    """Base class of distributions, generic over their parameter model like generators:
    ``class Zipf(Distribution[ZipfParams])``. Subclasses set ``name``."""

    name: ClassVar[str]
    Params: ClassVar[type[ParamsModel]] = NoParams
    location_params: ClassVar[frozenset[str]] = frozenset()
    scale_params: ClassVar[frozenset[str]] = frozenset()
    # "continuous", "discrete" (integers), or "categorical" (only picks among categories)
    kind: ClassVar[str] = "continuous"
    # True when choose's category i means the i-th category as given (``weighted``: a
    # weight per category), not a popularity rank: a foreign key then gives category i to
    # parent row i instead of spreading the popular ranks over the parent table.
    ordered: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        bind_params(cls, Distribution)

    def __init__(self, params: P) -> None:
        self.params: P = params

    @classmethod
    def summary(cls) -> str:
        # The docstring's first paragraph, on one line.
        doc = (cls.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())

    def sample(self, n: int, rng: np.random.Generator, offset: int) -> NDArray[np.float64]:
        """n numbers; ``offset`` is the row number of the first (for sequences)."""
        raise NotImplementedError(f"distribution {self.name!r} does not draw numbers")

    def choose(self, n: int, rng: np.random.Generator, k: int, offset: int) -> NDArray[np.int64]:
        """n indices into k categories ordered by rank (first = most likely for skews)."""
        raise NotImplementedError(f"distribution {self.name!r} cannot pick among categories")

    def validate_for(self, k: int) -> str | None:
        """A problem with using this distribution over k categories (``choose``), or None.
        ``pgmock validate`` asks before anything is generated; overrides that add checks
        of their own return ``super().validate_for(k)`` when they find nothing."""
        if type(self).choose is Distribution.choose:
            return f"distribution {self.name!r} cannot pick among categories"
        return None

    def validate_numbers(self) -> str | None:
        """A problem with drawing numbers (``sample``) with these parameters, or None:
        what ``sample`` would raise, said before anything is generated."""
        if type(self).sample is Distribution.sample:
            return f"distribution {self.name!r} does not draw numbers, it only picks categories"
        return None
