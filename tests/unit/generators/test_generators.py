"""The built-in generators (core and faker plugins): batch contract, determinism,
table-wide uniqueness across batches, type limits, domain sizes and inference patterns.

tests/restore/generators/test_generators.py loads their values into a real PostgreSQL,
which must accept every one and print it back unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pgmock_builtins import _generator_specs_data as _specs_data
from pgmock_builtins import core_generators, faker_gen, generator_specs
from pgmock_sdk import GenContext, Generator
from pgmock_sdk.specs import GeneratorSpec
from pgmock_sdk.unique import permute, permute_uint64, scramble64, unscramble64

from generator_setup import ALL, BY_NAME, MOOD, as_list, gen, make, rendered
from samplers import FakeSampler

# --------------------------------------------------------------------------- contract


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_batch_contract(name: str) -> None:
    g = make(name)
    for n in (0, 1, 257):
        values = gen(g, n)
        assert len(values) == n
        assert len(rendered(g, values)) == n
    a, b = gen(g, 300, seed=5), gen(g, 300, seed=5)
    assert as_list(a) == as_list(b), "same seed, same batch"
    # term and work_title give row r the r-th value of an order keyed by the column's key
    # (from the run's seed), not by rng: distinct per row, like sequence; search_vector
    # indexes the row's other columns (none here), slug slugs one; position numbers rows
    fixed = ("constant", "sequence", "position", "term", "work_title", "search_vector", "slug")
    if name not in fixed and g.domain_size() != 1 and not g.row_pure:
        assert as_list(gen(g, 300, seed=6)) != as_list(a), "another seed, other values"
    assert all(isinstance(v, str) for v in rendered(g, a))


#: Generators that are unique only as lists of the world's places.
UNIQUE_PARAMS = {
    "city": {"world": True, "distinct": True},
    "country": {"distinct": True},
    "country_code": {"distinct": True},
}


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_row_pure_generators_give_any_rows_their_values(name: str) -> None:
    if BY_NAME[name].supports_unique:
        g = make(name, params=UNIQUE_PARAMS.get(name), unique=True)
    else:
        g = make(name)
    if not g.row_pure:
        return
    batch = as_list(gen(g, 300, seed=5, offset=500))
    picked = np.array([799, 500, 650, 650, 501], dtype=np.int64)
    ctx = GenContext(g.column, 0, {}, None, row_index=picked)
    values = as_list(g.generate(len(picked), np.random.default_rng(99), ctx))
    assert values == [batch[r - 500] for r in picked.tolist()]


@pytest.mark.parametrize("cls", ALL, ids=lambda c: c.name)
def test_metadata(cls: type[Generator]) -> None:
    assert re.fullmatch(r"[a-z][a-z0-9_]*", cls.name)
    assert cls.summary(), "docstring summary"
    assert cls.pg_types, "accepts some type"
    assert cls.default_for <= cls.pg_types
    for field in cls.Params.model_fields.values():
        assert field.description, f"{cls.name}: every parameter is described"
    for pattern in cls.column_names:
        re.compile(pattern)
    with pytest.raises(ValueError):
        cls.Params.model_validate({"no_such_param": 1})


def test_names_and_defaults_do_not_collide() -> None:
    names = [c.name for c in ALL]
    assert len(names) == len(set(names))
    claimed: dict[str, str] = {}
    for cls in ALL:
        for key in cls.default_for:
            assert key not in claimed, f"{key}: {claimed.get(key)} and {cls.name}"
            claimed[key] = cls.name
    for key in (
        "int2",
        "int4",
        "int8",
        "numeric",
        "float4",
        "float8",
        "money",
        "text",
        "varchar",
        "bpchar",
        "bool",
        "date",
        "timestamp",
        "timestamptz",
        "time",
        "timetz",
        "interval",
        "uuid",
        "json",
        "jsonb",
        "bytea",
        "inet",
        "cidr",
        "enum",
        "macaddr",
        "xml",
        "int4[]",
        "text[]",
    ):
        assert key in claimed, f"no default generator for {key}"


class _Recorder:
    def __init__(self) -> None:
        self.added: list[GeneratorSpec] = []

    def add_generator_spec(self, spec: GeneratorSpec) -> None:
        self.added.append(spec)


def test_registration_hooks_register_the_specs_of_the_classes() -> None:
    # The specs table is generated from the classes; a class changed without
    # `python -m pgmock_builtins.generator_specs` fails here.
    current = generator_specs.current_specs()
    assert generator_specs.render(current) == Path(_specs_data.__file__).read_text("utf-8")
    for plugin in generator_specs.PLUGINS:
        rec = _Recorder()
        plugin.pgmock_register_generators(rec)  # type: ignore[arg-type]
        assert rec.added == list(current[plugin.plugin])
    assert [s.load() for s in current["core"]] == list(core_generators.GENERATORS)
    assert [s.load() for s in current["faker"]] == list(faker_gen.GENERATORS)


# --------------------------------------------------------------------------- uniqueness


def two_batches(g: Generator, n: int) -> list[Any]:
    """Rows 0..2n in two batches (offsets 0 and n, different batch seeds, same key)."""
    return as_list(gen(g, n, seed=1, offset=0)) + as_list(gen(g, n, seed=2, offset=n))


@pytest.mark.parametrize(
    ("name", "type_name"),
    [
        ("email", "varchar(255)"),
        ("uuid", "uuid"),
        ("integer", "int4"),
        ("text", "text"),
        ("integer", "int8"),
        ("username", "text"),
    ],
)
def test_unique_across_batches_200k(name: str, type_name: str) -> None:
    n = 100_000
    g = make(name, type_name, rows=2 * n, unique=True)
    values = rendered(g, two_batches(g, n))
    assert len(values) == 2 * n
    assert len(set(values)) == 2 * n


@pytest.mark.parametrize(
    ("name", "type_name", "params"),
    [
        ("decimal", "numeric(6,2)", {}),
        ("decimal", "float8", {}),
        ("decimal", "float4", {}),
        ("date", "date", {"start": "2000-01-01", "end": "2100-01-01"}),
        ("timestamp", "timestamp", {}),
        ("timestamp", "timestamp(0)", {"resolution": "us"}),
        ("time", "time", {}),
        ("interval", "interval", {}),
        ("sequence", "int4", {"step": -3}),
        ("sequence", "text", {"prefix": "INV-", "width": 6}),
        ("inet", "inet", {}),
        ("inet", "cidr", {}),
        ("macaddr", "macaddr", {}),
        ("macaddr", "macaddr8", {}),
        ("domain", "text", {}),
        ("url", "text", {}),
        ("text", "varchar(9)", {}),
        ("text", "char(6)", {}),
        ("email", "varchar(24)", {}),
        ("username", "varchar(10)", {}),
        ("price", "numeric(10,2)", {}),
        ("quantity", "int4", {}),
        ("birth_date", "date", {}),
        ("integer", "int2", {}),
    ],
)
def test_unique_across_batches(name: str, type_name: str, params: dict[str, Any]) -> None:
    n = 10_000
    g = make(name, type_name, params, rows=2 * n, unique=True)
    values = rendered(g, two_batches(g, n))
    assert len(set(values)) == 2 * n, f"{name} on {type_name}"


def test_unique_enum_and_small_domains() -> None:
    g = make("enum", rows=4, unique=True)
    assert sorted(rendered(g, gen(g, 4))) == sorted(MOOD.labels)
    g = make("integer", "int4", {"min": 10, "max": 14}, rows=5, unique=True)
    assert sorted(as_list(gen(g, 2, offset=0)) + as_list(gen(g, 3, offset=2))) == list(
        range(10, 15)
    )
    with pytest.raises(ValueError, match="unique"):
        gen(g, 6)


def test_unique_int_defaults_widen_to_row_count() -> None:
    g = make("integer", "int4", rows=5000, unique=True)
    assert g.domain_size() == 5000
    assert len(set(as_list(gen(g, 5000)))) == 5000


def test_unique_full_int8_range() -> None:
    lo, hi = -(2**63), 2**63 - 1
    g = make("integer", "int8", {"min": lo, "max": hi}, rows=10**6, unique=True)
    values = two_batches(g, 50_000)
    assert len(set(values)) == 100_000
    assert min(values) >= lo and max(values) <= hi
    assert min(values) < 0 < max(values)


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize(
    ("name", "type_name", "unique"),
    [
        ("text", "varchar(5)", False),
        ("text", "varchar(12)", True),
        ("text", "char(1)", False),
        ("text", "char(4)", True),
        ("text", "varchar(3)", True),
        ("email", "varchar(30)", True),
        ("email", "varchar(22)", False),
        ("full_name", "varchar(8)", False),
        ("paragraph", "varchar(40)", False),
        ("title", "varchar(15)", False),
        ("city", "varchar(5)", False),
        ("company", "varchar(10)", False),
        ("username", "varchar(7)", True),
        ("street_address", "varchar(12)", False),
        ("phone", "varchar(14)", False),
        ("job_title", "char(6)", False),
        ("domain", "varchar(12)", False),
        ("uuid", "char(36)", True),
        ("first_name", "varchar(4)", False),
        ("inet", "varchar(15)", True),
    ],
)
def test_varchar_limits(name: str, type_name: str, unique: bool) -> None:
    rows = 20_000
    g = make(name, type_name, rows=rows, unique=unique)
    capacity = g.domain_size()
    if unique and capacity is not None and capacity < rows:
        rows = capacity  # the validator refuses more rows (see the next tests)
        g = make(name, type_name, rows=rows, unique=unique)
    values = as_list(gen(g, rows))
    limit = g.column.type.length
    assert limit is not None
    assert max(map(len, values)) <= limit
    assert min(map(len, values)) >= 1
    out = rendered(g, values)  # the renderer enforces the limit too
    if unique:
        assert len(set(out)) == len(out)


def test_too_short_columns_fail_clearly() -> None:
    with pytest.raises(ValueError, match="too short for e-mail"):
        make("email", "varchar(8)", unique=True, rows=10_000)
    with pytest.raises(ValueError, match="too short"):
        make("uuid", "varchar(20)")


def test_every_locale_has_a_free_mail_domain_within_the_bound() -> None:
    """E-mail columns with room for FREE_MAIL_SHORTEST build their domains on the first
    batch, not when validate makes them: that is only safe while every locale (and the
    fallback list) has a free-mail domain that short."""
    from faker.config import AVAILABLE_LOCALES

    from pgmock_builtins.faker_gen import FREE_MAIL_SHORTEST, _free_mail

    for locale in (*AVAILABLE_LOCALES, "xx_XX"):
        assert min(map(len, _free_mail(locale))) <= FREE_MAIL_SHORTEST, locale


@pytest.mark.parametrize("length", [12, 19, 20, 21, 64])
def test_email_columns_short_or_roomy_fail_or_fit_the_same(length: int) -> None:
    """Lazily built or not, an e-mail column either fails when it is made or fits."""
    try:
        g = make("email", f"varchar({length})", unique=True, rows=10_000)
    except ValueError as exc:
        assert "too short for e-mail" in str(exc)
        return
    values = as_list(gen(g, 2000))
    assert max(map(len, values)) <= length and all("@" in v for v in values)


def test_unique_text_in_short_char_reports_capacity() -> None:
    # too short for decimal suffixes of its rows: codes of letters and digits, 36**2
    g = make("text", "char(2)", unique=True, rows=2000)
    assert g.domain_size() == 1296  # the validator turns this into a clear error
    letters = make("text", "char(2)", unique=True, rows=600)
    codes = as_list(gen(letters, 600))
    assert len(set(codes)) == 600 and all(re.fullmatch("[A-Z]{2}", c) for c in codes)
    small = make("text", "char(3)", unique=True, rows=500)
    values = as_list(gen(small, 500))
    assert len(set(values)) == 500 and max(map(len, values)) <= 3


def test_numeric_precision_respected() -> None:
    g = make("decimal", "numeric(5,2)", rows=10)
    assert (g.lo if hasattr(g, "lo") else 0) is not None
    values = gen(g, 50_000)
    out = rendered(g, values)
    assert max(abs(float(v)) for v in out) <= 999.99
    assert all(re.fullmatch(r"-?\d{1,3}\.\d\d", v) for v in out if v)
    g = make("decimal", "numeric(4,1)", {"min": -999.9, "max": 999.9})
    assert all(re.fullmatch(r"-?\d{1,3}\.\d", v) for v in rendered(g, gen(g, 20_000)) if v)
    g = make("decimal", "numeric(3,0)", {"decimals": 2})
    assert g.domain_size() == 1000
    with pytest.raises(ValueError, match="does not fit"):
        make("decimal", "numeric(5,2)", {"max": 5000})
    g = make("decimal", "float8", {"min": 1, "max": 2, "decimals": 3})
    assert all(re.fullmatch(r"[12](\.\d{1,3})?", v) for v in rendered(g, gen(g, 5000)) if v)


def test_int_range_respected() -> None:
    g = make("integer", "int2", {"min": -32768, "max": 32767})
    values = gen(g, 100_000)
    assert values.min() >= -32768 and values.max() <= 32767
    with pytest.raises(ValueError, match="out of range"):
        make("integer", "int2", {"max": 40_000})
    with pytest.raises(ValueError):
        make("integer", "int4", {"min": 5, "max": 1})


def test_temporal_bounds_are_fixed_dates() -> None:
    g = make("date", "date", {"start": "2020-02-01", "end": "2020-02-29"})
    out = rendered(g, gen(g, 5000))
    assert min(out) == "2020-02-01" and max(out) == "2020-02-29"  # type: ignore[type-var]
    g = make(
        "timestamp",
        "timestamp",
        {"start": "2024-01-01T00:00:00", "end": "2024-01-01T00:00:09", "resolution": "ms"},
    )
    out = rendered(g, gen(g, 2000))
    assert all(re.fullmatch(r"2024-01-01 00:00:0\d(\.\d{1,3})?", v) for v in out if v)
    g = make("birth_date")
    out = rendered(g, gen(g, 20_000))
    # ages 18..90 at 2025-01-01, whatever today is
    assert min(out) >= "1934-01-02" and max(out) <= "2007-01-01"  # type: ignore[operator]
    g = make("time", "time", {"start": "09:00", "end": "17:00"})
    out = rendered(g, gen(g, 2000))
    assert min(out) >= "09:00:00" and max(out) <= "17:00:00"  # type: ignore[operator]
    g = make("interval", "interval", {"min": 60, "max": 3600, "granularity": 60})
    out = rendered(g, gen(g, 2000))
    assert all(re.fullmatch(r"0[01]:\d\d:00", v) for v in out if v)


# --------------------------------------------------------------------------- domain sizes


def test_domain_sizes() -> None:
    assert make("boolean").domain_size() == 2
    assert make("enum").domain_size() == 4
    assert make("integer", "int4", {"min": 1, "max": 1000}).domain_size() == 1000
    assert make("integer", "int2", {"min": -5, "max": 5}).domain_size() == 11
    assert make("choice", "text", {"values": ["a", "b", "a"]}).domain_size() == 2
    assert make("choice", "text", {"values": ["a", "b"], "weights": [1, 0]}).domain_size() == 1
    assert make("constant", "text", {"value": "x"}).domain_size() == 1
    assert make("date", "date", {"start": "2024-01-01", "end": "2024-12-31"}).domain_size() == 366
    assert make("decimal", "numeric(4,2)", {"min": 0, "max": 1}).domain_size() == 101
    assert make("sequence", "int2", {"start": 32760}).domain_size() == 8
    assert make("inet", "cidr", {"network": "10.0.0.0/16", "prefix": 24}).domain_size() == 256
    assert make("time", "time", {"start": "00:00", "end": "00:01"}).domain_size() == 61


# --------------------------------------------------------------------------- distributions


def test_distributions_round_and_clip() -> None:
    dist = FakeSampler(np.array([-1e12, 3.6, 1e12]))
    g = make("integer", "int2")
    assert as_list(gen(g, 3, dist=dist)) == [-32768, 4, 32767]
    g = make("integer", "int4", {"min": 0, "max": 10})
    assert as_list(gen(g, 3, dist=dist)) == [0, 4, 10]
    g = make("decimal", "numeric(6,2)")
    assert rendered(g, gen(g, 3, dist=dist)) == ["-9999.99", "3.60", "9999.99"]
    g = make("enum")
    assert rendered(g, gen(g, 3, dist=FakeSampler(np.array([0, 2, 5])))) == [
        "sad",
        "happy",
        "ok",
    ]
    g = make("date", "date")
    days = FakeSampler(np.array([0.0, 19723.9]))  # epoch days
    assert rendered(g, gen(g, 2, dist=days)) == ["1970-01-01", "2024-01-01"]
    g = make("timestamp", "timestamptz")
    secs = FakeSampler(np.array([1704067200.7]))
    assert rendered(g, gen(g, 1, dist=secs)) == ["2024-01-01 00:00:00+00"]
    g = make("choice", "text", {"values": ["x", "y", "z"]})
    assert as_list(gen(g, 3, dist=FakeSampler(np.array([2, 0, 1])))) == ["z", "x", "y"]


# --------------------------------------------------------------------------- formats


def test_uuid_format() -> None:
    g = make("uuid")
    v4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
    for u in as_list(gen(g, 2000)):
        assert v4.fullmatch(u)


def test_emails_valid_ascii_lowercase() -> None:
    pattern = re.compile(r"[a-z0-9]+([._][a-z0-9]+)*@[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9-]+)+")
    for locale in ("en_US", "de_DE", "fr_FR", "ja_JP", "pt_BR", "xx_XX"):
        for unique in (False, True):
            g = make("email", "varchar(255)", unique=unique, rows=5000, locale=locale)
            values = as_list(gen(g, 5000))
            assert all(pattern.fullmatch(v) for v in values), (locale, values[:5])


def test_email_follows_names_generated_earlier_in_the_row() -> None:
    g = make("email", "text", unique=True, rows=100)
    rows = {
        "first_name": ["Zoë", "Jürgen", "山田", "Anne-Marie"],
        "last_name": np.array(["O'Brien", "Straße", "X", "Dupont"], dtype=object),
    }
    out = g.generate(4, np.random.default_rng(1), GenContext(g.column, 0, rows, None))
    assert re.match(r"(zoe[._]?obrien|zoe\d+|zobrien)\d{4}@", out[0])
    assert re.match(r"(jurgen[._]?strasse|jurgen\d+|jstrasse)\d{4}@", out[1])
    assert out[2].isascii()  # not Latin: a pool name instead
    assert "annemarie" in out[3] or "dupont" in out[3]


def test_locales_give_localized_pools() -> None:
    de = as_list(gen(make("city", locale="de_DE"), 2000))
    us = as_list(gen(make("city", locale="en_US"), 2000))
    assert set(de).isdisjoint(set(us)) or len(set(de) & set(us)) < 50
    ja = as_list(gen(make("full_name", locale="ja_JP"), 100))
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", v) for v in ja)
    phones = as_list(gen(make("phone", locale="ja_JP"), 500))
    assert all(re.fullmatch(r"[0-9]{2,3}-[0-9]{4}-[0-9]{4}", p) for p in phones)
    zips = as_list(gen(make("postal_code", locale="en_US"), 500))
    assert all(re.fullmatch(r"\d{5}(-\d{4})?", z) for z in zips)
    # an unknown locale falls back to en_US
    assert as_list(gen(make("city", locale="xx_XX"), 50)) == as_list(gen(make("city"), 50))


def test_json_template_and_jsonb_order() -> None:
    template = {"zeta": "int", "a": {"bb": "bool", "c": "words"}, "when": "date", "t": "tags"}
    g = make("json", "jsonb", {"template": template})
    for text in as_list(gen(g, 500)):
        obj = json.loads(text)
        assert list(obj) == ["a", "t", "when", "zeta"]
        assert list(obj["a"]) == ["c", "bb"]
        assert ", " in text and '": ' in text
    g = make("json", "json", {"template": template})
    assert list(json.loads(as_list(gen(g, 1))[0])) == list(template)
    with pytest.raises(ValueError, match="unknown kind"):
        make("json", "json", {"template": {"x": "nope"}})


def test_bytea_hex() -> None:
    g = make("bytea", "bytea", {"min_length": 2, "max_length": 5})
    for v in as_list(gen(g, 1000)):
        assert re.fullmatch(r"\\x([0-9a-f]{2}){2,5}", v)


def test_cidr_networks_have_no_host_bits() -> None:
    g = make("inet", "cidr", {"network": "10.0.0.0/8", "prefix": 20})
    for v in as_list(gen(g, 1000)):
        m = re.fullmatch(r"10\.(\d+)\.(\d+)\.0/20", v)
        assert m and int(m.group(2)) % 16 == 0


def test_arrays() -> None:
    g = make("array", "int4[]", {"min_length": 1, "max_length": 3, "element": {"min": 1, "max": 9}})
    out = rendered(g, gen(g, 500))
    assert all(re.fullmatch(r"\{[1-9](,[1-9]){0,2}\}", v) for v in out if v)
    g = make("array", "mood[]")
    labels = re.compile(r"\{((sad|ok|happy|ecstatic),?)*\}")
    assert all(labels.fullmatch(v) for v in rendered(g, gen(g, 200)) if v)
    with pytest.raises(ValueError, match="element parameters"):
        make("array", "int4[]", {"element": {"bogus": 1}})


def test_sequence_is_offset_based() -> None:
    g = make("sequence", "int8", {"start": 100, "step": 5})
    assert as_list(gen(g, 3, offset=10)) == [150, 155, 160]
    g = make("sequence", "varchar(10)", {"prefix": "A-", "width": 4})
    assert as_list(gen(g, 2, offset=41)) == ["A-0042", "A-0043"]
    with pytest.raises(ValueError, match="text columns"):
        make("sequence", "int4", {"prefix": "x"})


def test_choice_and_constant_types() -> None:
    g = make("choice", "int4", {"values": [1, 2, 3], "weights": [0, 0, 1]})
    assert set(as_list(gen(g, 100))) == {3}
    with pytest.raises(ValueError, match="whole numbers"):
        make("choice", "int4", {"values": [1, 2.5]})
    with pytest.raises(ValueError, match="longer"):
        make("choice", "varchar(2)", {"values": ["abc"]})
    with pytest.raises(ValueError, match="not labels"):
        make("choice", "mood", {"values": ["sad", "angry"]})
    g = make("constant", "text", {"value": None})
    assert gen(g, 3) == [None, None, None]


def test_quantity_and_price_shapes() -> None:
    q = gen(make("quantity"), 20_000)
    assert q.min() >= 1 and q.max() <= 10 and np.mean(q <= 3) > 0.6
    p = rendered(make("price"), gen(make("price"), 20_000))
    prices = np.array([float(v) for v in p if v])
    assert prices.min() >= 1 and prices.max() <= 500 and np.median(prices) < 100


# --------------------------------------------------------------------------- unique.py


def test_permute_is_a_bijection_on_small_domains() -> None:
    for domain in range(1, 2001):
        out = permute(np.arange(domain), domain, key=domain * 7919)
        assert np.array_equal(np.sort(out), np.arange(domain)), domain


def test_permute_keys_and_determinism() -> None:
    idx = np.arange(1000)
    a = permute(idx, 1000, key=1)
    assert np.array_equal(a, permute(idx, 1000, key=1))
    assert not np.array_equal(a, permute(idx, 1000, key=2))
    assert not np.array_equal(a, idx)
    # batching does not matter: the mapping is per index
    assert np.array_equal(a[500:], permute(idx[500:], 1000, key=1))
    big = permute(np.arange(100_000), 2**62 + 3, key=9)
    assert len(np.unique(big)) == 100_000 and big.min() >= 0
    assert permute_uint64(np.array([0, 1]), 2**64, 3).dtype == np.uint64
    with pytest.raises(ValueError):
        permute(np.array([5]), 5, key=1)


def test_scramble64_is_invertible() -> None:
    x = np.concatenate([np.arange(-1000, 1000), np.array([-(2**63), 2**63 - 1])])
    s = scramble64(x, key=12345)
    assert len(np.unique(s)) == len(x)
    assert np.array_equal(unscramble64(s, key=12345).view(np.int64), x)
    assert not np.array_equal(s, scramble64(x, key=12346))


_HASH_SCRIPT = """
import hashlib, numpy as np
from pgmock_sdk import ColumnInfo, GenContext, parse_type
from pgmock_builtins import core_generators, faker_gen
h = hashlib.sha256()
for loc in ("en_US", "de_DE"):
    for cls in (*core_generators.GENERATORS, *faker_gen.GENERATORS):
        if cls.name in (
            "choice", "constant", "enum", "array", "slug", "pattern", "vat_number", "share",
            "tier_price",
        ):
            continue
        t = {"json": "jsonb", "uuid": "uuid", "bytea": "bytea", "inet": "inet", "xml": "xml",
             "macaddr": "macaddr", "integer": "int4", "sequence": "int4", "decimal": "numeric",
             "boolean": "bool", "date": "date", "timestamp": "timestamptz", "time": "time",
             "interval": "interval", "price": "numeric", "quantity": "int4", "age": "int4",
             "birth_date": "date", "range": "int4range",
             "multirange": "int4multirange"}.get(cls.name, "text")
        col = ColumnInfo("public", "t", cls.name, parse_type(t), row_count=5000, key=9,
                         locale=loc)
        values = cls(cls.Params(), col).generate(300, np.random.default_rng(4),
                                                 GenContext(col, 0))
        h.update(repr(list(values)).encode())
