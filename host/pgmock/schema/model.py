"""The schema format, versions "1.0" and "1.1" (pgmock.schema.formats), as pydantic models.

Unknown keys are errors everywhere. Key names follow the documented JSON spelling
(``rowCount``, ``primaryKey``), so the JSON Schema printed by ``pgmock schema
--json-schema`` matches what users write.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from pgmock.schema.formats import CURRENT
from pgmock.schema.limits import MAX_ROWS


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Database(_Strict):
    name: str = Field("pgmock", description="Database name, used in headers and -C output.")
    encoding: Literal["UTF8", "UTF-8", "utf8"] = Field("UTF8", description="Only UTF8 for now.")
    locale: str = Field("en_US.utf8", description="Locale for realistic values, e.g. de_DE.utf8.")
    owner: str = Field("postgres", description="Role that owns every object (ALTER … OWNER TO).")


class EnumTypeSpec(_Strict):
    enum: list[str] = Field(min_length=1, description="The enum's labels, in sort order.")

    @field_validator("enum")
    @classmethod
    def _distinct(cls, labels: list[str]) -> list[str]:
        dupes = sorted({x for x in labels if labels.count(x) > 1})
        if dupes:
            raise ValueError(f"enum labels must be distinct; repeated: {', '.join(dupes)}")
        return labels


class CompositeTypeSpec(_Strict):
    composite: dict[str, str] = Field(
        min_length=1, description='Field name -> type: {"street": "text", "zip": "varchar(10)"}.'
    )


class DomainTypeSpec(_Strict):
    domain: str = Field(description="The base type (a built-in type, with modifiers).")
    check: str | None = Field(None, description='A CHECK on VALUE: "VALUE > 0".')
    notNull: bool = Field(False, description="NOT NULL on the domain.")


class RangeTypeSpec(_Strict):
    range: str = Field(description='The subtype: "float8", "time", …')


_TYPE_KINDS = ("enum", "composite", "domain", "range")


def _type_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((f"__{k}__" for k in _TYPE_KINDS if k in value), None)
    for kind, cls in zip(
        _TYPE_KINDS, (EnumTypeSpec, CompositeTypeSpec, DomainTypeSpec, RangeTypeSpec)
    ):
        if isinstance(value, cls):
            return f"__{kind}__"
    return None


# Which kind a type is follows from its one defining key, so errors come from that branch.
TypeSpec = Annotated[
    Annotated[EnumTypeSpec, Tag("__enum__")]
    | Annotated[CompositeTypeSpec, Tag("__composite__")]
    | Annotated[DomainTypeSpec, Tag("__domain__")]
    | Annotated[RangeTypeSpec, Tag("__range__")],
    Discriminator(
        _type_kind,
        custom_error_type="type_kind",
        custom_error_message='a type needs one of the keys "enum", "composite", "domain", "range"',
    ),
]


class DistributionSpec(BaseModel):
    """``{"name": "normal", "mean": 50, "stddev": 10}``: the rest are the parameters."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    name: str = Field(description="A registered distribution (uniform, normal, zipf …).")

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class ColumnRef(_Strict):
    table: str
    column: str


class AfterSpec(_Strict):
    column: str = Field(
        description='"parent_table.column" (through a foreign key) or a column '
        "of this table declared earlier."
    )
    within: str = Field("30 days", description="Largest gap, as an interval ('2 hours').")


class CaseSpec(_Strict):
    generator: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    distribution: DistributionSpec | None = None
    nullRatio: float | None = Field(None, ge=0.0, le=1.0)


class CasesSpec(_Strict):
    """``{"on": "status", "values": {"pending": null, "shipped": {"generator": …}}}``."""

    on: str = Field(description="An earlier column of the row whose value picks the case.")
    values: dict[str, CaseSpec | None] = Field(
        min_length=1, description="value -> how to fill this column there (null: NULL)."
    )


