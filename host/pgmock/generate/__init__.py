"""Generation: a resolved schema to streams of rendered chunks.

The plan (:mod:`~pgmock.generate.plan`: selection, FK order, cycles, chunks), children per
parent (:mod:`~pgmock.generate.children`), the engine (:mod:`~pgmock.generate.engine`:
seeds, FK values, derived columns, workers), domain enforcement
(:mod:`~pgmock.generate.domains`) and the nested fields that nested generators (composite
values, JSON templates, arrays of composites) generate through the host
(:mod:`~pgmock.generate.fields`).
"""
