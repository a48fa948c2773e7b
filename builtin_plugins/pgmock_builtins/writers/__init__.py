"""Built-in output formats. Each module is its own plugin (one ``pgmock`` entry point)."""
