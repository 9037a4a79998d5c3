"""airwarn.tracking."""
