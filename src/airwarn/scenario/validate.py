"""The scenario validator: every way a scenario folder breaks the contract, as a list of issues."""

from __future__ import annotations

import contextlib
from pathlib import Path

from airwarn.scenario.issues import IssueLimitReachedError, IssueLog, ScenarioIssue
from airwarn.scenario.readers import load_scenario


def validate_scenario(path: Path, *, max_issues: int = 50) -> list[ScenarioIssue]:
    """All issues of the scenario folder (truth and impacts included), up to `max_issues`; [] if valid."""
    if max_issues < 1:
        raise ValueError(f"max_issues must be >= 1, got {max_issues}")
    log = IssueLog(max_issues=max_issues)
    with contextlib.suppress(IssueLimitReachedError):
        load_scenario(Path(path), log, with_truth=True)
    return log.issues
