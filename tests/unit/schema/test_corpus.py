"""The schema corpus (tests/corpus/): every schema the README lists is there.

tests/restore/schema/test_corpus.py applies its DDL, restores its JSON translations and
runs the plausibility checker on it."""

from __future__ import annotations

from corpus_index import CORPUS, JSON_SCHEMAS, SCHEMAS, SHAPES


def test_the_corpus_has_every_schema_the_readme_lists() -> None:
    readme = (CORPUS / "README.md").read_text()
    assert sorted(SHAPES) == SCHEMAS
    for name in SCHEMAS:
        assert f"`{name}`" in readme, name
    assert sum(1 for name in SCHEMAS if SHAPES[name][0] >= 30) >= 2  # two 30+-table applications
    assert len(JSON_SCHEMAS) >= 4