class Column(_Strict):
    type: str = Field(description="Any PostgreSQL spelling, or a name from `types`.")
    generator: str | None = Field(None, description="Generator name; inferred when absent.")
    params: dict[str, Any] = Field(default_factory=dict, description="Generator parameters.")
    distribution: DistributionSpec | None = None
    nullable: bool | None = Field(None, description="Default: true, false for key columns.")
    nullRatio: float | None = Field(None, ge=0.0, le=1.0, description="Share of NULLs.")
    unique: bool = False
    primaryKey: bool = False
    references: str | ColumnRef | None = Field(
        None, description='"table.column" or {"table": …, "column": …}.'
    )
    maxDepth: int | None = Field(
        None,
        ge=1,
        le=100,
        description="For a self-reference: rows form a tree at most this deep (roots are NULL).",
    )
    default: str | int | float | bool | None = Field(None, description="SQL default expression.")
    identity: Literal["always", "by default"] | None = Field(
        None, description="GENERATED … AS IDENTITY (integer columns; numbered 1..rowCount)."
    )
    generated: str | None = Field(
        None,
        description='GENERATED ALWAYS AS (expr) STORED: "price * quantity"; PostgreSQL '
        "computes it, so it is left out of the data.",
    )
    check: str | None = Field(None, description="SQL CHECK expression on this column.")
    comment: str | None = None
    locale: str | None = Field(None, description="Overrides database.locale for this column.")
    expr: str | None = Field(
        None, description='Computed from earlier columns of the row: "quantity * unit_price".'
    )
    from_: str | None = Field(
        None,
        alias="from",
        description='Copied from the parent row a foreign key picked: "products.price".',
    )
    cases: CasesSpec | None = Field(
        None,
        description="Per value of another column, another generator or NULL; other rows use "
        "this column's own generator.",
    )
    after: str | AfterSpec | None = Field(
        None,
        description='A moment after another: "users.created_at" (the row\'s parent) or '
        '"created_at" (this row), up to 30 days later unless "within" says otherwise.',
    )


class FkTarget(_Strict):
    table: str
    columns: list[str] = Field(min_length=1)


FkAction = Literal["cascade", "restrict", "set null", "set default", "no action"]


class ForeignKey(_Strict):
    columns: list[str] = Field(min_length=1)
    references: FkTarget
    name: str | None = None
    onDelete: FkAction | None = None
    onDeleteColumns: list[str] | None = Field(
        None,
        min_length=1,
        description="ON DELETE SET NULL (cols) / SET DEFAULT (cols): only these of the "
        'key\'s columns are set (PostgreSQL 15); needs "onDelete": "set null" or "set default".',
    )
    onUpdate: FkAction | None = None
    match: Literal["simple", "full"] = Field("simple", description="MATCH FULL or SIMPLE.")
    deferrable: bool = Field(False, description="DEFERRABLE.")
    initiallyDeferred: bool = Field(False, description="INITIALLY DEFERRED (implies deferrable).")


class IndexElement(_Strict):
    """One element of an index: a column or an expression, with its operator class,
    collation and order. Give exactly one of ``column`` and ``expression``."""

    column: str | None = None
    expression: str | None = Field(None, description='An SQL expression: "lower(email)".')
    opclass: str | None = Field(None, description='Operator class: "text_pattern_ops".')
    collation: str | None = Field(None, description='COLLATE: "C".')
    order: Literal["asc", "desc"] | None = None
    nulls: Literal["first", "last"] | None = None

    @model_validator(mode="after")
    def _one(self) -> IndexElement:
        if (self.column is None) == (self.expression is None):
            raise ValueError('give exactly one of "column" and "expression"')
        return self


class Index(_Strict):
    columns: list[str | IndexElement] = Field(
        min_length=1,
        description='Column names, or elements {"column"|"expression", "opclass", "order", …}.',
    )
    unique: bool = False
    name: str | None = None
    method: str = Field(
        "btree",
        pattern=r"^[a-z_][a-z0-9_]*$",
        description="Access method: btree, hash, gin, gist, brin, spgist, or an extension's "
        "(hnsw, ivfflat, bloom …).",
    )
    include: list[str] = Field(default_factory=list, description="INCLUDE (cols).")
    where: str | None = Field(None, description="A partial index's predicate (SQL).")
    nullsNotDistinct: bool = Field(False, description="NULLS NOT DISTINCT (PostgreSQL 15).")
    params: str | None = Field(
        None, description='Storage parameters, as in WITH (…): "lists = 100".'
    )
    comment: str | None = None


class NamedCheck(_Strict):
    """A CHECK with its own name (instead of the one PostgreSQL would choose)."""

    name: str
    check: str = Field(description="The SQL expression.")


class NamedUnique(_Strict):
    """A UNIQUE constraint with its own name or NULLS NOT DISTINCT."""

    columns: list[str] = Field(min_length=1)
    name: str | None = None
    nullsNotDistinct: bool = False