print(h.hexdigest())
"""


def test_output_does_not_depend_on_hash_seed() -> None:
    """Pools are sorted, never in set order: same output whatever PYTHONHASHSEED is."""
    import os
    import subprocess
    import sys

    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _HASH_SCRIPT],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        digests.add(out.strip())
    assert len(digests) == 1


@pytest.mark.parametrize(
    ("type_name", "algorithm", "form"),
    [
        ("varchar(40)", None, r"[0-9a-f]{40}"),
        ("varchar(32)", None, r"[0-9a-f]{32}"),
        ("text", None, r"[0-9a-f]{64}"),
        ("varchar(60)", "bcrypt", r"\$2b\$12\$[./A-Za-z0-9]{53}"),
    ],
)
def test_password_hashes_have_their_stored_form(
    type_name: str, algorithm: str | None, form: str
) -> None:
    g = make("password_hash", type_name, {"algorithm": algorithm}, unique=True, rows=5000)
    got = as_list(gen(g, 5000))
    assert all(re.fullmatch(form, v) for v in got), got[:3]
    assert len(set(got)) == 5000


def test_password_hash_refuses_a_column_too_short() -> None:
    with pytest.raises(ValueError, match="too short"):
        make("password_hash", "varchar(40)", {"algorithm": "sha256"})
