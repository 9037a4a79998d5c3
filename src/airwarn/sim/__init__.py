"""airwarn.sim."""