class PartitionSpec(_Strict):
    bound: str = Field(
        description="FOR VALUES FROM (…) TO (…) / IN (…) / WITH (MODULUS m, REMAINDER r), "
        "or DEFAULT."
    )
    comment: str | None = None


class SqlObject(_Strict):
    """A database object carried into the dump as SQL (views, functions, triggers …).

    pgmock does not interpret the SQL: it places it in pg_dump's section and order,
    after what it depends on, and gives it pg_dump's TOC entry.
    """

    kind: Literal[
        "function",
        "procedure",
        "aggregate",
        "view",
        "materialized view",
        "trigger",
        "rule",
        "policy",
        "row security",
        "index",
        "acl",
    ]
    name: str = Field(
        description="The object's name, schema-qualified or in public; functions, procedures "
        'and aggregates with their argument types: "public.last_day(timestamp without time zone)".'
    )
    sql: str = Field(description="The statement(s) that create it, ending with a semicolon.")
    table: str | None = Field(
        None,
        description="The table (or view) a trigger, rule, policy, row security or index is on.",
    )
    dependsOn: list[str] = Field(
        default_factory=list,
        description="Tables, types and other objects (by name) that must exist first.",
    )
    searchPath: str | None = Field(
        None,
        description='Run the SQL with this search_path ("public"), for definitions whose '
        "names are not schema-qualified; by default it runs with an empty one, as in a dump.",
    )
    populated: bool = Field(
        True,
        description="A materialized view's data: REFRESH after the data (false: WITH NO DATA).",
    )
    comment: str | None = None


class PerParent(_Strict):
    """``{"per": "users", "distribution": {"name": "poisson", "lambda": 3}}``: children per
    parent row. Give exactly one of ``count``, ``min``/``max`` or ``distribution``."""

    per: str = Field(description="The parent table; this table needs a foreign key to it.")
    count: int | None = Field(
        None, ge=0, le=MAX_ROWS, description="The same number of rows per parent."
    )
    min: int | None = Field(None, ge=0, le=MAX_ROWS, description="Uniform counts from min …")
    max: int | None = Field(None, ge=0, le=MAX_ROWS, description="… to max (inclusive).")
    distribution: DistributionSpec | None = Field(
        None, description="A count distribution (poisson, zipf, weighted …); rounded, >= 0."
    )

    @model_validator(mode="after")
    def _one_way(self) -> PerParent:
        ways = [
            self.count is not None,
            self.min is not None or self.max is not None,
            self.distribution is not None,
        ]
        if sum(ways) != 1:
            raise ValueError("give exactly one of count, min/max or distribution")
        if ways[1] and (self.min is None or self.max is None or self.min > self.max):
            raise ValueError("min and max go together, with min <= max")
        return self


def _row_count_kind(value: Any) -> str:
    return "__per__" if isinstance(value, dict | PerParent) else "__int__"


# A tagged union: errors come from the branch the value's shape selects, not from both.
# The tags are dropped from error paths (see resolve.pydantic_problems).
RowCount = Annotated[
    Annotated[int, Field(ge=0, le=MAX_ROWS), Tag("__int__")] | Annotated[PerParent, Tag("__per__")],
    Discriminator(_row_count_kind),
]


class Table(_Strict):
    rowCount: RowCount = Field(
        description="Rows to generate (exact), or children per row of a parent table."
    )
    columns: dict[str, Column] = Field(min_length=1)
    primaryKey: list[str] | None = Field(None, min_length=1)
    unique: list[list[str] | NamedUnique] = Field(default_factory=list)
    foreignKeys: list[ForeignKey] = Field(default_factory=list)
    indexes: list[Index] = Field(default_factory=list)
    checks: list[str | NamedCheck] = Field(default_factory=list)
    comment: str | None = None
    primaryKeyName: str | None = Field(
        None, description="The primary key constraint's name (default: <table>_pkey)."
    )
    partitionBy: str | None = Field(
        None, description='PARTITION BY: "RANGE (created_at)", "LIST (region)", "HASH (id)".'
    )
    partitions: dict[str, str | PartitionSpec] = Field(
        default_factory=dict,
        description="Partition name -> its bound; the table's rows are routed to them.",
    )
    fixed: bool = Field(
        False,
        description="Keep rowCount as written: --scale leaves this table (a lookup table's "
        "rows) alone; --rows still sets it.",
    )


