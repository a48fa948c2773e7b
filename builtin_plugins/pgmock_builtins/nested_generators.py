"""The ``nested`` plugin: generators built from other generators' values.

Registered names (qualified ``nested.<name>``): composite (values of composite types,
each field like a column of its own) and json_template (json/jsonb documents whose leaves
are generators, with nested objects and arrays). Both declare their fields through
:mod:`pgmock_sdk.nested`; the host resolves and generates each field like a column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pgmock_builtins.composite_gen import CompositeGenerator
from pgmock_builtins.json_template_gen import JsonTemplateGenerator
from pgmock_sdk import Generator

if TYPE_CHECKING:
    pass

GENERATORS: tuple[type[Generator], ...] = (CompositeGenerator, JsonTemplateGenerator)

