"""Generation: a resolved schema to streams of rendered chunks.

The plan (:mod:`~pgmock.generate.plan`: selection, FK order, cycles, chunks), children per
parent (:mod:`~pgmock.generate.children`), the engine (:mod:`~pgmock.generate.engine`:
seeds, FK values, derived columns, workers) and domain enforcement
(:mod:`~pgmock.generate.domains`).
"""
