"""Healthcare generators for pgmock (an example third-party plugin)."""

__version__ = "0.1.0"
