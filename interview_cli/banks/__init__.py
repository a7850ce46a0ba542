"""Question banks: the schema, loading with file:line problems, and lookup across banks."""
