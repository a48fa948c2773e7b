"""The ``core`` plugin: numpy-native generators for every basic PostgreSQL type.

Registered names (qualified ``core.<name>``): integer, sequence, decimal, boolean, date,
timestamp, time, interval, text, pattern, choice, constant, enum, uuid, bytea, inet, macaddr,
bit, varbit, char ("char"), lsn (pg_lsn), point, line, lseg, box, path, polygon, circle,
tsvector, tsquery, json, xml, array, range, multirange; event_time and metric (time
series); sentence, markov_paragraph, review, headline and product_name (Markov text and
word lists); term, work_title and description (names of lookup rows, titles of works,
descriptions of the row's title); search_vector (a tsvector of the row's own text);
slug (of the row's title) and isbn (valid ISBN-13s and ISBN-10s).
Each lives in a topic module (listed in scalar_generators); this module only registers
them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pgmock_builtins.array_gen import ArrayGenerator
from pgmock_builtins.scalar_generators import SCALAR_GENERATORS
from pgmock_sdk import Generator

if TYPE_CHECKING:
    pass

GENERATORS: tuple[type[Generator], ...] = (*SCALAR_GENERATORS, ArrayGenerator)

