"""Per-column ``locale`` overrides ``database.locale`` through the real command line,
restored into PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from pgmock.testing import copy_rows

from clihelp import pgmock
from locale_checks import (
    CJK,
    DE_PHONE,
    ENGLISH,
    FR_PHONE,
    PEOPLE_COLUMNS,
    all_match,
    none_contain,
    people_schema,
    sample,
    share_at_least,
)
from pgharness import PgCluster


def test_column_locale_overrides_the_database_locale(
    tmp_path: Path, pg: PgCluster, pgdb: str
) -> None:
    schema = tmp_path / "people.json"
    schema.write_text(json.dumps(people_schema("de_DE.utf8", PEOPLE_COLUMNS)))
    out = pgmock("generate", str(schema)).stdout
    pg.restore_plain(out, pgdb)
    names = list(PEOPLE_COLUMNS)
    rows = pg.query(f"SELECT {', '.join(names)} FROM people ORDER BY id", pgdb)
    assert len(rows) == 400
    cols = {name: [r[i] or "" for r in rows] for i, name in enumerate(names)}
    # the database locale (de_DE) drives the columns without their own
    assert not any(CJK.search(v) for v in cols["city"])
    assert set(cols["city"]) <= set(sample("faker.city", "de_DE", 20_000))
    all_match(DE_PHONE)(cols["phone"])
    all_match(r"\d{5}")(cols["zip"])
    # per-column locales override it
    all_match(rf"{CJK.pattern}+[市区町村]")(cols["city_ja"])
    all_match(rf"{CJK.pattern}+ {CJK.pattern}+")(cols["name_ja"])
    all_match(FR_PHONE)(cols["phone_fr"])
    none_contain(r"^\+")(cols["phone_fr"])  # national forms by default
    all_match(r"\d{5}-?\d{3}")(cols["zip_br"])
    share_at_least("[ãõçáéíóúâêô]", 0.2)(cols["words_pt"])
    none_contain(ENGLISH.pattern)(cols["words_pt"])
    assert set(cols["dish_de"]) <= set(sample("mimesis.dish", "de_DE", 20_000))
    # and the copy text agrees with what the server holds
    assert [r[1] for r in copy_rows(out.decode(), "people")] == cols["city"]
