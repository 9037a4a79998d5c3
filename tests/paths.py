"""Where the tests find the data contract's independent example scenario: ../shared beside the repo."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SCENARIO = REPO_ROOT.parent / "shared" / "spec" / "example-scenario"
