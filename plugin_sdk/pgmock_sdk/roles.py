"""Roles: what the host asks the registry for instead of naming a plugin's generator.

A generator lists the roles it takes in a ``roles`` class attribute (a frozenset of the
names below). When the host needs a role filled it uses the first registered generator,
by qualified name, that takes it; with none, it does without (``pgmock validate`` says
what is missing).
"""

from __future__ import annotations

__all__ = ["VALUE_LIST"]

VALUE_LIST = "value_list"
"""Picks among given values; its parameters take ``{"values": [...]}`` (strings). The
host fills a column of a domain whose CHECK lists its values (``VALUE IN ('red',
'green')``) with it, when the column names no generator and no parameters."""
