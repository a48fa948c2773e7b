"""Rendering: what generators return, as the text PostgreSQL's ``COPY TO`` prints.

:func:`~pgmock.render.values.render_values` renders a whole column batch for its type;
:mod:`~pgmock.render.records` lays composite fields out as ``record_out`` does.
"""
