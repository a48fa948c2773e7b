"""The ``core`` plugin: numpy-native generators for every basic PostgreSQL type.

Registered names (qualified ``core.<name>``): integer, sequence, decimal, boolean, date,
timestamp, time, interval, text, choice, constant, enum, uuid, bytea, inet, macaddr,
bit, varbit, char ("char"), lsn (pg_lsn), point, line, lseg, box, path, polygon, circle,
tsvector, tsquery, json, xml, array, range, multirange; event_time and metric (time
series); sentence, markov_paragraph, review, headline and product_name (Markov text and
word lists). Each lives in a topic module; this module only registers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pgmock_builtins.array_gen import ArrayGenerator
from pgmock_builtins.binary_gen import (
    BitGenerator,
    ByteaGenerator,
    CharGenerator,
    InetGenerator,
    LsnGenerator,
    MacaddrGenerator,
    UuidGenerator,
    VarbitGenerator,
)
from pgmock_builtins.document_gen import JsonGenerator, XmlGenerator
from pgmock_builtins.geometric_gen import GEOMETRIC_GENERATORS
from pgmock_builtins.markov_gen import (
    HeadlineGenerator,
    ParagraphGenerator,
    ProductNameGenerator,
    ReviewGenerator,
    SentenceGenerator,
)
from pgmock_builtins.numeric_gen import (
    BooleanGenerator,
    DecimalGenerator,
    IntegerGenerator,
    SequenceGenerator,
)
from pgmock_builtins.range_gen import MultirangeGenerator, RangeGenerator
from pgmock_builtins.temporal_gen import (
    DateGenerator,
    IntervalGenerator,
    TimeGenerator,
    TimestampGenerator,
)
from pgmock_builtins.text_gen import (
    ChoiceGenerator,
    ConstantGenerator,
    EnumGenerator,
    TextGenerator,
)
from pgmock_builtins.textsearch_gen import TEXTSEARCH_GENERATORS
from pgmock_builtins.timeseries_gen import EventTimeGenerator, MetricGenerator
from pgmock_sdk import Generator, hookimpl

if TYPE_CHECKING:
    from pgmock_sdk import Registrar

GENERATORS: tuple[type[Generator], ...] = (
    IntegerGenerator,
    SequenceGenerator,
    DecimalGenerator,
    BooleanGenerator,
    DateGenerator,
    TimestampGenerator,
    TimeGenerator,
    IntervalGenerator,
    TextGenerator,
    ChoiceGenerator,
    ConstantGenerator,
    EnumGenerator,
    UuidGenerator,
    ByteaGenerator,
    InetGenerator,
    MacaddrGenerator,
    BitGenerator,
    VarbitGenerator,
    CharGenerator,
    LsnGenerator,
    *GEOMETRIC_GENERATORS,
    *TEXTSEARCH_GENERATORS,
    JsonGenerator,
    XmlGenerator,
    ArrayGenerator,
    RangeGenerator,
    MultirangeGenerator,
    EventTimeGenerator,
    MetricGenerator,
    SentenceGenerator,
    ParagraphGenerator,
    ReviewGenerator,
    HeadlineGenerator,
    ProductNameGenerator,
)


@hookimpl
def pgmock_register_generators(registry: Registrar) -> None:
    for cls in GENERATORS:
        registry.add_generator(cls)
