"""The exception tree: every error airwarn raises on purpose derives from AirwarnError.

AirwarnError
  ScenarioError (ValueError)    a scenario or run file breaks the data contract
  ConfigError (ValueError)      a simulator, runner or service configuration is wrong
  DataMissingError (FileNotFoundError)  reference data (atlas, places) is not installed
"""

from __future__ import annotations


class AirwarnError(Exception):
    """Base of all errors airwarn raises on purpose."""


class ScenarioError(AirwarnError, ValueError):
    """A scenario or run file breaks the data contract; names file, line and column."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        self.reason = message
        where = ":".join(str(p) for p in (file, line) if p is not None)
        if column is not None:
            where = f"{where} column '{column}'" if where else f"column '{column}'"
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(AirwarnError, ValueError):
    """A configuration file or option is wrong; the message says which key and why."""


class DataMissingError(AirwarnError, FileNotFoundError):
    """Reference data (border atlas, places) is not where airwarn expects it."""
