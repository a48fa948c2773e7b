"""The SDK's nested-field protocol (pgmock_sdk.nested) as a third-party plugin uses it:
fields resolved like columns with every problem and its JSON path, values generated
through the host, determinism; the built-in nested generators are plugins like others,
and the host asks for roles instead of naming generators."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from pgmock.plugins.host import make_host
from pgmock.schema import resolve_schema
from pgmock_sdk import Generator, Params
from pgmock_sdk.roles import VALUE_LIST

from clihelp import SUPPORT, pgmock

PLUGIN = str(SUPPORT / "nested_plugin.py")
TYPES = {"even": {"domain": "integer", "check": "VALUE % 2 = 0 AND VALUE BETWEEN 10 AND 60"}}
PARTS: dict[str, Any] = {
    "city": {},
    "n": {"type": "integer", "params": {"min": 1, "max": 9}},
    "sq": {"type": "integer", "generator": "square", "params": {"of": "n"}},
    "e": {"type": "even", "nullRatio": 0.25},
    "z": {"type": "integer", "distribution": {"name": "normal", "mean": 500, "stddev": 5}},
}
LABEL = re.compile(r"city=([^;]+); n=([1-9]); sq=(\d+); e=(\d+|~); z=(\d+)")


def _schema(tmp_path: Path, parts: dict[str, Any], rows: int = 2000) -> Path:
    column = {"type": "text", "generator": "label", "params": {"parts": parts}}
    doc = {
        "version": "1.0",
        "seed": 4,
        "types": TYPES,
        "tables": {
            "t": {
                "rowCount": rows,
                "columns": {"id": {"type": "serial", "primaryKey": True}, "l": column},
            }
        },
    }
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(doc))
    return path


def labels(sql: str) -> list[str]:
    body = sql.split("COPY public.t (id, l) FROM stdin;\n", 1)[1].split("\n\\.\n", 1)[0]
    return [line.split("\t", 1)[1] for line in body.split("\n")]


def test_each_part_is_resolved_and_generated_like_a_column(tmp_path: Path) -> None:
    out = pgmock("--plugin", PLUGIN, "generate", str(_schema(tmp_path, PARTS))).stdout
    rows = [LABEL.fullmatch(label) for label in labels(out.decode())]
    assert all(rows), [label for label, m in zip(labels(out.decode()), rows) if not m][:3]
    parts = [m.groups() for m in rows if m is not None]
    assert len({city for city, *_ in parts}) > 20  # inferred from the name: faker.city
    assert {int(n) for _, n, *_ in parts} == set(range(1, 10))  # its params
    assert all(int(sq) == int(n) ** 2 for _, n, sq, *_ in parts)  # ctx.rows: earlier parts
    evens = [e for *_, e, _ in parts]
    assert 0.2 < evens.count("~") / len(evens) < 0.3  # nullRatio
    assert all(int(e) % 2 == 0 and 10 <= int(e) <= 60 for e in evens if e != "~")  # domain
    z = [int(z) for *_, z in parts]
    assert 499 < sum(z) / len(z) < 501 and min(z) > 470  # the distribution


def test_adding_a_part_leaves_the_others_and_jobs_change_nothing(tmp_path: Path) -> None:
    base = tmp_path / "a"
    more = tmp_path / "b"
    base.mkdir()
    more.mkdir()
    before = pgmock("--plugin", PLUGIN, "generate", str(_schema(base, PARTS))).stdout.decode()
    extra = {"first": {"type": "integer"}, **PARTS, "last": {"type": "uuid"}}
    after = pgmock("--plugin", PLUGIN, "generate", str(_schema(more, extra))).stdout.decode()
    strip = re.compile(r"^first=\d+; |; last=[0-9a-f-]+$")
    assert [strip.sub("", label) for label in labels(after)] == labels(before)

    big = _schema(base, PARTS, rows=25_000)  # three chunks
    serial = pgmock("--plugin", PLUGIN, "generate", str(big), "-j", "1").stdout
    parallel = pgmock("--plugin", PLUGIN, "generate", str(big), "-j", "2").stdout
    assert hashlib.sha256(serial).digest() == hashlib.sha256(parallel).digest()


def test_every_problem_of_every_part_is_reported_with_its_path(tmp_path: Path) -> None:
    parts = {
        "a": {"generator": "faker.cty"},
        "b": {"type": "integer", "params": {"min": "x"}},
        "c": {"type": "even", "nullRatio": 0.5, "generator": "core.integer"},
        "d": {"type": "intger"},
        "e": {
            "type": "integer",
            "generator": "square",
            "params": {"of": "b"},
            "distribution": {"name": "normal"},
        },
        "f": {"generator": "square", "params": {"of": "b"}},
        "g": {"type": "bit", "params": {}, "generator": None},
        "h": {"distribution": {"nam": "normal"}},
    }
    schema = json.loads(_schema(tmp_path, parts).read_text())
    schema["types"]["even"]["notNull"] = True
    (tmp_path / "schema.json").write_text(json.dumps(schema))
    run = pgmock("--plugin", PLUGIN, "validate", str(tmp_path / "schema.json"), check=False)
    err = run.stderr.decode()
    assert run.returncode == 2, err
    at = "schema.json: tables.t.columns.l.params.parts"
    for expected in (
        f'{at}.a.generator: unknown generator "faker.cty" — did you mean "faker.city"?',
        f"{at}.b.params.min: core.integer: Input should be a valid integer",
        f"{at}.c.nullRatio: domain public.even does not allow NULL",
        f'{at}.d.type: unknown type "intger" — did you mean "integer"?',
        f"{at}.e.distribution: generator nested_plugin.square does not take a distribution",
        f"{at}.f.generator: generator nested_plugin.square cannot fill type text",
        f"{at}.h.distribution.name: required key is missing",
    ):
        assert expected in err, f"missing: {expected}\n{err}"
    assert "parts.g" not in err  # bit(1) has a default generator


def test_nested_generators_are_registered_by_a_plugin() -> None:
    listed = json.loads(pgmock("generators", "--json").stdout)
    by_name = {g["name"]: g for g in listed}
    assert by_name["nested.composite"]["plugin"] == "nested"
    assert by_name["nested.json_template"]["plugin"] == "nested"
    registry = make_host(env={}).registry
    assert registry.generators.resolve("composite").plugin == "nested"


def test_the_sdk_nested_protocol_imports_nothing_of_the_host() -> None:
    probe = (
        "import sys, pgmock_sdk, pgmock_sdk.nested, pgmock_sdk.records, pgmock_sdk.roles; "
        "print(sorted(m for m in sys.modules if m == 'pgmock' or m.startswith('pgmock.')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert out.stdout.decode().strip() == "[]"


class _PickerParams(Params):
    values: list[str]


class _Picker(Generator[_PickerParams]):
    """Picks among listed values (a stand-in taking the value_list role)."""

    name = "picker"
    pg_types = frozenset({"text"})
    roles = frozenset({VALUE_LIST})


def test_a_domain_listing_its_values_asks_for_the_value_list_role() -> None:
    raw = {
        "version": "1.0",
        "types": {"colour": {"domain": "text", "check": "VALUE IN ('red', 'green')"}},
        "tables": {"t": {"rowCount": 3, "columns": {"c": {"type": "colour"}}}},
    }

    def chosen(choice_roles: frozenset[str] = frozenset({VALUE_LIST})) -> str:
        host = make_host(env={})
        entry = host.registry.generators.resolve("core.choice")
        entry.spec = dataclasses.replace(entry.spec, roles=choice_roles)
        host.registry.bound("roles").add_generator(_Picker)  # as a plugin's hook would
        schema = resolve_schema(raw, {}, ["s.json"], host.registry)
        gen = schema.tables["t"].columns["c"].generator
        assert gen is not None
        return f"{gen.qualified} {dict(gen.params)}"

    assert chosen() == "core.choice {'values': ['red', 'green'], 'weights': None}"
    assert chosen(frozenset()) == "roles.picker {'values': ['red', 'green']}"
