"""airwarn.evaluate."""
