"""``pgmock schema migrate``: a schema file rewritten in the current format version."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import click

from pgmock.cli.listings import schema_cmd
from pgmock.errors import Problem, SchemaError, UsageError

_JSON = (".json",)
_YAML = (".yaml", ".yml")


@schema_cmd.command("migrate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@click.option("--in-place", is_flag=True, help="Rewrite FILE itself.")
def migrate_cmd(file: Path, output: Path | None, in_place: bool) -> None:
    """Rewrite a schema file in the current format: "version" set (or added), "$schema"
    renamed to the current version, deprecated spellings written the current way. What
    changed is listed on stderr; the schema goes to stdout unless -o or --in-place.

    JSON files are written indented by two; YAML files keep their comments and layout.

    \b
    Examples:
      pgmock templates show shop > shop.json
      pgmock schema migrate shop.json -o shop-current.json
      pgmock schema migrate shop.json --in-place
    """
    # Imported here: the schema package loads pydantic and numpy, which --help must not.
    from pgmock.dump.output import atomic_output, output_errors
    from pgmock.schema.formats import CURRENT, migrate

    if output is not None and in_place:
        raise UsageError("give -o FILE or --in-place, not both")
    suffix = file.suffix.lower()
    if suffix not in _JSON + _YAML:
        raise UsageError(
            f"{file}: schema migrate rewrites JSON and YAML schema files (.json, .yaml, .yml); "
            "other sources (SQL DDL) carry no format version"
        )
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{file}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise SchemaError([Problem(str(file), "", f"not UTF-8 text: {exc}")]) from None
    yaml = suffix in _YAML
    doc = _load_yaml(file, text) if yaml else _load_json(file, text)
    try:
        result = migrate(doc)
    except ValueError as exc:
        raise SchemaError([Problem(str(file), "", str(exc))]) from None
    written = _dump_yaml(result.doc) if yaml else _dump_json(result.doc)
    target = file if in_place else output
    if not result.changes:
        click.echo(f"pgmock: {file}: already format {CURRENT}; nothing to change", err=True)
    for change in result.changes:
        click.echo(f"pgmock: {file}: {change}", err=True)
    if target is None:
        click.echo(written, nl=False)
        return
    if in_place and not result.changes:
        return
    with output_errors(str(target)), atomic_output(target) as fh:
        assert not isinstance(fh, Path)
        fh.write(written.encode("utf-8"))


def _load_json(file: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(
            [Problem(f"{file}:{exc.lineno}:{exc.colno}", "", f"invalid JSON: {exc.msg}")]
        ) from None


def _load_yaml(file: Path, text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from pgmock_sdk import SchemaSourceError
    from pgmock_sdk.yamldoc import load_yaml

    try:
        load_yaml(text, str(file))  # its checks: duplicate keys, unknown tags, bombs
    except SchemaSourceError as exc:
        where = f"{file}:{exc.line}" if exc.line is not None else str(file)
        raise SchemaError([Problem(where, "", exc.message)]) from None
    parser = YAML(typ="rt", pure=True)
    parser.preserve_quotes = True
    try:
        return parser.load(text)
    except YAMLError as exc:  # pragma: no cover - load_yaml reported it
        raise SchemaError([Problem(str(file), "", f"invalid YAML: {exc}")]) from None


def _dump_json(doc: Any) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _dump_yaml(doc: Any) -> str:
    from ruamel.yaml import YAML

    out = io.StringIO()
    YAML(typ="rt", pure=True).dump(doc, out)
    return out.getvalue()
