"""YAML documents as the plain data a JSON file would give, with the line of every path.

pgmock reads YAML in two places: schema files (the built-in ``yaml`` schema source) and
its configuration files (``.pgmock.yaml``). Both want the same thing: the data JSON would
have given (dicts, lists, strings, numbers, booleans, null) and, for error messages, the
line each JSON path comes from (``tables.users.columns.email`` → 12).

The parser is ruamel.yaml, for YAML 1.2: ``no``, ``yes``, ``on`` and ``off`` stay strings
(YAML 1.1 readers turn ``country: NO`` into false), a repeated key is an error instead of
the last one silently winning, and every key and item knows its line. Dates written bare
(``2024-06-01``) become ISO strings, as a JSON file would spell them. Aliases are
expanded, up to :data:`MAX_NODES` values, so a document cannot multiply itself (the
"billion laughs"); an alias that contains itself is an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from pgmock_sdk.plugins import Located, SchemaSourceError

__all__ = ["MAX_DEPTH", "MAX_NODES", "load_yaml"]

# Far more than any schema needs; what aliases expand to is counted too.
MAX_NODES = 1_000_000
MAX_DEPTH = 200


def load_yaml(text: str, path: str = "<yaml>") -> Located:
    """Parse ``text``: the data and ``lines`` (JSON path → 1-based line; "" is the root).

    Raises :class:`~pgmock_sdk.SchemaSourceError` with the line and column of a syntax
    error, a repeated key, a key that is not a scalar, or a tag pgmock does not know.
    """
    # Imported here: ruamel.yaml costs tens of milliseconds, and most runs read no YAML.
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    parser = YAML(typ="rt", pure=True)
    try:
        doc = parser.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "syntax error").split("\n")[0]
        if mark is None:
            raise SchemaSourceError(f"invalid YAML: {problem}") from None
        raise SchemaSourceError(
            f"invalid YAML: {problem}", mark.line + 1, mark.column + 1
        ) from None
    except YAMLError as exc:
        raise SchemaSourceError(f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise SchemaSourceError("invalid YAML: nested too deeply") from None
    lines: dict[str, int] = {"": 1}
    return Located(_Plain(lines).convert(doc, "", 1, 0), lines)


class _Plain:
    """Converts ruamel's round-trip objects to plain data, recording lines on the way."""

    def __init__(self, lines: dict[str, int]) -> None:
        self.lines = lines
        self.nodes = 0
        self.open: set[int] = set()  # containers being converted: an alias into one loops

    def convert(self, value: Any, path: str, line: int, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise SchemaSourceError(
                f"the document expands to more than {MAX_NODES:,} values (aliases?)", line
            )
        if depth > MAX_DEPTH:
            raise SchemaSourceError(f"nested deeper than {MAX_DEPTH} levels", line)
        if isinstance(value, Mapping | list):
            if id(value) in self.open:
                raise SchemaSourceError("an alias refers to a value that contains it", line)
            self.open.add(id(value))
            try:
                if isinstance(value, Mapping):
                    return self._mapping(value, path, line, depth)
                return self._sequence(value, path, line, depth)
            finally:
                self.open.discard(id(value))
        return _scalar(value, line)

    def _mapping(self, value: Any, path: str, line: int, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = _key(key, line)
            if name in out:  # "1" and 1, or true and "true": one JSON key
                raise SchemaSourceError(f'duplicate key "{name}"', _line_of_key(value, key, line))
            where = f"{path}.{name}" if path else name
            at = _line_of_key(value, key, line)
            self.lines.setdefault(where, at)
            out[name] = self.convert(item, where, at, depth + 1)
        return out

    def _sequence(self, value: Any, path: str, line: int, depth: int) -> list[Any]:
        out = []
        for i, item in enumerate(value):
            where = f"{path}.{i}" if path else str(i)
            at = _line_of_item(value, i, line)
            self.lines.setdefault(where, at)
            out.append(self.convert(item, where, at, depth + 1))
        return out


def _line_of_key(mapping: Any, key: Any, fallback: int) -> int:
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (AttributeError, KeyError, TypeError):  # a key merged in with <<: *anchor
        return fallback


def _line_of_item(sequence: Any, index: int, fallback: int) -> int:
    try:
        return int(sequence.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return fallback


def _key(key: Any, line: int) -> str:
    """JSON keys are strings: a YAML key ``1`` or ``true`` is the string JSON would have."""
    if isinstance(key, bool) or type(key).__name__ == "ScalarBoolean":
        return "true" if key else "false"
    if isinstance(key, str):
        return str(key)
    if isinstance(key, int | float) and not isinstance(key, bool):
        return str(_scalar(key, line))
    if isinstance(key, datetime.date):
        return key.isoformat()
    shown = "null" if key is None else type(key).__name__
    raise SchemaSourceError(f"a key must be a string, not {shown}", line)


def _scalar(value: Any, line: int) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if type(value).__name__ == "ScalarBoolean":  # an anchored boolean (an int subclass)
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    tag = getattr(getattr(value, "tag", None), "value", None) or type(value).__name__
    raise SchemaSourceError(f"unsupported YAML value (tag {tag})", line)
