"""Built-in schema source: JSON files."""

from __future__ import annotations

import json
from typing import Any

from pgmock_sdk import Registrar, SchemaSource, SchemaSourceError, hookimpl


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            # json would keep the last silently; a repeated table or column is a mistake.
            raise ValueError(f'duplicate key "{key}"')
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    # json accepts NaN and Infinity, which are not JSON (RFC 8259) and mean nothing in a
    # schema; 1e999 still parses as infinity and is refused with its path by the host.
    raise ValueError(f"{name} is not a JSON number")


class JsonSource(SchemaSource):
    """JSON schema files (.json)."""

    name = "json"
    suffixes = (".json",)

    def load(self, text: str, path: str) -> Any:
        try:
            return json.loads(
                text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant
            )
        except json.JSONDecodeError as exc:
            raise SchemaSourceError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        except ValueError as exc:
            raise SchemaSourceError(f"invalid JSON: {exc}") from None
        except RecursionError:
            # The decoder recurses per level; no schema nests anywhere near this deep.
            raise SchemaSourceError("invalid JSON: nested too deeply to read") from None


@hookimpl
def pgmock_register_schema_sources(registry: Registrar) -> None:
    registry.add_schema_source(JsonSource)
