"""pgvector: the ``vector(n)`` type and embeddings that look like a model's.

Registered without importing numpy (as the generator plugins are, generator_specs.py):
the type's text form and the ``embedding`` generator live in ``_pgvector.py``, imported
when a schema uses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pgmock_sdk import hookimpl
from pgmock_sdk.pgtypes import ExtensionType, PgType
from pgmock_sdk.specs import GeneratorSpec

if TYPE_CHECKING:
    from pgmock_sdk import Registrar

# pgvector's limit for vector(n) (VECTOR_MAX_DIM)
MAX_DIMENSIONS = 16_000


def check_dimensions(mods: tuple[int, ...]) -> str | None:
    """pgvector's own typmod checks, with its messages."""
    if len(mods) != 1:
        return "invalid type modifier: vector takes one modifier, its dimensions"
    if mods[0] < 1:
        return "dimensions for type vector must be at least 1"
    if mods[0] > MAX_DIMENSIONS:
        return f"dimensions for type vector cannot exceed {MAX_DIMENSIONS}"
    return None


def vector_text(values: Any, pgtype: PgType, where: str) -> list[str | None]:
    """Rows of a float matrix (or lists of numbers, None for NULL) as pgvector text."""
    from pgmock_builtins import _pgvector

    return _pgvector.vector_text(values, pgtype, where)


VECTOR = ExtensionType(
    name="vector",
    extension="vector",
    modifiers="(n): dimensions",
    check_modifiers=check_dimensions,
    text=vector_text,
    comment="vector data type and ivfflat and hnsw access methods",
    family="pgvector",
    operator_classes=("vector_ops", "vector_l2_ops", "vector_ip_ops", "vector_cosine_ops"),
)

# _pgvector.Embedding as the host sees it before importing it (a unit test compares)
EMBEDDING = GeneratorSpec(
    target="pgmock_builtins._pgvector:Embedding",
    name="embedding",
    pg_types=frozenset({"vector"}),
    column_names=(r"(.*_)?(embeddings?|vectors?|vec|emb)",),
    default_for=frozenset({"vector"}),
)


@hookimpl
def pgmock_register_types(registry: Registrar) -> None:
    registry.add_type(VECTOR)


@hookimpl
def pgmock_register_generators(registry: Registrar) -> None:
    registry.add_generator_spec(EMBEDDING)
