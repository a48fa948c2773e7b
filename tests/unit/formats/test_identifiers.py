"""Identifiers are quoted exactly where PostgreSQL quotes them: the names pgmock derives
(sequences, constraints, indexes) for a schema of awkward names.

tests/restore/formats/test_identifiers.py compares quote_ident with the server's and the
whole script with the real pg_dump's.
"""

from __future__ import annotations

import json
from pathlib import Path

from pgtools import pgmock_script
from sample_schemas import AWKWARD_NAMES_SCHEMA


def test_derived_names_are_quoted_where_needed(tmp_path: Path) -> None:
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(AWKWARD_NAMES_SCHEMA))
    script = pgmock_script(schema_file, "-s")
    for line in (
        'CREATE SEQUENCE "Sales"."group_Id_seq"',
        "CREATE SEQUENCE public.order_id_seq",
        'CREATE SEQUENCE "名前"."größe_user_seq"',
        'ADD CONSTRAINT "order_UserId_key" UNIQUE ("UserId");',
        'ADD CONSTRAINT "order_first name_a""b_key" UNIQUE ("first name", "a""b");',
        'ADD CONSTRAINT "größe_pkey" PRIMARY KEY ("user");',
        'ADD CONSTRAINT "1st table_ABC_key" UNIQUE ("ABC");',
        'CREATE INDEX "order_UserId_first name_idx" ON public."order" USING btree '
        '("UserId", "first name");',
        'ADD CONSTRAINT "größe_a""b_fkey" FOREIGN KEY ("a""b") REFERENCES "Sales"."group"("Id");',
        'ADD CONSTRAINT group_order_fkey FOREIGN KEY ("order") REFERENCES public."order"(id);',
        "    'it''s',",
        "    'back\\slash'",
    ):
        assert line in script, line
