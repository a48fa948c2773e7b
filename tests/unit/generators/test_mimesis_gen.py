"""The mimesis plugin: batch contract, determinism, per-locale pools, unique values across
batches, length limits, inference and the missing-extra error.

tests/restore/generators/test_mimesis_gen.py restores a schema into a real PostgreSQL and
checks its values against the pools."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pgmock.errors import SchemaError
from pgmock.plugins.host import make_host
from pgmock.plugins.registry import Registry
from pgmock.schema.generators import infer_generator
from pgmock.schema.resolved import ResolvedSchema
from pgmock.schema.resolver import Resolver
from pgmock_builtins import _mimesis_data
from pgmock_sdk import parse_type

from mimesis_setup import BY_NAME, gen, make, pool_of


def resolve(raw: dict[str, Any], registry: Registry, file: str = "s.json") -> ResolvedSchema:
    # What `pgmock validate` runs after loading the file (pgmock.schema.resolver).
    return Resolver(registry, file, {}).resolve(raw, None)


# --------------------------------------------------------------------------- contract


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_batch_contract(name: str) -> None:
    g = make(name)
    for n in (0, 1, 257):
        values = gen(g, n)
        assert len(values) == n
        assert all(isinstance(v, str) and v for v in values)
    a = gen(g, 300, seed=5)
    assert a == gen(g, 300, seed=5), "same seed, same batch"
    assert a != gen(g, 300, seed=6), "another seed, other values"
    assert set(a) <= pool_of(g)
    assert g.domain_size() == len(pool_of(g)) >= 3


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_pools_are_varied_not_degenerate(name: str) -> None:
    g = make(name)
    drawn = gen(g, 5000)
    # uniform pools show most of their values in 5,000 draws; all show more than one
    assert len(set(drawn)) >= min(len(pool_of(g)), 3)


def test_unique_covers_the_pool_once_across_batches() -> None:
    g = make("university", unique=True, rows=83)
    size = g.domain_size()
    assert size == 83
    values = gen(g, 30, seed=1, offset=0) + gen(g, 30, seed=99, offset=30)
    values += gen(g, 23, seed=7, offset=60)
    assert len(values) == size
    assert set(values) == pool_of(g), "each university exactly once"
    # the permutation depends on the row numbers only, not on the batch seeds
    assert values[30:60] == gen(g, 30, seed=12345, offset=30)


def test_unique_rejects_rows_beyond_the_pool_and_validate_says_so(tmp_path: Path) -> None:
    g = make("academic_degree", unique=True, rows=10)
    with pytest.raises(ValueError, match="needs a unique value"):
        gen(g, 4)
    schema = {
        "version": "1.0",
        "tables": {
            "t": {
                "rowCount": 10,
                "columns": {
                    "degree": {"type": "text", "generator": "academic_degree", "unique": True}
                },
            }
        },
    }
    with pytest.raises(SchemaError) as err:
        resolve(schema, make_host().registry)
    assert (
        "tables.t.columns.degree: 10 unique values requested, but generator "
        "mimesis.academic_degree can produce only 3 distinct values" in str(err.value)
    )


def test_varchar_limit_cuts_once_and_shrinks_the_domain() -> None:
    full = make("university", "text", locale="de_DE")
    cut = make("university", "varchar(10)", locale="de_DE")
    assert max(map(len, pool_of(cut))) <= 10
    # "Universität Gießen" and "Universität Weimar" both become "Universitä"
    assert cut.domain_size() < full.domain_size()
    assert all(len(v) <= 10 for v in gen(cut, 2000))
    unique = make("university", "varchar(10)", locale="de_DE", unique=True, rows=14)
    values = gen(unique, 14)
    assert len(set(values)) == 14 == unique.domain_size()


# --------------------------------------------------------------------------- locales


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", "en"),
        ("en_US.utf8", "en"),
        ("en_GB.UTF-8", "en-gb"),
        ("de_DE", "de"),
        ("de_AT", "de-at"),
        ("fr_FR", "fr"),
        ("ja_JP", "ja"),
        ("pt_BR", "pt-br"),
        ("pt_PT", "pt"),
        ("sr_RS@latin", "en"),
        ("", "en"),
    ],
)
def test_column_locale_maps_to_mimesis(locale: str, expected: str) -> None:
    assert _mimesis_data.mimesis_locale(locale) == expected


def test_a_german_pool_differs_from_the_english_one() -> None:
    en, de = make("language", locale="en_US"), make("language", locale="de_DE.utf8")
    assert "German" in pool_of(en) and "Deutsch" in pool_of(de)
    assert "Deutsch" not in pool_of(en)
    assert not set(gen(de, 500)) & pool_of(en) - pool_of(de)
    assert pool_of(make("dish", locale="ja_JP")) != pool_of(make("dish"))
    assert "Universität Gießen" in pool_of(make("university", locale="de_DE"))


def test_regional_locales_merge_over_their_language() -> None:
    # pt-br's person.json has universities but no occupations: they come from pt
    br = make("occupation", locale="pt_BR")
    assert pool_of(br) == pool_of(make("occupation", locale="pt_PT"))
    assert pool_of(make("university", locale="pt_BR")) != pool_of(
        make("university", locale="pt_PT")
    )


def test_placeholder_and_unknown_locales_fall_back_to_english() -> None:
    english = pool_of(make("nationality"))
    assert pool_of(make("nationality", locale="es_ES")) == english  # mimesis has ["Test"]
    assert pool_of(make("occupation", locale="xx_YY")) == pool_of(make("occupation"))


def test_nationality_gender_in_german() -> None:
    female = pool_of(make("nationality", locale="de_DE", params={"gender": "female"}))
    male = pool_of(make("nationality", locale="de_DE", params={"gender": "male"}))
    both = pool_of(make("nationality", locale="de_DE"))
    assert "Französin" in female and "Franzose" in male
    assert "Französin" not in male
    assert both == female | male


def test_blood_types_are_ascii_and_weighted() -> None:
    g = make("blood_type")
    assert pool_of(g) == {"O+", "O-", "A+", "A-", "B+", "B-", "AB+", "AB-"}
    counts = Counter(gen(g, 20000))
    assert counts["O+"] > 0.3 * 20000 and counts["AB-"] < 0.02 * 20000
    flat = Counter(gen(make("blood_type", params={"weighted": False}), 20000))
    assert min(flat.values()) > 0.1 * 20000


def test_pools_are_built_once_per_locale() -> None:
    _mimesis_data.words.cache_clear()
    for _ in range(5):
        make("dish", locale="fr_FR")
    info = _mimesis_data.words.cache_info()
    assert info.misses == 1 and info.hits == 4


# --------------------------------------------------------------------------- inference

INFERRED = {
    "language": "language",
    "spoken_language": "language",
    "mother_tongue": "language",
    "university": "university",
    "college_name": "university",
    "school": "university",
    "alma_mater": "university",
    "degree": "academic_degree",
    "academic_degree": "academic_degree",
    "qualification": "academic_degree",
    "programming_language": "programming_language",
    "favorite_programming_language": "programming_language",
    "dish": "dish",
    "meal": "dish",
    "food": "dish",
    "favourite_food": "dish",
    "drink": "drink",
    "beverage_name": "drink",
    "blood_type": "blood_type",
    "bloodgroup": "blood_type",
    "citizenship": "nationality",
    "father_nationality": "nationality",
    # faker already takes these; the mimesis patterns leave them alone
    "occupation": "faker.job_title",
    "profession": "faker.job_title",
    "nationality": "faker.country",
}


@pytest.mark.parametrize(("column", "expected"), sorted(INFERRED.items()))
def test_inference_by_column_name(column: str, expected: str) -> None:
    registry = make_host().registry
    entry = infer_generator(registry, column, parse_type("varchar(200)"))
    want = expected if "." in expected else f"mimesis.{expected}"
    assert entry is not None and entry.qualified == want
    # text types only: an integer "degree" column is not a mimesis column
    other = infer_generator(registry, column, parse_type("int4"))
    assert other is None or not other.qualified.startswith("mimesis.")


# --------------------------------------------------------------------------- missing extra


SCHEMA_USING_MIMESIS = {
    "version": "1.0",
    "tables": {
        "people": {
            "rowCount": 10,
            "columns": {
                "id": {"type": "serial", "primaryKey": True},
                "uni": {"type": "text", "generator": "mimesis.university"},
                "university": {"type": "text"},
            },
        }
    },
}


def test_without_the_extra_the_constructor_names_the_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make("university")  # pools are cached now; the check must not depend on that
    monkeypatch.setitem(sys.modules, "mimesis", None)
    with pytest.raises(ValueError, match=r"^unavailable: pip install 'pgmockdb\[mimesis\]'$"):
        make("university")
    with pytest.raises(ValueError, match="unavailable"):
        make("blood_type")


def test_without_the_extra_validate_reports_a_schema_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "mimesis", None)
    monkeypatch.delenv("PGMOCK_PLUGINS", raising=False)
    registry = make_host().registry  # the plugin itself still loads
    assert registry.generators.resolve("university").qualified == "mimesis.university"

    with pytest.raises(SchemaError) as err:
        resolve(SCHEMA_USING_MIMESIS, registry, "people.json")
    assert err.value.exit_code == 2
    assert [str(p) for p in err.value.problems] == [
        "people.json: tables.people.columns.uni.generator: mimesis.university: "
        "unavailable: pip install 'pgmockdb[mimesis]'"
    ]
    # the column merely named "university" gets core.text instead (with a warning that
    # says why), so schemas that never asked for mimesis keep validating without the extra
    merely_named = {
        "version": "1.0",
        "tables": {"people": {"rowCount": 10, "columns": {"university": {"type": "text"}}}},
    }
    schema = resolve(merely_named, registry, "people.json")
    chosen = schema.tables["people"].columns["university"].generator
    assert chosen is not None and chosen.qualified == "core.text"
    assert any("pip install 'pgmockdb[mimesis]'; filled by core.text" in w for w in schema.warnings)


def test_with_the_extra_the_same_schema_validates() -> None:
    schema = resolve(SCHEMA_USING_MIMESIS, make_host().registry)
    columns = schema.tables["people"].columns
    assert columns["uni"].generator.qualified == "mimesis.university"
    assert columns["university"].generator.qualified == "mimesis.university"
