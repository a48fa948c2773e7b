"""Hand-built resolved schemas and pre-rendered table data, without the schema resolver.

``sample_schema()`` and ``sample_data()`` mirror pg15-samples/sample-schema.sql as far as
pgmock's model goes; ``column``, ``table`` and ``resolved`` build other schemas the same
way. Used by the TOC, plain-writer and archive tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from pgmock.schema.resolved import RColumn, ResolvedSchema, RForeignKey, RIndex, RTable
from pgmock_sdk import Chunk, DataColumn, SqlKind, UserType, parse_type
from pgmock_sdk.pgtypes import PgType

N, Q = SqlKind.NUMBER, SqlKind.QUOTED


@dataclass
class FakeData:
    """A TableData with pre-rendered values, cut into chunks of ``chunk_rows`` rows."""

    qualified_name: str
    columns: Sequence[DataColumn]
    rows: list[tuple[str | None, ...]]
    overriding_system_value: bool = False
    chunk_rows: int = 2
    chunks_made: list[int] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def chunks(self) -> Iterator[Chunk]:
        for start in range(0, len(self.rows), self.chunk_rows):
            part = self.rows[start : start + self.chunk_rows]
            self.chunks_made.append(len(part))
            cols = [[row[i] for row in part] for i in range(len(self.columns))]
            yield Chunk(start, len(part), cols)

    def payloads(self, fn: Callable[[Chunk], str]) -> Iterator[str]:
        return map(fn, self.chunks())


def column(
    name: str,
    type_: str | PgType,
    *,
    null: bool = True,
    unique: bool = False,
    pk: bool = False,
    default: str | None = None,
    check: str | None = None,
    comment: str | None = None,
    user_types: dict[str, UserType] | None = None,
) -> RColumn:
    pgtype = type_ if isinstance(type_, PgType) else parse_type(type_, user_types)
    return RColumn(
        name=name,
        type=pgtype,
        nullable=null and not pk and not pgtype.serial,
        null_ratio=0.0,
        unique=unique or pk,
        primary_key=pk,
        default=default,
        check=check,
        comment=comment,
        locale="en_US",
        unique_constraint=unique,
    )


def table(
    key: str,
    columns: list[RColumn],
    *,
    rows: int = 0,
    pk: list[str] | None = None,
    uniques: list[list[str]] | None = None,
    fks: list[RForeignKey] | None = None,
    indexes: list[RIndex] | None = None,
    checks: list[str] | None = None,
    comment: str | None = None,
) -> RTable:
    schema, _, name = key.rpartition(".")
    return RTable(
        key=key,
        schema=schema or "public",
        name=name,
        row_count=rows,
        columns={c.name: c for c in columns},
        primary_key=pk or [c.name for c in columns if c.primary_key],
        uniques=uniques or [],
        fks=fks or [],
        indexes=indexes or [],
        checks=checks or [],
        comment=comment,
    )


def resolved(
    tables: list[RTable],
    *,
    user_types: dict[str, UserType] | None = None,
    extensions: list[str] | None = None,
) -> ResolvedSchema:
    return ResolvedSchema(
        database="sampledb",
        encoding="UTF8",
        locale="en_US",
        owner="postgres",
        seed=0,
        extensions=extensions or [],
        user_types=user_types or {},
        tables={t.key: t for t in tables},
    )


MOOD = UserType("app", "mood", "enum", ("sad", "ok", "happy"))


def sample_schema() -> ResolvedSchema:
    """sample-schema.sql minus what the model lacks (domain, composite, identity, ticket_seq)."""
    types = {"app.mood": MOOD}
    customer = table(
        "app.customer",
        [
            column("id", "serial", pk=True),
            column("email", "citext", null=False, unique=True, comment="login email"),
            column("name", "text", null=False),
            column("mood", "app.mood", default="'ok'::app.mood", user_types=types),
            column("tags", "text[]"),
            column("profile", "jsonb"),
            column("score", "integer"),
            column(
                "created",
                "timestamptz",
                null=False,
                default="'2024-01-02 03:04:05+00'::timestamp with time zone",
            ),
        ],
        rows=3,
        checks=["name <> ''::text"],
        comment="Customers",
        indexes=[RIndex(["profile"], False, "customer_profile_gin", "gin")],
    )
    orders = table(
        "app.orders",
        [
            column("order_id", "bigint", pk=True),
            column("customer_id", "integer", null=False),
            column("ticket", "integer"),
            column("amount", "numeric(10,2)", null=False),
            column("items", "text[]"),
            column("note", "text"),
        ],
        rows=3,
        fks=[
            RForeignKey(
                ["customer_id"], "app.customer", ["id"], "orders_customer_id_fkey", "cascade"
            )
        ],
        indexes=[RIndex(["customer_id"], False, "orders_customer_idx", "btree")],
    )
    audit = table("app.audit_log", [column("id", "integer"), column("msg", "text")])
    kv = table("plain_kv", [column("k", "text", pk=True), column("v", "bytea")], rows=3)
    return resolved([customer, orders, audit, kv], user_types=types, extensions=["citext"])


CREATED = "2024-01-02 03:04:05+00"


def sample_data(chunk_rows: int = 2) -> dict[str, FakeData]:
    """The sample's rows, as the server prints them (arrays, jsonb, bytea in hex)."""

    def cols(*spec: tuple[str, SqlKind]) -> list[DataColumn]:
        return [DataColumn(n, k) for n, k in spec]

    return {
        "app.customer": FakeData(
            "app.customer",
            cols(
                ("id", N),
                ("email", Q),
                ("name", Q),
                ("mood", Q),
                ("tags", Q),
                ("profile", Q),
                ("score", N),
                ("created", Q),
            ),
            [
                (
                    "1",
                    "Alice@Example.com",
                    "Alice",
                    "happy",
                    "{vip,early}",
                    '{"age": 31, "langs": ["en", "fr"]}',
                    "10",
                    CREATED,
                ),
                (
                    "2",
                    "bob@example.com",
                    'Bob\t"the builder"\nline2 \\ backslash',
                    "sad",
                    "{}",
                    None,
                    None,
                    CREATED,
                ),
                (
                    "3",
                    "zoe@example.com",
                    "Zoë O'Brien",
                    None,
                    '{NULL,"x y","a,b","q\\"uote"}',
                    '{"nested": {"k": [1, 2.5, null, true]}}',
                    "3",
                    CREATED,
                ),
            ],
            chunk_rows=chunk_rows,
        ),
        "app.orders": FakeData(
            "app.orders",
            cols(
                ("order_id", N),
                ("customer_id", N),
                ("ticket", N),
                ("amount", N),
                ("items", Q),
                ("note", Q),
            ),
            [
                ("1", "1", "100", "19.99", '{"(1,one)","(2,\\"two, too\\")"}', "first order"),
                ("2", "1", "105", "5.00", None, None),
                ("3", "3", "110", "1234.50", "{}", "multi\nline"),
            ],
            overriding_system_value=True,  # identity GENERATED ALWAYS in the sample
            chunk_rows=chunk_rows,
        ),
        "app.audit_log": FakeData("app.audit_log", cols(("id", N), ("msg", Q)), []),
        "plain_kv": FakeData(
            "public.plain_kv",
            cols(("k", Q), ("v", Q)),
            [("bin", "\\x00ff10"), ("empty", "\\x"), ("null", None)],
            chunk_rows=chunk_rows,
        ),
    }
