"""Row counts for imported tables that name none (no ``-- pgmock: rows=N`` hint).

DDL says nothing about how many rows a table holds, and one count for every table reads
wrong at once: a 1,000-row ``language`` table has to invent "Zulu II". So the count comes
from the table's place in the schema, the way the sample databases are shaped:

* a **lookup table** (a singular noun from :data:`LOOKUPS` — language, category, country,
  status, type … — and no foreign key to another table) gets the size of its natural
  vocabulary, and ``fixed`` so ``--scale`` leaves it alone;
* a table with no parents but lookups gets :data:`ROOT_ROWS` — :data:`FEW_ROOTS` (20
  projects, teams) where its noun says there are few of them;
* a child gets :data:`FANOUT` rows per row of its biggest parent (orders per customer,
  rentals per copy), capped at :data:`MAX_ROWS`; a foreign key that is a key of its own
  (one row per parent) caps it at that parent's rows, and a key made only of foreign keys
  (a junction table) at the number of parent combinations — so every count validates.

Parents are counted before their children; a cycle of foreign keys is cut where it
closes. Tables with a hint keep it, and their children scale from it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from pgmock_sdk.inference import table_nouns

__all__ = ["FANOUT", "FEW_ROOTS", "LOOKUPS", "MAX_ROWS", "ROOT_ROWS", "infer_row_counts"]

ROOT_ROWS = 1000
FANOUT = 2
MAX_ROWS = 5000
JUNCTION_FANOUT = 3

#: Singular nouns of lookup tables (the whole noun, an optional prefix allowed) and the
#: rows that fit their vocabulary: the values a column of such a table takes in life.
LOOKUPS: tuple[tuple[str, int], ...] = (
    (r"language", 12),
    (r"country|nation", 100),
    (r"currenc(y|ie)", 20),
    (r"(us_)?state|province", 50),
    (r"(\w+_)?categor(y|ie)", 16),
    (r"(\w+_)?(tag|keyword|hashtag)", 20),
    (r"(\w+_)?genre", 20),
    (r"(\w+_)?status(e)?", 6),
    (r"(\w+_)?(type|kind)", 8),
    (r"(\w+_)?role", 6),
    (r"(\w+_)?priorit(y|ie)", 5),
    (r"(\w+_)?(method|channel|reason)", 6),
    (r"(\w+_)?(region|zone)", 8),
    (r"(\w+_)?(shipper|carrier)", 5),
    (r"tracker", 4),
    (r"department", 8),
    (r"(\w+_)?(plan|tier)", 4),
    (r"aircraft(_data)?", 9),
    (r"airport(_data)?", 100),
)

#: Singular nouns of tables that are few in life whatever they refer to (a rental chain's
#: stores, a shop's warehouses), and their rows.
FEW: tuple[tuple[str, int], ...] = (
    (r"(\w+_)?(store|shop|warehouse|branch|office|site|stock_location|staff|employee"
     r"|agent|technician)", 10),
    # a helpdesk's macros and service levels: a dozen or two, not one per customer
    (r"(\w+_)?(macro|canned_response|saved_reply|sla|sla_polic(y|ie)|service_level)", 12),
)

#: Singular nouns of tables that are few when nothing bigger owns them: a company's
#: projects and teams, beside its handful of employees (a thousand projects for ten
#: employees reads wrong). Unlike :data:`FEW`, their children still scale from them (2
#: issues or repositories per project), and under a big parent (an account's projects)
#: they scale as children do.
FEW_ROOTS: tuple[tuple[str, int], ...] = (
    (r"(\w+_)?(project|team)", 20),
    (r"(\w+_)?(group|queue)", 12),  # user groups, a helpdesk's queues
    # the schools of a course-registration app: a few, each with its departments and
    # students (a thousand universities run out of real names at once)
    (r"(\w+_)?(institution|universit(y|ie)|college|school|campus)", 20),
)

#: Parents a row refers to as an attribute (its address), not as what it belongs to.
_ATTRIBUTE = re.compile(r"(\w+_)?(address|location|contact|place)")


def lookup_rows(table: str, kinds: tuple[tuple[str, int], ...] = LOOKUPS) -> int | None:
    """The vocabulary size of a table whose noun names a lookup (or a table of ``kinds``),
    or None."""
    noun = table_nouns(table)[0]
    for pattern, rows in kinds:
        if re.fullmatch(pattern, noun):
            return rows
    return None


def infer_row_counts(tables: Mapping[str, dict[str, Any]], hinted: set[str]) -> None:
    """Set ``rowCount`` (and ``fixed`` on lookup tables) of every table not in
    ``hinted``, in place."""
    done: dict[str, int] = {key: int(tables[key]["rowCount"]) for key in hinted if key in tables}
    lookups: set[str] = set()
    few: set[str] = set()
    visiting: set[str] = set()

    def rows(key: str) -> int:
        if key in done:
            return done[key]
        visiting.add(key)
        spec = tables[key]
        parents = [
            fk for fk in spec.get("foreignKeys", []) if _parent(fk) in tables and _parent(fk) != key
        ]
        counts = {_parent(fk): rows(_parent(fk)) for fk in parents if _parent(fk) not in visiting}
        # a lookup refers to other lookups at most (a tracker's default status), and is not
        # a junction of them
        vocabulary = lookup_rows(key) if set(counts) <= lookups else None
        if any(_key_fks(k, parents) for k in _unique_keys(spec)):
            vocabulary = None
        if vocabulary is not None:
            count = vocabulary
            spec["fixed"] = True
            lookups.add(key)
        else:
            count = _child_rows(
                spec, parents, counts, lookups | few, lookup_rows(key, FEW),
                lookup_rows(key, FEW_ROOTS),
            )  # fmt: skip
            if lookup_rows(key, FEW) is not None:
                few.add(key)
        visiting.discard(key)
        spec["rowCount"] = done[key] = count
        return count

    for key in tables:
        rows(key)


def _parent(fk: Mapping[str, Any]) -> str:
    return str(fk["references"]["table"])


def _child_rows(
    spec: Mapping[str, Any],
    fks: list[dict[str, Any]],
    parents: dict[str, int],
    small: set[str],
    few: int | None,
    few_root: int | None = None,
) -> int:
    """Rows of a table from its parents' (those counted: a cycle's closing edge is not).
    What it belongs to drives the count: a NOT NULL foreign key to a parent that is
    neither small (a lookup, a few stores) nor an attribute (an address). Owned by none,
    it is a root: ``few_root`` rows when its noun is one of :data:`FEW_ROOTS`, else
    :data:`ROOT_ROWS`."""
    keys = _unique_keys(spec)
    fk_keys = [fk for fk in fks if _parent(fk) in parents]
    big = [
        parents[_parent(fk)]
        for fk in fk_keys
        if _parent(fk) not in small
        and not _ATTRIBUTE.fullmatch(table_nouns(_parent(fk))[0])
        and _not_null(spec, fk["columns"])
    ]
    junction = any(len(_key_fks(key, fk_keys)) > 1 for key in keys)
    if few is not None:
        count = few
    elif not big:
        count = ROOT_ROWS if few_root is None else few_root
    else:
        count = min(max(big) * (JUNCTION_FANOUT if junction else FANOUT), MAX_ROWS)
    for key in keys:
        # a key holding foreign keys: no more rows than their parents' combinations, so
        # the key can be drawn as distinct combinations whatever its other columns hold
        inside = _key_fks(key, fk_keys)
        if not inside:
            continue
        combos = math.prod(parents[_parent(fk)] for fk in inside)
        if {c for fk in inside for c in fk["columns"]} != set(key):
            # other columns of the key tell rows apart too, as far as they did before
            combos = max(combos, ROOT_ROWS)
        count = min(count, combos)
    return max(count, 1)


def _not_null(spec: Mapping[str, Any], columns: list[str]) -> bool:
    """Whether every column is NOT NULL (a primary key's columns are)."""
    primary = set(spec.get("primaryKey") or ())
    cols: Mapping[str, Any] = spec.get("columns", {})
    for c in columns:
        col = cols.get(c, {})
        if c not in primary and not col.get("primaryKey") and col.get("nullable") is not False:
            return False
    return True


def _key_fks(key: list[str], fks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The foreign keys whose columns are all in the key."""
    return [fk for fk in fks if set(fk["columns"]) <= set(key)]


def _unique_keys(spec: Mapping[str, Any]) -> list[list[str]]:
    """The primary key, UNIQUE constraints and unique indexes on plain columns."""
    columns = spec.get("columns", {})
    keys: list[list[str]] = []
    if spec.get("primaryKey"):
        keys.append(list(spec["primaryKey"]))
    keys += [[c] for c, col in columns.items() if col.get("primaryKey") or col.get("unique")]
    for u in spec.get("unique", []):
        keys.append(list(u["columns"] if isinstance(u, dict) else u))
    for ix in spec.get("indexes", []):
        elements = ix.get("columns", [])
        plain = all(isinstance(e, str) for e in elements)
        if ix.get("unique") and plain and not ix.get("where"):
            keys.append(list(elements))
    return keys
