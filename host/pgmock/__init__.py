"""pgmock: realistic mock PostgreSQL databases from a declarative schema."""

from __future__ import annotations

__version__ = "0.1.0"
