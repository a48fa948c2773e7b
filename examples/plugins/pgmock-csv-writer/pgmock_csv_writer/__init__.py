"""A pgmock output format: one CSV file per table (an example plugin)."""

__version__ = "0.1.0"
