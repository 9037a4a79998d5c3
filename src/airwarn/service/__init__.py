"""The live service: SQLite event log, ingest, access, continuous fusion and feeds (`airwarn serve`)."""
