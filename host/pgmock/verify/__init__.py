"""``pgmock verify``: a dump checked against its schema, without a database.

Reads pgmock's output in any format (plain SQL with COPY or INSERTs, custom, directory
and tar archives, compressed or not) and checks the data: row counts, primary keys,
UNIQUE constraints and unique indexes, foreign keys, NOT NULL, CHECKs and domains. Keys
are kept as 64-bit hashes in sorted runs that spill to disk, so memory stays bounded at
any table size. See docs/cli.md.
"""

from __future__ import annotations

from pgmock.verify.checker import verify_dump
from pgmock.verify.report import Report, Violation
from pgmock.verify.source import DumpSource, open_dump

__all__ = ["DumpSource", "Report", "Violation", "open_dump", "verify_dump"]
