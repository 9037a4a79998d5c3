"""airwarn.refdata."""
