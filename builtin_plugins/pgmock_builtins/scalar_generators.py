"""The core plugin's generators of single values: every core generator but the array one.

The array generator fills elements with these (a type's default, or one named by
``element_generator``), and the core plugin registers them: both read this list, so
neither imports the other. A generator added here with ``default_for`` is also the
element generator of its types' arrays.
"""

from __future__ import annotations

from pgmock_builtins.binary_gen import (
    BitGenerator,
    ByteaGenerator,
    CharGenerator,
    InetGenerator,
    LsnGenerator,
    MacaddrGenerator,
    PasswordHashGenerator,
    UuidGenerator,
    VarbitGenerator,
)
from pgmock_builtins.document_gen import JsonGenerator, XmlGenerator
from pgmock_builtins.geometric_gen import GEOMETRIC_GENERATORS
from pgmock_builtins.isbn_gen import IsbnGenerator
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
    PositionGenerator,
    SequenceGenerator,
)
from pgmock_builtins.pattern_gen import PatternGenerator
from pgmock_builtins.range_gen import MultirangeGenerator, RangeGenerator
from pgmock_builtins.search_vector_gen import SearchVectorGenerator
from pgmock_builtins.share_gen import ShareGenerator
from pgmock_builtins.slug_gen import SlugGenerator
from pgmock_builtins.temporal_gen import (
    DateGenerator,
    IntervalGenerator,
    TimeGenerator,
    TimestampGenerator,
)
from pgmock_builtins.terms_gen import TermGenerator
from pgmock_builtins.text_gen import (
    ChoiceGenerator,
    ConstantGenerator,
    EnumGenerator,
    TextGenerator,
)
from pgmock_builtins.textsearch_gen import TEXTSEARCH_GENERATORS
from pgmock_builtins.tier_price_gen import TierPriceGenerator
from pgmock_builtins.timeseries_gen import EventTimeGenerator, MetricGenerator
from pgmock_builtins.titles_gen import DescriptionGenerator, WorkTitleGenerator
from pgmock_builtins.vat_gen import VatNumberGenerator
from pgmock_sdk import Generator

SCALAR_GENERATORS: tuple[type[Generator], ...] = (
    IntegerGenerator,
    SequenceGenerator,
    PositionGenerator,
    DecimalGenerator,
    BooleanGenerator,
    DateGenerator,
    TimestampGenerator,
    TimeGenerator,
    IntervalGenerator,
    TextGenerator,
    PatternGenerator,
    ChoiceGenerator,
    ConstantGenerator,
    EnumGenerator,
    UuidGenerator,
    PasswordHashGenerator,
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
    RangeGenerator,
    MultirangeGenerator,
    EventTimeGenerator,
    MetricGenerator,
    SentenceGenerator,
    ParagraphGenerator,
    ReviewGenerator,
    HeadlineGenerator,
    ProductNameGenerator,
    TermGenerator,
    WorkTitleGenerator,
    DescriptionGenerator,
    SearchVectorGenerator,
    SlugGenerator,
    ShareGenerator,
    TierPriceGenerator,
    VatNumberGenerator,
    IsbnGenerator,
)
