"""airwarn: an open air-threat early-warning system for civil protection."""

__version__ = "0.1.0"
