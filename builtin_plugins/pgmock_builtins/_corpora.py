"""The text corpora shipped in ``corpora/``, read by section.

Its own module so that the generators that only read word lists from a corpus (terms,
titles) do not import the Markov-chain module with them.
"""

from __future__ import annotations

import re

from pgmock_builtins._data import read_text


def read_corpus(file: str) -> dict[str | None, list[str]]:
    """Lines of a corpus file by section (``[name]`` headings); ``#`` lines are comments."""
    text = read_text("corpora", file)
    sections: dict[str | None, list[str]] = {None: []}
    current: str | None = None
    for line in text.splitlines():  # once per corpus file, not per row
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        heading = re.fullmatch(r"\[(\w+)\]", stripped)
        if heading:
            current = heading.group(1)
            sections.setdefault(current, [])
            continue
        sections.setdefault(current, []).append(stripped)
    return sections
