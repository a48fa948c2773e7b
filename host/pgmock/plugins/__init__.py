"""The plugin host: the only package that imports pluggy.

Hook specifications (:mod:`~pgmock.plugins.hookspecs`), discovery of ``pgmock`` entry
points without importing them (:mod:`~pgmock.plugins.discovery`), the host that loads
plugins and calls their registration hooks (:mod:`~pgmock.plugins.host`), and the
registry of what they registered, with provenance (:mod:`~pgmock.plugins.registry`).
"""
