"""Problems found in scenario and run files, and the log that either collects or raises them.

The same checks serve the validator (collect up to `max_issues`) and the readers (raise a
ScenarioError at the first problem), so every rule of the data contract is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from airwarn.errors import ScenarioError

IntArray = npt.NDArray[np.intp]

ROWS_PER_CHECK: Final = 10
"""At most this many rows are reported for one rule on one column; the rest are counted."""


@dataclass(frozen=True)
class ScenarioIssue:
    """One way a file breaks the contract: which file, line (1-based) and column, and what to do."""

    file: str
    line: int | None
    column: str | None
    message: str

    def to_error(self) -> ScenarioError:
        """The issue as the exception a reader raises."""
        return ScenarioError(self.message, file=self.file, line=self.line, column=self.column)

    def __str__(self) -> str:
        return str(self.to_error())


class IssueLimitReachedError(Exception):
    """Internal signal: the validator has collected `max_issues` and stops looking."""


class IssueLog:
    """Receives issues; raises the first as ScenarioError (readers) or collects them (validator)."""

    def __init__(self, *, max_issues: int | None = None) -> None:
        """max_issues=None: raise at the first issue; otherwise collect that many, then stop."""
        self.max_issues = max_issues
        self.issues: list[ScenarioIssue] = []

    @property
    def raising(self) -> bool:
        """True when the first issue is raised as ScenarioError."""
        return self.max_issues is None

    def add(self, file: str, line: int | None, column: str | None, message: str) -> None:
        """Record one issue (or raise it, in raising mode)."""
        issue = ScenarioIssue(file, line, column, message)
        if self.max_issues is None:
            raise issue.to_error()
        self.issues.append(issue)
        if len(self.issues) >= self.max_issues:
            raise IssueLimitReachedError

    def add_rows(
        self,
        file: str,
        lines: IntArray | Sequence[int],
        column: str | None,
        message_of: Callable[[int], str],
    ) -> None:
        """Report a rule broken on several rows: the first ROWS_PER_CHECK, then a count of the rest.

        `lines[k]` is the file line of the k-th bad row; `message_of(k)` says what is wrong with it.
        """
        count = len(lines)
        shown = min(count, ROWS_PER_CHECK)
        for k in range(shown):
            message = message_of(k)
            if k == shown - 1 and count > shown:
                message = f"{message} (and {count - shown} more rows like this)"
            self.add(file, int(lines[k]), column, message)
