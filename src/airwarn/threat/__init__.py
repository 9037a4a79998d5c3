"""airwarn.threat."""
