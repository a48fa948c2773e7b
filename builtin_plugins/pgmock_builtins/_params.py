"""Parameters that take effect only together with others.

A parameter given where it cannot change anything is an error naming what it needs
(``weekend_factor`` without ``business_days``), so no accepted key is a silent no-op.
"""

from __future__ import annotations

from pgmock_sdk import Params


def needs(params: Params, name: str, active: bool, what: str) -> None:
    """``name`` was given but has no effect unless ``active``: a ValueError saying
    ``what`` it needs."""
    if name in params.model_fields_set and not active:
        raise ValueError(f"{name} has no effect without {what}")
