"""validate knows which distributions can drive which generators: a pair that would
fail at generate time (NotImplementedError, a weight count that does not match) is a
problem with its path."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from pgmock.generate.engine import Engine
from pgmock.generate.plan import make_plan
from pgmock_builtins.distributions import DISTRIBUTIONS
from pgmock_sdk import Distribution

from schemacheck import problems, resolve, schema, table

ENUM = {"e": {"enum": ["a", "b", "c"]}}
CHOICE = {"type": "text", "generator": "choice", "params": {"values": ["a", "b", "c"]}}


def _column_problem(column: dict[str, Any], dist: dict[str, Any]) -> str | None:
    doc = schema({"t": table({"c": {**column, "distribution": dist}})}, types=ENUM)
    found = {p.path: p.message for p in problems(doc)}
    assert set(found) <= {"tables.t.columns.c.distribution"}, found
    return found.get("tables.t.columns.c.distribution")


@pytest.mark.parametrize(
    ("column", "dist", "message"),
    [
        ({"type": "int", "generator": "core.integer"}, {"name": "zipf", "s": 1.2},
         "core.integer cannot draw through it: zipf needs n_ranks to draw numbers"),
        ({"type": "int"}, {"name": "weighted", "weights": [1, 2]},
         "core.integer cannot draw through it: weighted needs values (one per weight)"),
        ({"type": "date"}, {"name": "zipf"}, "core.date cannot draw through it: zipf needs"),
        ({"type": "int[]"}, {"name": "weighted", "weights": [1]}, "core.array cannot draw"),
        (CHOICE, {"name": "normal"},
         "core.choice cannot draw through it: distribution 'normal' cannot pick among categories"),
        (CHOICE, {"name": "weighted", "weights": [1, 2]},
         "weighted has 2 weights but there are 3 categories"),
        ({"type": "e"}, {"name": "histogram", "edges": [0, 1, 2], "weights": [1, 1]},
         "core.enum cannot draw through it: histogram has 2 bins but there are 3 categories"),
        ({"type": "e"}, {"name": "sequential", "start": 0.5}, "whole-number start and step"),
        ({"type": "e"}, {"name": "lognormal"}, "'lognormal' cannot pick among categories"),
    ],
)  # fmt: skip
def test_pairs_that_cannot_work(column: dict[str, Any], dist: dict[str, Any], message: str) -> None:
    found = _column_problem(column, dist)
    assert found is not None and message in found


@pytest.mark.parametrize(
    ("column", "dist"),
    [
        ({"type": "int"}, {"name": "zipf", "n_ranks": 10}),
        ({"type": "int"}, {"name": "weighted", "weights": [1, 2], "values": [5, 7]}),
        ({"type": "int"}, {"name": "empirical", "values": [1, 2, 3]}),
        (CHOICE, {"name": "zipf"}),
        (CHOICE, {"name": "weighted", "weights": [1, 2, 3]}),
        ({"type": "e"}, {"name": "beta", "alpha": 2, "beta": 5}),
        ({"type": "e"}, {"name": "sequential", "step": 2}),
    ],
)
def test_pairs_that_work_generate(column: dict[str, Any], dist: dict[str, Any]) -> None:
    doc = schema({"t": table({"c": {**column, "distribution": dist}}, rows=50)}, types=ENUM)
    with Engine(make_plan(resolve(doc))) as engine:
        (chunk,) = list(engine.iter_chunks("t"))
    assert len(chunk.columns[0]) == 50


def _every_pair() -> list[tuple[type[Distribution], str]]:
    return [(d, kind) for d in DISTRIBUTIONS for kind in ("numbers", "categories")]


@pytest.mark.parametrize(("dist", "kind"), _every_pair())
def test_validate_says_exactly_what_generate_would_do(dist: type[Distribution], kind: str) -> None:
    """For each built-in distribution with its smallest parameters, the verdict of the
    validate-time checks matches whether drawing works."""
    params = {
        "gamma": {"shape": 2}, "beta": {"alpha": 2, "beta": 2}, "pareto": {"alpha": 2},
        "poisson": {"lambda": 2}, "weighted": {"weights": [1, 2, 3]},
        "histogram": {"edges": [0, 1, 2, 3], "weights": [1, 2, 3]},
        "empirical": {"values": [1, 2]},
    }.get(dist.name, {})  # fmt: skip
    sampler = dist(dist.Params.model_validate(params))
    rng = np.random.default_rng(0)
    issue = sampler.validate_numbers() if kind == "numbers" else sampler.validate_for(3)
    try:
        if kind == "numbers":
            sampler.sample(10, rng, 0)
        else:
            sampler.choose(10, rng, 3, 0)
        works = True
    except (NotImplementedError, ValueError):
        works = False
    assert (issue is None) == works, issue


def test_fk_distribution_weights_must_match_the_parents() -> None:
    # It ended in a ValueError traceback at generate time.
    doc = schema(
        {
            "p": table({"id": {"type": "serial", "primaryKey": True}}, rows=5),
            "c": table(
                {
                    "p_id": {
                        "type": "int",
                        "references": "p.id",
                        "distribution": {"name": "weighted", "weights": [1, 2]},
                    }
                },
                rows=10,
            ),
        }
    )
    assert [(p.path, p.message) for p in problems(doc)] == [
        (
            "tables.c.columns.p_id.distribution",
            "over the 5 parent rows: weighted has 2 weights but there are 5 categories",
        )
    ]
    doc["tables"]["p"]["rowCount"] = 2
    assert problems(doc) == []
    assert problems(doc, rows={"p": 3})[0].message.startswith("over the 3 parent rows")


@pytest.mark.parametrize(
    ("dist", "message"),
    [
        ({"name": "zipf"}, "zipf needs n_ranks to draw numbers"),
        ({"name": "weighted", "weights": [1, 2]}, "weighted needs values"),
    ],
)
def test_children_per_parent_counts_are_numbers(dist: dict[str, Any], message: str) -> None:
    doc = schema(
        {
            "p": table({"id": {"type": "serial", "primaryKey": True}}),
            "c": table(
                {"p_id": {"type": "int", "references": "p.id"}},
                rows={"per": "p", "distribution": dist},
            ),
        }
    )
    found = [(p.path, p.message) for p in problems(doc)]
    assert len(found) == 1 and found[0][0] == "tables.c.rowCount.distribution"
    assert message in found[0][1]
