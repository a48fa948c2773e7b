"""Built-in schema source: YAML files, read as JSON would read the same document.

A YAML schema is the JSON schema written in YAML: the same keys, the same checks, and
problems name the file, the line and the JSON path (``shop.yaml:12:
tables.users.columns.email.generator: …``). See pgmock_sdk.yamldoc for what YAML adds
(comments, anchors) and what it may not do (tags, documents that expand without bound).
"""

from __future__ import annotations

from typing import Any

from pgmock_sdk import Located, Registrar, SchemaSource, hookimpl
from pgmock_sdk.yamldoc import load_yaml


class YamlSource(SchemaSource):
    """YAML schema files (.yaml, .yml)."""

    name = "yaml"
    suffixes = (".yaml", ".yml")

    def load(self, text: str, path: str) -> Any:
        return self.load_located(text, path).data

    def load_located(self, text: str, path: str) -> Located:
        return load_yaml(text, path)


@hookimpl
def pgmock_register_schema_sources(registry: Registrar) -> None:
    registry.add_schema_source(YamlSource)