class SchemaSpec(_Strict):
    comment: str | None = None


class TemplateMeta(_Strict):
    """What a template file in a library folder says about itself."""

    name: str | None = Field(None, description="Default: the file's name without suffix.")
    version: str = Field("0.0.0", description='Semantic version, "MAJOR.MINOR.PATCH".')
    description: str = Field("", description="One line for pgmock templates.")


class MixPart(_Strict):
    """One part of a mix: a template or a schema file, maybe moved into a PostgreSQL
    schema of its own, maybe sharing tables of another part (docs/templates.md)."""

    template: str | None = Field(None, description='A template: "saas", pinned "saas@1".')
    file: str | None = Field(None, description="A schema file, relative to the mix file's folder.")
    name: str | None = Field(
        None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_-]*$",
        description='How other parts name this one ("shared", "references": '
        "\"billing.accounts.id\"); default: the template's name or the file's stem.",
    )
    schema_: str | None = Field(
        None,
        alias="schema",
        description="Move the part's tables and types of schema public into this schema: "
        '"shop" makes its "orders" "shop.orders".',
    )
    shared: dict[str, str] = Field(
        default_factory=dict,
        description="This part's tables that are another part's: {\"customers\": "
        "\"saas.users\"} drops this part's customers and points its references at saas's users.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> MixPart:
        if (self.template is None) == (self.file is None):
            raise ValueError('give exactly one of "template" and "file"')
        return self


class SchemaFile(_Strict):
    """Top level of a pgmock schema file."""

    extends: str | None = Field(
        None,
        description='A template this schema starts from: "ecommerce", pinned "ecommerce@1"; '
        "this file's keys merge onto it (null removes one). See docs/templates.md.",
    )
    template: TemplateMeta | None = Field(
        None, description="Name, version and description of a template in a library folder."
    )
    schema_: str | None = Field(
        None,
        alias="$schema",
        description='The format it is written in, for editors and pgmock: "pgmock-schema-1.1.json" '
        "(the file pgmock schema --json-schema writes, saved under that name), a path or URL "
        "ending so, or \"pgmock schema 1.1\". Must agree with version.",
    )
    version: Literal["1.0", "1.1"] = Field(
        description='Format version: "1.1" (current) or "1.0" (pgmock schema migrate updates it).'
    )
    database: Database = Field(
        default_factory=Database, description="name, encoding, locale and owner."
    )
    seed: int | None = Field(None, ge=0, description="Default seed; --seed overrides.")
    plugins: list[str] = Field(default_factory=list, description="Plugins this schema needs.")
    extensions: list[str] = Field(default_factory=list, description="CREATE EXTENSION names.")
    types: dict[str, TypeSpec] = Field(
        default_factory=dict,
        description="User types: enum, composite, domain or range, in dependency order.",
    )
    # Tables are validated one by one (see resolve.py) so one broken table does not hide
    # the problems of the others; the JSON Schema still describes them fully.
    tables: dict[str, Table] = Field(min_length=1, description="Table name → table.")
    schemas: dict[str, SchemaSpec] = Field(
        default_factory=dict, description="Schemas by name: their comments (COMMENT ON SCHEMA)."
    )
    objects: list[SqlObject] = Field(
        default_factory=list,
        description="Views, functions, triggers … carried into the dump as SQL, in order.",
    )
    mix: list[MixPart] | None = Field(
        None,
        min_length=1,
        description="Templates and schema files combined into this database, each maybe in "
        "a schema of its own or sharing another's tables. See docs/templates.md.",
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, for editors: every object also takes a
    ``"$comment"`` (a note, ignored), as pgmock does."""
    doc = SchemaFile.model_json_schema(by_alias=True)
    _allow_comments(doc)
    # A mix file may have no tables of its own: its parts bring them.
    doc["required"] = [k for k in doc.get("required", []) if k != "tables"]
    doc["anyOf"] = [{"required": ["tables"]}, {"required": ["mix"]}]
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    doc["title"] = f"pgmock schema (version {CURRENT})"
    return doc


def _allow_comments(node: Any) -> None:
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and node.get("type") == "object":
            props.setdefault("$comment", {"type": "string", "description": "A note; ignored."})
        for value in node.values():
            _allow_comments(value)
    elif isinstance(node, list):
        for value in node:
            _allow_comments(value)
