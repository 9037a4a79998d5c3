"""airwarn.geo."""
