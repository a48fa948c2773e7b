"""pgvector's vector(n) through the type hook (pgmock_register_types): spelled, checked,
rendered and inferred like a built-in type, only where the plugin is loaded; embeddings
are unit vectors around fixed topic centres. Restored into a real server with pgvector in
tests/restore/types/test_pgvector.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock.errors import RegistryError, SchemaError
from pgmock.plugins.host import make_host
from pgmock.render.values import RenderError, render_values
from pgmock.schema import resolve_schema
from pgmock.testing import TestHost
from pgmock_builtins._pgvector import Embedding
from pgmock_builtins.pgvector import EMBEDDING, VECTOR
from pgmock_sdk import ExtensionType, hookimpl
from pgmock_sdk.pgtypes import PgType, TypeParseError, extension_types, parse_type
from pgmock_sdk.specs import spec_of
from pgmock_sdk.testing import copy_rows

from clihelp import pgmock

TYPES = {"vector": VECTOR}


def test_vector_is_a_type_only_where_the_plugin_is_loaded() -> None:
    with pytest.raises(KeyError):
        parse_type("vector(8)")
    with extension_types(TYPES):
        t = parse_type("vector(8)")
        assert (t.name, t.modifiers, t.key, t.extension) == ("vector", (8,), "vector", "vector")
        assert t.display() == "public.vector(8)"
        assert parse_type("public.vector(8)") == t
        assert parse_type("vector") == PgType("vector")
        assert parse_type("vector(3)[]").display() == "public.vector(3)[]"
        assert parse_type("vector(3)[]").element.ext is VECTOR
    assert parse_type("citext").extension == "citext"  # the built-in one, the same concept
    assert parse_type("text").extension is None


@pytest.mark.parametrize(
    ("spelling", "message"),
    [
        ("vector(0)", "dimensions for type vector must be at least 1"),
        ("vector(16001)", "dimensions for type vector cannot exceed 16000"),
        ("vector(3,4)", "vector takes one modifier"),
    ],
)
def test_modifiers_are_checked_as_pgvector_does(spelling: str, message: str) -> None:
    with extension_types(TYPES), pytest.raises(TypeParseError, match=message):
        parse_type(spelling)


def _resolve(columns: dict[str, Any], host: TestHost | None = None) -> Any:
    raw = {"version": "1.0", "tables": {"doc": {"rowCount": 10, "columns": columns}}}
    registry = (host or TestHost()).registry
    return resolve_schema(raw, {}, ["s.json"], registry)


def test_a_vector_column_gets_embeddings_and_its_extension() -> None:
    schema = _resolve({"embedding": {"type": "vector(8)"}, "v": {"type": "vector(4)"}})
    assert schema.extensions == ["vector"]
    cols = schema.tables["doc"].columns
    assert cols["embedding"].generator is not None
    assert cols["embedding"].generator.qualified == "pgvector.embedding"
    assert cols["v"].generator is not None  # the type's default, by type alone
    assert cols["v"].generator.qualified == "pgvector.embedding"


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ({"type": "vector(0)"}, "dimensions for type vector must be at least 1"),
        ({"type": "vector"}, "without dimensions needs params.dimensions"),
        ({"type": "vector(8)", "params": {"dimensions": 8}}, "fixes them"),
        ({"type": "vector(8)", "params": {"clusters": 0}}, "clusters"),
    ],
)
def test_bad_vector_columns_are_schema_errors(column: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        _resolve({"e": column})


def test_blocked_pgvector_leaves_vector_unknown() -> None:
    host = make_host(["no:pgvector"], env={})
    raw = {
        "version": "1.0",
        "tables": {"t": {"rowCount": 1, "columns": {"e": {"type": "vector(8)"}}}},
    }
    with pytest.raises(SchemaError, match=r'unknown type "vector\(8\)"'):
        resolve_schema(raw, {}, ["s.json"], host.registry)


def test_a_type_name_is_registered_once() -> None:
    host = TestHost()

    class Again:
        @hookimpl
        def pgmock_register_types(self, registry: Any) -> None:
            registry.add_type(ExtensionType(name="vector", extension="other"))

    with pytest.raises(RegistryError, match='type "vector" registered by both plugin'):
        host.register(Again(), "again")

    class Builtin:
        @hookimpl
        def pgmock_register_types(self, registry: Any) -> None:
            registry.add_type(ExtensionType(name="text", extension="mytext"))

    with pytest.raises(RegistryError, match="a built-in type"):
        TestHost().register(Builtin(), "builtin")


def test_text_form_is_pgvectors() -> None:
    with extension_types(TYPES):
        t3 = parse_type("vector(3)")
        mat = np.array([[0.5, -1.0, 0.0], [1e-7, 123.25, -4e-7], [-0.0, 2e12, 1 / 3]])
        assert render_values(mat, t3, "doc.e") == [
            "[0.5,-1,0]",
            "[0.0000001,123.25,-0.0000004]",
            f"[-0.0,2000000000000.0,{1 / 3!r}]",  # beyond fixed point: repr
        ]
        # lists of numbers (JSON-speaking generators), None for NULL; text passes through
        assert render_values([[1, 2, 3], None], t3, "doc.e") == ["[1,2,3]", None]
        assert render_values(["[1,2,3]"], t3, "doc.e") == ["[1,2,3]"]
        with pytest.raises(RenderError, match=r"doc\.e: expected 3 dimensions, not 2"):
            render_values(np.ones((2, 2)), t3, "doc.e")
        with pytest.raises(RenderError, match="NaN not allowed in vector"):
            render_values(np.full((1, 3), np.nan), t3, "doc.e")
        with pytest.raises(RenderError, match=r"a public\.vector\(3\) value is a list"):
            render_values([{"a": 1}], t3, "doc.e")


def test_embedding_contract(pgmock_contract: Any) -> None:
    pgmock_contract(
        "embedding",
        type="vector(16)",
        bad_params=[{"clusters": 0}, {"spread": -1}, {"decimals": 7}, {"dimensions": 4}],
    )


def test_embeddings_are_unit_vectors_around_fixed_centres(pgmock_generate: Any) -> None:
    host = TestHost()
    with host.types():
        gen = Embedding(Embedding.Params(clusters=3, spread=0.2), _column("vector(32)"))
        centres = gen.centres()
        values = pgmock_generate(
            "embedding", 3000, type="vector(32)", params={"clusters": 3, "spread": 0.2}
        )
    assert values.shape == (3000, 32)
    assert np.allclose(np.linalg.norm(values, axis=1), 1, atol=1e-5)
    assert centres.shape == (3, 32)
    assert np.allclose(np.linalg.norm(centres, axis=1), 1, atol=1e-6)
    nearest = np.max(values @ centres.T.astype(np.float64), axis=1)
    assert np.mean(1 - nearest) < 0.03  # close to a centre (spread 0.2: about 0.02)
    assert len(np.unique(np.argmax(values @ centres.T, axis=1))) == 3  # every topic used
    spread = pgmock_generate(
        "embedding", 3000, type="vector(32)", params={"clusters": 3, "spread": 5}
    )
    assert np.mean(1 - np.max(spread @ centres.T.astype(np.float64), axis=1)) > 0.5
    same = pgmock_generate("embedding", 5, type="vector(32)", params={"clusters": 1, "spread": 0})
    assert np.allclose(same, same[0])


def _column(spelling: str) -> Any:
    from pgmock_sdk.testing import column_info

    return column_info(spelling, name="embedding")


def test_output_is_the_same_for_any_number_of_workers(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text(
        json.dumps(
            {
                "version": "1.0",
                "tables": {
                    "doc": {
                        "rowCount": 25_000,
                        "columns": {
                            "id": {"type": "bigserial"},
                            "embedding": {"type": "vector(4)"},
                        },
                    }
                },
            }
        )
    )
    one = pgmock("generate", str(schema), "--jobs", "1").stdout
    two = pgmock("generate", str(schema), "--jobs", "2").stdout
    assert one == two
    rows = copy_rows(one.decode(), "public.doc")
    assert len(rows) == 25_000 and len({r[1] for r in rows}) == 25_000


def test_a_schemas_own_vector_type_wins_over_the_extensions() -> None:
    raw = {
        "version": "1.0",
        "types": {"vector": {"composite": {"x": "float8", "y": "float8"}}},
        "tables": {"t": {"rowCount": 3, "columns": {"v": {"type": "vector"}}}},
    }
    schema = resolve_schema(raw, {}, ["s.json"], TestHost().registry)
    column = schema.tables["t"].columns["v"]
    assert column.type.user is not None and column.type.ext is None
    assert schema.extensions == []  # no CREATE EXTENSION vector for it


def test_the_generator_is_registered_without_importing_numpy() -> None:
    assert spec_of(Embedding) == EMBEDDING  # the spec says what the class declares
    code = (
        "import sys\n"
        "from pgmock.plugins.host import make_host\n"
        "host = make_host([], env={})\n"
        "assert 'vector' in host.registry.types\n"
        "print('pgmock_builtins._pgvector' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False"]


def test_both_modules_know_pgvectors_limit() -> None:
    from pgmock_builtins import _pgvector, pgvector

    assert _pgvector.MAX_DIMENSIONS == pgvector.MAX_DIMENSIONS == 16_000
