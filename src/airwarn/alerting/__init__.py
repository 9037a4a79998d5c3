"""airwarn.alerting."""
