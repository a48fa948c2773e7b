"""core.time's step: times of day on a grid (opening hours on the half hour)."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from pgmock_builtins.temporal_gen import TimeGenerator, TimeParams
from pgmock_sdk import GenContext
from pgmock_sdk.testing import column_info


def draw(params: dict[str, object], type_name: str = "time", n: int = 2000) -> np.ndarray:
    info = column_info(type_name)
    gen = TimeGenerator(TimeParams(**params), info)
    out = gen.generate(n, np.random.default_rng(3), GenContext(column=info, offset=0))
    return np.asarray(out).astype("m8[us]").astype(np.int64) // 1_000_000


def test_times_fall_on_the_step_between_start_and_end() -> None:
    seconds = draw({"start": "06:10:00", "end": "11:00:00", "step": 1800})
    assert (seconds % 1800 == 0).all()
    assert seconds.min() == 6.5 * 3600 and seconds.max() == 11 * 3600  # 06:10 rounds up
    assert len(set(seconds.tolist())) == 10  # 06:30 … 11:00


def test_a_step_at_a_finer_resolution_scales_with_it() -> None:
    seconds = draw({"start": "08:00:00", "end": "09:00:00", "step": 900, "resolution": "ms"})
    assert set(seconds.tolist()) == {8 * 3600 + 900 * k for k in range(5)}


def test_a_step_of_one_second_draws_what_it_drew_before() -> None:
    plain = draw({"start": "01:00:00", "end": "02:00:00"})
    stepped = draw({"start": "01:00:00", "end": "02:00:00", "step": 1})
    assert (plain == stepped).all() and len(set(plain.tolist())) > 1000


def test_no_multiple_of_the_step_between_start_and_end_is_an_error() -> None:
    with pytest.raises(ValidationError, match="no multiple of step"):
        TimeParams(start="06:10:00", end="06:20:00", step=1800)
