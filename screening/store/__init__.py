"""The SQLite store: schema and the queries the tool runs (no Flask here)."""
