"""airwarn.scenario."""
